"""Weights learned from history: the component weights that would have best ranked customers by what they
brought afterwards, fitted on one cut-off and checked on a later one. A suggestion only: nothing here
changes a scenario (apply_weights makes a new one when the user adopts it).

Fit, at the cut-off C with a horizon of H calendar months (E = C + H, as analytics/backtest_tiers.py):

    customers   those scored at C exactly as the tier backtest scores them (features up to C, the
                scenario's look-back window, bins, score method and attributes)
    X           their normalised components x in 0-1 (scorecard.component_matrix, the missing-value
                policy applied; an excluded value counts as 0) for the components in use (weight > 0)
                and always R, F and M, in the order R, F, M, profit, derived, attributes. A component
                with the same x for every customer says nothing and is left out (weight 0)
    y           the percentile rank of next_revenue, the net amount of the customer's order lines in
                (C, E]: rank (average ties) among the N customers / N; 0 when next_revenue <= 0
    model       y = b + sum_c beta_c x_c, sklearn Ridge(positive=True, alpha = ALPHA_PER_CUSTOMER * N)
                (lbfgs): non-negative coefficients (a component can only add to the score, as a weight
                does), with a penalty of 1% of the customers count. For 0-1 components (variance about
                1/12, so x'x about N/12 after centring) it shrinks every coefficient by roughly a tenth
                alike, which leaves their ratios (the weights) as they are, and splits the weight between
                components that move together (R and F often do) instead of giving it all to one.

Weights: beta scaled so the largest is TOP = the larger of the largest current weight (of these
components) and 10, each rounded to the sliders' step of 0.5 (SETTINGS "weights.*": 0-100); with
TOP >= 10 a weight keeps at least 20 levels. Ranking customers by the score with these weights is
ranking them by the fitted y (up to the rounding), since score = 100 * sum w x / sum w. When every
coefficient is 0 (no component predicts the revenue), the suggestion is the current weights, and
fallback says why.

Check, at C2 = C + H (or check_cutoff): runs when the data reaches C2 + H (features.latest_order_date
>= C2 + H) and some customer scored at C2 brought revenue after it; otherwise check_skipped says why. At C and at C2: the tier backtest (tier_backtest) under
the current and the suggested weights, Spearman's rank correlation of each score with next_revenue
among the customers scored at that date, and the fit's R^2 (at C on the data it was fitted on, at C2 the
same coefficients on C2's customers: out of sample).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge

from . import scorecard
from .backtest_tiers import DEFAULT_HORIZON_MONTHS, MAX_HORIZON_MONTHS, MIN_HORIZON_MONTHS, NEW, TierBacktest, \
    horizon_revenue, months_ahead, tier_backtest
from .config import RFM_KEYS, Scenario
from .features import customer_attributes, customer_features, latest_order_date
from .scoring import score_customers
from .scorecard import uses_derived

ALPHA_PER_CUSTOMER = 0.01
MIN_CUSTOMERS = 10
STEP = 0.5
MIN_TOP, MAX_WEIGHT = 10.0, 100.0


class LearnError(ValueError):
    """No suggestion can be made; code names the case for the interface (lw.error.<code>), values its figures."""

    def __init__(self, code: str, message: str, **values):
        super().__init__(message)
        self.code = code
        self.values = values


@dataclass(frozen=True)
class Evaluation:
    """Current against suggested weights at one cut-off."""
    cutoff: date
    current: TierBacktest
    suggested: TierBacktest
    spearman_current: float     # score vs next_revenue among the customers scored at the cut-off
    spearman_suggested: float
    r2: float                   # the fit's R^2 on this cut-off's customers (in sample at C)
    customers: int              # scored at the cut-off


@dataclass(frozen=True)
class WeightSuggestion:
    components: tuple           # component keys, in order: "R", "F", "M", ..., "attr:industry"
    current: dict               # key -> current weight (0 for R/F/M not in use)
    suggested: dict             # key -> suggested weight, 0-100 in steps of 0.5
    coefficients: dict          # key -> the fitted beta (before scaling)
    intercept: float
    alpha: float                # the ridge penalty used
    left_out: tuple             # components with one value for everyone (weight 0, not fitted)
    cutoff: date
    horizon_months: int
    fit: Evaluation             # at the cut-off C
    check: Evaluation | None    # at the later cut-off, when the data covers its horizon
    check_cutoff: date
    check_end: date             # check_cutoff + horizon
    check_skipped: str | None   # None, "beyond_data" (the data ends before check_end), "few_customers" (fewer
                                # than 2 scored at check_cutoff) or "no_revenue" (none brought any after it)
    data_end: date | None
    fallback: str | None = None  # None, or "no_signal": every coefficient 0, the current weights kept

    def scenario(self, base: Scenario) -> Scenario:
        """base with the suggested weights (a new scenario; base is not changed)."""
        return apply_weights(base, self.suggested)

    @property
    def changed(self) -> bool:
        return any(abs(self.suggested[k] - self.current[k]) > 1e-9 for k in self.components)


def current_weights(scenario: Scenario) -> dict:
    """Every component's weight as set, attributes as "attr:<column>"."""
    out = {k: float(v) for k, v in scenario.weights.items()}
    for a in scenario.attributes:
        out[scorecard.ATTR + a["column"]] = float(a.get("weight", 0.0))
    return out


