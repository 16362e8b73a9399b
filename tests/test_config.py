"""The scenario file: the documented keys, JSON round trip, clear errors."""
from dataclasses import fields

import pytest

from analytics.config import HELP, Scenario, ScenarioError

DESIGN_EXAMPLE = """{"as_of": "2024-06-30", "lookback_days": null, "bins": 5,
  "weights": {"R": 1, "F": 1, "M": 1}, "tier_method": "score", "tiers": [["A", 75], ["B", 60], ["C", 0]]}"""


def test_the_design_example_loads_and_round_trips():
    s = Scenario.from_json(DESIGN_EXAMPLE)
    assert s.as_of == "2024-06-30" and s.tiers == (("A", 75.0), ("B", 60.0), ("C", 0.0))
    assert Scenario.from_json(s.to_json()) == s


def test_unknown_keys_survive_a_round_trip():
    s = Scenario.from_dict({"bins": 4, "workshop": {"group": "north"}})
    assert Scenario.from_json(s.to_json()).to_dict()["workshop"] == {"group": "north"}


def test_lifecycle_rules_and_playbook_round_trip():
    s = Scenario.from_dict({"lifecycle": {"at_risk_days": 120}, "playbook": {"stage": {"new": "call them"}}})
    assert s.lifecycle == {"churned_days": 365, "at_risk_days": 120, "loyal_purchases": 10, "loyal_days": 90,
                           "repeat_purchases": 2}
    back = Scenario.from_json(s.to_json())
    assert back == s and back.playbook == {"stage": {"new": "call them"}}


@pytest.mark.parametrize("data,message", [
    ({"lifecycle": {"at_risk_days": 0}}, "lifecycle.at_risk_days: expected a whole number >= 1"),
    ({"lifecycle": {"sleepy_days": 3}}, "lifecycle: unknown rule 'sleepy_days'"),
    ({"lifecycle": {"at_risk_days": 400}}, "lifecycle: at_risk_days must not exceed churned_days"),
    ({"playbook": ["x"]}, "playbook: expected"),
])
def test_bad_lifecycle_and_playbook_values_are_named(data, message):
    with pytest.raises(ScenarioError, match=message):
        Scenario.from_dict(data)


def test_weights_normalise_to_one():
    assert Scenario(weights={"R": 2, "F": 1, "M": 1}).normalised_weights() == {"R": 0.5, "F": 0.25, "M": 0.25}


@pytest.mark.parametrize("data,message", [
    ({"bins": 1}, "bins: expected a whole number from 2 to 10"),
    ({"as_of": "30/06/2024"}, "as_of: expected a date"),
    ({"tiers": [["A", 60], ["B", 75]]}, "tiers: minimum scores must run from high to low"),
    ({"tier_method": "share", "tiers": [["A", 0.7], ["B", 0.5], ["C", 0]]}, "shares before the last may not exceed 1"),
    ({"weights": {"X": 1}}, "weights: unknown component 'X'"),
    ({"score_method": "threshold", "thresholds": {"R": [1, 2]}}, "thresholds.R: expected 4 ascending edges"),
])
def test_bad_values_name_the_key(data, message):
    with pytest.raises(ScenarioError, match=message):
        Scenario.from_dict(data)


def test_not_json_is_a_clear_error():
    with pytest.raises(ScenarioError, match="not a valid scenario file"):
        Scenario.from_json("{bins: 5")


def test_every_key_has_a_help_text():
    assert {f.name for f in fields(Scenario)} - {"extra"} == set(HELP)


# --- reading a scenario from a link, a file or the command line (read_scenario) ---

import json  # noqa: E402
import time  # noqa: E402
from datetime import date  # noqa: E402

from hypothesis import given, settings, strategies as st  # noqa: E402

from analytics.config import SETTINGS, fit_to_data, read_scenario  # noqa: E402
from analytics.scoring import score_customers  # noqa: E402
import pandas as pd  # noqa: E402

JSON = st.recursive(st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True) | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
                    max_leaves=12)
KEYS = ["as_of", "lookback_days", "bins", "score_method", "thresholds", "weights", "attributes", "tier_method", "tiers",
        "abc", "lifecycle", "clv", "playbook", "components", "points_end", "eight_class_split", "m_basis",
        "tier_within", "overrides", "clusters"]
# a component's options with the names the reader knows, holding any JSON (the shapes a hand-edited file has)
OPTION = st.dictionaries(st.sampled_from(["normalise", "missing", "direction", "edges", "points", "max_points",
                                          "column", "weight", "extra"]),
                         st.sampled_from(["binned", "percentile", "minmax", "thresholds", "points", "worst", "median",
                                          "exclude", "higher", "lower", "10-12"]) | JSON, max_size=5)
SCORECARD = st.fixed_dictionaries({}, optional={
    "weights": st.dictionaries(st.sampled_from(["R", "F", "M", "profit", "growth", "breadth", "quantity"]), JSON,
                               max_size=4),
    "components": st.dictionaries(st.sampled_from(["R", "growth", "interval_days", "nope"]), OPTION, max_size=3),
    "attributes": st.lists(OPTION.map(lambda o: {**o, "column": "industry"}), max_size=3),
    "overrides": st.dictionaries(st.text(max_size=6), st.fixed_dictionaries({}, optional={"tier": JSON, "reason": JSON}),
                                 max_size=3),
    "clusters": st.dictionaries(st.sampled_from(["method", "k", "seed", "columns", "x"]), JSON, max_size=4),
    "playbook": st.fixed_dictionaries({}, optional={"service": st.dictionaries(st.text(max_size=3), JSON, max_size=3)}),
})


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(KEYS), JSON, max_size=6))
def test_any_json_gives_a_usable_scenario_and_never_raises(data):
    scenario, notices = read_scenario(json.dumps(data))
    Scenario.from_dict(scenario.to_dict())  # passes the strict check
    assert all(n.message() for n in notices)


