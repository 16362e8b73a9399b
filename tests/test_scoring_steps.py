"""Scoring in steps (prepare, binned, weigh and tier) gives exactly what scoring from scratch gives,
and what the R/F/M functions of analytics/rfm.py give directly; the customer table's order is the
order of a full sort."""
import numpy as np
import pandas as pd
import pytest

from analytics.config import Scenario
from analytics.rfm import eight_class_segments, grid_segments, quantile_scores, rfm_scores
from analytics.scoring import (abc_classes, assign_tiers, binned_scores, grid_counts, prepare_scoring,
                               score_customers, weigh_and_tier, weighted_score)
from ui.tables import table_order


def reference_scores(features, scenario, attributes=None):
    """score_customers as one pass straight through analytics/rfm.py (how it was written before the split)."""
    out = features
    if attributes is not None and not attributes.empty:
        extra = [c for c in attributes.columns if c not in features.columns or c == "customer_id"]
        out = out.merge(attributes[extra].drop_duplicates("customer_id"), on="customer_id", how="left")
    out = rfm_scores(out, scenario.bins, scenario.score_method, scenario.thresholds)
    out["segment"] = eight_class_segments(out)
    if scenario.bins == 5:
        r5, f5 = out["r_score"], out["f_score"]
    else:
        r5 = quantile_scores(out["recency_days"], 5, higher_is_better=False)
        f5 = quantile_scores(out["frequency"], 5)
    out["grid_r"], out["grid_f"] = r5, f5
    out["grid_segment"] = grid_segments(r5, f5)
    out["score"] = weighted_score(out, scenario)
    out["tier"] = assign_tiers(out["score"], scenario.tier_method, scenario.tiers, out["monetary"])
    out["abc"] = abc_classes(out["monetary"], *scenario.abc)
    return out


