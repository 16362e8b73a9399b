"""Why is this customer in this tier? What each component added to the score, the distance to the next
tier and the single changes that would close it.

A component's points are its contribution to the 0-100 score: 100 * weight_share * normalised, where
weight_share is the component's weight over the weights counted for this customer (a component left out
by the "exclude" missing policy counts for nothing); the points add up to the score.

The next tier's threshold: its minimum score (score tiers), or the lowest score now in that tier (share
tiers, within the customer's slice when tiers are within a slice). A single change is one component's
value that, everyone else as they are, lifts the score to that threshold: the least change among the
values other customers have (recency under 45 days, 2 more purchases, industry 政府). None may exist:
a component already at its best, or too light to close the gap alone.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import scorecard

EXPLAIN_COLUMNS = ["component", "value", "normalised", "weight_share", "points"]


class ExplainError(ValueError):
    """A customer that cannot be explained (not scored, unknown id)."""


@dataclass(frozen=True)
class Explanation:
    customer_id: str
    rows: pd.DataFrame            # EXPLAIN_COLUMNS, one row per component, then "total" (points = score)
    score: float
    tier: str
    score_tier: str               # the tier from the score (differs from tier when overridden)
    override: str | None          # the override's reason
    next_tier: str | None         # the tier above score_tier (None: already the best)
    threshold: float | None       # the score that reaches next_tier
    gap: float | None             # threshold - score
    changes: list = field(default_factory=list)  # dicts: component, column, current, needed, delta, direction, category


def explain(scored: pd.DataFrame, scenario, customer_id: str) -> Explanation:
    """The explanation of one scored customer (scored: weigh_and_tier's frame of every customer)."""
    ids = scored["customer_id"].astype("str").to_numpy()
    where = np.flatnonzero(ids == str(customer_id))
    if not len(where):
        raise ExplainError(f"customer {customer_id!r} is not among the scored customers "
                           f"(a prospect, or no purchase in the window)")
    i = int(where[0])
    comps, X, counted = scorecard.component_matrix(scored, scenario)
    w = np.array([c.weight for c in comps], dtype="float64")
    W = float((counted[i] * w).sum())
    share = np.where(counted[i], w / W, 0.0) if W > 0 else np.zeros(len(comps))
    points = 100.0 * share * X[i]
    rows = []
    for j, c in enumerate(comps):
        raw = scored[c.column].iat[i] if c.column in scored.columns else np.nan
        rows.append({"component": c.key, "value": _plain(raw), "normalised": round(float(X[i, j]), 6)
                     if counted[i, j] else np.nan, "weight_share": round(float(share[j]), 6),
                     "points": round(float(points[j]), 6)})
    score = float(scored["score"].iat[i])
    rows.append({"component": "total", "value": np.nan, "normalised": np.nan,
                 "weight_share": round(float(share.sum()), 6), "points": score})
    tier = str(scored["tier"].iat[i])
    score_tier = str(scored["score_tier"].iat[i]) if "score_tier" in scored.columns else tier
    override = scored["override"].iat[i] if "override" in scored.columns else None
    names = [t[0] for t in scenario.tiers]
    pos = names.index(score_tier) if score_tier in names else 0
    next_tier = names[pos - 1] if pos > 0 and scenario.tier_method != "cluster" else None
    threshold = gap = None
    changes = []
    if next_tier is not None:
        threshold = _threshold(scored, scenario, i, next_tier)
        if threshold is not None:
            gap = round(threshold - score, 6)
            changes = _single_changes(scored, scenario, comps, X, counted, i, threshold)
    table = pd.DataFrame(rows, columns=EXPLAIN_COLUMNS)
    table["value"] = pd.Series([r["value"] for r in rows], dtype="object")  # 16 days stays 16, not 16.0
    return Explanation(str(customer_id), table, score, tier, score_tier,
                       override if isinstance(override, str) else None, next_tier, threshold, gap, changes)


def _plain(v):
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (np.floating,)):
        return float(v)
    return v


def _threshold(scored, scenario, i, next_tier) -> float | None:
    if scenario.tier_method == "score":
        return float(dict(scenario.tiers)[next_tier])
    tiers = scored["score_tier"] if "score_tier" in scored.columns else scored["tier"]
    mask = (tiers == next_tier).to_numpy()
    if scenario.tier_within and scenario.tier_within in scored.columns:
        col = scored[scenario.tier_within]
        mine = col.iat[i]
        mask &= (col.isna() if pd.isna(mine) else (col == mine)).to_numpy()
    if not mask.any():
        return None
    return float(scored["score"].to_numpy()[mask].min())


def _single_changes(scored, scenario, comps, X, counted, i, threshold) -> list:
    w = np.array([c.weight for c in comps], dtype="float64")
    S = float((X[i] * counted[i] * w).sum())
    W = float((counted[i] * w).sum())
    T = threshold / 100.0
    out = []
    for j, c in enumerate(comps):
        others_s = S - (w[j] * X[i, j] if counted[i, j] else 0.0)
        others_w = W - (w[j] if counted[i, j] else 0.0)
        need = (T * (others_w + w[j]) - others_s) / w[j]  # the x that reaches the threshold
        need = max(need, 0.0)
        if need > 1.0 + 1e-9 or (counted[i, j] and need <= X[i, j] + 1e-12):
            continue
        change = _value_for(scored, scenario, c, need, i)
        if change is not None:
            out.append(change)
    return out


def _value_for(scored, scenario, c, need, i) -> dict | None:
    """The least change of component c's value giving x >= need, among the values customers have."""
    x = scorecard.normalised(scored, c, scenario.bins)
    ok = ~np.isnan(x) & (x >= need - 1e-9)
    if not ok.any():
        return None
    raw = scored[c.column]
    current = _plain(raw.iat[i])
    if c.normalise == "points" and c.categories:
        top = c.top or 1.0
        present = set(raw.dropna().astype("str"))  # a value from the points table no customer has is no advice
        fits = sorted(((p, v) for v, p in c.categories if v in present and min(p, top) / top >= need - 1e-9),
                      key=lambda t: (t[0], t[1]))
        if not fits:
            return None
        return {"component": c.key, "column": c.column, "current": current, "needed": fits[0][1], "delta": None,
                "direction": "category", "category": True}
    if c.normalise == "points" and c.ranges:  # the edge of the first range worth enough
        top = c.top or 1.0
        edges = [lo for lo, _, p in c.ranges if lo is not None and min(p, top) / top >= need - 1e-9]
        cur = pd.to_numeric(pd.Series([current]), errors="coerce").iat[0]
        if edges:
            needed = min(edges)
            return {"component": c.key, "column": c.column, "current": current, "needed": _plain(needed),
                    "delta": None if pd.isna(cur) else round(needed - float(cur), 6), "direction": "at_least",
                    "category": False}
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype="float64")[ok]
    needed = float(values.min() if c.higher_is_better else values.max())
    cur = pd.to_numeric(pd.Series([current]), errors="coerce").iat[0]
    delta = None if pd.isna(cur) else round(needed - float(cur), 6)
    return {"component": c.key, "column": c.column, "current": current, "needed": _plain(needed), "delta": delta,
            "direction": "at_least" if c.higher_is_better else "at_most", "category": False}


def explain_frame(ex: Explanation) -> pd.DataFrame:
    """The command line's table: EXPLAIN_COLUMNS, the total row last."""
    return ex.rows.copy()