def apply_weights(scenario: Scenario, weights: dict) -> Scenario:
    """A new scenario with these weights ("R", "F", ..., "attr:<column>"); other weights and keys are kept."""
    builtin = dict(scenario.weights)
    attrs = [dict(a) for a in scenario.attributes]
    for key, w in weights.items():
        if key.startswith(scorecard.ATTR):
            for a in attrs:
                if a["column"] == key[len(scorecard.ATTR):]:
                    a["weight"] = float(w)
        else:
            builtin[key] = float(w)
    return scenario.with_changes(weights=builtin, attributes=tuple(attrs))


def _candidates(scenario: Scenario) -> Scenario:
    """The scenario with R, F and M in use (weight 1 where 0), so component_matrix gives them too."""
    w = dict(scenario.weights)
    for k in RFM_KEYS:
        if float(w.get(k, 0.0)) <= 0:
            w[k] = 1.0
    return scenario.with_changes(weights=w)


def _scored(con, scenario: Scenario, cutoff: date, attrs, table: str) -> pd.DataFrame:
    """The customers scored at the cut-off as tier_backtest scores them."""
    feats = customer_features(con, cutoff, scenario.lookback_days, table, derived=uses_derived(scenario))
    try:
        return score_customers(feats, scenario.with_changes(as_of=cutoff.isoformat()), attrs)
    except (KeyError, ValueError) as e:
        raise LearnError("cannot_score", f"the customers cannot be scored at {cutoff}: {e.args[-1] if e.args else e}",
                         error=str(e.args[-1] if e.args else e)) from e


def _target(scored: pd.DataFrame, con, cutoff: date, end: date, table: str) -> np.ndarray:
    """next_revenue in (cutoff, end] of each scored customer (0 without order lines)."""
    nxt = horizon_revenue(con, cutoff, end, table).set_index("customer_id")["next_revenue"]
    return scored["customer_id"].astype(str).map(nxt).fillna(0.0).to_numpy(dtype="float64")


def revenue_rank(revenue: np.ndarray) -> np.ndarray:
    """y: the percentile rank (average ties) of each revenue among all / N; 0 where revenue <= 0."""
    n = len(revenue)
    if n == 0:
        return np.zeros(0)
    rank = pd.Series(revenue).rank(method="average").to_numpy(dtype="float64") / n
    return np.where(revenue > 0, rank, 0.0)


def _matrix(scored: pd.DataFrame, cand: Scenario) -> tuple[list[str], np.ndarray]:
    comps, X, _ = scorecard.component_matrix(scored, cand)
    return [c.key for c in comps], X


