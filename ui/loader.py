"""Loading the user's files: upload, sheet picker, reading options, column mapping, the pipeline with progress."""
from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from analytics import ingest
from analytics.ingest.parsing import detect_day_first, detect_decimal

from . import data
from .i18n import ingest_message, t, translate_uploader, upload_limit_text
from .safe import md

FILE_TYPES = ["csv", "tsv", "txt", "xlsx", "xls", "parquet", "gz", "zip"]  # .xls gets a plain "save as .xlsx"
UPLOAD_LIMIT_MB = 1024  # also server.maxUploadSize in .streamlit/config.toml
DELIMITERS = {",": ",", ";": ";", "\t": "Tab", "|": "|"}


def _uploads() -> dict:
    """This session's uploads on disk and read into DuckDB: file_id -> {path, tmp, raws}."""
    return st.session_state.setdefault("_uploads", {})


def _stored(upload, slot: str) -> dict:
    """The upload written to a temporary file once (readers stream from disk, not from memory)."""
    store = _uploads()
    entry = store.get(upload.file_id)
    if entry is None:
        for old in [k for k, v in store.items() if v["slot"] == slot]:
            store.pop(old)["tmp"].cleanup()  # the slot's previous file is no longer needed
        tmp = tempfile.TemporaryDirectory(prefix="tiering_upload_")
        path = Path(tmp.name) / ("upload" + "".join(Path(upload.name).suffixes[-2:]).lower())
        with open(path, "wb") as f:
            f.write(upload.getbuffer())
        entry = store[upload.file_id] = {"path": path, "tmp": tmp, "raws": {}, "slot": slot}
    return entry


def _read(upload, slot: str, sheet: str | None, delimiter: str | None) -> ingest.RawTable:
    entry = _stored(upload, slot)
    key = (sheet, delimiter)
    if key not in entry["raws"]:
        entry["raws"].clear()  # one reading per file at a time: memory stays bounded
        with st.spinner(t("load.stage.read", name=md(upload.name))):
            entry["raws"][key] = ingest.read_table(entry["path"], upload.name, sheet, delimiter=delimiter,
                                                   con=data.new_database())
    return entry["raws"][key]


def _raw(upload, key: str, delimiter: str | None) -> ingest.RawTable | None:
    """Read an uploaded file (asking for the sheet of a workbook); errors shown, never raised."""
    try:
        sheets = ingest.sheet_names(_stored(upload, key)["path"], upload.name)
        sheet = None
        if len(sheets) > 1:
            sheet = st.selectbox(t("load.sheet", name=md(upload.name)), sheets, key=f"sheet_{key}_{upload.file_id}")
        elif sheets:
            sheet = sheets[0]
        return _read(upload, key, sheet, delimiter)
    except ingest.IngestError as e:
        st.error(t("load.read_error", error=ingest_message(e)), icon=":material/error:")
        return None


def mapping_editor(raw: ingest.RawTable, kind: str, key: str) -> dict:
    """One selectbox per canonical field, pre-filled with the guessed source column."""
    fields = ingest.TRANSACTION_FIELDS if kind == "transactions" else ingest.CUSTOMER_FIELDS
    columns = list(raw.columns)
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
    return f"{upload.file_id}_{data.fingerprint(list(raw.columns))}"


def _describe(raw: ingest.RawTable) -> str:
    return t("load.detected", rows=raw.n_rows, cols=len(raw.columns), encoding=raw.encoding or "—",
             delimiter=DELIMITERS.get(raw.delimiter, raw.delimiter or "—"))


def _options() -> tuple:
    """Reading options: decimal separator, day/month order, delimiter (all detected unless chosen)."""
    with st.expander(t("load.options"), expanded=bool(st.session_state.get("_load_ambiguous"))):
        c = st.columns(3)
        decimal = c[0].selectbox(t("load.decimal"), [None, ".", ","], key="load_decimal",
                                 format_func=lambda v: t({None: "load.decimal.auto", ".": "load.decimal.point",
                                                          ",": "load.decimal.comma"}[v]))
        day_first = c[1].selectbox(t("load.day_first"), [None, True, False], key="load_day_first",
                                   format_func=lambda v: t({None: "load.day_first.auto", True: "load.day_first.day",
                                                            False: "load.day_first.month"}[v]))
        delimiter = c[2].selectbox(t("load.delimiter"), [None] + list(DELIMITERS), key="load_delimiter",
                                   format_func=lambda v: t("load.delimiter.auto") if v is None else DELIMITERS[v])
    return decimal, day_first, delimiter


def _ambiguities(raw: ingest.RawTable, mapping: dict, kind: str, decimal, day_first) -> list[str]:
    """What the detection could not decide for the mapped columns, as lines for the user."""
    from .quality import decision_lines

    numeric = ["amount", "quantity", "unit_price", "profit"] if kind == "transactions" else ["overdue_days",
                                                                                            "credit_limit"]
    dated = "order_date" if kind == "transactions" else "created_date"
    decimals, orders = {}, {}
    for f in numeric:
        col = mapping.get(f)
        if col and raw.is_text(col) and decimal is None:
            found = detect_decimal(raw.con, raw.relation, col, raw.delimiter, raw.row_numbers)
            if found["ambiguous"]:
                decimals[col] = found
    col = mapping.get(dated)
    if col and raw.is_text(col) and day_first is None:
        found = detect_day_first(raw.con, raw.relation, col, raw.row_numbers)
        if found["ambiguous"]:
            orders[col] = found
    return decision_lines(decimals, orders)


