"""Compare two scenarios on a small data set where every cell is computed by hand."""
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analytics import ingest
from analytics.compare import CUSTOMER_COLUMNS, NO_TIER, Comparison, compare_scenarios
from analytics.config import Scenario
from analytics.export import export_frame

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2024, 6, 30)
SHARES = [["A", 0.2], ["B", 0.3], ["C", 0.5]]
# A: M only; B: F only; the same share tiers (6 customers: A round(0.2 * 6) = 1, B up to round(0.5 * 6) = 3, C the rest)
A = {"weights": {"R": 0, "F": 0, "M": 1}, "tier_method": "share", "tiers": SHARES}
B = {"weights": {"R": 0, "F": 1, "M": 0}, "tier_method": "share", "tiers": SHARES}
# customer, day, amount (profit is 10% of it)
LINES = [
    ("k1", "2024-02-01", 300), ("k1", "2024-04-01", 300), ("k1", "2024-06-01", 300),   # F 3, M 900
    ("k2", "2024-06-20", 1000),                                                         # F 1, M 1000
    ("k3", "2024-02-10", 200), ("k3", "2024-05-01", 200),                               # F 2, M 400
    ("k4", "2024-03-01", 500),                                                          # F 1, M 500
    ("k5", "2024-05-10", 50), ("k5", "2024-05-20", 50), ("k5", "2024-06-10", 50), ("k5", "2024-06-28", 50),
    # k5: F 4, M 200
    ("k6", "2024-01-15", 100),                                                          # F 1, M 100
]
CUSTOMERS = [("k1", "Li", "East"), ("k2", "Wang", "North"), ("k3", "Li", "East"), ("k4", "Zhao", "South"),
             ("k5", "Wang", "North"), ("k6", "Zhao", "West")]
# Scores (5 quantile bins, N = 6: bin = min(5, 1 + 5 * (rank_min - 1) // 5), score = 25 * (bin - 1)):
#   A (M): k6 rank 1 -> 0, k5 2 -> 25, k3 3 -> 50, k4 4 -> 75, k1 5 -> 100, k2 6 -> 100
#          order (score, then monetary): k2, k1, k4, k3, k5, k6 -> A: k2; B: k1, k4; C: k3, k5, k6
#   B (F): k2, k4, k6 rank 1 -> 0; k3 rank 4 -> 75; k1 rank 5 -> 100; k5 rank 6 -> 100
#          order: k1 (100, 900), k5 (100, 200), k3, k2 (0, 1000), k4 (0, 500), k6 -> A: k1; B: k5, k3; C: k2, k4, k6


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("cmp")
    orders, customers = d / "orders.csv", d / "customers.csv"
    frame = pd.DataFrame(LINES, columns=["customer_id", "order_date", "amount"])
    frame["profit"] = frame["amount"] / 10
    frame.to_csv(orders, index=False)
    pd.DataFrame(CUSTOMERS, columns=["customer_id", "owner", "region"]).to_csv(customers, index=False)
    return orders, customers


@pytest.fixture(scope="module")
def con(files):
    c = duckdb.connect()
    ingest.load_files(c, *files)
    return c


@pytest.fixture(scope="module")
def cmp(con):
    return compare_scenarios(con, Scenario.from_dict(A), Scenario.from_dict(B), as_of=AS_OF)


def test_every_customer_by_hand(cmp):
    expected = pd.DataFrame([
        ("k1", "B", "A", 100.0, 100.0, 900.0, 90.0, "Li", "East"),
        ("k2", "A", "C", 100.0, 0.0, 1000.0, 100.0, "Wang", "North"),
        ("k3", "C", "B", 50.0, 75.0, 400.0, 40.0, "Li", "East"),
        ("k4", "B", "C", 75.0, 0.0, 500.0, 50.0, "Zhao", "South"),
        ("k5", "C", "B", 25.0, 100.0, 200.0, 20.0, "Wang", "North"),
        ("k6", "C", "C", 0.0, 0.0, 100.0, 10.0, "Zhao", "West"),
    ], columns=CUSTOMER_COLUMNS + ["profit", "owner", "region"])
    pd.testing.assert_frame_equal(cmp.customers, expected, check_dtype=False)
    assert cmp.as_of == AS_OF and cmp.has_profit and cmp.tiers_a == cmp.tiers_b == ("A", "B", "C")


