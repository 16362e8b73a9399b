"""Lifecycle stages as of a date and the funnel.

Stages use all purchases up to D (not the scoring window); the first rule that holds wins.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import ibis
import numpy as np
import pandas as pd
from ibis import _

from .features import backend, has_table, latest_order_date, orders_as_of

STAGES = ("prospect", "churned", "at_risk", "loyal", "repeat", "new")
# the order a reader follows: from not yet buying, through buying, to gone
STAGE_ORDER = ("prospect", "new", "repeat", "loyal", "at_risk", "churned")
FUNNEL_STEPS = ("known", "first_purchase", "repeat", "loyal")
UNSCORED = "—"  # tier of a customer with no purchase in the scoring window

# Recommended actions drawn from common B2B practice; the scenario's playbook overrides them.
DEFAULT_PLAYBOOK = {
    "en": {
        "stage": {
            "prospect": "Qualify the need and make a first offer (trial order, sample, site visit).",
            "new": "Onboard within 30 days: welcome call, product training, second-order incentive.",
            "repeat": "Cross-sell adjacent categories; agree a regular ordering rhythm.",
            "loyal": "Dedicated account manager, quarterly business review, volume agreement.",
            "at_risk": "Win-back call from the account manager; find the reason; targeted offer.",
            "churned": "Low-cost reactivation campaign; record the loss reason.",
        },
        "tier": {0: "Protect: senior sponsor, priority service and delivery, annual contract.",
                 1: "Grow: regular visits, share-of-wallet plan, bundle offers.",
                 2: "Serve efficiently: inside sales, online ordering, standard terms."},
    },
    "zh": {
        "stage": {
            "prospect": "确认需求，给出首单方案（试用、样品、上门拜访）。",
            "new": "30 天内完成新客引导：欢迎回访、产品培训、二次下单激励。",
            "repeat": "交叉销售相关品类，约定固定采购节奏。",
            "loyal": "专属客户经理，季度业务回顾，签订量价协议。",
            "at_risk": "客户经理电话挽回，了解原因，给出针对性优惠。",
            "churned": "低成本唤醒活动，记录流失原因。",
        },
        "tier": {0: "重点维护：高层对接，优先服务与交付，签年度合同。",
                 1: "重点培育：定期拜访，提升份额计划，组合优惠。",
                 2: "高效服务：电话/线上销售，线上下单，标准条款。"},
    },
}


@dataclass(frozen=True)
class LifecycleRules:
    """Every window and count of the stage rules (scenario key "lifecycle")."""
    churned_days: int = 365
    at_risk_days: int = 180
    loyal_purchases: int = 10
    loyal_days: int = 90
    repeat_purchases: int = 2

    @classmethod
    def of(cls, scenario) -> "LifecycleRules":
        return cls.from_dict(scenario.lifecycle)

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
        cu = be.table("customers")
        if "created_date" in cu.columns:  # not yet known before it was created
            cu = cu.filter(cu.created_date.isnull() | (cu.created_date.cast("date") <= ibis.literal(as_of)))
        known = be.execute(cu.select("customer_id"))
        hist = known.astype("str").merge(hist, on="customer_id", how="outer")
    hist["frequency"] = hist["frequency"].fillna(0).astype("int64")
    hist["stage"] = assign_stages(hist, rules)
    return hist.sort_values("customer_id", kind="stable").reset_index(drop=True)


def stage_counts(stages: pd.DataFrame) -> pd.DataFrame:
    """Customers per stage in STAGE_ORDER (every stage, 0 when empty) and their share of all known customers."""
    counts = stages["stage"].value_counts().reindex(list(STAGE_ORDER), fill_value=0).astype("int64")
    total = int(counts.sum())
    out = pd.DataFrame({"stage": list(STAGE_ORDER), "customers": counts.to_numpy()})
    out["share"] = out["customers"] / total if total else 0.0
    return out


def funnel(stages: pd.DataFrame, rules: LifecycleRules = LifecycleRules()) -> pd.DataFrame:
    """Customers who reached each step: known -> first purchase -> repeat -> loyal threshold,
    with the conversion from the step before."""
    f = stages["frequency"]
    counts = [len(stages), int((f >= 1).sum()), int((f >= rules.repeat_purchases).sum()),
              int((f >= rules.loyal_purchases).sum())]
    conv = [1.0] + [(b / a if a else 0.0) for a, b in zip(counts, counts[1:])]
    return pd.DataFrame({"step": list(FUNNEL_STEPS), "customers": counts, "conversion": conv})


def funnel_by(stages: pd.DataFrame, attributes: pd.DataFrame | None, column: str,
              rules: LifecycleRules = LifecycleRules()) -> pd.DataFrame:
    """The funnel per value of a customer attribute: one row per value, a column per step
    (customers) and conversion_<step> columns; customers without the attribute are "(none)"."""
    frame = stages[["customer_id", "frequency"]]
    if attributes is not None and column in attributes.columns:
        frame = frame.merge(attributes[["customer_id", column]].astype({"customer_id": "str"}), on="customer_id",
                            how="left")
        key = frame[column].astype("object").where(frame[column].notna(), "(none)").astype(str)
    else:
        key = pd.Series("(none)", index=frame.index)
    rows = []
    for value, part in frame.groupby(key, sort=True):
        f = funnel(part, rules)
        row = {"value": value, **dict(zip(f["step"], f["customers"]))}
        row.update({f"conversion_{s}": c for s, c in zip(f["step"], f["conversion"])})
        rows.append(row)
    return pd.DataFrame(rows).sort_values("known", ascending=False, kind="stable").reset_index(drop=True)


def stage_tier_table(stages: pd.DataFrame, scored: pd.DataFrame, tier_names) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Stage x tier: (customers, revenue). Revenue is the scored monetary; customers without a
    purchase in the scoring window sit in the UNSCORED column."""
    s = scored[["customer_id", "tier", "monetary"]].astype({"tier": "str"})
    m = stages[["customer_id", "stage"]].merge(s, on="customer_id", how="left")
    m["tier"] = m["tier"].fillna(UNSCORED)
    m["monetary"] = m["monetary"].fillna(0.0)
    cols = list(tier_names) + [UNSCORED]
    counts = pd.crosstab(m["stage"], m["tier"]).reindex(index=list(STAGE_ORDER), columns=cols, fill_value=0)
    revenue = m.pivot_table(index="stage", columns="tier", values="monetary", aggfunc="sum", fill_value=0.0)
    revenue = revenue.reindex(index=list(STAGE_ORDER), columns=cols, fill_value=0.0).round(2)
    for t in (counts, revenue):
        t.index.name, t.columns.name = "stage", "tier"
    return counts, revenue


