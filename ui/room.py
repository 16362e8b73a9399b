"""The live workshop room in the app; the rooms themselves live in workspace/rooms.py.

A facilitator opens a room on the session's settings (Workshop page); participants join by a link
(?room=CODE) and a display name. sync(), called at the top of every page, keeps a session in step:

- not in a room and no ?room in the address: it returns at once (two dictionary reads, nothing drawn);
- a participant: the session takes the room's scenario on every run and its scenario widgets are reset,
  so a change made in the sidebar is not kept (the sidebar's settings are shown dimmed, and a banner says
  so); a fragment asks the room for its revision every POLL_SECONDS and reruns the page when it moved;
- the facilitator: the room reads the session's latest scenario itself (state.latest_box), so a moved
  slider reaches the participants' next poll even before the facilitator's own run has finished; every
  run also pushes the scenario and the open data set.

The poll does no data work: one lock, a few dictionary reads, and a rerun only when something changed.
"""
from __future__ import annotations

import json
import secrets
from urllib.parse import unquote

import pandas as pd
import streamlit as st

from analytics.config import Scenario, ScenarioError
from workspace.rooms import (MAX_NAME, OPEN, Proposal, Room, RoomError, RoomRegistry, apply_changes,
                             change_items, clean_name, normal_code, scenario_changes)

from . import data, state
from .i18n import t
from .safe import md

PARAM = "room"  # the address's ?room=CODE
SEAT = "room_seat"  # session: {"code", "role": host | guest, "name", "rev", ...} while in a room
WATCH = "room_watch"  # session: this run's page shows the room (redraw on joins and proposals too)
CLOSED = "room_closed"  # session: what closing the room gave, shown once on the Workshop page
POLL_SECONDS = 1.0
HOST_COOKIE = "tiering_room_host"  # CODE:key, so the facilitator's browser takes its room back after a reload
NAME_COOKIE = "tiering_room_name"  # the display name typed last, offered again
DIM_SIDEBAR = ("<style>section[data-testid=stSidebar] [data-testid=stExpanderDetails] "
               "{ pointer-events: none; opacity: .5; user-select: none; }</style>")


@st.cache_resource(show_spinner=False)
def registry() -> RoomRegistry:
    """The server's rooms: one registry per process, shared by every session."""
    return RoomRegistry()


def seat() -> dict | None:
    return st.session_state.get(SEAT)


# --- keeping a session in step ----------------------------------------------------------------------

def sync() -> None:
    """Call at the top of every page (after state.through_app()). Costs nothing outside a room."""
    current = st.session_state.get(SEAT)
    wanted = st.query_params.get(PARAM)
    if current is None and wanted is None:
        return
    if "scenario" not in st.session_state or _ran_this_run():
        return
    st.session_state[WATCH] = False
    if wanted is not None and (current is None or normal_code(wanted) != current["code"]):
        current = _arrive(wanted, current)
    if current is not None:
        _keep_in_step(current)
    _write_cookies()


def _ran_this_run() -> bool:
    """sync() works once per run, also when both app.py and a page call it."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx
    marker = getattr(get_script_run_ctx(), "cursors", None)  # a new object on every run
    if marker is None:
        return False
    if st.session_state.get("_room_run") is marker:
        return True
    st.session_state["_room_run"] = marker
    return False


def _arrive(wanted: str, current: dict | None) -> dict | None:
    """The address names a room this session is not in: take the facilitator's seat back, or ask for a name."""
    code = normal_code(wanted)
    room = registry().get(code) if code else None
    if room is None or room.closed:
        _drop_param(current)
        text = t("room.unknown", code=md(code or str(wanted)[:20])) if room is None else \
            t("room.was_closed", name=md(room.facilitator), code=room.code)
        st.info(text, icon=":material/meeting_room:")
        return current
    if current is not None and current["role"] == "host":
        st.warning(t("room.hosting_other", code=current["code"]), icon=":material/podcasts:")
        st.query_params[PARAM] = current["code"]
        return current
    if current is not None:
        _leave(current, keep_param=True)  # a link to another room: this one is left for it
    if unquote(st.context.cookies.get(HOST_COOKIE) or "") == f"{room.code}:{room.host_key}":
        if state.scenario() != room.scenario:  # the room's settings, not what this new session started with
            state.set_scenario(room.scenario, reset_widgets=True)
        seat = _take_seat(room, "host", room.facilitator)
        box = state.latest_box()
        registry().follow(room.code, lambda: box.get("scenario"), session=seat["session"])  # this tab runs it now
        return seat
    if room.code in st.session_state.get("room_declined", ()):
        _drop_param(None)
        return None
    _join_form(room)  # stops this run
    return None


