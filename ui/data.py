"""The session's DuckDB database and the cached computations keyed by the data set.

One in-memory DuckDB per browser session (an upload is never visible to another session). A session
that only holds the bundled sample gives its copy back SESSION_DB_GRACE seconds after its browser
left (Streamlit keeps a disconnected session for two minutes, and only drops it when something looks;
the sample is loaded again, in a fraction of a second, if that browser comes back).
Parsing the bundled sample and per-customer features are cached across reruns, keyed by the
data set's fingerprint, so moving a slider only re-scores in memory.

Scoring is cached in layers, each keyed by the fingerprint and only the scenario parts it reads
(analytics/scoring.py): the prepared scoring (date, look-back, ABC cuts), the binned scores (+ bins,
score method, thresholds) and the scored customers (+ weights, attributes, tier rules). A weight or
tier change only re-weighs and re-tiers the cached binned frame. Large frames live in
st.cache_resource (one object shared by all sessions, no copy per read): callers never modify them
(WATCH_SHARED and changed_shared_frames() check that in the tests). Every cache is bounded by
entries and age (CACHE_TTL).
"""
from __future__ import annotations

import atexit
import ctypes
import gc
import hashlib
import json
import os
import sys
import threading
import time
import weakref
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import streamlit as st

from analytics import ingest, scorecard
from analytics.config import Scenario
from analytics.features import customer_attributes, customer_features, earliest_order_date, latest_order_date
from analytics import scoring
from analytics.rfm import EIGHT_CLASS_ORDER, GRID_ORDER

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_ORDERS = ROOT / "sample_data" / "orders.csv"
SAMPLE_CUSTOMERS = ROOT / "sample_data" / "customers.csv"
CACHE_TTL = 1800  # seconds: an entry unread for half an hour is dropped (at the cache's next read)
# big per-customer frames: one object shared by every session; a few data sets x dates at a time
SHARED = dict(show_spinner=False, max_entries=4, ttl=CACHE_TTL)

computed = Counter()  # how often each cached layer was computed (tests and benchmarks read it)
WATCH_SHARED = False  # tests: record a digest of every shared frame, see changed_shared_frames()
_watched: dict[int, tuple] = {}
_watch_lock = threading.Lock()


def _digest(frame: pd.DataFrame) -> tuple:
    values = int(pd.util.hash_pandas_object(frame, index=True).sum()) if len(frame.columns) else 0
    return tuple(frame.columns), tuple(str(d) for d in frame.dtypes), frame.shape, values


def _shared(frame, name: str):
    """Count a computed layer; with WATCH_SHARED, remember what a shared frame looked like."""
    computed[name] += 1
    if WATCH_SHARED and isinstance(frame, pd.DataFrame):
        with _watch_lock:
            _watched[id(frame)] = (weakref.ref(frame), _digest(frame), name)
    return frame


def changed_shared_frames() -> list[str]:
    """Names of the watched shared frames (still alive) that differ from when they were cached."""
    with _watch_lock:
        items = list(_watched.values())
    return [name for ref, digest, name in items if ref() is not None and _digest(ref()) != digest]


SESSION_DB_GRACE = 20  # seconds: a short network blip reconnects to the same database


class _SessionDb:
    """A session's database; sample_only: it holds nothing but the bundled sample (rebuilt on demand)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con: duckdb.DuckDBPyConnection | None = con
        self.sample_only = False
        self.left_at: float | None = None  # monotonic time its browser disconnected


_session_dbs: weakref.WeakSet = weakref.WeakSet()
_session_dbs_lock = threading.Lock()
_janitor_started = threading.Event()


def _on_disconnect(link: weakref.ref) -> None:
    """Released from the session-scoped cache: the session's browser disconnected."""
    holder = link()
    if holder is None:
        return
    holder.left_at = time.monotonic()
    if not _janitor_started.is_set():
        _janitor_started.set()
        threading.Thread(target=_janitor, name="tiering-session-db-janitor", daemon=True).start()


