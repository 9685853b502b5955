"""Helpers for the core tests: fixture paths, a small HTML table reader (standard library only)
so tests read rendered tables back structurally, and real MkDocs builds in a subprocess."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORE_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "core"
EXAMPLE_SITE = ROOT / "example_site"


@dataclass
class Cell:
    """One ``th`` or ``td`` of a parsed table."""

    tag: str
    attrs: dict[str, str]
    text: str = ""

    @property
    def rowspan(self) -> int:
        return int(self.attrs.get("rowspan", "1"))

    @property
    def colspan(self) -> int:
        return int(self.attrs.get("colspan", "1"))


@dataclass
class ParsedTable:
    """A ``<table>`` read back: its own attributes, caption and every cell in document order."""

    attrs: dict[str, str]
    caption: str = ""
    cells: list[Cell] = field(default_factory=list)
    wrapper: dict[str, str] = field(default_factory=dict)

    def th(self, text: str) -> list[Cell]:
        return [c for c in self.cells if c.tag == "th" and c.text == text]

    @property
    def tds(self) -> list[Cell]:
        return [c for c in self.cells if c.tag == "td"]

    @property
    def th_ids(self) -> set[str]:
        return {c.attrs["id"] for c in self.cells if c.tag == "th" and "id" in c.attrs}

    @property
    def th_texts(self) -> set[str]:
        return {c.text for c in self.cells if c.tag == "th"}


class _TableReader(HTMLParser):
    """Collects every table; text of hidden screen-reader spans and marks is kept out of labels."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[ParsedTable] = []
        self._stack: list[ParsedTable] = []
        self._cell: Cell | None = None
        self._in_caption = False
        self._divs: list[dict[str, str]] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "div":
            self._divs.append(a)
        if tag == "table":
            # the nearest enclosing div that names a report table (theme wrappers may sit between)
            wrapper = next((d for d in reversed(self._divs) if "data-govreport-table" in d), {})
            t = ParsedTable(a, wrapper=wrapper)
            self.tables.append(t)
            self._stack.append(t)
        elif tag == "caption" and self._stack:
            self._in_caption = True
        elif tag in ("th", "td") and self._stack:
            self._cell = Cell(tag, a)
            self._stack[-1].cells.append(self._cell)
        elif tag == "span" and (self._skip_depth or (self._cell is not None and _hidden(a))):
            self._skip_depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self._divs:
            self._divs.pop()
        elif tag == "table" and self._stack:
            self._stack.pop()
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td"):
            if self._cell is not None:
                self._cell.text = self._cell.text.strip()
            self._cell = None
        elif tag == "span" and self._skip_depth:
            self._skip_depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_caption and self._stack:
            self._stack[-1].caption += data
        elif self._cell is not None and not self._skip_depth:
            self._cell.text += data


def _hidden(attrs: dict[str, str]) -> bool:
    classes = attrs.get("class", "").split()
    return "gr-sr" in classes or "gr-mark" in classes


def read_tables(html: str) -> list[ParsedTable]:
    """Every ``<table>`` in ``html``, parsed."""
    reader = _TableReader()
    reader.feed(html)
    return reader.tables


def govreport_tables(html: str) -> dict[str, ParsedTable]:
    """The report tables of a page by table key (from the wrapper's data-govreport-table)."""
    return {t.wrapper["data-govreport-table"]: t for t in read_tables(html) if "data-govreport-table" in t.wrapper}


def squash(html: str) -> str:
    """Remove the whitespace between tags (golden strings are written one tag per line)."""
    return re.sub(r">\s+<", "><", html.strip())


def mkdocs_build(config: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build`` as a user would (a subprocess), returning exit code and log."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config)]
    if strict:
        cmd.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)
