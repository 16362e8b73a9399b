"""The one-page report (ui/report.py): one self-contained HTML file, in both languages, with user text kept text."""
import base64
import json
import re
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pytest
from plotly.offline import get_plotlyjs
from streamlit.testing.v1 import AppTest

from analytics import ingest
from analytics.clv import backtest
from analytics.config import Scenario
from analytics.lifecycle import LifecycleRules, customer_stages, funnel
from analytics.migration import migrate, transition_matrix
from analytics.report_data import backtest_cutoff, report_data
from ui.report import build_report, saved_label, settings_rows, translator

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
HOSTILE = "<img src=http://x/y>"


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    ingest.load_files(con, SAMPLE / "orders.csv", SAMPLE / "customers.csv")
    return con


@pytest.fixture(scope="module")
def reports(con):
    return {lang: build_report(Scenario(), lang, "orders.csv", "Default · v1", con=con).decode("utf-8")
            for lang in ("en", "zh")}


def tier_row(page: str, name: str) -> list[str]:
    """The key-figures cells of a tier (its name as the report writes it)."""
    m = re.search(rf"<th scope='row'>{re.escape(name)}</th>((?:<td class='num'>[^<]*</td>)+)", page)
    assert m, name
    return re.findall(r"<td class='num'>([^<]*)</td>", m.group(1))


def figures(page: str) -> dict:
    """chart name -> (data, layout) of every Plotly.newPlot call in the page."""
    out, decoder = {}, json.JSONDecoder()
    for m in re.finditer(r'Plotly\.newPlot\(\s*"chart-(\w+)",\s*', page):
        data, end = decoder.raw_decode(page, m.end())
        layout, _ = decoder.raw_decode(page, re.compile(r",\s*").match(page, end).end())
        out[m.group(1)] = data, layout
    return out


def array(value) -> np.ndarray:
    """A figure's numbers as plotly writes them: a list, or a typed array (dtype, base64 bytes, shape)."""
    if isinstance(value, dict) and "bdata" in value:
        a = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        return a.reshape([int(n) for n in str(value["shape"]).split(",")]) if "shape" in value else a
    return np.asarray(value)


def titles(page: str) -> dict:
    return {name: layout["title"]["text"] for name, (_, layout) in figures(page).items()}


def test_the_report_needs_no_network(reports):
    for page in reports.values():
        assert page.startswith("<!DOCTYPE html>")
        tags = re.findall(r"<(?:script|link|img|iframe|source|video|audio|embed|object)\b[^>]*>", page, re.I)
        assert not [tag for tag in tags if re.search(r"\b(?:src|href|data)\s*=", tag, re.I)], tags
        assert not re.search(r"<link\b", page, re.I)
        assert not re.search(r"url\(\s*['\"]?https?:|@import", page.split("<script", 1)[0], re.I)  # the CSS


def test_plotly_js_is_embedded_exactly_once(reports):
    bundle = get_plotlyjs()
    for page in reports.values():
        assert page.count(bundle) == 1
        assert page.count("plotly.js v") == bundle.count("plotly.js v")  # no second copy of another build
        assert len(re.findall(r"Plotly\.newPlot\(", page)) == 4  # pyramid, segments, migration, funnel


def test_each_tier_shows_its_customers_as_analytics_scores_them(reports, sample_scoring):
    scored = sample_scoring(Scenario())
    counts = scored["tier"].astype(str).value_counts()
    assert counts.sum() == len(scored)
    for page in reports.values():
        for tier in ("A", "B", "C"):
            cells = tier_row(page, tier)
            assert cells[0] == f"{counts[tier]:,}"
            assert cells[1] == f"{counts[tier] / len(scored):.1%}"
            assert cells[3] == f"{scored.loc[scored['tier'].astype(str) == tier, 'monetary'].sum() / scored['monetary'].sum():.1%}"
        total = re.search(r"<tr class='total'><th scope='row'>[^<]*</th><td class='num'>([^<]*)</td>", page)
        assert total.group(1) == f"{len(scored):,}"


def test_the_figures_are_the_pages_figures(con):
    facts = report_data(con, Scenario())
    assert facts.as_of == date(2024, 6, 30) and facts.migration_from == date(2024, 3, 31)  # the quarter preset
    moves = migrate(con, Scenario(), date(2024, 3, 31), date(2024, 6, 30))
    assert facts.migration.equals(transition_matrix(moves, ["A", "B", "C"], "customers"))
    rules = LifecycleRules.of(Scenario())
    assert facts.funnel.equals(funnel(customer_stages(con, date(2024, 6, 30), rules), rules))
    assert list(facts.segments["segment"])[:1] == ["重要价值"]
    assert facts.totals["customers"] == int(facts.tiers["customers"].sum())


