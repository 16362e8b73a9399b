"""The workspace (workspace/): data sets, scenario versions and publications in one real DuckDB file."""
import json
import re
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analytics import ingest
from analytics.config import DEFAULT_LIFECYCLE, Scenario
from workspace import Workspace, WorkspaceError, default_path, scenario_diff

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"


@pytest.fixture
def ws(tmp_path):
    w = Workspace(tmp_path / "w.duckdb")
    yield w
    w.close()


@pytest.fixture(scope="module")
def sample():
    """The bundled sample as the Data page loads it: a connection with transactions and customers."""
    con = duckdb.connect()
    tx, cu = ingest.load_files(con, SAMPLE / "orders.csv", SAMPLE / "customers.csv")
    return con, tx, cu


def save_sample(ws, sample, name="sample", **kw):
    con, tx, cu = sample
    return ws.save_dataset(name, con, report=tx.report, rejected=tx.rejected, mapping={"orders": tx.report.mapping},
                           orders_file="orders.csv", customers_file="customers.csv", customers_report=cu.report,
                           customers_rejected=cu.rejected, **kw)


def rows(con, table):
    return con.sql(f"SELECT * FROM {table}").fetchall()


# ------------------------------------------------------------------------------------------ the file

def test_the_default_path_and_the_env_var(monkeypatch, tmp_path):
    monkeypatch.delenv("TIERING_WORKSPACE", raising=False)
    assert default_path() == ROOT / "workspace" / "workbench.duckdb"
    monkeypatch.setenv("TIERING_WORKSPACE", str(tmp_path / "team.duckdb"))
    assert default_path() == tmp_path / "team.duckdb"
    assert Workspace().path == (tmp_path / "team.duckdb").resolve()
    Workspace().close()


def test_git_ignores_the_data_file_and_its_wal_but_not_the_package():
    def ignored(path):
        return subprocess.run(["git", "check-ignore", "-q", path], cwd=ROOT).returncode == 0
    assert ignored("workspace/workbench.duckdb") and ignored("workspace/workbench.duckdb.wal")
    assert not ignored("workspace/__init__.py") and not ignored("workspace/store.py")


def test_created_on_first_use_with_a_schema_version(tmp_path):
    path = tmp_path / "new" / "folder" / "w.duckdb"
    w = Workspace(path)
    assert w.datasets() == [] and w.scenarios() == [] and w.publications() == []
    w.close()
    con = duckdb.connect(str(path))
    assert con.sql("SELECT version FROM schema_version").fetchall() == [(1,)]
    con.close()
    w = Workspace(path)  # opened again: the schema is kept, not added twice
    assert w.datasets() == []
    w.close()
    con = duckdb.connect(str(path))
    assert con.sql("SELECT count(*) FROM schema_version").fetchall() == [(1,)]
    con.execute("UPDATE schema_version SET version = 99")
    con.close()
    with pytest.raises(WorkspaceError, match="newer version"):
        Workspace(path)


def test_not_a_workspace_file_is_said(tmp_path):
    bad = tmp_path / "orders.duckdb"
    bad.write_text("customer_id,amount\n1,2\n", encoding="utf-8")
    with pytest.raises(WorkspaceError, match="not a usable workspace file"):
        Workspace(bad)


def test_the_package_imports_no_streamlit():
    for path in (ROOT / "workspace").glob("*.py"):
        assert not re.search(r"^\s*(import|from)\s+(streamlit|ui)\b", path.read_text(encoding="utf-8"), re.M), path


# ------------------------------------------------------------------------------------------ names

@pytest.mark.parametrize("bad,message", [
    ("", "1 to 80 characters"), ("   ", "1 to 80 characters"), ("x" * 81, "1 to 80 characters"),
    ("a\nb", "control characters"), ("tab\there", "control characters"), ("nul\x00", "control characters"),
    (7, "must be text"),
])
def test_bad_names_are_refused(ws, bad, message):
    with pytest.raises(WorkspaceError, match=message):
        ws.save_scenario(bad, Scenario(), author="ann")
    with pytest.raises(WorkspaceError, match=message):
        ws.dataset(bad)


def test_names_are_trimmed_and_case_sensitive(ws):
    ws.save_scenario("  Plan  ", Scenario(), author=" ann ")
    ws.save_scenario("plan", Scenario(), author="bob")
    ws.save_scenario("x" * 80, Scenario(), author="bob")
    assert [s.name for s in ws.scenarios()] == ["Plan", "plan", "x" * 80]
    assert ws.versions("Plan")[0].author == "ann" and len(ws.versions(" Plan")) == 1


