"""Which data set a view was made on, kept in the address bar, so a link opened later says when that data is gone.

An upload lives only in its browser session (ui/data.py): a reload, a new tab or a server restart starts
a new session on the bundled sample. The query parameter `data` holds a mark of the uploaded data set
(its file name, accepted rows and date range; no parameter for the sample). A session that starts from
a link whose mark is another data set shows a notice in the main area until the user loads that data
again (same name and rows), or dismisses it; meanwhile the address keeps the link's mark, so reloading
repeats the notice.
"""
from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

import streamlit as st

from . import notices
from .i18n import t
from .safe import md

PARAM = "data"
MAX_NAME = 120  # characters of the file name kept in a mark
MAX_MARK = 400  # a longer parameter is not a mark of ours
_PLAIN_NAME = re.compile(r"[A-Za-z0-9._-]+")  # written as is; any other name goes base64url-encoded after "~~"
_DAY = re.compile(r"\d{8}")
_STARTED, _PENDING = "_provenance_started", "_provenance_pending"


@dataclass(frozen=True)
class Mark:
    """A data set as the address records it: file name, accepted order lines, first and last order date (ISO)."""
    name: str
    rows: int
    start: str | None = None
    end: str | None = None

    def same_data(self, other: "Mark | None") -> bool:
        """The same file loaded again: same name and number of accepted rows."""
        return other is not None and (self.name, self.rows) == (other.name, other.rows)


def mark_of(ds) -> Mark | None:
    """The mark of a data set (ui.data.Dataset); None for the bundled sample, which every session can open."""
    if ds.is_sample:
        return None
    return Mark(str(ds.orders_file)[:MAX_NAME], int(ds.report.accepted), ds.report.date_min, ds.report.date_max)


def encode(mark: Mark) -> str:
    """rows~first~last~name, dates as YYYYMMDD; a name with other characters than A-Z a-z 0-9 . _ - is
    base64url-encoded after a second "~" (so the parameter never needs escaping)."""
    day = lambda iso: (iso or "").replace("-", "")
    name = mark.name
    if not _PLAIN_NAME.fullmatch(name):
        name = "~" + base64.urlsafe_b64encode(name.encode("utf-8")).decode("ascii").rstrip("=")
    return f"{mark.rows}~{day(mark.start)}~{day(mark.end)}~{name}"


def decode(text) -> Mark | None:
    """The mark in a parameter, or None when it is not one (a hand-edited or truncated link)."""
    if not isinstance(text, str) or len(text) > MAX_MARK:
        return None
    parts = text.split("~", 3)
    if len(parts) != 4 or not parts[0].isdigit() or not all(d == "" or _DAY.fullmatch(d) for d in parts[1:3]):
        return None
    name = parts[3]
    if name.startswith("~"):
        try:
            name = base64.urlsafe_b64decode(name[1:] + "=" * (-len(name[1:]) % 4)).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            return None
    elif not _PLAIN_NAME.fullmatch(name):
        return None
    if not name:
        return None
    iso = lambda d: f"{d[:4]}-{d[4:6]}-{d[6:]}" if d else None
    return Mark(name[:MAX_NAME], int(parts[0]), iso(parts[1]), iso(parts[2]))


def pending() -> Mark | None:
    """The data set this session's link was made on, while it is not loaded (and the notice not dismissed)."""
    return st.session_state.get(_PENDING)


def sync(ds) -> None:
    """Once per run, after the data set is known: note the link's mark when the session starts, drop it once
    that data is loaded, write the mark to the address, and show the notice while the link's data is missing."""
    current = mark_of(ds)
    if _STARTED not in st.session_state:
        st.session_state[_STARTED] = True
        link = decode(st.query_params.get(PARAM))
        if link is not None and not link.same_data(current):
            st.session_state[_PENDING] = link
    waiting = pending()
    if waiting is not None and waiting.same_data(current):
        st.session_state.pop(_PENDING, None)
        waiting = None
    shown = waiting or current
    value = encode(shown) if shown is not None else None
    if value is None:
        if PARAM in st.query_params:
            del st.query_params[PARAM]
    elif st.query_params.get(PARAM) != value:
        st.query_params[PARAM] = value
    if waiting is not None:
        # the top of the main area, beside the scenario notices (ui/notices.page_top calls this)
        with notices.slot():
            _notice(waiting, ds, current)


def _details(mark: Mark) -> str:
    if mark.start and mark.end:
        return t("provenance.details", rows=mark.rows, start=mark.start, end=mark.end)
    return t("provenance.details_rows", rows=mark.rows)


def _dismiss() -> None:
    st.session_state.pop(_PENDING, None)


def _notice(mark: Mark, ds, current: Mark | None) -> None:
    if current is None:
        text = t("provenance.gone", name=md(mark.name), details=_details(mark))
    else:
        text = t("provenance.other", name=md(mark.name), details=_details(mark), current=md(ds.orders_file))
    with st.container(key="provenance_notice"):
        st.warning(text, icon=":material/cloud_off:")
        with st.container(horizontal=True, vertical_alignment="center", gap="small"):
            st.page_link("pages/data.py", label=t("provenance.to_data"), icon=":material/upload_file:")
            st.button(t("provenance.dismiss"), key="provenance_dismiss", on_click=_dismiss, type="tertiary",
                      icon=":material/close:")
