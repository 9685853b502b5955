"""Golden HTML of the rendered tables (both formats), the header structure of table 三 and every
official label and cell — rendered directly and inside built sites.

The golden fixtures are ``tests/fixtures/golden/golden-{2021,2019}.md``.  The golden strings are
written one tag per line; the rendered HTML has no whitespace between tags, so it must equal the
golden string with that whitespace removed, character for character.  The label lists below are
copied literally from the official format (formats.md) — they are the law the renderer must
follow, so they are deliberately NOT derived from the registry here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_govreport import Report, parse_page, read_report_file
from mkdocs_govreport.html.tables import render_table
from mkdocs_govreport.registry import FORMATS
from tests.helpers.html import Table, read_page, read_tables, squash
from tests.helpers.paths import FIXTURES
from tests.helpers.sites import Built

GOLDEN = FIXTURES / "golden"

SECTION_HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]

TABLE_2_LABELS = {
    "2021": [
        "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项",
        "信息内容", "规章", "行政规范性文件", "本年制发件数", "本年废止件数", "现行有效件数",
        "行政许可", "本年处理决定数量", "行政处罚", "行政强制", "行政事业性收费",
        "本年收费金额（单位：万元）",
    ],
    "2019": [
        "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项",
        "第二十条第（九）项", "信息内容", "规章", "规范性文件", "本年新制作数量", "本年新公开数量",
        "对外公开总数量", "行政许可", "其他对外管理服务事项", "上一年项目数量", "本年增/减",
        "处理决定数量", "行政处罚", "行政强制", "行政事业性收费", "政府集中采购", "采购项目数量",
        "采购总金额",
    ],
}

TABLE_3_HEADER_LABELS = [
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
    "申请人情况", "自然人", "法人或其他组织", "总计",
    "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他",
]

TABLE_3_ROW_LABELS_2021 = [
    "一、本年新收政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量",
    "三、本年度办理结果",
    "（一）予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（三）不予公开",
    "1.属于国家秘密",
    "2.其他法律行政法规禁止公开",
    "3.危及“三安全一稳定”",
    "4.保护第三方合法权益",
    "5.属于三类内部事务信息",
    "6.属于四类过程性信息",
    "7.属于行政执法案卷",
    "8.属于行政查询事项",
    "（四）无法提供",
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
    "（五）不予处理",
    "1.信访举报投诉类申请",
    "2.重复申请",
    "3.要求提供公开出版物",
    "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息",
    "（六）其他处理",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
    "（七）总计",
    "四、结转下年度继续办理",
]
TABLE_3_ROW_LABELS_2019 = [
    label for label in TABLE_3_ROW_LABELS_2021
    if label not in (
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.其他",
    )
]

TABLE_4_LABELS = [
    "行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
    "未经复议直接起诉", "复议后起诉",
]

CAPTIONS = {
    "active": "主动公开政府信息情况",
    "applications": "收到和处理政府信息公开申请情况",
    "review_litigation": "政府信息公开行政复议、行政诉讼情况",
}

GOLDEN_TABLE_4 = """\
<table>
<caption>政府信息公开行政复议、行政诉讼情况</caption>
<thead>
<tr>
<th id="gr-review_litigation-h1" colspan="5" scope="colgroup">行政复议</th>
<th id="gr-review_litigation-h7" colspan="10" scope="colgroup">行政诉讼</th>
</tr>
<tr>
<th id="gr-review_litigation-h2" rowspan="2" scope="col">结果维持</th>
<th id="gr-review_litigation-h3" rowspan="2" scope="col">结果纠正</th>
<th id="gr-review_litigation-h4" rowspan="2" scope="col">其他结果</th>
<th id="gr-review_litigation-h5" rowspan="2" scope="col">尚未审结</th>
<th id="gr-review_litigation-h6" rowspan="2" scope="col">总计</th>
<th id="gr-review_litigation-h8" colspan="5" scope="colgroup">未经复议直接起诉</th>
<th id="gr-review_litigation-h14" colspan="5" scope="colgroup">复议后起诉</th>
</tr>
<tr>
<th id="gr-review_litigation-h9" scope="col">结果维持</th>
<th id="gr-review_litigation-h10" scope="col">结果纠正</th>
<th id="gr-review_litigation-h11" scope="col">其他结果</th>
<th id="gr-review_litigation-h12" scope="col">尚未审结</th>
<th id="gr-review_litigation-h13" scope="col">总计</th>
<th id="gr-review_litigation-h15" scope="col">结果维持</th>
<th id="gr-review_litigation-h16" scope="col">结果纠正</th>
<th id="gr-review_litigation-h17" scope="col">其他结果</th>
<th id="gr-review_litigation-h18" scope="col">尚未审结</th>
<th id="gr-review_litigation-h19" scope="col">总计</th>
</tr>
</thead>
<tbody>
<tr>
<td headers="gr-review_litigation-h1 gr-review_litigation-h2" class="gr-num" data-pointer="/review_litigation/review/upheld">1</td>
<td headers="gr-review_litigation-h1 gr-review_litigation-h3" class="gr-num" data-pointer="/review_litigation/review/corrected">2</td>
<td headers="gr-review_litigation-h1 gr-review_litigation-h4" class="gr-num" data-pointer="/review_litigation/review/other">0</td>
<td headers="gr-review_litigation-h1 gr-review_litigation-h5" class="gr-num" data-pointer="/review_litigation/review/pending">1</td>
<td headers="gr-review_litigation-h1 gr-review_litigation-h6" class="gr-num gr-computed" data-pointer="/review_litigation/review/total">4<span class="gr-mark" aria-hidden="true">*</span>
<span class="gr-sr">（计算值）</span>
</td>
<td headers="gr-review_litigation-h7 gr-review_litigation-h8 gr-review_litigation-h9" class="gr-num" data-pointer="/review_litigation/litigation_direct/upheld">0</td>
<td headers="gr-review_litigation-h7 gr-review_litigation-h8 gr-review_litigation-h10" class="gr-num" data-pointer="/review_litigation/litigation_direct/corrected">0</td>
<td headers="gr-review_litigation-h7 gr-review_litigation-h8 gr-review_litigation-h11" class="gr-num" data-pointer="/review_litigation/litigation_direct/other">0</td>
<td headers="gr-review_litigation-h7 gr-review_litigation-h8 gr-review_litigation-h12" class="gr-num" data-pointer="/review_litigation/litigation_direct/pending">0</td>
<td headers="gr-review_litigation-h7 gr-review_litigation-h8 gr-review_litigation-h13" class="gr-num" data-pointer="/review_litigation/litigation_direct/total">0</td>
<td headers="gr-review_litigation-h7 gr-review_litigation-h14 gr-review_litigation-h15" class="gr-num" data-pointer="/review_litigation/litigation_after_review/upheld">1</td>
<td headers="gr-review_litigation-h7 gr-review_litigation-h14 gr-review_litigation-h16" class="gr-num" data-pointer="/review_litigation/litigation_after_review/corrected">0</td>
<td headers="gr-review_litigation-h7 gr-review_litigation-h14 gr-review_litigation-h17" class="gr-num" data-pointer="/review_litigation/litigation_after_review/other">0</td>
<td headers="gr-review_litigation-h7 gr-review_litigation-h14 gr-review_litigation-h18" class="gr-num" data-pointer="/review_litigation/litigation_after_review/pending">0</td>
<td headers="gr-review_litigation-h7 gr-review_litigation-h14 gr-review_litigation-h19" class="gr-num gr-computed" data-pointer="/review_litigation/litigation_after_review/total">1<span class="gr-mark" aria-hidden="true">*</span>
<span class="gr-sr">（计算值）</span>
</td>
</tr>
</tbody>
</table>
"""

GOLDEN_2021_BLOCK_1 = """\
<tbody>
<tr class="gr-block">
<th id="gr-active-b1" colspan="4" scope="colgroup">第二十条第（一）项</th>
</tr>
<tr class="gr-head">
<th id="gr-active-b1-item" scope="col">信息内容</th>
<th id="gr-active-b1-issued" scope="col">本年制发件数</th>
<th id="gr-active-b1-repealed" scope="col">本年废止件数</th>
<th id="gr-active-b1-in_force" scope="col">现行有效件数</th>
</tr>
<tr>
<th id="gr-active-r-regulations" scope="row">规章</th>
<td headers="gr-active-b1 gr-active-r-regulations gr-active-b1-issued" class="gr-num" data-pointer="/active/regulations/issued">1</td>
<td headers="gr-active-b1 gr-active-r-regulations gr-active-b1-repealed" class="gr-num" data-pointer="/active/regulations/repealed">0</td>
<td headers="gr-active-b1 gr-active-r-regulations gr-active-b1-in_force" class="gr-num" data-pointer="/active/regulations/in_force">3</td>
</tr>
<tr>
<th id="gr-active-r-normative_docs" scope="row">行政规范性文件</th>
<td headers="gr-active-b1 gr-active-r-normative_docs gr-active-b1-issued" class="gr-num" data-pointer="/active/normative_docs/issued">2</td>
<td headers="gr-active-b1 gr-active-r-normative_docs gr-active-b1-repealed" class="gr-num" data-pointer="/active/normative_docs/repealed">1</td>
<td headers="gr-active-b1 gr-active-r-normative_docs gr-active-b1-in_force" class="gr-num" data-pointer="/active/normative_docs/in_force">5</td>
</tr>
</tbody>
"""

GOLDEN_2019_BLOCK_5 = """\
<tbody>
<tr class="gr-block">
<th id="gr-active-b2" colspan="4" scope="colgroup">第二十条第（五）项</th>
</tr>
<tr class="gr-head">
<th id="gr-active-b2-item" scope="col">信息内容</th>
<th id="gr-active-b2-prev_year_items" scope="col">上一年项目数量</th>
<th id="gr-active-b2-change" scope="col">本年增/减</th>
<th id="gr-active-b2-decisions" scope="col">处理决定数量</th>
</tr>
<tr>
<th id="gr-active-r-licensing" scope="row">行政许可</th>
<td headers="gr-active-b2 gr-active-r-licensing gr-active-b2-prev_year_items" class="gr-num" data-pointer="/active/licensing/prev_year_items">12</td>
<td headers="gr-active-b2 gr-active-r-licensing gr-active-b2-change" class="gr-num" data-pointer="/active/licensing/change">-1</td>
<td headers="gr-active-b2 gr-active-r-licensing gr-active-b2-decisions" class="gr-num" data-pointer="/active/licensing/decisions">340</td>
</tr>
<tr>
<th id="gr-active-r-other_mgmt_services" scope="row">其他对外管理服务事项</th>
<td headers="gr-active-b2 gr-active-r-other_mgmt_services gr-active-b2-prev_year_items" class="gr-num" data-pointer="/active/other_mgmt_services/prev_year_items">3</td>
<td headers="gr-active-b2 gr-active-r-other_mgmt_services gr-active-b2-change" class="gr-num" data-pointer="/active/other_mgmt_services/change">0</td>
<td headers="gr-active-b2 gr-active-r-other_mgmt_services gr-active-b2-decisions" class="gr-num" data-pointer="/active/other_mgmt_services/decisions">15</td>
</tr>
</tbody>
"""


GOLDEN_2021_BLOCK_FEES = """\
<tbody>
<tr class="gr-block">
<th id="gr-active-b4" colspan="4" scope="colgroup">第二十条第（八）项</th>
</tr>
<tr class="gr-head">
<th id="gr-active-b4-item" scope="col">信息内容</th>
<th id="gr-active-b4-amount" colspan="3" scope="col">本年收费金额（单位：万元）</th>
</tr>
<tr>
<th id="gr-active-r-admin_fees" scope="row">行政事业性收费</th>
<td headers="gr-active-b4 gr-active-r-admin_fees gr-active-b4-amount" class="gr-num" colspan="3" data-pointer="/active/admin_fees/amount">0.10</td>
</tr>
</tbody>
"""

GOLDEN_2019_BLOCK_PROCUREMENT = """\
<tbody>
<tr class="gr-block">
<th id="gr-active-b5" colspan="4" scope="colgroup">第二十条第（九）项</th>
</tr>
<tr class="gr-head">
<th id="gr-active-b5-item" scope="col">信息内容</th>
<th id="gr-active-b5-projects" scope="col">采购项目数量</th>
<th id="gr-active-b5-amount" colspan="2" scope="col">采购总金额</th>
</tr>
<tr>
<th id="gr-active-r-central_procurement" scope="row">政府集中采购</th>
<td headers="gr-active-b5 gr-active-r-central_procurement gr-active-b5-projects" class="gr-num" data-pointer="/active/central_procurement/projects">3</td>
<td headers="gr-active-b5 gr-active-r-central_procurement gr-active-b5-amount" class="gr-num" colspan="2" data-pointer="/active/central_procurement/amount">25.1</td>
</tr>
</tbody>
"""


def golden(fid: str) -> Report:
    report = read_report_file(GOLDEN / f"golden-{fid}.md")
    assert report is not None
    return report


def golden_text(fid: str) -> str:
    return (GOLDEN / f"golden-{fid}.md").read_text(encoding="utf-8")


def only_table(html: str) -> str:
    """The ``<table>`` element itself: the golden covers the official markup, not the wrapper
    (whose attributes serve the theme and keyboard scrolling)."""
    return html[html.index("<table>") : html.index("</table>") + len("</table>")]


def block(html: str, caption: str) -> str:
    """The ``<tbody>`` of table 二 whose block caption is ``caption``."""
    i = html.index(caption)
    return html[html.rindex("<tbody>", 0, i) : html.index("</tbody>", i) + len("</tbody>")]


def test_golden_fixtures_hold_valid_tables() -> None:
    """The golden pages are data only: valid tables; the 2021 format asks section 六 to state
    the information fee (W6), which a page without a body cannot."""
    assert [f.rule for f in golden("2021").findings] == ["W6"]
    assert golden("2019").findings == []
    assert (golden("2021").format_id, golden("2019").format_id) == ("2021", "2019")


def test_golden_table_4() -> None:
    html = render_table(golden("2021"), "review_litigation")
    assert only_table(html) == squash(GOLDEN_TABLE_4)
    # the wrapper names the table (and its format) for the page and the tests, and the notes
    # explain the computed totals
    assert html.startswith('<div class="gr-table gr-groups" data-govreport-table="review_litigation"')
    assert 'data-format="2021"' in html
    assert html.endswith('<div class="gr-notes" data-search-exclude><p>带 * 的数字是报告未填写、由本工具按格式计算的总计。</p></div>')


@pytest.mark.parametrize(
    ("fid", "caption", "expected"),
    [
        ("2021", "第二十条第（一）项", GOLDEN_2021_BLOCK_1),
        ("2021", "第二十条第（八）项", GOLDEN_2021_BLOCK_FEES),
        ("2019", "第二十条第（五）项", GOLDEN_2019_BLOCK_5),
        ("2019", "第二十条第（九）项", GOLDEN_2019_BLOCK_PROCUREMENT),
    ],
)
def test_golden_table_2_blocks(fid: str, caption: str, expected: str) -> None:
    assert block(render_table(golden(fid), "active"), caption) == squash(expected)


def zero_report(fid: str) -> Report:
    year = 2023 if fid == "2021" else 2020
    text = (
        f"---\ngovreport:\n  agency: 测试局\n  year: {year}\n  format: {fid}\n"
        "  active: zero\n  applications: zero\n  review_litigation: zero\n---\n"
    )
    report = parse_page(text, "t.md")
    assert report is not None
    return report


def check_ids_and_headers(table: Table) -> None:
    """Every data cell is a numeric ``td`` whose ``headers`` name header ids of its table; ids are unique."""
    ids = table.th_ids
    assert table.data_cells
    for td in table.data_cells:
        assert td.tag == "td"
        assert "gr-num" in td.classes
        refs = td.attrs.get("headers", "").split()
        assert refs and set(refs) <= ids, (td.pointer, set(refs) - ids)
    every_id = [c.attrs["id"] for c in table.cells if "id" in c.attrs]
    assert len(every_id) == len(set(every_id))


@pytest.mark.parametrize(("fid", "span", "rows"), [("2021", 22, 25), ("2019", 20, 23)])
@pytest.mark.parametrize("source", ["golden", "zero"])
def test_table_3_structure(fid: str, span: int, rows: int, source: str) -> None:
    report = golden(fid) if source == "golden" else zero_report(fid)
    (table,) = read_tables(render_table(report, "applications"))
    assert table.attrs == {}, "<table> itself must have no class (Material adds its scroll wrapper)"
    assert table.caption == CAPTIONS["applications"]

    (corner,) = table.th("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    assert (corner.rowspan, corner.colspan) == (3, 3)
    (applicant,) = table.th("申请人情况")
    assert applicant.colspan == 7
    (natural,) = table.th("自然人")
    assert natural.rowspan == 2
    (legal,) = table.th("法人或其他组织")
    assert legal.colspan == 5
    total_headers = [c for c in table.th("总计") if c.attrs.get("scope") != "row"]
    assert len(total_headers) == 1 and total_headers[0].rowspan == 2
    (results,) = table.th("三、本年度办理结果")
    assert results.rowspan == span
    assert table.th("（三）不予公开")[0].rowspan == 8
    assert table.th("（四）无法提供")[0].rowspan == 3
    assert table.th("（五）不予处理")[0].rowspan == 5
    (other,) = table.th("（六）其他处理")
    assert (other.rowspan, other.colspan) == ((3, 1) if fid == "2021" else (1, 2))

    # 25 data rows in 2021 (23 in 2019), 7 columns each, under 3 header rows
    assert table.rows == 3 + rows
    assert len(table.tds) == len(table.data_cells) == rows * 7
    assert set(table.row_widths()) == {10}
    check_ids_and_headers(table)
    for td in table.tds:
        assert (td.pointer or "").startswith("/applications/")
    # every row label, in official order (the literal list and the registry agree)
    labels = [c.text for c in table.cells if c.tag == "th" and c.attrs.get("scope") == "row"]
    assert labels == [r.label for r in FORMATS[fid].table("applications").records]
    official = TABLE_3_ROW_LABELS_2021 if fid == "2021" else TABLE_3_ROW_LABELS_2019
    assert [c.text for c in table.cells if c.tag == "th" and c.text in official] == official


@pytest.mark.parametrize("fid", ["2021", "2019"])
@pytest.mark.parametrize("source", ["golden", "zero"])
def test_every_official_label_and_every_cell_rendered(fid: str, source: str) -> None:
    report = golden(fid) if source == "golden" else zero_report(fid)
    fmt = FORMATS[fid]
    tables = {t.key: read_tables(render_table(report, t.key)) for t in fmt.tables}
    pointers: set[str] = set()
    for key, parsed in tables.items():
        (table,) = parsed
        assert table.attrs == {}
        assert table.caption == CAPTIONS[key] == fmt.table(key).title.split("、", 1)[1]
        check_ids_and_headers(table)
        assert len(set(table.row_widths())) == 1, (key, table.row_widths())
        pointers |= {c.pointer for c in table.data_cells if c.pointer}
    assert pointers == set(fmt.pointers)

    def labels(key: str) -> set[str]:
        return tables[key][0].th_texts

    assert set(TABLE_2_LABELS[fid]) <= labels("active")
    rows = TABLE_3_ROW_LABELS_2021 if fid == "2021" else TABLE_3_ROW_LABELS_2019
    assert set(TABLE_3_HEADER_LABELS + rows) <= labels("applications")
    assert set(TABLE_4_LABELS) <= labels("review_litigation")
    if fid == "2019":
        assert "行政规范性文件" not in labels("active")
        assert "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" not in labels("applications")
    else:
        assert "规范性文件" not in labels("active")


def test_numbers_exact_and_computed_marked() -> None:
    report = golden("2021")
    cells = read_page(render_table(report, "active") + render_table(report, "review_litigation")).cells
    assert cells["/active/admin_fees/amount"].text == "0.10"
    total = cells["/review_litigation/review/total"]
    assert "gr-computed" in total.classes and total.text == "4*" and total.value == "4"
    written = cells["/review_litigation/litigation_direct/total"]
    assert "gr-computed" not in written.classes and written.text == "0"


@pytest.mark.parametrize(
    ("old", "new"),
    [("    penalty: {decisions: 4}\n", ""), ("penalty: {decisions: 4}", "penalty: {}")],
    ids=["row-left-out", "cell-left-out"],
)
def test_missing_cell_is_marked(tmp_path: Path, old: str, new: str) -> None:
    page = tmp_path / "p.md"
    page.write_text(golden_text("2021").replace(old, new), encoding="utf-8")
    report = read_report_file(page)
    assert report is not None
    html = render_table(report, "active")
    page_html = read_page(html)
    missing = page_html.report_tables["active"].data_cells
    (cell,) = [td for td in missing if td.pointer == "/active/penalty/decisions"]
    assert "gr-missing" in cell.classes
    assert cell.text == "—" and cell.value == ""
    assert "未填写" in html


def test_finding_on_list_item_marks_its_cell() -> None:
    text = golden_text("2021").replace(
        "  applications: zero\n",
        "  applications:\n    new_received: [1, 0, -3, 0, 0, 0]\n    carried_over: zero\n"
        "    results: zero\n    carried_forward: zero\n",
    )
    report = parse_page(text, "docs/x.md")
    assert report is not None
    assert any(f.rule == "S" and f.pointer == "/applications/new_received/2" for f in report.findings)
    (table,) = read_tables(render_table(report, "applications"))
    flagged = [c.pointer for c in table.data_cells if "gr-flag" in c.classes]
    assert "/applications/new_received/research" in flagged


@pytest.mark.slow
@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_golden_inside_built_site(tmp_path: Path, theme: str, build_site: Callable[..., Built]) -> None:
    six = "\n## 六、其他需要报告的事项\n\n本年度未收取信息处理费。\n"
    pages = {f"r/{fid}.md": golden_text(fid) + six for fid in ("2021", "2019")}
    built = build_site(tmp_path, pages, theme=theme, strict=False)
    assert built.ok, built.log
    html = built.html("r/2021.md")
    assert squash(GOLDEN_TABLE_4) in html
    assert squash(GOLDEN_2021_BLOCK_1) in html and squash(GOLDEN_2021_BLOCK_FEES) in html
    html_2019 = built.html("r/2019.md")
    assert squash(GOLDEN_2019_BLOCK_5) in html_2019 and squash(GOLDEN_2019_BLOCK_PROCUREMENT) in html_2019
    assert "assets/govreport/govreport.css" in html
