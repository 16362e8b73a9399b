"""Property of the ingest: for generated delimited files, nothing is lost and accepted values round-trip.

Each example is a table of order lines written with the csv module (delimiter , ; tab or |, minimal
or full quoting, LF or CRLF, UTF-8 with or without a BOM, blank lines between rows) whose cells are
drawn so that the outcome of every row is known: customer ids of any text (unicode, quotes,
delimiters, leading zeros, spaces, empty, too long), dates in the accepted formats or garbage,
amounts in the formats of one decimal convention (point or comma, detected or chosen) or garbage or
out of range, an optional note column holding delimiters, quotes and line breaks. Then load_files
must give: rows read = accepted + rejected = rows written (a row whose every cell is empty is a
blank line, not a row); accepted ids (trimmed), dates and amounts equal what was generated; each
rejected row has the first problem of that row and its true file row.
"""
from __future__ import annotations

import csv
import io
import math
import re
from datetime import date, datetime, timedelta

import duckdb
import pandas as pd
from hypothesis import HealthCheck, given, settings, strategies as st

from analytics import ingest

TODAY = date(2024, 6, 30)
DELIMITERS = [",", ";", "\t", "|"]

# ---------------------------------------------------------------- customer ids

ID_CHARS = st.one_of(
    st.sampled_from(list("0123456789abcXYZ _-.,;|'\"#/\\") + ["é", "ß", "客", "户", "Ж", "ü", "😀", "ﬁ"]),
    st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),  # any printable, no whitespace
)


@st.composite
def customer_ids(draw):
    """(text written, expected id after trimming or None, reason when the row is bad for its id)."""
    kind = draw(st.sampled_from(["text", "text", "text", "zeros", "spaces", "empty", "blank", "long"]))
    if kind == "empty":
        return "", None, "empty_customer_id"
    if kind == "blank":
        return " " * draw(st.integers(1, 3)), None, "empty_customer_id"
    if kind == "long":
        text = ("X" + draw(st.text(ID_CHARS, max_size=3))) * 201
        return text[:200] + draw(st.text(ID_CHARS, max_size=5)) + "X", None, "id_too_long"
    core = draw(st.text(ID_CHARS, min_size=1, max_size=20))
    if kind == "zeros":
        core = "0" * draw(st.integers(1, 3)) + draw(st.text(st.sampled_from("0123456789"), min_size=1, max_size=6))
    if kind == "spaces":
        core = " " * draw(st.integers(0, 2)) + core + " " * draw(st.integers(1, 2))
    stripped = core.strip(" ")
    if not stripped:
        return core, None, "empty_customer_id"
    return core, stripped, None


# ---------------------------------------------------------------- dates

DATE_FORMATS = ["%Y-%m-%d", "{y}/{m}/{d}", "%Y%m%d", "%d.%m.%Y", "{y}年{m}月{d}日", "%m/%d/%Y", "{m}/{d}/{y}",
                "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S+08:00", "%Y/%m/%d %H:%M", "serial"]
GARBAGE_DATES = ["", "TBD", "yesterday", "2023-02-30", "2024-13-01", "99999999", "0000-00-00", "31.02.2024",
                 "2024-1", "n/a", "1899-12-31", "2201-01-01", "12:30", "２０２４-01-05"]


@st.composite
def order_dates(draw):
    """(text written, expected timestamp or None)."""
    if draw(st.integers(0, 5)) == 0:
        return draw(st.sampled_from(GARBAGE_DATES)), None
    day = draw(st.dates(min_value=date(1901, 1, 1), max_value=date(2199, 12, 31)))
    fmt = draw(st.sampled_from(DATE_FORMATS))
    timed = "%H" in fmt
    moment = datetime(day.year, day.month, day.day)
    if timed:
        moment += timedelta(seconds=draw(st.integers(0, 86399)))
        if "%S" not in fmt:
            moment = moment.replace(second=0)
    if fmt == "serial":
        serial = (day - date(1899, 12, 30)).days
        if not 20000 <= serial <= 80000:
            fmt = "%Y-%m-%d"
        else:
            return str(serial), pd.Timestamp(moment)
    if "{" in fmt:
        text = fmt.format(y=day.year, m=day.month, d=day.day)
    else:
        text = moment.strftime(fmt)
    if draw(st.booleans()):
        text = " " + text + " "
    return text, pd.Timestamp(moment)


