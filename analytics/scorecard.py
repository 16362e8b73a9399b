"""The scorecard: which components make the 0-100 score, how each is put on 0-1, and what a customer's
score is made of.

A component is R, F, M, profit, a component derived from the orders (growth, avg_month, avg_quarter,
margin_pct, breadth, interval_days, quantity: analytics/features.DERIVED_COLUMNS) or a column of the
customers table. Each is normalised to x in 0-1 one of five ways:

    binned      score s in 1..n as R/F/M are scored (quantile bins, or the threshold edges for R/F/M
                under the threshold method), x = (s - 1) / (n - 1)
    percentile  x = (rank_min - 1) / (N - 1) among the customers who have a value (1 when N = 1)
    minmax      x = (v - min) / (max - min) (1 when every value is the same)
    thresholds  your own edges e1 < ... < ek: x = (number of edges passed) / k; higher is better: edges
                with v >= e; lower is better: edges with v <= e (as the R threshold scores)
    points      a points card criterion: categories or value ranges mapped to points, x = points / maximum

A missing value (a growth without a base, a category outside the table, an empty customer cell) follows
the component's policy: worst (x = 0, the default), median (x = the median x of the customers who have
one) or exclude (the component is left out of that customer's score; the other weights are rescaled).

score = 100 * sum_c w_c x_c / sum_c w_c over the components counted for the customer, rounded to 6
decimals; with nothing missing and binned R/F/M this is DESIGN's 100 * sum_c w_c (s_c - 1) / (n - 1).
A points card is the same sum with each criterion's weight equal to its maximum points: criteria whose
maxima add up to 100 give a score that is the points total itself.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .config import DERIVED_KEYS, MISSING_POLICIES, NORMALISATIONS, POINTS_ENDS  # noqa: F401 (re-exported)
from .rfm import threshold_scores

# component -> (column in the scored frame, higher is better, the binned score column when it has one)
BUILTIN = {
    "R": ("recency_days", False, "r_score"), "F": ("frequency", True, "f_score"),
    "M": ("monetary", True, "m_score"), "profit": ("profit", True, "p_score"),
    "growth": ("growth", True, None), "avg_month": ("avg_month", True, None),
    "avg_quarter": ("avg_quarter", True, None), "margin_pct": ("margin_pct", True, None),
    "breadth": ("breadth", True, None), "interval_days": ("interval_days", False, None),
    "quantity": ("quantity", True, None),
}
DERIVED = DERIVED_KEYS
ATTR = "attr:"


@dataclass(frozen=True)
class Component:
    """One score component in use (weight > 0)."""
    key: str                  # "R", "growth", "attr:industry"
    column: str               # its raw values' column in the scored frame
    weight: float             # as set (not normalised)
    normalise: str
    higher_is_better: bool
    edges: tuple = ()         # thresholds
    categories: tuple = ()    # points: ((value, points), ...)
    ranges: tuple = ()        # points: ((low or None, high or None, points), ...), low <= v < high
    max_points: float | None = None
    missing: str = "worst"
    score_column: str | None = None  # binned R/F/M/profit: the score the binning step made

    @property
    def is_attribute(self) -> bool:
        return self.key.startswith(ATTR)

    @property
    def top(self) -> float:
        """The points that give x = 1."""
        if self.max_points:
            return float(self.max_points)
        pts = [p for _, p in self.categories] + [p for *_, p in self.ranges]
        return max(pts) if pts else 0.0


_RANGE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[-~–—至到]\s*(-?\d+(?:\.\d+)?)\s*$")


def resolve_points(value, end: str = "low") -> float | None:
    """Points as a number; a range "10-15" (or [10, 15]) gives its low end, its middle or its high end."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value):
        lo, hi = sorted(float(v) for v in value)
    elif isinstance(value, str):
        text = value.strip()
        m = _RANGE.match(text)
        if not m:
            try:
                return float(text)
            except ValueError:
                return None
        lo, hi = sorted((float(m.group(1)), float(m.group(2))))
    else:
        return None
    return {"low": lo, "high": hi}.get(end, (lo + hi) / 2)


