"""Live workshop rooms: the registry (workspace/rooms.py) with an injectable clock and real threads, and the
Workshop page (ui/room.py, pages/room.py) headless with AppTest: a facilitator's session and a participant's
session of one process, on the bundled sample."""
import dataclasses
import threading
from pathlib import Path
from unittest import mock

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.local_script_runner import LocalScriptRunner

from analytics.config import DEFAULT_LIFECYCLE, Scenario
from workspace.rooms import (CODE_ALPHABET, CODE_LENGTH, IDLE_SECONDS, MAX_OPEN_ROOMS, PRESENCE_SECONDS, RoomError,
                             RoomRegistry, apply_changes, normal_code, scenario_changes)

ROOT = Path(__file__).resolve().parents[1]


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def reg(clock):
    return RoomRegistry(clock=clock)


def weights(r=1.0, f=1.0, m=1.0):
    return {"R": r, "F": f, "M": m}


# --- the registry ------------------------------------------------------------------------------------

def test_codes_are_six_unambiguous_characters_and_read_in_any_case(reg):
    codes = {reg.open("Wang", "sample", Scenario()).code for _ in range(MAX_OPEN_ROOMS)}
    assert len(codes) == MAX_OPEN_ROOMS
    for code in codes:
        assert len(code) == CODE_LENGTH and set(code) <= set(CODE_ALPHABET)
    assert not set("01OIL") & set(CODE_ALPHABET)
    code = next(iter(codes))
    assert normal_code(f" {code.lower()[:3]}-{code[3:]} ") == code
    assert reg.get(code.lower()).code == code
    assert normal_code("ABC") is None and normal_code("ABCDE0") is None and reg.get("nonsense") is None


def test_names_are_unique_among_those_present(reg, clock):
    code = reg.open("Wang", "sample", Scenario()).code
    assert reg.join(code, "Li") == "Li"
    assert reg.join(code, "  Li ") == "Li (2)"
    assert reg.join(code, "Li") == "Li (3)"
    assert reg.join(code, "Wang") == "Wang (2)"  # the facilitator's name is taken too
    long = reg.join(code, "x" * 100)
    assert long == "x" * 40 and reg.join(code, "x" * 100) == "x" * 36 + " (2)"
    with pytest.raises(RoomError) as e:
        reg.join(code, " \n\t ")
    assert e.value.reason == "name"
    clock.now += PRESENCE_SECONDS + 1  # everyone left without a word
    assert reg.join(code, "Li") == "Li"  # a name nobody present uses can be taken again (a reload)


def test_presence_expires_without_heartbeats(reg, clock):
    code = reg.open("Wang", "sample", Scenario()).code
    reg.join(code, "Li")
    reg.join(code, "Zhao")
    clock.now += 6
    assert reg.heartbeat(code, "Li")
    clock.now += 6  # Zhao last seen 12 s ago, Li 6 s ago, Wang 12 s ago
    room = reg.get(code)
    assert room.present() == ["Li"] and not room.facilitator_present()
    pulse = reg.pulse(code, heartbeat="Wang")
    assert pulse.present == ("Li",) and pulse.facilitator_present
    clock.now += PRESENCE_SECONDS + 0.5
    assert reg.pulse(code).present == ()
    assert reg.pulse(code, heartbeat="Zhao").present == ("Zhao",)  # back: present again, without joining


def test_every_facilitator_change_moves_the_revision(reg):
    code = reg.open("Wang", "sample", Scenario()).code
    assert reg.get(code).revision == 0
    assert reg.update(code, Scenario(weights=weights(r=2.0))) == 1
    assert reg.update(code, Scenario(weights=weights(r=2.0))) == 1  # the same settings: nothing to follow
    assert reg.update(code, dataset="north", dataset_kind="saved") == 2  # a new data set is followed too
    room = reg.get(code)
    assert room.scenario.weights["R"] == 2.0 and (room.dataset, room.dataset_kind) == ("north", "saved")


