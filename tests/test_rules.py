"""Validation rules on single reports: S, R1–R4, W4, W6, W7, W8 — rule id, pointer, line and a
Chinese message with both numbers; totals computed/checked/never overwritten; missing cells;
``zero``; list and mapping rows; exact money."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from mkdocs_govreport import parse_page

# A clean 2021 department report with non-zero cells, list and mapping rows, some totals written.
CLEAN_2021 = """\
---
govreport:
  agency: 西工区测试局
  kind: department
  year: 2023
  published: 2024-01-20
  active:
    regulations: {issued: 1, repealed: 0, in_force: 3}
    normative_docs: {issued: 4, repealed: 2, in_force: 11}
    licensing: {decisions: 120}
    penalty: {decisions: 35}
    coercion: {decisions: 2}
    admin_fees: {amount: 4166.241619}
  applications:
    new_received: [10, 5, 0, 0, 1, 0]
    carried_over: [2, 0, 0, 0, 0, 0, 2]
    results:
      granted: {natural_person: 6, commercial: 3, research: 0, public_interest: 0, legal_services: 1, other_org: 0, total: 10}
      partial: [2, 1, 0, 0, 0, 0]
      denied:
        state_secret: [1, 0, 0, 0, 0, 0]
        law_prohibited: zero
        three_security_one_stability: zero
        third_party_rights: zero
        internal_affairs: zero
        process_info: zero
        enforcement_file: zero
        admin_query: zero
      unavailable:
        not_held: [1, 1, 0, 0, 0, 0, 2]
        needs_creation: zero
        unclear_after_correction: zero
      not_processed:
        petition_complaint: zero
        duplicate: zero
        publication: zero
        excessive_repeat: zero
        confirm_or_reissue: zero
      other:
        no_correction: zero
        fee_unpaid: zero
        other: [0, 0, 0, 0, 0, 0]
      total: [10, 5, 0, 0, 1, 0]
    carried_forward: [2, 0, 0, 0, 0, 0]
  review_litigation:
    review: {upheld: 1, corrected: 1, other: 0, pending: 1, total: 3}
    litigation_direct: {upheld: 1, corrected: 0, other: 0, pending: 0}
    litigation_after_review: zero
---

# 西工区测试局 2023 年政府信息公开工作年度报告

## 一、总体情况

全年主动公开政府信息，依申请办理16件。

## 二、主动公开政府信息情况

## 三、收到和处理政府信息公开申请情况

## 四、政府信息公开行政复议、行政诉讼情况

## 五、存在的主要问题及改进情况

公开时效有待提高。

## 六、其他需要报告的事项

