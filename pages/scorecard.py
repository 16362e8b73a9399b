"""Scorecard: build the score from any components, each normalised your way; presets; the live result."""
import streamlit as st

from analytics.scorecard import score_histogram

from ui import charts, controls, data, quality, scorecard, state
from ui.i18n import t
from ui.tables import summary_table

state.through_app()

date_min, date_max = data.date_range()
with st.sidebar:
    controls.date_controls(date_min, date_max)
    scenario = controls.tier_controls()

st.title(t("sc.title"))
st.caption(t("sc.caption"))
scorecard.presets_box()
left, right = st.columns([3, 2], gap="large")
with left:
    scenario = scorecard.builder(data.attributes())
scored = data.scored(scenario)
with right:
    st.subheader(t("sc.result"))
    st.caption(scorecard.points_total_note(scenario))
    st.dataframe(scorecard.card_summary(scenario), hide_index=True, width="stretch")
    summary = data.tier_summary(scenario)
    lines = {name: low for name, low in scenario.tiers[:-1]} if scenario.tier_method == "score" else {}
    st.plotly_chart(charts.plot_score_histogram(score_histogram(scored["score"]), lines, t("sc.histogram"),
                                                t("axis.score"), t("axis.customers")), key="sc_hist")
    summary_table(summary[["tier", "customers", "customer_share", "revenue_share"]])
    quality.render_missing(data.missing_counts(scenario))
    with st.expander(t("sc.as_json")):
        st.code(scorecard.scenario_json(scenario), language="json")