def playbook(scenario, lang: str, tier_names) -> dict:
    """{"stage": {stage: action}, "tier": {tier: action}}: the scenario's actions over the defaults."""
    base = DEFAULT_PLAYBOOK.get(lang, DEFAULT_PLAYBOOK["en"])
    tiers = {name: base["tier"][min(i, 2)] for i, name in enumerate(tier_names)}
    return {"stage": {**base["stage"], **scenario.playbook.get("stage", {})},
            "tier": {**tiers, **{k: v for k, v in scenario.playbook.get("tier", {}).items() if k in tiers}}}


def month_ends(start: date, end: date) -> list[date]:
    """Month ends from start's month to end's, the last clipped to end."""
    ends = [d.date() for d in pd.date_range(pd.Timestamp(start), pd.Timestamp(end), freq="ME")]
    if not ends or ends[-1] < end:
        ends.append(end)
    return ends


def _stage_case(frequency, recency, rules: LifecycleRules):
    """assign_stages' rules as one expression (the first rule that holds wins)."""
    return (ibis.cases((frequency < 1, "prospect"), (recency > rules.churned_days, "churned"),
                       (recency > rules.at_risk_days, "at_risk"),
                       ((frequency >= rules.loyal_purchases) & (recency <= rules.loyal_days), "loyal"),
                       (frequency >= rules.repeat_purchases, "repeat"), else_="new"))


