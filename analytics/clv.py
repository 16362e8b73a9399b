"""Predicted customer value: BG/NBD purchases, Gamma-Gamma spend, probability alive, backtest.

Models (maximum likelihood, time in weeks):
- BG/NBD: Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers the easy
  way: an alternative to the Pareto/NBD model". Marketing Science 24(2), 275-284. Log-likelihood
  (eq. 6), P(alive) (note "Computing P(alive) using the BG/NBD model"), conditional expectation (eq. 10).
- Gamma-Gamma spend: Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "RFM and CLV: using
  iso-value curves for customer base analysis". Journal of Marketing Research 42(4), 415-430
  (eq. 1-5 of the appendix note "The Gamma-Gamma model of monetary value").

A purchase is a day with positive net spend (returns are not purchases, a return netting a day
to <= 0 removes it). For a customer with purchases up to the cut-off D: x = purchases after the
first, t_x = weeks from the first purchase to the last, T = weeks from the first purchase to D,
spend = the mean net spend of the repeat purchases (the first excluded). The likelihoods are
written in log space (gammaln, logaddexp) so one-time buyers and customers with hundreds of
purchases neither overflow nor warn; customers with equal (x, t_x, T) are fitted once, weighted.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta

import ibis
import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import expit, gammaln, hyp2f1

from .features import backend
from .lifecycle import UNSCORED

WEEK = 7.0
DAYS_PER_MONTH = 365.25 / 12
MIN_CUSTOMERS = 30
MIN_REPEAT_BUYERS = 10
MIN_WEEKS = 8
VALUE_TIERS = ("high", "mid", "low")
QUADRANTS = ("keep", "at_risk", "grow", "low")
LIST_COLUMNS = ["customer_id", "name", "tier", "stage", "value_tier", "quadrant", "clv", "expected_purchases",
                "expected_spend", "p_alive", "monetary"]


class ClvError(ValueError):
    """The data cannot support a fit; the message says why in plain words."""


@dataclass(frozen=True)
class Params:
    r: float
    alpha: float
    a: float
    b: float
    p: float | None = None
    q: float | None = None
    gamma: float | None = None

    def to_dict(self) -> dict:
        return {k: (None if v is None else float(v)) for k, v in asdict(self).items()} | {"time_unit": "weeks"}


# ---------------------------------------------------------------- data

def purchase_days(con, end: date | None = None, table: str = "transactions") -> pd.DataFrame:
    """customer_id, day, spend: one row per customer and day with positive net spend, up to end."""
    be = backend(con)
    t = be.table(table)
    day = t.order_date.cast("date")
    t = t.mutate(day=day)
    if end is not None:
        t = t.filter(t.day <= ibis.literal(end))
    days = t.group_by(["customer_id", "day"]).aggregate(spend=t.amount.sum().round(2))
    df = be.execute(days.filter(days.spend > 0))
    df["customer_id"] = df["customer_id"].astype(str)
    df["day"] = pd.to_datetime(df["day"])
    return df.sort_values(["customer_id", "day"], kind="stable").reset_index(drop=True)


def summarise(days: pd.DataFrame, cutoff: date) -> pd.DataFrame:
    """Per customer with a purchase up to cutoff: x, t_x, T (weeks), spend (mean repeat spend, NaN
    when x = 0), first, last."""
    d = days[days["day"] <= pd.Timestamp(cutoff)]
    g = d.groupby("customer_id", sort=True)
    first, last = g["day"].min(), g["day"].max()
    n = g.size()
    total = g["spend"].sum()
    first_spend = d.loc[g["day"].idxmin(), ["customer_id", "spend"]].set_index("customer_id")["spend"]
    x = (n - 1).astype("int64")
    out = pd.DataFrame({
        "x": x,
        "t_x": (last - first).dt.days / WEEK,
        "T": (pd.Timestamp(cutoff) - first).dt.days / WEEK,
        "spend": ((total - first_spend) / x.where(x > 0)).round(6),
        "first": first, "last": last,
    })
    out.index.name = "customer_id"
    return out.reset_index()


# ---------------------------------------------------------------- BG/NBD

def _bgnbd_ll(log_params, x, tx, T, w):
    r, alpha, a, b = np.exp(log_params)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore"):
        a4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx), -np.inf)
    return -np.sum(w * (a1 + a2 + np.logaddexp(a3, a4)))


def _grouped(s: pd.DataFrame, cols) -> pd.DataFrame:
    return s.groupby(list(cols), sort=False).size().rename("w").reset_index()


def fit_bgnbd(summary: pd.DataFrame) -> Params:
    """Maximum-likelihood r, alpha, a, b from x, t_x, T."""
    _check(summary)
    g = _grouped(summary, ["x", "t_x", "T"])
    x, tx, T, w = (g[c].to_numpy(dtype="float64") for c in ("x", "t_x", "T", "w"))
    # two quasi-Newton starts guard against a poor local optimum; the better one is polished
    starts = ([0.0, np.log(max(T.mean(), 1.0)), 0.0, 0.0], [np.log(0.5), np.log(5.0), np.log(0.5), np.log(2.0)])
    runs = [minimize(_bgnbd_ll, np.array(s0), args=(x, tx, T, w), method="L-BFGS-B", bounds=[(-12, 8)] * 4,
                     options={"maxiter": 2000}) for s0 in starts]
    best = min(runs, key=lambda res: res.fun)
    best = minimize(_bgnbd_ll, best.x, args=(x, tx, T, w), method="Nelder-Mead",
                    options={"xatol": 1e-9, "fatol": 1e-10, "maxiter": 4000})
    r, alpha, a, b = np.exp(best.x)
    return Params(r, alpha, a, b)


def _check(summary: pd.DataFrame) -> None:
    n, repeat = len(summary), int((summary["x"] > 0).sum())
    span = float(summary["T"].max()) if n else 0.0
    if n < MIN_CUSTOMERS:
        raise ClvError(f"only {n} customers bought before the cut-off; the model needs at least {MIN_CUSTOMERS}")
    if repeat < MIN_REPEAT_BUYERS:
        raise ClvError(f"only {repeat} customers bought more than once before the cut-off; the model needs at "
                       f"least {MIN_REPEAT_BUYERS} repeat buyers")
    if span < MIN_WEEKS:
        raise ClvError(f"the history before the cut-off covers {span:.1f} weeks; the model needs at least {MIN_WEEKS}")


def _log_odds_dead(params: Params, x, tx, T):
    """log of (a / (b + x - 1)) ((alpha + T) / (alpha + t_x))^(r + x) for x > 0, -inf for x = 0."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    x, tx, T = (np.asarray(v, dtype="float64") for v in (x, tx, T))
    with np.errstate(divide="ignore"):
        z = np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) + (r + x) * (np.log(alpha + T) - np.log(alpha + tx))
    return np.where(x > 0, z, -np.inf)


