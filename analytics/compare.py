"""Compare two proposals: the same customers tiered under scenario A and under scenario B, at one date.

Each scenario scores with its own look-back window, bins, weights, attributes and tier rules, at the
common as-of date D. The customers compared are those scored under either (the wider window's
population: a customer with a purchase in the shorter window has one in the longer); a customer
scored under only one of them has no tier under the other (NO_TIER in the cross-tables, an empty
cell in the list). monetary (and profit) are those of the wider window (the same when both windows
are equal; no window is the widest).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import pandas as pd

from .config import Scenario
from .features import customer_attributes, customer_features, latest_order_date
from .scoring import binned_scores, prepare_scoring, weigh_and_tier

NO_TIER = "(no tier)"
CUSTOMER_COLUMNS = ["customer_id", "tier_a", "tier_b", "score_a", "score_b", "monetary"]
ATTRIBUTE_COLUMNS = ("owner", "region")  # taken from the customers table when it has them


@dataclass(frozen=True)
class Comparison:
    """Two scenarios side by side (see the module's text)."""
    customers: pd.DataFrame        # CUSTOMER_COLUMNS (+ profit, owner, region when there), by customer_id;
                                   # tier_a / tier_b empty (None) where the customer has no tier under it
    tiers_a: tuple                 # A's tier names, best first (the rows of the cross-tables)
    tiers_b: tuple                 # B's tier names, best first (the columns)
    counts: pd.DataFrame           # side by side, one row per position: tier_a, customers_a, tier_b, customers_b
    cross_customers: pd.DataFrame  # customers: rows tier_a (A's order), columns tier_b (B's order)
    cross_revenue: pd.DataFrame    # monetary summed (to the cent), same shape
    movers: pd.DataFrame           # the customers whose tier_a != tier_b, highest monetary first
    coverage_a: pd.DataFrame       # per A tier: tier, customers, customer_share, revenue, revenue_share
                                   # (+ profit, profit_share), then NO_TIER when some have none
    coverage_b: pd.DataFrame       # the same under B
    as_of: date | None
    has_profit: bool


def _window(scenario: Scenario) -> float:
    """The look-back window's length in days (none = all history = infinitely wide)."""
    return float(scenario.lookback_days) if scenario.lookback_days else math.inf


def _tiers(tier: pd.Series) -> pd.Series:
    return tier.astype("str").astype("object")


def coverage(customers: pd.DataFrame, column: str, names, has_profit: bool) -> pd.DataFrame:
    """Per tier of one side (then NO_TIER when some customers have none): customers, customer_share
    (of all customers compared), revenue (monetary) and revenue_share, profit and profit_share."""
    tier = customers[column].fillna(NO_TIER)
    order = list(names) + ([NO_TIER] if (tier == NO_TIER).any() else [])
    g = customers.groupby(tier, sort=False)
    out = pd.DataFrame({"customers": g.size(), "revenue": g["monetary"].sum()}).reindex(order)
    out["customers"] = out["customers"].fillna(0).astype("int64")
    out["revenue"] = out["revenue"].fillna(0.0).round(2) + 0.0
    n, rev = len(customers), float(customers["monetary"].sum())
    out["customer_share"] = out["customers"] / n if n else math.nan
    out["revenue_share"] = out["revenue"] / rev if rev > 0 else math.nan
    cols = ["customers", "customer_share", "revenue", "revenue_share"]
    if has_profit:
        out["profit"] = g["profit"].sum().reindex(order).fillna(0.0).round(2) + 0.0
        total = float(customers["profit"].sum())
        out["profit_share"] = out["profit"] / total if total > 0 else math.nan
        cols += ["profit", "profit_share"]
    out.index.name = "tier"
    return out[cols].reset_index()


def cross_table(customers: pd.DataFrame, names_a, names_b, value: str = "customers") -> pd.DataFrame:
    """tier_a (rows, A's order) x tier_b (columns, B's order), NO_TIER last on a side where some customer has
    none; cells: customers, or "revenue" (monetary summed, to the cent)."""
    a, b = customers["tier_a"].fillna(NO_TIER), customers["tier_b"].fillna(NO_TIER)
    rows = list(names_a) + ([NO_TIER] if (a == NO_TIER).any() else [])
    cols = list(names_b) + ([NO_TIER] if (b == NO_TIER).any() else [])
    if value == "revenue":
        m = customers["monetary"].groupby([a, b]).sum().unstack(fill_value=0.0)
        m = m.reindex(index=rows, columns=cols, fill_value=0.0).astype("float64").round(2) + 0.0
    else:
        m = pd.crosstab(a, b).reindex(index=rows, columns=cols, fill_value=0).astype("int64")
    m.index.name, m.columns.name = "tier_a", "tier_b"
    return m


def side_by_side(customers: pd.DataFrame, names_a, names_b) -> pd.DataFrame:
    """One row per tier position (1 = best): tier_a, customers_a, tier_b, customers_b (empty past a
    scenario's last tier)."""
    k = max(len(names_a), len(names_b))
    out = pd.DataFrame(index=pd.RangeIndex(1, k + 1, name="position"))
    for side, names in (("a", list(names_a)), ("b", list(names_b))):
        counts = customers[f"tier_{side}"].value_counts()
        out[f"tier_{side}"] = pd.Series(names + [None] * (k - len(names)), index=out.index, dtype="object")
        out[f"customers_{side}"] = pd.array([int(counts.get(n, 0)) for n in names] + [None] * (k - len(names)),
                                            dtype="Int64")
    return out


def compare_scenarios(con, a: Scenario, b: Scenario, as_of: date | None = None,
                      attrs: pd.DataFrame | None = None, table: str = "transactions") -> Comparison:
    """Tier every customer under A and under B at one as-of date D.

    D: as_of when given, else A's as_of, else B's, else the latest order date not after today; the
    scenarios' own as_of are replaced by it. attrs: the customers table (read from the connection when
    not given). Raises KeyError(side, message), side "a" or "b", where score_customers raises KeyError
    (an attribute column or profit the data lacks).
    """
    day = as_of or a.as_of_date() or b.as_of_date() or latest_order_date(con, table)
    if attrs is None:
        attrs = customer_attributes(con)
    feats, prepared = {}, {}

    def score(s: Scenario) -> pd.DataFrame:
        s = s.with_changes(as_of=day.isoformat() if day else None)
        if s.lookback_days not in feats:
            feats[s.lookback_days] = customer_features(con, day, s.lookback_days, table, derived=True)
        key = (s.lookback_days, tuple(s.abc), s.eight_class_split)
        if key not in prepared:  # the same window, ABC cuts and split: the join and ranks are shared
            prepared[key] = prepare_scoring(feats[s.lookback_days], attrs, s.abc, s.eight_class_split)
        return weigh_and_tier(binned_scores(prepared[key], s), s)

    scored = {}
    for side, s in (("a", a), ("b", b)):
        try:
            scored[side] = score(s)
        except KeyError as e:
            raise KeyError(side, e.args[0]) from None
    sa, sb = scored["a"], scored["b"]
    wide = sa if _window(a) >= _window(b) else sb
    has_profit = "profit" in wide.columns
    base = wide[["customer_id", "monetary"] + (["profit"] if has_profit else [])].copy()
    base["customer_id"] = base["customer_id"].astype(str)
    for side, s in (("a", sa), ("b", sb)):
        part = pd.DataFrame({"customer_id": s["customer_id"].astype(str).to_numpy(),
                             f"tier_{side}": _tiers(s["tier"]).to_numpy(),
                             f"score_{side}": s["score"].to_numpy(dtype="float64")})
        base = base.merge(part, on="customer_id", how="left")
    cols = CUSTOMER_COLUMNS + (["profit"] if has_profit else [])
    if attrs is not None and not attrs.empty:
        extra = [c for c in ATTRIBUTE_COLUMNS if c in attrs.columns]
        if extra:
            at = attrs[["customer_id"] + extra].astype({"customer_id": "str"}).drop_duplicates("customer_id")
            base = base.merge(at, on="customer_id", how="left")
            cols += extra
    customers = base[cols].sort_values("customer_id", kind="stable").reset_index(drop=True)
    for c in ("tier_a", "tier_b"):
        customers[c] = customers[c].astype("object").where(customers[c].notna(), None)

    names_a = tuple(name for name, _ in a.tiers)
    names_b = tuple(name for name, _ in b.tiers)
    moved = customers["tier_a"].fillna(NO_TIER) != customers["tier_b"].fillna(NO_TIER)
    movers = customers[moved].sort_values(["monetary", "customer_id"], ascending=[False, True],
                                          kind="stable").reset_index(drop=True)
    return Comparison(customers=customers, tiers_a=names_a, tiers_b=names_b,
                      counts=side_by_side(customers, names_a, names_b),
                      cross_customers=cross_table(customers, names_a, names_b),
                      cross_revenue=cross_table(customers, names_a, names_b, "revenue"),
                      movers=movers,
                      coverage_a=coverage(customers, "tier_a", names_a, has_profit),
                      coverage_b=coverage(customers, "tier_b", names_b, has_profit),
                      as_of=day, has_profit=has_profit)
