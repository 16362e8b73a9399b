"""Mapping, parsing and checking a raw table in DuckDB; the quarantine of rejected rows; the report.

One query parses every mapped column and gives each row its first problem (reason, column,
value); rows without one are the accepted table, the others the rejected table with their file
row and every original cell. Reasons are checked in this order: bad_field_count, empty
customer id, id too long, bad date, then the numbers (amount, quantity, unit price, profit: not a
number, then out of range), then (only when asked) exact duplicates.
"""
from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta

import duckdb
import pandas as pd

from .mapping import CU_NUMERIC, CUSTOMER_FIELDS, MAX_ID, REJECT_COLUMNS, TX_NUMERIC, quote_ident
from .parsing import (detect_day_first, detect_decimal, finite_sql, number_sql, plausible_date_sql, text_sql,
                      typed_date_sql, typed_number_sql)
from .reading import IngestError, RawTable

_counter = itertools.count()


@dataclass(frozen=True)
class QualityReport:
    """What reading and checking one file found: rows read = accepted + rejected, and how each column was read.

    The order-line fields (duplicates_dropped to one_time_share) are None for a customers file; duplicates
    and one_time_share are None too when the order statistics were skipped (order_stats=False)."""
    rows_read: int
    accepted: int
    rejected: int
    rejected_by_reason: dict  # reason code -> rows
    customers: int  # distinct customers among the accepted rows
    duplicates: int | None  # rows repeating an earlier row (order lines) / a repeated customer id (customers)
    encoding: str | None
    delimiter: str | None
    mapping: dict  # canonical field -> source column
    notes: tuple[str, ...] = ()  # reader notes, e.g. "latin1"
    decimal: dict = field(default_factory=dict)  # column -> how its numbers were read (separator, why, row, value)
    date_order: dict = field(default_factory=dict)  # column -> day/month order used and why
    duplicates_dropped: bool | None = None
    returns: int | None = None  # order lines with a negative amount
    return_amount: float | None = None
    future_dates: int | None = None  # order lines dated after today
    future_first: str | None = None  # ISO dates from here on
    today: str | None = None
    latest_not_future: str | None = None
    date_min: str | None = None
    date_max: str | None = None
    total_amount: float | None = None
    one_time_share: float | None = None  # buyers with exactly one purchase / buyers

    def to_dict(self) -> dict:
        """The report as plain JSON-ready values."""
        out = dataclasses.asdict(self)
        out["notes"] = list(self.notes)
        return out


@dataclass
class LoadResult:
    """Accepted rows (a table in con), rejected rows (a frame: row, column, reason, value, original cells)."""
    con: duckdb.DuckDBPyConnection
    table: str
    rejected: pd.DataFrame
    report: QualityReport
    filename: str = ""
    _accepted: pd.DataFrame | None = None
    _arrow: object = None

    @property
    def accepted(self) -> pd.DataFrame:
        if self._accepted is None:
            self._accepted = self._arrow.to_pandas() if self._arrow is not None else \
                self.con.execute(f"SELECT * FROM {self.table}").df()
        return self._accepted

    def detach(self) -> "LoadResult":
        """The same result holding its accepted rows as Arrow, free of its database (to share between threads)."""
        if self._arrow is not None:
            return self
        arrow = self.con.sql(f"SELECT * FROM {self.table}").to_arrow_table()
        return LoadResult(None, "", self.rejected, self.report, self.filename, None, arrow)


def check_mapping(raw: RawTable, mapping: dict, required: list[str]) -> dict:
    """The mapped fields; a missing required field or a column not in the file is an IngestError."""
    mapping = {k: v for k, v in mapping.items() if v}
    for f in required:
        if f not in mapping:
            found = ", ".join(map(str, raw.columns)) or "none"
            raise IngestError("no_column", file=raw.filename, field=f, found=found)
    for f, col in mapping.items():
        if col not in raw.columns:
            raise IngestError("column_missing", file=raw.filename, column=col, field=f)
    used = [c for c in mapping.values()]
    for c in used:
        if used.count(c) > 1:
            fields = ", ".join(f for f, v in mapping.items() if v == c)
            raise IngestError("mapped_twice", file=raw.filename, column=c, fields=fields)
    return mapping