def test_the_cross_tables(cmp):
    # rows: tier under A; columns: tier under B
    customers = pd.DataFrame([[0, 0, 1],    # A: k2 -> C
                              [1, 0, 1],    # B: k1 -> A, k4 -> C
                              [0, 2, 1]],   # C: k3, k5 -> B; k6 -> C
                             index=pd.Index(["A", "B", "C"], name="tier_a"),
                             columns=pd.Index(["A", "B", "C"], name="tier_b"))
    pd.testing.assert_frame_equal(cmp.cross_customers, customers)
    revenue = pd.DataFrame([[0.0, 0.0, 1000.0],     # k2
                            [900.0, 0.0, 500.0],    # k1; k4
                            [0.0, 600.0, 100.0]],   # k3 400 + k5 200; k6
                           index=customers.index, columns=customers.columns)
    pd.testing.assert_frame_equal(cmp.cross_revenue, revenue)


def test_the_movers(cmp):
    # everyone but k6 (C under both), highest monetary first
    m = cmp.movers
    assert m["customer_id"].tolist() == ["k2", "k1", "k4", "k3", "k5"]
    assert list(zip(m["tier_a"], m["tier_b"])) == [("A", "C"), ("B", "A"), ("B", "C"), ("C", "B"), ("C", "B")]
    assert m["monetary"].tolist() == [1000.0, 900.0, 500.0, 400.0, 200.0]
    assert m["owner"].tolist() == ["Wang", "Li", "Zhao", "Li", "Wang"]
    assert m["region"].tolist() == ["North", "East", "South", "East", "North"]


def test_counts_side_by_side(cmp):
    c = cmp.counts
    assert c["tier_a"].tolist() == ["A", "B", "C"] and c["customers_a"].tolist() == [1, 2, 3]
    assert c["tier_b"].tolist() == ["A", "B", "C"] and c["customers_b"].tolist() == [1, 2, 3]


def test_revenue_and_profit_covered(cmp):
    # total monetary 900 + 1000 + 400 + 500 + 200 + 100 = 3100, profit 310
    a = cmp.coverage_a.set_index("tier")
    assert a["customers"].tolist() == [1, 2, 3]
    assert a["customer_share"].tolist() == pytest.approx([1 / 6, 2 / 6, 3 / 6])
    assert a["revenue"].tolist() == [1000.0, 1400.0, 700.0]                      # k2; k1 + k4; k3 + k5 + k6
    assert a["revenue_share"].tolist() == pytest.approx([1000 / 3100, 1400 / 3100, 700 / 3100])
    assert a["profit"].tolist() == [100.0, 140.0, 70.0]
    assert a["profit_share"].tolist() == pytest.approx([100 / 310, 140 / 310, 70 / 310])
    b = cmp.coverage_b.set_index("tier")
    assert b["revenue"].tolist() == [900.0, 600.0, 1600.0]                       # k1; k5 + k3; k2 + k4 + k6
    assert b["profit"].tolist() == [90.0, 60.0, 160.0]
    assert b["revenue_share"].tolist() == pytest.approx([900 / 3100, 600 / 3100, 1600 / 3100])


def test_different_tier_names_keep_both_lists(con):
    # B with other names and two tiers: Gold the top half by F (k1, k5, k3), Rest the others
    b = Scenario.from_dict({**B, "tiers": [["Gold", 0.5], ["Rest", 0.5]]})
    cmp = compare_scenarios(con, Scenario.from_dict(A), b, as_of=AS_OF)
    assert cmp.tiers_a == ("A", "B", "C") and cmp.tiers_b == ("Gold", "Rest")
    expected = pd.DataFrame([[0, 1],    # k2 -> Rest
                             [1, 1],    # k1 -> Gold, k4 -> Rest
                             [2, 1]],   # k3, k5 -> Gold; k6 -> Rest
                            index=pd.Index(["A", "B", "C"], name="tier_a"),
                            columns=pd.Index(["Gold", "Rest"], name="tier_b"))
    pd.testing.assert_frame_equal(cmp.cross_customers, expected)
    c = cmp.counts
    assert c["tier_a"].tolist() == ["A", "B", "C"] and c["customers_a"].tolist() == [1, 2, 3]
    assert c["tier_b"].tolist() == ["Gold", "Rest", None] and c["customers_b"].tolist()[:2] == [3, 3]
    assert c["customers_b"].isna().tolist() == [False, False, True]
    assert len(cmp.movers) == 6  # names compared as they are: no name of A is one of B


