"""Migration on a small data set where every cell of the matrix is known by hand."""
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analytics import ingest
from analytics.config import Scenario
from analytics.migration import (cell, default_from_date, flows, headline, migrate, period_ends, preset_from,
                                 tier_trend, transition_matrix)

ROOT = Path(__file__).resolve().parents[1]
D1, D2 = date(2024, 3, 31), date(2024, 6, 30)
Q1, Q2 = "2024-02-15", "2024-05-15"
TIERS = ["A", "B", "C"]
# M only, three bins at 100 and 1000: score 0 / 50 / 100 -> C / B / A; a 90-day window so customers can lapse
SCENARIO = {"bins": 3, "score_method": "threshold", "weights": {"R": 0, "F": 0, "M": 1},
            "thresholds": {"R": [30, 60], "F": [2, 3], "M": [100, 1000]}, "lookback_days": 90,
            "tiers": [["A", 75], ["B", 40], ["C", 0]]}
LINES = [
    ("a_a", Q1, 1500), ("a_a", Q2, 1500),
    ("a_b", Q1, 1500), ("a_b", Q2, 500),
    ("a_c", Q1, 1500), ("a_c", Q2, 50),
    ("b_a", Q1, 500), ("b_a", Q2, 2000),
    ("c_c", Q1, 50), ("c_c", Q2, 50),
    ("c_b", Q1, 50), ("c_b", Q2, 200),
    ("new_a", Q2, 1200),
    ("a_lapsed", Q1, 1500),
    ("b_lapsed", Q1, 300),
    ("old", "2023-06-15", 1000),
]


@pytest.fixture(scope="module")
def orders_csv(tmp_path_factory):
    path = tmp_path_factory.mktemp("mig") / "orders.csv"
    pd.DataFrame(LINES, columns=["customer_id", "order_date", "amount"]).to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def con(orders_csv):
    c = duckdb.connect()
    ingest.load_files(c, orders_csv)
    return c


@pytest.fixture(scope="module")
def moves(con):
    return migrate(con, Scenario.from_dict(SCENARIO), D1, D2)


def test_every_cell_of_the_matrix(moves):
    m = transition_matrix(moves, TIERS)
    assert list(m.index) == ["A", "B", "C", "new"] and list(m.columns) == ["A", "B", "C", "lapsed"]
    assert m.to_numpy().tolist() == [[1, 1, 1, 1],
                                     [1, 0, 0, 1],
                                     [0, 1, 1, 0],
                                     [1, 0, 0, 0]]
    assert transition_matrix(moves, TIERS, "share").loc["A"].tolist() == [0.25] * 4
    assert transition_matrix(moves, TIERS, "revenue").to_numpy().tolist() == [[1500, 500, 50, 0],
                                                                               [2000, 0, 0, 0],
                                                                               [0, 200, 50, 0],
                                                                               [1200, 0, 0, 0]]
    assert "old" not in set(moves["customer_id"])  # no tier at either date


def test_headline_and_revenue_at_risk(con, moves):
    h = headline(con, moves, TIERS, D1, D2)
    # the downgraded a_b and a_c bought 1,500 each in the 91 days before D1
    assert h == {"upgraded": 2, "downgraded": 2, "unchanged": 2, "new": 1, "lapsed": 2, "revenue_at_risk": 3000.0}


def test_flows_and_cell_lists(moves):
    f = flows(moves).set_index(["tier_from", "tier_to"])["customers"]
    assert f.sum() == 9 and f[("A", "lapsed")] == 1 and f[("new", "A")] == 1
    attrs = pd.DataFrame({"customer_id": ["a_b", "a_c"], "industry": ["制造", "教育"]})
    down = cell(moves, "A", "B", attrs)
    assert down[["customer_id", "tier_from", "tier_to", "industry"]].values.tolist() == [["a_b", "A", "B", "制造"]]


def test_tier_trend_and_period_ends(con):
    dates = period_ends(D2, "quarter", 2)
    assert dates == [D1, D2]
    trend = tier_trend(con, Scenario.from_dict(SCENARIO), dates)
    assert trend.loc[D1].tolist() == [4, 2, 2] and trend.loc[D2].tolist() == [3, 2, 2]


@pytest.mark.parametrize("to,preset,expected", [
    (date(2024, 6, 30), "quarter", date(2024, 3, 31)), (date(2024, 3, 31), "month", date(2024, 2, 29)),
    (date(2024, 5, 15), "month", date(2024, 4, 15)), (date(2024, 2, 29), "year", date(2023, 2, 28)),
])
def test_presets_keep_month_ends(to, preset, expected):
    assert preset_from(to, preset) == expected