# ------------------------------------------------------------------------------------------ data sets

def test_a_data_set_round_trips(ws, sample):
    con, tx, cu = sample
    info = save_sample(ws, sample)
    assert (info.name, info.rows, info.customers, info.date_min, info.date_max, info.orders_file,
            info.customers_file) == ("sample", tx.report.accepted, tx.report.customers, tx.report.date_min,
                                     tx.report.date_max, "orders.csv", "customers.csv")
    assert info.rows == con.sql("SELECT count(*) FROM transactions").fetchall()[0][0] == 111466
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", info.saved_at)
    assert ws.datasets() == [info] and ws.dataset(" sample ") == info

    fresh = duckdb.connect()
    fresh.execute("CREATE TABLE transactions AS SELECT 1 AS stale")
    stored = ws.open_dataset("sample", fresh)
    assert stored.info == info
    assert stored.report == tx.report and stored.customers_report == cu.report
    pd.testing.assert_frame_equal(stored.rejected, tx.rejected)
    pd.testing.assert_frame_equal(stored.customers_rejected, cu.rejected)
    assert stored.mapping == {"orders": tx.report.mapping}
    for table in ("transactions", "customers"):
        assert fresh.sql(f"DESCRIBE {table}").fetchall() == con.sql(f"DESCRIBE {table}").fetchall()
        assert rows(fresh, table) == rows(con, table)  # the same rows in the same order
    assert len(rows(fresh, "rejected_transactions")) == tx.report.rejected == 6


def test_a_data_set_without_customers_drops_the_old_customers(ws, tmp_path):
    orders = tmp_path / "o.csv"
    orders.write_text("customer_id,order_date,amount\n1,2024-01-01,10\n2,2024-02-01,x\n", encoding="utf-8")
    con = duckdb.connect()
    tx, _ = ingest.load_files(con, orders)
    ws.save_dataset("tiny", con, report=tx.report, rejected=tx.rejected, mapping={}, orders_file="o.csv")
    fresh = duckdb.connect()
    fresh.execute("CREATE TABLE customers AS SELECT 'old' AS customer_id")
    stored = ws.open_dataset("tiny", fresh)
    assert stored.customers_report is None and stored.customers_rejected is None
    assert "customers" not in {r[0] for r in fresh.sql("SHOW TABLES").fetchall()}
    assert rows(fresh, "transactions") == rows(con, "transactions")
    assert stored.rejected["reason"].tolist() == ["bad_amount"]
    assert (stored.info.rows, stored.info.customers, stored.info.customers_file) == (1, 1, None)


def test_an_existing_name_is_refused_unless_replaced(ws, sample, tmp_path):
    save_sample(ws, sample)
    with pytest.raises(WorkspaceError, match="a data set named 'sample' exists"):
        save_sample(ws, sample)
    orders = tmp_path / "o.csv"
    orders.write_text("customer_id,order_date,amount\n1,2024-01-01,10\n", encoding="utf-8")
    con = duckdb.connect()
    tx, _ = ingest.load_files(con, orders)
    info = ws.save_dataset("sample", con, report=tx.report, rejected=tx.rejected, mapping={}, orders_file="o.csv",
                           replace=True)
    assert info.rows == 1 and [d.rows for d in ws.datasets()] == [1]
    with pytest.raises(WorkspaceError, match="no transactions table"):
        ws.save_dataset("empty", duckdb.connect(), report=None, rejected=None, mapping={}, orders_file="")


def test_rename_and_delete_a_data_set(ws, sample):
    save_sample(ws, sample)
    ws.save_scenario("plan", Scenario(), author="ann", dataset="sample")
    ws.publish("plan", 1, pd.DataFrame({"customer_id": ["1"], "tier": ["A"]}), dataset="sample", as_of="2024-06-30")
    ws.rename_dataset("sample", "orders 2024")
    assert [d.name for d in ws.datasets()] == ["orders 2024"]
    assert ws.scenarios()[0].dataset == "orders 2024" and ws.publications()[0].dataset == "orders 2024"
    with pytest.raises(WorkspaceError, match="no data set named 'sample'"):
        ws.open_dataset("sample", duckdb.connect())
    save_sample(ws, sample, "other")
    with pytest.raises(WorkspaceError, match="a data set named 'other' exists"):
        ws.rename_dataset("orders 2024", "other")
    ws.delete_dataset("orders 2024")
    assert [d.name for d in ws.datasets()] == ["other"]
    assert ws.scenarios()[0].dataset == "orders 2024"  # the scenario keeps the name as text
    with pytest.raises(WorkspaceError, match="no data set named 'orders 2024'"):
        ws.delete_dataset("orders 2024")
    ws.close()
    con = duckdb.connect(str(ws.path))
    tables = {r[0] for r in con.sql("SHOW TABLES").fetchall()}
    con.close()
    assert {t for t in tables if t.startswith("ds")} == {"ds2_transactions", "ds2_customers", "ds2_rejected",
                                                         "ds2_customers_rejected"}


