"""Tier backtest on a small data set where every figure is computed by hand."""
import json
import math
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analytics import ingest
from analytics.backtest_tiers import (NEW, ROW_COLUMNS, TierBacktest, months_ahead, tier_backtest, verdict,
                                      verdict_sentence)
from analytics.config import Scenario
from analytics.export import export_frame

ROOT = Path(__file__).resolve().parents[1]
CUTOFF = date(2024, 6, 30)
# M only (R and F weigh 0), 5 quantile bins; tiers by share: A the top 20%, B the next 40%, C the rest
SCENARIO = {"weights": {"R": 0, "F": 0, "M": 1}, "tier_method": "share",
            "tiers": [["A", 0.2], ["B", 0.4], ["C", 0.4]]}
LINES = [
    # up to the cut-off 2024-06-30: monetary c1 1500, c2 800, c3 300, c4 200, c5 100
    ("c1", "2024-01-10", 1000), ("c1", "2024-05-01", 500),
    ("c2", "2024-03-05", 800),
    ("c3", "2024-02-01", 300),
    ("c4", "2024-04-01", 200),
    ("c5", "2024-06-30", 100),          # on the cut-off day: before it
    # the horizon (2024-06-30, 2024-09-30]
    ("c1", "2024-07-15", 600), ("c1", "2024-08-01", -100),   # a return: c1 brings 500
    ("c2", "2024-09-30", 200),          # on the horizon's last day: inside
    ("c4", "2024-08-10", -50),          # only a return: -50, not active
    ("c5", "2024-07-01", 100),
    ("c6", "2024-08-20", 250),          # no orders before the cut-off: "new"
    # after the horizon: not counted
    ("c4", "2024-10-01", 999),
]


def load(tmp_path, lines, name="orders.csv"):
    path = tmp_path / name
    pd.DataFrame(lines, columns=["customer_id", "order_date", "amount"]).to_csv(path, index=False)
    con = duckdb.connect()
    ingest.load_files(con, path)
    return con, path


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return load(tmp_path_factory.mktemp("bt"), LINES)


@pytest.fixture(scope="module")
def bt(data):
    return tier_backtest(data[0], Scenario.from_dict(SCENARIO), CUTOFF, horizon_months=3)


def test_the_table_by_hand(bt):
    # M scores by rank (worst first, N = 5): c5 1, c4 2, c3 3, c2 4, c1 5 -> score 0, 25, 50, 75, 100.
    # Share tiers: A round(0.2 * 5) = 1 customer (c1); B up to round(0.6 * 5) = 3 (c2, c3); C the rest (c4, c5).
    # Horizon revenue: c1 600 - 100 = 500; c2 200; c3 0; c4 -50; c5 100; c6 250; total 1000.
    expected = pd.DataFrame([
        # tier, customers, customer_share, next_revenue, revenue_share, lift, active_share
        ("A", 1, 1 / 5, 500.0, 500 / 1000, 0.5 / 0.2, 1 / 1),        # lift 2.5; c1 bought
        ("B", 2, 2 / 5, 200.0, 200 / 1000, 0.2 / 0.4, 1 / 2),        # 200 + 0; lift 0.5; c2 bought, c3 not
        ("C", 2, 2 / 5, 50.0, 50 / 1000, 0.05 / 0.4, 1 / 2),         # -50 + 100; lift 0.125; c5 yes, c4 a return only
        ("new", 1, math.nan, 250.0, 250 / 1000, math.nan, math.nan),  # c6
    ], columns=ROW_COLUMNS)
    pd.testing.assert_frame_equal(bt.rows, expected, check_exact=False, rtol=1e-12)
    assert bt.total_revenue == 1000.0
    assert bt.end == date(2024, 9, 30) and bt.horizon_months == 3 and bt.cutoff == CUTOFF
    assert bt.tiers == ("A", "B", "C")
    # the latest order is 2024-10-01, past the horizon's end: the data covers it
    assert bt.data_end == date(2024, 10, 1) and bt.complete is True


def test_the_rows_add_up(bt):
    assert bt.rows["next_revenue"].sum() == pytest.approx(bt.total_revenue)
    assert bt.rows["revenue_share"].sum() == pytest.approx(1.0)
    assert bt.rows["customer_share"].iloc[:-1].sum() == pytest.approx(1.0)