def p_alive(params: Params, x, tx, T) -> np.ndarray:
    """P(still active | x, t_x, T) = 1 / (1 + delta(x>0) a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))."""
    return expit(-_log_odds_dead(params, x, tx, T))


def expected_purchases(params: Params, t, x, tx, T) -> np.ndarray:
    """E[Y(t) | x, t_x, T]: purchases expected in the next t weeks (FHL 2005, eq. 10)."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    x, tx, T = (np.asarray(v, dtype="float64") for v in (x, tx, T))
    t = np.asarray(t, dtype="float64")
    z = t / (alpha + T + t)
    hyp = hyp2f1(r + x, b + x, a + b + x - 1, z)
    log_ratio = (r + x) * (np.log(alpha + T) - np.log(alpha + T + t))
    num = (a + b + x - 1) / (a - 1) * (1 - np.exp(log_ratio) * hyp)
    return num * p_alive(params, x, tx, T)


# ---------------------------------------------------------------- Gamma-Gamma

def _gg_ll(log_params, x, m, w):
    p, q, g = np.exp(log_params)
    px = p * x
    ll = gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(g) + (px - 1) * np.log(m) + px * np.log(x) \
        - (px + q) * np.log(g + x * m)
    return -np.sum(w * ll)


def spend_sample(summary: pd.DataFrame) -> pd.DataFrame:
    """Customers the spend model can use: repeat buyers with positive mean repeat spend."""
    return summary[(summary["x"] > 0) & (summary["spend"] > 0)]


def fit_gamma_gamma(summary: pd.DataFrame, params: Params) -> Params:
    """Maximum-likelihood p, q, gamma from the repeat buyers' x and mean repeat spend."""
    s = spend_sample(summary)
    if len(s) < MIN_REPEAT_BUYERS:
        raise ClvError(f"only {len(s)} repeat buyers with a positive spend; the spend model needs at least "
                       f"{MIN_REPEAT_BUYERS}")
    g = _grouped(s, ["x", "spend"])
    x, m, w = (g[c].to_numpy(dtype="float64") for c in ("x", "spend", "w"))
    start = np.log([1.0, 1.0, max(float(np.average(m, weights=w)), 1e-6)])
    res = minimize(_gg_ll, start, args=(x, m, w), method="L-BFGS-B", bounds=[(-12, 12)] * 3)
    res = minimize(_gg_ll, res.x, args=(x, m, w), method="Nelder-Mead",
                   options={"xatol": 1e-9, "fatol": 1e-10, "maxiter": 4000})
    p, q, gamma = np.exp(res.x)
    return Params(params.r, params.alpha, params.a, params.b, p, q, gamma)


