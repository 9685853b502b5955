"""Issue 18: the Word copy of a report.  Each test writes a real .docx, reads it back with
python-docx (and, for the round trip, with ``govreport import``) and checks what an office
would see: the title, the six headings, the official tables with merged headers, the numbers."""

from __future__ import annotations

import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from mkdocs_govreport import Report, parse_page, read_report_file
from mkdocs_govreport.core.numbers import format_value
from mkdocs_govreport.exports.word import (
    COMPUTED_NOTE,
    DOCX_EXTRA_HINT,
    FINDINGS_HEADING,
    MISSING_NOTE,
    DocxUnavailableError,
    report_docx,
)
from mkdocs_govreport.importer import import_file
from mkdocs_govreport.registry import SECTIONS, HeaderNode, cell_pointer

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "example_site" / "docs" / "reports"
#: Every example report: 2019 format (2019, 2020) and 2021 format, with computed totals, a
#: sibling .yaml data file (xigong-gov/2024) and a placement marker.
EXAMPLES = [
    "xigong-gov/2019.md",
    "xigong-gov/2020.md",
    "xigong-gov/2021.md",
    "xigong-gov/2022.md",
    "xigong-gov/2023.md",
    "xigong-gov/2024.md",
    "xigong-stats/2021.md",
    "xigong-stats/2022.md",
    "xigong-stats/2023.md",
    "xigong-stats/2024.md",
]
R2021, R2019 = "xigong-gov/2024.md", "xigong-gov/2019.md"
TABLE_KEYS = ("active", "applications", "review_litigation")
NEW_RECEIVED = "一、本年新收政府信息公开申请数量"


def load(rel: str) -> Report:
    report = read_report_file(REPORTS / rel, display=f"docs/reports/{rel}")
    assert report is not None and report.fmt is not None, rel
    return report


def export(report: Report, tmp_path: Path, name: str = "report.docx") -> tuple[Path, Any]:
    path = tmp_path / name
    path.write_bytes(report_docx(report))
    return path, docx.Document(str(path))


def page(text: str, tmp_path: Path) -> Report:
    report = parse_page(text, "docs/test.md", base_dir=tmp_path)
    assert report is not None
    return report


def body_items(document: Any) -> list[tuple[str, str, Any]]:
    """("p", style, text) and ("t", "", table element) in document order."""
    out: list[tuple[str, str, Any]] = []
    for el in document.element.body.iterchildren():
        if el.tag == qn("w:p"):
            p = docx.text.paragraph.Paragraph(el, document)
            out.append(("p", p.style.name, p.text))
        elif el.tag == qn("w:tbl"):
            out.append(("t", "", el))
    return out


def tc_text(tc: Any) -> str:
    return "".join(t.text or "" for t in tc.iter(qn("w:t")))


def rows_of(tbl: Any) -> list[list[Any]]:
    """The ``w:tc`` elements of each row (a horizontally merged cell is one element)."""
    return [list(tr.iterchildren(qn("w:tc"))) for tr in tbl.iterchildren(qn("w:tr"))]


def table_texts(tbl: Any) -> set[str]:
    return {tc_text(tc) for row in rows_of(tbl) for tc in row}


def span(tc: Any) -> int:
    gs = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
    return int(gs.get(qn("w:val"))) if gs is not None else 1


def vmerge(tc: Any) -> str | None:
    vm = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    if vm is None:
        return None
    return str(vm.get(qn("w:val"), "continue"))


def find_cell(tbl: Any, text: str) -> Any:
    hits = [tc for row in rows_of(tbl) for tc in row if tc_text(tc) == text]
    assert hits, f"no cell {text!r}"
    return hits[0]


def official_tables(document: Any) -> dict[str, Any]:
    """The three official tables, found by a label only each of them has."""
    found: dict[str, Any] = {}
    for tbl in document.element.body.iterchildren(qn("w:tbl")):
        texts = table_texts(tbl)
        if "第二十条第（一）项" in texts:
            found["active"] = tbl
        elif NEW_RECEIVED in texts:
            found["applications"] = tbl
        elif "复议后起诉" in texts:
            found["review_litigation"] = tbl
    assert set(found) == set(TABLE_KEYS), found.keys()
    return found


