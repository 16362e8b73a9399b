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
written in log space (gammaln, log(1 + e^d)) so one-time buyers and customers with hundreds of
purchases neither overflow nor warn; customers with equal (x, t_x, T) are fitted once, weighted,
by L-BFGS-B on the exact gradient. The summary is aggregated in the database; fit_value (slow,
cached by the app) and predict_value (horizon, margin, discount) are the two halves of
customer_value, which returns a ValueResult. A fit that ends on the optimiser's bounds is no real
maximum and is flagged (boundary()): on data where no one appears to stop buying, a -> 0 and every
P(alive) is 1, so P(alive) cannot say who has stopped.
"""
from __future__ import annotations

from contextlib import nullcontext
from dataclasses import asdict, dataclass
from datetime import date, timedelta

import ibis
import numpy as np
import pandas as pd
from scipy.optimize import minimize
from scipy.special import digamma, expit, gammaln, hyp2f1

from .features import backend

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

def _days_expr(be, end: date | None, table: str) -> ibis.Table:
    """customer_id (text), day, spend: customer-days with positive net spend, up to end."""
    t = be.table(table)
    t = t.mutate(customer_id=t.customer_id.cast("string"), day=t.order_date.cast("date"))
    if end is not None:
        t = t.filter(t.day <= ibis.literal(end))
    days = t.group_by(["customer_id", "day"]).aggregate(spend=t.amount.sum().round(2))
    return days.filter(days.spend > 0)


def purchase_days(con, end: date | None = None, table: str = "transactions") -> pd.DataFrame:
    """customer_id, day, spend: one row per customer and day with positive net spend, up to end."""
    be = backend(con)
    df = be.execute(_days_expr(be, end, table))
    df["customer_id"] = df["customer_id"].astype(str)
    df["day"] = pd.to_datetime(df["day"])
    return df.sort_values(["customer_id", "day"], kind="stable").reset_index(drop=True)


def _from_aggregates(agg: pd.DataFrame, cutoff: date) -> pd.DataFrame:
    """x, t_x, T, spend, first, last from each customer's n (purchase days), first, last, total and
    first_spend; rows in the order given."""
    first, last = pd.to_datetime(agg["first"]), pd.to_datetime(agg["last"])
    x = (agg["n"].to_numpy(dtype="int64") - 1)
    repeat = (agg["total"].to_numpy(dtype="float64") - agg["first_spend"].to_numpy(dtype="float64"))
    with np.errstate(invalid="ignore", divide="ignore"):
        spend = np.where(x > 0, repeat / np.maximum(x, 1), np.nan)
    return pd.DataFrame({
        "customer_id": agg["customer_id"].astype(str).to_numpy(),
        "x": x,
        "t_x": (last - first).dt.days.to_numpy(dtype="float64") / WEEK,
        "T": (pd.Timestamp(cutoff) - first).dt.days.to_numpy(dtype="float64") / WEEK,
        "spend": np.round(spend, 6),
        "first": first.to_numpy(), "last": last.to_numpy(),
    })


def summarise(days: pd.DataFrame, cutoff: date) -> pd.DataFrame:
    """Per customer with a purchase up to cutoff: x, t_x, T (weeks), spend (mean repeat spend, NaN
    when x = 0), first, last; sorted by customer_id. From purchase_days' frame (customer_summary
    computes the same in the database)."""
    d = days[days["day"] <= pd.Timestamp(cutoff)]
    g = d.groupby("customer_id", sort=True)
    agg = pd.DataFrame({"n": g.size(), "first": g["day"].min(), "last": g["day"].max(), "total": g["spend"].sum(),
                        "first_spend": d.loc[g["day"].idxmin()].set_index("customer_id")["spend"]})
    return _from_aggregates(agg.rename_axis("customer_id").reset_index(), cutoff)


def _summary_expr(days: ibis.Table, cutoff: date) -> ibis.Table:
    d = days.filter(days.day <= ibis.literal(cutoff))
    return d.group_by("customer_id").aggregate(n=d.count(), first=d.day.min(), last=d.day.max(), total=d.spend.sum(),
                                                first_spend=d.spend.argmin(d.day)).order_by("customer_id")


def customer_summary(con, cutoff: date, table: str = "transactions") -> pd.DataFrame:
    """summarise's frame computed in the database: one aggregation over the order lines, one row per
    customer fetched (not one per purchase day)."""
    be = backend(con)
    return _from_aggregates(be.execute(_summary_expr(_days_expr(be, cutoff, table), cutoff)), cutoff)


# ---------------------------------------------------------------- BG/NBD

def _bgnbd_ll(log_params, x, tx, T, w):
    """Negative BG/NBD log-likelihood, customer by customer (the reference the fit is checked against)."""
    r, alpha, a, b = np.exp(log_params)
    a1 = gammaln(r + x) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x)
    a3 = -(r + x) * np.log(alpha + T)
    with np.errstate(divide="ignore"):
        a4 = np.where(x > 0, np.log(a) - np.log(np.maximum(b + x - 1, 1e-300)) - (r + x) * np.log(alpha + tx), -np.inf)
    return -np.sum(w * (a1 + a2 + np.logaddexp(a3, a4)))


class _BgNbdObjective:
    """The mean negative BG/NBD log-likelihood and its gradient in log(r, alpha, a, b).

    The gamma-function terms depend on x alone, so they are evaluated once per distinct x; one-time
    buyers contribute -r log(alpha + T), evaluated once per distinct T; only repeat buyers' groups
    need the two-branch term log(e^A3 + e^A4) = A3 + log(1 + e^d), d = A4 - A3. Derivatives: d/dr
    of the x terms is psi(r + x) - psi(r) + log alpha, and so on; of the two-branch term it is
    dA3 + s (dA4 - dA3) with s = 1 / (1 + e^-d), the share of the "dropped out at t_x" branch.
    Sums are plain numpy reductions, not BLAS dot products, which spin threads on a shared machine.
    """

    def __init__(self, x, tx, T, w):
        self.n = float(w.sum())
        self.ux, inv = np.unique(x, return_inverse=True)
        self.wx = np.bincount(inv, weights=w)
        zero = x == 0
        self.T0, inv0 = np.unique(T[zero], return_inverse=True)
        self.w0 = np.bincount(inv0, weights=w[zero], minlength=len(self.T0))
        rep = ~zero
        self.x1, self.tx1, self.T1, self.w1 = x[rep], tx[rep], T[rep], w[rep]
        self.ux1, self.i1 = np.unique(self.x1, return_inverse=True)
        self.wx1 = (self.w1 * self.x1).sum()

    def __call__(self, log_params):
        r, alpha, a, b = np.exp(log_params)
        ux, wx, W = self.ux, self.wx, self.n
        ll = (wx * (gammaln(r + ux) + gammaln(b + ux) - gammaln(a + b + ux))).sum() \
            + W * (-gammaln(r) + r * np.log(alpha) + gammaln(a + b) - gammaln(b))
        psi_ab = digamma(a + b)
        g_r = (wx * digamma(r + ux)).sum() + W * (np.log(alpha) - digamma(r))
        g_alpha = W * r / alpha
        psi_abx = (wx * digamma(a + b + ux)).sum()
        g_a = W * psi_ab - psi_abx
        g_b = W * (psi_ab - digamma(b)) + (wx * digamma(b + ux)).sum() - psi_abx
        if len(self.T0):
            lT0 = np.log(alpha + self.T0)
            ll -= r * (self.w0 * lT0).sum()
            g_r -= (self.w0 * lT0).sum()
            g_alpha -= r * (self.w0 / (alpha + self.T0)).sum()
        if len(self.x1):
            x, tx, T, w = self.x1, self.tx1, self.T1, self.w1
            lT, ltx = np.log(alpha + T), np.log(alpha + tx)
            gap = lT - ltx
            rx = r + x
            d = np.log(a) - np.log(b + self.ux1 - 1)[self.i1] + rx * gap
            e = np.exp(-np.abs(d))
            s = np.where(d > 0, 1.0, e) / (1 + e)
            wlT = w * lT
            ll += -(r * wlT.sum() + (wlT * x).sum()) + (w * (np.maximum(d, 0) + np.log1p(e))).sum()
            ws = w * s
            iT, itx = 1 / (alpha + T), 1 / (alpha + tx)
            g_r += -wlT.sum() + (ws * gap).sum()
            g_alpha += -(w * rx * iT).sum() + (ws * rx * (iT - itx)).sum()
            g_a += ws.sum() / a
            g_b -= (np.bincount(self.i1, weights=ws, minlength=len(self.ux1)) / (b + self.ux1 - 1)).sum()
        grad = np.array([g_r * r, g_alpha * alpha, g_a * a, g_b * b])
        return -ll / self.n, -grad / self.n


def _grouped(s: pd.DataFrame, cols) -> pd.DataFrame:
    return s.groupby(list(cols), sort=False).size().rename("w").reset_index()


# The optimiser searches log(parameter) within these bounds: r, alpha, a, b in [6e-6, 2981], p, q, gamma in
# [6e-6, 162755]. A fit that ends on a bound is no real maximum (see boundary()).
BGNBD_LOG_BOUNDS = (-12.0, 8.0)
GG_LOG_BOUNDS = (-12.0, 12.0)
BOUNDARY_TOL = 0.01  # within 1% of a bound counts as on it
NO_DROPOUT = 1e-4  # a / (a + b), the mean chance of stopping after a purchase, below this: "a near 0"
ALIVE_FLAT = 0.99  # P(alive) at or above this for every customer says nothing about who has stopped

# L-BFGS-B on the mean log-likelihood with its exact gradient: stops when no parameter's gradient
# exceeds gtol (or the mean moves by less than ftol relative), which pins the parameters to about
# 6 significant digits; a derivative-free polish after it changed nothing measurable.
_LBFGS = {"maxiter": 2000, "ftol": 1e-15, "gtol": 1e-9}


def _minimize(objective, start, bounds):
    """L-BFGS-B with one BLAS thread: its linear algebra is on 3 or 4 parameters, where BLAS threads
    only spin (doubling the CPU time and slowing the fit on a busy machine)."""
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # scikit-learn brings it; without it the fit is the same, only busier
        limits = nullcontext()
    else:
        limits = threadpool_limits(1, user_api="blas")
    with limits:
        return minimize(objective, np.asarray(start, dtype="float64"), jac=True, method="L-BFGS-B", bounds=bounds,
                        options=_LBFGS)


def fit_bgnbd(summary: pd.DataFrame) -> Params:
    """Maximum-likelihood r, alpha, a, b from x, t_x, T."""
    _check(summary)
    g = _grouped(summary, ["x", "t_x", "T"])
    x, tx, T, w = (g[c].to_numpy(dtype="float64") for c in ("x", "t_x", "T", "w"))
    objective = _BgNbdObjective(x, tx, T, w)
    # two starts guard against a poor local optimum; the better one is kept
    starts = ([0.0, np.log(max(T.mean(), 1.0)), 0.0, 0.0], [np.log(0.5), np.log(5.0), np.log(0.5), np.log(2.0)])
    runs = [_minimize(objective, s0, [BGNBD_LOG_BOUNDS] * 4) for s0 in starts]
    best = min(runs, key=lambda res: res.fun)
    r, alpha, a, b = np.exp(best.x)
    return Params(r, alpha, a, b)


def boundary(params: Params) -> tuple[str, ...]:
    """The parameters whose fit ended at the optimiser's bounds (in the order r, alpha, a, b, p, q, gamma);
    empty for a proper maximum.

    On data where no one appears to stop buying (a year of steady purchases, say) the BG/NBD likelihood
    keeps rising as a -> 0 and b -> infinity: the fit ends on the bounds and every P(alive) is 1. "a" is
    also listed when a / (a + b), the mean chance of stopping after a purchase, is below NO_DROPOUT
    although a is not on its bound yet (the same flat likelihood, stopped earlier).
    """
    out = []
    groups = [(("r", "alpha", "a", "b"), BGNBD_LOG_BOUNDS), (("p", "q", "gamma"), GG_LOG_BOUNDS)]
    for names, (lo, hi) in groups:
        for name in names:
            value = getattr(params, name)
            if value is None or not value > 0:
                continue
            v = float(np.log(value))
            if v <= lo + BOUNDARY_TOL or v >= hi - BOUNDARY_TOL:
                out.append(name)
    if "a" not in out and params.a / (params.a + params.b) < NO_DROPOUT:
        out.insert(sum(n in out for n in ("r", "alpha")), "a")
    return tuple(out)


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


def _purchase_curves(params: Params, ts, x, T) -> tuple[np.ndarray, np.ndarray]:
    """expected_purchases / p_alive at each horizon in ts, evaluated once per distinct (x, T) (the
    hypergeometric term does not depend on t_x). Returns (codes, curves): customer i's value at ts[j]
    is curves[codes[i], j]."""
    x, T = np.asarray(x, dtype="float64"), np.asarray(T, dtype="float64")
    codes = pd.DataFrame({"x": x, "T": T}).groupby(["x", "T"], sort=False).ngroup().to_numpy()
    first = np.empty(int(codes.max()) + 1 if len(codes) else 0, dtype="int64")
    first[codes[::-1]] = np.arange(len(codes))[::-1]  # each group's first customer
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    ux, uT = x[first][:, None], T[first][:, None]
    t = np.asarray(ts, dtype="float64")[None, :]
    hyp = hyp2f1(r + ux, b + ux, a + b + ux - 1, t / (alpha + uT + t))
    log_ratio = (r + ux) * (np.log(alpha + uT) - np.log(alpha + uT + t))
    return codes, (a + b + ux - 1) / (a - 1) * (1 - np.exp(log_ratio) * hyp)


# ---------------------------------------------------------------- Gamma-Gamma

def _gg_ll(log_params, x, m, w):
    """Negative Gamma-Gamma log-likelihood, customer by customer (the reference the fit is checked against)."""
    p, q, g = np.exp(log_params)
    px = p * x
    ll = gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(g) + (px - 1) * np.log(m) + px * np.log(x) \
        - (px + q) * np.log(g + x * m)
    return -np.sum(w * ll)


class _GammaGammaObjective:
    """The mean negative Gamma-Gamma log-likelihood and its gradient in log(p, q, gamma).

    The gamma-function terms depend on x alone (evaluated once per distinct x), the terms in log m
    and log x are linear in p (summed once), so an evaluation costs one log(gamma + x m) per customer.
    """

    def __init__(self, x, m, w):
        self.n = float(w.sum())
        self.ux, inv = np.unique(x, return_inverse=True)
        self.wx = np.bincount(inv, weights=w)
        lm = np.log(m)
        self.linear_p = (w * x * (lm + np.log(x))).sum()  # coefficient of p
        self.constant = -(w * lm).sum()
        self.xm, self.w, self.wx_all = x * m, w, w * x

    def __call__(self, log_params):
        p, q, g = np.exp(log_params)
        ux, wx, W = self.ux, self.wx, self.n
        pu = p * ux
        lg = np.log(g + self.xm)
        w_lg, wx_lg = (self.w * lg).sum(), (self.wx_all * lg).sum()
        ll = (wx * (gammaln(pu + q) - gammaln(pu))).sum() + W * (q * np.log(g) - gammaln(q)) + p * self.linear_p \
            + self.constant - p * wx_lg - q * w_lg
        psi_puq = digamma(pu + q)
        g_p = (wx * ux * (psi_puq - digamma(pu))).sum() + self.linear_p - wx_lg
        g_q = (wx * psi_puq).sum() + W * (np.log(g) - digamma(q)) - w_lg
        g_g = W * q / g - ((p * self.wx_all + q * self.w) / (g + self.xm)).sum()
        grad = np.array([g_p * p, g_q * q, g_g * g])
        return -ll / self.n, -grad / self.n


def spend_sample(summary: pd.DataFrame) -> pd.DataFrame:
    """Customers the spend model can use: repeat buyers with positive mean repeat spend."""
    return summary[(summary["x"] > 0) & (summary["spend"] > 0)]


def fit_gamma_gamma(summary: pd.DataFrame, params: Params) -> Params:
    """Maximum-likelihood p, q, gamma from the repeat buyers' x and mean repeat spend."""
    s = spend_sample(summary)
    if len(s) < MIN_REPEAT_BUYERS:
        raise ClvError(f"only {len(s)} repeat buyers with a positive spend; the spend model needs at least "
                       f"{MIN_REPEAT_BUYERS}")
    x, m = s["x"].to_numpy(dtype="float64"), s["spend"].to_numpy(dtype="float64")
    start = np.log([1.0, 1.0, max(float(m.mean()), 1e-6)])
    res = _minimize(_GammaGammaObjective(x, m, np.ones(len(s))), start, [GG_LOG_BOUNDS] * 3)
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
    summary = customer_summary(con, cutoff)
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


