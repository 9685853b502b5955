"""The MkDocs plugin: collects every report of the site, renders the tables, reports findings.

Event order and why:

* ``on_startup`` — defined so that MkDocs keeps one plugin instance across ``serve``
  rebuilds: the parse cache lives here.
* ``on_config`` — adds the Markdown extension and the stylesheet.
* ``on_files`` — reads every page source (exact line numbers, correct under
  ``serve --dirty``), parses the reports (cached by content), runs the cross-year checks and
  generates the index pages and downloads.
* ``on_page_read_source`` — a page MkDocs could not decode gets a readable error page
  instead of aborting the whole build.
* ``on_page_markdown`` — hands the report to the extension and logs its findings through
  the plugin logger, so that ``--strict`` counts them.
"""

from __future__ import annotations

import copy
import os
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .extension import GovReportExtension
from .findings import Finding, apply_acknowledgements, apply_levels
from .registry import RULES
from .render import CSS_PATH
from .report import Report, parse_page, split_front_matter

log = get_plugin_logger("govreport")

LEVELS = ("error", "warn", "ignore")


class IndexConfig(Config):
    """Where the cross-year index goes."""

    enabled = c.Type(bool, default=True)
    """Generate the index pages (agencies × years, one page per agency, summary)."""
    path = c.Type(str, default="reports-index")
    """Folder (inside the site) of the generated index pages."""
    title = c.Type(str, default="政府信息公开工作年度报告索引")
    """Title of the index page."""


class GovReportConfig(Config):
    """Options of the ``govreport`` plugin in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    """Turn the plugin off (pages then render as plain Markdown)."""
    rules = c.Type(dict, default={})
    """Level per rule id: ``error``, ``warn`` or ``ignore`` (e.g. ``{W8: warn, W6: ignore}``)."""
    show_findings = c.Type(bool, default=True)
    """Show findings in a box by the tables, and mark the failing cells."""
    index = c.SubConfig(IndexConfig)
    """The cross-year index pages."""
    downloads = c.Type(bool, default=True)
    """Write the open-data downloads (reports.json, facts.csv, …) into the built site."""
    sameness_threshold = c.Type((int, float), default=50)
    """Rule T8: warn when more than this percentage of a report's narrative repeats the same
    agency's report of the year before (share of 8-character runs, see ``sameness.py``)."""


class GovReportPlugin(BasePlugin[GovReportConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.extension = GovReportExtension()
        self.is_serve = False
        #: abs path -> (signature, parsed report); survives ``serve`` rebuilds
        self._cache: dict[str, tuple[tuple[Any, ...], Report | None]] = {}
        #: src_uri -> report for this build
        self.reports: dict[str, Report] = {}
        self.unreadable: dict[str, Report] = {}
        self.levels: dict[str, Literal["error", "warn", "ignore"]] = {}
        self.watch_paths: set[str] = set()
        self._root = ""

    # -- lifecycle ------------------------------------------------------------------
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.is_serve = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.config.enabled:
            return None
        levels: dict[str, Literal["error", "warn", "ignore"]] = {}
        for rule, level in (self.config.rules or {}).items():
            rule = str(rule)
            if rule not in RULES and not rule.startswith("T"):
                raise PluginError(f"govreport: rules 中的规则编号“{rule}”不存在；可用：{'、'.join(RULES)}")
            if level not in LEVELS:
                raise PluginError(f"govreport: 规则 {rule} 的级别“{level}”无效；应为 error、warn 或 ignore")
            levels[rule] = level
        self.levels = levels
        threshold = self.config.sameness_threshold
        if isinstance(threshold, bool) or not 0 <= threshold <= 100:
            raise PluginError(f"govreport: sameness_threshold 应为 0 到 100 之间的百分数，实际为“{threshold}”")
        self.extension.setConfig("show_findings", self.config.show_findings)
        self.extension.setConfig("read_front_matter", False)
        if self.extension not in config.markdown_extensions:
            config.markdown_extensions.append(self.extension)  # type: ignore[arg-type]
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
        except Exception as exc:  # never a traceback: a broken report breaks only its page
            report = Report(display, display, {}, {}, None)
            report.findings = [Finding("S", f"处理此报告时发生内部错误（{type(exc).__name__}: {exc}），请报告此问题", display, 1)]
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
        self._cross_report(files, config)
        for report in self.reports.values():
            report.findings = apply_levels(report.findings, self.levels)
            apply_acknowledgements(report.findings, report.acknowledgements)
        files.append(File.generated(config, CSS_PATH, content=_stylesheet()))
        return files

    def _cross_report(self, files: Files, config: MkDocsConfig) -> None:
        """Cross-year checks, index pages and downloads (see :mod:`.site`)."""
        from . import site

        site.on_files(self, files, config)

    # -- pages ----------------------------------------------------------------------
    def on_page_read_source(self, *, page: Page, config: MkDocsConfig) -> str | None:
        report = self.unreadable.get(page.file.src_uri)
        if report is None:
            return None
        lines = "\n".join(f"- {f.log_line()}" for f in report.findings)
        return f"# 无法读取此报告\n\n此页面的文件无法读取，请按以下提示修改后重新保存：\n\n{lines}\n"

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if not self.config.enabled:
            return None
        report = self.reports.get(page.file.src_uri)
        self.extension.pending = None
        if report is None:
            return None
        for f in report.findings:
            self._log(f)
        if page.file.src_uri in self.unreadable:
            return None
        self.extension.pending = report
        if markdown.startswith("---"):
            # MkDocs could not parse the front matter and left it in the text; drop it
            _fm, markdown, _line = split_front_matter(markdown)
        if not markdown.strip():
            # Python-Markdown returns "" for a blank source without running any preprocessor,
            # so a front-matter-only page gets its skeleton here
            from .extension import skeleton_markdown

            markdown = skeleton_markdown(report)
            if not page.meta.get("title"):
                # the skeleton's H1 is data: Material's ``striptags`` would unescape it again
                # in <title>, so the page is named here, escaped
                page.meta["title"] = escape(report.title, quote=False)
        if not page.meta.get("title") and not _has_h1(markdown):
            # MkDocs' templates do not autoescape: the title goes into <title> and the nav as HTML
            page.meta["title"] = escape(report.title, quote=False)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        # Material writes an H1-derived title through Jinja's ``striptags``, which unescapes it:
        # an agency name or report title typed with markup would reach <title> as markup.  Our
        # pages (reports, generated index pages) are named with the escaped title instead.
        ours = page.file.src_uri in self.reports or (page.file.generated_by or "").startswith("govreport")
        if ours and not page.meta.get("title") and page.title:
            page.meta["title"] = page.title
        return None

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


def _has_h1(markdown: str) -> bool:
    for line in markdown.split("\n"):
        if line.startswith("# "):
            return True
        if line.strip():
            return False
    return False


def _stylesheet() -> str:
    return resources.files("mkdocs_govreport").joinpath("assets/govreport.css").read_text(encoding="utf-8")