def transaction_required(mapping: dict) -> list[str]:
    """customer_id, order_date and amount; without an amount, quantity and unit price (amount = their product)."""
    if mapping.get("amount") or not (mapping.get("quantity") and mapping.get("unit_price")):
        return ["customer_id", "order_date", "amount"]
    return ["customer_id", "order_date", "quantity", "unit_price"]


def _decimal_for(raw: RawTable, column: str, decimal) -> dict:
    if not raw.is_text(column):
        return {"decimal": ".", "ambiguous": False, "why": "typed", "row": None, "value": None}
    chosen = decimal.get(column) if isinstance(decimal, dict) else decimal
    found = detect_decimal(raw.con, raw.relation, column, raw.delimiter, raw.row_numbers)
    if chosen in (".", ","):
        return found | {"decimal": chosen, "ambiguous": False, "why": "chosen"}
    return found


def _order_for(raw: RawTable, column: str, day_first) -> dict:
    if not raw.is_text(column):
        return {"order": None, "ambiguous": False, "why": "typed", "row": None, "value": None}
    chosen = day_first.get(column) if isinstance(day_first, dict) else day_first
    found = detect_day_first(raw.con, raw.relation, column, raw.row_numbers)
    if chosen is not None and found["order"] is not None:
        return found | {"order": "day_first" if chosen else "month_first", "ambiguous": False, "why": "chosen"}
    return found


