"""Scorecards beyond RFM, by hand: the 10/30/60 score, the six-criterion points card, each normalisation,
missing-value policies, tiers within a slice, overrides, prospects and the explanation."""
import csv
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics.config import Scenario, read_scenario
from analytics.explain import ExplainError, explain
from analytics.presets import preset_for
from analytics.scorecard import (component_matrix, components, missing_counts, normalised, prospect_grades,
                                 resolve_points, score_histogram, scores)
from analytics.scoring import override_report, score_customers

ROOT = Path(__file__).resolve().parents[1]


def five():
    """Five customers: monetary 100..500 (M bins 1..5), profit 50..10 (the other way), a credit rating each."""
    features = pd.DataFrame({
        "customer_id": ["c1", "c2", "c3", "c4", "c5"], "recency_days": [10, 20, 30, 40, 50],
        "frequency": [1, 2, 3, 4, 5], "monetary": [100.0, 200.0, 300.0, 400.0, 500.0],
        "profit": [50.0, 40.0, 30.0, 20.0, 10.0]})
    attrs = pd.DataFrame({"customer_id": ["c1", "c2", "c3", "c4", "c5", "p1", "p2"],
                          "credit_rating": ["AAA", "AA", "A", "B", None, "AAA", "B"]})
    return features, attrs


def ten_thirty_sixty(**credit) -> Scenario:
    fragment, left_out = preset_for("credit_amount_profit", ["customer_id", "credit_rating"], ["profit"])
    assert left_out == []
    fragment["attributes"][0].update(credit)
    scenario, notices = read_scenario(fragment)
    assert notices == []
    return scenario


def test_the_10_30_60_score_by_hand():
    # x: credit AAA 1, AA .8, A .5, B 0, none 0; M (bins) 0 .25 .5 .75 1; profit (bins) 1 .75 .5 .25 0
    features, attrs = five()
    scored = score_customers(features, ten_thirty_sixty(), attrs)
    assert scored["score"].tolist() == [70.0, 60.5, 50.0, 37.5, 30.0]
    assert scored["tier"].astype(str).tolist() == ["B", "B", "C", "C", "C"]


@pytest.mark.parametrize("policy, c5", [("worst", 30.0), ("median", 36.5), ("exclude", 33.333333)])
def test_missing_credit_follows_the_policy(policy, c5):
    # median of the four ratings' x (1, .8, .5, 0) = .65 -> 6.5 + 30; exclude: (30 * 1 + 60 * 0) / 90
    features, attrs = five()
    scored = score_customers(features, ten_thirty_sixty(missing=policy), attrs)
    assert scored["score"].iat[4] == c5
    assert scored["score"].iat[0] == 70.0
    counts = missing_counts(scored, ten_thirty_sixty(missing=policy))
    assert counts.set_index("component").loc["attr:credit_rating", "missing"] == 1


def six_criteria_frame():
    return pd.DataFrame({
        "customer_id": ["x", "y"], "ownership": ["Joint-stock", "国企"], "size": ["Large", "小型"],
        "growth": [0.2, np.nan], "profit": [5000.0, 150000.0], "relationship": ["New", "战略合作"],
        "strategic_importance": ["High", "低"]})


@pytest.mark.parametrize("end, total", [("low", 61.0), ("mid", 65.0), ("high", 69.0)])
def test_the_six_criterion_points_card_by_hand(end, total):
    # x: Joint-stock 10-12, Large 15, growth 20% in [10%, 30%) 10-12, profit 5,000 in [3,000, 10,000) 3-5,
    # New 3-5, High 20: the points total itself, the card's maxima adding up to 100
    fragment, left_out = preset_for("six_criteria", list(six_criteria_frame().columns), ["profit"])
    assert left_out == []
    scenario, notices = read_scenario({**fragment, "points_end": end})
    assert notices == []
    assert sum(c.weight for c in components(scenario)) == 100
    got = scores(six_criteria_frame(), scenario)
    assert got.iat[0] == total
    # y: 国企 15, 小型 6-8, growth missing -> the median of the others' x (only x's 10-12), 150,000 -> 15,
    # 战略合作 20, 低 3-5
    y = {"low": 15 + 6 + 10 + 15 + 20 + 3, "mid": 15 + 7 + 11 + 15 + 20 + 4, "high": 15 + 8 + 12 + 15 + 20 + 5}[end]
    assert got.iat[1] == y


