"""Sameness with last year's report (T8, ``checks/sameness.py``): the measure and the finding on
the later report.  In a built site and with acknowledgements: ``tests/builds/test_assess_site.py``."""

from __future__ import annotations

from mkdocs_govreport.checks.sameness import MIN_CHARS, containment, narrative_letters, sameness_findings
from mkdocs_govreport.core.collection import group_by_agency
from tests.helpers.pages import OVERVIEW_A, OVERVIEW_B, PROBLEMS, PROBLEMS_B, parsed, stats_page


def test_sameness_measure() -> None:
    copied = OVERVIEW_A.replace("统计公报", "统计年鉴") + PROBLEMS
    original = OVERVIEW_A + PROBLEMS
    assert len(narrative_letters(original)) >= MIN_CHARS
    share = containment(copied, original)
    assert share is not None and 0.9 < share < 1.0
    different = containment(OVERVIEW_B + PROBLEMS_B, original)
    assert different is not None and different < 0.2
    assert containment("短文。", original) is None  # too short to mean anything
    # digits, whitespace, punctuation and the standard headings do not count
    assert narrative_letters("## 一、总体情况\n\n2024 年，我局（本级）共 12 件。") == "年我局本级共件"


def test_sameness_warning_on_the_later_report_with_percentage() -> None:
    prev = parsed(stats_page(2023, OVERVIEW_A), "docs/reports/beihu/2023.md")
    cur = parsed(stats_page(2024, OVERVIEW_A.replace("统计公报", "统计年鉴")), "docs/reports/beihu/2024.md")
    found = sameness_findings(group_by_agency([prev, cur]))
    assert id(prev) not in found
    (f,) = found[id(cur)]
    assert f.rule == "T8" and f.severity == "warning"
    pct = f.values[0]
    assert isinstance(pct, int) and 90 <= pct <= 99
    assert f"{pct}%" in f.message and "docs/reports/beihu/2023.md" in f.message and "50%" in f.message
    assert sameness_findings(group_by_agency([prev, cur]), threshold=pct) == {}
    rewritten = parsed(stats_page(2024, OVERVIEW_B, problems=PROBLEMS_B), "docs/reports/beihu/2024.md")
    assert sameness_findings(group_by_agency([prev, rewritten])) == {}
