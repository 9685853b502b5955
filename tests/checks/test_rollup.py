"""A region's report against the sum of its departments' reports (T9) and departments without a
report (T10), ``checks/rollup.py``.  In a built site: ``tests/builds/test_assess_site.py``."""

from __future__ import annotations

from mkdocs_govreport.checks.rollup import rollup_findings
from tests.helpers.pages import dept_page, gov_page, parsed


def test_rollup_matches_the_sum_of_departments() -> None:
    a = parsed(dept_page("北湖区统计局", "beihu-stats", 2024, [10, 1, 0, 0, 0, 0], [8, 1, 0, 0, 0, 0], (1, 0, 0, 0)), "a.md")
    b = parsed(dept_page("北湖区教育局", "beihu-edu", 2024, [5, 0, 0, 0, 0, 2], [5, 0, 0, 0, 0, 1], (0, 1, 0, 0)), "b.md")
    gov = parsed(gov_page(2024, [15, 1, 0, 0, 0, 2], [13, 1, 0, 0, 0, 1], (1, 1, 0, 0), ["beihu-stats", "beihu-edu"]), "g.md")
    assert rollup_findings([a, b, gov]) == {}
    wrong = parsed(gov_page(2024, [16, 1, 0, 0, 0, 2], [14, 1, 0, 0, 0, 1], (2, 1, 0, 0), ["beihu-stats", "beihu-edu"]), "g.md")
    found = rollup_findings([a, b, wrong])[id(wrong)]
    assert {f.rule for f in found} == {"T9"}
    by_ptr = {f.pointer: f for f in found}
    f = by_ptr["/applications/new_received/natural_person"]
    assert f.values[:2] == (16, 15)
    assert "/applications/new_received/total" in f.pointers
    assert "北湖区统计局" in f.message and "16" in f.message and "15" in f.message
    assert by_ptr["/review_litigation/review/upheld"].values[:2] == (2, 1)


def test_rollup_lists_departments_without_a_report_and_does_not_compare() -> None:
    a = parsed(dept_page("北湖区统计局", "beihu-stats", 2024, [10, 1, 0, 0, 0, 0], [8, 1, 0, 0, 0, 0], (1, 0, 0, 0)), "a.md")
    a_2023 = parsed(dept_page("北湖区教育局", "beihu-edu", 2023, [5, 0, 0, 0, 0, 2], [5, 0, 0, 0, 0, 1], (0, 1, 0, 0)), "b.md")
    gov = parsed(gov_page(2024, [99, 1, 0, 0, 0, 2], [13, 1, 0, 0, 0, 1], (1, 1, 0, 0), ["beihu-stats", "beihu-edu", "beihu-water"]), "g.md")
    (f,) = rollup_findings([a, a_2023, gov])[id(gov)]
    assert f.rule == "T10" and f.values == ("beihu-edu", "beihu-water")
    assert "beihu-edu、beihu-water" in f.message and "2024" in f.message
    assert f.pointer == "/departments" and f.line is not None
