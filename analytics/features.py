"""Per-customer features as of a date, written once in Ibis.

DuckDB runs them by default; a Spark backend runs the same expression (analytics/engine.py).
Definitions: an order is its order_id, or one customer on one day without one;
its net amount is the sum of its lines; it is a purchase only if the net amount > 0.
"""
from __future__ import annotations

from datetime import date, timedelta

import duckdb
import ibis
import pandas as pd

FEATURE_COLUMNS = ["customer_id", "recency_days", "frequency", "monetary", "first_purchase",
                   "last_purchase", "orders", "returns"]


def backend(con):
    """An Ibis backend over a DuckDB connection (or an Ibis backend given as is)."""
    if isinstance(con, ibis.BaseBackend):
        return con
    return ibis.duckdb.from_connection(con)


def to_pandas(be, expr) -> pd.DataFrame:
    """Run an expression; on DuckDB through its own frame conversion (one copy; Ibis's generic
    conversion costs about as much again at a million rows), elsewhere through Ibis."""
    con = getattr(be, "con", None)
    if not isinstance(con, duckdb.DuckDBPyConnection):
        return be.execute(expr)
    df = con.execute(str(be.compile(expr))).df()
    for name, dtype in expr.schema().items():  # DuckDB sums integers as HUGEINT, which arrives as float
        if dtype.is_integer() and df[name].dtype.kind == "f" and df[name].notna().all():
            df[name] = df[name].astype("int64")
    return df


def has_table(be, name: str) -> bool:
    """Whether the backend has the table (Ibis 12's list_tables fails on DuckDB 2.0)."""
    try:
        be.table(name)
    except Exception:  # each backend raises its own not-found error
        return False
    return True


def orders_table(lines: ibis.Table) -> ibis.Table:
    """Order lines -> one row per order: customer_id, order_key, key_day, day, net, (net_profit)."""
    day = lines.order_date.cast("date")
    lines = lines.mutate(day=day)
    cols = lines.columns
    # the key is (order id, no day) or (no id, the day): grouping on the pair needs no string built per line
    if "order_id" in cols:
        oid = lines.order_id.cast("string").strip().nullif("")
        lines = lines.mutate(order_key=oid, key_day=ibis.ifelse(oid.isnull(), lines.day, ibis.null("date")))
    else:
        lines = lines.mutate(order_key=ibis.null("string"), key_day=lines.day)
    aggs = {"day": lines.day.min(), "net": lines.amount.sum()}
    if "profit" in cols:
        aggs["net_profit"] = lines.profit.sum()
    return lines.group_by(["customer_id", "order_key", "key_day"]).aggregate(**aggs)


def orders_as_of(lines: ibis.Table, as_of: date, lookback_days: int | None = None) -> ibis.Table:
    """Orders dated up to as_of, and inside the look-back window (as_of - N days, as_of]."""
    lines = lines.filter(lines.order_date.cast("date") <= ibis.literal(as_of))
    orders = orders_table(lines)
    if lookback_days:
        orders = orders.filter(orders.day > ibis.literal(as_of - timedelta(days=lookback_days)))
    return orders


def round_cents(x: ibis.Value) -> ibis.Value:
    """ROUND(x, 2) as DuckDB computes it (half away from zero on the binary x * 100), written out so
    Spark gives the same bits (its ROUND rounds the decimal text half up: 1.005 -> 1.01, DuckDB 1.0);
    a total a hair below zero gives 0.0, never -0.0."""
    y = x * 100.0
    a = y.abs()
    whole = a.floor().cast("int64")
    cents = whole + ((a - whole.cast("float64")) >= 0.5).cast("int64")
    return ibis.cases((y < 0, -cents), else_=cents).cast("float64") / 100.0


def customer_features_expr(lines: ibis.Table, as_of: date, lookback_days: int | None = None) -> ibis.Table:
    """The scored population (customers with a purchase in the window) and their features.

    Columns: customer_id, recency_days (whole days from the last purchase to as_of), frequency
    (purchases), monetary (net amount, returns included, rounded to cents), first_purchase,
    last_purchase, orders (all orders, returns too), returns (number of orders with net < 0),
    and profit (rounded to cents) when the lines have a profit column.
    """
    o = orders_as_of(lines, as_of, lookback_days)
    is_purchase = o.net > 0
    aggs = dict(
        frequency=is_purchase.sum().cast("int64"),
        monetary=round_cents(o.net.sum()),
        first_purchase=o.day.min(where=is_purchase),
        last_purchase=o.day.max(where=is_purchase),
        orders=o.count().cast("int64"),
        returns=(o.net < 0).sum().cast("int64"),
    )
    if "net_profit" in o.columns:
        aggs["profit"] = round_cents(o.net_profit.sum())
    c = o.group_by("customer_id").aggregate(**aggs)
    c = c.filter(c.frequency > 0)
    c = c.mutate(recency_days=ibis.literal(as_of).delta(c.last_purchase, unit="day").cast("int64"))
    return c.order_by("customer_id")


def latest_order_date(con, table: str = "transactions", today: date | None = None) -> date | None:
    """The default as-of date D: the latest order date not after today (lines dated in the future are
    flagged by the quality report, not taken as "now"); the latest of all when every date is in the future."""
    t = backend(con).table(table)
    day = t.order_date.cast("date")
    value = t.order_date.max(where=day <= ibis.literal(today or date.today())).to_pandas()
    if pd.isna(value):
        value = t.order_date.max().to_pandas()
    return None if pd.isna(value) else pd.Timestamp(value).date()


def earliest_order_date(con, table: str = "transactions") -> date | None:
    t = backend(con).table(table)
    value = t.order_date.min().to_pandas()
    return None if pd.isna(value) else pd.Timestamp(value).date()


def customer_features(con, as_of: date | None = None, lookback_days: int | None = None,
                      table: str = "transactions") -> pd.DataFrame:
    """Run customer_features_expr on a connection; as_of defaults to the latest order date.

    Returns a new pandas frame with FEATURE_COLUMNS (+ profit), one row per scored customer,
    sorted by customer_id; dates as datetime64.
    """
    be = backend(con)
    as_of = as_of or latest_order_date(be, table)
    if as_of is None:
        return pd.DataFrame(columns=FEATURE_COLUMNS)
    expr = customer_features_expr(be.table(table), as_of, lookback_days)
    df = to_pandas(be, expr)
    cols = FEATURE_COLUMNS + (["profit"] if "profit" in df.columns else [])
    df = df[cols].reset_index(drop=True)
    df["customer_id"] = df["customer_id"].astype(str)
    for c in ("first_purchase", "last_purchase"):
        df[c] = pd.to_datetime(df[c])
    return df


def customer_attributes(con, table: str = "customers") -> pd.DataFrame | None:
    """The customers table (one row per customer), or None when none was loaded."""
    be = backend(con)
    if not has_table(be, table):
        return None
    return be.execute(be.table(table))
