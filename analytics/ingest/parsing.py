"""Text -> dates and numbers, as DuckDB SQL expressions (vectorised, one pass).

Numbers: currency symbols (¥ ￥ $ € £ 元 RMB CNY USD), spaces, thousands separators and (123)
negatives are handled. The decimal separator is "." or "," per column: detected from the values
(1.234,50 or 99,90 say comma; 1,234.50 or 12.5 say point), or set by the user. Under a decimal
comma, "." may only group thousands (1.234.567,89); under a decimal point, "," may only group
thousands (1,234,567.89); any other use is not a number (rejected, never silently rescaled).

Dates: ISO (2024-01-05, with a time, T, fractions, a zone suffix dropped: the order's local day
counts), 2024/1/5, 2024.1.5, 2024年1月5日, 20240105, 05.01.2024 (day first), Excel serial days
(20000-80000), and 1/5/2024 or 1-5-2024 read month first unless the column says day first:
a value whose first part is over 12 and none whose second part is (or the user's choice).
Impossible dates (2023-02-30) and years outside 1900-2200 are not dates.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from .mapping import MAX_NUMBER, quote_ident

_CURRENCY = r"[¥￥$€£元\s\x{00a0}\x{202f}]|RMB|CNY|USD|EUR"
_YEAR_FIRST = ["%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M",
               "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S.%f", "%Y/%m/%d", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
               "%Y.%m.%d", "%Y.%m.%d %H:%M:%S", "%Y.%m.%d %H:%M", "%Y年%m月%d日", "%Y年%m月%d日 %H:%M:%S",
               "%Y年%m月%d日 %H:%M", "%Y%m%d", "%d.%m.%Y", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M"]


def _slash_formats(day_first: bool) -> list[str]:
    order = "%d{s}%m{s}%Y" if day_first else "%m{s}%d{s}%Y"
    return [order.format(s=s) + t for s in "/-" for t in ("", " %H:%M", " %H:%M:%S")]


def _lit(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def text_sql(expr: str) -> str:
    """A cell as trimmed text, '' when empty."""
    return f"trim(coalesce(CAST({expr} AS VARCHAR), ''))"


def number_sql(t: str, decimal: str = ".") -> str:
    """DOUBLE from trimmed text t (a SQL expression), NULL when not a number.

    Plain numbers go through one cast; only the rest meet the regular expressions.
    """
    group = "," if decimal == "." else "."
    g, d = ("\\" + group), ("\\" + decimal)
    clean = (f"regexp_replace(replace(replace(replace(regexp_replace({t}, '{_CURRENCY}', '', 'g'), '－', '-'), "
             f"'−', '-'), '，', ','), '^\\((.*)\\)$', '-\\1')")
    valid = f"[+-]?(\\d+|\\d{{1,3}}({g}\\d{{3}})+)({d}\\d*)?|[+-]?{d}\\d+"
    slow = (f"CASE WHEN regexp_full_match({clean}, '{valid}') "
            f"THEN TRY_CAST(replace(replace({clean}, '{group}', ''), '{decimal}', '.') AS DOUBLE) END")
    fast = f"TRY_CAST({t} AS DOUBLE)" if decimal == "." else \
        f"CASE WHEN NOT contains({t}, '.') AND NOT contains({t}, ',') THEN TRY_CAST({t} AS DOUBLE) END"
    return f"CASE WHEN {t} = '' THEN NULL ELSE coalesce({fast}, {slow}) END"


def date_sql(t: str, day_first: bool = False) -> str:
    """TIMESTAMP from trimmed text t, NULL when not a date (wrap in plausible_date_sql one level up)."""
    formats = "[" + ", ".join(_lit(f) for f in _YEAR_FIRST + _slash_formats(day_first)) + "]"
    local = (f"CASE WHEN contains({t}, ':') AND regexp_matches({t}, '(Z|[+-]\\d\\d:?\\d\\d)$') "
             f"THEN regexp_replace({t}, '(Z|[+-]\\d\\d:?\\d\\d)$', '') ELSE {t} END")
    serial = f"TRY_CAST({t} AS DOUBLE)"
    value = (f"CASE WHEN {t} = '' THEN NULL "
             f"WHEN {serial} BETWEEN 20000 AND 80000 AND regexp_full_match({t}, '\\d{{5}}(\\.\\d+)?') "
             f"THEN TIMESTAMP '1899-12-30' + to_microseconds(CAST(round({serial} * 86400000000) AS BIGINT)) "
             f"ELSE try_strptime({local}, {formats}) END")
    return value


def plausible_date_sql(column: str) -> str:
    """A parsed date kept only between 1900 and 2200 (a column of the level below, so parsing runs once)."""
    return f"CASE WHEN year({column}) BETWEEN 1900 AND 2200 THEN {column} END"


def typed_date_sql(expr: str, dtype: str, day_first: bool = False) -> str:
    """order_date from a column of any type: dates as they are, numbers as Excel serials, text parsed."""
    dtype = dtype.upper()
    if dtype.startswith("TIMESTAMP") or dtype == "DATE":
        return f"CAST({expr} AS TIMESTAMP)"
    if _numeric(dtype):
        v = f"CAST({expr} AS DOUBLE)"
        return (f"CASE WHEN {v} BETWEEN 20000 AND 80000 THEN TIMESTAMP '1899-12-30' + "
                f"to_microseconds(CAST(round({v} * 86400000000) AS BIGINT)) END")
    return date_sql(text_sql(expr), day_first)


def typed_number_sql(expr: str, dtype: str, decimal: str = ".") -> str:
    if _numeric(dtype.upper()):
        return f"CAST({expr} AS DOUBLE)"
    return number_sql(text_sql(expr), decimal)


def _numeric(dtype: str) -> bool:
    return dtype.startswith(("DOUBLE", "FLOAT", "DECIMAL", "INTEGER", "BIGINT", "SMALLINT", "TINYINT", "HUGEINT",
                             "UBIGINT", "UINTEGER", "USMALLINT", "UTINYINT", "REAL"))


def finite_sql(v: str) -> str:
    """The value when it is usable as money: finite and under MAX_NUMBER in size."""
    return f"CASE WHEN isfinite({v}) AND abs({v}) < {MAX_NUMBER:.0f} THEN {v} END"


# ---------------------------------------------------------------- per-column decisions

EVIDENCE_ROWS = 200_000  # enough values to decide; the first ones in file order


def detect_decimal(con, relation: str, column: str, delimiter: str | None, row_of) -> dict:
    """Which decimal separator a text column uses, and why (the first row that shows it).

    Returns {"decimal": "." or ",", "ambiguous": bool, "why": code, "row": file row, "value": text}.
    why: "comma" (a value like 99,90 or 1.234,50), "point" (12.50 or 1,234.50), "mixed" (both seen:
    the majority wins, the others are rejected), "grouping_only" (only 1,234 or 1.234: a guess),
    "plain" (no separator at all).
    """
    c = text_sql(quote_ident(column))
    src = (f"SELECT __rec, regexp_replace({c}, '{_CURRENCY}', '', 'g') AS v FROM {relation} "
           f"WHERE contains({c}, ',') OR contains({c}, '.') LIMIT {EVIDENCE_ROWS}")
    comma = r"',\d{1,2}$|,\d{4,}$|\.\d{3},\d*$|^[+-]?,\d+$'"
    point = r"'\.\d{1,2}$|\.\d{4,}$|,\d{3}\.\d*$|^[+-]?\.\d+$'"
    group3 = r"'^[+-]?\d{1,3}([.,]\d{3})+$'"
    row = con.execute(f"""
        SELECT count(*) FILTER (WHERE regexp_matches(v, {comma})), count(*) FILTER (WHERE regexp_matches(v, {point})),
               count(*) FILTER (WHERE regexp_matches(v, {group3})),
               arg_min(__rec, __rec) FILTER (WHERE regexp_matches(v, {comma})),
               arg_min(v, __rec) FILTER (WHERE regexp_matches(v, {comma})),
               arg_min(__rec, __rec) FILTER (WHERE regexp_matches(v, {point})),
               arg_min(v, __rec) FILTER (WHERE regexp_matches(v, {point})),
               arg_min(__rec, __rec) FILTER (WHERE regexp_matches(v, {group3})),
               arg_min(v, __rec) FILTER (WHERE regexp_matches(v, {group3}))
        FROM ({src})""").fetchall()[0]
    n_comma, n_point, n_group = row[:3]

    def pick(sep, why, rec, value, ambiguous=False):
        return {"decimal": sep, "ambiguous": ambiguous, "why": why,
                "row": int(row_of([rec])[0]) if rec is not None else None, "value": value}

    if n_comma and n_point:
        return pick("," if n_comma > n_point else ".", "mixed", *(row[3:5] if n_comma > n_point else row[5:7]))
    if n_comma:
        return pick(",", "comma", row[3], row[4])
    if n_point:
        return pick(".", "point", row[5], row[6])
    if n_group:
        return pick("," if delimiter == ";" else ".", "grouping_only", row[7], row[8], ambiguous=True)
    return pick(".", "plain", None, None)


def detect_day_first(con, relation: str, column: str, row_of) -> dict:
    """Whether a text date column writes 05/01/2024 day first, and why.

    Returns {"order": "day_first" | "month_first" | None (no such dates), "ambiguous": bool,
    "why": "day_over_12" | "month_over_12" | "undecided", "row": file row, "value": text}.
    """
    c = text_sql(quote_ident(column))
    src = (f"SELECT __rec, v, TRY_CAST(regexp_extract(v, '^(\\d{{1,2}})[/-](\\d{{1,2}})[/-]\\d{{4}}', 1) AS INT) a, "
           f"TRY_CAST(regexp_extract(v, '^(\\d{{1,2}})[/-](\\d{{1,2}})[/-]\\d{{4}}', 2) AS INT) b FROM "
           f"(SELECT __rec, {c} AS v FROM {relation} WHERE substr({c}, 2, 1) IN ('/', '-') "
           f"OR substr({c}, 3, 1) IN ('/', '-') LIMIT {EVIDENCE_ROWS})")
    row = con.execute(f"""
        SELECT count(*) FILTER (WHERE a IS NOT NULL), count(*) FILTER (WHERE a > 12), count(*) FILTER (WHERE b > 12),
               arg_min(__rec, __rec) FILTER (WHERE a > 12), arg_min(v, __rec) FILTER (WHERE a > 12),
               arg_min(__rec, __rec) FILTER (WHERE b > 12), arg_min(v, __rec) FILTER (WHERE b > 12),
               arg_min(__rec, __rec) FILTER (WHERE a IS NOT NULL), arg_min(v, __rec) FILTER (WHERE a IS NOT NULL)
        FROM ({src})""").fetchall()[0]
    n, day_over, month_over = row[:3]

    def pick(order, why, rec, value, ambiguous=False):
        return {"order": order, "ambiguous": ambiguous, "why": why,
                "row": int(row_of([rec])[0]) if rec is not None else None, "value": value}

    if not n:
        return {"order": None, "ambiguous": False, "why": None, "row": None, "value": None}
    if day_over and not month_over:
        return pick("day_first", "day_over_12", row[3], row[4])
    if month_over:
        return pick("month_first", "month_over_12", row[5], row[6])
    return pick("month_first", "undecided", row[7], row[8], ambiguous=True)


# ---------------------------------------------------------------- the same rules on a pandas Series

def _apply(values: pd.Series, sql: str, dtype: str, outer: str = "r") -> pd.Series:
    con = duckdb.connect()
    frame = pd.DataFrame({"v": values.astype("object").where(values.notna(), None).map(
        lambda x: None if x is None else str(x)), "i": range(len(values))})
    con.register("s", frame)
    out = con.execute(f"SELECT {outer} AS r FROM (SELECT i, {sql} AS r FROM s) ORDER BY i").df()["r"]
    out.index = values.index
    return out.astype(dtype)


def parse_numbers(s: pd.Series, decimal: str = ".") -> pd.Series:
    """Text -> float64 (NaN where not a number); the SQL rules above."""
    return _apply(s, number_sql(text_sql("v"), decimal), "float64", finite_sql("r"))


def parse_dates(s: pd.Series, day_first: bool | None = None) -> pd.Series:
    """Text -> datetime64 (NaT where not a date); day first decided from the values unless given."""
    if day_first is None:
        con = duckdb.connect()
        con.register("s", pd.DataFrame({"v": s.astype("str").to_numpy(), "__rec": range(len(s))}))
        day_first = detect_day_first(con, "s", "v", lambda r: r)["order"] == "day_first"
    return _apply(s, date_sql(text_sql("v"), day_first), "datetime64[us]", plausible_date_sql("r"))
