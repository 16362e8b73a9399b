"""The Scorecard page as a user drives it: a preset, a normalisation, a bad points cell, undo, prospects."""
import duckdb
import pytest

from analytics import ingest
from analytics.config import read_scenario
from analytics.features import customer_attributes, customer_features
from analytics.presets import preset_for
from analytics.scorecard import prospect_grades
from analytics.scoring import score_customers, tier_summary
from tests.apptest import ROOT, open_app


@pytest.fixture(scope="module")
def sample():
    con = duckdb.connect()
    ingest.load_files(con, str(ROOT / "sample_data/orders.csv"), str(ROOT / "sample_data/customers.csv"))
    lines = [r[0] for r in con.execute("DESCRIBE transactions").fetchall()]
    return customer_features(con), customer_attributes(con), lines


def expected_tiers(sample, name):
    features, attrs, lines = sample
    scenario, _ = read_scenario(preset_for(name, list(attrs.columns), lines)[0])
    return scenario, tier_summary(score_customers(features, scenario, attrs)).set_index("tier")["customers"].to_dict()


def scorecard_page(lang="en"):
    return open_app({"lang": lang}, "pages/scorecard.py")


def shown_tiers(at) -> dict:
    table = next(df.value for df in at.dataframe if "revenue_share" in df.value.columns)
    return dict(zip(table["tier"], table["customers"]))


def test_the_six_criterion_preset_scores_as_the_analytics_do(sample):
    at = scorecard_page()
    at.selectbox(key="sc_preset_pick").set_value("six_criteria").run()
    at.button(key="sc_preset_apply").click().run()
    assert not at.exception
    scenario, counts = expected_tiers(sample, "six_criteria")
    assert shown_tiers(at) == counts
    assert "The weights add up to 100: the score is the points total." in [c.value for c in at.caption]
    assert at.multiselect(key="w_sc_components").value == ["profit", "growth", "attr:ownership", "attr:size",
                                                           "attr:relationship", "attr:strategic_importance"]
    # the Tiers page shows the same tiers
    at.switch_page("pages/tiers.py").run()
    assert not at.exception
    weights = at.session_state["scenario"].weights  # its sliders keep the card (R, F, M at 0)
    assert {k: v for k, v in weights.items() if v} == {"profit": 15.0, "growth": 15.0}
    assert len(at.session_state["scenario"].attributes) == 4


def test_undo_restores_the_scorecard_before_the_preset(sample):
    at = scorecard_page()
    before = at.session_state["scenario"]
    at.selectbox(key="sc_preset_pick").set_value("credit_amount_profit").run()
    at.button(key="sc_preset_apply").click().run()
    assert shown_tiers(at) == expected_tiers(sample, "credit_amount_profit")[1]
    at.button(key="sc_preset_undo").click().run()
    assert at.session_state["scenario"] == before


def test_a_normalisation_change_rescores_and_bad_thresholds_are_said(sample):
    at = scorecard_page()
    norm = next(s.key for s in at.selectbox if s.key and s.key.startswith("w_sc_norm_") and s.value == "binned")
    at.selectbox(key=norm).set_value("percentile").run()
    assert not at.exception
    assert at.session_state["scenario"].components == {"R": {"normalise": "percentile"}}
    in_force = at.session_state["scenario"]
    at.selectbox(key=norm).set_value("thresholds").run()  # no thresholds typed yet
    errors = [e.value for e in at.error]
    assert any("thresholds must be 1-20 numbers in ascending order: not applied" in e for e in errors), errors
    assert at.session_state["scenario"] == in_force  # the rules still in force
    edges = next(w.key for w in at.text_input if w.key and w.key.startswith("w_sc_edges_"))
    at.text_input(key=edges).input("365, 180, 90").run()  # days, fewer is better: must still ascend
    assert any("thresholds must be" in e.value for e in at.error)
    at.text_input(key=edges).input("90, 180, 365").run()
    assert not at.error
    assert at.session_state["scenario"].components == {"R": {"normalise": "thresholds", "edges": [90.0, 180.0, 365.0]}}


def test_the_page_speaks_chinese():
    at = scorecard_page()
    at.session_state["lang"] = "zh"  # what the sidebar's switch sets (AppTest omits the sidebar after a page switch)
    at.run()
    assert at.title[0].value == "评分卡"
    assert "六项打分卡（100 分）" in at.selectbox(key="sc_preset_pick").options


def test_prospects_are_graded_on_the_lifecycle_page(sample):
    at = scorecard_page()
    at.selectbox(key="sc_preset_pick").set_value("six_criteria").run()
    at.button(key="sc_preset_apply").click().run()
    at.switch_page("pages/lifecycle.py").run()
    assert not at.exception
    features, attrs, _ = sample
    scenario = at.session_state["scenario"]
    grades = prospect_grades(attrs, features["customer_id"], scenario)
    table = next(df.value for df in at.dataframe if "prospects" in df.value.columns)
    assert table["prospects"].sum() == len(grades) == 307
    assert abs(table["share"].sum() - 100) < 1e-9  # percents of the prospects, as the progress bars read them
    assert dict(zip(table["grade"], table["prospects"])) == grades["prospect_grade"].value_counts().reindex(
        ["A", "B", "C"], fill_value=0).to_dict()


def test_the_quality_report_counts_the_components_without_a_value(sample):
    features, attrs, _ = sample
    at = scorecard_page()
    at.selectbox(key="sc_preset_pick").set_value("six_criteria").run()
    at.button(key="sc_preset_apply").click().run()
    at.switch_page("pages/data.py").run()
    assert not at.exception
    table = next(df.value for df in at.dataframe if "missing" in df.value.columns)
    # growth: customers whose first purchase is within the last 12 months, or with no sales in the base
    assert dict(zip(table["component"], table["missing"])) == {"Sales growth": int(features["growth"].isna().sum())}
    assert table["policy"].tolist() == ["median"]
    at.switch_page("pages/scorecard.py").run()
    at.selectbox(key="sc_preset_pick").set_value("rfm").run()
    at.button(key="sc_preset_apply").click().run()
    at.switch_page("pages/data.py").run()
    assert "Every scored customer has a value for each of the score's 3 components." in [c.value for c in at.caption]


@pytest.mark.parametrize("scenario, notice", [
    ({"weights": {"growth": 5}, "components": {"growth": {"normalise": "thresholds"}}},
     "components.growth.normalise: 'thresholds' is not of the expected form"),
    ({"attributes": [{"column": "size", "weight": 15, "points": {"Large": "lots"}}]},
     "attributes.size.points.Large: 'lots' is not of the expected form"),
    ({"components": {"nope": {"normalise": "percentile"}}}, "components.nope: not a known setting; ignored."),
    ({"weights": {"breadth": 1}, "m_basis": "weight"}, "m_basis: 'weight' is not of the expected form"),
    ({"overrides": {"C00004": {"tier": "Z", "reason": "gone"}}}, None),
])
def test_a_hostile_scorecard_link_opens_with_its_notice(scenario, notice):
    import json
    at = open_app({"scenario": json.dumps(scenario)}, "pages/scorecard.py")
    assert not at.exception
    # what the reader sees: Markdown escapes and zero-width breaks taken out
    shown = "\n".join(e.value for e in list(at.warning) + list(at.info)).replace("\u200b", "").replace("\\", "")
    if notice:
        assert notice in shown, shown
    at.switch_page("pages/tiers.py").run()
    assert not at.exception
