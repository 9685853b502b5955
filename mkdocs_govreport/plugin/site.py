"""What needs the whole site, for MkDocs: the generated index pages and data downloads added to
the site's files, and what ``--dirty`` builds must rebuild beyond the files MkDocs sees change.

Everything here is regenerated on every build (``serve`` included) from the checked reports:
editing one report updates its page, its agency page, the index and the downloads on the next
rebuild.  The pages and downloads themselves come from ``html.pages.site_pages`` and
``exports.build_downloads`` — the same functions ``govreport pages`` uses for other generators.

Dirty builds (``mkdocs build --dirty``, ``mkdocs serve --dirty``): MkDocs rebuilds a page when
its source file is newer than the page it built last time.  So that this test is right for what
the plugin makes:

* generated pages and downloads are files in the plugin's cache folder, rewritten only when
  their text changes (an agency page is rebuilt when one of its reports changed, not otherwise);
* a report page whose rendering depends on more than its own file — its findings (a cross-year
  rule after editing last year's report, a roll-up after editing a department), its data file —
  has its built page removed when that changed, so MkDocs rebuilds it;
* when the navigation could change (a page added or removed, a title changed, ``mkdocs.yml``
  edited) every page is rebuilt, since each page shows the navigation;
* pages MkDocs does not read keep the titles they had, so the navigation of the pages that are
  rebuilt is the one a full build shows.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from ..core.collection import AgencyYears
from ..core.report import Report
from ..exports import DATA_FILES, ChunkCache, Entry, build_downloads
from ..exports.generated import read_manifest
from ..html.pages import SitePaths, site_pages
from .cache import DiskCache
from .config import IndexConfig

log = get_plugin_logger("govreport")


@dataclass
class SiteFiles:
    """The generated pages and downloads of one site, with what they cost (for the benchmarks)."""

    #: src_uri -> text
    files: dict[str, str | bytes] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def generate(
    reports: Mapping[str, Report],
    groups: Mapping[str, AgencyYears],
    index: IndexConfig,
    *,
    downloads: bool,
    chunks: ChunkCache | None,
    locations: bool = True,
) -> SiteFiles:
    """The index pages (when enabled) and the downloads (when enabled) as ``{src_uri: text}``."""
    out = SiteFiles()
    t0 = time.perf_counter()
    paths = SitePaths(index.path)
    data: dict[str, str] = {}
    if downloads:
        data = build_downloads([Entry(uri, r) for uri, r in reports.items()], title=index.title, cache=chunks)
    t1 = time.perf_counter()
    if index.enabled:
        out.files.update(site_pages(reports, groups, paths, index.title, sorted(data, key=_download_order), locations=locations))
    t2 = time.perf_counter()
    for name, text in data.items():
        out.files[paths.data(name)] = text
    out.timings.update(downloads=t1 - t0, pages=t2 - t1)
    return out


def add_files(
    files: Files, config: MkDocsConfig, generated: dict[str, str | bytes], disk: DiskCache | None = None, root: str = ""
) -> None:
    """Add generated files to the site, replacing our own earlier ones (never an author's; files
    ``govreport pages`` wrote into the docs folder, unchanged since, count as ours).

    The texts are written to the cache folder and the site's files point there (MkDocs copies or
    renders them from disk, and ``--dirty`` compares their modification times); ``generated`` is
    emptied as it goes, so a build holds no second copy of the downloads."""
    ours = read_manifest(Path(config.docs_dir), root) if root else {}
    for uri in list(generated):
        content = generated.pop(uri)
        existing = files.get_file_from_path(uri)
        if existing is not None:
            if existing.generated_by is None and not _written_by_pages(existing, ours):
                log.error(f"{uri}: 此路径由 govreport 生成（索引或数据下载），但站点中已有同名文件；请修改 index.path 或移走该文件")
                continue
            files.remove(existing)
        path = disk.write_generated(uri, content) if disk is not None else None
        if path is not None:
            files.append(File.generated(config, uri, abs_src_path=path))
        else:
            files.append(File.generated(config, uri, content=content))
    if disk is not None and disk.ok:
        disk.prune_generated({f.src_uri for f in files if f.generated_by and f.abs_src_path and f.abs_src_path.startswith(str(disk.site))})


def _written_by_pages(file: File, manifest: Mapping[str, str]) -> bool:
    """A file in the docs folder that ``govreport pages`` wrote and nobody edited since."""
    digest = manifest.get(file.src_uri)
    if digest is None or file.abs_src_path is None:
        return False
    try:
        return hashlib.sha256(Path(file.abs_src_path).read_bytes()).hexdigest() == digest
    except OSError:
        return False


def word_copy_uri(src_uri: str) -> str:
    """Where a report page's Word copy goes: beside the page's source (``2023.md`` → ``2023.docx``)."""
    return src_uri.rsplit(".", 1)[0] + ".docx"


def add_word_copies(
    files: Files, config: MkDocsConfig, reports: Mapping[str, Report], cache: dict[str, tuple[str, bytes]]
) -> set[str]:
    """A Word copy of every readable report (``word_copy: true``); returns the pages given one.

    Cached by the report's content (the copy is deterministic), so ``serve`` rebuilds only the
    copies of edited reports."""
    from ..exports.word import report_docx  # python-docx: an optional extra, checked in on_config

    done: set[str] = set()
    for uri, report in reports.items():
        if report.fmt is None:
            continue
        key = report.content_hash + "|" + "|".join(f.rule + f.message for f in report.active_findings())
        cached = cache.get(uri)
        if cached is None or cached[0] != key:
            cached = cache[uri] = (key, report_docx(report, markdown_extensions=config.markdown_extensions, extension_configs=config.mdx_configs))
        add_files(files, config, {word_copy_uri(uri): cached[1]})
        done.add(uri)
    return done


def _download_order(name: str) -> tuple[int, str]:
    return (DATA_FILES.index(name) if name in DATA_FILES else len(DATA_FILES), name)


# ---------------------------------------------------------------------------------------
# Dirty builds

_H1 = re.compile(r"^# (.+?)\s*$", re.MULTILINE)
_META_TITLE = re.compile(r"^title\s*:(.*)$", re.MULTILINE)


def _title_source(path: str, extra: str = "") -> str:
    """What a page's title (and so the navigation of every page) is made from: its front
    matter's ``title``, its first H1, and for a report its data's title."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    meta = ""
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end > 0:
            m = _META_TITLE.search(text, 0, end)
            meta = m.group(1).strip() if m else ""
            text = text[end + 4 :]
    h1 = _H1.search(text)
    return "\x00".join((meta, h1.group(1) if h1 else "", extra))


