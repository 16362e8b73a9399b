"""The whole `analytics score` run against peers doing the same work, each timed as a whole process.

Generates order lines (benchmarks/gen_orders.py; kept between runs), then for Parquet and CSV runs,
in turn and `--repeats` times:
  ours       .venv/bin/python -m analytics score FILE --out tiers.csv
  polars     benchmarks/peers/peer_polars.py FILE --out tiers.csv      (same definitions, lazy polars)
  pandas     benchmarks/peers/peer_pandas.py FILE --out tiers.csv      (same definitions, groupby + rank)
  lifetimes  benchmarks/peers/peer_lifetimes.py FILE --out tiers.csv   (lifetimes' summary, then the scores)
  floor      benchmarks/peers/floor_duckdb.py FILE                     (a bare DuckDB group-by per customer)
and prints wall, CPU and peak memory (median and min-max) with each command's ratio to ours. Once
per input the peers' outputs are compared with ours customer by customer. Peers run in .venv-bench
(benchmarks/requirements-peers.txt, made by `make bench`) or, failing that, wherever their package
is installed; a peer whose package is missing is listed as such.

    .venv/bin/python benchmarks/bench_score.py [--small | --lines 10000000 --customers 1000000]
        [--repeats 3] [--formats parquet,csv] [--peers polars,pandas,lifetimes,floor] [--md]

With --md the figures go to stderr as they come and a markdown section to stdout (make_report.py).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.harness import Command, Summary, markdown_table, measure, summarise, text_table  # noqa: E402

PEERS_DIR = ROOT / "benchmarks" / "peers"
APP_PYTHON = ROOT / ".venv" / "bin" / "python"
BENCH_PYTHON = ROOT / ".venv-bench" / "bin" / "python"
# peer -> (script, modules it needs, how its result compares with ours)
PEERS = {
    "polars": ("peer_polars.py", ["polars"], "full"),
    "pandas": ("peer_pandas.py", ["pandas", "pyarrow"], "full"),
    "lifetimes": ("peer_lifetimes.py", ["lifetimes", "pandas", "pyarrow"], "lifetimes"),
    "floor": ("floor_duckdb.py", ["duckdb"], None),
}
COMPARED = ["recency_days", "frequency", "monetary", "r_score", "f_score", "m_score", "score", "tier"]
TARGET_PEAK_MB = 1500  # the issue: peak memory under 1.5 GB
TARGET_VS_SLOW = 5.0  # at least 5x faster than pandas and lifetimes


def app_python() -> str:
    return str(APP_PYTHON if APP_PYTHON.exists() else Path(sys.executable))


_HAS: dict = {}


def python_with(modules: list[str]) -> str | None:
    """The first of .venv-bench's, the app's and this interpreter that imports every module, or None."""
    seen = []
    for py in (BENCH_PYTHON, APP_PYTHON, Path(sys.executable)):
        if not py.exists() or str(py) in seen:
            continue
        seen.append(str(py))
        key = (str(py), tuple(modules))
        if key not in _HAS:
            code = "import importlib.util, sys; sys.exit(any(importlib.util.find_spec(m) is None for m in sys.argv[1:]))"
            _HAS[key] = subprocess.run([str(py), "-c", code, *modules], capture_output=True).returncode == 0
        if _HAS[key]:
            return str(py)
    return None


def peer_command(name: str, data: Path, out: Path, python: str | None = None,
                 app_dir: Path = ROOT) -> Command | None:
    """The command of a peer ('ours' too), or None when no interpreter here has its packages."""
    if name == "ours":
        return Command("ours", [python or app_python(), "-m", "analytics", "score", str(data), "--out", str(out)],
                       cwd=str(app_dir))
    script, modules, _ = PEERS[name]
    python = python or python_with(modules)
    if python is None:
        return None
    argv = [python, str(PEERS_DIR / script), str(data)]
    if name != "floor":
        argv += ["--out", str(out)]
    return Command(name, argv, cwd=str(ROOT))


# ---------------------------------------------------------------- comparing results

def read_tiers(path):
    import pandas as pd

    df = pd.read_csv(path, dtype={"customer_id": str, "tier": str}, encoding="utf-8-sig", keep_default_na=False)
    return df.set_index("customer_id")


def compare(ours_path, peer_path, kind: str = "full") -> dict:
    """Customer-by-customer comparison of a peer's tiers.csv with ours.

    kind "full": the same customers and the same values in every COMPARED column (monetary and score
    to 1e-6). kind "lifetimes": only what its definitions share with ours: monetary on the customers
    both have; the customer sets are reported, frequency/recency/scores are not compared.
    Returns {"ok": bool, "text": one line}.
    """
    import numpy as np

    ours, peer = read_tiers(ours_path), read_tiers(peer_path)
    only_ours = ours.index.difference(peer.index)
    only_peer = peer.index.difference(ours.index)
    common = ours.index.intersection(peer.index)
    a, b = ours.loc[common], peer.loc[common]

    def differs(col):
        if col in ("monetary", "score"):
            return ~np.isclose(a[col].to_numpy(float), b[col].to_numpy(float), rtol=0, atol=1e-6)
        return a[col].astype(str).to_numpy() != b[col].astype(str).to_numpy()

    def example(col, mask):
        cid = common[np.argmax(mask)]
        return f"{col}: {int(mask.sum()):,} customers, e.g. {cid} ours {a.at[cid, col]} vs {b.at[cid, col]}"

    if kind == "lifetimes":
        bad = differs("monetary")
        parts = [f"monetary {'equal' if not bad.any() else 'DIFFERS'} on the {len(common):,} customers in both"]
        if bad.any():
            parts.append(example("monetary", bad))
        if len(only_peer):
            parts.append(f"{len(only_peer):,} more customers (without a purchase: lifetimes keeps them)")
        if len(only_ours):
            parts.append(f"{len(only_ours):,} of ours missing")
        same_f = int((~differs("frequency")).sum())
        parts.append(f"frequency/recency/scores by other definitions (days, not orders; "
                     f"{same_f / max(len(common), 1):.0%} of frequencies agree)")
        ok = not bad.any() and not len(only_ours)
        return {"ok": ok, "short": "monetary same (others differ by definition)" if ok else "monetary DIFFERS",
                "text": "; ".join(parts)}
    problems = []
    if len(only_ours) or len(only_peer):
        problems.append(f"customers: {len(only_ours):,} only in ours, {len(only_peer):,} only in the peer")
    for col in COMPARED:
        if col not in b.columns:
            problems.append(f"{col}: missing")
            continue
        bad = differs(col)
        if bad.any():
            problems.append(example(col, bad))
    if problems:
        return {"ok": False, "short": "DIFFERS", "text": "DIFFERS: " + "; ".join(problems)}
    return {"ok": True, "short": "same", "text": f"same ({len(common):,} customers, every column)"}


def check(ours_path, peer_path, kind: str) -> dict:
    """compare() in a child process, so that pandas never loads into (and raises the peak of) the timer."""
    r = subprocess.run([sys.executable, __file__, "--check", str(ours_path), str(peer_path), "--kind", kind],
                       capture_output=True, text=True, cwd=str(ROOT))
    if r.returncode != 0:
        lines = (r.stderr or "").strip().splitlines()
        text = "check failed: " + (lines[-1] if lines else f"exit code {r.returncode}")
        return {"ok": False, "short": "check failed", "text": text}
    return json.loads(r.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- re-scoring on a slider move

def rescore(parquet: str, repeats: int = 3) -> dict:
    """In-process: the app's features of the file (read straight into DuckDB, not through the ingest),
    then the best of `repeats` timings of a full scoring and of a re-score + tier summary after a
    weight change, as the app does on a slider move (features cached)."""
    import time

    import duckdb

    from analytics.config import Scenario
    from analytics.features import customer_features
    from analytics.scoring import score_customers, tier_summary

    con = duckdb.connect()
    con.execute("CREATE TABLE transactions AS SELECT * FROM read_parquet(?)", [parquet])
    t0 = time.perf_counter()
    feats = customer_features(con)
    t_feat = time.perf_counter() - t0
    scenario = Scenario()
    moved = scenario.with_changes(weights={"R": 2.0, "F": 1.0, "M": 1.0})

    def best(fn):
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t)
        return min(times)

    return {"customers": len(feats), "features": t_feat,
            "score": best(lambda: score_customers(feats, scenario)),
            "slider": best(lambda: tier_summary(score_customers(feats, moved)))}


def run_rescore(parquet: Path, log) -> dict | None:
    r = subprocess.run([app_python(), __file__, "--rescore", str(parquet)], capture_output=True, text=True,
                       cwd=str(ROOT))
    if r.returncode != 0:
        lines = (r.stderr or "").strip().splitlines()
        print(f"  re-score failed: {lines[-1] if lines else r.returncode}", file=log)
        return {"error": lines[-1] if lines else f"exit code {r.returncode}"}
    res = json.loads(r.stdout.strip().splitlines()[-1])
    print(f"\nre-score in the app ({res['customers']:,} customers, features cached): full scoring "
          f"{res['score']:.3f} s, slider move (re-score + tier summary) {res['slider']:.3f} s "
          f"(features from DuckDB: {res['features']:.2f} s)", file=log, flush=True)
    return res


def rescore_markdown(res: dict | None) -> list[str]:
    if res is None:
        return []
    out = ["### Re-scoring on a slider move", ""]
    if "error" in res:
        return out + [f"Failed: `{res['error']}`", ""]
    return out + [
        f"In the app a weight or tier change re-scores the cached per-customer features without reading "
        f"the orders again. On the Parquet file's {res['customers']:,} scored customers (best of 3, in one "
        f"process): full scoring (R/F/M, segments, score, tier, ABC) {res['score']:.3f} s; re-score after a "
        f"weight change plus the tier summary {res['slider']:.3f} s. Computing the features once from the "
        f"lines in DuckDB took {res['features']:.2f} s.", ""]


# ---------------------------------------------------------------- the run

def generate(lines: int, customers: int, log) -> dict:
    r = subprocess.run([app_python(), str(ROOT / "benchmarks" / "gen_orders.py"), "--lines", str(lines),
                        "--customers", str(customers)], stdout=subprocess.PIPE, stderr=log, text=True, cwd=str(ROOT))
    if r.returncode != 0:
        raise SystemExit("data generation failed")
    return {k: Path(v) for k, v in json.loads(r.stdout.strip().splitlines()[-1]).items()}


def run_format(fmt: str, data: Path, peers: list[str], repeats: int, warmup: int, timeout: float, tmp: Path,
               log, app_dir: Path = ROOT) -> dict:
    """Measure ours and the peers on one file; returns summaries, checks and the commands."""
    outs = {name: tmp / f"{fmt}_{name}.csv" for name in ["ours"] + peers}
    commands, missing = [], []
    for name in ["ours"] + peers:
        cmd = peer_command(name, data, outs[name], app_dir=app_dir)
        if cmd is None:
            missing.append(name)
            continue
        cmd.timeout = timeout
        commands.append(cmd)
    size = data.stat().st_size / 1e6
    print(f"\n{fmt}: {data.name} ({size:,.0f} MB), {repeats} runs each, in turn", file=log, flush=True)
    load_before = os.getloadavg()[0]
    runs = measure(commands, repeats=repeats, warmup=warmup, log=log)
    load = max(load_before, os.getloadavg()[0])
    summaries = summarise(runs, baseline="ours")
    by_name = {s.name: s for s in summaries}
    checks = {}
    ours_ok = not by_name["ours"].failed
    reference = "ours" if ours_ok else next((p for p in peers if PEERS[p][2] == "full" and p in by_name
                                             and not by_name[p].failed), None)
    for name in peers:
        kind = PEERS[name][2]
        if kind is None or name not in by_name or by_name[name].failed or reference in (None, name):
            continue
        res = check(outs[reference], outs[name], kind)
        if reference != "ours":
            res["text"] = f"vs {reference} (ours failed): " + res["text"]
            res["short"] += f" (vs {reference})"
        checks[name] = res
        print(f"  check {name}: {res['text']}", file=log, flush=True)
    customers = None
    if ours_ok and outs["ours"].exists():
        with open(outs["ours"], "rb") as f:
            customers = sum(1 for _ in f) - 1
    return {"format": fmt, "file": data.name, "mb": size, "summaries": summaries, "checks": checks,
            "missing": missing, "commands": commands, "customers": customers, "load": load}


def _med(s: Summary | None, attr: str = "wall"):
    if s is None or s.failed:
        return None
    return s.stat(attr)[0]


def verdict(res: dict) -> str:
    """One line: the issue's targets for this input, met or missed, with the figures."""
    by = {s.name: s for s in res["summaries"]}
    ours = _med(by.get("ours"))
    if ours is None:
        return f"Target: not measured (ours failed: {by['ours'].error})."
    parts, met = [], True
    pl = _med(by.get("polars"))
    if pl is not None:
        ok = ours < pl
        met &= ok
        parts.append(f"faster than polars: {'yes' if ok else 'no'} ({ours:.2f} s vs {pl:.2f} s)")
    for slow in ("pandas", "lifetimes"):
        t = _med(by.get(slow))
        if t is not None:
            ok = t / ours >= TARGET_VS_SLOW
            met &= ok
            parts.append(f"at least {TARGET_VS_SLOW:g}x faster than {slow}: {'yes' if ok else 'no'} "
                         f"({slow} takes {t / ours:.1f}x our time)")
    peak = _med(by.get("ours"), "peak_mb")
    ok = peak < TARGET_PEAK_MB
    met &= ok
    parts.append(f"peak under 1.5 GB: {'yes' if ok else 'no'} ({peak:,.0f} MB)")
    floor = _med(by.get("floor"))
    tail = f"; floor (DuckDB group-by) {floor:.2f} s, ours is {ours / floor:.1f}x the floor" if floor else ""
    return f"Target {'met' if met else 'missed'}: " + "; ".join(parts) + tail + "."


