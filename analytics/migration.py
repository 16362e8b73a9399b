"""Migration: tiers at two dates under one scenario, and the transition matrix."""
from __future__ import annotations

from datetime import date

import pandas as pd

from .config import Scenario
from .features import backend, customer_attributes, customer_features
from .scoring import score_customers
from .scorecard import uses_derived

NEW, LAPSED = "new", "lapsed"


def months_back(d: date, months: int) -> date:
    """d minus whole months; a month end stays a month end (2024-06-30 -> 2024-03-31)."""
    ts = pd.Timestamp(d)
    out = ts - pd.DateOffset(months=months)
    if ts.is_month_end:
        out = out + pd.offsets.MonthEnd(0)
    return out.date()


def default_from_date(to_date: date) -> date:
    """D2 minus one quarter."""
    return months_back(to_date, 3)


def tiers_at(con, scenario: Scenario, as_of: date, attributes: pd.DataFrame | None = None) -> pd.DataFrame:
    """customer_id, tier, monetary of the customers scored at as_of: the tiers from the score (a tier set by
    hand has no date, so it moves nobody between two dates, as in the customer's tier history)."""
    feats = customer_features(con, as_of, scenario.lookback_days, derived=uses_derived(scenario))
    scored = score_customers(feats, scenario.with_changes(as_of=as_of.isoformat(), overrides={}), attributes)
    out = scored[["customer_id", "tier", "monetary"]].copy()
    out["tier"] = out["tier"].astype("str")
    return out


def migrate(con, scenario: Scenario, from_date: date, to_date: date) -> pd.DataFrame:
    """customer_id, tier_from, tier_to ("new" with no tier at from_date, "lapsed" with none at to_date),
    monetary_from, monetary_to; sorted by customer_id."""
    attrs = customer_attributes(con)
    a = tiers_at(con, scenario, from_date, attrs).rename(columns={"tier": "tier_from", "monetary": "monetary_from"})
    b = tiers_at(con, scenario, to_date, attrs).rename(columns={"tier": "tier_to", "monetary": "monetary_to"})
    moves = a.merge(b, on="customer_id", how="outer")
    moves["tier_from"] = moves["tier_from"].fillna(NEW)
    moves["tier_to"] = moves["tier_to"].fillna(LAPSED)
    return moves.sort_values("customer_id", kind="stable").reset_index(drop=True)


def transition_matrix(moves: pd.DataFrame, tier_names, value: str = "customers") -> pd.DataFrame:
    """from-tier (rows: tiers then "new") x to-tier (columns: tiers then "lapsed").

    value: "customers" (counts), "share" (of the from-tier row) or "revenue" (at the second date).
    """
    rows, cols = list(tier_names) + [NEW], list(tier_names) + [LAPSED]
    if value == "revenue":
        m = moves.pivot_table(index="tier_from", columns="tier_to", values="monetary_to", aggfunc="sum", fill_value=0.0)
    else:
        m = pd.crosstab(moves["tier_from"], moves["tier_to"])
    m = m.reindex(index=rows, columns=cols, fill_value=0)
    if value == "share":
        totals = m.sum(axis=1).replace(0, 1)
        m = m.div(totals, axis=0)
    m.index.name, m.columns.name = "tier_from", "tier_to"
    return m


PRESETS = {"month": 1, "quarter": 3, "year": 12}  # months between the two dates


def preset_from(to_date: date, preset: str) -> date:
    """The first date of a preset comparison (month over month, quarter over quarter, year over year)."""
    return months_back(to_date, PRESETS[preset])


def direction(moves: pd.DataFrame, tier_names) -> pd.Series:
    """upgraded / downgraded / unchanged / new / lapsed per customer (tiers are best first)."""
    rank = {name: i for i, name in enumerate(tier_names)}
    a, b = moves["tier_from"].map(rank), moves["tier_to"].map(rank)
    out = pd.Series("unchanged", index=moves.index, dtype="object")
    out[b < a] = "upgraded"
    out[b > a] = "downgraded"
    out[moves["tier_from"] == NEW] = NEW
    out[moves["tier_to"] == LAPSED] = LAPSED
    return out


