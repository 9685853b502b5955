"""Golden HTML of the tables for both formats: exact markup for table 四 and table-二 blocks,
structural checks (merged headers, id/headers, caption, no class on <table>) for table 三, rendered
directly and inside built sites."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, build_site, data_cells, tables_of

from mkdocs_govreport import read_report_file
from mkdocs_govreport.html.tables import render_table
from mkdocs_govreport.registry import FORMATS

GOLDEN = FIXTURES / "golden"

TABLE_FOUR_2021 = (
    '<table>'
    '<caption>政府信息公开行政复议、行政诉讼情况</caption>'
    '<thead>'
    '<tr>'
    '<th id="gr-review_litigation-h1" colspan="5" scope="colgroup">行政复议</th>'
    '<th id="gr-review_litigation-h7" colspan="10" scope="colgroup">行政诉讼</th>'
    '</tr>'
    '<tr>'
    '<th id="gr-review_litigation-h2" rowspan="2" scope="col">结果维持</th>'
    '<th id="gr-review_litigation-h3" rowspan="2" scope="col">结果纠正</th>'
    '<th id="gr-review_litigation-h4" rowspan="2" scope="col">其他结果</th>'
    '<th id="gr-review_litigation-h5" rowspan="2" scope="col">尚未审结</th>'
    '<th id="gr-review_litigation-h6" rowspan="2" scope="col">总计</th>'
    '<th id="gr-review_litigation-h8" colspan="5" scope="colgroup">未经复议直接起诉</th>'
    '<th id="gr-review_litigation-h14" colspan="5" scope="colgroup">复议后起诉</th>'
    '</tr>'
    '<tr>'
    '<th id="gr-review_litigation-h9" scope="col">结果维持</th>'
    '<th id="gr-review_litigation-h10" scope="col">结果纠正</th>'
    '<th id="gr-review_litigation-h11" scope="col">其他结果</th>'
    '<th id="gr-review_litigation-h12" scope="col">尚未审结</th>'
    '<th id="gr-review_litigation-h13" scope="col">总计</th>'
    '<th id="gr-review_litigation-h15" scope="col">结果维持</th>'
    '<th id="gr-review_litigation-h16" scope="col">结果纠正</th>'
    '<th id="gr-review_litigation-h17" scope="col">其他结果</th>'
    '<th id="gr-review_litigation-h18" scope="col">尚未审结</th>'
    '<th id="gr-review_litigation-h19" scope="col">总计</th>'
    '</tr>'
    '</thead>'
    '<tbody>'
    '<tr>'
    '<td headers="gr-review_litigation-h1 gr-review_litigation-h2" class="gr-num" data-pointer="/review_litigation/review/upheld">1</td>'
    '<td headers="gr-review_litigation-h1 gr-review_litigation-h3" class="gr-num" data-pointer="/review_litigation/review/corrected">2</td>'
    '<td headers="gr-review_litigation-h1 gr-review_litigation-h4" class="gr-num" data-pointer="/review_litigation/review/other">0</td>'
    '<td headers="gr-review_litigation-h1 gr-review_litigation-h5" class="gr-num" data-pointer="/review_litigation/review/pending">1</td>'
    '<td headers="gr-review_litigation-h1 gr-review_litigation-h6" class="gr-num gr-computed" data-pointer="/review_litigation/review/total">4<span class="gr-mark" aria-hidden="true">*</span>'
    '<span class="gr-sr">（计算值）</span>'
    '</td>'
    '<td headers="gr-review_litigation-h7 gr-review_litigation-h8 gr-review_litigation-h9" class="gr-num" data-pointer="/review_litigation/litigation_direct/upheld">0</td>'
    '<td headers="gr-review_litigation-h7 gr-review_litigation-h8 gr-review_litigation-h10" class="gr-num" data-pointer="/review_litigation/litigation_direct/corrected">0</td>'
    '<td headers="gr-review_litigation-h7 gr-review_litigation-h8 gr-review_litigation-h11" class="gr-num" data-pointer="/review_litigation/litigation_direct/other">0</td>'
    '<td headers="gr-review_litigation-h7 gr-review_litigation-h8 gr-review_litigation-h12" class="gr-num" data-pointer="/review_litigation/litigation_direct/pending">0</td>'
    '<td headers="gr-review_litigation-h7 gr-review_litigation-h8 gr-review_litigation-h13" class="gr-num" data-pointer="/review_litigation/litigation_direct/total">0</td>'
    '<td headers="gr-review_litigation-h7 gr-review_litigation-h14 gr-review_litigation-h15" class="gr-num" data-pointer="/review_litigation/litigation_after_review/upheld">1</td>'
    '<td headers="gr-review_litigation-h7 gr-review_litigation-h14 gr-review_litigation-h16" class="gr-num" data-pointer="/review_litigation/litigation_after_review/corrected">0</td>'
    '<td headers="gr-review_litigation-h7 gr-review_litigation-h14 gr-review_litigation-h17" class="gr-num" data-pointer="/review_litigation/litigation_after_review/other">0</td>'
    '<td headers="gr-review_litigation-h7 gr-review_litigation-h14 gr-review_litigation-h18" class="gr-num" data-pointer="/review_litigation/litigation_after_review/pending">0</td>'
    '<td headers="gr-review_litigation-h7 gr-review_litigation-h14 gr-review_litigation-h19" class="gr-num gr-computed" data-pointer="/review_litigation/litigation_after_review/total">1<span class="gr-mark" aria-hidden="true">*</span>'
    '<span class="gr-sr">（计算值）</span>'
    '</td>'
    '</tr>'
    '</tbody>'
    '</table>'
)

BLOCK_FEES_2021 = (
    '<tbody>'
    '<tr class="gr-block">'
    '<th id="gr-active-b4" colspan="4" scope="colgroup">第二十条第（八）项</th>'
    '</tr>'
    '<tr class="gr-head">'
    '<th id="gr-active-b4-item" scope="col">信息内容</th>'
    '<th id="gr-active-b4-amount" colspan="3" scope="col">本年收费金额（单位：万元）</th>'
    '</tr>'
    '<tr>'
    '<th id="gr-active-r-admin_fees" scope="row">行政事业性收费</th>'
    '<td headers="gr-active-b4 gr-active-r-admin_fees gr-active-b4-amount" class="gr-num" colspan="3" data-pointer="/active/admin_fees/amount">0.10</td>'
    '</tr>'
    '</tbody>'
)

BLOCK_PROCUREMENT_2019 = (
    '<tbody>'
    '<tr class="gr-block">'
    '<th id="gr-active-b5" colspan="4" scope="colgroup">第二十条第（九）项</th>'
    '</tr>'
    '<tr class="gr-head">'
    '<th id="gr-active-b5-item" scope="col">信息内容</th>'
    '<th id="gr-active-b5-projects" scope="col">采购项目数量</th>'
    '<th id="gr-active-b5-amount" colspan="2" scope="col">采购总金额</th>'
    '</tr>'
    '<tr>'
    '<th id="gr-active-r-central_procurement" scope="row">政府集中采购</th>'
    '<td headers="gr-active-b5 gr-active-r-central_procurement gr-active-b5-projects" class="gr-num" data-pointer="/active/central_procurement/projects">3</td>'
    '<td headers="gr-active-b5 gr-active-r-central_procurement gr-active-b5-amount" class="gr-num" colspan="2" data-pointer="/active/central_procurement/amount">25.1</td>'
    '</tr>'
    '</tbody>'
)


def _report(fid: str):
    r = read_report_file(GOLDEN / f"golden-{fid}.md")
    assert r is not None
    return r


def _block(html: str, caption: str) -> str:
    i = html.index(caption)
    return html[html.rindex("<tbody>", 0, i) : html.index("</tbody>", i) + len("</tbody>")]


def _table_element(html: str) -> str:
    """The <table> element alone: the wrapper <div> belongs to the theme integration."""
    return html[html.index("<table>") : html.index("</table>") + len("</table>")]


def test_golden_table_four_2021() -> None:
    html = render_table(_report("2021"), "review_litigation")
    assert _table_element(html) == TABLE_FOUR_2021
    assert html.startswith('<div class="gr-table gr-groups" data-govreport-table="review_litigation"')
    assert html.endswith('<div class="gr-notes"><p>带 * 的数字是报告未填写、由本工具按格式计算的总计。</p></div>')


def test_golden_table_two_blocks() -> None:
    assert _block(render_table(_report("2021"), "active"), "第二十条第（八）项") == BLOCK_FEES_2021
    assert _block(render_table(_report("2019"), "active"), "第二十条第（九）项") == BLOCK_PROCUREMENT_2019


def _grid_widths(table: dict) -> list[int]:
    """Width of every row once rowspans from rows above are counted (a valid table has equal widths)."""
    carry: dict[int, int] = {}  # row -> extra width carried into it by rowspans
    widths: dict[int, int] = {}
    for c in table["cells"]:
        row = c["row"]
        cs, rs = int(c["attrs"].get("colspan", 1)), int(c["attrs"].get("rowspan", 1))
        widths[row] = widths.get(row, 0) + cs
        for k in range(1, rs):
            carry[row + k] = carry.get(row + k, 0) + cs
    return [widths.get(r, 0) + carry.get(r, 0) for r in range(1, table["rows"] + 1)]


def _check_ids_and_headers(table: dict) -> None:
    ids = {c["attrs"]["id"] for c in table["cells"] if "id" in c["attrs"]}
    cells = list(data_cells(table))
    assert cells
    for c in cells:
        assert c["tag"] == "td"
        assert "gr-num" in c["attrs"]["class"].split()
        refs = c["attrs"]["headers"].split()
        assert refs and set(refs) <= ids, (c["attrs"]["data-pointer"], set(refs) - ids)
    # every header id unique
    all_ids = [c["attrs"]["id"] for c in table["cells"] if "id" in c["attrs"]]
    assert len(all_ids) == len(set(all_ids))


@pytest.mark.parametrize(("fid", "span", "rows"), [("2021", 22, 25), ("2019", 20, 23)])
def test_table_three_structure(fid: str, span: int, rows: int) -> None:
    html = render_table(_report(fid), "applications")
    (t,) = tables_of(html)
    assert t["attrs"] == {}  # no class on <table>: Material adds its scroll wrapper
    assert t["caption"] == "收到和处理政府信息公开申请情况"
    th = {c["text"]: c["attrs"] for c in t["cells"] if c["tag"] == "th"}
    corner = th["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"]
    assert (corner.get("rowspan"), corner.get("colspan")) == ("3", "3")
    assert th["申请人情况"].get("colspan") == "7"
    assert th["自然人"].get("rowspan") == "2"
    assert th["法人或其他组织"].get("colspan") == "5"
    assert th["总计"].get("rowspan") == "2"
    assert th["三、本年度办理结果"].get("rowspan") == str(span)
    assert th["（三）不予公开"].get("rowspan") == "8"
    assert th["（四）无法提供"].get("rowspan") == "3"
    assert th["（五）不予处理"].get("rowspan") == "5"
    if fid == "2021":
        assert th["（六）其他处理"].get("rowspan") == "3"
    else:
        assert th["（六）其他处理"].get("colspan") == "2"
    assert t["rows"] == 3 + rows
    assert len(list(data_cells(t))) == rows * 7
    assert set(_grid_widths(t)) == {10}
    _check_ids_and_headers(t)
    # every row label of the registry, in order
    labels = [c["text"] for c in t["cells"] if c["tag"] == "th" and c["attrs"].get("scope") == "row"]
    assert labels == [r.label for r in FORMATS[fid].table("applications").records]


@pytest.mark.parametrize("fid", ["2021", "2019"])
def test_every_table_every_cell(fid: str) -> None:
    r = _report(fid)
    fmt = FORMATS[fid]
    pointers: set[str] = set()
    for table in fmt.tables:
        (t,) = tables_of(render_table(r, table.key))
        assert t["attrs"] == {} and t["caption"] == table.title.split("、", 1)[1]
        _check_ids_and_headers(t)
        widths = set(_grid_widths(t))
        assert len(widths) == 1, (table.key, _grid_widths(t))
        pointers |= {c["attrs"]["data-pointer"] for c in data_cells(t)}
    assert pointers == set(fmt.pointers)


def test_numbers_exact_and_computed_marked() -> None:
    r = _report("2021")
    html = render_table(r, "active") + render_table(r, "review_litigation")
    (t2, t4) = tables_of(html)
    v = {c["attrs"]["data-pointer"]: c for c in [*data_cells(t2), *data_cells(t4)]}
    assert v["/active/admin_fees/amount"]["text"] == "0.10"
    total = v["/review_litigation/review/total"]
    assert "gr-computed" in total["attrs"]["class"] and total["text"] == "4*"
    written = v["/review_litigation/litigation_direct/total"]
    assert "gr-computed" not in written["attrs"]["class"] and written["text"] == "0"


def test_missing_cell_renders_dash() -> None:
    text = (GOLDEN / "golden-2021.md").read_text(encoding="utf-8").replace("penalty: {decisions: 4}", "penalty: {}")
    from mkdocs_govreport import parse_page

    r = parse_page(text, "docs/x.md")
    html = render_table(r, "active")
    (t,) = tables_of(html)
    cell = next(c for c in data_cells(t) if c["attrs"]["data-pointer"] == "/active/penalty/decisions")
    assert cell["text"] == "—"
    assert "gr-missing" in cell["attrs"]["class"]
    assert "未填写" in html


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_golden_inside_built_site(tmp_path: Path, theme: str) -> None:
    pages = {f"r/{fid}.md": (GOLDEN / f"golden-{fid}.md").read_text(encoding="utf-8") + "\n## 六、其他需要报告的事项\n\n本年度未收取信息处理费。\n" for fid in ("2021", "2019")}
    built = build_site(tmp_path, pages, theme=theme, strict=False)
    assert built.ok, built.log
    html = built.html("r/2021.md")
    assert TABLE_FOUR_2021 in html
    assert BLOCK_FEES_2021 in html
    assert BLOCK_PROCUREMENT_2019 in built.html("r/2019.md")
    assert "assets/govreport/govreport.css" in html


def test_finding_on_list_item_marks_its_cell() -> None:
    from mkdocs_govreport import parse_page

    text = (GOLDEN / "golden-2021.md").read_text(encoding="utf-8").replace(
        "  applications: zero\n",
        "  applications:\n    new_received: [1, 0, -3, 0, 0, 0]\n    carried_over: zero\n"
        "    results: zero\n    carried_forward: zero\n",
    )
    r = parse_page(text, "docs/x.md")
    assert any(f.rule == "S" and f.pointer == "/applications/new_received/2" for f in r.findings)
    (t,) = tables_of(render_table(r, "applications"))
    flagged = [c["attrs"]["data-pointer"] for c in data_cells(t) if "gr-flag" in c["attrs"]["class"].split()]
    assert "/applications/new_received/research" in flagged
