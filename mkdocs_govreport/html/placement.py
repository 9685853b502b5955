"""Where the tables go in a report page's Markdown (the plugin, the Markdown extension and
the Word copy all place them the same way)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from ..core.body import SECTION_ORDER, parse_body
from ..core.report import Report
from ..registry import SECTION_HEADINGS
from .escape import inert_markdown
from .findings import render_report_findings
from .provenance import render_provenance
from .tables import render_table


def skeleton_markdown(report: Report) -> str:
    """The report skeleton for a page with front matter only: the title and all six headings."""
    return f"# {inert_markdown(report.title)}\n\n" + "\n\n".join(f"## {SECTION_HEADINGS[key]}\n" for key in SECTION_ORDER)


def assemble(
    report: Report, markdown_text: str, store: Callable[[str], str], *, show_findings: bool = True, locations: bool = True
) -> str:
    """The page's Markdown with the tables (as stashed HTML) placed.

    Tables go where a placement marker stands; otherwise at the end of their standard
    section (so any text the author wrote under the heading stays above the table); a
    missing heading 二/三/四 is added.  An empty body becomes the full report skeleton.
    """
    fmt = report.fmt
    if not markdown_text.strip():
        markdown_text = skeleton_markdown(report)
    body = parse_body(markdown_text, fmt)
    lines = body.lines
    replace: dict[int, str] = {}
    inserts: dict[int, list[str]] = {}
    placed: set[str] = set()
    for m in body.markers:
        if m.table and m.table not in placed and fmt is not None:
            replace[m.line] = "\n" + store(render_table(report, m.table, show_findings=show_findings, locations=locations)) + "\n"
            placed.add(m.table)
    levels = Counter(h.level for h in body.headings if h.level)
    level = levels.most_common(1)[0][0] if levels else 2
    if fmt is not None:
        for key in fmt.table_keys:
            if key in placed:
                continue
            html = "\n" + store(render_table(report, key, show_findings=show_findings, locations=locations)) + "\n"
            heading = body.first(key)
            if heading is not None:
                nxt = next((h.line for h in body.headings if h.line > heading.line), len(lines))
                inserts.setdefault(nxt, []).append(html)
                continue
            order = SECTION_ORDER.index(key)
            later = [h.line for h in body.headings if SECTION_ORDER.index(h.key) > order]
            at = min(later) if later else len(lines)
            inserts.setdefault(at, []).append(f"\n{'#' * level} {SECTION_HEADINGS[key]}\n{html}")
    top = render_report_findings(report, locations=locations) if show_findings else ""
    out: list[str] = []
    top_at = 0
    for i, line in enumerate(lines):
        if line.startswith("# "):
            top_at = i + 1
            break
        if line.strip():
            break
    for i, line in enumerate(lines):
        if i == top_at and top:
            out.append("\n" + store(top) + "\n")
        out.extend(inserts.get(i, []))
        out.append(replace.get(i, line))
    if top_at >= len(lines) and top:
        out.append("\n" + store(top) + "\n")
    out.extend(inserts.get(len(lines), []))
    provenance = render_provenance(report)  # where an imported report came from
    if provenance:
        out.append("\n" + store(provenance) + "\n")
    return "\n".join(out)
