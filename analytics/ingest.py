"""Files -> DuckDB tables: reading, column mapping, validation, quarantine of bad rows.

Nothing is lost: every input row is accepted or lands in a rejected table with the file row,
the column, a reason code (REASONS) and the value, so rows read = accepted + rejected.
Files are read as text (ids stay exactly as written) and converted column by column, vectorised.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

TRANSACTION_FIELDS = ["customer_id", "order_date", "amount", "order_id", "profit", "quantity", "unit_price",
                      "product", "category"]
CUSTOMER_FIELDS = ["customer_id", "name", "industry", "region", "size", "ownership", "owner", "created_date",
                   "overdue_days", "credit_limit"]
REASONS = ["bad_field_count", "empty_customer_id", "bad_date", "bad_amount", "bad_quantity", "bad_unit_price", "bad_number",
           "duplicate_row", "duplicate_customer_id"]
REASON_TEXT = {
    "bad_field_count": "number of fields differs from the header",
    "empty_customer_id": "customer id is empty", "bad_date": "date not recognised",
    "bad_amount": "amount is not a number", "bad_quantity": "quantity is not a number",
    "bad_unit_price": "unit price is not a number", "bad_number": "not a number",
    "duplicate_row": "exact duplicate of an earlier row",
    "duplicate_customer_id": "customer id already appeared above",
}
REJECT_COLUMNS = ["row", "column", "reason", "value"]
ENCODINGS = ["utf-8-sig", "gb18030", "latin-1"]
EXCEL_EXT = {".xlsx", ".xlsm", ".xls"}

# Headers are compared after lower-casing and dropping spaces, _ - . and brackets.
SYNONYMS = {
    "customer_id": ["customerid", "custid", "customerno", "customernumber", "customercode", "clientid",
                    "accountid", "customer", "client", "客户编号", "客户id", "客户代码", "客户号", "客户编码",
                    "会员id", "会员编号", "用户id", "买家id", "客户"],
    "order_date": ["orderdate", "invoicedate", "transactiondate", "purchasedate", "orderdatetime", "date",
                   "订单日期", "下单日期", "下单时间", "订单时间", "交易日期", "销售日期", "开票日期", "日期"],
    "amount": ["amount", "sales", "salesamount", "revenue", "netamount", "lineamount", "linetotal", "total",
               "value", "金额", "销售额", "实付金额", "订单金额", "销售金额", "成交金额", "含税金额", "总金额", "总额"],
    "order_id": ["orderid", "orderno", "ordernumber", "invoiceno", "invoice", "invoiceid", "invoicenumber",
                 "订单号", "订单编号", "单号", "订单id", "发票号"],
    "profit": ["profit", "grossprofit", "margin", "利润", "毛利", "毛利额"],
    "quantity": ["quantity", "qty", "units", "数量", "销量", "件数"],
    "unit_price": ["unitprice", "price", "单价", "价格"],
    "product": ["product", "productname", "item", "description", "sku", "stockcode", "产品", "产品名称",
                "商品", "商品名称", "物料"],
    "category": ["category", "productcategory", "品类", "类别", "产品类别", "分类"],
    "name": ["name", "customername", "companyname", "company", "客户名称", "公司名称", "名称"],
    "industry": ["industry", "sector", "行业"],
    "region": ["region", "area", "province", "country", "city", "地区", "区域", "大区", "省份", "城市"],
    "size": ["size", "companysize", "employees", "规模", "企业规模"],
    "ownership": ["ownership", "ownershiptype", "companytype", "企业性质", "性质", "所有制"],
    "owner": ["owner", "accountmanager", "accountowner", "salesrep", "客户经理", "负责人", "业务员", "销售"],
    "created_date": ["createddate", "created", "signupdate", "since", "建档日期", "创建日期", "注册日期"],
    "overdue_days": ["overduedays", "daysoverdue", "overdue", "逾期天数", "逾期"],
    "credit_limit": ["creditlimit", "credit", "信用额度"],
}
TX_NUMERIC = {"amount": "bad_amount", "profit": "bad_number", "quantity": "bad_quantity",
              "unit_price": "bad_unit_price"}
CU_NUMERIC = ["overdue_days", "credit_limit"]


class IngestError(Exception):
    """A file that cannot be read or mapped; the message names the file."""


@dataclass
class RawTable:
    """A file read as text: every cell a string ('' where empty)."""
    frame: pd.DataFrame
    filename: str
    encoding: str | None = None
    delimiter: str | None = None
    first_row: int = 2  # the file row (or sheet row) of the first data row
    lines: np.ndarray | None = None  # file row of each data row, when not first_row + position (blank lines ...)
    ragged: pd.Series | None = None  # rows with more or fewer fields than the header: position -> the raw row

    def row_numbers(self, positions) -> np.ndarray:
        positions = np.asarray(positions, dtype="int64")
        return self.lines[positions] if self.lines is not None else positions + self.first_row


@dataclass
class LoadResult:
    accepted: pd.DataFrame
    rejected: pd.DataFrame
    report: dict = field(default_factory=dict)
    filename: str = ""


# ---------------------------------------------------------------- reading

def _ext(filename: str) -> str:
    return Path(filename).suffix.lower()


def sheet_names(data: bytes, filename: str) -> list[str]:
    """The sheets of a workbook ([] for other files)."""
    if _ext(filename) not in EXCEL_EXT:
        return []
    try:
        return list(pd.ExcelFile(io.BytesIO(data)).sheet_names)
    except Exception as e:  # openpyxl raises many kinds on a broken file
        raise IngestError(f"{filename}: not a readable Excel workbook ({e})") from None


def _decode(data: bytes, filename: str) -> tuple[str, str]:
    for enc in ENCODINGS:
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    raise IngestError(f"{filename}: text encoding not recognised")  # latin-1 never fails; kept for clarity


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",\t;|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",\t;|"}
        return max(counts, key=counts.get) if max(counts.values()) else ","


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Every column as str, '' for missing; column names stripped and unique."""
    out = {}
    for col in frame.columns:
        s = frame[col]
        if pd.api.types.is_datetime64_any_dtype(s):
            text = s.dt.strftime("%Y-%m-%d %H:%M:%S").str.replace(" 00:00:00", "", regex=False)
        elif isinstance(s.dtype, pd.StringDtype):
            text = s  # already text (a CSV read as str): no per-cell conversion
        else:
            text = s.astype("object").map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v))
                                          or v is pd.NaT else str(v))
        name = str(col).strip() or "column"
        base, i = name, 2
        while name in out:
            name, i = f"{base}_{i}", i + 1
        out[name] = text.fillna("").astype(str)
    return pd.DataFrame(out)


