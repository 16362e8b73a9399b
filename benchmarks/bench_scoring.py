"""Speed of the tiering path against the peers a sales team uses today, in one run.

Prints figures and ratios (no assertions): features through Ibis on DuckDB vs the same
features in plain pandas (the notebook way), and re-scoring on a slider move.

    .venv/bin/python benchmarks/bench_scoring.py [--lines 2000000] [--customers 1000000]
"""
import argparse
import sys
import time
import tracemalloc
from datetime import date

import duckdb
import numpy as np
import pandas as pd
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from analytics.config import Scenario  # noqa: E402
from analytics.features import customer_features
from analytics.scoring import score_customers, tier_summary


def synthetic(lines: int, customers: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame({
        "customer_id": pd.Series(rng.integers(0, customers, lines)).map("C{:07d}".format),
        "order_id": pd.Series(rng.integers(0, lines // 3, lines)).astype(str),
        "order_date": pd.Timestamp("2022-01-01") + pd.to_timedelta(rng.integers(0, 900, lines), unit="D"),
        "amount": np.round(rng.lognormal(5, 1.2, lines) * np.where(rng.random(lines) < 0.02, -1, 1), 2),
    })


def pandas_features(df: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """The peer: the same definitions written directly in pandas."""
    d = df[df["order_date"] <= pd.Timestamp(as_of)]
    orders = d.groupby(["customer_id", "order_id"], as_index=False).agg(day=("order_date", "min"), net=("amount", "sum"))
    buys = orders[orders["net"] > 0]
    f = buys.groupby("customer_id").agg(frequency=("net", "size"), last=("day", "max"))
    f["monetary"] = orders.groupby("customer_id")["net"].sum().round(2)
    f["recency_days"] = (pd.Timestamp(as_of) - f["last"]).dt.days
    return f.reset_index()


def timed(fn, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=2_000_000)
    ap.add_argument("--customers", type=int, default=1_000_000)
    a = ap.parse_args()
    df = synthetic(a.lines, a.customers)
    con = duckdb.connect()
    con.register("v", df)
    con.execute("CREATE TABLE transactions AS SELECT * FROM v").fetchall()
    as_of = df["order_date"].max().date()
    t_ibis, feats = timed(lambda: customer_features(con, as_of))
    t_pd, peer = timed(lambda: pandas_features(df, as_of))
    assert len(peer) == len(feats)
    s = Scenario()
    t_score, scored = timed(lambda: score_customers(feats, s))
    moved = s.with_changes(weights={"R": 2.0, "F": 1.0, "M": 1.0})
    t_move, _ = timed(lambda: tier_summary(score_customers(feats, moved)))
    tracemalloc.start()
    score_customers(feats, moved)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"data: {a.lines:,} order lines, {len(feats):,} scored customers")
    print(f"features  Ibis+DuckDB {t_ibis:7.2f} s | pandas peer {t_pd:7.2f} s | ratio peer/ours {t_pd / t_ibis:5.1f}x")
    print(f"score     full scoring {t_score:6.2f} s")
    print(f"slider    re-score + tier summary {t_move:6.2f} s (features cached), peak {peak:,.0f} MiB")
    print(f"slider vs recomputing from orders: {(t_pd + t_move) / t_move:5.1f}x faster")


if __name__ == "__main__":
    main()
