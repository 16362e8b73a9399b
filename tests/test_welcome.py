"""The Tiers page welcomes a new user: what this is, the three steps with links, closed for the session on request."""
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def app(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def welcome_links(at) -> list[tuple[str, str]]:
    return [(link.proto.page, link.value) for link in at.page_link if link.value[:1].isdigit()]


def test_the_welcome_box_shows_the_three_steps_and_closes_for_the_session():
    at = app()
    assert any(m.value.startswith("**Customer tiering workbench.**") for m in at.markdown)
    assert welcome_links(at) == [("data", "1 · Load your data"), ("", "2 · Tune the tiers"),
                                 ("export", "3 · Export the lists")]
    at.button(key="welcome_dismiss").click().run()
    assert not at.exception, at.exception
    assert welcome_links(at) == [] and not any("tiering workbench" in m.value for m in at.markdown)
    at.switch_page("pages/data.py").run()
    at.switch_page("app.py").run()  # back on the Tiers page: still closed
    assert welcome_links(at) == [] and at.title[0].value == "Customer tiers"


def test_the_welcome_box_speaks_chinese():
    at = app("zh")
    assert any(m.value.startswith("**客户分层工作台。**") for m in at.markdown)
    assert [label for _, label in welcome_links(at)] == ["1 · 载入您的数据", "2 · 调整分层", "3 · 导出名单"]
