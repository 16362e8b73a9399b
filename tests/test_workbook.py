"""analytics.workbook: untrusted .xlsx read in a capped child process, exact values and messages."""
import json
import shutil
import subprocess
import sys
import time
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pyarrow as pa
import pytest

from analytics.workbook import LIMITS, WorkbookError, read_sheet, sheet_names

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
try:
    import python_calamine  # noqa: F401
    ENGINES = ["calamine", "openpyxl"]
except ImportError:
    ENGINES = ["openpyxl"]

_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/xl/workbook.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/worksheets/sheet1.xml" '
       'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WB = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
       'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
       '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WB_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def raw_xlsx(path, cells, dimension=None, shared=()):
    """A minimal workbook written by hand: cells = [(ref, value)], value str (inline), number,
    or ("xml", '<c ...>') for a verbatim cell. No styles; an optional <dimension ref>; shared
    strings (as Excel writes text) for cells <c t="s"><v>index</v></c>."""
    rows = {}
    for ref, v in cells:
        r = int("".join(ch for ch in ref if ch.isdigit()))
        if isinstance(v, tuple):
            xml = v[1]
        elif isinstance(v, str):
            xml = f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>'
        else:
            xml = f'<c r="{ref}"><v>{v}</v></c>'
        rows.setdefault(r, []).append(xml)
    body = "".join(f'<row r="{r}">{"".join(cs)}</row>' for r, cs in sorted(rows.items()))
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f"{dim}<sheetData>{body}</sheetData></worksheet>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CT if not shared else _CT.replace("</Types>", (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sharedStrings+xml"/></Types>')))
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WB)
        rels = _WB_RELS
        if shared:
            sst = "".join(f"<si><t>{t}</t></si>" for t in shared)
            z.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
                                               f'main" count="{len(shared)}">{sst}</sst>')
            rels = rels.replace("</Relationships>", '<Relationship Id="rId2" Type="http://schemas.openxmlformats'
                                '.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
                                "</Relationships>")
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return path


