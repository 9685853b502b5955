"""Every generated page of a site at once, for any generator (the MkDocs plugin, ``govreport
pages`` for Zensical and others): ``{src_uri: Markdown}``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from importlib import resources

from ...core.collection import AgencyYears
from ...core.report import Report
from .agency import agency_page, rates_markdown
from .common import Context, SitePaths
from .index import FILTER_SCRIPT, TABLE_MAX_AGENCIES, index_page
from .summary import summary_page


def site_pages(
    reports: Mapping[str, Report],
    groups: Mapping[str, AgencyYears],
    paths: SitePaths,
    title: str,
    downloads: Sequence[str] = (),
    *,
    locations: bool = True,
) -> dict[str, str]:
    """The index, the summary and one page per agency (and the index's filter script).  ``reports`` maps each report page's
    ``src_uri`` to its checked report; ``downloads`` names the data files (relative to the data
    folder) the index links to."""
    ctx = Context(dict(groups), {id(r): uri for uri, r in reports.items()}, paths, title, list(downloads), locations=locations)
    out = {paths.index: index_page(ctx), paths.summary: summary_page(ctx)}
    for group in groups.values():
        out[paths.agency(group.agency_id)] = agency_page(ctx, group) + rates_markdown(group)
    if len(groups) > TABLE_MAX_AGENCIES:
        # the index's filter script, beside it (the index page loads it by a relative URL)
        out[f"{paths.root}/{FILTER_SCRIPT}"] = (
            resources.files("mkdocs_govreport").joinpath("assets/index-filter.js").read_text(encoding="utf-8")
        )
    return out
