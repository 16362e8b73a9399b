"""Suggest weights from history (Tiers page): fit the component weights on a past cut-off, show them beside the
current ones with both tier backtests, and let the user adopt them (with Undo), edit them first, or ignore them.
The fit and the check are analytics/learn_weights.py; nothing changes the scenario but the Adopt buttons."""
from __future__ import annotations

import math
from datetime import date, timedelta

import pandas as pd
import streamlit as st

from analytics.backtest_tiers import DEFAULT_HORIZON_MONTHS, MAX_HORIZON_MONTHS, MIN_HORIZON_MONTHS
from analytics.config import Scenario
from analytics.learn_weights import MIN_TOP, LearnError, Evaluation, WeightSuggestion, apply_weights, \
    compare_verdict, current_weights, suggest_weights
from analytics.scorecard import ATTR

from . import data, state
from .controls import limits, whole_percents
from .i18n import t
from .proposals import backtest_rows, default_cutoff
from .safe import md

BOX = "tiers_lw_box"          # the expander (open or closed)
REQUEST = "lw_request"         # the suggestion asked for: data set, scenario, cut-off, horizon
UNDO = "lw_undo"               # the weights before the last adoption
ADOPTED = "lw_adopted"         # the weights adopted last
EDITING = "lw_editing"         # the "Edit first" inputs are open
BT_COLUMNS = ["tier", "customer_share", "revenue_share", "lift"]  # four fit half the page, "new" row too


def section(scenario: Scenario) -> None:
    """The expander "Suggest weights from history"; its content is computed only while it is open."""
    box = st.expander(t("lw.title"), icon=":material/model_training:", key=BOX, on_change="rerun")
    if box.open:
        with box:
            panel(scenario)


@st.cache_data(show_spinner=False, max_entries=8, ttl=data.CACHE_TTL)
def _suggestion(key: str, scenario_json: str, cutoff: date, months: int, _con, _attrs):
    """The suggestion, or the LearnError's code, values and message as a dict (so a failure is cached too)."""
    try:
        return suggest_weights(_con, Scenario.from_json(scenario_json), cutoff, months, attrs=_attrs)
    except LearnError as e:
        return {"code": e.code, "values": e.values, "message": str(e)}


def name(key: str) -> str:
    """A component as the sidebar names it (an attribute by its column)."""
    if key.startswith(ATTR):
        return md(t(f"col.{key[len(ATTR):]}", default=key[len(ATTR):]))
    return t(f"controls.weight_short.{key}", default=key)


def weights_text(weights: dict) -> str:
    """R 1 · F 1 · M 1 (the components with a weight)."""
    return " · ".join(f"{name(k)} {w:g}" for k, w in weights.items() if w > 0) or "—"


def _num(x: float, fmt: str = ".2f") -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else format(x, fmt)


def _pct(x: float) -> str:
    return "—" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.1f}%"


