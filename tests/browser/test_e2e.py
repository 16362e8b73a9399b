"""The app in a real Chromium, as a user drives it: slider, upload, export, language, screenshots."""
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from playwright.sync_api import expect

from analytics import ingest
from analytics.config import Scenario
from analytics.features import customer_attributes, customer_features
from analytics.scoring import score_customers

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"
pytestmark = pytest.mark.browser


def idle(page):
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=60_000)
    page.wait_for_timeout(500)


def uploader(page, label: str):
    return page.get_by_test_id("stFileUploader").filter(has_text=label).get_by_test_id("stFileUploaderDropzoneInput")


def set_date(page, label: str, iso: str):
    """Type a date into st.date_input's year / month / day fields, as a keyboard user would."""
    year, month, day = iso.split("-")
    field = page.get_by_test_id("stDateInput").filter(has_text=label)
    for part, value in (("year", year), ("month", month), ("day", day)):
        field.get_by_role("spinbutton", name=f"{part}, {label}").focus()
        page.keyboard.type(value)
    page.get_by_role("heading", level=1).first.click()  # the field commits when it loses focus


def open_page(page, url, path=""):
    page.goto(f"{url}/{path}")
    idle(page)


LABELS_JS = ("() => { const c = document.querySelector('[data-testid=stPlotlyChart]');"
             " return c ? [...c.querySelectorAll('.annotation-text')].map(e => e.textContent).join(' | ') : ''; }")


def pyramid_labels(page) -> str:
    page.wait_for_function(f"() => ({LABELS_JS})() !== ''", timeout=60_000)
    return page.evaluate(LABELS_JS)


def test_moving_the_recency_weight_redraws_the_pyramid(page, app_url):
    open_page(page, app_url)
    before = pyramid_labels(page)
    assert re.search(r"\d customers[\d.]+% of customers[\d.]+% of revenue", before)
    slider = page.get_by_test_id("stSlider").filter(has_text="Recency (R)").get_by_role("slider")
    slider.focus()
    for _ in range(4):  # one step per rerun, as a user pressing the key would see
        slider.press("ArrowRight")
        idle(page)
    expect(slider).to_have_attribute("aria-valuetext", "3")  # weights sit on stops: the value is the stop's index
    idle(page)
    page.wait_for_function(f"b => {{ const t = ({LABELS_JS})(); return t !== '' && t !== b; }}", arg=before)
    after = pyramid_labels(page)
    assert after != before


def test_uploading_a_gbk_file_with_chinese_headers(page, app_url):
    open_page(page, app_url, "data")
    uploader(page, "Orders file").set_input_files(str(SAMPLE / "orders_zh_gbk.csv"))
    expect(page.get_by_text("Column mapping")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("encoding gb18030").first).to_be_visible()
    page.get_by_role("button", name="Check and load").click()
    expect(page.get_by_text("Loaded orders_zh_gbk.csv")).to_be_visible(timeout=60_000)
    idle(page)
    rows = len(ingest.read_table((SAMPLE / "orders_zh_gbk.csv").read_bytes(), "orders_zh_gbk.csv").frame)
    expect(page.get_by_text(f"{rows:,} rows read = ")).to_be_visible()


