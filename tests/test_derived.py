"""The derived components of customer_features (features.DERIVED_COLUMNS), in a real DuckDB database,
against values computed by hand; and the same expression on Spark, bit for bit, when Spark is there.

As of D = 2024-06-30: the last 12 months are (2023-06-30, 2024-06-30], the 12 before (2022-06-30, 2023-06-30].
"""
from __future__ import annotations

import math
from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pytest

from analytics.features import (DERIVED_COLUMNS, FEATURE_COLUMNS, backend, customer_features, customer_features_expr,
                                months_before, to_pandas)

D = date(2024, 6, 30)
NAN = float("nan")
FULL = ["customer_id", "order_id", "order_date", "amount", "profit", "quantity", "category"]

# every optional column: older than 24 months (A, B) and younger than 12 (C)
LINES = [
    # customer, order, date, amount, profit, quantity, category
    ("A", "a1", "2022-01-15", 100.0, 10.0, 1, "Paint"),    # first purchase, before D - 24 months: in no S
    ("A", "a2", "2022-09-01", 250.0, 60.0, 3, "Tools"),    # S0: net 200 with the return line below
    ("A", "a2", "2022-09-01", -50.0, -10.0, -1, "Garden"),  # a return line: not a category bought
    ("A", "a3", "2023-06-30", 200.0, 50.0, 2, "Safety"),   # D - 12 months itself: S0 (400)
    ("A", "a4", "2023-07-01", 650.0, 130.0, 5, ""),        # S1; an empty category counts for nothing
    ("A", "a5", "2024-01-10", -200.0, -40.0, -2, "Electrical"),  # a return order: S1 net of it
    ("A", "a6", "2024-06-30", 150.0, 30.0, 1, "Tools"),    # D itself: S1 (600)
    ("A", "a7", "2024-07-05", 999.0, 99.0, 9, "Office"),   # after D: nowhere
    ("B", "b1", "2022-03-01", 80.0, 8.0, 1, "Tools"),
    ("B", "b2", "2023-01-10", 60.0, 6.0, 1, "Tools"),      # S0 = 60 - 60 = 0: no base
    ("B", "b3", "2023-02-10", -60.0, -6.0, -1, "Tools"),
    ("B", "b4", "2024-02-01", 90.0, 9.0, 2, "Safety"),
    ("C", "c1", "2024-03-15", 40.0, 4.0, 1, None),         # one purchase, 107 days ago
]

# the four required columns only: first purchase 12-24 months back (E, F), S1 empty (G), monetary < 0 (H)
BARE = [
    ("E", "e1", "2023-04-01", 100.0), ("E", "e2", "2023-05-01", 50.0), ("E", "e3", "2024-01-01", 240.0),
    ("F", "f1", "2023-06-20", 30.0), ("F", "f2", "2024-05-01", 120.0),
    ("G", "g1", "2022-01-01", 100.0), ("G", "g2", "2022-12-01", 100.0),
    ("H", "h1", "2024-05-01", 50.0), ("H", "h2", "2024-05-02", -80.0),
]


def con_with(lines, columns):
    df = pd.DataFrame(lines, columns=columns)
    df["order_date"] = pd.to_datetime(df["order_date"])
    con = duckdb.connect()
    con.register("v", df)
    con.execute("CREATE TABLE transactions AS SELECT * FROM v").fetchall()
    con.unregister("v")
    return con


def rows(feats, columns):
    return {cid: [None if isinstance(v, float) and math.isnan(v) else v for v in vals]
            for cid, vals in feats.set_index("customer_id")[columns].T.to_dict("list").items()}


DERIVED = ["growth", "avg_month", "avg_quarter", "margin_pct", "breadth", "interval_days", "quantity"]


def test_derived_columns_follow_the_features_in_their_order_each_with_its_definition():
    assert list(DERIVED_COLUMNS) == DERIVED
    assert all(isinstance(text, str) and text and "\n" not in text for text in DERIVED_COLUMNS.values())
    feats = customer_features(con_with(LINES, FULL), D)
    assert list(feats.columns) == FEATURE_COLUMNS + ["profit"] + DERIVED
    assert feats["breadth"].dtype == "int64" and feats["quantity"].dtype == "int64"