def read_table(data: bytes, filename: str, sheet: str | None = None) -> RawTable:
    """Read CSV/TSV (UTF-8, UTF-8 with BOM, GBK/GB18030), Excel or Parquet as text."""
    ext = _ext(filename)
    if not data:
        raise IngestError(f"{filename}: the file is empty")
    if ext in EXCEL_EXT:
        if ext == ".xls":
            raise IngestError(f"{filename}: old .xls workbooks are not supported; save it as .xlsx")
        try:
            frame = pd.read_excel(io.BytesIO(data), sheet_name=sheet or 0, dtype=object)
        except Exception as e:
            raise IngestError(f"{filename}: not a readable Excel workbook ({e})") from None
        frame = frame.dropna(how="all")  # empty sheet rows are not rows; the others keep their sheet row
        lines = frame.index.to_numpy(dtype="int64") + 2
        return RawTable(_as_text(frame).reset_index(drop=True), filename, None, None, 2, lines)
    if ext == ".parquet":
        try:
            frame = pd.read_parquet(io.BytesIO(data))
        except Exception as e:
            raise IngestError(f"{filename}: not a readable Parquet file ({e})") from None
        return RawTable(_as_text(frame), filename, None, None, 1)
    if b"\x00" in data[:65536]:
        raise IngestError(f"{filename}: not a text table (binary content); save it as CSV, Excel (.xlsx) or Parquet")
    text, encoding = _decode(data, filename)
    if not text.strip():
        raise IngestError(f"{filename}: the file is empty")
    delim = "\t" if ext == ".tsv" else _delimiter(text)
    frame, lines, ragged = _read_delimited(text, delim, filename)
    return RawTable(_as_text(frame), filename, encoding, delim, 2, lines, ragged)


