"""Property-based tests of reading: random or damaged pages and bytes never raise — every result
is a report whose findings name a file and say something, or nothing — and the strict YAML loader
never raises on random YAML-ish text."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_govreport import parse_page
from mkdocs_govreport.core import yamlload
from mkdocs_govreport.registry import Format
from tests.helpers.strategies import MUTATIONS, SETTINGS, checked, mutate, page_text, reports


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(), MUTATIONS)
def test_mutated_pages_never_raise(case: tuple[Format, dict[str, Any]], edits: list[tuple[int, str, str]]) -> None:
    text = mutate(page_text(case[1]), edits)
    checked(parse_page(text, "mutated.md"))
    checked(parse_page(text.encode("utf-8", "surrogatepass"), "mutated.md"))


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(raw: bytes) -> None:
    checked(parse_page(b"---\ngovreport:\n" + raw, "bytes.md"))
    checked(parse_page(raw, "bytes.md"))


@SETTINGS
@given(st.lists(st.sampled_from([*":-[]{},&*!|>?'\"#%@ \t\n0123456789abyn.", "  ", "\n  ", "<<", "govreport:", "year: "]), max_size=120).map("".join))
def test_loader_never_raises(text: str) -> None:
    loaded = yamlload.load(text)
    for p in loaded.problems:
        assert p.message
        assert p.line is None or p.line >= 1
    yamlload.load_front_matter_mapping(text, 1, "govreport")


# ---------------------------------------------------------------------------------------
