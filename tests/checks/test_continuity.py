"""Cross-year rules W1, W2, W3 (and duplicate years) on parsed reports of the fixture site
``tests/fixtures/crossyear``.  The same in built sites: ``tests/builds/test_crossyear_site.py``."""

from __future__ import annotations

from mkdocs_govreport import Report, parse_page
from mkdocs_govreport.checks.continuity import continuity_findings
from mkdocs_govreport.core.collection import group_by_agency
from tests.helpers.pages import without_acknowledgements
from tests.helpers.paths import FIXTURES

REPORTS = FIXTURES / "crossyear" / "docs" / "reports"


def text_of(rel: str) -> str:
    return (REPORTS / rel).read_text(encoding="utf-8")


def parse(rel: str, text: str | None = None) -> Report:
    report = parse_page(text if text is not None else text_of(rel), f"docs/reports/{rel}")
    assert report is not None
    return report


def line_of(text: str, needle: str) -> int:
    for i, line in enumerate(text.split("\n"), 1):
        if needle in line:
            return i
    raise AssertionError(needle)


def findings_of(*reports: Report) -> dict[str, list]:
    cross = continuity_findings(group_by_agency(reports))
    return {r.file: cross.get(id(r), []) for r in reports}


def test_fixture_reports_are_clean_on_their_own() -> None:
    for path in sorted(REPORTS.rglob("*.md")):
        report = parse(str(path.relative_to(REPORTS)))
        assert [f for f in report.findings if not f.acknowledged] == [], path


def test_w2_mismatch_names_both_numbers_file_line_and_cell() -> None:
    later_text = without_acknowledgements(text_of("dongcheng-stats/2022.md"))
    prev, cur = parse("dongcheng-stats/2021.md"), parse("dongcheng-stats/2022.md", later_text)
    found = findings_of(prev, cur)
    assert found[prev.file] == []
    (w2,) = found[cur.file]
    assert w2.rule == "W2" and w2.severity == "warning"
    assert w2.pointer == "/applications/carried_over/natural_person"
    assert w2.values == (1, 2)
    assert w2.file == "docs/reports/dongcheng-stats/2022.md"
    assert w2.line == line_of(later_text, "carried_over:")
    assert "为 1" in w2.message and "为 2" in w2.message
    assert "docs/reports/dongcheng-stats/2021.md" in w2.message and "2021" in w2.message
    assert "上年结转" in w2.message and "结转下年度继续办理" in w2.message and "自然人" in w2.message


def test_w2_holds_across_the_2020_to_2021_format_change() -> None:
    prev, cur = parse("dongcheng-stats/2020.md"), parse("dongcheng-stats/2021.md")
    assert prev.format_id == "2019" and cur.format_id == "2021"
    assert findings_of(prev, cur)[cur.file] == []
    broken = text_of("dongcheng-stats/2021.md").replace("carried_over: [1, 0, 0, 0, 0, 0]", "carried_over: [0, 0, 0, 0, 0, 0]")
    broken = broken.replace("new_received: [8, 2, 0, 0, 0, 1]", "new_received: [9, 2, 0, 0, 0, 1]")  # keep R1 true
    cur = parse("dongcheng-stats/2021.md", broken)
    assert [f for f in cur.findings if not f.acknowledged] == []
    (w2,) = findings_of(prev, cur)[cur.file]
    assert (w2.rule, w2.values) == ("W2", (0, 1))


def test_w1_in_force_continuity_2021_format() -> None:
    prev, cur = parse("dongcheng-edu/2022.md"), parse("dongcheng-edu/2023.md")
    assert findings_of(prev, cur)[cur.file] == []
    text = text_of("dongcheng-edu/2023.md").replace("in_force: 9}", "in_force: 10}")
    cur = parse("dongcheng-edu/2023.md", text)
    (w1,) = findings_of(prev, cur)[cur.file]
    assert w1.rule == "W1" and w1.pointer == "/active/normative_docs/in_force"
    assert w1.values == (10, 9)
    assert "8" in w1.message and "10" in w1.message and "9" in w1.message
    assert w1.line == line_of(text, "normative_docs:")


def test_w3_item_continuity_2019_format_only() -> None:
    prev, cur = parse("dongcheng-gov/2019.md"), parse("dongcheng-gov/2020.md")
    assert findings_of(prev, cur)[cur.file] == []
    text = text_of("dongcheng-gov/2020.md").replace("prev_year_items: 105", "prev_year_items: 104")
    cur = parse("dongcheng-gov/2020.md", text)
    (w3,) = findings_of(prev, cur)[cur.file]
    assert w3.rule == "W3" and w3.pointer == "/active/licensing/prev_year_items"
    assert w3.values == (104, 105)
    assert "100" in w3.message and "104" in w3.message and "105" in w3.message
    # W1 and W3 do not apply across the format change (2020 in 2019 format -> 2021)
    assert findings_of(parse("dongcheng-gov/2020.md"), parse("dongcheng-gov/2021.md"))["docs/reports/dongcheng-gov/2021.md"] == []


def test_only_consecutive_years_are_compared() -> None:
    prev = parse("dongcheng-stats/2020.md")
    text = text_of("dongcheng-stats/2022.md")  # carried_over 1 == 2020's carried_forward, but 2021 is absent
    cur = parse("dongcheng-stats/2022.md", text.replace("carried_over: [1,", "carried_over: [1,"))
    assert findings_of(prev, cur)[cur.file] == []


def test_rename_keeps_agency_id_and_is_compared() -> None:
    prev, cur = parse("dongcheng-stats/2021.md"), parse("dongcheng-stats/2022.md")
    assert prev.agency != cur.agency and prev.agency_id == cur.agency_id
    (w2,) = findings_of(prev, cur)[cur.file]
    assert w2.rule == "W2"


def test_same_agency_and_year_twice_is_a_finding() -> None:
    first = parse("dongcheng-edu/2023.md")
    second = parse("dongcheng-edu/2023.md", text_of("dongcheng-edu/2023.md"))
    second.file = second.data_file = "docs/reports/dongcheng-edu/2023_copy.md"
    found = findings_of(first, second)
    assert found[first.file] == []
    (dup,) = found[second.file]
    assert dup.rule == "S" and dup.severity == "error" and dup.pointer == "/year"
    assert "docs/reports/dongcheng-edu/2023.md" in dup.message and "2023" in dup.message