def test_a_proposal_keeps_the_keys_it_changes_with_a_summary(reg):
    code = reg.open("Wang", "sample", Scenario()).code
    reg.join(code, "Li")
    proposed = Scenario(weights=weights(m=2.0), tiers=(("A", 80.0), ("B", 60.0), ("C", 0.0)))
    p = reg.propose(code, "Li", proposed)
    assert dict(p.changes) == {"weights.M": 2.0, "tiers": [["A", 80.0], ["B", 60.0], ["C", 0.0]]}
    assert dict(p.before) == {"weights.M": 1.0, "tiers": [["A", 75.0], ["B", 60.0], ["C", 0.0]]}
    assert p.summary == "weights.M 1 → 2 · tiers.A 75 → 80"
    assert (p.author, p.status, p.decided_by) == ("Li", "open", None)
    with pytest.raises(TypeError):
        p.changes["weights.M"] = 5  # read-only: a proposal is what was proposed
    with pytest.raises(RoomError) as e:
        reg.propose(code, "Li", Scenario())
    assert e.value.reason == "no_change"
    assert reg.get(code).scenario == Scenario()  # proposing changes nothing yet


def test_applying_sets_only_the_proposed_keys_on_the_settings_of_now(reg):
    code = reg.open("Wang", "sample", Scenario()).code
    p = reg.propose(code, "Li", Scenario(weights=weights(m=2.0)))
    reg.update(code, Scenario(weights=weights(r=3.0), bins=4))  # the facilitator moves on meanwhile
    decided, scenario = reg.decide(code, p.id, True, "Wang")
    assert (decided.status, decided.decided_by) == ("applied", "Wang")
    assert scenario.weights == weights(r=3.0, m=2.0) and scenario.bins == 4
    room = reg.get(code)
    assert room.scenario == scenario and room.revision == 2
    with pytest.raises(RoomError) as e:
        reg.decide(code, p.id, False, "Wang")
    assert e.value.reason == "decided"


def test_declining_leaves_the_settings(reg):
    code = reg.open("Wang", "sample", Scenario()).code
    p = reg.propose(code, "Zhao", Scenario(bins=3))
    decided, scenario = reg.decide(code, p.id, False, "Wang")
    assert decided.status == "declined" and scenario == Scenario() and reg.get(code).revision == 0
    assert [(q.author, q.status) for q in reg.get(code).proposals] == [("Zhao", "declined")]


def test_a_proposal_that_no_longer_fits_is_refused_on_apply(reg):
    code = reg.open("Wang", "sample", Scenario()).code
    p = reg.propose(code, "Li", Scenario(tiers=(("A", 80.0), ("B", 60.0), ("C", 0.0))))
    reg.update(code, Scenario(tier_method="share", tiers=(("A", 0.1), ("B", 0.2), ("C", 0.7))))
    with pytest.raises(RoomError) as e:  # score thresholds on share tiers: 80 is not a share
        reg.decide(code, p.id, True, "Wang")
    assert e.value.reason == "invalid" and reg.get(code).open_proposals()[0].id == p.id


def test_closing_returns_the_final_settings_and_ends_the_room(reg):
    code = reg.open("Wang", "sample", Scenario(), scenario_name="Plan A", version=3).code
    reg.update(code, Scenario(bins=4))
    assert reg.close(code) == Scenario(bins=4)
    room = reg.get(code)
    assert room.closed and (room.scenario_name, room.version) == ("Plan A", 3)
    for action in (lambda: reg.join(code, "Li"), lambda: reg.update(code, Scenario()),
                   lambda: reg.propose(code, "Li", Scenario(bins=3)), lambda: reg.close(code)):
        with pytest.raises(RoomError) as e:
            action()
        assert e.value.reason == "closed"
    assert not reg.heartbeat(code, "Li") and reg.pulse(code).closed
    assert code not in [r.code for r in reg.rooms()]


def test_rooms_are_independent(reg):
    a = reg.open("Wang", "sample", Scenario()).code
    b = reg.open("Chen", "north", Scenario(), dataset_kind="saved").code
    reg.join(a, "Li")
    reg.join(b, "Li")  # the same name in another room is another person
    reg.update(a, Scenario(bins=3))
    reg.propose(b, "Li", Scenario(bins=7))
    ra, rb = reg.get(a), reg.get(b)
    assert (ra.revision, rb.revision) == (1, 0)
    assert ra.scenario.bins == 3 and rb.scenario.bins == 5
    assert ra.proposals == [] and len(rb.proposals) == 1
    reg.close(a)
    assert not reg.get(b).closed and [r.code for r in reg.rooms()] == [b]