# ---------------------------------------------------------------- amounts


def _group(digits: str, sep: str) -> str:
    out = []
    while len(digits) > 3:
        out.insert(0, digits[-3:])
        digits = digits[:-3]
    return sep.join([digits] + out)


GARBAGE_AMOUNTS = ["", "abc", "N/A", "--", "12abc", "#VALUE!", "-", "¥", "1e", "e5", "0x1F", "١٢٣", "１２３", "- 5x"]
OUT_OF_RANGE = ["1e15", "-1e15", "1000000000000000", "2.5e20", "1e309", "-1e400", "Infinity", "-inf"]


@st.composite
def amounts(draw, decimal: str):
    """(text written, expected float or None, reason when the row is bad for its amount).

    Every text with a separator has a fraction of one, two or four and more digits, so the column
    shows its decimal convention (grouped integers like 1,234 alone are a documented guess).
    """
    roll = draw(st.integers(0, 9))
    if roll == 0:
        return draw(st.sampled_from(GARBAGE_AMOUNTS)), None, "bad_amount"
    if roll == 1:
        text = draw(st.sampled_from(OUT_OF_RANGE))
        if decimal == "," and "." in text:
            text = text.replace(".", ",")
            if "e" in text:  # 2,5e20 is not a number under a decimal comma
                return text, None, "bad_amount"
        return text, None, "number_out_of_range"
    group = "," if decimal == "." else "."
    cents = draw(st.integers(-(10 ** 14) + 1, 10 ** 14 - 1))
    value = cents / 100
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    fmt = draw(st.sampled_from(["int", "plain", "grouped", "space", "currency", "paren", "plus", "long", "one",
                                "repr"]))
    if fmt == "int":
        value = float(sign + str(whole)) if whole else 0.0
        return sign + str(whole), value, None
    if fmt == "one" and frac % 10 == 0:
        return f"{sign}{whole}{decimal}{frac // 10}", value, None
    if fmt == "long":  # four fraction digits
        return f"{sign}{whole}{decimal}{frac:02d}00", value, None
    if fmt == "repr" and decimal == ".":
        x = draw(st.floats(min_value=-1e14, max_value=1e14, allow_nan=False, allow_infinity=False))
        text = repr(x)
        if not re.fullmatch(r"-?\d{1,3}\.\d{3}", text):  # 1.234 alone would be a guess
            return text, x, None
    body = f"{whole}{decimal}{frac:02d}"
    if fmt == "grouped":
        return sign + _group(str(whole), group) + decimal + f"{frac:02d}", value, None
    if fmt == "space":
        return sign + _group(str(whole), " ") + decimal + f"{frac:02d}", value, None
    if fmt == "currency":
        symbol = draw(st.sampled_from(["¥", "￥", "$", "€", "£"]))
        tail = draw(st.sampled_from(["", " 元", " RMB"]))
        return sign + symbol + _group(str(whole), group) + decimal + f"{frac:02d}" + tail, value, None
    if fmt == "paren" and cents < 0:
        return "(" + body + ")", value, None
    if fmt == "plus" and cents >= 0:
        return "+" + body, value, None
    return sign + body, value, None


# ---------------------------------------------------------------- notes

NOTE_TEXT = st.lists(st.one_of(
    st.sampled_from([",", ";", "\t", "|", '"', "'", "\n", "\r\n", " ", "x", "备注", "1.234,5"]),
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"),
), max_size=12).map("".join)