@st.cache_resource(scope="session", on_release=_on_disconnect, show_spinner=False)
def _disconnect_watch(holder_id: int, _holder: _SessionDb) -> weakref.ref:
    return weakref.ref(_holder)  # a weak link: the session state alone keeps the database alive


def _janitor() -> None:
    """Every few seconds, give back the databases of sessions gone for SESSION_DB_GRACE."""
    while True:
        time.sleep(SESSION_DB_GRACE / 4)
        _close_departed()


def _close_departed() -> int:
    """Close the sample-only databases of sessions gone for SESSION_DB_GRACE; return the memory to the system."""
    now, closed = time.monotonic(), 0
    with _session_dbs_lock:
        holders = list(_session_dbs)
    for h in holders:
        if h.con is not None and h.sample_only and h.left_at is not None and now - h.left_at >= SESSION_DB_GRACE:
            con, h.con = h.con, None
            try:
                con.close()
            except duckdb.Error:
                pass
            closed += 1
    if closed:
        computed["session_dbs_closed"] += closed
        gc.collect()
        _trim_heap()
    return closed


def _trim_heap() -> None:
    """Return freed heap pages to the operating system (glibc keeps them otherwise)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):
            pass


_frozen = threading.Event()


def freeze_long_lived() -> None:
    """Once per process, after a first page: keep the objects alive now (modules, classes, caches) out of
    the cyclic collector's walk. Streamlit collects after every script run (runner.postScriptGC); with
    pandas, ibis and plotly loaded that walk took ~100 ms of every redraw, and ~0 ms once frozen.
    Frozen objects are still freed when nothing refers to them."""
    if _frozen.is_set():
        return
    _frozen.set()
    gc.freeze()  # no collection first: it would cost the first page ~0.1 s for a little garbage
    atexit.register(gc.unfreeze)  # a clean interpreter exit


SESSION_MEMORY = os.environ.get("TIERING_SESSION_MEMORY", "2GB")


def new_database() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB that holds at most SESSION_MEMORY and spills to disk past it, so one
    person's large upload cannot take the shared server's memory."""
    con = duckdb.connect(":memory:")
    con.execute("SET memory_limit = ?", [SESSION_MEMORY])
    return con


def connection() -> duckdb.DuckDBPyConnection:
    """This session's own database (a new one, with the sample loaded again, if its copy was given back)."""
    holder = st.session_state.get("db_holder")
    if holder is None or holder.con is None:
        if holder is not None:
            st.session_state.pop("dataset", None)  # it held only the sample: dataset() loads it again
        given = st.session_state.get("db") if holder is None else None  # e.g. a benchmark's own database
        holder = _SessionDb(given if given is not None else new_database())
        st.session_state["db_holder"] = holder
        st.session_state["db"] = holder.con
        with _session_dbs_lock:
            _session_dbs.add(holder)
    holder.left_at = None
    current = st.session_state.get("dataset")
    holder.sample_only = current is not None and current.is_sample
    _disconnect_watch(id(holder), holder)
    return holder.con


def fingerprint(*parts) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else repr(p).encode())
    return h.hexdigest()[:16]


@st.cache_resource(show_spinner=False, max_entries=2)
def _parse_sample(orders_mtime: float, customers_mtime: float):
    """The bundled sample through the one pipeline, once per server; every session copies the result."""
    tx, cu = ingest.load_files(duckdb.connect(), SAMPLE_ORDERS, SAMPLE_CUSTOMERS)
    return tx.detach(), cu.detach()


SAMPLE_NAME = "sample"


@dataclass(frozen=True, eq=False)
class Dataset:
    """The data set a session works on: what was loaded and how its files were checked.

    name: SAMPLE_NAME for the bundled sample, else the orders file's name as uploaded; fingerprint: the key
    of every cached computation on it. The rejected frames are shared: never modify them."""
    name: str
    fingerprint: str
    orders_file: str
    report: ingest.QualityReport
    rejected: pd.DataFrame
    customers_file: str | None = None
    customers_report: ingest.QualityReport | None = None
    customers_rejected: pd.DataFrame | None = None
    saved: bool = False  # opened from or saved to the workspace under `name`

    @property
    def is_sample(self) -> bool:
        return self.name == SAMPLE_NAME and not self.saved


