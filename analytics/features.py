"""Per-customer features as of a date, written once in Ibis.

DuckDB runs them by default; a Spark backend runs the same expression (analytics/engine.py).
Definitions: an order is its order_id, or one customer on one day without one;
its net amount is the sum of its lines; it is a purchase only if the net amount > 0.
The derived components (DERIVED_COLUMNS) come from the same orders, in the same group-by.
"""
from __future__ import annotations

import calendar
from datetime import date, timedelta

import duckdb
import ibis
import pandas as pd

from .config import DERIVED_HELP

FEATURE_COLUMNS = ["customer_id", "recency_days", "frequency", "monetary", "first_purchase",
                   "last_purchase", "orders", "returns"]
# The derived components, in their column order (after profit), each with its definition as of D
# (margin_pct only with a profit column, breadth with a category column, quantity with a quantity column).
DERIVED_COLUMNS = DERIVED_HELP  # name -> definition (analytics/config.py, the settings' one home)
MONTH_DAYS, QUARTER_DAYS = 30.4375, 91.3125  # 365.25 / 12 and / 4


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


def orders_table(lines: ibis.Table, quantity: bool = False) -> ibis.Table:
    """Order lines -> one row per order: customer_id, order_key, key_day, day, net, (net_profit),
    and net_quantity (the lines' quantity summed) when asked for and the lines have quantity."""
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
    if quantity and "quantity" in cols:
        aggs["net_quantity"] = lines.quantity.sum()
    return lines.group_by(["customer_id", "order_key", "key_day"]).aggregate(**aggs)


def orders_as_of(lines: ibis.Table, as_of: date, lookback_days: int | None = None,
                 quantity: bool = False) -> ibis.Table:
    """Orders dated up to as_of, and inside the look-back window (as_of - N days, as_of]."""
    lines = lines.filter(lines.order_date.cast("date") <= ibis.literal(as_of))
    orders = orders_table(lines, quantity)
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


def _f64(x: float) -> ibis.Value:
    """A float64 literal, the same bits on every backend (Spark SQL reads 30.4375 as a DECIMAL)."""
    return ibis.literal(repr(float(x))).cast("float64")


def round_places(x: ibis.Value, digits: int) -> ibis.Value:
    """round_cents to any number of places (half away from zero on the binary x * 10**digits), the same
    bits on DuckDB and Spark; from 2**52 up every double is whole and is kept as it is."""
    p, big = _f64(10.0 ** digits), _f64(2.0 ** 52)
    y = x * p
    a = y.abs()
    whole = a.clip(upper=big).floor().cast("int64")
    n = (whole + ((a - whole.cast("float64")) >= _f64(0.5)).cast("int64")).cast("float64")
    return ibis.cases((a >= big, y), (y < _f64(0.0), -n), else_=n) / p