def _take_seat(room: Room, role: str, name: str) -> dict:
    last = room.proposals[-1].id if room.proposals else 0
    new = {"code": room.code, "role": role, "name": name, "rev": -1, "seen": None, "last_proposal": last,
           "session": secrets.token_hex(8), "draft": 0}
    st.session_state[SEAT] = new
    st.query_params[PARAM] = room.code
    return new


def _keep_in_step(current: dict) -> None:
    reg = registry()
    room = reg.get(current["code"])
    if room is None or room.closed:
        _ended(current, room)
        return
    if current["role"] == "host":
        if room.host_session not in (None, current["session"]):
            st.session_state.pop(SEAT, None)  # the room is run from another tab or window now
            st.info(t("room.host_moved", code=room.code), icon=":material/podcasts:")
            return
        box = state.latest_box()
        reg.follow(room.code, lambda: box.get("scenario"), session=current["session"])
        name, kind = dataset_ref()
        reg.update(room.code, state.scenario(), dataset=name, dataset_kind=kind)
        if st.query_params.get(PARAM) != room.code:
            st.query_params[PARAM] = room.code
        _banner().caption(t("room.hosting", code=room.code, n=len(room.present())))
        _start_poll()
        return
    reg.heartbeat(room.code, current["name"])
    current["rev"] = room.revision
    st.html(DIM_SIDEBAR)
    _banner().info(t("room.following", name=md(room.facilitator), code=room.code), icon=":material/groups:")
    problem = _match_data(room)
    _start_poll()
    if problem:
        st.warning(problem, icon=":material/database:")
        st.button(t("room.leave"), key="room_leave_wait", on_click=_leave, args=(current,), icon=":material/logout:")
        st.stop()  # waits here: the poll redraws the page when the facilitator's data set changes
    state.set_scenario(room.scenario, reset_widgets=True)


def _banner():
    """The room's line at the top of the page; the Workshop page rewrites it (room_view)."""
    slot = st.session_state["_room_banner"] = st.empty()
    return slot


def _start_poll() -> None:
    """Place the poll on the page; its first run is this page run, in which sync() just looked at the room."""
    st.session_state["_room_inline"] = True
    try:
        _poll()
    finally:
        st.session_state["_room_inline"] = False


@st.fragment(run_every=POLL_SECONDS, key="room_poll")
def _poll() -> None:
    """Every POLL_SECONDS: ask the room whether anything this page shows has changed; rerun the page only then."""
    current = st.session_state.get(SEAT)
    if current is None or st.session_state.get("_room_inline"):
        return
    pulse = registry().pulse(current["code"], heartbeat=current["name"])
    if pulse is None or pulse.closed or (current["role"] == "guest" and pulse.revision != current["rev"]):
        st.rerun(scope="app")
    if st.session_state.get(WATCH):
        if (pulse.activity, pulse.present, pulse.facilitator_present) != current["seen"]:
            st.rerun(scope="app")
    elif current["role"] == "host" and pulse.last_proposal > current["last_proposal"]:
        st.toast(t("room.new_proposal", name=md(pulse.last_author)), icon=":material/lightbulb:")
    current["last_proposal"] = pulse.last_proposal


def _ended(current: dict, room: Room | None) -> None:
    st.session_state.pop(SEAT, None)
    _drop_param(None)
    if current["role"] == "guest" and room is not None:
        state.set_scenario(room.scenario, reset_widgets=True)  # the final settings stay, to look around
        st.info(t("room.ended", name=md(room.facilitator), code=room.code), icon=":material/meeting_room:")
    elif current["role"] == "guest" or room is None:
        st.info(t("room.gone", code=current["code"]), icon=":material/meeting_room:")


def _drop_param(current: dict | None) -> None:
    if current is not None:
        st.query_params[PARAM] = current["code"]
    elif PARAM in st.query_params:
        del st.query_params[PARAM]


