"""Python-Markdown extension: report data and table placements become HTML.

Works on its own with plain Python-Markdown (and so where MkDocs plugins don't run, e.g.
Zensical): the preprocessor reads the page's own front matter.  Under MkDocs the plugin
hands it the already-parsed report instead (``extension.pending``), since MkDocs strips
the front matter before Markdown sees the page.

Usage without MkDocs::

    import markdown
    from mkdocs_govreport.extension import GovReportExtension
    html = markdown.markdown(page_text, extensions=[GovReportExtension()])
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from .assess import render_provenance
from .registry import SECTION_HEADINGS
from .render import render_report_findings, render_table
from .report import DATA_KEY, Report, parse_page, split_front_matter
from .sections import SECTION_ORDER, parse_body

TABLE_SECTIONS = ("active", "applications", "review_litigation")


_MD_PUNCT = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def _inert(text: str) -> str:
    """Data text placed in Markdown (the skeleton's title): HTML-escaped, Markdown
    punctuation escaped and on one line, so that it shows as typed and never becomes markup."""
    return _MD_PUNCT.sub(r"\\\1", escape(" ".join(text.split()), quote=False))


def skeleton_markdown(report: Report) -> str:
    """The report skeleton for a page with front matter only: the title and all six headings."""
    return f"# {_inert(report.title)}\n\n" + "\n\n".join(f"## {SECTION_HEADINGS[key]}\n" for key in SECTION_ORDER)


def assemble(report: Report, markdown_text: str, store: Callable[[str], str], *, show_findings: bool = True) -> str:
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
            replace[m.line] = "\n" + store(render_table(report, m.table, show_findings=show_findings)) + "\n"
            placed.add(m.table)
    levels = Counter(h.level for h in body.headings if h.level)
    level = levels.most_common(1)[0][0] if levels else 2
    if fmt is not None:
        for key in TABLE_SECTIONS:
            if key in placed:
                continue
            html = "\n" + store(render_table(report, key, show_findings=show_findings)) + "\n"
            heading = body.first(key)
            if heading is not None:
                nxt = next((h.line for h in body.headings if h.line > heading.line), len(lines))
                inserts.setdefault(nxt, []).append(html)
                continue
            order = SECTION_ORDER.index(key)
            later = [h.line for h in body.headings if SECTION_ORDER.index(h.key) > order]
            at = min(later) if later else len(lines)
            inserts.setdefault(at, []).append(f"\n{'#' * level} {SECTION_HEADINGS[key]}\n{html}")
    top = render_report_findings(report) if show_findings else ""
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
    provenance = render_provenance(report)  # where an imported report came from (issue 9)
    if provenance:
        out.append("\n" + store(provenance) + "\n")
    return "\n".join(out)


def _host_source(md: Markdown) -> tuple[Path, str] | None:
    """The source file of the page being converted (and its path as named in messages), when the host (Zensical) registers a
    rendering-context preprocessor carrying ``page.path`` and ``config['docs_dir']``, and the
    page's front matter has the ``govreport`` key.  Duck-typed: no import of the host."""
    for proc in md.preprocessors:
        page = getattr(proc, "page", None)
        config = getattr(proc, "config", None)
        meta = getattr(page, "meta", None)
        if page is None or not isinstance(meta, dict) or DATA_KEY not in meta:
            continue
        path = Path(str(getattr(page, "path", "") or ""))
        docs = (config or {}).get("docs_dir") if isinstance(config, dict) else None
        for candidate in ([Path(str(docs)) / path] if docs else []) + [path]:
            if candidate.is_file():
                return candidate, path.as_posix()
    return None


class GovReportPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, ext: GovReportExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        report = self.ext.pending
        self.ext.pending = None
        text = "\n".join(lines)
        if report is None:
            if not self.ext.getConfig("read_front_matter"):
                return lines
            filename = self.ext.getConfig("filename")
            base = self.ext.getConfig("base_dir") or (str(Path(filename).parent) if filename else "")
            report = parse_page(
                text, filename or "<page>", base_dir=Path(base) if base else None, display_dir=base
            )
            if report is None:
                # Zensical strips the front matter before Python-Markdown runs: read the page's
                # own source file, located through the host's rendering context.
                host = _host_source(self.md)
                if host is None:
                    return lines
                source, shown = host
                raw = source.read_bytes()
                report = parse_page(raw, shown, base_dir=source.parent, display_dir=str(Path(shown).parent))
                if report is None:
                    return lines
                # undecodable bytes are already a finding of parse_page: never a traceback here
                text = raw.decode("utf-8-sig", errors="replace")
            _fm, text, _line = split_front_matter(text)
        self.ext.last_report = report
        result = assemble(
            report, text, self.md.htmlStash.store, show_findings=bool(self.ext.getConfig("show_findings"))
        )
        return result.split("\n")


class GovReportExtension(Extension):
    """Renders report pages: the official tables, placed, with their findings."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "show_findings": [True, "在页面上显示检查发现的问题（表格旁的提示框）"],
            "read_front_matter": [True, "独立使用时从页面自身的 front matter 读取报告数据"],
            "filename": ["", "页面文件路径：用于错误信息，也用于找到同目录下的 .yaml 数据文件"],
            "base_dir": ["", "同目录 .yaml 数据文件所在的目录（默认取 filename 所在目录）"],
        }
        #: Set by the MkDocs plugin just before a report page is converted.
        self.pending: Report | None = None
        #: The report of the last page converted (for callers and tests).
        self.last_report: Report | None = None
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown API
        md.registerExtension(self)
        # Priority 27: after whitespace normalisation (30), before the HTML block
        # preprocessor (20) would stash the placement markers (HTML comments), and before
        # fenced code (25) so that fences are still visible to the section parser.
        md.preprocessors.register(GovReportPreprocessor(md, self), "govreport", 27)


def makeExtension(**kwargs: Any) -> GovReportExtension:  # noqa: N802 - Python-Markdown API
    return GovReportExtension(**kwargs)