def test_a_card_left_without_its_columns_says_so():
    fragment, left_out = preset_for("six_criteria", ["customer_id", "size"], [])
    assert left_out == ["ownership", "relationship", "importance", "profit"]
    assert [a["column"] for a in fragment["attributes"]] == ["size"]
    _, left_out = preset_for("credit_amount_profit", ["customer_id", "overdue_days"], ["profit"])
    assert left_out == []


VALUES = pd.DataFrame({"v": [10.0, 20.0, 30.0, 70.0, np.nan]})


@pytest.mark.parametrize("spec, expected", [
    ({"normalise": "percentile"}, [0, 1 / 3, 2 / 3, 1]),
    ({"normalise": "minmax"}, [0, 1 / 6, 1 / 3, 1]),
    ({"normalise": "minmax", "direction": "lower"}, [1, 5 / 6, 2 / 3, 0]),
    ({"normalise": "thresholds", "edges": [15, 50]}, [0, 0.5, 0.5, 1]),
    ({"normalise": "thresholds", "edges": [15, 50], "direction": "lower"}, [1, 0.5, 0.5, 0]),
    # N = 4, n = 5: 1 + 5 (rank - 1) div 3 = 1, 2, 4, 5
    ({"normalise": "binned"}, [0, 0.25, 0.75, 1]),
    ({"normalise": "points", "points": [[None, 15, 0], [15, 50, "4-6"], [50, None, 10]]}, [0, 0.4, 0.4, 1]),
])
def test_each_normalisation_by_hand(spec, expected):
    scenario = Scenario(weights={}, attributes=({"column": "v", "weight": 1, **spec},))
    x = normalised(VALUES, components(scenario)[0], scenario.bins)
    assert np.allclose(x[:4], expected) and np.isnan(x[4])


def test_percentile_ties_share_the_lowest_rank():
    frame = pd.DataFrame({"v": [10.0, 20.0, 20.0, 40.0]})
    scenario = Scenario(weights={}, attributes=({"column": "v", "weight": 1, "normalise": "percentile"},))
    assert np.allclose(normalised(frame, components(scenario)[0], 5), [0, 1 / 3, 1 / 3, 1])


@pytest.mark.parametrize("text, end, value", [("10-12", "low", 10), ("10-12", "mid", 11), ("12 - 10", "high", 12),
                                              ("10至12", "low", 10), (7, "mid", 7), ([3, 5], "high", 5),
                                              ("x", "low", None), (True, "low", None)])
def test_points_ranges_take_the_chosen_end(text, end, value):
    assert resolve_points(text, end) == value


def test_share_tiers_within_each_region():
    features = pd.DataFrame({"customer_id": [f"c{i}" for i in range(10)], "recency_days": range(10),
                             "frequency": [1] * 10, "monetary": [float(100 - i) for i in range(10)]})
    attrs = pd.DataFrame({"customer_id": features["customer_id"], "region": ["N"] * 6 + ["S"] * 3 + [None]})
    scenario = Scenario(tier_method="share", tiers=(("A", 0.5), ("B", 0.5)), tier_within="region")
    scored = score_customers(features, scenario, attrs).set_index("customer_id")
    # N: 6 customers -> 3 A (the best scores: c0, c1, c2); S: 3 -> round(1.5) = 2 (half to even) A; none: 1 -> 0
    assert scored["tier"].astype(str).to_dict() == {"c0": "A", "c1": "A", "c2": "A", "c3": "B", "c4": "B",
                                                    "c5": "B", "c6": "A", "c7": "A", "c8": "B", "c9": "B"}
    whole = score_customers(features, scenario.with_changes(tier_within=None), attrs)
    assert (whole["tier"] == "A").sum() == 5


