"""Untrusted Excel workbooks (.xlsx/.xlsm) -> pyarrow Tables, safely and fast.

A 5 KB workbook can declare a cell at XFD1048576 and make a naive reader allocate gigabytes, so:
1. this process checks cheaply what the file claims (zip entry sizes, the sheet's <dimension>);
2. a child process (`python -m analytics.workbook`) parses under an address-space limit
   (RLIMIT_AS) and a wall timeout, capping rows and columns while it reads (the dimension may
   be absent or lie), and hands back an Arrow IPC file;
3. a child that dies or overruns becomes a WorkbookError, never a crash of the app.

The child reads with python-calamine (Rust, ~8x faster) when installed, else with openpyxl in
streaming (read-only) mode: also when calamine dies (it allocates the whole used range, 512 GB
for a bomb with a header) or fails, or when the sheet has error cells (calamine reads #N/A as
empty). Both give the same table, with one corner: calamine reports every number as a float,
so an integral one counts as an int (Excel stores 17850 and 17850.0 alike, as "17850");
openpyxl keeps the type written in the file. The schema metadata "reader" names the parser.

Table shape: `__row` (int64, the sheet row, 1-based like Excel; the header is the first
non-empty row; empty rows are skipped), one column per header cell, and `__extra` (string,
the non-empty cells right of the header joined by ",") only when some row has such cells.
A column is int64/float64 when all its non-empty cells are numbers (bools are not),
timestamp[us] when all are dates, else string: str(value), dates as ISO ("2024-01-05" at
midnight, else "2024-01-05 08:26:00"). Empty cells (and empty strings) are null. Header names
are the cells' text, stripped; an empty one is column_<letter>; the same name twice (ignoring
case, as DuckDB does) is refused. Row limits count from the top of the sheet: no data below
sheet row max_rows + 1.
"""
from __future__ import annotations

import json
import logging
import mmap
import os
import re
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date, datetime, time as dtime
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

import numpy as np
import pyarrow as pa

log = logging.getLogger(__name__)

LIMITS = dict(
    max_rows=2_000_000,                  # data rows below the header; no data below sheet row max_rows + 1
    max_columns=1_000,                   # no data right of this column (1,000 = ALL)
    max_uncompressed_bytes=2 * 1024**3,  # sum of the zip entries' declared sizes
    timeout_s=300,                       # wall time of the whole read, child included
    memory_mb=3000,                      # address space of the child process
)
EXCEL_ROWS = 1_048_576
CHUNK_ROWS = 65_536            # rows per Arrow chunk: bounds the Python objects alive at once
MAX_ZIP_ENTRIES = 10_000
MAX_PART_BYTES = 50 * 1024**2  # workbook.xml and .rels parts read in this process
DIMENSION_PEEK = 16 * 1024     # <dimension> sits before <sheetData>, in the first few KB
ROOT = Path(__file__).resolve().parents[1]
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
RESERVED = {"__row", "__extra"}


class WorkbookError(Exception):
    """A workbook that cannot be read; the message starts with the file name, in plain words."""


# ---------------------------------------------------------------- checks in this process

def _letter(col: int) -> str:
    """1 -> A, 28 -> AB, 16384 -> XFD."""
    out = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    for enc in ("utf-8", "gb18030"):
        try:
            head.decode(enc)
            return True
        except UnicodeDecodeError as e:
            if e.start >= len(head) - 4:  # a character cut by the peek
                return True
    return False


def _not_a_zip(path: Path, name: str, head: bytes):
    if not head:
        raise WorkbookError(f"{name}: the file is empty")
    if head.startswith(OLE_MAGIC):
        # Encrypted .xlsx files are OLE containers too, holding an EncryptedPackage stream.
        with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
            if m.find("EncryptedPackage".encode("utf-16-le")) >= 0:
                raise WorkbookError(f"{name}: the workbook is password-protected; "
                                    "remove the password in Excel and save it again")
        raise WorkbookError(f"{name}: old .xls workbooks are not supported; save it as .xlsx")
    if Path(name).suffix.lower() == ".xls":
        raise WorkbookError(f"{name}: old .xls workbooks are not supported; save it as .xlsx")
    if _looks_like_text(head):
        raise WorkbookError(f"{name}: this is a text file, not an Excel workbook; "
                            "if it is CSV, give it a .csv name")
    raise WorkbookError(f"{name}: not an Excel workbook (.xlsx)")