def expected_spend(params: Params, x, m) -> np.ndarray:
    """E[spend per purchase | x, mean repeat spend] = (gamma + x m) p / (p x + q - 1); the population
    mean p gamma / (q - 1) for customers without usable repeat spend."""
    p, q, g = params.p, params.q, params.gamma
    x = np.asarray(x, dtype="float64")
    m = np.asarray(m, dtype="float64")
    ok = (x > 0) & (m > 0)
    pop = p * g / (q - 1) if q > 1 else np.nan
    with np.errstate(invalid="ignore"):
        cond = (g + x * np.where(ok, m, 0)) * p / (p * x + q - 1)
    return np.where(ok, cond, pop)


# ---------------------------------------------------------------- value

def fit(con, cutoff: date) -> tuple[Params, pd.DataFrame]:
    """Both models fitted on the purchases up to cutoff; returns the parameters and the summary."""
    summary = summarise(purchase_days(con, cutoff), cutoff)
    params = fit_bgnbd(summary)
    return fit_gamma_gamma(summary, params), summary


def customer_margins(con, as_of: date, table: str = "transactions") -> pd.Series | None:
    """Each customer's gross margin (profit / revenue up to as_of, clipped to 0-1), or None without profit."""
    be = backend(con)
    t = be.table(table)
    if "profit" not in t.columns:
        return None
    t = t.filter(t.order_date.cast("date") <= ibis.literal(as_of))
    df = be.execute(t.group_by("customer_id").aggregate(rev=t.amount.sum(), prof=t.profit.sum()))
    overall = df["prof"].sum() / df["rev"].sum() if df["rev"].sum() > 0 else 0.0
    m = (df["prof"] / df["rev"].where(df["rev"] > 0)).fillna(overall).clip(0, 1)
    return pd.Series(m.to_numpy(), index=df["customer_id"].astype(str))


