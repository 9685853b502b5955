"""Golden HTML of the rendered tables (both formats) and the header structure of table 三.

The golden strings are written one tag per line; whitespace between tags is not significant.
The label lists below are copied literally from the official format (formats.md) — they are
the law the renderer must follow, so they are deliberately NOT derived from the registry here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from core_html import CORE_FIXTURES, govreport_tables, read_tables, squash

from mkdocs_govreport import Report, parse_page, read_report_file
from mkdocs_govreport.html.tables import render_table

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
<td headers="gr-active-b2 gr-active-r-licensing gr-active-b2-change" class="gr-num" data-pointer="/active/licensing/change">-2</td>
<td headers="gr-active-b2 gr-active-r-licensing gr-active-b2-decisions" class="gr-num" data-pointer="/active/licensing/decisions">300</td>
</tr>
<tr>
<th id="gr-active-r-other_mgmt_services" scope="row">其他对外管理服务事项</th>
<td headers="gr-active-b2 gr-active-r-other_mgmt_services gr-active-b2-prev_year_items" class="gr-num" data-pointer="/active/other_mgmt_services/prev_year_items">4</td>
<td headers="gr-active-b2 gr-active-r-other_mgmt_services gr-active-b2-change" class="gr-num" data-pointer="/active/other_mgmt_services/change">1</td>
<td headers="gr-active-b2 gr-active-r-other_mgmt_services gr-active-b2-decisions" class="gr-num" data-pointer="/active/other_mgmt_services/decisions">20</td>
</tr>
</tbody>
"""


def load(name: str) -> Report:
    report = read_report_file(CORE_FIXTURES / name)
    assert report is not None
    return report


def only_table(html: str) -> str:
    """The ``<table>`` element itself: the golden covers the official markup, not the wrapper
    (whose attributes serve the theme and keyboard scrolling)."""
    return html[html.index("<table>") : html.index("</table>") + len("</table>")]


def test_golden_table_4() -> None:
    html = render_table(load("golden-2021.md"), "review_litigation")
    assert squash(only_table(html)) == squash(GOLDEN_TABLE_4)
    # the wrapper names the table for the page and the tests
    assert 'data-govreport-table="review_litigation"' in html and 'data-format="2021"' in html


def test_golden_table_2_block_2021() -> None:
    html = render_table(load("golden-2021.md"), "active")
    first = html[html.index("<tbody>") : html.index("</tbody>") + len("</tbody>")]
    assert squash(first) == squash(GOLDEN_2021_BLOCK_1)


def test_golden_table_2_block_2019() -> None:
    html = render_table(load("golden-2019.md"), "active")
    second = "<tbody>" + html.split("<tbody>")[2]
    second = second[: second.index("</tbody>") + len("</tbody>")]
    assert squash(second) == squash(GOLDEN_2019_BLOCK_5)


def zero_report(fid: str) -> Report:
    year = 2023 if fid == "2021" else 2020
    text = (
        f"---\ngovreport:\n  agency: 测试局\n  year: {year}\n  format: {fid}\n"
        "  active: zero\n  applications: zero\n  review_litigation: zero\n---\n"
    )
    report = parse_page(text, "t.md")
    assert report is not None
    return report


@pytest.mark.parametrize(("fid", "span"), [("2021", 22), ("2019", 20)])
def test_table_3_structure(fid: str, span: int) -> None:
    html = render_table(zero_report(fid), "applications")
    (table,) = read_tables(html)
    assert "class" not in table.attrs, "<table> itself must have no class (Material adds its wrapper)"
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
    assert total_headers and total_headers[0].rowspan == 2
    (results,) = table.th("三、本年度办理结果")
    assert results.rowspan == span

    # 25 data rows in 2021 (23 in 2019), 7 columns each
    rows = 25 if fid == "2021" else 23
    assert len(table.tds) == rows * 7
    ids = table.th_ids
    for td in table.tds:
        headers = td.attrs.get("headers", "").split()
        assert headers, td.attrs
        assert set(headers) <= ids, f"unknown header ids {set(headers) - ids}"
        assert td.attrs.get("data-pointer", "").startswith("/applications/")
        assert "gr-num" in td.attrs.get("class", "")


@pytest.mark.parametrize("fid", ["2021", "2019"])
def test_every_canonical_label_rendered(fid: str) -> None:
    report = zero_report(fid)
    tables = {key: read_tables(render_table(report, key))[0] for key in CAPTIONS}
    for key, table in tables.items():
        assert "class" not in table.attrs
        assert table.caption == CAPTIONS[key]
        ids = table.th_ids
        for td in table.tds:
            assert set(td.attrs["headers"].split()) <= ids

    def labels(key: str) -> set[str]:
        return {c.text for c in tables[key].cells if c.tag == "th"}

    assert set(TABLE_2_LABELS[fid]) <= labels("active")
    rows = TABLE_3_ROW_LABELS_2021 if fid == "2021" else TABLE_3_ROW_LABELS_2019
    assert set(TABLE_3_HEADER_LABELS + rows) <= labels("applications")
    assert set(TABLE_4_LABELS) <= labels("review_litigation")
    if fid == "2019":
        assert "行政规范性文件" not in labels("active")
        assert "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" not in labels("applications")
    else:
        assert "规范性文件" not in labels("active")

    # row labels in official order
    row_heads = [c.text for c in tables["applications"].cells if c.tag == "th" and c.text in rows]
    assert row_heads == rows


def test_missing_and_computed_cells_are_marked(tmp_path: Path) -> None:
    text = (CORE_FIXTURES / "golden-2021.md").read_text(encoding="utf-8").replace("    penalty: {decisions: 4}\n", "")
    page = tmp_path / "p.md"
    page.write_text(text, encoding="utf-8")
    report = read_report_file(page)
    assert report is not None
    html = render_table(report, "active")
    tables = govreport_tables(html)
    (missing,) = [td for td in tables["active"].tds if td.attrs["data-pointer"] == "/active/penalty/decisions"]
    assert "gr-missing" in missing.attrs["class"]
    assert missing.text == "—"
    assert "未填写" in html
