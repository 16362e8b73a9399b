"""Eight people at once: one Streamlit server, eight Chromium browser contexts opening the Tiers
page at the same moment, each then moving the R weight slider five times.

For each context: the first page's seconds (from opening the address to the pyramid drawn and the
script finished) and each slider move's seconds (from the key press to the pyramid showing the new
tiers and the script finished), as the person sees it. Errors: any exception shown on a page
(stException) or a step that timed out. The server's resident memory (VmRSS of its process) at
launch, after one warm-up visit (the start the memory target is measured from; skipped with --cold),
at its peak while the contexts work, and --settle seconds after they close.

The server's own share is timed too: a `sitecustomize` module put on the server's PYTHONPATH (the
command line stays `python -m streamlit run app.py ...`) records each script run's wall and CPU
seconds (the script thread's), so the report separates the server's time from the browsers'.
The browsers run on the same cores as the server: with 8 of them a first page costs ~5 CPU seconds
of Chromium (an empty Streamlit page ~2.6), which a 2-core machine can only give slowly.

Chromium is Debian's /usr/bin/chromium driven by Playwright (never `playwright install`); one browser,
one context per person, all driven from one asyncio loop.

    .venv/bin/python benchmarks/bench_browsers.py [--users 8] [--moves 5] [--settle 60] [--cold] [--pin]
        [--no-floor] [--md]

--pin gives the server core 0 and the browsers the other cores (as when people use their own
computers); --no-floor skips measuring what Chromium spends on an empty Streamlit page.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TARGET_FIRST, TARGET_MOVE_P95, TARGET_MEMORY = 5.0, 1.0, 0.20
STEP_TIMEOUT_MS = 120_000

# how often a page checks whether the pyramid changed: every animation frame (Playwright's default)
# would have eight waiting pages spend the CPU the pages themselves need
POLL_MS = 50
LABELS_JS = ("() => { const c = document.querySelector('[data-testid=stPlotlyChart]');"
             " return c ? [...c.querySelectorAll('.annotation-text')].map(e => e.textContent).join(' | ') : ''; }")


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


def rss_mb(pid: int) -> float | None:
    """VmRSS of a process in MB (10^6 bytes), None once it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024 / 1e6
    except OSError:
        return None
    return None


class RssWatch:
    """Samples a process's RSS every 0.2 s in a thread; peak since the last reset."""

    def __init__(self, pid: int):
        self.pid, self.peak, self._stop = pid, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            value = rss_mb(self.pid)
            if value is not None:
                self.peak = max(self.peak, value)

    def reset(self) -> None:
        self.peak = rss_mb(self.pid) or 0.0

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()


def cpu_seconds(pid: int, children: bool = False) -> float | None:
    """User + system CPU seconds of a process so far (its threads included; children: + its reaped children)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12]) + (int(fields[13]) + int(fields[14]) if children else 0)
        return ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None


def chromium_cpu_seconds() -> float:
    """User + system CPU seconds of this benchmark's Chromium processes (descendants of this process;
    another Chromium on the machine is not counted); exited renderers count in their parent."""
    me, total = os.getpid(), 0.0
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            if b"chromium" not in (d / "cmdline").read_bytes().split(b"\0")[0]:
                continue
        except OSError:
            continue
        pid, hops = int(d.name), 0
        while pid not in (None, 0, 1, me) and hops < 20:
            pid, hops = _parent(pid), hops + 1
        if pid == me:
            total += cpu_seconds(int(d.name), children=True) or 0.0
    return total


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Loaded by the server at start (PYTHONPATH): appends "start wall cpu session" per script run to a file.
TIMING_HOOK = """
import os, threading, time
_path = os.environ.get("LOAD_BROWSERS_SCRIPT_TIMES")
if _path:
    from streamlit.runtime.scriptrunner import script_runner as _sr
    _run, _lock = _sr.ScriptRunner._run_script, threading.Lock()

    def _timed(self, rerun_data):
        t0, c0 = time.time(), time.thread_time()
        try:
            return _run(self, rerun_data)
        finally:
            with _lock, open(_path, "a") as f:
                f.write(f"{t0:.4f} {time.time() - t0:.4f} {time.thread_time() - c0:.4f} {self._session_id}\\n")

    _sr.ScriptRunner._run_script = _timed
