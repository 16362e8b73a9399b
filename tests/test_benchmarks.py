"""The benchmark peers do the same work as `python -m analytics score`: on a hand-made file with ties,
a return inside an order, an order that is only a return, a customer who only returned goods, two
orders on one day and a line without an order id, each peer writes the same customers, R/F/M,
scores and tiers as the command line (lifetimes: what its definitions share with ours).

A peer whose package is not installed here is skipped (peers live in .venv-bench, made by
`make bench`; pandas runs wherever the app does). All commands run at once to keep this short.
"""
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks import bench_score  # noqa: E402

ORDERS = """customer_id,order_id,order_date,amount
A1,o1,2024-01-05,100.00
A1,o1,2024-01-05,-20.00
A1,o2,2024-03-01,50.00
B2,o3,2024-02-10,80.00
B2,o4,2024-02-10,40.00
C3,o5,2024-03-01,80.00
D4,o6,2024-01-20,30.00
D4,o7,2024-02-15,-30.00
E5,o8,2024-02-01,-15.00
F6,o9,2024-03-01,120.00
F6,o10,2024-02-20,10.50
G7,,2024-02-10,5.00
G7,o11,2024-02-10,115.00
"""
FULL_PEERS = [p for p, (_, _, kind) in bench_score.PEERS.items() if kind == "full"]
FORMATS = ["csv", "parquet"]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Every command on both files, run concurrently: {(name, format): (returncode, out path, stderr)}."""
    d = tmp_path_factory.mktemp("peers")
    files = {"csv": d / "orders.csv", "parquet": d / "orders.parquet"}
    files["csv"].write_text(ORDERS, encoding="utf-8")
    frame = pd.read_csv(files["csv"], dtype={"customer_id": str, "order_id": str})
    frame["order_date"] = pd.to_datetime(frame["order_date"]).dt.date
    frame.to_parquet(files["parquet"], index=False)
    procs = {}
    for fmt, path in files.items():
        for name in ["ours"] + list(bench_score.PEERS):
            if name == "floor" or (name == "lifetimes" and fmt != "csv"):
                continue  # lifetimes reads as the pandas peer does: one format is enough
            out = d / f"{name}_{fmt}.csv"
            python = sys.executable if name == "ours" else None
            cmd = bench_score.peer_command(name, path, out, python=python)
            if cmd is None:
                continue
            procs[(name, fmt)] = (subprocess.Popen(cmd.argv, cwd=cmd.cwd, stdout=subprocess.DEVNULL,
                                                   stderr=subprocess.PIPE, text=True), out)
    results = {}
    for key, (proc, out) in procs.items():
        _, err = proc.communicate(timeout=120)
        results[key] = (proc.returncode, out, err)
    return results


def _result(outputs, name, fmt):
    if (name, fmt) not in outputs:
        modules = bench_score.PEERS[name][1]
        pytest.skip(f"{name} peer: {', '.join(modules)} not installed here")
    rc, out, err = outputs[(name, fmt)]
    assert rc == 0, err
    return out


@pytest.mark.parametrize("fmt", FORMATS)
def test_ours_gives_the_hand_computed_population(outputs, fmt):
    ours = bench_score.read_tiers(_result(outputs, "ours", fmt))
    # E5 only returned goods; D4's second order is a return on its own; B2 has two orders on one day
    assert sorted(ours.index) == ["A1", "B2", "C3", "D4", "F6", "G7"]
    assert ours.loc["D4", ["frequency", "monetary", "recency_days"]].tolist() == [1, 0.0, 41]
    assert ours.loc["B2", "frequency"] == 2 and ours.loc["G7", "frequency"] == 2
    assert ours.loc["A1", "monetary"] == 130.0


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("peer", FULL_PEERS)
def test_peer_writes_the_same_customers_scores_and_tiers(outputs, peer, fmt):
    ours = _result(outputs, "ours", fmt)
    theirs = _result(outputs, peer, fmt)
    res = bench_score.compare(ours, theirs, "full")
    assert res["ok"], res["text"]


def test_lifetimes_peer_agrees_where_its_definitions_do(outputs):
    ours = _result(outputs, "ours", "csv")
    theirs = _result(outputs, "lifetimes", "csv")
    res = bench_score.compare(ours, theirs, "lifetimes")
    assert res["ok"], res["text"]
    peer = bench_score.read_tiers(theirs)
    # its summary keeps E5 (returns only) and counts B2's two orders on one day as one
    assert "E5" in peer.index and peer.loc["B2", "frequency"] == 1


def test_compare_reports_a_difference(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    cols = "customer_id,recency_days,frequency,monetary,r_score,f_score,m_score,score,tier\n"
    a.write_text(cols + "C1,0,2,10.0,5,5,5,100.0,A\nC2,3,1,5.0,1,1,1,0.0,C\n", encoding="utf-8")
    b.write_text(cols + "C1,0,2,10.0,5,5,4,91.666667,A\nC3,3,1,5.0,1,1,1,0.0,C\n", encoding="utf-8")
    res = bench_score.compare(a, b, "full")
    assert not res["ok"]
    assert "1 only in ours, 1 only in the peer" in res["text"] and "m_score: 1 customers, e.g. C1" in res["text"]
