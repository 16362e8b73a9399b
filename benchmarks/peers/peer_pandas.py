"""Peer: `python -m analytics score INPUT --out tiers.csv` in pandas (groupby + rank), same definitions.

The definitions are those of peer_polars.py (and of analytics/features.py, rfm.py, scoring.py).
CSV is read with the pyarrow engine, the fastest pandas reader (a notebook would often use the
default C engine, which is slower).

    python benchmarks/peers/peer_pandas.py INPUT.parquet|INPUT.csv --out tiers.csv
"""
import argparse
import sys

import numpy as np
import pandas as pd

BINS = 5


def read(path: str) -> pd.DataFrame:
    if path.lower().endswith(".parquet"):
        df = pd.read_parquet(path)
    else:
        df = pd.read_csv(path, engine="pyarrow", dtype={"customer_id": "string", "order_id": "string"})
    df["order_date"] = pd.to_datetime(df["order_date"], format="ISO8601")
    return df


def quantile_score(values: pd.Series, higher_is_better: bool) -> pd.Series:
    n = len(values)
    if n <= 1:
        return pd.Series(1, index=values.index, dtype="int64")
    rank = values.rank(method="min", ascending=higher_is_better).astype("int64")
    return np.minimum(BINS, 1 + (BINS * (rank - 1)) // (n - 1))


def score(df: pd.DataFrame) -> pd.DataFrame:
    day = df["order_date"].dt.normalize()
    key = day.dt.strftime("%Y-%m-%d")
    if "order_id" in df.columns:
        oid = df["order_id"].astype("string").str.strip()
        key = oid.where(oid.notna() & (oid != ""), key)
    lines = pd.DataFrame({"customer_id": df["customer_id"].astype("string").str.strip(), "key": key, "day": day,
                          "amount": df["amount"]})
    as_of = day.max()
    orders = lines.groupby(["customer_id", "key"], sort=False).agg(day=("day", "min"), net=("amount", "sum"))
    orders = orders.reset_index()
    buys = orders[orders["net"] > 0]
    cust = buys.groupby("customer_id").agg(frequency=("net", "size"), last=("day", "max"))
    cust["monetary"] = orders.groupby("customer_id")["net"].sum().reindex(cust.index).round(2)
    cust["recency_days"] = (as_of - cust["last"]).dt.days.astype("int64")
    cust["r_score"] = quantile_score(cust["recency_days"], higher_is_better=False)
    cust["f_score"] = quantile_score(cust["frequency"], higher_is_better=True)
    cust["m_score"] = quantile_score(cust["monetary"], higher_is_better=True)
    total = sum((cust[c] - 1) / (BINS - 1) for c in ("r_score", "f_score", "m_score")) / 3
    cust["score"] = (100.0 * total).round(6)
    cust["tier"] = np.where(cust["score"] >= 75, "A", np.where(cust["score"] >= 60, "B", "C"))
    cust = cust.reset_index().sort_values("customer_id", kind="stable")
    return cust[["customer_id", "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score", "score",
                 "tier"]]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    out = score(read(a.input))
    out.to_csv(a.out, index=False)
    print(f"{len(out)} customers scored -> {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
