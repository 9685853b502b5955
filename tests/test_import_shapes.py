"""``govreport import`` on every shape of published report met in the wild.

Each fixture in ``fixtures/import/shapes`` is a small synthetic report of one shape (title
and metadata variants, table headings reworded, run-together rows, PDF text layers, HTML
split tables, blank columns ...) with a ``<name>.expected.json`` beside it: the agency, year,
format and kind the text states, and every printed cell (``null`` where the source leaves
the cell blank or where no rule can tell the number).  ``sample-*.expected.json`` hold the
same for the real samples in ``<repo root>/../shared/samples``.

Asserted for every case: every determinable cell exact, no number invented (a value where
the source has none, or a different value), the metadata found, and — for printed
inconsistencies — the finding of the right rule at the right cell.

``python tests/test_import_shapes.py`` prints the measurement (cells exact / total,
invented, refusals) over all cases.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_govreport import Report, parse_page
from mkdocs_govreport.importer import ImportResult, import_file

HERE = Path(__file__).resolve().parent
SHAPES = HERE / "fixtures" / "import" / "shapes"
SAMPLES = HERE.parent.parent / "shared" / "samples"


def _cases() -> list[Path]:
    return sorted(SHAPES.glob("*.expected.json"))


@dataclass
class Measure:
    """What importing one case gave, against its expected cells."""

    name: str
    refused: str | None = None
    expected_refusal: bool = False
    determinable: int = 0
    exact: int = 0
    invented: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    metadata: list[str] = field(default_factory=list)
    result: ImportResult | None = None
    report: Report | None = None


def _source(spec: dict[str, Any]) -> Path:
    if "sample" in spec:
        return SAMPLES / spec["sample"]
    return SHAPES / spec["source"]


def _same(expected: object, got: object) -> bool:
    if isinstance(expected, str):
        return isinstance(got, Decimal) and got == Decimal(expected)
    return type(got) is int and got == expected


def measure(path: Path) -> Measure:
    spec = json.loads(path.read_text(encoding="utf-8"))
    m = Measure(path.name.removesuffix(".expected.json"))
    m.expected_refusal = "refused" in spec
    result = import_file(_source(spec))
    m.result = result
    if result.page is None:
        m.refused = result.refused or ""
        return m
    report = parse_page(result.page, "imported.md")
    assert report is not None
    m.report = report
    for key in ("agency", "year", "kind", "published"):
        if key in spec and getattr(report, key) != spec[key]:
            m.metadata.append(f"{key}: {getattr(report, key)!r} != {spec[key]!r}")
    if "format" in spec and report.format_id != spec["format"]:
        m.metadata.append(f"format: {report.format_id} != {spec['format']}")
    if report.fmt is None:
        return m
    for record_pointer, values in spec.get("cells", {}).items():
        table, *path = record_pointer.strip("/").split("/")
        record = report.fmt.table(table).record(tuple(path))
        assert record is not None, record_pointer
        for f, want in zip(record.fields, values, strict=True):
            pointer = f"{record_pointer}/{f.key}"
            cell = report.cells[pointer]
            stated = cell.status == "reported"
            if want is None:
                if stated:
                    m.invented.append(f"{pointer}={cell.value}")
                continue
            m.determinable += 1
            if stated and _same(want, cell.value):
                m.exact += 1
            elif stated:
                m.invented.append(f"{pointer}={cell.value} (printed {want})")
            else:
                m.lost.append(pointer)
    return m


def _ids() -> list[str]:
    return [p.name.removesuffix(".expected.json") for p in _cases()]


@pytest.mark.parametrize("case", _cases(), ids=_ids())
def test_shape(case: Path) -> None:
    spec = json.loads(case.read_text(encoding="utf-8"))
    if "sample" in spec and not SAMPLES.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"shared samples not found at {SAMPLES}")
        pytest.skip("shared samples not available")
    m = measure(case)
    if "refused" in spec:
        assert m.refused is not None and spec["refused"] in m.refused, m.refused
        return
    assert m.refused is None, m.refused
    assert m.metadata == []
    assert m.invented == []
    assert m.lost == []
    assert m.exact == m.determinable > 0
    report, result = m.report, m.result
    assert report is not None and result is not None
    for want in spec.get("validate", []):
        hits = [f for f in report.findings if f.rule == want["rule"] and f.pointer == want["pointer"]]
        assert hits, f"no {want['rule']} at {want['pointer']}: {[(f.rule, f.pointer) for f in report.findings]}"
    for want in spec.get("import_findings", []):
        hits = [f for f in result.findings if f.rule == want["rule"] and f.pointer == want["pointer"]]
        assert hits, f"no {want['rule']} at {want['pointer']}: {[(f.rule, f.pointer) for f in result.findings]}"
    page = result.page or ""
    for note in spec.get("notes", []):
        assert note in page.split("\n---\n")[0]


def main() -> int:
    """Print the measurement over every case."""
    total = exact = invented = 0
    refused_wrongly: list[str] = []
    refused_rightly: list[str] = []
    for case in _cases():
        spec = json.loads(case.read_text(encoding="utf-8"))
        if "sample" in spec and not SAMPLES.is_dir():
            print(f"{case.name}: 缺少共享样本，跳过")
            continue
        m = measure(case)
        if m.refused is not None:
            (refused_rightly if m.expected_refusal else refused_wrongly).append(m.name)
            print(f"{m.name:45s} 拒绝：{m.refused[:60]}")
            continue
        total += m.determinable
        exact += m.exact
        invented += len(m.invented)
        extra = (f" 元数据：{m.metadata}" if m.metadata else "") + (f" 虚构：{m.invented[:3]}" if m.invented else "")
        lost = f" 丢失：{m.lost[:3]}…" if m.lost else ""
        print(f"{m.name:45s} {m.exact:4d}/{m.determinable:<4d}{extra}{lost}")
    share = 100 * exact / total if total else 0.0
    print(
        f"\n单元格准确 {exact}/{total}（{share:.1f}%），虚构 {invented}，"
        f"错误拒绝 {len(refused_wrongly)}（{', '.join(refused_wrongly)}），应拒绝且已拒绝 {len(refused_rightly)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())


# ---------------------------------------------------------------------------------------
# Metadata: one case per rule, beyond the fixtures


@pytest.mark.parametrize(
    ("head", "agency", "year"),
    [
        ("某某市人民政府\n2024 年政府信息公开工作年度报告", "某某市人民政府", 2024),
        ("2024 年某某市科委政府信息公开工作\n年度报告", "某某市科委", 2024),
        ("正文\n某某县财政局 2 0 2 4 年 度 政府信息公开工作年度报告", "某某县财政局", 2024),
        ("某某县财政局二〇二四年度政府信息公开工作年度报告", "某某县财政局", 2024),
        ("某某县财政局二零二三年政府信息公开工作年度报告", "某某县财政局", 2023),
        ("某某县财政局２０２４年政府信息公开工作年度报告", "某某县财政局", 2024),
        ("《某某镇人民政府2022年度政府信息公开工作年度报告》", "某某镇人民政府", 2022),
        ("某某县人民政府信息公开工作年度报告（2023年度）", "某某县人民政府", 2023),
        ("关于某某区教育局2024年政府信息公开工作年度报告", "某某区教育局", 2024),
        ("2024年政府信息公开工作年度报告\n本报告由某某区人民政府办公室根据《中华人民共和国政府信息公开条例》编制。", "某某区人民政府", 2024),
        ("2024年政府信息公开工作年度报告\n本报告由某某市交通运输局编制。", "某某市交通运输局", 2024),
        ("政府信息公开工作年度报告\n2023年，某某市生态环境局（以下简称“市生态环境局”）认真贯彻《条例》。本报告所列数据统计期限为2023年1月1日至2023年12月31日。", "某某市生态环境局", 2023),
        ("政府信息公开工作年度报告\n现将某某街道办事处2023年度政府信息公开工作年度报告公布如下。", "某某街道办事处", 2023),
        ("2024年政府信息公开工作年度报告\n本报告是根据《条例》要求，由某某区人民政府办公室编制。", "某某区人民政府", 2024),
        ("2024年政府信息公开工作年度报告\n按照上级要求，某某县民政局编制了本报告。", "某某县民政局", 2024),
        ("某某市科学技术局关于2024年政府信息公开工作年度报告", "某某市科学技术局", 2024),
        ("某某市人民政府办公室关于印发某某市2024年政府信息公开工作年度报告的通知", "某某市", 2024),
        ("## 2024年度某某区人民政府政府信息公开工作年度报告", "某某区人民政府", 2024),
        ("首页 > 政务公开 > 政府信息公开年报\n某某区财政局2024年政府信息公开工作年度报告", "某某区财政局", 2024),
    ],
)
def test_title_and_opening_metadata(head: str, agency: str, year: int) -> None:
    from mkdocs_govreport.importer.extract import extract
    from mkdocs_govreport.importer.sources import read_text

    text = head + "\n一、总体情况\n本年度工作有序开展。\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"
    ex = extract(read_text(text), "t.txt")
    assert (ex.agency, ex.year, ex.refused) == (agency, year, None)


def test_agency_from_the_signature() -> None:
    from mkdocs_govreport.importer.extract import extract
    from mkdocs_govreport.importer.sources import read_text

    text = (
        "2024年政府信息公开工作年度报告\n一、总体情况\n本年度工作有序开展。\n三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n六、其他需要报告的事项\n无。\n"
        "某某县自然资源局\n2025年1月20日\n"
    )
    ex = extract(read_text(text), "t.txt")
    assert (ex.agency, ex.year, ex.refused) == ("某某县自然资源局", 2024, None)
    assert any("落款" in n for n in ex.notes)


def test_text_that_does_not_say_asks_for_the_option() -> None:
    from mkdocs_govreport.importer import import_bytes

    text = "政府信息公开工作年度报告\n一、总体情况\n本年度工作有序开展。\n三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"
    result = import_bytes(text.encode(), "t.txt")
    assert result.page is None and "--year" in (result.refused or "")
    result = import_bytes(text.encode(), "t.txt", year=2024)
    assert result.page is None and "--agency" in (result.refused or "")
    result = import_bytes(text.encode(), "t.txt", year=2024, agency="某某局")
    assert result.page is not None


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("某某市人民政府", "government"),
        ("东风镇人民政府", "government"),
        ("某某县政府", "government"),
        ("某某经济开发区管委会", "government"),
        ("某某新区管理委员会", "government"),
        ("某某街道办事处", "government"),
        ("某某办事处", "government"),
        ("西工区统计局", "department"),
        ("某某区", "government"),
        ("某某县", "government"),
        ("某某市人民政府办公室", "department"),
        ("某某市政府研究室", "department"),
        ("平潭综合实验区", "government"),
    ],
)
def test_guess_kind_rule(name: str, kind: str) -> None:
    from mkdocs_govreport.importer.extract import guess_kind

    assert guess_kind(name) == kind


def test_region_report_is_its_government_when_the_page_names_it() -> None:
    from mkdocs_govreport.importer.metadata import kind_of

    assert kind_of("平潭综合实验区", "平潭综合实验区管委会办公室", "") == ("government", "平潭综合实验区管委会")
    assert kind_of("某某区", None, "某某区人民政府坚持以公开为常态") == ("government", "某某区人民政府")
    assert kind_of("某某区", "某某区融媒体中心", "") == ("government", None)  # a bare region name is its government (registry.kind_of)
    assert kind_of("西工区统计局", "西工区人民政府办公室", "") == ("department", None)


# ---------------------------------------------------------------------------------------
# The page written: inert narrative, exact YAML

_TABLE_TEXT = (
    "三、收到和处理政府信息公开申请情况\n"
    "一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n"
    "六、其他需要报告的事项\n本年度未收取信息处理费。\n"
)
#: Narrative lines as a source prints them, and what a reader of the page must see.
UNSAFE_TEXTS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[点此](javascript:alert(1))",
    '段落 {: onclick="alert(1)" }',
    "# 不是标题",
    "- 不是列表",
    "1. 不是编号列表",
    "a | b | c",
    "路径 C:\\Windows\\<system32> 与 *星号* 和 _下划线_ 以及 `反引号` ~~删除~~ &amp; 与 &lt;",
    "====",
]


def _render(page: str) -> str:
    import markdown

    from mkdocs_govreport.extension import GovReportExtension

    return markdown.markdown(page, extensions=["attr_list", "tables", "toc", GovReportExtension()])


def _visible_text(html: str) -> str:
    from html.parser import HTMLParser

    out: list[str] = []

    class P(HTMLParser):
        def handle_data(self, data: str) -> None:
            out.append(data)

    p = P(convert_charrefs=True)
    p.feed(html)
    return "".join(out)


def _assert_inert(html: str) -> None:
    import re

    assert "<script" not in html.lower()
    assert not re.search(r"<[^>]+\son\w+\s*=", html, re.IGNORECASE)
    assert "javascript:" not in " ".join(re.findall(r'(?:href|src)="([^"]*)"', html)).lower()
    assert "<img" not in html.lower()


def test_narrative_from_html_is_inert_and_exact() -> None:
    from html import escape

    from mkdocs_govreport.importer import import_bytes

    paras = "".join(f"<p>{escape(t)}</p>" for t in UNSAFE_TEXTS)
    page_html = (
        "<html><body><h1>某某局2024年政府信息公开工作年度报告</h1><p>一、总体情况</p>"
        + paras
        + '<p onclick="alert(2)">属性不得带入 <a href="javascript:alert(3)">链接文字</a></p>'
        + "<p>三、收到和处理政府信息公开申请情况</p><table><tr><td>一、本年新收政府信息公开申请数量</td>"
        + "".join(f"<td>{v}</td>" for v in (1, 0, 0, 0, 0, 0, 1))
        + "</tr></table><p>六、其他需要报告的事项</p><p>本年度未收取信息处理费。</p></body></html>"
    )
    result = import_bytes(page_html.encode(), "x.html")
    assert result.page is not None, result.refused
    html = _render(result.page)
    _assert_inert(html)
    text = _visible_text(html)
    for t in UNSAFE_TEXTS:
        assert t in text, t  # shown exactly as printed: no visible backslash, nothing lost
    assert text.count("\\") == sum(t.count("\\") for t in UNSAFE_TEXTS)  # no visible escapes
    assert "属性不得带入 链接文字" in text


def test_narrative_from_markdown_is_inert() -> None:
    from mkdocs_govreport.importer import import_bytes

    source = (
        "# 某某局2024年政府信息公开工作年度报告\n\n## 一、总体情况\n\n"
        "正文 <script>alert(1)</script> 与 <img src=x onerror=alert(1)> 与 <a href='javascript:alert(2)'>a</a>\n\n"
        "[坏链接](javascript:alert(1)) [数据](data:text/html;base64,PHNjcmlwdD4=) [好链接](https://www.gov.cn/)\n\n"
        "[引用][r] 段落\n{: onclick=\"alert(1)\" }\n\n[r]: javascript:alert(1)\n\n"
        "**加粗** 保留\n\n## 三、收到和处理政府信息公开申请情况\n\n"
        "| 一、本年新收政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n"
    )
    result = import_bytes(source.encode(), "x.md")
    assert result.page is not None, result.refused
    html = _render(result.page)
    _assert_inert(html)
    assert '<a href="https://www.gov.cn/">好链接</a>' in html and "<strong>加粗</strong>" in html
    assert "坏链接" in html and "<script>alert(1)</script>" in _visible_text(html)


AGENCY_NAMES = [
    '某某局 "引号" \\反斜杠\\ #井号 : 冒号',
    "yes",
    "012",
    "null",
    " 前后空格 ",
    "换行\n第二行\t制表",
    "控制\x00\x07\x1b\x7f\x85\x9f字符",
    "分隔\u2028\u2029\ufeff",
    "表情😀与𠀀",
    "- 列表开头",
    "'单引号'",
    "{花括号} [方括号] &锚 *别名 !标签 %百分号 @ `",
]


@pytest.mark.parametrize("name", AGENCY_NAMES)
def test_agency_round_trips_through_the_yaml(name: str) -> None:
    from mkdocs_govreport.importer import import_bytes

    text = "某某局2024年政府信息公开工作年度报告\n" + _TABLE_TEXT
    result = import_bytes(text.encode(), "x.txt", agency=name)
    assert result.page is not None, result.refused
    report = parse_page(result.page, "x.md")
    assert report is not None
    assert report.data["agency"] == name


def test_texts_from_the_source_round_trip_through_the_yaml() -> None:
    """A file name and a finding quoting source text: read back exactly."""
    from mkdocs_govreport.importer import import_bytes

    local = '其他"主动"\\公开#文件'
    text = "某某局2024年政府信息公开工作年度报告\n二、主动公开政府信息情况\n" + f"{local}\t5\t5\t40\n" + _TABLE_TEXT
    result = import_bytes(text.encode(), 'x "名" #.txt')
    assert result.page is not None, result.refused
    assert any(local in f.message for f in result.findings)
    report = parse_page(result.page, "x.md")
    assert report is not None
    assert report.data["provenance"]["source"] == 'x "名" #.txt'
    assert report.data["provenance"]["findings"] == [f"{f.rule}：{f.message}" for f in result.findings] + result.notes


# ---------------------------------------------------------------------------------------
# The class of input, not the example: variations of the text-layer fixtures


def _import_text(text: str) -> tuple[Report, ImportResult]:
    from mkdocs_govreport.importer import import_bytes

    result = import_bytes(text.encode("utf-8"), "variant.txt")
    assert result.page is not None, result.refused
    report = parse_page(result.page, "variant.md")
    assert report is not None
    return report, result


def _printed(case: str) -> dict[str, object]:
    spec = json.loads((SHAPES / f"{case}.expected.json").read_text(encoding="utf-8"))
    out: dict[str, object] = {}
    for record_pointer, values in spec["cells"].items():
        table, *path = record_pointer.strip("/").split("/")
        from mkdocs_govreport.registry import FORMATS

        record = FORMATS[spec["format"]].table(table).record(tuple(path))
        assert record is not None
        for f, v in zip(record.fields, values, strict=True):
            out[f"{record_pointer}/{f.key}"] = v
    return out


def _invented(report: Report, printed: dict[str, object]) -> list[str]:
    bad = []
    for p, cell in report.cells.items():
        if cell.status != "reported":
            continue
        want = printed.get(p)
        if want is None or not _same(want, cell.value):
            bad.append(f"{p}={cell.value} (printed {want})")
    return bad


def _number_lines(lines: list[str]) -> list[int]:
    import re

    return [i for i, x in enumerate(lines) if re.fullmatch(r"[0-9 ]+", x) and len(x.split()) == 7]


@pytest.mark.parametrize("drop", range(25))
def test_numbers_above_labels_with_a_row_missing_invent_nothing(drop: int) -> None:
    """One number line less than the format's rows: the order cannot decide, the labels
    stand after the numbers — nothing of 表三 may be read, and nothing invented."""
    lines = (SHAPES / "pdf-numbers-above-labels.txt").read_text(encoding="utf-8").splitlines()
    numbers = _number_lines(lines)
    assert len(numbers) == 25
    del lines[numbers[drop]]
    report, result = _import_text("\n".join(lines) + "\n")
    printed = _printed("pdf-numbers-above-labels")
    assert _invented(report, printed) == []
    # the column sums decide that the numbers stand above their labels: every other row
    # is read; or they cannot, and 表三 is left for the author, with a finding
    dropped = [p for p in printed if p.startswith("/applications/")][drop * 7 : drop * 7 + 7]
    read = [p for p, v in printed.items() if p.startswith("/applications/") and p not in dropped and report.cells[p].status == "reported"]
    refused = [f for f in result.findings if f.rule == "S" and f.pointer.startswith("/applications/")]
    assert len(read) == 24 * 7 or (refused and not read), (len(read), [f.message for f in refused])


@pytest.mark.parametrize("drop", range(0, 25, 3))
def test_a_garbled_label_does_not_matter_when_the_order_decides(drop: int) -> None:
    lines = (SHAPES / "pdf-numbers-above-labels.txt").read_text(encoding="utf-8").splitlines()
    numbers = _number_lines(lines)
    lines[numbers[drop] + 1] = "（无法识别的文字）"
    report, _result = _import_text("\n".join(lines) + "\n")
    printed = _printed("pdf-numbers-above-labels")
    assert _invented(report, printed) == []
    assert all(report.cells[p].status == "reported" for p, v in printed.items() if p.startswith("/applications/") and v is not None)


def test_numbers_after_labels_with_a_label_far_from_its_row_fall_back_to_labels() -> None:
    text = (SHAPES / "title-agency-year-lines.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    i = next(k for k, x in enumerate(lines) if x.startswith("\t\t2.重复申请"))
    row = lines.pop(i)
    lines.insert(i + 2, row)  # the 重复申请 row printed two rows lower
    report, _result = _import_text("\n".join(lines) + "\n")
    assert _invented(report, _printed("title-agency-year-lines")) == []
    assert report.value("/applications/results/not_processed/duplicate/total") == 0


def test_table_four_without_any_heading() -> None:
    text = (SHAPES / "pdf-wrapped-vertical-footer.txt").read_text(encoding="utf-8")
    text = text.replace("四、政府信息公开行政复议、行政诉讼情况\n", "")
    report, _result = _import_text(text)
    printed = _printed("pdf-wrapped-vertical-footer")
    assert _invented(report, printed) == []
    assert [report.value(f"/review_litigation/litigation_direct/{k}") for k in ("upheld", "corrected", "other", "pending", "total")] == [1, 0, 0, 1, 2]


def test_table_four_rows_with_their_group_labels_in_another_order() -> None:
    from mkdocs_govreport.importer import import_bytes

    html = (
        "<h1>某某局2024年政府信息公开工作年度报告</h1><p>四、政府信息公开行政复议、行政诉讼情况</p><table>"
        "<tr><td></td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>"
        "<tr><td>复议后起诉</td><td>0</td><td>1</td><td>0</td><td>0</td><td>1</td></tr>"
        "<tr><td>行政复议</td><td>2</td><td>0</td><td>0</td><td>1</td><td>3</td></tr>"
        "<tr><td>未经复议直接起诉</td><td>4</td><td>0</td><td>0</td><td>0</td><td>4</td></tr>"
        "</table><p>五、存在的主要问题及改进情况</p><p>无。</p>"
    )
    result = import_bytes(html.encode(), "x.html")
    assert result.page is not None, result.refused
    report = parse_page(result.page, "x.md")
    assert report is not None
    keys = ("upheld", "corrected", "other", "pending", "total")
    assert [report.value(f"/review_litigation/review/{k}") for k in keys] == [2, 0, 0, 1, 3]
    assert [report.value(f"/review_litigation/litigation_direct/{k}") for k in keys] == [4, 0, 0, 0, 4]
    assert [report.value(f"/review_litigation/litigation_after_review/{k}") for k in keys] == [0, 1, 0, 0, 1]


def test_text_layer_with_blank_org_columns_invents_nothing() -> None:
    import re

    text = (SHAPES / "pdf-wrapped-vertical-footer.txt").read_text(encoding="utf-8")
    # the five 法人或其他组织 cells of every row of 表三 vanish from the text layer
    text = re.sub(r"(?m)^((?:\D.*? )?)([0-9]+) [0-9]+ [0-9]+ [0-9]+ [0-9]+ [0-9]+ ([0-9]+)$", r"\1\2 \3", text)
    report, result = _import_text(text)
    assert _invented(report, _printed("pdf-wrapped-vertical-footer")) == []
    assert any(f.rule == "S" and f.pointer.startswith("/applications/") for f in result.findings)


def test_inconsistent_total_row_is_reported_at_its_cell_after_validation(tmp_path: Path) -> None:
    """The printed 总计 row stays as printed; ``govreport validate`` names R3 at the cell."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    from mkdocs_govreport.cli import main as cli

    result = import_file(SHAPES / "total-row-inconsistent-runtogether.txt")
    assert result.page is not None
    assert "total: [20, 0, 0, 0, 0, 1, 21]" in result.page
    page = tmp_path / "x.md"
    page.write_text(result.page, encoding="utf-8")
    err = io.StringIO()
    with redirect_stdout(err), redirect_stderr(err):
        code = cli(["validate", str(page)])
    line = next(i for i, x in enumerate(result.page.splitlines(), 1) if x.strip().startswith("total: [20"))
    assert code == 1
    assert err.getvalue().count("[R3]") == 2 and f"x.md:{line}" in err.getvalue()
    report = parse_page(result.page, "x.md")
    assert report is not None
    r3 = [f for f in report.findings if f.rule == "R3"]
    assert {f.pointer for f in r3} == {"/applications/results/total/natural_person", "/applications/results/total/other_org"}
    assert all(f.line == line for f in r3)


