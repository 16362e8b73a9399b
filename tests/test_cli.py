"""python -m analytics score: the headless twin, on a hand-computed file."""
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
ORDERS = """customer_id,order_date,amount
001,2024-01-01,100
001,2024-03-01,100
002,2024-02-01,50
003,2024-03-01,300
004,2024-01-15,20
"""


def run(*args):
    return subprocess.run([sys.executable, "-m", "analytics", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def orders(tmp_path):
    p = tmp_path / "orders.csv"
    p.write_text(ORDERS, encoding="utf-8")
    return p


def test_score_writes_the_design_columns_with_hand_computed_values(orders, tmp_path):
    out = tmp_path / "tiers.csv"
    r = run("score", orders, "--out", out)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    df = pd.read_csv(out, dtype={"customer_id": str}, encoding="utf-8-sig")
    assert list(df.columns) == ["customer_id", "recency_days", "frequency", "monetary", "r_score", "f_score",
                                "m_score", "segment", "grid_segment", "score", "tier"]
    rows = df.set_index("customer_id")
    assert rows.loc["001"].tolist() == [0, 2, 200.0, 4, 5, 4, "重要价值", "loyal", 83.333333, "A"]
    assert rows.loc["002"].tolist() == [29, 1, 50.0, 2, 1, 2, "一般挽留", "hibernating", 16.666667, "C"]
    assert rows.loc["003"].tolist() == [0, 1, 300.0, 4, 1, 5, "重要发展", "promising", 58.333333, "C"]
    assert rows.loc["004"].tolist() == [46, 1, 20.0, 1, 1, 1, "一般挽留", "hibernating", 0.0, "C"]


def test_as_of_and_config_change_the_result(orders, tmp_path):
    cfg = tmp_path / "s.json"
    cfg.write_text(json.dumps({"tier_method": "share", "tiers": [["VIP", 0.34], ["普通", 0.66]]}), encoding="utf-8")
    out = tmp_path / "t.csv"
    r = run("score", orders, "--as-of", "2024-02-01", "--config", cfg, "--out", out)
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(out, dtype={"customer_id": str}, encoding="utf-8-sig").set_index("customer_id")
    assert sorted(df.index) == ["001", "002", "004"]
    # scores: 002 R5 M3 -> 50, 001 R1 M5 -> 33.3, 004 R3 M1 -> 16.7; the top third is VIP
    assert df.loc["001", "recency_days"] == 31 and df["tier"].to_dict() == {"001": "普通", "002": "VIP", "004": "普通"}


@pytest.mark.parametrize("make_args,message", [
    (lambda d, o: ["score", d / "missing.csv", "--out", d / "x.csv"], "missing.csv: no such file"),
    (lambda d, o: ["score", o, "--as-of", "2024-13-01", "--out", d / "x.csv"], "expected a date like 2024-06-30"),
    (lambda d, o: ["score", o, "--config", d / "nope.json", "--out", d / "x.csv"], "nope.json: no such scenario file"),
])
def test_bad_input_is_one_clear_line_and_a_non_zero_exit(tmp_path, orders, make_args, message):
    r = run(*make_args(tmp_path, orders))
    assert r.returncode == 2
    assert message in r.stderr and "Traceback" not in r.stderr


def test_a_file_without_a_date_column_names_the_file(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("customer_id,amount\n1,10\n", encoding="utf-8")
    r = run("score", p, "--out", tmp_path / "x.csv")
    assert r.returncode == 2 and "bad.csv" in r.stderr and "order_date" in r.stderr and "Traceback" not in r.stderr


def test_a_scenario_value_out_of_range_is_corrected_with_a_warning(tmp_path, orders):
    cfg = tmp_path / "s.json"
    cfg.write_text('{"bins": 40, "weights": {"R": 600, "F": 1, "M": 1}}', encoding="utf-8")
    r = run("score", orders, "--config", cfg, "--out", tmp_path / "x.csv")
    assert r.returncode == 0, r.stderr
    assert "bins: 40 is above the maximum 10; using 10." in r.stderr
    assert "weights.R: 600 is above the maximum 100; using 100." in r.stderr
    scores = pd.read_csv(tmp_path / "x.csv")["r_score"]
    assert scores.max() > 5  # more than the default five bins were used


@pytest.mark.parametrize("text,message", [
    ('{"abc": [0.9]}', "abc: [0.9] is not of the expected form"),
    ('{"as_of": 20240101}', "as_of: 20240101 is not of the expected form (e.g. 2024-06-30)."),
    ('{"attributes": ["x"]}', "attributes[1]: 'x' is not of the expected form"),
    ('{"thresholds": [1, 2]}', "thresholds: [1, 2] is not of the expected form"),
    ("[" * 5000 + "]" * 5000, "the scenario is nested more than 6 levels deep."),
    ('{"bins": 5', "the scenario is not valid JSON"),
])
def test_a_scenario_value_of_the_wrong_shape_ends_with_one_line(tmp_path, orders, text, message):
    cfg = tmp_path / "s.json"
    cfg.write_text(text, encoding="utf-8")
    r = run("score", orders, "--config", cfg, "--out", tmp_path / "x.csv")
    lines = r.stderr.strip().splitlines()
    assert r.returncode == 2 and len(lines) == 1 and message in lines[0], r.stderr


def test_an_as_of_date_outside_the_data_moves_to_the_nearest_date(tmp_path, orders):
    r = run("lifecycle", orders, "--as-of", "2031-01-01", "--out", tmp_path / "x.csv")
    assert r.returncode == 0, r.stderr
    assert "as_of: 2031-01-01 is outside the data (" in r.stderr and "; using " in r.stderr


def test_rejected_rows_are_listed_and_written_on_request(tmp_path):
    p = tmp_path / "orders.csv"
    p.write_text(ORDERS + "005,someday,10\n006,2024-01-01,1,2\n,2024-01-01,5\n", encoding="utf-8")
    out, rejected = tmp_path / "tiers.csv", tmp_path / "rejected.csv"
    r = run("score", p, "--out", out, "--rejected-out", rejected)
    assert r.returncode == 0, r.stderr
    lines = r.stderr.splitlines()
    assert lines[0] == "orders.csv: 8 rows read, 5 accepted, 3 rejected"
    assert lines[1:4] == [
        "  orders.csv row 7, column order_date: date not recognised ('someday')",
        "  orders.csv row 8, column amount: number of fields differs from the header ('006,2024-01-01,1,2')",
        "  orders.csv row 9, column customer_id: customer id is empty ('')",
    ]
    got = pd.read_csv(rejected, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert got["row"].tolist() == ["7", "8", "9"] and got["reason"].tolist()[0] == "bad_date"


def test_a_newer_scenario_key_is_said_and_skipped(tmp_path, orders):
    cfg = tmp_path / "s.json"
    cfg.write_text('{"lifecycle": {"dormant_days": 90, "repeat_purchases": 12}, "workshop": "north"}', encoding="utf-8")
    r = run("lifecycle", orders, "--config", cfg, "--out", tmp_path / "x.csv")
    assert r.returncode == 0, r.stderr
    assert "lifecycle.dormant_days: not a known setting; ignored." in r.stderr
    assert "lifecycle.repeat_purchases: 12 purchases is above the maximum 10 purchases; using 10 purchases." in r.stderr


def test_clv_warns_when_the_fit_ends_on_a_bound(tmp_path):
    from tests.test_clv import steady_buyers
    p = tmp_path / "steady.csv"
    steady_buyers().to_csv(p, index=False)
    r = run("clv", p, "--out", tmp_path / "v.csv")
    assert r.returncode == 0, r.stderr
    assert "the purchase model's fit ended on a bound" in r.stderr and "not informative" in r.stderr
