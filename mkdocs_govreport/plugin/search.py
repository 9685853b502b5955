"""Keeping what ``data-search-exclude`` marks out of search engines that do not read the attribute.

Material's search honours ``data-search-exclude``; MkDocs' built-in search (``plugins: [search]``
under any other theme) indexes every text of a page, so the official tables' labels and numbers,
the same in every report, would make up most of its index.  For that engine the plugin takes the
marked elements out of the page just before the search plugins read it and puts them back just
after (``hide`` / ``restore``, around the search plugin's ``on_page_context``): the rendered page is
unchanged.

Both search plugins write their index with every Chinese character as a ``\\uXXXX`` escape: six
bytes (and six characters for the browser to parse) where UTF-8 needs three bytes and one
character.  ``compact_index`` writes the same JSON again in UTF-8, after the search plugins.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

__all__ = ["compact_index", "hide", "needs_guard", "restore"]

_MARKED = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?\sdata-search-exclude(?=[\s>=/])[^>]*>")
_PLACEHOLDER = re.compile(r"<!--govreport-search-exclude:(\d+)-->")
_ESCAPED_HAN = re.compile(r"(?<!\\)\\u[4-9][0-9a-f]{3}")  # a Chinese character written as \uXXXX


def needs_guard(plugins: Any) -> bool:
    """Whether a configured search plugin ignores ``data-search-exclude`` (MkDocs' own)."""
    return any(type(p).__module__.startswith("mkdocs.contrib.search") for p in plugins.values())


def _end_of(html: str, tag: str, start: int) -> int:
    """Where the element whose start tag ends at ``start`` closes (after its end tag)."""
    pattern = re.compile(rf"<(/?){re.escape(tag)}\b[^>]*>", re.IGNORECASE)
    depth = 1
    for m in pattern.finditer(html, start):
        depth += -1 if m.group(1) else (0 if m.group(0).endswith("/>") else 1)
        if depth == 0:
            return m.end()
    return len(html)


def hide(html: str) -> tuple[str, list[str]]:
    """``html`` with every element marked ``data-search-exclude`` replaced by a comment (which
    search engines skip), and the elements taken out, for ``restore``."""
    pieces: list[str] = []
    out: list[str] = []
    pos = 0
    while (m := _MARKED.search(html, pos)) is not None:
        end = _end_of(html, m.group(1), m.end())
        out.append(html[pos : m.start()])
        out.append(f"<!--govreport-search-exclude:{len(pieces)}-->")
        pieces.append(html[m.start() : end])
        pos = end
    if not pieces:
        return html, []
    out.append(html[pos:])
    return "".join(out), pieces


def restore(html: str, pieces: list[str]) -> str:
    """Undo ``hide``."""
    if not pieces:
        return html
    return _PLACEHOLDER.sub(lambda m: pieces[int(m.group(1))] if int(m.group(1)) < len(pieces) else m.group(0), html)


def compact_index(site_dir: str) -> None:
    """Write the site's search index (``search/search_index.json``) again, the same data, with
    Chinese as UTF-8 instead of ``\\u`` escapes (JSON is UTF-8; the browsers' ``fetch().json()``
    and ``JSON.parse`` read it alike)."""
    path = Path(site_dir) / "search" / "search_index.json"
    if not path.is_file():
        return
    text = path.read_text(encoding="utf-8")
    if _ESCAPED_HAN.search(text) is None:
        return
    data = json.loads(text)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
