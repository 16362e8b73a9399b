"""User-supplied text (tier names, file and column names, scenario values) shown as plain text.

Streamlit renders Markdown (with its own directives: colours, icons, emoji, LaTeX) in titles,
captions, messages, metric and widget labels; plotly renders a subset of HTML in chart text.
A tier name like ![t](http://host/x) must not make a viewer's browser fetch that address, so
every such value passes through md() before a Markdown place and through html() before a chart.
"""
from __future__ import annotations

import html as _html
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~<>:$&=\"'^%@,;/?])")
_ZW = "\u200b"  # breaks :shortcode: and :material/icon: directives, which survive backslash escapes


def md(value) -> str:
    """The value as literal text inside Markdown: every ASCII punctuation backslash-escaped, line breaks
    as spaces, and a zero-width space after each colon so no :directive: forms."""
    text = " ".join(str(value).splitlines())
    return _MD_SPECIAL.sub(r"\\\1", text).replace(":", ":" + _ZW)


def html(value) -> str:
    """The value as literal text inside plotly's HTML subset (tick labels, hover text, annotations)."""
    # quotes need no escaping in chart text, and plotly would show &quot; as it is
    return _html.escape(" ".join(str(value).splitlines()), quote=False)