def install(tx, cu, name: str, key: str, copy: bool = True) -> None:
    """Put validated results into the session's database (unless already there) and make them the current data set."""
    if copy:
        ingest.load_into_duckdb(connection(), tx, cu)
    st.session_state["dataset"] = Dataset(
        name=name, fingerprint=key, orders_file=tx.filename, report=tx.report, rejected=tx.rejected,
        customers_file=cu.filename if cu is not None else None, customers_report=cu.report if cu is not None else None,
        customers_rejected=cu.rejected if cu is not None else None)


def load_sample() -> None:
    from .i18n import t

    bar = st.progress(0.1, text=t("load.stage.sample"))
    stamps = SAMPLE_ORDERS.stat().st_mtime, SAMPLE_CUSTOMERS.stat().st_mtime
    tx, cu = _parse_sample(*stamps)
    bar.progress(0.7, text=t("load.stage.load"))
    install(tx, cu, SAMPLE_NAME, fingerprint(SAMPLE_NAME, *stamps))
    bar.empty()


def open_saved(name: str) -> None:
    """Open a data set saved in the workspace as this session's data (its tables copied into the session's
    database, its quality report and rejected rows with it)."""
    from . import workspace
    con = connection()
    con.execute("DROP TABLE IF EXISTS customers")  # a stored data set without customers must not keep the old ones
    stored = workspace.get().open_dataset(name, con)
    info = stored.info
    st.session_state["dataset"] = Dataset(
        name=info.name, fingerprint=fingerprint("workspace", info.name, str(info.saved_at)), orders_file=info.orders_file,
        report=stored.report, rejected=stored.rejected, customers_file=info.customers_file,
        customers_report=stored.customers_report, customers_rejected=stored.customers_rejected, saved=True)


def save_current(name: str, replace: bool = False):
    """Save this session's data set in the workspace under `name`; the session then has that saved set open."""
    from dataclasses import replace as with_fields

    from . import workspace
    ds = dataset()
    info = workspace.get().save_dataset(
        name, connection(), report=ds.report, rejected=ds.rejected, mapping=dict(ds.report.mapping or {}),
        orders_file=ds.orders_file, customers_file=ds.customers_file, customers_report=ds.customers_report,
        customers_rejected=ds.customers_rejected, replace=replace)
    st.session_state["dataset"] = with_fields(ds, name=info.name, saved=True)
    return info


def dataset() -> Dataset:
    """The current data set of this session; the bundled sample until the user loads another."""
    if "dataset" not in st.session_state:
        load_sample()
    return st.session_state["dataset"]


@st.cache_resource(**SHARED)
def _features(key: str, as_of: date | None, lookback_days: int | None, _con) -> pd.DataFrame:
    return _shared(customer_features(_con, as_of, lookback_days), "features")


@st.cache_resource(**SHARED)
def _attributes(key: str, _con) -> pd.DataFrame | None:
    return _shared(customer_attributes(_con), "attributes")


@st.cache_data(show_spinner=False, max_entries=8, ttl=CACHE_TTL)
def _date_range(key: str, _con) -> tuple[date | None, date | None]:
    return earliest_order_date(_con), latest_order_date(_con)


def date_range() -> tuple[date | None, date | None]:
    ds = dataset()
    return _date_range(ds.fingerprint, connection())


def features(as_of: date | None, lookback_days: int | None) -> pd.DataFrame:
    """Per-customer features (shared: never modify the frame)."""
    ds = dataset()
    return _features(ds.fingerprint, as_of, lookback_days, connection())


def attributes() -> pd.DataFrame | None:
    """The customers table, or None (shared: never modify the frame)."""
    ds = dataset()
    return _attributes(ds.fingerprint, connection())


def effective_as_of(scenario: Scenario) -> date | None:
    """The scenario's as-of date, or the latest order date when it has none."""
    return scenario.as_of_date() or date_range()[1]


