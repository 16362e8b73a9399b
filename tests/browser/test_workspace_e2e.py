"""The workspace in real browsers: one user uploads, saves the data set and a scenario and copies the
address; another browser opens it and sees the same tiers; after a server restart the link still works."""
import re

import pytest
from conftest import serve
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def idle(page):
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=90_000)
    page.wait_for_timeout(500)


def nav(page, label):
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=label).click()
    idle(page)


def click(page, key):
    """The button of a keyed widget (its help tooltip wraps a second, hidden one)."""
    page.locator(f".st-key-{key} button:visible").first.click()
    idle(page)


def fill(page, key, text):
    box = page.locator(f".st-key-{key} input")
    box.fill(text)
    box.press("Enter")
    idle(page)


def cards(page) -> list[str]:
    """The tier cards' labels and counts, once they read the same twice in a row (the page has settled)."""
    idle(page)
    seen = None
    for _ in range(60):
        now = page.locator(".st-key-tier_cards [data-testid=stMetric]").all_inner_texts()
        if now and now == seen and all(text.strip() for text in now):
            return now
        seen = now
        page.wait_for_timeout(1000)
    return seen or []


def orders_csv(path):
    lines = ["customer_id,order_date,amount"]
    for i in range(60):  # 60 customers with spread recency, frequency and spend
        for k in range(1 + i % 5):
            lines.append(f"N{i:03d},2024-{1 + (i + k) % 6:02d}-{1 + (i * 7 + k) % 27:02d},{100 + 37 * i + 11 * k}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_saved_view_opens_in_another_browser_and_after_a_restart(browser, tmp_path, monkeypatch):
    monkeypatch.setenv("TIERING_WORKSPACE", str(tmp_path / "team.duckdb"))
    csv = orders_csv(tmp_path / "north_orders.csv")
    first = browser.new_context(viewport={"width": 1400, "height": 1600})
    second = browser.new_context(viewport={"width": 1400, "height": 1600})
    with serve(tmp_path) as url:
        page = first.new_page()
        page.goto(f"{url}/data?lang=en")
        idle(page)
        (page.get_by_test_id("stFileUploader").filter(has_text="Orders file")
         .get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(csv)))
        idle(page)
        page.get_by_role("button", name=re.compile("Check and load")).click()
        idle(page)
        nav(page, "Workspace")
        fill(page, "ws_author_box", "Wang")
        fill(page, "ws_ds_name", "north")
        click(page, "ws_ds_save")
        fill(page, "ws_sc_name", "Plan A")
        click(page, "ws_sc_save")
        nav(page, "Tiers")
        mine = cards(page)
        link = page.url
        assert "dataset=north" in link and "sc=Plan+A%401" in link.replace("%20", "+"), link
        assert len(mine) == 3 and "Tier A" in mine[0]

        other = second.new_page()
        other.goto(link)
        assert cards(other) == mine
        assert "north" in other.get_by_test_id("stSidebar").inner_text()

    with serve(tmp_path) as url2:  # a new server process on the same workspace file
        again = second.new_page()
        again.goto(re.sub(r"^http://[^/]+", url2, link))
        assert cards(again) == mine
    first.close()
    second.close()
