"""Speed of the value model fit, in one run (figures and ratios, no assertions).

Customers are drawn from a BG/NBD process with known parameters (time in weeks, on whole days
like real order dates). Our fit groups customers with equal (x, t_x, T), evaluates the
log-likelihood once per group and tries two starting points; the peer is the same likelihood
evaluated per customer from one start, the way a direct transcription of the paper runs. The
gain from grouping depends on how many distinct (x, t_x, T) the data has.

    .venv/bin/python benchmarks/bench_clv.py [--customers 100000]
"""
import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import minimize

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from analytics import clv  # noqa: E402

TRUTH = {"r": 0.5, "alpha": 6.0, "a": 0.8, "b": 3.0}


def simulate(n: int, weeks: float = 104, seed: int = 7, k: int = 200) -> pd.DataFrame:
    """x, t_x, T (days rounded to weeks/7, as real dates are) for n customers starting over the period."""
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
    return pd.DataFrame({"x": x, "t_x": tx, "T": T})


def per_customer_fit(s: pd.DataFrame):
    x, tx, T = (s[c].to_numpy(dtype="float64") for c in ("x", "t_x", "T"))
    w = np.ones(len(s))
    res = minimize(clv._bgnbd_ll, np.zeros(4), args=(x, tx, T, w), method="L-BFGS-B", bounds=[(-12, 8)] * 4)
    res = minimize(clv._bgnbd_ll, res.x, args=(x, tx, T, w), method="Nelder-Mead",
                   options={"xatol": 1e-9, "fatol": 1e-10, "maxiter": 4000})
    return np.exp(res.x)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=100_000)
    args = ap.parse_args()
    s = simulate(args.customers)
    groups = len(s.groupby(["x", "t_x", "T"]))
    print(f"{args.customers:,} customers, {int((s.x > 0).sum()):,} repeat buyers, {groups:,} distinct (x, t_x, T)")
    t0 = time.perf_counter()
    params = clv.fit_bgnbd(s)
    ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    peer = per_customer_fit(s)
    theirs = time.perf_counter() - t0
    print(f"BG/NBD fit, grouped (ours):   {ours:6.2f} s   r={params.r:.3f} alpha={params.alpha:.3f} "
          f"a={params.a:.3f} b={params.b:.3f}")
    print(f"BG/NBD fit, per customer:     {theirs:6.2f} s   r={peer[0]:.3f} alpha={peer[1]:.3f} "
          f"a={peer[2]:.3f} b={peer[3]:.3f}")
    print(f"ratio per-customer / grouped: {theirs / ours:6.1f}x   (truth: {TRUTH})")
    t0 = time.perf_counter()
    clv.expected_purchases(params, 52.0, s["x"], s["t_x"], s["T"])
    clv.p_alive(params, s["x"], s["t_x"], s["T"])
    print(f"predict 52 weeks + P(alive):  {time.perf_counter() - t0:6.2f} s")


if __name__ == "__main__":
    main()