def _binning(scenario: Scenario) -> str:
    """The scenario keys the binned scores read, as a scenario JSON (the cache key)."""
    parts = {"lookback_days": scenario.lookback_days, "abc": list(scenario.abc), "bins": scenario.bins,
             "score_method": scenario.score_method, "eight_class_split": scenario.eight_class_split,
             "m_basis": scenario.m_basis}
    if scenario.score_method == "threshold":
        parts["thresholds"] = scenario.thresholds
    return json.dumps(parts, sort_keys=True)


def prepare_key(scenario: Scenario) -> tuple:
    """What prepare_scoring reads of the scenario besides the data: the ABC cuts and the eight-class split."""
    return (*scenario.abc, scenario.eight_class_split)


def _tiering(scenario: Scenario) -> str:
    """The scenario keys weigh_and_tier reads (besides the binning's), as a scenario JSON."""
    parts = {"weights": scenario.weights, "attributes": [dict(a) for a in scenario.attributes],
             "tier_method": scenario.tier_method, "tiers": [list(t) for t in scenario.tiers],
             "components": scenario.components, "points_end": scenario.points_end,
             "tier_within": scenario.tier_within, "overrides": scenario.overrides, "clusters": scenario.clusters}
    return json.dumps(parts, sort_keys=True, ensure_ascii=False)


def _scenario_of(*parts: str) -> Scenario:
    return Scenario.from_dict({k: v for p in parts for k, v in json.loads(p).items()})


def _grid_binning(scenario: Scenario) -> str | None:
    """The binning when the 5 x 5 grid depends on it (threshold scores on 5 bins); None: the prepared grid."""
    return _binning(scenario) if scenario.bins == 5 and scenario.score_method == "threshold" else None


@st.cache_resource(**SHARED)
def _prepared(key: str, as_of: date | None, lookback_days: int | None, abc: tuple, _con) -> scoring.PreparedScoring:
    # abc: the two ABC cuts and the eight-class split (prepare_key)
    prepared = scoring.prepare_scoring(_features(key, as_of, lookback_days, _con), _attributes(key, _con),
                                       tuple(abc[:2]), abc[2] if len(abc) > 2 else "mean")
    _shared(prepared.frame, "prepared")
    return prepared


@st.cache_resource(show_spinner=False, max_entries=8, ttl=CACHE_TTL)
def _binned(key: str, as_of: date | None, binning: str, _con) -> pd.DataFrame:
    s = _scenario_of(binning)
    return _shared(scoring.binned_scores(_prepared(key, as_of, s.lookback_days, prepare_key(s), _con), s), "binned")


@st.cache_resource(show_spinner=False, max_entries=8, ttl=CACHE_TTL)
def _scored(key: str, as_of: date | None, binning: str, tiering: str, _con) -> pd.DataFrame:
    s = _scenario_of(binning, tiering)
    frame = _binned(key, as_of, binning, _con)
    if s.tier_method == "cluster":  # tiers are adopted clusters: each customer's cluster_rank (same row order)
        frame = frame.assign(cluster_rank=_cluster_ranks(key, as_of, s.lookback_days, _clusters_key(s.clusters), _con))
    return _shared(scoring.weigh_and_tier(frame, s), "scored")


@st.cache_resource(show_spinner=False, max_entries=16, ttl=CACHE_TTL)
def _clusters(key: str, as_of: date | None, lookback_days: int | None, clusters_json: str, _con):
    """The ClusterResult (analytics/clusters.py) of the scored customers under a clusters block (shared: never
    modify); columns the customers table lacks are left out. Raises ClusterError."""
    from analytics.clusters import cluster_customers, settings_of
    frame = scoring.join_attributes(_features(key, as_of, lookback_days, _con), _attributes(key, _con))
    s = settings_of(json.loads(clusters_json))
    computed["clusters"] += 1
    from .i18n import STRINGS  # the columns' names in both languages, for the labels (not the session's language)
    columns = [c for c in s["columns"] if c in frame.columns]
    names = {c: STRINGS[f"col.{c}"] for c in columns if f"col.{c}" in STRINGS}
    return cluster_customers(frame, s["method"], s["k"], s["seed"], columns, names)


