"""Property tests for ``govreport import``.

* Round trip: any report the project can render (both formats, random values, totals and
  some cells left out, years that do not match the format), rendered to HTML by the
  Markdown extension and imported back, gives the same cells — the same values, and the
  same cells missing.
* Robustness: random text, random HTML and random mixes of registry labels and numbers
  never raise: they are imported or refused with a reason.
"""

from __future__ import annotations

from decimal import Decimal

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_govreport import parse_page
from mkdocs_govreport.extension import GovReportExtension
from mkdocs_govreport.importer import import_bytes
from mkdocs_govreport.registry import FORMATS, Field, Format

AGENCIES = ("西工区统计局", "平潭综合实验区", "东城区人民政府", "北辰区市场监督管理局", "南湖镇")


def _value(f: Field) -> st.SearchStrategy[str]:
    if f.kind == "amount":
        return st.builds(
            lambda units, places: str(Decimal(units).scaleb(-places)), st.integers(0, 10**7), st.integers(0, 6)
        )
    if f.kind == "signed":
        return st.integers(-9999, 9999).map(str)
    return st.one_of(st.just("0"), st.integers(0, 9), st.integers(0, 999_999)).map(str)


@st.composite
def report_pages(draw: st.DrawFn) -> str:
    """A report page in the authoring form, with some totals and some cells left out."""
    fmt: Format = FORMATS[draw(st.sampled_from(sorted(FORMATS)))]
    year = draw(st.integers(2019, 2030))
    agency = draw(st.sampled_from(AGENCIES))
    lines = ["---", "govreport:", f"  agency: {agency}", f"  year: {year}", f"  format: {fmt.id}"]
    for table in fmt.tables:
        lines.append(f"  {table.key}:")
        written: set[tuple[str, ...]] = set()
        for record in table.records:
            if record.is_total and draw(st.booleans()):
                continue  # the tool computes （七）总计
            for depth in range(1, len(record.path)):
                if record.path[:depth] not in written:
                    written.add(record.path[:depth])
                    lines.append("    " + "  " * (depth - 1) + record.path[depth - 1] + ":")
            items = []
            for f in record.fields:
                leave_out = draw(st.booleans()) if f.is_total else draw(st.integers(0, 19)) == 0
                if not leave_out:
                    items.append(f"{f.key}: {draw(_value(f))}")
            lines.append("    " + "  " * (len(record.path) - 1) + record.path[-1] + ": {" + ", ".join(items) + "}")
    lines += ["---", "", f"# {agency}{year}年政府信息公开工作年度报告", ""]
    return "\n".join(lines) + "\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(report_pages())
def test_rendered_html_imports_back_to_the_same_cells(page: str) -> None:
    original = parse_page(page, "original.md")
    assert original is not None and original.fmt is not None
    html = markdown.markdown(page, extensions=[GovReportExtension()])
    result = import_bytes(html.encode("utf-8"), "rendered.html")
    assert result.page is not None, result.refused
    back = parse_page(result.page, "imported.md")
    assert back is not None and back.fmt is not None
    assert (back.agency, back.year, back.fmt.id) == (original.agency, original.year, original.fmt.id)
    want = {p: (c.value, c.status) for p, c in original.cells.items()}
    got = {p: (c.value, c.status) for p, c in back.cells.items()}
    assert got == want
    # the importer reports W4 exactly when the year does not match the format
    assert any(f.rule == "W4" for f in result.findings) == any(f.rule == "W4" for f in original.findings)


def _labels() -> list[str]:
    out = []
    for fmt in FORMATS.values():
        for table in fmt.tables:
            for record in table.records:
                out.append(record.label)
                out.extend(record.groups)
                out.extend(f.label for f in record.fields)
                if record.block:
                    out.append(record.block)
        out.extend(s.heading for s in fmt.sections)
    out += ["2023年政府信息公开工作年度报告", "某局2017年度政府信息公开工作年度报告", "第 2 页", "— 3 —", "万元", "元", "—", "无"]
    return out


PIECES = st.one_of(
    st.sampled_from(_labels()),
    st.integers(0, 10**12).map(str),
    st.sampled_from(["\t", " ", "\n", "|", "。", "（", "）", "-", ".", "0", "00", "3.5", "\u3000", "\u00a0"]),
    st.text(max_size=8),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES, max_size=80), st.sampled_from(["x.txt", "x.md", "x.html"]))
def test_random_label_soup_never_raises(pieces: list[str], name: str) -> None:
    text = "".join(pieces)
    if name.endswith(".html"):
        text = "<table>" + "".join(f"<tr><td>{p}</td></tr>" if i % 3 else f"<p>{p}</p>" for i, p in enumerate(pieces)) + "</table>"
    result = import_bytes(text.encode("utf-8"), name)
    assert (result.page is None) != (result.refused is None)
    if result.page is not None:
        report = parse_page(result.page, "x.md")
        assert report is not None and not any("Traceback" in f.message for f in report.findings)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400), st.sampled_from(["a.txt", "a.html", "a.docx", "a.pdf", "a"]))
def test_random_bytes_never_raise(raw: bytes, name: str) -> None:
    result = import_bytes(raw, name)
    assert result.page is not None or result.refused


HTML_TAGS = ("p", "div", "span", "td", "tr", "table", "tbody", "th", "br", "h2", "li", "script", "b")


@st.composite
def html_soup(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 60))):
        kind = draw(st.integers(0, 3))
        tag = draw(st.sampled_from(HTML_TAGS))
        if kind == 0:
            parts.append(f"<{tag} rowspan='{draw(st.integers(-2, 30))}' colspan=\"{draw(st.text(max_size=3))}\">")
        elif kind == 1:
            parts.append(f"</{tag}>")
        else:
            parts.append(draw(PIECES))
    return "".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_soup())
def test_random_html_never_raises(html: str) -> None:
    result = import_bytes(html.encode("utf-8"), "soup.html")
    assert (result.page is None) != (result.refused is None)