def _margin_array(summary: pd.DataFrame, margin) -> np.ndarray:
    if isinstance(margin, pd.Series):
        return summary["customer_id"].map(margin).fillna(float(margin.mean()) if len(margin) else 0.0).to_numpy(
            dtype="float64")
    if isinstance(margin, np.ndarray):
        return margin.astype("float64")
    return np.full(len(summary), float(margin))


def predict(params: Params, summary: pd.DataFrame, horizon_months: int = 12, margin=0.3,
            annual_discount: float = 0.0) -> pd.DataFrame:
    """customer_id, x, t_x, T, expected_purchases, expected_spend, p_alive, margin, clv.

    clv = sum over the horizon's months of the purchases expected in that month x spend x margin,
    discounted monthly at the annual rate. margin: a number, a Series by customer_id, or an array
    in the summary's row order. Nothing is fitted here.
    """
    x, tx, T = (summary[c].to_numpy(dtype="float64") for c in ("x", "t_x", "T"))
    weeks = [m * DAYS_PER_MONTH / WEEK for m in range(horizon_months + 1)]
    codes, curves = _purchase_curves(params, weeks, x, T)
    disc = (1 + annual_discount) ** (-np.arange(1, horizon_months + 1) / 12)
    alive = p_alive(params, x, tx, T)
    spend = expected_spend(params, x, summary["spend"].to_numpy(dtype="float64"))
    mg = _margin_array(summary, margin)
    out = summary[["customer_id", "x", "t_x", "T"]].copy()
    out["expected_purchases"] = curves[codes, -1] * alive
    out["expected_spend"] = spend
    out["p_alive"] = alive
    out["margin"] = mg
    out["clv"] = (np.diff(curves, axis=1) @ disc)[codes] * alive * spend * mg
    return out


