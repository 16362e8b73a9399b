"""Reading, mapping and validating files: nothing lost, every rejection explained."""
import io
import re

import duckdb
import pandas as pd
import pytest

from analytics import ingest
from analytics.features import customer_features

ORDERS = (
    "订单号,订单日期,客户编号,金额,利润\n"
    "A1,2024/1/5,001,\"￥1,234.50\",100\n"
    "A2,2024年1月6日,002,-30,-3\n"
    "A3,2024-13-45,003,10,1\n"
    "A4,2024-01-07,,10,1\n"
    "A5,2024-01-07,004,abc,1\n"
    "A1,2024/1/5,001,\"￥1,234.50\",100\n"
)


def raw(text: str, name: str = "orders.csv", encoding: str = "utf-8") -> ingest.RawTable:
    return ingest.read_table(text.encode(encoding), name)


def test_gbk_chinese_headers_are_read_and_mapped():
    r = raw(ORDERS, encoding="gbk")
    assert r.encoding == "gb18030" and r.delimiter == ","
    m = ingest.guess_mapping(list(r.frame.columns), "transactions")
    assert m["customer_id"] == "客户编号" and m["order_date"] == "订单日期" and m["amount"] == "金额"
    assert m["order_id"] == "订单号" and m["profit"] == "利润" and m["quantity"] is None


def test_utf8_with_bom_and_tabs():
    r = ingest.read_table(b"\xef\xbb\xbfCustomerID\tInvoiceDate\tSales\n17850.0\t12/1/2010 8:26\t15.30\n", "x.tsv")
    assert r.encoding == "utf-8-sig" and r.delimiter == "\t"
    assert list(r.frame.columns) == ["CustomerID", "InvoiceDate", "Sales"]
    res = ingest.validate_transactions(r, ingest.guess_mapping(list(r.frame.columns)))
    # ids stay exactly as written
    assert res.accepted["customer_id"].tolist() == ["17850.0"]
    assert res.accepted["order_date"].iloc[0] == pd.Timestamp("2010-12-01 08:26")


def test_every_row_is_accepted_or_rejected_with_file_row_column_and_reason():
    r = raw(ORDERS)
    res = ingest.validate_transactions(r, ingest.guess_mapping(list(r.frame.columns)), today=pd.Timestamp("2024-06-30").date())
    rep = res.report
    assert rep.rows_read == 6 and rep.accepted == 3 and rep.rejected == 3
    assert rep.rows_read == rep.accepted + rep.rejected
    rej = res.rejected[["row", "column", "reason", "value"]].to_dict("records")
    assert rej == [
        {"row": 4, "column": "订单日期", "reason": "bad_date", "value": "2024-13-45"},
        {"row": 5, "column": "客户编号", "reason": "empty_customer_id", "value": ""},
        {"row": 6, "column": "金额", "reason": "bad_amount", "value": "abc"},
    ]
    # the original cells travel with the rejected row
    assert res.rejected["订单号"].tolist() == ["A3", "A4", "A5"]
    assert res.accepted["amount"].tolist() == [1234.5, -30.0, 1234.5]
    assert res.accepted["customer_id"].tolist() == ["001", "002", "001"]  # leading zeros kept
    assert rep.duplicates == 1 and not rep.duplicates_dropped
    assert rep.returns == 1 and rep.return_amount == -30.0
    assert rep.date_min == "2024-01-05" and rep.date_max == "2024-01-06"
    assert rep.customers == 2
    # 001 bought once (its duplicate line is the same order A1); 002 only returned: no buyer
    assert rep.one_time_share == 1.0
    assert rep.rejected_by_reason == {"bad_date": 1, "empty_customer_id": 1, "bad_amount": 1}


def test_dropping_duplicates_moves_them_to_the_rejected_rows():
    r = raw(ORDERS)
    res = ingest.validate_transactions(r, ingest.guess_mapping(list(r.frame.columns)), drop_duplicates=True)
    assert res.report.accepted == 2 and res.report.rejected == 4
    last = res.rejected.iloc[-1]
    assert (last["row"], last["reason"]) == (7, "duplicate_row")


def test_amount_from_quantity_and_unit_price_when_there_is_no_amount():
    r = raw("Customer ID,Date,Quantity,UnitPrice\nX,2024-01-05,3,2.50\nY,2024-01-05,x,2\nZ,2024-01-05,1,\n")
    m = ingest.guess_mapping(list(r.frame.columns))
    assert m["amount"] is None and m["quantity"] == "Quantity" and m["unit_price"] == "UnitPrice"
    res = ingest.validate_transactions(r, m)
    assert res.accepted["amount"].tolist() == [7.5]
    assert res.rejected[["row", "reason"]].values.tolist() == [[3, "bad_quantity"], [4, "bad_unit_price"]]