def _leave(current: dict, keep_param: bool = False) -> None:
    registry().leave(current["code"], current["name"])
    st.session_state.pop(SEAT, None)
    st.session_state["room_declined"] = [*st.session_state.get("room_declined", []), current["code"]]
    if not keep_param:
        _drop_param(None)


# --- the data set a room is on ----------------------------------------------------------------------

def dataset_ref(ds=None) -> tuple[str, str]:
    """(name, kind) of a session's data set: kind sample, saved (in the workspace) or upload (this tab only)."""
    ds = ds if ds is not None else st.session_state.get("dataset")
    if ds is None or ds.is_sample:
        return data.SAMPLE_NAME, "sample"
    if getattr(ds, "saved", False):
        return ds.name, "saved"
    return ds.orders_file or ds.name, "upload"


def _match_data(room: Room) -> str | None:
    """Open the room's data set in this session; the reason it cannot be, or None."""
    if dataset_ref() == (room.dataset, room.dataset_kind):
        return None
    if room.dataset_kind == "sample":
        data.load_sample()
        return None
    if room.dataset_kind == "upload":
        return t("room.data_upload", name=md(room.facilitator), file=md(room.dataset))
    opener = getattr(data, "open_saved", None)
    if opener is None:
        return t("room.data_no_workspace", name=md(room.dataset))
    try:
        opener(room.dataset)
    except Exception as e:  # noqa: BLE001 - renamed, deleted or unreadable: said, the room waits
        return t("room.data_missing", name=md(room.dataset), error=md(str(e)))
    return None


def has_workspace() -> bool:
    try:
        from workspace import Workspace  # noqa: F401
    except Exception:  # noqa: BLE001 - the workspace package is optional
        return False
    return True


def _workspace():
    try:
        from . import workspace as ws_ui
        return ws_ui.get()
    except Exception:  # noqa: BLE001
        pass
    try:
        from workspace import Workspace
        return Workspace()
    except Exception:  # noqa: BLE001
        return None


def _saved_ref() -> tuple[str, int] | None:
    """The saved scenario (name, version) the session's settings come from, when the workspace knows it."""
    try:
        from . import workspace as ws_ui
        r = ws_ui.ref()
    except Exception:  # noqa: BLE001
        return None
    return (r[0], r[1]) if r else None


# --- cookies (written by the browser) ---------------------------------------------------------------

def _cookie(name: str, value: str, max_age: int) -> None:
    st.session_state.setdefault("room_cookies", []).append((name, value, max_age))


def _write_cookies() -> None:
    pending = st.session_state.pop("room_cookies", None)
    if not pending:
        return
    js = lambda v: json.dumps(v).replace("<", "\\u003c")  # a name inside a script: never markup
    body = "".join(f"document.cookie = {js(n)} + '=' + encodeURIComponent({js(v)}) + "
                   f"'; path=/; max-age={int(age)}; SameSite=Lax';" for n, v, age in pending)
    st.html(f"<script>{body}</script>", unsafe_allow_javascript=True)


def _default_name() -> str:
    typed = unquote(st.context.cookies.get(NAME_COOKIE) or "")
    if not typed:
        try:
            from . import workspace as ws_ui
            typed = ws_ui.author()
        except Exception:  # noqa: BLE001
            typed = ""
    return clean_name(typed)


# --- joining ----------------------------------------------------------------------------------------

def _join_form(room: Room) -> None:
    st.subheader(t("room.join_title", name=md(room.facilitator)))
    st.caption(t("room.join_help", name=md(room.facilitator)))
    with st.form("room_join"):
        name = st.text_input(t("room.your_name"), value=_default_name(), max_chars=MAX_NAME, key="room_join_name")
        go = st.form_submit_button(t("room.join"), type="primary", icon=":material/login:")
    if go:
        problem = _join(room, name)
        if problem:
            st.error(problem, icon=":material/error:")
    if st.button(t("room.not_now"), key="room_join_skip", type="tertiary"):
        st.session_state["room_declined"] = [*st.session_state.get("room_declined", []), room.code]
        _drop_param(None)
        st.rerun()
    _write_cookies()
    st.stop()


