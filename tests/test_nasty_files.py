"""The nasty-file corpus (tests/data/nasty, written by make_corpus.py): each file through the library
(exact counts, values, rows and reasons), the command line (exit code, stderr) and, for two of
them, an upload on the Data page."""
from __future__ import annotations

import gzip
import importlib.util
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analytics import ingest
from analytics.__main__ import main
from analytics.features import latest_order_date

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
NASTY = DATA / "nasty"
TODAY = date(2024, 6, 30)
TS = pd.Timestamp


def load(name: str, **options):
    con = duckdb.connect()
    tx, _ = ingest.load_files(con, NASTY / name, today=TODAY, **options)
    return con, tx


def refusal(name: str, path: Path | None = None, **options) -> str:
    with pytest.raises(ingest.IngestError) as e:
        ingest.load_files(duckdb.connect(), path or NASTY / name, today=TODAY, **options)
    return str(e.value)


def rejected(tx) -> list[dict]:
    return tx.rejected[["row", "column", "reason", "value"]].to_dict("records")


@pytest.fixture
def cli(tmp_path, capsys):
    """Run `python -m analytics score FILE --out tiers.csv ARGS` in this process: (exit code, stderr lines, scores)."""
    def run(name: str, *args: str, path: Path | None = None):
        out = tmp_path / "tiers.csv"
        out.unlink(missing_ok=True)
        code = main(["score", str(path or NASTY / name), "--out", str(out), *args])
        captured = capsys.readouterr()
        assert captured.out == ""
        scores = pd.read_csv(out, dtype={"customer_id": str}, encoding="utf-8-sig").set_index("customer_id") \
            if out.exists() else None
        return code, captured.err.splitlines(), scores
    return run


