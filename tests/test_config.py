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
