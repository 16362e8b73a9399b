"""CSV and Excel writers shared by the app and the command line.

CSV is UTF-8 with a BOM so Excel shows Chinese correctly. Text cells that a spreadsheet
would run as a formula (starting with = + - @, a tab or a carriage return) get a leading
apostrophe; numbers stay numbers. Money columns are written to the cent and probabilities
and shares to 4 decimals (export_frame); a customer without a tier has an empty tier cell.
"""
from __future__ import annotations

import codecs
import io
import shutil
import tempfile
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# columns by name: money to the cent, probabilities and shares (0-1) to 4 decimals
MONEY_COLUMNS = frozenset({"monetary", "profit", "amount", "revenue", "clv", "expected_spend", "monetary_from",
                           "monetary_to", "revenue_to", "revenue_at_risk", "avg_monetary", "avg_order_value",
                           "next_revenue"})
PROBABILITY_COLUMNS = frozenset({"p_alive", "margin", "conversion", "lift"})  # lift: a ratio, 4 decimals too
MONEY_DECIMALS, PROBABILITY_DECIMALS = 2, 4


def _decimals(column) -> int | None:
    c = str(column)
    if c in MONEY_COLUMNS:
        return MONEY_DECIMALS
    if c in PROBABILITY_COLUMNS or c.endswith("_share") or c.startswith("conversion_"):
        return PROBABILITY_DECIMALS
    return None


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as a list is written: money columns rounded to cents, probabilities and shares to 4
    decimals (by column name, see MONEY_COLUMNS); other columns and the input untouched. Only the
    rounded columns are new (pandas shares the others until written), so it is cheap on large lists."""
    rounded = {}
    for i, col in enumerate(frame.columns):
        places = _decimals(col)
        if places is not None and pd.api.types.is_float_dtype(frame.dtypes.iloc[i]):
            rounded[i] = frame.iloc[:, i].round(places)
    if not rounded:
        return frame
    out = frame.copy(deep=False)
    for i, values in rounded.items():
        out.isetitem(i, values)
    return out


def _neutral(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot run as spreadsheet formulas (numbers untouched); vectorised."""
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.CategoricalDtype):
            cats = s.cat.categories
            if cats.dtype == object or pd.api.types.is_string_dtype(cats.dtype):
                out[col] = s.cat.rename_categories([_neutral(c) for c in cats]).astype("str").where(s.notna(), None)
            continue
        if s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
            text = s.astype("str")
            risky = s.notna() & text.str.startswith(FORMULA_STARTS) & s.map(type, na_action="ignore").eq(str) \
                if s.dtype == object else s.notna() & text.str.startswith(FORMULA_STARTS)
            if risky.any():
                out[col] = s.where(~risky, "'" + text)
    out.columns = [_neutral(str(c)) for c in out.columns]
    return out


def as_written(frame: pd.DataFrame) -> pd.DataFrame:
    """A list as the files hold it: money to the cent, shares to 4 decimals, formulas neutralised, dates as
    yyyy-mm-dd text (with the time where there is one)."""
    out = neutralise(export_frame(frame))
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]):
            ts = out[col]
            only_dates = ts.dropna().eq(ts.dropna().dt.normalize()).all()
            out[col] = ts.dt.strftime("%Y-%m-%d" if only_dates else "%Y-%m-%d %H:%M:%S")
    return out


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV, UTF-8 with BOM, formulas neutralised."""
    buf = io.BytesIO()
    _write_csv(frame, buf)
    return buf.getvalue()


def _write_csv(frame: pd.DataFrame, out) -> None:
    """DuckDB's COPY (columnar, no per-cell Python; quotes only where needed), after a UTF-8 BOM."""
    out.write(codecs.BOM_UTF8)
    table = pa.Table.from_pandas(as_written(frame), preserve_index=False)
    con = duckdb.connect()
    con.register("export_rows", table)
    with tempfile.TemporaryDirectory(prefix="tiering_export_") as tmp:
        path = Path(tmp) / "out.csv"
        con.execute(f"COPY export_rows TO '{path}' (HEADER, DELIMITER ',')")
        with open(path, "rb") as f:
            shutil.copyfileobj(f, out, 16 * 1024 * 1024)
    con.close()


def to_excel_bytes(frame: pd.DataFrame, sheet_name: str = "customers") -> bytes:
    """An .xlsx workbook with one sheet, formulas neutralised, header frozen."""
    return to_excel_workbook_bytes([(sheet_name, frame)])


def to_excel_workbook_bytes(sheets) -> bytes:
    """An .xlsx workbook of several sheets, [(name, frame), ...] in order, each written as a list is (money to
    the cent, formulas neutralised, header frozen); names cut to Excel's 31 characters."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        for name, frame in sheets:
            as_written(frame).to_excel(xw, index=False, sheet_name=name[:31])
            ws = xw.sheets[name[:31]]
            ws.freeze_panes = "A2"
            for i, col in enumerate(frame.columns, 1):
                ws.column_dimensions[ws.cell(1, i).column_letter].width = min(40, max(10, len(str(col)) + 4))
    return buf.getvalue()


def write_table(frame: pd.DataFrame, path: str | Path) -> None:
    """Write CSV or Excel by the file's extension (.xlsx -> Excel, anything else CSV)."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        path.write_bytes(to_excel_bytes(frame))
        return
    with open(path, "wb") as f:
        _write_csv(frame, f)


def select_customers(scored: pd.DataFrame, tiers=None, segments=None, grid_segments=None, abc=None,
                     columns=None) -> pd.DataFrame:
    """The customers matching every given filter (None = no filter), with the chosen columns
    in the given order, best score first. When some tier was set by hand (scored has overrides), a list
    showing the tier shows score_tier (the tier from the score) and override_reason (the reason; empty
    where the tier is the score's) right after it."""
    mask = pd.Series(True, index=scored.index)
    for col, chosen in (("tier", tiers), ("segment", segments), ("grid_segment", grid_segments), ("abc", abc)):
        if chosen is not None:
            mask &= scored[col].astype("str").isin([str(c) for c in chosen])
    out = scored[mask].sort_values(["score", "customer_id"], ascending=[False, True], kind="stable")
    if columns is not None:
        cols = [c for c in columns if c in out.columns]
        if "tier" in cols and "override" in out.columns and scored["override"].notna().any():
            at = cols.index("tier") + 1
            cols[at:at] = [c for c in ("score_tier", "override") if c not in cols]
        out = out[cols]
    out = out.reset_index(drop=True).rename(columns={"override": "override_reason"})
    for c in ("tier", "score_tier"):
        if c in out.columns:
            out[c] = out[c].astype("str")
    return out