def test_a_shorter_look_back_leaves_customers_without_a_tier(con):
    # B looks back 100 days: (2024-03-22, 2024-06-30]. k4 (2024-03-01) and k6 (2024-01-15) have no purchase in it.
    # B's F: k1 2, k2 1, k3 1, k5 4 (N = 4: bin = min(5, 1 + 5 * (rank_min - 1) // 3)) -> k2, k3 0; k1 75; k5 100
    # bounds round(0.2 * 4) = 1, round(0.5 * 4) = 2: A k5; B k1; C k2 (M 1000 in the window), k3
    b = Scenario.from_dict({**B, "lookback_days": 100})
    cmp = compare_scenarios(con, Scenario.from_dict(A), b, as_of=AS_OF)
    assert cmp.customers.set_index("customer_id")["tier_b"].to_dict() == \
        {"k1": "B", "k2": "C", "k3": "C", "k4": None, "k5": "A", "k6": None}
    # monetary is A's (all history, the wider window): k1 900, not the 600 of B's window
    assert cmp.customers.set_index("customer_id").loc["k1", "monetary"] == 900.0
    expected = pd.DataFrame([[0, 0, 1, 0],    # A: k2 -> C
                             [0, 1, 0, 1],    # B: k1 -> B, k4 -> none
                             [1, 0, 1, 1]],   # C: k5 -> A, k3 -> C, k6 -> none
                            index=pd.Index(["A", "B", "C"], name="tier_a"),
                            columns=pd.Index(["A", "B", "C", NO_TIER], name="tier_b"))
    pd.testing.assert_frame_equal(cmp.cross_customers, expected)
    cov = cmp.coverage_b.set_index("tier")
    assert cov["customers"].to_dict() == {"A": 1, "B": 1, "C": 2, NO_TIER: 2}
    assert cov["revenue"].to_dict() == {"A": 200.0, "B": 900.0, "C": 1400.0, NO_TIER: 600.0}  # no tier: k4 500 + k6 100
    # k1 (B, B) and k3 (C, C) stay; k4 and k6 have no tier under B
    assert cmp.movers["customer_id"].tolist() == ["k2", "k4", "k5", "k6"]


def test_the_as_of_date_comes_from_a_then_b(con):
    a, b = Scenario.from_dict({**A, "as_of": "2024-03-31"}), Scenario.from_dict({**B, "as_of": "2024-04-30"})
    assert compare_scenarios(con, a, b).as_of == date(2024, 3, 31)
    assert compare_scenarios(con, Scenario.from_dict(A), b).as_of == date(2024, 4, 30)
    assert compare_scenarios(con, a, b, as_of=AS_OF).as_of == AS_OF
    # at 2024-03-31 four customers had bought (k1, k3, k4, k6)
    assert sorted(compare_scenarios(con, a, b).customers["customer_id"]) == ["k1", "k3", "k4", "k6"]


def test_the_result_is_typed(cmp):
    assert isinstance(cmp, Comparison)
    with pytest.raises(AttributeError):
        cmp.as_of = None


# the command line