def _open_zip(path, name: str, limits: dict) -> zipfile.ZipFile:
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(4096)
    except OSError:
        raise WorkbookError(f"{name}: the file could not be opened") from None
    if not head.startswith(b"PK"):
        _not_a_zip(path, name, head)
    try:
        zf = zipfile.ZipFile(path)
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise WorkbookError(f"{name}: the workbook file is damaged (not a valid zip archive)") from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise WorkbookError(f"{name}: the workbook holds {len(infos):,} files, more than the limit of "
                            f"{MAX_ZIP_ENTRIES:,}")
    total = sum(i.file_size for i in infos)
    if total > limits["max_uncompressed_bytes"]:
        raise WorkbookError(f"{name}: the workbook unpacks to {total / 2**20:,.0f} MB, more than the limit "
                            f"of {limits['max_uncompressed_bytes'] / 2**20:,.0f} MB")
    names = {i.filename for i in infos}
    if "xl/workbook.bin" in names:
        raise WorkbookError(f"{name}: binary .xlsb workbooks are not supported; save it as .xlsx")
    if "content.xml" in names and "mimetype" in names:
        raise WorkbookError(f"{name}: OpenDocument spreadsheets are not supported; save it as .xlsx")
    return zf


def _part(zf: zipfile.ZipFile, part: str, name: str) -> ElementTree.Element | None:
    try:
        info = zf.getinfo(part)
    except KeyError:
        return None
    if info.file_size > MAX_PART_BYTES:
        raise WorkbookError(f"{name}: the workbook's {part} is too large to read safely")
    try:
        data = zf.read(info)
    except Exception:  # bad CRC, bad deflate stream, encrypted entry...
        raise WorkbookError(f"{name}: the workbook file is damaged ({part} cannot be unpacked)") from None
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:  # never in a real workbook; entity bombs need them
        raise WorkbookError(f"{name}: the workbook is malformed ({part} declares XML entities)")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise WorkbookError(f"{name}: the workbook is malformed ({part} is not valid XML)") from None


def _rels(zf, part: str, name: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type suffix, part path) for `part`'s .rels file."""
    p = PurePosixPath(part)
    root = _part(zf, str(p.parent / "_rels" / (p.name + ".rels")).lstrip("./"), name)
    out = {}
    for el in (root if root is not None else []):
        target = el.get("Target", "")
        if el.get("TargetMode") == "External" or not target:
            continue
        full = target.lstrip("/") if target.startswith("/") else str(p.parent / target)
        parts: list[str] = []
        for seg in full.split("/"):  # resolve ../ without touching the file system
            if seg == "..":
                parts and parts.pop()
            elif seg not in ("", "."):
                parts.append(seg)
        out[el.get("Id", "")] = (el.get("Type", "").rsplit("/", 1)[-1], "/".join(parts))
    return out


def _worksheets(zf, name: str) -> list[tuple[str, str]]:
    """(sheet name, part path) of every worksheet, in workbook order (chart sheets left out)."""
    wb_part = next((p for t, p in _rels(zf, "", name).values() if t == "officeDocument"), "xl/workbook.xml")
    root = _part(zf, wb_part, name)
    if root is None:
        raise WorkbookError(f"{name}: a zip archive but not an Excel workbook")
    rels = _rels(zf, wb_part, name)
    sheets = []
    for el in root.iter():
        if _local(el.tag) != "sheet":
            continue
        rid = next((v for k, v in el.attrib.items() if k.startswith("{") and _local(k) == "id"), None)
        kind, target = rels.get(rid, ("worksheet", ""))
        if kind == "worksheet":
            sheets.append((el.get("name", ""), target))
    if not sheets:
        raise WorkbookError(f"{name}: the workbook has no sheets with cells")
    return sheets


_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,9})")


def _declared_size(zf, part: str) -> tuple[int, int] | None:
    """(last row, last column) of the sheet's <dimension>, or None when absent or unreadable."""
    try:
        with zf.open(part) as f:
            head = f.read(DIMENSION_PEEK)
    except Exception:  # a damaged entry: the child will say so
        return None
    head = head.split(b"sheetData", 1)[0]
    m = _DIMENSION.search(head)
    refs = _CELL_REF.findall(m.group(1).decode("ascii", "replace")) if m else []
    if not refs:
        return None
    return max(int(r) for _, r in refs), max(_col_number(c) for c, _ in refs)


