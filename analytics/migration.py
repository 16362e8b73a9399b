"""Migration: tiers at two dates under one scenario, and the transition matrix (DESIGN.md)."""
from __future__ import annotations

from datetime import date

import pandas as pd

from .config import Scenario
from .features import customer_attributes, customer_features
from .scoring import score_customers

NEW, LAPSED = "new", "lapsed"


def default_from_date(to_date: date) -> date:
    """D2 minus one quarter (three calendar months, clipped to the month's end)."""
    return (pd.Timestamp(to_date) - pd.DateOffset(months=3)).date()


def tiers_at(con, scenario: Scenario, as_of: date, attributes: pd.DataFrame | None = None) -> pd.DataFrame:
    """customer_id, tier, monetary of the customers scored at as_of."""
    feats = customer_features(con, as_of, scenario.lookback_days)
    scored = score_customers(feats, scenario.with_changes(as_of=as_of.isoformat()), attributes)
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