def _join(room: Room, name: str) -> str | None:
    if not clean_name(name):
        return t("room.name_needed")
    problem = _match_data(room)
    if problem:
        return problem
    try:
        unique = registry().join(room.code, name)
    except RoomError as e:
        return error_text(e)
    _take_seat(room, "guest", unique)
    _cookie(NAME_COOKIE, clean_name(name), 365 * 24 * 3600)
    st.rerun()


def error_text(e: RoomError) -> str:
    return t(f"room.error.{e.reason}", default=t("room.error", detail=md(str(e))))


# --- the Workshop page ------------------------------------------------------------------------------

def lobby() -> None:
    """Not in a room: what closing the last one gave, open a room on the current settings, join by code."""
    _write_cookies()
    _closed_summary()
    st.subheader(t("room.open_title"))
    st.caption(t("room.open_help"))
    name, kind = dataset_ref()
    if kind == "upload":
        st.warning(t("room.open_upload", file=md(name)) + " " +
                   (t("room.open_upload_save") if has_workspace() else t("room.open_upload_no_ws")),
                   icon=":material/database:")
    workspace = has_workspace()
    c1, c2 = st.columns(2)
    host = c1.text_input(t("room.your_name"), value=_default_name(), max_chars=MAX_NAME, key="room_host_name")
    ref = _saved_ref()
    save_as = ""
    if workspace:
        save_as = c2.text_input(t("room.save_as"), value=ref[0] if ref else "", max_chars=80, key="room_save_as",
                                help=t("room.save_as_help"))
    else:
        c2.caption(t("room.no_workspace_yet"))
    if st.button(t("room.open"), type="primary", key="room_open", icon=":material/podcasts:"):
        _open(host, save_as.strip(), ref)

    st.subheader(t("room.join_code_title"))
    c1, c2 = st.columns([2, 1], vertical_alignment="bottom")
    typed = c1.text_input(t("room.code"), max_chars=12, key="room_code_in", placeholder="K7P3QX")
    if c2.button(t("room.join_code"), key="room_code_go", icon=":material/login:", width="stretch"):
        code = normal_code(typed)
        if code is None or registry().get(code) is None:
            st.error(t("room.unknown", code=md(typed.strip()[:20])), icon=":material/error:")
        else:
            st.session_state["room_declined"] = [c for c in st.session_state.get("room_declined", []) if c != code]
            st.query_params[PARAM] = code
            st.rerun()


def _open(host: str, save_as: str, ref) -> None:
    name = clean_name(host)
    if not name:
        st.error(t("room.name_needed"), icon=":material/error:")
        return
    ds_name, kind = dataset_ref()
    version = ref[1] if ref and save_as and ref[0] == save_as else None
    try:
        room = registry().open(name, ds_name, state.scenario(), scenario_name=save_as or None, version=version,
                               dataset_kind=kind)
    except RoomError as e:
        st.error(error_text(e), icon=":material/error:")
        return
    _take_seat(room, "host", room.facilitator)
    _cookie(HOST_COOKIE, f"{room.code}:{room.host_key}", 12 * 3600)
    _cookie(NAME_COOKIE, name, 365 * 24 * 3600)
    st.session_state.pop(CLOSED, None)
    st.rerun()


def share_link(code: str) -> str:
    """This page's address with ?room=CODE (the page's own address, so a path prefix is kept)."""
    base = st.context.url
    if not base:
        host = st.context.headers.get("host") if st.context.headers else None
        base = f"http://{host}/room" if host else ""
    return f"{base.rstrip('/')}?{PARAM}={code}" if base else f"?{PARAM}={code}"


def room_view(current: dict) -> Room | None:
    """The room this page shows; the page redraws when anyone joins, leaves, proposes or decides."""
    room = registry().get(current["code"])
    if room is not None:
        st.session_state[WATCH] = True
        current["seen"] = (room.activity, tuple(room.present()), room.facilitator_present())
        current["last_proposal"] = room.proposals[-1].id if room.proposals else 0  # seen here: no toast
        slot = st.session_state.get("_room_banner")
        if slot is not None and current["role"] == "host":
            slot.empty()  # the page says it all below
        elif slot is not None:
            slot.info(t("room.following_here", name=md(room.facilitator), code=room.code), icon=":material/groups:")
    return room