def _read_delimited(text: str, delim: str, filename: str):
    """Parse delimited text; a row with too many or too few fields is kept (to be rejected), never fatal.

    The C parser reads a regular file (no quotes, no blank lines, every line as wide as the header);
    anything else goes through the csv module, which tracks each record's file row.
    """
    if '"' not in text:
        counts = np.fromiter((line.count(delim) for line in text.rstrip("\r\n").splitlines()), dtype="int64")
        if len(counts) > 1 and (counts == counts[0]).all():
            try:
                frame = pd.read_csv(io.StringIO(text), sep=delim, dtype=str, keep_default_na=False,
                                    skip_blank_lines=False, engine="c")
            except pd.errors.EmptyDataError:
                raise IngestError(f"{filename}: the file is empty") from None
            frame.columns = [str(c) for c in frame.columns]
            if len(frame) == len(counts) - 1:
                return frame, None, None
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    header, rows, lines, ragged, previous = None, [], [], {}, 0
    try:
        for record in reader:
            start, previous = previous + 1, reader.line_num
            if not record or not any(cell.strip() for cell in record):
                continue  # a blank line is not a row
            if header is None:
                header = [str(c) for c in record]
                continue
            if len(record) != len(header):
                ragged[len(rows)] = delim.join(record)[:200]
                record = (record + [""] * len(header))[:len(header)]
            rows.append(record)
            lines.append(start)
    except csv.Error as e:
        raise IngestError(f"{filename}: row {reader.line_num}: {e}") from None
    if header is None:
        raise IngestError(f"{filename}: the file is empty")
    frame = pd.DataFrame(rows, columns=range(len(header)), dtype="str") if rows else \
        pd.DataFrame({i: pd.Series(dtype="str") for i in range(len(header))})
    frame.columns = header
    return frame, np.asarray(lines, dtype="int64"), pd.Series(ragged, dtype=object) if ragged else None


# ---------------------------------------------------------------- mapping

def _norm(header: str) -> str:
    return re.sub(r"[\s_\-.()（）\[\]/]", "", str(header)).lower()


def guess_mapping(columns: list[str], kind: str = "transactions") -> dict:
    """Canonical field -> source column (None when nothing matches); each column used once."""
    fields = TRANSACTION_FIELDS if kind == "transactions" else CUSTOMER_FIELDS
    normed = {c: _norm(c) for c in columns}
    used, mapping = set(), {}
    for f in fields:
        mapping[f] = None
        for syn in SYNONYMS[f]:
            hit = next((c for c in columns if c not in used and normed[c] == syn), None)
            if hit is not None:
                mapping[f] = hit
                used.add(hit)
                break
    return mapping


def quote_ident(name: str) -> str:
    return '"' + str(name).replace('"', '""') + '"'


# ---------------------------------------------------------------- parsing values

_CURRENCY = re.compile(r"[¥￥$€£\s,，]|RMB|CNY|USD|元")


def parse_numbers(s: pd.Series) -> pd.Series:
    """Text -> float64; currency symbols, thousands separators and (123) negatives handled; NaN if not."""
    t = s.astype(str).str.strip().str.replace("－", "-", regex=False).str.replace("−", "-", regex=False)
    t = t.str.replace(_CURRENCY, "", regex=True)
    t = t.str.replace(r"^\((.*)\)$", r"-\1", regex=True)
    out = pd.to_numeric(t.where(t != "", None), errors="coerce").astype("float64")
    return out.where(np.isfinite(out))


def _try(t: pd.Series, fmt: str, mask: pd.Series) -> pd.Series:
    return pd.to_datetime(t.where(mask), format=fmt, errors="coerce")


