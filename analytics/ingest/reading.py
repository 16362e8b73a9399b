"""Files -> a raw DuckDB relation: containers, encodings, delimiters, headers, file rows.

A RawTable is a relation in a DuckDB connection with one column __rec (the record's key: its
sheet row for workbooks, its file row for Parquet, its ordinal for delimited text, mapped to the
true file row on demand) and the file's columns under their own names. Delimited text and
workbook cells stay text exactly as written; Parquet (and homogeneous workbook columns) keep
their types. Nothing is read cell by cell in Python except workbooks (streamed in a child
process with limits, see analytics.workbook).
"""
from __future__ import annotations

import codecs
import csv
import gzip
import io
import itertools
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from .mapping import quote_ident

EXCEL_EXT = {".xlsx", ".xlsm", ".xls"}
DELIMITERS = [",", "\t", ";", "|"]
MAX_UNPACKED_BYTES = 8 * 1024 ** 3  # a .gz or .zip may not unpack past this (a compression bomb)
CHUNK = 16 * 1024 * 1024
_counter = itertools.count()


MESSAGES = {  # code -> the English message; the app shows each in the interface language (ui/i18n "ingest.<code>")
    "empty": "{file}: the file is empty",
    "no_such_file": "{file}: no such file",
    "xls": "{file}: old .xls workbooks are not supported; save it as .xlsx",
    "not_xlsx": "{file}: not a readable Excel workbook (not an .xlsx file)",
    "not_parquet": "{file}: not a readable Parquet file{detail}",
    "zip_named_csv": "{file}: this is an Excel workbook or a zip archive; name it .xlsx or .zip",
    "parquet_named_csv": "{file}: this is a Parquet file; name it .parquet",
    "binary": "{file}: not a text table (binary content); save it as CSV, Excel (.xlsx) or Parquet",
    "unpacks_too_big": "{file}: unpacks to more than {gb} GB; split it or load the file itself",
    "bad_gz": "{file}: not a readable .gz file",
    "bad_zip": "{file}: not a readable .zip file",
    "zip_members": "{file}: a .zip must hold exactly one data file (found: {names})",
    "duplicate_header": "{file}: the column name '{name}' appears twice (columns {first} and {second}); "
                        "rename one and load again",
    "not_delimited": "{file}: not readable as a delimited table ({detail})",
    "no_column": "{file}: no column for {field} (columns found: {found})",
    "column_missing": "{file}: column '{column}' (for {field}) is not in the file",
    "mapped_twice": "{file}: column '{column}' is mapped to more than one field ({fields})",
    "workbook": "{detail}",
}


class IngestError(Exception):
    """A file that cannot be read or mapped; the message names the file.

    code and params say the same in data (MESSAGES), so the app can say it in the user's language.
    """

    def __init__(self, code: str, **params):
        self.code, self.params = code, params
        super().__init__(MESSAGES[code].format(**params))


@dataclass
class RawTable:
    """A file read into DuckDB (see the module docstring)."""
    con: duckdb.DuckDBPyConnection
    relation: str  # a table or view in con: __rec + the file's columns
    columns: list[str]
    filename: str
    kind: str  # "text", "excel" or "parquet"
    encoding: str | None = None
    delimiter: str | None = None
    first_row: int = 2  # file row of the first data row when records map one to one
    types: dict = field(default_factory=dict)  # column -> DuckDB type
    ragged: pd.DataFrame | None = None  # rows whose field count differs from the header: row, line
    notes: list = field(default_factory=list)  # what the reader had to decide (latin-1 fallback ...)
    n_records: int = 0  # rows in the relation (ragged rows not included)
    _line_of: object = None  # callable: ordinals -> file rows (delimited text only)
    _tmp: object = None  # keeps the temporary folder (and the files the relation reads) alive
    _frame: pd.DataFrame | None = None

    @property
    def n_rows(self) -> int:
        return self.n_records + (0 if self.ragged is None else len(self.ragged))

    def row_numbers(self, recs) -> np.ndarray:
        """The file (or sheet) row of each record key."""
        recs = np.asarray(recs, dtype="int64")
        return self._line_of(recs) if self._line_of is not None else recs

    def is_text(self, column: str) -> bool:
        return self.types.get(column, "VARCHAR") == "VARCHAR"

    def preview(self, n: int = 5) -> pd.DataFrame:
        """The first rows as text (a scan stops after them: no sort of a large file)."""
        return self._text_frame(f"LIMIT {int(n)}", ordered=False)

    @property
    def frame(self) -> pd.DataFrame:
        """Every row as text ('' where empty), in file order; for small files and tests."""
        if self._frame is None:
            self._frame = self._text_frame("")
        return self._frame

    def _text_frame(self, limit: str, ordered: bool = True) -> pd.DataFrame:
        cols = ", ".join(f"coalesce(CAST({quote_ident(c)} AS VARCHAR), '') AS {quote_ident(c)}" for c in self.columns)
        order = "ORDER BY __rec" if ordered else ""
        df = self.con.execute(f"SELECT {cols} FROM {self.relation} {order} {limit}").df()
        return df.astype("str") if len(df.columns) else df

    def drop(self) -> None:
        """Free the raw rows (after validation)."""
        for kind in ("VIEW", "TABLE"):
            try:
                self.con.execute(f"DROP {kind} IF EXISTS {self.relation}")
            except duckdb.CatalogException:
                pass


