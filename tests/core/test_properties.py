"""Property-based tests: rendering keeps every number; random input never raises."""

from __future__ import annotations

import re
from decimal import Decimal
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_govreport import Report, parse_data, parse_page
from mkdocs_govreport.core import yamlload
from mkdocs_govreport.core.numbers import format_value
from mkdocs_govreport.extension import GovReportExtension
from mkdocs_govreport.html.tables import render_table
from mkdocs_govreport.registry import FORMATS, Format, cell_pointer

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
@given(reports())
def test_page_text_round_trip_keeps_every_number(case: tuple[Format, dict[str, Any]]) -> None:
    """The whole way: report data as page text -> strict loader -> checks -> HTML -> the same
    numbers, and the canonical export agrees with the page."""
    fmt, data = case
    report = parse_page(_page(data), "page.md")
    assert report is not None and report.fmt is fmt
    assert not [f for f in report.findings if f.rule in ("S", "R2", "R3", "R4")], [f.log_line() for f in report.findings]
    html = "".join(render_table(report, t.key) for t in fmt.tables)
    parser = _Cells()
    parser.feed(html)
    export = report.canonical()
    for table, record, field in fmt.all_cells:
        ptr = cell_pointer(table.key, record.path, field.key)
        node: Any = export[table.key]
        for key in record.path:
            node = node[key]
        value = report.cells[ptr].value
        assert value is not None
        assert parser.cells[ptr].strip() == format_value(value) == str(node[field.key])
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


MUTATIONS = st.lists(
    st.tuples(
        st.integers(0, 10_000),
        st.sampled_from(["del", "ins", "replace", "dup", "swap", "drop_line"]),
        st.text(alphabet=st.sampled_from([*":-[]{},&*!|>'\"#%@`~ \t\n0123456789１２yesno.<>/\\", "\ufeff", "\x00", "中"]), max_size=4),
    ),
    min_size=1,
    max_size=8,
)


def _mutate(text: str, edits: list[tuple[int, str, str]]) -> str:
    for pos, op, chunk in edits:
        pos %= max(len(text), 1)
        lines = text.split("\n")
        i, j = pos % len(lines), (pos // 7) % len(lines)
        if op == "del":
            text = text[:pos] + text[pos + 1 + len(chunk) :]
        elif op == "ins":
            text = text[:pos] + chunk + text[pos:]
        elif op == "replace":
            text = text[:pos] + chunk + text[pos + len(chunk) :]
        elif op == "dup":
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        else:
            del lines[i]
            text = "\n".join(lines)
    return text


def _checked(report: Report | None) -> None:
    """A result, never an exception; every finding names a file and has a message."""
    if report is None:
        return
    for f in report.findings:
        assert f.file and f.message and f.rule
        assert f.line is None or f.line >= 1


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reports(), MUTATIONS)
def test_mutated_pages_never_raise(case: tuple[Format, dict[str, Any]], edits: list[tuple[int, str, str]]) -> None:
    text = _mutate(_page(case[1]), edits)
    _checked(parse_page(text, "mutated.md"))
    _checked(parse_page(text.encode("utf-8", "surrogatepass"), "mutated.md"))
    ext = GovReportExtension(filename="mutated.md")
    html = markdown.markdown(text, extensions=[ext])
    assert isinstance(html, str)


@SETTINGS
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(raw: bytes) -> None:
    _checked(parse_page(b"---\ngovreport:\n" + raw, "bytes.md"))
    _checked(parse_page(raw, "bytes.md"))
    text = raw.decode("utf-8", "replace")
    markdown.markdown("---\ngovreport:\n" + text, extensions=[GovReportExtension()])


@SETTINGS
@given(st.lists(st.sampled_from([*":-[]{},&*!|>?'\"#%@ \t\n0123456789abyn.", "  ", "\n  ", "<<", "govreport:", "year: "]), max_size=120).map("".join))
def test_loader_never_raises(text: str) -> None:
    loaded = yamlload.load(text)
    for p in loaded.problems:
        assert p.message
        assert p.line is None or p.line >= 1
    yamlload.load_front_matter_mapping(text, 1, "govreport")


# ---------------------------------------------------------------------------------------
# The importer: random text and HTML give a page or a refusal, never an exception

SAMPLES = Path("/work/shared/samples")
_SAMPLE_TEXT = [
    p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))
] if SAMPLES.is_dir() else []


def _import_checked(raw: bytes, name: str) -> None:
    from mkdocs_govreport.importer.convert import import_bytes

    result = import_bytes(raw, name, today="2026-01-01")
    assert (result.page is None) == (result.refused is not None) or result.page is not None
    if result.page is not None:
        _checked(parse_page(result.page, "imported.md"))


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


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_pages())
def test_importer_on_random_html(page: str) -> None:
    _import_checked(page.encode("utf-8", "surrogatepass"), "random.html")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(range(max(len(_SAMPLE_TEXT), 1))), MUTATIONS)
def test_importer_on_mutated_samples(index: int, edits: list[tuple[int, str, str]]) -> None:
    if not _SAMPLE_TEXT:
        return
    _import_checked(_mutate(_SAMPLE_TEXT[index], edits).encode("utf-8", "surrogatepass"), "sample.txt")
