"""Files -> DuckDB tables: reading, column mapping, validation, quarantine of bad rows.

Nothing is lost: every input row is accepted or lands in a rejected table with the file row,
the column, a reason code (REASONS) and the value, so rows read = accepted + rejected.
Reading, parsing and checking run in DuckDB (reading.py, parsing.py, validate.py); load_files is
the one pipeline (read, map, validate, load) behind the command line, the sample and uploads.
"""
from __future__ import annotations

from typing import Callable

from .mapping import (CU_NUMERIC, CUSTOMER_FIELDS, MAX_ID, MAX_NUMBER, REASON_TEXT, REASONS, REJECT_COLUMNS,
                      SYNONYMS, TRANSACTION_FIELDS, TX_NUMERIC, guess_mapping, quote_ident)
from .parsing import parse_dates, parse_numbers
from .reading import EXCEL_EXT, IngestError, RawTable, read_path, read_table, sheet_names, sniff_delimiter
from .validate import (LoadResult, QualityReport, check_mapping, transaction_required, validate_customers,
                       validate_transactions)

__all__ = ["CU_NUMERIC", "CUSTOMER_FIELDS", "EXCEL_EXT", "IngestError", "LoadResult", "MAX_ID", "MAX_NUMBER",
           "QualityReport", "REASONS", "REASON_TEXT", "REJECT_COLUMNS", "RawTable", "SYNONYMS", "TRANSACTION_FIELDS",
           "TX_NUMERIC", "check_mapping", "describe_rejection", "guess_mapping", "load_files", "load_into_duckdb",
           "parse_dates", "parse_numbers", "quote_ident", "read_path", "read_table", "sheet_names", "sniff_delimiter",
           "transaction_required", "validate_customers", "validate_transactions"]


def describe_rejection(filename: str, row: dict) -> str:
    """One line for a rejected row: file, row, column, reason and value."""
    reason = REASON_TEXT.get(row["reason"], row["reason"])
    value = str(row["value"])
    if len(value) > 80:
        value = value[:77] + "..."
    return f"{filename} row {row['row']}, column {row['column']}: {reason} ({value!r})"


def _install(con, result: LoadResult | None, name: str) -> None:
    if result is None:
        con.execute(f"DROP TABLE IF EXISTS {quote_ident(name)}")
        return
    if result._arrow is not None:
        _install_frame(con, result._arrow, name)
    elif result.con is con:
        if result.table != name:  # the same database: a rename, no copy
            con.execute(f"DROP TABLE IF EXISTS {quote_ident(name)}")
            con.execute(f"ALTER TABLE {result.table} RENAME TO {quote_ident(name)}")
            result.table = quote_ident(name)
    else:  # another database: stream the rows across as Arrow batches
        reader = result.con.sql(f"SELECT * FROM {result.table}").to_arrow_reader()
        con.register("_ingest_batches", reader)
        try:
            con.execute(f"CREATE OR REPLACE TABLE {quote_ident(name)} AS SELECT * FROM _ingest_batches")
        finally:
            con.unregister("_ingest_batches")


def _install_frame(con, frame, name: str) -> None:
    if frame is None:
        con.execute(f"DROP TABLE IF EXISTS {quote_ident(name)}")
        return
    con.register("_ingest_frame", frame)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {quote_ident(name)} AS SELECT * FROM _ingest_frame")
    finally:
        con.unregister("_ingest_frame")


def load_into_duckdb(con, tx: LoadResult, cu: LoadResult | None = None) -> None:
    """Replace transactions, rejected_transactions, customers and rejected_customers in one database."""
    _install(con, tx, "transactions")
    _install_frame(con, tx.rejected, "rejected_transactions")
    _install(con, cu, "customers")
    _install_frame(con, cu.rejected if cu is not None else None, "rejected_customers")


def load_files(con, orders, customers=None, sheet: str | None = None, drop_duplicates: bool = False,
               progress: Callable[[float, str], None] | None = None, *, decimal=None, day_first=None,
               delimiter: str | None = None, today=None, orders_mapping: dict | None = None,
               customers_mapping: dict | None = None, order_stats: bool = True) -> tuple[LoadResult, LoadResult | None]:
    """Read, map (guessed headers unless given), validate and load files into DuckDB.

    The one pipeline of the command line, the bundled sample and uploads. orders and customers are
    paths (or RawTables already read). progress(fraction, stage) is called at each stage: read,
    validate, customers, load, done.
    """
    step = progress or (lambda frac, stage: None)
    step(0.05, "read")
    raw = orders if isinstance(orders, RawTable) else read_path(orders, sheet, delimiter=delimiter, con=con)
    step(0.3, "validate")
    tx = validate_transactions(raw, orders_mapping or guess_mapping(raw.columns, "transactions"), drop_duplicates,
                               today, decimal, day_first, order_stats)
    raw.drop()
    cu = None
    if customers is not None:
        step(0.5, "customers")
        craw = customers if isinstance(customers, RawTable) else read_path(customers, con=con)
        cu = validate_customers(craw, customers_mapping or guess_mapping(craw.columns, "customers"), decimal, day_first)
        craw.drop()
    step(0.7, "load")
    load_into_duckdb(con, tx, cu)
    step(1.0, "done")
    return tx, cu
