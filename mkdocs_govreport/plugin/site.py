"""What needs the whole site, for MkDocs: the generated index pages and data downloads added to
the site's files.

Everything here is regenerated on every build (``serve`` included) from the checked reports:
editing one report updates its page, its agency page, the index and the downloads on the next
rebuild.  The pages and downloads themselves come from ``html.pages`` and ``exports`` — the
same functions any other generator uses.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from ..core.collection import AgencyYears
from ..core.report import Report
from ..exports import DATA_FILES, ChunkCache, Entry, build_downloads
from ..html.pages import Context, SitePaths, agency_page, index_page, rates_markdown, summary_page
from .config import IndexConfig

log = get_plugin_logger("govreport")


@dataclass
class SiteFiles:
    """The generated pages and downloads of one site, with what they cost (for the benchmarks)."""

    #: src_uri -> text
    files: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def generate(
    reports: Mapping[str, Report],
    groups: Mapping[str, AgencyYears],
    index: IndexConfig,
    *,
    downloads: bool,
    chunks: ChunkCache,
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
        ctx = Context(
            dict(groups), {id(r): uri for uri, r in reports.items()}, paths, index.title, sorted(data, key=_download_order), locations=locations
        )
        out.files[paths.index] = index_page(ctx)
        out.files[paths.summary] = summary_page(ctx)
        for group in groups.values():
            out.files[paths.agency(group.agency_id)] = agency_page(ctx, group) + rates_markdown(group)
    t2 = time.perf_counter()
    for name, text in data.items():
        out.files[paths.data(name)] = text
    out.timings.update(downloads=t1 - t0, pages=t2 - t1)
    return out


def add_files(files: Files, config: MkDocsConfig, generated: Mapping[str, str | bytes]) -> None:
    """Add generated files to the site, replacing our own earlier ones (never an author's)."""
    for uri, content in generated.items():
        existing = files.get_file_from_path(uri)
        if existing is not None:
            if existing.generated_by is None:
                log.error(f"{uri}: 此路径由 govreport 生成（索引或数据下载），但站点中已有同名文件；请修改 index.path 或移走该文件")
                continue
            files.remove(existing)
        files.append(File.generated(config, uri, content=content))


def _download_order(name: str) -> tuple[int, str]:
    return (DATA_FILES.index(name) if name in DATA_FILES else len(DATA_FILES), name)


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
