"""How fast the Tiers page redraws when a tier control changes, on the bundled sample and on 1M
customers, and how long a cold first visit takes.

Redraws run the app headless with streamlit.testing.v1.AppTest, as the page tests do: open the app,
go to the Tiers page, then change one control at a time and time each `.run()` (the server's whole
script, from the widget change to the script's end; no browser). Every timed run is a real change
(a new value each time), five per control; medians of wall and CPU seconds (CPU = this process,
all threads). At 1M customers the data is generated with DuckDB SQL straight into the session's
database (10M order lines over 1M customers, with profit and a customers table), and the session is
pointed at it as ui/data.install() does for a loaded file.

The cold first visit starts a fresh `streamlit run` server and opens the app in headless Chromium
(Debian's /usr/bin/chromium through Playwright); it is the time from starting the server to the
Tiers page drawn (the pyramid's labels shown and the script finished).

    .venv/bin/python benchmarks/bench_app.py [--md] [--lines 10000000] [--customers 1000000]
        [--repeats 5] [--skip-large] [--skip-cold] [--root DIR]

--root runs the same measurements on another checkout of the app (e.g. an older commit unpacked
with `git archive`), to compare before and after.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TARGET_SAMPLE, TARGET_LARGE = 0.3, 1.0  # seconds, every tier control
TARGET_COLD = 5.0

# 10M order lines, ~3 lines an order; the first `customers` orders give every customer one order, the
# rest go to customers with a skew (some buy often); ~2% of lines are returns. Deterministic (hash).
TRANSACTIONS_SQL = """
CREATE OR REPLACE TABLE transactions AS
WITH orders AS (
  SELECT o,
         CASE WHEN o < $customers THEN (o * 7919) % $customers
              ELSE CAST(floor($customers * pow((hash(o * 7 + 1) % 1000003) / 1000003.0, 1.6)) AS BIGINT) END AS c,
         CAST(hash(o * 3 + 2) % 1096 AS INTEGER) AS d
  FROM range(($lines + 2) // 3) t(o)
), lines AS (
  SELECT i, i // 3 AS o, 20 + (hash(i * 5 + 3) % 500000) / 100.0 AS price FROM range($lines) t(i)
)
SELECT 'C' || lpad(CAST(orders.c AS VARCHAR), 7, '0') AS customer_id,
       TIMESTAMP '2021-07-01' + to_days(orders.d) AS order_date,
       round(CASE WHEN hash(i * 11 + 5) % 50 = 0 THEN -price ELSE price END, 2) AS amount,
       'SO' || CAST(orders.o AS VARCHAR) AS order_id,
       round(price * 0.2, 2) AS profit
FROM lines JOIN orders USING (o)
"""
CUSTOMERS_SQL = """
CREATE OR REPLACE TABLE customers AS
SELECT 'C' || lpad(CAST(c AS VARCHAR), 7, '0') AS customer_id,
       'Customer ' || CAST(c AS VARCHAR) AS name,
       ['Education', 'Construction', 'Retail', 'Energy', 'Logistics', 'Health'][CAST(1 + hash(c * 13) % 6 AS BIGINT)] AS industry,
       ['East', 'North', 'South', 'West'][CAST(1 + hash(c * 17) % 4 AS BIGINT)] AS region,
       ['Government', 'State-owned', 'Joint-stock', 'Private'][CAST(1 + hash(c * 19) % 4 AS BIGINT)] AS ownership,
       CAST(hash(c * 23) % 120 AS DOUBLE) AS overdue_days
FROM range($customers) t(c)
"""


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


def generated_database(lines: int, customers: int):
    """An in-memory DuckDB holding generated transactions and customers tables."""
    import duckdb
    con = duckdb.connect(":memory:")
    con.execute(TRANSACTIONS_SQL, {"lines": lines, "customers": customers})
    con.execute(CUSTOMERS_SQL, {"customers": customers})
    return con


def use_database(at, con, name: str, lines: int) -> None:
    """Make a generated database the AppTest session's data set (what ui/data.install() stores)."""
    from analytics.ingest import QualityReport
    from ui.data import Dataset
    n_customers = con.execute("SELECT count(DISTINCT customer_id) FROM transactions").fetchall()[0][0]
    report = QualityReport(rows_read=lines, accepted=lines, rejected=0, rejected_by_reason={}, customers=n_customers,
                           duplicates=0, encoding=None, delimiter=None, mapping={}, duplicates_dropped=False)
    at.session_state["db"] = con
    at.session_state["dataset"] = Dataset(name=name, fingerprint=f"generated-{name}-{lines}-{n_customers}",
                                          orders_file=f"{name}.parquet", report=report, rejected=None)


class Page:
    """The app in AppTest on the Tiers page; run() times one script run."""

    def __init__(self, root: Path, con=None, name: str = "", lines: int = 0, first_timeout: float = 600):
        from streamlit.testing.v1 import AppTest
        self.at = AppTest.from_file(str(root / "app.py"), default_timeout=60)
        if con is not None:
            use_database(self.at, con, name, lines)
        t0 = time.perf_counter()
        self.at.run(timeout=first_timeout)
        self.first = time.perf_counter() - t0
        self.check()
        self.at.switch_page("pages/tiers.py").run(timeout=first_timeout)
        self.check()

    def check(self) -> None:
        if self.at.exception:
            raise RuntimeError(f"the page raised: {self.at.exception[0].message}")

    def timed(self, widget) -> tuple[float, float]:
        w0, c0 = time.perf_counter(), time.process_time()
        widget.run()
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        self.check()
        return wall, cpu

    def tier_counts(self) -> list[str]:
        return [m.value for m in self.at.metric]


def _tag(at) -> str:
    """The tier widgets' key tag (controls.tier_controls): the generation of the tier inputs."""
    return str(at.session_state["tier_gen"] if "tier_gen" in at.session_state else 0)


def _naming(at):
    """The naming preset picker (its key carries the generation, so a pick gives fresh inputs)."""
    return at.selectbox(key=f"naming_{_tag(at)}")


# control -> (what is changed, the widget to change at step i)
CONTROLS = {
    "weight": ("R weight slider: 2, 3, 1.5, 2.5, 4",
               lambda at, i: at.select_slider(key="w_weight_R").set_value([2.0, 3.0, 1.5, 2.5, 4.0][i % 5])),
    "bins": ("bins slider: 4, 6, 3, 7, 8 (each new)",
             lambda at, i: at.slider(key="w_bins").set_value([4, 6, 3, 7, 8][i % 5])),
    "tier_minimum": ("tier A's minimum score: 80, 70, 85, 65, 90",
                     lambda at, i: at.number_input(key=f"w_tmin_{_tag(at)}_0").set_value([80.0, 70.0, 85.0, 65.0, 90.0][i % 5])),
    "add_tier": ("tier count: 4, 5, 6, 2, 3",
                 lambda at, i: at.number_input(key="w_tier_count").set_value([4, 5, 6, 2, 3][i % 5])),
    "rename_tiers": ("tier names: VIP, 钻石, ABC, VIP, 钻石",
                     lambda at, i: _naming(at).set_value(["VIP", "钻石", "ABC", "VIP", "钻石"][i % 5])),
    "tier_share": ("share tiers, A's share: 5, 15, 20, 8, 12 %",
                   lambda at, i: at.number_input(key=f"w_tshare_{_tag(at)}_0").set_value([5.0, 15.0, 20.0, 8.0, 12.0][i % 5])),
    "bin_edges": ("threshold scores, R's edges (5 bins): four new edge lists",
                  lambda at, i: at.text_input(key="w_edges_R_5").set_value(
                      ["20, 60, 150, 300", "30, 90, 180, 365", "10, 45, 120, 400", "25, 75, 200, 500",
                       "15, 50, 100, 250"][i % 5])),
    "nothing": ("a rerun with nothing changed", lambda at, i: at),
    "table_page": ("customer table: next page", lambda at, i: at.number_input(key="tiers_table_page").set_value(i + 2)),
}
ORDER = ["nothing", "weight", "tier_minimum", "rename_tiers", "add_tier", "table_page", "bins", "tier_share",
         "bin_edges"]


def prepare_control(page: Page, control: str) -> None:
    """Put the page in the state a control needs (not timed)."""
    at = page.at
    if control == "tier_share":
        at.radio(key="w_tier_method").set_value("share").run()
    elif control == "bin_edges":
        at.slider(key="w_bins").set_value(5).run()
        at.radio(key="w_method").set_value("threshold").run()
    elif control in ("tier_minimum", "rename_tiers", "add_tier"):
        if at.radio(key="w_tier_method").value != "score":
            at.radio(key="w_tier_method").set_value("score").run()
        if control == "tier_minimum" and int(at.number_input(key="w_tier_count").value) != 3:
            at.number_input(key="w_tier_count").set_value(3).run()
    page.check()


def measure(page: Page, repeats: int) -> dict:
    """control -> {"wall": median s, "cpu": median s, "walls": [...], "changed": bool}."""
    out = {}
    for control in ORDER:
        prepare_control(page, control)
        what, change = CONTROLS[control]
        walls, cpus, changed = [], [], False
        for i in range(repeats):
            before = page.tier_counts()
            wall, cpu = page.timed(change(page.at, i))
            changed |= page.tier_counts() != before
            walls.append(wall)
            cpus.append(cpu)
        out[control] = {"what": what, "wall": statistics.median(walls), "cpu": statistics.median(cpus),
                        "walls": walls, "changed": changed}
        log(f"  {control:13s} median {out[control]['wall'] * 1000:7.0f} ms wall, {out[control]['cpu'] * 1000:7.0f} ms "
            f"CPU  (runs: {', '.join(f'{w * 1000:.0f}' for w in walls)} ms)")
    return out


def bench_sample(root: Path, repeats: int) -> tuple[dict, float]:
    log("sample: opening the app")
    page = Page(root)
    log(f"  first run {page.first:.1f} s")
    return measure(page, repeats), page.first


def bench_large(root: Path, lines: int, customers: int, repeats: int) -> tuple[dict, float, float, int]:
    log(f"large: generating {lines:,} lines over {customers:,} customers in DuckDB")
    t0 = time.perf_counter()
    con = generated_database(lines, customers)
    gen = time.perf_counter() - t0
    log(f"  generated in {gen:.1f} s; opening the app")
    page = Page(root, con, "generated", lines)
    log(f"  first run {page.first:.1f} s (features and prepared scoring computed once)")
    scored = sum(int(v.replace(",", "")) for v in page.tier_counts())  # the tier cards add up to everyone scored
    return measure(page, repeats), page.first, gen, scored


# how often a page checks whether the pyramid changed: every animation frame (Playwright's default)
# would have eight waiting pages spend the CPU the pages themselves need
POLL_MS = 50
LABELS_JS = ("() => { const c = document.querySelector('[data-testid=stPlotlyChart]');"
             " return c ? [...c.querySelectorAll('.annotation-text')].map(e => e.textContent).join(' | ') : ''; }")
TIMEOUT_MS = 180_000


def _idle(page) -> None:
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=TIMEOUT_MS)


