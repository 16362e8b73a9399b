"""Lifecycle stages at every rule boundary, the funnel, stage x tier and stages over time."""
from datetime import date, timedelta

import duckdb
import pandas as pd
import pytest

from analytics import ingest
from analytics.config import Scenario
from analytics.features import customer_features
from analytics.lifecycle import (STAGE_ORDER, LifecycleRules, customer_stages, funnel, funnel_by, month_ends, playbook,
                                 stage_counts, stage_list, stage_tier_table, stages_over_time)
from analytics.scoring import score_customers

D = date(2024, 6, 30)


def days_before(n: int) -> str:
    return (D - timedelta(days=n)).isoformat()


def load(lines, customers=None):
    """lines: (customer_id, date, amount[, order_id]) -> a DuckDB with the ingested tables."""
    con = duckdb.connect()
    tx = pd.DataFrame({"customer_id": [c for c, *_ in lines], "order_date": pd.to_datetime([d for _, d, *_ in lines]),
                       "amount": [float(a) for _, _, a, *_ in lines]})
    con.register("lines", tx)
    con.execute("CREATE TABLE transactions AS SELECT customer_id::VARCHAR AS customer_id, "
                "order_date::TIMESTAMP AS order_date, amount::DOUBLE AS amount FROM lines")
    con.unregister("lines")
    if customers is not None:
        con.register("cu", pd.DataFrame(customers))
        con.execute("CREATE TABLE customers AS SELECT * FROM cu")
        con.unregister("cu")
    return con


def ten_purchases(cid: str, last_days_ago: int):
    return [(cid, days_before(last_days_ago + 7 * i), 10) for i in range(10)]


@pytest.fixture(scope="module")
def boundary_stages():
    lines = [
        ("r180", days_before(180), 50), ("r180", days_before(400), 50),   # exactly 180 days: not yet at risk
        ("r181", days_before(181), 50), ("r181", days_before(400), 50),   # 181 days: at risk
        ("r365", days_before(365), 50),                                   # exactly 365: at risk, not churned
        ("r366", days_before(366), 50),                                   # 366: churned
        ("only_return", days_before(10), -40),                            # its only order is a return
        ("one", days_before(5), 20),                                      # one purchase: new
        ("two_one_return", days_before(5), 20), ("two_one_return", days_before(3), -5),  # a return is no purchase
    ]
    lines += ten_purchases("ten90", 90)   # 10 purchases, last exactly 90 days ago: loyal
    lines += ten_purchases("ten91", 91)   # last 91 days ago: repeat
    lines += ten_purchases("nine", 1)[:9]  # 9 purchases: repeat
    customers = {"customer_id": ["prospect", "one"], "industry": ["制造", "教育"]}
    con = load(lines, customers)
    st = customer_stages(con, D)
    return con, dict(zip(st["customer_id"], st["stage"])), st


@pytest.mark.parametrize("cid,stage", [
    ("r180", "repeat"), ("r181", "at_risk"), ("r365", "at_risk"), ("r366", "churned"),
    ("only_return", "prospect"), ("prospect", "prospect"), ("one", "new"), ("two_one_return", "new"),
    ("ten90", "loyal"), ("ten91", "repeat"), ("nine", "repeat"),
])
def test_stage_rules_at_their_boundaries(boundary_stages, cid, stage):
    assert boundary_stages[1][cid] == stage


def test_rules_come_from_the_scenario(boundary_stages):
    con, _, _ = boundary_stages
    rules = LifecycleRules.of(Scenario.from_dict({"lifecycle": {"at_risk_days": 179, "loyal_purchases": 9}}))
    got = dict(zip(*customer_stages(con, D, rules)[["customer_id", "stage"]].T.values))
    assert got["r180"] == "at_risk" and got["nine"] == "loyal"


def test_funnel_counts_and_conversion(boundary_stages):
    _, _, st = boundary_stages
    f = funnel(st)
    # known 11 (10 with orders + prospect); bought 9 (not prospect, only_return);
    # 2+ purchases: r180, r181, ten90, ten91, nine = 5; 10+: ten90, ten91 = 2
    assert f["customers"].tolist() == [11, 9, 5, 2]
    assert f["conversion"].tolist() == pytest.approx([1.0, 9 / 11, 5 / 9, 2 / 5])


def test_funnel_by_attribute_puts_the_unknown_apart(boundary_stages):
    con, _, st = boundary_stages
    attrs = con.sql("select * from customers").df()
    split = funnel_by(st, attrs, "industry").set_index("value")
    assert split.loc["(none)", "known"] == 9 and split.loc["制造", "first_purchase"] == 0
    assert split.loc["教育", ["known", "first_purchase", "repeat"]].tolist() == [1, 1, 0]


def test_stage_by_tier_with_revenue(boundary_stages):
    con, _, st = boundary_stages
    scored = score_customers(customer_features(con, D), Scenario())
    counts, revenue = stage_tier_table(st, scored, ["A", "B", "C"])
    assert counts.to_numpy().sum() == 11
    assert counts.loc["prospect", "—"] == 2  # no purchase, no tier
    assert revenue.loc["churned"].sum() == 50.0
    assert revenue.to_numpy().sum() == round(scored["monetary"].sum(), 2)


def test_playbook_overrides_the_defaults_and_lists_every_customer(boundary_stages):
    con, _, st = boundary_stages
    s = Scenario.from_dict({"playbook": {"stage": {"at_risk": "Call today"}, "tier": {"A": "CEO visit"}}})
    book = playbook(s, "en", ["A", "B", "C"])
    assert book["stage"]["at_risk"] == "Call today" and book["tier"]["A"] == "CEO visit"
    assert book["stage"]["new"].startswith("Onboard")
    assert playbook(s, "zh", ["A", "B", "C"])["tier"]["B"].startswith("重点培育")
    listed = stage_list(st, score_customers(customer_features(con, D), s), None, book)
    assert len(listed) == 11
    assert set(listed.loc[listed["stage"] == "at_risk", "stage_action"]) == {"Call today"}
    assert pd.isna(listed.loc[listed["customer_id"] == "prospect", "tier"].item())  # no tier: missing, not "—"


