"""Notices about the scenario, in the main area where the user is looking and in their language.

Corrections and refusals made while reading a link or a scenario file (analytics/config.read_scenario),
and values moved to fit the open data (fit_to_data), stay on every page until dismissed. Problems with
the sidebar's inputs are said for the run in which they occur, with the rules still in force.
"""
from __future__ import annotations

import streamlit as st

from analytics.config import Notice, fit_to_data

from .i18n import t
from .safe import md

KEY = "scenario_notices"


def slot():
    """The top of the main area; app.py makes it before the page runs, so later code can write above the page."""
    return st.session_state.get("_notice_slot") or st.container()


def open_slot() -> None:
    st.session_state["_notice_slot"] = st.container()


def add(notices: list[Notice], source: str) -> None:
    """Keep notices of one source (link, file name, data) until the user dismisses them."""
    if notices:
        st.session_state.setdefault(KEY, []).append((source, list(notices)))


def add_text(text: str) -> None:
    """A notice that is not about a scenario value (e.g. a linked data set that no longer exists)."""
    st.session_state.setdefault(KEY, []).append(("@text", [text]))


def clear() -> None:
    st.session_state.pop(KEY, None)


def text(n: Notice) -> str:
    """One notice in the interface language, every user-supplied value escaped for Markdown."""
    words = {k: t(f"notice.fixed.{k[1:]}") for k in ("@latest", "@left_out", "@quantile", "@builtin", "@all")}
    words.update({f"unit.{u}": t(f"notice.unit.{u}") for u in ("days", "months", "purchases", "points", "calls a month")})
    params = {("what" if k == "key" else k): md(v) for k, v in n.params(words).items()}
    return t(f"notice.{n.code}", **params)


def page_top() -> None:
    """Run first on every page: the slot at the top of the main area, the scenario moved onto the open
    data, the notices not yet dismissed, and the data mark of the link (ui/provenance)."""
    from . import data, provenance, state
    open_slot()
    first, last = data.date_range()
    attrs = data.attributes()
    fit(first, last, None if attrs is None else list(attrs.columns), data.line_columns())
    render()
    problem = data.cluster_problem(state.scenario())
    if problem:  # tiers from adopted clusters that cannot be formed on this data and date
        slot().warning(t("seg.tiers_fallback", error=md(problem)), icon=":material/warning:")
    provenance.sync(data.dataset())
    state.mirror()  # a save or an opened version since the last run changes what the address says
    from . import room
    room.sync()  # a participant follows the room's settings (nothing outside a room)


def fit(first, last, columns, line_columns=None) -> None:
    """Move the scenario onto the open data (as-of date, customer and order columns) with a notice; once per change."""
    from . import state
    scenario, notices = fit_to_data(state.scenario(), first, last, columns, line_columns)
    if notices:
        state.set_scenario(scenario, reset_widgets=True)
        add(notices, "@data")


def render() -> None:
    groups = st.session_state.get(KEY)
    if not groups:
        return
    with slot().container(border=True):
        for source, notices in groups:
            if source == "@text":
                st.warning(notices[0], icon=":material/link_off:")
                continue
            refused = any(n.refused for n in notices)
            where = t("notice.source.link") if source == "@link" else t("notice.source.data") if source == "@data" \
                else t("notice.source.file", name=md(source))
            lines = "\n".join(f"- {text(n)}" for n in notices)
            whole = any(n.key == "scenario" for n in notices)  # nothing of it applies
            body = f"{where} {t('notice.rest_applies') if source != '@data' and not whole else ''}\n\n{lines}"
            (st.warning if refused else st.info)(body, icon=":material/rule:")
        if st.button(t("notice.dismiss"), key="dismiss_notices", icon=":material/close:"):
            clear()
            st.rerun()


def input_problem(what: str, in_force: str) -> None:
    """An input in the sidebar that cannot be used: said in the main area with the rules still in force."""
    if callable(in_force):
        in_force = in_force()
    slot().error(t("controls.invalid", what=what, in_force=in_force), icon=":material/error:")
