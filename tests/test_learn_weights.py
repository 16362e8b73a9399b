"""Weights learned from history (analytics/learn_weights.py) on hand-made order histories where one component
alone predicts what customers bring next, and the Tiers page's "Suggest weights from history" panel."""
from datetime import date, timedelta
from itertools import product
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analytics import ingest
from analytics.backtest_tiers import tier_backtest, verdict
from analytics.config import Scenario
from analytics.features import customer_attributes
from analytics.learn_weights import LearnError, apply_weights, compare_verdict, revenue_rank, scale_weights, \
    suggest_weights, verdict_sentence
from apptest import open_app

CUTOFF = date(2024, 6, 30)
SHARE = {"tier_method": "share", "tiers": [["A", 0.25], ["B", 0.35], ["C", 0.4]]}
# a full factorial of purchases (1-4), money (4 levels) and days since the last purchase (3 levels): 48 customers
# whose F, M and R are independent of each other
LEVELS = list(product(range(1, 5), range(1, 5), (10, 60, 150)))


def history(next_amount, again: bool = False) -> list[tuple]:
    """Order lines up to CUTOFF by the factorial, then one line in the 3 months after it of next_amount(f, m, r)
    (nothing when 0), with again one more in the 3 months after those (for the check at CUTOFF + 3 months),
    and a line a year later so the data reaches past every horizon used."""
    lines = []
    for i, (f, m, r) in enumerate(LEVELS):
        cid = f"c{i:02d}"
        last = CUTOFF - timedelta(days=r)
        for k in range(f):  # f purchases 20 days apart, money m * 1000 in all
            lines.append((cid, (last - timedelta(days=20 * k)).isoformat(), m * 1000 / f))
        amount = next_amount(f, m, r)
        if amount:
            lines.append((cid, (CUTOFF + timedelta(days=15)).isoformat(), amount))
            if again:
                lines.append((cid, (CUTOFF + timedelta(days=110)).isoformat(), amount))
    lines.append(("z", "2025-09-01", 1.0))
    return lines


def load(tmp_path, lines, name="orders.csv"):
    path = tmp_path / name
    pd.DataFrame(lines, columns=["customer_id", "order_date", "amount"]).to_csv(path, index=False)
    con = duckdb.connect()
    ingest.load_files(con, path)
    return con


def test_when_frequency_alone_predicts_the_suggestion_puts_the_weight_on_f(tmp_path):
    con = load(tmp_path, history(lambda f, m, r: 100 * f))
    s = Scenario.from_dict(SHARE)
    got = suggest_weights(con, s, CUTOFF, 3)
    assert got.components == ("R", "F", "M") and got.current == {"R": 1.0, "F": 1.0, "M": 1.0}
    assert got.suggested["F"] == 10.0  # the largest is max(largest current weight, 10)
    assert got.suggested["R"] <= 0.5 and got.suggested["M"] <= 0.5
    assert got.fallback is None and got.changed
    assert got.fit.spearman_suggested > got.fit.spearman_current
    assert got.fit.r2 > 0.9


def test_when_money_alone_predicts_the_suggestion_puts_the_weight_on_m(tmp_path):
    con = load(tmp_path, history(lambda f, m, r: 50 * m))
    # M alone in use (R and F weigh 0): R, F and M are still offered
    s = Scenario.from_dict({**SHARE, "weights": {"R": 0, "F": 0, "M": 20}})
    got = suggest_weights(con, s, CUTOFF, 3)
    assert got.current == {"R": 0.0, "F": 0.0, "M": 20.0}
    assert got.suggested["M"] == 20.0  # the largest current weight, above 10
    assert got.suggested["R"] <= 0.5 and got.suggested["F"] <= 0.5


def test_recency_and_money_share_the_weight_by_what_they_explain(tmp_path):
    # next revenue 2 parts money level, 1 part recency level (recent is better): M about twice R
    con = load(tmp_path, history(lambda f, m, r: 200 * m + 100 * {10: 3, 60: 2, 150: 1}[r]))
    got = suggest_weights(con, Scenario.from_dict(SHARE), CUTOFF, 3)
    assert got.suggested["M"] == 10.0 and 2.0 <= got.suggested["R"] <= 8.0 and got.suggested["F"] <= 0.5


