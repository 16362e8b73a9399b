"""Speed of the value model fit against lifetimes' on the same customers (figures and ratios, no assertions).

Customers are drawn from a BG/NBD process and a Gamma-Gamma spend process with known parameters
(time in weeks, on whole days like real order dates). Both fits get the same summary (x, t_x, T,
mean repeat spend; one row per customer) through a Parquet file:
- ours: analytics.clv.fit_bgnbd and fit_gamma_gamma (customers grouped by (x, t_x, T), exact
  gradients, L-BFGS-B from two starts);
- lifetimes: BetaGeoFitter().fit and GammaGammaFitter().fit with their defaults (autograd
  gradients, one start; its fit also computes the Hessian for standard errors).

Each fit runs in a fresh process (ours in .venv, lifetimes in .venv-bench, which `make bench`
builds from benchmarks/requirements-peers.txt) that times only the fit calls: wall seconds
(perf_counter) and CPU seconds (process_time, every thread of the process). The two alternate,
ours then lifetimes, and the medians of the rounds are reported. Re-predicting every customer (a
new horizon, margin or discount on the Value page) is timed in our process too.

    .venv/bin/python benchmarks/bench_clv.py [--customers 100000] [--repeats 3] [--md]
"""
import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PEER_PYTHON = ROOT / ".venv-bench" / "bin" / "python"
TRUTH = {"r": 0.5, "alpha": 6.0, "a": 0.8, "b": 3.0, "p": 6.25, "q": 3.74, "gamma": 15.44}
BG, GG = ("r", "alpha", "a", "b"), ("p", "q", "gamma")


def simulate(n: int, weeks: float = 104, seed: int = 7, k: int = 200) -> pd.DataFrame:
    """x, t_x, T (days rounded to weeks/7, as real dates are) and the mean repeat spend for n
    customers whose first purchase falls anywhere in the period."""
    rng = np.random.default_rng(seed)
    lam = rng.gamma(TRUTH["r"], 1 / TRUTH["alpha"], n)
    p = rng.beta(TRUTH["a"], TRUTH["b"], n)
    T = np.floor(rng.uniform(4, weeks, n) * 7) / 7
    gaps = rng.exponential(1 / lam[:, None], (n, k))
    times = np.floor(np.cumsum(gaps, axis=1) * 7) / 7
    dead = rng.random((n, k)) < p[:, None]
    alive_before = np.cumprod(np.concatenate([np.ones((n, 1), bool), ~dead[:, :-1]], axis=1), axis=1).astype(bool)
    bought = (times <= T[:, None]) & alive_before
    x = bought.sum(axis=1)
    tx = np.where(x > 0, np.take_along_axis(times, np.maximum(x - 1, 0)[:, None], axis=1)[:, 0], 0.0)
    # Gamma-Gamma: a customer's spend rate nu ~ Gamma(q, gamma), each purchase ~ Gamma(p, nu), so the
    # mean of x purchases ~ Gamma(p x, x nu)
    nu = rng.gamma(TRUTH["q"], 1 / TRUTH["gamma"], n)
    spend = np.where(x > 0, rng.gamma(TRUTH["p"] * np.maximum(x, 1)) / (np.maximum(x, 1) * nu), np.nan)
    return pd.DataFrame({"x": x, "t_x": tx, "T": T, "spend": np.round(spend, 2)})


# ---------------------------------------------------------------- workers (one fit per process)

def work_ours(path: str) -> dict:
    from analytics import clv
    s = pd.read_parquet(path)
    t0, c0 = time.perf_counter(), time.process_time()
    bg = clv.fit_bgnbd(s)
    t1, c1 = time.perf_counter(), time.process_time()
    params = clv.fit_gamma_gamma(s, bg)
    t2, c2 = time.perf_counter(), time.process_time()
    s = s.assign(customer_id=[f"c{i:07d}" for i in range(len(s))])
    fitted = clv.ValueFit(params, s, None, {})
    clv.predict_value(fitted, {"horizon_months": 12})  # first call: lazy imports
    t3 = time.perf_counter()
    clv.predict_value(fitted, {"horizon_months": 24, "margin": 0.25, "discount_rate": 0.08})
    t4 = time.perf_counter()
    return {"bg_wall": t1 - t0, "bg_cpu": c1 - c0, "gg_wall": t2 - t1, "gg_cpu": c2 - c1, "predict_wall": t4 - t3,
            "params": {k: float(getattr(params, k)) for k in BG + GG}}


def work_lifetimes(path: str) -> dict:
    import lifetimes
    from lifetimes import BetaGeoFitter, GammaGammaFitter
    s = pd.read_parquet(path)
    spend = s[(s["x"] > 0) & (s["spend"] > 0)]
    t0, c0 = time.perf_counter(), time.process_time()
    bg = BetaGeoFitter().fit(s["x"], s["t_x"], s["T"])
    t1, c1 = time.perf_counter(), time.process_time()
    gg = GammaGammaFitter().fit(spend["x"], spend["spend"])
    t2, c2 = time.perf_counter(), time.process_time()
    params = {**{k: float(bg.params_[k]) for k in BG}, "p": float(gg.params_["p"]), "q": float(gg.params_["q"]),
              "gamma": float(gg.params_["v"])}
    return {"bg_wall": t1 - t0, "bg_cpu": c1 - c0, "gg_wall": t2 - t1, "gg_cpu": c2 - c1, "params": params,
            "version": lifetimes.__version__}