def test_rooms_are_bounded_and_idle_ones_dropped(clock):
    reg = RoomRegistry(clock=clock, max_open=3)
    first = reg.open("A", "sample", Scenario()).code
    reg.open("B", "sample", Scenario())
    clock.now += 60
    last = reg.open("C", "sample", Scenario()).code
    with pytest.raises(RoomError) as e:
        reg.open("D", "sample", Scenario())
    assert e.value.reason == "full"
    reg.close(first)
    reg.open("D", "sample", Scenario())  # a closed room frees its place
    clock.now += IDLE_SECONDS - 30  # A, B and D idle for 12 h; C touched 60 s later than them
    reg.heartbeat(last, "C")
    clock.now += 40
    assert [r.facilitator for r in reg.rooms()] == ["C"]
    assert reg.get(first) is None  # closed and idle: gone


def test_the_room_reads_the_facilitators_latest_settings_from_its_session(reg):
    box = {"scenario": Scenario()}
    code = reg.open("Wang", "sample", box["scenario"]).code
    reg.follow(code, lambda: box.get("scenario"), session="tab-1")
    box["scenario"] = Scenario(weights=weights(r=2.0))  # a slider moved, mid-run: nobody called update
    assert reg.pulse(code).revision == 1 and reg.get(code).scenario.weights["R"] == 2.0
    assert reg.pulse(code).revision == 1  # read again: unchanged
    p = reg.propose(code, "Li", Scenario(weights=weights(r=2.0, m=2.0)))
    _, applied = reg.decide(code, p.id, True, "Wang")
    assert reg.get(code).scenario == applied  # the session's box still has the old settings: not taken back
    box["scenario"] = applied  # the facilitator's session takes up the decision
    box["scenario"] = Scenario(weights=weights(r=2.0))  # and moves M back to 1
    assert reg.get(code).scenario.weights["M"] == 1.0
    reg.follow(code, lambda: None, session="tab-2")  # another tab of the facilitator's browser took over
    assert reg.get(code).host_session == "tab-2"


def test_threads_on_several_rooms(reg):
    codes = [reg.open(f"F{i}", "sample", Scenario()).code for i in range(3)]
    errors = []

    def participant(code, i):
        try:
            name = reg.join(code, "P")
            for k in range(30):
                reg.heartbeat(code, name)
                reg.pulse(code, heartbeat=name)
                if k % 10 == 0:
                    reg.propose(code, name, Scenario(bins=2 + (i + k) % 8))
        except RoomError as e:
            if e.reason != "no_change":
                errors.append(e)
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    def facilitator(code):
        for k in range(60):
            reg.update(code, Scenario(weights=weights(r=float(k % 2) + 1)))

    threads = [threading.Thread(target=participant, args=(c, i)) for c in codes for i in range(8)]
    threads += [threading.Thread(target=facilitator, args=(c,)) for c in codes]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    ids = [p.id for c in codes for p in reg.get(c).proposals]
    assert len(ids) == len(set(ids))
    for c in codes:
        room = reg.get(c)
        assert sorted(room.participants) == ["P"] + [f"P ({n})" for n in range(2, 9)]
        assert room.revision == 59  # R 1, 2, 1, 2, ...: every update but the first (R was 1) is a change


def test_changes_take_one_scenario_to_another():
    a = Scenario()
    for b in (Scenario(weights=weights(m=2.0)), Scenario(lifecycle={**DEFAULT_LIFECYCLE, "at_risk_days": 90}),
              Scenario(tier_method="share", tiers=(("A", 0.1), ("B", 0.9))), Scenario(abc=(0.7, 0.9), bins=4),
              Scenario(weights={"R": 1.0, "F": 1.0, "M": 1.0, "profit": 1.0})):
        assert apply_changes(a, scenario_changes(a, b)) == b
        assert apply_changes(b, scenario_changes(b, a)) == a
    assert scenario_changes(a, Scenario(lifecycle={**DEFAULT_LIFECYCLE, "at_risk_days": 90})) == {"lifecycle.at_risk_days": 90}


# --- the Workshop page -------------------------------------------------------------------------------

@pytest.fixture
def rooms(tmp_path, monkeypatch):
    """A fresh registry, a workspace in a temporary file, and the Workshop page in the navigation (until
    app.py lists it)."""
    from ui import room, state
    monkeypatch.setenv("TIERING_WORKSPACE", str(tmp_path / "team.duckdb"))
    try:
        from ui import workspace as ws_ui
        ws_ui._workspace.clear()
    except ImportError:
        ws_ui = None
    room.registry.clear()
    real = st.navigation

    def navigation(pages, **kw):
        if not any(getattr(p, "url_path", None) == "room" for p in pages):
            from ui.i18n import t
            pages = [*pages, st.Page("pages/room.py", title=t("nav.room"), icon=":material/groups:",
                                     url_path="room")]
        return real(pages, **kw)

    through = state.through_app

    def through_app():  # sync() at the top of every page, as app wiring does (twice in a run is once)
        through()
        room.sync()

    with mock.patch.object(st, "navigation", navigation), mock.patch.object(state, "through_app", through_app):
        yield room.registry()
    room.registry.clear()
    if ws_ui is not None:
        ws_ui._workspace.clear()


