"""Escaping user text for HTML and Markdown: whatever a report or a file name holds shows as
typed and never becomes markup."""

from __future__ import annotations

import re
from html import escape

#: Python-Markdown's own backslash escapes (``markdown.Markdown.ESCAPED_CHARS``): these show as
#: the bare character; ``|`` and ``~`` are not among them (a backslash would stay visible), so
#: they become character references instead.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")
_MD_ENTITY = {"|": "&#124;", "~": "&#126;"}


def attr(value: str) -> str:
    """Text for an HTML attribute value (quotes escaped)."""
    return escape(value, quote=True)


def inert_markdown(text: str) -> str:
    """User text placed in Markdown (titles, names, links): HTML-escaped, Markdown punctuation
    escaped and on one line, so that it shows as typed and never becomes markup."""
    escaped = _MD_SPECIAL.sub(r"\\\1", escape(" ".join(str(text).split()), quote=False))
    return escaped.replace("|", _MD_ENTITY["|"]).replace("~", _MD_ENTITY["~"])
