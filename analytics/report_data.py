"""The figures of the one-page report (ui/report.py), computed in one go from a database and a scenario.

The same computations as the pages: the Tiers page's tier summary and eight-class segments, the Migration
page's matrix for its quarter preset (the as-of date against one quarter earlier), and the Lifecycle page's
funnel. Aggregates only: nothing here holds one row per customer once it returns.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from .clv import Backtest
from .config import Scenario
from .features import customer_attributes, customer_features, latest_order_date
from .lifecycle import LifecycleRules, customer_stages, funnel
from .migration import migrate, preset_from, transition_matrix
from .rfm import EIGHT_CLASS_ORDER
from .scoring import score_customers, segment_summary, tier_summary
from .scorecard import uses_derived

MIGRATION_PRESET = "quarter"  # the Migration page's default comparison


@dataclass(frozen=True)
class ReportData:
    """as_of: the date the tiers are scored at; tiers: tier_summary rows, best first (empty tiers kept);
    totals: the same figures over all scored customers; segments: the eight-class segment summary;
    migration: customers from-tier (rows, then "new") x to-tier (columns, then "lapsed") between
    migration_from and as_of; funnel: known -> first purchase -> repeat -> loyal, with conversions."""
    as_of: date
    tiers: pd.DataFrame
    totals: dict
    segments: pd.DataFrame
    migration_from: date
    migration: pd.DataFrame
    funnel: pd.DataFrame


def tier_totals(scored: pd.DataFrame) -> dict:
    """The key figures of every scored customer together: customers, revenue, purchases, avg_order_value
    (revenue / purchases), avg_recency (days, mean over customers), customer_share and revenue_share (1)."""
    customers = len(scored)
    revenue = float(scored["monetary"].sum()) if customers else 0.0
    purchases = float(scored["frequency"].sum()) if customers else 0.0
    return {"customers": customers, "revenue": revenue, "purchases": purchases,
            "avg_order_value": revenue / purchases if purchases > 0 else 0.0,
            "avg_recency": float(scored["recency_days"].mean()) if customers else float("nan"),
            "customer_share": 1.0 if customers else 0.0, "revenue_share": 1.0 if revenue else 0.0}


def report_data(con, scenario: Scenario, as_of: date | None = None) -> ReportData:
    """Every figure of the report. as_of: the scenario's date, else the given one (the app passes its effective
    date), else the latest order date. con: a DuckDB connection with the loaded tables (a cursor of the session's
    database when called off the script thread)."""
    as_of = scenario.as_of_date() or as_of or latest_order_date(con)
    attributes = customer_attributes(con)
    features = customer_features(con, as_of, scenario.lookback_days, derived=uses_derived(scenario))
    scored = score_customers(features, scenario, attributes)
    tier_names = [name for name, _ in scenario.tiers]
    d1 = preset_from(as_of, MIGRATION_PRESET)
    matrix = transition_matrix(migrate(con, scenario, d1, as_of), tier_names, "customers")
    rules = LifecycleRules.of(scenario)
    steps = funnel(customer_stages(con, as_of, rules), rules)
    return ReportData(as_of=as_of, tiers=tier_summary(scored), totals=tier_totals(scored),
                      segments=segment_summary(scored, "segment", EIGHT_CLASS_ORDER), migration_from=d1,
                      migration=matrix, funnel=steps)


def backtest_cutoff(result: Backtest) -> date:
    """The cut-off a backtest was fitted at: the day before its first week starts (analytics.clv.backtest)."""
    first = result.weekly["week_start"].iloc[0]
    return pd.Timestamp(first).date() - timedelta(days=1)