def table_rows(res: dict) -> list[list[str]]:
    from benchmarks.harness import _cell

    rows = []
    for s in res["summaries"]:
        if s.failed:
            rows.append([s.name, "failed: " + s.error, "-", "-", "-", "-"])
            continue
        if s.name == "ours":
            ratio, same = "1", "-"
        else:
            ratio = "-" if s.ratio is None else _cell((s.ratio, s.ratio_min, s.ratio_max), 2)
            same = res["checks"][s.name]["short"] if s.name in res["checks"] else \
                ("not compared (no scores)" if s.name == "floor" else "not compared")
        rows.append([s.name, _cell(s.stat("wall"), 2), _cell(s.stat("cpu"), 2), _cell(s.stat("peak_mb"), 0), ratio,
                     same])
    for name in res["missing"]:
        rows.append([name, "not installed (make bench installs .venv-bench)", "-", "-", "-", "-"])
    return rows


HEADERS = ["command", "wall s", "CPU s", "peak MB", "wall / ours", "result vs ours"]


def _rel(arg: str) -> str:
    p = Path(arg)
    if p.is_absolute():
        try:
            return str(p.relative_to(ROOT))
        except ValueError:
            return p.name if p.parent == Path(tempfile.gettempdir()) else str(p)
    return arg


def markdown(results: list[dict], lines: int, customers: int, repeats: int, rescored: dict | None = None) -> str:
    out = ["## Whole score run", "",
           f"`python -m analytics score FILE --out tiers.csv` against peers doing the same work "
           f"(benchmarks/peers/), each timed as a whole process: start-up, reading the file and writing "
           f"the result included. {lines:,} order lines over up to {customers:,} customer ids "
           f"(benchmarks/gen_orders.py); {repeats} run{'s' if repeats != 1 else ''} of each command, taken in "
           f"turn; median (min-max). CPU is user + system time; peak is the process's largest resident memory (MB = 10^6 bytes). "
           f"`wall / ours` is the peer's time over ours, run by run (above 1: ours is faster).", ""]
    for res in results:
        scored = f", {res['customers']:,} customers scored" if res["customers"] else ""
        out += [f"### {res['format'].upper()} ({res['file']}, {res['mb']:,.0f} MB{scored})", "",
                markdown_table(HEADERS, table_rows(res), "lrrrrl"), ""]
        out += [f"- {name}: {c['text']}" for name, c in res["checks"].items()]
        out += ["", verdict(res), ""]
        if res["load"] > (os.cpu_count() or 1):
            out += [f"The machine was busy during these runs (load average up to {res['load']:.1f} on "
                    f"{os.cpu_count()} cores, other work included): wall times are inflated and noisy; CPU "
                    f"seconds are the steadier figure.", ""]
    if results:
        out += ["Commands (FILE the input, OUT a temporary file):", ""]
        data_name = results[0]["file"]
        for c in results[0]["commands"]:
            words = [_rel(w) for w in c.argv]
            words = ["FILE" if w.endswith(data_name) else ("OUT" if w.endswith(".csv") and "_" + c.name in w
                                                           else w) for w in words]
            out.append(f"- {c.name}: `{' '.join(words)}`")
        if any(c.name == "lifetimes" for c in results[0]["commands"]):
            out += ["", "lifetimes' summary counts a customer's days, not orders, and keeps customers who only "
                    "returned goods, so only monetary (the sum of all amounts) is compared with ours; its scores "
                    "are computed the same way on its own features."]
        out += [""]
    out += rescore_markdown(rescored)
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lines", type=int, default=10_000_000, help="order lines (default 10M)")
    ap.add_argument("--customers", type=int, default=1_000_000, help="range of customer ids (default 1M)")
    ap.add_argument("--small", action="store_true", help="1M lines, 100k customers")
    ap.add_argument("--repeats", type=int, default=3, help="timed runs of each command (default 3)")
    ap.add_argument("--warmup", type=int, default=0, help="uncounted rounds first")
    ap.add_argument("--formats", default="parquet,csv", help="inputs to run on (default parquet,csv)")
    ap.add_argument("--peers", default="polars,pandas,lifetimes,floor", help="peers to run beside ours")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds for one run of one command")
    ap.add_argument("--md", action="store_true", help="markdown section on stdout, progress on stderr")
    ap.add_argument("--app-dir", type=Path, default=ROOT,
                    help="run ours from this copy of the project (e.g. a checkout of an earlier commit)")
    ap.add_argument("--check", nargs=2, metavar=("OURS", "PEER"), help=argparse.SUPPRESS)
    ap.add_argument("--kind", default="full", help=argparse.SUPPRESS)
    ap.add_argument("--rescore", metavar="PARQUET", help=argparse.SUPPRESS)
    ap.add_argument("--no-rescore", action="store_true", help="skip the slider re-score timing")
    a = ap.parse_args(argv)
    if a.check:
        print(json.dumps(compare(*a.check, kind=a.kind)))
        return 0
    if a.rescore:
        print(json.dumps(rescore(a.rescore)))
        return 0
    if a.small:
        a.lines, a.customers = 1_000_000, 100_000
    peers = [p.strip() for p in a.peers.split(",") if p.strip()]
    unknown = [p for p in peers if p not in PEERS]
    if unknown:
        ap.error(f"unknown peers: {', '.join(unknown)} (known: {', '.join(PEERS)})")
    formats = [f.strip() for f in a.formats.split(",") if f.strip()]
    log = sys.stderr if a.md else sys.stdout
    files = generate(a.lines, a.customers, log)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench_score_") as tmp:
        for fmt in formats:
            res = run_format(fmt, files[fmt], peers, a.repeats, a.warmup, a.timeout, Path(tmp), log,
                             a.app_dir.resolve())
            results.append(res)
            print("\n" + text_table(HEADERS, table_rows(res)), file=log)
            print(verdict(res), file=log, flush=True)
    rescored = None if a.no_rescore else run_rescore(files["parquet"], log)
    if a.md:
        print(markdown(results, a.lines, a.customers, a.repeats, rescored))
    return 0 if all(not r["summaries"][0].failed for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
