"""One customer's story: orders and tier history on a hand-typed history (every number worked out by hand),
and the customer page run headless: its explanation against the Tiers table and the command line, a tier set
by hand on the page seen on the Tiers and Export pages, a row click opening the page, and Chinese labels."""
import csv
import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analytics.config import Scenario
from analytics.customer_story import (history_dates, history_of, monthly_amounts, orders_of, quarter_ends, scores_at,
                                      tier_changes, tier_history)
from analytics.export import select_customers, to_csv_bytes
from apptest import open_app
from ui.tables import CUSTOMER_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"

# A: three orders (SO2 has two lines; the last has no order id: its two lines of one day are one order)
# B: two orders; C: one purchase and a later return (an order of its own)
LINES = [
    ("A", "2024-01-10", 100.0, "SO1"), ("A", "2024-03-05", 150.0, "SO2"), ("A", "2024-03-05", 50.0, "SO2"),
    ("A", "2024-06-20", 250.0, None), ("A", "2024-06-20", 50.0, ""),
    ("B", "2023-12-20", 50.0, "SO3"), ("B", "2024-05-01", 80.0, "SO4"),
    ("C", "2024-02-15", 1000.0, "SO5"), ("C", "2024-04-10", -100.0, "R1"),
]
TIERS = (("Gold", 75.0), ("Silver", 40.0), ("Bronze", 0.0))


@pytest.fixture
def con():
    c = duckdb.connect()
    c.execute("CREATE TABLE transactions (customer_id VARCHAR, order_date DATE, amount DOUBLE, order_id VARCHAR)")
    c.executemany("INSERT INTO transactions VALUES (?, ?, ?, ?)", LINES)
    return c


def test_orders_of_groups_lines_into_orders_by_date(con):
    o = orders_of(con, "A")
    assert o["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-10", "2024-03-05", "2024-06-20"]
    assert o["order_id"].tolist() == ["SO1", "SO2", ""]
    assert o["lines"].tolist() == [1, 2, 2]
    assert o["amount"].tolist() == [100.0, 200.0, 300.0]
    assert orders_of(con, "C")["amount"].tolist() == [1000.0, -100.0]  # the return is an order of its own
    assert len(orders_of(con, "A", as_of=date(2024, 3, 31))) == 2  # lines after the as-of date are left out


def test_orders_of_binds_the_id_instead_of_splicing_it(con):
    assert orders_of(con, "A' OR '1'='1").empty
    assert orders_of(con, "A'; DROP TABLE transactions; --").empty
    assert con.execute("SELECT count(*) FROM transactions").fetchone()[0] == len(LINES)


def test_monthly_amounts_fill_the_months_between():
    o = pd.DataFrame({"date": pd.to_datetime(["2024-01-10", "2024-03-05", "2024-03-20", "2024-06-20"]),
                      "order_id": ["a", "b", "c", "d"], "lines": 1, "amount": [100.0, 200.0, -50.0, 300.0]})
    m = monthly_amounts(o)
    assert m["month"].dt.strftime("%Y-%m").tolist() == [f"2024-0{i}" for i in range(1, 7)]
    assert m["amount"].tolist() == [100.0, 0.0, 150.0, 0.0, 0.0, 300.0]
    assert m["orders"].tolist() == [1, 0, 2, 0, 0, 1]
    assert monthly_amounts(o.iloc[:0]).empty