@dataclass(frozen=True)
class ValueFit:
    """The slow half of customer_value, fixed by the data and the date alone (the app caches it):
    the fitted parameters, each customer's summary, each customer's own margin in the summary's
    order (None without profit data), the counts, and the parameters whose fit ended on a bound
    (boundary(); empty for a proper maximum)."""
    params: Params
    summary: pd.DataFrame
    margins: np.ndarray | None
    info: dict
    boundary: tuple[str, ...] = ()


@dataclass(frozen=True)
class ValueResult:
    """Every valued customer under one horizon, margin and discount, and what the page says beside it.

    values: customer_id, x, t_x, T, expected_purchases, expected_spend, p_alive, margin, clv; sorted
    by clv, highest first. customers, repeat_buyers, spend_customers, spend_excluded (repeat buyers
    whose mean repeat spend is <= 0, left out of the spend fit), one_time (valued at the population
    mean spend), margin_from_profit: the counts of the fit. boundary: the parameters whose fit ended on
    a bound (see boundary()).
    """
    params: Params
    values: pd.DataFrame
    as_of: date | None = None
    customers: int = 0
    repeat_buyers: int = 0
    spend_customers: int = 0
    spend_excluded: int = 0
    one_time: int = 0
    margin_from_profit: bool = False
    boundary: tuple[str, ...] = ()

    @property
    def info(self) -> dict:
        """The counts and the date as one dict (what customer_value returned as its third item)."""
        return {"customers": self.customers, "repeat_buyers": self.repeat_buyers,
                "spend_customers": self.spend_customers, "spend_excluded": self.spend_excluded,
                "one_time": self.one_time, "margin_from_profit": self.margin_from_profit, "as_of": self.as_of}


    @property
    def purchases_at_boundary(self) -> tuple[str, ...]:
        """The BG/NBD parameters (purchases, P(alive)) among boundary."""
        return tuple(n for n in self.boundary if n in ("r", "alpha", "a", "b"))

    @property
    def spend_at_boundary(self) -> tuple[str, ...]:
        """The Gamma-Gamma parameters (spend per purchase) among boundary."""
        return tuple(n for n in self.boundary if n in ("p", "q", "gamma"))

    @property
    def p_alive_floor(self) -> float:
        """The lowest P(alive) of any customer (1.0 without customers)."""
        return float(self.values["p_alive"].min()) if len(self.values) else 1.0

    @property
    def p_alive_flat(self) -> bool:
        """Every customer's P(alive) at ALIVE_FLAT or more: on screen, 100% for everyone."""
        return self.p_alive_floor >= ALIVE_FLAT

    @property
    def p_alive_informative(self) -> bool:
        """False when the purchase model's fit ended on a bound: then it cannot tell who has stopped
        buying, and P(alive) (typically ALIVE_FLAT or more for everyone) should not be shown as if it could."""
        return not self.purchases_at_boundary