def _changed(page, before: str) -> None:
    """The pyramid shows something else than `before`, and the script has finished."""
    page.wait_for_function(f"b => {{ const t = ({LABELS_JS})(); return t !== '' && t !== b; }}", arg=before,
                           timeout=TIMEOUT_MS, polling=POLL_MS)
    _idle(page)


def wait_drawn(page) -> None:
    """The pyramid's labels are on the page and the script has finished."""
    page.wait_for_function(f"() => ({LABELS_JS})() !== ''", timeout=TIMEOUT_MS, polling=POLL_MS)
    _idle(page)
    if page.locator("[data-testid=stException]").count():
        raise RuntimeError("the page shows an exception: " + page.locator("[data-testid=stException]").first.inner_text())


def bench_cold(root: Path, runs: int = 3, moves: int = 5) -> dict:
    """Fresh server + headless Chromium, `runs` times: start to first page drawn, a second visitor, then
    in that page `moves` R weight slider steps and one more tier, each timed in the browser (key press
    to the pyramid redrawn) and in the server (the script run, Streamlit's own after-run work included).
    Medians over the runs."""
    from playwright.sync_api import sync_playwright

    from bench_browsers import script_runs, start_server as start_timed_server, stop_server, wait_healthy
    results = []
    tmp = Path(os.environ.get("TMPDIR", "/tmp"))
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for i in range(runs):
            port = _free_port()
            url = f"http://127.0.0.1:{port}"
            times = tmp / f"bench_app_cold_{port}_runs.txt"
            t0 = time.perf_counter()
            proc = start_timed_server(port, tmp / f"bench_app_cold_{port}.log", times, cwd=root)
            try:
                wait_healthy(url, proc)
                t_health = time.perf_counter() - t0
                ctx = browser.new_context(viewport={"width": 1400, "height": 1800})
                page = ctx.new_page()
                t1 = time.perf_counter()
                page.goto(url)
                wait_drawn(page)
                t2 = time.perf_counter()
                page2 = ctx.new_page()  # a second visitor on the now warm server
                t3 = time.perf_counter()
                page2.goto(url)
                wait_drawn(page2)
                t4 = time.perf_counter()
                page2.close()
                slider = page.get_by_test_id("stSlider").filter(has_text="Recency (R)").get_by_role("slider")
                slider.focus()
                steps, since = [], time.time()
                for _ in range(moves):
                    before = page.evaluate(LABELS_JS)
                    t = time.perf_counter()
                    slider.press("ArrowRight")
                    _changed(page, before)
                    steps.append(time.perf_counter() - t)
                server_moves = [w for w, _ in script_runs(times, since)["later"]] + \
                    [w for w, _ in script_runs(times, since)["first"]]
                before, since = page.evaluate(LABELS_JS), time.time()
                t = time.perf_counter()
                page.get_by_test_id("stNumberInput").filter(has_text="Number of tiers") \
                    .get_by_test_id("stNumberInputStepUp").click()
                _changed(page, before)
                add_tier = time.perf_counter() - t
                runs_after = script_runs(times, since)
                server_add = sum(w for w, _ in runs_after["first"] + runs_after["later"])
                ctx.close()
            finally:
                stop_server(proc)
            results.append({"total": t2 - t0, "server_start": t_health, "first_page": t2 - t1, "warm_visit": t4 - t3,
                            "move": statistics.median(steps), "move_max": max(steps),
                            "server_move": statistics.median(server_moves) if server_moves else float("nan"),
                            "add_tier": add_tier, "server_add_tier": server_add})
            log(f"  cold visit {i + 1}: {t2 - t0:.1f} s (server up {t_health:.1f} s, first page {t2 - t1:.1f} s); "
                f"a second visitor {t4 - t3:.1f} s; slider steps {', '.join(f'{x:.2f}' for x in steps)} s "
                f"(server {statistics.median(server_moves) if server_moves else float('nan'):.2f} s); "
                f"one more tier {add_tier:.2f} s (server {server_add:.2f} s)")
        browser.close()
    return {k: statistics.median(r[k] for r in results) for k in results[0]}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def import_times(root: Path) -> dict:
    """Seconds to import what a first Tiers page imports, each in a fresh interpreter."""
    out = {}
    for name, stmt in [("streamlit", "import streamlit"), ("pandas", "import pandas"), ("ibis", "import ibis"),
                       ("plotly", "import plotly.graph_objects"), ("scipy (Value page)", "import scipy.optimize"),
                       ("sklearn", "import sklearn"),
                       ("the Tiers page's modules", "import ui.sidebar, ui.charts, ui.controls, ui.tables, ui.data")]:
        code = f"import sys, time; sys.path.insert(0, {str(root)!r}); t = time.perf_counter(); {stmt}; " \
               "print(time.perf_counter() - t)"
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
        out[name] = float(r.stdout.strip().splitlines()[-1]) if r.returncode == 0 and r.stdout.strip() else None
    return out


