"""Peer: `python -m analytics score INPUT --out tiers.csv` written in polars (lazy), same definitions.

An order is its order_id (or one customer on one day without one); its net is the sum of its
lines; a purchase is an order with net > 0. Per customer with a purchase: recency_days = as_of -
last purchase day (as_of = the latest order date), frequency = purchases, monetary = sum of all
amounts rounded to cents. Quantile scores 1..5: min(5, 1 + 5 * (rank_min - 1) // (N - 1)) (R on
recency descending, F and M ascending); score = 100 * mean((s - 1) / 4) over R, F, M rounded to
6 places; tier A >= 75, B >= 60, else C. Columns as the command line writes them (less the two
segment names), sorted by customer_id.

    python benchmarks/peers/peer_polars.py INPUT.parquet|INPUT.csv --out tiers.csv
"""
import argparse
import sys

import polars as pl

BINS = 5


def read(path: str) -> pl.LazyFrame:
    if path.lower().endswith(".parquet"):
        return pl.scan_parquet(path)
    return pl.scan_csv(path, schema_overrides={"customer_id": pl.String, "order_id": pl.String,
                                               "order_date": pl.String, "amount": pl.Float64})


def quantile_score(col: str, descending: bool, n: pl.Expr) -> pl.Expr:
    rank = pl.col(col).rank("min", descending=descending).cast(pl.Int64)
    score = pl.min_horizontal(pl.lit(BINS, pl.Int64), 1 + (BINS * (rank - 1)) // (n - 1))
    return pl.when(n == 1).then(pl.lit(1, pl.Int64)).otherwise(score)


def score(lines: pl.LazyFrame) -> pl.LazyFrame:
    names = lines.collect_schema().names()
    date = pl.col("order_date")
    if lines.collect_schema()["order_date"] == pl.String:
        date = date.str.to_date(strict=True)
    lines = lines.with_columns(day=date.cast(pl.Date), customer_id=pl.col("customer_id").str.strip_chars())
    if "order_id" in names:
        oid = pl.col("order_id").cast(pl.String).str.strip_chars()
        key = pl.coalesce(pl.when(oid != "").then(oid), pl.col("day").cast(pl.String))
    else:
        key = pl.col("day").cast(pl.String)
    as_of = pl.col("day").max()
    orders = (lines.with_columns(key=key, as_of=as_of)
              .group_by("customer_id", "key")
              .agg(day=pl.col("day").min(), net=pl.col("amount").sum(), as_of=pl.col("as_of").first()))
    buy = pl.col("net") > 0
    cust = (orders.group_by("customer_id")
            .agg(frequency=buy.sum().cast(pl.Int64),
                 monetary=pl.col("net").sum().round(2),
                 last=pl.col("day").filter(buy).max(),
                 as_of=pl.col("as_of").first())
            .filter(pl.col("frequency") > 0)
            .with_columns(recency_days=(pl.col("as_of") - pl.col("last")).dt.total_days().cast(pl.Int64)))
    n = pl.len()
    cust = cust.with_columns(r_score=quantile_score("recency_days", True, n),
                             f_score=quantile_score("frequency", False, n),
                             m_score=quantile_score("monetary", False, n))
    total = sum((pl.col(c) - 1) / (BINS - 1) for c in ("r_score", "f_score", "m_score")) / 3
    cust = cust.with_columns(score=(100.0 * total).round(6))
    cust = cust.with_columns(tier=pl.when(pl.col("score") >= 75).then(pl.lit("A"))
                             .when(pl.col("score") >= 60).then(pl.lit("B")).otherwise(pl.lit("C")))
    return cust.select("customer_id", "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score",
                       "score", "tier").sort("customer_id")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    out = score(read(a.input)).collect()
    out.write_csv(a.out)
    print(f"{out.height} customers scored -> {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
