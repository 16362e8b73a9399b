"""BG/NBD and Gamma-Gamma against the published CDNOW fits, the papers' formulas, and simulation."""
import json
import math
import subprocess
import sys
import warnings
from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from analytics import clv

ROOT = Path(__file__).resolve().parents[1]
CDNOW = ROOT / "tests" / "data" / "CDNOW_sample.txt"
CUTOFF = date(1997, 9, 30)  # 39 weeks from 1997-01-01
# Fader, Hardie & Lee (2005): BG/NBD on CDNOW; Gamma-Gamma in "RFM and CLV"
PUBLISHED = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426, "p": 6.25, "q": 3.74, "gamma": 15.44}


def load(frame: pd.DataFrame):
    """A database whose transactions table is the frame (the columns ingest writes)."""
    con = duckdb.connect()
    con.register("lines", frame)
    con.execute("CREATE TABLE transactions AS SELECT customer_id::VARCHAR AS customer_id, "
                "order_date::TIMESTAMP AS order_date, amount::DOUBLE AS amount FROM lines")
    con.unregister("lines")
    return con


@pytest.fixture(scope="module")
def cdnow():
    raw = pd.read_csv(CDNOW, sep=r"\s+", header=None, names=["master", "id", "date", "cds", "amount"],
                      dtype={"id": str, "date": str})
    return load(pd.DataFrame({"customer_id": raw["id"], "order_date": pd.to_datetime(raw["date"], format="%Y%m%d"),
                              "amount": raw["amount"].astype(float)}))


@pytest.fixture(scope="module")
def fitted(cdnow):
    return clv.fit(cdnow, CUTOFF)


def test_published_parameters_from_the_raw_transactions(fitted):
    params, summary = fitted
    assert (summary["x"] > 0).sum() == 946  # the 946 repeat buyers of the spend paper
    for key, published in PUBLISHED.items():
        assert getattr(params, key) == pytest.approx(published, rel=0.005), key


def test_summary_of_a_customer_matches_the_published_summary(fitted):
    _, summary = fitted
    one = summary.set_index("customer_id").loc["0001"]  # published: x=2, t_x=30.43, T=38.86, zbar=22.35
    assert (one["x"], round(one["t_x"], 2), round(one["T"], 2)) == (2, 30.43, 38.86)
    assert one["spend"] == (29.73 + 14.96) / 2  # 22.345, published rounded as 22.35


def _paper_p_alive(r, alpha, a, b, x, tx, T):
    if x == 0:
        return 1.0
    return 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x))


def _paper_expected(r, alpha, a, b, x, tx, T, t):
    """FHL (2005) eq. 10 with the Gaussian hypergeometric series summed term by term."""
    z = t / (alpha + T + t)
    aa, bb, cc = r + x, b + x, a + b + x - 1
    term, total = 1.0, 1.0
    for j in range(2000):
        term *= (aa + j) * (bb + j) / ((cc + j) * (j + 1)) * z
        total += term
        if abs(term) < 1e-15:
            break
    head = (a + b + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * total)
    return head * _paper_p_alive(r, alpha, a, b, x, tx, T)


@pytest.mark.parametrize("x,tx,T", [(0, 0.0, 38.86), (2, 30.43, 38.86), (1, 1.71, 38.86), (5, 10.0, 35.0),
                                    (7, 35.0, 36.0)])
def test_p_alive_and_expected_purchases_follow_the_paper(x, tx, T):
    p = clv.Params(**{k: PUBLISHED[k] for k in ("r", "alpha", "a", "b")})
    assert clv.p_alive(p, [x], [tx], [T])[0] == pytest.approx(_paper_p_alive(0.243, 4.414, 0.793, 2.426, x, tx, T),
                                                              rel=1e-10)
    for t in (39.0, 52.0):
        assert clv.expected_purchases(p, t, [x], [tx], [T])[0] == pytest.approx(
            _paper_expected(0.243, 4.414, 0.793, 2.426, x, tx, T, t), rel=1e-8)
    # FHL (2005), p. 279: a customer with x=2, t_x=30.43, T=38.86 is expected to make 1.226 purchases in 39 weeks
    if (x, tx) == (2, 30.43):
        assert clv.expected_purchases(p, 39.0, [x], [tx], [T])[0] == pytest.approx(1.226, abs=0.001)