def test_every_derived_column_by_hand():
    feats = customer_features(con_with(LINES, FULL), D)
    assert rows(feats, ["recency_days", "frequency", "monetary", "orders", "returns", "profit"]) == {
        "A": [0, 5, 1100.0, 6, 1, 230.0], "B": [150, 3, 170.0, 4, 1, 17.0], "C": [107, 1, 40.0, 1, 0, 4.0]}
    assert rows(feats, DERIVED) == {
        # growth: S0 = 200 + 200, S1 = 650 - 200 + 150: (600 - 400) / 400 = +50%
        # tenure 2022-01-15 .. 2024-06-30 = 898 days: 1100 / (898 / 30.4375) = 37.2842; / (898 / 91.3125) = 111.8527
        # margin 230 / 1100 = 0.2090909; breadth Paint, Tools, Safety; interval 897 days / 4 gaps; quantity 9
        "A": [0.5, 37.28, 111.85, 0.209091, 3, 224.25, 9],
        # growth: S0 = 60 - 60 = 0, no base; tenure 853 days: 170 / 28.0246 = 6.0661, 170 / 9.3415 = 18.1983
        # breadth Tools, Safety; 2022-03-01 .. 2024-02-01 = 702 days / 2 gaps
        "B": [None, 6.07, 18.2, 0.1, 2, 351.0, 3],
        # first purchase in the last 12 months: no growth; 108 days: 40 / 3.5483 = 11.2731, 40 / 1.1828 = 33.8194;
        # no category at all: 0; one purchase: no interval
        "C": [None, 11.27, 33.82, 0.1, 0, None, 1],
    }


def test_younger_than_24_months_compares_monthly_rates_and_no_optional_columns_no_columns():
    feats = customer_features(con_with(BARE, FULL[:4]), D)
    assert list(feats.columns) == FEATURE_COLUMNS + ["growth", "avg_month", "avg_quarter", "interval_days"]
    assert rows(feats, ["frequency", "monetary", "returns"]) == {
        "E": [3, 390.0, 0], "F": [2, 150.0, 0], "G": [2, 200.0, 0], "H": [1, -30.0, 1]}
    assert rows(feats, ["growth", "avg_month", "avg_quarter", "interval_days"]) == {
        # first purchase 2023-04-01: 2023-04-01 .. 2023-06-30 = 91 days = 2.98973 months, S0 = 150 -> 50.17170
        # a month; S1 = 240 -> 20 a month: 20 / 50.17170 - 1 = -0.6013689. Tenure 457 days; 275 days / 2 gaps
        "E": [-0.601369, 25.98, 77.93, 137.5],
        # first purchase 2023-06-20: 11 days to D - 12 months, counted as 1 month: 30 a month against 120 / 12 = 10
        "F": [-0.666667, 12.11, 36.33, 316.0],
        # older than 24 months, nothing in the last 12: -100%
        "G": [-1.0, 6.67, 20.02, 334.0],
        # net sales below zero: 61 days = 2.0041 months (-14.9693), under one quarter (counted as 1)
        "H": [None, -14.97, -30.0, None],
    }


def test_look_back_window_limits_every_component():
    feats = customer_features(con_with(LINES, FULL), D, lookback_days=400)  # (2023-05-27, 2024-06-30]
    assert rows(feats, ["frequency", "monetary", "first_purchase"] + DERIVED) == {
        # A's first purchase in the window is a3 on D - 12 months: 1 day = 1 month, S0 = 200 a month
        # against S1 = 600 / 12 = 50; tenure 367 days; Safety and Tools; 366 days / 2 gaps; 2 + 5 - 2 + 1
        "A": [3, 800.0, pd.Timestamp("2023-06-30"), -0.75, 66.35, 199.05, 0.2125, 2, 183.0, 6],
        "B": [1, 90.0, pd.Timestamp("2024-02-01"), None, 18.14, 54.42, 0.1, 1, None, 2],
        "C": [1, 40.0, pd.Timestamp("2024-03-15"), None, 11.27, 33.82, 0.1, 0, None, 1],
    }