"""


EMPTY_APP = """import streamlit as st
st.title("floor")
st.slider("Recency (R)", 0.0, 5.0, 1.0, step=0.5)
"""


def stop_server(proc: subprocess.Popen) -> None:
    """Stop the server this benchmark started (and only it)."""
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def start_server(port: int, log_path: Path, times_path: Path | None = None, cwd: Path = ROOT,
                 script: str = "app.py") -> subprocess.Popen:
    log_file = open(log_path, "wb")  # a file, not a pipe: a full pipe would block the server
    env = dict(os.environ)
    if times_path is not None:
        hook = times_path.parent / f"{times_path.stem}_hook"
        hook.mkdir(exist_ok=True)
        (hook / "sitecustomize.py").write_text(TIMING_HOOK)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(hook), env.get("PYTHONPATH")]))
        env["LOAD_BROWSERS_SCRIPT_TIMES"] = str(times_path)
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=cwd, stdout=log_file, stderr=subprocess.STDOUT, env=env)


def script_runs(times_path: Path, since: float) -> dict:
    """The server's script runs after `since`, per session in order: {"first": [...], "later": [...]} of
    (wall, cpu) seconds; a session's first run is its first page."""
    sessions: dict[str, list] = {}
    if times_path.exists():
        for line in times_path.read_text().splitlines():
            start, wall, cpu, session = line.split()
            if float(start) >= since:
                sessions.setdefault(session, []).append((float(start), float(wall), float(cpu)))
    runs = [sorted(r) for r in sessions.values()]
    return {"first": [r[0][1:] for r in runs], "later": [x[1:] for r in runs for x in r[1:]], "sessions": len(runs)}


def wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                return
        except OSError:
            pass
        if proc.poll() is not None:
            raise RuntimeError("the server exited")
        time.sleep(0.1)
    raise RuntimeError("the server did not answer /_stcore/health")


async def _labels(page) -> str:
    return await page.evaluate(LABELS_JS)


async def _idle(page) -> None:
    await page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=STEP_TIMEOUT_MS)


async def _exception(page) -> str | None:
    box = page.locator("[data-testid=stException]")
    if await box.count():
        return (await box.first.inner_text())[:300]
    return None


async def person(i: int, browser, url: str, moves: int, start: asyncio.Event) -> dict:
    """One person: open the Tiers page, then move the R weight slider `moves` times."""
    out = {"first": None, "moves": [], "errors": []}
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1800})
    try:
        page = await ctx.new_page()
        await start.wait()
        t0 = time.perf_counter()
        await page.goto(url, timeout=STEP_TIMEOUT_MS)
        await page.wait_for_function(f"() => ({LABELS_JS})() !== ''", timeout=STEP_TIMEOUT_MS, polling=POLL_MS)
        await _idle(page)
        out["first"] = time.perf_counter() - t0
        if err := await _exception(page):
            out["errors"].append(f"first page: {err}")
        slider = page.get_by_test_id("stSlider").filter(has_text="Recency (R)").get_by_role("slider")
        await slider.focus()
        for k in range(moves):
            before = await _labels(page)
            t = time.perf_counter()
            await slider.press("ArrowRight")
            # the pyramid shows the new tiers (every step of the R weight on the sample changes them)
            await page.wait_for_function(f"b => {{ const t = ({LABELS_JS})(); return t !== '' && t !== b; }}",
                                         arg=before, timeout=STEP_TIMEOUT_MS, polling=POLL_MS)
            await _idle(page)
            out["moves"].append(time.perf_counter() - t)
            if err := await _exception(page):
                out["errors"].append(f"move {k + 1}: {err}")
    except Exception as e:  # a timeout or a closed page: counted, the others go on
        out["errors"].append(f"{type(e).__name__}: {str(e).splitlines()[0][:200]}")
    finally:
        await ctx.close()
    log(f"  person {i + 1}: first page {out['first'] or float('nan'):.1f} s, moves "
        f"{', '.join(f'{m:.2f}' for m in out['moves'])} s" + (f", errors: {out['errors']}" if out["errors"] else ""))
    return out


