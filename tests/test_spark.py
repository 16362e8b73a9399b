"""The same analysis on Spark: `score --engine spark` writes the very tier list `--engine duckdb` writes.

Runs in CI (CI=true: pyspark and Java must be there, scripts/install_java.sh provides Java); elsewhere
the Spark tests are skipped when pyspark or Java is missing. The Ibis scoring's parity with the pandas
scoring is also checked on DuckDB alone, which needs neither.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analytics.__main__ import main
from analytics.config import Scenario
from analytics.scoring import score_customers

ROOT = Path(__file__).resolve().parents[1]
COLUMNS = ["customer_id", "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score",
           "segment", "grid_segment", "score", "tier"]


def order_lines(seed: int = 11) -> pa.Table:
    """A few hundred typed order lines: ties, returns, a customer with only returns, ids with stray
    whitespace, nulls in order_id and profit, and rows either engine must reject."""
    rng = np.random.default_rng(seed)
    rows = []
    start = pd.Timestamp("2024-01-01")
    prices = [19.9, 49.0, 99.99, 120.5, 300.0]
    for c in range(1, 61):
        cid = f"C{c:03d}"
        for k in range(int(rng.integers(1, 9))):
            day = start + pd.Timedelta(days=int(rng.integers(0, 180)), minutes=int(rng.integers(0, 1440)))
            oid = None if rng.random() < 0.15 else ("" if rng.random() < 0.05 else f"O{c:03d}-{k}")
            for _ in range(int(rng.integers(1, 4))):
                amount = float(rng.choice(prices)) * int(rng.integers(1, 3))
                profit = None if rng.random() < 0.25 else round(amount * float(rng.choice([0.1, 0.3, -0.05])), 2)
                rows.append([cid, oid, day, amount, profit])
            if rng.random() < 0.12:  # a return in a later order
                rows.append([cid, None, day + pd.Timedelta(days=3), -float(rng.choice(prices)), None])
    # five clones of one history: ties on R, F and M
    for c in range(61, 66):
        rows += [[f"C{c:03d}", f"T{c}-1", pd.Timestamp("2024-03-01 10:00"), 100.0, 30.0],
                 [f"C{c:03d}", f"T{c}-2", pd.Timestamp("2024-05-20 23:59"), 49.5, None]]
    rows += [
        ["R999", "X1", pd.Timestamp("2024-04-01"), -80.0, -10.0],          # only returns: never scored
        [" C007", "W1", pd.Timestamp("2024-06-29 08:00"), 10.0, 1.0],      # the same customer as C007
        ["C008\u3000", "W2", pd.Timestamp("2024-06-28"), 20.0, None],     # ideographic space trimmed too
        ["\tC009", "W3", pd.Timestamp("2024-06-27"), 30.0, None],          # a tab is kept (DuckDB's trim)
        ["C070", None, pd.Timestamp("2024-02-02"), 70.0, None],            # profit all missing
        ["C070", None, pd.Timestamp("2024-02-02"), 5.0, None],             # same day, no order id: one order
        ["C071", "B1", pd.Timestamp("2024-02-03"), 35.0, 5.0],
        ["C071", "B1", pd.Timestamp("2024-02-03"), -35.0, -5.0],           # nets to zero: no purchase
        ["C071", "B2", pd.Timestamp("2024-02-10"), 12.34, 2.0],
        ["C072", "N1", pd.Timestamp("2024-05-01"), 0.3, None],             # refunded in two parts: a float
        ["C072", "N2", pd.Timestamp("2024-05-02"), -0.1, None],            # sum a hair below zero, which
        ["C072", "N3", pd.Timestamp("2024-05-03"), -0.2, None],            # must print 0.0, never -0.0
        ["C073", "H1", pd.Timestamp("2024-05-05"), 1.005, 0.105],          # half a cent: 1.0 (DuckDB's ROUND)
        # rejected by both engines
        [None, "Z1", pd.Timestamp("2024-03-03"), 10.0, 1.0],
        ["   ", "Z2", pd.Timestamp("2024-03-03"), 10.0, 1.0],
        ["C001", "Z3", None, 10.0, 1.0],
        ["C001", "Z4", pd.Timestamp("2024-03-03"), None, 1.0],
        ["C001", "Z5", pd.Timestamp("2024-03-03"), float("nan"), 1.0],
        ["C001", "Z6", pd.Timestamp("2024-03-03"), 10.0, float("inf")],
        ["C001", "Z7", pd.Timestamp("1899-12-31"), 10.0, 1.0],
    ]
    cols = list(zip(*rows))
    return pa.table({
        "Customer ID": pa.array(cols[0], pa.string()),
        "Order No": pa.array(cols[1], pa.string()),
        "Order Date": pa.array(cols[2], pa.timestamp("us")),
        "Sales": pa.array(cols[3], pa.float64(), from_pandas=False),  # NaN stays NaN, None is null
        "Profit": pa.array(cols[4], pa.float64(), from_pandas=False),
    })


@pytest.fixture(scope="module")
def orders(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("spark") / "orders.parquet"
    pq.write_table(order_lines(), path)
    return path



def score(orders, out, engine, scenario: dict | None = None, *extra) -> int:
    args = ["score", str(orders), "--engine", engine, "--out", str(out), *extra]
    if scenario is not None:
        cfg = Path(str(out) + ".json")
        cfg.write_text(json.dumps(scenario), encoding="utf-8")
        args += ["--config", str(cfg)]
    return main(args)


def read(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype={"customer_id": str}, encoding="utf-8-sig", keep_default_na=False,
                       na_values=[""])


SCENARIOS = {
    "profit": {"weights": {"R": 1, "F": 1, "M": 2, "profit": 1}},
    "share": {"bins": 4, "lookback_days": 120, "as_of": "2024-06-15", "tier_method": "share",
              "tiers": [["A", 0.15], ["B", 0.25], ["C", 0.6]]},
    "threshold": {"score_method": "threshold", "thresholds": {"R": [15, 30, 60, 90], "F": [2, 3, 5, 8],
                                                              "M": [200, 500, 1000, 2000]},
                  "tiers": [["top", 70], ["mid", 40], ["low", 0]]},
}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_spark_writes_the_same_tier_list_as_duckdb(spark, orders, tmp_path, capsys, name):
    a, b = tmp_path / "duckdb.csv", tmp_path / "spark.csv"
    assert score(orders, a, "duckdb", SCENARIOS[name]) == 0
    assert score(orders, b, "spark", SCENARIOS[name]) == 0
    counts = [line for line in capsys.readouterr().err.splitlines() if "rows read" in line]
    assert counts == ["orders.parquet: 597 rows read, 590 accepted, 7 rejected"] * 2  # duckdb, spark
    left, right = read(a), read(b)
    assert list(right.columns) == list(left.columns)
    assert len(left) > 40 and left["customer_id"].is_unique
    assert "R999" not in set(left["customer_id"])
    # every column, customer by customer, nulls included
    assert left.isna().sum().to_dict() == right.isna().sum().to_dict()
    pd.testing.assert_frame_equal(left, right, check_exact=True)
    assert a.read_bytes() == b.read_bytes()
    if name == "profit":
        assert list(left.columns) == COLUMNS + ["profit"]
        assert left["profit"].isna().sum() >= 1  # C070 has no profit at all
        assert left.loc[left["customer_id"] == "C070", "profit"].isna().all()
        assert {"C007", "C008", "'\tC009"} <= set(left["customer_id"])  # spaces trimmed, a tab kept (and neutralised)
        rows = left.set_index("customer_id")
        # the binary 1.005 lies just below the half cent, 0.105 just above (Spark's own ROUND gives 1.01)
        assert rows.loc["C073", "monetary"] == 1.0 and rows.loc["C073", "profit"] == 0.11
        assert ",0.0," in Path(a).read_text(encoding="utf-8-sig").splitlines()[rows.index.get_loc("C072") + 1]
    if name == "share":
        assert left["tier"].value_counts().to_dict() == right["tier"].value_counts().to_dict()


def test_spark_reads_a_catalog_table_and_writes_a_parquet_folder(spark, orders, tmp_path):
    a = tmp_path / "duckdb.csv"
    assert score(orders, a, "duckdb") == 0
    spark.read.parquet(str(orders)).createOrReplaceTempView("orders_view")
    folder = str(tmp_path / "tiers") + "/"
    assert main(["score", "--table", "orders_view", "--engine", "spark", "--out", folder]) == 0
    got = pd.read_parquet(folder).sort_values("customer_id").reset_index(drop=True)
    assert list(got.columns) == COLUMNS
    want = read(a)  # the CSV neutralises text a spreadsheet would run ('\tC009); Parquet keeps values as they are
    want["customer_id"] = want["customer_id"].str.replace("^'(?=\t)", "", regex=True)
    pd.testing.assert_frame_equal(want, got, check_exact=True, check_dtype=False)
    assert main(["score", "--table", "orders_view", "--engine", "spark", "--out", folder]) == 2  # never overwritten


def test_spark_refuses_what_it_does_not_cover_in_one_line(spark, orders, tmp_path, capsys):
    cfg = {"attributes": [{"column": "credit_limit", "weight": 1}]}
    assert score(orders, tmp_path / "x.csv", "spark", cfg) == 2
    assert capsys.readouterr().err.strip() == "error: --engine spark supports R, F, M and profit components"

    # the scorecard's other settings would be ignored on Spark: refused, naming them
    beyond = "error: --engine spark scores binned R, F, M and profit only; this scenario also sets "
    for cfg, said in (({"weights": {"R": 1, "growth": 1}}, "error: --engine spark supports R, F, M and profit components"),
                      ({"components": {"R": {"normalise": "percentile"}}}, beyond + "components (use --engine duckdb)"),
                      ({"tier_method": "share", "tiers": [["A", 0.1], ["B", 0.9]], "tier_within": "region",
                        "overrides": {"C1": {"tier": "A", "reason": "strategic"}}},
                       beyond + "tier_within, overrides (use --engine duckdb)"),
                      ({"eight_class_split": "median"}, beyond + "eight_class_split (use --engine duckdb)")):
        assert score(orders, tmp_path / "x.csv", "spark", cfg) == 2, cfg
        assert capsys.readouterr().err.strip() == said

    untyped = tmp_path / "untyped.parquet"
    pq.write_table(pa.table({"customer_id": ["1"], "order_date": ["2024-01-05"], "amount": ["10"]}), untyped)
    assert score(untyped, tmp_path / "y.csv", "spark") == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "'order_date'" in err and "convert the file first" in err

    csv = tmp_path / "orders.csv"
    csv.write_text("customer_id,order_date,amount\n1,2024-01-05,10\n", encoding="utf-8")
    assert score(csv, tmp_path / "z.csv", "spark") == 2
    assert "reads Parquet" in capsys.readouterr().err

    no_profit = tmp_path / "no_profit.parquet"
    pq.write_table(order_lines().drop_columns(["Profit"]), no_profit)
    assert score(no_profit, tmp_path / "q.csv", "spark", {"weights": {"R": 1, "profit": 1}}) == 2
    assert "needs a profit column" in capsys.readouterr().err


# ---------------------------------------------------------------- without Spark

def edge_lines() -> dict[str, pa.Table]:
    """Files whose every row tests one ingest rule (trim, id length, date range, number range, types)."""
    ids = ["A", " A ", "A\u3000", "\tA", "B", "B", "", None, "x" * 200, "y" * 201, "C", "C", "D", "E", "F", "G"]
    days = [pd.Timestamp("2024-01-01 23:59:59")] * 16
    days[4], days[5] = pd.Timestamp("1899-12-31"), pd.Timestamp("2200-12-31 12:00")
    amount = [1.005, 2.675, -0.1, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, float("nan"), float("inf"), 1e15, -999999999999999.9,
              None, 0.3]
    profit = [None, float("nan"), 1.0, float("-inf"), None, None, None, None, None, None, None, None, None, None, 2.0, 1e15]
    oid = ["1", " 1", "", None, "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13"]
    base = {"客户编号": pa.array(ids, pa.string()), "下单时间": pa.array(days, pa.timestamp("us")),
            "Invoice No": pa.array(oid, pa.string())}
    qty = pa.array([3, 1, 7, None, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], pa.int64())
    price = pa.array([0.0000005, 1.0000005, 0.335, 1.0, float("nan"), 2.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0,
                      -0.00000025], pa.float64(), from_pandas=False)
    return {
        "typed": pa.table({**base, "金额": pa.array(amount, pa.float64(), from_pandas=False),
                           "利润": pa.array(profit, pa.float64(), from_pandas=False)}),
        "float32_and_int_ids": pa.table({"cust_id": pa.array(range(16), pa.int64()), "date": base["下单时间"].cast(pa.date32()),
                                         "amount": pa.array(amount, pa.float32(), from_pandas=False)}),
        "decimal": pa.table({"Customer": base["客户编号"], "Order Date": base["下单时间"],
                             "Sales": pa.array([None if a is None or not np.isfinite(a) or abs(a) >= 1e15 else round(a, 2)
                                                for a in amount]).cast(pa.decimal128(18, 2))}),
        "quantity_times_price": pa.table({**base, "qty": qty, "unit price": price}),
    }


@pytest.mark.parametrize("kind", ["typed", "float32_and_int_ids", "decimal", "quantity_times_price"])
def test_the_spark_reader_accepts_exactly_what_ingest_accepts(tmp_path, kind):
    """engine.order_lines is plain Ibis: run on DuckDB it must give ingest's accepted lines, value for value."""
    import duckdb
    import ibis

    from analytics import ingest
    from analytics.engine import order_lines

    path = tmp_path / f"{kind}.parquet"
    pq.write_table(edge_lines()[kind], path)
    con = duckdb.connect()
    tx, _ = ingest.load_files(con, str(path), order_stats=False)
    want = tx.accepted
    be = ibis.duckdb.connect()
    lines, counts = order_lines(be.read_parquet(path), path.name)
    got = be.execute(lines)
    rep = be.execute(counts).iloc[0]
    assert (rep["rows_read"], rep["accepted"]) == (tx.report.rows_read, tx.report.accepted)
    cols = [c for c in got.columns]
    assert set(cols) <= set(want.columns)
    key = ["customer_id", "order_date", "amount"]
    w = want[cols].sort_values(key, kind="stable").reset_index(drop=True)
    g = got.sort_values(key, kind="stable").reset_index(drop=True)
    assert len(g) == len(w) > 0
    for c in cols:
        a, b = w[c].to_numpy(), g[c].to_numpy()
        same = (a == b) | (pd.isna(w[c]).to_numpy() & pd.isna(g[c]).to_numpy())
        assert same.all(), (c, a[~same], b[~same])
        if c in ("amount", "profit"):
            assert (np.signbit(w[c].to_numpy(dtype=float)) == np.signbit(g[c].to_numpy(dtype=float))).all(), c