def _spearman(bt: TierBacktest) -> float:
    people = bt.customers[bt.customers["tier"] != NEW]
    if len(people) < 2 or people["score"].nunique() < 2 or people["next_revenue"].nunique() < 2:
        return math.nan
    return float(people["score"].corr(people["next_revenue"], method="spearman"))


def _r2(y: np.ndarray, predicted: np.ndarray) -> float:
    ss = float(((y - y.mean()) ** 2).sum())
    return math.nan if ss <= 0 else 1.0 - float(((y - predicted) ** 2).sum()) / ss


def scale_weights(coefficients: dict, top: float) -> dict:
    """Coefficients scaled so the largest is top, rounded to the step of 0.5, within 0-100 (all 0 stays all 0)."""
    largest = max(coefficients.values(), default=0.0)
    if largest <= 0:
        return {k: 0.0 for k in coefficients}
    return {k: float(min(MAX_WEIGHT, max(0.0, round(b / largest * top / STEP) * STEP))) + 0.0
            for k, b in coefficients.items()}


def suggest_weights(con, scenario: Scenario, cutoff: date, horizon_months: int = DEFAULT_HORIZON_MONTHS,
                    check_cutoff: date | None = None, table: str = "transactions",
                    attrs: pd.DataFrame | None = None) -> WeightSuggestion:
    """Fit the weights at cutoff on the following horizon_months' revenue and check them on check_cutoff
    (default cutoff + horizon_months); see the module's text. Raises LearnError when no fit can be made."""
    if not MIN_HORIZON_MONTHS <= int(horizon_months) <= MAX_HORIZON_MONTHS:
        raise LearnError("horizon", f"the horizon must be {MIN_HORIZON_MONTHS}-{MAX_HORIZON_MONTHS} months, "
                         f"got {horizon_months}", months=horizon_months)
    horizon_months = int(horizon_months)
    data_end = latest_order_date(con, table)
    if data_end is None or cutoff >= data_end:
        raise LearnError("cutoff", f"the cut-off {cutoff} must be before the data's last day ({data_end})",
                         cutoff=cutoff, data_end=data_end)
    end = months_ahead(cutoff, horizon_months)
    check_cutoff = check_cutoff or end
    if check_cutoff <= cutoff:
        raise LearnError("check_cutoff", f"the check's cut-off {check_cutoff} must be after {cutoff}",
                         check_cutoff=check_cutoff, cutoff=cutoff)
    if attrs is None and scenario.attributes:
        attrs = customer_attributes(con)

    cand = _candidates(scenario)
    scored = _scored(con, cand, cutoff, attrs, table)
    n = len(scored)
    if n < MIN_CUSTOMERS:
        raise LearnError("few_customers", f"only {n} customers are scored at {cutoff}; a fit needs at least "
                         f"{MIN_CUSTOMERS}", n=n, minimum=MIN_CUSTOMERS, cutoff=cutoff)
    revenue = _target(scored, con, cutoff, end, table)
    if not (revenue > 0).any():
        raise LearnError("no_revenue", f"none of the {n} customers scored at {cutoff} brought revenue in "
                         f"({cutoff}, {end}]", n=n, cutoff=cutoff, end=end)
    y = revenue_rank(revenue)
    keys, X = _matrix(scored, cand)
    varies = X.max(axis=0) > X.min(axis=0)
    used = [k for k, v in zip(keys, varies) if v]
    if len(used) < 2:
        raise LearnError("one_component", f"at {cutoff} only {', '.join(used) or 'no component'} differs between "
                         "customers: there is nothing to weigh", components=", ".join(used) or "-", cutoff=cutoff)
    alpha = ALPHA_PER_CUSTOMER * n
    model = Ridge(alpha=alpha, positive=True, fit_intercept=True, solver="lbfgs", tol=1e-10, max_iter=100_000)
    model.fit(X[:, varies], y)
    coefficients = dict.fromkeys(keys, 0.0)
    coefficients.update({k: max(0.0, float(b)) for k, b in zip(used, model.coef_)})

    weights_now = current_weights(scenario)
    current = {k: weights_now.get(k, 0.0) for k in keys}
    top = max(max(current.values(), default=0.0), MIN_TOP)
    suggested = scale_weights(coefficients, top)
    fallback = None
    if not any(suggested.values()):
        suggested, fallback = dict(current), "no_signal"
    proposal = apply_weights(scenario, suggested)

    def evaluate(at: date, frame: pd.DataFrame, target: np.ndarray) -> Evaluation:
        kept = _matrix(frame, cand)[1][:, varies]
        now = tier_backtest(con, scenario, at, horizon_months, table, attrs)
        then = tier_backtest(con, proposal, at, horizon_months, table, attrs)
        return Evaluation(cutoff=at, current=now, suggested=then, spearman_current=_spearman(now),
                          spearman_suggested=_spearman(then), r2=_r2(target, model.predict(kept)), customers=len(frame))

    fit = evaluate(cutoff, scored, y)
    check_end = months_ahead(check_cutoff, horizon_months)
    check, skipped = None, None
    if data_end < check_end:
        skipped = "beyond_data"
    else:
        later = _scored(con, cand, check_cutoff, attrs, table)
        later_revenue = _target(later, con, check_cutoff, check_end, table) if len(later) >= 2 else None
        if later_revenue is None:
            skipped = "few_customers"
        elif not (later_revenue > 0).any():
            skipped = "no_revenue"
        else:
            check = evaluate(check_cutoff, later, revenue_rank(later_revenue))
    return WeightSuggestion(components=tuple(keys), current=current, suggested=suggested, coefficients=coefficients,
                            intercept=float(model.intercept_), alpha=alpha,
                            left_out=tuple(k for k, v in zip(keys, varies) if not v), cutoff=cutoff,
                            horizon_months=horizon_months, fit=fit, check=check, check_cutoff=check_cutoff,
                            check_end=check_end, check_skipped=skipped, data_end=data_end, fallback=fallback)


