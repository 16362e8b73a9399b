"""The shared sidebar: language switch, current data set, scenario save / load / reset."""
from __future__ import annotations

import streamlit as st

from analytics.config import Scenario, read_scenario

from . import data, notices, report, state
from .i18n import t, translate_streamlit, translate_uploader
from .safe import md

LANG_LABELS = {"en": "English", "zh": "中文"}


def _on_lang():
    state.set_lang(st.session_state["lang_choice"])


def render() -> None:
    with st.sidebar:
        st.session_state["lang_choice"] = state.lang()
        st.segmented_control(t("sidebar.language"), options=list(LANG_LABELS), format_func=LANG_LABELS.get,
                             key="lang_choice", on_change=_on_lang, label_visibility="collapsed",
                             required=True)
        state.remember_lang()
        ds = data.dataset()
        name = t("sidebar.sample") if ds.is_sample else md(ds.name if ds.saved else ds.orders_file)
        st.caption(t("sidebar.dataset", name=name, rows=ds.report.accepted, customers=ds.report.customers))
        translate_streamlit()  # Streamlit's own uploader errors and menu texts, in Chinese mode
        _scenario_box()


def _scenario_box() -> None:
    with st.expander(t("sidebar.scenario"), icon=":material/tune:"):
        st.caption(t("sidebar.scenario_help"))
        # built when clicked: the page's widgets below may still change the scenario in this run
        box = state.latest_box()
        st.download_button(t("sidebar.scenario_download"), data=lambda: box["scenario"].to_json().encode("utf-8"),
                           file_name="scenario.json", mime="application/json", width="stretch",
                           icon=":material/save:", on_click="ignore")
        report.report_button()  # the one-page report of the current view, from every page
        up = st.file_uploader(t("sidebar.scenario_upload"), type=["json"], key="scenario_file")
        translate_uploader("scenario_file", ["json"])
        if up is not None and st.session_state.get("scenario_file_id") != up.file_id:
            st.session_state["scenario_file_id"] = up.file_id
            scenario, found = read_scenario(up.getvalue())
            if any(n.key == "scenario" for n in found):  # not a scenario at all: keep the current one
                st.session_state["scenario_msg"] = ("error", t("sidebar.scenario_bad", name=md(up.name),
                                                               error=notices.text(found[0])))
            else:
                state.set_scenario(scenario, reset_widgets=True)
                notices.clear()
                notices.add(found, up.name)
                st.session_state["scenario_msg"] = ("success", t("sidebar.scenario_loaded", name=md(up.name)))
            st.rerun()
        msg = st.session_state.get("scenario_msg")
        if msg and msg[0] == "error":
            st.error(msg[1])
        elif msg:  # the expander closes on rerun: say it where it is seen
            st.toast(msg[1], icon=":material/check_circle:")
            st.session_state.pop("scenario_msg")
        if st.button(t("sidebar.scenario_reset"), width="stretch", icon=":material/restart_alt:"):
            state.set_scenario(Scenario(), reset_widgets=True)
            st.session_state.pop("scenario_msg", None)
            notices.clear()
            st.rerun()