class _Checks:
    """Builds the one query: parsed columns, then the code of each row's first problem (NULL: accepted).

    Raw columns pass through the first level under aliases (_s0, _s1 ...), so parsed names never clash
    with the file's; text for a rejected value is made only for rejected rows, after the query.
    """

    def __init__(self, raw: RawTable):
        self.raw = raw
        self.alias = {c: f"_s{i}" for i, c in enumerate(raw.columns)}
        self.parsed: dict[str, str] = {}  # name -> SQL over the raw columns (level 1)
        self.outer: dict[str, str] = {}  # output name -> SQL over level 1
        self.problems: list[tuple[str, str, str]] = []  # (condition over level 1, source column, reason)

    def src(self, column: str) -> str:
        return self.alias[column]

    def empty(self, column: str) -> str:
        return f"{text_sql(self.src(column))} = ''" if self.raw.is_text(column) else f"{self.src(column)} IS NULL"

    def customer_id(self, column: str) -> None:
        self.parsed["_p_customer_id"] = text_sql(self.src(column))
        self.outer["customer_id"] = "_p_customer_id"
        self.problems += [("_p_customer_id = ''", column, "empty_customer_id"),
                          (f"strlen(_p_customer_id) > {MAX_ID} AND length(_p_customer_id) > {MAX_ID}", column,
                           "id_too_long")]

    def date(self, name: str, column: str, order: dict, required: bool) -> None:
        dtype = self.raw.types.get(column, "VARCHAR")
        self.parsed[f"_d_{name}"] = typed_date_sql(self.src(column), dtype, order.get("order") == "day_first")
        self.outer[name] = plausible_date_sql(f"_d_{name}")
        cond = f"{plausible_date_sql(f'_d_{name}')} IS NULL"
        if not required:
            self.parsed[f"_e_{name}"] = self.empty(column)
            cond += f" AND NOT _e_{name}"
        self.problems.append((cond, column, "bad_date"))

    def number(self, name: str, column: str, decimal: dict, required: bool, reason: str) -> None:
        dtype = self.raw.types.get(column, "VARCHAR")
        self.parsed[f"_n_{name}"] = typed_number_sql(self.src(column), dtype, decimal["decimal"])
        self.outer[name] = finite_sql(f"_n_{name}")
        missing = f"_n_{name} IS NULL"
        if not required:
            self.parsed[f"_e_{name}"] = self.empty(column)
            missing += f" AND NOT _e_{name}"
        self.problems += [(missing, column, reason),
                          (f"_n_{name} IS NOT NULL AND {finite_sql(f'_n_{name}')} IS NULL", column,
                           "number_out_of_range")]

    def text(self, name: str, column: str, nullable: bool = False) -> None:
        """A text field as written (trimmed); NULL where empty when nullable."""
        t = text_sql(self.src(column))
        self.parsed[f"_p_{name}"] = f"nullif({t}, '')" if nullable else t
        self.outer[name] = quote_ident(f"_p_{name}")

    def keep_as_is(self, name: str, column: str) -> None:
        self.parsed[f"_p_{name}"] = self.src(column)
        self.outer[name] = quote_ident(f"_p_{name}")

    def codes(self, duplicates: bool) -> list[tuple[str, str, str]]:
        conds = list(self.problems)
        if duplicates:
            conds.append(("_dup", self.raw.columns[0], "duplicate_row"))
        return conds

    def query(self, keep: list[str], duplicates: bool) -> str:
        raw = self.raw
        passed = ", ".join(f"{quote_ident(c)} AS {a}" for c, a in self.alias.items())
        parsed = ", ".join(f"{sql} AS {quote_ident(n)}" for n, sql in self.parsed.items())
        dup = ""
        if duplicates:
            cols = ", ".join(quote_ident(c) for c in raw.columns)
            dup = f", row_number() OVER (PARTITION BY {cols} ORDER BY __rec) > 1 AS _dup"
        level1 = f"SELECT __rec, {passed}, {parsed}{dup} FROM {raw.relation}"
        code = "CASE " + " ".join(f"WHEN {c} THEN {i}" for i, (c, _, _) in enumerate(self.codes(duplicates))) + " END"
        outs = ", ".join(f"{self.outer.get(k, quote_ident(k))} AS {quote_ident(k)}" for k in keep)
        order = " ORDER BY __rec" if duplicates else ""
        return f"SELECT __rec, {outs}, {code} AS _k FROM ({level1}){order}"


def _run(raw: RawTable, checks: _Checks, keep: list[str], duplicates: bool, extra=None) -> tuple[str, pd.DataFrame]:
    """Create the checked table, take the rejected rows out of it, and return it as the accepted table.

    extra(con, table, codes): a further check run on the checked table (sets _k), e.g. duplicate ids.
    """
    con = raw.con
    table = f"_accepted_{next(_counter)}"
    codes = checks.codes(duplicates)
    con.execute(f"CREATE TABLE {table} AS {checks.query(keep, duplicates)}")
    if extra is not None:
        extra(con, table, codes)
    rejected = _rejected_frame(raw, table, codes)
    if len(rejected):
        con.execute(f"DELETE FROM {table} WHERE _k IS NOT NULL")
    con.execute(f"ALTER TABLE {table} DROP COLUMN _k")
    con.execute(f"ALTER TABLE {table} DROP COLUMN __rec")
    return table, rejected


