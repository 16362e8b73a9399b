"""Would this tiering have worked? Tiers at a cut-off date, and the revenue that followed.

The customers are scored as the Tiers page scores them, on the orders up to the cut-off C only
(as-of date C, the scenario's look-back window, bins, weights, attributes and tier rules); then,
per tier, what those customers brought in the horizon (C, E], E = C + H calendar months:

    customers       the tier's customers at C
    customer_share  customers / all customers with a tier at C
    next_revenue    net amount of their order lines dated in (C, E] (returns subtract), to the cent
    revenue_share   next_revenue / all the net revenue dated in (C, E] (every customer's)
    lift            revenue_share / customer_share (1 = the tier brought its head count's share)
    active_share    share of the tier's customers with at least one order line of positive amount in (C, E]

and a last row "new": the customers without a tier at C (not scored then: no purchase in the window,
or no orders at all) that have an order line in (C, E]; customers and next_revenue, revenue_share;
customer_share, lift and active_share are undefined (NaN). The rows' next_revenue add up to
total_revenue, so their revenue_share add up to 1.

Calendar months: C + H months is the same day H months later, clipped to the month's end
(2024-01-31 + 1 month = 2024-02-29), and a month end stays a month end (2024-02-29 + 1 month =
2024-03-31; 2024-06-30 + 9 months = 2025-03-31), as migration.months_back counts backwards.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from .config import Scenario
from .features import backend, customer_attributes, customer_features, latest_order_date, to_pandas
from .scoring import score_customers
from .scorecard import uses_derived

NEW = "new"
ROW_COLUMNS = ["tier", "customers", "customer_share", "next_revenue", "revenue_share", "lift", "active_share"]
DEFAULT_HORIZON_MONTHS = 9
MIN_HORIZON_MONTHS, MAX_HORIZON_MONTHS = 1, 60


def months_ahead(d: date, months: int) -> date:
    """d plus whole calendar months: the same day, clipped to the month's end; a month end stays a month end."""
    ts = pd.Timestamp(d)
    out = ts + pd.DateOffset(months=months)
    if ts.is_month_end:
        out = out + pd.offsets.MonthEnd(0)
    return out.date()


@dataclass(frozen=True)
class TierBacktest:
    """The tiers at the cut-off and the revenue of the horizon (cutoff, end] (see the module's text)."""
    rows: pd.DataFrame          # ROW_COLUMNS: one row per tier in the scenario's order, then "new"
    customers: pd.DataFrame     # customer_id, tier ("new" without a tier at C), score (NaN for new),
                                # next_revenue (unrounded), active: every tiered customer and every new one
    tiers: tuple                # the scenario's tier names, best first
    cutoff: date
    end: date                   # cutoff + horizon_months calendar months, the horizon's last day
    horizon_months: int
    total_revenue: float        # net revenue of all order lines dated in (cutoff, end], to the cent
    data_end: date | None       # the latest order date not after today (features.latest_order_date)
    complete: bool              # data_end >= end: the data covers the whole horizon


def horizon_revenue(con, start: date, end: date, table: str = "transactions") -> pd.DataFrame:
    """customer_id, next_revenue (net amount, unrounded), active (an order line with amount > 0) of
    every customer with an order line dated in (start, end]."""
    be = backend(con)
    t = be.table(table)
    day = t.order_date.cast("date")
    h = t.filter((day > start) & (day <= end))
    expr = h.group_by("customer_id").aggregate(next_revenue=h.amount.sum().cast("float64"),
                                               active=(h.amount > 0).any())
    df = to_pandas(be, expr)
    df["customer_id"] = df["customer_id"].astype(str)
    df["active"] = df["active"].fillna(False).astype(bool)
    return df


