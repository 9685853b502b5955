"""A real published report (平潭综合实验区 2025, numbers split by hand from the run-together
published table and confirmed by the row/column sums) written as a report page: it raises no
findings; copies with plausible published mistakes are caught with the exact rule ids, pointers
and lines."""

from __future__ import annotations

import pytest

from mkdocs_govreport import parse_page
from tests.helpers.paths import FIXTURES

PINGTAN = FIXTURES / "real" / "pingtan-2025.md"
TEXT = PINGTAN.read_text(encoding="utf-8")


def _line(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def _core(text: str) -> set[tuple[str, str]]:
    """(rule, pointer) of the core rules (assessor checks T* belong to another test file)."""
    r = parse_page(text, "docs/reports/pingtan/2025.md")
    assert r is not None
    return {(f.rule, f.pointer) for f in r.findings if not f.rule.startswith("T")}


def test_published_report_is_clean() -> None:
    r = parse_page(TEXT, "docs/reports/pingtan/2025.md")
    assert r is not None and r.format_id == "2021"
    assert r.findings == []
    assert str(r.value("/active/admin_fees/amount")) == "4166.241619"
    assert r.value("/applications/results/total/total") == 148


MISTAKES = [
    # a row total mistyped (155 for 154): R2 on the row, which also breaks R1 in the 总计 column —
    # one finding at the likely wrong cell, the R1 it causes folded into it
    pytest.param(
        "new_received: [151, 3, 0, 0, 0, 0, 154]", "new_received: [151, 3, 0, 0, 0, 0, 155]",
        {("R2", "/applications/new_received/total")},
        id="row-total-typo",
    ),
    # 办理结果总计 of one column off by one: R2 on the total row naming the likely wrong cell (自然人
    # 146), the R3 and R1 it causes folded into it
    pytest.param(
        "total: [147, 1, 0, 0, 0, 0, 148]", "total: [146, 1, 0, 0, 0, 0, 148]",
        {("R2", "/applications/results/total/total")},
        id="results-total-column",
    ),
    # carried-forward split between columns wrongly (5/1 for 4/2): R1 in both columns only
    pytest.param(
        "carried_forward: [4, 2, 0, 0, 0, 0, 6]", "carried_forward: [5, 1, 0, 0, 0, 0, 6]",
        {("R1", "/applications/results/total/natural_person"), ("R1", "/applications/results/total/commercial")},
        id="carried-forward-columns",
    ),
    # a review total that forgets a column (28 = 25 + 3)
    pytest.param(
        "review: {upheld: 25, corrected: 3, other: 8, pending: 0, total: 36}",
        "review: {upheld: 25, corrected: 3, other: 8, pending: 0, total: 28}",
        {("R4", "/review_litigation/review/total")},
        id="review-total",
    ),
    # a blank cell in the published table: missing (S), never zero, and no equation invented
    pytest.param(
        "regulations: {issued: 0, repealed: 0, in_force: 0}", "regulations: {issued: 0, repealed: 0}",
        {("S", "/active/regulations/in_force")},
        id="blank-cell",
    ),
    # published after the 31 March deadline of a government report
    pytest.param("published: 2026-03-10", "published: 2026-04-15", {("W8", "/published")}, id="late"),
    # a 2019-format key in a 2021 report (the 2019 tables reused)
    pytest.param(
        "normative_docs: {issued: 58, repealed: 45, in_force: 546}",
        "normative_docs: {new_made: 58, repealed: 45, in_force: 546}",
        {("S", "/active/normative_docs/new_made"), ("S", "/active/normative_docs/issued")},
        id="old-format-key",
    ),
    # section 六 not stating the 信息处理费
    pytest.param("2025年，无收取信息处理费情况。", "无。", {("W6", "")}, id="fee-not-stated"),
]


@pytest.mark.parametrize(("old", "new", "expected"), MISTAKES)
def test_published_mistakes_caught(old: str, new: str, expected: set[tuple[str, str]]) -> None:
    assert TEXT.count(old) == 1
    text = TEXT.replace(old, new)
    got = _core(text)
    got_rules = {(rule, ptr if rule != "W6" else "") for rule, ptr in got}
    assert got_rules == expected
    r = parse_page(text, "docs/reports/pingtan/2025.md")
    for f in r.findings:
        if f.rule.startswith("T") or f.rule in ("W6", "W8") or f.rule == "R1":
            continue
        assert f.line == _line(text, new.split(":")[0] + ":"), (f.rule, f.line)
        assert f.file == "docs/reports/pingtan/2025.md"


@pytest.mark.parametrize(
    ("old", "new", "needles"),
    [
        ("new_received: [151, 3, 0, 0, 0, 0, 154]", "new_received: [151, 3, 0, 0, 0, 0, 155]", ("155", "R1", "很可能是这个数字有误")),
        ("total: [147, 1, 0, 0, 0, 0, 148]", "total: [146, 1, 0, 0, 0, 0, 148]", ("“自然人”列的 146", "R3、R1", "很可能是这个数字有误")),
    ],
    ids=["row-total-typo", "results-total-column"],
)
def test_one_mistyped_number_is_one_finding_naming_it(old: str, new: str, needles: tuple[str, ...]) -> None:
    """The checks a mistyped cell also breaks are folded into its finding, which says so."""
    r = parse_page(TEXT.replace(old, new), "docs/reports/pingtan/2025.md")
    assert r is not None
    (f,) = [f for f in r.findings if f.rule in ("R1", "R2", "R3", "R4")]
    assert all(n in f.message for n in needles), f.message


def test_mistake_message_shows_both_numbers() -> None:
    text = TEXT.replace("new_received: [151, 3, 0, 0, 0, 0, 154]", "new_received: [151, 3, 0, 0, 0, 0, 155]")
    r = parse_page(text, "docs/reports/pingtan/2025.md")
    f = next(f for f in r.findings if f.rule == "R2")
    assert "155" in f.message and "154" in f.message and "本年新收政府信息公开申请数量" in f.message and "总计" in f.message
    assert f.severity == "error"