def test_a_prospect_has_an_empty_tier_in_the_written_list(boundary_stages):
    import io

    import openpyxl

    from analytics.export import to_csv_bytes, to_excel_bytes
    con, _, st = boundary_stages
    scenario = Scenario()
    listed = stage_list(st, score_customers(customer_features(con, D), scenario), None,
                        playbook(scenario, "en", ["A", "B", "C"]))
    csv = pd.read_csv(io.BytesIO(to_csv_bytes(listed)), encoding="utf-8-sig", dtype=str, keep_default_na=False)
    rows = csv.set_index("customer_id")
    assert rows.loc["prospect", "tier"] == "" and rows.loc["only_return", "tier"] == ""
    assert rows.loc["prospect", "stage"] == "prospect" and rows.loc["prospect", "tier_action"] == ""
    assert (rows["tier"] != "").sum() == listed["tier"].notna().sum() > 0
    sheet = openpyxl.load_workbook(io.BytesIO(to_excel_bytes(listed))).active
    header = [c.value for c in sheet[1]]
    by_id = {r[0]: dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert by_id["prospect"]["tier"] is None


def test_stage_counts_and_shares(boundary_stages):
    _, stage, st = boundary_stages
    counts = stage_counts(st).set_index("stage")
    assert counts.index.tolist() == list(STAGE_ORDER)
    # by hand from the boundary lines: prospect, only_return | one, two_one_return | r180, ten91, nine | ten90 |
    # r181, r365 | r366
    assert counts["customers"].to_dict() == {"prospect": 2, "new": 2, "repeat": 3, "loyal": 1, "at_risk": 2,
                                             "churned": 1}
    assert counts.loc["repeat", "share"] == pytest.approx(3 / 11) and counts["share"].sum() == pytest.approx(1.0)
    empty = stage_counts(st.iloc[:0])
    assert empty["customers"].tolist() == [0] * 6 and empty["share"].tolist() == [0.0] * 6


def test_stages_over_time_equal_a_recomputation_at_every_month_end():
    con = duckdb.connect()
    ingest.load_files(con, "sample_data/orders.csv", "sample_data/customers.csv")
    ends = month_ends(date(2021, 7, 1), date(2024, 6, 30))
    assert len(ends) == 36 and ends[0] == date(2021, 7, 31) and ends[-1] == D
    fast = stages_over_time(con, ends)
    for d in ends[::5] + [ends[-1]]:
        slow = customer_stages(con, d)["stage"].value_counts().reindex(fast.columns, fill_value=0)
        assert fast.loc[d].tolist() == slow.tolist(), d


@pytest.mark.parametrize("rules", [
    LifecycleRules(),
    # windows out of their usual order: loyal longer than at risk, churned shorter than at risk
    LifecycleRules(churned_days=60, at_risk_days=120, loyal_purchases=3, loyal_days=200, repeat_purchases=5),
])
def test_stages_over_time_equal_a_recomputation_at_every_date(rules):
    lines = [("late", days_before(3), 10), ("late", days_before(700), -5),  # a return first: prospect until it buys
             ("same_day", days_before(50), 10), ("same_day", days_before(50), 15),  # one order on one day
             ("netted", days_before(20), 30), ("netted", days_before(20), -40)]  # a day netting to a return
    lines += ten_purchases("weekly", 0) + ten_purchases("gone", 500) + ten_purchases("lapsing", 150)[:4]
    lines += [("twice", days_before(n), 5) for n in (30, 300)]
    created = pd.to_datetime(["2023-01-15", None, "2024-06-01", "2022-02-01"])
    customers = {"customer_id": ["created_2023", "no_date", "created_after", "twice"], "created_date": created}
    con = load(lines, customers)
    dates = sorted({D - timedelta(days=n) for n in (0, 1, 2, 3, 19, 20, 49, 50, 59, 60, 61, 119, 120, 121, 150, 200,
                                                     201, 330, 331, 365, 366, 500, 520, 600, 699, 700, 701, 900)})
    fast = stages_over_time(con, dates[::-1], rules)  # any order in, date order out
    assert fast.index.tolist() == dates
    for d in dates:
        slow = customer_stages(con, d, rules)["stage"].value_counts().reindex(fast.columns, fill_value=0)
        assert fast.loc[d].tolist() == slow.tolist(), d


def test_command_line_writes_the_page_stages(tmp_path):
    import subprocess
    import sys
    out = tmp_path / "stages.csv"
    cfg = tmp_path / "s.json"
    cfg.write_text('{"lifecycle": {"at_risk_days": 120}}')
    r = subprocess.run([sys.executable, "-m", "analytics", "lifecycle", "sample_data/orders.csv", "--customers",
                        "sample_data/customers.csv", "--as-of", "2024-03-31", "--config", str(cfg), "--out", str(out)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    got = pd.read_csv(out, encoding="utf-8-sig", dtype=str)
    assert list(got.columns) == ["customer_id", "stage"]
    con = duckdb.connect()
    ingest.load_files(con, "sample_data/orders.csv", "sample_data/customers.csv")
    want = customer_stages(con, date(2024, 3, 31), LifecycleRules(at_risk_days=120))
    assert got.values.tolist() == want[["customer_id", "stage"]].values.tolist()