def workshop(params: dict | None = None) -> AppTest:
    """A session on the Workshop page (by way of the Data page: AppTest carries the Tiers page's slider
    values onto a next page with the same sliders as if they had been set to their minimum)."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/data.py").run()
    at.switch_page("pages/room.py").run()
    assert not at.exception, at.exception
    return at


def poll(at: AppTest) -> AppTest:
    """What the browser does every POLL_SECONDS: rerun the room's poll fragment alone (which reruns the
    whole page when the room changed)."""
    ids = at._fragment_storage.resolve_target("room_poll")
    real = LocalScriptRunner.request_rerun

    def auto_rerun(self, data):
        return real(self, dataclasses.replace(data, fragment_id=ids[0], is_auto_rerun=True))

    with mock.patch.object(LocalScriptRunner, "request_rerun", auto_rerun):
        at.run()
    assert not at.exception, at.exception
    return at


def steer(at: AppTest, key: str, value) -> AppTest:
    """The facilitator moves a sidebar setting on the Tiers page, and comes back to the Workshop page."""
    at.switch_page("pages/tiers.py").run()
    (at.select_slider if key.startswith("w_weight_") else at.slider)(key=key).set_value(value).run()
    assert not at.exception, at.exception
    return at


def tier_counts(at) -> dict:
    return {m.label.split(" ")[1]: int(m.value.replace(",", "")) for m in at.metric if m.label.startswith("Tier ")}


def shown(at) -> list[str]:
    """The page's Markdown as the reader sees it (user text arrives escaped, ui/safe.py)."""
    return [m.value.replace("\u200b", "").replace("\\", "") for m in at.markdown]


def draft(at, name: str) -> str:
    """The key of a participant's draft input (the draft starts again when the room's settings move)."""
    return f"room_d{at.session_state['room_seat']['draft']}_{name}"


def one(at, param: str) -> str:
    value = at.query_params[param]
    return value[0] if isinstance(value, list) else value


def open_room(name="Wang") -> tuple[AppTest, str]:
    host = workshop()
    host.text_input(key="room_host_name").set_value(name).run()
    host.button(key="room_open").click().run()
    assert not host.exception, host.exception
    return host, one(host, "room")


def join(code: str, name: str) -> AppTest:
    guest = workshop({"room": code})
    guest.text_input(key="room_join_name").set_value(name)
    next(b for b in guest.button if b.proto.is_form_submitter).click().run()
    assert not guest.exception, guest.exception
    return guest


def test_a_facilitator_opens_a_room_with_a_link(rooms):
    host, code = open_room()
    assert normal_code(code) == code
    assert host.code[0].value.endswith(f"?room={code}")
    assert any(code in m.value for m in host.markdown)
    room = rooms.get(code)
    assert (room.facilitator, room.dataset, room.dataset_kind) == ("Wang", "sample", "sample")
    assert room.scenario == host.session_state["scenario"]
    assert tier_counts(host) and sum(tier_counts(host).values()) == 2693


