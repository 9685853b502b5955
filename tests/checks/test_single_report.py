"""Single-report validation: schema (S), 勾稽关系 R1–R4 and warnings W4, W6, W7, W8.

Each test starts from a clean, realistic report of ``tests/fixtures/core`` — ``clean-2021.md``
(a district government, most cells non-zero, list and mapping rows, some totals written and some
left out), ``clean-2019.md`` (the same in the 2019 format) and ``clean-2023-department.md`` (a
small department report) — breaks exactly one cell or line, and checks the finding: rule id,
JSON Pointer, the line of the offending cell in the page, and a Chinese message that shows both
sides of the equation with their numbers.  Also: totals computed, checked and never overwritten;
missing cells; ``zero``; list and mapping rows; exact money; never a traceback.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from mkdocs_govreport import Finding, Report, parse_page
from tests.helpers.pages import edit, line_of
from tests.helpers.paths import FIXTURES

CLEAN = {
    name: (FIXTURES / "core" / f"{name}.md").read_text(encoding="utf-8")
    for name in ("clean-2021", "clean-2019", "clean-2023-department")
}
GOV, GOV_2019, DEPT = CLEAN["clean-2021"], CLEAN["clean-2019"], CLEAN["clean-2023-department"]
FILE = "docs/reports/t/2021.md"


def parse(text: str, file: str = FILE) -> Report:
    report = parse_page(text, file)
    assert report is not None
    return report


def rules(report: Report) -> list[str]:
    return sorted(f.rule for f in report.findings)


def only(report: Report, rule: str) -> list[Finding]:
    return [f for f in report.findings if f.rule == rule]


def one(report: Report, rule: str) -> Finding:
    found = only(report, rule)
    assert len(found) == 1, [(f.rule, f.pointer, f.message) for f in report.findings]
    return found[0]


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def apply(text: str, edits: tuple[tuple[str, str], ...]) -> str:
    for old, new in edits:
        text = edit(text, old, new)
    return text


# --- clean reports ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "format_id", "year"),
    [("clean-2021", "2021", 2021), ("clean-2019", "2019", 2020), ("clean-2023-department", "2021", 2023)],
)
def test_clean_report_raises_nothing(name: str, format_id: str, year: int) -> None:
    report = parse(CLEAN[name])
    assert report.findings == []
    assert report.fmt is not None
    assert (report.format_id, report.year) == (format_id, year)


# --- R1 – R4 ---------------------------------------------------------------------------

R1_CASES = [
    pytest.param(
        GOV, "new_received: [259, 93, 39, 43, 43, 36]", "new_received: [259, 93, 39, 43, 43, 37]",
        {"/applications/carried_forward/other_org", "/applications/carried_forward/total"},
        "/applications/carried_forward/other_org", "carried_forward:", ("37", "36", "其他"),
        "/applications/new_received/other_org",
        id="new-received-column",
    ),
    # the natural-person column breaks (12 ≠ 13) and so does the 总计 column (18 ≠ 19),
    # anchored at the written 办理结果总计 cell of the column, naming all four cells (the 总计
    # column: both right-hand totals are computed, so the written 上年结转 总计 is the anchor)
    pytest.param(
        DEPT, "carried_forward: [2, 0, 0, 0, 0, 0]", "carried_forward: [3, 0, 0, 0, 0, 0]",
        {"/applications/results/total/natural_person", "/applications/carried_over/total"},
        "/applications/results/total/natural_person", "total: [10, 5", ("12", "13", "自然人"),
        "/applications/carried_forward/natural_person",
        id="carried-forward-column",
    ),
]


@pytest.mark.parametrize(("text", "old", "new", "pointers", "pointer", "line", "needles", "related"), R1_CASES)
def test_r1_balance_per_column(
    text: str, old: str, new: str, pointers: set[str], pointer: str, line: str, needles: tuple[str, ...], related: str
) -> None:
    text = edit(text, old, new)
    report = parse(text)
    by_ptr = {f.pointer: f for f in only(report, "R1")}
    assert set(by_ptr) == pointers
    f = by_ptr[pointer]
    assert f.severity == "error"
    assert related in f.pointers
    assert all(n in f.message for n in needles), f.message
    assert f.line == line_of(text, line)
    assert "R2" not in rules(report) and "R3" not in rules(report)


R2_CASES = [
    pytest.param(
        GOV, "partial: [58, 21, 3, 5, 8, 8, 103]", "partial: [58, 21, 3, 5, 8, 8, 104]",
        "/applications/results/partial/total", 104, "partial: [58, 21", ("104", "103", "部分公开", "总计"),
        id="list-row",
    ),
    pytest.param(
        DEPT, "carried_over: [2, 0, 0, 0, 0, 0, 2]", "carried_over: [2, 0, 0, 0, 0, 0, 3]",
        "/applications/carried_over/total", 3, "carried_over:", ("3", "2", "上年结转", "总计"),
        id="list-row-that-also-breaks-r1",
    ),
    pytest.param(
        DEPT, "legal_services: 1, other_org: 0, total: 10}", "legal_services: 1, other_org: 0, total: 11}",
        "/applications/results/granted/total", 11, "granted:", ("11", "10", "予以公开"),
        id="mapping-row",
    ),
]


@pytest.mark.parametrize(("text", "old", "new", "pointer", "written", "line", "needles"), R2_CASES)
def test_r2_row_total(text: str, old: str, new: str, pointer: str, written: int, line: str, needles: tuple[str, ...]) -> None:
    text = edit(text, old, new)
    report = parse(text)
    f = one(report, "R2")
    assert f.severity == "error"
    assert f.pointer == pointer
    assert f.line == line_of(text, line)
    assert has_chinese(f.message) and all(n in f.message for n in needles), f.message
    assert f.file == FILE
    # the wrong total is kept, never replaced by the sum
    assert report.cells[pointer].value == written


def test_r2_total_that_also_breaks_r1_is_one_finding_naming_r1() -> None:
    """The wrong 上年结转 总计 also breaks R1 in the 总计 column: one finding at the likely wrong
    cell, saying so, instead of a second finding about the same number."""
    report = parse(edit(DEPT, "carried_over: [2, 0, 0, 0, 0, 0, 2]", "carried_over: [2, 0, 0, 0, 0, 0, 3]"))
    f = one(report, "R2")
    assert "R1" in f.message and "很可能是这个数字有误" in f.message
    assert rules(report) == ["R2"]


R3_CASES = [
    pytest.param(
        GOV, (("      other:\n", "      total: [255, 95, 40, 43, 43, 36]\n      other:\n"), ("fee_unpaid: [15, 6,", "fee_unpaid: [16, 6,")),
        "/applications/results/total/natural_person", None, "total: [255, 95", ("255", "256", "自然人"),
        "/applications/results/other/fee_unpaid/natural_person",
        id="written-total-row",
    ),
    pytest.param(
        DEPT, (("total: [10, 5, 0, 0, 1, 0]", "total: [10, 6, 0, 0, 1, 0]"),),
        "/applications/results/total/commercial", ["/applications/results/total/commercial"], "total: [10, 6",
        ("6", "5", "商业企业"), "/applications/results/granted/commercial",
        id="one-column",
    ),
]


@pytest.mark.parametrize(("text", "edits", "pointer", "all_pointers", "line", "needles", "related"), R3_CASES)
def test_r3_results_total(
    text: str, edits: tuple[tuple[str, str], ...], pointer: str, all_pointers: list[str] | None, line: str,
    needles: tuple[str, ...], related: str,
) -> None:
    text = apply(text, edits)
    report = parse(text)
    r3 = only(report, "R3")
    if all_pointers is not None:
        assert [f.pointer for f in r3] == all_pointers
    (f,) = [x for x in r3 if x.pointer == pointer]
    assert f.severity == "error"
    assert f.line == line_of(text, line)
    assert all(n in f.message for n in needles), f.message
    assert related in f.pointers


R4_CASES = [
    pytest.param(
        GOV, "review: {upheld: 6, corrected: 1, other: 2, pending: 2}",
        "review: {upheld: 6, corrected: 1, other: 2, pending: 2, total: 12}",
        "/review_litigation/review/total", 12, "review: {upheld: 6", ("12", "11", "行政复议"),
        id="review",
    ),
    pytest.param(
        DEPT, "pending: 1, total: 3}", "pending: 1, total: 5}",
        "/review_litigation/review/total", 5, "total: 5}", ("5", "3", "行政复议"),
        id="written-review-total",
    ),
    pytest.param(
        DEPT, "litigation_direct: {upheld: 1, corrected: 0, other: 0, pending: 0}",
        "litigation_direct: {upheld: 1, corrected: 0, other: 0, pending: 0, total: 4}",
        "/review_litigation/litigation_direct/total", 4, "litigation_direct:", ("4", "1", "未经复议直接起诉"),
        id="litigation-group",
    ),
]


@pytest.mark.parametrize(("text", "old", "new", "pointer", "written", "line", "needles"), R4_CASES)
def test_r4_group_total(text: str, old: str, new: str, pointer: str, written: int, line: str, needles: tuple[str, ...]) -> None:
    text = edit(text, old, new)
    report = parse(text)
    f = one(report, "R4")
    assert f.pointer == pointer
    assert f.line == line_of(text, line)
    assert f.severity == "error"
    assert all(n in f.message for n in needles), f.message
    assert report.cells[pointer].value == written  # still the author's number


# --- S -----------------------------------------------------------------------------------

SCHEMA_CASES = [
    pytest.param(GOV, "licensing: {decisions: 16410}", "licensing: {decisions: -3}", "/active/licensing/decisions", "-3", id="negative"),
    pytest.param(GOV, "licensing: {decisions: 16410}", "licensing: {decisions: 2.5}", "/active/licensing/decisions", "2.5", id="fraction"),
    pytest.param(GOV, "penalty: {decisions: 1032}", "penalty: {decisions: 1032, fines: 3}", "/active/penalty/fines", "fines", id="unknown-key"),
    pytest.param(GOV, "penalty: {decisions: 1032}", "penalty: {}", "/active/penalty/decisions", "未填写", id="missing-cell"),
    pytest.param(DEPT, "penalty: {decisions: 35}", "penalty: {decisions: -35}", "/active/penalty/decisions", "-35", id="negative-dept"),
    pytest.param(DEPT, "penalty: {decisions: 35}", "penalty: {decisions: 3.5}", "/active/penalty/decisions", "3.5", id="fraction-dept"),
    pytest.param(DEPT, "penalty: {decisions: 35}", "penalty: {decisions: 35, decision: 1}", "/active/penalty/decision", "decisions", id="misspelt-key"),
    pytest.param(DEPT, "new_received: [10, 5, 0, 0, 1, 0]", "new_received: [10, 5, 0, 0, 1]", "/applications/new_received", "实际写了 5 个", id="short-row"),
]


@pytest.mark.parametrize(("text", "old", "new", "pointer", "needle"), SCHEMA_CASES)
def test_schema_findings(text: str, old: str, new: str, pointer: str, needle: str) -> None:
    text = edit(text, old, new)
    report = parse(text)
    found = only(report, "S")
    assert [f.pointer for f in found] == [pointer]
    (f,) = found
    assert f.severity == "error"
    assert f.line == line_of(text, new.split(":")[0] + ":")
    assert has_chinese(f.message) and needle in f.message, f.message


def test_s_reports_yaml_syntax_with_line() -> None:
    text = edit(GOV, "    penalty: {decisions: 1032}\n", "      penalty: {decisions: 1032\n")
    report = parse(text)
    assert rules(report)[:1] == ["S"]
    assert report.findings[0].line is not None and report.findings[0].line >= line_of(text, "penalty:")


# --- W4, W6, W7, W8 ----------------------------------------------------------------------

W4_CASES = [
    pytest.param(
        GOV_2019, (("year: 2020", "year: 2022"), ("published: 2021-03-26", "published: 2023-03-20")),
        "format: 2019", ("2022", "2019", "2021"), True,
        id="2019-format-in-2022",
    ),
    pytest.param(DEPT, (("  year: 2023\n", "  year: 2023\n  format: 2019\n"),), "format: 2019", ("2019", "2023"), False, id="2019-format-in-2023"),
]


@pytest.mark.parametrize(("text", "edits", "line", "needles", "clean_otherwise"), W4_CASES)
def test_w4_format_does_not_match_year(
    text: str, edits: tuple[tuple[str, str], ...], line: str, needles: tuple[str, ...], clean_otherwise: bool
) -> None:
    text = apply(text, edits)
    report = parse(text)
    f = one(report, "W4")
    assert f.severity == "warning"
    assert f.pointer == "/format"
    assert f.line == line_of(text, line)
    assert all(n in f.message for n in needles), f.message
    if clean_otherwise:  # the 2019 tables are valid 2019 tables
        assert not only(report, "S")


@pytest.mark.parametrize(
    ("text", "old", "new"),
    [(GOV, "本年度未收取信息处理费。", ""), (DEPT, "本年度未收取信息处理费。", "无。")],
    ids=["sentence-removed", "only-none"],
)
def test_w6_information_fee_not_stated(text: str, old: str, new: str) -> None:
    text = edit(text, old, new)
    f = one(parse(text), "W6")
    assert f.severity == "warning"
    assert f.line == line_of(text, "## 六、其他需要报告的事项")
    assert "信息处理费" in f.message


def test_w6_not_required_by_the_2019_format() -> None:
    assert not only(parse(GOV_2019), "W6")


@pytest.mark.parametrize(
    ("text", "removed"),
    [
        (GOV, "## 五、存在的主要问题及改进情况\n"),
        (DEPT, "## 五、存在的主要问题及改进情况\n\n公开时效有待提高。\n\n"),
    ],
    ids=["heading", "heading-and-text"],
)
def test_w7_section_missing(text: str, removed: str) -> None:
    report = parse(edit(text, removed, ""))
    f = one(report, "W7")
    assert "五、存在的主要问题及改进情况" in f.message
    assert f.severity == "warning"
    assert f.line is not None


def test_w7_sections_swapped() -> None:
    five, six = "## 五、存在的主要问题及改进情况\n", "## 六、其他需要报告的事项\n"
    text = GOV.replace(five, "@@5@@").replace(six, five).replace("@@5@@", six)
    f = one(parse(text), "W7")
    # the heading out of place is named, at its line
    assert "五、存在的主要问题及改进情况" in f.message
    assert f.line == line_of(text, "## 五、")


def test_w7_section_moved_or_repeated() -> None:
    five = "## 五、存在的主要问题及改进情况\n\n公开时效有待提高。\n\n"
    text = DEPT.replace(five, "").replace("## 二、主动公开政府信息情况\n", five + "## 二、主动公开政府信息情况\n")
    w7 = only(parse(text), "W7")
    assert w7, [(f.rule, f.message) for f in parse(text).findings]
    # the heading that moved is named, not its innocent neighbour
    assert [f.line for f in w7] == [line_of(text, "## 五、")]
    assert "五、存在的主要问题及改进情况" in w7[0].message
    dup = DEPT.replace("## 四、政府信息公开", "## 三、收到和处理政府信息公开申请情况\n\n## 四、政府信息公开")
    w7 = only(parse(dup), "W7")
    assert [f.line for f in w7] == [line_of(dup, "## 四、") - 2]  # the second 三 is the extra one


@pytest.mark.parametrize(
    ("text", "kind", "published", "deadline"),
    [
        (GOV, "government", "2022-04-02", "2022-03-31"),
        (GOV, "government", "2022-03-31", None),
        (GOV, "department", "2022-02-01", "2022-01-31"),
        (DEPT, "department", "2024-01-31", None),
        (DEPT, "department", "2024-02-01", "2024-01-31"),
        (DEPT, "government", "2024-03-31", None),
        (DEPT, "government", "2024-04-01", "2024-03-31"),
    ],
)
def test_w8_deadline(text: str, kind: str, published: str, deadline: str | None) -> None:
    old_kind = "kind: government" if "kind: government" in text else "kind: department"
    old_date = next(line.strip() for line in text.splitlines() if line.strip().startswith("published:"))
    text = edit(edit(text, old_kind, f"kind: {kind}"), old_date, f"published: {published}")
    w8 = only(parse(text), "W8")
    if deadline is None:
        assert w8 == []
        return
    (f,) = w8
    assert f.pointer == "/published"
    assert f.line == line_of(text, "published:")
    assert published in f.message and deadline in f.message


# --- totals, missing cells, shorthand, rows, money ----------------------------------------

TOTALS = [
    # granted is a mapping row without total: computed
    (GOV, "/applications/results/granted/total", 29 + 1 + 9 + 7 + 8 + 2, "computed"),
    # partial is a list row with its total written: reported
    (GOV, "/applications/results/partial/total", 103, "reported"),
    # table 四 total computed
    (GOV, "/review_litigation/review/total", 11, "computed"),
    (DEPT, "/applications/new_received/total", 16, "computed"),
    (DEPT, "/applications/carried_over/total", 2, "reported"),
    (DEPT, "/applications/results/total/natural_person", 10, "reported"),
    (DEPT, "/applications/results/total/total", 16, "computed"),
    (DEPT, "/review_litigation/litigation_direct/total", 1, "computed"),
    (DEPT, "/review_litigation/review/total", 3, "reported"),
]


@pytest.mark.parametrize(("text", "pointer", "value", "status"), TOTALS)
def test_totals_computed_when_absent_and_kept_when_written(text: str, pointer: str, value: int, status: str) -> None:
    cell = parse(text).cells[pointer]
    assert (cell.value, cell.status) == (value, status)


def test_a_wrong_written_total_is_reported_not_replaced() -> None:
    wrong = parse(edit(GOV, "partial: [58, 21, 3, 5, 8, 8, 103]", "partial: [58, 21, 3, 5, 8, 8, 104]"))
    assert wrong.cells["/applications/results/partial/total"].value == 104
    assert wrong.canonical()["applications"]["results"]["partial"]["total"] == 104


MISSING = [
    pytest.param(
        GOV, "state_secret: [5, 0, 1, 2, 0, 1]",
        "state_secret: {natural_person: 5, commercial: 0, research: 1, public_interest: 2, legal_services: 0}",
        "/applications/results/denied/state_secret/other_org", "state_secret:", "其他", None,
        id="mapping-row-without-a-key",
    ),
    pytest.param(
        DEPT, "granted: {natural_person: 6, ", "granted: {",
        "/applications/results/granted/natural_person", "granted:", "自然人", 10,
        id="mapping-row-without-its-first-key",
    ),
]


@pytest.mark.parametrize(("text", "old", "new", "pointer", "line", "column", "written_total"), MISSING)
def test_missing_cell_stays_missing(
    text: str, old: str, new: str, pointer: str, line: str, column: str, written_total: int | None
) -> None:
    text = edit(text, old, new)
    report = parse(text)
    f = one(report, "S")
    assert f.pointer == pointer
    assert f.line == line_of(text, line)
    assert column in f.message and "未填写" in f.message
    cell = report.cells[pointer]
    assert cell.value is None and cell.status == "missing"
    exported = json.loads(json.dumps(report.canonical(), ensure_ascii=False))
    node = exported
    for key in pointer.strip("/").split("/"):
        node = node[key]
    assert node is None
    # the row total depends on a missing cell: it is not invented from the others (a written one
    # is kept), and no equation silently treats the gap as zero
    row = pointer.rsplit("/", 1)[0]
    assert report.cells[row + "/total"].value == written_total
    assert not any(f.rule == "R2" and f.pointer == row + "/total" for f in report.findings)


def test_short_list_row_is_not_zero_filled() -> None:
    report = parse(edit(GOV, "state_secret: [5, 0, 1, 2, 0, 1]", "state_secret: [5, 0, 1, 2, 0]"))
    assert only(report, "S")
    assert report.cells["/applications/results/denied/state_secret/other_org"].value is None


def test_list_row_cell_named_by_column() -> None:
    text = edit(DEPT, "partial: [2, 1, 0, 0, 0, 0]", "partial: [2, 1, null, 0, 0, 0]")
    report = parse(text)
    f = one(report, "S")
    assert f.pointer == "/applications/results/partial/2"
    assert f.line == line_of(text, "partial:")
    assert "“科研机构”列" in f.message and "部分公开" in f.message
    assert report.cells["/applications/results/partial/research"].status == "missing"


def test_zero_shorthand_for_every_table() -> None:
    text = (
        "---\ngovreport:\n  agency: 西工区统计局\n  year: 2023\n  published: 2024-01-20\n"
        "  active: zero\n  applications: zero\n  review_litigation: zero\n---\n"
    )
    report = parse(text)
    assert report.format_id == "2021"
    assert all(c.value == 0 for c in report.cells.values())
    assert len(report.cells) == 10 + 25 * 7 + 3 * 5  # every cell of the three tables
    exported = report.canonical()
    assert exported["applications"]["results"]["other"]["fee_unpaid"]["total"] == 0
    assert exported["active"]["admin_fees"]["amount"] in (0, "0")
    # the same with the body of a report: nothing but the missing sections
    all_zero = parse(
        DEPT.split("  active:")[0] + "  active: zero\n  applications: zero\n  review_litigation: zero\n---\n\n"
        "## 六、其他需要报告的事项\n\n本年度未收取信息处理费。\n"
    )
    assert [f.rule for f in all_zero.findings if not f.rule.startswith("T") and f.rule != "W7"] == []
    assert all(c.value == 0 for c in all_zero.cells.values())


def test_zero_shorthand_for_rows() -> None:
    report = parse(DEPT)
    assert report.cells["/applications/results/not_processed/duplicate/research"].value == 0
    assert report.cells["/review_litigation/litigation_after_review/total"].value == 0
    assert report.cells["/applications/results/granted/legal_services"].value == 1
    assert report.cells["/applications/results/unavailable/not_held/total"].value == 2


def test_zero_shorthand_for_a_group_of_rows() -> None:
    rows = "".join(f"        {k}: zero\n" for k in ("petition_complaint", "duplicate", "publication", "excessive_repeat", "confirm_or_reissue"))
    block = "      not_processed:\n" + rows
    assert block in DEPT
    report = parse(DEPT.replace(block, "      not_processed: zero\n"))
    assert report.findings == []
    assert report.cells["/applications/results/not_processed/duplicate/total"].value == 0
    bad = DEPT.replace(block, "      not_processed: [1, 2]\n")
    f = one(parse(bad), "S")
    assert f.pointer == "/applications/results/not_processed" and f.line == line_of(bad, "not_processed:")
    assert "zero" in f.message and "列表" in f.message and "数字列表" not in f.message


def test_list_and_mapping_rows_are_equivalent() -> None:
    as_list = parse(GOV)
    as_map = parse(edit(
        GOV,
        "partial: [58, 21, 3, 5, 8, 8, 103]",
        "partial: {natural_person: 58, commercial: 21, research: 3, public_interest: 5, legal_services: 8, "
        "other_org: 8, total: 103}",
    ))
    assert as_map.findings == []
    assert as_list.canonical() == as_map.canonical()
    row = as_map.canonical()["applications"]["results"]["partial"]
    assert list(row) == ["natural_person", "commercial", "research", "public_interest", "legal_services",
                         "other_org", "total"]


@pytest.mark.parametrize(
    ("text", "pointer", "old", "new", "written"),
    [
        (GOV_2019, "/active/central_procurement/amount", None, None, "4166.241619"),
        (GOV, "/active/admin_fees/amount", None, None, "3980.52"),
        (GOV, "/active/admin_fees/amount", "admin_fees: {amount: 3980.52}", "admin_fees: {amount: 0.10}", "0.10"),
        (DEPT, "/active/admin_fees/amount", None, None, "4166.241619"),
        (DEPT, "/active/admin_fees/amount", "amount: 4166.241619", "amount: 0.10", "0.10"),
    ],
)
def test_money_is_exact(text: str, pointer: str, old: str | None, new: str | None, written: str) -> None:
    report = parse(edit(text, old, new) if old and new else text)
    assert report.findings == []
    value = report.cells[pointer].value
    assert isinstance(value, Decimal) and str(value) == written
    exported = json.loads(json.dumps(report.canonical(), ensure_ascii=False))
    table, row, field = pointer.strip("/").split("/")
    assert report.canonical()[table][row][field] == written
    assert exported[table][row][field] == written
    assert f'"{written}"' in json.dumps(report.canonical())


def test_signed_change_2019() -> None:
    report = parse(GOV_2019)
    assert report.cells["/active/licensing/change"].value == -8
    text = edit(GOV_2019, "licensing: {prev_year_items: 312, change: -8,", "licensing: {prev_year_items: -1, change: -8,")
    f = one(parse(text), "S")
    assert f.pointer == "/active/licensing/prev_year_items"


def test_2019_keys_and_2021_keys_in_a_2019_report() -> None:
    text = (
        DEPT.replace("year: 2023", "year: 2020").replace("published: 2024-01-20", "published: 2021-01-20")
        .replace("    regulations: {issued: 1, repealed: 0, in_force: 3}\n    normative_docs: {issued: 4, repealed: 2, in_force: 11}\n",
                 "    regulations: {new_made: 1, new_published: 1, total_published: 3}\n    normative_docs: {new_made: 4, new_published: 4, total_published: 11}\n")
        .replace("licensing: {decisions: 120}", "licensing: {prev_year_items: 30, change: -2, decisions: 120}\n    other_mgmt_services: [5, 1, 40]")
        .replace("penalty: {decisions: 35}", "penalty: {prev_year_items: 100, change: 0, decisions: 35}")
        .replace("coercion: {decisions: 2}", "coercion: {prev_year_items: 8, change: 1, decisions: 2}")
        .replace("admin_fees: {amount: 4166.241619}", "admin_fees: {prev_year_items: 3, change: -1}\n    central_procurement: {projects: 7, amount: 25.1}")
        .replace("      other:\n        no_correction: zero\n        fee_unpaid: zero\n        other: [0, 0, 0, 0, 0, 0]\n", "      other: [0, 0, 0, 0, 0, 0]\n")
    )
    report = parse(text)
    assert report.format_id == "2019"
    assert report.findings == [], [(f.rule, f.message) for f in report.findings]
    assert report.cells["/active/licensing/change"].value == -2
    assert str(report.cells["/active/central_procurement/amount"].value) == "25.1"
    # 2021 keys in a 2019 report are an S finding naming the key
    bad = parse(text.replace("      other: [0, 0, 0, 0, 0, 0]\n", "      other: {no_correction: zero, fee_unpaid: zero, other: zero}\n"))
    assert any(f.rule == "S" and f.pointer.startswith("/applications/results/other") and "no_correction" in f.message for f in bad.findings)


@pytest.mark.parametrize("bad", ["[1, 2]", "'七'", "null", "{a: {b: c}}", "true"])
def test_never_a_traceback_on_odd_values(bad: str) -> None:
    report = parse(edit(GOV, "licensing: {decisions: 16410}", f"licensing: {bad}"))
    assert only(report, "S"), bad
    assert all(f.line for f in only(report, "S"))


@pytest.mark.parametrize(
    "text",
    ["---\ngovreport: 1\n---\n", "---\ngovreport:\n  year: [\n---\n", "---\ngovreport:\n  agency: x\n  year: 2017\n---\n"],
    ids=["scalar", "unclosed-list", "before-2019"],
)
def test_odd_pages_never_raise(text: str) -> None:
    report = parse_page(text, "docs/x.md")
    assert report is not None and report.findings
    assert all(f.line for f in report.findings)
