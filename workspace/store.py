"""The workspace file: data sets, scenarios with their versions, and publications, in one DuckDB database.

Where: `default_path()`, the env var TIERING_WORKSPACE if set, else `<project root>/workspace/workbench.duckdb`.
The folder is created and the schema (tables below) written on first use; the table `schema_version` says
which schema a file has, so a later version of this package can upgrade it (a file from a newer version is
refused, not guessed at).

Concurrency. The app is one server process whose sessions run in threads; the command line is a process of
its own. DuckDB lets one process open a database file for writing, and inside that process any number of
cursors (connections to the same database instance) may work at once, with optimistic transactions: two
transactions that write the same rows conflict and one of them fails. So:

- ONE duckdb connection per process and file: a module-level registry (`_registry`, guarded by
  `_registry_lock`) maps the resolved path to its connection. Opening the same file twice in one process
  would either share DuckDB's instance anyway or fail on a differing configuration, and a second process is
  refused by DuckDB's file lock (said as a WorkspaceError naming the process).
- every operation takes a fresh cursor of that connection (a DuckDB connection object is not meant to be
  used by two threads at once; cursors are cheap) while holding the file's `threading.Lock`, and every
  operation that writes runs in one transaction (BEGIN ... COMMIT, ROLLBACK on any error). Holding the lock
  makes "read the latest version, then write version n + 1" atomic between the session threads: two threads
  saving the same scenario at once get versions n + 1 and n + 2, each diffed against the one before it, and
  no transaction conflict can happen. Reads take the lock too: they are short (a few catalog rows, or one
  data set copied out as Arrow) and so never see a half-finished write or a connection being closed.
- `Workspace.close()` closes the file's connection (for every Workspace object on it in this process; the
  next operation opens it again), so another process (the command line, a test) can open the file.

Tables (the schema of SCHEMA_VERSION 1):
    schema_version(version, applied_at)
    datasets(id, name, orders_file, customers_file, rows, customers, date_min, date_max, saved_at, report,
             customers_report, mapping, rejected_columns, customers_rejected_columns, has_customers)
        with the data set's own tables ds<id>_transactions, ds<id>_customers, ds<id>_rejected and
        ds<id>_customers_rejected (rejected frames stored with columns c0, c1, ...; their names in the catalog)
    scenarios(id, name, created_at)
    scenario_versions(scenario_id, number, author, saved_at, note, changes, dataset, settings)
    publications(id, scenario, version, dataset, as_of, published_at, customers)
    publication_tiers(publication_id, customer_id, tier)
References between them are names kept as text (a version's and a publication's data set, a publication's
scenario): renaming updates them, deleting leaves them (a scenario keeps the name of a deleted data set, a
publication outlives its scenario as a record of what was sent).
"""
from __future__ import annotations

import json
import operator
import os
import re
import threading
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from analytics import ingest
from analytics.config import Scenario, ScenarioError, read_scenario

from .diff import scenario_diff

ENV = "TIERING_WORKSPACE"
ROOT = Path(__file__).resolve().parents[1]
FILE_NAME = "workbench.duckdb"
SCHEMA_VERSION = 1
MAX_NAME = 80
MAX_NOTE = 2000


def default_path() -> Path:
    """TIERING_WORKSPACE if set (and not blank), else <project root>/workspace/workbench.duckdb."""
    env = os.environ.get(ENV, "").strip()
    return Path(env).expanduser() if env else ROOT / "workspace" / FILE_NAME


class WorkspaceError(ValueError):
    """A user-facing refusal that names the thing: "a data set named 'x' exists", "no scenario named 'y'"."""


# ------------------------------------------------------------------------------------------ results

@dataclass(frozen=True)
class DatasetInfo:
    name: str
    rows: int  # accepted order lines
    customers: int  # distinct customers among them
    date_min: str | None  # ISO dates of the first and last order line
    date_max: str | None
    orders_file: str
    customers_file: str | None
    saved_at: str  # UTC, ISO


@dataclass(frozen=True, eq=False)
class StoredDataset:
    info: DatasetInfo
    report: ingest.QualityReport | None
    rejected: pd.DataFrame | None
    customers_report: ingest.QualityReport | None
    customers_rejected: pd.DataFrame | None
    mapping: dict