本年度未收取信息处理费。
"""


def line_no(text: str, needle: str) -> int:
    """1-based line of the first line containing ``needle``."""
    for i, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


def parse(text: str):
    r = parse_page(text, "docs/r.md")
    assert r is not None
    return r


def core(report) -> list:
    """Findings of the core rules (other engineers' assessor checks are T*)."""
    return [f for f in report.findings if not f.rule.startswith("T")]


def only(report, rule: str):
    found = [f for f in report.findings if f.rule == rule]
    assert len(found) == 1, [(f.rule, f.pointer, f.message) for f in report.findings]
    return found[0]


def test_clean_report_raises_nothing() -> None:
    r = parse(CLEAN_2021)
    assert core(r) == []
    assert r.format_id == "2021" and r.year == 2023


def test_totals_computed_when_absent_checked_when_present() -> None:
    r = parse(CLEAN_2021)
    c = r.cells
    assert c["/applications/new_received/total"].value == 16
    assert c["/applications/new_received/total"].status == "computed"
    assert c["/applications/carried_over/total"].status == "reported"
    assert c["/applications/results/total/natural_person"].status == "reported"
    assert c["/applications/results/total/total"].value == 16
    assert c["/applications/results/total/total"].status == "computed"
    assert c["/review_litigation/litigation_direct/total"].value == 1
    assert c["/review_litigation/litigation_direct/total"].status == "computed"
    assert c["/review_litigation/review/total"].status == "reported"


def test_written_total_never_overwritten() -> None:
    text = CLEAN_2021.replace("pending: 1, total: 3}", "pending: 1, total: 5}")
    r = parse(text)
    assert r.cells["/review_litigation/review/total"].value == 5  # still the author's number
    f = only(r, "R4")
    assert f.pointer == "/review_litigation/review/total"
    assert f.line == line_no(text, "total: 5}")
    assert f.severity == "error"
    assert "5" in f.message and "3" in f.message and "行政复议" in f.message


def test_zero_shorthand_and_list_rows() -> None:
    r = parse(CLEAN_2021)
    assert r.cells["/applications/results/not_processed/duplicate/research"].value == 0
    assert r.cells["/review_litigation/litigation_after_review/total"].value == 0
    assert r.cells["/applications/results/granted/legal_services"].value == 1
    assert r.cells["/applications/results/unavailable/not_held/total"].value == 2
    all_zero = parse(CLEAN_2021.split("  active:")[0] + "  active: zero\n  applications: zero\n  review_litigation: zero\n---\n\n## 六、其他需要报告的事项\n\n本年度未收取信息处理费。\n")
    assert [f.rule for f in core(all_zero) if f.rule != "W7"] == []
    assert all(c.value == 0 for c in all_zero.cells.values())


def test_money_exact() -> None:
    text = CLEAN_2021.replace("amount: 4166.241619", "amount: 0.10")
    for t, s in ((CLEAN_2021, "4166.241619"), (text, "0.10")):
        r = parse(t)
        v = r.cells["/active/admin_fees/amount"].value
        assert isinstance(v, Decimal) and str(v) == s
        exported = json.loads(json.dumps(r.canonical(), ensure_ascii=False))
        assert exported["active"]["admin_fees"]["amount"] == s


def test_r1_balance() -> None:
    text = CLEAN_2021.replace("carried_forward: [2, 0, 0, 0, 0, 0]", "carried_forward: [3, 0, 0, 0, 0, 0]")
    r = parse(text)
    r1 = [f for f in r.findings if f.rule == "R1"]
    assert r1, [f.rule for f in r.findings]
    by_ptr = {f.pointer: f for f in r1}
    # the natural-person column breaks (12 ≠ 13) and so does the 总计 column (18 ≠ 19)
    # anchored at the written 办理结果总计 cell of the column, naming all four cells
    # (the 总计 column: both right-hand totals are computed, so the written 上年结转 总计 is the anchor)
    assert set(by_ptr) == {"/applications/results/total/natural_person", "/applications/carried_over/total"}
    f = by_ptr["/applications/results/total/natural_person"]
    assert f.severity == "error"
    assert "12" in f.message and "13" in f.message and "自然人" in f.message
    assert f.line == line_no(text, "total: [10, 5")
    assert "/applications/carried_forward/natural_person" in f.pointers


def test_r2_row_total() -> None:
    text = CLEAN_2021.replace("carried_over: [2, 0, 0, 0, 0, 0, 2]", "carried_over: [2, 0, 0, 0, 0, 0, 3]")
    r = parse(text)
    f = only(r, "R2")
    assert f.pointer == "/applications/carried_over/total"
    assert f.line == line_no(text, "carried_over:")
    assert "3" in f.message and "2" in f.message and "上年结转" in f.message and "总计" in f.message
    # the wrong total is kept, and it also breaks R1 in the 总计 column
    assert r.cells["/applications/carried_over/total"].value == 3
    assert {x.rule for x in r.findings} >= {"R2", "R1"}


def test_r2_mapping_row_line() -> None:
    text = CLEAN_2021.replace("legal_services: 1, other_org: 0, total: 10}", "legal_services: 1, other_org: 0, total: 11}")
    r = parse(text)
    f = only(r, "R2")
    assert f.pointer == "/applications/results/granted/total"
    assert f.line == line_no(text, "granted:")
    assert "11" in f.message and "10" in f.message and "予以公开" in f.message


def test_r3_results_total() -> None:
    text = CLEAN_2021.replace("total: [10, 5, 0, 0, 1, 0]", "total: [10, 6, 0, 0, 1, 0]")
    r = parse(text)
    r3 = [f for f in r.findings if f.rule == "R3"]
    assert [f.pointer for f in r3] == ["/applications/results/total/commercial"]
    f = r3[0]
    assert f.line == line_no(text, "total: [10, 6")
    assert "6" in f.message and "5" in f.message and "商业企业" in f.message
    assert f.severity == "error"


def test_r4_group_total() -> None:
    text = CLEAN_2021.replace("litigation_direct: {upheld: 1, corrected: 0, other: 0, pending: 0}", "litigation_direct: {upheld: 1, corrected: 0, other: 0, pending: 0, total: 4}")
    r = parse(text)
    f = only(r, "R4")
    assert f.pointer == "/review_litigation/litigation_direct/total"
    assert f.line == line_no(text, "litigation_direct:")
    assert "4" in f.message and "1" in f.message and "未经复议直接起诉" in f.message


@pytest.mark.parametrize(
    ("old", "new", "pointer"),
    [
        ("penalty: {decisions: 35}", "penalty: {decisions: -35}", "/active/penalty/decisions"),
        ("penalty: {decisions: 35}", "penalty: {decisions: 3.5}", "/active/penalty/decisions"),
        ("penalty: {decisions: 35}", "penalty: {decisions: 35, decision: 1}", "/active/penalty"),
        ("new_received: [10, 5, 0, 0, 1, 0]", "new_received: [10, 5, 0, 0, 1]", "/applications/new_received"),
    ],
)
def test_schema_findings(old: str, new: str, pointer: str) -> None:
    text = CLEAN_2021.replace(old, new)
    r = parse(text)
    s = [f for f in r.findings if f.rule == "S"]
    assert s, [(f.rule, f.message) for f in r.findings]
    assert s[0].pointer.startswith(pointer)
    assert s[0].line == line_no(text, new.split(":")[0] + ":")
    assert s[0].severity == "error"
    assert any("\u4e00" <= ch <= "\u9fff" for ch in s[0].message)


def test_missing_cell_stays_missing() -> None:
    text = CLEAN_2021.replace("granted: {natural_person: 6, ", "granted: {")
    r = parse(text)
    cell = r.cells["/applications/results/granted/natural_person"]
    assert cell.value is None and cell.status == "missing"
    s = [f for f in r.findings if f.rule == "S"]
    assert s and s[0].pointer.startswith("/applications/results/granted")
    assert s[0].line == line_no(text, "granted:")
    assert "自然人" in s[0].message or "natural_person" in s[0].message
    exported = r.canonical()
    assert exported["applications"]["results"]["granted"]["natural_person"] is None
    # no equation silently treats it as zero: R2 for that row is not claimed with a fake 0
    assert not any(f.rule == "R2" and f.pointer == "/applications/results/granted/total" for f in r.findings)


def test_w4_format_does_not_match_year() -> None:
    text = CLEAN_2021.replace("  year: 2023\n", "  year: 2023\n  format: 2019\n")
    r = parse(text)
    f = only(r, "W4")
    assert f.severity == "warning" and f.line == line_no(text, "format: 2019")
    assert "2019" in f.message and "2023" in f.message


def test_w6_fee_statement() -> None:
    text = CLEAN_2021.replace("本年度未收取信息处理费。", "无。")
    f = only(parse(text), "W6")
    assert f.severity == "warning" and "信息处理费" in f.message
    assert f.line == line_no(text, "## 六、其他需要报告的事项")


def test_w7_missing_section() -> None:
    text = CLEAN_2021.replace("## 五、存在的主要问题及改进情况\n\n公开时效有待提高。\n\n", "")
    r = parse(text)
    w7 = [f for f in r.findings if f.rule == "W7"]
    assert w7 and "五、存在的主要问题及改进情况" in w7[0].message and w7[0].severity == "warning"


@pytest.mark.parametrize(("kind", "published", "late"), [
    ("department", "2024-01-31", False), ("department", "2024-02-01", True),
    ("government", "2024-03-31", False), ("government", "2024-04-01", True),
])
def test_w8_deadline(kind: str, published: str, late: bool) -> None:
    text = CLEAN_2021.replace("kind: department", f"kind: {kind}").replace("published: 2024-01-20", f"published: {published}")
    r = parse(text)
    w8 = [f for f in r.findings if f.rule == "W8"]
    assert bool(w8) == late
    if late:
        assert w8[0].line == line_no(text, "published:") and published in w8[0].message
        assert w8[0].pointer == "/published"


def test_2019_clean_and_w3_keys() -> None:
    text = (
        CLEAN_2021.replace("year: 2023", "year: 2020").replace("published: 2024-01-20", "published: 2021-01-20")
        .replace("    regulations: {issued: 1, repealed: 0, in_force: 3}\n    normative_docs: {issued: 4, repealed: 2, in_force: 11}\n",
                 "    regulations: {new_made: 1, new_published: 1, total_published: 3}\n    normative_docs: {new_made: 4, new_published: 4, total_published: 11}\n")
        .replace("licensing: {decisions: 120}", "licensing: {prev_year_items: 30, change: -2, decisions: 120}\n    other_mgmt_services: [5, 1, 40]")
        .replace("penalty: {decisions: 35}", "penalty: {prev_year_items: 100, change: 0, decisions: 35}")
        .replace("coercion: {decisions: 2}", "coercion: {prev_year_items: 8, change: 1, decisions: 2}")
        .replace("admin_fees: {amount: 4166.241619}", "admin_fees: {prev_year_items: 3, change: -1}\n    central_procurement: {projects: 7, amount: 25.1}")
        .replace("      other:\n        no_correction: zero\n        fee_unpaid: zero\n        other: [0, 0, 0, 0, 0, 0]\n", "      other: [0, 0, 0, 0, 0, 0]\n")
    )
    r = parse(text)
    assert r.format_id == "2019"
    assert core(r) == [], [(f.rule, f.message) for f in r.findings]
    assert r.cells["/active/licensing/change"].value == -2
    assert str(r.cells["/active/central_procurement/amount"].value) == "25.1"
    # 2021 keys in a 2019 report are an S finding naming the key
    bad = parse(text.replace("      other: [0, 0, 0, 0, 0, 0]\n", "      other: {no_correction: zero, fee_unpaid: zero, other: zero}\n"))
    assert any(f.rule == "S" and f.pointer.startswith("/applications/results/other") for f in bad.findings)


def test_odd_input_never_raises() -> None:
    for text in ("---\ngovreport: 1\n---\n", "---\ngovreport:\n  year: [\n---\n", "---\ngovreport:\n  agency: x\n  year: 2017\n---\n"):
        r = parse_page(text, "docs/x.md")
        assert r is not None and r.findings
        assert all(f.line for f in r.findings)


def test_list_row_cell_named_by_column() -> None:
    text = CLEAN_2021.replace("partial: [2, 1, 0, 0, 0, 0]", "partial: [2, 1, null, 0, 0, 0]")
    r = parse(text)
    f = only(r, "S")
    assert f.pointer == "/applications/results/partial/2"
    assert f.line == line_no(text, "partial:")
    assert "“科研机构”列" in f.message and "部分公开" in f.message
    assert r.cells["/applications/results/partial/research"].status == "missing"


def test_w7_sections_out_of_order() -> None:
    five = "## 五、存在的主要问题及改进情况\n\n公开时效有待提高。\n\n"
    text = CLEAN_2021.replace(five, "").replace("## 二、主动公开政府信息情况\n", five + "## 二、主动公开政府信息情况\n")
    r = parse(text)
    w7 = [f for f in r.findings if f.rule == "W7"]
    assert w7, [(f.rule, f.message) for f in r.findings]
    # the heading that moved is named, not its innocent neighbour
    assert [f.line for f in w7] == [line_no(text, "## 五、")]
    assert "五、存在的主要问题及改进情况" in w7[0].message
    dup = CLEAN_2021.replace("## 四、政府信息公开", "## 三、收到和处理政府信息公开申请情况\n\n## 四、政府信息公开")
    w7 = [f for f in parse(dup).findings if f.rule == "W7"]
    assert [f.line for f in w7] == [line_no(dup, "## 四、") - 2]  # the second 三 is the extra one


def test_zero_shorthand_for_a_group_of_rows() -> None:
    rows = "".join(f"        {k}: zero\n" for k in ("petition_complaint", "duplicate", "publication", "excessive_repeat", "confirm_or_reissue"))
    block = "      not_processed:\n" + rows
    assert block in CLEAN_2021
    r = parse(CLEAN_2021.replace(block, "      not_processed: zero\n"))
    assert core(r) == []
    assert r.cells["/applications/results/not_processed/duplicate/total"].value == 0
    bad = CLEAN_2021.replace(block, "      not_processed: [1, 2]\n")
    f = only(parse(bad), "S")
    assert f.pointer == "/applications/results/not_processed" and f.line == line_no(bad, "not_processed:")
    assert "zero" in f.message and "列表" in f.message and "数字列表" not in f.message
