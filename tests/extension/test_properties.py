"""Property-based tests of the Markdown extension: random edits of a report page and random bytes
never raise, and what it shows of a damaged page are the numbers the report was read with."""

from __future__ import annotations

from typing import Any

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_govreport import parse_page
from mkdocs_govreport.core.numbers import format_value
from mkdocs_govreport.extension import GovReportExtension
from mkdocs_govreport.registry import Format
from tests.helpers.html import read_page
from tests.helpers.strategies import MUTATIONS, SETTINGS, mutate, page_text, reports


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(), MUTATIONS)
def test_mutated_pages_through_the_extension_never_raise(case: tuple[Format, dict[str, Any]], edits: list[tuple[int, str, str]]) -> None:
    text = mutate(page_text(case[1]), edits)
    ext = GovReportExtension(filename="mutated.md")
    html = markdown.markdown(text, extensions=[ext])
    assert isinstance(html, str)
    # the numbers shown are those of the report as read, a missing one shown as a gap
    report = parse_page(text, "mutated.md")
    shown = read_page(html).cells
    if report is None:
        assert shown == {}
    for pointer, cell in shown.items():
        assert report is not None
        value = report.cells[pointer].value if pointer in report.cells else None
        assert cell.value == ("" if value is None else format_value(value)), pointer


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_through_the_extension_never_raise(raw: bytes) -> None:
    text = raw.decode("utf-8", "replace")
    markdown.markdown("---\ngovreport:\n" + text, extensions=[GovReportExtension()])