@pytest.mark.parametrize("text,expected", [
    ("2024-01-05", "2024-01-05"), ("2024/1/5", "2024-01-05"), ("2024年1月5日", "2024-01-05"),
    ("05.01.2024", "2024-01-05"), ("20240105", "2024-01-05"), ("45296", "2024-01-05"),
    ("2024-01-05 23:10:00", "2024-01-05"), ("2024-01-05T23:00:00+08:00", "2024-01-05"),
])
def test_date_formats(text, expected):
    got = ingest.parse_dates(pd.Series([text]))
    assert got.iloc[0].date().isoformat() == expected


def test_slash_dates_are_day_first_only_when_the_column_says_so():
    us = ingest.parse_dates(pd.Series(["12/1/2010", "1/5/2011"]))
    assert [d.date().isoformat() for d in us] == ["2010-12-01", "2011-01-05"]
    eu = ingest.parse_dates(pd.Series(["13/01/2024", "05/01/2024"]))
    assert [d.date().isoformat() for d in eu] == ["2024-01-13", "2024-01-05"]


@pytest.mark.parametrize("text", ["2023-02-30", "TBD", "", "2024-13-01", "99999999"])
def test_impossible_dates_are_not_guessed(text):
    assert pd.isna(ingest.parse_dates(pd.Series([text])).iloc[0])


def test_numbers_with_currency_and_separators():
    got = ingest.parse_numbers(pd.Series(["¥1,234.50", "￥ 2，000 元", "(12)", "-3", "1e3", "abc", "", "inf"]))
    assert got.iloc[:5].tolist() == [1234.5, 2000.0, -12.0, -3.0, 1000.0]
    assert got.iloc[5:].isna().all()


def test_excel_with_a_sheet_picker_and_parquet():
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        pd.DataFrame({"note": ["x"]}).to_excel(xw, sheet_name="Notes", index=False)
        pd.DataFrame({"客户ID": ["007"], "下单日期": [pd.Timestamp("2024-03-01")], "销售额": [12.5]}).to_excel(
            xw, sheet_name="订单", index=False)
    data = buf.getvalue()
    assert ingest.sheet_names(data, "book.xlsx") == ["Notes", "订单"]
    r = ingest.read_table(data, "book.xlsx", "订单")
    res = ingest.validate_transactions(r, ingest.guess_mapping(list(r.frame.columns)))
    assert res.accepted[["customer_id", "amount"]].values.tolist() == [["007", 12.5]]
    assert res.accepted["order_date"].iloc[0] == pd.Timestamp("2024-03-01")
    pq = io.BytesIO()
    pd.DataFrame({"customer_id": [1, 2], "order_date": pd.to_datetime(["2024-01-01", "2024-01-02"]),
                  "amount": [1.0, 2.0]}).to_parquet(pq)
    r = ingest.read_table(pq.getvalue(), "o.parquet")
    assert r.first_row == 1
    res = ingest.validate_transactions(r, ingest.guess_mapping(list(r.frame.columns)))
    assert res.accepted["customer_id"].tolist() == ["1", "2"] and res.report.rejected == 0


@pytest.mark.parametrize("data,name,message", [
    (b"", "empty.csv", "empty.csv: the file is empty"),
    (b"not a workbook", "book.xlsx", "book.xlsx: not a readable Excel workbook"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "picture.csv", "picture.csv: not a text table (binary content)"),
])
def test_unreadable_files_raise_a_message_naming_the_file(data, name, message):
    with pytest.raises(ingest.IngestError, match=re.escape(message)):
        ingest.read_table(data, name)


def test_rows_with_too_many_or_too_few_fields_are_rejected_not_fatal():
    text = ("customer_id,order_date,amount\n"
            "C1,2024-01-05,10\n"
            "C2,2024-02-05,3,extra\n"  # file row 3: one field too many
            "C3,2024-02-06,4\n"
            "C4,2024-02-07\n")  # file row 5: one too few
    res = ingest.validate_transactions(r := raw(text), ingest.guess_mapping(list(r.frame.columns)))
    assert res.report.rows_read == 4 and res.report.accepted == 2 and res.report.rejected == 2
    assert res.accepted["customer_id"].tolist() == ["C1", "C3"]
    assert res.rejected[["row", "column", "reason", "value"]].to_dict("records") == [
        {"row": 3, "column": "amount", "reason": "bad_field_count", "value": "C2,2024-02-05,3,extra"},
        {"row": 5, "column": "amount", "reason": "bad_field_count", "value": "C4,2024-02-07"},
    ]