def parse_dates(s: pd.Series) -> pd.Series:
    """Text -> datetime64; ISO, 2024/1/5, 2024年1月5日, 05.01.2024, 1/5/2024, 20240105, Excel serials."""
    t = s.astype(str).str.strip()
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us]")
    left = t != ""
    serial = left & t.str.fullmatch(r"\d{5}(\.\d+)?")
    if serial.any():
        num = pd.to_numeric(t.where(serial), errors="coerce")
        num = num.where((num >= 20000) & (num <= 80000))
        out = out.fillna(pd.to_datetime(num, unit="D", origin="1899-12-30", errors="coerce").astype("datetime64[us]"))
    left &= out.isna()
    compact = left & t.str.fullmatch(r"\d{8}")
    if compact.any():
        out = out.fillna(_try(t, "%Y%m%d", compact).astype("datetime64[us]"))
    left &= out.isna()
    if left.any():
        # a time zone suffix is dropped: the local date of the order is what counts
        local = t.where(left).str.replace(r"(?<=\d:\d\d)(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$", r"\1", regex=True)
        iso = pd.to_datetime(local, format="ISO8601", errors="coerce")
        out = out.fillna(iso.astype("datetime64[us]"))
    left &= out.isna()
    if left.any():
        # year first with / . or 年月日: normalise to Y-m-d [time]
        u = t.str.replace(r"^(\d{4})\s*[年/.\-]\s*(\d{1,2})\s*[月/.\-]\s*(\d{1,2})\s*日?", r"\1-\2-\3", regex=True)
        u = u.str.replace(r"T", " ", regex=False)
        yf = left & u.str.match(r"^\d{4}-\d{1,2}-\d{1,2}")
        if yf.any():
            parts = u.where(yf).str.extract(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
            out = out.fillna(_from_parts(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5]))
        left &= out.isna()
    if left.any():
        parts = t.where(left).str.extract(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
        a, b = pd.to_numeric(parts[0], errors="coerce"), pd.to_numeric(parts[1], errors="coerce")
        dots = t.str.contains(".", regex=False)
        # dd.mm.yyyy is day first; with / decide per column: any first part > 12 means day first
        day_first = bool((a > 12).any()) and not bool((b > 12).any())
        first_is_day = dots | day_first
        day = parts[0].where(first_is_day, parts[1])
        month = parts[1].where(first_is_day, parts[0])
        out = out.fillna(_from_parts(parts[2], month, day, parts[3], parts[4], parts[5]))
    return out


def _from_parts(y, m, d, hh, mm, ss) -> pd.Series:
    frame = pd.DataFrame({"year": y, "month": m, "day": d, "hour": hh, "minute": mm, "second": ss})
    frame = frame.apply(pd.to_numeric, errors="coerce")
    frame[["hour", "minute", "second"]] = frame[["hour", "minute", "second"]].fillna(0)
    ok = frame[["year", "month", "day"]].notna().all(axis=1)
    ok &= frame["month"].between(1, 12) & frame["day"].between(1, 31) & frame["hour"].between(0, 23)
    ok &= frame["minute"].between(0, 59) & frame["second"].between(0, 59)
    res = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[us]")
    if ok.any():
        res[ok] = pd.to_datetime(frame[ok].astype("int64"), errors="coerce")  # 2023-02-30 -> NaT
    return res


# ---------------------------------------------------------------- validation

def _check_mapping(raw: RawTable, mapping: dict, required: list[str]) -> dict:
    mapping = {k: v for k, v in mapping.items() if v}
    for f in required:
        if f not in mapping:
            found = ", ".join(map(str, raw.frame.columns)) or "none"
            raise IngestError(f"{raw.filename}: no column for {f} (columns found: {found})")
    for f, col in mapping.items():
        if col not in raw.frame.columns:
            raise IngestError(f"{raw.filename}: column {col!r} (for {f}) is not in the file")
    return mapping


class _Rejector:
    """Collects the first problem of each row: (column, reason, value)."""

    def __init__(self, raw: RawTable):
        self.raw = raw
        n = len(raw.frame)
        self.reason = pd.Series(None, index=raw.frame.index, dtype="object")
        self.column = pd.Series(None, index=raw.frame.index, dtype="object")
        self.value = pd.Series(None, index=raw.frame.index, dtype="object")
        self.n = n

    def flag_ragged(self) -> None:
        """Rows whose field count differs from the header: their cells cannot be trusted to be in place."""
        ragged = self.raw.ragged
        if ragged is not None and len(ragged):
            mask = pd.Series(False, index=self.raw.frame.index)
            mask[ragged.index] = True
            self.flag(mask, self.raw.frame.columns[-1], "bad_field_count")  # where a row runs short or over
            self.value[ragged.index] = ragged.values

    def flag(self, mask: pd.Series, column: str, reason: str) -> None:
        mask = mask & self.reason.isna()
        if mask.any():
            self.reason[mask] = reason
            self.column[mask] = column
            self.value[mask] = self.raw.frame.loc[mask, column] if column in self.raw.frame.columns else ""

    @property
    def bad(self) -> pd.Series:
        return self.reason.notna()

    def frame(self) -> pd.DataFrame:
        bad = self.bad
        originals = self.raw.frame.loc[bad]
        out = pd.DataFrame({"row": self.raw.row_numbers(originals.index),
                            "column": self.column[bad].astype(str), "reason": self.reason[bad].astype(str),
                            "value": self.value[bad].astype(str)})
        for col in originals.columns:
            name = col if col not in REJECT_COLUMNS else f"{col} (source)"
            out[name] = originals[col].values
        return out.reset_index(drop=True)

    def by_reason(self) -> dict:
        return {k: int(v) for k, v in self.reason.value_counts().items()}


def validate_transactions(raw: RawTable, mapping: dict, drop_duplicates: bool = False,
                          today: date | None = None) -> LoadResult:
    """Map, convert and check order lines; bad rows are rejected with the reason, none dropped silently."""
    f = raw.frame
    has_amount = bool(mapping.get("amount"))
    required = ["customer_id", "order_date"] + (["amount"] if has_amount else ["quantity", "unit_price"])
    if not has_amount and not (mapping.get("quantity") and mapping.get("unit_price")):
        required = ["customer_id", "order_date", "amount"]
    m = _check_mapping(raw, mapping, required)
    rej = _Rejector(raw)
    rej.flag_ragged()
    cid = f[m["customer_id"]].str.strip()
    rej.flag(cid == "", m["customer_id"], "empty_customer_id")
    dates = parse_dates(f[m["order_date"]])
    rej.flag(dates.isna(), m["order_date"], "bad_date")
    nums = {}
    for name in ["amount", "quantity", "unit_price", "profit"]:
        if name in m:
            text = f[m[name]].str.strip()
            nums[name] = parse_numbers(text)
            must = name == "amount" or (not has_amount and name in ("quantity", "unit_price"))
            problem = nums[name].isna() if must else (nums[name].isna() & (text != ""))
            rej.flag(problem, m[name], TX_NUMERIC[name])
    amount = nums["amount"] if has_amount else (nums["quantity"] * nums["unit_price"]).round(6)
    dup = f.duplicated(keep="first")
    if drop_duplicates:
        rej.flag(dup, f.columns[0], "duplicate_row")
        rej.value[dup & (rej.reason == "duplicate_row")] = ""
    ok = ~rej.bad
    acc = pd.DataFrame({"customer_id": cid[ok], "order_date": dates[ok], "amount": amount[ok]})
    if "order_id" in m:
        oid = f.loc[ok, m["order_id"]].str.strip()
        acc["order_id"] = oid.where(oid != "", None)
    for name in ["profit", "quantity", "unit_price"]:
        if name in nums:
            acc[name] = nums[name][ok]
    for name in ["product", "category"]:
        if name in m:
            acc[name] = f.loc[ok, m[name]].str.strip()
    acc = acc.reset_index(drop=True)
    acc["customer_id"] = acc["customer_id"].astype(str)
    rejected = rej.frame()
    report = _tx_report(raw, acc, rejected, rej, int(dup.sum()), drop_duplicates, m, today)
    return LoadResult(acc, rejected, report, raw.filename)


def _tx_report(raw, acc, rejected, rej, duplicates, dropped, mapping, today) -> dict:
    today = today or date.today()
    if "order_id" in acc.columns:
        key = acc["order_id"].fillna(acc["order_date"].dt.strftime("%Y-%m-%d"))
    else:
        key = acc["order_date"].dt.strftime("%Y-%m-%d")
    net = acc.assign(_k=key).groupby(["customer_id", "_k"], sort=False)["amount"].sum()
    purchases = (net > 0).groupby(level=0).sum()
    buyers = purchases[purchases > 0]
    report = {
        "rows_read": len(raw.frame), "accepted": len(acc), "rejected": len(rejected),
        "rejected_by_reason": rej.by_reason(), "duplicates": duplicates, "duplicates_dropped": bool(dropped),
        "returns": int((acc["amount"] < 0).sum()), "return_amount": round(float(acc.loc[acc["amount"] < 0, "amount"].sum()), 2),
        "future_dates": int((acc["order_date"] > pd.Timestamp(today) + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)).sum()),
        "date_min": acc["order_date"].min().date().isoformat() if len(acc) else None,
        "date_max": acc["order_date"].max().date().isoformat() if len(acc) else None,
        "customers": int(acc["customer_id"].nunique()),
        "one_time_share": float((buyers == 1).mean()) if len(buyers) else 0.0,
        "total_amount": round(float(acc["amount"].sum()), 2),
        "encoding": raw.encoding, "delimiter": raw.delimiter, "mapping": dict(mapping),
    }
    return report


