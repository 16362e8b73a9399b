"""The exporter: UTF-8 with BOM, formulas neutralised, numbers kept as numbers."""
import io

import openpyxl
import pandas as pd

from analytics.export import export_frame, neutralise, select_customers, to_csv_bytes, to_excel_bytes, write_table

FRAME = pd.DataFrame({"customer_id": ["=HYPERLINK(\"x\")", "+86", "-1", "@a", "\tt", "\rr", "正常"],
                      "monetary": [-5.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]})


def test_text_that_a_spreadsheet_would_run_gets_an_apostrophe():
    out = neutralise(FRAME)
    assert out["customer_id"].tolist() == ["'=HYPERLINK(\"x\")", "'+86", "'-1", "'@a", "'\tt", "'\rr", "正常"]
    assert out["monetary"].tolist() == FRAME["monetary"].tolist()
    assert FRAME["customer_id"][0].startswith("=")  # the input is not modified


def test_csv_is_utf8_with_bom_and_keeps_chinese():
    data = to_csv_bytes(pd.DataFrame({"客户": ["华东"], "x": [1.5]}))
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == ["客户,x", "华东,1.5"]


def test_excel_keeps_numbers_numeric_and_text_neutralised():
    wb = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(FRAME)))
    rows = list(wb.active.iter_rows(values_only=True))
    assert rows[0] == ("customer_id", "monetary")
    assert rows[1] == ("'=HYPERLINK(\"x\")", -5)
    assert isinstance(rows[1][1], (int, float))


def test_select_customers_filters_and_orders_by_score():
    scored = pd.DataFrame({"customer_id": ["a", "b", "c"], "tier": ["A", "B", "A"], "segment": ["重要价值"] * 3,
                           "grid_segment": ["loyal"] * 3, "abc": ["A", "A", "C"], "score": [80.0, 60.0, 90.0]})
    out = select_customers(scored, tiers=["A"], abc=["A", "C"], columns=["customer_id", "score"])
    assert out.values.tolist() == [["c", 90.0], ["a", 80.0]]


LIST = pd.DataFrame({"customer_id": ["c1", "c2", "c3"], "tier": ["A", None, "B"],
                     "monetary": [1234.5678, 0.1251, -3.004999], "clv": [10.0 / 3, 2.6749, float("nan")],
                     "p_alive": [0.123456789, 1 / 3, 0.99995], "clv_share": [0.5, 1 / 7, 0.00001],
                     "conversion_repeat": [2 / 3, 0.0, 1.0], "expected_purchases": [1.23456789, 0.0, 2.5],
                     "frequency": [3, 1, 2]})


def test_export_frame_rounds_money_to_cents_and_probabilities_to_four_decimals():
    out = export_frame(LIST)
    assert out["monetary"].tolist() == [1234.57, 0.13, -3.0]
    assert out["clv"].tolist()[:2] == [3.33, 2.67] and pd.isna(out["clv"].iloc[2])
    assert out["p_alive"].tolist() == [0.1235, 0.3333, 1.0]
    assert out["clv_share"].tolist() == [0.5, 0.1429, 0.0] and out["conversion_repeat"].tolist() == [0.6667, 0.0, 1.0]
    assert out["expected_purchases"].tolist() == LIST["expected_purchases"].tolist()  # neither money nor a share
    assert LIST["monetary"].iloc[0] == 1234.5678  # the input is not modified
    plain = pd.DataFrame({"customer_id": ["a"], "n": [1.23456]})
    assert export_frame(plain) is plain


def test_written_csv_has_cents_four_decimal_probabilities_and_an_empty_missing_tier():
    lines = to_csv_bytes(LIST).decode("utf-8-sig").splitlines()
    assert lines[0] == "customer_id,tier,monetary,clv,p_alive,clv_share,conversion_repeat,expected_purchases,frequency"
    assert lines[1] == "c1,A,1234.57,3.33,0.1235,0.5,0.6667,1.23456789,3"
    assert lines[2] == "c2,,0.13,2.67,0.3333,0.1429,0.0,0.0,1"
    assert lines[3] == "c3,B,-3.0,,1.0,0.0,1.0,2.5,2"


def test_written_excel_has_the_same_rounded_values():
    rows = list(openpyxl.load_workbook(io.BytesIO(to_excel_bytes(LIST))).active.iter_rows(values_only=True))
    assert rows[1] == ("c1", "A", 1234.57, 3.33, 0.1235, 0.5, 0.6667, 1.23456789, 3)
    assert rows[2] == ("c2", None, 0.13, 2.67, 0.3333, 0.1429, 0, 0, 1)
    assert rows[3][2:5] == (-3.0, None, 1.0)


def test_the_command_line_writer_rounds_too(tmp_path):
    path = tmp_path / "list.csv"
    write_table(LIST, path)
    got = pd.read_csv(path, encoding="utf-8-sig")
    assert got["monetary"].tolist() == [1234.57, 0.13, -3.0] and got["p_alive"].tolist() == [0.1235, 0.3333, 1.0]
