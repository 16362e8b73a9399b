"""Live workshop rooms: one facilitator steers a scenario, participants follow it and propose changes.

An in-process registry (no Streamlit, no disk): every browser session of one server sees the same rooms.
A room holds the facilitator's scenario and a revision counter that grows by one on every change the
participants must follow; participants poll `pulse()` (a few dictionary reads under one lock) and redraw
when the revision moved. Proposals are stored as the keys they change, so applying one later, after the
facilitator moved other settings, changes only what the participant proposed.

Bounded: at most MAX_OPEN_ROOMS open rooms; a room nobody touched for IDLE_SECONDS is dropped, a closed
room is kept CLOSED_KEEP_SECONDS so its participants can read that it closed. Presence: a name seen in the
last PRESENCE_SECONDS. The clock is injectable (tests).
"""
from __future__ import annotations

import json
import secrets
import threading
import time
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Callable

from analytics.config import Scenario, ScenarioError

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud or typed without doubt
CODE_LENGTH = 6
PRESENCE_SECONDS = 10
IDLE_SECONDS = 12 * 3600
CLOSED_KEEP_SECONDS = 3600
MAX_OPEN_ROOMS = 50
MAX_PARTICIPANTS = 200
MAX_PROPOSALS = 300  # per room; past it the oldest decided ones are dropped
MAX_OPEN_PER_AUTHOR = 10
MAX_NAME = 40

OPEN, APPLIED, DECLINED = "open", "applied", "declined"


