"""Time whole commands as processes: wall, CPU and peak memory, alternating, with medians and ratios.

Each command is started as its own process (its start-up, imports and file reading included) and
reaped with os.wait4, which returns the operating system's accounting of the finished child:
CPU seconds = user + system, peak = ru_maxrss (the child's largest resident set; grandchildren
it did not wait for are not counted). Wall seconds are a monotonic clock around start and reap.

A child's peak cannot read below the timing process's own peak (Linux carries the parent's high
water mark over fork and exec), so the timing process stays small: it imports no data library, and
anything heavy (generating data, comparing results) runs in a child of its own.

Commands run in turn, A B C A B C ..., so a drift in the machine's speed touches all of them alike;
the ratio of a command to the baseline is taken round by round and its median reported.

    from benchmarks.harness import Command, measure, summarise, markdown_table
    runs = measure([Command("ours", [...]), Command("polars", [...])], repeats=3)
    rows = summarise(runs, baseline="ours")

Or from a shell, each command one quoted string (split like a shell splits words):

    .venv/bin/python benchmarks/harness.py -n 3 --baseline ours ours='.venv/bin/python -m analytics score f.csv --out /tmp/t.csv' peer='...'
"""
from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Sequence


@dataclass
class Command:
    name: str
    argv: list[str]
    cwd: str | None = None
    env: dict | None = None  # extra variables on top of the current environment
    timeout: float | None = None  # seconds for one run; the process is killed past it


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds of the child
    peak_mb: float  # ru_maxrss of the child, MB (10^6 bytes)
    rc: int  # exit code; negative: killed by that signal; None never
    error: str = ""  # last lines of stderr when rc != 0 (or "timed out")

    @property
    def ok(self) -> bool:
        return self.rc == 0


@dataclass
class Summary:
    name: str
    runs: list[Run] = field(default_factory=list)
    ratio: float | None = None  # median of the round-by-round wall ratios to the baseline
    ratio_min: float | None = None
    ratio_max: float | None = None
    cpu_ratio: float | None = None

    @property
    def ok_runs(self) -> list[Run]:
        return [r for r in self.runs if r.ok]

    @property
    def failed(self) -> bool:
        return not self.ok_runs

    def stat(self, attr: str) -> tuple[float, float, float] | None:
        """(median, min, max) of wall, cpu or peak_mb over the successful runs."""
        vals = [getattr(r, attr) for r in self.ok_runs]
        if not vals:
            return None
        return statistics.median(vals), min(vals), max(vals)

    @property
    def error(self) -> str:
        bad = [r for r in self.runs if not r.ok]
        return bad[0].error if bad else ""


def run_once(cmd: Command, stdout: IO | int = subprocess.DEVNULL) -> Run:
    """Start the command, wait for it with os.wait4, and return its figures."""
    env = None
    if cmd.env:
        env = dict(os.environ)
        env.update(cmd.env)
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        try:
            proc = subprocess.Popen(cmd.argv, cwd=cmd.cwd, env=env, stdin=subprocess.DEVNULL, stdout=stdout,
                                    stderr=err)
        except OSError as e:
            return Run(0.0, 0.0, 0.0, 127, f"cannot start {cmd.argv[0]}: {e.strerror}")
        killed = threading.Event()

        def kill():
            killed.set()
            proc.kill()

        timer = threading.Timer(cmd.timeout, kill) if cmd.timeout else None
        if timer:
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            if timer:
                timer.cancel()
        timed_out = killed.is_set()
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: keep Popen from waiting again
        rc = proc.returncode
        error = ""
        if timed_out:
            error = f"timed out after {cmd.timeout:.0f} s"
        elif rc != 0:
            err.seek(0)
            lines = [ln for ln in err.read().decode("utf-8", "replace").splitlines() if ln.strip()]
            error = lines[-1].strip() if lines else f"exit code {rc}"
    # ru_maxrss is in KiB on Linux
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024 / 1e6, rc, error)


def fmt_run(r: Run) -> str:
    if not r.ok:
        return f"FAILED rc={r.rc}: {r.error}"
    return f"wall {r.wall:7.2f} s  cpu {r.cpu:7.2f} s  peak {r.peak_mb:7.0f} MB"