def components(scenario, columns=None) -> list[Component]:
    """The components of a scenario with a weight > 0, in the order R, F, M, profit, derived, attributes.

    columns: the scored frame's columns; a built-in component whose column is missing is an error
    for R/F/M/profit (as before) and for the derived ones (the data lacks what they need)."""
    out = []
    opts = getattr(scenario, "components", {}) or {}
    for key, (column, higher, score_col) in BUILTIN.items():
        w = float(scenario.weights.get(key, 0.0))
        if w <= 0:
            continue
        o = opts.get(key, {})
        if key == "M" and getattr(scenario, "m_basis", "amount") == "quantity":
            column = "quantity"
        out.append(_component(key, column, w, o, higher, score_col, "binned", scenario))
    for a in scenario.attributes:
        w = float(a.get("weight", 0.0))
        if w <= 0:
            continue
        kind = "points" if a.get("points") else "minmax"
        out.append(_component(ATTR + a["column"], a["column"], w, a, a.get("direction", "higher") == "higher",
                              None, kind, scenario))
    if columns is not None:
        for c in out:
            if c.column not in columns and not (c.score_column and c.score_column in columns):
                what = f"attribute column {c.column!r} is not in the customers table" if c.is_attribute \
                    else f"component {c.key!r} needs a {c.column} column in the data"
                raise KeyError(what)
    return out


def _component(key, column, weight, o, higher, score_col, default_norm, scenario) -> Component:
    norm = o.get("normalise", default_norm)
    if "direction" in o and not key.startswith(ATTR):
        higher = o["direction"] == "higher"
    end = getattr(scenario, "points_end", "low")
    cats, ranges = (), ()
    pts = o.get("points")
    if isinstance(pts, dict):
        cats = tuple((str(k), resolve_points(v, end)) for k, v in pts.items())
        cats = tuple((k, v) for k, v in cats if v is not None)
    elif isinstance(pts, (list, tuple)):
        ranges = tuple((_num_or_none(r[0]), _num_or_none(r[1]), resolve_points(r[2], end)) for r in pts)
    return Component(key=key, column=column, weight=weight, normalise=norm, higher_is_better=higher,
                     edges=tuple(float(e) for e in o.get("edges", ()) or ()), categories=cats, ranges=ranges,
                     max_points=o.get("max_points"), missing=o.get("missing", "worst"),
                     score_column=score_col if norm == "binned" else None)


def _num_or_none(v):
    return None if v is None else float(v)


def uses_derived(scenario) -> bool:
    """Whether the scenario's score needs the features derived from the orders (growth ... quantity), so a
    caller that only scores can skip computing them (analytics/features.customer_features(derived=...))."""
    return getattr(scenario, "m_basis", "amount") == "quantity" or any(
        float(scenario.weights.get(k, 0) or 0) > 0 for k in DERIVED)