def markdown(sample: dict, large: dict | None, cold: dict | None, imports: dict | None, args, extra: dict) -> str:
    n = f"{args.customers / 1e6:g}M" if args.customers >= 1e6 else f"{args.customers:,}"
    lines = ["## Redraw times", "",
             "The Tiers page's script on a control change, timed with streamlit.testing.v1.AppTest "
             f"(server side, no browser): median of {args.repeats} changes, each to a new value. Sample: the bundled "
             f"sample (2,693 customers). {n}: {args.lines:,} generated order lines in the session's DuckDB"
             + (f" ({extra['large_customers']:,} scored customers)." if large else ".") +
             f" Targets: under {TARGET_SAMPLE * 1000:.0f} ms on the sample, under {TARGET_LARGE:.0f} s at {n}.", "",
             f"| control | what changes | sample ms (CPU) | {n} ms (CPU) | target | met |",
             "| --- | --- | ---: | ---: | --- | --- |"]
    for control in ORDER:
        s = sample[control]
        l = large.get(control) if large else None
        ok_s = s["wall"] < TARGET_SAMPLE
        ok_l = l is None or l["wall"] < TARGET_LARGE
        lms = f"{l['wall'] * 1000:,.0f} ({l['cpu'] * 1000:,.0f})" if l else "not run"
        met = "met" if ok_s and ok_l else "missed"
        if l is None:
            met += " (sample only)"
        lines.append(f"| {control.replace('_', ' ')} | {s['what']} | {s['wall'] * 1000:,.0f} ({s['cpu'] * 1000:,.0f}) | "
                     f"{lms} | < {TARGET_SAMPLE * 1000:.0f} ms / < {TARGET_LARGE:.0f} s | {met} |")
    lines += ["", f"First run of the app (AppTest, parsing and features included): sample {extra['sample_first']:.1f} s"
              + (f"; {n} {extra['large_first']:.1f} s after generating the data in {extra['large_gen']:.1f} s." if large
                 else ".")]
    if cold:
        lines += ["", "### Cold first visit", "",
                  "A fresh `streamlit run` server, then the app opened in headless Chromium (one person, the "
                  "bundled sample); median of 3 fresh servers. The server's script runs are timed inside it "
                  "(benchmarks/bench_browsers.py's timing hook).", "",
                  "| | seconds | target |", "| --- | ---: | --- |",
                  f"| server start to /_stcore/health | {cold['server_start']:.1f} | |",
                  f"| first page: open to the pyramid drawn and the script finished | {cold['first_page']:.1f} | |",
                  f"| **start to first page drawn** | **{cold['total']:.1f}** | < {TARGET_COLD:.0f} s: "
                  f"{'met' if cold['total'] < TARGET_COLD else 'missed'} |",
                  f"| a second visitor on the warm server | {cold['warm_visit']:.1f} | |",
                  f"| in that page, an R weight slider step: key press to the pyramid redrawn (median of 5) | "
                  f"{cold['move']:.2f} | |",
                  f"| the same step in the server: the script run, Streamlit's after-run work included | "
                  f"{cold['server_move']:.2f} | < {TARGET_SAMPLE:.1f} s: {'met' if cold['server_move'] < TARGET_SAMPLE else 'missed'} |",
                  f"| one more tier (the tier count's + button), in the browser | {cold['add_tier']:.2f} | |",
                  f"| one more tier, in the server | {cold['server_add_tier']:.2f} | < {TARGET_SAMPLE:.1f} s: "
                  f"{'met' if cold['server_add_tier'] < TARGET_SAMPLE else 'missed'} |"]
    if imports:
        lines += ["", "Import time in a fresh interpreter (s): " + ", ".join(
            f"{k} {v:.2f}" if v is not None else f"{k} failed" for k, v in imports.items()) + "."]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Tiers page redraw times (AppTest) and a cold first visit (Chromium).")
    ap.add_argument("--md", action="store_true", help="print a markdown section (## Redraw times)")
    ap.add_argument("--lines", type=int, default=10_000_000, help="generated order lines for the large run")
    ap.add_argument("--customers", type=int, default=1_000_000, help="customers of the generated data")
    ap.add_argument("--repeats", type=int, default=5, help="changes timed per control")
    ap.add_argument("--skip-large", action="store_true", help="the sample only")
    ap.add_argument("--skip-cold", action="store_true", help="no browser: skip the cold first visit")
    ap.add_argument("--root", type=Path, default=ROOT, help="the app checkout to measure")
    args = ap.parse_args(argv)
    root = args.root.resolve()
    sys.path.insert(0, str(root))
    os.chdir(root)

    extra = {}
    sample, extra["sample_first"] = bench_sample(root, args.repeats)
    large = None
    if not args.skip_large:
        large, extra["large_first"], extra["large_gen"], extra["large_customers"] = bench_large(
            root, args.lines, args.customers, args.repeats)
    cold = imports = None
    if not args.skip_cold:
        if Path(CHROMIUM).exists():
            log("cold first visit: fresh server + headless Chromium")
            cold = bench_cold(root)
        else:
            log(f"cold first visit skipped: no {CHROMIUM} (scripts/install_browser.sh)")
        imports = import_times(root)
    if args.md:
        print(markdown(sample, large, cold, imports, args, extra))
    else:
        for name, res in (("sample", sample), ("large", large)):
            for control, r in (res or {}).items():
                print(f"{name:6s} {control:13s} {r['wall'] * 1000:8.0f} ms wall {r['cpu'] * 1000:8.0f} ms CPU")
        if cold:
            print(f"cold first visit {cold['total']:.1f} s (server {cold['server_start']:.1f} s, page {cold['first_page']:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
