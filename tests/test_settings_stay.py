"""Settings that stay: the tier inputs keep what the user set across count, method and naming changes,
and a scenario from a link or file refreshes every input."""
import json

from streamlit.testing.v1 import AppTest

from ui.controls import resized_tiers
from apptest import open_app



def app(scenario: dict | None = None) -> AppTest:
    return open_app({"scenario": json.dumps(scenario, ensure_ascii=False)} if scenario else None)


def tier_inputs(at) -> list[tuple[str, float]]:
    names = [w for w in at.text_input if w.key and w.key.startswith("w_tname_")]
    values = [w for w in at.number_input if w.key and (w.key.startswith("w_tmin_") or w.key.startswith("w_tshare_"))]
    return [(n.value, v.value) for n, v in zip(names, values)]


def test_resizing_keeps_names_and_thresholds():
    tiers = (("Key", 80.0), ("Grow", 55.0), ("Rest", 0.0))
    assert resized_tiers(tiers, "score", "score", 4) == (("Key", 80.0), ("Grow", 55.0), ("Rest", 27.5), ("A", 0.0))
    assert resized_tiers(tiers, "score", "score", 2) == (("Key", 80.0), ("Grow", 0.0))
    shares = (("VIP", 0.1), ("重要", 0.3), ("普通", 0.6))
    assert resized_tiers(shares, "share", "share", 4) == (("VIP", 0.1), ("重要", 0.3), ("普通", 0.3), ("一般", 0.3))


def test_a_new_tier_count_keeps_the_thresholds_already_set():
    at = app({"tiers": [["Key", 80], ["Grow", 55], ["Rest", 0]]})
    at.number_input(key="w_tier_count").set_value(4).run()
    assert not at.exception
    assert tier_inputs(at) == [("Key", 80.0), ("Grow", 55.0), ("Rest", 27.5), ("A", 0.0)]
    at.number_input(key="w_tier_count").set_value(3).run()
    assert tier_inputs(at) == [("Key", 80.0), ("Grow", 55.0), ("Rest", 0.0)]  # remembered, not a preset


def test_typed_names_survive_a_count_change_and_a_preset_can_be_undone():
    at = app()
    at.text_input(key="w_tname_0_0").set_value("Strategic").run()
    at.number_input(key="w_tier_count").set_value(4).run()
    assert [n for n, _ in tier_inputs(at)][:1] == ["Strategic"]
    pick = [s for s in at.selectbox if s.key and s.key.startswith("naming_")][0]
    pick.set_value("钻石").run()
    assert [n for n, _ in tier_inputs(at)] == ["钻石", "金", "银", "铜"]
    undo = [b for b in at.button if b.key and b.key.startswith("naming_undo_")][0]
    undo.click().run()
    assert [n for n, _ in tier_inputs(at)][0] == "Strategic"


def test_a_scenario_link_sets_every_tier_input():
    at = app({"tier_method": "share", "tiers": [["VIP", 0.05], ["重要", 0.15], ["普通", 0.3], ["潜在", 0.5]]})
    assert tier_inputs(at) == [("VIP", 5.0), ("重要", 15.0), ("普通", 30.0), ("潜在", 50.0)]
    assert at.number_input(key="w_tier_count").value == 4 and at.radio(key="w_tier_method").value == "share"


def test_shares_over_100_percent_are_said_with_the_tiers_in_force():
    at = app({"tier_method": "share"})
    share = [w for w in at.number_input if w.key and w.key.startswith("w_tshare_")][0]
    share.set_value(95.0).run()
    shown = " ".join(e.value.replace("\\", "").replace("\u200b", "") for e in at.error)
    assert shown == "Tier shares add up to 115% (more than 100%): not applied. In force: A 10% · B 20% · C 70%."


PAGES = ["pages/scorecard.py", "pages/lifecycle.py", "pages/migration.py", "pages/value.py", "pages/export.py",
         "pages/managers.py", "pages/compare.py", "pages/segments.py", "pages/workspace.py", "pages/tiers.py",
         "pages/scorecard.py", "pages/tiers.py"]


def test_visiting_every_page_leaves_the_settings_as_they_were(tmp_path, monkeypatch):
    from ui import workspace as ws_ui
    monkeypatch.setenv("TIERING_WORKSPACE", str(tmp_path / "team.duckdb"))  # a browser test's server may hold the shared one
    ws_ui._workspace.clear()
    # a widget keyed the same on two pages (the tier rules on Tiers and Scorecard) used to start at its minimum
    # on the second page and rewrite the scenario: 2 tiers, ABC at 1% / 2%
    scenario = {"lookback_days": 365, "weights": {"R": 2, "F": 1, "M": 3, "growth": 1.5},
                "tier_method": "share", "tiers": [["VIP", 0.05], ["Key", 0.15], ["Grow", 0.3], ["Rest", 0.5]],
                "tier_within": "region", "abc": [0.7, 0.9], "eight_class_split": "median",
                "lifecycle": {"churned_days": 300, "at_risk_days": 120}}
    at = app(scenario)
    # a weight of 0 and no weight are the same setting (the sidebar writes profit 0, the Scorecard page omits it)
    used = lambda s: s.with_changes(weights={k: v for k, v in s.weights.items() if v})
    before = used(at.session_state["scenario"])
    assert before.tiers[0] == ("VIP", 0.05) and before.abc == (0.7, 0.9)
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, (page, at.exception)
        assert used(at.session_state["scenario"]) == before, page