def test_overrides_replace_the_tier_and_keep_the_reason():
    features, attrs = five()
    scenario = ten_thirty_sixty().with_changes(overrides={
        "c5": {"tier": "A", "reason": "strategic account"}, "c9": {"tier": "A", "reason": "gone"},
        "c1": {"tier": "VIP", "reason": "renamed tier"}})
    scored = score_customers(features, scenario, attrs).set_index("customer_id")
    assert scored.loc["c5", "tier"] == "A" and scored.loc["c5", "score_tier"] == "C"
    assert scored.loc["c5", "override"] == "strategic account"
    assert scored.loc["c1", "tier"] == "B" and pd.isna(scored.loc["c1", "override"])
    assert override_report(scored.index, scenario) == {"unknown_tier": ["c1"], "unknown_customer": ["c9"]}


def test_the_explanation_adds_up_and_names_the_single_changes():
    features, attrs = five()
    scenario = ten_thirty_sixty()
    scored = score_customers(features, scenario, attrs)
    ex = explain(scored, scenario, "c2")
    rows = ex.rows.set_index("component")
    assert rows["points"].to_dict() == {"M": 7.5, "profit": 45.0, "attr:credit_rating": 8.0, "total": 60.5}
    assert rows.loc["M", "value"] == 200.0 and rows.loc["attr:credit_rating", "value"] == "AA"
    assert rows["weight_share"].tolist() == [0.3, 0.6, 0.1, 1.0]
    assert (ex.tier, ex.next_tier, ex.threshold, ex.gap) == ("B", "A", 75.0, 14.5)
    # credit alone cannot (52.5 + 10 < 75); M needs x >= .733 -> bin 4 -> 400; profit needs x >= .992 -> 50
    assert [(c["component"], c["needed"], c["delta"]) for c in ex.changes] == [("M", 400.0, 200.0),
                                                                             ("profit", 50.0, 10.0)]
    two = scenario.with_changes(tiers=(("A", 60), ("B", 0)))
    top = explain(score_customers(features, two, attrs), two, "c1")
    assert (top.tier, top.next_tier, top.changes) == ("A", None, [])
    with pytest.raises(ExplainError, match="p1"):
        explain(scored, scenario, "p1")


def test_an_excluded_component_explains_as_left_out():
    features, attrs = five()
    scenario = ten_thirty_sixty(missing="exclude")
    scored = score_customers(features, scenario, attrs)
    rows = explain(scored, scenario, "c5").rows.set_index("component")
    assert np.isnan(rows.loc["attr:credit_rating", "normalised"]) and rows.loc["attr:credit_rating", "points"] == 0
    assert rows.loc["M", "weight_share"] == pytest.approx(1 / 3, abs=1e-6)
    assert rows.loc["total", "points"] == 33.333333


def test_prospects_are_graded_by_the_customers_file_alone():
    features, attrs = five()
    grades = prospect_grades(attrs, features["customer_id"], ten_thirty_sixty())
    # credit alone: AAA 100 -> A; B 0 -> C
    assert grades.to_dict("list") == {"customer_id": ["p1", "p2"], "prospect_score": [100.0, 0.0],
                                      "prospect_grade": ["A", "C"]}
    assert prospect_grades(attrs, features["customer_id"], Scenario()) is None


def test_the_score_histogram_counts_every_customer_once():
    hist = score_histogram(pd.Series([0.0, 4.99, 5.0, 99.0, 100.0]))
    assert hist["customers"].sum() == 5 and hist.iloc[0]["customers"] == 2 and hist.iloc[-1]["customers"] == 2


