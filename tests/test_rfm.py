"""R/F/M scores and segments on small hand-computed frames (the definitions stated in analytics/rfm.py)."""
import pandas as pd
import pytest

from analytics.rfm import (EIGHT_CLASS, GRID, eight_class_segments, grid_segments, quantile_scores,
                           rfm_scores, threshold_scores)


def test_quantile_scores_follow_the_integer_formula_with_ties_sharing_the_lowest_rank():
    # rank_min 1,2,2,4,5 with N=5, n=5: 1 + 5*(r-1) div 4 -> 1, 2, 2, 4, 6 capped at 5
    assert quantile_scores(pd.Series([10, 20, 20, 40, 50])).tolist() == [1, 2, 2, 4, 5]


def test_quantile_scores_with_three_bins_on_seven_values():
    assert quantile_scores(pd.Series(range(1, 8)), n=3).tolist() == [1, 1, 2, 2, 3, 3, 3]


def test_a_single_customer_scores_one():
    assert quantile_scores(pd.Series([123.0])).tolist() == [1]


def test_recency_ranks_descending_so_the_most_recent_scores_best():
    # rank by days descending: 100 -> 1, 30 -> 2, 30 -> 2, 5 -> 4; N=4: 1, 2, 2, 1+15 div 3 = 6 -> 5
    assert quantile_scores(pd.Series([5, 30, 30, 100]), higher_is_better=False).tolist() == [5, 2, 2, 1]


def test_all_equal_values_share_one_score():
    assert quantile_scores(pd.Series([7, 7, 7])).tolist() == [1, 1, 1]


def test_threshold_scores_count_edges_reached():
    assert threshold_scores(pd.Series([1, 2, 5, 20]), [2, 4, 8, 16]).tolist() == [1, 2, 3, 5]
    assert threshold_scores(pd.Series([10, 30, 31, 400]), [30, 90, 180, 365], higher_is_better=False).tolist() \
        == [5, 5, 4, 1]


def test_rfm_scores_do_not_modify_their_input():
    f = pd.DataFrame({"customer_id": ["a", "b"], "recency_days": [1, 2], "frequency": [1, 2], "monetary": [1.0, 2.0]})
    before = f.copy()
    out = rfm_scores(f)
    pd.testing.assert_frame_equal(f, before)
    assert out[["r_score", "f_score", "m_score"]].values.tolist() == [[5, 1, 1], [1, 5, 5]]


def test_eight_class_compares_with_the_population_mean():
    # means: recency 40, frequency 4, monetary 250
    f = pd.DataFrame({"recency_days": [10, 10, 70, 70], "frequency": [6, 2, 6, 2],
                      "monetary": [500.0, 300.0, 100.0, 100.0]})
    assert eight_class_segments(f).tolist() == ["重要价值", "重要发展", "一般保持", "一般挽留"]


def test_eight_class_names_cover_all_eight_combinations():
    assert sorted(EIGHT_CLASS.values()) == sorted(["重要价值", "重要发展", "重要保持", "重要挽留",
                                                   "一般价值", "一般发展", "一般保持", "一般挽留"])


@pytest.mark.parametrize("r,f,code", [
    (1, 1, "hibernating"), (2, 2, "hibernating"), (1, 3, "at_risk"), (2, 4, "at_risk"), (2, 5, "cant_lose"),
    (3, 1, "about_to_sleep"), (3, 3, "need_attention"), (3, 4, "loyal"), (4, 5, "loyal"), (4, 1, "promising"),
    (5, 1, "new"), (4, 2, "potential_loyalist"), (5, 3, "potential_loyalist"), (5, 4, "champions"),
    (5, 5, "champions"),
])
def test_grid_cells_map_to_the_published_segments(r, f, code):
    assert GRID[(r, f)] == code
    assert grid_segments(pd.Series([r]), pd.Series([f])).tolist() == [code]


def test_grid_covers_all_25_cells():
    assert len(GRID) == 25 and set(GRID.values()) == {
        "hibernating", "at_risk", "cant_lose", "about_to_sleep", "need_attention", "loyal", "promising", "new",
        "potential_loyalist", "champions"}