def fit_value(con, as_of: date | None = None) -> ValueFit:
    """Fit both models at as_of (default: the latest order date) on every customer with a purchase."""
    from .features import latest_order_date
    as_of = as_of or latest_order_date(con)
    params, summary = fit(con, as_of)
    margins = customer_margins(con, as_of)
    repeat = summary["x"] > 0
    info = {"customers": len(summary), "repeat_buyers": int(repeat.sum()),
            "spend_customers": len(spend_sample(summary)),
            "spend_excluded": int((repeat & ~(summary["spend"] > 0)).sum()),
            "one_time": int((~repeat).sum()), "margin_from_profit": margins is not None, "as_of": as_of}
    return ValueFit(params, summary, None if margins is None else _margin_array(summary, margins), info,
                    boundary(params))


def predict_value(fitted: ValueFit, settings: dict | None = None) -> ValueResult:
    """The cheap half of customer_value: predict from a fit under the horizon, margin and discount
    of settings (nothing is refitted). Returns what customer_value returns."""
    settings = settings or {}
    margin = fitted.margins if fitted.margins is not None else float(settings.get("margin", 0.3))
    out = predict(fitted.params, fitted.summary, int(settings.get("horizon_months", 12)), margin,
                  float(settings.get("discount_rate", 0.0)))
    if out["customer_id"].is_monotonic_increasing:  # the summary's order: a stable sort keeps ids ascending in ties
        out = out.take(np.argsort(-out["clv"].to_numpy(), kind="stable"))
    else:
        out = out.sort_values(["clv", "customer_id"], ascending=[False, True], kind="stable")
    info = fitted.info
    counts = {k: int(info.get(k, 0)) for k in ("customers", "repeat_buyers", "spend_customers", "spend_excluded",
                                                "one_time")}
    return ValueResult(fitted.params, out.reset_index(drop=True), info.get("as_of"), **counts,
                       margin_from_profit=bool(info.get("margin_from_profit", False)), boundary=fitted.boundary)