def validate_customers(raw: RawTable, mapping: dict) -> LoadResult:
    """One row per customer: mapped fields get canonical names, other columns are kept as they are."""
    f = raw.frame
    m = _check_mapping(raw, mapping, ["customer_id"])
    rej = _Rejector(raw)
    rej.flag_ragged()
    cid = f[m["customer_id"]].str.strip()
    rej.flag(cid == "", m["customer_id"], "empty_customer_id")
    converted = {}
    if "created_date" in m:
        text = f[m["created_date"]].str.strip()
        converted["created_date"] = parse_dates(text)
        rej.flag(converted["created_date"].isna() & (text != ""), m["created_date"], "bad_date")
    for name in CU_NUMERIC:
        if name in m:
            text = f[m[name]].str.strip()
            converted[name] = parse_numbers(text)
            rej.flag(converted[name].isna() & (text != ""), m[name], "bad_number")
    dup = cid.duplicated(keep="first") & (cid != "")
    rej.flag(dup & ~rej.bad, m["customer_id"], "duplicate_customer_id")
    ok = ~rej.bad
    acc = pd.DataFrame({"customer_id": cid[ok].astype(str)})
    source_of = {v: k for k, v in m.items()}
    for col in f.columns:
        if col == m["customer_id"]:
            continue
        canon = source_of.get(col)
        name = canon or (col if col not in CUSTOMER_FIELDS else f"{col}_source")
        if canon in converted:
            acc[name] = converted[canon][ok]
        else:
            text = f.loc[ok, col].str.strip()
            nums = parse_numbers(text)
            filled = text != ""
            # an unmapped column whose every filled cell is a number is numeric (a possible score component)
            if canon is None and filled.any() and nums[filled].notna().all() and not text.str.match(r"^0\d").any():
                acc[name] = nums
            else:
                acc[name] = text.where(filled, None)
    acc = acc.reset_index(drop=True)
    rejected = rej.frame()
    report = {"rows_read": len(f), "accepted": len(acc), "rejected": len(rejected),
              "rejected_by_reason": rej.by_reason(), "customers": len(acc), "duplicates": int(dup.sum()),
              "encoding": raw.encoding, "delimiter": raw.delimiter, "mapping": dict(m)}
    return LoadResult(acc, rejected, report, raw.filename)


