"""The one HTML reader of the tests (standard library only): rendered pages are read back
structurally, never by string search alone.

:func:`read_page` parses a page (or a fragment) once and gives

* ``tables`` — every ``<table>`` (nested ones too) with its attributes, caption, the attributes of
  the nearest wrapping ``div[data-govreport-table]`` and every ``th``/``td`` in document order;
* ``cells`` — the data cells of the report tables by JSON Pointer (``td[data-pointer]``);
* ``findings`` — how many findings boxes (``div.gr-findings``) the page shows;
* ``links`` — every ``href``/``src``.

A cell has three texts: :attr:`Cell.text` is what a sighted reader sees (screen-reader-only text
left out, the ``*`` of a computed total kept), :attr:`Cell.value` is the number alone (marks and
``aria-hidden`` decorations left out too, so a missing cell reads ``""``), :attr:`Cell.raw` is
all the text of the cell (a missing cell reads ``—未填写``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from mkdocs_govreport import Report
from mkdocs_govreport.core.numbers import format_value


@dataclass
class Cell:
    """One ``th`` or ``td``."""

    tag: str
    attrs: dict[str, str]
    row: int  #: 1-based row of the table the cell starts in
    text: str = ""
    value: str = ""
    raw: str = ""

    @property
    def rowspan(self) -> int:
        return int(self.attrs.get("rowspan", "1"))

    @property
    def colspan(self) -> int:
        return int(self.attrs.get("colspan", "1"))

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    @property
    def pointer(self) -> str | None:
        return self.attrs.get("data-pointer")


@dataclass
class Table:
    """A ``<table>`` read back."""

    attrs: dict[str, str]
    wrapper: dict[str, str] = field(default_factory=dict)  #: the nearest ``div[data-govreport-table]``
    caption: str = ""
    cells: list[Cell] = field(default_factory=list)
    rows: int = 0

    @property
    def key(self) -> str | None:
        """The report table key (``active``, ``applications``, ``review_litigation``) or None."""
        return self.wrapper.get("data-govreport-table")

    def th(self, text: str) -> list[Cell]:
        return [c for c in self.cells if c.tag == "th" and c.text == text]

    @property
    def tds(self) -> list[Cell]:
        return [c for c in self.cells if c.tag == "td"]

    @property
    def data_cells(self) -> list[Cell]:
        """The cells holding a report number (those with ``data-pointer``)."""
        return [c for c in self.cells if c.pointer is not None]

    @property
    def th_ids(self) -> set[str]:
        return {c.attrs["id"] for c in self.cells if c.tag == "th" and "id" in c.attrs}

    @property
    def th_texts(self) -> set[str]:
        return {c.text for c in self.cells if c.tag == "th"}

    def row_widths(self) -> list[int]:
        """Width of every row once the rowspans of rows above are counted (equal in a valid table)."""
        carry: dict[int, int] = {}
        widths: dict[int, int] = {}
        for c in self.cells:
            widths[c.row] = widths.get(c.row, 0) + c.colspan
            for k in range(1, c.rowspan):
                carry[c.row + k] = carry.get(c.row + k, 0) + c.colspan
        return [widths.get(r, 0) + carry.get(r, 0) for r in range(1, self.rows + 1)]


@dataclass
class Page:
    """What :func:`read_page` found."""

    tables: list[Table]
    findings: int
    links: list[str]

    @property
    def cells(self) -> dict[str, Cell]:
        """The data cells of every table by pointer."""
        return {c.pointer: c for t in self.tables for c in t.cells if c.tag == "td" and c.pointer}

    @property
    def report_tables(self) -> dict[str, Table]:
        """The official tables by key."""
        return {t.key: t for t in self.tables if t.key}

    def values(self) -> dict[str, str]:
        """{pointer: number as data} (:attr:`Cell.value`)."""
        return {p: c.value for p, c in self.cells.items()}

    def classes(self) -> dict[str, set[str]]:
        """{pointer: classes of the cell}."""
        return {p: c.classes for p, c in self.cells.items()}


def _screen_reader_only(attrs: dict[str, str]) -> bool:
    return "gr-sr" in attrs.get("class", "").split()


def _decoration(attrs: dict[str, str]) -> bool:
    return "gr-mark" in attrs.get("class", "").split() or attrs.get("aria-hidden") == "true"


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.findings = 0
        self.links: list[str] = []
        self._open: list[Table] = []
        self._divs: list[dict[str, str]] = []
        self._cell: Cell | None = None
        self._caption = False
        self._spans: list[tuple[bool, bool]] = []  # (hides text, hides value) per open span of a cell

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for k in ("href", "src"):
            if a.get(k):
                self.links.append(a[k])
        if tag == "div":
            self._divs.append(a)
            if "gr-findings" in a.get("class", "").split():
                self.findings += 1
        elif tag == "table":
            wrapper = next((d for d in reversed(self._divs) if "data-govreport-table" in d), {})
            table = Table(a, wrapper)
            self.tables.append(table)
            self._open.append(table)
        elif not self._open:
            return
        elif tag == "caption":
            self._caption = True
        elif tag == "tr":
            self._open[-1].rows += 1
        elif tag in ("th", "td"):
            self._cell = Cell(tag, a, self._open[-1].rows)
            self._open[-1].cells.append(self._cell)
            self._spans = []
        elif tag == "span" and self._cell is not None:
            hidden_text = any(t for t, _v in self._spans) or _screen_reader_only(a)
            hidden_value = any(v for _t, v in self._spans) or _screen_reader_only(a) or _decoration(a)
            self._spans.append((hidden_text, hidden_value))

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._divs:
            self._divs.pop()
        elif tag == "table" and self._open:
            self._open.pop()
        elif tag == "caption":
            self._caption = False
        elif tag in ("th", "td") and self._cell is not None:
            self._cell.text = self._cell.text.strip()
            self._cell.value = self._cell.value.strip()
            self._cell.raw = self._cell.raw.strip()
            self._cell = None
        elif tag == "span" and self._spans:
            self._spans.pop()

    def handle_data(self, data: str) -> None:
        if self._caption and self._open:
            self._open[-1].caption += data
        elif self._cell is not None:
            self._cell.raw += data
            hidden_text, hidden_value = self._spans[-1] if self._spans else (False, False)
            if not hidden_text:
                self._cell.text += data
            if not hidden_value:
                self._cell.value += data


def read_page(html: str) -> Page:
    """Parse a page or a fragment (see the module docstring)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return Page(reader.tables, reader.findings, reader.links)


