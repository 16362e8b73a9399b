"""Opening the app headless with AppTest, as the page tests do."""
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]


def open_app(params: dict | None = None, page: str | None = None, timeout: float = 120) -> AppTest:
    """The app run once through app.py (with the address's query parameters), then on `page` if given;
    each run must end without an exception. After switch_page AppTest runs the page without app.py."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    if page:
        at.switch_page(page).run()
        assert not at.exception, at.exception
    return at