def run(*args):
    return subprocess.run([sys.executable, "-m", "analytics", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture(scope="module")
def scenario_files(tmp_path_factory):
    d = tmp_path_factory.mktemp("cmp_cfg")
    (d / "a.json").write_text(json.dumps(A), encoding="utf-8")
    (d / "b.json").write_text(json.dumps(B), encoding="utf-8")
    return d / "a.json", d / "b.json"


def test_the_command_writes_the_functions_rows(files, scenario_files, cmp, tmp_path):
    a, b = scenario_files
    out = tmp_path / "changes.csv"
    # 2024-06-28 is the last order date (a later --as-of is moved onto it); R weighs nothing, so the tiers are
    # those of 2024-06-30
    r = run("compare", files[0], "--customers", files[1], "--a", a, "--b", b, "--as-of", "2024-06-28", "--out", out)
    assert r.returncode == 0, r.stderr
    got = pd.read_csv(out, encoding="utf-8-sig")
    assert list(got.columns) == CUSTOMER_COLUMNS
    pd.testing.assert_frame_equal(got, export_frame(cmp.customers[CUSTOMER_COLUMNS]), check_dtype=False)
    # the cross-table (customers) on stderr
    lines = r.stderr.splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("customers by tier at 2024-06-28"))
    assert [ln.split() for ln in lines[start + 1:start + 6]] == [
        ["tier_b", "A", "B", "C"], ["tier_a"], ["A", "0", "0", "1"], ["B", "1", "0", "1"], ["C", "0", "2", "1"]]
    assert lines[-1].startswith("6 customers compared, 5 in another tier")


def test_a_customer_without_a_tier_is_an_empty_cell(files, scenario_files, tmp_path):
    b = tmp_path / "b100.json"
    b.write_text(json.dumps({**B, "lookback_days": 100}), encoding="utf-8")
    out = tmp_path / "c.csv"
    r = run("compare", files[0], "--a", scenario_files[0], "--b", b, "--as-of", "2024-06-28", "--out", out)
    assert r.returncode == 0, r.stderr
    rows = out.read_text(encoding="utf-8-sig").splitlines()
    assert rows[4] == "k4,B,,75.0,,500.0" and NO_TIER in r.stderr


@pytest.mark.parametrize("content,message", [
    ('{"bins": "five"}', "bins: 'five' is not of the expected form"),
    ("not json", "a.json: "),
    (None, "a.json: no such scenario file"),
])
def test_a_bad_a_file_exits_2_with_one_line(files, scenario_files, tmp_path, content, message):
    bad = tmp_path / "a.json"
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    r = run("compare", files[0], "--a", bad, "--b", scenario_files[1], "--out", tmp_path / "x.csv")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.splitlines()[-1].startswith(f"error: {bad}") and message in r.stderr.splitlines()[-1]
    assert sum(ln.startswith("error:") for ln in r.stderr.splitlines()) == 1
    assert not (tmp_path / "x.csv").exists()


def test_config_is_refused_for_compare(files, scenario_files, tmp_path):
    a, b = scenario_files
    r = run("compare", files[0], "--a", a, "--b", b, "--config", a, "--out", tmp_path / "x.csv")
    assert r.returncode == 2 and r.stderr.strip() == "error: compare: give the two scenarios with --a and --b " \
                                                      "(--config and --scenario are not used)"


def test_a_profit_weight_without_profit_names_the_file(tmp_path, scenario_files):
    orders = tmp_path / "o.csv"
    pd.DataFrame(LINES, columns=["customer_id", "order_date", "amount"]).to_csv(orders, index=False)
    b = tmp_path / "bp.json"
    b.write_text(json.dumps({**B, "weights": {"R": 0, "F": 1, "M": 0, "profit": 1}}), encoding="utf-8")
    r = run("compare", orders, "--a", scenario_files[0], "--b", b, "--out", tmp_path / "x.csv")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.splitlines()[-1] == f"error: {b}: component 'profit' needs a profit column in the data"


def test_different_as_of_dates_are_said(files, scenario_files, tmp_path):
    b = tmp_path / "b_march.json"
    b.write_text(json.dumps({**B, "as_of": "2024-03-31"}), encoding="utf-8")
    r = run("compare", files[0], "--a", scenario_files[0], "--b", b, "--out", tmp_path / "x.csv")
    assert r.returncode == 0, r.stderr
    assert "different as_of dates (latest, 2024-03-31); both are tiered at 2024-03-31" in r.stderr
    assert "customers by tier at 2024-03-31" in r.stderr and "4 customers compared" in r.stderr  # k1, k3, k4, k6