async def crowd(url: str, users: int, moves: int, warm: bool, cpu: dict | None = None
                ) -> tuple[list[dict], float | None]:
    from playwright.async_api import async_playwright
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        warm_seconds = None
        if warm:
            go = asyncio.Event()
            go.set()
            warm_seconds = (await person(-1, browser, url, 0, go))["first"]
        start = asyncio.Event()
        tasks = [asyncio.create_task(person(i, browser, url, moves, start)) for i in range(users)]
        await asyncio.sleep(1.0)  # every context open, then all go at once
        start.set()
        results = await asyncio.gather(*tasks)
        if cpu is not None:
            cpu["browsers"] = chromium_cpu_seconds()  # the contexts are closed, the browser still runs
        await browser.close()
    return results, warm_seconds


async def _floor_visits(url: str, visits: int) -> list[float]:
    from playwright.async_api import async_playwright
    out = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(visits + 1):  # the first one warms the browser itself
            ctx = await browser.new_context(viewport={"width": 1400, "height": 1800})
            page = await ctx.new_page()
            c0 = chromium_cpu_seconds()
            await page.goto(url, timeout=STEP_TIMEOUT_MS)
            await page.wait_for_selector("h1", timeout=STEP_TIMEOUT_MS)
            await _idle(page)
            await page.wait_for_timeout(300)
            out.append(chromium_cpu_seconds() - c0)
            await ctx.close()
        await browser.close()
    return out[1:]