def header(current: dict, room: Room) -> None:
    if current["role"] == "host":
        st.markdown(t("room.host_intro", code=room.code))
        st.code(share_link(room.code), language=None)
        st.caption(t("room.steer_help"))
        if room.scenario_name:
            st.caption(t("room.based_on", name=md(room.scenario_name)))
        if room.dataset_kind == "upload":
            st.warning(t("room.open_upload", file=md(room.dataset)) + " " +
                       (t("room.open_upload_save") if has_workspace() else t("room.open_upload_no_ws")),
                       icon=":material/database:")
    else:
        st.markdown(t("room.guest_intro", name=md(room.facilitator), code=room.code, you=md(current["name"])))


def counts(scenario: Scenario) -> dict[str, int]:
    """Customers per tier under the scenario (cached with the session's data set)."""
    summary = data.tier_summary(scenario)
    return dict(zip(summary["tier"].astype(str), summary["customers"].astype(int)))


def tier_counts(scenario: Scenario) -> None:
    now = counts(scenario)
    with st.container(horizontal=True, key="room_counts"):
        for tier, n in now.items():
            st.metric(t("tiers.kpi_customers", tier=md(tier)), f"{n:,}", border=True)


def presence(room: Room) -> None:
    host = t("room.host_label" if room.facilitator_present() else "room.host_away", name=md(room.facilitator))
    names = [host] + [md(n) for n in room.present()]
    st.markdown(t("room.here", n=len(names), names=" · ".join(names)))


def _label(path: str) -> str:
    key, _, sub = path.partition(".")
    if key == "weights" and sub:
        return t("room.change.weight", what=t(f"controls.weight_short.{sub}", default=md(sub)))
    if key == "tiers" and sub:
        return t("room.change.tier", name=md(sub))
    return md(path)


def _value(v, share: bool) -> str:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return f"{v * 100:g}%" if share else f"{v:g}"
    return md(json.dumps(v, ensure_ascii=False, separators=(",", ":")))


def describe(p: Proposal, scenario: Scenario) -> str:
    """The proposal's changes in the reader's language: "weight of M 1 → 2 · tier A 75 → 80"."""
    share = scenario.tier_method == "share"
    return " · ".join(f"{_label(path)} {_value(old, share and path.startswith('tiers.'))} → "
                      f"{_value(new, share and path.startswith('tiers.'))}"
                      for path, old, new in change_items(p.before, p.changes))


def effect_frame(now: dict, after: dict) -> pd.DataFrame:
    """Customers per tier now and with a change, and the difference (tiers of both, in the new order)."""
    tiers = list(dict.fromkeys([*after, *now]))
    before = [now.get(k, 0) for k in tiers]
    later = [after.get(k, 0) for k in tiers]
    return pd.DataFrame({t("room.col.tier"): tiers, t("room.col.now"): before, t("room.col.with"): later,
                         t("room.col.change"): [b - a for a, b in zip(before, later)]})


def show_effect(frame: pd.DataFrame, key: str) -> None:
    now, later, change = frame.columns[1:]
    st.dataframe(frame, hide_index=True, key=key, column_config={
        now: st.column_config.NumberColumn(format="localized"), later: st.column_config.NumberColumn(format="localized"),
        change: st.column_config.NumberColumn(format="%+d")})


def _decide(code: str, proposal_id: int, accept: bool) -> None:
    current = seat()
    try:
        _, scenario = registry().decide(code, proposal_id, accept, current["name"] if current else "")
    except RoomError as e:
        st.session_state["room_error"] = error_text(e)
        return
    if accept:
        state.set_scenario(scenario, reset_widgets=True)


def host_proposals(current: dict, room: Room, scenario: Scenario) -> None:
    """Open proposals with their effect on the tiers, to apply or decline; then the decided ones."""
    st.subheader(t("room.proposals"))
    problem = st.session_state.pop("room_error", None)
    if problem:
        st.error(problem, icon=":material/error:")
    waiting = room.open_proposals()
    if not waiting:
        st.caption(t("room.no_open_proposals"))
    now = counts(scenario) if waiting else {}
    for p in reversed(waiting):
        with st.container(border=True, key=f"room_p_{p.id}"):
            st.markdown(t("room.proposal", name=md(p.author), changes=describe(p, scenario)))
            try:
                after = counts(apply_changes(scenario, p.changes))
            except (ScenarioError, TypeError, ValueError) as e:
                after = None
                st.warning(t("room.cannot_apply", error=md(str(e))), icon=":material/warning:")
            if after is not None:
                show_effect(effect_frame(now, after), f"room_effect_{p.id}")
            with st.container(horizontal=True):
                st.button(t("room.apply"), key=f"room_apply_{p.id}", type="primary", icon=":material/check:",
                          on_click=_decide, args=(room.code, p.id, True), disabled=after is None)
                st.button(t("room.decline"), key=f"room_decline_{p.id}", icon=":material/close:",
                          on_click=_decide, args=(room.code, p.id, False))
    history(room, scenario, include_open=False)