def test_quarter_ends_within_the_data():
    assert quarter_ends(date(2023, 2, 10), date(2024, 6, 30)) == [
        date(2023, 3, 31), date(2023, 6, 30), date(2023, 9, 30), date(2023, 12, 31), date(2024, 3, 31),
        date(2024, 6, 30)]
    assert quarter_ends(date(2023, 2, 10), date(2024, 6, 29), at_most=2) == [date(2023, 12, 31), date(2024, 3, 31)]
    assert quarter_ends(date(2021, 7, 1), date(2024, 6, 30)) == [
        date(2022, 9, 30), date(2022, 12, 31), date(2023, 3, 31), date(2023, 6, 30), date(2023, 9, 30),
        date(2023, 12, 31), date(2024, 3, 31), date(2024, 6, 30)]  # at most 8, the last ones
    assert quarter_ends(date(2024, 4, 1), date(2024, 6, 29)) == []
    assert quarter_ends(date(2024, 7, 1), date(2024, 6, 30)) == [] and quarter_ends(None, date(2024, 6, 30)) == []
    # a history: the quarter ends before the as-of date, then the as-of date itself
    assert history_dates(date(2023, 11, 1), date(2024, 5, 15)) == [date(2023, 12, 31), date(2024, 3, 31),
                                                                   date(2024, 5, 15)]
    assert history_dates(date(2023, 11, 1), date(2024, 6, 30), at_most=2) == [date(2024, 3, 31), date(2024, 6, 30)]


def test_tier_history_scores_everyone_at_each_date(con):
    """Bins 3, quantile, R = F = M = 1; x = (s - 1) / 2, score = 100 x mean(x).

    2023-12-31: only B has bought (N = 1: every score 1), score 0 -> Bronze; A and C not yet scored.
    2024-03-31: R days A 26, B 102, C 45 -> r A3 C2 B1; F A2 B1 C1 -> f A3 B1 C1 (ties share the lowest rank);
      M A300 B50 C1000 -> m C3 A2 B1. A (1 + 1 + .5) / 3 = 83.333333 Gold; B 0 Bronze; C (.5 + 0 + 1) / 3 = 50 Silver.
    2024-06-30: R A10 B60 C136; F A3 B2 C1; M A600 B130 C900 (the return nets C's 1000 to 900):
      A 83.333333 Gold; B (.5 + .5 + 0) / 3 = 33.333333 Bronze; C (0 + 0 + 1) / 3 = 33.333333 Bronze."""
    s = Scenario(bins=3, tiers=TIERS, overrides={"C": {"tier": "Gold", "reason": "strategic account"}})
    dates = [date(2023, 12, 31), date(2024, 3, 31), date(2024, 6, 30)]
    a, b, c = (tier_history(con, s, cid, dates) for cid in "ABC")
    assert a["tier"].tolist() == ["—", "Gold", "Gold"] and a["score"].round(6).tolist()[1:] == [83.333333, 83.333333]
    assert pd.isna(a["score"].iat[0])
    assert b["tier"].tolist() == ["Bronze"] * 3 and b["score"].round(6).tolist() == [0.0, 0.0, 33.333333]
    # C's override (set today) is not written into the past: the tiers are the score's
    assert c["tier"].tolist() == ["—", "Silver", "Bronze"] and c["score"].round(6).tolist()[1:] == [50.0, 33.333333]
    assert [d.date() for d in c["date"]] == dates
    assert tier_changes(c) == 2 and tier_changes(b) == 0
    every = scores_at(con, s, dates)
    assert len(every) == 1 + 3 + 3  # each date's scored population
    assert history_of(every, "nobody", dates)["tier"].tolist() == ["—"] * 3


def test_tier_history_follows_the_look_back_window(con):
    """Look-back 90 days at 2024-06-30: orders after 2024-04-01 count; C's only order is its return, so C
    has no purchase in the window and is not scored. A (F1 M300 R10) beats B (F1 M80 R60) on R and M: with
    two customers, bins 3: A r3 f1 m3 -> (1 + 0 + 1) / 3 = 66.666667 Silver; B 0 Bronze."""
    s = Scenario(bins=3, tiers=TIERS, lookback_days=90)
    h = {cid: tier_history(con, s, cid, [date(2024, 6, 30)]) for cid in "ABC"}
    assert h["A"]["score"].round(6).tolist() == [66.666667] and h["A"]["tier"].tolist() == ["Silver"]
    assert h["B"]["tier"].tolist() == ["Bronze"] and h["C"]["tier"].tolist() == ["—"]