def read_tables(html: str) -> list[Table]:
    """Every ``<table>`` of ``html``."""
    return read_page(html).tables


def values_by_pointer(html: str) -> dict[str, str]:
    """{pointer: visible text} of every data cell (the ``*`` of a computed total kept)."""
    return {p: c.text for p, c in read_page(html).cells.items()}


def squash(html: str) -> str:
    """Remove the whitespace between tags (golden strings are written one tag per line)."""
    return re.sub(r">\s+<", "><", html.strip())


class _Injected(HTMLParser):
    """Markup that can only have come from the data: scripts calling ``alert``, event-handler
    attributes, ``javascript:``/``vbscript:``/``data:text/html`` URLs, the ``<img src=x>`` probe."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for k, v in attrs:
            if k.startswith("on"):
                self.found.append(f"<{tag} {k}={v}>")
            if k in ("href", "src", "action", "formaction") and v and re.sub(r"\s", "", v).lower().startswith(
                ("javascript:", "vbscript:", "data:text/html")
            ):
                self.found.append(f"<{tag} {k}={v}>")
        if (tag == "img" and a.get("src") == "x") or (tag == "svg" and "onload" in a):
            self.found.append(f"<{tag}>")
        self._script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_data(self, data: str) -> None:
        if self._script and "alert(" in data:
            self.found.append(f"<script>{data[:60]}")


def injected_markup(html: str) -> list[str]:
    """The injected markup of one page or fragment (empty when there is none)."""
    parser = _Injected()
    parser.feed(html)
    parser.close()
    return parser.found


def injected_in_site(site: Path) -> list[str]:
    """The injected markup of every HTML file of a built site, as ``file: markup``."""
    return [
        f"{path.relative_to(site)}: {x}"
        for path in sorted(site.rglob("*.html"))
        for x in injected_markup(path.read_text(encoding="utf-8"))
    ]




def expected_cells(report: Report) -> dict[str, str]:
    """What each data cell of ``report`` must show: the number as written, empty for a missing cell."""
    return {p: ("" if c.value is None else format_value(c.value)) for p, c in report.cells.items()}


def assert_cells_match(html: str, report: Report, where: str) -> None:
    """The page shows the three official tables and, in them, exactly the report's numbers."""
    page = read_page(html)
    assert len(page.report_tables) == 3, f"{where}: {len(page.report_tables)} tables"
    want = expected_cells(report)
    got = page.values()
    assert set(got) == set(want), f"{where}: cells differ: {sorted(set(got) ^ set(want))[:5]}"
    wrong = {p: (got[p], want[p]) for p in want if got[p] != want[p]}
    assert not wrong, f"{where}: {list(wrong.items())[:5]}"