def test_the_command_line_and_the_app_never_import_pyspark():
    code = ("import sys, analytics.__main__, analytics.engine, analytics.scoring_ibis, analytics.features;"
            "sys.exit('pyspark' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr


def features_frame(N: int, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    df = pd.DataFrame({
        "customer_id": [f"c{i:04d}" for i in rng.permutation(N)],
        "recency_days": rng.integers(0, 400, N), "frequency": rng.integers(1, 8, N),
        "monetary": np.round(rng.choice([10.0, 20.5, 99.99], N) * rng.integers(1, 5, N) - rng.integers(0, 3, N) * 0.01, 2),
        "profit": np.where(rng.random(N) < 0.2, np.nan, np.round(rng.normal(50, 30, N), 2)),
    })
    return df.sort_values("customer_id").reset_index(drop=True)


@pytest.mark.parametrize("N", [1, 2, 3, 40, 400])
@pytest.mark.parametrize("scenario", [
    {}, {"weights": {"R": 1, "F": 2, "M": 3, "profit": 1.5}},
    {"bins": 4, "tier_method": "share", "tiers": [["A", 0.15], ["B", 0.35], ["C", 0.5]]},
    {"bins": 7, "weights": {"R": 0.3, "F": 0.1, "M": 0.7}, "tiers": [["X", 66.666667], ["Y", 33.3], ["Z", 0]]},
    {"score_method": "threshold"},
    {"score_method": "threshold", "bins": 3, "thresholds": {"R": [30, 90], "F": [2, 4], "M": [50, 150]},
     "tier_method": "share", "tiers": [["A", 0.1], ["B", 0.1], ["C", 0.8]]},
], ids=["default", "weights", "share", "bins7", "threshold", "threshold_share"])
def test_the_ibis_scoring_equals_the_pandas_scoring_on_duckdb(N, scenario):
    import ibis

    from analytics.scoring_ibis import score_expr

    feats, s = features_frame(N), Scenario.from_dict(scenario)
    cols = COLUMNS + ["p_score"]
    want = score_customers(feats, s)[cols].astype({"tier": "str"})
    got = ibis.duckdb.connect().execute(score_expr(ibis.memtable(feats), s).select(cols).order_by("customer_id"))
    for c in cols:
        assert (want[c].to_numpy() == got[c].to_numpy()).all(), c
