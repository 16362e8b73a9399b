"""Text stays text: user-supplied names shown literally on every page, in both languages, in a real Chromium.

Tier names, a playbook action, a file name and column headers carrying Markdown and HTML must never make
the browser fetch an address, draw an image or a link, or colour text; they must read as typed.
"""
import json
import re
import urllib.parse

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

EVIL = "evil.invalid"
NAMES = ["![t](http://evil.invalid/t.png)", "<img src=http://evil.invalid/i.png>", "[l](http://evil.invalid/l)",
         ":red[red] :material/warning:", "$x^2$ **b**", "<b>B</b>"]
SCENARIO = {"tier_method": "share", "tiers": [[n, s] for n, s in zip(NAMES, [0.05, 0.1, 0.15, 0.2, 0.2, 0.3])],
            "playbook": {"tier": {NAMES[0]: "![p](http://evil.invalid/p.png) call <img src=http://evil.invalid/q.png>"}}}
PAGES = ["", "data", "lifecycle", "migration", "value", "export"]


def idle(page):
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=90_000)
    page.wait_for_timeout(500)


def watch(page) -> list[str]:
    fetched = []
    # the page's own address carries the names in its query: count fetches of the evil host or path only
    def seen(request):
        parts = urllib.parse.urlsplit(request.url)
        if EVIL in (parts.hostname or "") or EVIL in urllib.parse.unquote(parts.path):
            fetched.append(request.url)
    page.on("request", seen)
    return fetched


def assert_literal(page, fetched):
    assert fetched == [], fetched
    main = page.get_by_test_id("stApp")
    assert main.locator(f"img[src*='{EVIL}'], a[href*='{EVIL}'], .katex, span[style*='color: red']").count() == 0
    expect(page.get_by_test_id("stException")).to_have_count(0)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_hostile_names_in_a_link_stay_text_on_every_page(page, app_url, lang):
    fetched = watch(page)
    query = urllib.parse.urlencode({"lang": lang, "scenario": json.dumps(SCENARIO, ensure_ascii=False)})
    for name in PAGES:
        page.goto(f"{app_url}/{name}?{query}")
        idle(page)
        assert_literal(page, fetched)
        if name == "":  # the cards, the pyramid and the table name every tier as typed
            missing = NAMES
            for _ in range(60):  # the page may still be drawing its last rerun
                text = page.get_by_test_id("stMain").inner_text().replace("\u200b", "")
                missing = [n for n in NAMES if n not in text]
                if not missing:
                    break
                page.wait_for_timeout(500)
            assert not missing


def test_a_hostile_file_name_and_headers_stay_text(page, app_url, tmp_path):
    fetched = watch(page)
    orders = tmp_path / "![f](http%3A%2F%2Fevil.invalid%2Ff.png).csv"
    orders.write_text("customer_id,order_date,amount,<img src=http://evil.invalid/h.png>\n"
                      "C1,2024-01-05,100,x\nC2,2024-02-05,200,y\nC1,2024-03-01,50,z\nC3,2024-03-02,bad,w\n",
                      encoding="utf-8")
    page.goto(f"{app_url}/data?lang=en")
    idle(page)
    (page.get_by_test_id("stFileUploader").filter(has_text="Orders file")
     .get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(orders)))
    idle(page)
    page.get_by_role("button", name=re.compile("Check and load")).click()
    idle(page)
    assert_literal(page, fetched)
    assert orders.name in page.get_by_test_id("stApp").inner_text().replace("\u200b", "")
    for label in ["Tiers", "Lifecycle", "Migration", "Value", "Export"]:  # in the same session: the upload stays
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=label).click()
        idle(page)
        assert_literal(page, fetched)