def test_table_two_numbers_above_labels() -> None:
    text = (SHAPES / "pdf-numbers-above-labels.txt").read_text(encoding="utf-8")
    head, sep, rest = text.partition("三、收到和处理政府信息公开申请情况")
    lines = head.splitlines()
    out = []
    for line in lines:
        parts = line.split(" ")
        if len(parts) > 1 and all(p.replace(".", "").isdigit() for p in parts[1:]) and not parts[0].isdigit():
            out += [" ".join(parts[1:]), parts[0]]  # the numbers, then their label
        else:
            out.append(line)
    report, result = _import_text("\n".join(out) + "\n" + sep + rest)
    printed = _printed("pdf-numbers-above-labels")
    assert _invented(report, printed) == []
    assert [report.value(f"/active/normative_docs/{k}") for k in ("issued", "repealed", "in_force")] == [3, 1, 25]
    assert report.value("/active/coercion/decisions") == 2
    assert any("标签的上一行" in n for n in result.notes)


@pytest.mark.parametrize("drop_row", [False, True])
def test_row_labels_in_sentences_around_the_table_are_not_rows(drop_row: bool) -> None:
    text = (SHAPES / "title-agency-year-lines.txt").read_text(encoding="utf-8")
    sentence = "本年度共收到申请22件，其中本机关不掌握相关政府信息4件，部分公开（区分处理的，只计这一情形，不计其他情形）8件。"
    text = text.replace("三、收到和处理政府信息公开申请情况\n", f"三、收到和处理政府信息公开申请情况\n{sentence}\n")
    text = text.replace("五、存在的主要问题及改进情况\n", f"五、存在的主要问题及改进情况\n{sentence}\n")
    if drop_row:
        text = "\n".join(x for x in text.splitlines() if "2.重复申请" not in x) + "\n"
    report, result = _import_text(text)
    printed = _printed("title-agency-year-lines")
    assert _invented(report, printed) == []
    for p, v in printed.items():
        if v is not None and not (drop_row and "/duplicate/" in p):
            assert report.cells[p].status == "reported", p
    assert not [f for f in result.findings if f.rule in ("S", "W5")]
    body = (result.page or "").split("\n## 三、", 1)[1].split("\n## 四、", 1)[0]
    assert sentence in body  # the sentence stays in its section


