"""The example site, built for real (Material and the default theme, ``--strict``): every
official label in its tables, every number as in its data, every report linked from the
generated index.  (Its data, checked without a build: ``tests/checks/test_example_reports.py``.)"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_govreport import read_report_file
from mkdocs_govreport.registry import FORMATS, SECTIONS, HeaderNode
from tests.helpers.html import read_tables, values_by_pointer
from tests.helpers.pages import example_reports
from tests.helpers.paths import EXAMPLE

pytestmark = pytest.mark.slow

CONFIGS = ["mkdocs.yml", "mkdocs-default-theme.yml"]


def official_labels(fmt_id: str) -> set[str]:
    """Every label the format prints in its tables (from the registry, which test_registry pins
    to formats.md)."""
    fmt = FORMATS[fmt_id]
    out: set[str] = set()

    def walk(nodes: tuple[HeaderNode, ...]) -> None:
        for n in nodes:
            out.add(n.label)
            walk(n.children)

    for t in fmt.tables:
        out.add(t.title.split("、", 1)[1])
        if t.corner:
            out.add(t.corner)
        walk(t.column_tree)
        for r in t.records:
            if t.layout != "groups":
                out.add(r.label)
            out.update(r.groups)
            if r.block:
                out.add(r.block)
            if t.layout == "blocks":
                out.update(f.label for f in r.fields)
    return out


def table_texts(html: str) -> set[str]:
    texts: set[str] = set()
    for t in read_tables(html):
        texts.add(t.caption)
        texts.update(t.th_texts)
    return texts


@pytest.mark.parametrize("config", CONFIGS)
def test_example_every_label_in_built_tables(example_build: Callable[[str], Path], config: str) -> None:
    site = example_build(config)
    seen: dict[str, set[str]] = {"2019": set(), "2021": set()}
    for src, fid in example_reports():
        html = (site / src[: -len(".md")] / "index.html").read_text(encoding="utf-8")
        seen[fid] |= table_texts(html)
        # all six standard headings in order
        heads = [h for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]
        heads = [htmllib.unescape(re.sub(r"<[^>]+>", "", h)).strip("¶ ") for h in heads]
        positions = [next(i for i, h in enumerate(heads) if h == s.heading) for s in SECTIONS]
        assert positions == sorted(positions), (src, heads)
    for fid, seen_labels in seen.items():
        missing = official_labels(fid) - seen_labels
        assert not missing, (fid, sorted(missing))


@pytest.mark.parametrize("config", CONFIGS)
def test_example_numbers_match_data(example_build: Callable[[str], Path], config: str) -> None:
    site = example_build(config)
    for src, _fid in example_reports():
        r = read_report_file(EXAMPLE / "docs" / src)
        assert r is not None and r.fmt is not None
        html = (site / src[: -len(".md")] / "index.html").read_text(encoding="utf-8")
        shown = values_by_pointer(html)
        assert set(shown) == set(r.fmt.pointers), src
        for ptr, cell in r.cells.items():
            assert shown[ptr].rstrip("*") == str(cell.value), (src, ptr)