@settings(max_examples=400, deadline=None)
@given(SCORECARD)
def test_any_scorecard_gives_a_usable_scenario_that_scores(data):
    scenario, notices = read_scenario(json.dumps(data))
    Scenario.from_dict(scenario.to_dict())  # passes the strict check
    assert all(n.message() for n in notices)
    frame = pd.DataFrame({"customer_id": ["a", "b", "c"], "recency_days": [5, 50, 500], "frequency": [9, 3, 1],
                          "monetary": [900.0, 300.0, 10.0], "profit": [90.0, 30.0, -1.0], "growth": [0.5, None, -0.2],
                          "breadth": [3, 1, 1], "interval_days": [10.0, 40.0, None], "quantity": [30.0, 9.0, 1.0],
                          "industry": ["政府", None, "民营"]})
    got = score_customers(frame, scenario.with_changes(tier_method="score", tiers=(("A", 75.0), ("B", 0.0))))
    assert got["score"].between(0, 100).all() and got["score"].notna().all()


@pytest.mark.parametrize("data,expected", [
    ({"bins": 40}, {"bins": 10}),
    ({"bins": 1}, {"bins": 2}),
    ({"bins": 4.6}, {"bins": 5}),
    ({"weights": {"R": 600, "F": -1, "M": 2}}, {"weights": {"R": 100.0, "F": 0.0, "M": 2.0}}),
    ({"clv": {"horizon_months": 120, "margin": 1.5}}, {"clv": {"horizon_months": 36, "margin": 1.0, "discount_rate": 0.0,
                                                                 "value_shares": [0.1, 0.2]}}),
    ({"lifecycle": {"at_risk_days": 400}}, {"lifecycle": {"churned_days": 365, "at_risk_days": 365, "loyal_purchases": 10,
                                                          "loyal_days": 90, "repeat_purchases": 2}}),
    ({"thresholds": {"R": [90, 30, 180, 365]}}, {"thresholds": {"R": [30.0, 90.0, 180.0, 365.0], "F": [2.0, 4.0, 8.0, 16.0],
                                                                "M": [1000.0, 5000.0, 20000.0, 100000.0]}}),
    ({"tiers": [["A", 120], ["B", 60], ["C", 10]]}, {"tiers": [["A", 100.0], ["B", 60.0], ["C", 0.0]]}),
    ({"lookback_days": -5}, {"lookback_days": None}),
])
def test_values_out_of_range_move_to_the_nearest_allowed(data, expected):
    scenario, notices = read_scenario(data)
    got = scenario.to_dict()
    assert {k: got[k] for k in expected} == expected
    assert notices and not any(n.refused for n in notices)


def test_a_wrong_shape_is_refused_and_the_rest_still_applies():
    scenario, notices = read_scenario({"abc": [0.9], "bins": 7, "weights": {"R": 2, "X": 1}})
    assert scenario.abc == (0.8, 0.95) and scenario.bins == 7 and scenario.weights == {"R": 2.0}
    assert [(n.key, n.code) for n in notices] == [("weights.X", "unknown"), ("abc", "shape")]


def test_a_ten_megabyte_scenario_is_refused_at_once():
    text = '{"note": "' + "x" * 10_000_000 + '"}'
    start = time.process_time()
    scenario, notices = read_scenario(text.encode())
    assert time.process_time() - start < 1.0 and scenario == Scenario()
    assert notices[0].message() == "the scenario has 10000012 characters, more than the limit of 64000; it was ignored " \
                                   "and the defaults apply."


def test_deep_nesting_is_refused_without_parsing():
    scenario, notices = read_scenario("[" * 30_000 + "]" * 30_000)
    assert scenario == Scenario() and notices[0].code == "too_deep"


def test_an_as_of_date_outside_the_data_moves_to_the_nearest_date():
    first, last = date(2023, 1, 1), date(2024, 6, 30)
    s, notices = fit_to_data(Scenario(as_of="2022-05-01"), first, last)
    assert s.as_of == "2023-01-01" and notices[0].message() == \
        "as_of: 2022-05-01 is outside the data (2023-01-01 to 2024-06-30); using 2023-01-01."
    s, notices = fit_to_data(Scenario(as_of="2030-01-01"), first, last)
    assert s.as_of is None and "using 2024-06-30" in notices[0].message()  # None: the latest order date
    s, notices = fit_to_data(Scenario(as_of="2024-01-01"), first, last)
    assert s.as_of == "2024-01-01" and notices == []


def test_shares_are_said_in_percent():
    _, notices = read_scenario({"clv": {"margin": 30}})
    assert notices[0].message() == "clv.margin: 3000% is above the maximum 100%; using 100%."


def test_every_setting_has_a_range_inside_which_its_default_lies():
    for key, s in SETTINGS.items():
        assert s.help, key
        if s.low is not None and isinstance(s.default, (int, float)) and s.default is not None:
            assert s.low <= s.default <= s.high, key