def predict(params: Params, summary: pd.DataFrame, horizon_months: int = 12, margin=0.3,
            annual_discount: float = 0.0) -> pd.DataFrame:
    """customer_id, x, t_x, T, expected_purchases, expected_spend, p_alive, margin, clv.

    clv = sum over the horizon's months of the purchases expected in that month x spend x margin,
    discounted monthly at the annual rate. margin: a number, or a Series by customer_id.
    """
    x, tx, T = (summary[c].to_numpy(dtype="float64") for c in ("x", "t_x", "T"))
    weeks = [m * DAYS_PER_MONTH / WEEK for m in range(horizon_months + 1)]
    cum = np.stack([expected_purchases(params, w, x, tx, T) if w else np.zeros_like(x) for w in weeks], axis=1)
    monthly = np.diff(cum, axis=1)
    disc = (1 + annual_discount) ** (-np.arange(1, horizon_months + 1) / 12)
    spend = expected_spend(params, x, summary["spend"].to_numpy(dtype="float64"))
    if isinstance(margin, pd.Series):
        mg = summary["customer_id"].map(margin).fillna(float(margin.mean()) if len(margin) else 0.0).to_numpy()
    else:
        mg = np.full(len(summary), float(margin))
    out = summary[["customer_id", "x", "t_x", "T"]].copy()
    out["expected_purchases"] = cum[:, -1]
    out["expected_spend"] = spend
    out["p_alive"] = p_alive(params, x, tx, T)
    out["margin"] = mg
    out["clv"] = (monthly @ disc) * spend * mg
    return out


def value_tiers(clv: pd.Series, shares=(0.1, 0.2)) -> pd.Series:
    """high (top share[0] by CLV), mid (next share[1]), low (the rest); ties by position."""
    n = len(clv)
    order = np.argsort(-clv.to_numpy(dtype="float64"), kind="stable")
    k1 = int(round(shares[0] * n))
    k2 = k1 + int(round(shares[1] * n))
    labels = np.empty(n, dtype=object)
    labels[order[:k1]], labels[order[k1:k2]], labels[order[k2:]] = "high", "mid", "low"
    return pd.Series(labels, index=clv.index)


def quadrant(now_high: pd.Series, future_high: pd.Series) -> pd.Series:
    """keep (high now and next year), at_risk (high now, low next), grow (low now, high next), low."""
    out = np.select([now_high & future_high, now_high & ~future_high, ~now_high & future_high],
                    list(QUADRANTS[:3]), QUADRANTS[3])
    return pd.Series(out, index=now_high.index)


# ---------------------------------------------------------------- backtest

def backtest(con, cutoff: date, end: date | None = None) -> dict:
    """Fit on purchases up to cutoff, predict (cutoff, end] for the customers known at cutoff.

    Returns params, weekly (week, actual, predicted, and cumulative of both), by_x (purchases before
    the cut-off 0..7+: customers, mean actual, mean predicted), and totals.
    """
    days = purchase_days(con, end)
    end = end or days["day"].max().date()
    if end <= cutoff:
        raise ClvError(f"the cut-off {cutoff} must be before the end of the data {end}")
    summary = summarise(days, cutoff)
    params = fit_bgnbd(summary)
    horizon = (end - cutoff).days / WEEK
    weeks = int(np.ceil(horizon))
    x, tx, T = (summary[c].to_numpy(dtype="float64") for c in ("x", "t_x", "T"))
    # a last, partial week is predicted for its days only, as only its days can have purchases
    cum_pred = np.array([expected_purchases(params, min(w, horizon), x, tx, T).sum() for w in range(1, weeks + 1)])
    hold = days[(days["day"] > pd.Timestamp(cutoff)) & (days["day"] <= pd.Timestamp(end))
                & days["customer_id"].isin(summary["customer_id"])]
    week_no = ((hold["day"] - pd.Timestamp(cutoff)).dt.days - 1) // 7 + 1
    actual = week_no.value_counts().reindex(range(1, weeks + 1), fill_value=0).to_numpy()
    weekly = pd.DataFrame({"week": range(1, weeks + 1),
                           "week_start": [cutoff + timedelta(days=7 * (i - 1) + 1) for i in range(1, weeks + 1)],
                           "actual": actual, "predicted": np.diff(np.concatenate([[0.0], cum_pred])),
                           "actual_cum": actual.cumsum(), "predicted_cum": cum_pred})
    per = hold.groupby("customer_id").size()
    s = summary.assign(actual=summary["customer_id"].map(per).fillna(0).to_numpy(),
                       predicted=expected_purchases(params, horizon, x, tx, T))
    s["group"] = np.minimum(s["x"], 7)
    by_x = s.groupby("group").agg(customers=("x", "size"), actual=("actual", "mean"),
                                  predicted=("predicted", "mean")).reset_index()
    totals = {"customers": len(summary), "weeks": weeks, "horizon_weeks": horizon, "end": end, "actual": int(actual.sum()),
              "predicted": float(cum_pred[-1]) if weeks else 0.0,
              "mae": float(np.abs(s["actual"] - s["predicted"]).mean())}
    totals["error"] = (totals["predicted"] - totals["actual"]) / totals["actual"] if totals["actual"] else float("nan")
    return {"params": params, "weekly": weekly, "by_x": by_x, "totals": totals}


