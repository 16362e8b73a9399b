"""Every page run headless with AppTest on the bundled sample: change a widget, see the change."""
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from analytics import ingest
from analytics.config import Scenario
from apptest import open_app

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"


def app(page=None) -> AppTest:
    return open_app(page=page)


def tier_counts(at) -> dict:
    out = {}
    for m in at.metric:
        if m.label.startswith("Tier "):
            out[m.label.split(" ")[1]] = int(m.value.replace(",", ""))
    return out


def expected_counts(scored) -> dict:
    return scored["tier"].astype(str).value_counts().reindex(["A", "B", "C"], fill_value=0).to_dict()


def test_tiers_page_shows_the_tiers_of_the_sample(sample_scoring):
    at = app()
    assert at.title[0].value == "Customer tiers"
    assert tier_counts(at) == expected_counts(sample_scoring(Scenario()))
    assert len(at.get("plotly_chart")) >= 4


def test_moving_a_weight_slider_retiers_the_customers(sample_scoring):
    at = app()
    before = tier_counts(at)
    at.select_slider(key="w_weight_R").set_value(3.0).run()
    assert not at.exception
    after = tier_counts(at)
    assert after != before
    assert after == expected_counts(sample_scoring(Scenario(weights={"R": 3.0, "F": 1.0, "M": 1.0, "profit": 0.0})))


def test_share_tiers_take_the_chosen_shares(sample_scoring):
    at = app()
    at.radio(key="w_tier_method").set_value("share").run()
    counts = tier_counts(at)
    n = sum(counts.values())
    assert counts["A"] == round(0.1 * n) and counts["B"] == round(0.3 * n) - round(0.1 * n)


def test_switching_language_translates_the_page():
    at = app()
    at.segmented_control(key="lang_choice").set_value("zh").run()
    assert not at.exception
    assert at.title[0].value == "客户分层"
    assert any(m.label.startswith("A 层") for m in at.metric)


def test_the_tier_cards_share_one_money_unit(sample_scoring):
    from analytics.scoring import tier_summary
    at = app()
    at.segmented_control(key="lang_choice").set_value("zh").run()
    summary = tier_summary(sample_scoring(Scenario()))
    assert summary["revenue"].min() < 1e8 <= summary["revenue"].max()  # one tier past 1亿 (37,299.5万)
    bodies = [m.value for m in at.markdown if m.value.startswith("金额")]
    assert len(bodies) == 3
    for body, revenue in zip(bodies, summary["revenue"]):  # all in 亿: 3.73亿 beside 0.37亿
        assert body.startswith(f"金额 **{revenue / 1e8:,.2f}亿**")


def test_weight_shares_are_whole_percents_that_add_up():
    from ui.controls import whole_percents
    assert whole_percents([1, 1, 1]) == [34, 33, 33]
    assert whole_percents([3, 1, 1, 0]) == [60, 20, 20, 0]
    assert whole_percents([2, 1, 1, 1, 1]) == [33, 17, 17, 17, 16]  # 33.3 + 4 x 16.7
    assert whole_percents([0, 0]) == [0, 0]


def test_data_page_reports_rows_read_accepted_and_rejected():
    at = app("pages/data.py")
    metrics = first_metrics(at)
    raw = ingest.read_table((SAMPLE / "orders.csv").read_bytes(), "orders.csv")
    assert metrics["Rows read"] == len(raw.frame)
    # the sample's flaws (sample_data/README.md): 3 empty ids, 2 bad dates, 1 empty amount
    assert metrics["Rejected"] == 6
    assert metrics["Accepted"] == len(raw.frame) - 6
    assert any("Nothing lost" in s.value for s in at.success)


def test_uploading_a_gbk_file_with_chinese_headers_loads_it():
    at = app("pages/data.py")
    data = (SAMPLE / "orders_zh_gbk.csv").read_bytes()
    at.file_uploader(key="up_orders").upload("orders_zh_gbk.csv", data, "text/csv").run()
    assert not at.exception, at.exception
    assert at.selectbox(key=next(k for k in _keys(at) if k.endswith("_customer_id"))).value == "客户编号"
    at.button[-1].click().run()
    assert not at.exception, at.exception
    assert any("Loaded orders\\_zh\\_gbk\\.csv" in s.value for s in at.success)  # the name escaped (ui.safe.md)
    raw = ingest.read_table(data, "orders_zh_gbk.csv")
    assert first_metrics(at)["Rows read"] == len(raw.frame)


def first_metrics(at) -> dict:
    """Label -> integer value of the first metric with that label (the orders tab comes first)."""
    out = {}
    for m in at.metric:
        if m.label not in out and m.value.replace(",", "").isdigit():
            out[m.label] = int(m.value.replace(",", ""))
    return out


def _keys(at):
    return [s.key for s in at.selectbox if s.key]


def test_export_page_selects_the_a_tier_by_default(sample_scoring):
    at = app("pages/export.py")
    expected = expected_counts(sample_scoring(Scenario()))["A"]
    assert at.subheader[0].value == f"{expected:,} customers selected"
    at.multiselect(key="exp_tiers").set_value(["A", "B"]).run()
    counts = expected_counts(sample_scoring(Scenario()))
    assert at.subheader[0].value == f"{counts['A'] + counts['B']:,} customers selected"



@pytest.fixture(scope="module")
def sample_con():
    con = duckdb.connect()
    ingest.load_files(con, SAMPLE / "orders.csv", SAMPLE / "customers.csv")
    return con