def test_the_verdict_numbers_are_the_tier_backtests(tmp_path):
    con = load(tmp_path, history(lambda f, m, r: 100 * f))
    s = Scenario.from_dict(SHARE)
    got = suggest_weights(con, s, CUTOFF, 3)
    now, then = tier_backtest(con, s, CUTOFF, 3), tier_backtest(con, got.scenario(s), CUTOFF, 3)
    pd.testing.assert_frame_equal(got.fit.current.rows, now.rows)
    pd.testing.assert_frame_equal(got.fit.suggested.rows, then.rows)
    v = compare_verdict(got.fit)
    a, b = verdict(now), verdict(then)
    assert (v["customer_share_current"], v["revenue_share_current"]) == (a["customer_share"], a["revenue_share"])
    assert (v["customer_share_suggested"], v["revenue_share_suggested"]) == (b["customer_share"], b["revenue_share"])
    assert v["same_customers"] and v["tier"] == "A" and v["horizon_months"] == 3
    # share tiers: A holds round(0.25 * 48) = 12 customers under either weighting
    assert v["customers_current"] == v["customers_suggested"] == 12
    # F alone decides what they bring next: the top F level (12 customers, 400 each) is 4800 of 12000
    assert b["revenue_share"] == pytest.approx(4800 / 12000)
    assert verdict_sentence(v) == (
        f"with the suggested weights the top tier A would hold the same 25.0% of customers and bring 40.0% of the "
        f"next 3 months' revenue instead of {100 * a['revenue_share']:.1f}%")


def test_the_check_runs_on_the_later_cut_off_when_the_data_reaches_its_horizon(tmp_path):
    con = load(tmp_path, history(lambda f, m, r: 100 * f, again=True))
    s = Scenario.from_dict(SHARE)
    got = suggest_weights(con, s, CUTOFF, 3)  # check at 2024-09-30, its horizon to 2024-12-31: the data reaches 2025
    assert got.check_cutoff == date(2024, 9, 30) and got.check_end == date(2024, 12, 31)
    assert got.check is not None and got.check_skipped is None
    pd.testing.assert_frame_equal(got.check.suggested.rows, tier_backtest(con, got.scenario(s), got.check_cutoff, 3).rows)
    pd.testing.assert_frame_equal(got.check.current.rows, tier_backtest(con, s, got.check_cutoff, 3).rows)
    # at the check F (one purchase more for everyone) still orders what they bring: out of sample it holds
    assert got.check.spearman_suggested > got.check.spearman_current and got.check.r2 > 0.5
    nothing_later = suggest_weights(load(tmp_path, history(lambda f, m, r: 100 * f), "once.csv"), s, CUTOFF, 3)
    assert nothing_later.check is None and nothing_later.check_skipped == "no_revenue"
    short = suggest_weights(con, s, CUTOFF, 12)  # check at 2025-06-30, horizon to 2026-06-30: past the data
    assert short.check is None and short.check_skipped == "beyond_data"


def test_suggesting_changes_nothing_until_adopted(tmp_path):
    con = load(tmp_path, history(lambda f, m, r: 100 * f))
    s = Scenario.from_dict({**SHARE, "weights": {"R": 2, "F": 1, "M": 3},
                            "attributes": [{"column": "x", "weight": 0}]})
    before = s.to_json()
    got = suggest_weights(con, s, CUTOFF, 3)
    assert s.to_json() == before and got.current == {"R": 2.0, "F": 1.0, "M": 3.0}
    adopted = got.scenario(s)
    assert adopted.weights == got.suggested and s.weights == {"R": 2, "F": 1, "M": 3}
    assert adopted.attributes == s.attributes  # a weight-0 attribute is not offered and keeps its 0
    assert apply_weights(adopted, {"R": 2, "F": 1, "M": 3}) == s  # undo