_NARRATIVE_ALPHABET = "abcXYZ019 公开局区年。，、：；“”&<>|~=#*_`[]{}()!\\-+.:;'\"/?@^$%"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_NARRATIVE_ALPHABET, min_size=1, max_size=40).map(lambda t: " ".join(t.split())).filter(bool))
def test_any_narrative_text_is_shown_exactly_and_inert(text: str) -> None:
    """Property: whatever a paragraph of a web page says, the imported page shows exactly
    that text (no visible backslash, nothing lost) and carries no markup of its own."""
    from html import escape

    from mkdocs_govreport.importer import import_bytes

    page_html = (
        "<h1>某某局2024年政府信息公开工作年度报告</h1><p>一、总体情况</p>"
        f"<p>{escape(text)}</p>"
        "<p>三、收到和处理政府信息公开申请情况</p><table><tr><td>一、本年新收政府信息公开申请数量</td>"
        + "".join(f"<td>{v}</td>" for v in (1, 0, 0, 0, 0, 0, 1))
        + "</tr></table>"
    )
    result = import_bytes(page_html.encode(), "x.html")
    assert result.page is not None, result.refused
    html = _render(result.page)
    _assert_inert(html)
    section = html.split("一、总体情况", 1)[1].split("三、收到和处理", 1)[0]
    assert text in " ".join(_visible_text(section).split())