def run_worker(python: Path, name: str, path: str) -> dict:
    r = subprocess.run([str(python), __file__, "--worker", name, "--summary", path], cwd=ROOT, capture_output=True,
                       text=True, stdin=subprocess.DEVNULL)
    if r.returncode != 0:
        raise RuntimeError(f"{name}: {(r.stderr.strip().splitlines() or ['exit code %d' % r.returncode])[-1]}")
    return json.loads(r.stdout.strip().splitlines()[-1])


def peer_missing() -> str | None:
    """Why lifetimes cannot run, or None when it can."""
    if not PEER_PYTHON.exists():
        return "no .venv-bench (make bench builds it from benchmarks/requirements-peers.txt)"
    r = subprocess.run([str(PEER_PYTHON), "-c", "import lifetimes"], capture_output=True, text=True)
    if r.returncode == 0:
        return None
    return f"lifetimes does not import in .venv-bench: {(r.stderr.strip().splitlines() or ['?'])[-1]}"


# ---------------------------------------------------------------- report

def median(runs: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def table(header: list[str], rows: list[list[str]], md: bool) -> list[str]:
    if md:
        return ["| " + " | ".join(header) + " |", "| --- |" + " ---: |" * (len(header) - 1)] + \
            ["| " + " | ".join(r) + " |" for r in rows]
    widths = [max(len(str(c)) for c in col) for col in zip(header, *rows)]
    return ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
            for r in [header] + rows]


def report(n: int, distinct: int, repeat: int, ours: list[dict], peer: list[dict], missing: str | None,
           md: bool) -> str:
    for r in ours + peer:
        r["total_wall"], r["total_cpu"] = r["bg_wall"] + r["gg_wall"], r["bg_cpu"] + r["gg_cpu"]
    version = peer[0]["version"] if peer else "(not run)"
    intro = (f"{n:,} simulated customers ({repeat:,} repeat buyers, {distinct:,} distinct (x, t_x, T)); both fits on "
             f"the same summary, each in a fresh process, alternating, median of {len(ours)} rounds. lifetimes' fit "
             "also computes the Hessian of its likelihood (for standard errors).")
    lines = (["## Predicted value (CLV)", ""] if md else []) + [intro, ""]
    rows = []
    for label, key in (("BG/NBD fit", "bg"), ("Gamma-Gamma fit", "gg"), ("both fits", "total")):
        ow, oc = median(ours, f"{key}_wall"), median(ours, f"{key}_cpu")
        cells = [label, f"{ow:.2f}", f"{oc:.2f}"]
        if peer:
            pw, pc = median(peer, f"{key}_wall"), median(peer, f"{key}_cpu")
            cells += [f"{pw:.2f}", f"{pc:.2f}", f"{pw / ow:.1f}x", f"{pc / oc:.1f}x"]
        else:
            cells += ["-"] * 4
        rows.append(cells)
    lines += table(["seconds", "ours wall", "ours CPU", f"lifetimes {version} wall", "lifetimes CPU",
                    "lifetimes / ours (wall)", "lifetimes / ours (CPU)"], rows, md)
    po = {k: statistics.median(r["params"][k] for r in ours) for k in BG + GG}
    pp = {k: statistics.median(r["params"][k] for r in peer) for k in BG + GG} if peer else None
    diffs = {k: abs(po[k] - pp[k]) / abs(pp[k]) for k in po} if pp else {}
    rows = [[k, f"{TRUTH[k]:g}", f"{po[k]:.6g}", f"{pp[k]:.6g}" if pp else "-", f"{diffs[k]:.1e}" if pp else "-"]
            for k in BG + GG]
    lines += [""] + table(["parameter", "simulated", "ours", "lifetimes", "relative difference"], rows, md)
    pred = median(ours, "predict_wall")
    lines += ["", f"Re-predicting all {n:,} customers from our fit (a new horizon, margin or discount on the Value "
                  f"page): {pred * 1000:.0f} ms wall.", ""]
    if peer:
        ratio = median(peer, "total_wall") / median(ours, "total_wall")
        cpu = median(peer, "total_cpu") / median(ours, "total_cpu")
        lines.append(f"Verdict: lifetimes takes {ratio:.1f}x our fit's wall time and {cpu:.1f}x its CPU time "
                     f"({'ours is faster' if ratio > 1 else 'ours is not faster'}), and both reach the same "
                     f"parameters (largest relative difference {max(diffs.values()):.0e}).")
    else:
        lines.append(f"Verdict: lifetimes was not run ({missing}); ours alone is shown.")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=100_000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--md", action="store_true", help="print a markdown section for docs/benchmarks.md")
    ap.add_argument("--worker", choices=["ours", "lifetimes"], help=argparse.SUPPRESS)
    ap.add_argument("--summary", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        print(json.dumps((work_ours if args.worker == "ours" else work_lifetimes)(args.summary)))
        return
    s = simulate(args.customers)
    distinct = len(s.groupby(["x", "t_x", "T"]))
    missing = peer_missing()
    ours, peer = [], []
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "summary.parquet")
        s.to_parquet(path)
        for i in range(args.repeats):
            ours.append(run_worker(Path(sys.executable), "ours", path))
            print(f"round {i + 1}: ours {ours[-1]['bg_wall'] + ours[-1]['gg_wall']:.2f} s", file=sys.stderr, flush=True)
            if not missing:
                peer.append(run_worker(PEER_PYTHON, "lifetimes", path))
                print(f"round {i + 1}: lifetimes {peer[-1]['bg_wall'] + peer[-1]['gg_wall']:.2f} s", file=sys.stderr,
                      flush=True)
    print(report(args.customers, distinct, int((s["x"] > 0).sum()), ours, peer, missing, args.md))


if __name__ == "__main__":
    main()