def test_per_customer_detail(bt):
    c = bt.customers.set_index("customer_id")
    assert c["tier"].to_dict() == {"c1": "A", "c2": "B", "c3": "B", "c4": "C", "c5": "C", "c6": NEW}
    assert c["next_revenue"].to_dict() == {"c1": 500.0, "c2": 200.0, "c3": 0.0, "c4": -50.0, "c5": 100.0, "c6": 250.0}
    assert c["active"].to_dict() == {"c1": True, "c2": True, "c3": False, "c4": False, "c5": True, "c6": True}
    assert math.isnan(c.loc["c6", "score"]) and c.loc["c1", "score"] == 100.0


def test_returns_reduce_next_revenue(tmp_path):
    # the same data without c1's return of 100 and c4's of 50: A brings 600, C 100, the total 1150
    con, _ = load(tmp_path, [ln for ln in LINES if ln[2] >= 0])
    rows = tier_backtest(con, Scenario.from_dict(SCENARIO), CUTOFF, 3).rows.set_index("tier")
    assert rows["next_revenue"].to_dict() == {"A": 600.0, "B": 200.0, "C": 100.0, "new": 250.0}
    assert rows.loc["A", "revenue_share"] == pytest.approx(600 / 1150)


def test_a_customer_outside_the_look_back_window_is_new(data):
    # a 100-day window at 2024-06-30 is (2024-03-22, 2024-06-30]: c1 (2024-05-01, 500 in it), c4, c5 are scored;
    # c2 and c3 are not. Scores (M: c1 500, c4 200, c5 100): c5 1, c4 3, c1 5 (1 + 5 * (rank - 1) // 2).
    # A round(0.2 * 3) = 1 (c1); B up to round(0.6 * 3) = 2 (c4); C c5. c2 buys 200 in the horizon: new.
    bt = tier_backtest(data[0], Scenario.from_dict({**SCENARIO, "lookback_days": 100}), CUTOFF, 3)
    rows = bt.rows.set_index("tier")
    assert rows["customers"].to_dict() == {"A": 1, "B": 1, "C": 1, "new": 2}  # new: c2 and c6
    assert rows["next_revenue"].to_dict() == {"A": 500.0, "B": -50.0, "C": 100.0, "new": 450.0}  # 200 + 250
    assert rows.loc["B", "active_share"] == 0.0 and rows.loc["new", "revenue_share"] == pytest.approx(0.45)


def test_the_scenario_as_of_is_replaced_by_the_cutoff(data):
    s = Scenario.from_dict({**SCENARIO, "as_of": "2024-03-01"})
    assert tier_backtest(data[0], s, CUTOFF, 3).rows.equals(
        tier_backtest(data[0], Scenario.from_dict(SCENARIO), CUTOFF, 3).rows)


@pytest.mark.parametrize("start,months,end", [
    (date(2024, 1, 31), 1, date(2024, 2, 29)),    # clipped to the shorter month (leap year)
    (date(2023, 1, 31), 1, date(2023, 2, 28)),
    (date(2024, 2, 29), 1, date(2024, 3, 31)),    # a month end stays a month end
    (date(2024, 6, 30), 9, date(2025, 3, 31)),
    (date(2024, 1, 30), 1, date(2024, 2, 29)),    # the 30th clipped too
    (date(2024, 1, 15), 1, date(2024, 2, 15)),
    (date(2024, 11, 30), 3, date(2025, 2, 28)),
])
def test_calendar_months(start, months, end):
    assert months_ahead(start, months) == end