def test_export_lists_carry_the_tier_set_by_hand_and_its_reason(sample_scoring):
    cid, _ = a_b_customer(sample_scoring)
    scored = sample_scoring(Scenario(overrides={cid: {"tier": "A", "reason": "=strategic account"}}))
    chosen = select_customers(scored, ["A"], columns=["customer_id", "tier", "score"])
    assert list(chosen.columns) == ["customer_id", "tier", "score_tier", "override_reason", "score"]
    row = chosen[chosen["customer_id"] == cid].iloc[0]
    assert row["tier"] == "A" and row["score_tier"] == "B" and row["override_reason"] == "=strategic account"
    assert chosen["override_reason"].notna().sum() == 1
    text = to_csv_bytes(chosen).decode("utf-8-sig")
    assert "customer_id,tier,score_tier,override_reason,score" in text
    assert f"{cid},A,B,'=strategic account," in text  # neutralised like every text cell
    plain = select_customers(sample_scoring(Scenario()), ["A"], columns=["customer_id", "tier"])
    assert list(plain.columns) == ["customer_id", "tier"]  # no overrides: the list is as before


# --- the customer page, headless --------------------------------------------------------------------------------

def a_b_customer(sample_scoring) -> tuple[str, float]:
    """The first customer (by id) in tier B of the default settings, and their score."""
    scored = sample_scoring(Scenario())
    b = scored[scored["tier"].astype(str) == "B"].sort_values("customer_id").iloc[0]
    return b["customer_id"], float(b["score"])


def explanation_table(at) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "points" in d.value.columns and "component" in d.value.columns)


def tiers_row(at, customer_id) -> pd.Series:
    at.text_input(key="tiers_table_q").set_value(customer_id).run()
    table = next(d.value for d in at.dataframe if "customer_id" in d.value.columns)
    return table[table["customer_id"] == customer_id].iloc[0]


