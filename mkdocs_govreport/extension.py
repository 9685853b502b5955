"""Python-Markdown extension: report data and table placements become HTML.

Works on its own with plain Python-Markdown (and so where MkDocs plugins don't run, e.g.
Zensical): the preprocessor reads the page's own front matter.  Under MkDocs, which strips
the front matter before Markdown sees the page, the plugin passes in its own lookup of the
already-checked reports (``GovReportExtension(reports=...)``) and marks each report page's
Markdown with the page's name (:func:`page_marker`), so the page and its report meet without
any state handed from one event to the next.

Usage without MkDocs::

    import markdown
    from mkdocs_govreport.extension import GovReportExtension
    html = markdown.markdown(page_text, extensions=[GovReportExtension()])
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from .core.report import Report
from .core.source import DATA_KEY, split_front_matter
from .exports.generated import site_findings, source_key
from .html.placement import assemble
from .pipeline import parse_page

#: Looks up the checked report of a page by its name (the plugin's ``src_uri``).
ReportLookup = Callable[[str], "Report | None"]

_MARKER_RE = re.compile(r"^<!-- govreport-page: (?P<name>.+?) -->$")


def page_marker(name: str) -> str:
    """The first line the plugin gives a report page's Markdown: names the page for the
    extension's report lookup (removed again before anything else reads the page)."""
    return f"<!-- govreport-page: {name.replace('-->', '')} -->"


def _host_source(md: Markdown) -> tuple[Path, str, Path | None] | None:
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
                return candidate, path.as_posix(), Path(str(docs)) if docs else None
    return None


class GovReportPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, ext: GovReportExtension) -> None:
        super().__init__(md)
        self.ext = ext

    def run(self, lines: list[str]) -> list[str]:
        report: Report | None = None
        marker = _MARKER_RE.match(lines[0]) if lines and self.ext.reports is not None else None
        if marker is not None and self.ext.reports is not None:
            lines = lines[1:]
            report = self.ext.reports(marker.group("name"))
        text = "\n".join(lines)
        if report is None:
            if not self.ext.getConfig("read_front_matter"):
                return lines
            filename = self.ext.getConfig("filename")
            base = self.ext.getConfig("base_dir") or (str(Path(filename).parent) if filename else "")
            report = parse_page(
                text, filename or "<page>", base_dir=Path(base) if base else None, display_dir=base
            )
            if report is None or not text.lstrip().startswith("---"):
                # Zensical strips the front matter before Python-Markdown runs: read the page's
                # own source file, located through the host's rendering context.  (Without its
                # front matter a report page may look like a report without data: the source
                # decides.)
                host = _host_source(self.md)
                if host is None:
                    return lines if report is None else self._render(report, text)
                source, shown, docs = host
                raw = source.read_bytes()
                report = parse_page(raw, shown, base_dir=source.parent, display_dir=str(Path(shown).parent))
                if report is None:
                    return lines
                if docs is not None:
                    # the whole site's findings, when ``govreport pages`` checked this very page
                    site = site_findings(docs, shown, source_key(source, report.dependencies))
                    if site is not None:
                        report.findings = site
                # undecodable bytes are already a finding of parse_page: never a traceback here
                text = raw.decode("utf-8-sig", errors="replace")
            _fm, text, _line = split_front_matter(text)
        return self._render(report, text)

    def _render(self, report: Report, text: str) -> list[str]:
        result = assemble(
            report,
            text,
            self.md.htmlStash.store,
            show_findings=bool(self.ext.getConfig("show_findings")),
            locations=bool(self.ext.getConfig("show_locations")),
        )
        return result.split("\n")


class GovReportExtension(Extension):
    """Renders report pages: the official tables, placed, with their findings."""

    def __init__(self, reports: ReportLookup | None = None, **kwargs: Any) -> None:
        """``reports``: the checked reports by page name, given by a host that reads the pages
        itself (the MkDocs plugin); without it, each page's own front matter is read."""
        self.config = {
            "show_findings": [True, "在页面上显示检查发现的问题（表格旁的提示框）"],
            "show_locations": [True, "在问题提示框中显示问题所在的文件和行号"],
            "read_front_matter": [True, "独立使用时从页面自身的 front matter 读取报告数据"],
            "filename": ["", "页面文件路径：用于错误信息，也用于找到同目录下的 .yaml 数据文件"],
            "base_dir": ["", "同目录 .yaml 数据文件所在的目录（默认取 filename 所在目录）"],
        }
        self.reports = reports
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown API
        md.registerExtension(self)
        # Priority 27: after whitespace normalisation (30), before the HTML block
        # preprocessor (20) would stash the placement markers (HTML comments), and before
        # fenced code (25) so that fences are still visible to the section parser.
        md.preprocessors.register(GovReportPreprocessor(md, self), "govreport", 27)


def makeExtension(**kwargs: Any) -> GovReportExtension:  # noqa: N802 - Python-Markdown API
    return GovReportExtension(**kwargs)