def run_process(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "analytics", "score", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


# ---------------------------------------------------------------- the corpus itself

def _make_corpus():
    spec = importlib.util.spec_from_file_location("make_corpus", NASTY / "make_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_corpus_is_small_and_is_what_the_script_writes():
    made = _make_corpus().corpus()
    on_disk = {p.name for p in NASTY.iterdir() if p.suffix != ".py" and p.name != "__pycache__"}
    assert on_disk == set(made)
    for name, data in made.items():
        assert (NASTY / name).stat().st_size < 50_000, name
        # text files byte for byte (compressed ones depend on the zlib and pyarrow versions)
        if not name.endswith((".gz", ".zip", ".xlsx", ".parquet")) and name not in (
                "picture.csv", "zip_renamed.csv", "workbook_renamed.csv"):
            assert (NASTY / name).read_bytes() == data, name


# ---------------------------------------------------------------- decimal comma

def test_decimal_comma_is_detected_and_the_report_names_the_row():
    _, tx = load("decimal_comma.csv")
    rep = tx.report
    assert rep.delimiter == ";"
    assert (rep.rows_read, rep.accepted, rep.rejected) == (4, 4, 0)
    assert tx.accepted["amount"].tolist() == [1234.5, 99.9, 1234.5, 7.0]
    assert rep.decimal == {"amount": {"decimal": ",", "ambiguous": False, "why": "comma", "row": 2,
                                         "value": "1.234,50"}}


def test_decimal_point_chosen_rejects_the_comma_numbers():
    _, tx = load("decimal_comma.csv", decimal=".")
    assert tx.accepted["amount"].tolist() == [7.0]
    assert rejected(tx) == [
        {"row": 2, "column": "amount", "reason": "bad_amount", "value": "1.234,50"},
        {"row": 3, "column": "amount", "reason": "bad_amount", "value": "99,90"},
        {"row": 4, "column": "amount", "reason": "bad_amount", "value": "1 234,50"},
    ]
    assert tx.report.decimal["amount"] | {"row": None, "value": None} == {
        "decimal": ".", "ambiguous": False, "why": "chosen", "row": None, "value": None}


@pytest.mark.parametrize("decimal,why", [(None, "mixed"), (",", "chosen")])
def test_a_point_in_a_decimal_comma_column_is_rejected_not_read_as_fifteen(decimal, why):
    _, tx = load("decimal_comma_stray_point.csv", decimal=decimal)
    assert tx.accepted["customer_id"].tolist() == ["C1", "C2", "C4"]
    assert tx.accepted["amount"].tolist() == [1234.5, 99.9, 12.0]
    assert rejected(tx) == [{"row": 4, "column": "amount", "reason": "bad_amount", "value": "1.5"}]
    assert tx.report.decimal["amount"]["decimal"] == "," and tx.report.decimal["amount"]["why"] == why


@pytest.mark.parametrize("name,sep,value", [("decimal_ambiguous_semicolon.csv", ",", "1.234"),
                                            ("decimal_ambiguous_comma.csv", ".", "1,234")])
def test_only_thousands_shaped_values_are_flagged_ambiguous(name, sep, value):
    _, tx = load(name)
    assert tx.report.decimal == {"amount": {"decimal": sep, "ambiguous": True, "why": "grouping_only", "row": 2,
                                               "value": value}}
    assert tx.accepted["amount"].tolist() == [1234.0, 2500.0]
    _, tx = load(name, decimal=sep.translate(str.maketrans(",.", ".,")))  # the other reading, chosen
    assert tx.accepted["amount"].tolist() == [1.234, 2.5]
    assert tx.report.decimal["amount"]["ambiguous"] is False


def test_decimal_comma_on_the_command_line(cli):
    code, err, scores = cli("decimal_comma.csv")
    assert code == 0
    assert err[:2] == [
        "decimal_comma.csv: 4 rows read, 4 accepted, 0 rejected",
        "note: decimal_comma.csv: column 'amount' read with decimal ',' (row 2 has '1.234,50'; --decimal changes it)",
    ]
    assert scores["monetary"].to_dict() == {"C1": 1234.5, "C2": 99.9, "C3": 1234.5, "C4": 7.0}

    code, err, scores = cli("decimal_comma.csv", "--decimal", ".")
    assert code == 0
    assert err[:4] == [
        "decimal_comma.csv: 4 rows read, 1 accepted, 3 rejected",
        "  decimal_comma.csv row 2, column amount: amount is not a number ('1.234,50')",
        "  decimal_comma.csv row 3, column amount: amount is not a number ('99,90')",
        "  decimal_comma.csv row 4, column amount: amount is not a number ('1 234,50')",
    ]
    assert not any(line.startswith("note:") for line in err)
    assert scores["monetary"].to_dict() == {"C4": 7.0}


def test_stray_point_and_ambiguous_column_on_the_command_line(cli):
    code, err, _ = cli("decimal_comma_stray_point.csv")
    assert code == 0
    assert err[:3] == [
        "decimal_comma_stray_point.csv: 4 rows read, 3 accepted, 1 rejected",
        "  decimal_comma_stray_point.csv row 4, column amount: amount is not a number ('1.5')",
        "note: decimal_comma_stray_point.csv: column 'amount' read with decimal ',' (row 2 has '1.234,50'; "
        "--decimal changes it)",
    ]
    code, err, scores = cli("decimal_ambiguous_semicolon.csv")
    assert code == 0
    assert "note: decimal_ambiguous_semicolon.csv: column 'amount' read with decimal ',' (a guess; --decimal " \
           "changes it)" in err
    assert scores["monetary"].to_dict() == {"C1": 1234.0, "C2": 2500.0}
    code, err, scores = cli("decimal_ambiguous_semicolon.csv", "--decimal", ".")
    assert code == 0 and not any(line.startswith("note:") for line in err)
    assert scores["monetary"].to_dict() == {"C1": 1.23, "C2": 2.5}  # money shown to the cent


# ---------------------------------------------------------------- day/month order

def test_a_day_over_twelve_reads_the_column_day_first_and_names_the_row():
    _, tx = load("day_first.csv")
    assert tx.report.date_order == {"order_date": {"order": "day_first", "ambiguous": False, "why": "day_over_12",
                                                      "row": 3, "value": "13/04/2024"}}
    assert tx.accepted["order_date"].tolist() == [TS("2024-04-05"), TS("2024-04-13"), TS("2024-02-01")]
    assert tx.report.rejected == 0


def test_month_first_chosen_rejects_the_thirteenth_month():
    _, tx = load("day_first.csv", day_first=False)
    assert rejected(tx) == [{"row": 3, "column": "order_date", "reason": "bad_date", "value": "13/04/2024"}]
    assert tx.accepted["order_date"].tolist() == [TS("2024-05-04"), TS("2024-01-02")]
    assert tx.report.date_order["order_date"]["why"] == "chosen"


def test_a_column_where_nothing_decides_is_ambiguous():
    _, tx = load("date_undecided.csv")
    assert tx.report.date_order == {"order_date": {"order": "month_first", "ambiguous": True, "why": "undecided",
                                                      "row": 2, "value": "05/04/2024"}}
    assert tx.accepted["order_date"].tolist() == [TS("2024-05-04"), TS("2024-03-04")]
    _, tx = load("date_undecided.csv", day_first=True)
    assert tx.accepted["order_date"].tolist() == [TS("2024-04-05"), TS("2024-04-03")]


def test_day_month_order_on_the_command_line(cli):
    code, err, _ = cli("day_first.csv")
    assert code == 0
    assert err[:2] == ["day_first.csv: 3 rows read, 3 accepted, 0 rejected",
                       "note: day_first.csv: column 'order_date' read day first (row 3 has '13/04/2024'; "
                       "--day-first / --month-first change it)"]
    code, err, scores = cli("day_first.csv", "--month-first")
    assert code == 0
    assert err[:2] == ["day_first.csv: 3 rows read, 2 accepted, 1 rejected",
                       "  day_first.csv row 3, column order_date: date not recognised ('13/04/2024')"]
    assert not any(line.startswith("note:") for line in err)
    assert sorted(scores.index) == ["C1", "C3"]
    code, err, _ = cli("date_undecided.csv")
    assert code == 0
    assert "note: date_undecided.csv: column 'order_date' read month first (a guess; --day-first / --month-first " \
           "change it)" in err
    code, err, _ = cli("date_undecided.csv", "--day-first")
    assert code == 0 and not any(line.startswith("note:") for line in err)


# ---------------------------------------------------------------- future dates

def test_future_dates_are_counted_and_the_as_of_default_is_the_latest_date_not_after_today():
    con, tx = load("future_dates.csv")
    rep = tx.report
    assert (rep.rows_read, rep.accepted, rep.rejected) == (4, 4, 0)  # kept, only flagged
    assert (rep.future_dates, rep.future_first, rep.latest_not_future) == (2, "2024-07-01", "2024-06-30")
    assert latest_order_date(con, today=TODAY) == date(2024, 6, 30)
    assert latest_order_date(con) == date(2024, 7, 1)  # today's date: only 2199 is ahead


def test_future_dates_on_the_command_line(cli):
    code, err, scores = cli("future_dates.csv")
    assert code == 0
    assert err[:2] == ["future_dates.csv: 4 rows read, 4 accepted, 0 rejected",
                       f"warning: future_dates.csv: 1 order lines are dated after today ({date.today().isoformat()}), "
                       "the first on 2199-07-15; the default as-of date is 2024-07-01"]
    # as of 2024-07-01: the 2199 order is not counted
    assert scores["recency_days"].to_dict() == {"C1": 213, "C2": 1, "C3": 0}


# ---------------------------------------------------------------- the same column twice

@pytest.mark.parametrize("name,message", [
    ("dup_header.csv", "dup_header.csv: the column name 'amount' appears twice (columns 3 and 4); "
                       "rename one and load again"),
    ("dup_header.parquet", "dup_header.parquet: the column name 'amount' appears twice (columns 3 and 4); "
                           "rename one and load again"),
])
def test_a_column_name_twice_is_refused_naming_it(cli, name, message):
    assert refusal(name) == message
    code, err, scores = cli(name)
    assert (code, err, scores) == (2, [f"error: {message}"], None)


def test_a_column_name_twice_in_a_workbook_is_refused_naming_it(cli):
    message = refusal("dup_header.xlsx")
    assert message.startswith("dup_header.xlsx: ") and '"amount" appears twice' in message
    code, err, _ = cli("dup_header.xlsx")
    assert (code, err) == (2, [f"error: {message}"])


# ---------------------------------------------------------------- encodings, overflow, long ids

def test_latin1_fallback_is_noted():
    raw_bytes = (NASTY / "latin1.csv").read_bytes()
    for encoding in ("utf-8", "gb18030"):
        with pytest.raises(UnicodeDecodeError):
            raw_bytes.decode(encoding)
    _, tx = load("latin1.csv")
    assert tx.report.notes == ("latin1",) and tx.report.encoding == "latin-1"
    assert tx.accepted["customer_id"].tolist() == ["José", "Müller", "\x810X"]


def test_latin1_fallback_on_the_command_line(cli):
    code, err, scores = cli("latin1.csv")
    assert code == 0
    assert err[:2] == ["latin1.csv: 3 rows read, 3 accepted, 0 rejected",
                       "warning: latin1.csv: neither UTF-8 nor GBK; read as Latin-1 (check the names, or save it as "
                       "UTF-8)"]
    assert sorted(scores.index) == sorted(["José", "Müller", "\x810X"])


def test_amounts_of_1e15_or_more_are_out_of_range_with_their_row():
    assert float("1e308") < float("inf") == float("1e309")
    _, tx = load("overflow.csv")
    assert tx.accepted["amount"].tolist() == [999999999999999.0, 12.5]
    assert rejected(tx) == [
        {"row": 2, "column": "amount", "reason": "number_out_of_range", "value": "1e308"},
        {"row": 3, "column": "amount", "reason": "number_out_of_range", "value": "1e309"},
        {"row": 5, "column": "amount", "reason": "number_out_of_range", "value": "1000000000000000"},
        {"row": 6, "column": "amount", "reason": "number_out_of_range", "value": "-1e15"},
    ]
    assert tx.report.rejected_by_reason == {"number_out_of_range": 4}


def test_overflow_on_the_command_line(cli):
    code, err, scores = cli("overflow.csv")
    assert code == 0
    assert err[:5] == ["overflow.csv: 6 rows read, 2 accepted, 4 rejected"] + [
        f"  overflow.csv row {row}, column amount: number too large to be an amount (1e15 or more) ('{value}')"
        for row, value in [(2, "1e308"), (3, "1e309"), (5, "1000000000000000"), (6, "-1e15")]]
    assert scores["monetary"].to_dict() == {"C3": 999999999999999.0, "C6": 12.5}


def test_a_100k_character_customer_id_is_rejected_with_its_row(cli):
    long_id = gzip.decompress((NASTY / "long_id.csv.gz").read_bytes()).decode().splitlines()[2].split(",")[0]
    assert long_id == "X" * 100_000
    _, tx = load("long_id.csv.gz")
    assert tx.accepted["customer_id"].tolist() == ["C1", "C3"]
    assert tx.rejected[["row", "column", "reason"]].to_dict("records") == [
        {"row": 3, "column": "customer_id", "reason": "id_too_long"}]
    assert tx.rejected["value"].iloc[0] == long_id
    code, err, _ = cli("long_id.csv.gz")
    assert code == 0
    assert err[:2] == ["long_id.csv.gz: 3 rows read, 2 accepted, 1 rejected",
                       "  long_id.csv.gz row 3, column customer_id: customer id longer than 200 characters "
                       f"('{'X' * 77}...')"]


# ---------------------------------------------------------------- not text at all

@pytest.mark.parametrize("name,message", [
    ("picture.csv", "picture.csv: not a text table (binary content); save it as CSV, Excel (.xlsx) or Parquet"),
    ("zip_renamed.csv", "zip_renamed.csv: this is an Excel workbook or a zip archive; name it .xlsx or .zip"),
    ("workbook_renamed.csv", "workbook_renamed.csv: this is an Excel workbook or a zip archive; name it .xlsx or .zip"),
    ("two_files.zip", "two_files.zip: a .zip must hold exactly one data file (found: orders.csv, customers.csv)"),
])
def test_files_that_are_not_a_table_are_refused_with_a_plain_message(cli, name, message):
    assert refusal(name) == message
    assert cli(name) == (2, [f"error: {message}"], None)


def test_a_png_renamed_csv_ends_the_command_in_one_line_without_a_traceback(tmp_path):
    r = run_process(NASTY / "picture.csv", "--out", tmp_path / "x.csv")
    assert r.returncode == 2
    assert r.stderr == "error: picture.csv: not a text table (binary content); save it as CSV, Excel (.xlsx) or " \
                       "Parquet\n"
    assert not (tmp_path / "x.csv").exists()


# ---------------------------------------------------------------- delimiters

@pytest.mark.parametrize("name,delimiter,notes", [
    ("quoted_semicolons.csv", ",", ["a; b; c", "x; y; z; w", "p;q"]),
    ("quoted_commas.csv", ";", ["a, b, c", "x, y, z, w", "p,q"]),
])
def test_delimiters_inside_quoted_values_do_not_fool_the_sniffing(name, delimiter, notes):
    raw = ingest.read_table(NASTY / name)
    assert raw.delimiter == delimiter and raw.columns == ["customer_id", "order_date", "amount", "note"]
    assert raw.frame["note"].tolist() == notes
    _, tx = load(name)
    assert tx.accepted["amount"].tolist() == [10.0, 20.0, 30.0] and tx.report.rejected == 0


def test_the_delimiter_option_overrides_the_sniffing(cli):
    code, err, scores = cli("quoted_commas.csv", "--delimiter", ";")
    assert code == 0 and scores["monetary"].to_dict() == {"C1": 10.0, "C2": 20.0, "C3": 30.0}
    code, err, scores = cli("quoted_commas.csv", "--delimiter", ",")
    assert (code, err, scores) == (2, ["error: quoted_commas.csv: no column for customer_id (columns found: "
                                       "customer_id;order_date;amount;note)"], None)
    code, err, scores = cli("pipes.txt", "--delimiter", "|")
    assert code == 0 and err[0] == "pipes.txt: 2 rows read, 2 accepted, 0 rejected"
    assert scores["monetary"].to_dict() == {"C1": 10.0, "C2": 20.0}
    code, err, _ = cli("pipes.txt", "--delimiter", "tab")
    assert code == 2 and err[0].startswith("error: pipes.txt: no column for customer_id")
    # the library takes the same option
    assert refusal("quoted_commas.csv", delimiter=",").startswith("quoted_commas.csv: no column for customer_id")
    _, tx = load("pipes.txt", delimiter="|")
    assert tx.report.delimiter == "|" and tx.accepted["amount"].tolist() == [10.0, 20.0]


# ---------------------------------------------------------------- containers

@pytest.mark.parametrize("name", ["orders.csv.gz", "orders.zip", "orders_macos.zip"])
def test_gzip_and_one_file_zip_read_like_the_plain_csv(cli, name):
    _, plain = load("orders.csv")
    _, packed = load(name)
    assert rejected(plain) == rejected(packed) == [
        {"row": 3, "column": "order_date", "reason": "bad_date", "value": "someday"}]
    pd.testing.assert_frame_equal(plain.accepted, packed.accepted)
    assert packed.accepted["amount"].tolist() == [10.5, 4.0]
    code, err, scores = cli(name)
    assert code == 0
    assert err[:2] == [f"{name}: 3 rows read, 2 accepted, 1 rejected",
                       f"  {name} row 3, column order_date: date not recognised ('someday')"]
    assert scores["monetary"].to_dict() == {"C1": 14.5}


# ---------------------------------------------------------------- workbooks

def test_the_sheet_option_reads_that_sheet_and_a_wrong_name_lists_the_sheets(cli):
    _, tx = load("sheets.xlsx", sheet="Orders")
    assert tx.accepted[["customer_id", "amount"]].values.tolist() == [["C1", 1.5], ["C3", 3.0]]
    assert rejected(tx) == [{"row": 3, "column": "order_date", "reason": "bad_date", "value": "never"}]
    assert refusal("sheets.xlsx", sheet="Nope") == "sheets.xlsx: no sheet 'Nope' (sheets: Notes, Orders)"
    code, err, scores = cli("sheets.xlsx", "--sheet", "Orders")
    assert code == 0
    assert err[:2] == ["sheets.xlsx: 3 rows read, 2 accepted, 1 rejected",
                       "  sheets.xlsx row 3, column order_date: date not recognised ('never')"]
    assert scores["monetary"].to_dict() == {"C1": 1.5, "C3": 3.0}
    assert cli("sheets.xlsx", "--sheet", "Nope") == (2, ["error: sheets.xlsx: no sheet 'Nope' (sheets: Notes, "
                                                         "Orders)"], None)
    code, err, _ = cli("sheets.xlsx")  # the first sheet holds no orders
    assert (code, err) == (2, ["error: sheets.xlsx: no column for customer_id (columns found: read me)"])


BOMB = "bomb_xfd.xlsx: sheet 'Sheet1' has more than 1,000 columns (the limit)"


def test_an_excel_bomb_is_refused_in_seconds_by_the_library():
    started = time.monotonic()
    assert refusal("bomb_xfd.xlsx", path=DATA / "bomb_xfd.xlsx") == BOMB
    assert time.monotonic() - started < 10


def test_an_excel_bomb_is_refused_in_seconds_by_the_command_line(tmp_path):
    started = time.monotonic()
    r = run_process(DATA / "bomb_xfd.xlsx", "--out", tmp_path / "x.csv")
    assert time.monotonic() - started < 30  # the interpreter's start included
    assert (r.returncode, r.stderr) == (2, f"error: {BOMB}\n")


# ---------------------------------------------------------------- ragged rows, blank lines, quoted line breaks

RAGGED = [
    {"row": 6, "column": "note", "reason": "bad_field_count", "value": "C3,2024-01-07,4,x,extra"},
    {"row": 7, "column": "order_date", "reason": "bad_date", "value": "never"},
    {"row": 8, "column": "note", "reason": "bad_field_count", "value": "C5,2024-01-08"},
    {"row": 9, "column": "amount", "reason": "bad_amount", "value": "abc"},
]


def test_ragged_rows_blank_lines_and_quoted_breaks_name_the_true_file_row():
    _, tx = load("ragged.csv")
    assert (tx.report.rows_read, tx.report.accepted, tx.report.rejected) == (7, 3, 4)
    assert tx.accepted["customer_id"].tolist() == ["C1", "C2", "C7"]
    assert rejected(tx) == RAGGED
    # the original cells travel with each rejected row
    assert tx.rejected["customer_id"].tolist() == ["C3", "C4", "C5", "C6"]
    assert tx.rejected["note"].tolist() == ["x", "x", "", "multi\nline"]
    _, tx = load("ragged_only.csv")  # only field-count rejections: the same columns
    assert list(tx.rejected.columns) == ["row", "column", "reason", "value", "customer_id", "order_date", "amount"]
    assert rejected(tx) == [{"row": 3, "column": "amount", "reason": "bad_field_count",
                             "value": "C2,2024-01-06,3,extra"}]


def test_ragged_rows_on_the_command_line(cli, tmp_path):
    out = tmp_path / "rejected.csv"
    code, err, scores = cli("ragged.csv", "--rejected-out", str(out))
    assert code == 0
    assert err[:5] == ["ragged.csv: 7 rows read, 3 accepted, 4 rejected"] + [
        "  " + ingest.describe_rejection("ragged.csv", r) for r in RAGGED]
    assert err[1:5] == [
        "  ragged.csv row 6, column note: number of fields differs from the header ('C3,2024-01-07,4,x,extra')",
        "  ragged.csv row 7, column order_date: date not recognised ('never')",
        "  ragged.csv row 8, column note: number of fields differs from the header ('C5,2024-01-08')",
        "  ragged.csv row 9, column amount: amount is not a number ('abc')",
    ]
    assert sorted(scores.index) == ["C1", "C2", "C7"]
    written = pd.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert written[["row", "reason", "customer_id"]].values.tolist() == [
        ["6", "bad_field_count", "C3"], ["7", "bad_date", "C4"], ["8", "bad_field_count", "C5"],
        ["9", "bad_amount", "C6"]]
    assert written["note"].tolist()[-1] == "multi\nline"


# ---------------------------------------------------------------- uploads on the Data page

def test_uploads_show_the_reading_decisions_and_the_refusal_on_the_data_page():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/data.py").run()
    assert not at.exception, at.exception

    up = at.file_uploader(key="up_orders")
    up.set_value(("dup_header.csv", (NASTY / "dup_header.csv").read_bytes(), "text/csv")).run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert any("dup_header.csv: the column name 'amount' appears twice (columns 3 and 4)" in e for e in errors), errors
    assert not any(b.label == "Check and load" for b in at.button)

    at.file_uploader(key="up_orders").set_value(
        ("decimal_comma.csv", (NASTY / "decimal_comma.csv").read_bytes(), "text/csv")).run()
    assert not at.exception, at.exception
    assert not at.error
    next(b for b in at.button if b.label == "Check and load").click().run()
    assert not at.exception, at.exception
    # file and column names and cell values are Markdown-escaped (ui.safe.md): the page shows them as written
    assert any("Loaded decimal\\_comma\\.csv: 4 rows accepted, 0 rejected" in s.value for s in at.success)
    shown = "\n".join(m.value for m in at.markdown)
    assert "How the file was read" in shown
    assert "**amount**: decimal comma (row 2 has “1\\.234\\,50”)" in shown


def test_a_csv_header_with_the_same_name_in_another_case_is_refused_in_plain_words(tmp_path, capsys):
    # header customer_id,order_date,amount,Amount: column names are compared without case in the database
    message = refusal("dup_header_case.csv")
    assert message.startswith("dup_header_case.csv: ") and "Amount" in message
    assert "Binder Error" not in message and "struct_pack" not in message
    assert main(["score", str(NASTY / "dup_header_case.csv"), "--out", str(tmp_path / "x.csv")]) == 2
    assert "Binder Error" not in capsys.readouterr().err


def test_a_parquet_file_with_the_same_name_in_another_case_is_refused():
    # columns customer_id, order_date, amount, AMOUNT: never renamed silently
    message = refusal("dup_header_case.parquet")
    assert message.startswith("dup_header_case.parquet: ") and "AMOUNT" in message


def test_a_ragged_row_right_below_a_blank_line_keeps_its_text_and_cells(tmp_path, capsys):
    # customer_id,order_date,amount / C1,2024-01-05,10 / (blank) / C2,2024-01-06 / C3,never,1
    tx, _ = ingest.load_files(duckdb.connect(), NASTY / "ragged_after_blank.csv")
    first = tx.rejected.iloc[0]
    assert (first["row"], first["reason"], first["value"]) == (4, "bad_field_count", "C2,2024-01-06")
    assert (first["customer_id"], first["order_date"], first["amount"]) == ("C2", "2024-01-06", "")
    assert main(["score", str(NASTY / "ragged_after_blank.csv"), "--out", str(tmp_path / "x.csv")]) == 0
    assert ("  ragged_after_blank.csv row 4, column amount: number of fields differs from the header "
            "('C2,2024-01-06')") in capsys.readouterr().err.splitlines()

def test_utf16_text_as_excel_exports_it_is_read(tmp_path):
    path = tmp_path / "unicode.txt"
    path.write_bytes("客户编号\t订单日期\t金额\n001\t2024-01-05\t12.5\n".encode("utf-16"))
    tx, _ = ingest.load_files(duckdb.connect(), path)
    assert tx.report.encoding == "utf-16" and tx.report.accepted == 1
    assert tx.accepted[["customer_id", "amount"]].values.tolist() == [["001", 12.5]]