# ------------------------------------------------------------------------------------------ scenarios

V1 = Scenario()
V2 = Scenario(as_of="2024-03-31", weights={"R": 1.0, "F": 1.0, "M": 2.0}, tiers=(("A", 80.0), ("B", 60.0), ("C", 0.0)),
              lifecycle={**DEFAULT_LIFECYCLE, "at_risk_days": 120})
V3 = Scenario(lookback_days=365, weights={"R": 1.0, "F": 1.0, "M": 2.0, "profit": 0.5}, tier_method="share",
              tiers=(("A", 0.1), ("B", 0.2), ("C", 0.6), ("D", 0.1)), abc=(0.75, 0.95),
              playbook={"tier": {"A": "visit"}},
              clv={"horizon_months": 24, "margin": 0.25, "discount_rate": 0.0, "value_shares": [0.15, 0.2]})
DIFF_1_2 = ("as_of (latest) -> 2024-03-31", "weights.M 1 -> 2", "tiers A 75 -> 80", "lifecycle.at_risk_days 180 -> 120")
DIFF_2_3 = ("as_of 2024-03-31 -> (latest)", "lookback_days (all) -> 365", "weights.profit 0 -> 0.5",
            "tier_method score -> share", "tiers A 80 -> 10%", "tiers B 60 -> 20%", "tiers C 0 -> 60%", "tiers + D 10%",
            "abc.A 80% -> 75%", "lifecycle.at_risk_days 120 -> 180", "playbook.tier.A (built-in) -> 'visit'",
            "clv.horizon_months 12 -> 24", "clv.margin 30% -> 25%", "clv.value_shares.high 10% -> 15%")


def test_scenario_diff_is_readable_and_exact():
    assert scenario_diff(None, V2) == () and scenario_diff(V2, V2) == ()
    assert scenario_diff(V1, V2) == DIFF_1_2
    assert scenario_diff(V2, V3) == DIFF_2_3
    fewer = V1.with_changes(tiers=(("A", 75.0), ("C", 0.0)), bins=4, score_method="threshold",
                            thresholds={"R": [30.0, 90.0, 180.0], "F": [2.0, 4.0, 8.0], "M": [1e3, 5e3, 2e4]},
                            attributes=({"column": "industry", "weight": 1.0, "points": {"gov": 15.0}},),
                            extra={"owner": "sales"})
    assert scenario_diff(V1, fewer) == (
        "bins 5 -> 4", "score_method quantile -> threshold", "thresholds.R [30, 90, 180, 365] -> [30, 90, 180]",
        "thresholds.F [2, 4, 8, 16] -> [2, 4, 8]", "thresholds.M [1000, 5000, 20000, 100000] -> [1000, 5000, 20000]",
        "attributes + industry (weight 1)", "tiers - B 60", "owner (none) -> 'sales'")
    later = fewer.with_changes(attributes=({"column": "industry", "weight": 2.0, "direction": "lower",
                                            "points": {"gov": 10.0, "private": 5.0}},))
    assert scenario_diff(fewer, later) == (
        "attributes.industry.weight 1 -> 2", "attributes.industry.direction higher -> lower",
        "attributes.industry.points.gov 15 -> 10",
        "attributes.industry.points.private (none) -> 5")
    assert scenario_diff(later, later.with_changes(attributes=())) == ("attributes - industry",)


