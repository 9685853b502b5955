"""Property-based tests of the rendering: every number of a random report is shown exactly as
written (amounts keep their digits), a missing cell stays missing (shown as a gap, never zero), and
the whole way from page text to HTML and export keeps every number."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mkdocs_govreport import parse_data, parse_page
from mkdocs_govreport.core.numbers import format_value
from mkdocs_govreport.html.tables import render_table
from mkdocs_govreport.registry import Format, cell_pointer
from tests.helpers.html import read_page
from tests.helpers.strategies import SETTINGS, page_text, reports


@SETTINGS
@given(reports())
def test_render_then_read_back_gives_the_same_numbers(case: tuple[Format, dict[str, Any]]) -> None:
    fmt, data = case
    report = parse_data(data, "random.md")
    assert not [f for f in report.findings if f.rule in ("S", "R1", "R2", "R3", "R4") and f.rule != "R1"], [
        f.log_line() for f in report.findings
    ]
    html = "".join(render_table(report, t.key) for t in fmt.tables)
    cells = read_page(html).values()
    for table, record, field in fmt.all_cells:
        ptr = cell_pointer(table.key, record.path, field.key)
        shown = cells[ptr]
        value = report.cells[ptr].value
        assert value is not None
        if field.kind == "amount":
            assert Decimal(shown) == value and shown == format(value, "f")
        else:
            assert int(shown) == value


@SETTINGS
@given(reports(), st.data())
def test_missing_cells_stay_missing(case: tuple[Format, dict[str, Any]], extra: st.DataObject) -> None:
    fmt, data = case
    table = extra.draw(st.sampled_from(fmt.tables))
    record = extra.draw(st.sampled_from([r for r in table.records if not r.is_total]))
    node: Any = data[table.key]
    for key in record.path:
        node = node[key]
    field = record.addend_fields[0]
    if isinstance(node, list):
        node.clear()
        node.extend([])  # a wrong-length list is read as nothing, never guessed
    else:
        node.pop(field.key)
    report = parse_data(data, "random.md")
    ptr = cell_pointer(table.key, record.path, field.key)
    assert report.cells[ptr].value is None
    assert any(f.rule == "S" for f in report.findings)
    html = render_table(report, table.key)
    cell = re.search(r'<td [^>]*data-pointer="' + re.escape(ptr) + r'">(.*?)</td>', html)
    assert cell is not None and "—" in cell.group(1) and "未填写" in cell.group(1)
    assert "gr-missing" in cell.group(0)
    export = report.canonical()
    node = export[table.key]
    for key in record.path:
        node = node[key]
    assert node[field.key] is None


@SETTINGS
@given(reports())
def test_page_text_round_trip_keeps_every_number(case: tuple[Format, dict[str, Any]]) -> None:
    """The whole way: report data as page text -> strict loader -> checks -> HTML -> the same
    numbers, and the canonical export agrees with the page."""
    fmt, data = case
    report = parse_page(page_text(data), "page.md")
    assert report is not None and report.fmt is fmt
    assert not [f for f in report.findings if f.rule in ("S", "R2", "R3", "R4")], [f.log_line() for f in report.findings]
    html = "".join(render_table(report, t.key) for t in fmt.tables)
    cells = read_page(html).values()
    export = report.canonical()
    for table, record, field in fmt.all_cells:
        ptr = cell_pointer(table.key, record.path, field.key)
        node: Any = export[table.key]
        for key in record.path:
            node = node[key]
        value = report.cells[ptr].value
        assert value is not None
        assert cells[ptr] == format_value(value) == str(node[field.key])
    written = _written(fmt, data)
    for ptr, raw in written.items():
        assert format_value(report.cells[ptr].value) == str(raw)  # as typed: "0.10" stays "0.10"


def _written(fmt: Format, data: dict[str, Any]) -> dict[str, Any]:
    """Pointer -> the value as the random report wrote it (rows as lists or mappings)."""
    out: dict[str, Any] = {}
    for table in fmt.tables:
        for record in table.records:
            node: Any = data.get(table.key, {})
            for key in record.path:
                node = node.get(key) if isinstance(node, dict) else None
            if isinstance(node, dict):
                items = node.items()
            elif isinstance(node, list):
                fields = record.fields if len(node) == len(record.fields) else record.addend_fields
                items = zip((f.key for f in fields), node, strict=True)  # type: ignore[assignment]
            else:
                continue
            for key, raw in items:
                out[cell_pointer(table.key, record.path, key)] = raw
    return out