def history(room: Room, scenario: Scenario, include_open: bool = True) -> None:
    """Who proposed what, and what became of it, newest first (the last 30)."""
    shown = [p for p in room.proposals if include_open or p.status != OPEN][-30:]
    if not shown:
        if include_open:
            st.caption(t("room.no_proposals"))
        return
    lines = []
    for p in reversed(shown):
        status = t(f"room.status.{p.status}", name=md(p.decided_by or room.facilitator))
        lines.append(f"- {t('room.proposal', name=md(p.author), changes=describe(p, scenario))} — {status}")
    st.markdown("\n".join(lines))


def propose_form(current: dict, room: Room) -> None:
    """A participant's draft: weights and tier thresholds from the room's settings, the effect, and send."""
    st.subheader(t("room.propose_title"))
    st.caption(t("room.propose_help", name=md(room.facilitator)))
    gen = current["draft"]
    base = current.get("draft_base")
    if base is not None and current.get("draft_gen") == gen and base != room.scenario and _untouched(gen, base):
        gen = current["draft"] = gen + 1  # nothing moved yet: the draft starts again from the room's settings
    if base is None or current.get("draft_gen") != gen:
        base = current["draft_base"] = room.scenario
        current["draft_gen"] = gen
    elif base != room.scenario:
        st.caption(t("room.draft_old", name=md(room.facilitator)))
    from .controls import limits
    keys = list(dict.fromkeys(["R", "F", "M", *base.weights]))
    weights = {}
    for col, k in zip(st.columns(len(keys)), keys):
        weights[k] = col.slider(t(f"controls.weight.{k}", default=md(k)), **limits(f"weights.{k}"),
                                value=float(base.weights.get(k, 0.0)), key=f"room_d{gen}_w_{k}")
    share = base.tier_method == "share"
    values = []
    shown = base.tiers[:-1]
    for col, (i, (name, v)) in zip(st.columns(max(len(shown), 1)), enumerate(shown)):
        if share:
            values.append(col.number_input(t("room.tier_share", name=md(name)), **limits("tiers.share", percent=True),
                                           value=round(float(v) * 100, 2), key=f"room_d{gen}_t_{i}") / 100)
        else:
            values.append(col.number_input(t("room.tier_min", name=md(name)), **limits("tiers.min_score"),
                                           value=float(v), key=f"room_d{gen}_t_{i}"))
    names = [n for n, _ in base.tiers]
    problem, target, changes = None, None, {}
    if not share and values != sorted(values, reverse=True):
        problem = t("controls.invalid.order")
    elif share and sum(values) > 1 + 1e-9:
        problem = t("controls.invalid.sum", total=f"{sum(values) * 100:g}%")
    else:
        last = round(max(1 - sum(values), 0.0), 6) if share else 0.0
        tiers = tuple(zip(names, [float(v) for v in values] + [last]))
        try:
            changes = scenario_changes(base, base.with_changes(weights=weights, tiers=tiers))
            target = apply_changes(room.scenario, changes)  # only what was moved, on the room's settings now
        except (ScenarioError, TypeError, ValueError) as e:
            problem = md(str(e))
    if problem:
        st.error(problem, icon=":material/error:")
    elif changes:
        show_effect(effect_frame(counts(room.scenario), counts(target)), "room_draft_effect")
    with st.container(horizontal=True):
        if st.button(t("room.propose"), type="primary", key=f"room_d{gen}_send", icon=":material/send:",
                     disabled=bool(problem) or not changes):
            try:
                registry().propose(room.code, current["name"], target)
            except RoomError as e:
                st.error(error_text(e), icon=":material/error:")
            else:
                current["draft"] = gen + 1
                st.toast(t("room.proposed"), icon=":material/send:")
                st.rerun()
        if changes and st.button(t("room.draft_reset"), key=f"room_d{gen}_reset", type="tertiary",
                                 icon=":material/restart_alt:"):
            current["draft"] = gen + 1
            st.rerun()