@st.composite
def tables(draw):
    decimal = draw(st.sampled_from([".", ","]))
    with_note = draw(st.booleans())
    rows = []
    for _ in range(draw(st.integers(0, 25))):
        cid = draw(customer_ids())
        day = draw(order_dates())
        amount = draw(amounts(decimal))
        note = draw(NOTE_TEXT) if with_note else None
        blank_before = draw(st.integers(0, 9)) == 0  # a blank line above the row
        rows.append((cid, day, amount, note, blank_before))
    return {
        "decimal": decimal, "rows": rows, "with_note": with_note,
        "delimiter": draw(st.sampled_from(DELIMITERS)),
        "quoting": draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
        "bom": draw(st.booleans()),
        "tell": draw(st.booleans()),  # pass decimal= instead of letting the column say it
        "eol": draw(st.sampled_from(["\n", "\r\n"])),
    }


def _write(table) -> tuple[bytes, list[int | None]]:
    """The file's bytes and the file row of each generated row (None: a blank line, not a row)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=table["delimiter"], quoting=table["quoting"], lineterminator=table["eol"])
    header = ["customer_id", "order_date", "amount"] + (["note"] if table["with_note"] else [])
    writer.writerow(header)
    rows = []
    for (cid, _, _), (day, _), (amount, _, _), note, blank_before in table["rows"]:
        cells = [cid, day, amount] + ([note] if table["with_note"] else [])
        if blank_before:
            buf.write(table["eol"])
        line = buf.getvalue().count("\n") + 1
        rows.append(None if all(c == "" for c in cells) else line)
        writer.writerow(cells)
    return ("\ufeff" if table["bom"] else "").encode() + buf.getvalue().encode("utf-8"), rows


def _expected_reason(cid, day, amount) -> str | None:
    return cid[2] or (None if day[1] is not None else "bad_date") or amount[2]


@settings(max_examples=100, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(tables())
def test_every_row_is_accepted_or_rejected_and_accepted_values_round_trip(tmp_path_factory, table):
    data, file_rows = _write(table)
    path = tmp_path_factory.mktemp("prop") / "orders.csv"
    path.write_bytes(data)
    con = duckdb.connect()
    tx, _ = ingest.load_files(con, path, decimal=table["decimal"] if table["tell"] else None, today=TODAY)
    rep = tx.report

    written = [(r, line) for r, line in zip(table["rows"], file_rows) if line is not None]
    assert rep.delimiter == table["delimiter"]
    assert rep.rows_read == rep.accepted + rep.rejected == len(written)
    assert len(tx.accepted) == rep.accepted and len(tx.rejected) == rep.rejected
    if table["tell"] or rep.decimal["amount"]["why"] not in ("plain", "grouping_only"):
        assert rep.decimal["amount"]["decimal"] == table["decimal"], rep.decimal

    expected_ok = [(r, line) for r, line in written if _expected_reason(r[0], r[1], r[2]) is None]
    expected_bad = [(r, line) for r, line in written if _expected_reason(r[0], r[1], r[2]) is not None]
    acc = tx.accepted
    assert acc["customer_id"].tolist() == [r[0][1] for r, _ in expected_ok]
    assert [pd.Timestamp(d) for d in acc["order_date"]] == [r[1][1] for r, _ in expected_ok]
    for got, (r, _) in zip(acc["amount"].tolist(), expected_ok):
        assert math.isclose(got, r[2][1], rel_tol=1e-9, abs_tol=0.0), (got, r[2])

    rej = tx.rejected
    assert rej["row"].tolist() == [line for _, line in expected_bad]
    assert rej["reason"].tolist() == [_expected_reason(r[0], r[1], r[2]) for r, _ in expected_bad]
    by_reason = {}
    for reason in rej["reason"]:
        by_reason[reason] = by_reason.get(reason, 0) + 1
    assert rep.rejected_by_reason == by_reason
