"""The Tiers page's caches, headless with AppTest on the bundled sample: a weight or tier change
re-weighs the cached binned scores instead of binning again, the customer table keeps its
search, sort and paging, and no page modifies a frame the sessions share."""

import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics.config import Scenario
from ui import data
from apptest import open_app



def app() -> AppTest:
    return open_app()


def tier_counts(at) -> dict:
    return {m.label.split(" ")[1]: int(m.value.replace(",", "")) for m in at.metric if m.label.startswith("Tier ")}


def expected_counts(scored, names=("A", "B", "C")) -> dict:
    return scored["tier"].astype(str).value_counts().reindex(list(names), fill_value=0).to_dict()


def test_a_weight_change_reweighs_the_cached_binned_scores(sample_scoring):
    # from empty caches: what earlier tests left (and the bounded caches evicted) must not decide the counts
    st.cache_data.clear()
    st.cache_resource.clear()
    at = app()
    before = dict(data.computed)
    at.select_slider(key="w_weight_R").set_value(3.5).run()
    assert not at.exception, at.exception
    assert data.computed["binned"] == before.get("binned", 0), "the binned scores were computed again"
    assert data.computed["prepared"] == before.get("prepared", 0)
    assert data.computed["scored"] == before.get("scored", 0) + 1  # only re-weighed and re-tiered
    weights = {"R": 3.5, "F": 1.0, "M": 1.0, "profit": 0.0}
    assert tier_counts(at) == expected_counts(sample_scoring(Scenario(weights=weights)))

    at.number_input(key="w_tmin_0_0").set_value(80.0).run()  # a tier rule: binned still cached
    assert not at.exception, at.exception
    assert data.computed["binned"] == before.get("binned", 0)
    tiers = (("A", 80.0), ("B", 60.0), ("C", 0.0))
    assert tier_counts(at) == expected_counts(sample_scoring(Scenario(weights=weights, tiers=tiers)))

    at.slider(key="w_bins").set_value(4).run()  # bins: binned again, the prepared scoring still cached
    assert not at.exception, at.exception
    assert data.computed["binned"] == before.get("binned", 0) + 1
    assert data.computed["prepared"] == before.get("prepared", 0)
    assert tier_counts(at) == expected_counts(sample_scoring(Scenario(bins=4, weights=weights, tiers=tiers)))


def test_the_customer_table_searches_sorts_and_pages_like_a_full_sort(sample_scoring):
    at = app()
    scored = sample_scoring(Scenario())
    shown = lambda: at.dataframe[-1].value["customer_id"].tolist()  # the table is the page's last dataframe
    want = scored.sort_values(["score", "customer_id"], ascending=[False, True], kind="stable")["customer_id"]
    assert shown() == want.head(25).tolist()

    at.selectbox(key="tiers_table_sort").set_value("name").run()
    at.toggle(key="tiers_table_desc").set_value(False).run()
    at.number_input(key="tiers_table_page").set_value(3).run()
    assert not at.exception, at.exception
    want = scored.sort_values(["name", "customer_id"], ascending=[True, True], kind="stable")["customer_id"]
    assert shown() == want.iloc[50:75].tolist()

    at.text_input(key="tiers_table_q").set_value("  c001 ").run()
    at.number_input(key="tiers_table_page").set_value(1).run()
    assert not at.exception, at.exception
    hit = scored["customer_id"].str.lower().str.contains("c001") | \
        scored["name"].fillna("").str.lower().str.contains("c001")
    want = scored[hit].sort_values(["name", "customer_id"], kind="stable")["customer_id"]
    assert shown() == want.head(25).tolist()
    assert any(f"of {len(want):,}" in c.value for c in at.caption)


def test_no_page_modifies_the_frames_the_sessions_share():
    st.cache_resource.clear()  # every shared frame is built again below, and watched
    data.WATCH_SHARED = True
    try:
        at = app()
        at.select_slider(key="w_weight_F").set_value(2.0).run()
        at.selectbox(key="tiers_table_sort").set_value("segment").run()
        at.text_input(key="tiers_table_q").set_value("c00").run()
        at.number_input(key="tiers_table_page").set_value(2).run()
        for page in ("pages/export.py", "pages/lifecycle.py", "pages/value.py", "pages/migration.py", "pages/tiers.py"):
            at.switch_page(page).run()
            assert not at.exception, (page, at.exception)
        assert {"features", "attributes", "prepared", "binned", "scored"} <= set(n for _, _, n in data._watched.values())
        assert data.changed_shared_frames() == []

        frame = next(ref() for ref, _, name in data._watched.values() if name == "scored" and ref() is not None)
        frame["touched"] = 1  # the check would catch a page doing this
        assert data.changed_shared_frames() == ["scored"]
    finally:
        data.WATCH_SHARED = False
        data._watched.clear()
        st.cache_resource.clear()


def test_a_session_gone_for_a_while_gives_its_copy_of_the_sample_back(monkeypatch):
    import time
    import weakref

    import duckdb
    monkeypatch.setattr(data, "SESSION_DB_GRACE", 0.2)
    kept, given_back = data._SessionDb(duckdb.connect()), data._SessionDb(duckdb.connect())
    kept.sample_only, given_back.sample_only = False, True  # an upload is kept until Streamlit drops the session
    for holder in (kept, given_back):
        data._session_dbs.add(holder)
        data._on_disconnect(weakref.ref(holder))
    data._close_departed()
    assert given_back.con is not None  # not yet: a short blip reconnects to the same database
    time.sleep(0.25)
    data._close_departed()  # what the janitor thread does every few seconds
    assert given_back.con is None and kept.con is not None
    kept.con.execute("SELECT 1").fetchall()


def test_a_session_whose_sample_was_given_back_loads_it_again(sample_scoring):
    at = app()
    at.select_slider(key="w_weight_R").set_value(2.0).run()
    before = tier_counts(at)
    holder = at.session_state["db_holder"]
    holder.con.close()
    holder.con = None  # what the janitor does while the browser is away
    at.run()
    assert not at.exception, at.exception
    assert at.session_state["db_holder"] is not holder and at.session_state["db_holder"].con is not None
    assert tier_counts(at) == before  # the same scenario on the sample loaded again
