"""The MkDocs plugin: collects every report of the site, renders the tables, reports findings.

Event order and why:

* ``on_startup`` — defined so that MkDocs keeps one plugin instance across ``serve``
  rebuilds: the parse cache and the download chunks live on the instance.
* ``on_config`` — adds the Markdown extension (given this plugin's report lookup) and the
  stylesheet.  The options are validated by their option classes (``config.py``).
* ``on_files`` — reads every page source (exact line numbers, correct under
  ``serve --dirty``), parses and checks the reports (cached by content), runs the checks
  across reports (``pipeline.check_reports``) and adds the index pages and downloads.
* ``on_page_read_source`` — a page MkDocs could not decode gets a readable error page
  instead of aborting the whole build.
* ``on_page_markdown`` — logs the report's findings through the plugin logger (so that
  ``--strict`` counts them) and names the page for the extension.
"""

from __future__ import annotations

import copy
import os
import posixpath
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from ..core.findings import Finding
from ..core.report import Report
from ..core.source import split_front_matter
from ..exports import ChunkCache
from ..exports.word import DOCX_EXTRA_HINT, docx_available
from ..extension import GovReportExtension, page_marker
from ..html.escape import inert_markdown
from ..html.placement import skeleton_markdown
from ..html.tables import CSS_PATH
from ..pipeline import check_reports, parse_page
from . import nav as site_nav
from . import search as site_search
from . import site
from .config import GovReportConfig, IndexConfig

__all__ = ["GovReportConfig", "GovReportPlugin", "IndexConfig"]

log = get_plugin_logger("govreport")