def xlsx(path, rows, title="Sheet1"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for i, row in enumerate(rows, 1):
        for j, v in enumerate(row, 1):
            if v is not None:
                ws.cell(i, j, v)
    wb.save(path)
    return path


def message(fn, *args, **kwargs) -> str:
    with pytest.raises(WorkbookError) as e:
        fn(*args, **kwargs)
    return str(e.value)


@pytest.mark.parametrize("engine", ENGINES)
def test_types_rows_and_text_exactly(tmp_path, engine):
    path = xlsx(tmp_path / "orders.xlsx", [
        [],
        ["customer_id", "amount", "order_date", "mixed", None, "flag", " note "],
        [17850, 10, datetime(2024, 1, 5), "C1", "x", True, None],
        [],
        [12346, 12.5, datetime(2024, 1, 5, 8, 26), 17850, None, False, ""],
        [],
        [],
        [3, None, date(2024, 1, 6), datetime(2024, 1, 5), None, None, "n"],
        [4, 7, None, 2.5, None, None, None],
        [5, 8, None, datetime(2024, 1, 5, 8, 26), None, None, None],
    ])
    t = read_sheet(path, engine=engine)
    assert t.column_names == ["__row", "customer_id", "amount", "order_date", "mixed", "column_E", "flag", "note"]
    assert t.schema.types == [pa.int64(), pa.int64(), pa.float64(), pa.timestamp("us"), pa.string(),
                              pa.string(), pa.string(), pa.string()]
    assert t.to_pydict() == {
        "__row": [3, 5, 8, 9, 10],
        "customer_id": [17850, 12346, 3, 4, 5],
        "amount": [10.0, 12.5, None, 7.0, 8.0],
        "order_date": [datetime(2024, 1, 5), datetime(2024, 1, 5, 8, 26), datetime(2024, 1, 6), None, None],
        "mixed": ["C1", "17850", "2024-01-05", "2.5", "2024-01-05 08:26:00"],
        "column_E": ["x", None, None, None, None],
        "flag": ["True", "False", None, None, None],
        "note": [None, None, "n", None, None],
    }
    assert t.schema.metadata[b"reader"] == engine.encode()


@pytest.mark.parametrize("engine", ENGINES)
def test_extra_cells_right_of_the_header(tmp_path, engine):
    path = xlsx(tmp_path / "wide.xlsx", [["id", "amount"], [1, 2], [3, 4, "x", None, 5], [6, 7, None]])
    t = read_sheet(path, engine=engine)
    assert t.column_names == ["__row", "id", "amount", "__extra"]
    assert t.column("__extra").to_pylist() == [None, "x,5", None]
    assert t.column("__row").to_pylist() == [2, 3, 4]
    assert "__extra" not in read_sheet(xlsx(tmp_path / "ok.xlsx", [["id"], [1]]), engine=engine).column_names


@pytest.mark.parametrize("engine", ENGINES)
def test_sheet_starting_away_from_a1_numbers_rows_and_columns_as_excel(tmp_path, engine):
    path = raw_xlsx(tmp_path / "offset.xlsx", [("C3", "id"), ("E3", "amount"), ("C5", 1), ("F6", "x"),
                                                ("E8", 2.5)])
    t = read_sheet(path, engine=engine)
    assert t.to_pydict() == {"__row": [5, 6, 8], "id": [1, None, None], "column_D": [None, None, None],
                             "amount": [None, None, 2.5], "__extra": [None, "x", None]}


@pytest.mark.parametrize("engine", ENGINES)
def test_shared_strings_as_excel_writes_them(tmp_path, engine):
    s = lambda ref, i: (ref, ("xml", f'<c r="{ref}" t="s"><v>{i}</v></c>'))
    path = raw_xlsx(tmp_path / "sst.xlsx", [s("A1", 0), s("B1", 1), s("A2", 2), ("B2", 12.5), s("A3", 2)],
                    shared=["客户编号", "金额", "C001"])
    assert read_sheet(path, engine=engine).to_pydict() == {"__row": [2, 3], "客户编号": ["C001", "C001"],
                                                           "金额": [12.5, None]}


def test_a_number_keeps_the_type_written_in_the_file(tmp_path):
    # "17850.0" in the XML is a float to openpyxl; calamine sees numbers only, so integral = int
    path = raw_xlsx(tmp_path / "n.xlsx", [("A1", "v"), ("A2", "x"), ("A3", ("xml", '<c r="A3"><v>17850.0</v></c>')),
                                          ("A4", 17850), ("A5", 1.5)])
    assert read_sheet(path, engine="openpyxl").column("v").to_pylist() == ["x", "17850.0", "17850", "1.5"]
    if "calamine" in ENGINES:
        assert read_sheet(path, engine="calamine").column("v").to_pylist() == ["x", "17850", "17850", "1.5"]


def test_error_cells_keep_their_text(tmp_path):
    path = raw_xlsx(tmp_path / "err.xlsx", [("A1", "amount"), ("A2", 5),
                                            ("A3", ("xml", '<c r="A3" t="e"><v>#N/A</v></c>'))])
    t = read_sheet(path)
    assert t.column("amount").to_pylist() == ["5", "#N/A"]
    assert t.schema.metadata[b"reader"] == b"openpyxl"  # calamine would read #N/A as empty


def test_header_only_sheet_and_empty_sheet(tmp_path):
    t = read_sheet(xlsx(tmp_path / "h.xlsx", [[None], ["id", "amount"]]))
    assert t.num_rows == 0 and t.column_names == ["__row", "id", "amount"]
    assert message(read_sheet, xlsx(tmp_path / "e.xlsx", [])) == "e.xlsx: sheet 'Sheet1' is empty"


@pytest.mark.parametrize("engine", ENGINES)
def test_duplicate_header_is_refused_with_both_columns(tmp_path, engine):
    path = xlsx(tmp_path / "dup.xlsx", [["id", "amount", "x", " amount"], [1, 2, 3, 4]])
    assert message(read_sheet, path, engine=engine) == (
        'dup.xlsx: the header "amount" appears twice (columns B and D); each column needs its own name')
    path = xlsx(tmp_path / "case.xlsx", [["id", "Amount", "amount"], [1, 2, 3]])
    assert message(read_sheet, path, engine=engine) == (
        'case.xlsx: the headers "Amount" (column B) and "amount" (column C) are the same name; '
        "each column needs its own name")
    path = xlsx(tmp_path / "auto.xlsx", [["column_B", None, "x"], [1, 2, 3]])
    assert message(read_sheet, path, engine=engine) == (
        'auto.xlsx: the header "column_B" appears twice (columns A and B); each column needs its own name')
    path = xlsx(tmp_path / "res.xlsx", [["id", "__row"], [1, 2]])
    assert message(read_sheet, path, engine=engine) == (
        'res.xlsx: the header "__row" (column B) is a reserved name; rename it')


def test_sheets_by_name_and_not_found(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Orders"
    wb.active.append(["id"])
    wb.create_sheet("Customers").append(["cid"])
    wb.create_chartsheet("Chart")
    wb.create_sheet("Hidden").sheet_state = "hidden"
    wb.save(tmp_path / "book.xlsx")
    assert sheet_names(tmp_path / "book.xlsx") == ["Orders", "Customers", "Hidden"]
    assert read_sheet(tmp_path / "book.xlsx", "Customers").column_names == ["__row", "cid"]
    assert message(read_sheet, tmp_path / "book.xlsx", "X") == (
        "book.xlsx: no sheet 'X' (sheets: Orders, Customers, Hidden)")


def test_upload_temp_file_without_suffix_reads_and_messages_use_the_users_name(tmp_path):
    src = xlsx(tmp_path / "a.xlsx", [["id", "id"], [1, 2]])
    tmp = shutil.copy(src, tmp_path / "upload-3f2a.tmp")
    assert sheet_names(tmp, filename="orders.xlsx") == ["Sheet1"]
    assert message(read_sheet, tmp, filename="orders.xlsx").startswith('orders.xlsx: the header "id" appears twice')
    xlsx(src, [["id"], [1]])
    assert read_sheet(shutil.copy(src, tmp_path / "upload-2"), filename="orders.xlsx").num_rows == 1


def test_not_a_workbook_messages(tmp_path):
    csv = tmp_path / "orders.xlsx"
    csv.write_text("customer_id,amount\n17850,12.5\n", encoding="utf-8")
    assert message(read_sheet, csv) == (
        "orders.xlsx: this is a text file, not an Excel workbook; if it is CSV, give it a .csv name")
    assert message(sheet_names, csv).startswith("orders.xlsx: this is a text file")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    (tmp_path / "old.xls").write_bytes(ole)
    assert message(read_sheet, tmp_path / "old.xls") == (
        "old.xls: old .xls workbooks are not supported; save it as .xlsx")
    (tmp_path / "renamed.xlsx").write_bytes(ole)
    assert message(read_sheet, tmp_path / "renamed.xlsx") == (
        "renamed.xlsx: old .xls workbooks are not supported; save it as .xlsx")
    (tmp_path / "locked.xlsx").write_bytes(ole + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 64)
    assert message(read_sheet, tmp_path / "locked.xlsx") == (
        "locked.xlsx: the workbook is password-protected; remove the password in Excel and save it again")
    (tmp_path / "blob.xlsx").write_bytes(bytes(range(256)) * 4)
    assert message(read_sheet, tmp_path / "blob.xlsx") == "blob.xlsx: not an Excel workbook (.xlsx)"
    (tmp_path / "empty.xlsx").write_bytes(b"")
    assert message(read_sheet, tmp_path / "empty.xlsx") == "empty.xlsx: the file is empty"
    with zipfile.ZipFile(tmp_path / "docs.xlsx", "w") as z:
        z.writestr("hello.txt", "hi")
    assert message(read_sheet, tmp_path / "docs.xlsx") == "docs.xlsx: a zip archive but not an Excel workbook"
    (tmp_path / "cut.xlsx").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert message(read_sheet, tmp_path / "cut.xlsx") == (
        "cut.xlsx: the workbook file is damaged (not a valid zip archive)")


@pytest.mark.parametrize("engine", ENGINES)
def test_many_rows_are_capped_while_reading_when_no_dimension_is_declared(tmp_path, engine):
    cells = [("A1", "id"), ("B1", "amount")] + [(f"A{r}", r) for r in range(2, 32)]  # 30 data rows
    path = raw_xlsx(tmp_path / "many.xlsx", cells)
    assert message(read_sheet, path, max_rows=20, engine=engine) == (
        "many.xlsx: sheet 'Sheet1' has more than 20 rows (the limit)")
    assert read_sheet(path, max_rows=30, engine=engine).num_rows == 30
    wide = raw_xlsx(tmp_path / "wide.xlsx", [("A1", "id"), ("A2", 1), ("E2", 5)])
    assert message(read_sheet, wide, max_columns=4, engine=engine) == (
        "wide.xlsx: sheet 'Sheet1' has more than 4 columns (the limit)")


def test_declared_dimension_is_checked_before_parsing(tmp_path):
    path = xlsx(tmp_path / "many.xlsx", [["id"]] + [[i] for i in range(30)])
    assert message(read_sheet, path, max_rows=20) == "many.xlsx: sheet 'Sheet1' has more than 20 rows (the limit)"
    lying = raw_xlsx(tmp_path / "lying.xlsx", [("A1", "id"), ("A2", 1)], dimension="A1:C5000")
    started = time.monotonic()
    assert message(read_sheet, lying, max_rows=1000) == (
        "lying.xlsx: sheet 'Sheet1' has more than 1,000 rows (the limit)")
    assert time.monotonic() - started < 0.5  # no child process was started
    assert message(read_sheet, path, max_uncompressed_bytes=1000).startswith(
        "many.xlsx: the workbook unpacks to 0 MB, more than the limit of 0 MB")


def _read_in_fresh_process(path) -> dict:
    """read_sheet in a new interpreter, so that peak memory covers it and its children only."""
    code = ("import json, resource, sys, time\n"
            "from analytics.workbook import WorkbookError, read_sheet\n"
            "t = time.monotonic()\n"
            "try:\n    read_sheet(sys.argv[1]); msg = None\n"
            "except WorkbookError as e:\n    msg = str(e)\n"
            # VmHWM, not ru_maxrss: a process started from a large one (a long pytest run) inherits
            # its parent's ru_maxrss; VmHWM belongs to this process image alone
            "hwm = [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')][0] / 1024\n"
            "kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
            "print(json.dumps(dict(message=msg, seconds=time.monotonic() - t, peak_mb=max(hwm, kids))))\n")
    out = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize("bomb", ["bomb_xfd.xlsx", "workbook_bomb_header.xlsx"])
def test_excel_bomb_is_refused_fast_and_small(bomb):
    # bomb_xfd: one cell at XFD1048576, no <dimension>. workbook_bomb_header: a header in A1 too
    # and a <dimension> that lies ("A1"); calamine would allocate 512 GB for it and dies on the
    # memory limit, then openpyxl streams it and stops at the first over-wide row.
    assert (DATA / bomb).stat().st_size < 6000
    got = _read_in_fresh_process(DATA / bomb)
    assert got["message"] == f"{bomb}: sheet 'Sheet1' has more than 1,000 columns (the limit)"
    assert got["seconds"] < 10
    assert got["peak_mb"] < 500


def test_declared_bomb_is_refused_without_a_child(tmp_path):
    path = raw_xlsx(tmp_path / "bomb.xlsx", [("XFD1048576", 1)], dimension="A1:XFD1048576")
    started = time.monotonic()
    assert message(read_sheet, path) == "bomb.xlsx: sheet 'Sheet1' has more than 1,000 columns (the limit)"
    assert time.monotonic() - started < 0.5


def test_child_death_and_timeout_are_clean_errors(tmp_path):
    if "calamine" in ENGINES:  # calamine alone on the lying bomb: the child aborts on RLIMIT_AS
        assert message(read_sheet, DATA / "workbook_bomb_header.xlsx", engine="calamine") == (
            "workbook_bomb_header.xlsx: the workbook is too large or malformed to read safely "
            "(limit: 3,000 MB of memory, 300 s)")
    path = xlsx(tmp_path / "slow.xlsx", [["id"], [1]])
    started = time.monotonic()
    assert message(read_sheet, path, timeout_s=0.05) == (
        "slow.xlsx: the workbook is too large or malformed to read safely (limit: 0.05 s)")
    assert time.monotonic() - started < 2


def test_limits_are_stated_and_checked():
    assert LIMITS == dict(max_rows=2_000_000, max_columns=1_000, max_uncompressed_bytes=2 * 1024**3,
                          timeout_s=300, memory_mb=3000)
    with pytest.raises(TypeError):
        read_sheet(DATA / "bomb_xfd.xlsx", max_cells=5)