def test_the_command_line_explains_with_the_score_of_score(tmp_path):
    cfg = tmp_path / "card.json"
    fragment, _ = preset_for("six_criteria", ["ownership", "size", "relationship", "strategic_importance"], ["profit"])
    cfg.write_text(Scenario.from_dict(fragment).to_json(), encoding="utf-8")
    run = lambda *a: subprocess.run([sys.executable, "-m", "analytics", *a], cwd=ROOT, capture_output=True, text=True)
    orders, customers = str(ROOT / "sample_data/orders.csv"), str(ROOT / "sample_data/customers.csv")
    r = run("score", orders, "--customers", customers, "--config", str(cfg), "--out", str(tmp_path / "s.csv"))
    assert r.returncode == 0, r.stderr
    with open(tmp_path / "s.csv", encoding="utf-8-sig") as f:
        rows = {row["customer_id"]: row for row in csv.DictReader(f)}
    assert {"growth", "profit", "ownership", "size"} <= set(next(iter(rows.values())))
    r = run("explain", orders, "--customers", customers, "--config", str(cfg), "--customer", "C00004",
            "--out", str(tmp_path / "e.csv"))
    assert r.returncode == 0, r.stderr
    with open(tmp_path / "e.csv", encoding="utf-8-sig") as f:
        table = list(csv.DictReader(f))
    assert list(table[0]) == ["component", "value", "normalised", "weight_share", "points"]
    assert [row["component"] for row in table] == ["profit", "growth", "attr:ownership", "attr:size",
                                                   "attr:relationship", "attr:strategic_importance", "total"]
    assert float(table[-1]["points"]) == float(rows["C00004"]["score"])
    assert sum(float(row["points"]) for row in table[:-1]) == pytest.approx(float(rows["C00004"]["score"]), abs=1e-5)
    r = run("explain", orders, "--customer", "NOT-THERE")
    assert r.returncode == 2 and r.stderr.strip().splitlines()[-1].startswith("error: customer 'NOT-THERE'")


def test_migration_and_score_output_treat_overrides_as_undated(tmp_path):
    import duckdb

    from analytics import ingest
    from analytics.migration import tiers_at
    con = duckdb.connect()
    ingest.load_files(con, str(ROOT / "sample_data/orders.csv"), str(ROOT / "sample_data/customers.csv"))
    scenario = Scenario(overrides={"C00004": {"tier": "A", "reason": "strategic account"}})
    from datetime import date
    at = tiers_at(con, scenario, date(2024, 6, 30)).set_index("customer_id")
    assert at.loc["C00004", "tier"] == "B"  # the score's tier: an override has no date
    cfg = tmp_path / "o.json"
    cfg.write_text(scenario.to_json(), encoding="utf-8")
    out = tmp_path / "s.csv"
    r = subprocess.run([sys.executable, "-m", "analytics", "score", str(ROOT / "sample_data/orders.csv"), "--config",
                        str(cfg), "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    with open(out, encoding="utf-8-sig") as f:
        rows = {row["customer_id"]: row for row in csv.DictReader(f)}
    assert (rows["C00004"]["tier"], rows["C00004"]["score_tier"], rows["C00004"]["override_reason"]) == \
        ("A", "B", "strategic account")
    assert rows["C00001"]["override_reason"] == ""


def test_a_left_out_component_before_others_rescales_only_its_customers():
    # growth (left out where missing) comes before the customers-file column in the sum
    frame = pd.DataFrame({"customer_id": ["a", "b", "c"], "growth": [0.5, np.nan, 0.1],
                          "credit_rating": ["AAA", "A", "B"]})
    scenario = Scenario(weights={"growth": 1}, components={"growth": {"normalise": "minmax", "missing": "exclude"}},
                        attributes=({"column": "credit_rating", "weight": 3, "points": {"AAA": 10, "A": 5, "B": 0}},))
    # a: growth 1, credit 1 -> 100; b: credit .5 alone -> 50; c: growth 0, credit 0 -> 0
    assert scores(frame, scenario).tolist() == [100.0, 50.0, 0.0]
    _, X, counted = component_matrix(frame, scenario)
    assert counted.tolist() == [[True, True], [False, True], [True, True]]
