"""The address bar names the data set a view was made on; a link whose upload is gone says so (ui/provenance.py)."""
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import ingest
from ui import data, provenance
from ui.provenance import Mark

ROOT = Path(__file__).resolve().parents[1]
ORDERS = b"customer_id,order_date,amount\nC1,2024-01-05,10\nC2,2024-02-10,20\nC1,2024-03-15,5\nC3,bad,7\n"
GONE = Mark("orders_2024.csv", 12345, "2024-01-01", "2024-06-30")


def app(mark: str | None = None, lang: str = "en", dataset=None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    if mark is not None:
        at.query_params["data"] = mark
    at.query_params["lang"] = lang
    if dataset is not None:
        con, ds = dataset
        at.session_state["db"] = con
        at.session_state["dataset"] = ds
    at.run()
    assert not at.exception, at.exception
    return at


def notice(at) -> str | None:
    texts = [w.value for w in at.warning if "upload" in w.value or "上传" in w.value]
    return texts[0] if texts else None


def small_dataset(name: str = "orders_small.csv"):
    """A session's data set as an upload of ORDERS leaves it (3 lines accepted, 1 rejected)."""
    con = data.new_database()
    tx, cu = ingest.load_files(con, ingest.read_table(ORDERS, name))
    ds = data.Dataset(name=name, fingerprint=f"test-{name}", orders_file=tx.filename, report=tx.report,
                      rejected=tx.rejected)
    return con, ds


@pytest.mark.parametrize("mark", [
    GONE,
    Mark("订单 2024 (final).xlsx", 7, "2023-12-31", "2024-01-31"),
    Mark("a~b~c.csv", 0, None, None),
    Mark("![x](http://example.com/x.png).csv", 1, "2024-01-01", "2024-01-01"),
])
def test_a_mark_survives_the_address_and_needs_no_escaping(mark):
    text = provenance.encode(mark)
    assert set(text) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    assert provenance.decode(text) == mark


def test_a_plain_file_name_stays_readable():
    assert provenance.encode(GONE) == "12345~20240101~20240630~orders_2024.csv"


@pytest.mark.parametrize("text", ["", "x", "12~2024~~a.csv", "-1~~~a.csv", "1~~~a b.csv", "1~~~~%%%", "1~~~",
                                  "1~~~" + "a" * 500, None])
def test_a_broken_mark_is_ignored(text):
    assert provenance.decode(text) is None


def test_a_link_made_on_an_upload_that_is_gone_says_so_and_points_to_the_data_page():
    at = app(provenance.encode(GONE))
    text = notice(at)
    assert text is not None
    assert "orders\\_2024\\.csv (12,345 rows, 2024-01-01 – 2024-06-30)" in text  # the name escaped for Markdown
    assert "not kept on the server" in text and "bundled sample is open now" in text
    assert [link.proto.page for link in at.page_link][:1] == ["data"]  # the notice's link, before the page's
    assert at.query_params["data"] == provenance.encode(GONE)  # a reload says it again

    at.run()  # on every run until dismissed or loaded (AppTest runs other pages without app.py: see the browser)
    assert notice(at) is not None


def test_the_data_page_says_uploads_live_in_this_session_only():
    at = app()
    at.switch_page("pages/data.py").run()
    assert any("only in this browser tab's session" in c.value for c in at.caption)
    assert at.subheader[0].value == "Load your own data"  # the upload first, the report of the current data after
    assert at.subheader[1].value.startswith("Current data")


def test_the_notice_is_in_chinese_in_chinese_mode():
    at = app(provenance.encode(GONE), lang="zh")
    text = notice(at)
    assert text is not None and "此视图基于 orders\\_2024\\.csv（12,345 行，2024-01-01 – 2024-06-30）" in text
    assert "内置示例数据" in text


def test_dismissing_the_notice_forgets_the_link_data():
    at = app(provenance.encode(GONE))
    at.button(key="provenance_dismiss").click().run()
    assert not at.exception and notice(at) is None
    assert "data" not in at.query_params  # the sample is open: nothing to name
    at.run()
    assert notice(at) is None


def test_a_user_supplied_name_is_shown_literally():
    at = app(provenance.encode(Mark("![x](http://example.com/x.png).csv", 1, "2024-01-01", "2024-01-01")))
    text = notice(at)
    assert text is not None and "](http" not in text and "\\!\\[x\\]" in text


def test_no_mark_and_the_sample_open_means_no_notice_and_no_mark():
    at = app()
    assert notice(at) is None
    assert "data" not in at.query_params


def test_a_link_whose_data_is_open_gives_no_notice():
    con, ds = small_dataset()
    mark = provenance.mark_of(ds)
    assert mark == Mark("orders_small.csv", 3, "2024-01-05", "2024-03-15")
    at = app(provenance.encode(mark), dataset=(con, ds))
    assert notice(at) is None
    assert at.query_params["data"] == provenance.encode(mark)


def test_loading_the_same_file_again_ends_the_notice_and_the_address_names_it():
    name = "orders_small.csv"
    at = app(provenance.encode(Mark(name, 3, "2024-01-05", "2024-03-15")))
    assert notice(at) is not None
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="up_orders").upload(name, ORDERS, "text/csv").run()
    assert not at.exception, at.exception
    next(b for b in at.button if b.label == "Check and load").click().run()
    assert not at.exception, at.exception
    at.switch_page("app.py").run()  # through app.py and its sidebar (a page alone runs without them in AppTest)
    assert not at.exception, at.exception
    assert notice(at) is None
    assert at.query_params["data"] == provenance.encode(Mark(name, 3, "2024-01-05", "2024-03-15"))


def test_loading_another_file_keeps_the_notice_and_names_both():
    at = app(provenance.encode(GONE))
    at.switch_page("pages/data.py").run()
    at.file_uploader(key="up_orders").upload("other.csv", ORDERS, "text/csv").run()
    next(b for b in at.button if b.label == "Check and load").click().run()
    assert not at.exception, at.exception
    at.switch_page("app.py").run()  # through app.py and its sidebar (a page alone runs without them in AppTest)
    text = notice(at)
    assert text is not None and "other\\.csv is open now" in text and "orders\\_2024\\.csv" in text
    assert at.query_params["data"] == provenance.encode(GONE)


def test_the_data_set_is_a_frozen_record():
    con, ds = small_dataset()
    assert not ds.is_sample and ds.report.accepted == 3 and ds.report.rejected == 1
    with pytest.raises(AttributeError):
        ds.name = "x"
    with pytest.raises(AttributeError):
        ds.report.accepted = 0
    assert ds.report.to_dict()["rejected_by_reason"] == {"bad_date": 1}
    con.close()