def test_versions_are_numbered_with_their_changes(ws):
    assert ws.save_scenario("plan", V1, author="ann").number == 1
    v2 = ws.save_scenario("plan", V2, author="bob", note="heavier M", dataset="sample")
    v3 = ws.save_scenario("plan", V3, author="ann", dataset="sample")
    assert (v2.number, v2.author, v2.note, v2.changes, v2.dataset) == (2, "bob", "heavier M", DIFF_1_2, "sample")
    listed = ws.versions("plan")
    assert [(v.number, v.author, v.changes) for v in listed] == [(1, "ann", ()), (2, "bob", DIFF_1_2),
                                                                  (3, "ann", DIFF_2_3)]
    assert listed[2] == v3 and all(v.saved_at.endswith("+00:00") for v in listed)
    [info] = ws.scenarios()
    assert (info.name, info.dataset, info.versions, info.latest) == ("plan", "sample", 3, v3)
    assert ws.load_scenario("plan") == (V3, v3)
    assert ws.load_scenario("plan", 2) == (V2, v2)
    with pytest.raises(WorkspaceError, match=r"scenario 'plan' has no version 4 \(it has versions 1 to 3\)"):
        ws.load_scenario("plan", 4)
    with pytest.raises(WorkspaceError, match="no scenario named 'nope'"):
        ws.versions("nope")


def test_restore_duplicate_rename_delete(ws):
    ws.save_scenario("plan", V1, author="ann")
    ws.save_scenario("plan", V2, author="ann", dataset="sample")
    back = ws.restore_version("plan", 1, author="bob")
    assert (back.number, back.author, back.note, back.dataset) == (3, "bob", "restored version 1", None)
    assert back.changes == ("as_of 2024-03-31 -> (latest)", "weights.M 2 -> 1", "tiers A 80 -> 75",
                            "lifecycle.at_risk_days 120 -> 180")
    assert ws.load_scenario("plan")[0] == V1

    copy = ws.duplicate_scenario("plan", "plan b", author="cy")
    assert (copy.number, copy.author, copy.note, copy.changes) == (1, "cy", "copy of plan version 3", ())
    assert ws.load_scenario("plan b")[0] == V1 and len(ws.versions("plan")) == 3
    with pytest.raises(WorkspaceError, match="a scenario named 'plan b' exists"):
        ws.duplicate_scenario("plan", "plan b", author="cy")

    ws.rename_scenario("plan", "plan a")
    assert [s.name for s in ws.scenarios()] == ["plan a", "plan b"] and len(ws.versions("plan a")) == 3
    with pytest.raises(WorkspaceError, match="a scenario named 'plan b' exists"):
        ws.rename_scenario("plan a", "plan b")
    with pytest.raises(WorkspaceError, match="no scenario named 'plan'"):
        ws.load_scenario("plan")
    ws.delete_scenario("plan a")
    assert [s.name for s in ws.scenarios()] == ["plan b"]
    with pytest.raises(WorkspaceError, match="no scenario named 'plan a'"):
        ws.restore_version("plan a", 1, author="bob")
    ws.save_scenario("plan a", V2, author="ann")  # the name is free again: a new scenario from version 1
    assert [v.number for v in ws.versions("plan a")] == [1]