def _fingerprint(signature: tuple[Any, ...], report: Report) -> str:
    """What the report page shows from outside its Markdown: its data files and its findings
    (after the checks across reports, levels and acknowledgements)."""
    text = repr((signature, report.title, [(f.rule, f.severity, f.message, f.line, f.column, f.pointer, f.acknowledged, f.stale_note) for f in report.findings]))
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@dataclass
class PageState:
    """What the last build put into each page, for the next ``--dirty`` build to compare."""

    #: report page -> :func:`_fingerprint`
    fingerprints: dict[str, str] = field(default_factory=dict)
    #: every page -> :func:`_title_source`
    sources: dict[str, str] = field(default_factory=dict)
    #: every page -> its title after the build
    titles: dict[str, str] = field(default_factory=dict)
    config: str = ""
    files: Files | None = None

    @classmethod
    def of(cls, reports: Mapping[str, Report], signatures: Mapping[str, tuple[Any, ...]], files: Files, config: MkDocsConfig) -> PageState:
        state = cls(files=files, config=_config_hash(config))
        state.fingerprints = {uri: _fingerprint(signatures[uri], r) for uri, r in reports.items() if uri in signatures}
        return state

    @classmethod
    def load(cls, disk: DiskCache | None) -> PageState | None:
        data = disk.load_state() if disk is not None else {}
        if not data:
            return None
        return cls(data.get("fingerprints", {}), data.get("sources", {}), data.get("titles", {}), data.get("config", ""))

    def record_titles(self) -> None:
        if self.files is None:
            return
        for f in self.files.documentation_pages():
            if f.page is not None and f.page.title is not None:
                self.titles[f.src_uri] = str(f.page.title)
        self.files = None

    def save(self, disk: DiskCache | None) -> None:
        if disk is not None:
            disk.save_state(
                {"fingerprints": self.fingerprints, "sources": self.sources, "titles": self.titles, "config": self.config}
            )


def _config_hash(config: MkDocsConfig) -> str:
    try:
        data = Path(config.config_file_path or "").read_bytes()
    except OSError:
        data = b""
    return hashlib.sha1(data).hexdigest()


def title_sources(files: Files, reports: Mapping[str, Report], state: PageState, previous: PageState | None) -> bool:
    """Fill ``state.sources`` (reading only the pages MkDocs will read again when ``previous``
    is given); True when the navigation may differ from the one ``previous`` was built with."""
    changed = previous is None or previous.config != state.config
    seen = set()
    for f in files.documentation_pages():
        uri = f.src_uri
        seen.add(uri)
        report = reports.get(uri)
        extra = report.title if report is not None else ""
        if previous is not None and uri in previous.sources and f.abs_src_path and not f.is_modified():
            state.sources[uri] = previous.sources[uri]
            continue
        state.sources[uri] = _title_source(f.abs_src_path, extra) if f.abs_src_path else extra
        if previous is not None and previous.sources.get(uri) != state.sources[uri]:
            changed = True
    if previous is not None and seen != set(previous.sources):
        changed = True
    return changed


def dirty(files: Files, reports: Mapping[str, Report], previous: PageState | None, state: PageState) -> int:
    """Before a dirty build renders anything: remove the built pages that must be rebuilt
    although their source did not change.  Returns how many were removed."""
    everything = title_sources(files, reports, state, previous)
    removed = 0
    for f in files.documentation_pages():
        uri = f.src_uri
        if everything or (uri in state.fingerprints and (previous is None or previous.fingerprints.get(uri) != state.fingerprints[uri])):
            with contextlib.suppress(FileNotFoundError):
                os.remove(f.abs_dest_path)
                removed += 1
    if everything and previous is not None:
        log.info("导航可能已改变（页面增删、标题或 mkdocs.yml 改动）：重建全部页面")
    return removed


def restore_titles(files: Files, state: PageState, previous: PageState | None) -> None:
    """Pages a dirty build did not read keep the title they had (MkDocs would show none)."""
    if previous is None:
        return
    for f in files.documentation_pages():
        page = f.page
        if page is not None and page.markdown is None and f.src_uri in previous.titles:
            page.markdown = ""
            page.meta = {"title": previous.titles[f.src_uri]}