def measure(commands: Sequence[Command], repeats: int = 3, warmup: int = 0, log: IO = sys.stdout,
            stop_on_failure: bool = True) -> dict[str, list[Run]]:
    """Run the commands in turn (A B C A B C ...) `repeats` times; print each run as it ends.

    warmup rounds run first and are not counted. A command that fails is not run again when
    stop_on_failure (its failure is kept as its only run).
    """
    names = [c.name for c in commands]
    if len(set(names)) != len(names):
        raise ValueError("command names must be unique")
    runs: dict[str, list[Run]] = {c.name: [] for c in commands}
    dead: set[str] = set()
    width = max(len(n) for n in names)
    for i in range(-warmup, repeats):
        for c in commands:
            if c.name in dead:
                continue
            r = run_once(c)
            label = "warm-up" if i < 0 else f"run {i + 1}/{repeats}"
            print(f"  {c.name:<{width}}  {label:<9} {fmt_run(r)}", file=log, flush=True)
            if not r.ok:
                runs[c.name] = [r]
                if stop_on_failure:
                    dead.add(c.name)
                continue
            if i >= 0:
                runs[c.name].append(r)
    return runs


def summarise(runs: dict[str, list[Run]], baseline: str | None = None) -> list[Summary]:
    """One Summary per command, in the given order, with ratios to the baseline's runs.

    The wall ratio is command / baseline taken round by round (run i of each), then the median;
    above 1 the command is slower than the baseline.
    """
    out = [Summary(name, list(rs)) for name, rs in runs.items()]
    base = runs.get(baseline) if baseline else None
    for s in out:
        if base is None or s.failed:
            continue
        pairs = [(r, b) for r, b in zip(s.runs, base) if r.ok and b.ok and b.wall > 0 and b.cpu > 0]
        if not pairs:
            continue
        walls = [r.wall / b.wall for r, b in pairs]
        s.ratio, s.ratio_min, s.ratio_max = statistics.median(walls), min(walls), max(walls)
        s.cpu_ratio = statistics.median(r.cpu / b.cpu for r, b in pairs)
    return out


def _cell(st, digits: int, unit: str = "") -> str:
    if st is None:
        return "-"
    med, lo, hi = st
    if len({round(med, digits), round(lo, digits), round(hi, digits)}) == 1:
        return f"{med:,.{digits}f}{unit}"
    return f"{med:,.{digits}f}{unit} ({lo:,.{digits}f}-{hi:,.{digits}f})"


def summary_rows(summaries: Sequence[Summary], baseline: str | None = None) -> list[list[str]]:
    """Rows: command, wall s, CPU s, peak MB (median, min-max), ratio to the baseline."""
    rows = []
    for s in summaries:
        if s.failed:
            rows.append([s.name, "failed: " + (s.error or "?"), "-", "-", "-"])
            continue
        if s.name == baseline:
            ratio = "1 (baseline)"
        elif s.ratio is None:
            ratio = "-"
        else:
            ratio = f"{s.ratio:.2f}x ({s.ratio_min:.2f}-{s.ratio_max:.2f})"
        rows.append([s.name, _cell(s.stat("wall"), 2), _cell(s.stat("cpu"), 2), _cell(s.stat("peak_mb"), 0), ratio])
    return rows


SUMMARY_HEADERS = ["command", "wall s", "CPU s", "peak MB", "wall ratio to baseline"]


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]], align: str | None = None) -> str:
    """A GitHub markdown table; align is one letter per column (l, r, c), default left then right."""
    align = align or ("l" + "r" * (len(headers) - 1))
    marks = {"l": "---", "r": "---:", "c": ":---:"}

    def esc(v) -> str:
        return str(v).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(esc(h) for h in headers) + " |",
             "| " + " | ".join(marks[a] for a in align) + " |"]
    lines += ["| " + " | ".join(esc(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def text_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """The same table in plain aligned text, for a terminal."""
    cells = [list(map(str, headers))] + [list(map(str, r)) for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    out = []
    for j, r in enumerate(cells):
        out.append("  ".join(v.ljust(w) if i == 0 else v.rjust(w) for i, (v, w) in enumerate(zip(r, widths))))
        if j == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Time whole commands, alternating; medians, min-max and ratios.")
    ap.add_argument("commands", nargs="+", metavar="NAME=COMMAND", help="a name, '=', and the command as one string")
    ap.add_argument("-n", "--repeats", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=0)
    ap.add_argument("--baseline", help="name of the command the ratios are taken to (default: the first)")
    ap.add_argument("--timeout", type=float, help="seconds for one run of a command")
    ap.add_argument("--md", action="store_true", help="print the summary as a markdown table")
    a = ap.parse_args(argv)
    cmds = []
    for spec in a.commands:
        name, sep, command = spec.partition("=")
        if not sep or not command.strip():
            ap.error(f"expected NAME=COMMAND, got {spec!r}")
        cmds.append(Command(name, shlex.split(command), timeout=a.timeout))
    baseline = a.baseline or cmds[0].name
    runs = measure(cmds, a.repeats, a.warmup)
    rows = summary_rows(summarise(runs, baseline), baseline)
    print(markdown_table(SUMMARY_HEADERS, rows) if a.md else "\n" + text_table(SUMMARY_HEADERS, rows))
    return 0 if all(r and r[0].ok for r in runs.values()) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
