"""Filter customers by their attributes (region, industry, owner, lifecycle stage ...).

One filter per session, shared by the Tiers and Export pages (set on one, in force on the other) and kept
in the address as ?filter={"region": ["North", "East"]}, so a link shows the same customers. A column
with no value chosen restricts nothing; "(missing)" picks the customers without a value.

What it narrows: on the Tiers page the tier cards, the pyramid, the tiers-by-attribute table and the
customer list. Tiers are still computed over all customers (a filter never moves anyone to another tier),
and the ABC curve, the eight-class model and the R x F grid describe all customers. On the Export page,
the list exported. Whenever a filter is in force, a caption says so: "Showing 312 of 1,000 customers
(Region: North, East)".
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import partial
from typing import Callable

import numpy as np
import pandas as pd
import streamlit as st

from analytics.crosstab import MISSING, STAGE, filter_mask, value_labels
from analytics.lifecycle import STAGE_ORDER
from analytics.scoring import tier_summary as _tier_summary

from . import data, notices
from .i18n import t
from .safe import md

KEY = "customer_filter"  # session state: the filter in force, {column: [value texts]}
PARAM = "filter"         # the address's query parameter
DISTINCT = (2, 50)       # a customers-table column is offered when it has this many different values
SKIP = {"customer_id", "name"}
MAX_CHARS = 10_000       # a filter in a link longer than this is not read


@dataclass(frozen=True)
class Shown:
    """The customers a page shows: frame (all, or the filter's rows in their order), positions (their
    rows in the page's frame; None: no filter), the filter and the number of customers before it."""
    frame: pd.DataFrame
    positions: np.ndarray | None
    filters: dict = field(default_factory=dict)
    total: int = 0
    key: str = ""  # a cache key of what was filtered (data set, scenario, filter)
    stages: Callable[[], pd.DataFrame] | None = None  # the lifecycle stages, for STAGE


@st.cache_data(show_spinner=False, max_entries=8, ttl=data.CACHE_TTL)
def _columns(key: str, _attrs: pd.DataFrame | None) -> list[str]:
    if _attrs is None:
        return []
    low, high = DISTINCT
    return [c for c in _attrs.columns if c not in SKIP and low <= _attrs[c].dropna().nunique() <= high]


def columns(stage: bool = True) -> list[str]:
    """The customers-table columns to filter or cross by (2-50 different values), then the lifecycle stage."""
    return _columns(data.dataset().fingerprint, data.attributes()) + ([STAGE] if stage else [])


def column_label(column: str) -> str:
    return t(f"col.{column}", default=column)


def value_label(column: str, value: str) -> str:
    """A value as the interface shows it: stages and the missing / other rows translated, the rest as it is."""
    if value == MISSING:
        return t("xt.missing")
    if value == "(other)":
        return t("xt.other")
    if column == STAGE:
        return t(f"stage.{value}", default=value)
    return value


def _from_link(raw: str | None) -> dict:
    """The address's filter as {column: [texts]}; anything else (not JSON, another shape, too long) is left
    out with a notice."""
    if not raw:
        return {}
    try:
        found = json.loads(raw) if len(raw) <= MAX_CHARS else None
    except ValueError:
        found = None
    ok = isinstance(found, dict) and all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(x, (str, int, float)) and not isinstance(x, bool)
                                                            for x in v) for k, v in found.items())
    if not ok:  # said now, and at the top of the page until dismissed
        notices.add_text(t("flt.unreadable"))
        notices.slot().warning(t("flt.unreadable"), icon=":material/filter_alt_off:")
        return {}
    return {k: [x if isinstance(x, str) else value_labels(pd.Series([x])).iat[0] for x in v] for k, v in found.items()}


def current() -> dict:
    """The filter in force in this session (read from the address the first time)."""
    if KEY not in st.session_state:
        st.session_state[KEY] = _from_link(st.query_params.get(PARAM))
    return st.session_state[KEY]


def _set(filters: dict) -> None:
    st.session_state[KEY] = filters
    text = json.dumps(filters, ensure_ascii=False, separators=(",", ":")) if filters else None
    if text is None:
        if PARAM in st.query_params:
            del st.query_params[PARAM]
    elif st.query_params.get(PARAM) != text:
        st.query_params[PARAM] = text


def _values(frame: pd.DataFrame, column: str, stages) -> pd.Series:
    if column in frame.columns:
        return frame[column]
    by_id = stages().drop_duplicates("customer_id").set_index("customer_id")["stage"]
    return frame["customer_id"].map(by_id)


def _options(frame: pd.DataFrame, column: str, stages) -> list[str]:
    """The values a column has among the page's customers, sorted (stages in their order), (missing) last."""
    present = set(value_labels(_values(frame, column, stages)).unique())
    named = sorted(present - {MISSING})
    if column == STAGE:
        named = [s for s in STAGE_ORDER if s in present] + [s for s in named if s not in STAGE_ORDER]
    return named + ([MISSING] if MISSING in present else [])


@st.cache_data(show_spinner=False, max_entries=32, ttl=data.CACHE_TTL)
def _cached_options(key: str, column: str, _frame: pd.DataFrame, _stages) -> list[str]:
    return _options(_frame, column, _stages)


