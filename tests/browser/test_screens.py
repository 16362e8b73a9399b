"""In a real Chromium: a link's data notice on every page, and Streamlit's own texts in Chinese mode."""
import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
MARK = "12345~20240101~20240630~orders_2024.csv"


def idle(page):
    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning", timeout=60_000)
    page.wait_for_timeout(500)


def test_a_link_whose_upload_is_gone_says_so_on_every_page_until_dismissed(page, app_url):
    page.goto(f"{app_url}/?lang=en&data={MARK}")
    idle(page)
    notice = page.get_by_test_id("stAlertContentWarning").filter(has_text="This view was made on orders_2024.csv")
    expect(notice).to_contain_text("(12,345 rows, 2024-01-01 – 2024-06-30)")
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Export").click()
    idle(page)
    expect(notice).to_be_visible()
    assert "data=" + MARK in page.url  # a reload or a copied link says it again
    page.get_by_role("link", name="Upload it on the Data page").click()
    idle(page)
    expect(page.get_by_role("heading", name="Load your own data")).to_be_visible()
    page.get_by_role("button", name="Dismiss").click()
    idle(page)
    expect(notice).to_have_count(0)
    assert "data=" not in page.url


def test_streamlit_menus_and_upload_errors_speak_chinese(page, app_url, tmp_path):
    page.goto(f"{app_url}/data?lang=zh")
    idle(page)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4 not a table")
    page.locator(".st-key-up_orders [data-testid=stFileUploaderDropzoneInput]").set_input_files(pdf)
    chip = page.locator(".st-key-up_orders [data-testid=stFileChip]")
    expect(chip.get_by_role("alert")).to_have_text("错误：不支持 application/pdf 类型的文件。")
    chip.hover()
    expect(page.get_by_test_id("stTooltipErrorContent")).to_have_text("不支持 application/pdf 类型的文件。")

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="导出").click()
    idle(page)
    page.get_by_test_id("stMultiSelect").nth(1).click()  # ABC classes: none chosen yet
    menu = page.get_by_test_id("stMultiSelectDropdown")
    expect(menu.get_by_role("option").first).to_have_text("全选")
    page.keyboard.type("zzz")
    expect(menu).to_have_text("没有匹配的选项")
    page.keyboard.press("Escape")

    page.get_by_text("English", exact=True).click()  # back in English, Streamlit's own words come back
    idle(page)
    page.get_by_test_id("stMultiSelect").nth(1).click()
    expect(page.get_by_test_id("stMultiSelectDropdown").get_by_role("option").first).to_have_text("Select all")