def header_labels(nodes: tuple[HeaderNode, ...]) -> list[str]:
    out: list[str] = []
    for n in nodes:
        out.append(n.label)
        out += header_labels(n.children)
    return out


def shown(report: Report, pointer: str) -> str:
    cell = report.cells[pointer]
    if cell.value is None:
        return "—"
    return format_value(cell.value) + ("*" if cell.status == "computed" else "")


# ---------------------------------------------------------------------------------------
# The checks of the issue, for a 2021-format and a 2019-format report


@pytest.mark.parametrize("rel", [R2021, R2019])
def test_issue_checks(rel: str, tmp_path: Path) -> None:
    report = load(rel)
    fmt = report.fmt
    assert fmt is not None and fmt.id == ("2021" if rel == R2021 else "2019")
    _path, document = export(report, tmp_path)
    items = body_items(document)
    paragraphs = [(style, text) for kind, style, text in items if kind == "p"]
    # the title, and the six section headings as Word headings, in order
    assert ("Title", report.title) in paragraphs
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == [s.heading for s in SECTIONS]
    # at least three tables; every canonical label of the format is in them
    assert len(document.tables) >= 3
    tables = official_tables(document)
    for table in fmt.tables:
        texts = table_texts(tables[table.key])
        labels = {r.label for r in table.records} | {g for r in table.records for g in r.groups}
        labels |= {r.block for r in table.records if r.block} | {f.label for r in table.records for f in r.fields}
        labels |= set(header_labels(table.column_tree)) | ({table.corner} if table.corner else set())
        assert labels - texts == set(), table.key
        if table.note:  # printed under the table, as on the web page and in the format
            assert ("GovReport Note", table.note) in paragraphs
    # the row 一、本年新收政府信息公开申请数量 holds the report's seven numbers
    row = next(r for r in rows_of(tables["applications"]) if tc_text(r[0]) == NEW_RECEIVED)
    record = fmt.table("applications").record("new_received")
    assert record is not None and len(record.fields) == 7
    expected = [report.cells[cell_pointer("applications", record.path, f.key)].value for f in record.fields]
    assert all(v is not None for v in expected)
    numbers = [tc_text(tc).rstrip("*") for tc in row[1:]]
    assert [Decimal(n) for n in numbers] == expected
    # the headers use real merged cells (gridSpan / vMerge), as the format prints them
    apps, review = tables["applications"], tables["review_litigation"]
    corner = find_cell(apps, fmt.table("applications").corner)
    assert (span(corner), vmerge(corner)) == (3, "restart")
    assert span(find_cell(apps, "申请人情况")) == 7
    assert span(find_cell(apps, "法人或其他组织")) == 5
    assert vmerge(find_cell(apps, "自然人")) == "restart"
    assert vmerge(find_cell(apps, "三、本年度办理结果")) == "restart"
    assert vmerge(find_cell(apps, "（三）不予公开")) == "restart"
    assert span(find_cell(apps, "（一）予以公开")) == 2
    assert span(find_cell(review, "行政诉讼")) == 10
    assert span(find_cell(review, "行政复议")) == 5
    assert span(find_cell(review, "未经复议直接起诉")) == 5
    assert span(find_cell(tables["active"], "第二十条第（一）项")) == 4
    # continuation cells of a vertical merge are empty (Word shows the merged cell once)
    continued = [tc for r in rows_of(apps) for tc in r if vmerge(tc) == "continue"]
    assert continued and all(tc_text(tc) == "" for tc in continued)


