"""Shared helpers for the core tests: write a small MkDocs project in a temporary folder,
build it for real (in-process, the same code path as ``mkdocs build``) and read the HTML back."""

from __future__ import annotations

import logging
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "example_site"
FIXTURES = Path(__file__).resolve().parent / "fixtures"



@dataclass
class Built:
    """Result of a site build: whether it succeeded, the log text and the output folder."""

    ok: bool
    log: str
    site: Path

    def html(self, page: str) -> str:
        """HTML of a built page given its source path, e.g. ``reports/a/2023.md``."""
        stem = page[: -len(".md")]
        path = self.site / ("index.html" if stem == "index" else f"{stem}/index.html")
        return path.read_text(encoding="utf-8")


def build_site(
    project: Path,
    pages: dict[str, str],
    *,
    theme: str = "mkdocs",
    strict: bool = True,
    plugin: dict[str, Any] | None = None,
    extra_files: dict[str, str] | None = None,
) -> Built:
    """Write ``pages`` (path -> text) under ``project/docs`` and build with the govreport plugin.

    The index pages of issue 3 are switched off unless ``plugin`` asks for them, so each test sees
    just its own pages; the default theme is MkDocs' own (faster), tests pass ``theme="material"``
    where Material matters.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError, PluginError

    docs = project / "docs"
    for rel, text in {**pages, **(extra_files or {})}.items():
        p = docs / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    if not (docs / "index.md").exists():
        (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    options: dict[str, Any] = {"index": {"enabled": False}, "downloads": False}
    options.update(plugin or {})
    cfg = {
        "site_name": "测试站点",
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {"name": theme} if theme != "material" else {"name": "material", "language": "zh"},
        "plugins": [{"govreport": options}],
        "strict": strict,
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")

    records: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(f"{record.levelname}: {record.getMessage()}")

    handler = _Collect(logging.INFO)
    log = logging.getLogger("mkdocs")
    log.addHandler(handler)
    ok = True
    try:
        build(load_config(str(project / "mkdocs.yml")))  # a configuration error aborts in load_config
    except (Abort, BuildError, PluginError) as exc:
        ok = False
        records.append(f"ABORT: {exc}")
    finally:
        log.removeHandler(handler)
    return Built(ok, "\n".join(records), project / "site")


def page(data_yaml: str, body: str = "") -> str:
    """A report page: dedented YAML front matter and body."""
    return "---\n" + textwrap.dedent(data_yaml).strip("\n") + "\n---\n" + textwrap.dedent(body)


class TableGrid(HTMLParser):
    """Collects every <table> of a page: its attributes, caption and cells (th/td with attributes)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict[str, Any]] = []
        self._cell: dict[str, Any] | None = None
        self._caption = False
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "table":
            self.tables.append({"attrs": a, "caption": "", "cells": [], "rows": 0})
        elif not self.tables:
            return
        elif tag == "caption":
            self._caption = True
        elif tag == "tr":
            self.tables[-1]["rows"] += 1
        elif tag in ("th", "td"):
            self._cell = {"tag": tag, "attrs": a, "text": "", "row": self.tables[-1]["rows"]}
        elif tag == "span" and self._cell is not None and "gr-sr" in a.get("class", ""):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._caption = False
        elif tag in ("th", "td") and self._cell is not None:
            self._cell["text"] = self._cell["text"].strip()
            self.tables[-1]["cells"].append(self._cell)
            self._cell = None
        elif tag == "span" and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if self._caption and self.tables:
            self.tables[-1]["caption"] += data
        elif self._cell is not None and not self._hidden:
            self._cell["text"] += data


def tables_of(html: str) -> list[dict[str, Any]]:
    """Parse ``html`` and return its tables (see :class:`TableGrid`)."""
    grid = TableGrid()
    grid.feed(html)
    return grid.tables


def data_cells(table: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The data cells (those with ``data-pointer``) of a parsed table."""
    return (c for c in table["cells"] if "data-pointer" in c["attrs"])


def values_by_pointer(html: str) -> dict[str, str]:
    """{pointer: visible text} over every govreport table of a page."""
    out: dict[str, str] = {}
    for t in tables_of(html):
        for c in data_cells(t):
            out[c["attrs"]["data-pointer"]] = c["text"]
    return out
