"""Nothing passes silently (issue 13): pages that look like reports without data, unfinished
templates, one agency under two ids, explanations that explain nothing, follow-on errors, and
every kind of text that could smuggle markup, direction overrides or formulas."""

from __future__ import annotations

import textwrap
from pathlib import Path

import markdown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_govreport import check_reports, parse_page
from mkdocs_govreport.core.yamlload import load
from mkdocs_govreport.exports.downloads import neutralise
from mkdocs_govreport.html.escape import inert_markdown
from mkdocs_govreport.html.pages.common import agency_slug
from mkdocs_govreport.registry import FORMATS
from mkdocs_govreport.template import new_report_page

ROOT = Path(__file__).resolve().parents[2]
CLEAN = (ROOT / "example_site" / "docs" / "reports" / "xigong-stats" / "2024.md").read_text(encoding="utf-8")


def _page(data: str, body: str = "") -> str:
    return "---\n" + textwrap.dedent(data).strip("\n") + "\n---\n" + textwrap.dedent(body)


ZERO_TABLES = """
govreport:
  agency: 测试局
  agency_id: test
  year: 2024
  published: 2025-01-10
  active: zero
  applications: zero
  review_litigation: zero
"""

BODY = "\n".join(f"## {h}\n\n正文。\n" for h in ("一、总体情况", "五、存在的主要问题及改进情况")) + "\n## 六、其他需要报告的事项\n\n本年度未收取信息处理费。\n"


# ---------------------------------------------------------------------------------------
# Pages that look like reports but carry no report data


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["govreprot", "govrepot", "gov_report", "GovReport", "govreports", "govrport", "goverport", "govreport_"]))
def test_a_mistyped_data_key_is_an_error_at_its_line(key: str) -> None:
    text = CLEAN.replace("govreport:", f"{key}:", 1)
    report = parse_page(text, "r.md")
    assert report is not None, key
    (f,) = [f for f in report.findings if f.rule == "S"]
    assert f.line == 2 and key in f.message and "govreport" in f.message
    assert report.fmt is None and not report.has_data


def test_markers_or_standard_headings_without_data_are_errors() -> None:
    marker = parse_page("---\ntitle: x\n---\n# 标题\n\n<!-- govreport 表三 -->\n", "m.md")
    assert marker is not None and [f.line for f in marker.findings] == [6]
    headings = "".join(f"## {s.heading}\n\n文字\n\n" for s in FORMATS["2021"].sections)
    page = parse_page("---\ntitle: x\n---\n" + headings, "h.md")
    assert page is not None and page.findings[0].rule == "S" and "标准章节" in page.findings[0].message
    # an ordinary page, or one quoting the headings inside a code block, is not a report
    assert parse_page("---\ntitle: 说明\n---\n# 写作指南\n\n```markdown\n" + headings + "<!-- govreport 表三 -->\n```\n", "d.md") is None
    assert parse_page("# 首页\n\n## 一、总体情况\n", "i.md") is None


# ---------------------------------------------------------------------------------------
# An unfinished template; any agency name round-trips


def test_an_untouched_template_is_not_a_finished_report() -> None:
    report = parse_page(new_report_page("西工区统计局", 2024), "new.md")
    assert report is not None
    rules = [f.rule for f in report.findings]
    assert "W8" in rules  # no publication date
    assert rules.count("W9") == 3  # 一 and 五 placeholders, the fee placeholder under 六
    assert all(f.severity == "warning" for f in report.findings)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=40).filter(lambda s: s.strip() != ""))
def test_any_agency_name_round_trips_through_a_new_page(name: str) -> None:
    report = parse_page(new_report_page(name, 2024), "new.md")
    assert report is not None
    assert report.data.get("agency") == name
    # never a broken page: every finding is about the content, none about the YAML itself
    assert not [f for f in report.findings if "YAML" in f.message]


# ---------------------------------------------------------------------------------------
# W10, W11


def test_one_agency_under_two_ids_is_reported() -> None:
    a = parse_page(_page(ZERO_TABLES.replace("year: 2024", "year: 2023").replace("2025-01-10", "2024-01-10"), BODY), "a.md")
    b = parse_page(_page(ZERO_TABLES.replace("agency_id: test", "agency_id: test-2"), BODY), "b.md")
    assert a is not None and b is not None
    check_reports([a, b])
    (f,) = [f for f in b.findings if f.rule == "W10"]
    assert "test" in f.message and "test-2" in f.message and f.pointer == "/agency_id"
    assert not [f for f in a.findings if f.rule == "W10"]


def test_an_explanation_that_explains_nothing_is_reported() -> None:
    data = ZERO_TABLES + "  acknowledge:\n    - rule: W2\n      cell: /applications/carried_over/natural_person\n      reason: 上年结转数字按新口径统计\n"
    report = parse_page(_page(data, BODY), "r.md")
    assert report is not None
    check_reports([report])
    (f,) = [f for f in report.findings if f.rule == "W11"]
    assert "W2" in f.message and f.line == 11  # the line of the acknowledgement item
    # ignored rules explain nothing either way
    report = parse_page(_page(data, BODY), "r.md")
    assert report is not None
    check_reports([report], levels={"W2": "ignore"})
    assert not [f for f in report.findings if f.rule == "W11"]


# ---------------------------------------------------------------------------------------
# One mistake, one finding; findings in line order


