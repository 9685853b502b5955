"""Escaping user text for HTML and Markdown: whatever a report or a file name holds shows as
typed and never becomes markup."""

from __future__ import annotations

import re
from html import escape

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def attr(value: str) -> str:
    """Text for an HTML attribute value (quotes escaped)."""
    return escape(value, quote=True)


def inert_markdown(text: str) -> str:
    """User text placed in Markdown (titles, names, links): HTML-escaped, Markdown punctuation
    escaped and on one line, so that it shows as typed and never becomes markup."""
    return _MD_SPECIAL.sub(r"\\\1", escape(" ".join(str(text).split()), quote=False))
