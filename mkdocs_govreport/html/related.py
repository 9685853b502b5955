"""The links block of a report page: its agency's page, the agency's other years, the index.

With the compact site navigation (``plugin/nav.py``) a report page's sidebar no longer lists
every report, so each report page carries its own way on in the content: no path is lost.
The block is kept out of the site search (``data-search-exclude``): it repeats on every page of
an agency and holds nothing a reader searches for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from .escape import attr

__all__ = ["RelatedLink", "render_related"]


@dataclass(frozen=True)
class RelatedLink:
    """One link of the block: its visible text, its URL (relative to the page), and whether it
    is the page itself (shown as text, marked ``aria-current``)."""

    text: str
    href: str
    current: bool = False


def _year(link: RelatedLink, agency: str) -> str:
    # link lists of screen readers read the link alone: the hidden words name the report
    inner = f'<span class="gr-sr">{escape(agency)} </span>{escape(link.text)}<span class="gr-sr"> 年度报告</span>'
    if link.current:
        return f'<strong aria-current="page">{inner}</strong>'
    return f'<a href="{attr(link.href)}">{inner}</a>'


def render_related(
    agency_name: str, agency: RelatedLink | None, years: Sequence[RelatedLink], index: RelatedLink | None
) -> str:
    """The block as HTML (empty when there is nowhere else to go).

    ``agency_name``: the agency as its reports name it; ``agency``: its page (None when the
    site has no agency pages); ``years``: every year of the agency, oldest first, the page's
    own year marked current; ``index``: the cross-year index (None when there is none)."""
    others = [y for y in years if not y.current]
    if agency is None and index is None and not others:
        return ""
    parts: list[str] = []
    head = f'<a href="{attr(agency.href)}">{escape(agency.text)}</a>' if agency is not None else escape(agency_name)
    if years:
        parts.append(f"{head} 各年度报告：" + " · ".join(_year(y, agency_name) for y in years))
    else:
        parts.append(head)
    if index is not None:
        parts.append(f'<a href="{attr(index.href)}">{escape(index.text)}</a>')
    return (
        f'<nav class="gr-related" aria-label="{attr(agency_name)}各年度报告" data-search-exclude>'
        f"<p>{' ｜ '.join(parts)}</p></nav>"
    )