def stage_counts(at) -> dict:
    names = ["Prospect", "New", "Repeat", "Loyal", "At risk", "Churned"]
    return {m.label: int(m.value.replace(",", "")) for m in at.metric if m.label in names}


def test_lifecycle_page_counts_stages_and_follows_the_rules(sample_con):
    from analytics.lifecycle import LifecycleRules, customer_stages
    at = app("pages/lifecycle.py")
    assert at.title[0].value == "Customer lifecycle"
    want = customer_stages(sample_con)["stage"].value_counts()
    labels = {"prospect": "Prospect", "new": "New", "repeat": "Repeat", "loyal": "Loyal", "at_risk": "At risk",
              "churned": "Churned"}
    assert stage_counts(at) == {labels[k]: int(v) for k, v in want.items()}
    at.number_input(key="w_rule_at_risk_days").set_value(90).run()
    assert not at.exception, at.exception
    want = customer_stages(sample_con, rules=LifecycleRules(at_risk_days=90))["stage"].value_counts()
    assert stage_counts(at) == {labels[k]: int(v) for k, v in want.items()}
    assert at.session_state["scenario"].lifecycle["at_risk_days"] == 90
    assert len(at.get("plotly_chart")) == 2


def test_migration_page_headline_and_cell_list(sample_con):
    from datetime import date

    from analytics.migration import cell, headline, migrate
    at = app("pages/migration.py")
    d1, d2 = date(2024, 3, 31), date(2024, 6, 30)
    moves = migrate(sample_con, Scenario(), d1, d2)
    h = headline(sample_con, moves, ["A", "B", "C"], d1, d2)
    got = {m.label: m.value for m in at.metric}
    assert got["Upgraded"] == f"{h['upgraded']:,}" and got["Downgraded"] == f"{h['downgraded']:,}"
    assert got["New"] == f"{h['new']:,}"
    n = len(cell(moves, "A", "B"))
    assert any(f"**{n:,}** customers moved from **A** to **B**" in m.value for m in at.markdown)
    at.segmented_control(key="mig_preset").set_value("year").run()
    assert not at.exception, at.exception
    year = migrate(sample_con, Scenario(), date(2023, 6, 30), d2)
    assert at.metric[0].value == f"{headline(sample_con, year, ['A', 'B', 'C'], date(2023, 6, 30), d2)['upgraded']:,}"


def test_value_page_values_customers_and_backtests(sample_con):
    from datetime import date

    from analytics import clv
    at = app("pages/value.py")
    assert at.title[0].value == "Predicted customer value"
    result = clv.customer_value(sample_con, None, Scenario().clv)
    values = result.values
    got = {m.label: m.value for m in at.metric}
    assert got["Repeat buyers"] == f"{result.repeat_buyers:,}"
    assert got["Purchases, 12 months"] == f"{values['expected_purchases'].sum():,.0f}"
    high = round(0.1 * len(values))
    assert any(f"**{high:,}** customers selected" in m.value for m in at.markdown)
    bt = clv.backtest(sample_con, date(2023, 7, 1), date(2024, 6, 30))
    assert any(f"they made {bt.totals.actual:,}" in i.value for i in at.info)
    at.date_input(key="val_cutoff").set_value(date(2024, 1, 31)).run()
    assert not at.exception, at.exception
    bt = clv.backtest(sample_con, date(2024, 1, 31), date(2024, 6, 30))
    assert any(f"they made {bt.totals.actual:,}" in i.value for i in at.info)
    at.slider(key="w_clv_h").set_value(6).run()
    assert not at.exception, at.exception
    assert at.session_state["scenario"].clv["horizon_months"] == 6
    assert any(m.label == "Purchases, 6 months" for m in at.metric)


def test_editing_the_playbook_stores_it_in_the_scenario():
    at = app("pages/lifecycle.py")
    at.text_input(key="w_pb_stage_at_risk_en").set_value("Call within a week").run()
    assert not at.exception, at.exception
    assert at.session_state["scenario"].playbook == {"stage": {"at_risk": "Call within a week"}}
    cross = next(d.value for d in at.table if "Recommended action" in d.value.columns)
    assert cross.loc["At risk", "Recommended action"] == "Call within a week"
    at.text_input(key="w_pb_tier_A_en").set_value("CEO visit").run()
    assert at.session_state["scenario"].playbook["tier"] == {"A": "CEO visit"}


def test_uploading_a_workbook_asks_for_the_sheet():
    import io

    import pandas as pd
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        pd.DataFrame({"note": ["read me"]}).to_excel(xw, sheet_name="说明", index=False)
        pd.DataFrame({"客户编号": ["001", "002", "001"], "下单日期": ["2024-01-05", "2024/2/1", "2024-03-01"],
                      "实付金额": ["¥1,200.00", "300", "abc"]}).to_excel(xw, sheet_name="订单", index=False)
    at = app("pages/data.py")
    at.file_uploader(key="up_orders").upload("orders.xlsx", buf.getvalue(),
                                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet").run()
    sheet = next(s for s in at.selectbox if s.key and s.key.startswith("sheet_orders_"))
    assert sheet.options == ["说明", "订单"]
    sheet.set_value("订单").run()
    assert not at.exception, at.exception
    assert at.selectbox(key=next(k for k in _keys(at) if k.endswith("_amount"))).value == "实付金额"
    next(b for b in at.button if b.label == "Check and load").click().run()
    assert not at.exception, at.exception
    metrics = first_metrics(at)
    assert (metrics["Rows read"], metrics["Accepted"], metrics["Rejected"]) == (3, 2, 1)
    assert any("Amount is not a number" in w.value for w in at.warning)