def test_rejected_rows_name_the_file_row_across_blank_lines_and_quoted_line_breaks():
    text = ("customer_id,order_date,amount,note\n"
            "C1,2024-01-05,10,plain\n"
            "\n"  # row 3: blank, not a row
            "C2,2024-01-06,5,\"two\nlines\"\n"  # rows 4-5: one record
            "C3,someday,4,x\n")  # row 6
    r = raw(text)
    assert len(r.frame) == 3 and r.frame["note"].tolist() == ["plain", "two\nlines", "x"]
    res = ingest.validate_transactions(r, ingest.guess_mapping(list(r.frame.columns)))
    assert res.rejected[["row", "column", "reason"]].to_dict("records") == [
        {"row": 6, "column": "order_date", "reason": "bad_date"}]
    tsv = ingest.read_table(b"customer_id\torder_date\tamount\nC1\t2024-01-05\t1\n\nC2\tnever\t2\n", "o.tsv")
    res = ingest.validate_transactions(tsv, ingest.guess_mapping(list(tsv.frame.columns)))
    assert res.rejected["row"].tolist() == [4] and res.report.rows_read == 2


def test_rejected_rows_name_the_sheet_row_when_the_sheet_has_empty_rows():
    buf = io.BytesIO()
    frame = pd.DataFrame({"customer_id": ["C1", None, "C2"], "order_date": ["2024-01-05", None, "never"],
                          "amount": [1.0, None, 2.0]})
    frame.to_excel(buf, index=False)  # sheet rows: 1 header, 2 C1, 3 empty, 4 C2
    r = ingest.read_table(buf.getvalue(), "book.xlsx")
    res = ingest.validate_transactions(r, ingest.guess_mapping(list(r.frame.columns)))
    assert res.report.rows_read == 2 and res.rejected["row"].tolist() == [4]


def test_a_missing_required_column_is_named():
    r = raw("who,when\nx,2024-01-01\n")
    with pytest.raises(ingest.IngestError, match="orders.csv: no column for customer_id"):
        ingest.validate_transactions(r, ingest.guess_mapping(list(r.frame.columns)))


def test_customers_keep_attributes_and_reject_duplicates():
    r = raw("客户编号,客户名称,企业性质,逾期天数,建档日期,信用分\n001,甲,国企,5,2020-01-01,3\n002,乙,民营,x,,4\n"
            "001,甲2,国企,0,,5\n,丙,民营,0,,1\n")
    m = ingest.guess_mapping(list(r.frame.columns), "customers")
    assert m["ownership"] == "企业性质" and m["overdue_days"] == "逾期天数" and m["created_date"] == "建档日期"
    res = ingest.validate_customers(r, m)
    assert res.accepted["customer_id"].tolist() == ["001"]
    assert res.accepted["overdue_days"].tolist() == [5.0]
    assert res.accepted["信用分"].dtype == "float64"  # unmapped, all numbers: usable as a score component
    assert res.rejected[["row", "reason"]].values.tolist() == [[3, "bad_number"], [4, "duplicate_customer_id"],
                                                               [5, "empty_customer_id"]]
    assert res.report.rows_read == res.report.accepted + res.report.rejected


def test_load_into_duckdb_replaces_every_table(tmp_path):
    (tmp_path / "o.csv").write_text(ORDERS, encoding="gbk")
    (tmp_path / "c.csv").write_text("customer_id,industry\n001,制造\n009,教育\n", encoding="utf-8")
    con = duckdb.connect()
    tx, cu = ingest.load_files(con, tmp_path / "o.csv", tmp_path / "c.csv")
    assert con.sql("select count(*) from transactions").fetchall() == [(3,)]
    assert con.sql("select count(*) from rejected_transactions").fetchall() == [(3,)]
    assert con.sql("select customer_id from customers order by 1").fetchall() == [("001",), ("009",)]
    f = customer_features(con)
    assert f[["customer_id", "frequency", "monetary"]].values.tolist() == [["001", 1, 2469.0]]
    ingest.load_files(con, tmp_path / "o.csv")  # a new load without customers drops the old ones
    assert con.sql("select count(*) from information_schema.tables where table_name = 'customers'").fetchall() == [(0,)]


def test_describe_rejection_is_one_readable_line():
    row = {"row": 4, "column": "订单日期", "reason": "bad_date", "value": "2024-13-45"}
    assert ingest.describe_rejection("orders.csv", row) == \
        "orders.csv row 4, column 订单日期: date not recognised ('2024-13-45')"