def test_default_first_date_is_one_quarter_back():
    assert default_from_date(D2) == D1


def test_command_line_writes_the_same_moves(orders_csv, moves, tmp_path):
    cfg = tmp_path / "s.json"
    cfg.write_text(json.dumps(SCENARIO))
    out = tmp_path / "moves.csv"
    r = subprocess.run([sys.executable, "-m", "analytics", "migrate", str(orders_csv), "--from", str(D1), "--to",
                        str(D2), "--config", str(cfg), "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    got = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    assert list(got.columns) == ["customer_id", "tier_from", "tier_to"]
    assert got.values.tolist() == moves[["customer_id", "tier_from", "tier_to"]].values.tolist()
    r = subprocess.run([sys.executable, "-m", "analytics", "migrate", str(orders_csv), "--from", str(D2), "--to",
                        str(D1), "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2 and r.stderr.strip().splitlines()[-1] == "error: --from 2024-06-30 must be before --to 2024-03-31"


@pytest.mark.parametrize("to,preset,n,expected", [
    # year ends are 31 December, not anniversaries of the second date
    (date(2024, 5, 15), "year", 3, ["2021-12-31", "2022-12-31", "2023-12-31"]),
    (date(2023, 12, 31), "year", 2, ["2022-12-31", "2023-12-31"]),  # a year end on the date itself counts
    (date(2024, 5, 15), "quarter", 3, ["2023-09-30", "2023-12-31", "2024-03-31"]),
    (date(2024, 3, 15), "month", 3, ["2023-12-31", "2024-01-31", "2024-02-29"]),
    (date(2024, 3, 31), "month", 1, ["2024-03-31"]),
    (date(2024, 3, 31), "month", 0, []),
])
def test_period_ends_are_calendar_period_ends(to, preset, n, expected):
    assert period_ends(to, preset, n) == [date.fromisoformat(d) for d in expected]


def test_period_ends_start_at_the_first_order():
    first = date(2021, 7, 1)  # the bundled sample's first order
    assert period_ends(date(2024, 6, 30), "year", None, first) == [date(2021, 12, 31), date(2022, 12, 31),
                                                                   date(2023, 12, 31)]
    assert period_ends(date(2024, 6, 30), "year", 8, first) == period_ends(date(2024, 6, 30), "year", None, first)
    quarters = period_ends(date(2024, 6, 30), "quarter", None, first)
    assert len(quarters) == 12 and quarters[0] == date(2021, 9, 30) and quarters[-1] == date(2024, 6, 30)
    assert len(period_ends(date(2024, 6, 30), "month", None, first)) == 36
    assert period_ends(date(2021, 11, 30), "year", None, first) == []  # no 31 December yet
    assert period_ends(date(2021, 6, 30), "month", None, first) == []  # before the first order


def _trend_bars(at) -> list[str]:
    spec = json.loads(at.get("plotly_chart")[-1].proto.spec)
    xs = {tuple(trace["x"]) for trace in spec["data"]}
    assert len(xs) == 1  # every tier's bars at the same dates
    return list(xs.pop())


def test_the_trend_slider_offers_the_period_ends_there_are_and_draws_as_many_bars():
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/migration.py").run()
    assert not at.exception, at.exception
    # quarters: 12 quarter ends from 2021-09-30 to 2024-06-30, 8 drawn by default
    slider = at.slider(key="mig_n")
    assert (slider.min, slider.max, slider.value) == (1, 12, 8)
    assert _trend_bars(at) == [str(d) for d in period_ends(date(2024, 6, 30), "quarter", 8)]
    slider.set_value(12).run()
    assert len(_trend_bars(at)) == 12 and _trend_bars(at)[0] == "2021-09-30"
    # years: only three 31 Decembers after the first order (2021-07-01); the slider stops there and says so
    at.segmented_control(key="mig_preset").set_value("year").run()
    assert not at.exception, at.exception
    slider = at.slider(key="mig_n")
    assert (slider.max, slider.value) == (3, 3)
    assert _trend_bars(at) == ["2021-12-31", "2022-12-31", "2023-12-31"]
    assert any("Only 3 year ends fall between the first order (2021-07-01) and 2024-06-30" in c.value
               for c in at.caption)
    slider.set_value(2).run()
    assert _trend_bars(at) == ["2022-12-31", "2023-12-31"]
