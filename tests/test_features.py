"""Per-customer features in a real DuckDB database, against hand-computed values."""
from datetime import date

import duckdb
import pandas as pd
import pytest

from analytics.features import customer_features, latest_order_date

LINES = [
    # customer, order, date, amount
    ("A", "1", "2024-01-10", 100.0), ("A", "1", "2024-01-10", 50.0),   # one order of two lines
    ("A", "2", "2024-03-01", 200.0),
    ("A", "3", "2024-03-05", -50.0),                                    # a pure return: no purchase
    ("B", "4", "2024-02-01", 80.0), ("B", "4", "2024-02-01", -80.0),    # nets to 0 inside the order
    ("C", "5", "2024-02-15", -30.0),                                    # only a return
    ("D", "6", "2024-03-10", 30.30),
    ("D", "7", "2024-03-10", 10.10), ("D", "7", "2024-03-10", 20.20),   # 10.10 + 20.20 ties 30.30
]


def con_with(lines, with_order_id=True):
    df = pd.DataFrame(lines, columns=["customer_id", "order_id", "order_date", "amount"])
    df["order_date"] = pd.to_datetime(df["order_date"])
    if not with_order_id:
        df = df.drop(columns="order_id")
    con = duckdb.connect()
    con.register("v", df)
    con.execute("CREATE TABLE transactions AS SELECT * FROM v").fetchall()
    con.unregister("v")
    return con


def as_dict(feats):
    return feats.set_index("customer_id")[["recency_days", "frequency", "monetary"]].T.to_dict("list")


def test_default_as_of_is_the_latest_order_date():
    assert latest_order_date(con_with(LINES)) == date(2024, 3, 10)


def test_features_net_orders_and_skip_customers_without_a_purchase():
    feats = customer_features(con_with(LINES))
    # B's order nets to zero and C has only a return: neither is scored
    assert as_dict(feats) == {"A": [9, 2, 300.0], "D": [0, 2, 60.6]}
    a = feats.set_index("customer_id").loc["A"]
    assert a["orders"] == 3 and a["returns"] == 1
    assert a["first_purchase"] == pd.Timestamp("2024-01-10") and a["last_purchase"] == pd.Timestamp("2024-03-01")


def test_without_order_id_one_order_is_one_customer_on_one_day():
    feats = customer_features(con_with(LINES, with_order_id=False))
    assert as_dict(feats)["D"] == [0, 1, 60.6]


def test_as_of_date_ignores_later_orders():
    feats = customer_features(con_with(LINES), as_of=date(2024, 2, 1))
    assert as_dict(feats) == {"A": [22, 1, 150.0]}


def test_look_back_window_keeps_the_last_n_days():
    feats = customer_features(con_with(LINES), lookback_days=30)  # (2024-02-09, 2024-03-10]
    assert as_dict(feats) == {"A": [9, 1, 150.0], "D": [0, 2, 60.6]}


def test_money_sums_are_exact_to_the_cent_so_equal_customers_tie():
    lines = [("X", "1", "2024-01-01", 10.10), ("X", "2", "2024-01-01", 20.20), ("Y", "3", "2024-01-01", 30.30)]
    m = customer_features(con_with(lines)).set_index("customer_id")["monetary"]
    assert m["X"] == m["Y"] == 30.3


def test_profit_is_summed_when_present():
    df = pd.DataFrame({"customer_id": ["A", "A"], "order_date": pd.to_datetime(["2024-01-01", "2024-01-02"]),
                       "amount": [100.0, 50.0], "profit": [20.0, 7.5]})
    con = duckdb.connect()
    con.register("v", df)
    con.execute("CREATE TABLE transactions AS SELECT * FROM v").fetchall()
    assert customer_features(con)["profit"].tolist() == [27.5]