def stages_over_time(con, dates: list[date], rules: LifecycleRules = LifecycleRules()) -> pd.DataFrame:
    """Stage counts at each date (rows: dates; columns: STAGE_ORDER).

    One query, the counts are all that leaves the database. Each customer's purchase days carry
    the purchases so far and the next purchase day; joined to the calendar, a purchase day stands
    for the dates from it up to the next one, where frequency and recency (date - that day) give
    the stage as assign_stages does. Customers known but without a purchase yet are prospects from
    the first of their first order (a return counts) and their created_date in the customers table
    (always known when it has none) until their first purchase.
    """
    be = backend(con)
    cal_dates = sorted(set(dates))
    end = cal_dates[-1]
    never = end + timedelta(days=1)
    cal = ibis.memtable({"d": cal_dates}).cast({"d": "date"})
    o = orders_as_of(be.table("transactions"), end)
    o = o.mutate(customer_id=o.customer_id.cast("string"))
    buys = o.filter(o.net > 0).group_by(["customer_id", "day"]).aggregate(n=_.count())
    so_far = ibis.cumulative_window(group_by="customer_id", order_by="day")
    buys = buys.mutate(frequency=buys.n.sum().over(so_far),
                       until=ibis.coalesce(buys.day.lead().over(group_by="customer_id", order_by="day"),
                                           ibis.literal(never)))
    held = buys.join(cal, [buys.day <= cal.d, cal.d < buys.until])
    held = held.select(d=held.d, stage=_stage_case(held.frequency, held.d.delta(held.day, unit="day"), rules))
    # prospects: from when a customer is known until the first purchase
    known = o.group_by("customer_id").aggregate(since=o.day.min())
    if has_table(be, "customers"):
        cu = be.table("customers")
        since = cu.created_date.cast("date") if "created_date" in cu.columns else ibis.null("date")
        cu = cu.select(customer_id=cu.customer_id.cast("string"),
                       since=ibis.coalesce(since, ibis.literal(cal_dates[0])))
        known = ibis.union(known, cu).group_by("customer_id").aggregate(since=_.since.min())
    first = buys.group_by("customer_id").aggregate(first_buy=buys.day.min())
    known = known.left_join(first, "customer_id").select("customer_id", "since", "first_buy")
    until = ibis.coalesce(known.first_buy, ibis.literal(never))
    waiting = known.join(cal, [known.since <= cal.d, cal.d < until]).select(d=_.d, stage=ibis.literal("prospect"))
    both = ibis.union(held, waiting)
    counts = be.execute(both.group_by(["d", "stage"]).aggregate(n=_.count()))
    counts["d"] = pd.to_datetime(counts["d"]).dt.date
    res = counts.pivot_table(index="d", columns="stage", values="n", aggfunc="sum", fill_value=0)
    res = res.reindex(index=cal_dates, columns=list(STAGE_ORDER), fill_value=0).fillna(0).astype("int64")
    res.index.name, res.columns.name = "date", None
    return res


def _with_actions(frame: pd.DataFrame, book: dict) -> pd.DataFrame:
    frame["stage_action"] = frame["stage"].map(book["stage"])
    frame["tier_action"] = frame["tier"].astype("str").map(book["tier"])
    return frame


def with_stages(scored: pd.DataFrame, stages: pd.DataFrame, book: dict) -> pd.DataFrame:
    """The scored customers with their stage and the playbook's actions for their stage and tier."""
    return _with_actions(scored.merge(stages[["customer_id", "stage"]], on="customer_id", how="left"), book)


def stage_list(stages: pd.DataFrame, scored: pd.DataFrame, attributes: pd.DataFrame | None, book: dict) -> pd.DataFrame:
    """Every known customer: id, name (when known), stage and its action, tier (missing without a
    purchase in the scoring window, prospects among them) and its action, and the features; ordered by
    stage, then score."""
    feats = scored[["customer_id", "tier", "score", "recency_days", "frequency", "monetary"]].astype({"tier": "str"})
    out = stages[["customer_id", "stage"]].merge(feats, on="customer_id", how="left")
    if attributes is not None and "name" in attributes.columns:
        out = out.merge(attributes[["customer_id", "name"]].astype({"customer_id": "str"}), on="customer_id",
                        how="left")
    out = _with_actions(out, book)
    out["_o"] = out["stage"].map({s: i for i, s in enumerate(STAGE_ORDER)})
    out = out.sort_values(["_o", "score", "customer_id"], ascending=[True, False, True], na_position="last",
                          kind="stable")
    cols = ["customer_id", "name", "stage", "stage_action", "tier", "tier_action", "score", "recency_days",
            "frequency", "monetary"]
    return out[[c for c in cols if c in out.columns]].reset_index(drop=True)