def quantile_bins(values: np.ndarray, higher_is_better: bool, n: int) -> np.ndarray:
    """DESIGN's quantile score 1..n of the present values (nan stays nan): rank_min, integer division."""
    out = np.full(len(values), np.nan)
    present = ~np.isnan(values)
    v = values[present]
    N = len(v)
    if N == 0:
        return out
    rank = pd.Series(v).rank(method="min", ascending=higher_is_better).to_numpy(dtype="int64")
    out[present] = 1 if N == 1 else np.minimum(n, 1 + (n * (rank - 1)) // (N - 1))
    return out


def normalised(frame: pd.DataFrame, c: Component, bins: int) -> np.ndarray:
    """x in 0-1 for every row of the frame, nan where the value is missing (before the missing policy)."""
    if c.score_column and c.score_column in frame.columns:  # R/F/M/profit binned as the scenario bins them
        s = frame[c.score_column].to_numpy(dtype="float64")
        return (s - 1) / (bins - 1)
    raw = frame[c.column]
    if c.normalise == "points":
        return _points(raw, c)
    v = pd.to_numeric(raw, errors="coerce").to_numpy(dtype="float64")
    v = np.where(np.isfinite(v), v, np.nan)
    present = ~np.isnan(v)
    if c.normalise == "binned":
        return (quantile_bins(v, c.higher_is_better, bins) - 1) / (bins - 1)
    if c.normalise == "percentile":
        out = np.full(len(v), np.nan)
        N = int(present.sum())
        if N:
            rank = pd.Series(v[present]).rank(method="min", ascending=c.higher_is_better).to_numpy(dtype="float64")
            out[present] = 1.0 if N == 1 else (rank - 1) / (N - 1)
        return out
    if c.normalise == "thresholds":
        if not c.edges:
            return np.where(present, 1.0, np.nan)
        s = threshold_scores(pd.Series(np.where(present, v, 0.0)), c.edges, c.higher_is_better).to_numpy("float64")
        return np.where(present, (s - 1) / len(c.edges), np.nan)
    # minmax
    if not present.any():
        return v
    lo, hi = np.nanmin(v), np.nanmax(v)
    if hi == lo:
        return np.where(present, 1.0, np.nan)
    x = (v - lo) / (hi - lo)
    return x if c.higher_is_better else 1.0 - x


def _points(raw: pd.Series, c: Component) -> np.ndarray:
    top = c.top
    if c.categories:
        table = dict(c.categories)
        codes, uniques = pd.factorize(raw)  # a few distinct values, many customers
        per = np.array([table.get(str(u), np.nan) for u in uniques] + [np.nan], dtype="float64")
        pts = per[codes]
    else:
        v = pd.to_numeric(raw, errors="coerce").to_numpy(dtype="float64")
        pts = np.full(len(v), np.nan)
        for lo, hi, p in reversed(c.ranges):  # the first range that holds wins
            hit = np.ones(len(v), dtype=bool) if lo is None else v >= lo
            if hi is not None:
                hit &= v < hi
            hit &= ~np.isnan(v)
            pts = np.where(hit, p, pts)
    if top <= 0:
        return np.where(np.isnan(pts), np.nan, 0.0)
    return np.clip(pts, 0, top) / top


def component_matrix(frame: pd.DataFrame, scenario) -> tuple[list[Component], np.ndarray, np.ndarray]:
    """(components, X, counted): X[i, c] the customer's x after the missing policy (0 where excluded),
    counted[i, c] whether the component counts in that customer's score."""
    comps = components(scenario, frame.columns)
    n = len(frame)
    X = np.zeros((n, len(comps)))
    counted = np.ones((n, len(comps)), dtype=bool)
    for j, c in enumerate(comps):
        x = normalised(frame, c, scenario.bins)
        miss = np.isnan(x)
        if miss.any():
            if c.missing == "median":
                fill = float(np.median(x[~miss])) if (~miss).any() else 0.0
                x = np.where(miss, fill, x)
            elif c.missing == "exclude":
                counted[:, j] = ~miss
                x = np.where(miss, 0.0, x)
            else:
                x = np.where(miss, 0.0, x)
        X[:, j] = x
    return comps, X, counted


def scores(frame: pd.DataFrame, scenario) -> pd.Series:
    """The 0-100 score of every row (see the module docstring), rounded to 6 decimals.

    The same sums as component_matrix, accumulated one component at a time (no customers x components
    matrix: this runs on every weight change, ~1M customers in tens of milliseconds)."""
    comps = components(scenario, frame.columns)
    n = len(frame)
    total = np.zeros(n)
    denom = None  # per customer only when a component may be left out
    weight_sum = float(sum(c.weight for c in comps))
    for c in comps:
        x = normalised(frame, c, scenario.bins)
        miss = np.isnan(x)
        if not miss.any():
            total += c.weight * x
            continue
        if c.missing == "exclude":
            if denom is None:
                denom = np.full(n, weight_sum)
            denom -= c.weight * miss
            x = np.where(miss, 0.0, x)
        elif c.missing == "median":
            x = np.where(miss, float(np.median(x[~miss])) if (~miss).any() else 0.0, x)
        else:
            x = np.where(miss, 0.0, x)
        total += c.weight * x
    if denom is None:
        out = total / weight_sum if weight_sum > 0 else total
    else:
        out = np.divide(total, denom, out=np.zeros(n), where=denom > 0)
    return pd.Series(np.round(100.0 * out, 6), index=frame.index)


def missing_counts(frame: pd.DataFrame, scenario) -> pd.DataFrame:
    """Per component in use: customers, missing (no value) and the policy that applied."""
    rows = []
    for c in components(scenario, frame.columns):
        x = normalised(frame, c, scenario.bins)
        rows.append({"component": c.key, "customers": len(frame), "missing": int(np.isnan(x).sum()),
                     "policy": c.missing})
    return pd.DataFrame(rows, columns=["component", "customers", "missing", "policy"])


def prospect_grades(attributes: pd.DataFrame | None, scored_ids, scenario) -> pd.DataFrame | None:
    """A grade for customers without purchases, from the customers-table components alone.

    Every customer of the customers table that is not scored (scored_ids) gets prospect_score = 100 *
    sum w_c x_c / sum w_c over the scenario's attribute components (weights, normalisation and missing
    policy as set; min-max, percentile and binned over the whole customers table, so a prospect is
    measured against every known customer) and prospect_grade by the scenario's tiers: minimum scores, or
    shares among the prospects. Columns: customer_id, prospect_score, prospect_grade. None when the
    scenario has no attribute component with a weight or there is no customers table."""
    if attributes is None or attributes.empty:
        return None
    attr_only = [a for a in scenario.attributes if float(a.get("weight", 0)) > 0 and a["column"] in attributes.columns]
    if not attr_only or scenario.tier_method == "cluster":
        return None
    card = type(scenario)(weights={}, attributes=tuple(attr_only), bins=scenario.bins, points_end=scenario.points_end,
                          tier_method=scenario.tier_method, tiers=scenario.tiers)
    table = attributes.drop_duplicates("customer_id").reset_index(drop=True)
    score = scores(table, card)
    prospects = ~table["customer_id"].astype("str").isin(set(map(str, scored_ids))).to_numpy()
    out = pd.DataFrame({"customer_id": table["customer_id"].astype("str").to_numpy()[prospects],
                        "prospect_score": score.to_numpy()[prospects]})
    from .scoring import assign_tiers
    grade = assign_tiers(out["prospect_score"], scenario.tier_method, scenario.tiers)
    out["prospect_grade"] = grade.astype("str").to_numpy()
    return out


def score_histogram(score: pd.Series, width: float = 5.0) -> pd.DataFrame:
    """Customers per score band [low, low + width) on 0-100 (100 falls in the last band): low, high, customers."""
    edges = np.arange(0.0, 100.0 + width, width)
    counts = np.histogram(np.clip(score.to_numpy(dtype="float64"), 0, 100), bins=edges)[0]
    return pd.DataFrame({"low": edges[:-1], "high": edges[1:], "customers": counts.astype("int64")})


def with_prospect_grades(listed: pd.DataFrame, grades: pd.DataFrame | None) -> pd.DataFrame:
    """A new frame: listed (one row per customer_id) with prospect_score and prospect_grade (empty for buyers)."""
    if grades is None or listed.empty:
        return listed
    return listed.merge(grades, on="customer_id", how="left")


def prospect_summary(grades: pd.DataFrame, tiers) -> pd.DataFrame:
    """Prospects per grade in the tiers' order (empty grades kept): grade, prospects, share."""
    names = [t[0] for t in tiers]
    counts = grades["prospect_grade"].value_counts().reindex(names, fill_value=0)
    total = int(counts.sum())
    return pd.DataFrame({"grade": names, "prospects": counts.to_numpy(dtype="int64"),
                         "share": counts.to_numpy(dtype="float64") / total if total else 0.0})
