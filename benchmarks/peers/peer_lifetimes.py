"""Peer: the score run with lifetimes' summary (summary_data_from_transaction_data), then the same scores.

lifetimes is what a data team often reaches for first. Its summary has its own definitions, so only
part of the result is comparable with `python -m analytics score`:
- a "transaction" is a customer's day (all lines of the day summed), not an order: two orders on
  one day count once, and a day whose lines net to a return still counts;
- every customer is kept, also those who never bought (only returns);
- frequency here = days with a transaction (include_first_transaction=True; lifetimes' own default
  counts repeat days only); recency_days = T - recency = days from the last such day to as_of;
- monetary = frequency * monetary_value = the sum of all amounts, which IS our monetary.
Scores and tiers are then computed as in peer_pandas.py on these features, so they match ours only
where the definitions happen to coincide.

    python benchmarks/peers/peer_lifetimes.py INPUT.parquet|INPUT.csv --out tiers.csv
"""
import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from lifetimes.utils import summary_data_from_transaction_data

sys.path.insert(0, str(Path(__file__).resolve().parent))
from peer_pandas import BINS, quantile_score, read  # noqa: E402


def score(df: pd.DataFrame) -> pd.DataFrame:
    df = df.assign(customer_id=df["customer_id"].astype("string").str.strip())
    s = summary_data_from_transaction_data(df, "customer_id", "order_date", monetary_value_col="amount",
                                           observation_period_end=df["order_date"].max(), freq="D",
                                           include_first_transaction=True)
    cust = pd.DataFrame(index=s.index)
    cust["recency_days"] = (s["T"] - s["recency"]).round().astype("int64")
    cust["frequency"] = s["frequency"].round().astype("int64")
    cust["monetary"] = (s["frequency"] * s["monetary_value"]).round(2)
    cust["r_score"] = quantile_score(cust["recency_days"], higher_is_better=False)
    cust["f_score"] = quantile_score(cust["frequency"], higher_is_better=True)
    cust["m_score"] = quantile_score(cust["monetary"], higher_is_better=True)
    total = sum((cust[c] - 1) / (BINS - 1) for c in ("r_score", "f_score", "m_score")) / 3
    cust["score"] = (100.0 * total).round(6)
    cust["tier"] = np.where(cust["score"] >= 75, "A", np.where(cust["score"] >= 60, "B", "C"))
    cust.index.name = "customer_id"
    return cust.reset_index().sort_values("customer_id", kind="stable")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("input")
    ap.add_argument("--out", required=True)
    a = ap.parse_args(argv)
    out = score(read(a.input))
    out.to_csv(a.out, index=False)
    print(f"{len(out)} customers summarised and scored -> {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