def panel(scenario: Scenario) -> None:
    date_min, date_max = data.date_range()
    if date_min is None or date_max is None or date_max <= date_min:
        st.info(t("bt.no_data"))
        return
    st.caption(t("lw.explain"))
    c1, c2, c3 = st.columns([2, 2, 1], vertical_alignment="bottom")
    months = int(c2.number_input(t("bt.horizon"), MIN_HORIZON_MONTHS, MAX_HORIZON_MONTHS, DEFAULT_HORIZON_MONTHS,
                                 key="lw_months", help=t("lw.horizon_help")))
    # two horizons back from the end of the data: the fit's horizon and the check's are both complete
    cutoff = c1.date_input(t("lw.cutoff"), value=default_cutoff(date_min, date_max, 2 * months),
                           min_value=date_min + timedelta(days=1), max_value=date_max - timedelta(days=1),
                           key="lw_cutoff", format="YYYY-MM-DD", help=t("lw.cutoff_help"))
    fingerprint = data.dataset().fingerprint
    if c3.button(t("lw.suggest"), key="lw_suggest", type="primary", icon=":material/model_training:"):
        st.session_state[REQUEST] = {"key": fingerprint, "scenario": scenario.to_json(), "cutoff": cutoff,
                                     "months": months}
        st.session_state.pop(EDITING, None)
    req = st.session_state.get(REQUEST)
    if not req or (req["key"], req["cutoff"], req["months"]) != (fingerprint, cutoff, months):
        st.caption(t("lw.press"))
        return
    with st.spinner(t("lw.computing")):
        got = _suggestion(req["key"], req["scenario"], req["cutoff"], req["months"], data.connection(),
                          data.attributes())
    if isinstance(got, dict):
        st.warning(t(f"lw.error.{got['code']}", default=got["message"], **got["values"]), icon=":material/warning:")
        return
    base = Scenario.from_json(req["scenario"])
    adopted = st.session_state.get(ADOPTED)
    if scenario.to_json() == base.to_json():
        status = "fresh"
    elif adopted is not None and scenario.to_json() == apply_weights(base, adopted).to_json():
        status = "adopted"
    else:
        status = "stale"
    if status == "stale":
        st.info(t("lw.stale"), icon=":material/update:")
        _undo_button(scenario)
        return
    show(got)
    _actions(got, status, scenario)


def show(got: WeightSuggestion) -> None:
    """The weights side by side, the verdict, the fit and the check, both backtests at both dates."""
    st.dataframe(weights_frame(got), hide_index=True, width="content")
    st.caption(t("lw.scale", top=max(max(got.current.values(), default=0.0), MIN_TOP)))
    if got.left_out:
        st.caption(t("lw.left_out", components=", ".join(name(k) for k in got.left_out)))
    if got.fallback:
        st.warning(t(f"lw.fallback.{got.fallback}"), icon=":material/info:")
    headline = got.check or got.fit
    st.info(verdict_text(headline), icon=":material/fact_check:")
    if got.check is None:
        st.caption(t(f"lw.check_skipped.{got.check_skipped}", cutoff=got.check_cutoff, end=got.check_end,
                     data_end=got.data_end, months=got.horizon_months) + " " + t("lw.in_sample"))
    tabs = ([(t("lw.tab_check", cutoff=got.check_cutoff), got.check, "lw.check")] if got.check else []) + \
        [(t("lw.tab_fit", cutoff=got.cutoff), got.fit, "lw.fit")]
    for tab, (_, ev, what) in zip(st.tabs([label for label, *_ in tabs]), tabs):
        with tab:
            _evaluation(ev, what)


def weights_frame(got: WeightSuggestion) -> pd.DataFrame:
    """Component, current weight and share, suggested weight and share (whole percents adding up to 100)."""
    keys = list(got.components)
    now = whole_percents([got.current[k] for k in keys])
    new = whole_percents([got.suggested[k] for k in keys])
    return pd.DataFrame({t("lw.col.component"): [name(k) for k in keys],
                         t("lw.col.current"): [f"{got.current[k]:g}" for k in keys],
                         t("lw.col.current_share"): [f"{p}%" for p in now],
                         t("lw.col.suggested"): [f"{got.suggested[k]:g}" for k in keys],
                         t("lw.col.suggested_share"): [f"{p}%" for p in new]})


def verdict_text(ev: Evaluation) -> str:
    v = compare_verdict(ev)
    values = dict(cutoff=v["cutoff"], tier=md(v["tier"]), months=v["horizon_months"],
                  rnew=_pct(v["revenue_share_suggested"]), rold=_pct(v["revenue_share_current"]))
    if v["same_customers"]:
        return t("lw.verdict_same", cshare=_pct(v["customer_share_suggested"]), **values)
    return t("lw.verdict_diff", cnew=_pct(v["customer_share_suggested"]), cold=_pct(v["customer_share_current"]),
             lnew=_num(v["lift_suggested"], ".1f"), lold=_num(v["lift_current"], ".1f"), **values)


