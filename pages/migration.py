"""Migration: tiers at two dates under one scenario; matrix, flows, headline, cell lists, trend."""
import streamlit as st

from analytics.export import export_frame
from analytics.migration import (LAPSED, NEW, PRESETS, TREND_MAX_PERIODS, cell, flows, period_ends, preset_from,
                                 transition_matrix)
from ui import charts, data, state
from ui.i18n import fmt_money, join_sentences, t
from ui.safe import md
from ui.tables import column_config, display_frame, download_buttons
from ui.customer import clickable_table

state.through_app()

scenario = state.scenario()
date_min, date_max = data.date_range()
tier_names = [name for name, _ in scenario.tiers]
from_names = {NEW: t("mig.new")}
to_names = {LAPSED: t("mig.lapsed")}

st.title(t("mig.title"))
st.caption(t("mig.caption"))
c1, c2, c3 = st.columns([3, 2, 2])
preset = c1.segmented_control(t("mig.preset"), list(PRESETS) + ["custom"], default="quarter", required=True,
                              format_func=lambda p: t(f"mig.preset.{p}"), key="mig_preset")
d2 = c3.date_input(t("mig.to"), value=data.effective_as_of(scenario), min_value=date_min, max_value=date_max,
                   key="mig_to", format="YYYY-MM-DD")
if preset == "custom":
    d1 = c2.date_input(t("mig.from"), value=preset_from(d2, "quarter"), min_value=date_min, max_value=date_max,
                       key="mig_from", format="YYYY-MM-DD")
else:
    d1 = preset_from(d2, preset)
    c2.date_input(t("mig.from"), value=d1, disabled=True, key=f"mig_from_{preset}_{d2}", format="YYYY-MM-DD")
if d1 >= d2:
    st.error(t("mig.order"))
    st.stop()

moves = data.moves(scenario, d1, d2)
head = data.headline(scenario, d1, d2)
cols = st.columns([1, 1, 1, 1, 1, 1.4])  # money needs the room
for col, k in zip(cols, ["upgraded", "downgraded", "unchanged", NEW, LAPSED]):
    col.metric(t(f"mig.h.{k}"), f"{head[k]:,}", help=t(f"mig.h_help.{k}"), border=True)
cols[5].metric(t("mig.h.revenue_at_risk"), fmt_money(head["revenue_at_risk"]), help=t("mig.h_help.revenue_at_risk"),
               border=True)
note = t("mig.note_share") if scenario.tier_method == "share" else t("mig.note_score")
if not scenario.lookback_days:
    note = join_sentences([note, t("mig.note_lapsed")])
st.info(note, icon=":material/info:")

left, right = st.columns(2)
with left:
    value = st.segmented_control(t("mig.value"), ["customers", "share", "revenue"], default="customers",
                                 required=True, format_func=lambda v: t(f"mig.value.{v}"), key="mig_value")
    matrix = transition_matrix(moves, tier_names, value)
    fmt = {"customers": ",.0f", "share": ".0%", "revenue": ",.0f"}[value]
    st.plotly_chart(charts.plot_matrix(matrix, t("mig.matrix", d1=d1, d2=d2), t("mig.axis_to", d=d2),
                                       t("mig.axis_from", d=d1), fmt, from_names, to_names), key="matrix")
with right:
    st.plotly_chart(charts.plot_sankey(flows(moves), tier_names, {**{n: f"{n} · {d1}" for n in tier_names}, **from_names},
                                       {**{n: f"{n} · {d2}" for n in tier_names}, **to_names}, t("mig.sankey")),
                    key="sankey")

st.subheader(t("mig.cell_title"))
c1, c2 = st.columns(2)
f = c1.selectbox(t("mig.cell_from", d=d1), tier_names + [NEW], format_func=lambda x: from_names.get(x, x), key="mig_cf")
to = c2.selectbox(t("mig.cell_to", d=d2), tier_names + [LAPSED], index=min(1, len(tier_names) - 1),
                  format_func=lambda x: to_names.get(x, x), key="mig_ct")
listed = cell(moves, f, to, data.attributes())
st.markdown(t("mig.cell_count", n=len(listed), f=md(from_names.get(f, f)), to=md(to_names.get(to, to))))
clickable_table(display_frame(listed.head(200), listed.columns), "mig_list", width="stretch",
                column_config=column_config(listed.columns))
stem = f"moves_{f}_to_{to}_{d1}_{d2}"
download_buttons(export_frame(listed), stem, "mig")

st.subheader(t("mig.trend_title"))
period = preset if preset != "custom" else "quarter"
period_name = t(f"mig.period.{period}")
# calendar period ends from the first order (before it no one has a tier) to the second date: as many bars as
# the slider says, and the slider offers no more than there are
ends = period_ends(d2, period, None, date_min or d2)
top = min(len(ends), TREND_MAX_PERIODS)
notes = [t(f"mig.trend_ends.{period}", to=d2)]
if 0 < len(ends) < TREND_MAX_PERIODS:
    notes.append(t("mig.trend_fewer", n=len(ends), period=period_name, first=date_min, to=d2))
if not ends:
    st.info(t("mig.trend_none", period=period_name, first=date_min, to=d2), icon=":material/info:")
    st.stop()
st.caption(join_sentences(notes))
n = st.slider(t("mig.trend_n", period=period_name), 1, top, min(8, top), key="mig_n") if top > 1 else 1
dates = ends[-n:]
with st.spinner(t("mig.scoring", n=len(dates))):
    trend = data.trend(scenario, dates)
st.plotly_chart(charts.plot_tier_trend(trend, t("mig.trend", period=period_name), t("axis.customers")), key="trend")