def test_expected_spend_is_the_papers_weighted_mean():
    p = clv.Params(0.243, 4.414, 0.793, 2.426, 6.25, 3.74, 15.44)
    # (gamma + x m) p / (p x + q - 1)
    assert clv.expected_spend(p, [2], [22.35])[0] == pytest.approx((15.44 + 2 * 22.35) * 6.25 / (6.25 * 2 + 2.74))
    assert clv.expected_spend(p, [0], [np.nan])[0] == pytest.approx(6.25 * 15.44 / 2.74)


def test_extremes_stay_finite_without_warnings():
    p = clv.Params(0.243, 4.414, 0.793, 2.426, 6.25, 3.74, 15.44)
    x = np.array([0, 1, 300, 800])
    tx = np.array([0.0, 0.1, 150.0, 155.9])
    T = np.array([156.0, 156.0, 156.0, 156.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        alive = clv.p_alive(p, x, tx, T)
        exp = clv.expected_purchases(p, 52.0, x, tx, T)
        ll = clv._bgnbd_ll(np.log([0.243, 4.414, 0.793, 2.426]), x.astype(float), tx, T, np.ones(4))
    assert np.all(np.isfinite(alive)) and np.all(np.isfinite(exp)) and math.isfinite(ll)
    assert alive[0] == 1.0 and alive[1] < 0.5 < alive[3]
    assert exp[3] > exp[2] > exp[0]


def simulate(rng, n, r, alpha, a, b, weeks):
    """BG/NBD purchases for n customers who all start at week 0 (the first purchase)."""
    lam = rng.gamma(r, 1 / alpha, n)
    p = rng.beta(a, b, n)
    rows = []
    for i in range(n):
        t = 0.0
        rows.append((i, 0.0))
        while True:
            t += rng.exponential(1 / lam[i])
            if t > weeks:
                break
            rows.append((i, t))
            if rng.random() < p[i]:
                break
    return pd.DataFrame(rows, columns=["cid", "week"])


def test_a_fit_on_simulated_purchases_recovers_the_parameters():
    rng = np.random.default_rng(7)
    truth = {"r": 0.5, "alpha": 6.0, "a": 0.8, "b": 3.0}
    sim = simulate(rng, 6000, **truth, weeks=104)
    start = date(2022, 1, 3)
    days = (sim["week"] * 7).astype(int)  # one purchase per day at most
    frame = pd.DataFrame({"customer_id": "c" + sim["cid"].astype(str),
                          "order_date": pd.to_datetime(start) + pd.to_timedelta(days, unit="D"),
                          "amount": rng.gamma(4, 10, len(sim)).round(2) + 1}).drop_duplicates(["customer_id", "order_date"])
    params, _ = clv.fit(load(frame), start + timedelta(days=7 * 104))
    assert params.r == pytest.approx(truth["r"], rel=0.15)
    assert params.alpha == pytest.approx(truth["alpha"], rel=0.2)
    assert params.a == pytest.approx(truth["a"], rel=0.25)
    assert params.b == pytest.approx(truth["b"], rel=0.3)


def test_backtest_on_cdnow_tracks_the_holdout(cdnow):
    bt = clv.backtest(cdnow, CUTOFF, date(1998, 6, 30))
    tot = bt.totals
    assert tot.weeks == 39 and tot.customers == 2349
    assert tot.actual == int(bt.weekly["actual"].sum())
    assert abs(tot.error) < 0.2
    assert bt.by_x["customers"].sum() == 2349 and list(bt.by_x["group"]) == list(range(8))


def test_a_partial_last_week_is_predicted_for_its_days_only(cdnow):
    # 39 weeks and 3 days after the cut-off: a 40th week of three days
    end = CUTOFF + timedelta(days=39 * 7 + 3)
    bt = clv.backtest(cdnow, CUTOFF, end)
    summary = clv.summarise(clv.purchase_days(cdnow, end), CUTOFF)
    x, tx, T = (summary[c].to_numpy(dtype="float64") for c in ("x", "t_x", "T"))
    want = clv.expected_purchases(bt.params, (39 * 7 + 3) / 7, x, tx, T).sum()
    assert bt.totals.weeks == 40
    assert bt.totals.predicted == pytest.approx(want, rel=1e-12)
    by_x = bt.by_x
    assert (by_x["customers"] * by_x["predicted"]).sum() == pytest.approx(want, rel=1e-9)
    assert bt.weekly["predicted"].iloc[-1] < 0.5 * bt.weekly["predicted"].iloc[-2]


@pytest.mark.parametrize("lines,message", [
    ([("a", "2024-01-01", 10)] * 3, "only 1 customers bought before the cut-off"),
    ([(f"c{i}", "2024-01-01", 10) for i in range(40)], "only 0 customers bought more than once"),
])
def test_data_that_cannot_support_a_fit_says_why(lines, message):
    frame = pd.DataFrame(lines, columns=["customer_id", "order_date", "amount"])
    frame["order_date"] = pd.to_datetime(frame["order_date"])
    with pytest.raises(clv.ClvError, match=message):
        clv.fit(load(frame), date(2024, 6, 30))


def test_value_tiers_and_quadrants():
    tiers = clv.value_tiers(pd.Series([5.0, 1.0, 9.0, 3.0, 7.0, 2.0, 8.0, 4.0, 6.0, 0.0]), (0.1, 0.2))
    assert tiers.tolist() == ["low", "low", "high", "low", "mid", "low", "mid", "low", "low", "low"]
    q = clv.quadrant(pd.Series([True, True, False, False]), pd.Series([True, False, True, False]))
    assert q.tolist() == ["keep", "at_risk", "grow", "low"]


def test_command_line_writes_values_and_parameters(tmp_path):
    raw = pd.read_csv(CDNOW, sep=r"\s+", header=None, names=["master", "id", "date", "cds", "amount"], dtype=str)
    src = tmp_path / "cdnow.csv"
    pd.DataFrame({"customer_id": raw["id"], "order_date": raw["date"], "amount": raw["amount"]}).to_csv(src, index=False)
    out, params = tmp_path / "clv.csv", tmp_path / "params.json"
    r = subprocess.run([sys.executable, "-m", "analytics", "clv", str(src), "--as-of", "1997-09-30",
                        "--horizon-months", "12", "--out", str(out), "--params-out", str(params)],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    got = pd.read_csv(out, encoding="utf-8-sig", dtype={"customer_id": str})
    assert list(got.columns) == ["customer_id", "expected_purchases", "expected_spend", "p_alive", "clv"]
    assert len(got) == 2349
    p = json.loads(params.read_text())
    for key, published in PUBLISHED.items():
        assert p[key] == pytest.approx(published, rel=0.005), key
    assert p["time_unit"] == "weeks"
    one = got.set_index("customer_id").loc["0001"]
    want = clv.expected_purchases(clv.Params(p["r"], p["alpha"], p["a"], p["b"]), 365.25 / 7, [2], [30 + 3 / 7],
                                  [38 + 6 / 7])[0]
    assert one["expected_purchases"] == pytest.approx(want, rel=1e-6)
    r = subprocess.run([sys.executable, "-m", "analytics", "clv", str(src), "--as-of", "1997-01-03", "--out", str(out)],
                       cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 2 and "cannot fit the value model" in r.stderr and "Traceback" not in r.stderr


def test_the_summary_computed_in_the_database_equals_the_one_from_purchase_days(cdnow):
    for cutoff in (CUTOFF, date(1997, 3, 31), date(1998, 6, 30)):
        want = clv.summarise(clv.purchase_days(cdnow), cutoff)
        pd.testing.assert_frame_equal(clv.customer_summary(cdnow, cutoff), want, check_dtype=False)


def test_the_fit_uses_the_exact_gradients_of_the_likelihoods(fitted):
    from scipy.optimize import approx_fprime
    _, s = fitted
    g = clv._grouped(s, ["x", "t_x", "T"])
    x, tx, T, w = (g[c].to_numpy(dtype="float64") for c in ("x", "t_x", "T", "w"))
    objective = clv._BgNbdObjective(x, tx, T, w)
    for point in ([0.243, 4.414, 0.793, 2.426], [1.0, 10.0, 2.0, 0.5]):
        theta = np.log(point)
        f, grad = objective(theta)
        reference = lambda th: clv._bgnbd_ll(th, x, tx, T, w) / w.sum()  # noqa: E731
        assert f == pytest.approx(reference(theta), rel=1e-12)
        assert grad == pytest.approx(approx_fprime(theta, reference, 1e-7), rel=1e-4, abs=1e-7)
    sp = clv.spend_sample(s)
    xs, m, ones = sp["x"].to_numpy(dtype="float64"), sp["spend"].to_numpy(dtype="float64"), np.ones(len(sp))
    objective = clv._GammaGammaObjective(xs, m, ones)
    for point in ([6.25, 3.74, 15.44], [1.0, 1.0, 30.0]):
        theta = np.log(point)
        f, grad = objective(theta)
        reference = lambda th: clv._gg_ll(th, xs, m, ones) / len(sp)  # noqa: E731
        assert f == pytest.approx(reference(theta), rel=1e-12)
        assert grad == pytest.approx(approx_fprime(theta, reference, 1e-7), rel=1e-4, abs=1e-7)


def test_the_fit_stops_at_the_maximum(fitted):
    params, s = fitted
    g = clv._grouped(s, ["x", "t_x", "T"])
    objective = clv._BgNbdObjective(*(g[c].to_numpy(dtype="float64") for c in ("x", "t_x", "T", "w")))
    assert np.abs(objective(np.log([params.r, params.alpha, params.a, params.b]))[1]).max() < 1e-8
    sp = clv.spend_sample(s)
    objective = clv._GammaGammaObjective(sp["x"].to_numpy(dtype="float64"), sp["spend"].to_numpy(dtype="float64"),
                                         np.ones(len(sp)))
    assert np.abs(objective(np.log([params.p, params.q, params.gamma]))[1]).max() < 1e-8


def test_a_new_horizon_margin_or_discount_predicts_from_the_same_fit(cdnow, monkeypatch):
    scenarios = [{"horizon_months": 12}, {"horizon_months": 3, "margin": 0.5},
                 {"horizon_months": 36, "margin": 0.2, "discount_rate": 0.1}]
    want = [clv.customer_value(cdnow, CUTOFF, s) for s in scenarios]
    fitted = clv.fit_value(cdnow, CUTOFF)
    before = fitted.summary.copy()

    def refit(*args, **kwargs):
        raise AssertionError("refitted")
    for name in ("fit", "fit_bgnbd", "fit_gamma_gamma", "customer_summary", "customer_margins"):
        monkeypatch.setattr(clv, name, refit)
    for settings, w in zip(scenarios, want):
        got = clv.predict_value(fitted, settings)
        assert got.params == w.params and got.info == w.info and got.boundary == w.boundary == ()
        pd.testing.assert_frame_equal(got.values, w.values)
    pd.testing.assert_frame_equal(fitted.summary, before)  # predicting leaves the cached fit as it was


def test_values_are_sorted_by_value_then_customer_id(fitted):
    params, summary = fitted
    out = clv.predict_value(clv.ValueFit(params, summary.iloc[::-1], None, {}), {"horizon_months": 6}).values
    want = out.sort_values(["clv", "customer_id"], ascending=[False, True], kind="stable")
    assert out["customer_id"].tolist() == want["customer_id"].tolist()
    same = clv.predict_value(clv.ValueFit(params, summary, None, {}), {"horizon_months": 6}).values
    assert same["customer_id"].tolist() == want["customer_id"].tolist()


def test_a_backtest_counts_only_customers_known_at_the_cut_off_and_ends_at_the_last_purchase():
    raw = pd.read_csv(CDNOW, sep=r"\s+", header=None, names=["master", "id", "date", "cds", "amount"],
                      dtype={"id": str, "date": str})
    frame = pd.DataFrame({"customer_id": raw["id"], "order_date": pd.to_datetime(raw["date"], format="%Y%m%d"),
                          "amount": raw["amount"].astype(float)})
    late = pd.DataFrame({"customer_id": ["late"] * 3, "order_date": pd.to_datetime(["1997-12-01", "1998-01-05",
                                                                                      "1998-02-02"]),
                         "amount": [10.0, 20.0, 30.0]})
    with_late = clv.backtest(load(pd.concat([frame, late], ignore_index=True)), CUTOFF)
    without = clv.backtest(load(frame), CUTOFF, date(1998, 6, 30))
    assert with_late.totals.end == date(1998, 6, 30)
    assert with_late.totals == without.totals
    pd.testing.assert_frame_equal(with_late.weekly, without.weekly)


def test_the_value_page_refits_only_for_new_data_or_date(monkeypatch):
    """Moving the horizon, margin or discount re-predicts from the cached fit."""
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/value.py").run()
    assert not at.exception, at.exception
    fits = []
    fit_value = clv.fit_value
    monkeypatch.setattr(clv, "fit_value", lambda *a, **k: fits.append(a) or fit_value(*a, **k))
    at.slider(key="w_clv_h").set_value(7).run()
    discount = next(w for w in [*at.slider, *at.number_input] if w.key == "w_clv_d")  # a slider or a number box
    discount.set_value(0.05).run()
    assert not at.exception, at.exception
    assert any(m.label == "Purchases, 7 months" for m in at.metric)
    assert fits == []


def steady_buyers(n: int = 200, start: date = date(2023, 1, 1), end: date = date(2023, 12, 31)) -> pd.DataFrame:
    """One year of history where no one appears to stop buying: customer i starts on day i % 60 and buys
    2 + i % 10 times, evenly spread from then to the last day (Online Retail-like: one year, no drop-outs)."""
    rows = []
    for i in range(n):
        k, first = 2 + i % 10, i % 60
        span = (end - start).days - first
        rows += [(f"c{i:03d}", start + timedelta(days=first + round(j * span / (k - 1))), 20.0 + (i * 7 + j * 3) % 50)
                 for j in range(k)]
    frame = pd.DataFrame(rows, columns=["customer_id", "order_date", "amount"])
    frame["order_date"] = pd.to_datetime(frame["order_date"])
    return frame


def test_a_fit_on_the_bounds_is_flagged_with_its_parameters():
    fitted = clv.fit_value(load(steady_buyers()), date(2023, 12, 31))
    # no one drops out: the dropout model's a runs to 0 and b to infinity, i.e. onto the optimiser's bounds
    assert {"a", "b"} <= set(fitted.boundary)
    lo, hi = np.exp(clv.BGNBD_LOG_BOUNDS)
    assert fitted.params.a == pytest.approx(lo, rel=0.02) and fitted.params.b == pytest.approx(hi, rel=0.02)
    result = clv.predict_value(fitted, {"horizon_months": 12})
    assert result.boundary == fitted.boundary and {"a", "b"} <= set(result.purchases_at_boundary)
    assert not result.p_alive_informative
    # ... and every P(alive) reads 100%: the model cannot tell who has stopped
    assert result.values["p_alive"].min() >= clv.ALIVE_FLAT and result.p_alive_flat
    listed = pd.DataFrame({"customer_id": ["c001", "nobody"], "stage": ["repeat", "prospect"]})
    assert list(clv.with_p_alive(listed, result).columns) == ["customer_id", "stage"]  # left out, not shown as 100%


def test_proper_fits_are_not_flagged(cdnow, sample_con):
    fitted = clv.fit_value(cdnow, CUTOFF)
    assert fitted.boundary == ()
    result = clv.predict_value(fitted)
    assert result.p_alive_informative and not result.p_alive_flat and result.p_alive_floor < 0.5
    assert clv.backtest(cdnow, CUTOFF, date(1998, 6, 30)).boundary == ()
    sample = clv.customer_value(sample_con)
    assert sample.boundary == () and sample.p_alive_informative
    listed = pd.DataFrame({"customer_id": [sample.values["customer_id"].iloc[0], "nobody"]})
    got = clv.with_p_alive(listed, sample)
    assert got["p_alive"].iloc[0] == sample.values["p_alive"].iloc[0] and pd.isna(got["p_alive"].iloc[1])


@pytest.mark.parametrize("values,expected", [
    ({"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426, "p": 6.25, "q": 3.74, "gamma": 15.44}, ()),
    ({"r": 0.5, "alpha": 3.0, "a": float(np.exp(-12)), "b": float(np.exp(8))}, ("a", "b")),
    ({"r": float(np.exp(8)), "alpha": float(np.exp(7.995)), "a": 0.5, "b": 2.0}, ("r", "alpha")),  # within 1%
    ({"r": 0.5, "alpha": 3.0, "a": 1e-4, "b": 5.0}, ("a",)),  # a near 0 (a / (a + b) = 2e-5), off its bound
    ({"r": 0.5, "alpha": 3.0, "a": 0.01, "b": 5.0}, ()),
    ({"r": 0.5, "alpha": 3.0, "a": 0.8, "b": 2.0, "p": 2.0, "q": 5.0, "gamma": float(np.exp(12))}, ("gamma",)),
])
def test_boundary_names_the_parameters_on_a_bound(values, expected):
    assert clv.boundary(clv.Params(**values)) == expected


def test_the_value_result_has_named_fields(cdnow):
    result = clv.customer_value(cdnow, CUTOFF, {"horizon_months": 12})
    assert isinstance(result, clv.ValueResult)
    assert (result.customers, result.repeat_buyers, result.one_time, result.as_of) == (2349, 946, 1403, CUTOFF)
    assert result.info["repeat_buyers"] == 946 and len(result.values) == 2349
    with pytest.raises(AttributeError):
        result.customers = 0  # frozen


def test_value_totals_sum_the_view():
    view = pd.DataFrame({"customer_id": ["a", "b", "c", "d"], "clv": [100.0, 50.0, 25.5, 0.0],
                         "expected_purchases": [2.0, 1.5, 0.25, 0.0], "p_alive": [0.9, 0.5, 0.2, 1.0],
                         "quadrant": ["keep", "grow", "grow", "low"]})
    totals = clv.value_totals(view)
    assert (totals.clv, totals.purchases) == (175.5, 3.75)
    assert totals.p_alive_mean == pytest.approx(0.65) and totals.p_alive_min == 0.2
    assert totals.quadrants == {"keep": 1, "at_risk": 0, "grow": 2, "low": 1}


def test_value_view_leaves_the_tier_empty_without_a_tier():
    values = pd.DataFrame({"customer_id": ["a", "b", "c"], "clv": [3.0, 2.0, 1.0]})
    scored = pd.DataFrame({"customer_id": ["a", "c"], "tier": pd.Categorical(["B", "A"]), "monetary": [5.0, 9.0]})
    view = clv.value_view(values, scored, None, ["A", "B"], (0.34, 0.33))  # value tiers: high, mid, low
    assert view["tier"].tolist()[:1] == ["B"] and pd.isna(view["tier"].iloc[1]) and view["tier"].iloc[2] == "A"
    assert view["quadrant"].tolist() == ["grow", "grow", "at_risk"]


@pytest.fixture(scope="module")
def sample_con():
    from analytics import ingest
    con = duckdb.connect()
    ingest.load_files(con, ROOT / "sample_data" / "orders.csv", ROOT / "sample_data" / "customers.csv")
    return con


def test_the_value_page_says_when_the_fit_is_on_a_bound(tmp_path):
    """Steady buyers uploaded: the page explains that P(alive) says nothing and what to use instead, in both
    languages; the lifecycle download leaves P(alive) out."""
    from streamlit.testing.v1 import AppTest
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    at.switch_page("pages/value.py").run()
    assert not at.exception, at.exception
    assert not [w for w in at.warning if "proper fit" in w.value]  # the sample fits properly
    at.switch_page("pages/data.py").run()
    frame = steady_buyers().assign(order_date=lambda f: f["order_date"].dt.strftime("%Y-%m-%d"))
    at.file_uploader(key="up_orders").upload("steady.csv", frame.to_csv(index=False).encode(), "text/csv").run()
    next(b for b in at.button if b.label == "Check and load").click().run()
    assert not at.exception, at.exception
    at.switch_page("pages/value.py").run()
    assert not at.exception, at.exception
    warning = next(w.value for w in at.warning if "proper fit" in w.value)
    assert "its estimate of a, b" in warning and "cannot tell who has stopped buying" in warning
    assert "99.9% or more for every customer" in warning and "lifecycle stages" in warning
    assert next(m for m in at.metric if m.label == "Likely still active (average)").delta == "not informative here"
    at.session_state["lang"] = "zh"  # what the sidebar's switch sets (AppTest omits the sidebar after a page switch)
    at.run()
    assert any("无法分辨哪些客户已经停止购买" in w.value and "99.9%" in w.value for w in at.warning)
    at.session_state["lang"] = "en"
    at.switch_page("pages/lifecycle.py").run()
    assert not at.exception, at.exception
    assert any("P(alive) is left out of the list" in c.value for c in at.caption)
