"""Where the Ibis expressions run: DuckDB (the default) or Spark, chosen by a setting.

    python -m analytics score INPUT.parquet --engine spark --out tiers.csv     # local Spark
    TIERING_SPARK_REMOTE=sc://host:15002 python -m analytics score ...        # Spark Connect
    spark-submit --master yarn analytics/engine.py score INPUT --engine spark --out DIR/

On Spark the order lines are read from typed Parquet (or a catalog table), and the features
(features.customer_features_expr) and the scores (scoring_ibis.score_expr) are computed in Spark;
only the finished tier list comes back to this process (none of it with --out DIR/, which Spark
writes itself as Parquet part files). pyspark is imported only here, inside functions, so the app
never loads it.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

if __name__ == "__main__" and not __package__:  # run as a file by spark-submit: hand over to the command line
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from analytics.__main__ import main as _main

    sys.exit(_main())

import ibis
import ibis.expr.types as ir

from .config import Scenario

ENGINES = ("duckdb", "spark")
REMOTE_ENV = "TIERING_SPARK_REMOTE"  # sc://host:port: Spark Connect instead of a local Spark
MASTER_ENV = "TIERING_SPARK_MASTER"  # local Spark's master (default local[*])
# what DuckDB's trim() removes (Unicode space separators, not tabs or line breaks): ingest trims ids with it
TRIMMED = " \xa0\u1680\u2000-\u200a\u202f\u205f\u3000"
TYPED_HINT = ("--engine spark reads typed columns (customer_id text or whole numbers, order_date a date or "
              "timestamp, amount a number): convert the file first (README, \"Beyond one machine: Spark\") "
              "or use --engine duckdb")


class EngineError(Exception):
    """A user-facing problem with the engine or its input: one line."""


# ---------------------------------------------------------------- sessions

def _under_spark_submit() -> bool:
    return "PYSPARK_GATEWAY_PORT" in os.environ  # set by spark-submit for the Python driver


def spark_session(master: str | None = None, remote: str | None = None, conf: dict | None = None):
    """A SparkSession: Spark Connect when remote (or env TIERING_SPARK_REMOTE) is an sc:// address,
    else the one spark-submit started, else a local Spark (master, env TIERING_SPARK_MASTER or local[*]).

    conf: more Spark settings. Arrow transfer is always on: without it pyspark 4.0 turns a missing
    pandas text into the string 'NaN'.
    """
    remote = remote or os.environ.get(REMOTE_ENV) or None
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise EngineError("--engine spark needs pyspark: .venv/bin/pip install -r requirements-dev.txt") from None
    arrow = {**(conf or {}), "spark.sql.execution.arrow.pyspark.enabled": "true",
             "spark.sql.execution.arrow.pyspark.fallback.enabled": "false"}
    if remote:
        try:
            import grpc  # noqa: F401  (the Spark Connect client's transport)
        except ImportError:
            raise EngineError("Spark Connect needs its client: .venv/bin/pip install 'pyspark[connect]==4.0.5'") from None
        builder = SparkSession.builder.remote(remote)
        for k, v in (conf or {}).items():  # a Spark Connect client always receives Arrow
            builder = builder.config(k, v)
        return builder.getOrCreate()
    if not _under_spark_submit():
        java_home = os.environ.get("JAVA_HOME")
        if not (java_home and Path(java_home, "bin", "java").exists()) and not _which("java"):
            raise EngineError("--engine spark needs Java 17 (bash scripts/install_java.sh installs it)")
    active = SparkSession.getActiveSession()
    if active is not None:  # e.g. a test's session: reuse it
        active.conf.set("spark.sql.execution.arrow.pyspark.enabled", "true")
        return active
    builder = SparkSession.builder.appName("tiering")
    for k, v in arrow.items():
        builder = builder.config(k, v)
    master = master or os.environ.get(MASTER_ENV)
    if master or not _under_spark_submit():
        import atexit
        import shutil
        import tempfile

        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        warehouse = tempfile.mkdtemp(prefix="tiering-spark-")  # a fixed folder breaks a second run
        atexit.register(shutil.rmtree, warehouse, True)
        builder = (builder.master(master or "local[*]")
                   .config("spark.sql.warehouse.dir", warehouse)
                   .config("spark.ui.showConsoleProgress", "false"))
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def _which(name: str) -> str | None:
    import shutil

    return shutil.which(name)


def connect(engine: str = "duckdb", *, con=None, master: str | None = None, remote: str | None = None):
    """An Ibis backend: DuckDB over con (a new in-memory database when None) or Spark."""
    if engine == "duckdb":
        import duckdb

        return ibis.duckdb.from_connection(con if con is not None else duckdb.connect())
    if engine == "spark":
        return ibis.pyspark.connect(spark_session(master, remote))
    raise EngineError(f"unknown engine {engine!r} (use {', '.join(ENGINES)})")


# ---------------------------------------------------------------- reading typed order lines

def _trim(s: ir.StringValue) -> ir.StringValue:
    """DuckDB's trim(s), also on Spark (whose TRIM removes plain spaces only)."""
    return s.re_replace(f"^[{TRIMMED}]+|[{TRIMMED}]+$", "")


