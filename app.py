"""Entry point: navigation over pages/ and the shared sidebar (language, data set, scenario)."""
import streamlit as st

from ui import access, sidebar, state
from ui.i18n import t

st.set_page_config(page_title="Tiering workbench · 客户分层", page_icon="🔺", layout="wide")
access.gate()  # a team server's shared passcode, when one is set
state.init()

# served at /; its reserved name is "start" so that /tiers stays free for the redirect below
tiers = st.Page("pages/tiers.py", title=t("nav.tiers"), icon=":material/change_history:", url_path="start",
                default=True)
pages = [
    st.Page("pages/data.py", title=t("nav.data"), icon=":material/database:", url_path="data"),
    tiers,
    st.Page("pages/scorecard.py", title=t("nav.scorecard"), icon=":material/tune:", url_path="scorecard"),
    st.Page("pages/lifecycle.py", title=t("nav.lifecycle"), icon=":material/autorenew:", url_path="lifecycle"),
    st.Page("pages/migration.py", title=t("nav.migration"), icon=":material/swap_vert:", url_path="migration"),
    st.Page("pages/value.py", title=t("nav.value"), icon=":material/trending_up:", url_path="value"),
    st.Page("pages/export.py", title=t("nav.export"), icon=":material/download:", url_path="export"),
    st.Page("pages/managers.py", title=t("nav.managers"), icon=":material/support_agent:", url_path="managers"),
    st.Page("pages/compare.py", title=t("nav.compare"), icon=":material/compare_arrows:", url_path="compare"),
    st.Page("pages/segments.py", title=t("nav.segments"), icon=":material/bubble_chart:", url_path="segments"),
    st.Page("pages/workspace.py", title=t("nav.workspace"), icon=":material/inventory_2:", url_path="workspace"),
    # the default page lives at /, so a link or bookmark to /tiers lands there instead of "page not found"
    st.Page(lambda: st.switch_page(tiers), title=t("nav.tiers"), url_path="tiers", visibility="hidden"),
    st.Page("pages/room.py", title=t("nav.room"), icon=":material/groups:", url_path="room"),
    # one customer's story: opened from any customer table's row (or ?customer=ID), searchable on the page
    st.Page("pages/customer.py", title=t("nav.customer"), icon=":material/person:", url_path="customer",
            visibility="hidden"),
]
current = st.navigation(pages)
sidebar.render()
current.run()