def _cluster_ranks(key: str, as_of: date | None, lookback_days: int | None, clusters_json: str, _con) -> np.ndarray:
    """cluster_rank per scored customer; everyone 0 (the first tier) where no clusters can be formed."""
    from analytics.clusters import ClusterError
    try:
        return _clusters(key, as_of, lookback_days, clusters_json, _con).assignments["cluster_rank"].to_numpy()
    except ClusterError:
        return np.zeros(len(_features(key, as_of, lookback_days, _con)), dtype="int64")


def cluster_problem(scenario: Scenario) -> str | None:
    """Why the adopted clusters cannot be formed at the scenario's date (everyone is then in the first tier),
    or None: fine, or tiers not from clusters."""
    if scenario.tier_method != "cluster":
        return None
    from analytics.clusters import ClusterError
    try:
        clusters(scenario, scenario.clusters)
    except ClusterError as e:
        return str(e)
    return None


def _clusters_key(settings: dict) -> str:
    from analytics.clusters import settings_of
    return json.dumps(settings_of(settings), sort_keys=True, ensure_ascii=False)


def clusters(scenario: Scenario, settings: dict):
    """Suggested segments of the scored customers at the scenario's date and look-back, under settings
    {method, k (None: suggested), seed, columns} (cached per data set; shared: never modify). Raises ClusterError."""
    return _clusters(dataset().fingerprint, effective_as_of(scenario), scenario.lookback_days,
                     _clusters_key(settings), connection())


def _parts(scenario: Scenario) -> tuple:
    return dataset().fingerprint, effective_as_of(scenario), _binning(scenario)


def binned(scenario: Scenario) -> pd.DataFrame:
    """Every scored customer's R/F/M scores, segments, grid and ABC class, without score and tier
    (cached per data set, date, look-back, bins, score method and thresholds; shared: never modify)."""
    key, as_of, binning = _parts(scenario)
    return _binned(key, as_of, binning, connection())


def scored(scenario: Scenario) -> pd.DataFrame:
    """Every scored customer under the scenario (cached per data set and scenario; shared: never modify)."""
    key, as_of, binning = _parts(scenario)
    return _scored(key, as_of, binning, _tiering(scenario), connection())


@st.cache_data(show_spinner=False, max_entries=16, ttl=CACHE_TTL)
def _prepared_views(key: str, as_of: date | None, lookback_days: int | None, abc: tuple, _con) -> dict:
    p = _prepared(key, as_of, lookback_days, abc, _con)
    frame = p.frame.assign(segment=p.segment, abc=p.abc)  # new columns on a shallow copy
    computed["prepared_views"] += 1
    return {"eight": scoring.segment_summary(frame, "segment", EIGHT_CLASS_ORDER), "abc": scoring.abc_summary(frame),
            "pareto": scoring.pareto_curve(frame)}


@st.cache_data(show_spinner=False, max_entries=16, ttl=CACHE_TTL)
def _grid_views(key: str, as_of: date | None, lookback_days: int | None, abc: tuple, grid_binning: str | None,
                _con) -> dict:
    if grid_binning is None:
        p = _prepared(key, as_of, lookback_days, abc, _con)
        frame = p.frame.assign(grid_r=p.grid[0], grid_f=p.grid[1], grid_segment=p.grid[2])
    else:
        frame = _binned(key, as_of, grid_binning, _con)
    computed["grid_views"] += 1
    return {"grid_counts": scoring.grid_counts(frame), "grid": scoring.segment_summary(frame, "grid_segment", GRID_ORDER)}