def months_before(d: date, months: int) -> date:
    """d minus calendar months, the day clipped to the month's end (2024-02-29 - 12 months = 2023-02-28)."""
    year, month = divmod(d.year * 12 + d.month - 1 - months, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def _category_breadth(lines: ibis.Table, as_of: date, lookback_days: int | None) -> ibis.Table:
    """customer_id, breadth: distinct categories over the lines with amount > 0 dated in the window (by the
    line's own date, where the orders go by their first line's); null and '' are no category. The text is
    compared as it is: ingest trims it (trimming here again doubled the cost at 10M lines)."""
    day = lines.order_date.cast("date")
    category = lines.category.cast("string").nullif("")
    keep = (day <= ibis.literal(as_of)) & (lines.amount > 0) & category.notnull()  # fewer values to hash
    if lookback_days:
        keep &= day > ibis.literal(as_of - timedelta(days=lookback_days))
    lines = lines.mutate(category_=category).filter(keep)
    return lines.group_by("customer_id").aggregate(breadth=lines.category_.nunique().cast("int64"))


def _with_derived(c: ibis.Table, lines: ibis.Table, as_of: date, lookback_days: int | None) -> ibis.Table:
    """The DERIVED_COLUMNS on the scored customers c, which carry s0_ and s1_ (the net sales of the base and
    of the last 12 months; null without orders there). The ratios come first, then their rounding on them
    (in one step the rounding would copy each whole ratio into the SQL six times over). Every division has
    a positive or null divisor, so Spark in ANSI mode never divides by zero."""
    keep = [k for k in c.columns if k not in DERIVED_COLUMNS and k not in ("s0_", "s1_")]
    d12, d24 = months_before(as_of, 12), months_before(as_of, 24)
    first = c.first_purchase
    tenure = (ibis.literal(as_of).delta(first, unit="day") + 1).cast("float64")  # first purchase to D, both counted
    # first purchase 12-24 months back: monthly rates, S0 over the months from the first purchase to D - 12 months
    months0 = ibis.greatest(_f64(1.0), (ibis.literal(d12).delta(first, unit="day") + 1).cast("float64")
                            / _f64(MONTH_DAYS))
    young = first > ibis.literal(d24)
    # S0 and S1 to the cent first, like monetary: their float sums may differ in the last bit between engines
    s0, s1 = round_cents(c.s0_.fill_null(_f64(0.0))), round_cents(c.s1_.fill_null(_f64(0.0)))
    base = ibis.cases((first > ibis.literal(d12), ibis.null("float64")), (young, s0 / months0), else_=s0)
    base = ibis.ifelse(base > _f64(0.0), base, ibis.null("float64"))
    raw = dict(
        growth=(ibis.ifelse(young, s1 / _f64(12.0), s1) - base) / base,
        avg_month=c.monetary / ibis.greatest(_f64(1.0), tenure / _f64(MONTH_DAYS)),
        avg_quarter=c.monetary / ibis.greatest(_f64(1.0), tenure / _f64(QUARTER_DAYS)),
        interval_days=c.last_purchase.delta(first, unit="day").cast("float64")
        / ibis.ifelse(c.frequency >= 2, (c.frequency - 1).cast("float64"), ibis.null("float64")),
    )
    if "profit" in c.columns:
        raw["margin_pct"] = c.profit / ibis.ifelse(c.monetary > _f64(0.0), c.monetary, ibis.null("float64"))
    c = c.mutate(**{f"{k}_": v for k, v in raw.items()})
    places = {"growth": 6, "margin_pct": 6, "interval_days": 2}
    derived = {k: round_cents(c[f"{k}_"]) if k not in places else round_places(c[f"{k}_"], places[k]) for k in raw}
    if "category" in lines.columns:
        b = _category_breadth(lines, as_of, lookback_days)
        c = c.left_join(b, c.customer_id == b.customer_id)
        derived["breadth"] = b.breadth.fill_null(0)
    if "quantity" in c.columns:
        derived["quantity"] = c.quantity
    return c.select(*keep, **{k: derived[k] for k in DERIVED_COLUMNS if k in derived})


def customer_features_expr(lines: ibis.Table, as_of: date, lookback_days: int | None = None,
                           derived: bool = True) -> ibis.Table:
    """The scored population (customers with a purchase in the window) and their features.

    Columns: customer_id, recency_days (whole days from the last purchase to as_of), frequency
    (purchases), monetary (net amount, returns included, rounded to cents), first_purchase,
    last_purchase, orders (all orders, returns too), returns (number of orders with net < 0),
    and profit (rounded to cents) when the lines have a profit column; then, with derived, the
    DERIVED_COLUMNS the lines allow (the 12/24-month sums are conditional sums in the same group-by;
    breadth is a distinct count over the lines, joined).
    """
    o = orders_as_of(lines, as_of, lookback_days, quantity=derived)
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
    if derived:
        d12, d24 = ibis.literal(months_before(as_of, 12)), ibis.literal(months_before(as_of, 24))
        aggs["s1_"] = o.net.sum(where=o.day > d12)
        aggs["s0_"] = o.net.sum(where=(o.day > d24) & (o.day <= d12))
        if "net_quantity" in o.columns:
            aggs["quantity"] = o.net_quantity.sum()
    c = o.group_by("customer_id").aggregate(**aggs)
    c = c.filter(c.frequency > 0)
    c = c.mutate(recency_days=ibis.literal(as_of).delta(c.last_purchase, unit="day").cast("int64"))
    if derived:
        c = _with_derived(c, lines, as_of, lookback_days)
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
                      table: str = "transactions", derived: bool = True) -> pd.DataFrame:
    """Run customer_features_expr on a connection; as_of defaults to the latest order date.

    Returns a new pandas frame with FEATURE_COLUMNS (+ profit), then (with derived) the DERIVED_COLUMNS
    the lines allow, one row per scored customer, sorted by customer_id; dates as datetime64.
    """
    be = backend(con)
    as_of = as_of or latest_order_date(be, table)
    if as_of is None:
        return pd.DataFrame(columns=FEATURE_COLUMNS)
    expr = customer_features_expr(be.table(table), as_of, lookback_days, derived)
    df = to_pandas(be, expr)
    cols = FEATURE_COLUMNS + (["profit"] if "profit" in df.columns else [])
    cols += [k for k in DERIVED_COLUMNS if k in df.columns]
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
