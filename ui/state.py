"""Session state with one owner, mirrored in the URL so a link reproduces the view.

The Scenario lives in st.session_state["scenario"]; widgets keep their own keys ("w_...")
and write back through set_scenario. Loading a scenario file clears the widget keys so every
widget re-reads the new values.
"""
from __future__ import annotations

import json

import streamlit as st

from analytics.config import Scenario, read_scenario

from . import notices

LANGS = ("en", "zh")
WIDGET_PREFIX = "w_"
LANG_COOKIE = "tiering_lang"


def first_lang() -> str:
    """A new session's language: the link's, else the one this browser chose last time, else the browser's own."""
    for candidate in (st.query_params.get("lang"), st.context.cookies.get(LANG_COOKIE)):
        if candidate in LANGS:
            return candidate
    return "zh" if str(st.context.locale or "").lower().startswith("zh") else "en"


def init() -> None:
    """Initialise language and scenario once per session, from the URL when it has them."""
    if "lang" not in st.session_state:
        st.session_state["lang"] = first_lang()
    if "scenario" not in st.session_state:
        scenario = Scenario()
        raw = st.query_params.get("scenario")
        if raw:  # read once, as a whole: what cannot be used as given is said on the page
            scenario, found = read_scenario(raw)
            notices.add(found, "@link")
        st.session_state["scenario"] = scenario
        _open_from_link()
    mirror()


def _open_from_link() -> None:
    """A link to a saved data set (dataset=name) and a saved scenario version (sc=name@3) opens them;
    one that cannot be opened (renamed, deleted) says so and keeps what the link carried otherwise."""
    from . import workspace
    name = st.query_params.get("dataset")
    sc = workspace.parse_sc(st.query_params.get("sc"))
    if not name and not sc:
        return
    from . import data
    from .i18n import t
    from .safe import md
    try:
        if name:
            data.open_saved(name)
    except Exception as e:  # noqa: BLE001 - a missing or unreadable data set: said, the sample stays
        notices.add_text(t("ws.link_dataset_gone", name=md(name), error=md(str(e))))
    try:
        if sc:
            workspace.open_scenario(*sc)
    except Exception as e:  # noqa: BLE001
        notices.add_text(t("ws.link_scenario_gone", name=md(sc[0]), error=md(str(e))))


def lang() -> str:
    return st.session_state.get("lang", "en")


def set_lang(value: str) -> None:
    st.session_state["lang"] = value
    st.session_state["lang_to_remember"] = value
    # translated labels make new widgets, which would show no choice: let every widget re-read the scenario
    set_scenario(scenario(), reset_widgets=True)


def remember_lang() -> None:
    """Store a language the user just chose in a cookie, so reloading the bare address keeps it.

    The cookie is written by the browser (Streamlit cannot set one from the server); a session reads it
    once, when it starts."""
    value = st.session_state.pop("lang_to_remember", None)
    if value in LANGS:
        st.html(f"<script>document.cookie = '{LANG_COOKIE}={value}; path=/; max-age=31536000; SameSite=Lax';</script>",
                unsafe_allow_javascript=True)


def scenario() -> Scenario:
    return st.session_state["scenario"]


def set_scenario(new: Scenario, reset_widgets: bool = False) -> None:
    st.session_state["scenario"] = new
    latest_box()["scenario"] = new
    if reset_widgets:
        forget_widgets()
    mirror()


def forget_widgets() -> None:
    """Drop every scenario widget's value, so each widget starts again from the scenario."""
    for key in [k for k in st.session_state if str(k).startswith(WIDGET_PREFIX)]:
        del st.session_state[key]


def _page_changed() -> bool:
    """Whether this run shows another page than the last. A widget keyed the same on two pages (the sidebar's
    tier rules on Tiers and Scorecard) is another widget to Streamlit: carried over, its value would be
    dropped and the widget start at its minimum (2 tiers, ABC at 1% / 2%), rewriting the scenario."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    ctx = get_script_run_ctx()
    page = getattr(ctx, "page_script_hash", None) if ctx is not None else None
    last = st.session_state.get("_last_page")
    st.session_state["_last_page"] = page
    return last is not None and page != last


def latest_box() -> dict:
    """A plain dict holding this session's latest scenario, for code that runs outside the script
    (a download built on click runs on another thread, without st.session_state)."""
    box = st.session_state.setdefault("scenario_box", {})
    box.setdefault("scenario", st.session_state.get("scenario"))
    return box


def update_scenario(**changes) -> Scenario:
    """Apply changes to the scenario if they differ; returns the (possibly new) scenario."""
    current = scenario()
    if any(getattr(current, k) != v for k, v in changes.items()):
        set_scenario(current.with_changes(**changes))
    return scenario()


def widget_default(key: str, value) -> str:
    """Give a widget's session key its starting value once; returns the key to pass."""
    full = WIDGET_PREFIX + key
    if full not in st.session_state:
        st.session_state[full] = value
    return full


def mirror() -> None:
    from . import workspace
    params = {"lang": st.session_state.get("lang", "en")}
    s = st.session_state.get("scenario")
    if s is not None:
        params.update(workspace.link_params(s))
        default = Scenario().to_dict()
        diff = {k: v for k, v in s.to_dict().items() if default.get(k) != v}
        if diff and "sc" not in params:  # a saved version is named, not spelled out
            params["scenario"] = json.dumps(diff, ensure_ascii=False, separators=(",", ":"))
    for k, v in params.items():
        if st.query_params.get(k) != v:
            st.query_params[k] = v
    for k in ("scenario", "sc", "dataset"):
        if k not in params and k in st.query_params:
            del st.query_params[k]


def through_app() -> None:
    """Make sure this run went through app.py (navigation, sidebar, session state).

    Streamlit treats a folder named pages/ as an old-style multipage app until st.navigation has
    run once in the server process: a first request straight to /lifecycle would run that page
    alone. Each page calls this first; it clears the flag and reruns through app.py.
    """
    if "scenario" in st.session_state:
        if _page_changed():
            forget_widgets()
        notices.page_top()
        return
    from streamlit.runtime.pages_manager import PagesManager
    PagesManager.uses_pages_directory = False
    st.rerun()
