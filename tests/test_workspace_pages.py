"""The Workspace page, links to saved views and the team passcode, headless with AppTest on the bundled
sample and a real workspace file in a temporary directory."""
import json

import pytest

from analytics.config import Scenario
from ui import workspace as ws_ui
from apptest import open_app



@pytest.fixture
def ws_path(tmp_path, monkeypatch):
    path = tmp_path / "team.duckdb"
    monkeypatch.setenv("TIERING_WORKSPACE", str(path))
    ws_ui._workspace.clear()
    yield path
    ws_ui._workspace.clear()


app = open_app


def tier_counts(at) -> dict:
    return {m.label: m.value for m in at.metric}


def test_a_saved_view_reopens_from_its_link(ws_path):
    at = app({"scenario": json.dumps({"weights": {"R": 1, "F": 1, "M": 2}})}, "pages/workspace.py")
    at.text_input(key="ws_author_box").set_value("Wang").run()
    at.text_input(key="ws_ds_name").set_value("north").run()
    at.button(key="ws_ds_save").click().run()
    assert not at.exception, at.exception
    at.text_input(key="ws_sc_name").set_value("Plan A").run()
    at.text_input(key="ws_sc_note").set_value("more weight on spend").run()
    at.button(key="ws_sc_save").click().run()
    assert not at.exception, at.exception
    assert at.query_params["sc"] == "Plan A@1" and at.query_params["dataset"] == "north"
    assert "scenario" not in at.query_params  # a saved version is named, not spelled out

    from workspace import Workspace
    ws = Workspace(ws_path)
    assert [d.name for d in ws.datasets()] == ["north"]
    (version,) = ws.versions("Plan A")
    assert (version.number, version.author, version.note, version.dataset) == (1, "Wang", "more weight on spend", "north")

    first = app({"scenario": json.dumps({"weights": {"R": 1, "F": 1, "M": 2}})})
    again = app({"sc": "Plan A@1", "dataset": "north"})
    assert again.session_state["scenario"].normalised_weights() == {"R": 0.25, "F": 0.25, "M": 0.5}
    assert again.session_state["dataset"].name == "north"
    assert tier_counts(again) == tier_counts(first)


def test_a_link_to_a_deleted_scenario_says_so(ws_path):
    at = app({"sc": "Gone@2"})
    shown = " ".join(w.value for w in at.warning).replace("\\", "").replace("\u200b", "")
    assert "This link names the saved scenario Gone, which cannot be opened" in shown


def test_versions_show_who_changed_what(ws_path):
    from workspace import Workspace
    ws = Workspace(ws_path)
    ws.save_scenario("Plan B", Scenario(), author="Li", note="start")
    ws.save_scenario("Plan B", Scenario(weights={"R": 1, "F": 1, "M": 2}), author="Wang", note="spend")
    at = app(page="pages/workspace.py")
    at.selectbox(key="ws_sc_pick").set_value("Plan B").run()
    table = at.dataframe[0].value  # no data set saved: the scenarios, then the versions
    versions = at.dataframe[-1].value
    assert list(versions.iloc[:, 1]) == ["Li", "Wang"]
    assert versions["changes"].iloc[1] == "weights.M 1 -> 2"
    assert len(table) == 1
    at.selectbox(key="ws_sc_version").set_value(1).run()
    at.button(key="ws_sc_open").click().run()
    assert at.session_state["scenario"] == Scenario()


def test_publishing_gives_the_export_a_previous_tier(ws_path):
    at = app(page="pages/workspace.py")
    at.text_input(key="ws_author_box").set_value("Wang").run()
    at.text_input(key="ws_sc_name").set_value("Plan C").run()
    at.button(key="ws_sc_save").click().run()
    at.button(key="ws_publish").click().run()
    assert not at.exception, at.exception
    from workspace import Workspace
    (pub,) = Workspace(ws_path).publications()
    assert (pub.scenario, pub.version, pub.customers) == ("Plan C", 1, 2693)
    at.switch_page("pages/export.py").run()
    assert not at.exception, at.exception
    assert {"previous_tier", "tier_changed_on"} <= set(at.multiselect(key="exp_columns").value)


def test_a_team_passcode_guards_every_page(ws_path, monkeypatch):
    monkeypatch.setenv("TIERING_PASSCODE", "north-2026")
    at = app()
    assert [t.value for t in at.title] == ["Tiering workbench"] and not at.metric
    at.text_input[0].input("wrong")
    at.button[0].click().run()  # typed and submitted together, as in a form
    assert any("not right" in e.value for e in at.error) and not at.metric
    at.text_input[0].input("north-2026")
    at.button[0].click().run()
    assert at.title[0].value == "Customer tiers" and at.metric