def tier_backtest(con, scenario: Scenario, cutoff: date, horizon_months: int = DEFAULT_HORIZON_MONTHS,
                  table: str = "transactions", attrs: pd.DataFrame | None = None) -> TierBacktest:
    """Score at the cut-off (the scenario's as_of is replaced by it), then follow each tier over the horizon.

    attrs: the customers table; read from the connection when not given and the scenario's score uses
    attributes. Raises KeyError as score_customers does (an attribute column or profit the data lacks).
    """
    if horizon_months < 1:
        raise ValueError(f"horizon_months must be at least 1, got {horizon_months}")
    end = months_ahead(cutoff, horizon_months)
    if attrs is None and scenario.attributes:
        attrs = customer_attributes(con)
    feats = customer_features(con, cutoff, scenario.lookback_days, table, derived=uses_derived(scenario))
    scored = score_customers(feats, scenario.with_changes(as_of=cutoff.isoformat()), attrs)
    names = [name for name, _ in scenario.tiers]

    tiered = pd.DataFrame({"customer_id": scored["customer_id"].astype(str).to_numpy(),
                           "tier": scored["tier"].astype("str").to_numpy(),
                           "score": scored["score"].to_numpy(dtype="float64")})
    nxt = horizon_revenue(con, cutoff, end, table)
    people = tiered.merge(nxt, on="customer_id", how="outer")
    people["tier"] = people["tier"].fillna(NEW)
    people["next_revenue"] = people["next_revenue"].fillna(0.0)
    people["active"] = people["active"].fillna(False).astype(bool)
    people = people.sort_values("customer_id", kind="stable").reset_index(drop=True)

    total = round(float(nxt["next_revenue"].sum()), 2) + 0.0
    n_tiered = len(tiered)
    rows = []
    for name in names + [NEW]:
        members = people[people["tier"] == name]
        n = len(members)
        revenue = round(float(members["next_revenue"].sum()), 2) + 0.0  # + 0.0: never -0.0
        revenue_share = revenue / total if total > 0 else math.nan
        if name == NEW:
            customer_share = lift = active_share = math.nan
        else:
            customer_share = n / n_tiered if n_tiered else math.nan
            lift = revenue_share / customer_share if customer_share and not math.isnan(customer_share) else math.nan
            active_share = float(members["active"].sum()) / n if n else math.nan
        rows.append((name, n, customer_share, revenue, revenue_share, lift, active_share))
    frame = pd.DataFrame(rows, columns=ROW_COLUMNS).astype({"customers": "int64", "customer_share": "float64",
                                                            "next_revenue": "float64", "revenue_share": "float64",
                                                            "lift": "float64", "active_share": "float64"})
    data_end = latest_order_date(con, table)
    return TierBacktest(rows=frame, customers=people[["customer_id", "tier", "score", "next_revenue", "active"]],
                        tiers=tuple(names), cutoff=cutoff, end=end, horizon_months=int(horizon_months),
                        total_revenue=total, data_end=data_end,
                        complete=data_end is not None and data_end >= end)


def verdict(bt: TierBacktest) -> dict:
    """The numbers of the sentence "the top tier held X% of customers and brought Y% of the next H months'
    revenue": the top tier (the scenario's first) and its row, with the horizon."""
    top = bt.rows.iloc[0]
    return {
        "tier": str(top["tier"]),
        "customers": int(top["customers"]),
        "customer_share": float(top["customer_share"]),
        "next_revenue": float(top["next_revenue"]),
        "revenue_share": float(top["revenue_share"]),
        "lift": float(top["lift"]),
        "active_share": float(top["active_share"]),
        "horizon_months": bt.horizon_months,
        "cutoff": bt.cutoff,
        "start": bt.cutoff + timedelta(days=1),
        "end": bt.end,
        "complete": bt.complete,
        "data_end": bt.data_end,
        "total_revenue": bt.total_revenue,
    }


def _percent(x: float) -> str:
    return "n/a" if x is None or (isinstance(x, float) and np.isnan(x)) else f"{100 * x:.1f}%"


def verdict_sentence(v: dict, label: str | None = None) -> str:
    """The verdict in English (the command line's); the app words its own from the same numbers."""
    months = "month's" if v["horizon_months"] == 1 else f"{v['horizon_months']} months'"
    text = (f"{'under ' + label + ', ' if label else ''}the top tier {v['tier']} held "
            f"{_percent(v['customer_share'])} of customers at {v['cutoff']} and brought "
            f"{_percent(v['revenue_share'])} of the next {months} revenue ({v['start']} to {v['end']})")
    if not v["complete"]:
        text += (f"; the data ends on {v['data_end']}, before the horizon does, so this is a partial horizon"
                 if v["data_end"] is not None else "; there is no data")
    return text