def _too_many_rows(name, sheet, limits):
    return WorkbookError(f"{name}: sheet '{sheet}' has more than {limits['max_rows']:,} rows (the limit)")


def _too_many_columns(name, sheet, limits):
    return WorkbookError(f"{name}: sheet '{sheet}' has more than {limits['max_columns']:,} columns (the limit)")


def _limits(overrides: dict) -> dict:
    unknown = set(overrides) - set(LIMITS)
    if unknown:
        raise TypeError(f"unknown workbook limits: {', '.join(sorted(unknown))}")
    return {**LIMITS, **overrides}


def sheet_names(path, filename: str | None = None) -> list[str]:
    """Names of the worksheets, in workbook order; reads only the workbook's index, not the cells."""
    name = filename or Path(path).name
    with _open_zip(path, name, LIMITS) as zf:
        return [s for s, _ in _worksheets(zf, name)]


def read_sheet(path, sheet: str | None = None, filename: str | None = None, *, engine: str = "auto",
               **limits) -> pa.Table:
    """One sheet as a pyarrow Table (see the module doc); sheet None = the first worksheet.

    limits override LIMITS (max_rows, max_columns, max_uncompressed_bytes, timeout_s, memory_mb).
    engine: "auto" (calamine, falling back to openpyxl), "calamine" or "openpyxl"; for tests.
    """
    limits = _limits(limits)
    deadline = time.monotonic() + limits["timeout_s"]
    name = filename or Path(path).name
    with _open_zip(path, name, limits) as zf:
        sheets = _worksheets(zf, name)
        if sheet is None:
            sheet, part = sheets[0]
        else:
            part = dict(sheets).get(sheet)
            if part is None:
                raise WorkbookError(f"{name}: no sheet '{sheet}' (sheets: {', '.join(s for s, _ in sheets)})")
        declared = _declared_size(zf, part)
    if declared:
        if declared[0] > limits["max_rows"] + 1:
            raise _too_many_rows(name, sheet, limits)
        if declared[1] > limits["max_columns"]:
            raise _too_many_columns(name, sheet, limits)
    engines = {"auto": ["calamine", "openpyxl"], "calamine": ["calamine"], "openpyxl": ["openpyxl"]}.get(engine)
    if engines is None:
        raise ValueError(f"engine must be auto, calamine or openpyxl, not {engine!r}")
    if engine == "auto" and not _has_calamine():
        engines = ["openpyxl"]
    for i, eng in enumerate(engines):
        try:
            return _run_child(path, sheet, part, name, limits, eng, deadline)
        except _ChildDied as died:
            # calamine allocates the whole sheet up front; openpyxl streams and caps as it goes
            if i == len(engines) - 1 or died.timed_out:
                raise WorkbookError(f"{name}: the workbook is too large or malformed to read safely "
                                    f"(limit: {died.limit})") from None


def _has_calamine() -> bool:
    try:
        import python_calamine  # noqa: F401
        return True
    except ImportError:
        return False


class _ChildDied(Exception):
    def __init__(self, limit: str, timed_out: bool = False):
        super().__init__(limit)
        self.limit, self.timed_out = limit, timed_out