def _untouched(gen: int, base: Scenario) -> bool:
    """Whether the draft's inputs (as the browser sent them) still hold the values they started from."""
    ss = st.session_state
    for k in dict.fromkeys(["R", "F", "M", *base.weights]):
        start = float(base.weights.get(k, 0.0))
        if ss.get(f"room_d{gen}_w_{k}", start) != start:
            return False
    for i, (_, v) in enumerate(base.tiers[:-1]):
        start = round(float(v) * 100, 2) if base.tier_method == "share" else float(v)
        if ss.get(f"room_d{gen}_t_{i}", start) != start:
            return False
    return True


def _close(code: str) -> None:
    name = st.session_state.get("room_close_name") or ""
    reg = registry()
    room = reg.get(code)
    try:
        final = reg.close(code)
    except RoomError as e:
        st.session_state["room_error"] = error_text(e)
        return
    version, problem = _save_version(room, final, " ".join(str(name or "").split())[:80])
    applied = sum(p.status == "applied" for p in room.proposals)
    st.session_state[CLOSED] = {"code": code, "json": final.to_json(), "name": name.strip(), "version": version,
                                "problem": problem, "applied": applied, "proposals": len(room.proposals)}
    if final != state.scenario():
        state.set_scenario(final, reset_widgets=True)
    st.session_state.pop(SEAT, None)
    _drop_param(None)
    _cookie(HOST_COOKIE, "", 0)


def _save_version(room: Room, final: Scenario, name: str) -> tuple[int | None, str | None]:
    """Save the final settings as a new version of the named scenario; (version, None) or (None, why not)."""
    if not name:
        return None, None
    ws = _workspace()
    if ws is None:
        return None, t("room.no_workspace_yet")
    applied = [p for p in room.proposals if p.status == "applied"]
    note = t("room.version_note", code=room.code, n=len(applied),
             names=", ".join(sorted({p.author for p in applied})) or "—")
    try:
        try:
            saved = ws.save_scenario(name, final, author=room.facilitator, note=note, dataset=room.dataset)
        except TypeError:  # a workspace without data set names
            saved = ws.save_scenario(name, final, author=room.facilitator, note=note)
    except Exception as e:  # noqa: BLE001 - said on the page; the file download remains
        return None, str(e)
    number = getattr(saved, "number", saved if isinstance(saved, int) else None)
    try:
        from . import workspace as ws_ui
        ws_ui.remember(name, number, final)
    except Exception:  # noqa: BLE001
        pass
    return number, None


def _closed_summary() -> None:
    closed = st.session_state.get(CLOSED)
    if not closed:
        return
    with st.container(border=True, key="room_closed_box"):
        st.markdown(t("room.closed", code=closed["code"], applied=closed["applied"], n=closed["proposals"]))
        if closed["version"] is not None:
            st.success(t("room.saved_version", name=md(closed["name"]), version=closed["version"]),
                       icon=":material/check_circle:")
        elif closed["problem"]:
            st.warning(t("room.not_saved", error=md(closed["problem"])), icon=":material/warning:")
        st.download_button(t("room.download"), data=closed["json"].encode("utf-8"), file_name="scenario.json",
                           mime="application/json", icon=":material/download:", key="room_download",
                           on_click="ignore")


def footer(current: dict, room: Room) -> None:
    """Facilitator: close the room and save the result. Participant: leave."""
    if current["role"] != "host":
        st.button(t("room.leave"), key="room_leave", on_click=_leave, args=(current,), icon=":material/logout:")
        return
    with st.container(border=True, key="room_close_box"):
        st.markdown(f"**{t('room.close_title')}**")
        if has_workspace():
            st.text_input(t("room.save_as"), value=room.scenario_name or "", max_chars=80, key="room_close_name",
                                 help=t("room.close_help"))
        else:
            st.caption(t("room.close_download"))
        st.button(t("room.close"), key="room_close", icon=":material/stop_circle:", on_click=_close,
                  args=(room.code,))