def test_a_participant_follows_the_facilitators_weights_and_proposes(rooms):
    host, code = open_room()
    guest = join(code, "Li")
    assert any("You follow Wang's room" in i.value for i in guest.info)
    assert tier_counts(guest) == tier_counts(host)
    host.run()  # the facilitator's page redraws with Li present (its poll would do it)
    assert any("Wang" in m.value and "Li" in m.value for m in host.markdown if "In the room" in m.value)

    before = tier_counts(guest)
    steer(host, "w_weight_R", 3.0)
    assert tier_counts(host) != before
    poll(guest)  # the room's revision moved: the participant's page reruns by itself
    assert guest.session_state["scenario"].weights["R"] == 3.0
    assert tier_counts(guest) == tier_counts(host)

    guest.switch_page("pages/tiers.py").run()  # on any page, the participant has the room's settings
    assert guest.select_slider(key="w_weight_R").value == 3.0 and tier_counts(guest) == tier_counts(host)
    assert any("You follow Wang's room" in i.value for i in guest.info)
    guest.select_slider(key="w_weight_F").set_value(5.0).run()  # a participant's own sidebar change is not kept
    assert guest.session_state["scenario"].weights["F"] == 1.0 and guest.select_slider(key="w_weight_F").value == 1.0
    guest.switch_page("pages/room.py").run()
    host.switch_page("pages/room.py").run()

    guest.slider(key=draft(guest, "w_M")).set_value(2.0).run()
    guest.number_input(key=draft(guest, "t_0")).set_value(80.0).run()
    effect = guest.dataframe[0].value
    assert list(effect.iloc[:, 0]) == ["A", "B", "C"]
    guest.button(key=draft(guest, "send")).click().run()
    assert not guest.exception, guest.exception
    (p,) = rooms.get(code).proposals
    assert dict(p.changes) == {"weights.M": 2.0, "tiers": [["A", 80.0], ["B", 60.0], ["C", 0.0]]}
    assert any("Li" in m.value and "waiting for Wang" in m.value for m in guest.markdown)

    poll(host)  # a proposal came in: the facilitator's Workshop page redraws with it
    (frame,) = host.dataframe  # the proposal's effect: customers per tier now and with it
    effect = frame.value
    assert list(effect.iloc[:, 1]) == [tier_counts(host)[k] for k in effect.iloc[:, 0]]
    assert effect.iloc[:, 2].sum() == effect.iloc[:, 1].sum()
    host.button(key=f"room_apply_{p.id}").click().run()
    assert not host.exception, host.exception
    applied = host.session_state["scenario"]
    assert applied.weights == {"R": 3.0, "F": 1.0, "M": 2.0, "profit": 0.0} and applied.tiers[0] == ("A", 80.0)
    host.switch_page("pages/tiers.py").run()
    assert host.select_slider(key="w_weight_M").value == 2.0  # the facilitator's own sliders show it
    assert host.session_state["scenario"] == applied

    poll(guest)
    assert guest.session_state["scenario"] == rooms.get(code).scenario == applied
    assert tier_counts(guest) == tier_counts(host)
    assert any("applied by Wang" in m.value and "Li" in m.value for m in guest.markdown)


def test_a_participant_in_chinese_sees_the_same_room_in_chinese(rooms):
    host, code = open_room("王")
    guest = join(code, "李")
    guest.session_state["lang"] = "zh"  # AppTest runs a switched-to page without app.py: no language switch
    guest.run()
    assert not guest.exception, guest.exception
    assert any("您正在跟随 王 的研讨室" in i.value for i in guest.info)
    assert guest.title[0].value == "研讨会"
    assert [m.value for m in guest.metric] == [m.value for m in host.metric]


def test_declining_and_a_name_taken_twice(rooms):
    host, code = open_room()
    first, second = join(code, "Li"), join(code, "Li")
    assert first.session_state["room_seat"]["name"] == "Li" and second.session_state["room_seat"]["name"] == "Li (2)"
    second.slider(key=draft(second, "w_R")).set_value(4.0).run()
    second.button(key=draft(second, "send")).click().run()
    (p,) = rooms.get(code).proposals
    poll(host)
    host.button(key=f"room_decline_{p.id}").click().run()
    assert host.session_state["scenario"].weights["R"] == 1.0
    assert rooms.get(code).proposals[0].status == "declined"
    poll(second)  # nothing to follow (the settings did not change): the poll redraws the page for the news
    assert any("Li (2)" in m and "declined by Wang" in m for m in shown(second))


def test_closing_the_room_saves_a_new_version_or_offers_the_file(rooms):
    from ui import room as room_ui
    host, code = open_room()
    guest = join(code, "Li")
    steer(host, "w_weight_R", 2.0).switch_page("pages/room.py").run()
    if room_ui.has_workspace():
        host.text_input(key="room_close_name").set_value("Workshop plan").run()
    host.button(key="room_close").click().run()
    assert not host.exception, host.exception
    assert "room" not in host.query_params and host.session_state["scenario"].weights["R"] == 2.0
    assert rooms.get(code).closed
    assert host.get("download_button")  # the final settings as a file, always
    if room_ui.has_workspace():
        assert any("Saved as Workshop plan, version 1" in s.value for s in host.success)
        scenario, version = room_ui._workspace().load_scenario("Workshop plan")
        assert scenario.weights["R"] == 2.0 and f"room {code}" in version.note
    poll(guest)
    assert any("Wang closed the room" in i.value for i in guest.info)
    assert "room_seat" not in guest.session_state and guest.session_state["scenario"].weights["R"] == 2.0


