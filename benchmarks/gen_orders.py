"""Deterministic order lines for the benchmarks, written as Parquet and CSV in benchmarks/.data/.

Columns: customer_id (text, C0000123), order_id (text, O000000123; an order has 1-6 lines, all on
one day for one customer), order_date (a date over three years, 2022-01-01 .. 2024-12-31, busier
towards the end), amount (lognormal, two decimals; about 2% of lines are returns with a negative
amount, so some orders are returns on their own and some customers never buy).
Customers are drawn with a skew (a few buy often, many once); not every customer id occurs.

Generated with numpy in chunks of 1M lines (seeded per chunk, so the same parameters always give
the same bytes) and streamed to the two writers, so memory stays bounded at any size. Files whose
sidecar .json records the same parameters are kept as they are.

    .venv/bin/python benchmarks/gen_orders.py [--lines 10000000] [--customers 1000000] [--small]
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

DATA_DIR = Path(__file__).resolve().parent / ".data"
VERSION = 2  # bump when the generated data changes
CHUNK = 1_000_000
START = np.datetime64("2022-01-01", "D")
DAYS = 1096  # 2022-01-01 .. 2024-12-31
SEED = 20240601
SCHEMA = pa.schema([("customer_id", pa.string()), ("order_id", pa.string()), ("order_date", pa.date32()),
                    ("amount", pa.float64())])


def paths(lines: int, customers: int, data_dir: Path = DATA_DIR) -> dict[str, Path]:
    stem = f"orders_{_short(lines)}_{_short(customers)}"
    return {"parquet": data_dir / f"{stem}.parquet", "csv": data_dir / f"{stem}.csv",
            "meta": data_dir / f"{stem}.json"}


def _short(n: int) -> str:
    for unit, size in (("M", 1_000_000), ("k", 1_000)):
        if n >= size and n % size == 0:
            return f"{n // size}{unit}"
    return str(n)


def _coprime_step(n: int) -> int:
    """A multiplier coprime with n, to scatter customer numbers over the id range."""
    step = int(n * 0.6180339887) | 1
    while math.gcd(step, n) != 1:
        step += 2
    return step


def _ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    text = pc.cast(pa.array(numbers, pa.int64()), pa.string())
    return pc.binary_join_element_wise(prefix, pc.utf8_lpad(text, width, "0"), "")


def chunk(k: int, n_lines: int, customers: int, first_order: int) -> tuple[pa.RecordBatch, int]:
    """Lines of chunk k (whole orders, numbered from first_order); returns the batch and the next order number."""
    rng = np.random.default_rng([SEED, k])
    sizes = rng.geometric(0.45, n_lines).clip(max=6)  # lines per order, mean about 2.1
    ends = np.cumsum(sizes)
    n_orders = int(np.searchsorted(ends, n_lines)) + 1
    sizes = sizes[:n_orders].copy()
    sizes[-1] -= int(ends[n_orders - 1]) - n_lines  # the last order ends where the chunk does
    # order level: customer (skewed: density ~ x^-1/2 over the range, then scattered), day (busier later)
    u = rng.random(n_orders)
    cust = (np.minimum((u * u * customers).astype(np.int64), customers - 1) * _coprime_step(customers)) % customers
    day = np.minimum((np.sqrt(rng.random(n_orders)) * DAYS).astype(np.int64), DAYS - 1)
    order_no = first_order + np.arange(n_orders, dtype=np.int64)
    # line level
    amount = np.round(rng.lognormal(3.6, 1.1, n_lines), 2)
    amount = np.where(rng.random(n_lines) < 0.02, -amount, amount)
    amount = np.where(amount == 0, 0.01, amount)
    cust_l, day_l, order_l = (np.repeat(a, sizes) for a in (cust, day, order_no))
    batch = pa.RecordBatch.from_arrays([
        _ids("C", cust_l + 1, 7 if customers < 10_000_000 else len(str(customers))),
        _ids("O", order_l + 1, 9),
        pa.array((START + day_l).astype("datetime64[D]"), pa.date32()),
        pa.array(amount, pa.float64()),
    ], schema=SCHEMA)
    return batch, first_order + n_orders


def _write(parquet_path: Path, csv_file, csv_opts, lines: int, customers: int) -> int:
    with pq.ParquetWriter(parquet_path, SCHEMA, compression="snappy") as pw, \
            pacsv.CSVWriter(csv_file, SCHEMA, write_options=csv_opts) as cw:
        done, k, next_order = 0, 0, 0
        while done < lines:
            n = min(CHUNK, lines - done)
            batch, next_order = chunk(k, n, customers, next_order)
            pw.write_batch(batch, row_group_size=CHUNK)
            cw.write_batch(batch)
            done, k = done + n, k + 1
    return next_order


def generate(lines: int, customers: int, data_dir: Path = DATA_DIR, force: bool = False, log=sys.stderr) -> dict:
    """Write (or keep) the Parquet and CSV files for these parameters; returns their paths."""
    p = paths(lines, customers, data_dir)
    params = {"version": VERSION, "seed": SEED, "lines": lines, "customers": customers}
    if not force and p["meta"].is_file() and p["parquet"].is_file() and p["csv"].is_file():
        try:
            if json.loads(p["meta"].read_text())["params"] == params:
                print(f"data: kept {p['parquet'].name} and {p['csv'].name} ({lines:,} lines)", file=log)
                return p
        except (ValueError, KeyError):
            pass
    data_dir.mkdir(parents=True, exist_ok=True)
    p["meta"].unlink(missing_ok=True)
    t0 = time.perf_counter()
    tmp = {k: v.with_suffix(v.suffix + ".tmp") for k, v in p.items() if k != "meta"}
    # no quotes (no value needs them): a plain CSV as systems export it
    csv_opts = pacsv.WriteOptions(include_header=False, quoting_style="none")
    with open(tmp["csv"], "wb") as csv_file:
        csv_file.write((",".join(SCHEMA.names) + "\n").encode())  # the writer would quote the header
        orders = _write(tmp["parquet"], csv_file, csv_opts, lines, customers)
    for key, t in tmp.items():
        t.replace(p[key])
    sizes = {k: p[k].stat().st_size for k in ("parquet", "csv")}
    p["meta"].write_text(json.dumps({"params": params, "orders": orders, "bytes": sizes}, indent=2))
    print(f"data: wrote {lines:,} lines, {orders:,} orders ({sizes['parquet'] / 2**20:,.0f} MB Parquet, "
          f"{sizes['csv'] / 2**20:,.0f} MB CSV) in {time.perf_counter() - t0:.1f} s", file=log)
    return p


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Deterministic order lines as Parquet and CSV in benchmarks/.data/")
    ap.add_argument("--lines", type=int, default=10_000_000)
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--small", action="store_true", help="1M lines, 100k customers")
    ap.add_argument("--force", action="store_true", help="write even if files with these parameters exist")
    ap.add_argument("--dir", type=Path, default=DATA_DIR)
    a = ap.parse_args(argv)
    if a.small:
        a.lines, a.customers = 1_000_000, 100_000
    p = generate(a.lines, a.customers, a.dir, a.force)
    print(json.dumps({k: str(v) for k, v in p.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
