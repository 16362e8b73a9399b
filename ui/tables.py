"""Tables the pages share: a searchable, sortable, paged customer table, and column labels."""
from __future__ import annotations

import math
import unicodedata
from typing import Callable

import numpy as np
import pandas as pd
import streamlit as st

from analytics.export import to_csv_bytes, to_excel_bytes

from .i18n import segment_label, t

CUSTOMER_COLUMNS = ["customer_id", "name", "tier", "score", "recency_days", "frequency", "monetary", "profit",
                    "r_score", "f_score", "m_score", "segment", "grid_segment", "abc"]
PAGE_SIZE = 25
ROW_PX = 35  # st.dataframe's row height: a page shows whole, without an inner scroll
PERCENT = "%.1f%%"  # one decimal everywhere; Streamlit's "percent" drops trailing zeros (97% beside 98.48%)
PINNED = ("customer_id", "name")  # stay in view when a wide list scrolls sideways


def _is_percent(column: str) -> bool:
    return column == "p_alive" or column.endswith("_share") or column.startswith("conversion_")


def text_width(texts, most: int = 320) -> int:
    """Pixels a table column needs to show the longest of texts whole (14 px a CJK character, 8 px
    another), at most `most` (a longer text ends in "…", whole in the cell's tooltip)."""
    px = max((sum(14 if unicodedata.east_asian_width(ch) in "WF" else 8 for ch in str(x)) for x in texts),
             default=0)
    return min(px + 28, most)  # the cell's padding and the header's sort arrow


def column_config(columns) -> dict:
    """Translated headers and number formats for the columns that are shown (by display_frame)."""
    fmt = {"score": "%.1f", "monetary": "accounting", "profit": "accounting", "monetary_from": "accounting",
           "monetary_to": "accounting", "clv": "accounting", "expected_spend": "accounting",
           "expected_purchases": "%.2f"}
    cfg = {}
    for c in columns:
        label = t(f"col.{c}", default=c)
        if _is_percent(c):
            cfg[c] = st.column_config.NumberColumn(label, format=PERCENT)
        elif c in fmt:
            cfg[c] = st.column_config.NumberColumn(label, format=fmt[c])
        else:
            cfg[c] = st.column_config.Column(label, pinned=True if c in PINNED else None)
    return cfg


def display_frame(frame: pd.DataFrame, columns, percent: bool = True) -> pd.DataFrame:
    """The chosen columns with segment codes shown in the interface language (percent: shares x 100)."""
    out = frame[[c for c in columns if c in frame.columns]].copy()
    for c in ("segment", "grid_segment"):
        if c in out.columns:
            out[c] = out[c].map(segment_label)
    for c, prefix in (("value_tier", "value.tier"), ("quadrant", "value.q")):
        if c in out.columns:
            out[c] = out[c].map(lambda v, p=prefix: t(f"{p}.{v}", default=v) if isinstance(v, str) else v)
    if "stage" in out.columns:
        out["stage"] = out["stage"].map(lambda code: t(f"stage.{code}", default=code) if isinstance(code, str) else code)
    if "tier" in out.columns:
        out["tier"] = out["tier"].astype("str")
    for c in [c for c in out.columns if percent and _is_percent(c)]:
        out[c] = out[c] * 100
    return out


def readable_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A list for people: headers and labels in the interface language instead of column names and codes."""
    out = display_frame(frame, frame.columns, percent=False)
    return out.rename(columns={c: t(f"col.{c}", default=c) for c in out.columns})


def search_hits(frame: pd.DataFrame, query: str) -> np.ndarray | None:
    """Positions of the rows whose customer_id or name contains query (any case); None: no query."""
    q = query.strip().lower()
    if not q:
        return None
    hit = frame["customer_id"].astype("str").str.lower().str.contains(q, regex=False)
    if "name" in frame.columns:
        hit |= frame["name"].fillna("").astype("str").str.lower().str.contains(q, regex=False)
    return np.flatnonzero(hit.to_numpy(dtype=bool))


def is_text(values: pd.Series) -> bool:
    """A column sorted through sort_codes (not a number, a flag or an ordered category)."""
    return not (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)
                or isinstance(values.dtype, pd.CategoricalDtype))


def sort_codes(values: pd.Series) -> np.ndarray:
    """Each value's place among the column's distinct values in sorted order (-1: missing)."""
    if not len(values):
        return np.empty(0, dtype="int64")
    if values.notna().all() and values.is_unique and values.is_monotonic_increasing:
        return np.arange(len(values), dtype="int64")  # ids usually come sorted from the database
    codes, _ = pd.factorize(values, sort=True)
    return codes.astype("int64", copy=False)


def _sort_key(values: pd.Series, desc: bool, codes: np.ndarray | None = None) -> np.ndarray:
    """A float array whose ascending order is the column's (descending when desc), missing values last."""
    if codes is None and isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy(dtype="int64")
    elif codes is None and is_text(values):
        codes = sort_codes(values)
    if codes is not None:
        key, missing = codes.astype("float64"), codes < 0
    else:
        key = values.to_numpy(dtype="float64", na_value=np.nan)
        missing = np.isnan(key)
    key = -key if desc else key.copy()
    key[missing] = np.inf
    return key