def test_an_unknown_room_says_so_and_the_page_goes_on(rooms):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["room"] = "zzzzzz"
    at.run()
    assert any("no open room with the code ZZZZZZ" in i.value for i in at.info)
    assert "room" not in at.query_params and at.title[0].value == "Customer tiers" and not at.exception


def test_names_are_shown_as_text(rooms):
    host, code = open_room("![x](http://example.com/a.png) :red[Wang]")
    guest = join(code, "**Li** <b>")
    shown = "\n".join(m.value for m in guest.markdown)
    assert "](http" not in shown and ":red[" not in shown and "**Li**" not in shown


def test_outside_a_room_sync_does_nothing(rooms, monkeypatch):
    from ui import room as room_ui
    monkeypatch.setattr(room_ui, "registry", mock.Mock(side_effect=AssertionError("registry touched")))
    at = workshop()
    assert not at.exception and at.title[0].value == "Workshop"


def test_a_draft_changes_only_what_the_participant_moved(rooms):
    host, code = open_room()
    guest = join(code, "Li")
    untouched = draft(guest, "w_M")
    steer(host, "w_weight_F", 2.0)
    poll(guest)
    assert draft(guest, "w_M") != untouched  # nothing moved yet: the draft follows the room
    assert guest.slider(key=draft(guest, "w_F")).value == 2.0
    guest.slider(key=draft(guest, "w_M")).set_value(3.0).run()
    host.select_slider(key="w_weight_R").set_value(4.0).run()
    poll(guest)  # the room moved while Li was drafting: the draft keeps M, and says so
    assert guest.slider(key=draft(guest, "w_M")).value == 3.0 and guest.slider(key=draft(guest, "w_R")).value == 1.0
    assert any("changed the settings since you began" in c.value for c in guest.caption)
    guest.button(key=draft(guest, "send")).click().run()
    (p,) = rooms.get(code).proposals
    assert dict(p.changes) == {"weights.M": 3.0}  # not R back to 1


def test_a_participant_leaves(rooms):
    host, code = open_room()
    guest = join(code, "Li")
    guest.button(key="room_leave").click().run()
    assert "room_seat" not in guest.session_state and "room" not in guest.query_params
    assert rooms.get(code).participants == {}
    assert any("Open a room" in s.value for s in guest.subheader)  # the page goes on outside the room


def test_a_room_on_an_unsaved_upload_waits_for_it_to_be_saved(rooms):
    code = rooms.open("Wang", "orders_2024.csv", Scenario(), dataset_kind="upload").code
    guest = workshop({"room": code})
    guest.text_input(key="room_join_name").set_value("Li")
    next(b for b in guest.button if b.proto.is_form_submitter).click().run()
    assert any("not saved in the workspace yet" in e.value for e in guest.error)
    assert "room_seat" not in guest.session_state and rooms.get(code).participants == {}


def test_a_room_on_a_saved_data_set_opens_it_for_the_participant(rooms):
    from ui import room as room_ui
    if not room_ui.has_workspace():
        pytest.skip("no workspace package")
    host, code = open_room()
    host.switch_page("pages/workspace.py").run()
    host.text_input(key="ws_ds_name").set_value("north").run()
    host.button(key="ws_ds_save").click().run()
    assert not host.exception, host.exception
    assert (rooms.get(code).dataset, rooms.get(code).dataset_kind) == ("north", "saved")  # the room moved onto it
    guest = join(code, "Li")
    ds = guest.session_state["dataset"]
    assert ds.name == "north" and ds.saved
    assert tier_counts(guest) and sum(tier_counts(guest).values()) == 2693


def test_a_link_to_another_room_moves_a_participant_there(rooms):
    _, first = open_room("Wang")
    _, second = open_room("Chen")
    guest = join(first, "Li")
    guest.query_params["room"] = second
    guest.run()
    assert any("Join Chen's workshop room" in s.value for s in guest.subheader)
    assert rooms.get(first).participants == {} and one(guest, "room") == second
    guest.text_input(key="room_join_name").set_value("Li")
    next(b for b in guest.button if b.proto.is_form_submitter).click().run()
    assert guest.session_state["room_seat"]["code"] == second and list(rooms.get(second).participants) == ["Li"]