def test_exporting_the_a_tier_downloads_exactly_its_customers(page, app_url, tmp_path):
    con = duckdb.connect()
    ingest.load_files(con, SAMPLE / "orders.csv", SAMPLE / "customers.csv")
    scored = score_customers(customer_features(con), Scenario(), customer_attributes(con))
    expected = set(scored.loc[scored["tier"].astype(str) == "A", "customer_id"])
    open_page(page, app_url, "export")
    expect(page.get_by_text(f"{len(expected):,} customers selected")).to_be_visible()
    with page.expect_download() as d:
        page.get_by_role("button", name="Download CSV").click()
    path = tmp_path / "a.csv"
    d.value.save_as(path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    got = pd.read_csv(path, dtype={"customer_id": str}, encoding="utf-8-sig")
    assert set(got["customer_id"]) == expected and len(got) == len(expected)
    assert set(got["tier"]) == {"A"}


def test_a_list_for_people_has_chinese_headers_and_labels(page, app_url, tmp_path):
    from analytics.lifecycle import customer_stages
    con = duckdb.connect()
    ingest.load_files(con, SAMPLE / "orders.csv", SAMPLE / "customers.csv")
    scored = score_customers(customer_features(con), Scenario(), customer_attributes(con))
    stages = customer_stages(con).set_index("customer_id")["stage"]
    a_tier = scored.loc[scored["tier"].astype(str) == "A", "customer_id"]
    open_page(page, app_url, "export?lang=zh")
    page.get_by_test_id("stCheckbox").filter(has_text="表头与取值写成中文").click()
    idle(page)
    with page.expect_download() as d:
        page.get_by_role("button", name="下载 CSV").click()
    path = tmp_path / "a_zh.csv"
    d.value.save_as(path)
    got = pd.read_csv(path, dtype={"客户编号": str}, encoding="utf-8-sig")
    assert {"客户编号", "层级", "生命周期阶段"} <= set(got.columns) and "customer_id" not in got.columns
    assert set(got["客户编号"]) == set(a_tier)
    names = {"loyal": "忠诚客户", "repeat": "老客户", "new": "新客户", "at_risk": "沉睡客户", "churned": "流失客户"}
    assert got.set_index("客户编号")["生命周期阶段"].to_dict() == {c: names[stages[c]] for c in a_tier}


def test_language_switch_and_screenshots_of_every_page(page, app_url, shots_dir):
    for lang, switch in (("en", None), ("zh", "中文")):
        open_page(page, app_url)
        if switch:
            page.get_by_text(switch, exact=True).first.click()
            idle(page)
        nav = page.get_by_test_id("stSidebarNav").get_by_role("link")
        for i in range(nav.count()):
            nav.nth(i).click()
            idle(page)
            page.screenshot(path=str(shots_dir / f"{i + 1:02d}-{lang}.png"))
        if lang == "zh":
            nav.nth(1).click()
            idle(page)
            expect(page.get_by_text("客户分层金字塔").first).to_be_visible()
            expect(page.get_by_text("Tier pyramid")).to_have_count(0)


def test_the_chosen_language_survives_reloading_the_bare_address(page, app_url):
    open_page(page, app_url, "data")
    expect(page.get_by_test_id("stFileUploaderDropzone").first).to_contain_text("Upload")
    page.get_by_text("中文", exact=True).first.click()
    idle(page)
    open_page(page, app_url, "data")  # no ?lang= in the address: a new session
    expect(page.get_by_role("heading", name="数据与质量")).to_be_visible()
    dropzone = page.get_by_test_id("stFileUploaderDropzone").first
    expect(dropzone.locator("button p")).to_have_css("font-size", "0px")  # Streamlit's English text hidden ...
    shown = dropzone.evaluate("z => getComputedStyle(z.querySelector('button p'), '::after').content")
    assert shown == '"选择文件"'  # ... and the Chinese one shown in its place
    page.get_by_text("English", exact=True).first.click()
    idle(page)
    open_page(page, app_url, "data")
    expect(page.get_by_role("heading", name="Data and quality")).to_be_visible()


def test_a_chinese_browser_starts_in_chinese(browser, app_url):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        open_page(page, app_url, "data")
        expect(page.get_by_role("heading", name="数据与质量")).to_be_visible()
    finally:
        context.close()


def test_a_saved_scenario_file_restores_the_settings(page, app_url, tmp_path):
    scenario = Scenario.from_dict({"weights": {"R": 3, "F": 1, "M": 1}, "tier_method": "share",
                                   "tiers": [["VIP", 0.1], ["Key", 0.2], ["Other", 0.7]]})
    path = tmp_path / "workshop.json"
    path.write_text(scenario.to_json(), encoding="utf-8")
    open_page(page, app_url)
    page.get_by_text("Scenario file").click()
    uploader(page, "Load a scenario").set_input_files(str(path))
    expect(page.get_by_text("Tier VIP · customers")).to_be_visible(timeout=60_000)
    idle(page)
    slider = page.get_by_test_id("stSlider").filter(has_text="Recency (R)").get_by_role("slider")
    expect(slider).to_have_attribute("aria-valuetext", "3")  # weights sit on stops: the value is the stop's index
    con = duckdb.connect()
    ingest.load_files(con, SAMPLE / "orders.csv", SAMPLE / "customers.csv")
    vip = int((score_customers(customer_features(con), scenario, customer_attributes(con))["tier"] == "VIP").sum())
    card = page.get_by_test_id("stMetric").filter(has_text="Tier VIP · customers")
    expect(card.get_by_test_id("stMetricValue")).to_have_text(f"{vip:,}")
    # the file the app offers back is the scenario as it is now, after one more slider step
    slider.focus()
    slider.press("ArrowRight")
    idle(page)
    page.get_by_text("Scenario file", exact=True).click()
    with page.expect_download() as d:
        page.get_by_role("button", name="Save scenario").click()
    saved = tmp_path / "saved.json"
    d.value.save_as(saved)
    assert Scenario.from_json(saved.read_bytes()) == scenario.with_changes(weights={"R": 3.5, "F": 1.0, "M": 1.0,
                                                                                   "profit": 0.0})


CHART_TEXT_JS = ("k => { const c = document.querySelectorAll('[data-testid=stPlotlyChart]')[k];"
                 " return c ? [...c.querySelectorAll('svg')].map(s => s.textContent).join(' ') : ''; }")


def test_migration_dates_change_the_matrix_and_a_cell_list_exports(page, app_url, tmp_path):
    from datetime import date

    from analytics.migration import cell, migrate
    open_page(page, app_url, "migration")
    page.wait_for_function(f"() => ({CHART_TEXT_JS})(0).includes('Transition matrix')", timeout=60_000)
    before = page.evaluate(CHART_TEXT_JS, 0)
    assert "Transition matrix 2024-03-31 → 2024-06-30" in before
    set_date(page, "To", "2024-03-31")
    page.wait_for_function(f"() => ({CHART_TEXT_JS})(0).includes('2023-12-31 → 2024-03-31')", timeout=60_000)
    idle(page)
    assert page.evaluate(CHART_TEXT_JS, 0) != before
    con = duckdb.connect()
    ingest.load_files(con, SAMPLE / "orders.csv", SAMPLE / "customers.csv")
    want = cell(migrate(con, Scenario(), date(2023, 12, 31), date(2024, 3, 31)), "A", "B")
    expect(page.get_by_text(f"{len(want):,} customers moved from A to B")).to_be_visible()
    with page.expect_download() as d:
        page.get_by_role("button", name="Download CSV").click()
    path = tmp_path / "cell.csv"
    d.value.save_as(path)
    got = pd.read_csv(path, encoding="utf-8-sig", dtype={"customer_id": str})
    assert got["customer_id"].tolist() == want["customer_id"].tolist()
    assert set(got["tier_from"]) == {"A"} and set(got["tier_to"]) == {"B"} and "industry" in got.columns


def test_lifecycle_rules_move_customers_between_stages(page, app_url):
    open_page(page, app_url, "lifecycle")
    card = page.get_by_test_id("stMetric").filter(has_text="At risk").get_by_test_id("stMetricValue")
    expect(card).not_to_have_text("")
    before = card.text_content()
    box = page.get_by_test_id("stNumberInput").filter(has_text="At risk after").locator("input")
    box.fill("90")
    box.press("Enter")
    expect(card).not_to_have_text(before, timeout=60_000)
    idle(page)
    assert int(card.text_content().replace(",", "")) > int(before.replace(",", ""))


def test_a_bookmarked_page_works_as_the_first_request_to_a_fresh_server(page, fresh_app_url):
    open_page(page, fresh_app_url, "migration")
    expect(page.get_by_role("heading", name="Migration between tiers")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link")).to_have_count(12)  # every page but the hidden ones


def test_a_link_to_the_tiers_page_by_name_opens_it(page, fresh_app_url):
    open_page(page, fresh_app_url, "tiers?lang=zh")
    expect(page.get_by_role("heading", name="客户分层", exact=True)).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    expect(page.get_by_test_id("stSidebarNav").get_by_role("link")).to_have_count(12)  # every page but the hidden ones
    assert "/tiers" not in page.url and "lang=zh" in page.url


def test_value_backtest_and_a_value_tier_export(page, app_url, tmp_path):
    from datetime import date

    from analytics import clv
    con = duckdb.connect()
    ingest.load_files(con, SAMPLE / "orders.csv", SAMPLE / "customers.csv")
    open_page(page, app_url, "value")
    verdict = page.get_by_test_id("stAlert").filter(has_text="From the cut-off to")
    expect(verdict).to_be_visible(timeout=60_000)
    set_date(page, "Cut-off date", "2024-01-31")
    bt = clv.backtest(con, date(2024, 1, 31), date(2024, 6, 30))
    expect(verdict).to_contain_text(f"they made {bt.totals.actual:,}", timeout=60_000)
    expect(verdict).to_contain_text("to 2024-06-30 (21.6 weeks)")  # 151 days
    idle(page)
    values = clv.customer_value(con, None, Scenario().clv).values
    high = set(values.loc[clv.value_tiers(values["clv"]) == "high", "customer_id"])
    with page.expect_download() as d:
        page.get_by_role("button", name="Download CSV").click()
    path = tmp_path / "high.csv"
    d.value.save_as(path)
    got = pd.read_csv(path, encoding="utf-8-sig", dtype={"customer_id": str})
    assert set(got["customer_id"]) == high and len(got) == len(high)
    assert set(got["value_tier"]) == {"high"} and {"stage", "p_alive", "clv"} <= set(got.columns)