def customer_value(con, as_of: date | None = None, settings: dict | None = None) -> tuple[Params, pd.DataFrame, dict]:
    """Fit at as_of (default: the latest order date) and predict every customer with a purchase.

    settings: the scenario's clv block (horizon_months, margin, discount_rate). The margin is each
    customer's own profit margin when the data has profit, else settings["margin"]. Returns the
    parameters, the per-customer frame (predict's columns, sorted by clv, highest first) and
    counts: customers, repeat_buyers, spend_customers, spend_excluded (repeat buyers whose mean
    repeat spend is <= 0, left out of the spend fit), one_time (valued at the population mean spend).
    """
    from .features import latest_order_date
    settings = settings or {}
    as_of = as_of or latest_order_date(con)
    params, summary = fit(con, as_of)
    margins = customer_margins(con, as_of)
    margin = margins if margins is not None else float(settings.get("margin", 0.3))
    out = predict(params, summary, int(settings.get("horizon_months", 12)), margin,
                  float(settings.get("discount_rate", 0.0)))
    repeat = summary["x"] > 0
    info = {"customers": len(summary), "repeat_buyers": int(repeat.sum()),
            "spend_customers": len(spend_sample(summary)),
            "spend_excluded": int((repeat & ~(summary["spend"] > 0)).sum()),
            "one_time": int((~repeat).sum()), "margin_from_profit": margins is not None, "as_of": as_of}
    out = out.sort_values(["clv", "customer_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
    return params, out, info


def value_view(values: pd.DataFrame, scored: pd.DataFrame, stages: pd.DataFrame | None, tier_names,
               shares=(0.1, 0.2)) -> pd.DataFrame:
    """Each valued customer with value tier, current tier, quadrant, lifecycle stage (and name).

    High now = the best current tier; high next = the high or mid value tier.
    """
    out = values.copy()
    out["value_tier"] = value_tiers(out["clv"], shares)
    cur = scored[["customer_id", "tier", "monetary"] + (["name"] if "name" in scored.columns else [])]
    out = out.merge(cur.astype({"tier": "str"}), on="customer_id", how="left")
    out["tier"] = out["tier"].fillna(UNSCORED)
    if stages is not None:
        out = out.merge(stages[["customer_id", "stage"]], on="customer_id", how="left")
    now_high = out["tier"] == str(tier_names[0])
    out["quadrant"] = quadrant(now_high, out["value_tier"].isin(["high", "mid"]))
    return out


def value_summary(view: pd.DataFrame) -> pd.DataFrame:
    """Per value tier: customers, predicted value, its share, mean P(alive)."""
    g = view.groupby("value_tier").agg(customers=("customer_id", "size"), clv=("clv", "sum"),
                                       p_alive=("p_alive", "mean"))
    g = g.reindex(list(VALUE_TIERS)).fillna(0)
    total = g["clv"].sum()
    g["clv_share"] = g["clv"] / total if total else 0.0
    return g.reset_index()


def select_values(view: pd.DataFrame, tiers=None, quadrants=None) -> pd.DataFrame:
    """The valued customers in the given value tiers and quadrants (None = all), list columns only."""
    mask = pd.Series(True, index=view.index)
    if tiers is not None:
        mask &= view["value_tier"].isin(tiers)
    if quadrants is not None:
        mask &= view["quadrant"].isin(quadrants)
    return view.loc[mask, [c for c in LIST_COLUMNS if c in view.columns]].reset_index(drop=True)