def test_the_header_and_sections(reports):
    en = reports["en"]
    assert "<h1>Customer tiering report</h1>" in en
    for text in ("orders.csv", "2024-06-30", "Default · v1", "Key figures per tier", "Lifecycle funnel"):
        assert text in en, text
    assert titles(en) == {"pyramid": "Tier pyramid", "segments": "Share of customers and revenue per segment",
                          "migration": "Transition matrix 2024-03-31 → 2024-06-30",
                          "funnel": "Funnel · % = conversion from the step before"}
    assert "id='backtest'" not in en  # none was run


def test_the_settings_section_says_every_key_in_plain_words(reports):
    en = reports["en"]
    settings = en[en.index("<section id='settings'"):]
    for label, value in [("As-of date", "the latest order date (2024-06-30)"), ("Score bins", "5"),
                         ("Binning", "Quantiles"), ("R edges (days)", "30, 90, 180, 365 (not used by Quantiles)"),
                         ("Recency (R)", "1 (33% of the score)"), ("Profit", "0 (0% of the score)"),
                         ("Tiers by", "Score thresholds"), ("Tier 1", "A · min. score 75"),
                         ("Class A closes at (cumulative revenue)", "80%"), ("Class B closes at (cumulative revenue)", "95%"),
                         ("Churned after (days without purchase)", "365"), ("Repeat from (purchases)", "2"),
                         ("Recommended action", "the built-in suggestions"), ("Horizon (months)", "12"),
                         ("Gross margin", "30%"), ("Annual discount rate", "0%"),
                         ("High value: top share of customers", "10%"), ("Mid value: next share", "20%")]:
        assert f"<tr><th scope='row'>{label}</th><td>{value}</td></tr>" in settings, label


def test_every_scenario_key_has_a_row():
    s = Scenario.from_dict({"as_of": "2024-05-31", "lookback_days": 365, "score_method": "threshold", "bins": 5,
                            "tier_method": "share", "tiers": [["Gold", 0.1], ["Silver", 0.25], ["Rest", 0.65]],
                            "attributes": [{"column": "industry", "weight": 2, "points": {"Education": 10}},
                                           {"column": "overdue_days", "weight": 0.5, "direction": "lower"}],
                            "playbook": {"stage": {"at_risk": "call"}, "tier": {"Gold": "visit"}},
                            "clv": {"margin": 0.25, "discount_rate": 0.08, "value_shares": [0.05, 0.15]},
                            "a_newer_key": [1, 2]})
    rows = dict(row for _, group in settings_rows(s, date(2024, 5, 31), translator("en")) for row in group)
    assert rows["As-of date"] == "2024-05-31"
    assert rows["Look-back window (days, 0 = all history)"] == "365"
    assert rows["R edges (days)"] == "30, 90, 180, 365"  # in use: no "not used"
    assert rows["Tier 1"] == "Gold · 10% of customers" and rows["Tier 3"] == "Rest · the rest of the customers"
    assert rows["Score component: industry"] == "weight 2 · points: Education 10"
    assert rows["Score component: overdue_days"] == "weight 0.5 · lower is better"
    assert rows["Recommended action · At risk"] == "call" and rows["Recommended action · Tier Gold"] == "visit"
    assert rows["Gross margin"] == "25%" and rows["Annual discount rate"] == "8%"
    assert rows["High value: top share of customers"] == "5%" and rows["Mid value: next share"] == "15%"
    assert rows["a_newer_key"] == "[1, 2]"
    zh = dict(row for _, group in settings_rows(s, date(2024, 5, 31), translator("zh")) for row in group)
    assert zh["毛利率"] == "25%" and zh["第 1 层"] == "Gold · 客户占比 10%"


def test_chinese_labels_in_chinese(reports):
    zh = reports["zh"]
    assert "<html lang='zh-CN'>" in zh
    for text in ("<h1>客户分层报告</h1>", "数据集", "各层级关键指标", "生命周期漏斗", "方案设置", "全部层级",
                 "<tr><th scope='row'>毛利率</th><td>30%</td></tr>"):
        assert text in zh, text
    assert titles(zh) == {"pyramid": "客户分层金字塔", "segments": "各类客户的客户占比与金额占比",
                          "migration": "迁移矩阵 2024-03-31 → 2024-06-30", "funnel": "漏斗 · 百分比为相对上一步的转化率"}
    segments, _ = figures(zh)["segments"]
    assert segments[0]["y"][0] == "重要价值" and segments[0]["name"] == "客户占比"
    funnel_data, _ = figures(zh)["funnel"]
    assert funnel_data[0]["y"] == ["已知客户", "首次购买", "购买 2 次以上", "购买 10 次以上（忠诚门槛）"]
    for english in ("Key figures per tier", "Scenario settings", "Tier pyramid", "Gross margin", "Key value"):
        assert english not in zh, english