CELLS = [(r, f) for r in ("new_received", "carried_over", "granted", "partial", "carried_forward") for f in range(6)]


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(CELLS), st.integers(min_value=1, max_value=50))
def test_one_mistyped_number_is_one_arithmetic_finding(cell: tuple[str, int], delta: int) -> None:
    rows = {"new_received": [5, 1, 0, 0, 0, 0, 6], "carried_over": [1, 0, 0, 0, 0, 0, 1], "granted": [3, 1, 0, 0, 0, 0, 4],
            "partial": [1, 0, 0, 0, 0, 0, 1], "carried_forward": [2, 0, 0, 0, 0, 0, 2]}  # fmt: skip
    row, col = cell
    rows[row][col] += delta
    data = f"""
    govreport:
      agency: 测试局
      year: 2024
      published: 2025-01-10
      active: zero
      review_litigation: zero
      applications:
        new_received: {rows["new_received"]}
        carried_over: {rows["carried_over"]}
        results:
          granted: {rows["granted"]}
          partial: {rows["partial"]}
          denied: zero
          unavailable: zero
          not_processed: zero
          other: zero
          total: [4, 1, 0, 0, 0, 0, 5]
        carried_forward: {rows["carried_forward"]}
    """
    report = parse_page(_page(data, BODY), "r.md")
    assert report is not None
    arithmetic = [f for f in report.findings if f.rule in ("R1", "R2", "R3")]
    assert len(arithmetic) == 1, [f.message for f in arithmetic]


def test_findings_are_listed_in_line_order() -> None:
    data = ZERO_TABLES.replace("  published: 2025-01-10\n", "").replace("agency: 测试局", "agency: \"<b>测试局</b>\"")
    report = parse_page(_page(data, "# 报告\n\n## 五、存在的主要问题及改进情况\n\n无\n"), "r.md")
    assert report is not None
    lines = [f.line or 0 for f in report.findings if f.file == "r.md"]
    assert lines == sorted(lines) and len(lines) >= 3


# ---------------------------------------------------------------------------------------
# Messages in Chinese, at the line that is wrong


def test_comma_inside_a_flow_mapping_keeps_the_decimals_in_the_advice() -> None:
    loaded = load("active: {admin_fees: {amount: 1,234.5}}\n")
    (p,) = loaded.problems
    assert "1234.5" in p.message and p.line == 1


def test_yaml_syntax_errors_are_chinese_at_the_wrong_line() -> None:
    cases = {
        "a: [1, 2, 3\nb: 2\n": 1,  # unclosed bracket: its own line, not where the parser noticed
        'a: "abc\nb: 2\n': 1,
        "a: 1\nb\nc: 2\n": 2,
        "govreport:\n  agency: x\n year: 2024\n": 3,
    }
    for text, line in cases.items():
        (p,) = load(text).problems
        assert p.line == line, (text, p)
        assert p.message.startswith("YAML 语法错误：") and not any("a" <= ch <= "z" for ch in p.message.split("：", 1)[1][:12])


# ---------------------------------------------------------------------------------------
# Text that could become markup, formulas, direction tricks


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=60))
def test_names_in_markdown_show_exactly_as_typed(text: str) -> None:
    html = markdown.markdown(inert_markdown(text), extensions=["tables", "toc"])
    import html as html_lib
    import re

    shown = html_lib.unescape(re.sub(r"</?p>", "", html)).strip()
    assert shown == " ".join(text.split())
    assert "<" not in re.sub(r"</?p>", "", html)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_csv_cells_never_start_a_formula(text: str) -> None:
    out = neutralise(text)
    assert not (isinstance(out, str) and out[:1] in ("=", "+", "@", "\t", "\r")) or out == text == ""
    if out != text:
        assert out == "'" + text


def test_numbers_stay_numbers_in_csv() -> None:
    assert neutralise("-3") == "-3" and neutralise("12.50") == "12.50" and neutralise("-x") == "'-x"


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_an_invalid_agency_id_never_takes_a_valid_ids_page(agency_id: str) -> None:
    import re

    slug = agency_slug(agency_id)
    if not re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,99}", agency_id) or ".." in agency_id:
        assert "~" in slug and not re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,99}", slug)


def test_direction_overrides_and_zero_width_characters_are_errors() -> None:
    for ch in ("\u202e", "\u200b", "\u2066", "\ufeff"):
        report = parse_page(new_report_page(f"西工区{ch}统计局", 2024), "r.md")
        assert report is not None
        assert any(f.rule == "S" and f"U+{ord(ch):04X}" in f.message for f in report.findings), ch


def test_a_utf16_page_is_named_as_such() -> None:
    report = parse_page(CLEAN.encode("utf-16"), "r.md")
    assert report is not None and "UTF-16" in report.findings[0].message and not report.readable


def test_amounts_keep_at_most_fifteen_significant_digits() -> None:
    for written in ("amount: 1234567.123456789", 'amount: "1234567.123456789"'):
        data = ZERO_TABLES.replace("active: zero", "active: {regulations: zero, normative_docs: zero, licensing: zero, penalty: zero, coercion: zero, admin_fees: {" + written + "}}")
        report = parse_page(_page(data, BODY), "r.md")
        assert report is not None
        assert report.value("/active/admin_fees/amount") is None  # refused, never rounded
        assert any("15" in f.message for f in report.findings if f.rule == "S"), written
