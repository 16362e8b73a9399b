"""The exporter: UTF-8 with BOM, formulas neutralised, numbers kept as numbers."""
import io

import openpyxl
import pandas as pd

from analytics.export import neutralise, select_customers, to_csv_bytes, to_excel_bytes

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