def describe_rejection(filename: str, row: dict) -> str:
    """One line for a rejected row: file, row, column, reason and value."""
    reason = REASON_TEXT.get(row["reason"], row["reason"])
    return f"{filename} row {row['row']}, column {row['column']}: {reason} ({row['value']!r})"


# ---------------------------------------------------------------- loading

def _replace(con, name: str, frame: pd.DataFrame | None) -> None:
    if frame is None:
        con.execute(f"DROP TABLE IF EXISTS {quote_ident(name)}")
        return
    view = f"_ingest_{name}"
    con.register(view, frame)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {quote_ident(name)} AS SELECT * FROM {quote_ident(view)}")
    finally:
        con.unregister(view)


def load_into_duckdb(con, tx: LoadResult, cu: LoadResult | None = None) -> None:
    """Replace transactions, rejected_transactions, customers and rejected_customers in one database."""
    acc = tx.accepted.copy()
    acc["amount"] = acc["amount"].astype("float64")
    _replace(con, "transactions", acc)
    _replace(con, "rejected_transactions", tx.rejected.astype({"row": "int64"}))
    _replace(con, "customers", cu.accepted if cu is not None else None)
    _replace(con, "rejected_customers", cu.rejected if cu is not None else None)


def read_path(path, sheet: str | None = None) -> RawTable:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise IngestError(f"{p.name}: {e.strerror}") from None
    return read_table(data, p.name, sheet)


def load_files(con, orders, customers=None, sheet: str | None = None, drop_duplicates: bool = False,
               progress: Callable[[float, str], None] | None = None) -> tuple[LoadResult, LoadResult | None]:
    """Read, map (guessed headers), validate and load files into DuckDB; used by the command line and tests."""
    step = progress or (lambda frac, stage: None)
    step(0.05, "read")
    raw = read_path(orders, sheet)
    step(0.3, "validate")
    tx = validate_transactions(raw, guess_mapping(list(raw.frame.columns), "transactions"), drop_duplicates)
    cu = None
    if customers is not None:
        step(0.5, "customers")
        craw = read_path(customers)
        cu = validate_customers(craw, guess_mapping(list(craw.frame.columns), "customers"))
    step(0.7, "load")
    load_into_duckdb(con, tx, cu)
    step(1.0, "done")
    return tx, cu