def shares(weights: dict) -> dict:
    """Each weight's share of their sum (0 when all are 0)."""
    total = sum(weights.values())
    return {k: (w / total if total > 0 else 0.0) for k, w in weights.items()}


def compare_verdict(ev: Evaluation) -> dict:
    """The numbers of "the top tier would hold X% of customers and bring Y% of the next H months' revenue
    instead of Z%": the top tier's row under the current and under the suggested weights at ev's cut-off."""
    a, b = ev.current.rows.iloc[0], ev.suggested.rows.iloc[0]
    return {
        "tier": str(a["tier"]),
        "cutoff": ev.cutoff,
        "end": ev.current.end,
        "horizon_months": ev.current.horizon_months,
        "complete": ev.current.complete,
        "customers_current": int(a["customers"]), "customers_suggested": int(b["customers"]),
        "customer_share_current": float(a["customer_share"]), "customer_share_suggested": float(b["customer_share"]),
        "revenue_share_current": float(a["revenue_share"]), "revenue_share_suggested": float(b["revenue_share"]),
        "lift_current": float(a["lift"]), "lift_suggested": float(b["lift"]),
        "same_customers": int(a["customers"]) == int(b["customers"]),
        "spearman_current": ev.spearman_current, "spearman_suggested": ev.spearman_suggested,
    }


def _pct(x: float) -> str:
    return "n/a" if x is None or math.isnan(x) else f"{100 * x:.1f}%"


def verdict_sentence(v: dict) -> str:
    """The verdict in English (the interface words its own from the same numbers, ui/i18n "lw.verdict*")."""
    months = "month's" if v["horizon_months"] == 1 else f"{v['horizon_months']} months'"
    hold = (f"hold the same {_pct(v['customer_share_suggested'])} of customers" if v["same_customers"] else
            f"hold {_pct(v['customer_share_suggested'])} of customers instead of {_pct(v['customer_share_current'])}")
    return (f"with the suggested weights the top tier {v['tier']} would {hold} and bring "
            f"{_pct(v['revenue_share_suggested'])} of the next {months} revenue instead of "
            f"{_pct(v['revenue_share_current'])}")