def _clear(page: str) -> None:
    _set({})
    for k in [k for k in st.session_state if str(k).startswith(f"flt_{page}_")]:
        del st.session_state[k]


def describe(filters: dict) -> str:
    """The filter as Markdown-safe text: "Region: North, East · Stage: Loyal"."""
    return " · ".join(t("flt.pair", column=md(column_label(c)), values=", ".join(md(value_label(c, v)) for v in vs))
                      for c, vs in filters.items())


@st.cache_resource(show_spinner=False, max_entries=16, ttl=data.CACHE_TTL)
def _positions(key: str, filter_json: str, _frame: pd.DataFrame, _stages) -> np.ndarray:
    filters = json.loads(filter_json)
    stages = _stages() if STAGE in filters and STAGE not in _frame.columns else None
    positions = np.flatnonzero(filter_mask(_frame, filters, stages))
    positions.flags.writeable = False
    return positions


def control(frame: pd.DataFrame, page: str, scenario, shared: bool = False) -> Shown:
    """The filter box (in the main area, where this is called) and, while a filter is in force, the
    caption saying how many customers it shows. frame: the page's customers, one row per customer;
    shared: frame is data.scored(scenario), cached per data set and scenario, so the filtered rows are
    cached too (else they are found on every run). Returns the customers shown."""
    stages = partial(data.stages, scenario)
    offered = [c for c in columns() if c in frame.columns or c == STAGE]
    wanted = current()
    scope = f"{page}|{data.dataset().fingerprint}|{data.effective_as_of(scenario)}|{scenario.to_json()}"
    values_of = (lambda c: _cached_options(scope, c, frame, stages)) if shared else \
        (lambda c: _options(frame, c, stages))
    options = {c: values_of(c) for c in wanted if c in offered}
    kept = {c: [v for v in vs if v in options[c]] for c, vs in wanted.items() if c in options}
    dropped = [f"{c}: {v}" for c, vs in wanted.items() for v in vs if c not in options or v not in options[c]]
    dropped += [c for c, vs in wanted.items() if not vs and c not in options]
    if dropped:
        what = ", ".join(md(d) for d in dropped)
        notices.add_text(t("flt.dropped", what=what))
        notices.slot().warning(t("flt.dropped", what=what), icon=":material/filter_alt_off:")
    with st.expander(t("flt.title"), icon=":material/filter_alt:", expanded=bool(kept), key=f"flt_{page}_box"):
        st.caption(t(f"flt.help.{page}"))
        key = f"flt_{page}_cols"
        if key not in st.session_state:
            st.session_state[key] = list(kept)
        chosen = st.multiselect(t("flt.columns"), offered, key=key, format_func=column_label,
                                placeholder=t("export.all"))
        chosen_values = {}
        for c in chosen:
            opts = options.get(c) or values_of(c)
            vkey = f"flt_{page}_v_{c}"
            if vkey not in st.session_state:
                st.session_state[vkey] = [v for v in kept.get(c, []) if v in opts]
            chosen_values[c] = st.multiselect(t("flt.values", column=md(column_label(c))), opts, key=vkey,
                                              format_func=partial(value_label, c), placeholder=t("export.all"))
        if chosen:
            st.button(t("flt.clear"), key=f"flt_{page}_clear", on_click=_clear, args=(page,),
                      icon=":material/filter_alt_off:", type="tertiary")
    filters = {c: vs for c, vs in chosen_values.items() if vs}
    _set(filters)  # also puts it back in the address after a page that does not carry it
    if not filters:
        return Shown(frame, None, {}, len(frame), "", stages)
    filter_json = json.dumps(filters, ensure_ascii=False, sort_keys=True)
    cache_key = scope if shared else ""
    if shared:
        positions = _positions(cache_key, filter_json, frame, stages)
    else:
        positions = np.flatnonzero(filter_mask(frame, filters, stages() if STAGE in filters
                                               and STAGE not in frame.columns else None))
    st.caption(t("flt.showing", shown=len(positions), total=len(frame), what=describe(filters)))
    if not len(positions):
        st.warning(t("flt.none_match"), icon=":material/filter_alt_off:")
    return Shown(frame.iloc[positions], positions, filters, len(frame),
                 f"{cache_key}|{filter_json}" if cache_key else "", stages)


@st.cache_data(show_spinner=False, max_entries=16, ttl=data.CACHE_TTL)
def _summary(key: str, _frame: pd.DataFrame) -> pd.DataFrame:
    return _tier_summary(_frame)


def tier_summary(scenario, shown: Shown) -> pd.DataFrame:
    """One row per tier of the customers shown (data.tier_summary when no filter is in force)."""
    if shown.positions is None:
        return data.tier_summary(scenario)
    return _summary(shown.key, shown.frame) if shown.key else _tier_summary(shown.frame)


def table_order(scenario, shown: Shown):
    """The customer table's order (data.customer_order) restricted to the customers shown."""
    if shown.positions is None:
        return partial(data.customer_order, scenario)
    keep = np.zeros(shown.total, dtype=bool)
    keep[shown.positions] = True

    def order(sort: str, desc: bool, query: str, stop: int | None = None) -> tuple[np.ndarray, int]:
        positions, _ = data.customer_order(scenario, sort, desc, query)
        positions = positions[keep[positions]]
        return (positions if stop is None else positions[:stop]), len(positions)
    return order
