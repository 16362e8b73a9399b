"""An optional shared passcode for a team server: set TIERING_PASSCODE (or `passcode` in Streamlit's
secrets) and every visitor enters it once per session; without one the app stays open for local use."""
from __future__ import annotations

import hmac
import os

import streamlit as st

OK = "access_ok"


def passcode() -> str | None:
    code = os.environ.get("TIERING_PASSCODE")
    if code:
        return code
    try:
        return st.secrets.get("passcode") or None
    except Exception:  # noqa: BLE001 - no secrets file: no passcode
        return None


def gate() -> None:
    """Stop the run with a passcode form until this session has entered the right one."""
    code = passcode()
    if not code or st.session_state.get(OK):
        return
    from . import state
    from .i18n import t
    if "lang" not in st.session_state:
        st.session_state["lang"] = state.first_lang()
    st.title(t("access.title"))
    with st.form("access_form"):
        entered = st.text_input(t("access.passcode"), type="password", max_chars=200)
        go = st.form_submit_button(t("access.enter"), type="primary")
    if go:
        if hmac.compare_digest(entered.encode(), code.encode()):
            st.session_state[OK] = True
            st.rerun()
        st.error(t("access.wrong"), icon=":material/lock:")
    st.stop()