def revenue_between(con, start: date, end: date, table: str = "transactions") -> pd.Series:
    """Net revenue per customer of the orders dated in (start, end], rounded to cents."""
    be = backend(con)
    t = be.table(table)
    day = t.order_date.cast("date")
    expr = t.filter((day > start) & (day <= end)).group_by("customer_id").aggregate(revenue=t.amount.sum().round(2))
    df = be.execute(expr)
    return df.set_index(df["customer_id"].astype(str))["revenue"].astype("float64")


def headline(con, moves: pd.DataFrame, tier_names, from_date: date, to_date: date) -> dict:
    """Counts per direction, and the revenue at risk: what the downgraded customers bought in the
    period of the same length before the first date."""
    d = direction(moves, tier_names)
    counts = {k: int((d == k).sum()) for k in ("upgraded", "downgraded", "unchanged", NEW, LAPSED)}
    before = revenue_between(con, from_date - (to_date - from_date), from_date)
    down = moves.loc[d == "downgraded", "customer_id"]
    counts["revenue_at_risk"] = round(float(before.reindex(down).fillna(0.0).sum()), 2)
    return counts


def flows(moves: pd.DataFrame) -> pd.DataFrame:
    """tier_from, tier_to, customers, revenue_to: one row per non-empty flow (for a Sankey)."""
    f = moves.groupby(["tier_from", "tier_to"], sort=False).agg(customers=("customer_id", "size"),
                                                              revenue_to=("monetary_to", "sum"))
    return f.reset_index()


def cell(moves: pd.DataFrame, tier_from: str, tier_to: str, attributes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The customers behind one cell of the matrix, with their attributes and both tiers."""
    out = moves[(moves["tier_from"] == tier_from) & (moves["tier_to"] == tier_to)]
    if attributes is not None:
        out = out.merge(attributes.astype({"customer_id": "str"}), on="customer_id", how="left")
    return out.sort_values(["monetary_to", "customer_id"], ascending=[False, True], na_position="last",
                           kind="stable").reset_index(drop=True)


PERIOD_FREQ = {"month": "ME", "quarter": "QE-DEC", "year": "YE-DEC"}  # calendar period ends
TREND_MAX_PERIODS = 12  # period ends the trend offers at most (each is one scoring)


def period_ends(to_date: date, preset: str, n: int | None = None, first: date | None = None) -> list[date]:
    """Calendar period ends on or before to_date, oldest first: month ends, quarter ends (31 Mar, 30 Jun,
    30 Sep, 31 Dec) or year ends (31 Dec); only those on or after first when given (the first order:
    before it no one has a tier); the last n of them (all when n is None)."""
    if n is not None and n <= 0:
        return []
    if first is None:
        if n is None:
            raise ValueError("period_ends needs n or first")
        first = months_back(to_date, PRESETS[preset] * (n + 1))
    if first > to_date:
        return []
    ends = [d.date() for d in pd.date_range(pd.Timestamp(first), pd.Timestamp(to_date), freq=PERIOD_FREQ[preset])]
    return ends if n is None else ends[-n:]


def tier_trend(con, scenario: Scenario, dates: list[date]) -> pd.DataFrame:
    """Tier sizes at each date (rows: dates; columns: the scenario's tiers)."""
    attrs = customer_attributes(con)
    names = [name for name, _ in scenario.tiers]
    rows = {}
    for d in dates:
        t = tiers_at(con, scenario, d, attrs)
        rows[d] = t["tier"].value_counts().reindex(names, fill_value=0)
    out = pd.DataFrame(rows).T.fillna(0).astype("int64")
    out.index.name = "date"
    return out
