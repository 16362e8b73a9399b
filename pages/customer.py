"""Customer: one customer's whole story (attributes, score and tier with why, orders, tier history, stage,
predicted value, playbook), their tier set by hand, and the story as a download. Opened by clicking a row
of any customer table, by a link (?customer=ID), or by the search box here; hidden from the navigation."""
import streamlit as st

from ui import controls, customer, data, state

state.through_app()

date_min, date_max = data.date_range()
with st.sidebar:
    controls.date_controls(date_min, date_max)
customer.render()
