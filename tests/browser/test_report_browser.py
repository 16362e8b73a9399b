"""The one-page report in a real Chromium: opened from disk with the network blocked, its charts draw; it prints to
A4 with the charts inside the page width; and the app's download button hands over the same kind of file."""
import re
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import expect

from analytics import ingest
from analytics.config import Scenario
from ui.report import CHART_WIDTH, build_report

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data"
HOSTILE = "<img src=http://x/y>"
A4_TEXT_WIDTH = 180 / 25.4 * 96  # CSS px: 210 mm less the two 15 mm margins of the report's @page
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    ingest.load_files(con, SAMPLE / "orders.csv", SAMPLE / "customers.csv")
    return con


def offline(page) -> list[str]:
    """Block every request that is not the file itself; returns the list of what was asked for."""
    asked = []

    def handle(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            asked.append(route.request.url)
            route.abort()
    page.route("**/*", handle)
    return asked


def open_report(page, path: Path) -> list[str]:
    asked = offline(page)
    page.goto(path.as_uri())
    charts = page.locator("figure.chart")
    expect(charts.first).to_be_visible()
    for i in range(charts.count()):  # every chart drawn: plotly's svg with its plot inside
        expect(charts.nth(i).locator("svg.main-svg").first).to_be_visible(timeout=30_000)
    return asked


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", pdf))


def first_page_png(pdf_path: Path, png_path: Path, page) -> None:
    """The PDF's first page as an image (pdftoppm), else the page as printed (print media at the A4 text width)."""
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf_path),
                        str(png_path.with_suffix(""))], check=True)
    else:
        page.screenshot(path=str(png_path), clip={"x": 0, "y": 0, "width": round(A4_TEXT_WIDTH),
                                                  "height": round(A4_TEXT_WIDTH * 267 / 180)})


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_draws_offline_and_prints_to_a4(page, con, tmp_path, shots_dir, lang):
    scenario = Scenario.from_dict({"tiers": [[HOSTILE, 75], ["B", 60], ["C", 0]]})
    path = tmp_path / f"report-{lang}.html"
    path.write_bytes(build_report(scenario, lang, "orders.csv", "<b>Q2</b> v3", con=con))
    asked = open_report(page, path)
    assert page.locator("figure.chart").count() == 4
    assert asked == []  # nothing fetched: plotly.js is in the file
    main = page.locator("main")
    expect(main.get_by_role("rowheader", name=HOSTILE, exact=True)).to_be_visible()  # text, not an image
    expect(main.get_by_text("<b>Q2</b> v3", exact=True)).to_be_visible()
    assert page.locator("img").count() == 0
    title = {"en": "Customer tiering report", "zh": "客户分层报告"}[lang]
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    page.screenshot(path=str(shots_dir / f"report-{lang}.png"), full_page=True)

    # printed: the charts fit the A4 text width, nothing sticks out sideways, no sidebar or page chrome
    page.emulate_media(media="print")
    page.set_viewport_size({"width": round(A4_TEXT_WIDTH), "height": 1200})
    widths = page.eval_on_selector_all("figure.chart svg.main-svg", "els => els.map(e => e.getBoundingClientRect().width)")
    assert widths and max(widths) <= CHART_WIDTH <= A4_TEXT_WIDTH
    assert page.evaluate("document.documentElement.scrollWidth") <= round(A4_TEXT_WIDTH)
    assert page.evaluate("getComputedStyle(document.querySelector('main')).boxShadow") == "none"
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF") and 3 <= pdf_pages(pdf) <= 6
    pdf_path = shots_dir / f"report-{lang}.pdf"
    pdf_path.write_bytes(pdf)
    first_page_png(pdf_path, shots_dir / f"report-{lang}-page1.png", page)


def test_the_app_hands_over_the_report(page, app_url, tmp_path):
    page.goto(f"{app_url}/?lang=zh")
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=90_000)
    page.get_by_test_id("stSidebar").get_by_text("方案文件").click()  # the button sits in the scenario box
    with page.expect_download(timeout=90_000) as d:
        page.get_by_role("button", name="下载报告（HTML）").click()
    assert d.value.suggested_filename == "tiering-report-2024-06-30.html"
    path = tmp_path / d.value.suggested_filename
    d.value.save_as(path)
    text = path.read_text(encoding="utf-8")
    assert "<h1>客户分层报告</h1>" in text and "内置示例数据" in text  # built off the script thread, in Chinese
    report = page.context.new_page()
    assert open_report(report, path) == []
    assert report.locator("figure.chart").count() == 4
    report.close()
