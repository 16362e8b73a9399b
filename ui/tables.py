"""Tables the pages share: a searchable, sortable, paged customer table, and column labels."""
from __future__ import annotations

import math

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


def customer_table(scored: pd.DataFrame, key: str) -> None:
    """Search by id or name, sort by any column, 25 rows a page (only one page is sent)."""
    c1, c2, c3, c4 = st.columns([3, 2, 1, 1])
    query = c1.text_input(t("table.search"), key=f"{key}_q", placeholder=t("table.search_hint"))
    cols = [c for c in CUSTOMER_COLUMNS if c in scored.columns]
    sort = c2.selectbox(t("table.sort"), cols, index=cols.index("score"), key=f"{key}_sort",
                        format_func=lambda c: t(f"col.{c}", default=c))
    desc = c3.toggle(t("table.desc"), value=True, key=f"{key}_desc")
    view = scored
    if query.strip():
        q = query.strip().lower()
        hit = view["customer_id"].str.lower().str.contains(q, regex=False)
        if "name" in view.columns:
            hit |= view["name"].fillna("").astype("str").str.lower().str.contains(q, regex=False)
        view = view[hit]
    pages = max(1, math.ceil(len(view) / PAGE_SIZE))
    page = c4.number_input(t("table.page", pages=pages), 1, pages, key=f"{key}_page")
    view = view.sort_values([sort, "customer_id"], ascending=[not desc, True], kind="stable")
    chunk = view.iloc[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    st.dataframe(display_frame(chunk, cols), hide_index=True, column_config=column_config(cols), width="stretch",
                 height=(len(chunk) + 1) * ROW_PX + 3)
    st.caption(t("table.count", shown=len(chunk), total=len(view), page=min(page, pages), pages=pages))


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
