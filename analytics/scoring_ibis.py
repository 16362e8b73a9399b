"""The scoring of rfm.py and scoring.py as Ibis expressions, so it runs where the customers are (Spark).

Same definitions, same numbers to the last bit as the pandas path (tests/test_spark.py compares
them column by column):

- quantile score: min(n, 1 + n*(rank_min - 1) div (N - 1)), 1 when N = 1; rank_min is SQL RANK()
  (ties share the lowest rank); R ranks recency_days descending, profit ranks with nulls as 0.
- threshold score: 1 + number of edges e with value >= e (R: value <= e).
- eight-class segment: R/F/M "high" when better than the population mean; compared exactly in
  whole days, purchases and cents (r*N < sum r), not with a rounded floating mean.
- grid segment on 5-bin R and F (the scores themselves when bins = 5).
- score = 100 * sum_c w_c * (s_c - 1) / (n - 1), rounded to 6 places half to even like numpy.
- tiers by minimum score, or by share: customers ordered by score desc, monetary desc, customer_id,
  tier k ends at round(cumsum(share) * N).

Two portability rules: a float literal is written CAST('repr' AS DOUBLE) (Spark SQL reads 0.1 as a
DECIMAL), and rounding is done here with floor, never the engine's ROUND (Spark rounds the decimal
text half up, numpy rounds the binary value half to even). Customer attribute components are not
translated: score_expr raises Unsupported for them.
"""
from __future__ import annotations

import ibis
import ibis.expr.types as ir
import numpy as np

from .config import Scenario
from .rfm import EIGHT_CLASS, GRID
from .scoring import COMPONENT_SCORES


class Unsupported(ValueError):
    """A scenario setting the Ibis scoring does not cover; the message is one line for the user."""


def dbl(x: float) -> ir.FloatingValue:
    """A float64 literal, bit-exact on every backend: CAST('0.1' AS DOUBLE)."""
    return ibis.literal(repr(float(x))).cast("float64")


def rint(y: ir.FloatingValue) -> ir.IntegerValue:
    """numpy.rint (half to even) of a double below 2**52 in magnitude, as int64; y - floor(y) is exact."""
    f = y.floor().cast("int64")
    d = y - f.cast("float64")
    return ibis.cases((d > dbl(0.5), f + 1), (d < dbl(0.5), f), ((f % 2) == 0, f), else_=f + 1)


def round_like_numpy(x: ir.FloatingValue, decimals: int) -> ir.FloatingValue:
    """pandas Series.round(decimals): rint(x * 10**d) / 10**d."""
    p = dbl(10.0 ** decimals)
    return rint(x * p).cast("float64") / p


def _everyone():
    return ibis.window()


