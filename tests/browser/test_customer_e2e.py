"""The customer page in a real Chromium: weigh profit in the sidebar, click a row of the Tiers page's customer
table, land on that customer's page and read why they are in their tier: the points add up to the score shown,
and the distance to the next tier is said."""
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def idle(page):
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=90_000)
    page.wait_for_timeout(500)


def table_rows(frame) -> list[list[str]]:
    """The cells of an st.dataframe, row by row, from the grid's accessible table (the canvas has no text)."""
    rows = frame.locator("table tr")
    expect(rows.first).to_be_attached(timeout=30_000)
    return [[c.strip() for c in rows.nth(i).locator("th, td").all_inner_texts()] for i in range(rows.count())]


def test_a_row_click_opens_the_customer_and_explains_the_tier(page, app_url, shots_dir):
    page.goto(f"{app_url}/?lang=en")
    idle(page)
    slider = page.get_by_test_id("stSlider").filter(has_text="Profit").get_by_role("slider")
    slider.focus()
    for _ in range(2):  # one step per rerun, as a user pressing the key would see
        slider.press("ArrowRight")
        idle(page)
    assert float(slider.input_value()) > 0
    expect(page.get_by_text(re.compile(r"Profit \d+%"))).to_be_visible()  # the weights' shares say so

    frame = page.locator(".st-key-tiers_table").get_by_test_id("stDataFrame")
    frame.scroll_into_view_if_needed()
    best = table_rows(frame)[1]
    page.locator(".st-key-tiers_table_desc label").click()  # ascending: the lowest score first
    idle(page)
    for _ in range(60):  # the grid redraws after the run
        first = table_rows(frame)[1]  # under the header: the customer with the lowest score
        if first != best:
            break
        page.wait_for_timeout(500)
    box = frame.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 35 + 17)  # the first row's selection box
    page.wait_for_url(re.compile(r"/customer\?.*customer="), timeout=60_000)
    idle(page)
    customer_id = re.search(r"customer=([^&]+)", page.url).group(1)
    assert customer_id in first
    expect(page.get_by_role("heading", name="Customer", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(f"^{customer_id}"))).to_be_visible()

    score = page.get_by_test_id("stMetric").filter(has_text="Score").get_by_test_id("stMetricValue").inner_text()
    explanation = page.get_by_test_id("stDataFrame").filter(has_text="Weight share")
    rows = table_rows(explanation)
    header, body = rows[0], rows[1:]
    points = [float(r[header.index("Points")]) for r in body]
    assert body[-1][0] == "Total (score)"
    assert [r[0] for r in body[:-1]] == ["Recency (R)", "Frequency (F)", "Monetary (M)", "Profit"]
    assert abs(sum(points[:-1]) - points[-1]) < 1e-4
    assert f"{points[-1]:.1f}" == score  # the total is the score shown above
    gap = page.get_by_text(re.compile(r"points below \S+ \(from [\d.]+\)"))
    expect(gap).to_be_visible()
    wanted = float(re.search(r"\(from ([\d.]+)\)", gap.inner_text()).group(1))
    below = float(re.search(r"([\d.]+) points below", gap.inner_text()).group(1))
    assert abs(wanted - float(score) - below) <= 0.11
    page.screenshot(path=str(shots_dir / "customer_e2e.png"))
