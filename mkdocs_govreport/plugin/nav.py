"""The site navigation: Chinese titles for what the plugin generates, and a navigation that does
not grow with the number of reports.

MkDocs builds one navigation for the whole site and every theme renders it into every page: with
thousands of reports, each page would carry thousands of links (Material's ``navigation.prune``
still renders every sibling section).  When ``mkdocs.yml`` has no ``nav:`` of its own, the plugin
shapes it (option ``navigation.mode``):

``compact`` (default)
    the author's own pages as MkDocs found them, then one section 年度报告索引 holding the index
    and the summary (汇总); on an agency's pages, also 各机关 › that agency › its own page
    (历年概况) and its years (2024年度, 2023年度 …).  Report pages are reached through the index
    and the agency pages; each report page carries a links block (``html.related``) to its agency
    page, its agency's other years and the index.  A page's navigation is the same size in a
    site of 30 reports or 3,000.
``full``
    every agency and every year in 各机关 on every page (small sites).
``folders``
    MkDocs' own navigation from the folders, untouched.

A site that writes ``nav:`` keeps it; its report pages still get the links block.

How it works: ``shape`` (at ``on_nav``) takes the report and generated pages out of the folder
navigation and builds the sections once; ``SiteNav.enter`` (at ``on_page_context``, just before
the theme renders a page) puts the current agency's section in place and sets the short titles
of the entries shown.  Short titles are set this late because ``page.title`` is also the page's
``<title>`` in most themes: the plugin has by then copied every page's full title into
``page.meta.title``, which Material uses for ``<title>``; for other themes the page being
rendered keeps its full title.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html import escape

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import StructureItem
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..core.collection import AgencyYears, group_by_agency
from ..core.report import Report
from ..html.pages import SitePaths
from ..html.placement import place_related
from ..html.related import RelatedLink, render_related
from . import search
from .config import GovReportConfig, NavigationConfig

__all__ = ["SiteNav", "shape"]


@dataclass
class _Agency:
    """One agency in the navigation: its section, its own page, its report pages newest first."""

    group: AgencyYears
    page: Page | None
    years: list[tuple[int, Page]]
    section: Section | None = None

    @property
    def pages(self) -> list[Page]:
        return ([self.page] if self.page is not None else []) + [p for _, p in self.years]


@dataclass
class SiteNav:
    """The navigation state of one build and the per-page step (``enter``)."""

    mode: str  # "compact", "full", or "" when the navigation is not shaped (author's nav:, folders)
    #: themes whose ``<title>`` comes from ``page.meta.title`` (Material); others use ``page.title``
    meta_title: bool
    #: src_uri -> the report's agency (report pages in the timeline and agency pages)
    agency_of: dict[str, _Agency] = field(default_factory=dict)
    #: src_uri -> report, for the links block of every report page
    reports: dict[str, Report] = field(default_factory=dict)
    groups: dict[str, _Agency] = field(default_factory=dict)  # agency_id -> agency
    index_page: Page | None = None
    index_text: str = ""
    index_section: Section | None = None
    agencies_section: Section | None = None
    #: the index section's children shown on every page (index, summary)
    base: list[StructureItem] = field(default_factory=list)
    #: id(page) -> (page, nav title) for every page the plugin titles
    short: dict[int, tuple[Page, str]] = field(default_factory=dict)
    #: a search plugin that ignores ``data-search-exclude`` is configured (``plugin/search.py``)
    search_guard: bool = False
    _original: dict[int, str | None] = field(default_factory=dict)
    _long: Page | None = None
    _hidden: list[str] = field(default_factory=list)

    # -- per page -------------------------------------------------------------------
    def before_search(self, page: Page) -> None:
        """Before the search plugins index ``page``: take out what must not be indexed."""
        if self.search_guard and page.content:
            page.content, self._hidden = search.hide(page.content)
        if not self.meta_title and id(page) in self._original:
            page.title = self._original[id(page)]  # the search result is named by page.title

    def enter(self, page: Page) -> None:
        """Just before ``page`` is rendered (after the search plugins): its content back whole,
        its navigation, its titles, its links block."""
        if self._hidden:
            page.content = search.restore(page.content or "", self._hidden)
            self._hidden = []
        agency = self.agency_of.get(page.file.src_uri)
        if self.mode == "compact" and self.index_section is not None and self.agencies_section is not None:
            if agency is not None and agency.section is not None:
                self.agencies_section.children = [agency.section]
                self.index_section.children = [*self.base, self.agencies_section]
            else:
                self.agencies_section.children = []
                self.index_section.children = list(self.base)
        if self.mode:
            self._titles(page, agency)
        report = self.reports.get(page.file.src_uri)
        if report is not None and report.readable and page.content:
            page.content = place_related(page.content, self._related(page, report))

    def _titles(self, page: Page, agency: _Agency | None) -> None:
        if self._long is not None and self._long is not page:  # the previous page had its full title back
            self._long.title = self.short[id(self._long)][1]
            self._long = None
        shown: list[Page] = []
        if self.mode == "full":
            if len(self._original) < len(self.short):  # every entry is shown on every page: once
                shown = [p for p, _ in self.short.values()]
        else:
            shown = [*(p for p in self.base if isinstance(p, Page)), *(agency.pages if agency else [])]
        for p in shown:
            if id(p) not in self._original and id(p) in self.short:
                self._original[id(p)] = p.title
                p.title = self.short[id(p)][1]
        if not self.meta_title and id(page) in self._original:
            # this theme names the page in <title> by page.title: the full title while it renders
            page.title = self._original[id(page)]
            self._long = page

    def _related(self, page: Page, report: Report) -> str:
        agency = self.groups.get(report.agency_id)
        if agency is None:
            return ""
        name = report.agency
        agency_link = (
            RelatedLink(agency.group.name, get_relative_url(agency.page.url, page.url))
            if agency.page is not None
            else None
        )
        years = [
            RelatedLink(str(year), get_relative_url(p.url, page.url), current=p is page)
            for year, p in sorted(agency.years, key=lambda yp: yp[0])
        ]
        index = (
            RelatedLink(self.index_text, get_relative_url(self.index_page.url, page.url))
            if self.index_page is not None
            else None
        )
        return render_related(name, agency_link, years, index)


# -- shaping (on_nav) ------------------------------------------------------------------------


def _page(files: Files, uri: str) -> Page | None:
    file = files.get_file_from_path(uri)
    return file.page if file is not None and isinstance(file.page, Page) else None


def _prune(items: list[StructureItem], ours: set[str], marker: str) -> tuple[list[StructureItem], int | None]:
    """``items`` without the plugin's pages (sections left empty go too); and the position where
    the item holding ``marker`` (the index page) stood, for the index section to take its place."""
    out: list[StructureItem] = []
    at: int | None = None
    for item in items:
        if isinstance(item, Page):
            if item.file.src_uri == marker:
                at = len(out)
            if item.file.src_uri in ours:
                continue
        elif isinstance(item, Section):
            children, inner = _prune(list(item.children), ours, marker)
            if inner is not None:
                at = len(out)
            item.children = children
            if not children:
                continue
        out.append(item)
    return out, at


def _link_parents(items: Iterable[StructureItem], parent: Section | None) -> None:
    for item in items:
        item.parent = parent
        if isinstance(item, Section):
            _link_parents(item.children, item)


def _pages_of(items: Iterable[StructureItem]) -> list[Page]:
    out: list[Page] = []
    for item in items:
        if isinstance(item, Page):
            out.append(item)
        elif isinstance(item, Section):
            out.extend(_pages_of(item.children))
    return out


def _chain(pages: list[Page], before: Page | None = None) -> None:
    """Previous/next links along ``pages`` (the first one's previous is ``before``)."""
    for i, p in enumerate(pages):
        p.previous_page = pages[i - 1] if i else before
        p.next_page = pages[i + 1] if i + 1 < len(pages) else None


def shape(
    nav: Navigation, config: MkDocsConfig, files: Files, reports: Mapping[str, Report], options: GovReportConfig
) -> SiteNav:
    """Shape ``nav`` in place (see the module's documentation) and return the per-page state."""
    titles: NavigationConfig = options.navigation
    theme = config.theme.name or ""
    shaping = config.nav is None and titles.mode != "folders"
    index_on = bool(options.index.enabled)
    # without the index pages, report pages could be reached from nowhere but the navigation
    mode = ("compact" if index_on else "full") if titles.mode == "compact" else titles.mode
    state = SiteNav(
        mode=mode if shaping else "",
        meta_title=theme == "material",
        reports=dict(reports),
        search_guard=search.needs_guard(config.plugins),
    )

    paths = SitePaths(options.index.path)
    if index_on:
        state.index_page = _page(files, paths.index)
        state.index_text = titles.index
    uri_of = {id(r): uri for uri, r in reports.items()}
    for aid, group in group_by_agency(reports.values()).items():
        agency_page = _page(files, paths.agency(aid)) if index_on else None
        years = [
            (y, p)
            for y in sorted(group.by_year, reverse=True)
            if (p := _page(files, uri_of[id(group.by_year[y])])) is not None
        ]
        agency = _Agency(group, agency_page, years)
        state.groups[aid] = agency
        for p in agency.pages:
            state.agency_of[p.file.src_uri] = agency
    if not shaping:
        return state

    summary = _page(files, paths.summary) if index_on else None
    ours = set(reports)
    if index_on:
        ours |= {paths.index, paths.summary} | {paths.agency(aid) for aid in state.groups}
    items, at = _prune(list(nav.items), ours, paths.index)

    # titles are escaped: themes render navigation titles as HTML
    def short(page: Page | None, title: str) -> None:
        if page is not None:
            state.short[id(page)] = (page, escape(title, quote=False))

    agencies = sorted(state.groups.values(), key=lambda a: (a.group.name, a.group.agency_id))
    for agency in agencies:
        if not agency.pages:
            continue
        short(agency.page, titles.agency_page)
        for year, p in agency.years:
            short(p, titles.year.replace("{year}", str(year)))
        agency.section = Section(escape(agency.group.name, quote=False), list(agency.pages))
    sections = [a.section for a in agencies if a.section is not None]
    state.agencies_section = Section(escape(titles.agencies, quote=False), list(sections))
    short(state.index_page, titles.index)
    short(summary, titles.summary)
    state.base = [p for p in (state.index_page, summary) if p is not None]
    state.index_section = Section(escape(titles.index, quote=False), [*state.base, state.agencies_section])
    if state.base or sections:
        items.insert(len(items) if at is None else at, state.index_section)
    _link_parents(items, None)
    # the sections of the agencies hang below 各机关 even while not shown, so that a page's
    # ancestors (breadcrumbs, the active section) are right whatever page is rendered
    _link_parents([state.agencies_section], state.index_section)

    if mode == "compact":
        state.index_section.children = list(state.base)
        if not state.base:
            items.remove(state.index_section)
        base_pages = _pages_of(items)
        _chain(base_pages)
        for agency in agencies:
            _chain(agency.pages, before=state.index_page)
        nav.pages = base_pages + [p for a in agencies for p in a.pages]
    else:
        nav.pages = _pages_of(items)
        _chain(nav.pages)
    nav.items = items
    return state