def test_user_text_is_escaped_everywhere(con):
    tiers = [[HOSTILE, 75], ["</script><b>B</b>", 60], ["C & D", 0]]
    s = Scenario.from_dict({"tiers": tiers, "playbook": {"tier": {HOSTILE: "<img src=http://x/p>"}},
                            "attributes": [{"column": "industry", "weight": 1, "points": {"<i>x</i>": 5}}]})
    page = build_report(s, "en", "<b>orders</b>.csv", "<script>alert(1)</script>", con=con).decode("utf-8")
    for raw in (HOSTILE, "<img src=http://x/p>", "<b>B</b>", "<b>orders</b>", "<i>x</i>", "alert(1)</script>"):
        assert raw not in page, raw
    assert page.count("<script") == page.count("</script>") == 5  # plotly.js and the four charts, nothing injected
    assert not re.search(r"<img\b", page, re.I)
    assert tier_row(page, "&lt;img src=http://x/y&gt;")  # as text in the key figures
    assert "&lt;b&gt;orders&lt;/b&gt;.csv" in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "C &amp; D" in page
    pyramid, layout = figures(page)["pyramid"]
    assert pyramid[0]["name"] == "&lt;img src=http://x/y&gt;"  # plotly shows the entity as the text typed
    matrix, _ = figures(page)["migration"]
    assert matrix[0]["y"][:2] == ["&lt;img src=http://x/y&gt;", "&lt;/script&gt;&lt;b&gt;B&lt;/b&gt;"]
    rows = dict(row for _, group in settings_rows(s, date(2024, 6, 30), translator("en")) for row in group)
    assert rows["Tier 1"] == "&lt;img src=http://x/y&gt; · min. score 75"
    assert rows["Recommended action · Tier &lt;img src=http://x/y&gt;"] == "&lt;img src=http://x/p&gt;"


def test_a_backtest_run_in_the_session_is_added(con):
    bt = backtest(con, date(2023, 12, 31), date(2024, 6, 30))
    assert backtest_cutoff(bt) == date(2023, 12, 31)
    page = build_report(Scenario(), "en", "sample", backtest=bt, con=con).decode("utf-8")
    section = page[page.index("<section id='backtest'"):page.index("<section id='settings'")]
    assert "Backtest: would the model have been right?" in section
    assert f"they made {bt.totals.actual:,}" in section
    charts = figures(page)
    assert set(charts) == {"pyramid", "segments", "migration", "funnel", "tracking", "by_x"}
    assert charts["tracking"][1]["annotations"][0]["text"] == "Fitted on purchases up to 2023-12-31"


def test_an_early_date_still_makes_a_report(con):
    # a quarter before the first order: every customer of the matrix is new
    page = build_report(Scenario(as_of="2021-08-15"), "zh", "sample", con=con).decode("utf-8")
    assert titles(page)["migration"] == "迁移矩阵 2021-05-15 → 2021-08-15"
    matrix, _ = figures(page)["migration"]
    z = array(matrix[0]["z"])
    assert z[:-1].sum() == 0 and z[-1].sum() > 0  # no tier a quarter before: every customer is new


def test_build_report_needs_figures_or_a_database():
    with pytest.raises(ValueError):
        build_report(Scenario(), "en", "sample")


def test_a_saved_scenario_names_itself_and_says_when_it_changed():
    en, zh = translator("en"), translator("zh")
    saved = Scenario()
    assert saved_label(None, saved, en) is None
    assert saved_label(("Q2 plan", 3, saved), saved, en) == "Q2 plan, version 3"
    assert saved_label(("Q2 plan", 3, saved), saved, zh) == "Q2 plan，第 3 版"
    moved = saved.with_changes(bins=4)
    assert saved_label(("Q2 plan", 3, saved), moved, en) == "Q2 plan, version 3, changed since (not saved)"


@pytest.mark.parametrize("lang, label", [("en", "Download report (HTML)"), ("zh", "下载报告（HTML）")])
def test_every_page_offers_the_report_in_the_sidebar(lang, label):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    buttons = [b for b in at.get("download_button") if b.proto.label == label]
    assert len(buttons) == 1 and buttons[0].proto.deferred_file_id  # built when clicked