def test_attributes_in_use_are_weighed_too(tmp_path):
    lines = history(lambda f, m, r: 100 * f)
    con = load(tmp_path, lines)
    ids = sorted({ln[0] for ln in lines} - {"z"})
    cu = tmp_path / "customers.csv"
    pd.DataFrame({"customer_id": ids, "score_card": [i % 7 for i in range(len(ids))]}).to_csv(cu, index=False)
    con = duckdb.connect()
    ingest.load_files(con, tmp_path / "orders.csv", cu)
    s = Scenario.from_dict({**SHARE, "attributes": [{"column": "score_card", "weight": 2}]})
    got = suggest_weights(con, s, CUTOFF, 3)
    assert got.components == ("R", "F", "M", "attr:score_card")
    assert got.suggested["F"] == 10.0 and got.suggested["attr:score_card"] <= 1.0
    assert got.scenario(s).attributes[0]["weight"] == got.suggested["attr:score_card"]


def test_the_same_inputs_give_the_same_suggestion(tmp_path):
    con = load(tmp_path, history(lambda f, m, r: 100 * f + 7 * m))
    a, b = (suggest_weights(con, Scenario(), CUTOFF, 3) for _ in range(2))
    assert a.suggested == b.suggested and a.coefficients == b.coefficients


def test_no_component_that_helps_keeps_the_current_weights(tmp_path):
    # those who bought least bring most: every non-negative coefficient is 0
    con = load(tmp_path, history(lambda f, m, r: 100 * (5 - f)))
    s = Scenario.from_dict({**SHARE, "weights": {"R": 1, "F": 2, "M": 1}})
    got = suggest_weights(con, s, CUTOFF, 3)
    assert got.fallback == "no_signal" and got.suggested == got.current == {"R": 1.0, "F": 2.0, "M": 1.0}


def test_degenerate_histories_say_why(tmp_path):
    s = Scenario.from_dict(SHARE)
    few = load(tmp_path, [(f"c{i}", "2024-05-01", 100 + i) for i in range(9)] + [("c1", "2024-08-01", 5)], "few.csv")
    with pytest.raises(LearnError) as e:
        suggest_weights(few, s, CUTOFF, 3)
    assert e.value.code == "few_customers" and e.value.values["n"] == 9
    quiet = load(tmp_path, history(lambda f, m, r: 0), "quiet.csv")
    with pytest.raises(LearnError) as e:
        suggest_weights(quiet, s, CUTOFF, 3)
    assert e.value.code == "no_revenue" and "brought revenue" in str(e.value)
    # one purchase each, all on the same day: only M differs between customers
    same = load(tmp_path, [(f"c{i}", "2024-05-01", 100 + i) for i in range(20)] + [("c1", "2024-08-01", 5)], "one.csv")
    with pytest.raises(LearnError) as e:
        suggest_weights(same, s, CUTOFF, 3)
    assert e.value.code == "one_component" and e.value.values["components"] == "M"
    with pytest.raises(LearnError) as e:
        suggest_weights(same, s, date(2024, 8, 1), 3)  # the data's last day
    assert e.value.code == "cutoff"


def test_target_and_scale():
    assert list(revenue_rank(pd.Series([0.0, 50.0, 10.0, -5.0, 50.0]).to_numpy())) == [0.0, 0.9, 0.6, 0.0, 0.9]
    assert scale_weights({"R": 0.2, "F": 0.06, "M": 0.4}, 10) == {"R": 5.0, "F": 1.5, "M": 10.0}
    assert scale_weights({"R": 0.0, "F": 0.0}, 10) == {"R": 0.0, "F": 0.0}


# --- the Tiers page -------------------------------------------------------------------------------------------

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"


@pytest.fixture(scope="module")
def sample_con():
    con = duckdb.connect()
    ingest.load_files(con, SAMPLE / "orders.csv", SAMPLE / "customers.csv")
    return con