def test_a_one_month_horizon_ends_on_the_last_day_of_february(tmp_path):
    lines = [("x", "2024-01-10", 100), ("y", "2024-01-20", 50),
             ("x", "2024-02-29", 30),      # the horizon's last day (2024-01-31 + 1 month): inside
             ("y", "2024-03-01", 70)]      # the day after: outside
    con, _ = load(tmp_path, lines)
    bt = tier_backtest(con, Scenario.from_dict(SCENARIO), date(2024, 1, 31), 1)
    assert bt.end == date(2024, 2, 29) and bt.total_revenue == 30.0 and bt.complete
    # two customers: A round(0.2 * 2) = 0 customers, B up to round(0.6 * 2) = 1 (x, M 100), C y
    rows = bt.rows.set_index("tier")
    assert rows["customers"].to_dict() == {"A": 0, "B": 1, "C": 1, "new": 0}
    assert rows["next_revenue"].to_dict() == {"A": 0.0, "B": 30.0, "C": 0.0, "new": 0.0}
    assert math.isnan(rows.loc["A", "lift"]) and math.isnan(rows.loc["A", "active_share"])  # an empty tier
    assert rows.loc["B", "lift"] == pytest.approx(1.0 / 0.5)


def test_a_horizon_past_the_data_is_marked_incomplete(data):
    bt = tier_backtest(data[0], Scenario.from_dict(SCENARIO), CUTOFF)  # the default 9 months: to 2025-03-31
    assert bt.horizon_months == 9 and bt.end == date(2025, 3, 31)
    assert bt.complete is False and bt.data_end == date(2024, 10, 1)
    # the line of 2024-10-01 is now inside: C brings -50 + 999 + 100 = 1049, the total 1999
    assert bt.rows.set_index("tier").loc["C", "next_revenue"] == 1049.0 and bt.total_revenue == 1999.0


def test_verdict(bt):
    v = verdict(bt)
    assert (v["tier"], v["customers"], v["customer_share"], v["revenue_share"], v["horizon_months"]) == \
        ("A", 1, 0.2, 0.5, 3)
    assert v["lift"] == pytest.approx(2.5) and v["start"] == date(2024, 7, 1) and v["end"] == date(2024, 9, 30)
    assert verdict_sentence(v, "A.json") == ("under A.json, the top tier A held 20.0% of customers at 2024-06-30 and "
                                             "brought 50.0% of the next 3 months' revenue (2024-07-01 to 2024-09-30)")


def test_the_result_is_typed(bt):
    assert isinstance(bt, TierBacktest)
    with pytest.raises(AttributeError):
        bt.cutoff = date(2024, 1, 1)


# the command line


def run(*args):
    return subprocess.run([sys.executable, "-m", "analytics", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def test_the_command_writes_the_functions_rows(data, bt, tmp_path):
    cfg = tmp_path / "s.json"
    cfg.write_text(json.dumps(SCENARIO), encoding="utf-8")
    out = tmp_path / "quality.csv"
    r = run("backtest", data[1], "--cutoff", "2024-06-30", "--horizon-months", 3, "--config", cfg, "--out", out)
    assert r.returncode == 0, r.stderr
    got = pd.read_csv(out, encoding="utf-8-sig")
    assert list(got.columns) == ROW_COLUMNS
    pd.testing.assert_frame_equal(got, export_frame(bt.rows), check_exact=False, rtol=1e-12)
    # the "new" row's customer_share, lift and active_share are empty cells
    assert out.read_text(encoding="utf-8-sig").splitlines()[-1] == "new,1,,250.0,0.25,,"
    assert "the top tier A held 20.0% of customers at 2024-06-30 and brought 50.0% of the next 3 months' revenue" \
        in r.stderr


def test_the_command_warns_of_a_partial_horizon(data, tmp_path):
    r = run("backtest", data[1], "--cutoff", "2024-06-30", "--out", tmp_path / "q.csv")
    assert r.returncode == 0, r.stderr
    assert "next 9 months' revenue (2024-07-01 to 2025-03-31)" in r.stderr
    assert "the data ends on 2024-10-01" in r.stderr


@pytest.mark.parametrize("args,message", [
    (["--cutoff", "2024-10-01"], "nothing after it to measure"),
    (["--cutoff", "2023-12-31"], "no customer has a tier"),
    (["--cutoff", "2024-06-30", "--horizon-months", "0"], "--horizon-months: expected 1 to 60"),
])
def test_the_command_refuses_in_one_line(data, tmp_path, args, message):
    r = run("backtest", data[1], *args, "--out", tmp_path / "q.csv")
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr
    assert [ln for ln in r.stderr.splitlines() if ln.startswith("error:")] == [r.stderr.splitlines()[-1]]