def quantile_score(col: ir.NumericValue, n: int, N: ir.IntegerValue, higher_is_better: bool = True):
    """rfm.quantile_scores: RANK() - 1 is Ibis' 0-based rank."""
    order = col if higher_is_better else ibis.desc(col)
    rank0 = ibis.rank().over(ibis.window(order_by=order))
    s = ibis.least(n, 1 + (n * rank0) // ibis.greatest(N - 1, 1))
    return ibis.cases((N == 1, 1), else_=s).cast("int64")


def threshold_score(col: ir.NumericValue, edges, higher_is_better: bool = True):
    """rfm.threshold_scores: 1 + the number of edges passed."""
    v = col.cast("float64")
    total = ibis.literal(1, type="int64")
    for e in sorted(float(e) for e in edges):
        hit = (v >= dbl(e)) if higher_is_better else (v <= dbl(e))
        total = total + hit.cast("int64")
    return total


def _cents(money: ir.FloatingValue) -> ir.IntegerValue:
    # money is already rounded to cents: money*100 is within a hair of a whole number
    return (money * dbl(100.0) + dbl(0.5)).floor().cast("int64")


def eight_class_segment(t: ir.Table, N: ir.IntegerValue) -> ir.StringValue:
    """rfm.eight_class_segments with exact comparisons against the mean (x*N vs sum x, in decimal(38,0))."""
    big = "decimal(38, 0)"
    n_ = N.cast(big)

    def above(x):  # x > mean(x)
        x = x.cast(big)
        return (x * n_ > x.sum().over(_everyone())).cast("int64")

    def below(x):  # x < mean(x)
        x = x.cast(big)
        return (x * n_ < x.sum().over(_everyone())).cast("int64")

    code = 4 * below(t.recency_days) + 2 * above(t.frequency) + above(_cents(t.monetary))
    names = [EIGHT_CLASS[(bool(i & 4), bool(i & 2), bool(i & 1))] for i in range(8)]
    return code.cases(*[(i, name) for i, name in enumerate(names)])


def grid_segment(r5: ir.IntegerValue, f5: ir.IntegerValue) -> ir.StringValue:
    return (r5 * 10 + f5).cases(*[(r * 10 + f, code) for (r, f), code in GRID.items()])


def check_supported(scenario: Scenario) -> None:
    """Raise Unsupported for what the Ibis scoring does not translate: only binned R, F, M and profit, on
    amount, tiered by score or share over everyone; the scorecard's other settings would be ignored, and
    the tier list differ from --engine duckdb's without a word."""
    if any(k not in COMPONENT_SCORES for k in scenario.normalised_weights()):
        raise Unsupported("--engine spark supports R, F, M and profit components")
    beyond = [key for key, used in (
        ("components", bool(scenario.components)), ("m_basis", scenario.m_basis != "amount"),
        ("eight_class_split", scenario.eight_class_split != "mean"), ("tier_within", bool(scenario.tier_within)),
        ("overrides", bool(scenario.overrides)), ("tier_method cluster", scenario.tier_method == "cluster")) if used]
    if beyond:
        raise Unsupported(f"--engine spark scores binned R, F, M and profit only; this scenario also sets "
                          f"{', '.join(beyond)} (use --engine duckdb)")


def weighted_score(t: ir.Table, scenario: Scenario) -> ir.FloatingValue:
    """scoring.weighted_score: the terms added in the scenario's order, as pandas does."""
    check_supported(scenario)
    n = scenario.bins
    total = None
    for key, w in scenario.normalised_weights().items():
        col = COMPONENT_SCORES[key]
        if col not in t.columns:
            raise KeyError(f"component {key!r} needs a {key} column in the data")
        term = (dbl(w) * (t[col] - 1)) / (n - 1)
        total = term if total is None else total + term
    return round_like_numpy(dbl(100.0) * total, 6)


def tier(t: ir.Table, N: ir.IntegerValue, method: str, tiers) -> ir.StringValue:
    """scoring.assign_tiers (tiebreak monetary, then customer_id: the pandas frame's index order)."""
    names = [str(x[0]) for x in tiers]
    if method == "score":
        return ibis.cases(*[(t.score >= dbl(float(m)), name) for name, m in zip(names, (x[1] for x in tiers))],
                          else_=names[-1])
    position = ibis.row_number().over(ibis.window(order_by=[ibis.desc(t.score), ibis.desc(t.monetary),
                                                            t.customer_id]))
    idx = ibis.literal(0, type="int64")
    for c in np.cumsum([float(x[1]) for x in tiers[:-1]]):
        bound = rint(dbl(float(c)) * N.cast("float64"))
        idx = idx + (bound <= position).cast("int64")
    return idx.cases(*[(i, name) for i, name in enumerate(names)])


def score_expr(features: ir.Table, scenario: Scenario) -> ir.Table:
    """The features of customer_features_expr plus r_score, f_score, m_score (p_score with profit),
    segment, grid_segment, score and tier: score_customers without attributes and ABC classes."""
    check_supported(scenario)
    n = scenario.bins
    t = features
    N = t.customer_id.count().over(_everyone())
    if scenario.score_method == "threshold":
        th = scenario.thresholds
        scores = dict(r_score=threshold_score(t.recency_days, th["R"], higher_is_better=False),
                      f_score=threshold_score(t.frequency, th["F"]),
                      m_score=threshold_score(t.monetary, th["M"]))
    else:
        scores = dict(r_score=quantile_score(t.recency_days, n, N, higher_is_better=False),
                      f_score=quantile_score(t.frequency, n, N),
                      m_score=quantile_score(t.monetary, n, N))
    if "profit" in t.columns:
        scores["p_score"] = quantile_score(t.profit.fill_null(dbl(0.0)), n, N)
    t = t.mutate(**scores, segment=eight_class_segment(t, N))
    if n == 5:
        r5, f5 = t.r_score, t.f_score
    else:
        r5 = quantile_score(t.recency_days, 5, N, higher_is_better=False)
        f5 = quantile_score(t.frequency, 5, N)
    t = t.mutate(grid_segment=grid_segment(r5, f5))
    t = t.mutate(score=weighted_score(t, scenario))
    N = t.customer_id.count().over(_everyone())
    return t.mutate(tier=tier(t, N, scenario.tier_method, scenario.tiers))
