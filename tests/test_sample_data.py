"""The bundled sample is what sample_data/README.md says, and the script reproduces it."""
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from analytics import ingest
from analytics.features import customer_features

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
FILES = ["orders.csv", "customers.csv", "orders_zh_gbk.csv", "customers_zh_gbk.csv"]


@pytest.fixture(scope="module")
def loaded():
    con = duckdb.connect()
    tx, cu = ingest.load_files(con, SAMPLE / "orders.csv", SAMPLE / "customers.csv")
    return con, tx, cu, customer_features(con)


def test_the_seeded_script_reproduces_the_committed_files(tmp_path):
    subprocess.run([sys.executable, str(SAMPLE / "make_sample.py"), "--out", str(tmp_path)], check=True,
                   capture_output=True)
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name


def test_shape_of_the_sample(loaded):
    con, tx, cu, feats = loaded
    assert cu.report.customers == 3000
    assert 80_000 <= tx.report.rows_read <= 120_000
    assert (tx.report.date_min, tx.report.date_max) == ("2021-07-01", "2024-06-30")
    prospects = 1 - len(feats) / 3000
    assert 0.08 <= prospects <= 0.12
    m = feats["monetary"].sort_values(ascending=False)
    top = m.head(len(m) // 10).sum() / m.sum()
    assert 0.55 <= top <= 0.65
    assert 0.015 <= tx.report.returns / tx.report.accepted <= 0.025


def test_the_documented_flaws_are_reported(loaded):
    _, tx, _, _ = loaded
    assert tx.report.rejected_by_reason == {"empty_customer_id": 3, "bad_date": 2, "bad_amount": 1}
    assert tx.report.duplicates == 4


def test_the_chinese_gbk_copy_holds_the_same_data(loaded):
    con, tx, _, feats = loaded
    zh = duckdb.connect()
    ztx, zcu = ingest.load_files(zh, SAMPLE / "orders_zh_gbk.csv", SAMPLE / "customers_zh_gbk.csv")
    assert ztx.report.encoding == "gb18030"
    assert ztx.report.mapping["customer_id"] == "客户编号" and zcu.report.mapping["ownership"] == "企业性质"
    assert (ztx.report.accepted, ztx.report.rejected) == (tx.report.accepted, tx.report.rejected)
    zf = customer_features(zh)
    assert zf[["customer_id", "frequency", "monetary"]].equals(feats[["customer_id", "frequency", "monetary"]])
    assert set(zcu.accepted["ownership"]) == {"政府", "国企", "股份制", "民营"}