def segment_views(scenario: Scenario) -> dict:
    """What weights and tier rules leave unchanged, as aggregates: eight (eight-class summary), abc (ABC
    summary), pareto (<= 200 points), grid_counts (5 x 5) and grid (grid segment summary). Bins and
    thresholds change only the grid, and only for threshold scores on 5 bins."""
    key, as_of = dataset().fingerprint, effective_as_of(scenario)
    base = key, as_of, scenario.lookback_days, prepare_key(scenario)
    return {**_prepared_views(*base, connection()), **_grid_views(*base, _grid_binning(scenario), connection())}


@st.cache_data(show_spinner=False, max_entries=32, ttl=CACHE_TTL)
def _tier_summary(key: str, as_of: date | None, binning: str, tiering: str, _con) -> pd.DataFrame:
    return scoring.tier_summary(_scored(key, as_of, binning, tiering, _con))


def tier_summary(scenario: Scenario) -> pd.DataFrame:
    """One row per tier (analytics.scoring.tier_summary), cached per data set and scenario."""
    key, as_of, binning = _parts(scenario)
    return _tier_summary(key, as_of, binning, _tiering(scenario), connection())


# The customer table's order: positions into the scored frame (read-only arrays, shared)
WEIGHED_COLUMNS = ("score", "tier")  # the only table columns a weight or tier change moves


@st.cache_resource(show_spinner=False, max_entries=32, ttl=CACHE_TTL)
def _search_hits(key: str, as_of: date | None, lookback_days: int | None, abc: tuple, query: str, _con) -> np.ndarray:
    from .tables import search_hits
    return _read_only(search_hits(_prepared(key, as_of, lookback_days, abc, _con).frame, query))


@st.cache_resource(show_spinner=False, max_entries=16, ttl=CACHE_TTL)
def _text_codes(key: str, as_of: date | None, lookback_days: int | None, abc: tuple, binning: str | None,
                column: str, _con) -> np.ndarray:
    """Sort codes of a text column (tables.sort_codes); binning None: a column the bins do not change."""
    from .tables import sort_codes
    if binning is None:
        p = _prepared(key, as_of, lookback_days, abc, _con)
        values = {"segment": p.segment, "abc": p.abc, "grid_segment": p.grid[2]}.get(column)
        values = p.frame[column] if values is None else values
    else:
        values = _binned(key, as_of, binning, _con)[column]
    computed["text_codes"] += 1
    return _read_only(sort_codes(values))


@st.cache_resource(show_spinner=False, max_entries=32, ttl=CACHE_TTL)
def _order(key: str, as_of: date | None, binning: str, tiering: str | None, sort: str, desc: bool, query: str,
           stop: int | None, _con) -> tuple[np.ndarray, int]:
    from .tables import is_text, table_order
    frame = _scored(key, as_of, binning, tiering, _con) if tiering else _binned(key, as_of, binning, _con)
    s = _scenario_of(binning)
    hits = _search_hits(key, as_of, s.lookback_days, prepare_key(s), query, _con) if query else None

    def codes(column: str) -> np.ndarray | None:
        if not is_text(frame[column]):
            return None
        per_binning = _grid_binning(s) if column == "grid_segment" else None  # the rest come before the bins
        return _text_codes(key, as_of, s.lookback_days, prepare_key(s), per_binning, column, _con)

    computed["order"] += 1
    return _read_only(table_order(frame, sort, desc, hits, codes, stop)), len(frame) if hits is None else len(hits)


def _read_only(a: np.ndarray | None) -> np.ndarray | None:
    if a is not None:
        a.flags.writeable = False
    return a


ORDER_PREFIX = 1024  # rows ordered at least: the first 40 pages of 25 come from one partial sort


def customer_order(scenario: Scenario, sort: str, desc: bool, query: str, stop: int | None = None
                   ) -> tuple[np.ndarray, int]:
    """(positions, total): positions into scored(scenario) of the first `stop` customers matching query
    (all when None) in the table's order, by sort (descending when desc) then customer_id; total: how
    many match. Cached per data set, scenario, sort key and a bucket of stop (a power of two from 1,024;
    only those rows are sorted); a weight or tier change only re-sorts when the table is sorted by score
    or tier."""
    key, as_of, binning = _parts(scenario)
    tiering = _tiering(scenario) if sort in WEIGHED_COLUMNS else None
    bucket = None if stop is None else max(ORDER_PREFIX, 1 << (max(stop, 1) - 1).bit_length())
    positions, total = _order(key, as_of, binning, tiering, sort, desc, query.strip().lower(), bucket, connection())
    return positions if stop is None else positions[:stop], total


