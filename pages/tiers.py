"""Tiers: tune the scenario and watch the pyramid, KPIs, segments, ABC and the customer table."""
from functools import partial

import streamlit as st

from ui import charts, controls, data, state
from ui.i18n import SEGMENT_NAMES, fmt_money, t
from ui.tables import customer_table, summary_table

state.through_app()

date_min, date_max = data.date_range()
with st.sidebar:
    scenario = controls.date_controls(date_min, date_max)
features = data.features(data.effective_as_of(scenario), scenario.lookback_days)
with st.sidebar:
    controls.score_controls(features, data.has_profit(), data.attributes())
    scenario = controls.tier_controls()
scored = data.scored(scenario)

st.title(t("tiers.title"))
window = t("tiers.all_history") if not scenario.lookback_days else t("tiers.window", days=scenario.lookback_days)
st.caption(t("tiers.caption", as_of=data.effective_as_of(scenario), n=len(scored), window=window))
if scored.empty:
    st.warning(t("tiers.empty"))
    st.stop()

summary = data.tier_summary(scenario)
# one unit across the row of cards (the smallest figure's), so they compare at a glance
unit_of = {c: summary[c].abs()[summary[c] != 0].min() for c in ("revenue", "avg_order_value")}
for col, row in zip(st.columns(len(summary)), summary.itertuples(index=False)):
    with col.container(border=True):
        st.metric(t("tiers.kpi_customers", tier=row.tier), f"{row.customers:,}", help=t("help.kpi"))
        st.markdown(t("tiers.kpi_body", revenue=fmt_money(row.revenue, unit_of["revenue"]), share=row.revenue_share,
                      aov=fmt_money(row.avg_order_value, unit_of["avg_order_value"]), recency=row.avg_recency))

left, right = st.columns(2)
band = lambda r: t("tiers.band", customers=r.customers, cshare=r.customer_share, rshare=r.revenue_share)
left.plotly_chart(charts.plot_pyramid(summary, t("tiers.pyramid"), band), key="pyramid")
views = data.segment_views(scenario)  # aggregates only: the charts never get one point per customer
a, b = scenario.abc
right.plotly_chart(charts.plot_pareto(views["pareto"], t("tiers.pareto"), t("axis.customer_share"),
                                      t("axis.revenue_share"), {t("tiers.cut", cls="A", share=a): a,
                                                                  t("tiers.cut", cls="B", share=b): b}), key="pareto")

eight, grid, abc_tab = st.tabs([t("tiers.tab_eight"), t("tiers.tab_grid"), t("tiers.tab_abc")])
with eight:
    seg = views["eight"]
    st.caption(t("tiers.eight_help"))
    st.plotly_chart(charts.plot_segment_bars(seg, t("tiers.eight_title"), SEGMENT_NAMES[state.lang()],
                                             t("axis.customer_share"), t("axis.revenue_share")), key="eight")
    summary_table(seg)
with grid:
    st.caption(t("tiers.grid_help"))
    st.plotly_chart(charts.plot_grid(views["grid_counts"], t("tiers.grid_title"), SEGMENT_NAMES[state.lang()],
                                     t("axis.r_score"), t("axis.f_score")), key="grid")
    summary_table(views["grid"])
with abc_tab:
    st.caption(t("tiers.abc_help", a=a, b=b))
    summary_table(views["abc"])

st.subheader(t("tiers.customers"))
customer_table(scored, "tiers_table", order=partial(data.customer_order, scenario))
data.freeze_long_lived()
