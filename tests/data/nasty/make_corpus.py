"""Writes the nasty-file corpus beside this script: `python tests/data/nasty/make_corpus.py`.

Every file is small (under 50 KB) and built byte by byte here, so the corpus can be regenerated
and reviewed: workbooks and zips are written with fixed timestamps, gzip without a time stamp.
tests/test_nasty_files.py reads each file through ingest.load_files, the command line and the
Data page; the comment above each file in corpus() says what it holds.
"""
from __future__ import annotations

import gzip
import io
import struct
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAMP = (2024, 1, 1, 0, 0, 0)

ORDERS = ("customer_id,order_date,amount\n"
          "C1,2024-01-05,10.50\n"
          "C2,someday,3\n"
          "C1,2024-02-01,4\n")


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(zipfile.ZipInfo(name, STAMP), data, zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def _png() -> bytes:
    """A real 4x4 red PNG."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    pixels = b"".join(b"\x00" + bytes([200, 30, 30]) * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(pixels, 9)) + chunk(b"IEND", b""))


# ---------------------------------------------------------------- minimal .xlsx written by hand

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


def _cell(ref: str, value) -> str:
    if isinstance(value, str):
        text = value.replace("&", "&amp;").replace("<", "&lt;")
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def _sheet_xml(rows: list[list]) -> str:
    body = ""
    for i, row in enumerate(rows, 1):
        cells = "".join(_cell(f"{chr(65 + j)}{i}", v) for j, v in enumerate(row) if v is not None)
        body += f'<row r="{i}">{cells}</row>'
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<worksheet xmlns="{_NS}"><sheetData>{body}</sheetData></worksheet>')


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    """A workbook of inline-string and number cells, one sheet per entry, in order."""
    names = list(sheets)
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                        f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                        for i in range(1, len(names) + 1))
    members = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            f"{overrides}</Types>"),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{_NS}" xmlns:r="{_REL}">'
            "<sheets>" + "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, 1))
            + "</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{_PKG}">'
            + "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                      for i in range(1, len(names) + 1)) + "</Relationships>"),
    }
    for i, n in enumerate(names, 1):
        members[f"xl/worksheets/sheet{i}.xml"] = _sheet_xml(sheets[n])
    return _zip({k: v.encode("utf-8") for k, v in members.items()})


def parquet_with_names(names: list[str]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = {"customer_id": pa.array(["C1", "C2"]), "order_date": pa.array(["2024-01-05", "2024-01-06"])}
    arrays = [columns.get(n, pa.array([1.5, 2.0])) for n in names]
    buf = io.BytesIO()
    pq.write_table(pa.Table.from_arrays(arrays, names=names), buf)
    return buf.getvalue()


# ---------------------------------------------------------------- the corpus

def corpus() -> dict[str, bytes]:
    files: dict[str, str | bytes] = {}
    # decimal comma, the European convention: semicolon-delimited, 1.234,50 and 99,90 and 1 234,50
    files["decimal_comma.csv"] = ("customer_id;order_date;amount\n"
                                  "C1;2024-01-05;1.234,50\n"
                                  "C2;2024-01-06;99,90\n"
                                  "C3;2024-01-07;1 234,50\n"
                                  "C4;2024-01-08;7\n")
    # the same with a stray 1.5: read with the comma (the majority) and 1.5 rejected, never 15
    files["decimal_comma_stray_point.csv"] = ("customer_id;order_date;amount\n"
                                              "C1;2024-01-05;1.234,50\n"
                                              "C2;2024-01-06;99,90\n"
                                              "C3;2024-01-07;1.5\n"
                                              "C4;2024-01-08;€ 12,00\n")
    # nothing but 1.234-shaped values: a guess (comma in a semicolon file, point in a comma file)
    files["decimal_ambiguous_semicolon.csv"] = ("customer_id;order_date;amount\n"
                                                "C1;2024-01-05;1.234\n"
                                                "C2;2024-01-06;2.500\n")
    files["decimal_ambiguous_comma.csv"] = ('customer_id,order_date,amount\n'
                                            'C1,2024-01-05,"1,234"\n'
                                            'C2,2024-01-06,"2,500"\n')
    # day/month order: 13/04/2024 at file row 3 says day first
    files["day_first.csv"] = ("customer_id,order_date,amount\n"
                              "C1,05/04/2024,1\n"
                              "C2,13/04/2024,2\n"
                              "C3,01/02/2024,3\n")
    # nothing decides: read month first, flagged
    files["date_undecided.csv"] = ("customer_id,order_date,amount\n"
                                   "C1,05/04/2024,1\n"
                                   "C2,03/04/2024,2\n")
    # future dates: 2199 is after any today; 2024-07-01 is after the tests' today (2024-06-30)
    files["future_dates.csv"] = ("customer_id,order_date,amount\n"
                                 "C1,2023-12-01,10\n"
                                 "C2,2024-06-30,20\n"
                                 "C3,2024-07-01,30\n"
                                 "C4,2199-07-15,40\n")
    # the same column name twice, in each format
    files["dup_header.csv"] = "customer_id,order_date,amount,amount\nC1,2024-01-05,1,2\n"
    files["dup_header.xlsx"] = xlsx({"Sheet1": [["customer_id", "order_date", "amount", "amount"],
                                                ["C1", "2024-01-05", 1, 2]]})
    files["dup_header.parquet"] = parquet_with_names(["customer_id", "order_date", "amount", "amount"])
    # the same name in another case: DuckDB's names ignore case
    files["dup_header_case.csv"] = "customer_id,order_date,amount,Amount\nC1,2024-01-05,1,2\n"
    files["dup_header_case.parquet"] = parquet_with_names(["customer_id", "order_date", "amount", "AMOUNT"])
    # neither UTF-8 nor GB18030 (0xE9 0x2C and 0x81 0x30 0x58 are no GB18030 sequences): latin-1
    files["latin1.csv"] = ("customer_id,order_date,amount\n"
                           "José,2024-01-05,1\n"
                           "Müller,2024-01-06,2\n").encode("latin-1") + b"\x810X,2024-01-07,3\n"
    # amounts too large: anything of 1e15 or more in size, infinity included
    files["overflow.csv"] = ("customer_id,order_date,amount\n"
                             "C1,2024-01-05,1e308\n"
                             "C2,2024-01-05,1e309\n"
                             "C3,2024-01-05,999999999999999\n"
                             "C4,2024-01-05,1000000000000000\n"
                             "C5,2024-01-05,-1e15\n"
                             "C6,2024-01-05,12.5\n")
    # a 100,000-character customer id at file row 3 (gzipped: the plain file would be 100 KB)
    files["long_id.csv.gz"] = _gzip(("customer_id,order_date,amount\n"
                                     "C1,2024-01-05,1\n"
                                     + "X" * 100_000 + ",2024-01-06,2\n"
                                     "C3,2024-01-07,3\n").encode())
    # binary content under a text name
    files["picture.csv"] = _png()
    files["zip_renamed.csv"] = _zip({"orders.csv": ORDERS.encode()})
    files["workbook_renamed.csv"] = xlsx({"Sheet1": [["customer_id", "order_date", "amount"], ["C1", "2024-01-05", 1]]})
    # delimiters inside quoted values do not fool the sniffing
    files["quoted_semicolons.csv"] = ('customer_id,order_date,amount,note\n'
                                      'C1,2024-01-05,10,"a; b; c"\n'
                                      'C2,2024-01-06,20,"x; y; z; w"\n'
                                      'C3,2024-01-07,30,"p;q"\n')
    files["quoted_commas.csv"] = ('customer_id;order_date;amount;note\n'
                                  'C1;2024-01-05;10;"a, b, c"\n'
                                  'C2;2024-01-06;20;"x, y, z, w"\n'
                                  'C3;2024-01-07;30;"p,q"\n')
    files["pipes.txt"] = "customer_id|order_date|amount\nC1|2024-01-05|10\nC2|2024-01-06|20\n"
    # containers: the same small table plain, gzipped, zipped; a zip with two files
    files["orders.csv"] = ORDERS
    files["orders.csv.gz"] = _gzip(ORDERS.encode())
    files["orders.zip"] = _zip({"orders.csv": ORDERS.encode()})
    files["orders_macos.zip"] = _zip({"orders.csv": ORDERS.encode(), "__MACOSX/._orders.csv": b"\x00\x05\x16\x07"})
    files["two_files.zip"] = _zip({"orders.csv": ORDERS.encode(), "customers.csv": b"customer_id\nC1\n"})
    # a workbook whose orders are on its second sheet
    files["sheets.xlsx"] = xlsx({"Notes": [["read me"], ["orders are on the next sheet"]],
                                 "Orders": [["customer_id", "order_date", "amount"],
                                            ["C1", "2024-01-05", 1.5],
                                            ["C2", "never", 2],
                                            ["C3", "2024-01-07", 3]]})
    # ragged rows, a blank line and quoted line breaks: every rejected row names its true file row
    files["ragged.csv"] = ('customer_id,order_date,amount,note\n'  # 1
                           'C1,2024-01-05,10,plain\n'  # 2
                           '\n'  # 3: blank
                           'C2,2024-01-06,5,"two\nlines"\n'  # 4-5
                           'C3,2024-01-07,4,x,extra\n'  # 6: a field too many
                           'C4,never,4,x\n'  # 7: bad date
                           'C5,2024-01-08\n'  # 8: fields missing
                           'C6,2024-01-09,abc,"multi\nline"\n'  # 9-10: bad amount
                           'C7,2024-01-10,7,ok\n')  # 11
    # a ragged row right below a blank line
    files["ragged_after_blank.csv"] = ("customer_id,order_date,amount\n"
                                       "C1,2024-01-05,10\n"
                                       "\n"
                                       "C2,2024-01-06\n"
                                       "C3,never,1\n")
    # only ragged rows rejected
    files["ragged_only.csv"] = ("customer_id,order_date,amount\n"
                                "C1,2024-01-05,10\n"
                                "C2,2024-01-06,3,extra\n")
    return {k: v.encode("utf-8") if isinstance(v, str) else v for k, v in files.items()}


def main() -> None:
    for name, data in corpus().items():
        assert len(data) < 50_000, name
        (HERE / name).write_bytes(data)
        print(f"{name}: {len(data):,} bytes")


if __name__ == "__main__":
    main()
