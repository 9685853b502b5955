"""Property-based tests: rendering keeps every number; random input never raises."""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_govreport.extension import GovReportExtension
from mkdocs_govreport.registry import FORMATS, Format, cell_pointer
from mkdocs_govreport.render import render_table
from mkdocs_govreport.report import parse_data, parse_page

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _value(kind: str) -> st.SearchStrategy[Any]:
    if kind == "amount":
        return st.decimals(min_value=0, max_value=99999, places=3, allow_nan=False, allow_infinity=False).map(
            lambda d: str(d)
        )
    if kind == "signed":
        return st.integers(min_value=-500, max_value=500)
    return st.integers(min_value=0, max_value=5000)


@st.composite
def reports(draw: st.DrawFn) -> tuple[Format, dict[str, Any]]:
    """A random report: random cells, rows as lists or mappings, totals left out or given right."""
    fmt = FORMATS[draw(st.sampled_from(sorted(FORMATS)))]
    year = 2022 if fmt.id == "2021" else 2020
    data: dict[str, Any] = {"agency": "测试局", "year": year, "format": int(fmt.id)}
    for table in fmt.tables:
        tdata: dict[str, Any] = {}
        for record in table.records:
            if record.is_total:
                continue
            values = {f.key: draw(_value(f.kind)) for f in record.addend_fields}
            row: Any = dict(values)
            if record.total_field is not None and draw(st.booleans()):
                row[record.total_field.key] = sum(values.values())
            if table.layout == "matrix" and draw(st.booleans()):
                row = [row[f.key] for f in record.fields if f.key in row]
            node = tdata
            for key in record.path[:-1]:
                node = node.setdefault(key, {})
            node[record.path[-1]] = row
        data[table.key] = tdata
    return fmt, data


class _Cells(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[str, str] = {}
        self._ptr: str | None = None
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "td" and a.get("data-pointer"):
            self._ptr = a["data-pointer"]
            self.cells[self._ptr] = ""
        elif tag == "span" and self._ptr and ("gr-sr" in (a.get("class") or "") or a.get("aria-hidden")):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._hidden:
            self._hidden -= 1
        elif tag == "td":
            self._ptr = None

    def handle_data(self, data: str) -> None:
        if self._ptr and not self._hidden:
            self.cells[self._ptr] += data


@SETTINGS
@given(reports())
def test_render_then_read_back_gives_the_same_numbers(case: tuple[Format, dict[str, Any]]) -> None:
    fmt, data = case
    report = parse_data(data, "random.md")
    assert not [f for f in report.findings if f.rule in ("S", "R1", "R2", "R3", "R4") and f.rule != "R1"], [
        f.log_line() for f in report.findings
    ]
    html = "".join(render_table(report, t.key) for t in fmt.tables)
    parser = _Cells()
    parser.feed(html)
    for table, record, field in fmt.all_cells:
        ptr = cell_pointer(table.key, record.path, field.key)
        shown = parser.cells[ptr].strip()
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


def _page(data: dict[str, Any]) -> str:
    return "---\n" + yaml.safe_dump({"govreport": data}, allow_unicode=True, sort_keys=False) + "---\n\n# 报告\n"


@SETTINGS
@given(reports(), st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(["del", "ins", "dup"]), st.text(max_size=3)), max_size=6))
def test_mutated_pages_never_raise(case: tuple[Format, dict[str, Any]], edits: list[tuple[int, str, str]]) -> None:
    text = _page(case[1])
    for pos, op, chunk in edits:
        pos %= max(len(text), 1)
        if op == "del":
            text = text[:pos] + text[pos + 1 :]
        elif op == "ins":
            text = text[:pos] + chunk + text[pos:]
        else:
            lines = text.split("\n")
            i = pos % len(lines)
            lines.insert(i, lines[i])
            text = "\n".join(lines)
    report = parse_page(text, "mutated.md")
    assert report is None or isinstance(report.findings, list)
    markdown.markdown(text, extensions=[GovReportExtension()])


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(raw: bytes) -> None:
    parse_page(b"---\ngovreport:\n" + raw, "bytes.md")
    parse_page(raw, "bytes.md")
