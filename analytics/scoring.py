"""Weighted 0-100 score, tiers and ABC (Pareto) classes, plus the per-tier summaries.

Everything here works on the per-customer frame in memory, so moving a weight slider
re-scores without touching the database. Scoring runs in three steps, so that a caller can
keep the earlier ones (ui/data.py caches them):

    prepare_scoring(features, attributes, abc, split)  what no scenario setting but the ABC cuts and the
                                                eight-class split changes:
                                                the join, rank of each score column, eight-class
                                                segment, 5-bin grid, ABC class
    binned_scores(prepared, scenario)           + r/f/m(/p) scores and the grid (bins, score method,
                                                thresholds)
    weigh_and_tier(binned, scenario)            + score and tier (weights, attributes, tier rules):
                                                numpy on the binned frame, ~20-40 ms at 1M customers

score_customers is the three in a row.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import scorecard
from .config import Scenario
from .rfm import eight_class_segments, grid_segments, threshold_scores

# score column -> (feature it ranks, higher is better); profit is ranked with missing values as 0
RANKED = {"r_score": ("recency_days", False), "f_score": ("frequency", True), "m_score": ("monetary", True),
          "p_score": ("profit", True), "q_score": ("quantity", True)}

COMPONENT_SCORES = {"R": "r_score", "F": "f_score", "M": "m_score", "profit": "p_score"}
ABC_CLASSES = ("A", "B", "C")


def attribute_term(values: pd.Series, spec: dict) -> pd.Series:
    """A customer attribute as a 0-1 component (analytics/scorecard.py), missing values as 0 (the worst)."""
    c = scorecard.components(Scenario(weights={}, attributes=({**spec, "weight": 1.0},)))[0]
    x = scorecard.normalised(pd.DataFrame({c.column: values}), c, 5)
    return pd.Series(np.nan_to_num(x, nan=0.0), index=values.index)


def weighted_score(scored: pd.DataFrame, scenario: Scenario) -> pd.Series:
    """score = 100 * sum_c w_c x_c / sum_c w_c (analytics/scorecard.py), rounded to 6 places."""
    return scorecard.scores(scored, scenario)


def assign_tiers(score: pd.Series, method: str, tiers, tiebreak: pd.Series | None = None) -> pd.Series:
    """Tier names as an ordered categorical (best first).

    score: tiers are [name, minimum], highest first; a score below every minimum gets the last.
    share: tiers are [name, share of customers], best first, the last taking the rest;
    customers are taken in order of score, then tiebreak (e.g. monetary), both descending, then
    index order, so "top 10%" holds exactly (round(share * N) customers) even where scores tie.
    """
    names = [t[0] for t in tiers]
    s = score.to_numpy(dtype="float64")
    if method == "score":
        mins = np.array([float(t[1]) for t in tiers])
        if len(mins) and np.all(np.diff(mins) <= 0) and not np.isnan(s).any():
            # minimums highest first: the first tier whose minimum <= score, else the last
            idx = np.minimum(np.searchsorted(-mins, -s, side="left"), len(names) - 1)
        else:
            idx = np.argmax(s[:, None] >= mins, axis=1)
            idx = np.where((s[:, None] >= mins).any(axis=1), idx, len(names) - 1)
    else:
        tb = tiebreak.to_numpy(dtype="float64") if tiebreak is not None else None
        idx = _share_tier_index(s, tb, [float(t[1]) for t in tiers[:-1]])
    cat = pd.Categorical.from_codes(np.asarray(idx, dtype="int64"), categories=names, ordered=True) \
        if len(score) else pd.Categorical([], categories=names, ordered=True)
    return pd.Series(cat, index=score.index, name="tier")


def tiers_of(scored: pd.DataFrame, scenario: Scenario) -> pd.Series:
    """The tier of every row from its score: by the scenario's tier method, share tiers within each value of
    tier_within when set (customers without a value form one slice of their own), or the adopted clusters
    (the frame's cluster_rank, 0 = the best cluster; clustered here when the frame has none)."""
    names = [t[0] for t in scenario.tiers]
    if scenario.tier_method == "cluster":
        if "cluster_rank" in scored.columns:  # joined by the caller (ui/data.py caches the clusters)
            rank = scored["cluster_rank"].to_numpy(dtype="int64")
        else:  # clustered here, on these customers' features (analytics/clusters.py)
            from .clusters import ClusterError, cluster_ranks
            try:
                rank = cluster_ranks(scored, scenario.clusters)
            except ClusterError as e:
                raise KeyError(f"clusters: {e}") from None
        codes = np.clip(rank, 0, len(names) - 1)
        return pd.Series(pd.Categorical.from_codes(codes, categories=names, ordered=True), index=scored.index,
                         name="tier")
    within = scenario.tier_within if scenario.tier_method == "share" else None
    if not within:
        return assign_tiers(scored["score"], scenario.tier_method, scenario.tiers, scored["monetary"])
    if within not in scored.columns:
        raise KeyError(f"tier_within: the column {within!r} is not in the customers table")
    codes = np.empty(len(scored), dtype="int64")
    keys = scored[within].astype("object").where(scored[within].notna(), "\0missing").astype("str")
    for _, rows in pd.Series(np.arange(len(scored))).groupby(keys.to_numpy(), sort=False):
        part = scored.iloc[rows.to_numpy()]
        codes[rows.to_numpy()] = assign_tiers(part["score"], "share", scenario.tiers, part["monetary"]).cat.codes
    return pd.Series(pd.Categorical.from_codes(codes, categories=names, ordered=True), index=scored.index, name="tier")


def apply_overrides(scored: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """A new frame with the scenario's overrides applied: tier replaced, score_tier (the tier from the score)
    and override (the reason; empty where none) added. An override naming a tier that is not in the
    scenario, or a customer not in the frame, is skipped (override_report says which)."""
    out = scored.copy(deep=False)
    names = set(out["tier"].cat.categories)
    wanted = {str(k): v for k, v in scenario.overrides.items() if v.get("tier") in names}
    ids = out["customer_id"].astype("str")
    hit = ids.isin(list(wanted)).to_numpy()
    out["score_tier"] = out["tier"]
    tier = out["tier"].copy()
    reason = np.full(len(out), None, dtype=object)
    for i in np.flatnonzero(hit):
        o = wanted[ids.iat[i]]
        tier.iat[i] = o["tier"]
        reason[i] = o.get("reason") or "-"
    out["tier"] = tier
    out["override"] = reason
    return out


def override_report(scored_ids, scenario: Scenario) -> dict:
    """Overrides that cannot apply: {"unknown_tier": [ids], "unknown_customer": [ids]}."""
    names = {t[0] for t in scenario.tiers}
    ids = set(map(str, scored_ids))
    return {"unknown_tier": sorted(k for k, v in scenario.overrides.items() if v.get("tier") not in names),
            "unknown_customer": sorted(k for k in scenario.overrides if k not in ids)}


def _share_tier_index(score: np.ndarray, tiebreak: np.ndarray | None, shares: list[float]) -> np.ndarray:
    """Tier index of each customer for share tiers (see assign_tiers): the number of tier bounds
    round(cumulative share * N) at or before the customer's position in the order.

    No full sort: one partial sort finds the score at each bound; only the customers tied there
    are ordered (by tiebreak, then index).
    """
    N = len(score)
    bounds = np.round(np.cumsum(shares) * N) if shares else np.empty(0)
    if np.isnan(score).any() or (tiebreak is not None and np.isnan(tiebreak).any()):
        keys = [np.arange(N)] + ([-tiebreak] if tiebreak is not None else []) + [-score]
        position = np.empty(N, dtype="int64")
        position[np.lexsort(keys)] = np.arange(N)
        return np.searchsorted(bounds, position, side="right")
    idx = np.zeros(N, dtype="int64")
    inner = sorted({int(b) for b in bounds if 0 < b < N})
    idx += int(np.count_nonzero(bounds <= 0))  # a bound at 0: everyone is past it
    if not inner:
        return idx
    neg = -score
    at = np.partition(neg, inner)
    for b in inner:
        v = at[b]  # -score of the customer at position b
        before = neg < v
        tied = np.flatnonzero(neg == v)  # positions n_before .. n_before + len(tied) - 1
        if tiebreak is not None:
            tied = tied[np.argsort(-tiebreak[tied], kind="stable")]
        past = ~before
        past[tied[:b - int(np.count_nonzero(before))]] = False
        idx += past * sum(1 for x in bounds if int(x) == b)
    return idx


def abc_classes(monetary: pd.Series, a: float = 0.8, b: float = 0.95) -> pd.Series:
    """Pareto classes: by monetary descending, A while the cumulative share <= a, B <= b, C the rest."""
    if monetary.empty:
        return pd.Series([], index=monetary.index, dtype="str")
    order = monetary.sort_values(ascending=False, kind="stable")
    total = order.sum()
    cum = order.cumsum() / total if total > 0 else pd.Series(1.0, index=order.index)
    cls = np.where(cum.round(12) <= a, "A", np.where(cum.round(12) <= b, "B", "C"))
    return pd.Series(cls, index=order.index, dtype="str").reindex(monetary.index)


@dataclass(frozen=True)
class PreparedScoring:
    """The part of scoring no tier control changes (see prepare_scoring); treat it as read-only."""
    frame: pd.DataFrame        # features with the customers table's columns joined
    ranks: dict                # score column -> rank_min of its feature (int64, read-only), best = highest
    segment: pd.Series         # the eight-class model
    grid: tuple                # (grid_r, grid_f, grid_segment) on 5 quantile bins of R and F
    abc: pd.Series             # ABC class
    abc_cuts: tuple            # the cumulative revenue shares that closed A and B
    split: str = "mean"        # the eight-class model's split (mean or median)


def _rank_min(values: pd.Series, higher_is_better: bool) -> np.ndarray:
    """rank_min as rfm.quantile_scores ranks (ties share the lowest rank, the best value ranks highest)."""
    rank = values.rank(method="min", ascending=higher_is_better).to_numpy(dtype="int64") if len(values) \
        else np.empty(0, dtype="int64")
    rank.flags.writeable = False
    return rank


def _scores_from_rank(rank: np.ndarray, n: int, index: pd.Index) -> pd.Series:
    """rfm.quantile_scores from a precomputed rank_min: min(n, 1 + n*(rank_min - 1) div (N - 1)); 1 when N = 1."""
    N = len(rank)
    if N <= 1:
        return pd.Series(np.ones(N, dtype="int64"), index=index)
    return pd.Series(np.minimum(n, 1 + (n * (rank - 1)) // (N - 1)).astype("int64"), index=index)


def join_attributes(features: pd.DataFrame, attributes: pd.DataFrame | None = None) -> pd.DataFrame:
    """features with the customers table's columns not already there (left join, one row per customer)."""
    if attributes is None or attributes.empty:
        return features
    extra = [c for c in attributes.columns if c not in features.columns or c == "customer_id"]
    return features.merge(attributes[extra].drop_duplicates("customer_id"), on="customer_id", how="left")


def prepare_scoring(features: pd.DataFrame, attributes: pd.DataFrame | None = None,
                    abc: tuple = (0.8, 0.95), split: str = "mean") -> PreparedScoring:
    """Everything of scoring that bins, thresholds, weights and tier rules leave unchanged.

    At 1M customers this is the slow part (~1.5 s: the join, four ranks, ABC); keep it while the
    data, date, look-back and ABC cuts stay the same. The inputs are not modified.
    """
    frame = join_attributes(features, attributes)
    ranks = {}
    for col, (feature, higher) in RANKED.items():
        if feature in frame.columns:
            values = frame[feature].fillna(0.0) if col == "p_score" else frame[feature]
            ranks[col] = _rank_min(values, higher)
    r5 = _scores_from_rank(ranks["r_score"], 5, frame.index)
    f5 = _scores_from_rank(ranks["f_score"], 5, frame.index)
    return PreparedScoring(frame=frame, ranks=ranks, segment=eight_class_segments(frame, split),
                           grid=(r5, f5, grid_segments(r5, f5)), abc=abc_classes(frame["monetary"], *abc),
                           abc_cuts=tuple(abc), split=split)


def binned_scores(prepared: PreparedScoring, scenario: Scenario) -> pd.DataFrame:
    """A new frame: the joined features + r_score, f_score, m_score (p_score), segment (eight-class),
    grid_r, grid_f, grid_segment, abc.

    Reads only the scenario's bins, score_method and thresholds (and the ABC cuts given to
    prepare_scoring); the same frame serves every weight and tier rule (weigh_and_tier).
    """
    if tuple(scenario.abc) != prepared.abc_cuts or scenario.eight_class_split != prepared.split:
        raise ValueError(f"prepared with ABC cuts {prepared.abc_cuts} and split {prepared.split}, the scenario has "
                         f"{tuple(scenario.abc)} and {scenario.eight_class_split}")
    frame, n = prepared.frame, scenario.bins
    m_column = "quantity" if scenario.m_basis == "quantity" else "monetary"
    if m_column not in frame.columns:
        raise KeyError("M on quantity needs a quantity column in the order lines")
    out = frame.copy(deep=False)  # new columns only; the prepared frame is left as it is
    if scenario.score_method == "threshold":
        th = scenario.thresholds or {}
        out["r_score"] = threshold_scores(frame["recency_days"], th["R"], higher_is_better=False)
        out["f_score"] = threshold_scores(frame["frequency"], th["F"])
        out["m_score"] = threshold_scores(frame[m_column], th["M"])
    else:
        for col in ("r_score", "f_score", "m_score"):
            rank = prepared.ranks["q_score" if col == "m_score" and m_column == "quantity" else col]
            out[col] = _scores_from_rank(rank, n, frame.index)
    if "p_score" in prepared.ranks:
        out["p_score"] = _scores_from_rank(prepared.ranks["p_score"], n, frame.index)
    out["segment"] = prepared.segment
    if n == 5 and scenario.score_method == "threshold":  # the grid is on the scenario's own 5 bins
        r5, f5 = out["r_score"], out["f_score"]
        grid = (r5, f5, grid_segments(r5, f5))
    elif n == 5:
        grid = (out["r_score"], out["f_score"], prepared.grid[2])
    else:
        grid = prepared.grid
    out["grid_r"], out["grid_f"], out["grid_segment"] = grid
    out["abc"] = prepared.abc
    return out


def weigh_and_tier(binned: pd.DataFrame, scenario: Scenario) -> pd.DataFrame:
    """A new frame: binned + score and tier (placed before abc, as score_customers returns them).

    Reads only the scenario's weights, attributes, bins (the score's scale), tier method and tiers;
    binned is not modified (its columns are shared, not copied).
    """
    out = binned.copy(deep=False)
    abc_last = len(out.columns) > 0 and out.columns[-1] == "abc" and "score" not in out and "tier" not in out
    out["score"] = weighted_score(out, scenario)
    out["tier"] = tiers_of(out, scenario)
    if scenario.overrides:
        out = apply_overrides(out, scenario)
    if abc_last:
        out = out[[c for c in out.columns if c != "abc"] + ["abc"]]
    return out


def score_customers(features: pd.DataFrame, scenario: Scenario,
                    attributes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The whole scoring of a features frame under a scenario (a new frame).

    Adds r_score, f_score, m_score (p_score), segment (eight-class), grid_segment, score, tier, abc;
    joins the customers table's columns when given. The same as
    weigh_and_tier(binned_scores(prepare_scoring(features, attributes, scenario.abc, scenario.eight_class_split),
    scenario), scenario).
    """
    prepared = prepare_scoring(features, attributes, scenario.abc, scenario.eight_class_split)
    return weigh_and_tier(binned_scores(prepared, scenario), scenario)


def tier_summary(scored: pd.DataFrame) -> pd.DataFrame:
    """One row per tier (best first, empty tiers kept): customers, customer_share, revenue,
    revenue_share, avg_order_value (revenue / purchases), avg_recency (days)."""
    g = scored.groupby("tier", observed=False)
    out = pd.DataFrame({
        "customers": g.size(),
        "revenue": g["monetary"].sum(),
        "purchases": g["frequency"].sum(),
        "avg_recency": g["recency_days"].mean(),
    })
    n, rev = out["customers"].sum(), out["revenue"].sum()
    out["customer_share"] = out["customers"] / n if n else 0.0
    out["revenue_share"] = out["revenue"] / rev if rev else 0.0
    out["avg_order_value"] = (out["revenue"] / out["purchases"].where(out["purchases"] > 0)).fillna(0.0)
    out.index = out.index.astype("str")
    return out.reset_index().rename(columns={"index": "tier"})


def segment_summary(scored: pd.DataFrame, column: str, order=None) -> pd.DataFrame:
    """Customers, shares, revenue and mean R/F/M per segment of a column (order kept if given)."""
    g = scored.groupby(column, observed=True)
    out = pd.DataFrame({
        "customers": g.size(),
        "revenue": g["monetary"].sum(),
        "avg_recency": g["recency_days"].mean(),
        "avg_frequency": g["frequency"].mean(),
        "avg_monetary": g["monetary"].mean(),
    })
    if order is not None:
        out = out.reindex([o for o in order if o in out.index])
    n, rev = len(scored), scored["monetary"].sum()
    out["customer_share"] = out["customers"] / n if n else 0.0
    out["revenue_share"] = out["revenue"] / rev if rev else 0.0
    out.index.name = "segment"
    return out.reset_index()


def grid_counts(scored: pd.DataFrame) -> pd.DataFrame:
    """5 x 5 customers by (grid R score, grid F score); rows R 1..5, columns F 1..5."""
    r = scored["grid_r"].to_numpy(dtype="int64")
    f = scored["grid_f"].to_numpy(dtype="int64")
    inside = (r >= 1) & (r <= 5) & (f >= 1) & (f <= 5)
    cells = np.bincount((r[inside] - 1) * 5 + f[inside] - 1, minlength=25).astype("int64").reshape(5, 5)
    return pd.DataFrame(cells, index=pd.RangeIndex(1, 6, name="grid_r"), columns=pd.RangeIndex(1, 6, name="grid_f"))


def pareto_curve(scored: pd.DataFrame, points: int = 200) -> pd.DataFrame:
    """Cumulative revenue share against cumulative customer share, at most `points` rows."""
    m = np.sort(scored["monetary"].to_numpy(dtype="float64"))[::-1]
    N = len(m)
    if N == 0:
        return pd.DataFrame({"customer_share": [0.0], "revenue_share": [0.0]})
    cum = np.cumsum(m)
    total = cum[-1] if cum[-1] != 0 else 1.0
    idx = np.unique(np.linspace(0, N - 1, min(points, N)).round().astype(int))
    return pd.DataFrame({"customer_share": np.r_[0.0, (idx + 1) / N],
                         "revenue_share": np.r_[0.0, cum[idx] / total]})


def abc_summary(scored: pd.DataFrame) -> pd.DataFrame:
    """Customers and revenue per ABC class."""
    g = scored.groupby("abc")
    out = pd.DataFrame({"customers": g.size(), "revenue": g["monetary"].sum()}).reindex(ABC_CLASSES, fill_value=0)
    n, rev = out["customers"].sum(), out["revenue"].sum()
    out["customer_share"] = out["customers"] / n if n else 0.0
    out["revenue_share"] = out["revenue"] / rev if rev else 0.0
    out.index.name = "abc"
    return out.reset_index()