@pytest.mark.parametrize("rel", [R2021, R2019])
def test_every_number_as_on_the_web_page(rel: str, tmp_path: Path) -> None:
    """Each data cell shows the report's value, right-aligned; computed totals carry ``*``
    and the note under their table, as on the web page."""
    report = load(rel)
    assert report.fmt is not None
    _path, document = export(report, tmp_path)
    tables = official_tables(document)
    items = body_items(document)
    computed_any = False
    for table in report.fmt.tables:
        tbl = tables[table.key]
        cells = [tc for row in rows_of(tbl) for tc in row]
        # data cells are the right-aligned ones, in the order render.py writes them
        numeric = [tc for tc in cells if docx.table._Cell(tc, None).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT]
        # (the column trees list the fields in record order, so this is also the grid order)
        pointers = [cell_pointer(table.key, r.path, f.key) for r in table.records for f in r.fields]
        assert [tc_text(tc) for tc in numeric] == [shown(report, p) for p in pointers]
        for tc, pointer in zip(numeric, pointers, strict=True):  # computed: italic number, then *
            runs = docx.table._Cell(tc, None).paragraphs[0].runs
            if report.cells[pointer].status == "computed":
                assert [(r.text, r.italic) for r in runs] == [
                    (format_value(report.cells[pointer].value), True),
                    ("*", None),
                ]
            else:
                assert len(runs) == 1 and not runs[0].italic
        computed = any(report.cells[p].status == "computed" for p in pointers)
        computed_any |= computed
        at = next(i for i, it in enumerate(items) if it[0] == "t" and it[2] is tbl)
        after = [text for _k, style, text in items[at + 1 : at + 4] if style == "GovReport Note"]
        assert (COMPUTED_NOTE in after) == computed
    assert computed_any  # the example reports leave totals to the tool


def test_page_layout_fonts_and_rows(tmp_path: Path) -> None:
    report = load(R2021)
    path, document = export(report, tmp_path)
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    # East Asian fonts on the styles, theme fonts removed (they would win in Word)
    styles = document.styles
    for name, east_asia in (("Normal", "仿宋"), ("Heading 1", "黑体"), ("Heading 2", "楷体"), ("Title", "宋体")):
        rfonts = styles[name].element.find(f"{qn('w:rPr')}/{qn('w:rFonts')}")
        assert rfonts is not None and rfonts.get(qn("w:eastAsia")) == east_asia, name
        assert rfonts.get(qn("w:eastAsiaTheme")) is None and rfonts.get(qn("w:asciiTheme")) is None
    defaults = styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    assert defaults.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "仿宋"
    # header rows repeat on each page; no row breaks across pages
    tables = official_tables(document)
    for key, n_head in (("applications", 3), ("review_litigation", 3), ("active", 0)):
        trs = list(tables[key].iterchildren(qn("w:tr")))
        flags = [tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for tr in trs]
        assert flags == [True] * n_head + [False] * (len(trs) - n_head), key
        assert all(tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for tr in trs)
    # every table paragraph keeps with the next: a table that fits on a page is not split
    assert styles["GovReport Table"].paragraph_format.keep_with_next is True
    cell_paragraphs = [p for tbl in tables.values() for p in tbl.iter(qn("w:p"))]
    assert {p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) for p in cell_paragraphs} == {
        styles["GovReport Table"].style_id
    }
    # the tables fit the text width (A4 minus margins)
    text_width = section.page_width - section.left_margin - section.right_margin
    for tbl in tables.values():
        grid = [int(g.get(qn("w:w"))) for g in tbl.find(qn("w:tblGrid")).iterchildren(qn("w:gridCol"))]
        assert sum(grid) * 635 <= text_width + Mm(1)  # twips -> EMU
    # the package is valid: Word's parts are there, the XML declares UTF-8
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
    assert {"word/document.xml", "word/styles.xml", "[Content_Types].xml"} <= names
    assert document.core_properties.title == report.title


def test_same_report_same_bytes() -> None:
    report = load(R2019)
    assert report_docx(report) == report_docx(report)


# ---------------------------------------------------------------------------------------
# Round trip: govreport import of the exported document gives back the same data


def same_data(original: Report, back: Report) -> None:
    a, b = original.canonical(), back.canonical()
    for key in ("agency", "year", "format", "kind", *TABLE_KEYS):
        assert b.get(key) == a.get(key), key


@pytest.mark.parametrize("rel", EXAMPLES)
def test_round_trip_through_import(rel: str, tmp_path: Path) -> None:
    report = load(rel)
    path, _document = export(report, tmp_path, Path(rel).stem + ".docx")
    result = import_file(path)
    assert result.refused is None and result.page is not None
    back = parse_page(result.page, "imported.md")
    assert back is not None and back.fmt is not None
    same_data(report, back)
    # the totals the tool computed come back as computed, not as numbers the agency wrote
    for pointer, cell in report.cells.items():
        if cell.status == "computed":
            assert back.cells[pointer].status == "computed", pointer