def round_like_duckdb(x: ir.FloatingValue, digits: int) -> ir.FloatingValue:
    """DuckDB's ROUND(x, digits) (half away from zero on the binary x * 10**digits), the same bits on Spark."""
    from .scoring_ibis import dbl

    p, big = dbl(10.0 ** digits), dbl(2.0 ** 52)  # from 2**52 up every double is whole already
    y = x * p
    a = y.abs()
    whole = a.clip(upper=big).floor().cast("int64")
    n = (whole + ((a - whole.cast("float64")) >= dbl(0.5)).cast("int64")).cast("float64")
    return ibis.cases((a >= big, y), (y < dbl(0.0), -n), else_=n) / p


def _finite(x: ir.FloatingValue) -> ir.BooleanValue:
    """ingest's finite_sql: finite and under MAX_NUMBER in size (NULL for NULL). Both engines order NaN
    above every number, so NaN and infinities fail (Ibis 12's isinf() compiles to FALSE on Spark)."""
    from .ingest import MAX_NUMBER
    from .scoring_ibis import dbl

    return x.abs() < dbl(MAX_NUMBER)


def _source(be, source: str, table: bool) -> tuple[ir.Table, str]:
    """The Spark table of INPUT (a Parquet file or folder) or of a catalog table name (db.table)."""
    if table:
        parts = [p.strip("`") for p in source.split(".")]
        db = None if len(parts) == 1 else (parts[0] if len(parts) == 2 else tuple(parts[:-1]))
        try:
            return be.table(parts[-1], database=db), source
        except Exception as e:  # each catalog raises its own not-found error
            raise EngineError(f"{source}: no such table in the Spark catalog ({type(e).__name__})") from None
    try:
        return be.read_parquet(source), Path(source.rstrip("/")).name
    except Exception as e:
        raise EngineError(f"{source}: not a readable Parquet file ({str(e).splitlines()[0][:200]})") from None


def order_lines(t: ir.Table, name: str, today=None) -> tuple[ir.Table, ir.Table]:
    """Typed order lines as ingest accepts them, in Ibis (any backend): headers mapped like the app
    (ingest.guess_mapping), types checked, and the rows ingest rejects dropped by the same rules:
    customer id empty after trim() or over MAX_ID characters; order date missing or outside 1900-2200;
    amount (quantity and unit price without one) missing; a number given but not finite or >= MAX_NUMBER.

    Returns lines (customer_id, order_date, amount[, order_id][, profit]) and a one-row table of
    counts: rows_read, accepted, latest (the default as-of date: the latest order date not after
    today, the latest of all when every one is later).
    """
    from datetime import date

    from .ingest import MAX_ID, guess_mapping, transaction_required

    m = {k: v for k, v in guess_mapping(list(t.columns), "transactions").items() if v}
    for f in transaction_required(m):
        if f not in m:
            raise EngineError(f"{name}: no column for {f} (columns found: {', '.join(t.columns) or 'none'})")
    col = {f: t[c] for f, c in m.items()}
    types = {f: c.type() for f, c in col.items()}

    def bad_type(f, want):
        return EngineError(f"{name}: column {m[f]!r} ({f}) is {types[f]}, not {want}; {TYPED_HINT}")

    if not (types["customer_id"].is_string() or types["customer_id"].is_integer()):
        raise bad_type("customer_id", "text or whole numbers")
    if not (types["order_date"].is_date() or types["order_date"].is_timestamp()):
        raise bad_type("order_date", "a date or timestamp")
    numbers = [f for f in ("amount", "quantity", "unit_price", "profit") if f in col]
    for f in numbers:
        if not types[f].is_numeric():
            raise bad_type(f, "a number")

    cid = _trim(col["customer_id"].cast("string"))
    od = col["order_date"].cast("timestamp")
    ok = cid.notnull() & (cid != "") & (cid.length() <= MAX_ID) & od.notnull()
    ok &= od.year().between(1900, 2200)
    nums = {f: col[f].cast("float64") for f in numbers}
    for f, x in nums.items():  # missing is fine for an optional number, anything else must be usable money
        ok &= x.isnull() | _finite(x)
    if "amount" in nums:
        amount = nums["amount"]
    else:
        amount = round_like_duckdb(nums["quantity"] * nums["unit_price"], 6)
        ok &= nums["quantity"].notnull() & nums["unit_price"].notnull()
    ok = (ok & amount.notnull()).fill_null(False)
    fields = {"customer_id": cid, "order_date": od, "amount": amount}
    if "order_id" in col:
        fields["order_id"] = _trim(col["order_id"].cast("string")).nullif("")
    if "profit" in nums:
        fields["profit"] = nums["profit"]
    today = ibis.literal(today or date.today())
    counts = t.aggregate(rows_read=t.count(), accepted=ok.cast("int64").sum(),
                         latest_past=od.max(where=ok & (od.cast("date") <= today)), latest=od.max(where=ok))
    return t.filter(ok).select(**fields), counts