def test_the_explanation_adds_up_to_the_score_of_the_tiers_table_and_the_command_line(sample_scoring):
    cid, score = a_b_customer(sample_scoring)
    at = open_app({"customer": cid, "lang": "en"}, page="pages/customer.py")
    assert at.subheader[0].value.startswith(cid)
    table = explanation_table(at)
    assert table["component"].iloc[-1] == "Total (score)"
    total = float(table["points"].iloc[-1])
    assert round(float(table["points"].iloc[:-1].sum()), 4) == round(total, 4) == round(score, 4)
    assert next(m.value for m in at.metric if m.label == "Score") == f"{score:.1f}"
    words = "\n".join(m.value for m in at.markdown)
    assert "points** below A (from 75)" in words and f"**{75 - score:.1f} points**" in words

    tiers = open_app({"lang": "en"})
    assert round(float(tiers_row(tiers, cid)["score"]), 4) == round(score, 4)

    out = subprocess.run([sys.executable, "-m", "analytics", "explain", str(SAMPLE / "orders.csv"), "--customers",
                          str(SAMPLE / "customers.csv"), "--customer", cid], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    cli = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [r["component"] for r in cli] == ["R", "F", "M", "total"]
    assert [round(float(r["points"]), 4) for r in cli] == [round(float(p), 4) for p in table["points"]]
    assert f"{round(75 - score, 6):g} points below A (from 75)" in out.stderr


def test_a_tier_set_by_hand_shows_on_the_tiers_and_export_pages(sample_scoring):
    cid, _ = a_b_customer(sample_scoring)
    at = open_app({"customer": cid, "lang": "en"}, page="pages/customer.py")
    at.selectbox(key="ovr_tier").set_value("A")
    at.button(key="ovr_apply").click().run()  # no reason: refused, said, nothing set
    assert not at.exception and at.session_state["scenario"].overrides == {}
    assert any("Give a reason" in e.value for e in at.error)
    at.text_area(key="ovr_reason").set_value("strategic account")
    at.button(key="ovr_apply").click().run()
    assert at.session_state["scenario"].overrides == {cid: {"tier": "A", "reason": "strategic account"}}
    assert next(m.value for m in at.metric if m.label == "Tier") == "A"
    assert any(i.value == "Tier A set by hand: strategic account. The score gives B." for i in at.info)

    at.switch_page("pages/tiers.py").run()
    assert not at.exception
    assert any(e.label == "Overrides (1)" for e in at.expander)
    assert any(c.value == "incl. 1 set by hand" for c in at.caption)
    row = tiers_row(at, cid)
    assert row["tier"] == "A" and row["override"] == "strategic account"

    at.switch_page("pages/export.py").run()
    assert not at.exception
    preview = next(d.value for d in at.dataframe if "customer_id" in d.value.columns)
    assert list(preview.columns[1:5]) == ["name", "tier", "score_tier", "override_reason"]
    listed = select_customers(sample_scoring(at.session_state["scenario"]), ["A"], columns=CUSTOMER_COLUMNS)
    mine = listed[listed["customer_id"] == cid].iloc[0]  # the list the page downloads (its preview shows 100)
    assert mine["tier"] == "A" and mine["score_tier"] == "B" and mine["override_reason"] == "strategic account"

    at.query_params["customer"] = cid
    at.switch_page("pages/customer.py").run()  # removed again on the customer page
    at.button(key="ovr_remove").click().run()
    assert at.session_state["scenario"].overrides == {}


def test_selecting_a_row_of_the_tiers_table_opens_the_customer_page(sample_scoring):
    cid, _ = a_b_customer(sample_scoring)
    at = open_app({"lang": "en"})
    tiers_row(at, cid)
    assert at.session_state["tiers_table__ids"] == [cid]  # the rows shown, in order: what a click maps to
    at.session_state["cust_open"] = cid  # what the table's on_select callback leaves for the next run
    at.run()
    assert not at.exception
    assert at.title[0].value == "Customer" and at.query_params["customer"] == cid
    assert at.subheader[0].value.startswith(cid)


def test_the_customer_page_in_chinese(sample_scoring):
    cid, score = a_b_customer(sample_scoring)
    at = open_app({"customer": cid, "lang": "en"}, page="pages/customer.py")
    at.session_state["lang"] = "zh"  # as the sidebar's switch sets it (a page run after switch_page has no sidebar)
    at.run()
    assert not at.exception and at.title[0].value == "客户"
    labels = [m.label for m in at.metric]
    assert labels == ["综合得分", "层级", "生命周期阶段", "预测价值", "活跃概率"]
    assert [s.value for s in at.subheader][1:] == ["为什么是 B 层？", "订单记录", "层级历史", "行动建议",
                                                   "下载"]
    words = "\n".join(m.value for m in at.markdown)
    assert f"距 A 层还差 **{75 - score:.1f} 分**" in words
    table = explanation_table(at)
    assert table["component"].tolist()[:3] == ["最近购买 (R)", "购买频次 (F)", "消费金额 (M)"]


def test_a_link_to_an_unknown_customer_says_so():
    at = open_app({"customer": "NOPE<b>", "lang": "en"}, page="pages/customer.py")
    assert any("No customer NOPE" in w.value for w in at.warning)
    assert any("Pick a customer" in i.value for i in at.info)


def test_the_story_workbook_is_written_like_every_exported_list():
    from openpyxl import load_workbook

    from analytics.export import to_excel_workbook_bytes
    orders = pd.DataFrame({"date": pd.to_datetime(["2024-01-10"]), "order_id": ["=HYPERLINK(1)"], "lines": [2],
                           "amount": [1234.5678]})
    summary = pd.DataFrame({"item": ["Customer", "Set by hand: reason"], "value": ["A", "+strategic"]})
    book = load_workbook(io.BytesIO(to_excel_workbook_bytes([("summary", summary), ("orders", orders),
                                                               ("a sheet name longer than Excel allows", orders)])))
    assert book.sheetnames == ["summary", "orders", "a sheet name longer than Excel allows"[:31]]
    assert [c.value for c in book["summary"]["B"]] == ["value", "A", "'+strategic"]  # never run as a formula
    assert [c.value for c in book["orders"][2]] == ["2024-01-10", "'=HYPERLINK(1)", 2, 1234.57]  # money to the cent
    assert book["orders"].freeze_panes == "A2"
