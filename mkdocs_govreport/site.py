"""What needs the whole site: cross-year checks, generated index pages, data downloads.

The plugin calls :func:`on_files` from its ``on_files`` after parsing every report, and
applies rule levels and acknowledgements after this call.  Everything here is regenerated
on every build (``serve`` included) from ``plugin.reports``: editing one report updates its
page, its agency page, the index and the downloads on the next rebuild.  The work is linear
in the number of reports (one grouping by agency, one pass per report).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from . import assess
from .crossyear import cross_year_findings, group_by_agency
from .findings import Finding, apply_acknowledgements, apply_levels
from .indexpages import Context, SitePaths, agency_page, index_page, summary_page
from .report import Report

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = get_plugin_logger("govreport")

#: Timings of the last on_files call (seconds), for the benchmark script.
last_timings: dict[str, float] = {}


def cross_findings(reports: Iterable[Report]) -> dict[int, list[Finding]]:
    """Cross-year findings (W1–W3, duplicate years, T8–T10) keyed by ``id(report)`` — used by the CLI."""
    reports = list(reports)
    groups = group_by_agency(reports)
    return _merge(cross_year_findings(reports, groups), assess.cross_report_findings(reports, groups))


def _merge(a: dict[int, list[Finding]], b: dict[int, list[Finding]]) -> dict[int, list[Finding]]:
    out = {k: list(v) for k, v in a.items()}
    for k, v in b.items():
        out.setdefault(k, []).extend(v)
    return out


def on_files(plugin: Any, files: Files, config: MkDocsConfig) -> None:
    """Cross-year findings into each report; index pages and downloads into ``files``."""
    t0 = time.perf_counter()
    reports: dict[str, Report] = plugin.reports
    groups = group_by_agency(reports.values())
    cross = cross_year_findings(reports.values(), groups)
    # T8 sameness with last year, T9/T10 region roll-ups (issue 9)
    threshold = getattr(plugin.config, "sameness_threshold", assess.DEFAULT_THRESHOLD)
    cross = _merge(cross, assess.cross_report_findings(reports.values(), groups, threshold=threshold))
    for report in reports.values():
        extra = cross.get(id(report))
        if extra:
            report.findings.extend(extra)
        # The index shows each report's status, so levels and acknowledgements must be
        # applied now; the plugin applies them again after this call (idempotent).
        report.findings = apply_levels(report.findings, plugin.levels)
        apply_acknowledgements(report.findings, report.acknowledgements)
    t1 = time.perf_counter()
    index_cfg = plugin.config.index
    paths = SitePaths(index_cfg.path.strip("/") or "reports-index")
    generated: dict[str, str] = {}
    downloads: dict[str, str] = {}
    if plugin.config.downloads:
        from .exports import Entry, build_downloads

        downloads = build_downloads([Entry(uri, r) for uri, r in reports.items()], title=index_cfg.title)
    t2 = time.perf_counter()
    if index_cfg.enabled:
        ctx = Context(groups, {id(r): uri for uri, r in reports.items()}, paths, index_cfg.title, sorted(downloads, key=_download_order))
        generated[paths.index] = index_page(ctx)
        generated[paths.summary] = summary_page(ctx)
        for group in groups.values():
            generated[paths.agency(group.agency_id)] = agency_page(ctx, group) + assess.rates_markdown(group)
    t3 = time.perf_counter()
    for name, text in downloads.items():
        generated[paths.data(name)] = text
    for uri, content in generated.items():
        existing = files.get_file_from_path(uri)
        if existing is not None:
            if existing.generated_by is None:
                log.error(f"{uri}: 此路径由 govreport 生成（索引或数据下载），但站点中已有同名文件；请修改 index.path 或移走该文件")
                continue
            files.remove(existing)
        files.append(File.generated(config, uri, content=content))
    t4 = time.perf_counter()
    last_timings.update(cross=t1 - t0, downloads=t2 - t1, pages=t3 - t2, files=t4 - t3, total=t4 - t0, reports=len(reports))


def _download_order(name: str) -> tuple[int, str]:
    order = ("reports.json", "facts.csv", "validation.csv", "datapackage.json")
    return (order.index(name) if name in order else len(order), name)
