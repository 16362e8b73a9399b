"""The session's DuckDB database and the cached computations keyed by the data set.

One in-memory DuckDB per browser session (an upload is never visible to another session).
Parsing the bundled sample and per-customer features are cached across reruns, keyed by the
data set's fingerprint, so moving a slider only re-scores in memory.
"""
from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from analytics import ingest
from analytics.config import Scenario
from analytics.features import customer_attributes, customer_features, earliest_order_date, latest_order_date
from analytics.scoring import score_customers

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_ORDERS = ROOT / "sample_data" / "orders.csv"
SAMPLE_CUSTOMERS = ROOT / "sample_data" / "customers.csv"


def connection() -> duckdb.DuckDBPyConnection:
    """This session's own database."""
    if "db" not in st.session_state:
        st.session_state["db"] = duckdb.connect(":memory:")
    return st.session_state["db"]


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


def install(tx, cu, name: str, key: str, copy: bool = True) -> None:
    """Put validated results into the session's database (unless already there) and make them the current data set."""
    if copy:
        ingest.load_into_duckdb(connection(), tx, cu)
    st.session_state["dataset"] = {
        "name": name, "fingerprint": key, "report": tx.report, "rejected": tx.rejected,
        "customers_report": cu.report if cu is not None else None,
        "customers_rejected": cu.rejected if cu is not None else None,
        "orders_file": tx.filename, "customers_file": cu.filename if cu is not None else None,
    }


def load_sample() -> None:
    from .i18n import t

    bar = st.progress(0.1, text=t("load.stage.sample"))
    stamps = SAMPLE_ORDERS.stat().st_mtime, SAMPLE_CUSTOMERS.stat().st_mtime
    tx, cu = _parse_sample(*stamps)
    bar.progress(0.7, text=t("load.stage.load"))
    install(tx, cu, "sample", fingerprint("sample", *stamps))
    bar.empty()


def dataset() -> dict:
    """The current data set of this session; the bundled sample until the user loads another."""
    if "dataset" not in st.session_state:
        load_sample()
    return st.session_state["dataset"]


@st.cache_data(show_spinner=False, max_entries=32)
def _features(key: str, as_of: date | None, lookback_days: int | None, _con) -> pd.DataFrame:
    return customer_features(_con, as_of, lookback_days)


@st.cache_data(show_spinner=False, max_entries=8)
def _attributes(key: str, _con) -> pd.DataFrame | None:
    return customer_attributes(_con)


@st.cache_data(show_spinner=False, max_entries=8)
def _date_range(key: str, _con) -> tuple[date | None, date | None]:
    return earliest_order_date(_con), latest_order_date(_con)


def date_range() -> tuple[date | None, date | None]:
    ds = dataset()
    return _date_range(ds["fingerprint"], connection())


def features(as_of: date | None, lookback_days: int | None) -> pd.DataFrame:
    ds = dataset()
    return _features(ds["fingerprint"], as_of, lookback_days, connection())


def attributes() -> pd.DataFrame | None:
    ds = dataset()
    return _attributes(ds["fingerprint"], connection())


def effective_as_of(scenario: Scenario) -> date | None:
    """The scenario's as-of date, or the latest order date when it has none."""
    return scenario.as_of_date() or date_range()[1]


@st.cache_data(show_spinner=False, max_entries=16)
def _scored(key: str, scenario_json: str, as_of: date | None, _con) -> pd.DataFrame:
    s = Scenario.from_json(scenario_json)
    feats = _features(key, as_of, s.lookback_days, _con)
    return score_customers(feats, s, _attributes(key, _con))


def scored(scenario: Scenario) -> pd.DataFrame:
    """Every scored customer under the scenario (cached per data set and scenario)."""
    ds = dataset()
    return _scored(ds["fingerprint"], scenario.to_json(), effective_as_of(scenario), connection())