def _evaluation(ev: Evaluation, what: str) -> None:
    st.caption(t(what, n=ev.customers, cutoff=ev.cutoff, end=ev.current.end, r2=_num(ev.r2),
                 sc=_num(ev.spearman_current), ss=_num(ev.spearman_suggested)))
    if not ev.current.complete:
        st.caption(t("bt.partial", end=ev.current.data_end))
    for col, (label, bt) in zip(st.columns(2), [(t("lw.bt_current"), ev.current), (t("lw.bt_suggested"), ev.suggested)]):
        with col:
            st.markdown(f"**{label}**")
            rows = backtest_rows(bt.rows)[BT_COLUMNS]
            st.dataframe(rows, hide_index=True, width="stretch", column_config={
                c: st.column_config.TextColumn(t(f"col.{c}", default=c)) for c in rows.columns})


def _actions(got: WeightSuggestion, status: str, scenario: Scenario) -> None:
    if status == "adopted":
        st.success(t("lw.adopted"), icon=":material/check_circle:")
        _undo_button(scenario)
        return
    if not got.changed:
        st.caption(t("lw.same"))
        return
    with st.container(horizontal=True):
        st.button(t("lw.adopt"), key="lw_adopt", type="primary", help=t("lw.adopt_help"), on_click=adopt,
                  args=(got.suggested,))
        st.button(t("lw.edit"), key="lw_edit", help=t("lw.edit_help"), on_click=_start_editing,
                  args=(got.suggested,))
    if st.session_state.get(EDITING):
        _editor(got)
    else:
        st.caption(t("lw.nothing_changes"))
    _undo_button(scenario)


def _start_editing(suggested: dict) -> None:
    st.session_state[EDITING] = True
    for k, w in suggested.items():
        st.session_state[f"lw_edit_{k}"] = float(w)


def _editor(got: WeightSuggestion) -> None:
    """The suggestion in number inputs (the sliders' range and step); adopted only by the button under them."""
    with st.container(border=True):
        st.markdown(f"**{t('lw.edit_title')}**")
        keys = list(got.components)
        per_row = min(len(keys), 5)
        edited = {}
        for start in range(0, len(keys), per_row):
            for col, k in zip(st.columns(per_row), keys[start:start + per_row]):
                lim = limits("attributes.weight" if k.startswith(ATTR) else f"weights.{k}")
                edited[k] = float(col.number_input(name(k), key=f"lw_edit_{k}", format="%.1f", **lim))
        with st.container(horizontal=True):
            st.button(t("lw.adopt_edited"), key="lw_adopt_edited", type="primary", on_click=_adopt_edited,
                      args=(keys,), disabled=not any(edited.values()))
            st.button(t("lw.cancel"), key="lw_cancel", on_click=lambda: st.session_state.pop(EDITING, None))


def adopt(weights: dict) -> None:
    """Write the weights into the scenario and the sidebar's sliders, keeping the ones before for Undo."""
    now = state.scenario()
    st.session_state[UNDO] = {k: v for k, v in current_weights(now).items() if k in weights}
    st.session_state[ADOPTED] = dict(weights)
    st.session_state.pop(EDITING, None)
    state.set_scenario(apply_weights(now, weights), reset_widgets=True)


def _adopt_edited(keys: list) -> None:
    """The inputs as they are at the click (an input typed into just before it is already in the session)."""
    adopt({k: float(st.session_state[f"lw_edit_{k}"]) for k in keys})


def undo() -> None:
    before = st.session_state.pop(UNDO, None)
    st.session_state.pop(ADOPTED, None)
    if before:
        state.set_scenario(apply_weights(state.scenario(), before), reset_widgets=True)


def _undo_button(scenario: Scenario) -> None:
    before = st.session_state.get(UNDO)
    if before and any(abs(current_weights(scenario).get(k, 0.0) - w) > 1e-9 for k, w in before.items()):
        st.button(t("lw.undo", before=weights_text(before)), key="lw_undo_button", icon=":material/undo:",
                  on_click=undo)