def _rejected_frame(raw: RawTable, checked: str, codes) -> pd.DataFrame:
    """Rejected rows in file order: row, column, reason, value, then every original cell as text."""
    bad = raw.con.execute(f"SELECT __rec, _k FROM {checked} WHERE _k IS NOT NULL ORDER BY __rec").df()
    names = [_cell_name(c) for c in raw.columns]
    if len(bad):
        raw.con.register("_bad_rows", bad)
        try:
            cells = ", ".join(f"coalesce(CAST(r.{quote_ident(c)} AS VARCHAR), '') AS {quote_ident(n)}"
                              for c, n in zip(raw.columns, names))
            found = raw.con.execute(f"SELECT b.__rec, b._k, {cells} FROM _bad_rows b JOIN {raw.relation} r "
                                    f"ON r.__rec = b.__rec ORDER BY b.__rec").df()
        finally:
            raw.con.unregister("_bad_rows")
        column = found["_k"].map(lambda k: codes[k][1])
        reason = found["_k"].map(lambda k: codes[k][2])
        by_name = dict(zip(raw.columns, names))
        value = [("" if r == "duplicate_row" else found.at[i, by_name[c]].strip())
                 for i, (c, r) in enumerate(zip(column, reason))]
        frame = pd.DataFrame({"row": raw.row_numbers(found["__rec"].to_numpy()), "column": column,
                              "reason": reason, "value": value})
        frame = pd.concat([frame, found[names].reset_index(drop=True)], axis=1)
    else:
        frame = pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else "str") for c in REJECT_COLUMNS + names})
    parts = [frame]
    if raw.ragged is not None and len(raw.ragged):
        parts.append(_ragged_frame(raw))
    out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else frame
    out["row"] = out["row"].astype("int64")
    for c in out.columns[1:]:
        out[c] = out[c].astype("str")
    return out.sort_values("row", kind="stable").reset_index(drop=True)


def _cell_name(column: str) -> str:
    return column if column not in REJECT_COLUMNS else f"{column} (source)"


def _ragged_frame(raw: RawTable) -> pd.DataFrame:
    """Rows whose field count differs from the header: the raw line, its cells where they fall."""
    import csv
    import io

    g = raw.ragged
    frame = pd.DataFrame({"row": g["row"].astype("int64"), "column": raw.columns[-1],
                          "reason": "bad_field_count", "value": g["line"].str.slice(0, 200)})
    cells = []
    for line in g["line"]:
        try:
            rec = next(csv.reader(io.StringIO(line), delimiter=raw.delimiter or ","), [])
        except csv.Error:
            rec = [line]
        cells.append((rec + [""] * len(raw.columns))[:len(raw.columns)])
    for i, c in enumerate(raw.columns):
        frame[_cell_name(c)] = [r[i] for r in cells]
    return frame


def _by_reason(rejected: pd.DataFrame) -> dict:
    return {k: int(v) for k, v in rejected["reason"].value_counts(sort=False).items()} if len(rejected) else {}


def _duplicates(raw: RawTable) -> int:
    """Rows that repeat an earlier row exactly (counted on a 64-bit hash of the whole row: one pass, no sort)."""
    cols = ", ".join(quote_ident(c) for c in raw.columns)
    return raw.con.execute(f"SELECT count(*) - count(DISTINCT hash({cols})) FROM {raw.relation}").fetchall()[0][0]


