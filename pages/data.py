"""Data: load orders (and customers), map columns, then the data-quality report of the current data."""
import streamlit as st

from ui import data, loader, quality, state
from ui.i18n import t
from ui.safe import md

state.through_app()

st.title(t("data.title"))
msg = st.session_state.pop("load_msg", None)
if msg:
    st.success(msg, icon=":material/check_circle:")

st.subheader(t("data.load_title"))
loader.upload_section()

st.divider()
ds = data.dataset()
name = t("sidebar.sample") if ds.is_sample else md(ds.orders_file)
st.subheader(t("data.current", name=name))
tab_orders, tab_customers = st.tabs([t("data.tab_orders", file=md(ds.orders_file)),
                                     t("data.tab_customers", file=md(ds.customers_file or "—"))])
with tab_orders:
    quality.render_transactions(ds.report, ds.rejected, ds.orders_file)
with tab_customers:
    if ds.customers_report is None:
        st.info(t("data.no_customers"))
    else:
        quality.render_customers(ds.customers_report, ds.customers_rejected, ds.customers_file)
quality.render_missing(data.missing_counts(state.scenario()))  # the score's components without a value
if not ds.is_sample and st.button(t("data.back_to_sample"), icon=":material/restart_alt:"):
    data.load_sample()
    st.rerun()