def test_twelve_months_before_a_29_february_is_the_28th():
    assert months_before(date(2024, 2, 29), 12) == date(2023, 2, 28)
    assert months_before(date(2024, 2, 29), 24) == date(2022, 2, 28)
    assert months_before(date(2024, 3, 31), 1) == date(2024, 2, 29)
    assert months_before(date(2024, 6, 30), 12) == date(2023, 6, 30)
    lines = [("K", "k1", "2022-01-10", 100.0), ("K", "k2", "2023-02-28", 100.0), ("K", "k3", "2023-03-01", 300.0)]
    # S0 ends on 2023-02-28 (365 days back would end it on 2023-03-01, taking k3 in: -100%)
    assert customer_features(con_with(lines, FULL[:4]), date(2024, 2, 29))["growth"].tolist() == [2.0]


def test_the_existing_features_are_unchanged():
    for lines, cols in ((LINES, FULL), (BARE, FULL[:4])):
        con = con_with(lines, cols)
        for lookback in (None, 400):
            old = customer_features(con, D, lookback, derived=False)
            new = customer_features(con, D, lookback)
            assert list(old.columns) == FEATURE_COLUMNS + (["profit"] if "profit" in cols else [])
            pd.testing.assert_frame_equal(old, new[list(old.columns)], check_exact=True)


# ---------------------------------------------------------------- Spark: the same bits


def random_lines(seed: int = 5) -> pd.DataFrame:
    """A few hundred lines over three years: cents, returns, profits and categories with gaps, integer quantities."""
    rng = np.random.default_rng(seed)
    rows = []
    for c in range(40):
        for k in range(int(rng.integers(1, 12))):
            day = pd.Timestamp("2021-08-01") + pd.Timedelta(days=int(rng.integers(0, 1070)))
            for _ in range(int(rng.integers(1, 4))):
                amount = round(float(rng.lognormal(4, 1)), 2) * (-1 if rng.random() < 0.1 else 1)
                profit = None if rng.random() < 0.2 else round(amount * float(rng.choice([0.07, 0.3, -0.05])), 2)
                category = [None, "", "Tools", "Paint", "Safety", "Garden"][int(rng.integers(0, 6))]
                rows.append((f"R{c:02d}", f"o{c}-{k}", day, amount, profit, int(rng.integers(-1, 6)), category))
    return pd.DataFrame(rows, columns=FULL)


@pytest.mark.parametrize("lookback", [None, 400])
def test_spark_computes_the_same_derived_columns_as_duckdb(spark, lookback):
    import ibis

    frames = {"hand": pd.DataFrame(LINES, columns=FULL), "bare": pd.DataFrame(BARE, columns=FULL[:4]),
              "random": random_lines()}
    sbe = ibis.pyspark.connect(spark)
    for name, df in frames.items():
        df["order_date"] = pd.to_datetime(df["order_date"])
        con = duckdb.connect()
        con.register("v", df)
        con.execute("CREATE TABLE transactions AS SELECT * FROM v").fetchall()
        dbe = backend(con)
        want = to_pandas(dbe, customer_features_expr(dbe.table("transactions"), D, lookback))
        spark.createDataFrame(df).createOrReplaceTempView(f"derived_{name}")
        got = sbe.execute(customer_features_expr(sbe.table(f"derived_{name}"), D, lookback))
        assert list(got.columns) == list(want.columns), name
        assert len(want) > 2 and [c for c in DERIVED if c in want] == [c for c in DERIVED_COLUMNS if c in want]
        for col in want.columns:
            a, b = want[col], got[col]
            if col.endswith("_purchase"):
                a, b = pd.to_datetime(a), pd.to_datetime(b)
            assert a.isna().tolist() == b.isna().tolist(), (name, col)
            if a.dtype.kind == "f" or b.dtype.kind == "f":  # the very bits
                assert [float(x).hex() for x in a.dropna()] == [float(x).hex() for x in b.dropna()], (name, col)
            else:
                assert a.dropna().tolist() == b.dropna().tolist(), (name, col)