def validate_transactions(raw: RawTable, mapping: dict, drop_duplicates: bool = False, today: date | None = None,
                          decimal=None, day_first=None, order_stats: bool = True) -> LoadResult:
    """Map, parse and check order lines; bad rows are rejected with the reason, none dropped silently.

    decimal: None (detect per column), "." or "," (or {column: sep}); day_first: None (detect), True or False
    (or {column: bool}). The report says what was used per column and why. order_stats: also count exact
    duplicates and group the lines into orders for the one-time-buyer share (two passes over every line;
    the command line, which shows neither, skips them unless duplicates are to be dropped).
    """
    m = check_mapping(raw, mapping, transaction_required(mapping))
    has_amount = "amount" in m
    checks = _Checks(raw)
    checks.customer_id(m["customer_id"])
    orders = {m["order_date"]: _order_for(raw, m["order_date"], day_first)}
    checks.date("order_date", m["order_date"], orders[m["order_date"]], True)
    decimals = {}
    for name in ["amount", "quantity", "unit_price", "profit"]:
        if name in m:
            decimals[m[name]] = _decimal_for(raw, m[name], decimal)
            must = name == "amount" or (not has_amount and name in ("quantity", "unit_price"))
            checks.number(name, m[name], decimals[m[name]], must, TX_NUMERIC[name])
    keep = ["customer_id", "order_date"]
    if has_amount:
        keep.append("amount")
    else:
        checks.outer["amount"] = f"round({finite_sql('_n_quantity')} * {finite_sql('_n_unit_price')}, 6)"
        keep.append("amount")
    if "order_id" in m:
        checks.text("order_id", m["order_id"], nullable=True)
        keep.append("order_id")
    keep += [k for k in ["profit", "quantity", "unit_price"] if k in m]
    for name in ["product", "category"]:
        if name in m:
            checks.text(name, m[name])
            keep.append(name)
    duplicates = _duplicates(raw) if order_stats or drop_duplicates else None
    table, rejected = _run(raw, checks, keep, bool(drop_duplicates and duplicates))
    report = transactions_report(raw.con, table, raw, rejected, duplicates, drop_duplicates, m, today, order_stats,
                                 decimals, {c: o for c, o in orders.items() if o["order"] is not None})
    return LoadResult(raw.con, table, rejected, report, raw.filename)


def transactions_report(con, table: str, raw: RawTable, rejected: pd.DataFrame, duplicates: int | None, dropped: bool,
                        mapping: dict, today: date | None, order_stats: bool = True, decimal: dict | None = None,
                        date_order: dict | None = None) -> QualityReport:
    """Counts for the data-quality report, computed in DuckDB on the accepted lines."""
    today = today or date.today()
    key = "coalesce(order_id, strftime(order_date, '%Y-%m-%d'))" if "order_id" in mapping else \
        "strftime(order_date, '%Y-%m-%d')"
    tomorrow = today + timedelta(days=1)
    (accepted, returns, return_amount, future, future_min, date_min, date_max, customers, total,
     latest_not_future) = con.execute(f"""
        SELECT count(*), count(*) FILTER (WHERE amount < 0), coalesce(round(sum(amount) FILTER (WHERE amount < 0), 2), 0),
               count(*) FILTER (WHERE order_date >= ?), min(order_date) FILTER (WHERE order_date >= ?),
               min(order_date), max(order_date), count(DISTINCT customer_id), coalesce(round(sum(amount), 2), 0),
               max(order_date) FILTER (WHERE order_date < ?)
        FROM {table}""", [tomorrow, tomorrow, tomorrow]).fetchall()[0]
    buyers = con.execute(f"""
        WITH o AS (SELECT customer_id, {key} AS k, sum(amount) AS net FROM {table} GROUP BY ALL),
             p AS (SELECT customer_id, count(*) FILTER (WHERE net > 0) AS n FROM o GROUP BY ALL)
        SELECT count(*) FILTER (WHERE n = 1), count(*) FILTER (WHERE n > 0) FROM p""").fetchall()[0] \
        if order_stats else (0, 0)
    iso = lambda d: pd.Timestamp(d).date().isoformat() if d is not None else None
    return QualityReport(
        rows_read=raw.n_rows, accepted=int(accepted), rejected=len(rejected), rejected_by_reason=_by_reason(rejected),
        customers=int(customers), duplicates=None if duplicates is None else int(duplicates),
        encoding=raw.encoding, delimiter=raw.delimiter, mapping=dict(mapping), notes=tuple(raw.notes),
        decimal=dict(decimal or {}), date_order=dict(date_order or {}), duplicates_dropped=bool(dropped),
        returns=int(returns), return_amount=float(return_amount), future_dates=int(future),
        future_first=iso(future_min), today=today.isoformat(), latest_not_future=iso(latest_not_future),
        date_min=iso(date_min), date_max=iso(date_max), total_amount=float(total),
        one_time_share=(buyers[0] / buyers[1] if buyers[1] else 0.0) if order_stats else None)