def _run_child(path, sheet, part, name, limits, engine, deadline) -> pa.Table:
    remaining = deadline - time.monotonic()
    timeout_text = f"{limits['timeout_s']:g} s"
    if remaining <= 0:
        raise _ChildDied(timeout_text, timed_out=True)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
               MALLOC_ARENA_MAX="2",                # glibc arenas reserve 64 MB of address space each
               ARROW_DEFAULT_MEMORY_POOL="system",  # so do jemalloc/mimalloc
               RUST_BACKTRACE="0")
    with tempfile.TemporaryDirectory(prefix="workbook-") as tmp:
        out = Path(tmp) / "sheet.arrow"
        request = dict(path=str(Path(path).resolve()), sheet=sheet, part=part, filename=name, limits=limits,
                       engine=engine, out=str(out), result=str(Path(tmp) / "result.json"))
        with open(Path(tmp) / "stderr.txt", "w+b") as err:
            try:
                proc = subprocess.run([sys.executable, "-m", "analytics.workbook", json.dumps(request)],
                                      cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=err, timeout=remaining)
            except subprocess.TimeoutExpired:  # run() has killed the child
                raise _ChildDied(timeout_text, timed_out=True) from None
            try:
                result = json.loads((Path(tmp) / "result.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                err.seek(0, os.SEEK_END)
                err.seek(max(0, err.tell() - 2000))
                log.info("workbook child (%s) ended with code %s: %s", engine, proc.returncode,
                         err.read().decode("utf-8", "replace"))
                raise _ChildDied(f"{limits['memory_mb']:,} MB of memory, {timeout_text}") from None
        if "error" in result:
            raise WorkbookError(result["error"])
        with pa.OSFile(str(out)) as f:
            return pa.ipc.open_file(f).read_all()


# ---------------------------------------------------------------- parsing, in the child

def _blank(v) -> bool:
    return v is None or v == ""


def _nonempty(row) -> bool:
    # any() settles almost every row in C; only rows of zeros/False/'' need the slow look
    return any(row) or any(not _blank(v) for v in row)


def _num_text(v, floats_as_ints: bool) -> str:
    if floats_as_ints and type(v) is float and v.is_integer() and abs(v) < 2**53:
        return str(int(v))
    return str(v)


def _text(v, floats_as_ints: bool = False) -> str:
    t = type(v)
    if t is str:
        return v
    if t is datetime:
        return v.date().isoformat() if v.time() == dtime() else str(v)
    if t is date:
        return v.isoformat()
    if t is float:
        return _num_text(v, floats_as_ints)
    return str(v)


class _Column:
    """One output column, built chunk by chunk: each chunk is typed on its own, and the kinds
    are reconciled at the end (numbers + text -> all text, rendered as the cells were)."""

    def __init__(self, floats_as_ints: bool):
        self.floats_as_ints = floats_as_ints
        self.chunks: list[tuple[str, pa.Array, pa.Array | None]] = []  # (kind, values, exact text)

    def add(self, col) -> None:
        n = len(col)
        if "" in col:
            col = [None if v == "" else v for v in col]
        types = set(map(type, col))
        types.discard(type(None))
        if not types:
            self.chunks.append(("null", pa.nulls(n), None))
        elif types <= {int, float}:
            self.chunks.append(self._numbers(col, types))
        elif types <= {datetime, date}:
            if date in types:
                col = [datetime(v.year, v.month, v.day) if type(v) is date else v for v in col]
            self.chunks.append(("datetime", pa.array(col, pa.timestamp("us")), None))
        elif types == {str}:
            self.chunks.append(("text", pa.array(col, pa.string()), None))
        else:
            fa = self.floats_as_ints
            self.chunks.append(("text", pa.array([None if v is None else _text(v, fa) for v in col],
                                                 pa.string()), None))

    def _numbers(self, col, types):
        if types == {int}:
            try:
                return "int", pa.array(col, pa.int64()), None
            except (OverflowError, pa.ArrowException):
                pass  # beyond int64: float64, keeping the digits for a text column
        try:
            values = pa.array(col, pa.float64())
        except (OverflowError, pa.ArrowException):
            values = pa.array([None if v is None else float(v) for v in col], pa.float64())
        if int in types:  # float64 would turn 17850 into "17850.0" if the column ends up text
            return "float", values, pa.array([None if v is None else str(v) for v in col], pa.string())
        if self.floats_as_ints:
            arr = values.drop_null().to_numpy()
            if np.all((arr == np.floor(arr)) & (np.abs(arr) < 2**53)):
                return "int", values.cast(pa.int64()), None
        return "float", values, None

    def finish(self) -> pa.ChunkedArray:
        kinds = {k for k, _, _ in self.chunks} - {"null"}
        if kinds == {"int"} or kinds == {"datetime"}:
            typ = pa.int64() if kinds == {"int"} else pa.timestamp("us")
            return pa.chunked_array([a.cast(typ) for _, a, _ in self.chunks], typ)
        if kinds and kinds <= {"int", "float"}:
            return pa.chunked_array([a.cast(pa.float64()) for _, a, _ in self.chunks], pa.float64())
        return pa.chunked_array([self._as_text(*c) for c in self.chunks], pa.string())

    def _as_text(self, kind, values, exact):
        if kind in ("text", "null"):
            return values.cast(pa.string())
        if exact is not None:
            return exact
        if kind == "int":
            return values.cast(pa.string())  # same digits as str(int)
        fa = self.floats_as_ints
        return pa.array([None if v is None else _text(v, fa) for v in values.to_pylist()], pa.string())


class _SheetReader:
    """Turns a stream of rows (row i = sheet row i, empty rows included) into the Table."""

    def __init__(self, name, sheet, limits, col_offset=0, floats_as_ints=False):
        self.name, self.sheet, self.limits = name, sheet, limits
        self.col_offset = col_offset  # sheet column of row[0] is col_offset + 1
        self.floats_as_ints = floats_as_ints
        self.header: list[str] | None = None
        self.auto: list[bool] = []  # header cell was empty
        self.letters: list[str] = []
        self.columns: list[_Column] = []
        self.rownums: list[int] = []
        self.extras: list[str | None] = []
        self.buffer: list[tuple] = []
        self.row_chunks: list[pa.Array] = []
        self.extra_chunks: list[pa.Array] = []
        self.any_extra = False

    def read(self, rows) -> pa.Table:
        last_row = self.limits["max_rows"] + 1
        max_cols = self.limits["max_columns"] - self.col_offset  # row length allowed
        width = 0
        for rownum, row in enumerate(rows, 1):
            if not _nonempty(row):
                if rownum > max(last_row, EXCEL_ROWS):  # bound the walk over row gaps
                    raise WorkbookError(f"{self.name}: sheet '{self.sheet}' is malformed "
                                        f"(a row number beyond {EXCEL_ROWS:,})")
                continue
            if rownum > last_row:
                raise _too_many_rows(self.name, self.sheet, self.limits)
            if len(row) > max_cols and _nonempty(row[max(max_cols, 0):]):
                raise _too_many_columns(self.name, self.sheet, self.limits)
            if self.header is None:
                width = self._set_header(row)
                continue
            extra = None
            if len(row) > width:
                tail = row[width:]
                if _nonempty(tail):
                    fa = self.floats_as_ints
                    extra = ",".join(_text(v, fa) for v in tail if not _blank(v))
                    self.any_extra = True
                row = row[:width]
            elif len(row) < width:
                row = (*row, *([None] * (width - len(row))))
            self.buffer.append(row)
            self.rownums.append(rownum)
            self.extras.append(extra)
            if len(self.buffer) >= CHUNK_ROWS:
                self._flush()
        if self.header is None:
            raise WorkbookError(f"{self.name}: sheet '{self.sheet}' is empty")
        self._flush()
        return self._table()

    def _set_header(self, row) -> int:
        width = max(i for i, v in enumerate(row) if not _blank(v)) + 1
        names, seen = [], {}
        for i, v in enumerate(row[:width]):
            letter = _letter(self.col_offset + i + 1)
            text = "" if v is None else _text(v, self.floats_as_ints).strip()
            self.auto.append(not text)
            self.letters.append(letter)
            names.append(text or f"column_{letter}")
            if text:
                self._check_name(text, letter, seen)
        self.header = names
        self.columns = [_Column(self.floats_as_ints) for _ in names]
        return width

    def _check_name(self, text, letter, seen):
        key = text.casefold()
        if key in RESERVED:
            raise WorkbookError(f'{self.name}: the header "{text}" (column {letter}) is a reserved name; rename it')
        if key in seen:
            first, first_letter = seen[key]
            if first == text:
                what = f'the header "{text}" appears twice (columns {first_letter} and {letter})'
            else:
                what = (f'the headers "{first}" (column {first_letter}) and "{text}" (column {letter}) '
                        "are the same name")
            raise WorkbookError(f"{self.name}: {what}; each column needs its own name")
        seen[key] = (text, letter)

    def _flush(self):
        if not self.buffer:
            return
        for column, values in zip(self.columns, zip(*self.buffer)):
            column.add(values)
        self.row_chunks.append(pa.array(self.rownums, pa.int64()))
        self.extra_chunks.append(pa.array(self.extras, pa.string()))
        self.buffer, self.rownums, self.extras = [], [], []

    def _table(self) -> pa.Table:
        arrays = [c.finish() for c in self.columns]
        names, auto, letters = list(self.header), list(self.auto), list(self.letters)
        # Leading unnamed columns with no data (openpyxl starts at column A; calamine at the
        # first used column) are dropped, so both readers give the same table.
        while len(names) > 1 and auto[0] and arrays[0].null_count == len(arrays[0]):
            names.pop(0), auto.pop(0), letters.pop(0), arrays.pop(0)
        seen = {}
        for n, letter in zip(names, letters):  # an empty header's column_C may meet a real one
            self._check_name(n, letter, seen)
        cols = {"__row": pa.chunked_array(self.row_chunks, pa.int64())}
        cols.update(zip(names, arrays))
        if self.any_extra:
            cols["__extra"] = pa.chunked_array(self.extra_chunks, pa.string())
        return pa.table(cols)


def _read_calamine(path, sheet, name, limits) -> pa.Table:
    from python_calamine import CalamineWorkbook
    wb = CalamineWorkbook.from_path(path)
    try:
        ws = wb.get_sheet_by_name(sheet)  # loads the whole used range (capped by RLIMIT_AS)
        if ws.end is None:
            raise WorkbookError(f"{name}: sheet '{sheet}' is empty")
        if ws.end[0] + 1 > limits["max_rows"] + 1:
            raise _too_many_rows(name, sheet, limits)
        if ws.end[1] + 1 > limits["max_columns"]:
            raise _too_many_columns(name, sheet, limits)
        # iter_rows starts at sheet row 1 but at the first used column
        reader = _SheetReader(name, sheet, limits, col_offset=ws.start[1], floats_as_ints=True)
        return reader.read(ws.iter_rows())
    finally:
        wb.close()


def _read_openpyxl(path, sheet, name, limits) -> pa.Table:
    import openpyxl
    from openpyxl.reader.excel import ExcelReader
    # Chart sheets are never read here, and openpyxl 3.1.5 crashes on some in read-only mode.
    ExcelReader.read_chartsheet = lambda self, sheet, rel: None
    # a file object: openpyxl refuses paths without an Excel suffix (uploads are temp files)
    with open(path, "rb") as f:
        wb = openpyxl.load_workbook(f, read_only=True, data_only=True, keep_links=False)
        try:
            ws = wb[sheet]
            ws.reset_dimensions()  # never trust the declared size; gaps come as empty tuples
            return _SheetReader(name, sheet, limits).read(ws.iter_rows(values_only=True))
        finally:
            wb.close()


def _has_error_cells(path, part) -> bool:
    """Whether the sheet holds error cells (#N/A...): calamine reads them as empty, openpyxl as
    their text, which the ingest can show. A streamed byte search (a false hit only costs speed)."""
    tail = b""
    try:
        with zipfile.ZipFile(path) as zf, zf.open(part) as f:
            while chunk := f.read(1 << 20):
                if b't="e"' in chunk or b"t='e'" in chunk:
                    return True
                if b't="e"' in tail + chunk[:8] or b"t='e'" in tail + chunk[:8]:
                    return True
                tail = chunk[-8:]
    except Exception:  # a damaged part: let the readers report it
        return False
    return False


def _child(req: dict) -> dict:
    import resource
    mem = req["limits"]["memory_mb"] * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort must not write a core file
    name, sheet, limits = req["filename"], req["sheet"], req["limits"]
    table, reader = None, "calamine"
    if req["engine"] == "calamine" and not _has_error_cells(req["path"], req["part"]):
        try:
            table = _read_calamine(req["path"], sheet, name, limits)
        except WorkbookError:
            raise
        except MemoryError:
            raise
        except Exception as e:  # calamine's own parse errors: openpyxl may still read it
            log.warning("calamine could not read %s: %s", name, e)
    if table is None:
        reader = "openpyxl"
        try:
            table = _read_openpyxl(req["path"], sheet, name, limits)
        except (WorkbookError, MemoryError):
            raise
        except Exception:
            raise WorkbookError(f"{name}: the workbook is damaged or not a valid Excel file "
                                f"(sheet '{sheet}' could not be read)") from None
    table = table.replace_schema_metadata({"reader": reader})  # which parser read it, for logs and tests
    with pa.OSFile(req["out"], "wb") as f, pa.ipc.new_file(f, table.schema) as w:
        w.write_table(table)
    return {"rows": table.num_rows}


def _main(argv: list[str]) -> int:
    req = json.loads(argv[0])
    try:
        result = _child(req)
    except WorkbookError as e:
        result = {"error": str(e)}
    except MemoryError:
        return 3  # no result file: the parent reports the memory limit
    Path(req["result"]).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