def _suggested_page():
    """The Tiers page with the expander opened and Suggest pressed (defaults: 9 months, cut-off 18 months back)."""
    at = open_app()
    assert "lw_cutoff" not in [d.key for d in at.date_input]  # closed: nothing computed
    at.session_state["tiers_lw_box"] = True  # the user opens the expander
    at.run()
    assert at.date_input(key="lw_cutoff").value == date(2022, 12, 31)  # the data ends on 2024-06-30
    before = at.session_state["scenario"]
    at.button(key="lw_suggest").click().run()
    assert not at.exception, at.exception
    assert at.session_state["scenario"] == before  # suggesting changes nothing
    return at, before


def test_the_page_shows_both_weight_sets_and_the_verdict_then_adopts_and_undoes(sample_con):
    at, before = _suggested_page()
    got = suggest_weights(sample_con, before, date(2022, 12, 31), 9, attrs=customer_attributes(sample_con))
    table = next(d.value for d in at.dataframe if "Suggested weight" in d.value.columns)
    assert list(table["Component"]) == ["R", "F", "M"]
    assert list(table["Current weight"]) == [f"{got.current[k]:g}" for k in "RFM"]
    assert list(table["Suggested weight"]) == [f"{got.suggested[k]:g}" for k in "RFM"]
    v = compare_verdict(got.check)  # the headline is the check at 2023-09-30, which the fit did not see
    want = (f"At 2023-09-30, with the suggested weights the top tier {v['tier']} would hold "
            f"{100 * v['customer_share_suggested']:.1f}% of customers")
    assert any(i.value.startswith(want) and f"instead of {100 * v['revenue_share_current']:.1f}%" in i.value
               for i in at.info), [i.value for i in at.info]
    assert any(c.value.startswith("Checked on") for c in at.caption)

    at.button(key="lw_adopt").click().run()
    assert not at.exception, at.exception
    assert at.session_state["scenario"].weights == {**before.weights, **got.suggested}
    assert at.select_slider(key="w_weight_M").value == got.suggested["M"]  # the sidebar's sliders show them
    assert any(s.value.startswith("Adopted") for s in at.success)
    at.button(key="lw_undo_button").click().run()
    assert not at.exception, at.exception
    assert at.session_state["scenario"] == before
    assert at.select_slider(key="w_weight_M").value == before.weights["M"]


def test_edit_first_adopts_the_edited_weights_only_when_asked():
    at, before = _suggested_page()
    at.button(key="lw_edit").click().run()
    assert at.session_state["scenario"] == before
    at.number_input(key="lw_edit_F").set_value(4.0).run()
    assert at.session_state["scenario"] == before  # typing is not adopting
    suggested_r = at.number_input(key="lw_edit_R").value
    at.button(key="lw_adopt_edited").click().run()
    assert not at.exception, at.exception
    w = at.session_state["scenario"].weights
    assert w["F"] == 4.0 and w["R"] == suggested_r and at.select_slider(key="w_weight_F").value == 4.0
    at.button(key="lw_undo_button").click().run()
    assert at.session_state["scenario"] == before
    at.select_slider(key="w_weight_R").set_value(3.0).run()  # settings changed since the suggestion: it is not shown
    assert any("Press **Suggest weights** again" in i.value for i in at.info)
    assert not [d for d in at.dataframe if "Suggested weight" in d.value.columns]


def test_every_message_code_is_translated():
    import re
    from ui.i18n import STRINGS
    source = (Path(__file__).resolve().parents[1] / "analytics" / "learn_weights.py").read_text(encoding="utf-8")
    codes = set(re.findall(r'LearnError\("(\w+)"', source))
    assert codes and all(f"lw.error.{c}" in STRINGS for c in codes)
    assert all(f"lw.check_skipped.{c}" in STRINGS for c in ("beyond_data", "no_revenue", "few_customers"))
    assert "lw.fallback.no_signal" in STRINGS
    lw = [k for k in STRINGS if k.startswith("lw.")]
    assert all(STRINGS[k][0].strip() and STRINGS[k][1].strip() and STRINGS[k][0] != STRINGS[k][1] for k in lw)