def table_order(frame: pd.DataFrame, sort: str, desc: bool, hits: np.ndarray | None = None,
                codes: Callable[[str], np.ndarray | None] | None = None, stop: int | None = None) -> np.ndarray:
    """Positions of the rows (all, or hits) ordered by sort (descending when desc), then customer_id;
    missing values last: the order of frame.sort_values([sort, "customer_id"], kind="stable"), sorted
    as numbers (text through its sort codes). codes(column): the column's cached sort_codes, or None.
    stop: only the first `stop` positions, from a partial sort (O(N) instead of a full sort).
    """
    rows = np.arange(len(frame)) if hits is None else np.asarray(hits, dtype="int64")
    lookup = codes or (lambda column: None)
    primary = _sort_key(frame[sort], desc, lookup(sort))[rows]
    ids = _sort_key(frame["customer_id"], False, lookup("customer_id"))[rows]
    if stop is not None and 0 < stop < len(rows) // 2:
        # every row of the first `stop` has a key <= the stop-th smallest key: sort just those (ties included)
        kth = np.partition(primary, stop - 1)[stop - 1]
        candidates = np.flatnonzero(primary <= kth)
        return rows[candidates[np.lexsort((ids[candidates], primary[candidates]))][:stop]]
    order = rows[np.lexsort((ids, primary))]
    return order if stop is None else order[:max(stop, 0)]


def customer_table(scored: pd.DataFrame, key: str,
                   order: Callable[[str, bool, str, int], tuple[np.ndarray, int]] | None = None) -> None:
    """Search by id or name, sort by any column, 25 rows a page (only one page is sent).

    order(sort, desc, query, stop) -> (positions of the first `stop` matching rows in table order, how
    many match): data.customer_order, cached; by default table_order here. Only the page shown is
    formatted.
    """
    c1, c2, c3, c4 = st.columns([3, 2, 1, 1])
    query = c1.text_input(t("table.search"), key=f"{key}_q", placeholder=t("table.search_hint"))
    cols = [c for c in CUSTOMER_COLUMNS if c in scored.columns]
    sort = c2.selectbox(t("table.sort"), cols, index=cols.index("score"), key=f"{key}_sort",
                        format_func=lambda c: t(f"col.{c}", default=c))
    desc = c3.toggle(t("table.desc"), value=True, key=f"{key}_desc")
    if order is None:
        hits = search_hits(scored, query)
        total = len(scored) if hits is None else len(hits)
        order = lambda sort, desc, query, stop: (table_order(scored, sort, desc, hits, stop=stop), total)  # noqa: E731
    _, total = order(sort, desc, query, PAGE_SIZE)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = c4.number_input(t("table.page", pages=pages), 1, pages, key=f"{key}_page")
    positions, _ = order(sort, desc, query, page * PAGE_SIZE)
    chunk = scored.iloc[positions[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]]
    if "override" in scored.columns:  # tiers set by hand: the reason beside the tier
        cols.insert(cols.index("tier") + 1, "override")
    cfg = column_config(cols)
    if "tier" in cfg:  # as wide as the longest tier name (战略客户, not 战略客…), the same on every page
        tiers = scored["tier"].cat.categories if isinstance(scored["tier"].dtype, pd.CategoricalDtype) \
            else chunk["tier"].dropna().unique()
        cfg["tier"] = st.column_config.Column(t("col.tier"), width=text_width([t("col.tier"), *tiers]))
    from .customer import clickable_table  # a click on a row opens the customer's page
    clickable_table(display_frame(chunk, cols).fillna({"override": ""}), key, hide_index=True, column_config=cfg, width="stretch",
                    height=(len(chunk) + 1) * ROW_PX + 3)
    st.caption(t("table.count", shown=len(chunk), total=total, page=min(page, pages), pages=pages))


def summary_table(frame: pd.DataFrame) -> None:
    """An aggregate table with translated headers, shares as percentages, money and counts with separators."""
    cfg = column_config(frame.columns)
    for c in frame.columns:
        label = t(f"col.{c}", default=c)
        if c in ("revenue", "avg_monetary", "avg_order_value"):
            cfg[c] = st.column_config.NumberColumn(label, format="accounting")
        elif c.startswith("avg_"):
            cfg[c] = st.column_config.NumberColumn(label, format="%.1f")
        elif pd.api.types.is_integer_dtype(frame[c]):
            cfg[c] = st.column_config.NumberColumn(label, format="localized")
    st.dataframe(display_frame(frame, frame.columns), hide_index=True, column_config=cfg, width="stretch")


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download_buttons(frame: pd.DataFrame, stem: str, key: str) -> None:
    """Download CSV (UTF-8 with BOM) and Excel of a list; the files are built when clicked.

    By default the file has the column names and codes of the command line (stable for other systems);
    the toggle writes headers and labels in the interface language, for people."""
    row = st.container(horizontal=True, vertical_alignment="center")
    # labelled here, not in the click's thread, which has no session (so no language)
    out = readable_frame(frame) if st.session_state.get(f"{key}_readable", False) else frame
    # on_click="ignore": a click that also reran the page could revoke the file before the browser fetched it
    row.download_button(t("export.csv"), lambda: to_csv_bytes(out), file_name=f"{stem}.csv", mime="text/csv",
                        icon=":material/download:", type="primary", disabled=frame.empty, key=f"{key}_csv",
                        on_click="ignore")
    row.download_button(t("export.excel"), lambda: to_excel_bytes(out), file_name=f"{stem}.xlsx",
                        mime=XLSX_MIME, icon=":material/table:", disabled=frame.empty, key=f"{key}_xlsx",
                        on_click="ignore")
    row.toggle(t("export.readable"), key=f"{key}_readable", help=t("export.readable_help"))
