"""Value: predicted purchases, spend, P(alive) and CLV; value tiers; the backtest that earns trust."""
import math

import streamlit as st

from analytics.clv import QUADRANTS, VALUE_TIERS, ClvError, select_values, value_summary, value_totals, value_view
from analytics.export import export_frame
from analytics.lifecycle import UNSCORED
from ui import charts, controls, data, report, state
from ui.i18n import fmt_money, join_sentences, t
from ui.safe import md
from ui.tables import column_config, display_frame, download_buttons, summary_table
from ui.customer import clickable_table

state.through_app()

date_min, date_max = data.date_range()
with st.sidebar:
    controls.date_controls(date_min, date_max)
    scenario = controls.clv_controls(data.has_profit())
tier_names = [name for name, _ in scenario.tiers]

st.title(t("value.title"))
try:
    with st.spinner(t("value.fitting")):
        result = data.value(scenario)
except ClvError as e:
    st.warning(t("value.cannot", error=str(e)), icon=":material/warning:")
    st.stop()
view = value_view(result.values, data.scored(scenario), data.stages(scenario), tier_names,
                  scenario.clv["value_shares"])
totals = value_totals(view)
months = scenario.clv["horizon_months"]
st.caption(t("value.caption", as_of=result.as_of, n=result.customers, months=months))
if result.boundary:  # a fit on the optimiser's bounds: say what it means and what to trust instead
    parts = []
    if result.purchases_at_boundary:
        parts.append(t("value.boundary", params=", ".join(result.purchases_at_boundary)))
        if result.p_alive_flat:  # the lowest P(alive), rounded down so "or more" holds
            parts.append(t("value.boundary_flat", low=f"{math.floor(result.p_alive_floor * 1000) / 10:.1f}%"))
        else:
            parts.append(t("value.boundary_varied"))
        parts.append(t("value.boundary_trust"))
    if result.spend_at_boundary:
        parts.append(t("value.boundary_spend", params=", ".join(result.spend_at_boundary)))
    st.warning(join_sentences(parts), icon=":material/warning:")

c = st.columns(4)
c[0].metric(t("value.total", months=months), fmt_money(totals.clv), border=True, help=t("value.total_help"))
c[1].metric(t("value.purchases", months=months), f"{totals.purchases:,.0f}", border=True,
            help=t("value.purchases_help", months=months))
flat = None if result.p_alive_informative else t("value.alive_flat")
c[2].metric(t("value.alive"), f"{totals.p_alive_mean:.0%}", flat, delta_color="off", delta_arrow="off", border=True,
            help=t("value.alive_help"))
c[3].metric(t("value.repeat"), f"{result.repeat_buyers:,}", border=True, help=t("value.repeat_help"))
notes = [t("value.margin_profit") if result.margin_from_profit else t("value.margin_fixed", m=scenario.clv["margin"])]
if result.one_time:
    notes.append(t("value.one_time", n=result.one_time))
if result.spend_excluded:
    notes.append(t("value.excluded", n=result.spend_excluded))
st.caption(join_sentences(notes))

left, right = st.columns(2)
with left:
    st.markdown(f"**{t('value.tiers_title')}**")
    summary_table(value_summary(view))
with right:
    st.markdown(f"**{t('value.quadrant_title', best=md(tier_names[0]))}**")
    qc = st.columns(2)
    for i, k in enumerate(QUADRANTS):
        qc[i % 2].metric(t(f"value.q.{k}"), f"{totals.quadrants[k]:,}", help=t(f"value.q_help.{k}"))

st.subheader(t("value.list_title"))
c1, c2 = st.columns(2)
pick_tier = c1.multiselect(t("value.tier"), list(VALUE_TIERS), default=["high"], key="val_tiers",
                           format_func=lambda v: t(f"value.tier.{v}"), placeholder=t("export.all"))
pick_q = c2.multiselect(t("value.quadrant"), list(QUADRANTS), key="val_quadrants",
                        format_func=lambda v: t(f"value.q.{v}"), placeholder=t("export.all"))
listed = select_values(view, pick_tier or None, pick_q or None)
st.markdown(t("value.count", n=len(listed)))
shown = listed.head(200)
if "tier" in shown.columns:  # no tier (no purchase in the scoring window): a dash on screen, empty in the files
    shown = shown.fillna({"tier": UNSCORED})
clickable_table(display_frame(shown, listed.columns), "val_list", width="stretch",
                column_config=column_config(listed.columns))
download_buttons(export_frame(listed), f"value_{result.as_of}", "val")
with st.expander(t("value.params")):
    st.caption(t("value.params_help"))
    st.json({k: round(v, 4) if isinstance(v, float) else v for k, v in result.params.to_dict().items()})

st.subheader(t("value.backtest_title"))
st.caption(t("value.backtest_help"))
default_cut = controls.backtest_default(date_min, date_max)
cutoff = st.date_input(t("value.cutoff"), value=default_cut, min_value=date_min, max_value=date_max, key="val_cutoff",
                       format="YYYY-MM-DD")
try:
    with st.spinner(t("value.backtesting")):
        bt = data.backtest(cutoff, date_max)
    report.remember_backtest(bt)  # the one-page report includes the backtest last run
except ClvError as e:
    st.warning(t("value.cannot", error=str(e)), icon=":material/warning:")
    st.stop()
tot = bt.totals
st.info(t("value.verdict", weeks=tot.horizon_weeks, end=tot.end, n=tot.customers, pred=tot.predicted,
          act=tot.actual, diff=abs(tot.error), dir=t("value.more" if tot.error > 0 else "value.fewer"), mae=tot.mae),
        icon=":material/fact_check:")
cum = st.segmented_control(t("value.track_view"), ["cumulative", "weekly"], default="cumulative", required=True,
                           format_func=lambda v: t(f"value.track.{v}"), key="val_track")
left, right = st.columns(2)
left.plotly_chart(charts.plot_tracking(bt.weekly, cum == "cumulative", t("value.track_title"), t("value.actual"),
                                       t("value.predicted"), t("value.week_axis"), t("value.purchases_axis"),
                                       t("value.cutoff_label", d=cutoff)), key="tracking")
right.plotly_chart(charts.plot_by_x(bt.by_x, t("value.by_x_title"), t("value.actual"), t("value.predicted"),
                                    t("value.x_axis"), t("value.mean_axis")), key="by_x")