def customer_value(con, as_of: date | None = None, settings: dict | None = None) -> ValueResult:
    """Fit at as_of (default: the latest order date) and predict every customer with a purchase.

    settings: the scenario's clv block (horizon_months, margin, discount_rate). The margin is each
    customer's own profit margin when the data has profit, else settings["margin"]. Returns a
    ValueResult: the parameters, the per-customer frame (predict's columns, sorted by clv, highest
    first), the counts and the parameters fitted on a bound.
    Equal to predict_value(fit_value(con, as_of), settings).
    """
    return predict_value(fit_value(con, as_of), settings)


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

@dataclass(frozen=True)
class BacktestTotals:
    """The backtest in numbers: customers known at the cut-off, the horizon (whole weeks and exact weeks),
    its last day, purchases made and predicted, mean absolute error per customer, and the relative error
    (predicted - actual) / actual (NaN when nobody bought)."""
    customers: int
    weeks: int
    horizon_weeks: float
    end: date
    actual: int
    predicted: float
    mae: float
    error: float


@dataclass(frozen=True)
class Backtest:
    """Fit up to a cut-off, then what happened after it: weekly (week, week_start, actual, predicted and their
    cumulative sums), by_x (purchases before the cut-off 0..7+: customers, mean actual, mean predicted)."""
    params: Params
    weekly: pd.DataFrame
    by_x: pd.DataFrame
    totals: BacktestTotals
    boundary: tuple[str, ...] = ()