@dataclass(frozen=True)
class Version:
    number: int  # 1, 2, ... per scenario
    author: str
    saved_at: str  # UTC, ISO
    note: str
    changes: tuple[str, ...]  # scenario_diff(the version before, this one); () for version 1
    dataset: str | None


@dataclass(frozen=True)
class ScenarioInfo:
    name: str
    dataset: str | None  # the latest version's
    versions: int
    latest: Version


@dataclass(frozen=True)
class Publication:
    id: int
    scenario: str
    version: int
    dataset: str
    as_of: str  # ISO date
    published_at: str  # UTC, ISO
    customers: int


# ------------------------------------------------------------------------------------------ checks

def _cut(value, n: int = 100) -> str:
    text = repr(value)
    return text if len(text) <= n else text[:n - 3] + "..."


def _name(value, what: str) -> str:
    """A name trimmed of surrounding spaces: 1-80 characters, no control characters; case counts."""
    if not isinstance(value, str):
        raise WorkspaceError(f"a {what} name must be text, got {_cut(value)}")
    name = value.strip()
    if not 1 <= len(name) <= MAX_NAME:
        raise WorkspaceError(f"a {what} name must be 1 to {MAX_NAME} characters (spaces around it do not count), "
                             f"got {len(name)}: {_cut(value)}")
    bad = [c for c in name if unicodedata.category(c) in ("Cc", "Zl", "Zp")]
    if bad:
        raise WorkspaceError(f"a {what} name may not contain control characters ({bad[0]!r} in {_cut(value)})")
    return name


def _note(value) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise WorkspaceError(f"a note must be text, got {_cut(value)}")
    if len(value) > MAX_NOTE:
        raise WorkspaceError(f"a note may have at most {MAX_NOTE} characters, got {len(value)}")
    return value


def _whole(value) -> int:
    """A version number: a whole number (numpy's too), not a bool."""
    try:
        if isinstance(value, bool):
            raise TypeError
        return operator.index(value)
    except TypeError:
        raise WorkspaceError(f"a version is a whole number, got {_cut(value)}") from None


def _json(value, what: str) -> str | None:
    if value is None:
        return None
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError) as e:
        raise WorkspaceError(f"the {what} cannot be stored as JSON: {e}") from None


def _report_json(report) -> str | None:
    if report is None:
        return None
    return _json(report.to_dict() if hasattr(report, "to_dict") else report, "quality report")


def _report_from(text: str | None) -> ingest.QualityReport | None:
    """The QualityReport rebuilt from its to_dict() JSON (keys a newer version added are left out)."""
    if text is None:
        return None
    data = json.loads(text)
    known = {f.name for f in fields(ingest.QualityReport)}
    data = {k: v for k, v in data.items() if k in known}
    data["notes"] = tuple(data.get("notes") or ())
    return ingest.QualityReport(**data)


def _day(value, what: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip()[:10])
        except ValueError:
            pass
    raise WorkspaceError(f"{what}: expected a date like 2024-06-30, got {_cut(value)}")


def _utc(value) -> datetime:
    """A naive datetime in UTC (how the file stores times): aware times are converted, naive ones taken as UTC."""
    if value is None:
        return datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise WorkspaceError(f"published_at: expected a time like 2024-06-30T12:00:00+00:00, got "
                                 f"{_cut(value)}") from None
    elif isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if not isinstance(value, datetime):
        raise WorkspaceError(f"published_at: expected a time, got {_cut(value)}")
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value


def _iso(ts: datetime | None) -> str | None:
    return None if ts is None else ts.replace(tzinfo=timezone.utc).isoformat()


def _iso_day(d) -> str | None:
    return None if d is None else d.isoformat()


# ------------------------------------------------------------------------------------------ the file

