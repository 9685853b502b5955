"""Property-based tests of the importer: random text, random HTML with the official labels, and
randomly edited real sample texts give a page (which then reads back without raising) or a
refusal — never an exception."""

from __future__ import annotations

from html import escape
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_govreport import parse_page
from mkdocs_govreport.importer.convert import import_bytes
from mkdocs_govreport.registry import FORMATS
from tests.helpers.strategies import MUTATIONS, checked, mutate


def _import_checked(raw: bytes, name: str) -> None:
    result = import_bytes(raw, name, today="2026-01-01")
    assert result.page is not None or result.refused is not None
    if result.page is not None:
        checked(parse_page(result.page, "imported.md"))


@pytest.fixture(scope="module")
def sample_texts(samples: Path) -> list[str]:
    """The text samples (``*.txt``) of the shared samples; there must be some."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(samples.glob("*.txt"))]
    assert texts, f"no .txt sample in {samples}"
    return texts


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=600))
def test_importer_on_random_text(text: str) -> None:
    _import_checked(text.encode("utf-8", "surrogatepass"), "random.txt")


CELL = st.one_of(st.integers(-5, 10_000).map(str), st.text(max_size=6), st.sampled_from(["１２", "1,234", "—", "", "<b>3</b>", "javascript:x"]))


@st.composite
def html_pages(draw: st.DrawFn) -> str:
    """An HTML page with a title and a table whose labels come from the official formats."""
    labels = [r.label for f in FORMATS.values() for t in f.tables for r in t.records]
    rows = draw(st.lists(st.tuples(st.sampled_from(labels), st.lists(CELL, max_size=8)), max_size=12))
    title = draw(st.sampled_from(["某某局2023年政府信息公开工作年度报告", "<script>alert(1)</script>", "", "某县人民政府2020年政府信息公开工作年度报告"]))
    body = "".join("<tr><td>" + escape(label) + "</td>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>" for label, cells in rows)
    junk = draw(st.text(max_size=40))
    return f"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{junk}</p><table>{body}</table></body></html>"


#: A run-together number whose every reading agrees on every cell (once an IndexError).
AGREED_ROW_PAGE = (
    "<html><head><title>某某局2023年政府信息公开工作年度报告</title></head><body><h1>某某局2023年政府信息公开工作年度报告"
    "</h1><p></p><table><tr><td>行政复议</td><td>0</td><td>1000</td></tr></table></body></html>"
)


def test_importer_on_a_run_together_row_every_reading_agrees_on() -> None:
    _import_checked(AGREED_ROW_PAGE.encode("utf-8"), "random.html")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_pages())
def test_importer_on_random_html(page: str) -> None:
    _import_checked(page.encode("utf-8", "surrogatepass"), "random.html")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(min_value=0, max_value=1_000), edits=MUTATIONS)
def test_importer_on_mutated_samples(sample_texts: list[str], index: int, edits: list[tuple[int, str, str]]) -> None:
    text = sample_texts[index % len(sample_texts)]
    _import_checked(mutate(text, edits).encode("utf-8", "surrogatepass"), "sample.txt")