def test_round_trip_covers_both_formats() -> None:
    assert {load(rel).format_id for rel in EXAMPLES} == {"2019", "2021"}


# ---------------------------------------------------------------------------------------
# Drafts: findings, missing cells


def broken_2019() -> str:
    text = (REPORTS / R2019).read_text(encoding="utf-8")
    # a missing cell (review.pending), and a total that does not add up (R4)
    text = text.replace(
        "review: {upheld: 2, corrected: 1, other: 1, pending: 0}", "review: {upheld: 2, corrected: 1, other: 1}"
    )
    text = text.replace(
        "litigation_direct: {upheld: 3, corrected: 1, other: 0, pending: 1, total: 5}",
        "litigation_direct: {upheld: 3, corrected: 1, other: 0, pending: 1, total: 9}",
    )
    assert "total: 9}" in text and "other: 1}" in text
    return text


def test_findings_cover_note_and_missing_cells(tmp_path: Path) -> None:
    report = page(broken_2019(), tmp_path)
    open_ = [f for f in report.findings if not f.acknowledged]
    assert any(f.rule == "R4" for f in open_)
    _path, document = export(report, tmp_path)
    items = body_items(document)
    # the cover note comes first and lists every open finding: rule, location, message
    assert items[0][1:] == ("Heading 1", FINDINGS_HEADING)
    cover = [text for kind, style, text in items[1 : 2 + len(open_)] if style == "List"]
    assert len(cover) == len(open_)
    for f, line in zip(open_, cover, strict=True):
        assert f"[{f.rule}]" in line and f.message in line
        if f.line:
            assert f"第 {f.line} 行" in line
    r4 = next(line for line in cover if "[R4]" in line)
    assert "“未经复议直接起诉”“总计”" in r4
    # then the report itself, on its own page
    assert any(kind == "p" and style == "Title" for kind, style, _t in items)
    review = official_tables(document)["review_litigation"]
    data = rows_of(review)[-1]
    assert [tc_text(tc) for tc in data][:5] == ["2", "1", "1", "—", "—"]  # pending missing: no total
    assert tc_text(data[9]) == "9"  # the number the agency wrote, never corrected
    shaded = [tc for tc in data if tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}") is not None]
    assert data[9] in shaded
    notes = [text for kind, style, text in items if style == "GovReport Note"]
    assert MISSING_NOTE in notes


def test_draft_with_findings_round_trips(tmp_path: Path) -> None:
    """A draft circulated with its cover note still imports to the same data (missing stays missing)."""
    report = page(broken_2019(), tmp_path)
    path, _document = export(report, tmp_path)
    result = import_file(path)
    assert result.refused is None and result.page is not None
    back = parse_page(result.page, "imported.md")
    assert back is not None
    same_data(report, back)
    assert back.canonical()["review_litigation"]["review"]["pending"] is None


def test_clean_report_has_no_cover_note(tmp_path: Path) -> None:
    report = load(R2021)
    assert not [f for f in report.findings if not f.acknowledged]
    _path, document = export(report, tmp_path)
    assert FINDINGS_HEADING not in [p.text for p in document.paragraphs]


# ---------------------------------------------------------------------------------------
# The narrative: Markdown rendered, tables placed as on the web page, nothing raw


FRONT = (REPORTS / R2019).read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n---\n"