_SCHEMA = [
    "CREATE SEQUENCE IF NOT EXISTS dataset_ids START 1",
    "CREATE SEQUENCE IF NOT EXISTS scenario_ids START 1",
    "CREATE SEQUENCE IF NOT EXISTS publication_ids START 1",
    """CREATE TABLE IF NOT EXISTS datasets (id INTEGER NOT NULL, name VARCHAR NOT NULL, orders_file VARCHAR,
        customers_file VARCHAR, rows BIGINT, customers BIGINT, date_min DATE, date_max DATE, saved_at TIMESTAMP,
        report VARCHAR, customers_report VARCHAR, mapping VARCHAR, rejected_columns VARCHAR,
        customers_rejected_columns VARCHAR, has_customers BOOLEAN)""",
    "CREATE TABLE IF NOT EXISTS scenarios (id INTEGER NOT NULL, name VARCHAR NOT NULL, created_at TIMESTAMP)",
    """CREATE TABLE IF NOT EXISTS scenario_versions (scenario_id INTEGER NOT NULL, number INTEGER NOT NULL,
        author VARCHAR, saved_at TIMESTAMP, note VARCHAR, changes VARCHAR[], dataset VARCHAR, settings VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS publications (id INTEGER NOT NULL, scenario VARCHAR NOT NULL, version INTEGER,
        dataset VARCHAR, as_of DATE, published_at TIMESTAMP, customers BIGINT)""",
    "CREATE TABLE IF NOT EXISTS publication_tiers (publication_id INTEGER NOT NULL, customer_id VARCHAR, tier VARCHAR)",
]


def _open_error(path: Path, e: Exception) -> WorkspaceError:
    text = str(e)
    if "lock" in text.lower():
        pid = re.search(r"\(PID \d+\)", text)
        return WorkspaceError(f"the workspace {path} is open in another process{' ' + pid.group(0) if pid else ''}; "
                              f"close that first (one process at a time may open it)")
    return WorkspaceError(f"{path}: not a usable workspace file ({text.splitlines()[0] if text else type(e).__name__})")


def _connect(path: Path) -> duckdb.DuckDBPyConnection:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise WorkspaceError(f"{path.parent}: cannot create the workspace folder ({e.strerror})") from None
    try:
        con = duckdb.connect(str(path))
    except duckdb.Error as e:
        raise _open_error(path, e) from None
    try:
        _ensure_schema(con, path)
    except BaseException:
        con.close()
        raise
    return con


def _ensure_schema(con, path: Path) -> None:
    cur = con.cursor()
    try:
        cur.begin()
        cur.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP)")
        found = cur.execute("SELECT max(version) FROM schema_version").fetchall()[0][0]
        if found is not None and found > SCHEMA_VERSION:
            cur.rollback()
            raise WorkspaceError(f"{path}: written by a newer version of the workbench (schema {found}; this one "
                                 f"reads up to {SCHEMA_VERSION})")
        for statement in _SCHEMA:  # schema 1; later versions add their upgrades here, each with its row
            cur.execute(statement)
        if found is None:
            cur.execute("INSERT INTO schema_version VALUES (?, ?)", [SCHEMA_VERSION, _utc(None)])
        cur.commit()
    except duckdb.Error as e:
        raise _open_error(path, e) from None
    finally:
        cur.close()


class _Shared:
    """One process's connection to one workspace file, and the lock every operation on it holds."""

    def __init__(self, path: Path):
        self.path = path
        self.lock = threading.Lock()
        self.con: duckdb.DuckDBPyConnection | None = _connect(path)


_registry: dict[str, _Shared] = {}
_registry_lock = threading.Lock()


def _shared(path: Path) -> _Shared:
    with _registry_lock:
        shared = _registry.get(str(path))
        if shared is None or shared.con is None:
            shared = _registry[str(path)] = _Shared(path)
        return shared


def _first(rows: list):
    """The first row or None (a cursor is always read to its end: DuckDB refuses new work on a cursor with an
    unfinished result)."""
    return rows[0] if rows else None


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables(con) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_catalog = current_database()").fetchall()}


