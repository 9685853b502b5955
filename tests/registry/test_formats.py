"""The field registry against the official formats (labels copied here from formats.md as
literal expected data, character for character, so the test does not depend on files outside
the repository)."""

from __future__ import annotations

import pytest

from mkdocs_govreport.registry import FORMATS, SECTIONS, HeaderNode, cell_pointer, normalize_label

SECTION_HEADINGS = [
    ("overview", "一、总体情况"),
    ("active", "二、主动公开政府信息情况"),
    ("applications", "三、收到和处理政府信息公开申请情况"),
    ("review_litigation", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other_matters", "六、其他需要报告的事项"),
]

ACTIVE_2021 = [
    # (block caption, row key, row label, [(field key, label)])
    ("第二十条第（一）项", "regulations", "规章", [("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")]),
    ("第二十条第（一）项", "normative_docs", "行政规范性文件", [("issued", "本年制发件数"), ("repealed", "本年废止件数"), ("in_force", "现行有效件数")]),
    ("第二十条第（五）项", "licensing", "行政许可", [("decisions", "本年处理决定数量")]),
    ("第二十条第（六）项", "penalty", "行政处罚", [("decisions", "本年处理决定数量")]),
    ("第二十条第（六）项", "coercion", "行政强制", [("decisions", "本年处理决定数量")]),
    ("第二十条第（八）项", "admin_fees", "行政事业性收费", [("amount", "本年收费金额（单位：万元）")]),
]

_ITEMS = [("prev_year_items", "上一年项目数量"), ("change", "本年增/减"), ("decisions", "处理决定数量")]
_MADE = [("new_made", "本年新制作数量"), ("new_published", "本年新公开数量"), ("total_published", "对外公开总数量")]
ACTIVE_2019 = [
    ("第二十条第（一）项", "regulations", "规章", _MADE),
    ("第二十条第（一）项", "normative_docs", "规范性文件", _MADE),
    ("第二十条第（五）项", "licensing", "行政许可", _ITEMS),
    ("第二十条第（五）项", "other_mgmt_services", "其他对外管理服务事项", _ITEMS),
    ("第二十条第（六）项", "penalty", "行政处罚", _ITEMS),
    ("第二十条第（六）项", "coercion", "行政强制", _ITEMS),
    ("第二十条第（八）项", "admin_fees", "行政事业性收费", _ITEMS[:2]),
    ("第二十条第（九）项", "central_procurement", "政府集中采购", [("projects", "采购项目数量"), ("amount", "采购总金额")]),
]

R = "三、本年度办理结果"
D, U, N, OT = "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"
APPLICATION_ROWS_2021 = [
    ("new_received", (), "一、本年新收政府信息公开申请数量"),
    ("carried_over", (), "二、上年结转政府信息公开申请数量"),
    ("results.granted", (R,), "（一）予以公开"),
    ("results.partial", (R,), "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("results.denied.state_secret", (R, D), "1.属于国家秘密"),
    ("results.denied.law_prohibited", (R, D), "2.其他法律行政法规禁止公开"),
    ("results.denied.three_security_one_stability", (R, D), "3.危及\u201c三安全一稳定\u201d"),
    ("results.denied.third_party_rights", (R, D), "4.保护第三方合法权益"),
    ("results.denied.internal_affairs", (R, D), "5.属于三类内部事务信息"),
    ("results.denied.process_info", (R, D), "6.属于四类过程性信息"),
    ("results.denied.enforcement_file", (R, D), "7.属于行政执法案卷"),
    ("results.denied.admin_query", (R, D), "8.属于行政查询事项"),
    ("results.unavailable.not_held", (R, U), "1.本机关不掌握相关政府信息"),
    ("results.unavailable.needs_creation", (R, U), "2.没有现成信息需要另行制作"),
    ("results.unavailable.unclear_after_correction", (R, U), "3.补正后申请内容仍不明确"),
    ("results.not_processed.petition_complaint", (R, N), "1.信访举报投诉类申请"),
    ("results.not_processed.duplicate", (R, N), "2.重复申请"),
    ("results.not_processed.publication", (R, N), "3.要求提供公开出版物"),
    ("results.not_processed.excessive_repeat", (R, N), "4.无正当理由大量反复申请"),
    ("results.not_processed.confirm_or_reissue", (R, N), "5.要求行政机关确认或重新出具已获取信息"),
    ("results.other.no_correction", (R, OT), "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("results.other.fee_unpaid", (R, OT), "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("results.other.other", (R, OT), "3.其他"),
    ("results.total", (R,), "（七）总计"),
    ("carried_forward", (), "四、结转下年度继续办理"),
]
APPLICATION_ROWS_2019 = [r for r in APPLICATION_ROWS_2021 if not r[0].startswith("results.other.")]
APPLICATION_ROWS_2019.insert(-2, ("results.other", (R,), "（六）其他处理"))

COLUMNS = [
    ("natural_person", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("public_interest", "社会公益组织"),
    ("legal_services", "法律服务机构"),
    ("other_org", "其他"),
    ("total", "总计"),
]
CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
NOTE_2019 = (
    "编写说明：可先适当综述。要注意数据间的逻辑关系：第一项加第二项之和，等于第三项加第四项之和。"
    "\u201c其他处理\u201d项目：主要考虑极少数特殊情况。"
)
OUTCOMES = [("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"), ("pending", "尚未审结"), ("total", "总计")]
GROUPS = [("review", "行政复议"), ("litigation_direct", "未经复议直接起诉"), ("litigation_after_review", "复议后起诉")]


def _tree(nodes: tuple[HeaderNode, ...]) -> list[tuple[str, object]]:
    return [(n.label, _tree(n.children)) if n.children else (n.label, None) for n in nodes]


def test_sections_exact() -> None:
    assert [(s.key, s.heading) for s in SECTIONS] == SECTION_HEADINGS
    for fmt in FORMATS.values():
        assert [(s.key, s.heading) for s in fmt.sections] == SECTION_HEADINGS


@pytest.mark.parametrize(("fid", "expected"), [("2021", ACTIVE_2021), ("2019", ACTIVE_2019)])
def test_table_two_labels(fid: str, expected: list) -> None:
    t = FORMATS[fid].table("active")
    assert t.layout == "blocks"
    got = [(r.block, r.key, r.label, [(f.key, f.label) for f in r.fields]) for r in t.records]
    assert got == expected


def test_table_two_value_kinds() -> None:
    f21, f19 = FORMATS["2021"].table("active"), FORMATS["2019"].table("active")
    assert f21.record("admin_fees").field("amount").kind == "amount"
    assert f19.record("central_procurement").field("amount").kind == "amount"
    assert f19.record("licensing").field("change").kind == "signed"
    assert f19.record("admin_fees").field("change").kind == "signed"
    assert f21.record("regulations").field("issued").kind == "count"


@pytest.mark.parametrize(
    ("fid", "rows", "spanned"), [("2021", APPLICATION_ROWS_2021, 22), ("2019", APPLICATION_ROWS_2019, 20)]
)
def test_table_three_rows(fid: str, rows: list, spanned: int) -> None:
    t = FORMATS[fid].table("applications")
    assert t.layout == "matrix"
    got = [(r.key, r.groups, r.label) for r in t.records]
    assert got == rows
    assert len(got) == (25 if fid == "2021" else 23)
    assert sum(1 for r in t.records if r.groups[:1] == (R,)) == spanned
    for r in t.records:
        assert [(f.key, f.label) for f in r.fields] == COLUMNS
        assert [f.is_total for f in r.fields] == [False] * 6 + [True]
    assert t.corner == CORNER
    assert t.note == (NOTE_2019 if fid == "2019" else "")


@pytest.mark.parametrize("fid", ["2021", "2019"])
def test_table_three_header_tree(fid: str) -> None:
    t = FORMATS[fid].table("applications")
    assert _tree(t.column_tree) == [
        (
            "申请人情况",
            [
                ("自然人", None),
                ("法人或其他组织", [("商业企业", None), ("科研机构", None), ("社会公益组织", None), ("法律服务机构", None), ("其他", None)]),
                ("总计", None),
            ],
        )
    ]
    (top,) = t.column_tree
    assert top.width == 7 and top.depth == 3
    assert [c.width for c in top.children] == [1, 5, 1]
    # rowspan of a leaf = depth of the tree below its parent minus its own depth
    assert [top.depth - 1 - c.depth + 1 for c in top.children] == [2, 1, 2]


@pytest.mark.parametrize("fid", ["2021", "2019"])
def test_table_four(fid: str) -> None:
    t = FORMATS[fid].table("review_litigation")
    assert t.layout == "groups"
    assert [(r.key, r.label) for r in t.records] == GROUPS
    for r in t.records:
        assert [(f.key, f.label) for f in r.fields] == OUTCOMES
    outcome_leaves = [(label, None) for _k, label in OUTCOMES]
    assert _tree(t.column_tree) == [
        ("行政复议", outcome_leaves),
        ("行政诉讼", [("未经复议直接起诉", outcome_leaves), ("复议后起诉", outcome_leaves)]),
    ]
    assert [n.width for n in t.column_tree] == [5, 10]


def test_cell_counts_and_pointers() -> None:
    f21, f19 = FORMATS["2021"], FORMATS["2019"]
    # 2021: 2×3 + 4 (table 二) + 25×7 (table 三) + 3×5 (table 四)
    assert len(f21.pointers) == 10 + 175 + 15
    # 2019: 2×3 + 4×3 + 2 + 2 (table 二) + 23×7 + 15
    assert len(f19.pointers) == 22 + 161 + 15
    assert "/applications/results/denied/state_secret/natural_person" in f21.pointers
    assert "/applications/results/other/fee_unpaid/total" in f21.pointers
    assert "/applications/results/other/total" in f19.pointers
    assert "/applications/results/other/fee_unpaid/total" not in f19.pointers
    assert cell_pointer("applications", ("results", "granted"), "research") == "/applications/results/granted/research"
    assert cell_pointer("review_litigation", ("review",)) == "/review_litigation/review"


def test_quotes_and_punctuation_are_canonical() -> None:
    labels = [r.label for f in FORMATS.values() for t in f.tables for r in t.records]
    assert "3.危及\u201c三安全一稳定\u201d" in labels
    assert not any('"' in x or "(" in x or ":" in x for x in labels)
    assert all("．" not in x for x in labels)


def test_known_slips_normalise() -> None:
    slips = dict(FORMATS["2021"].label_slips)
    assert slips.get(normalize_label("本年度止件数")) == "本年废止件数" or slips.get("本年度止件数") == "本年废止件数"
    assert normalize_label(" （一）予以公开 ") == normalize_label("(一)予以公开")