@pytest.fixture(scope="module")
def customers():
    """60 customers with many ties in every feature, a profit column and a customers table."""
    rng = np.random.default_rng(11)
    n = 60
    feats = pd.DataFrame({
        "customer_id": [f"C{i:03d}" for i in range(n)],
        "recency_days": rng.choice([1, 5, 30, 30, 90, 200, 400], n),
        "frequency": rng.choice([1, 1, 2, 3, 5, 12], n),
        "monetary": rng.choice([10.0, 55.5, 55.5, 200.0, 1000.0, 3500.25], n),
        "profit": np.where(rng.random(n) < 0.1, np.nan, rng.choice([1.0, 5.0, 20.0], n)),
    })
    attrs = pd.DataFrame({"customer_id": [f"C{i:03d}" for i in range(0, n, 2)],
                          "ownership": rng.choice(["政府/国企", "股份制", "民营"], n // 2),
                          "overdue_days": rng.choice([0.0, 15.0, 60.0], n // 2)})
    return feats, attrs


BINNINGS = [dict(), dict(bins=3), dict(bins=7), dict(score_method="threshold"),
            dict(bins=3, score_method="threshold", thresholds={"R": [30, 100], "F": [2, 4], "M": [50, 500]})]
TIERINGS = [dict(), dict(weights={"R": 3, "F": 1, "M": 0.5}), dict(weights={"R": 1, "F": 1, "M": 1, "profit": 2}),
            dict(tier_method="share", tiers=(("A", 0.1), ("B", 0.25), ("C", 0.65))),
            dict(tiers=(("VIP", 80), ("Gold", 55), ("Silver", 30), ("Rest", 0))),
            dict(weights={"R": 0, "F": 0, "M": 0}),
            dict(attributes=({"column": "ownership", "weight": 1, "points": {"政府/国企": 15, "股份制": 10, "民营": 5}},
                             {"column": "overdue_days", "weight": 0.5, "direction": "lower"}))]


def test_weigh_and_tier_on_cached_binned_scores_equals_score_customers_exactly(customers):
    feats, attrs = customers
    prepared = prepare_scoring(feats, attrs)  # once, as the app caches it
    for binning in BINNINGS:
        binned = binned_scores(prepared, Scenario(**binning))  # once per binning, reused for every tiering
        for tiering in TIERINGS:
            scenario = Scenario(**binning, **tiering)
            stepped = weigh_and_tier(binned, scenario)
            pd.testing.assert_frame_equal(stepped, score_customers(feats, scenario, attrs), check_exact=True)
            pd.testing.assert_frame_equal(stepped, reference_scores(feats, scenario, attrs), check_exact=True)


def test_scoring_in_steps_matches_without_attributes_and_on_one_or_no_customer(customers):
    feats, _ = customers
    for frame in (feats, feats.head(1), feats.head(0)):
        for scenario in (Scenario(), Scenario(bins=4), Scenario(tier_method="share", tiers=(("A", 0.5), ("B", 0.5)))):
            pd.testing.assert_frame_equal(score_customers(frame, scenario), reference_scores(frame, scenario),
                                          check_exact=True)


def test_the_steps_leave_their_inputs_and_the_cached_frames_unmodified(customers):
    feats, attrs = customers
    feats_before, attrs_before = feats.copy(), attrs.copy()
    prepared = prepare_scoring(feats, attrs)
    prepared_before = prepared.frame.copy()
    binned = binned_scores(prepared, Scenario(bins=4))
    binned_before = binned.copy()
    weigh_and_tier(binned, Scenario(bins=4, weights={"R": 2, "F": 1, "M": 1}))
    pd.testing.assert_frame_equal(feats, feats_before)
    pd.testing.assert_frame_equal(attrs, attrs_before)
    pd.testing.assert_frame_equal(prepared.frame, prepared_before)
    pd.testing.assert_frame_equal(binned, binned_before)
    assert "score" not in binned and "tier" not in binned


def test_binned_scores_refuse_a_preparation_with_other_abc_cuts(customers):
    feats, attrs = customers
    with pytest.raises(ValueError, match="ABC cuts"):
        binned_scores(prepare_scoring(feats, attrs, (0.7, 0.9)), Scenario())


def test_share_tiers_without_a_full_sort_take_the_same_customers_as_a_full_sort():
    rng = np.random.default_rng(3)
    for _ in range(300):
        n = int(rng.integers(1, 80))
        score = pd.Series(rng.choice([0.0, 25.0, 50.0, 75.0, 100.0], n))
        revenue = pd.Series(rng.choice([1.0, 2.0, 3.0], n))
        shares = list(rng.dirichlet(np.ones(int(rng.integers(2, 6)))))
        tiers = tuple((f"T{i}", s) for i, s in enumerate(shares))
        keys = [np.arange(n), -revenue.to_numpy(), -score.to_numpy()]
        position = np.empty(n, dtype="int64")
        position[np.lexsort(keys)] = np.arange(n)
        bounds = np.round(np.cumsum(shares[:-1]) * n)
        expected = [f"T{i}" for i in np.searchsorted(bounds, position, side="right")]
        assert assign_tiers(score, "share", tiers, revenue).astype(str).tolist() == expected


def test_grid_counts_count_every_cell_and_keep_empty_ones():
    scored = pd.DataFrame({"grid_r": [1, 1, 5, 3], "grid_f": [1, 1, 2, 5]})
    counts = grid_counts(scored)
    assert counts.shape == (5, 5) and counts.loc[1, 1] == 2 and counts.loc[5, 2] == 1 and counts.loc[3, 5] == 1
    assert int(counts.to_numpy().sum()) == 4
    assert list(counts.index) == [1, 2, 3, 4, 5] and counts.index.name == "grid_r" and counts.columns.name == "grid_f"


def test_the_table_order_is_a_full_sort_by_the_column_then_the_id(customers):
    feats, attrs = customers
    scored = score_customers(feats, Scenario(), attrs)
    hits = np.flatnonzero(scored["customer_id"].str.contains("1").to_numpy())
    for sort in ["score", "tier", "name", "ownership", "profit", "segment", "customer_id", "frequency"]:
        if sort == "name":
            scored = scored.assign(name=scored["customer_id"].str[::-1].where(scored.index % 3 > 0))  # gaps
        for desc in (True, False):
            want = scored.sort_values([sort, "customer_id"], ascending=[not desc, True], kind="stable")
            got = table_order(scored, sort, desc)
            assert scored["customer_id"].to_numpy()[got].tolist() == want["customer_id"].tolist(), (sort, desc)
            for stop in (1, 7, 25):  # the partial sort gives the same first rows
                assert table_order(scored, sort, desc, stop=stop).tolist() == got[:stop].tolist(), (sort, desc, stop)
            want_hits = want[want.index.isin(hits)]["customer_id"].tolist()
            assert scored["customer_id"].to_numpy()[table_order(scored, sort, desc, hits)].tolist() == want_hits