class RoomError(Exception):
    """A room operation that cannot be done. reason: unknown, closed, full, crowded, name, no_change,
    decided, invalid, busy (too many open proposals by one author)."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Proposal:
    """A participant's change: changes maps a scenario key, or key.subkey inside weights, thresholds,
    lifecycle, clv and playbook, to its new value (JSON values, as in Scenario.to_dict()); before holds the
    room's values of those keys when it was proposed (both read-only); summary reads
    "weights.M 1 → 2 · tiers.A 75 → 80"."""
    id: int
    author: str
    changes: dict
    before: dict
    summary: str
    status: str = OPEN
    decided_by: str | None = None
    revision: int = 0  # the room's revision it was proposed on


@dataclass
class Room:
    """A room as seen at one moment (the registry hands out copies; changing one changes nothing)."""
    code: str
    facilitator: str
    dataset: str
    scenario: Scenario
    scenario_name: str | None = None
    version: int | None = None
    dataset_kind: str = "saved"  # sample (bundled), saved (in the workspace), upload (only the facilitator has it)
    revision: int = 0  # grows on every change of scenario or data set the participants follow
    activity: int = 0  # grows on joins, leaves, proposals, decisions, a new data set and closing
    participants: dict = field(default_factory=dict)  # name -> last seen (clock seconds)
    facilitator_seen: float = 0.0
    proposals: list = field(default_factory=list)
    closed: bool = False
    host_key: str = ""  # a secret: the facilitator's browser takes the room back with it after a reload
    host_session: str | None = None  # the facilitator's session that runs the room now (see follow)
    opened_at: float = 0.0
    last_active: float = 0.0
    closed_at: float | None = None
    seen_at: float = 0.0  # the clock when this copy was made: presence is relative to it

    def present(self) -> list[str]:
        """Participants seen in the last PRESENCE_SECONDS (the facilitator not included), in joining order."""
        return [n for n, t in self.participants.items() if self.seen_at - t <= PRESENCE_SECONDS]

    def facilitator_present(self) -> bool:
        return self.seen_at - self.facilitator_seen <= PRESENCE_SECONDS

    def open_proposals(self) -> list[Proposal]:
        return [p for p in self.proposals if p.status == OPEN]


@dataclass(frozen=True)
class Pulse:
    """What a polling browser needs to know, cheaply: redraw when revision (or, on the room's own page,
    activity or who is present) moved."""
    revision: int
    activity: int
    closed: bool
    present: tuple
    facilitator_present: bool
    last_proposal: int = 0  # the newest proposal's id (0: none yet) and its author
    last_author: str | None = None


# --- the changes between two scenarios --------------------------------------------------------------

_NESTED = ("weights", "thresholds", "lifecycle", "clv", "playbook")  # dict keys compared key by key


def _plain(value):
    return json.loads(json.dumps(value, ensure_ascii=False))


def scenario_changes(before: Scenario, after: Scenario) -> dict:
    """The keys of `after` that differ from `before`: dotted (weights.M) inside the dict-valued keys
    when both have the same subkeys, else whole keys (tiers, abc, attributes, ...)."""
    b, a = _plain(before.to_dict()), _plain(after.to_dict())
    out = {}
    for key in dict.fromkeys([*b, *a]):
        old, new = b.get(key), a.get(key)
        if old == new:
            continue
        if key in _NESTED and isinstance(old, dict) and isinstance(new, dict) and old.keys() == new.keys():
            out.update({f"{key}.{k}": new[k] for k in new if old[k] != new[k]})
        else:
            out[key] = new
    return out


def _value_at(d: dict, path: str):
    key, _, sub = path.partition(".")
    if sub and key in _NESTED:
        return (d.get(key) or {}).get(sub)
    return d.get(path)


def apply_changes(scenario: Scenario, changes: dict) -> Scenario:
    """The scenario with the changes set; raises ScenarioError when the result is not a valid scenario."""
    d = _plain(scenario.to_dict())
    for path, value in changes.items():
        key, _, sub = path.partition(".")
        if sub and key in _NESTED:
            d[key] = {**(d.get(key) or {}), sub: _plain(value)}
        else:
            d[path] = _plain(value)
    return Scenario.from_dict(d)


def _fmt(value) -> str:
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, (int, float)):
        return f"{value:g}"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def change_items(before: dict, changes: dict) -> list[tuple[str, object, object]]:
    """(path, old, new) of every change, tiers spelt tier by tier when only their thresholds moved."""
    items = []
    for path, new in changes.items():
        old = before.get(path)
        if path == "tiers" and isinstance(old, list) and isinstance(new, list) and len(old) == len(new) \
                and [t[0] for t in old] == [t[0] for t in new]:
            items += [(f"tiers.{n}", o, v) for (n, o), (_, v) in zip(old, new) if o != v]
        else:
            items.append((path, old, new))
    return items


def summarise(before: dict, changes: dict) -> str:
    return " · ".join(f"{path} {_fmt(old)} → {_fmt(new)}" for path, old, new in change_items(before, changes))


def clean_name(name) -> str:
    """A display name: one line, spaces collapsed, at most MAX_NAME characters; '' when nothing is left."""
    text = " ".join(str(name or "").split())
    return "".join(ch for ch in text if ch.isprintable())[:MAX_NAME].strip()


def normal_code(code) -> str | None:
    """A room code as typed (any case, spaces, dashes) in its canonical form, or None."""
    text = "".join(str(code or "").split()).replace("-", "").upper()
    return text if len(text) == CODE_LENGTH and all(c in CODE_ALPHABET for c in text) else None


# --- the registry -----------------------------------------------------------------------------------

class RoomRegistry:
    """Every room of this server process. All methods are thread-safe; rooms are handed out as copies."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, max_open: int = MAX_OPEN_ROOMS,
                 idle_seconds: float = IDLE_SECONDS):
        self._clock = clock
        self._max_open = max_open
        self._idle = idle_seconds
        self._lock = threading.RLock()
        self._rooms: dict[str, Room] = {}
        self._sources: dict[str, Callable[[], Scenario | None]] = {}
        self._stale: dict[str, Scenario] = {}  # code -> a source value to ignore (superseded by a decision)
        self._next_id = 0

    # internal helpers: called with the lock held
    def _prune(self, now: float) -> None:
        for code, room in list(self._rooms.items()):
            idle = now - room.last_active > self._idle
            expired = room.closed and room.closed_at is not None and now - room.closed_at > CLOSED_KEEP_SECONDS
            if idle or expired:
                self._drop(code)

    def _drop(self, code: str) -> None:
        self._rooms.pop(code, None)
        self._sources.pop(code, None)
        self._stale.pop(code, None)

    def _find(self, code, now: float) -> Room | None:
        code = normal_code(code)
        room = self._rooms.get(code) if code else None
        if room is not None and now - room.last_active > self._idle:
            self._drop(code)
            return None
        return room

    def _live(self, code, now: float) -> Room:
        room = self._find(code, now)
        if room is None:
            raise RoomError("unknown", str(code))
        if room.closed:
            raise RoomError("closed", room.code)
        return room

    def _pull(self, room: Room) -> None:
        """Take the facilitator's latest scenario from the attached source (see follow)."""
        source = self._sources.get(room.code)
        if source is None or room.closed:
            return
        try:
            latest = source()
        except Exception:  # noqa: BLE001 - a source that fails is as good as none
            return
        if not isinstance(latest, Scenario):
            return
        if latest == room.scenario:
            self._stale.pop(room.code, None)  # the facilitator's session took up the decision
            return
        stale = self._stale.get(room.code)
        if stale is not None:
            if latest is stale:  # the very object the session held before the decision: not taken up yet
                return
            self._stale.pop(room.code, None)
        self._set_scenario(room, latest)

    def _set_scenario(self, room: Room, scenario: Scenario) -> None:
        room.scenario = scenario
        room.revision += 1

    def _touch(self, room: Room, now: float) -> None:
        room.last_active = now

    def _copy(self, room: Room, now: float) -> Room:
        return replace(room, participants=dict(room.participants), proposals=list(room.proposals), seen_at=now)

    def _taken(self, room: Room, now: float) -> set[str]:
        names = {n for n, t in room.participants.items() if now - t <= PRESENCE_SECONDS}
        return names | {room.facilitator}

    # public API
    def open(self, facilitator: str, dataset: str, scenario: Scenario, scenario_name: str | None = None,
             version: int | None = None, dataset_kind: str = "saved") -> Room:
        """A new room on the scenario; raises RoomError('full') past MAX_OPEN_ROOMS open rooms."""
        name = clean_name(facilitator)
        if not name:
            raise RoomError("name", "a facilitator's name is needed")
        if not isinstance(scenario, Scenario):
            raise RoomError("invalid", "not a Scenario")
        with self._lock:
            now = self._clock()
            self._prune(now)
            if sum(not r.closed for r in self._rooms.values()) >= self._max_open:
                raise RoomError("full", f"{self._max_open} rooms are open")
            while True:
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
                if code not in self._rooms:
                    break
            room = Room(code=code, facilitator=name, dataset=str(dataset), scenario=scenario,
                        scenario_name=clean_name(scenario_name) or None, version=version,
                        dataset_kind=str(dataset_kind), participants={}, facilitator_seen=now, proposals=[],
                        host_key=secrets.token_urlsafe(16), opened_at=now, last_active=now)
            self._rooms[code] = room
            return self._copy(room, now)

    def follow(self, code, source: Callable[[], Scenario | None] | None, session: str | None = None) -> None:
        """Read the facilitator's scenario from source() on every look at the room, so a change shows to
        participants as soon as the facilitator's session made it (before that session's run ends).
        session names the facilitator's session: the last one to follow runs the room (host_session)."""
        with self._lock:
            room = self._live(code, self._clock())
            if source is None:
                self._sources.pop(room.code, None)
            else:
                self._sources[room.code] = source
            if session is not None and session != room.host_session:
                room.host_session = session
                self._stale.pop(room.code, None)

    def get(self, code) -> Room | None:
        """A copy of the room (open or recently closed), or None for a code no room has."""
        with self._lock:
            now = self._clock()
            room = self._find(code, now)
            if room is None:
                return None
            self._pull(room)
            return self._copy(room, now)

    def pulse(self, code, heartbeat: str | None = None) -> Pulse | None:
        """The room's counters and who is present (None: no such room); heartbeat: mark that name seen."""
        with self._lock:
            now = self._clock()
            room = self._find(code, now)
            if room is None:
                return None
            if heartbeat is not None and not room.closed:
                self._seen(room, heartbeat, now)
            self._pull(room)
            present = tuple(n for n, t in room.participants.items() if now - t <= PRESENCE_SECONDS)
            last = room.proposals[-1] if room.proposals else None
            return Pulse(room.revision, room.activity, room.closed, present,
                         now - room.facilitator_seen <= PRESENCE_SECONDS, last.id if last else 0,
                         last.author if last else None)

    def _seen(self, room: Room, name: str, now: float) -> None:
        if name == room.facilitator:
            room.facilitator_seen = now
        elif name in room.participants or len(room.participants) < MAX_PARTICIPANTS:
            if name not in room.participants:
                room.activity += 1
            room.participants[name] = now
        self._touch(room, now)

    def join(self, code, name: str) -> str:
        """Enter the room under a name unique among those present ("Li" twice: "Li (2)"); returns it."""
        wanted = clean_name(name)
        if not wanted:
            raise RoomError("name", "a display name is needed")
        with self._lock:
            now = self._clock()
            room = self._live(code, now)
            taken = self._taken(room, now)
            unique, n = wanted, 1
            while unique in taken:
                n += 1
                suffix = f" ({n})"
                unique = wanted[:MAX_NAME - len(suffix)] + suffix
            if unique not in room.participants and len(room.participants) >= MAX_PARTICIPANTS:
                gone = [k for k, t in room.participants.items() if now - t > PRESENCE_SECONDS]
                if not gone:
                    raise RoomError("crowded", f"{MAX_PARTICIPANTS} participants")
                del room.participants[gone[0]]
            room.participants.pop(unique, None)  # re-entering moves the name to the end
            room.participants[unique] = now
            room.activity += 1
            self._touch(room, now)
            return unique

    def leave(self, code, name: str) -> None:
        with self._lock:
            room = self._find(code, self._clock())
            if room is not None and room.participants.pop(name, None) is not None:
                room.activity += 1

    def heartbeat(self, code, name: str) -> bool:
        """Mark the name present; False when the room is gone or closed."""
        with self._lock:
            now = self._clock()
            room = self._find(code, now)
            if room is None or room.closed:
                return False
            self._seen(room, name, now)
            return True

    def update(self, code, scenario: Scenario | None = None, dataset: str | None = None,
               dataset_kind: str | None = None) -> int:
        """The facilitator's change (scenario and/or data set); returns the revision."""
        with self._lock:
            now = self._clock()
            room = self._live(code, now)
            self._pull(room)
            if scenario is not None and scenario != room.scenario:
                self._set_scenario(room, scenario)
                self._stale.pop(room.code, None)
            moved = (dataset is not None and dataset != room.dataset) or \
                (dataset_kind is not None and dataset_kind != room.dataset_kind)
            if moved:
                room.dataset = room.dataset if dataset is None else str(dataset)
                room.dataset_kind = room.dataset_kind if dataset_kind is None else str(dataset_kind)
                room.revision += 1
                room.activity += 1
            room.facilitator_seen = now
            self._touch(room, now)
            return room.revision

    def propose(self, code, author: str, new_scenario: Scenario) -> Proposal:
        """Store what new_scenario changes against the room's scenario now; RoomError('no_change') if nothing."""
        who = clean_name(author)
        if not who:
            raise RoomError("name", "a proposal needs its author")
        with self._lock:
            now = self._clock()
            room = self._live(code, now)
            self._pull(room)
            changes = scenario_changes(room.scenario, new_scenario)
            if not changes:
                raise RoomError("no_change")
            if sum(p.status == OPEN and p.author == who for p in room.proposals) >= MAX_OPEN_PER_AUTHOR:
                raise RoomError("busy", f"{MAX_OPEN_PER_AUTHOR} open proposals by {who}")
            now_dict = _plain(room.scenario.to_dict())
            before = {path: _value_at(now_dict, path) for path in changes}
            self._next_id += 1
            proposal = Proposal(id=self._next_id, author=who, changes=MappingProxyType(changes),
                                before=MappingProxyType(before),
                                summary=summarise(before, changes), revision=room.revision)
            room.proposals.append(proposal)
            if len(room.proposals) > MAX_PROPOSALS:
                decided = next((i for i, p in enumerate(room.proposals) if p.status != OPEN), 0)
                del room.proposals[decided]
            room.activity += 1
            self._touch(room, now)
            return proposal

    def decide(self, code, proposal_id: int, accept: bool, by: str) -> tuple[Proposal, Scenario]:
        """Apply (accept) or decline an open proposal; returns it decided and the room's scenario after.
        Applying sets only the proposal's keys on the room's scenario as it is now."""
        with self._lock:
            now = self._clock()
            room = self._live(code, now)
            self._pull(room)
            index = next((i for i, p in enumerate(room.proposals) if p.id == proposal_id), None)
            if index is None:
                raise RoomError("unknown", f"proposal {proposal_id}")
            proposal = room.proposals[index]
            if proposal.status != OPEN:
                raise RoomError("decided", proposal.status)
            if accept:
                try:
                    new = apply_changes(room.scenario, proposal.changes)
                except (ScenarioError, TypeError, ValueError) as e:
                    raise RoomError("invalid", str(e)) from None
                if new != room.scenario:
                    if room.code in self._sources:
                        self._stale[room.code] = room.scenario  # until the facilitator's session takes it up
                    self._set_scenario(room, new)
            decided = replace(proposal, status=APPLIED if accept else DECLINED, decided_by=clean_name(by) or None)
            room.proposals[index] = decided
            room.activity += 1
            self._touch(room, now)
            return decided, room.scenario

    def close(self, code) -> Scenario:
        """Close the room; returns its final scenario. A second close raises RoomError('closed')."""
        with self._lock:
            now = self._clock()
            room = self._live(code, now)
            self._pull(room)
            room.closed = True
            room.closed_at = now
            room.revision += 1  # participants redraw, and read that the room closed
            room.activity += 1
            self._sources.pop(room.code, None)
            self._stale.pop(room.code, None)
            self._touch(room, now)
            return room.scenario

    def rooms(self) -> list[Room]:
        """Copies of the open rooms, newest first."""
        with self._lock:
            now = self._clock()
            self._prune(now)
            live = [r for r in self._rooms.values() if not r.closed]
            return [self._copy(r, now) for r in sorted(live, key=lambda r: r.opened_at, reverse=True)]