@st.cache_data(show_spinner=False, max_entries=16, ttl=CACHE_TTL)
def _line_columns(key: str, _con) -> tuple:
    return tuple(r[0] for r in _con.execute("DESCRIBE transactions").fetchall())


def line_columns() -> tuple:
    """The order lines' columns (customer_id, order_date, amount, and what else the file had)."""
    return _line_columns(dataset().fingerprint, connection())


def has_profit() -> bool:
    return "profit" in line_columns()


@st.cache_data(show_spinner=False, max_entries=16, ttl=CACHE_TTL)
def _stages(key: str, as_of: date | None, rules_json: str, _con) -> pd.DataFrame:
    from analytics.lifecycle import LifecycleRules, customer_stages
    return customer_stages(_con, as_of, LifecycleRules.from_dict(json.loads(rules_json)))


def stages(scenario: Scenario) -> pd.DataFrame:
    """Lifecycle stage of every known customer at the scenario's date."""
    return _stages(dataset().fingerprint, effective_as_of(scenario), json.dumps(scenario.lifecycle, sort_keys=True),
                   connection())


@st.cache_data(show_spinner=False, max_entries=8, ttl=CACHE_TTL)
def _stages_over_time(key: str, rules_json: str, start: date, end: date, _con) -> pd.DataFrame:
    from analytics.lifecycle import LifecycleRules, month_ends, stages_over_time
    return stages_over_time(_con, month_ends(start, end), LifecycleRules.from_dict(json.loads(rules_json)))


def stages_over_time(scenario: Scenario) -> pd.DataFrame:
    """Stage counts at every month end of the data's history (one pass, cached per rules)."""
    start, end = date_range()
    return _stages_over_time(dataset().fingerprint, json.dumps(scenario.lifecycle, sort_keys=True), start, end,
                             connection())


def _tiers_only(scenario: Scenario) -> str:
    """The scenario as a cache key without its date (migration picks its own dates)."""
    return scenario.with_changes(as_of=None, playbook={}, overrides={}).to_json()


@st.cache_data(show_spinner=False, max_entries=16, ttl=CACHE_TTL)
def _moves(key: str, scenario_json: str, d1: date, d2: date, _con) -> pd.DataFrame:
    from analytics.migration import migrate
    return migrate(_con, Scenario.from_json(scenario_json), d1, d2)


def moves(scenario: Scenario, d1: date, d2: date) -> pd.DataFrame:
    return _moves(dataset().fingerprint, _tiers_only(scenario), d1, d2, connection())


@st.cache_data(show_spinner=False, max_entries=16, ttl=CACHE_TTL)
def _headline(key: str, scenario_json: str, d1: date, d2: date, _con) -> dict:
    from analytics.migration import headline
    s = Scenario.from_json(scenario_json)
    return headline(_con, _moves(key, scenario_json, d1, d2, _con), [n for n, _ in s.tiers], d1, d2)


def headline(scenario: Scenario, d1: date, d2: date) -> dict:
    return _headline(dataset().fingerprint, _tiers_only(scenario), d1, d2, connection())


@st.cache_data(show_spinner=False, max_entries=8, ttl=CACHE_TTL)
def _trend(key: str, scenario_json: str, dates: tuple, _con) -> pd.DataFrame:
    from analytics.migration import tier_trend
    return tier_trend(_con, Scenario.from_json(scenario_json), list(dates))


def trend(scenario: Scenario, dates: list[date]) -> pd.DataFrame:
    return _trend(dataset().fingerprint, _tiers_only(scenario), tuple(dates), connection())