def _frame_table(frame: pd.DataFrame | None):
    """A rejected frame as Arrow with columns c0, c1, ... (its own names may collide in DuckDB, which ignores
    case), and the list of its names."""
    if frame is None:
        return None, None
    names = [str(c) for c in frame.columns]
    plain = frame.reset_index(drop=True).copy(deep=False)
    plain.columns = [f"c{i}" for i in range(len(names))]
    try:
        table = pa.Table.from_pandas(plain, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed values in a column: kept as text
        plain = plain.apply(lambda s: s.map(lambda v: v if v is None or (isinstance(v, float) and v != v) else str(v))
                            if s.dtype == object else s)
        table = pa.Table.from_pandas(plain, preserve_index=False)
    return table, names


def _frame_from(cur, table: str, names_json: str | None) -> pd.DataFrame | None:
    if names_json is None:
        return None
    frame = cur.sql(f"SELECT * FROM {table}").to_arrow_table().to_pandas()
    frame.columns = json.loads(names_json)
    return frame


def _create_from(cur, table: str, source) -> None:
    cur.register("_ws_source", source)
    try:
        cur.execute(f"CREATE TABLE {table} AS SELECT * FROM _ws_source")
    finally:
        cur.unregister("_ws_source")


def _ds_tables(ds_id: int) -> dict[str, str]:
    return {k: f"ds{int(ds_id)}_{k}" for k in ("transactions", "customers", "rejected", "customers_rejected")}


def _scenario_from(settings: str) -> Scenario:
    """The stored settings as a Scenario: exactly as saved (Scenario.from_dict); settings an older version saved
    that no longer pass are read the forgiving way (read_scenario), its notices ignored."""
    try:
        return Scenario.from_dict(json.loads(settings))
    except (ScenarioError, TypeError, ValueError):
        return read_scenario(settings)[0]


def _version(row) -> Version:
    number, author, saved_at, note, changes, dataset = row
    return Version(int(number), author, _iso(saved_at), note or "", tuple(changes or ()), dataset)


_VERSION_COLUMNS = "number, author, saved_at, note, changes, dataset"


# ------------------------------------------------------------------------------------------ the API

class Workspace:
    """Data sets, scenarios with versions, and publications in one DuckDB file (see the module docstring)."""

    def __init__(self, path=None):
        self.path = Path(path if path is not None else default_path()).expanduser().resolve()
        _shared(self.path)  # created (folder, file, schema) on first use; refusals said now

    def __repr__(self) -> str:
        return f"Workspace({str(self.path)!r})"

    def close(self) -> None:
        """Close this process's connection to the file (every Workspace on it; the next operation reopens)."""
        with _registry_lock:
            shared = _registry.pop(str(self.path), None)
        if shared is not None:
            with shared.lock:
                if shared.con is not None:
                    shared.con.close()
                    shared.con = None

    @contextmanager
    def _cursor(self, write: bool = False):
        while True:
            shared = _shared(self.path)
            with shared.lock:
                if shared.con is None:  # closed while this thread waited: open it again
                    continue
                cur = shared.con.cursor()
                try:
                    if write:
                        cur.begin()
                    try:
                        yield cur
                    except BaseException:
                        if write:
                            cur.rollback()
                        raise
                    if write:
                        cur.commit()
                finally:
                    cur.close()
                return

    # -------------------------------------------------------------------------------- data sets

    @staticmethod
    def _dataset_row(cur, name: str):
        return _first(cur.execute("SELECT * FROM datasets WHERE name = ?", [name]).fetchall())

    @staticmethod
    def _info(row) -> DatasetInfo:
        (_id, name, orders_file, customers_file, rows, customers, date_min, date_max, saved_at, *_rest) = row
        return DatasetInfo(name, int(rows or 0), int(customers or 0), _iso_day(date_min), _iso_day(date_max),
                           orders_file or "", customers_file, _iso(saved_at))

    def save_dataset(self, name, con, *, report, rejected, mapping, orders_file, customers_file=None,
                     customers_report=None, customers_rejected=None, replace=False) -> DatasetInfo:
        """Store the accepted tables `transactions` and (when con has it) `customers` of con, copied as Arrow,
        with the quality reports, the rejected rows and the column mapping. An existing name is refused
        unless replace=True (then the old data set is replaced in the same transaction)."""
        name = _name(name, "data set")
        tables = _tables(con)
        if "transactions" not in tables:
            raise WorkspaceError(f"nothing to save as data set {name!r}: the connection has no transactions table")
        has_customers = "customers" in tables
        docs = [_report_json(report), _report_json(customers_report), _json(mapping, "column mapping")]
        rejected_t, rejected_names = _frame_table(rejected)
        crejected_t, crejected_names = _frame_table(customers_rejected)
        saved_at = _utc(None)
        with self._cursor(write=True) as cur:
            old = self._dataset_row(cur, name)
            if old is not None and not replace:
                raise WorkspaceError(f"a data set named {name!r} exists")
            if old is not None:
                self._drop_dataset(cur, old[0])
            ds_id = cur.execute("SELECT nextval('dataset_ids')").fetchall()[0][0]
            t = _ds_tables(ds_id)
            _create_from(cur, t["transactions"], con.sql("SELECT * FROM transactions").to_arrow_reader())
            if has_customers:
                _create_from(cur, t["customers"], con.sql("SELECT * FROM customers").to_arrow_reader())
            if rejected_t is not None:
                _create_from(cur, t["rejected"], rejected_t)
            if crejected_t is not None:
                _create_from(cur, t["customers_rejected"], crejected_t)
            rows, customers, first, last = cur.execute(
                f"SELECT count(*), count(DISTINCT customer_id), CAST(min(order_date) AS DATE), "
                f"CAST(max(order_date) AS DATE) FROM {t['transactions']}").fetchall()[0]
            cur.execute("INSERT INTO datasets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [ds_id, name, str(orders_file or ""), customers_file, rows, customers, first, last, saved_at,
                         *docs, _json(rejected_names, "rejected columns"),
                         _json(crejected_names, "rejected columns"), has_customers])
            return self._info(self._dataset_row(cur, name))

    @staticmethod
    def _drop_dataset(cur, ds_id: int) -> None:
        for table in _ds_tables(ds_id).values():
            cur.execute(f"DROP TABLE IF EXISTS {table}")
        cur.execute("DELETE FROM datasets WHERE id = ?", [ds_id])

    def datasets(self) -> list[DatasetInfo]:
        """Every stored data set, by name (the bundled sample is not stored)."""
        with self._cursor() as cur:
            rows = cur.execute("SELECT * FROM datasets").fetchall()
        return sorted((self._info(r) for r in rows), key=lambda d: (d.name.casefold(), d.name))

    def dataset(self, name) -> DatasetInfo:
        name = _name(name, "data set")
        with self._cursor() as cur:
            row = self._dataset_row(cur, name)
        if row is None:
            raise WorkspaceError(f"no data set named {name!r}")
        return self._info(row)

    def open_dataset(self, name, con) -> StoredDataset:
        """Make con hold the stored data set as ingest.load_files leaves it: `transactions`, `customers` (dropped
        when the data set has none), `rejected_transactions` and `rejected_customers`; return its reports,
        rejected rows and mapping."""
        name = _name(name, "data set")
        with self._cursor() as cur:
            row = self._dataset_row(cur, name)
            if row is None:
                raise WorkspaceError(f"no data set named {name!r}")
            ds_id, report, creport, mapping, rej_names, crej_names, has_customers = (
                row[0], row[9], row[10], row[11], row[12], row[13], row[14])
            t = _ds_tables(ds_id)
            tx = cur.sql(f"SELECT * FROM {t['transactions']}").to_arrow_table()
            cu = cur.sql(f"SELECT * FROM {t['customers']}").to_arrow_table() if has_customers else None
            rejected = _frame_from(cur, t["rejected"], rej_names)
            crejected = _frame_from(cur, t["customers_rejected"], crej_names)
        info = self._info(row)
        stored = StoredDataset(info, _report_from(report), rejected, _report_from(creport), crejected,
                               json.loads(mapping) if mapping else {})
        tx_result = ingest.LoadResult(None, "", rejected, stored.report, info.orders_file, None, tx)
        cu_result = None if cu is None else ingest.LoadResult(None, "", crejected, stored.customers_report,
                                                              info.customers_file or "", None, cu)
        ingest.load_into_duckdb(con, tx_result, cu_result)
        return stored

    def rename_dataset(self, old, new) -> DatasetInfo:
        """Rename a data set; the scenario versions and publications that name it follow."""
        old, new = _name(old, "data set"), _name(new, "data set")
        with self._cursor(write=True) as cur:
            if self._dataset_row(cur, old) is None:
                raise WorkspaceError(f"no data set named {old!r}")
            if new != old:
                if self._dataset_row(cur, new) is not None:
                    raise WorkspaceError(f"a data set named {new!r} exists")
                cur.execute("UPDATE datasets SET name = ? WHERE name = ?", [new, old])
                cur.execute("UPDATE scenario_versions SET dataset = ? WHERE dataset = ?", [new, old])
                cur.execute("UPDATE publications SET dataset = ? WHERE dataset = ?", [new, old])
            return self._info(self._dataset_row(cur, new))

    def delete_dataset(self, name) -> None:
        """Delete a data set and its tables. Scenarios and publications keep its name as text."""
        name = _name(name, "data set")
        with self._cursor(write=True) as cur:
            row = self._dataset_row(cur, name)
            if row is None:
                raise WorkspaceError(f"no data set named {name!r}")
            self._drop_dataset(cur, row[0])

    # -------------------------------------------------------------------------------- scenarios

    @staticmethod
    def _scenario_id(cur, name: str, must: bool = True) -> int | None:
        row = _first(cur.execute("SELECT id FROM scenarios WHERE name = ?", [name]).fetchall())
        if row is None and must:
            raise WorkspaceError(f"no scenario named {name!r}")
        return None if row is None else row[0]

    @staticmethod
    def _version_row(cur, sid: int, name: str, number: int | None):
        if number is None:
            row = cur.execute(f"SELECT {_VERSION_COLUMNS}, settings FROM scenario_versions WHERE scenario_id = ? "
                              f"ORDER BY number DESC LIMIT 1", [sid]).fetchall()
            row = _first(row)
        else:
            number = _whole(number)
            row = cur.execute(f"SELECT {_VERSION_COLUMNS}, settings FROM scenario_versions WHERE scenario_id = ? "
                              f"AND number = ?", [sid, number]).fetchall()
            row = _first(row)
        if row is None:
            last = cur.execute("SELECT max(number) FROM scenario_versions WHERE scenario_id = ?",
                               [sid]).fetchall()[0][0]
            has = f"it has versions 1 to {last}" if last else "it has no versions"
            raise WorkspaceError(f"scenario {name!r} has no version {number} ({has})")
        return row

    def _append(self, cur, name: str, scenario: Scenario, author: str, note: str, dataset: str | None) -> Version:
        """Version n + 1 of `name` (the scenario created at n = 0), its changes against version n."""
        sid = self._scenario_id(cur, name, must=False)
        if sid is None:
            sid = cur.execute("SELECT nextval('scenario_ids')").fetchall()[0][0]
            cur.execute("INSERT INTO scenarios VALUES (?, ?, ?)", [sid, name, _utc(None)])
            before, number = None, 1
        else:
            last = cur.execute("SELECT number, settings FROM scenario_versions WHERE scenario_id = ? "
                               "ORDER BY number DESC LIMIT 1", [sid]).fetchall()
            last = _first(last)
            before, number = (None, 1) if last is None else (_scenario_from(last[1]), last[0] + 1)
        changes = list(scenario_diff(before, scenario))
        saved_at = _utc(None)
        cur.execute("INSERT INTO scenario_versions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [sid, number, author, saved_at, note, changes, dataset,
                     json.dumps(scenario.to_dict(), ensure_ascii=False)])
        return Version(number, author, _iso(saved_at), note, tuple(changes), dataset)

    def save_scenario(self, name, scenario, *, author, note="", dataset=None) -> Version:
        """Save `scenario` as the next version of `name` (version 1 creates it). `dataset` (a name, or None)
        is recorded with the version as given."""
        name, author, note = _name(name, "scenario"), _name(author, "author"), _note(note)
        dataset = None if dataset is None else _name(dataset, "data set")
        if not isinstance(scenario, Scenario):
            raise WorkspaceError(f"scenario {name!r}: expected a Scenario, got {type(scenario).__name__}")
        with self._cursor(write=True) as cur:
            return self._append(cur, name, scenario, author, note, dataset)

    def scenarios(self) -> list[ScenarioInfo]:
        """Every scenario, by name, with its number of versions and its latest version."""
        with self._cursor() as cur:
            rows = cur.execute(f"""
                SELECT s.name, count(*) OVER (PARTITION BY s.id) AS n, {', '.join('v.' + c for c in
                       _VERSION_COLUMNS.split(', '))}
                FROM scenarios s JOIN scenario_versions v ON v.scenario_id = s.id
                QUALIFY v.number = max(v.number) OVER (PARTITION BY s.id)""").fetchall()
        out = [ScenarioInfo(r[0], r[7], int(r[1]), _version(r[2:])) for r in rows]
        return sorted(out, key=lambda s: (s.name.casefold(), s.name))

    def versions(self, name) -> list[Version]:
        """Every version of a scenario, oldest (1) first."""
        name = _name(name, "scenario")
        with self._cursor() as cur:
            sid = self._scenario_id(cur, name)
            rows = cur.execute(f"SELECT {_VERSION_COLUMNS} FROM scenario_versions WHERE scenario_id = ? "
                               f"ORDER BY number", [sid]).fetchall()
        return [_version(r) for r in rows]

    def load_scenario(self, name, version=None) -> tuple[Scenario, Version]:
        """A version's settings (the latest when version is None) and the version."""
        name = _name(name, "scenario")
        with self._cursor() as cur:
            row = self._version_row(cur, self._scenario_id(cur, name), name, version)
        return _scenario_from(row[-1]), _version(row[:-1])

    def restore_version(self, name, number, *, author) -> Version:
        """Save version `number`'s settings (and its data set) as a new latest version, noted 'restored version n'."""
        name, author = _name(name, "scenario"), _name(author, "author")
        with self._cursor(write=True) as cur:
            row = self._version_row(cur, self._scenario_id(cur, name), name, number)
            return self._append(cur, name, _scenario_from(row[-1]), author, f"restored version {number}", row[5])

    def rename_scenario(self, old, new) -> None:
        """Rename a scenario with its versions; its publications follow."""
        old, new = _name(old, "scenario"), _name(new, "scenario")
        with self._cursor(write=True) as cur:
            sid = self._scenario_id(cur, old)
            if new == old:
                return
            if self._scenario_id(cur, new, must=False) is not None:
                raise WorkspaceError(f"a scenario named {new!r} exists")
            cur.execute("UPDATE scenarios SET name = ? WHERE id = ?", [new, sid])
            cur.execute("UPDATE publications SET scenario = ? WHERE scenario = ?", [new, old])

    def duplicate_scenario(self, name, new, *, author) -> Version:
        """A new scenario `new` whose version 1 is the latest settings (and data set) of `name`."""
        name, new, author = _name(name, "scenario"), _name(new, "scenario"), _name(author, "author")
        with self._cursor(write=True) as cur:
            row = self._version_row(cur, self._scenario_id(cur, name), name, None)
            if self._scenario_id(cur, new, must=False) is not None:
                raise WorkspaceError(f"a scenario named {new!r} exists")
            return self._append(cur, new, _scenario_from(row[-1]), author, f"copy of {name} version {row[0]}", row[5])

    def delete_scenario(self, name) -> None:
        """Delete a scenario and every version of it. Its publications stay (a record of what was sent)."""
        name = _name(name, "scenario")
        with self._cursor(write=True) as cur:
            sid = self._scenario_id(cur, name)
            cur.execute("DELETE FROM scenario_versions WHERE scenario_id = ?", [sid])
            cur.execute("DELETE FROM scenarios WHERE id = ?", [sid])

    # -------------------------------------------------------------------------------- publications

    def publish(self, scenario_name, version, tiers, *, dataset, as_of, published_at=None) -> Publication:
        """Store every customer's tier under a scenario version, a data set and an as-of date.

        tiers: a DataFrame with customer_id (distinct, none missing) and tier (none missing); stored as text.
        published_at: a datetime or ISO text (naive means UTC); None is now."""
        name, dataset = _name(scenario_name, "scenario"), _name(dataset, "data set")
        if as_of is None:
            raise WorkspaceError(f"publishing {name!r} needs an as-of date")
        day, when = _day(as_of, "as_of"), _utc(published_at)
        if not isinstance(tiers, pd.DataFrame) or not {"customer_id", "tier"} <= set(tiers.columns):
            raise WorkspaceError(f"publishing {name!r} needs a table with the columns customer_id and tier")
        ids, names = tiers["customer_id"], tiers["tier"]
        if ids.isna().any() or names.isna().any():
            what = "customer_id" if ids.isna().any() else "tier"
            raise WorkspaceError(f"publishing {name!r}: {int((ids if what == 'customer_id' else names).isna().sum())} "
                                 f"rows have no {what}")
        frame = pd.DataFrame({"customer_id": ids.astype(str).to_numpy(), "tier": names.astype(str).to_numpy()})
        twice = frame["customer_id"].duplicated()
        if twice.any():
            raise WorkspaceError(f"publishing {name!r}: customer {frame['customer_id'][twice].iloc[0]!r} appears "
                                 f"{int((frame['customer_id'] == frame['customer_id'][twice].iloc[0]).sum())} times")
        table = pa.Table.from_pandas(frame, preserve_index=False)
        with self._cursor(write=True) as cur:
            version = self._version_row(cur, self._scenario_id(cur, name), name, _whole(version))[0]  # it exists
            pid = cur.execute("SELECT nextval('publication_ids')").fetchall()[0][0]
            cur.execute("INSERT INTO publications VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [pid, name, version, dataset, day, when, len(frame)])
            cur.register("_ws_tiers", table)
            try:
                cur.execute("INSERT INTO publication_tiers SELECT ?, customer_id, tier FROM _ws_tiers", [pid])
            finally:
                cur.unregister("_ws_tiers")
        return Publication(int(pid), name, int(version), dataset, day.isoformat(), _iso(when), len(frame))

    def publications(self, scenario_name=None) -> list[Publication]:
        """Every publication (of one scenario), oldest first (by published_at, then id)."""
        where, params = "", []
        if scenario_name is not None:
            where, params = "WHERE scenario = ?", [_name(scenario_name, "scenario")]
        with self._cursor() as cur:
            rows = cur.execute(f"SELECT id, scenario, version, dataset, as_of, published_at, customers "
                               f"FROM publications {where} ORDER BY published_at, id", params).fetchall()
        return [Publication(int(i), s, int(v), d, _iso_day(a), _iso(p), int(c)) for i, s, v, d, a, p, c in rows]

    def tier_history(self, scenario_name, dataset) -> pd.DataFrame:
        """Per customer of the latest publication of `scenario_name` on `dataset`: previous_tier and
        tier_changed_on (columns customer_id, previous_tier, tier_changed_on; by customer_id; empty when
        nothing was published).

        The publications P1, ..., Pn of the scenario (any version) on the data set are taken in order of
        published_at (then id). previous_tier is the customer's tier in Pn. Publication Pk is a change for a
        customer in it when k = 1, or when the customer is not in P(k-1), or has another tier there;
        tier_changed_on is the published_at date (UTC, ISO) of the last Pk that is a change. So a customer
        first published in Pk with the same tier ever since has Pk's date, and one that was left out of a
        publication and came back has the date they came back."""
        name, dataset = _name(scenario_name, "scenario"), _name(dataset, "data set")
        with self._cursor() as cur:
            table = cur.sql("""
                WITH p AS (SELECT id, CAST(published_at AS DATE) AS day,
                                  row_number() OVER (ORDER BY published_at, id) AS k
                           FROM publications WHERE scenario = ? AND dataset = ?),
                     t AS (SELECT pt.customer_id, pt.tier, p.k, p.day
                           FROM publication_tiers pt JOIN p ON pt.publication_id = p.id),
                     w AS (SELECT *, lag(tier) OVER c AS tier_before, lag(k) OVER c AS k_before FROM t
                           WINDOW c AS (PARTITION BY customer_id ORDER BY k)),
                     changed AS (SELECT customer_id, arg_max(day, k) AS day FROM w
                                 WHERE k_before IS NULL OR k_before <> k - 1 OR tier_before <> tier
                                 GROUP BY customer_id)
                SELECT t.customer_id, t.tier AS previous_tier, strftime(changed.day, '%Y-%m-%d') AS tier_changed_on
                FROM t JOIN changed USING (customer_id)
                WHERE t.k = (SELECT max(k) FROM p)
                ORDER BY t.customer_id""", params=[name, dataset]).to_arrow_table()
        return table.to_pandas()