# ---------------------------------------------------------------- sources

def _ext(filename: str) -> str:
    return Path(filename).suffix.lower()


def _copy_limited(src, dst, filename: str) -> None:
    total = 0
    while chunk := src.read(CHUNK):
        total += len(chunk)
        if total > MAX_UNPACKED_BYTES:
            raise IngestError("unpacks_too_big", file=filename, gb=MAX_UNPACKED_BYTES // 1024 ** 3)
        dst.write(chunk)


def _unpack(path: Path, filename: str, tmp: Path) -> tuple[Path, str]:
    """A .gz file or a .zip holding one data file -> that file on disk and its name."""
    with open(path, "rb") as f:
        magic = f.read(4)
    if magic[:2] == b"\x1f\x8b":
        inner = filename[:-3] if filename.lower().endswith(".gz") else filename + ".csv"
        out = tmp / ("unpacked" + _ext(inner))
        try:
            with gzip.open(path, "rb") as src, open(out, "wb") as dst:
                _copy_limited(src, dst, filename)
        except (OSError, EOFError):
            raise IngestError("bad_gz", file=filename) from None
        return out, inner
    if magic == b"PK\x03\x04" and _ext(filename) == ".zip":
        try:
            zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile:
            raise IngestError("bad_zip", file=filename) from None
        with zf:
            members = [i for i in zf.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX")
                       and not Path(i.filename).name.startswith(".")]
            if len(members) != 1:
                names = ", ".join(i.filename for i in members[:10]) or "none"
                raise IngestError("zip_members", file=filename, names=names)
            info = members[0]
            if info.file_size > MAX_UNPACKED_BYTES:
                raise IngestError("unpacks_too_big", file=filename, gb=MAX_UNPACKED_BYTES // 1024 ** 3)
            inner = Path(info.filename).name
            out = tmp / ("unpacked" + _ext(inner))
            with zf.open(info) as src, open(out, "wb") as dst:
                _copy_limited(src, dst, filename)
        return out, inner
    return path, filename


def _kind(path: Path, filename: str) -> str:
    ext = _ext(filename)
    with open(path, "rb") as f:
        head = f.read(1024 * 1024)
    if not head:
        raise IngestError("empty", file=filename)
    if ext == ".xls":
        raise IngestError("xls", file=filename)
    if ext in EXCEL_EXT:
        if head[:4] != b"PK\x03\x04":
            raise IngestError("not_xlsx", file=filename)
        return "excel"
    if ext == ".parquet":
        if head[:4] != b"PAR1":
            raise IngestError("not_parquet", file=filename, detail="")
        return "parquet"
    if head[:4] == b"PK\x03\x04":
        raise IngestError("zip_named_csv", file=filename)
    if head[:4] == b"PAR1":
        raise IngestError("parquet_named_csv", file=filename)
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise IngestError("binary", file=filename)
    return "text"


# ---------------------------------------------------------------- delimited text

def _is_utf8(path: Path) -> bool:
    dec = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as f:
        try:
            while chunk := f.read(CHUNK):
                dec.decode(chunk)
            dec.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _to_utf8(path: Path, filename: str, tmp: Path) -> tuple[Path, str, list]:
    """The file as UTF-8 on disk: UTF-8 as is, UTF-16 with its BOM, else strict GB18030 (a superset of GBK),
    else latin-1."""
    with open(path, "rb") as f:
        head = f.read(3)
    bom = head == codecs.BOM_UTF8
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        out = tmp / "utf8.csv"
        try:
            out.write_text(path.read_bytes().decode("utf-16"), encoding="utf-8")
        except UnicodeDecodeError:
            raise IngestError("binary", file=filename) from None
        return out, "utf-16", []
    if _is_utf8(path):
        return path, ("utf-8-sig" if bom else "utf-8"), []
    data = path.read_bytes()
    notes = []
    try:
        text, enc = data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        text, enc = data.decode("latin-1"), "latin-1"
        notes.append("latin1")
    out = tmp / "utf8.csv"
    out.write_text(text, encoding="utf-8")
    return out, enc, notes


def _head_text(path: Path, size: int = 256 * 1024) -> str:
    with open(path, "rb") as f:
        head = f.read(size)
    text = head.decode("utf-8", errors="ignore")
    if len(head) == size and "\n" in text:
        text = text[:text.rindex("\n")]
    return text.lstrip("\ufeff")


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first records into the same number (> 1) of fields.

    Records are parsed with quotes honoured, so a delimiter inside a quoted value does not count.
    """
    best, best_score = ",", (-1.0, 0)
    for d in DELIMITERS:
        try:
            records = [r for r in itertools.islice(csv.reader(io.StringIO(text), delimiter=d), 60) if any(r)]
        except csv.Error:
            continue
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        consistent = sum(len(r) == width for r in records) / len(records)
        score = (consistent, width)
        if score > best_score:
            best, best_score = d, score
    return best


def header_names(record: list[str], filename: str) -> list[str]:
    """Header cells stripped; an empty one named column_N; the same name twice is refused."""
    names, seen = [], {}
    for i, cell in enumerate(record, start=1):
        name = str(cell).strip() or f"column_{i}"
        key = name.casefold()  # column names are compared without case in the database
        if key in seen:
            raise IngestError("duplicate_header", file=filename, name=name, first=seen[key], second=i)
        seen[key] = i
        names.append(name)
    return names


def _first_record(text: str, delim: str) -> list[str] | None:
    for record in csv.reader(io.StringIO(text), delimiter=delim):
        if record and any(c.strip() for c in record):
            return record
    return None


def _nonblank_lines(path: Path) -> np.ndarray:
    """1-based numbers of the lines that hold anything but a line break."""
    starts, offset = [], 0
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            arr = np.frombuffer(chunk, dtype=np.uint8)
            nl = np.flatnonzero(arr == 10) + offset
            starts.append(nl)
            offset += len(chunk)
    nl = np.concatenate(starts) if starts else np.empty(0, dtype="int64")
    ends = np.append(nl, offset)  # the last line may lack a break
    begins = np.concatenate([[0], nl + 1])
    length = ends - begins
    if len(length) and length[-1] == 0:
        length, begins = length[:-1], begins[:-1]
    # a line of only "\r" is blank too
    cr_only = np.zeros(len(length), dtype=bool)
    one = np.flatnonzero(length == 1)
    if len(one):
        with open(path, "rb") as f:
            mm = np.memmap(f, dtype=np.uint8, mode="r") if offset else np.empty(0, np.uint8)
            cr_only[one] = mm[begins[one]] == 13
    return np.flatnonzero((length > 0) & ~cr_only) + 1


def _record_lines_slow(path: Path, delim: str, width: int) -> tuple[list, list]:
    """Start line of every record (good, ragged) with the csv module: files with line breaks inside quotes."""
    good, ragged = [], []
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f, delimiter=delim)
        previous, header_seen = 0, False
        for record in reader:
            start, previous = previous + 1, reader.line_num
            if not record or not any(c.strip() for c in record):
                if record and len(record) == width and header_seen:
                    good.append(start)  # DuckDB keeps a row of empty fields as a record
                continue
            if not header_seen:
                header_seen = True
                continue
            (good if len(record) == width else ragged).append(start)
    return good, ragged


def read_delimited(con, path: Path, filename: str, tmp: Path, delimiter: str | None = None,
                   encoding: str | None = None) -> RawTable:
    path, enc, notes = _to_utf8(path, filename, tmp)
    head = _head_text(path)
    if not head.strip():
        raise IngestError("empty", file=filename)
    delim = delimiter or ("\t" if _ext(filename) == ".tsv" else sniff_delimiter(head))
    record = _first_record(head, delim)
    if record is None:
        raise IngestError("empty", file=filename)
    names = header_names(record, filename)
    n = next(_counter)
    table, rejects, scans = f"_raw_{n}", f"_raw_{n}_rejects", f"_raw_{n}_scans"
    columns = "{" + ", ".join(f"'{c.replace(chr(39), chr(39) * 2)}': 'VARCHAR'" for c in names) + "}"
    try:
        con.execute(
            f"CREATE TEMP TABLE {table} AS SELECT * FROM read_csv(?, delim = ?, quote = '\"', escape = '\"', "
            f"header = true, auto_detect = false, columns = {columns}, store_rejects = true, "
            f"rejects_table = '{rejects}', rejects_scan = '{scans}', null_padding = false, "
            f"max_line_size = 67108864, strict_mode = true)", [str(path), delim])
    except duckdb.Error as e:
        raise IngestError("not_delimited", file=filename, detail=str(e).splitlines()[0][:200]) from None
    errors = con.execute(
        f"SELECT line, min(error_type), min(csv_line) FROM {rejects} GROUP BY line ORDER BY line").fetchall()
    con.execute(f"DROP TABLE IF EXISTS {rejects}")
    con.execute(f"DROP TABLE IF EXISTS {scans}")
    n_table = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    blank = " AND ".join(f"{quote_ident(c)} IS NULL" for c in names)
    view = f"_raw_{n}_v"
    con.execute(f"CREATE TEMP VIEW {view} AS SELECT rowid AS __rec, * FROM {table} WHERE NOT ({blank})")
    n_records = con.execute(f"SELECT count(*) FROM {view}").fetchall()[0][0]
    lines_cache = {}

    def mapping():
        """(file row of each table record, file row of each DuckDB reject in order)."""
        if "m" not in lines_cache:
            nonblank = _nonblank_lines(path)
            reject_lines = np.array([e[0] for e in errors], dtype="int64")
            if len(nonblank) - 1 == n_table + len(errors):
                good = np.setdiff1d(nonblank[1:], reject_lines, assume_unique=True)
                lines_cache["m"] = (good, reject_lines)
            else:  # line breaks inside quoted values: follow the records with the csv module
                good, ragged = _record_lines_slow(path, delim, len(names))
                lines_cache["m"] = (np.asarray(good, dtype="int64"), np.asarray(ragged, dtype="int64"))
        return lines_cache["m"]

    ragged = None
    # DuckDB's rejected line starts with the breaks of any blank lines before it
    errors = [(line, kind, text.lstrip("\r\n") if text is not None else None) for line, kind, text in errors]
    kept = [(i, e) for i, e in enumerate(errors) if e[2] is not None and e[2].strip(" \t\r\n" + delim)]
    if kept:
        reject_rows = mapping()[1]
        rows = [int(reject_rows[i]) if i < len(reject_rows) else int(e[0]) for i, e in kept]
        ragged = pd.DataFrame({"row": rows, "line": [e[2] for _, e in kept],
                               "kind": [e[1] for _, e in kept]})

    def line_of(recs: np.ndarray) -> np.ndarray:
        good = mapping()[0]
        return good[recs] if len(good) == n_table else recs + 2

    return RawTable(con, view, names, filename, "text", enc, delim, 2, {c: "VARCHAR" for c in names}, ragged,
                    notes, n_records, line_of)


# ---------------------------------------------------------------- workbooks and Parquet

def read_excel(con, path: Path, filename: str, sheet: str | None) -> RawTable:
    from .. import workbook

    try:
        arrow = workbook.read_sheet(path, sheet, filename=filename)
    except workbook.WorkbookError as e:
        raise IngestError("workbook", detail=str(e)) from None
    n = next(_counter)
    name = f"_raw_{n}"
    con.register(f"{name}_arrow", arrow)
    try:
        con.execute(f"CREATE TEMP TABLE {name} AS SELECT * FROM {name}_arrow")
    finally:
        con.unregister(f"{name}_arrow")
    cols = [c for c in arrow.column_names if c not in ("__row", "__extra")]
    ragged = None
    if "__extra" in arrow.column_names:
        rows = con.execute(f"SELECT __row, __extra FROM {name} WHERE __extra IS NOT NULL ORDER BY __row").fetchall()
        if rows:
            ragged = pd.DataFrame({"row": [r[0] for r in rows], "line": [r[1] for r in rows],
                                   "kind": "TOO MANY COLUMNS"})
    where = "WHERE __extra IS NULL" if "__extra" in arrow.column_names else ""
    view = f"{name}_v"
    select = ", ".join(quote_ident(c) for c in cols)
    con.execute(f"CREATE TEMP VIEW {view} AS SELECT __row AS __rec, {select} FROM {name} {where}")
    types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {view})").fetchall())
    n_records = con.execute(f"SELECT count(*) FROM {view}").fetchall()[0][0]
    return RawTable(con, view, cols, filename, "excel", None, None, 2, types, ragged, [], n_records)


def read_parquet(con, path: Path, filename: str) -> RawTable:
    n = next(_counter)
    view = f"_raw_{n}_v"
    try:
        names = [r[0] for r in con.execute("SELECT name FROM parquet_schema(?) WHERE num_children IS NULL "
                                           "OR num_children = 0", [str(path)]).fetchall()]
        header_names(names, filename)  # the same name twice is refused
        con.execute(f"CREATE TEMP VIEW {view} AS SELECT file_row_number + 1 AS __rec, * EXCLUDE (file_row_number) "
                    f"FROM read_parquet('{str(path).replace(chr(39), chr(39) * 2)}', file_row_number = true)")
        types = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {view})").fetchall())
        n_records = con.execute(f"SELECT count(*) FROM {view}").fetchall()[0][0]
    except duckdb.Error as e:
        raise IngestError("not_parquet", file=filename, detail=f" ({str(e).splitlines()[0][:200]})") from None
    types.pop("__rec", None)
    cols = list(types)
    return RawTable(con, view, cols, filename, "parquet", None, None, 1, types, None, [], n_records)


# ---------------------------------------------------------------- entry points

def read_table(source, filename: str | None = None, sheet: str | None = None, *, delimiter: str | None = None,
               con=None) -> RawTable:
    """Read CSV/TSV (UTF-8, GBK/GB18030, latin-1; .gz or a one-file .zip), Excel (.xlsx) or Parquet.

    source: bytes or a path. con: the DuckDB connection to read into (a private one by default).
    """
    tmpdir = tempfile.TemporaryDirectory(prefix="tiering_")
    tmp = Path(tmpdir.name)
    try:
        if isinstance(source, (bytes, bytearray, memoryview)):
            filename = filename or "upload"
            path = tmp / ("source" + "".join(Path(filename).suffixes[-2:]))
            path.write_bytes(source)
        else:
            path = Path(source)
            filename = filename or path.name
            if not path.is_file():
                raise IngestError("no_such_file", file=filename)
        path, inner = _unpack(path, filename, tmp)
        kind = _kind(path, inner)
        con = con if con is not None else duckdb.connect()
        if kind == "excel":
            raw = read_excel(con, path, filename, sheet)
        elif kind == "parquet":
            raw = read_parquet(con, path, filename)
        else:
            raw = read_delimited(con, path, filename, tmp, delimiter)
    except BaseException:
        tmpdir.cleanup()
        raise
    raw._tmp = tmpdir
    return raw


def read_path(path, sheet: str | None = None, **options) -> RawTable:
    return read_table(Path(path), Path(path).name, sheet, **options)


def sheet_names(source, filename: str | None = None) -> list[str]:
    """The sheets of a workbook ([] for other files)."""
    from .. import workbook

    name = filename or Path(str(source)).name
    if _ext(name) not in EXCEL_EXT:
        return []
    if _ext(name) == ".xls":
        raise IngestError("xls", file=name)
    with tempfile.TemporaryDirectory(prefix="tiering_") as tmp:
        if isinstance(source, (bytes, bytearray, memoryview)):
            path = Path(tmp) / "book.xlsx"
            path.write_bytes(source)
        else:
            path = Path(source)
        with open(path, "rb") as f:
            if f.read(4) != b"PK\x03\x04":
                raise IngestError("not_xlsx", file=name)
        try:
            return list(workbook.sheet_names(path, filename=name))
        except workbook.WorkbookError as e:
            raise IngestError("workbook", detail=str(e)) from None