def floor_cpu(visits: int = 3) -> float:
    """Median Chromium CPU seconds for one fresh context opening an empty Streamlit page (a title and
    a slider): what any Streamlit app costs a browser before its own content."""
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "app.py").write_text(EMPTY_APP)
        port = _free_port()
        proc = start_server(port, Path(d) / "server.log", cwd=Path(d))
        try:
            wait_healthy(f"http://127.0.0.1:{port}", proc)
            return statistics.median(asyncio.run(_floor_visits(f"http://127.0.0.1:{port}", visits)))
        finally:
            stop_server(proc)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    s = sorted(values)
    return s[max(0, min(len(s) - 1, int(-(-q * len(s) // 100)) - 1))]


def stats(values: list[float]) -> dict:
    return {"n": len(values), "p50": statistics.median(values), "p95": percentile(values, 95), "max": max(values)} \
        if values else {"n": 0, "p50": float("nan"), "p95": float("nan"), "max": float("nan")}


def run(users: int, moves: int, settle: float, cold: bool, pin: bool = False) -> dict:
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    tmp = Path(os.environ.get("TMPDIR", "/tmp"))
    log_path, times_path = tmp / f"bench_browsers_{port}.log", tmp / f"bench_browsers_{port}_runs.txt"
    proc = start_server(port, log_path, times_path)
    if pin and (os.cpu_count() or 1) > 1:
        os.sched_setaffinity(proc.pid, {0})  # the server's threads start later and inherit it
        os.sched_setaffinity(0, set(range(1, os.cpu_count())))  # this process, Playwright and Chromium
    try:
        wait_healthy(url, proc)
        time.sleep(1.0)
        mem = {"launch": rss_mb(proc.pid)}
        watch = RssWatch(proc.pid)
        log(f"server on {url} (log {log_path}), RSS {mem['launch']:.0f} MB at launch")
        if not cold:
            log("a warm-up visit")
            results, warm_seconds = asyncio.run(crowd(url, 0, 0, True))
            time.sleep(2.0)
            mem["start"] = rss_mb(proc.pid)
            log(f"  warm-up visit {warm_seconds:.1f} s; RSS {mem['start']:.0f} MB")
        else:
            warm_seconds, mem["start"] = None, mem["launch"]
        watch.reset()
        crowd_start = time.time()
        log(f"{users} people at once")
        t0, cpu0 = time.perf_counter(), cpu_seconds(proc.pid)
        cpu: dict = {}
        results, _ = asyncio.run(crowd(url, users, moves, False, cpu))
        crowd_seconds = time.perf_counter() - t0
        cpu["server"] = (cpu_seconds(proc.pid) or 0.0) - (cpu0 or 0.0)
        mem["peak"] = watch.peak
        log(f"contexts closed after {crowd_seconds:.0f} s; peak RSS {mem['peak']:.0f} MB; waiting {settle:.0f} s")
        timeline, t_closed = [], time.perf_counter()
        while (waited := time.perf_counter() - t_closed) < settle:
            time.sleep(min(10.0, settle - waited))
            timeline.append((time.perf_counter() - t_closed, rss_mb(proc.pid)))
        mem["after"] = rss_mb(proc.pid)
        log("  RSS after they left: " + ", ".join(f"{t:.0f} s {v:.0f} MB" for t, v in timeline if v))
        watch.stop()
        errors = [e for r in results for e in r["errors"]]
        server_errors = [ln for ln in log_path.read_text(errors="replace").splitlines()
                         if "Traceback" in ln or "Error" in ln]
        return {"users": users, "moves": moves, "cold": cold, "warm_seconds": warm_seconds,
                "first": stats([r["first"] for r in results if r["first"] is not None]),
                "move": stats([m for r in results for m in r["moves"]]),
                "errors": errors, "server_errors": server_errors[:10], "memory": mem, "settle": settle,
                "crowd_seconds": crowd_seconds, "cpu": cpu, "load": os.getloadavg()[0],
                "server_runs": script_runs(times_path, crowd_start), "pin": pin}
    finally:
        stop_server(proc)
        if pin:
            os.sched_setaffinity(0, set(range(os.cpu_count() or 1)))


def markdown(r: dict) -> str:
    f, m, mem = r["first"], r["move"], r["memory"]
    growth = (mem["after"] - mem["start"]) / mem["start"] if mem.get("after") and mem.get("start") else None
    ok_first, ok_move = f["max"] < TARGET_FIRST, m["p95"] < TARGET_MOVE_P95
    ok_mem = growth is not None and growth <= TARGET_MEMORY
    errors = len(r["errors"]) + len(r["server_errors"])
    start = "server at launch (no warm-up)" if r["cold"] else "after one warm-up visit"
    lines = ["## Eight people at once", "",
             f"One `streamlit run` server; {r['users']} Chromium contexts open the Tiers page at the same moment "
             f"({'a fresh server' if r['cold'] else 'after one warm-up visit'}), then each moves the R weight slider "
             f"{r['moves']} times (key press to the pyramid showing the new tiers and the script finished), as each "
             "person sees it in the browser. " + ("The server has core 0 to itself, the browsers the rest."
                                                  if r["pin"] else "The browsers run on the same cores as the server."),
             "",
             "| | n | p50 s | p95 s | max s | target | met |", "| --- | ---: | ---: | ---: | ---: | --- | --- |",
             f"| first page | {f['n']} | {f['p50']:.2f} | {f['p95']:.2f} | {f['max']:.2f} | < {TARGET_FIRST:.0f} s each | "
             f"{'met' if ok_first else 'missed'} |",
             f"| slider move | {m['n']} | {m['p50']:.2f} | {m['p95']:.2f} | {m['max']:.2f} | p95 < {TARGET_MOVE_P95:.0f} s | "
             f"{'met' if ok_move else 'missed'} |", "",
             "The server's part of it (each script run, timed inside the server; wall includes waiting for the "
             "other sessions' scripts and the browsers on the same cores):", "",
             "| server script run | n | p50 s | p95 s | max s | CPU p50 s |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for label, key in (("first page (a session's first run)", "first"), ("later runs (the slider moves)", "later")):
        runs = r["server_runs"][key]
        w, c = stats([x[0] for x in runs]), stats([x[1] for x in runs])
        lines.append(f"| {label} | {w['n']} | {w['p50']:.2f} | {w['p95']:.2f} | {w['max']:.2f} | {c['p50']:.2f} |")
    lines += ["",
             f"Errors: {errors}" + (" (" + "; ".join((r["errors"] + r["server_errors"])[:5]) + ")" if errors else "") + ".",
             "", f"The whole run took {r['crowd_seconds']:.0f} s: the server used {r['cpu'].get('server', 0):.0f} CPU "
             f"seconds, the browser processes about {r['cpu'].get('browsers', 0):.0f} (2 cores = "
             f"{2 * r['crowd_seconds']:.0f} CPU seconds available; 1-minute load average at the end "
             f"{r['load']:.1f})." + (f" An empty Streamlit page (a title and a slider) costs a fresh Chromium "
                                     f"context {r['floor']:.1f} CPU seconds, so {r['users']} first pages need at least "
                                     f"{r['users'] * r['floor']:.0f} CPU seconds of browser before any of this app's "
                                     "content." if r.get("floor") else ""),
             "", "| server memory (VmRSS) | MB |", "| --- | ---: |",
             f"| at launch | {mem['launch']:.0f} |"]
    if not r["cold"]:
        lines.append(f"| after one warm-up visit ({r['warm_seconds']:.1f} s): the start | {mem['start']:.0f} |")
    lines += [f"| peak while {r['users']} people work | {mem['peak']:.0f} |",
              f"| {r['settle']:.0f} s after the contexts closed | {mem['after']:.0f} |", "",
              f"Memory {r['settle']:.0f} s after everyone left: " +
              (f"{growth:+.0%} against the {start} (target: within {TARGET_MEMORY:.0%}: "
               f"{'met' if ok_mem else 'missed'})." if growth is not None else "not measured.")]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Eight browser contexts on one server: first page, slider moves, memory.")
    ap.add_argument("--users", type=int, default=8)
    ap.add_argument("--moves", type=int, default=5, help="slider moves per person")
    ap.add_argument("--settle", type=float, default=60, help="seconds after the contexts close to read the memory")
    ap.add_argument("--cold", action="store_true", help="no warm-up visit: the people are the server's first visitors")
    ap.add_argument("--pin", action="store_true", help="server on core 0, browsers on the other cores")
    ap.add_argument("--no-floor", action="store_true", help="skip timing Chromium on an empty Streamlit page")
    ap.add_argument("--md", action="store_true", help="print a markdown section (## Eight people at once)")
    args = ap.parse_args(argv)
    if not Path(CHROMIUM).exists():
        log(f"no {CHROMIUM}: run scripts/install_browser.sh")
        return 2
    r = run(args.users, args.moves, args.settle, args.cold, args.pin)
    if not args.no_floor:
        r["floor"] = floor_cpu()
    if args.md:
        print(markdown(r))
    else:
        f, m, mem = r["first"], r["move"], r["memory"]
        print(f"first page  p50 {f['p50']:.2f} s  p95 {f['p95']:.2f} s  max {f['max']:.2f} s")
        print(f"slider move p50 {m['p50']:.2f} s  p95 {m['p95']:.2f} s  max {m['max']:.2f} s")
        print(f"errors {len(r['errors'])} in pages, {len(r['server_errors'])} in the server log")
        print("RSS MB " + ", ".join(f"{k} {v:.0f}" for k, v in mem.items() if v is not None))
        print(f"{r['crowd_seconds']:.0f} s; CPU s: " + ", ".join(f"{k} {v:.0f}" for k, v in r["cpu"].items()))
        for key in ("first", "later"):
            w = stats([x[0] for x in r["server_runs"][key]])
            print(f"server script runs ({key}): p50 {w['p50']:.2f} s  p95 {w['p95']:.2f} s  max {w['max']:.2f} s")
        if r.get("floor"):
            print(f"an empty Streamlit page: {r['floor']:.1f} Chromium CPU s per fresh context")
    return 0


if __name__ == "__main__":
    sys.exit(main())
