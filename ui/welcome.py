"""A first visit's welcome on the Tiers page: what the workbench does and its three steps, until dismissed."""
from __future__ import annotations

import streamlit as st

from .i18n import t

DISMISSED = "welcome_dismissed"  # session state: the user closed the box (this session only)


def _dismiss() -> None:
    st.session_state[DISMISSED] = True


def render() -> None:
    """A compact bordered box: one line on what this is, links to the Data, Tiers and Export pages, a close button."""
    if st.session_state.get(DISMISSED):
        return
    with st.container(border=True, key="welcome", gap="small"):
        st.markdown(f"**{t('welcome.title')}** {t('welcome.body')}")
        with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
            st.page_link("pages/data.py", label=t("welcome.step_data"), icon=":material/database:")
            st.page_link("pages/tiers.py", label=t("welcome.step_tiers"), icon=":material/change_history:")
            st.page_link("pages/export.py", label=t("welcome.step_export"), icon=":material/download:")
            st.space("stretch")
            st.button(t("welcome.dismiss"), key="welcome_dismiss", on_click=_dismiss, type="tertiary",
                      icon=":material/close:", help=t("welcome.dismiss_help"))
