"""Weighted score, tiers and ABC on hand-computed frames."""
import pandas as pd
import pytest

from analytics.config import Scenario
from analytics.scoring import (abc_classes, assign_tiers, attribute_term, score_customers, tier_summary,
                               weighted_score)


def frame(r, f, m):
    return pd.DataFrame({"r_score": r, "f_score": f, "m_score": m})


def test_equal_weights_at_four_four_four_is_exactly_75_and_tier_a():
    s = weighted_score(frame([4], [4], [4]), Scenario())
    assert s.tolist() == [75.0]
    assert assign_tiers(s, "score", Scenario().tiers).tolist() == ["A"]


def test_weights_are_normalised():
    # R weight 2, F 1, M 1 -> 0.5, 0.25, 0.25; scores 5, 1, 3: 100 * (0.5*1 + 0 + 0.25*0.5) = 62.5
    s = weighted_score(frame([5], [1], [3]), Scenario(weights={"R": 2, "F": 1, "M": 1}))
    assert s.tolist() == [62.5]


def test_score_tiers_use_minimums_highest_first():
    s = pd.Series([100, 75, 74.999999, 60, 59.9, 0])
    assert assign_tiers(s, "score", (("A", 75), ("B", 60), ("C", 0))).tolist() == ["A", "A", "B", "B", "C", "C"]


def test_share_tiers_take_exact_counts_and_break_score_ties_by_revenue():
    score = pd.Series([90, 80, 80, 70, 60, 50, 40, 30, 20, 10.0])
    revenue = pd.Series([1, 2, 3, 4, 5, 6, 7, 8, 9, 10.0])
    tiers = assign_tiers(score, "share", (("A", 0.1), ("B", 0.2), ("C", 0.7)), revenue)
    assert tiers.tolist() == ["A", "B", "B", "C", "C", "C", "C", "C", "C", "C"]
    score = pd.Series([80.0, 80.0, 10.0, 5.0])
    tiers = assign_tiers(score, "share", (("A", 0.25), ("B", 0.75)), pd.Series([1.0, 2.0, 3.0, 4.0]))
    assert tiers.tolist() == ["B", "A", "B", "B"]  # the tie at the edge goes to the larger revenue


def test_abc_closes_a_at_80_and_b_at_95_percent():
    assert abc_classes(pd.Series([15.0, 50.0, 5.0, 30.0])).tolist() == ["B", "A", "C", "A"]


def test_points_table_and_lower_is_better_attributes():
    own = pd.Series(["政府/国企", "股份制", "民营", None])
    x = attribute_term(own, {"column": "ownership", "points": {"政府/国企": 15, "股份制": 10, "民营": 5}})
    assert x.round(6).tolist() == [1.0, 0.666667, 0.333333, 0.0]
    days = pd.Series([0.0, 30.0, 120.0])
    assert attribute_term(days, {"column": "overdue_days", "direction": "lower"}).tolist() == [1.0, 0.75, 0.0]


def test_attributes_join_the_score():
    feats = pd.DataFrame({"customer_id": ["a", "b"], "recency_days": [1, 2], "frequency": [2, 1],
                          "monetary": [20.0, 10.0]})
    attrs = pd.DataFrame({"customer_id": ["a", "b"], "ownership": ["民营", "政府/国企"]})
    sc = Scenario(weights={"R": 1, "F": 0, "M": 0},
                  attributes=({"column": "ownership", "weight": 1, "points": {"政府/国企": 10, "民营": 5}},))
    out = score_customers(feats, sc, attrs)
    # a: R 5 -> 0.5 * 1 + 0.5 * 0.5 = 75; b: R 1 -> 0 + 0.5 * 1 = 50
    assert out.set_index("customer_id")["score"].to_dict() == {"a": 75.0, "b": 50.0}


def test_tier_summary_counts_shares_and_keeps_empty_tiers():
    scored = pd.DataFrame({"tier": pd.Categorical(["A", "C", "C"], categories=["A", "B", "C"], ordered=True),
                           "monetary": [300.0, 50.0, 150.0], "frequency": [3, 1, 2], "recency_days": [10, 20, 40]})
    s = tier_summary(scored).set_index("tier")
    assert s["customers"].tolist() == [1, 0, 2]
    assert s.loc["A", "revenue_share"] == 0.6 and s.loc["C", "customer_share"] == pytest.approx(2 / 3)
    assert s.loc["A", "avg_order_value"] == 100.0 and s.loc["C", "avg_order_value"] == pytest.approx(200 / 3)
    assert s.loc["C", "avg_recency"] == 30.0