def validate_customers(raw: RawTable, mapping: dict, decimal=None, day_first=None) -> LoadResult:
    """One row per customer: mapped fields get canonical names, other columns are kept as they are.

    An unmapped column whose every filled cell is a number (and none has a leading zero, like an
    id) becomes numeric: a possible score component.
    """
    m = check_mapping(raw, mapping, ["customer_id"])
    checks = _Checks(raw)
    checks.customer_id(m["customer_id"])
    keep = ["customer_id"]
    decimals, orders = {}, {}
    source_of = {v: k for k, v in m.items()}
    numeric_unmapped = _numeric_columns(raw, [c for c in raw.columns if c not in source_of], decimal)
    for col in raw.columns:
        if col == m["customer_id"]:
            continue
        canon = source_of.get(col)
        name = canon or (col if col not in CUSTOMER_FIELDS else f"{col}_source")
        if canon == "created_date":
            orders[col] = _order_for(raw, col, day_first)
            checks.date(name, col, orders[col], False)
        elif canon in CU_NUMERIC:
            decimals[col] = _decimal_for(raw, col, decimal)
            checks.number(name, col, decimals[col], False, "bad_number")
        elif col in numeric_unmapped:
            checks.parsed[f"_n_{name}"] = typed_number_sql(checks.src(col), raw.types.get(col, "VARCHAR"),
                                                           numeric_unmapped[col])
            checks.outer[name] = quote_ident(f"_n_{name}")
        elif raw.is_text(col):
            checks.text(name, col, nullable=True)
        else:
            checks.keep_as_is(name, col)
        keep.append(name)
    checks.problems.append(("FALSE", m["customer_id"], "duplicate_customer_id"))  # set below, on the checked table

    def duplicate_ids(con, table, codes):
        """The second appearance of an id (among rows with an id) is a duplicate, unless the row is bad already."""
        code = len(codes) - 1
        con.execute(f"UPDATE {table} SET _k = {code} FROM (SELECT __rec AS r, row_number() OVER "
                    f"(PARTITION BY customer_id ORDER BY __rec) AS n FROM {table} WHERE customer_id <> '') d "
                    f"WHERE d.r = {table}.__rec AND d.n > 1 AND _k IS NULL")

    table, rejected = _run(raw, checks, keep, False, duplicate_ids)
    n_dup = int((rejected["reason"] == "duplicate_customer_id").sum()) if len(rejected) else 0
    accepted = raw.con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    report = QualityReport(rows_read=raw.n_rows, accepted=int(accepted), rejected=len(rejected),
                           rejected_by_reason=_by_reason(rejected), customers=int(accepted), duplicates=n_dup,
                           encoding=raw.encoding, delimiter=raw.delimiter, mapping=dict(m), notes=tuple(raw.notes),
                           decimal=decimals, date_order={c: o for c, o in orders.items() if o["order"] is not None})
    return LoadResult(raw.con, table, rejected, report, raw.filename)


def _numeric_columns(raw: RawTable, columns: list[str], decimal) -> dict:
    """Unmapped columns that are numbers throughout -> their decimal separator."""
    out = {}
    for col in columns:
        if not raw.is_text(col):
            if typed_number_sql("x", raw.types[col]) == "CAST(x AS DOUBLE)":
                out[col] = "."
            continue
        sep = _decimal_for(raw, col, decimal)["decimal"]
        t = text_sql(quote_ident(col))
        filled, numbers, lead0 = raw.con.execute(
            f"SELECT count(*) FILTER (WHERE {t} <> ''), count(*) FILTER (WHERE {t} <> '' AND "
            f"{finite_sql(number_sql(t, sep))} IS NOT NULL), count(*) FILTER (WHERE regexp_matches({t}, '^0\\d')) "
            f"FROM {raw.relation}").fetchall()[0]
        if filled and numbers == filled and not lead0:
            out[col] = sep
    return out
