"""Loading the user's files: upload, sheet picker, column mapping, validation with progress."""
from __future__ import annotations

import streamlit as st

from analytics import ingest

from . import data
from .i18n import t, translate_uploader

FILE_TYPES = ["csv", "tsv", "txt", "xlsx", "xls", "parquet"]


@st.cache_data(show_spinner=False, max_entries=4)
def _read(file_id: str, name: str, sheet: str | None, _data: bytes) -> ingest.RawTable:
    return ingest.read_table(_data, name, sheet)


@st.cache_data(show_spinner=False, max_entries=4)
def _sheets(file_id: str, name: str, _data: bytes) -> list[str]:
    return ingest.sheet_names(_data, name)


def _raw(upload, key: str) -> ingest.RawTable | None:
    """Read an uploaded file (asking for the sheet of a workbook); errors shown, never raised."""
    try:
        sheets = _sheets(upload.file_id, upload.name, upload.getvalue())
        sheet = None
        if len(sheets) > 1:
            sheet = st.selectbox(t("load.sheet", name=upload.name), sheets, key=f"sheet_{key}_{upload.file_id}")
        elif sheets:
            sheet = sheets[0]
        return _read(upload.file_id, upload.name, sheet, upload.getvalue())
    except ingest.IngestError as e:
        st.error(t("load.read_error", error=str(e)), icon=":material/error:")
        return None


def mapping_editor(raw: ingest.RawTable, kind: str, key: str) -> dict:
    """One selectbox per canonical field, pre-filled with the guessed source column."""
    fields = ingest.TRANSACTION_FIELDS if kind == "transactions" else ingest.CUSTOMER_FIELDS
    columns = list(raw.frame.columns)
    guess = ingest.guess_mapping(columns, kind)
    options = [""] + columns
    mapping = {}
    grid = st.columns(4)
    for i, field in enumerate(fields):
        required = field in ("customer_id", "order_date") or (kind == "transactions" and field == "amount")
        label = t(f"field.{field}") + (" *" if required else "")
        chosen = grid[i % 4].selectbox(label, options, index=options.index(guess.get(field) or ""),
                                       key=f"map_{key}_{field}",
                                       format_func=lambda c: c if c else t("load.not_mapped"))
        mapping[field] = chosen or None
    return mapping


def mapping_problem(mapping: dict, kind: str) -> str | None:
    if not mapping.get("customer_id"):
        return t("load.need", field=t("field.customer_id"))
    if kind == "transactions":
        if not mapping.get("order_date"):
            return t("load.need", field=t("field.order_date"))
        if not mapping.get("amount") and not (mapping.get("quantity") and mapping.get("unit_price")):
            return t("load.need_amount")
    used = [c for c in mapping.values() if c]
    if len(used) != len(set(used)):
        return t("load.twice")
    return None


def _mapping_key(upload, raw: ingest.RawTable) -> str:
    """Mapping widgets belong to a file and its columns: another sheet starts from a fresh guess."""
    return f"{upload.file_id}_{data.fingerprint(list(raw.frame.columns))}"


def _describe(raw: ingest.RawTable) -> str:
    return t("load.detected", rows=len(raw.frame), cols=len(raw.frame.columns),
             encoding=raw.encoding or "—", delimiter={"\t": "Tab", None: "—"}.get(raw.delimiter, raw.delimiter))


def upload_section() -> None:
    c1, c2 = st.columns(2)
    orders = c1.file_uploader(t("load.orders"), type=FILE_TYPES, key="up_orders", help=t("load.orders_help"))
    customers = c2.file_uploader(t("load.customers"), type=FILE_TYPES, key="up_customers",
                                 help=t("load.customers_help"))
    translate_uploader("up_orders", FILE_TYPES)
    translate_uploader("up_customers", FILE_TYPES)
    if orders is None:
        st.caption(t("load.hint"))
        return
    raw_orders = _raw(orders, "orders")
    if raw_orders is None:
        return
    st.markdown(f"**{orders.name}** · {_describe(raw_orders)}")
    st.dataframe(raw_orders.frame.head(5), hide_index=True, width="stretch")
    st.markdown(t("load.mapping"))
    tx_map = mapping_editor(raw_orders, "transactions", _mapping_key(orders, raw_orders))
    problems = [mapping_problem(tx_map, "transactions")]
    raw_customers, cu_map = None, None
    if customers is not None:
        raw_customers = _raw(customers, "customers")
        if raw_customers is not None:
            st.markdown(f"**{customers.name}** · {_describe(raw_customers)}")
            st.dataframe(raw_customers.frame.head(5), hide_index=True, width="stretch")
            cu_map = mapping_editor(raw_customers, "customers", _mapping_key(customers, raw_customers))
            problems.append(mapping_problem(cu_map, "customers"))
    problem = next((p for p in problems if p), None)
    if problem:
        st.error(problem, icon=":material/error:")
    drop = st.checkbox(t("load.drop_duplicates"), key="drop_duplicates", help=t("load.drop_duplicates_help"))
    if st.button(t("load.button"), type="primary", disabled=bool(problem), icon=":material/upload:"):
        _load(orders, raw_orders, tx_map, customers, raw_customers, cu_map, drop)


def _load(orders, raw_orders, tx_map, customers, raw_customers, cu_map, drop) -> None:
    bar = st.progress(0.05, text=t("load.stage.validate"))
    tx = ingest.validate_transactions(raw_orders, tx_map, drop_duplicates=drop)
    cu = None
    if raw_customers is not None:
        bar.progress(0.4, text=t("load.stage.customers"))
        cu = ingest.validate_customers(raw_customers, cu_map)
    bar.progress(0.6, text=t("load.stage.load"))
    key = data.fingerprint(orders.file_id, orders.name, tx_map, drop,
                           customers.file_id if customers is not None else None, cu_map)
    data.install(tx, cu, orders.name, key)
    bar.progress(0.85, text=t("load.stage.features"))
    data.features(None, None)  # warm the cache for the default view
    bar.progress(1.0, text=t("load.stage.done"))
    bar.empty()
    st.session_state["load_msg"] = t("load.done", name=orders.name, acc=tx.report["accepted"], rej=tx.report["rejected"])
    st.rerun()