def test_markdown_rendered_not_raw(tmp_path: Path) -> None:
    body = """
# 测试区2019年政府信息公开工作年度报告

## 一、总体情况

本年度工作**重点突出**，*稳步推进*，详见[门户网站](https://example.gov.cn/open)与 `代码`。
第二行接在同一段里。

1. 第一项
2. 第二项
    - 嵌套要点

<!-- govreport 表三 -->

<script>alert("x")</script>
<div class="note"><b>原样</b> HTML 块 &amp; 转义 &lt;tag&gt;</div>

| 事项 | 数量 |
| --- | ---: |
| 培训 | 3 |

## 二、主动公开政府信息情况

## 三、收到和处理政府信息公开申请情况

## 四、政府信息公开行政复议、行政诉讼情况

## 五、存在的主要问题及改进情况

> 引用的一段话。

## 六、其他需要报告的事项

无。
"""
    report = page(FRONT + body, tmp_path)
    path, document = export(report, tmp_path)
    items = body_items(document)
    texts = [text for kind, _s, text in items if kind == "p"]
    everything = "\n".join(texts)
    for raw in ("**", "<b>", "<div", "<script", "alert", "<!--", "govreport 表三", "](", "`"):
        assert raw not in everything, raw
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "alert" not in xml and "&lt;b&gt;" not in xml and "GRDOCX" not in xml
    para = next(p for p in document.paragraphs if p.text.startswith("本年度工作"))
    assert (
        para.text
        == "本年度工作重点突出，稳步推进，详见门户网站（https://example.gov.cn/open）与 代码。第二行接在同一段里。"
    )
    assert [r.text for r in para.runs if r.bold] == ["重点突出"]
    assert [r.text for r in para.runs if r.italic] == ["稳步推进"]
    styles = {text: style for kind, style, text in items if kind == "p"}
    assert styles["1. 第一项"] == "List" and styles["2. 第二项"] == "List"
    assert styles["嵌套要点"] == "List Bullet 2"
    assert "原样 HTML 块 & 转义 <tag>" in texts
    assert "引用的一段话。" in texts
    # table 三 stands where the marker is (in section 一), before the author's own table;
    # 二 and 四 at the end of their sections
    tables_at = [i for i, (kind, _s, _t) in enumerate(items) if kind == "t"]
    assert len(tables_at) == 4
    first_table = items[tables_at[0]][2]
    assert NEW_RECEIVED in table_texts(first_table)
    assert table_texts(items[tables_at[1]][2]) == {"事项", "数量", "培训", "3"}
    heading_at = {text: i for i, (kind, style, text) in enumerate(items) if style == "Heading 1"}
    assert heading_at["一、总体情况"] < tables_at[0] < heading_at["二、主动公开政府信息情况"]
    assert heading_at["二、主动公开政府信息情况"] < tables_at[2] < heading_at["三、收到和处理政府信息公开申请情况"]
    assert (
        heading_at["四、政府信息公开行政复议、行政诉讼情况"] < tables_at[3] < heading_at["五、存在的主要问题及改进情况"]
    )
    # the author's table: header row repeated, the number right-aligned
    own = items[tables_at[1]][2]
    trs = list(own.iterchildren(qn("w:tr")))
    assert trs[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert trs[1].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None
    num = docx.table._Cell(rows_of(own)[1][1], None)
    assert num.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_empty_body_gives_the_skeleton(tmp_path: Path) -> None:
    report = page(FRONT, tmp_path)
    _path, document = export(report, tmp_path)
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", report.title)
    assert [t for s, t in paragraphs if s == "Heading 1"] == [s.heading for s in SECTIONS]
    assert len(document.tables) == 3


def test_title_added_and_heading_levels_shifted(tmp_path: Path) -> None:
    """A page without its own title: the report title is added; ``#`` sections become Heading 1."""
    body = "\n".join(f"# {s.heading}\n\n正文。\n\n## （一）小标题\n" for s in SECTIONS)
    report = page(FRONT + body, tmp_path)
    _path, document = export(report, tmp_path)
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert paragraphs[0] == ("Title", report.title)
    assert [t for s, t in paragraphs if s == "Heading 1"] == [s.heading for s in SECTIONS]
    assert ("Heading 2", "（一）小标题") in paragraphs


def test_bold_paragraph_headings_become_headings(tmp_path: Path) -> None:
    body = "# 标题2019年政府信息公开工作年度报告\n\n" + "\n".join(f"**{s.heading}**\n\n正文。\n" for s in SECTIONS)
    report = page(FRONT + body, tmp_path)
    _path, document = export(report, tmp_path)
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == [s.heading for s in SECTIONS]


def test_hostile_text_is_text(tmp_path: Path) -> None:
    """Control characters (invalid in XML) and markup in the data and body export as text."""
    text = FRONT.replace("agency: 西工区人民政府", 'agency: "西工区<b>人民</b>政府\\x01&"') + (
        "\n# 报告\x01标题\n\n## 一、总体情况\n\n文字\x1b含控制符 & <i>斜体</i> <img src=x onerror=alert(1) alt=图>\n"
    )
    report = page(text, tmp_path)
    assert "\x01" in report.agency
    path, document = export(report, tmp_path)
    texts = [p.text for p in document.paragraphs]
    assert "报告\ufffd标题" in texts
    assert "文字\ufffd含控制符 & 斜体 ［图片：图］" in texts
    assert document.core_properties.author == "西工区<b>人民</b>政府\ufffd&"
    with zipfile.ZipFile(path) as z:
        assert "onerror" not in z.read("word/document.xml").decode("utf-8")


def test_report_without_format_still_exports(tmp_path: Path) -> None:
    """No format can be chosen: no tables to draw, but the draft and its findings go out."""
    report = page("---\ngovreport:\n  agency: 某局\n---\n\n# 某局年度报告\n\n## 一、总体情况\n\n文字。\n", tmp_path)
    assert report.fmt is None and report.findings
    _path, document = export(report, tmp_path)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == FINDINGS_HEADING and "文字。" in texts
    assert len(document.tables) == 0


def test_missing_python_docx_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    report = load(R2019)
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now raises ImportError
    with pytest.raises(DocxUnavailableError) as info:
        report_docx(report)
    assert str(info.value) == DOCX_EXTRA_HINT
    assert "pip install 'mkdocs-govreport[docx]'" in DOCX_EXTRA_HINT


def test_site_markdown_extensions(tmp_path: Path) -> None:
    """The plugin passes the site's extensions (as MkDocs lists them, with its own among them):
    permalinks (``toc``) never show as text, and the govreport extension is not run twice —
    the report it holds for the page being built stays untouched."""
    from mkdocs_govreport.extension import GovReportExtension

    report = load(R2019)
    ours = GovReportExtension()
    ours.pending = other = load(R2021)
    data = report_docx(
        report,
        markdown_extensions=["toc", "admonition", ours, "govreport"],
        extension_configs={"toc": {"permalink": True}, "govreport": {"show_findings": True}},
    )
    assert ours.pending is other
    path = tmp_path / "r.docx"
    path.write_bytes(data)
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [s.heading for s in SECTIONS]
    assert len(document.tables) == 3


# ---------------------------------------------------------------------------------------
# The command line and the plugin option


def test_cli_exports_one_docx_per_report_and_never_overwrites(tmp_path: Path) -> None:
    from mkdocs_govreport.cli import EXIT_OK, EXIT_OUTPUT, main

    out = tmp_path / "word"
    assert main(["export", str(REPORTS), "--format", "docx", "-o", str(out)]) == EXIT_OK
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"{p.parent.name}-{p.stem}.docx" for p in REPORTS.rglob("*.md"))
    first = (out / names[0]).read_bytes()
    # again without --force: refused, the files untouched
    assert main(["export", str(REPORTS), "--format", "docx", "-o", str(out)]) == EXIT_OUTPUT
    assert (out / names[0]).read_bytes() == first
    assert main(["export", str(REPORTS), "--format", "docx", "-o", str(out), "--force"]) == EXIT_OK
    doc = docx.Document(str(out / "xigong-stats-2024.docx"))
    assert len(doc.tables) >= 3


def test_plugin_offers_the_word_copy_beside_each_report(tmp_path: Path) -> None:
    import shutil

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = tmp_path / "ex"
    shutil.copytree(REPORTS.parent.parent, site, ignore=shutil.ignore_patterns("site", "site-*"))
    cfg = (site / "mkdocs.yml").read_text(encoding="utf-8").replace("  - govreport\n", "  - govreport:\n      word_copy: true\n")
    assert "word_copy: true" in cfg
    (site / "mkdocs.yml").write_text(cfg, encoding="utf-8")
    build(load_config(str(site / "mkdocs.yml"), site_dir=str(tmp_path / "out")))
    copy = tmp_path / "out" / "reports" / "xigong-stats" / "2023.docx"
    assert copy.is_file() and docx.Document(str(copy)).tables
    html = (tmp_path / "out" / "reports" / "xigong-stats" / "2023" / "index.html").read_text(encoding="utf-8")
    assert 'href="../2023.docx"' in html
