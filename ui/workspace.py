"""The session's handle on the workspace (the workspace package): the server's one Workspace, the data
set and scenario this session has open from it, and what the address bar says about them.

A scenario opened or saved here is remembered as (name, version, settings); while the session's settings
equal those, the address carries `sc=name@version` instead of the settings themselves, so a link
reproduces a saved view exactly. A saved data set is named by `dataset=name`.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from analytics.config import Scenario

from .i18n import t
from .safe import md

REF = "scenario_ref"  # (name, version, Scenario) of the saved scenario the session has open
AUTHOR = "ws_author"


@st.cache_resource(show_spinner=False)
def _workspace(path: str | None):
    from workspace import Workspace
    return Workspace(path)


def get():
    """The server's workspace (its path from TIERING_WORKSPACE, else workspace/workbench.duckdb)."""
    return _workspace(None)


def ref() -> tuple[str, int, Scenario] | None:
    return st.session_state.get(REF)


def current_ref(scenario: Scenario) -> tuple[str, int] | None:
    """The saved scenario version the session's settings are, if they have not changed since it was opened."""
    r = ref()
    return (r[0], r[1]) if r is not None and r[2] == scenario else None


def remember(name: str, version: int, scenario: Scenario) -> None:
    st.session_state[REF] = (name, version, scenario)


def forget() -> None:
    st.session_state.pop(REF, None)


def author() -> str:
    return st.session_state.get(AUTHOR, "")


def open_scenario(name: str, version: int | None = None) -> None:
    """Make a saved scenario (its latest or a given version) the session's settings."""
    from . import state
    scenario, v = get().load_scenario(name, version)
    state.set_scenario(scenario, reset_widgets=True)
    remember(name, v.number, scenario)


def save_scenario(name: str, note: str = "") -> object:
    """Save the session's settings as a new version of `name`, tied to the open data set."""
    from . import data, state
    scenario = state.scenario()
    version = get().save_scenario(name, scenario, author=author() or "-", note=note, dataset=data.dataset().name)
    remember(name, version.number, scenario)
    return version


def link_params(scenario: Scenario) -> dict:
    """What the address says about the workspace: the saved data set and the saved scenario version."""
    params = {}
    ds = st.session_state.get("dataset")
    if ds is not None and getattr(ds, "saved", False):
        params["dataset"] = ds.name
    r = current_ref(scenario)
    if r is not None:
        params["sc"] = f"{r[0]}@{r[1]}"
    return params


def parse_sc(text: str | None) -> tuple[str, int | None] | None:
    """`name@3` -> ("name", 3); `name` -> ("name", None); None for nothing usable."""
    if not text or not isinstance(text, str) or len(text) > 200:
        return None
    name, _, version = text.rpartition("@")
    if name and version.isdigit():
        return name, int(version)
    return text, None


def run_action(action, done: str) -> None:
    """Run a workspace change; a refusal (a name taken, a name missing) is said where the user clicked,
    success is said once the page has redrawn."""
    from workspace import WorkspaceError
    try:
        action()
    except WorkspaceError as e:
        st.error(t("ws.refused", error=md(str(e))), icon=":material/error:")
        return
    st.session_state["ws_done"] = done
    st.rerun()


def say_done() -> None:
    done = st.session_state.pop("ws_done", None)
    if done:
        st.toast(done, icon=":material/check_circle:")


def _when(iso) -> str:
    return str(iso or "")[:16].replace("T", " ")


def dataset_rows(saved) -> pd.DataFrame:
    return pd.DataFrame({t("ws.col.name"): [d.name for d in saved], t("ws.col.rows"): [d.rows for d in saved],
                         t("ws.col.customers"): [d.customers for d in saved],
                         t("ws.col.dates"): [f"{d.date_min or ''} – {d.date_max or ''}" for d in saved],
                         t("ws.col.file"): [d.orders_file for d in saved],
                         t("ws.col.saved_at"): [_when(d.saved_at) for d in saved]})


def scenario_rows(listed) -> pd.DataFrame:
    return pd.DataFrame({t("ws.col.name"): [s.name for s in listed], t("ws.col.dataset"): [s.dataset or "" for s in listed],
                         t("ws.col.versions"): [s.versions for s in listed],
                         t("ws.col.author"): [s.latest.author for s in listed],
                         t("ws.col.saved_at"): [_when(s.latest.saved_at) for s in listed]})


def version_rows(versions) -> pd.DataFrame:
    return pd.DataFrame({t("ws.col.version"): [v.number for v in versions], t("ws.col.author"): [v.author for v in versions],
                         t("ws.col.saved_at"): [_when(v.saved_at) for v in versions],
                         t("ws.col.note"): [v.note for v in versions],
                         "changes": ["; ".join(v.changes) or t("ws.first_version") for v in versions]})


def publication_rows(pubs) -> pd.DataFrame:
    return pd.DataFrame({t("ws.col.scenario"): [f"{p.scenario} · v{p.version}" for p in pubs],
                         t("ws.col.dataset"): [p.dataset for p in pubs], t("ws.col.as_of"): [str(p.as_of) for p in pubs],
                         t("ws.col.customers"): [p.customers for p in pubs],
                         t("ws.col.published_at"): [_when(p.published_at) for p in pubs]})


def publish_current(scenario: Scenario):
    """Store every customer's tier under the open scenario version and the as-of date."""
    from . import data
    r = current_ref(scenario)
    scored = data.scored(scenario)
    tiers = scored[["customer_id", "tier"]].assign(tier=lambda f: f["tier"].astype("str"))
    return get().publish(r[0], r[1], tiers, dataset=data.dataset().name, as_of=data.effective_as_of(scenario))


def history(scenario: Scenario) -> pd.DataFrame | None:
    """previous_tier and tier_changed_on per customer from the publications of the open scenario, or None."""
    from . import data
    r = ref()
    if r is None:
        return None
    try:
        frame = get().tier_history(r[0], data.dataset().name)
    except Exception:  # noqa: BLE001 - no workspace or nothing published: the list goes without
        return None
    return frame if frame is not None and len(frame) else None
