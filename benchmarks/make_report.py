"""Write docs/benchmarks.md: the machine, the versions, the date and the commit, then the markdown
section of every benchmarks/bench_*.py script (each run with --md; bench_score.py first).

A script that fails does not stop the report: its section says so with its last error line.
Progress of each script streams to the terminal as it comes.

    .venv/bin/python benchmarks/make_report.py [--small] [--only score,clv] [--args score="--repeats 5"]
        [--out docs/benchmarks.md]

--small runs the quick sizes (bench_score.py on 1M lines, bench_app.py on the sample only). `make bench` runs this file; extra
arguments go through BENCH_ARGS, e.g. make bench BENCH_ARGS=--small.
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import platform
import shlex
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH_DIR = ROOT / "benchmarks"
APP_PYTHON = ROOT / ".venv" / "bin" / "python"
BENCH_PYTHON = ROOT / ".venv-bench" / "bin" / "python"
APP_PACKAGES = ["duckdb", "pandas", "pyarrow", "numpy", "ibis-framework", "scipy"]
PEER_PACKAGES = ["polars", "pandas", "pyarrow", "numpy", "lifetimes", "duckdb"]
FIRST = ["bench_score.py"]
# --small: the quick size of each script, passed only if the script's --help offers that option
SMALL = {"score": ["--small"], "app": ["--skip-large"]}


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def machine() -> str:
    cpu = next((ln.split(":", 1)[1].strip() for ln in _read("/proc/cpuinfo").splitlines()
                if ln.startswith("model name")), platform.processor() or platform.machine())
    mem_kb = next((int(ln.split()[1]) for ln in _read("/proc/meminfo").splitlines() if ln.startswith("MemTotal")), 0)
    mem = f", {mem_kb / 2**20:.0f} GiB RAM" if mem_kb else ""
    return f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}"


def versions(python: Path, packages: list[str]) -> dict | None:
    if not python.exists():
        return None
    code = ("import json, sys, importlib.metadata as m\n"
            "out = {'python': sys.version.split()[0]}\n"
            "for n in sys.argv[1:]:\n"
            "    try: out[n] = m.version(n)\n"
            "    except m.PackageNotFoundError: pass\n"
            "print(json.dumps(out))")
    r = subprocess.run([str(python), "-c", code, *packages], capture_output=True, text=True)
    return json.loads(r.stdout) if r.returncode == 0 else None


def _fmt_versions(v: dict | None, packages: list[str]) -> str:
    if v is None:
        return "not installed"
    names = {"duckdb": "DuckDB", "ibis-framework": "Ibis"}
    return ", ".join(f"{names.get(p, p)} {v[p]}" for p in packages if p in v)


def git(*args: str) -> str:
    r = subprocess.run(["git", *args], capture_output=True, text=True, cwd=ROOT)
    return r.stdout.rstrip("\n") if r.returncode == 0 else ""  # porcelain lines start with a space


def commit_line() -> str:
    head = git("log", "-1", "--format=%h (%cs) %s")
    if not head:
        return "not a git checkout"
    if len(head) > 100:
        head = head[:99].rstrip() + "…"
    changed = sorted({ln[3:].split(" -> ")[-1] for ln in git("status", "--porcelain", "--", "analytics").splitlines()})
    if changed:
        head += f"; the measured code differs from it in: {', '.join(changed)}"
    return head


def header(small: bool = False) -> str:
    now = dt.datetime.now(dt.timezone.utc)
    app, peers = versions(APP_PYTHON, APP_PACKAGES), versions(BENCH_PYTHON, PEER_PACKAGES)
    py = (app or {}).get("python", platform.python_version())
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    rows = [("date", now.strftime("%Y-%m-%d %H:%M UTC")),
            ("sizes", "quick (make bench BENCH_ARGS=--small)" if small else "full (make bench)"),
            ("machine", machine()),
            ("load when the run began", f"{load:.2f} (1-minute average)" if load is not None else "-"),
            ("Python", py),
            ("app (.venv)", _fmt_versions(app, APP_PACKAGES)),
            ("peers (.venv-bench)", _fmt_versions(peers, PEER_PACKAGES)),
            ("commit", commit_line())]
    lines = ["# Benchmarks", "",
             "Written by `make bench` (benchmarks/make_report.py); every figure below is from this one run on "
             "this machine. Rerun `make bench` to refresh it (`make bench BENCH_ARGS=--small` for a quick run "
             "on 1M lines). The harness (benchmarks/harness.py) times whole processes, in turn, and reports "
             "medians with min-max; these are measurements, not tests.", "",
             "| | |", "| --- | --- |"]
    lines += [f"| {k} | {v.replace('|', '/')} |" for k, v in rows]
    return "\n".join(lines) + "\n"


def scripts(only: list[str] | None) -> list[Path]:
    found = sorted(BENCH_DIR.glob("bench_*.py"), key=lambda p: (p.name not in FIRST, p.name))
    if only:
        found = [p for p in found if p.stem.removeprefix("bench_") in only]
    return found


def offers(path: Path, option: str) -> bool:
    python = APP_PYTHON if APP_PYTHON.exists() else Path(sys.executable)
    r = subprocess.run([str(python), str(path), "--help"], capture_output=True, text=True, cwd=ROOT)
    return option in r.stdout


def run_script(path: Path, extra: list[str], timeout: float) -> tuple[int, str, str]:
    """Run one script with --md; stderr streams through. Returns (rc, stdout, last stderr line)."""
    python = APP_PYTHON if APP_PYTHON.exists() else Path(sys.executable)
    cmd = [str(python), str(path), "--md", *extra]
    print(f"\n== {path.name}: {' '.join(cmd[1:])}", file=sys.stderr, flush=True)
    tail: collections.deque = collections.deque(maxlen=5)
    out_file = Path(os.environ.get("TMPDIR", "/tmp")) / f"make_report_{os.getpid()}_{path.stem}.md"
    try:
        with open(out_file, "w+", encoding="utf-8") as out:
            proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.PIPE, text=True,
                                    stdin=subprocess.DEVNULL)
            timer = threading.Timer(timeout, proc.kill)
            timer.start()
            try:
                for line in proc.stderr:
                    sys.stderr.write(line)
                    sys.stderr.flush()
                    if line.strip():
                        tail.append(line.strip())
                rc = proc.wait()
            finally:
                timer.cancel()
            if rc < 0:
                tail.append(f"stopped by signal {-rc}" + (f" (over {timeout:.0f} s)" if rc == -9 else ""))
            out.seek(0)
            text = out.read()
    finally:
        out_file.unlink(missing_ok=True)
    return rc, text, tail[-1] if tail else f"exit code {rc}"


def section(path: Path, rc: int, text: str, error: str) -> str:
    if rc != 0:
        return f"## {path.name}\n\nFailed (exit code {rc}): `{error}`\n"
    text = text.strip()
    if not text:
        return f"## {path.name}\n\nPrinted no markdown section.\n"
    if not text.startswith("#"):
        text = f"## {path.name}\n\n{text}"
    return text + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Write docs/benchmarks.md from the bench_*.py scripts.")
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.md")
    ap.add_argument("--small", action="store_true",
                    help="quick sizes: bench_score.py on 1M lines instead of 10M, bench_app.py without its 10M run")
    ap.add_argument("--only", help="comma-separated script names without bench_ (e.g. score,clv)")
    ap.add_argument("--args", action="append", default=[], metavar='NAME="ARGS"',
                    help="extra arguments for one script, e.g. --args score=\"--repeats 5\"")
    ap.add_argument("--timeout", type=float, default=3 * 3600, help="seconds for one script")
    a = ap.parse_args(argv)
    extra: dict[str, list[str]] = {}
    for spec in a.args:
        name, _, args = spec.partition("=")
        extra.setdefault(name.removeprefix("bench_").removesuffix(".py"), []).extend(shlex.split(args))
    parts = [header(a.small)]
    for path in scripts(a.only.split(",") if a.only else None):
        name = path.stem.removeprefix("bench_")
        args = list(extra.get(name, []))
        if a.small and SMALL.get(name) and offers(path, SMALL[name][0]):
            args += SMALL[name]
        rc, text, error = run_script(path, args, a.timeout)
        parts.append(section(path, rc, text, error))
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text("\n".join(parts), encoding="utf-8")
    print(f"\nwrote {a.out.relative_to(ROOT) if a.out.is_relative_to(ROOT) else a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
