"""Weighted 0-100 score, tiers and ABC (Pareto) classes, plus the per-tier summaries.

Everything here works on the per-customer frame in memory, so moving a weight slider
re-scores without touching the database.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .config import Scenario
from .rfm import eight_class_segments, grid_segments, quantile_scores, rfm_scores

COMPONENT_SCORES = {"R": "r_score", "F": "f_score", "M": "m_score", "profit": "p_score"}
ABC_CLASSES = ("A", "B", "C")


def attribute_term(values: pd.Series, spec: dict) -> pd.Series:
    """A customer attribute as a 0-1 component: a points table, or min-max of a number.

    spec: {"column", "weight", "direction": "higher"|"lower"} or {..., "points": {value: pts}}.
    Missing values count as 0 (the worst).
    """
    if spec.get("points"):
        pts = {str(k): float(v) for k, v in spec["points"].items()}
        top = max(pts.values()) if pts else 0.0
        x = values.astype("str").map(pts).astype("float64")
        x = x / top if top > 0 else x * 0.0
        return x.fillna(0.0)
    v = pd.to_numeric(values, errors="coerce").astype("float64")
    lo, hi = v.min(), v.max()
    if not np.isfinite(lo) or hi == lo:
        x = pd.Series(np.where(v.notna(), 1.0, 0.0), index=v.index)
    else:
        x = (v - lo) / (hi - lo)
        if spec.get("direction", "higher") == "lower":
            x = 1.0 - x
    return x.fillna(0.0)


def weighted_score(scored: pd.DataFrame, scenario: Scenario) -> pd.Series:
    """score = 100 * sum_c w_c * (s_c - 1) / (n - 1) (attributes: w_c * x_c), rounded to 6 places."""
    n = scenario.bins
    weights = scenario.normalised_weights()
    total = pd.Series(0.0, index=scored.index)
    specs = {"attr:" + a["column"]: a for a in scenario.attributes}
    for key, w in weights.items():
        if key in specs:
            col = specs[key]["column"]
            if col not in scored.columns:
                raise KeyError(f"attribute column {col!r} is not in the customers table")
            total += w * attribute_term(scored[col], specs[key])
        else:
            col = COMPONENT_SCORES[key]
            if col not in scored.columns:
                raise KeyError(f"component {key!r} needs a {key} column in the data")
            total += w * (scored[col] - 1) / (n - 1)
    return (100.0 * total).round(6)


def assign_tiers(score: pd.Series, method: str, tiers, tiebreak: pd.Series | None = None) -> pd.Series:
    """Tier names as an ordered categorical (best first).

    score: tiers are [name, minimum], highest first; a score below every minimum gets the last.
    share: tiers are [name, share of customers], best first, the last taking the rest;
    customers are taken in order of score, then tiebreak (e.g. monetary), both descending, then
    index order, so "top 10%" holds exactly (round(share * N) customers) even where scores tie.
    """
    names = [t[0] for t in tiers]
    if method == "score":
        mins = np.array([float(t[1]) for t in tiers])
        s = score.to_numpy(dtype="float64")[:, None]
        idx = np.argmax(s >= mins, axis=1)
        idx = np.where((s >= mins).any(axis=1), idx, len(names) - 1)
    else:
        N = len(score)
        keys = [np.arange(N)]
        if tiebreak is not None:
            keys.append(-tiebreak.to_numpy(dtype="float64"))
        keys.append(-score.to_numpy(dtype="float64"))
        position = np.empty(N, dtype="int64")
        position[np.lexsort(keys)] = np.arange(N)
        bounds = np.round(np.cumsum([float(t[1]) for t in tiers[:-1]]) * N)
        idx = np.searchsorted(bounds, position, side="right")
    cat = pd.Categorical.from_codes(np.asarray(idx, dtype="int64"), categories=names, ordered=True) \
        if len(score) else pd.Categorical([], categories=names, ordered=True)
    return pd.Series(cat, index=score.index, name="tier")


def abc_classes(monetary: pd.Series, a: float = 0.8, b: float = 0.95) -> pd.Series:
    """Pareto classes: by monetary descending, A while the cumulative share <= a, B <= b, C the rest."""
    if monetary.empty:
        return pd.Series([], index=monetary.index, dtype="str")
    order = monetary.sort_values(ascending=False, kind="stable")
    total = order.sum()
    cum = order.cumsum() / total if total > 0 else pd.Series(1.0, index=order.index)
    cls = np.where(cum.round(12) <= a, "A", np.where(cum.round(12) <= b, "B", "C"))
    return pd.Series(cls, index=order.index, dtype="str").reindex(monetary.index)


def score_customers(features: pd.DataFrame, scenario: Scenario,
                    attributes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The whole scoring of a features frame under a scenario (a new frame).

    Adds r_score, f_score, m_score (p_score), segment (eight-class), grid_segment, score, tier, abc;
    joins the customers table's columns when given.
    """
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
    t = pd.crosstab(scored["grid_r"], scored["grid_f"])
    return t.reindex(index=range(1, 6), columns=range(1, 6), fill_value=0)


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
