"""What the generated pages share: paths, links, the status of a report, figures by section."""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import quote

from ...core.collection import AgencyYears
from ...core.numbers import Number, format_value
from ...core.report import Report
from ...registry import FIGURES, Figure, active_figures
from ...registry.figures import APPLICATION_FIGURES, REVIEW_FIGURES
from ..escape import inert_markdown as md_text

__all__ = [
    "Context",
    "SitePaths",
    "Status",
    "agency_slug",
    "delta_text",
    "figure_sections",
    "fmt_num",
    "link",
    "md_text",
    "status_of",
    "unit_suffix",
]


def figure_sections(fids: Iterable[str]) -> list[tuple[str, list[Figure]]]:
    """(heading, figures) for the formats in use; table-二 figures merged by key."""
    active: dict[str, Figure] = {}
    for fid in sorted(set(fids), reverse=True):  # the newer format's labels first
        for fig in active_figures(fid):
            active.setdefault(fig.key, fig)
    return [
        ("表三 收到和处理政府信息公开申请", [FIGURES[k] for k in APPLICATION_FIGURES]),
        ("表四 行政复议、行政诉讼", [FIGURES[k] for k in REVIEW_FIGURES]),
        ("表二 主动公开", list(active.values())),
    ]


def link(text_md: str, from_uri: str, to_uri: str) -> str:
    """A Markdown link from one page (src_uri) to a file (src_uri), relative.

    No link title: user text in a Markdown title (quotes, parentheses) can break the link.
    """
    rel = posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
    return f"[{text_md}]({quote(rel)})"


def agency_slug(agency_id: str) -> str:
    """A safe file name for an agency page.  An id failing the schema pattern gets a hash
    behind ``~``, a character no valid id has: it can never take another agency's page."""
    if re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,99}", agency_id) and ".." not in agency_id:
        return agency_id
    return "agency~" + hashlib.sha1(agency_id.encode("utf-8")).hexdigest()[:16]


def fmt_num(v: Number | None) -> str:
    return "—" if v is None else format_value(v)


def unit_suffix(fig: Figure) -> str:
    """（万元） after a label, unless the label already names its unit."""
    if not fig.unit or fig.unit == "件" or fig.unit in fig.short:
        return ""
    return f"（{fig.unit}）"


def delta_text(cur: Number | None, prev: Number | None) -> str:
    if cur is None or prev is None:
        return ""
    d = cur - prev
    if d == 0:
        return "±0"
    return ("+" if d > 0 else "−") + format_value(abs(d))


@dataclass
class Status:
    open: int
    acknowledged: int
    errors: int

    @property
    def text(self) -> str:
        head = "无问题" if not self.open else f"{self.open} 个问题"
        return head + (f"，{self.acknowledged} 个已说明" if self.acknowledged else "")

    @property
    def css(self) -> str:
        return "gr-status-clean" if not self.open else ("gr-status-bad" if self.errors else "gr-status-warn")


def status_of(report: Report) -> Status:
    open_ = [f for f in report.findings if not f.acknowledged]
    return Status(len(open_), len(report.findings) - len(open_), sum(1 for f in open_ if f.severity == "error"))


@dataclass
class SitePaths:
    """Where the generated pages and data go (``src_uri``s)."""

    root: str

    @property
    def index(self) -> str:
        return f"{self.root}/index.md"

    @property
    def summary(self) -> str:
        return f"{self.root}/summary.md"

    def agency(self, agency_id: str) -> str:
        return f"{self.root}/agencies/{agency_slug(agency_id)}.md"

    def data(self, name: str) -> str:
        return f"{self.root}/data/{name}"


@dataclass
class Context:
    """What the page generators need: the groups, the pages of the reports, the paths."""

    groups: dict[str, AgencyYears]
    pages: dict[int, str]  # id(report) -> src_uri
    paths: SitePaths
    title: str
    downloads: list[str] = field(default_factory=list)  # data file names (relative to data/)
    #: show the file and line of findings (the ``mkdocs serve`` preview; not the published site)
    locations: bool = True

    _values: dict[tuple[int, str], tuple[Number | None, bool]] = field(default_factory=dict)

    def page(self, report: Report) -> str:
        return self.pages[id(report)]

    def value(self, report: Report, fig: Figure) -> tuple[Number | None, bool]:
        """``report.figure(fig)``, computed once per build (agency page and summary share it)."""
        key = (id(report), fig.key)
        found = self._values.get(key)
        if found is None:
            found = self._values[key] = report.figure(fig)
        return found