# ---------------------------------------------------------------- the score command on Spark

def score_on_spark(input_path: str | None, out: str, scenario: Scenario, columns: list[str], *,
                   table: str | None = None, master: str | None = None, remote: str | None = None,
                   customers: str | None = None, rejected_out: str | None = None) -> int:
    """python -m analytics score --engine spark: features and scores in Spark, the tier list to out.

    out ending in '/' is a folder Spark writes as Parquet (on the cluster's file system with Spark
    Connect); otherwise the list is collected and written as CSV/Excel like the duckdb engine.
    Returns the number of customers scored. Raises EngineError (one line) or KeyError (scenario).
    """
    import pandas as pd

    from .export import write_table
    from .features import customer_features_expr
    from .scoring_ibis import Unsupported, check_supported, score_expr

    try:
        check_supported(scenario)
    except Unsupported as e:
        raise EngineError(str(e)) from None
    if customers:
        raise EngineError("--customers is not read by --engine spark (attribute components are duckdb only)")
    if rejected_out:
        raise EngineError("--rejected-out is not available with --engine spark (it counts rejected rows only)")
    if (input_path is None) == (table is None):
        raise EngineError("give INPUT (a Parquet file or folder) or --table NAME")
    if input_path is not None and "://" not in input_path:
        p = Path(input_path)
        if not p.exists():
            raise EngineError(f"{input_path}: no such file")
        if p.is_file() and p.suffix.lower() != ".parquet":
            raise EngineError(f"{input_path}: --engine spark reads Parquet; {TYPED_HINT}")

    if out.endswith("/") and "://" not in out and Path(out).exists():
        raise EngineError(f"{out}: already exists (Spark does not overwrite a folder)")
    be = connect("spark", master=master, remote=remote)
    t, name = _source(be, table or input_path, table is not None)
    lines, counts = order_lines(t, name)
    rep = be.execute(counts).iloc[0]
    rows, accepted = int(rep["rows_read"]), 0 if pd.isna(rep["accepted"]) else int(rep["accepted"])
    print(f"{name}: {rows} rows read, {accepted} accepted, {rows - accepted} rejected", file=sys.stderr)
    if accepted == 0:
        raise EngineError(f"{name}: no valid order lines (all {rows} rows rejected)")
    latest = rep["latest_past"] if not pd.isna(rep["latest_past"]) else rep["latest"]
    as_of = scenario.as_of_date() or pd.Timestamp(latest).date()

    feats = customer_features_expr(lines, as_of, scenario.lookback_days)
    scored = score_expr(feats, scenario)
    cols = columns + (["profit"] if "profit" in scored.columns and scenario.weights.get("profit") else [])
    result = scored.select(cols).order_by("customer_id")
    if out.endswith("/"):
        try:
            be.to_parquet(result, out)
        except Exception as e:
            if "ALREADY_EXISTS" in str(e):
                raise EngineError(f"{out}: already exists (Spark does not overwrite a folder)") from None
            raise
        return int(be.read_parquet(out).count().execute())
    frame = be.execute(result)
    frame["customer_id"] = frame["customer_id"].astype("str")
    write_table(frame, out)
    return len(frame)