def backtest(con, cutoff: date, end: date | None = None, table: str = "transactions") -> Backtest:
    """Fit on purchases up to cutoff, predict (cutoff, end] for the customers known at cutoff.

    Returns params, weekly (week, actual, predicted, and cumulative of both), by_x (purchases before
    the cut-off 0..7+: customers, mean actual, mean predicted), totals, and boundary (the purchase
    model's parameters fitted on a bound, see boundary()). Two passes over the
    purchase days in the database: per customer (the summary and the purchases after the cut-off),
    and per week after the cut-off.
    """
    be = backend(con)
    days = _days_expr(be, end, table)
    if end is None:
        last = days.day.max().to_pandas()
        end = None if pd.isna(last) else pd.Timestamp(last).date()
    if end is None or end <= cutoff:
        raise ClvError(f"the cut-off {cutoff} must be before the end of the data {end}")
    # one pass: each customer's summary at the cut-off and purchases after it
    before = days.day <= ibis.literal(cutoff)
    agg = days.group_by("customer_id").aggregate(
        n=before.sum(), first=days.day.min(where=before), last=days.day.max(where=before),
        total=days.spend.sum(where=before), first_spend=days.spend.argmin(days.day), after=(~before).sum())
    agg = be.execute(agg.filter(agg.n > 0).order_by("customer_id"))
    summary = _from_aggregates(agg, cutoff)
    params = fit_bgnbd(summary)
    horizon = (end - cutoff).days / WEEK
    weeks = int(np.ceil(horizon))
    x, tx, T = (summary[c].to_numpy(dtype="float64") for c in ("x", "t_x", "T"))
    # a last, partial week is predicted for its days only, as only its days can have purchases
    codes, curves = _purchase_curves(params, [min(w, horizon) for w in range(1, weeks + 1)], x, T)
    alive = p_alive(params, x, tx, T)
    cum_pred = np.bincount(codes, weights=alive, minlength=len(curves)) @ curves
    known = days.filter(days.day <= ibis.literal(cutoff)).select("customer_id").distinct()
    hold = days.filter(days.day > ibis.literal(cutoff)).semi_join(known, "customer_id")
    hold = hold.mutate(week=(hold.day.delta(ibis.literal(cutoff), unit="day") - 1) // 7 + 1)
    by_week = be.execute(hold.group_by("week").aggregate(n=hold.count()))
    actual = by_week.set_index("week")["n"].reindex(range(1, weeks + 1), fill_value=0).to_numpy(dtype="int64")
    weekly = pd.DataFrame({"week": range(1, weeks + 1),
                           "week_start": [cutoff + timedelta(days=7 * (i - 1) + 1) for i in range(1, weeks + 1)],
                           "actual": actual, "predicted": np.diff(np.concatenate([[0.0], cum_pred])),
                           "actual_cum": actual.cumsum(), "predicted_cum": cum_pred})
    s = summary.assign(actual=agg["after"].to_numpy(dtype="float64"), predicted=curves[codes, -1] * alive)
    s["group"] = np.minimum(s["x"], 7)
    by_x = s.groupby("group").agg(customers=("x", "size"), actual=("actual", "mean"),
                                  predicted=("predicted", "mean")).reset_index()
    made, predicted = int(actual.sum()), float(cum_pred[-1]) if weeks else 0.0
    totals = BacktestTotals(customers=len(summary), weeks=weeks, horizon_weeks=horizon, end=end, actual=made,
                            predicted=predicted, mae=float(np.abs(s["actual"] - s["predicted"]).mean()),
                            error=(predicted - made) / made if made else float("nan"))
    return Backtest(params, weekly, by_x, totals, boundary(params))


def value_view(values: pd.DataFrame, scored: pd.DataFrame, stages: pd.DataFrame | None, tier_names,
               shares=(0.1, 0.2)) -> pd.DataFrame:
    """Each valued customer with value tier, current tier, quadrant, lifecycle stage (and name).

    High now = the best current tier; high next = the high or mid value tier. A customer without a
    purchase in the scoring window has no tier (missing, not a placeholder).
    """
    out = values.copy()
    out["value_tier"] = value_tiers(out["clv"], shares)
    cur = scored[["customer_id", "tier", "monetary"] + (["name"] if "name" in scored.columns else [])]
    out = out.merge(cur.astype({"tier": "str"}), on="customer_id", how="left")
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


@dataclass(frozen=True)
class ValueTotals:
    """The Value page's headline figures over the valued customers."""
    clv: float
    purchases: float
    p_alive_mean: float
    p_alive_min: float
    quadrants: dict  # quadrant -> customers, every QUADRANTS key


def value_totals(view: pd.DataFrame) -> ValueTotals:
    """Sum of predicted value and of expected purchases, mean and lowest P(alive), customers per quadrant."""
    q = view["quadrant"].value_counts() if "quadrant" in view.columns else pd.Series(dtype="int64")
    n = len(view)
    return ValueTotals(clv=float(view["clv"].sum()), purchases=float(view["expected_purchases"].sum()),
                       p_alive_mean=float(view["p_alive"].mean()) if n else float("nan"),
                       p_alive_min=float(view["p_alive"].min()) if n else float("nan"),
                       quadrants={k: int(q.get(k, 0)) for k in QUADRANTS})


def with_p_alive(frame: pd.DataFrame, result: ValueResult) -> pd.DataFrame:
    """frame (with customer_id) and each customer's P(alive) beside it, missing for customers not valued;
    frame unchanged when the purchase model's fit ended on a bound (its P(alive) says nothing)."""
    if not result.p_alive_informative:
        return frame
    return frame.merge(result.values[["customer_id", "p_alive"]], on="customer_id", how="left")


def select_values(view: pd.DataFrame, tiers=None, quadrants=None) -> pd.DataFrame:
    """The valued customers in the given value tiers and quadrants (None = all), list columns only."""
    mask = pd.Series(True, index=view.index)
    if tiers is not None:
        mask &= view["value_tier"].isin(tiers)
    if quadrants is not None:
        mask &= view["quadrant"].isin(quadrants)
    return view.loc[mask, [c for c in LIST_COLUMNS if c in view.columns]].reset_index(drop=True)
