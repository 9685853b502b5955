"""Single-report validation: schema (S), 勾稽关系 R1–R4 and warnings W4, W6, W7, W8.

Each test starts from a clean, realistic report (non-zero numbers in most cells, list and mapping
rows, some totals written and some left out) and breaks exactly one thing, then checks the
finding: rule id, JSON Pointer, the line of the offending cell in the page, and a Chinese message
that shows both sides of the equation with their numbers.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from core_html import CORE_FIXTURES

from mkdocs_govreport import Report, parse_page

CLEAN_2021 = (CORE_FIXTURES / "clean-2021.md").read_text(encoding="utf-8")
CLEAN_2019 = (CORE_FIXTURES / "clean-2019.md").read_text(encoding="utf-8")


def parse(text: str, file: str = "docs/reports/t/2021.md") -> Report:
    report = parse_page(text, file)
    assert report is not None
    return report


def edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"fixture text not found exactly once: {old!r}"
    return text.replace(old, new)


def line_of(text: str, needle: str) -> int:
    hits = [i for i, line in enumerate(text.split("\n"), 1) if needle in line]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def rules(report: Report) -> list[str]:
    return sorted(f.rule for f in report.findings)


def only(report: Report, rule: str) -> list:
    return [f for f in report.findings if f.rule == rule]


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


# --- clean reports ---------------------------------------------------------------------


@pytest.mark.parametrize("text", [CLEAN_2021, CLEAN_2019], ids=["2021", "2019"])
def test_clean_report_raises_nothing(text: str) -> None:
    report = parse(text)
    assert report.findings == []
    assert report.fmt is not None


# --- R1 – R4 ---------------------------------------------------------------------------


def test_r2_row_total() -> None:
    text = edit(CLEAN_2021, "partial: [58, 21, 3, 5, 8, 8, 103]", "partial: [58, 21, 3, 5, 8, 8, 104]")
    report = parse(text)
    (f,) = only(report, "R2")
    assert f.severity == "error"
    assert f.pointer == "/applications/results/partial/total"
    assert f.line == line_of(text, "partial: [58, 21")
    assert has_chinese(f.message) and "104" in f.message and "103" in f.message
    assert "部分公开" in f.message and "总计" in f.message
    assert f.file == "docs/reports/t/2021.md"


def test_r1_balance_per_column() -> None:
    text = edit(CLEAN_2021, "new_received: [259, 93, 39, 43, 43, 36]", "new_received: [259, 93, 39, 43, 43, 37]")
    report = parse(text)
    by_ptr = {f.pointer: f for f in only(report, "R1")}
    assert set(by_ptr) == {"/applications/carried_forward/other_org", "/applications/carried_forward/total"}
    f = by_ptr["/applications/carried_forward/other_org"]
    assert f.severity == "error"
    assert "/applications/new_received/other_org" in f.pointers
    # left side 37 + 0 = 37, right side 36 + 0 = 36
    assert "37" in f.message and "36" in f.message and "其他" in f.message
    assert f.line == line_of(text, "carried_forward:")
    assert "R2" not in rules(report) and "R3" not in rules(report)


def test_r3_results_total() -> None:
    text = edit(CLEAN_2021, "      other:\n", "      total: [255, 95, 40, 43, 43, 36]\n      other:\n")
    text = edit(text, "fee_unpaid: [15, 6,", "fee_unpaid: [16, 6,")
    report = parse(text)
    (f,) = [x for x in only(report, "R3") if x.pointer.endswith("/natural_person")]
    assert f.pointer == "/applications/results/total/natural_person"
    assert f.line == line_of(text, "total: [255, 95")
    assert "255" in f.message and "256" in f.message and "自然人" in f.message
    assert "/applications/results/other/fee_unpaid/natural_person" in f.pointers


def test_r4_review_total() -> None:
    old = "review: {upheld: 6, corrected: 1, other: 2, pending: 2}"
    text = edit(CLEAN_2021, old, old[:-1] + ", total: 12}")
    report = parse(text)
    (f,) = only(report, "R4")
    assert f.pointer == "/review_litigation/review/total"
    assert f.line == line_of(text, "review: {upheld: 6")
    assert "12" in f.message and "11" in f.message and "行政复议" in f.message
    assert f.severity == "error"


# --- S -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "pointer", "needle"),
    [
        ("licensing: {decisions: 16410}", "licensing: {decisions: -3}", "/active/licensing/decisions", "-3"),
        ("licensing: {decisions: 16410}", "licensing: {decisions: 2.5}", "/active/licensing/decisions", "2.5"),
        ("penalty: {decisions: 1032}", "penalty: {decisions: 1032, fines: 3}", "/active/penalty/fines", "fines"),
        ("penalty: {decisions: 1032}", "penalty: {}", "/active/penalty/decisions", "未填写"),
    ],
    ids=["negative", "fraction", "unknown-key", "missing-cell"],
)
def test_schema_findings(old: str, new: str, pointer: str, needle: str) -> None:
    text = edit(CLEAN_2021, old, new)
    report = parse(text)
    found = only(report, "S")
    assert [f.pointer for f in found] == [pointer]
    (f,) = found
    assert f.severity == "error"
    assert f.line == line_of(text, new.split(":")[0] + ":")
    assert has_chinese(f.message) and needle in f.message


def test_s_reports_yaml_syntax_with_line() -> None:
    text = edit(CLEAN_2021, "    penalty: {decisions: 1032}\n", "      penalty: {decisions: 1032\n")
    report = parse(text)
    assert rules(report)[:1] == ["S"]
    assert report.findings[0].line is not None and report.findings[0].line >= line_of(text, "penalty:")


# --- W4, W6, W7, W8 ----------------------------------------------------------------------


def test_w4_format_does_not_match_year() -> None:
    text = edit(CLEAN_2019, "year: 2020", "year: 2022")
    text = edit(text, "published: 2021-03-26", "published: 2023-03-20")
    report = parse(text)
    (f,) = only(report, "W4")
    assert f.severity == "warning"
    assert f.pointer == "/format"
    assert f.line == line_of(text, "format: 2019")
    assert "2022" in f.message and "2019" in f.message and "2021" in f.message
    assert not only(report, "S")


def test_w6_information_fee_not_stated() -> None:
    text = edit(CLEAN_2021, "本年度未收取信息处理费。", "")
    report = parse(text)
    (f,) = only(report, "W6")
    assert f.line == line_of(text, "## 六、其他需要报告的事项")
    assert "信息处理费" in f.message
    # the 2019 format has no such requirement
    assert not only(parse(CLEAN_2019), "W6")


def test_w7_section_missing() -> None:
    text = edit(CLEAN_2021, "## 五、存在的主要问题及改进情况\n", "")
    report = parse(text)
    (f,) = only(report, "W7")
    assert "五、存在的主要问题及改进情况" in f.message
    assert f.line is not None


def test_w7_sections_out_of_order() -> None:
    five = "## 五、存在的主要问题及改进情况\n"
    six = "## 六、其他需要报告的事项\n"
    text = CLEAN_2021.replace(five, "@@5@@").replace(six, five).replace("@@5@@", six)
    assert only(parse(text), "W7")


@pytest.mark.parametrize(
    ("kind_line", "published", "deadline"),
    [("kind: government", "2022-04-02", "2022-03-31"), ("kind: department", "2022-02-01", "2022-01-31")],
)
def test_w8_published_late(kind_line: str, published: str, deadline: str) -> None:
    text = edit(CLEAN_2021, "kind: government", kind_line)
    text = edit(text, "published: 2022-03-28", f"published: {published}")
    report = parse(text)
    (f,) = only(report, "W8")
    assert f.pointer == "/published"
    assert f.line == line_of(text, "published:")
    assert published in f.message and deadline in f.message


def test_w8_on_time_is_clean() -> None:
    text = edit(CLEAN_2021, "published: 2022-03-28", "published: 2022-03-31")
    assert not only(parse(text), "W8")


# --- totals, missing cells, shorthand, rows, money ----------------------------------------


def test_totals_computed_when_absent_checked_and_never_overwritten() -> None:
    report = parse(CLEAN_2021)
    # granted is a mapping row without total: computed
    cell = report.cells["/applications/results/granted/total"]
    assert (cell.value, cell.status) == (29 + 1 + 9 + 7 + 8 + 2, "computed")
    # partial is a list row with its total written: reported
    cell = report.cells["/applications/results/partial/total"]
    assert (cell.value, cell.status) == (103, "reported")
    # a wrong written total is reported, not replaced
    text = edit(CLEAN_2021, "partial: [58, 21, 3, 5, 8, 8, 103]", "partial: [58, 21, 3, 5, 8, 8, 104]")
    wrong = parse(text)
    assert wrong.cells["/applications/results/partial/total"].value == 104
    assert wrong.canonical()["applications"]["results"]["partial"]["total"] == 104
    # table 四 total computed
    assert report.cells["/review_litigation/review/total"].value == 11
    assert report.cells["/review_litigation/review/total"].status == "computed"


def test_missing_cell_stays_missing() -> None:
    text = edit(CLEAN_2021, "state_secret: [5, 0, 1, 2, 0, 1]", "state_secret: {natural_person: 5, commercial: 0, "
                "research: 1, public_interest: 2, legal_services: 0}")
    report = parse(text)
    (f,) = only(report, "S")
    assert f.pointer == "/applications/results/denied/state_secret/other_org"
    assert f.line == line_of(text, "state_secret:")
    cell = report.cells["/applications/results/denied/state_secret/other_org"]
    assert cell.value is None and cell.status == "missing"
    exported = json.loads(json.dumps(report.canonical(), ensure_ascii=False))
    assert exported["applications"]["results"]["denied"]["state_secret"]["other_org"] is None
    # the row total depends on a missing cell: it is not invented from the others
    assert exported["applications"]["results"]["denied"]["state_secret"]["total"] is None


def test_short_list_row_is_not_zero_filled() -> None:
    text = edit(CLEAN_2021, "state_secret: [5, 0, 1, 2, 0, 1]", "state_secret: [5, 0, 1, 2, 0]")
    report = parse(text)
    assert only(report, "S")
    assert report.cells["/applications/results/denied/state_secret/other_org"].value is None


def test_zero_shorthand() -> None:
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


def test_list_and_mapping_rows_are_equivalent() -> None:
    as_list = parse(CLEAN_2021)
    as_map = parse(edit(
        CLEAN_2021,
        "partial: [58, 21, 3, 5, 8, 8, 103]",
        "partial: {natural_person: 58, commercial: 21, research: 3, public_interest: 5, legal_services: 8, "
        "other_org: 8, total: 103}",
    ))
    assert as_map.findings == []
    assert as_list.canonical() == as_map.canonical()
    row = as_map.canonical()["applications"]["results"]["partial"]
    assert list(row) == ["natural_person", "commercial", "research", "public_interest", "legal_services",
                         "other_org", "total"]


def test_money_is_exact() -> None:
    report = parse(CLEAN_2019)
    value = report.cells["/active/central_procurement/amount"].value
    assert isinstance(value, Decimal) and value == Decimal("4166.241619")
    assert report.canonical()["active"]["central_procurement"]["amount"] == "4166.241619"
    fee = parse(edit(CLEAN_2021, "admin_fees: {amount: 3980.52}", "admin_fees: {amount: 0.10}"))
    assert fee.findings == []
    assert fee.canonical()["active"]["admin_fees"]["amount"] == "0.10"
    assert "0.10" in json.dumps(fee.canonical())


def test_signed_change_2019() -> None:
    report = parse(CLEAN_2019)
    assert report.cells["/active/licensing/change"].value == -8
    text = edit(CLEAN_2019, "licensing: {prev_year_items: 312, change: -8,", "licensing: {prev_year_items: -1, change: -8,")
    (f,) = only(parse(text), "S")
    assert f.pointer == "/active/licensing/prev_year_items"


def test_never_a_traceback_on_odd_values() -> None:
    for bad in ("[1, 2]", "'七'", "null", "{a: {b: c}}", "true"):
        text = edit(CLEAN_2021, "licensing: {decisions: 16410}", f"licensing: {bad}")
        report = parse(text)
        assert only(report, "S"), bad