class GovReportPlugin(BasePlugin[GovReportConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.extension = GovReportExtension(reports=self.report_of)
        self.is_serve = False
        #: abs path -> (signature, parsed report); survives ``serve`` rebuilds
        self._cache: dict[str, tuple[tuple[Any, ...], Report | None]] = {}
        #: page -> pre-rendered share of the downloads; survives ``serve`` rebuilds
        self._chunks: ChunkCache = {}
        #: src_uri -> report for this build
        self.reports: dict[str, Report] = {}
        self.unreadable: dict[str, Report] = {}
        self.watch_paths: set[str] = set()
        #: page -> (content key, .docx bytes) of the Word copies; survives ``serve`` rebuilds
        self._word_cache: dict[str, tuple[str, bytes]] = {}
        self.word_copies: set[str] = set()
        #: seconds spent in the steps of the last ``on_files`` (for the benchmarks)
        self.timings: dict[str, float] = {}
        self._root = ""

    @property
    def show_locations(self) -> bool:
        """File and line on the pages: under ``serve`` by default, never on the published site."""
        mode = self.config.source_locations
        return mode == "always" or (mode == "serve" and self.is_serve)

    def report_of(self, src_uri: str) -> Report | None:
        """The checked report of a page of this build (the extension's lookup)."""
        return self.reports.get(src_uri)

    # -- lifecycle ------------------------------------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        if self.config.word_copy and not docx_available():
            raise PluginError(f"govreport: word_copy: true 需要 python-docx。{DOCX_EXTRA_HINT}")
        self.extension.setConfig("show_findings", self.config.show_findings)
        self.extension.setConfig("show_locations", self.show_locations)
        self.extension.setConfig("read_front_matter", False)
        extensions: list[Any] = config.markdown_extensions  # MkDocs accepts Extension objects beside names
        if not any(e is self.extension for e in extensions):
            extensions.append(self.extension)
        if CSS_PATH not in config.extra_css:
            config.extra_css.append(CSS_PATH)
        self._root = os.path.dirname(config.config_file_path or "") or os.getcwd()
        return config

    # -- collecting -----------------------------------------------------------------
    def _display(self, abs_path: str) -> str:
        try:
            return os.path.relpath(abs_path, self._root)
        except ValueError:  # pragma: no cover - other drive on Windows
            return abs_path

    def _signature(self, path: str, deps: tuple[str, ...]) -> tuple[Any, ...]:
        sig: list[Any] = []
        for p in (path, *deps):
            try:
                st = os.stat(p)
                sig.append((p, st.st_mtime_ns, st.st_size))
            except OSError:
                sig.append((p, None, None))
        return tuple(sig)

    def _parse(self, file: File) -> Report | None:
        path = file.abs_src_path
        if path is None:
            return None
        cached = self._cache.get(path)
        if cached is not None:
            sig, report = cached
            deps = report.dependencies if report else ()
            if sig == self._signature(path, deps):
                return report
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            log.error(f"{self._display(path)}: 无法读取文件：{exc.strerror}")
            return None
        display = self._display(path)
        try:
            report = parse_page(raw, display, base_dir=Path(path).parent, display_dir=os.path.dirname(display))
        except Exception as exc:  # a bug of ours must break only this page, never the whole site
            log.debug("govreport internal error", exc_info=True)
            report = Report.unreadable(display, [_internal_error(display, exc)], readable=True)
        deps = report.dependencies if report else ()
        self._cache[path] = (self._signature(path, deps), report)
        return report

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        self.reports = {}
        self.unreadable = {}
        for file in files.documentation_pages():
            if file.generated_by:
                continue
            report = self._parse(file)
            if report is None:
                continue
            if not report.readable:
                self.unreadable[file.src_uri] = report
            # per-build copy: cross-year findings and levels must not accumulate in the cache
            live = copy.copy(report)
            live.findings = list(report.findings)
            self.reports[file.src_uri] = live
            for dep in report.dependencies:
                self.watch_paths.add(dep)
        groups = check_reports(list(self.reports.values()), levels=self.config.rules, threshold=self.config.sameness_threshold)
        generated = site.generate(
            self.reports, groups, self.config.index, downloads=self.config.downloads, chunks=self._chunks, locations=self.show_locations
        )
        site.add_files(files, config, generated.files)
        self.word_copies = site.add_word_copies(files, config, self.reports, self._word_cache) if self.config.word_copy else set()
        self.timings = generated.timings
        files.append(File.generated(config, CSS_PATH, content=_stylesheet()))
        return files

    # -- pages ----------------------------------------------------------------------
    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        report = self.unreadable.get(page.file.src_uri)
        if report is None:
            return None
        # the file name and the messages are text, never Markdown or HTML (a file may be named
        # ``<img src=x onerror=…>.md``)
        lines = "\n".join(f"- {inert_markdown(f.log_line())}" for f in report.findings)
        return f"# 无法读取此报告\n\n此页面的文件无法读取，请按以下提示修改后重新保存：\n\n{lines}\n"

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return None
        report = self.reports.get(page.file.src_uri)
        if report is None:
            return None
        for f in report.findings:
            self._log(f)
        if page.file.src_uri in self.unreadable:
            return None
        if markdown.startswith("---"):
            # MkDocs could not parse the front matter and left it in the text; drop it
            _fm, markdown, _line = split_front_matter(markdown)
        if not markdown.strip():
            # Python-Markdown returns "" for a blank source without running any preprocessor,
            # so a front-matter-only page gets its skeleton here
            markdown = skeleton_markdown(report)
            if not page.meta.get("title"):
                # the skeleton's H1 is data: Material's ``striptags`` would unescape it again
                # in <title>, so the page is named here, escaped
                page.meta["title"] = escape(report.title, quote=False)
        if not page.meta.get("title") and not _has_h1(markdown):
            # MkDocs' templates do not autoescape: the title goes into <title> and the nav as HTML
            page.meta["title"] = escape(report.title, quote=False)
        if page.file.src_uri in self.word_copies:
            name = posixpath.basename(site.word_copy_uri(page.file.src_uri))
            markdown += f"\n\n本报告的 Word 版（供审签、传阅）：[{name}]({name})\n"
        return page_marker(page.file.src_uri) + "\n" + markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # Material writes an H1-derived title through Jinja's ``striptags``, which unescapes it:
        # an agency name or report title typed with markup would reach <title> as markup.  Our
        # pages (reports, generated index pages) are named with the escaped title instead.
        ours = page.file.src_uri in self.reports or (page.file.generated_by or "").startswith("govreport")
        if ours and not page.meta.get("title") and page.title:
            page.meta["title"] = page.title
        return None

    # -- navigation (plugin/nav.py) -------------------------------------------------------
    _nav: site_nav.SiteNav | None = None

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        self._nav = site_nav.shape(nav, config, files, self.reports, self.config) if self.config.enabled else None
        return nav

    @event_priority(100)  # before the search plugins
    def _page_context_first(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        if self._nav is not None:
            self._nav.before_search(page)  # hide what a search engine must not index
        return context

    @event_priority(-50)  # after the search plugins: the links block is never indexed
    def _page_context_last(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        if self._nav is not None:
            self._nav.enter(page)  # this page's navigation, nav titles and report links block
        return context

    on_page_context = CombinedEvent(_page_context_first, _page_context_last)

    @event_priority(-100)  # after the search plugins have written their index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._nav is not None:
            site_search.compact_index(config.site_dir)  # the index in UTF-8, not \\u escapes

    def _log(self, f: Finding) -> None:
        if f.acknowledged:
            log.info(f"{f.log_line()}（已说明：{f.acknowledged}）")
        elif f.severity == "error":
            log.error(f.log_line())
        else:
            log.warning(f.log_line())

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        docs = os.path.abspath(config.docs_dir)
        for path in sorted(self.watch_paths):
            if not os.path.abspath(path).startswith(docs + os.sep):
                server.watch(path)
        return server


def _internal_error(file: str, exc: Exception) -> Finding:
    return Finding("S", f"govreport 内部错误（{type(exc).__name__}: {exc}）：这不是报告数据的问题，请把此页面报告给 mkdocs-govreport", file, 1)


def _has_h1(markdown: str) -> bool:
    for line in markdown.split("\n"):
        if line.startswith("# "):
            return True
        if line.strip():
            return False
    return False


def _stylesheet() -> str:
    return resources.files("mkdocs_govreport").joinpath("assets/govreport.css").read_text(encoding="utf-8")