def upload_section() -> None:
    st.caption(t("load.limit", size=upload_limit_text(UPLOAD_LIMIT_MB)))
    st.caption(":material/info: " + t("data.session_only"))  # until data sets are kept on the server
    c1, c2 = st.columns(2)
    orders = c1.file_uploader(t("load.orders"), type=FILE_TYPES, key="up_orders", help=t("load.orders_help"),
                              max_upload_size=UPLOAD_LIMIT_MB)
    customers = c2.file_uploader(t("load.customers"), type=FILE_TYPES, key="up_customers",
                                 help=t("load.customers_help"), max_upload_size=UPLOAD_LIMIT_MB)
    translate_uploader("up_orders", FILE_TYPES, UPLOAD_LIMIT_MB)
    translate_uploader("up_customers", FILE_TYPES, UPLOAD_LIMIT_MB)
    if orders is None:
        st.caption(t("load.hint"))
        return
    loaded = st.session_state.get("loaded_upload")
    if loaded and loaded[0] == data.dataset().fingerprint and \
            loaded[1:] == (orders.file_id, customers.file_id if customers else None):
        st.caption(t("load.loaded", name=md(orders.name)))  # loaded: the report below is its result
        return
    decimal, day_first, delimiter = _options()
    raw_orders = _raw(orders, "orders", delimiter)
    if raw_orders is None:
        return
    st.markdown(f"**{md(orders.name)}** · {_describe(raw_orders)}")
    st.dataframe(raw_orders.preview(5), hide_index=True, width="stretch")
    st.markdown(t("load.mapping"))
    tx_map = mapping_editor(raw_orders, "transactions", _mapping_key(orders, raw_orders))
    problems = [mapping_problem(tx_map, "transactions")]
    raw_customers, cu_map = None, None
    if customers is not None:
        raw_customers = _raw(customers, "customers", None)
        if raw_customers is not None:
            st.markdown(f"**{md(customers.name)}** · {_describe(raw_customers)}")
            st.dataframe(raw_customers.preview(5), hide_index=True, width="stretch")
            cu_map = mapping_editor(raw_customers, "customers", _mapping_key(customers, raw_customers))
            problems.append(mapping_problem(cu_map, "customers"))
    problem = next((p for p in problems if p), None)
    if problem:
        st.error(problem, icon=":material/error:")
    else:
        unsure = _ambiguities(raw_orders, tx_map, "transactions", decimal, day_first)
        if raw_customers is not None:
            unsure += _ambiguities(raw_customers, cu_map, "customers", decimal, day_first)
        if unsure != st.session_state.get("_load_unsure"):
            st.session_state["_load_unsure"] = unsure
            st.session_state["_load_ambiguous"] = bool(unsure)
        if unsure:
            st.warning(t("load.ambiguous") + "\n\n" + "\n\n".join(f"- {line}" for line in unsure),
                       icon=":material/help:")
    drop = st.checkbox(t("load.drop_duplicates"), key="drop_duplicates", help=t("load.drop_duplicates_help"))
    if st.button(t("load.button"), type="primary", disabled=bool(problem), icon=":material/upload:"):
        _load(orders, raw_orders, tx_map, customers, raw_customers, cu_map, drop, decimal, day_first)


def _load(orders, raw_orders, tx_map, customers, raw_customers, cu_map, drop, decimal, day_first) -> None:
    stages = {"read": "load.stage.validate", "validate": "load.stage.validate", "customers": "load.stage.customers",
              "load": "load.stage.load", "done": "load.stage.features"}
    bar = st.progress(0.05, text=t("load.stage.validate"))
    try:
        tx, cu = ingest.load_files(data.connection(), raw_orders, raw_customers, drop_duplicates=drop,
                                   progress=lambda frac, stage: bar.progress(frac * 0.85, text=t(stages[stage])),
                                   decimal=decimal, day_first=day_first, orders_mapping=tx_map,
                                   customers_mapping=cu_map)
    except ingest.IngestError as e:
        bar.empty()
        st.error(t("load.read_error", error=ingest_message(e)), icon=":material/error:")
        return
    finally:
        for entry in _uploads().values():
            entry["raws"].clear()  # the pipeline dropped the raw rows; read again if needed
    key = data.fingerprint(orders.file_id, orders.name, tx_map, drop, decimal, day_first,
                           customers.file_id if customers is not None else None, cu_map)
    data.install(tx, cu, orders.name, key, copy=False)
    bar.progress(0.9, text=t("load.stage.features"))
    from . import state
    scenario = state.scenario()
    data.features(data.effective_as_of(scenario), scenario.lookback_days)  # the view the pages open with
    bar.progress(1.0, text=t("load.stage.done"))
    bar.empty()
    st.session_state["loaded_upload"] = (key, orders.file_id, customers.file_id if customers is not None else None)
    st.session_state["load_msg"] = t("load.done", name=md(orders.name), acc=tx.report.accepted, rej=tx.report.rejected)
    st.rerun()
