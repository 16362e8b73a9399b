"""Lifecycle stages as of a date and the funnel (DESIGN.md, "Lifecycle stage").

Stages use all purchases up to D (not the scoring window); the first rule that holds wins.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import ibis
import numpy as np
import pandas as pd

from .features import backend, has_table, latest_order_date, orders_as_of

STAGES = ("prospect", "churned", "at_risk", "loyal", "repeat", "new")


@dataclass(frozen=True)
class LifecycleRules:
    """Every window and count of the stage rules (scenario key "lifecycle")."""
    churned_days: int = 365
    at_risk_days: int = 180
    loyal_purchases: int = 10
    loyal_days: int = 90
    repeat_purchases: int = 2

    @classmethod
    def from_dict(cls, data: dict | None) -> "LifecycleRules":
        data = data or {}
        return cls(**{k: int(v) for k, v in data.items() if k in cls.__dataclass_fields__})


def purchase_history_expr(lines: ibis.Table, as_of: date) -> ibis.Table:
    """Every customer with an order up to as_of: customer_id, frequency, last_purchase, recency_days."""
    o = orders_as_of(lines, as_of)
    is_purchase = o.net > 0
    c = o.group_by("customer_id").aggregate(frequency=is_purchase.sum().cast("int64"),
                                            last_purchase=o.day.max(where=is_purchase))
    return c.mutate(recency_days=ibis.literal(as_of).delta(c.last_purchase, unit="day").cast("int64"))


def assign_stages(history: pd.DataFrame, rules: LifecycleRules = LifecycleRules()) -> pd.Series:
    """Stage per row of a frame with frequency and recency_days (NaN recency = no purchase)."""
    f = history["frequency"].fillna(0).to_numpy()
    r = history["recency_days"].to_numpy(dtype="float64")
    conditions = [f < 1, r > rules.churned_days, r > rules.at_risk_days,
                  (f >= rules.loyal_purchases) & (r <= rules.loyal_days), f >= rules.repeat_purchases]
    return pd.Series(np.select(conditions, STAGES[:5], default="new"), index=history.index, dtype="str")


def customer_stages(con, as_of: date | None = None, rules: LifecycleRules = LifecycleRules()) -> pd.DataFrame:
    """customer_id, frequency, recency_days, stage for every known customer (customers table and
    anyone with an order up to as_of), sorted by customer_id."""
    be = backend(con)
    as_of = as_of or latest_order_date(be)
    hist = be.execute(purchase_history_expr(be.table("transactions"), as_of))[["customer_id", "frequency", "recency_days"]]
    hist["customer_id"] = hist["customer_id"].astype("str")
    if has_table(be, "customers"):
        known = be.execute(be.table("customers").select("customer_id"))
        hist = known.astype("str").merge(hist, on="customer_id", how="outer")
    hist["frequency"] = hist["frequency"].fillna(0).astype("int64")
    hist["stage"] = assign_stages(hist, rules)
    return hist.sort_values("customer_id", kind="stable").reset_index(drop=True)


def funnel(stages: pd.DataFrame, rules: LifecycleRules = LifecycleRules()) -> pd.DataFrame:
    """Customers who reached each step: known -> first purchase -> repeat -> loyal threshold,
    with the conversion from the step before."""
    f = stages["frequency"]
    counts = [len(stages), int((f >= 1).sum()), int((f >= rules.repeat_purchases).sum()),
              int((f >= rules.loyal_purchases).sum())]
    conv = [1.0] + [(b / a if a else 0.0) for a, b in zip(counts, counts[1:])]
    return pd.DataFrame({"step": ["known", "first_purchase", "repeat", "loyal"], "customers": counts,
                         "conversion": conv})
