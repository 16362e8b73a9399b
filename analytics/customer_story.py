"""One customer's story: their orders, and their score and tier at past quarter ends.

orders_of reads one customer's orders from the order lines with the customer id as a bound parameter
(never spliced into the SQL text). An order is formed as everywhere else (analytics/features.py): the lines
of one order id, or, without one, the customer's lines of one day; its date is its earliest line's day and
its amount the net of its lines (returns negative), rounded to cents.

tier_history scores every customer as of each date, as the Tiers page scores them at its date (features in
the look-back window up to that date, the same bins, weights and tier rules), because quantile scores and
share tiers rank a customer among everyone scored then. It gives the tier from the score: an override is set
today, by hand, and has no date, so it is not written into the past (the page shows it beside today's tier).
"""
from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from .config import Scenario
from .features import backend, customer_attributes, customer_features
from .lifecycle import UNSCORED
from .scoring import score_customers
from .scorecard import uses_derived

ORDER_COLUMNS = ["date", "order_id", "lines", "amount"]  # then profit when the lines have it
HISTORY_COLUMNS = ["date", "score", "tier"]


def _duck(con):
    """The DuckDB connection under an Ibis backend (or the connection itself)."""
    return getattr(con, "con", con)


def _columns(con, table: str = "transactions") -> set:
    return {r[0] for r in _duck(con).execute(f"DESCRIBE {table}").fetchall()}


def orders_of(con, customer_id: str, as_of: date | None = None, table: str = "transactions") -> pd.DataFrame:
    """The customer's orders dated up to as_of (all when None), oldest first: date (datetime64), order_id
    ("" for the orders grouped by day), lines, amount (net, rounded to cents) and profit (net, rounded to
    cents) when the lines have a profit column. Ties in date are ordered by order id."""
    cols = _columns(con, table)
    oid = "NULLIF(TRIM(CAST(order_id AS VARCHAR)), '')" if "order_id" in cols else "CAST(NULL AS VARCHAR)"
    profit = ", profit" if "profit" in cols else ""
    net_profit = ", ROUND(SUM(profit), 2) AS profit" if profit else ""
    params: list = [str(customer_id)]
    up_to = ""
    if as_of is not None:
        up_to = " AND CAST(order_date AS DATE) <= ?"
        params.append(as_of)
    # only fixed fragments (chosen by which columns exist) are joined into the text; the id and date are bound
    sql = (f"WITH l AS (SELECT CAST(order_date AS DATE) AS day, amount, {oid} AS oid{profit} FROM {table} "
           f"WHERE CAST(customer_id AS VARCHAR) = ?{up_to}) "
           f"SELECT MIN(day) AS date, COALESCE(oid, '') AS order_id, COUNT(*) AS lines, "
           f"ROUND(SUM(amount), 2) AS amount{net_profit} "
           f"FROM l GROUP BY oid, CASE WHEN oid IS NULL THEN day END ORDER BY date, order_id")
    out = _duck(con).execute(sql, params).df()
    out["date"] = pd.to_datetime(out["date"])
    out["lines"] = out["lines"].astype("int64")
    out["amount"] = out["amount"].astype("float64") + 0.0  # -0.0 reads 0
    return out.reset_index(drop=True)


def monthly_amounts(orders: pd.DataFrame) -> pd.DataFrame:
    """month (its first day), amount (net of the month's orders, rounded to cents), orders: one row per
    calendar month from the first order's to the last's, months without an order included (0)."""
    if orders.empty:
        return pd.DataFrame({"month": pd.Series(dtype="datetime64[ns]"), "amount": pd.Series(dtype="float64"),
                             "orders": pd.Series(dtype="int64")})
    month = orders["date"].dt.to_period("M")
    g = orders.groupby(month).agg(amount=("amount", "sum"), orders=("amount", "size"))
    full = pd.period_range(month.min(), month.max(), freq="M")
    g = g.reindex(full, fill_value=0)
    return pd.DataFrame({"month": full.to_timestamp(), "amount": g["amount"].round(2).to_numpy(dtype="float64"),
                         "orders": g["orders"].to_numpy(dtype="int64")})


def quarter_ends(first: date | None, last: date | None, at_most: int = 8) -> list[date]:
    """The calendar quarter ends (31 March, 30 June, 30 September, 31 December) from first to last, both
    included; the last at_most of them. Empty when either date is missing or first is after last."""
    if first is None or last is None or first > last or at_most <= 0:
        return []
    ends = [d.date() for d in pd.date_range(pd.Timestamp(first), pd.Timestamp(last), freq="QE")]
    return ends[-at_most:]


def history_dates(first: date | None, as_of: date | None, at_most: int = 8) -> list[date]:
    """The dates of a tier history: the last quarter ends before as_of (at_most in all) and as_of itself."""
    if as_of is None:
        return []
    ends = [d for d in quarter_ends(first, as_of, at_most) if d < as_of]
    return (ends + [as_of])[-at_most:]


def scores_at(con, scenario: Scenario, dates, attributes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every customer scored at each date, under the scenario without its overrides: date, customer_id,
    score, tier (text), in the order of dates, then customer id. A KeyError when the scenario cannot be
    scored on this data (a component's column missing, tiers from clusters)."""
    if attributes is None:
        attributes = customer_attributes(backend(con))
    parts = []
    for d in dates:
        feats = customer_features(con, d, scenario.lookback_days, derived=uses_derived(scenario))
        if feats.empty:
            continue
        scored = score_customers(feats, scenario.with_changes(as_of=d.isoformat(), overrides={}), attributes)
        parts.append(pd.DataFrame({"date": pd.Timestamp(d), "customer_id": scored["customer_id"].astype("str"),
                                   "score": scored["score"].to_numpy(dtype="float64"),
                                   "tier": scored["tier"].astype("str").to_numpy()}))
    if not parts:
        return pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "customer_id": pd.Series(dtype="str"),
                             "score": pd.Series(dtype="float64"), "tier": pd.Series(dtype="str")})
    return pd.concat(parts, ignore_index=True)


def history_of(scores: pd.DataFrame, customer_id: str, dates) -> pd.DataFrame:
    """One customer's rows of scores_at, one per date: date, score (NaN when not scored), tier (UNSCORED "—"
    when not scored then: no purchase in the window up to that date)."""
    mine = scores[scores["customer_id"] == str(customer_id)].set_index("date")
    index = pd.DatetimeIndex([pd.Timestamp(d) for d in dates], name="date")
    out = mine.reindex(index)[["score", "tier"]].reset_index()
    out["score"] = out["score"].astype("float64")
    out["tier"] = out["tier"].where(out["tier"].notna(), UNSCORED).astype("object")
    return out[HISTORY_COLUMNS]


def tier_history(con, scenario: Scenario, customer_id: str, dates, attributes: pd.DataFrame | None = None
                 ) -> pd.DataFrame:
    """The customer's score and tier at each date (see the module docstring): date, score, tier ("—" and a
    missing score where the customer was not scored at that date)."""
    return history_of(scores_at(con, scenario, dates, attributes), customer_id, dates)


def tier_changes(history: pd.DataFrame) -> int:
    """How many times the tier differs from the date before's (a move to or from "—" counts)."""
    tiers = history["tier"].to_numpy()
    return int(np.count_nonzero(tiers[1:] != tiers[:-1])) if len(tiers) > 1 else 0
