"""Judging tier proposals: the tier backtest panel (Tiers and Compare pages) and the pieces of the
Compare page. Computation is in analytics/backtest_tiers.py and analytics/compare.py."""
from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from analytics.backtest_tiers import DEFAULT_HORIZON_MONTHS, MAX_HORIZON_MONTHS, MIN_HORIZON_MONTHS, NEW, \
    months_ahead, verdict
from analytics.compare import NO_TIER

from . import data
from .i18n import t
from .safe import md


def _pct(x) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.1f}%"


def default_cutoff(date_min: date, date_max: date, months: int) -> date:
    """The horizon's length back from the end of the data, so the horizon is complete (not before the first order)."""
    back = months_ahead(date_max, -months)
    return max(back, date_min + timedelta(days=1))


def backtest_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows as read on screen: the "new" tier named in the interface language, counts with separators,
    money to the cent, shares in percent, lift to 2 decimals, and a dash where a figure does not apply."""
    num = lambda fmt: (lambda x: "—" if x is None or (isinstance(x, float) and math.isnan(x)) else format(x, fmt))
    out = pd.DataFrame({"tier": rows["tier"].map(lambda v: t("bt.new") if v == NEW else v),
                        "customers": rows["customers"].map(num(",")),
                        "customer_share": rows["customer_share"].map(_pct),
                        "next_revenue": rows["next_revenue"].map(num(",.2f")),
                        "revenue_share": rows["revenue_share"].map(_pct),
                        "lift": rows["lift"].map(num(".2f")),
                        "active_share": rows["active_share"].map(_pct)})
    return out


def backtest_panel(items: list[tuple[str, object]], key: str) -> None:
    """Pick a cut-off and a horizon; for each (label, scenario) the tiers at the cut-off and what their
    customers brought over the horizon, with a verdict in plain words."""
    date_min, date_max = data.date_range()
    if date_min is None or date_max is None or date_max <= date_min:
        st.info(t("bt.no_data"))
        return
    c1, c2 = st.columns(2)
    months = int(c2.number_input(t("bt.horizon"), MIN_HORIZON_MONTHS, MAX_HORIZON_MONTHS, DEFAULT_HORIZON_MONTHS,
                                 key=f"{key}_months", help=t("bt.horizon_help")))
    cutoff = c1.date_input(t("bt.cutoff"), value=default_cutoff(date_min, date_max, months),
                           min_value=date_min + timedelta(days=1), max_value=date_max - timedelta(days=1),
                           key=f"{key}_cutoff", format="YYYY-MM-DD", help=t("bt.cutoff_help"))
    st.caption(t("bt.explain"))
    columns = st.columns(len(items)) if len(items) > 1 else [st.container()]
    for col, (label, scenario) in zip(columns, items):
        with col:
            try:
                bt = data.tier_backtest(scenario, cutoff, months)
            except (ValueError, KeyError) as e:
                st.warning(t("bt.cannot", error=md(e.args[-1] if e.args else e)), icon=":material/warning:")
                continue
            v = verdict(bt)
            head = t("bt.under", label=md(label)) if label else ""
            sentence = head + t("bt.verdict", tier=md(v["tier"]), cshare=_pct(v["customer_share"]), cutoff=v["cutoff"],
                             rshare=_pct(v["revenue_share"]), months=v["horizon_months"], start=v["start"], end=v["end"],
                             lift=("—" if math.isnan(v["lift"]) else f"{v['lift']:.1f}"))
            st.info(sentence[:1].upper() + sentence[1:], icon=":material/fact_check:")
            if not v["complete"]:
                st.caption(t("bt.partial", end=v["data_end"]))
            rows = backtest_rows(bt.rows)
            st.dataframe(rows, hide_index=True, width="stretch", column_config={
                c: st.column_config.TextColumn(t(f"col.{c}", default=c)) for c in rows.columns})


def scenario_choices(workspace_names: list[str]) -> list[str]:
    """"@current" for the settings in use, then the saved scenarios."""
    return ["@current"] + list(workspace_names)


def cross_frame(cross: pd.DataFrame) -> pd.DataFrame:
    """A cross-table with "(no tier)" in the interface language."""
    name = lambda v: t("cmp.no_tier") if v == NO_TIER else v
    out = cross.rename(index=name, columns=name)
    out.index = out.index.map(str)
    out.columns = out.columns.map(str)
    return out
