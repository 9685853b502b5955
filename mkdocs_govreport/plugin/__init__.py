"""The MkDocs plugin: collects every report of the site, renders the tables, reports findings.

Event order and why:

* ``on_startup`` — defined so that MkDocs keeps one plugin instance across ``serve``
  rebuilds: the parse cache and the download chunks live on the instance.  Notes whether the
  build is ``--dirty``.
* ``on_config`` — adds the Markdown extension (given this plugin's report lookup) and the
  stylesheet; opens the disk cache (``cache.py``).  The options are validated by their option
  classes (``config.py``).
* ``on_files`` — reads every page source (exact line numbers, correct under
  ``serve --dirty``), parses and checks the reports (cached by content, in memory under
  ``serve`` and on disk for the next ``--dirty`` build), runs the checks across reports
  (``pipeline.check_reports``) and adds the index pages and downloads (``site.py``).  Under
  ``--dirty`` it also decides which unchanged pages must still be rebuilt (``site.dirty``).
* ``on_nav`` — navigation shaping lives in ``nav.py`` (not part of the reports' data flow).
* ``on_page_read_source`` — a page MkDocs could not decode gets a readable error page
  instead of aborting the whole build.
* ``on_page_markdown`` — logs the report's findings through the plugin logger (so that
  ``--strict`` counts them) and names the page for the extension.
* ``on_page_content`` — names our pages with the escaped title; the page's report is then
  released (a build of thousands of reports never holds them all until the end).
* ``on_env`` — under ``--dirty``, the pages MkDocs did not read get their last titles back,
  so the navigation of the rebuilt pages is the same as after a full build.
* ``on_post_build`` — saves what the next ``--dirty`` build compares against.
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

from ..checks.sameness import shingles
from ..core.body import mask_body, parse_masked
from ..core.findings import Finding
from ..core.report import Report
from ..core.source import split_front_matter
from ..exports import Chunk, ChunkCache
from ..exports.word import DOCX_EXTRA_HINT, docx_available
from ..extension import GovReportExtension, page_marker
from ..html.escape import inert_markdown
from ..html.placement import skeleton_markdown
from ..html.tables import CSS_PATH
from ..pipeline import check_reports, parse_page
from . import nav as site_nav
from . import search as site_search
from . import site
from .cache import CACHE_DIR, DiskCache
from .config import GovReportConfig, IndexConfig

__all__ = ["GovReportConfig", "GovReportPlugin", "IndexConfig"]

log = get_plugin_logger("govreport")


class GovReportPlugin(BasePlugin[GovReportConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.extension = GovReportExtension(reports=self.report_of)
        self.is_serve = False
        self.dirty = False
        #: abs path -> (signature, parsed report); survives ``serve`` rebuilds (not kept by ``build``)
        self._cache: dict[str, tuple[tuple[Any, ...], Report | None]] = {}
        #: page -> pre-rendered share of the downloads; survives ``serve`` rebuilds
        self._chunks: ChunkCache = {}
        #: src_uri -> report for this build (released page by page once rendered)
        self.reports: dict[str, Report] = {}
        self.unreadable: dict[str, Report] = {}
        self.watch_paths: set[str] = set()
        #: page -> (content key, .docx bytes) of the Word copies; survives ``serve`` rebuilds
        self._word_cache: dict[str, tuple[str, bytes]] = {}
        self.word_copies: set[str] = set()
        #: seconds spent in the steps of the last ``on_files`` (for the benchmarks)
        self.timings: dict[str, float] = {}
        #: pages parsed (not taken from a cache) by the last ``on_files`` (for the benchmarks)
        self.parsed: list[str] = []
        self._root = ""
        self._disk: DiskCache | None = None
        #: reports parsed by this ``on_files`` (path, signature, src_uri, report), stored on disk once generated
        self._fresh: list[tuple[str, tuple[Any, ...], str, Report | None]] = []
        #: what this build and the one before put into each page (``--dirty``)
        self._state: site.PageState | None = None
        self._previous: site.PageState | None = None

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
        self.dirty = dirty

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
        # ``serve`` builds into a new temporary folder each session: one cache for all of them
        where = "serve" if self.is_serve else os.path.abspath(config.site_dir)
        site_key = f"{os.path.abspath(config.config_file_path or self._root)}|{where}"
        disk = DiskCache(Path(self._root) / CACHE_DIR, site_key)
        if self._disk is None or self._disk.site != disk.site:
            self._disk = disk
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

    def _parse(self, file: File) -> tuple[tuple[Any, ...], Report | None, Chunk | None]:
        """The file's report (from the ``serve`` cache, the disk cache or parsed now), its
        signature, and its share of the downloads when the disk cache had it."""
        path = file.abs_src_path
        if path is None:
            return (), None, None
        cached = self._cache.get(path)
        if cached is not None:
            sig, report = cached
            if sig == self._signature(path, report.dependencies if report else ()):
                return sig, report, None
        chunk = None
        found, report, chunk = self._disk.load_report(path, self._signature) if self._disk is not None else (False, None, None)
        if not found:
            report = self._read(path, self._display(path))
        sig = self._signature(path, report.dependencies if report else ())
        if not found:
            self._fresh.append((path, sig, file.src_uri, report))
        if self.is_serve:
            self._cache[path] = (sig, report)
        return sig, report, chunk

    def _read(self, path: str, display: str) -> Report | None:
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            log.error(f"{self._display(path)}: 无法读取文件：{exc.strerror}")
            return None
        try:
            report = parse_page(raw, display, base_dir=Path(path).parent, display_dir=os.path.dirname(display))
        except Exception as exc:  # a bug of ours must break only this page, never the whole site
            log.debug("govreport internal error", exc_info=True)
            report = Report.unreadable(display, [_internal_error(display, exc)], readable=True)
        self.parsed.append(display)
        return report

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        self.reports = {}
        self.unreadable = {}
        self.parsed = []
        self._fresh = []
        signatures: dict[str, tuple[Any, ...]] = {}
        # under ``build`` the chunks live for this build only (a build of thousands of reports
        # does not keep them); the disk cache brings back those of unchanged reports
        chunks: ChunkCache = self._chunks if self.is_serve else {}
        for file in files.documentation_pages():
            if file.generated_by:
                continue
            sig, report, chunk = self._parse(file)
            if report is None:
                continue
            signatures[file.src_uri] = sig
            if chunk is not None:
                chunks[file.src_uri] = chunk
            if not report.readable:
                self.unreadable[file.src_uri] = report
            # per-build copy: cross-year findings and levels must not accumulate in the cache
            live = copy.copy(report)
            live.findings = list(report.findings)
            self.reports[file.src_uri] = live
            for dep in report.dependencies:
                self.watch_paths.add(dep)
        if self._disk is not None:
            self._disk.prune_reports()
        groups = check_reports(list(self.reports.values()), levels=self.config.rules, threshold=self.config.sameness_threshold)
        if not self.is_serve:
            # caches of narrative texts, kept for the next rebuild under serve only
            shingles.cache_clear()
            mask_body.cache_clear()
            parse_masked.cache_clear()
        generated = site.generate(
            self.reports,
            groups,
            self.config.index,
            downloads=self.config.downloads,
            chunks=chunks,
            locations=self.show_locations,
        )
        if self._disk is not None:
            for path, sig, uri, fresh in self._fresh:  # stored with their chunk for the next build
                self._disk.store_report(path, sig, fresh, chunks.get(uri))
        self._fresh = []
        generated.files[CSS_PATH] = _stylesheet()
        site.add_files(files, config, generated.files, self._disk, self.config.index.path)
        self.word_copies = site.add_word_copies(files, config, self.reports, self._word_cache) if self.config.word_copy else set()
        self.timings = generated.timings
        state = site.PageState.of(self.reports, signatures, files, config)
        previous: site.PageState | None = None
        if self.dirty:
            previous = self._state if self._state is not None else site.PageState.load(self._disk)
            site.dirty(files, self.reports, previous, state)
        else:
            site.title_sources(files, self.reports, state, None)
        self._previous, self._state = previous, state
        return files

    # -- navigation: ``on_nav`` (``nav.py``) ------------------------------------------

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
        uri = page.file.src_uri
        ours = uri in self.reports or (page.file.generated_by or "").startswith("govreport")
        if ours and not page.meta.get("title") and page.title:
            page.meta["title"] = page.title
        # the page is rendered: its report is no longer needed in this build (the parse cache
        # of ``serve`` keeps its own reference)
        self.reports.pop(uri, None)
        self.unreadable.pop(uri, None)
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


    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self._disk is not None and getattr(env, "bytecode_cache", False) is None:
            # the theme's templates compiled once, not in every build (Material's take ~1.5 s,
            # most of a ``--dirty`` rebuild's time); Jinja checks each template's source
            env.bytecode_cache = self._disk.jinja_cache()
        if self.dirty and self._state is not None:
            site.restore_titles(files, self._state, self._previous)
        return None

    @event_priority(-100)  # after the search plugins have written their index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._nav is not None:
            site_search.compact_index(config.site_dir)  # the index in UTF-8, not \\u escapes
        if self._state is not None:
            self._state.record_titles()
            self._state.save(self._disk)

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