@st.cache_data(show_spinner=False, max_entries=8, ttl=CACHE_TTL)
def _value_fit(key: str, as_of: date, _con):
    """The models fitted at as_of (the slow part, one entry per data set and date): a cache of its own,
    so predictions under many settings cannot push the fit out."""
    from analytics import clv
    return clv.fit_value(_con, as_of)


@st.cache_data(show_spinner=False, max_entries=16, ttl=CACHE_TTL)
def _value(key: str, as_of: date, settings_json: str, _con):
    """The prediction under those settings from the cached fit (nothing is refitted)."""
    from analytics import clv
    return clv.predict_value(_value_fit(key, as_of, _con), json.loads(settings_json))


def value(scenario: Scenario):
    """The ValueResult (parameters, per-customer value, counts, parameters fitted on a bound) at the
    scenario's date; raises ClvError when it cannot fit. The fit depends on the data and the date only:
    the horizon, margin and discount re-predict."""
    settings = {k: scenario.clv[k] for k in ("horizon_months", "margin", "discount_rate")}
    return _value(dataset().fingerprint, effective_as_of(scenario), json.dumps(settings, sort_keys=True),
                  connection())


@st.cache_data(show_spinner=False, max_entries=8)
def _backtest(key: str, cutoff: date, end: date, _con):
    from analytics.clv import backtest
    return backtest(_con, cutoff, end)


def backtest(cutoff: date, end: date) -> dict:
    return _backtest(dataset().fingerprint, cutoff, end, connection())


@st.cache_data(show_spinner=False, max_entries=8, ttl=CACHE_TTL)
def _tier_backtest(key: str, scenario_json: str, cutoff: date, months: int, _con):
    from analytics.backtest_tiers import tier_backtest
    return tier_backtest(_con, Scenario.from_json(scenario_json), cutoff, months, attrs=_attributes(key, _con))


def tier_backtest(scenario: Scenario, cutoff: date, months: int):
    """Tiers from the orders up to the cut-off, and what each tier's customers brought over the horizon."""
    return _tier_backtest(dataset().fingerprint, scenario.to_json(), cutoff, months, connection())


@st.cache_data(show_spinner=False, max_entries=8, ttl=CACHE_TTL)
def _comparison(key: str, a_json: str, b_json: str, as_of: date | None, _con):
    from analytics.compare import compare_scenarios
    return compare_scenarios(_con, Scenario.from_json(a_json), Scenario.from_json(b_json), as_of,
                             attrs=_attributes(key, _con))


def comparison(a: Scenario, b: Scenario, as_of: date | None):
    """Every customer's tier under A and under B at one date, the cross-tables, movers and coverage."""
    return _comparison(dataset().fingerprint, a.to_json(), b.to_json(), as_of, connection())


@st.cache_data(show_spinner=False, max_entries=16, ttl=CACHE_TTL)
def _missing_counts(key: str, as_of: date | None, binning: str, tiering: str, _con) -> pd.DataFrame:
    return scorecard.missing_counts(_scored(key, as_of, binning, tiering, _con), _scenario_of(binning, tiering))


def missing_counts(scenario: Scenario) -> pd.DataFrame:
    """Per score component in use: customers, how many have no value, and the policy applied."""
    key, as_of, binning = _parts(scenario)
    return _missing_counts(key, as_of, binning, _tiering(scenario), connection())


@st.cache_data(show_spinner=False, max_entries=16, ttl=CACHE_TTL)
def _prospects(key: str, as_of: date | None, binning: str, tiering: str, _con) -> pd.DataFrame | None:
    scored_ids = _scored(key, as_of, binning, tiering, _con)["customer_id"]
    return scorecard.prospect_grades(_attributes(key, _con), scored_ids, _scenario_of(binning, tiering))


def prospect_grades(scenario: Scenario) -> pd.DataFrame | None:
    """customer_id, prospect_score, prospect_grade of every customer without a purchase (None: no card to grade by)."""
    key, as_of, binning = _parts(scenario)
    return _prospects(key, as_of, binning, _tiering(scenario), connection())