def test_eight_threads_saving_one_scenario_keep_eight_versions(ws):
    start = threading.Barrier(8)
    errors = []

    def save(k):
        try:
            start.wait()
            Workspace(ws.path).save_scenario("shared", Scenario(bins=k + 2), author=f"user{k}")
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
    threads = [threading.Thread(target=save, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    versions = ws.versions("shared")
    assert [v.number for v in versions] == list(range(1, 9))
    bins = [ws.load_scenario("shared", n)[0].bins for n in range(1, 9)]
    assert sorted(bins) == list(range(2, 10))
    assert sorted(v.author for v in versions) == [f"user{k}" for k in range(8)]
    for before, after, v in zip(bins, bins[1:], versions[1:]):  # each diffed against the one saved before it
        assert v.changes == (f"bins {before} -> {after}",)


def test_another_process_reads_what_this_one_wrote(ws):
    ws.save_scenario("plan", V2, author="ann", note="first", dataset="sample")
    ws.close()  # DuckDB lets one process open the file at a time
    code = f"""
import json, sys
sys.path.insert(0, {str(ROOT)!r})
from workspace import Workspace
w = Workspace({str(ws.path)!r})
scenario, version = w.load_scenario("plan")
w.save_scenario("plan", scenario.with_changes(bins=4), author="other process")
print(json.dumps([scenario.to_dict(), version.note, version.dataset]))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [V2.to_dict(), "first", "sample"]
    again = Workspace(ws.path)
    assert [(v.number, v.author, v.changes) for v in again.versions("plan")] == [
        (1, "ann", ()), (2, "other process", ("bins 5 -> 4",))]


def test_a_file_another_process_holds_is_said(ws, tmp_path):
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); from workspace import Workspace; "
            f"Workspace({str(ws.path)!r})")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "WorkspaceError" in done.stderr and "open in another process" in done.stderr


# ------------------------------------------------------------------------------------------ publications

def tiers(**by_customer):
    return pd.DataFrame({"customer_id": list(by_customer), "tier": list(by_customer.values())})


def test_tier_history_over_three_publications(ws):
    ws.save_scenario("plan", V1, author="ann")
    ws.save_scenario("plan", V2, author="ann")
    p1 = ws.publish("plan", 1, tiers(c1="A", c2="B", c3="C", c5="A"), dataset="d", as_of="2024-01-31",
                    published_at="2024-02-01T09:00:00")
    # the third is published before the second is backfilled: the order is published_at's
    p3 = ws.publish("plan", 2, tiers(c1="A", c2="A", c3="B", c4="B", c5="A", c6="C"), dataset="d",
                    as_of="2024-03-31", published_at="2024-04-01T09:00:00+00:00")
    p2 = ws.publish("plan", 2, tiers(c1="A", c2="A", c3="C", c4="B"), dataset="d", as_of="2024-02-29",
                    published_at="2024-03-01T09:00:00Z")
    ws.publish("plan", 2, tiers(c1="C"), dataset="other", as_of="2024-03-31", published_at="2024-05-01T00:00:00")
    ws.save_scenario("else", V1, author="ann")
    ws.publish("else", 1, tiers(c1="C"), dataset="d", as_of="2024-03-31", published_at="2024-05-01T00:00:00")

    assert (p1.id, p1.scenario, p1.version, p1.dataset, p1.as_of, p1.published_at, p1.customers) == (
        1, "plan", 1, "d", "2024-01-31", "2024-02-01T09:00:00+00:00", 4)
    assert [p.id for p in ws.publications("plan")] == [p1.id, p2.id, p3.id, 4]
    assert len(ws.publications()) == 5

    history = ws.tier_history("plan", "d")
    assert list(history.columns) == ["customer_id", "previous_tier", "tier_changed_on"]
    assert history.values.tolist() == [
        ["c1", "A", "2024-02-01"],  # A since it first appeared
        ["c2", "A", "2024-03-01"],  # B -> A in the second
        ["c3", "B", "2024-04-01"],  # C, C, then B
        ["c4", "B", "2024-03-01"],  # first in the second, B since
        ["c5", "A", "2024-04-01"],  # left out of the second, back in the third
        ["c6", "C", "2024-04-01"],  # new in the third
    ]
    assert ws.tier_history("plan", "other").values.tolist() == [["c1", "C", "2024-05-01"]]
    assert len(ws.tier_history("plan", "nothing published")) == 0

    ws.rename_scenario("plan", "plan 2")  # publications follow a renamed scenario
    assert len(ws.tier_history("plan 2", "d")) == 6 and ws.publications("plan") == []
    ws.delete_scenario("plan 2")  # and stay, as a record, when it is deleted
    assert len(ws.publications("plan 2")) == 4


def test_publish_refuses_what_it_cannot_store(ws):
    ws.save_scenario("plan", V1, author="ann")
    with pytest.raises(WorkspaceError, match=r"scenario 'plan' has no version 2"):
        ws.publish("plan", 2, tiers(c1="A"), dataset="d", as_of="2024-01-31")
    with pytest.raises(WorkspaceError, match="no scenario named 'nope'"):
        ws.publish("nope", 1, tiers(c1="A"), dataset="d", as_of="2024-01-31")
    doubled = pd.DataFrame({"customer_id": ["c1", "c1"], "tier": ["A", "B"]})
    with pytest.raises(WorkspaceError, match="customer 'c1' appears 2 times"):
        ws.publish("plan", 1, doubled, dataset="d", as_of="2024-01-31")
    with pytest.raises(WorkspaceError, match="1 rows have no tier"):
        ws.publish("plan", 1, pd.DataFrame({"customer_id": ["c1"], "tier": [None]}), dataset="d", as_of="2024-01-31")
    with pytest.raises(WorkspaceError, match="as_of: expected a date"):
        ws.publish("plan", 1, tiers(c1="A"), dataset="d", as_of="soon")
    assert ws.publications() == []
    cat = pd.DataFrame({"customer_id": [1, 2], "tier": pd.Categorical(["A", "B"])})  # stored as text
    p = ws.publish("plan", 1, cat, dataset="d", as_of=pd.Timestamp("2024-01-31").date(),
                   published_at="2024-01-31T23:30:00-02:00")
    assert p.published_at == "2024-02-01T01:30:00+00:00"
    assert ws.tier_history("plan", "d").values.tolist() == [["1", "A", "2024-02-01"], ["2", "B", "2024-02-01"]]


# ------------------------------------------------------------------------------------------ command line

def run(*args):
    return subprocess.run([sys.executable, "-m", "analytics", *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, timeout=300)


def test_the_command_line_reads_a_stored_data_set_and_scenario(ws, sample, tmp_path):
    save_sample(ws, sample)
    chosen = Scenario(weights={"R": 1.0, "F": 2.0, "M": 1.0}, tier_method="share",
                      tiers=(("VIP", 0.15), ("Core", 0.35), ("Rest", 0.5)), as_of="2024-03-31")
    ws.save_scenario("plan", chosen, author="ann")
    ws.save_scenario("plan", Scenario(), author="ann")
    ws.close()
    config = tmp_path / "plan.json"
    config.write_text(chosen.to_json(), encoding="utf-8")

    from_files = run("score", SAMPLE / "orders.csv", "--customers", SAMPLE / "customers.csv", "--config", config,
                     "--out", tmp_path / "files.csv")
    assert from_files.returncode == 0, from_files.stderr
    stored = run("score", "--workspace", ws.path, "--dataset", "sample", "--scenario", "plan@1",
                 "--out", tmp_path / "stored.csv", "--rejected-out", tmp_path / "rejected.csv")
    assert stored.returncode == 0, stored.stderr
    assert (tmp_path / "stored.csv").read_bytes() == (tmp_path / "files.csv").read_bytes()
    lines = stored.stderr.splitlines()
    assert len(lines) == 2 and lines[0].startswith("sample: stored data set (orders.csv and customers.csv, saved ")
    assert "111466 order lines, 2693 customers, 2021-07-01 to 2024-06-30; 6 rows were rejected" in lines[0]
    assert len(pd.read_csv(tmp_path / "rejected.csv")) == 6

    latest = run("lifecycle", "--workspace", ws.path, "--dataset", "sample", "--scenario", "plan",
                 "--out", tmp_path / "stages.csv")
    assert latest.returncode == 0, latest.stderr


def test_the_command_line_says_a_bad_name_in_one_line(ws, tmp_path, monkeypatch):
    ws.save_scenario("plan", V1, author="ann")
    ws.close()
    out = tmp_path / "x.csv"
    cases = [
        (["score", "--workspace", ws.path, "--dataset", "nope"], "error: no data set named 'nope'"),
        (["score", SAMPLE / "orders.csv", "--workspace", ws.path, "--scenario", "plan@2"],
         "error: scenario 'plan' has no version 2 (it has versions 1 to 1)"),
        (["migrate", SAMPLE / "orders.csv", "--from", "2023-01-01", "--to", "2024-01-01", "--workspace", ws.path,
          "--scenario", "nope"], "error: no scenario named 'nope'"),
        (["clv", "--workspace", tmp_path / "none.duckdb", "--dataset", "x"], "none.duckdb: no workspace file"),
        (["lifecycle", "--workspace", ws.path], "error: lifecycle: give INPUT (the orders file) or --dataset NAME"),
        (["score", SAMPLE / "orders.csv", "--workspace", ws.path, "--dataset", "x"],
         "give INPUT or --dataset, not both"),
        (["score", SAMPLE / "orders.csv", "--workspace", ws.path, "--scenario", "plan", "--config", "s.json"],
         "give --config or --scenario, not both"),
    ]
    for args, message in cases:
        done = run(*args, "--out", out)
        assert done.returncode == 2 and done.stderr.strip().splitlines() == [done.stderr.strip()], (args, done.stderr)
        assert message in done.stderr, (args, done.stderr)
    monkeypatch.setenv("TIERING_WORKSPACE", str(ws.path))  # --workspace defaults to the env var
    done = run("score", SAMPLE / "orders.csv", "--scenario", "plan@5", "--out", out)
    assert done.returncode == 2 and "scenario 'plan' has no version 5" in done.stderr
