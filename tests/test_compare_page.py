"""The Compare page and the tier backtest panels, headless with AppTest on the bundled sample: the
figures on screen are the analytics functions' figures."""
from datetime import date
from pathlib import Path

import duckdb
import pytest

from analytics import ingest
from analytics.backtest_tiers import tier_backtest
from analytics.compare import compare_scenarios
from analytics.config import Scenario
from analytics.features import customer_attributes
from ui import workspace as ws_ui
from apptest import open_app

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
SHARE = Scenario(tier_method="share", tiers=(("A", 0.1), ("B", 0.3), ("C", 0.6)))


@pytest.fixture
def ws(tmp_path, monkeypatch):
    monkeypatch.setenv("TIERING_WORKSPACE", str(tmp_path / "team.duckdb"))
    ws_ui._workspace.clear()
    from workspace import Workspace
    w = Workspace(tmp_path / "team.duckdb")
    w.save_scenario("Finance view", SHARE, author="Zhao")
    yield w
    ws_ui._workspace.clear()


@pytest.fixture(scope="module")
def sample_con():
    con = duckdb.connect()
    ingest.load_files(con, SAMPLE / "orders.csv", SAMPLE / "customers.csv")
    return con


def test_compare_shows_the_cross_table_and_movers_of_the_two_proposals(ws, sample_con):
    at = open_app(page="pages/compare.py")
    at.selectbox(key="cmp_b").set_value("Finance view").run()
    assert not at.exception, at.exception
    cmp = compare_scenarios(sample_con, Scenario(), SHARE, date(2024, 6, 30), attrs=customer_attributes(sample_con))
    assert any(s.value == f"Customers who change tier: {len(cmp.movers):,}" for s in at.subheader)
    counts = at.dataframe[0].value
    assert list(counts.iloc[:, 1]) == list(cmp.counts["customers_a"])
    assert list(counts.iloc[:, 3]) == list(cmp.counts["customers_b"])
    at.text_input(key="cmp_q").set_value(str(cmp.movers["customer_id"].iloc[0])).run()
    movers = [d.value for d in at.dataframe if "tier_a" in d.value.columns][0]
    assert str(cmp.movers["customer_id"].iloc[0]) in set(movers["customer_id"].astype(str))


def test_the_tiers_page_backtest_states_the_verdict(sample_con):
    at = open_app()
    assert "tiers_bt_cutoff" not in [d.key for d in at.date_input]  # closed: not computed
    at.session_state["tiers_bt_box"] = True  # the user opens the expander
    at.run()
    at.date_input(key="tiers_bt_cutoff").set_value(date(2023, 9, 30)).run()
    assert not at.exception, at.exception
    bt = tier_backtest(sample_con, Scenario(), date(2023, 9, 30), 9, attrs=customer_attributes(sample_con))
    top = bt.rows.iloc[0]
    want = (f"top tier A held {100 * top['customer_share']:.1f}% of customers at 2023-09-30 and brought "
            f"{100 * top['revenue_share']:.1f}% of the next 9 months' revenue")
    assert any(want in i.value for i in at.info), [i.value for i in at.info]
