"""R/F/M scores and the two named segment models.

Quantile scores (n bins, 5 by default): rank_min = the rank with ties given the lowest rank,
N = customers scored; score = min(n, 1 + (n * (rank_min - 1)) div (N - 1)), integer division, 1 when
N = 1; ties always share a score. F and M rank ascending (more is better), R by recency_days
descending (more recent is better). The threshold method takes bin edges per dimension instead.
Eight-class model: R, F, M each "high" when better than the population mean (recency_days < mean,
frequency > mean, monetary > mean), named as in EIGHT_CLASS. English grid: on the 5-bin R and F
scores whatever the bins setting, codes as in _grid_code.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

# The eight-class model common in China: (R high, F high, M high) -> name.
EIGHT_CLASS = {
    (True, True, True): "重要价值",
    (True, False, True): "重要发展",
    (False, True, True): "重要保持",
    (False, False, True): "重要挽留",
    (True, True, False): "一般价值",
    (True, False, False): "一般发展",
    (False, True, False): "一般保持",
    (False, False, False): "一般挽留",
}
EIGHT_CLASS_ORDER = list(EIGHT_CLASS.values())

GRID_ORDER = ["champions", "loyal", "potential_loyalist", "new", "promising", "need_attention",
              "about_to_sleep", "cant_lose", "at_risk", "hibernating"]


def _grid_code(r: int, f: int) -> str:
    if r <= 2:
        return "hibernating" if f <= 2 else ("at_risk" if f <= 4 else "cant_lose")
    if r == 3:
        return "about_to_sleep" if f <= 2 else ("need_attention" if f == 3 else "loyal")
    if f >= 4:
        return "loyal" if r == 4 else "champions"
    if f == 1:
        return "promising" if r == 4 else "new"
    return "potential_loyalist"


# (R score, F score) -> code on the 5 x 5 grid
GRID = {(r, f): _grid_code(r, f) for r in range(1, 6) for f in range(1, 6)}


def quantile_scores(values: pd.Series, n: int = 5, higher_is_better: bool = True) -> pd.Series:
    """Quantile scores 1..n by rank: min(n, 1 + n*(rank_min - 1) div (N - 1)); 1 when N = 1.

    rank_min gives ties the lowest rank (SQL RANK()), so ties always share a score. With
    higher_is_better=False the smallest value gets the best score (recency in days).
    >>> quantile_scores(pd.Series([10, 20, 20, 40]), n=2).tolist()
    [1, 2, 2, 2]
    """
    N = len(values)
    if N == 0:
        return pd.Series([], index=values.index, dtype="int64")
    if N == 1:
        return pd.Series(1, index=values.index, dtype="int64")
    rank = values.rank(method="min", ascending=higher_is_better).astype("int64")
    return np.minimum(n, 1 + (n * (rank - 1)) // (N - 1)).astype("int64")


def threshold_scores(values: pd.Series, edges, higher_is_better: bool = True) -> pd.Series:
    """Scores 1..len(edges)+1 from ascending bin edges.

    higher_is_better: 1 + number of edges e with value >= e (F, M).
    otherwise: 1 + number of edges e with value <= e (R: 10 days with edges [30, 90] scores 3).
    """
    edges = np.asarray(sorted(float(e) for e in edges))
    v = values.to_numpy(dtype="float64")[:, None]
    hits = (v >= edges) if higher_is_better else (v <= edges)
    return pd.Series(1 + hits.sum(axis=1), index=values.index, dtype="int64")


def suggested_thresholds(features: pd.DataFrame, bins: int) -> dict:
    """Quantile bin edges of the data, a starting point for the threshold method."""
    qs = np.linspace(0, 1, bins + 1)[1:-1]
    out = {}
    for key, col in (("R", "recency_days"), ("F", "frequency"), ("M", "monetary")):
        if features.empty:
            out[key] = [float(i) for i in range(1, bins)]
            continue
        edges = np.quantile(features[col].to_numpy(dtype="float64"), qs)
        out[key] = [float(round(e, 2)) for e in edges]
    return out


def rfm_scores(features: pd.DataFrame, bins: int = 5, method: str = "quantile",
               thresholds: dict | None = None) -> pd.DataFrame:
    """Add r_score, f_score, m_score (and p_score when profit is present) to a copy of features."""
    out = features.copy()
    if method == "threshold":
        th = thresholds or {}
        out["r_score"] = threshold_scores(out["recency_days"], th["R"], higher_is_better=False)
        out["f_score"] = threshold_scores(out["frequency"], th["F"])
        out["m_score"] = threshold_scores(out["monetary"], th["M"])
    else:
        out["r_score"] = quantile_scores(out["recency_days"], bins, higher_is_better=False)
        out["f_score"] = quantile_scores(out["frequency"], bins)
        out["m_score"] = quantile_scores(out["monetary"], bins)
    if "profit" in out.columns:
        out["p_score"] = quantile_scores(out["profit"].fillna(0.0), bins)
    return out


def eight_class_segments(features: pd.DataFrame, split: str = "mean") -> pd.Series:
    """The eight-class model: R/F/M 'high' when better than the population mean (or median: split)."""
    if features.empty:
        return pd.Series([], index=features.index, dtype="str")
    centre = (lambda c: features[c].median()) if split == "median" else (lambda c: features[c].mean())
    r = features["recency_days"] < centre("recency_days")
    f = features["frequency"] > centre("frequency")
    m = features["monetary"] > centre("monetary")
    names = np.array([EIGHT_CLASS[(bool(i & 4), bool(i & 2), bool(i & 1))] for i in range(8)], dtype=object)
    code = 4 * r.to_numpy(dtype="int64") + 2 * f.to_numpy(dtype="int64") + m.to_numpy(dtype="int64")
    return pd.Series(names[code], index=features.index, dtype="str")


def grid_segments(r5: pd.Series, f5: pd.Series) -> pd.Series:
    """The English grid on 5-bin R and F scores."""
    table = np.empty((6, 6), dtype=object)
    for (r, f), code in GRID.items():
        table[r, f] = code
    return pd.Series(table[r5.to_numpy(dtype="int64"), f5.to_numpy(dtype="int64")], index=r5.index, dtype="str")