def has_profit() -> bool:
    cols = [r[0] for r in connection().execute("DESCRIBE transactions").fetchall()]
    return "profit" in cols


@st.cache_data(show_spinner=False, max_entries=16)
def _stages(key: str, as_of: date | None, rules_json: str, _con) -> pd.DataFrame:
    from analytics.lifecycle import LifecycleRules, customer_stages
    return customer_stages(_con, as_of, LifecycleRules.from_dict(json.loads(rules_json)))


def stages(scenario: Scenario) -> pd.DataFrame:
    """Lifecycle stage of every known customer at the scenario's date."""
    return _stages(dataset()["fingerprint"], effective_as_of(scenario), json.dumps(scenario.lifecycle, sort_keys=True),
                   connection())


@st.cache_data(show_spinner=False, max_entries=8)
def _stages_over_time(key: str, rules_json: str, start: date, end: date, _con) -> pd.DataFrame:
    from analytics.lifecycle import LifecycleRules, month_ends, stages_over_time
    return stages_over_time(_con, month_ends(start, end), LifecycleRules.from_dict(json.loads(rules_json)))


def stages_over_time(scenario: Scenario) -> pd.DataFrame:
    """Stage counts at every month end of the data's history (one pass, cached per rules)."""
    start, end = date_range()
    return _stages_over_time(dataset()["fingerprint"], json.dumps(scenario.lifecycle, sort_keys=True), start, end,
                             connection())


def _tiers_only(scenario: Scenario) -> str:
    """The scenario as a cache key without its date (migration picks its own dates)."""
    return scenario.with_changes(as_of=None, playbook={}).to_json()


@st.cache_data(show_spinner=False, max_entries=16)
def _moves(key: str, scenario_json: str, d1: date, d2: date, _con) -> pd.DataFrame:
    from analytics.migration import migrate
    return migrate(_con, Scenario.from_json(scenario_json), d1, d2)


def moves(scenario: Scenario, d1: date, d2: date) -> pd.DataFrame:
    return _moves(dataset()["fingerprint"], _tiers_only(scenario), d1, d2, connection())


@st.cache_data(show_spinner=False, max_entries=16)
def _headline(key: str, scenario_json: str, d1: date, d2: date, _con) -> dict:
    from analytics.migration import headline
    s = Scenario.from_json(scenario_json)
    return headline(_con, _moves(key, scenario_json, d1, d2, _con), [n for n, _ in s.tiers], d1, d2)


def headline(scenario: Scenario, d1: date, d2: date) -> dict:
    return _headline(dataset()["fingerprint"], _tiers_only(scenario), d1, d2, connection())


@st.cache_data(show_spinner=False, max_entries=8)
def _trend(key: str, scenario_json: str, dates: tuple, _con) -> pd.DataFrame:
    from analytics.migration import tier_trend
    return tier_trend(_con, Scenario.from_json(scenario_json), list(dates))


def trend(scenario: Scenario, dates: list[date]) -> pd.DataFrame:
    return _trend(dataset()["fingerprint"], _tiers_only(scenario), tuple(dates), connection())


@st.cache_data(show_spinner=False, max_entries=8)
def _value(key: str, as_of: date, settings_json: str, _con):
    from analytics.clv import customer_value
    return customer_value(_con, as_of, json.loads(settings_json))


def value(scenario: Scenario):
    """(params, per-customer value, info) at the scenario's date; raises ClvError when it cannot fit."""
    return _value(dataset()["fingerprint"], effective_as_of(scenario), json.dumps(scenario.clv, sort_keys=True),
                  connection())


@st.cache_data(show_spinner=False, max_entries=8)
def _backtest(key: str, cutoff: date, end: date, _con) -> dict:
    from analytics.clv import backtest
    return backtest(_con, cutoff, end)


def backtest(cutoff: date, end: date) -> dict:
    return _backtest(dataset()["fingerprint"], cutoff, end, connection())
