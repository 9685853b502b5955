"""Numbers of the narrative against the tables (rules T1–T4).

The tables are those of the real 平潭综合实验区 2025 report (fixture ``assess/pingtan/2025.md``):
new_received 154, carried_over 0, results.total 148, carried_forward 6, granted 33, partial 38,
denied 11, unavailable 53, not_processed 2, other 11, review 36 (upheld 25, corrected 3),
litigation 6 + 3 = 9, normative_docs issued 58 / repealed 45 / in_force 546.
Each phrasing is put in a page body under those tables and parsed for real.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_govreport import Report, parse_page, read_report_file
from mkdocs_govreport.checks import claims as claims_module
from mkdocs_govreport.checks import narrative
from mkdocs_govreport.checks.claims import extract_claims
from mkdocs_govreport.registry import RULES
from tests.helpers.paths import EXAMPLE, FIXTURES

FIXTURE = FIXTURES / "assess" / "docs" / "reports"
PINGTAN = (FIXTURE / "pingtan" / "2025.md").read_text(encoding="utf-8")
FRONT = PINGTAN[: PINGTAN.index("\n---\n") + 5]


def page(body: str, front: str = FRONT) -> Report:
    report = parse_page(front + "\n# 报告\n\n" + body + "\n", "docs/x.md")
    assert report is not None
    return report


def t_findings(report: Report) -> list[tuple[str, tuple[object, ...], str]]:
    return [(f.rule, f.values, f.pointer) for f in report.findings if f.rule.startswith("T")]


def claims(body: str, year: int = 2025) -> list[tuple[str, object]]:
    return [(c.kind, c.stated) for c in extract_claims(body, year)]


# -- consistent phrasings: read (a claim is extracted) and raise nothing ---------------------

CONSISTENT = [
    ("2025年，全区共收到政府信息公开申请154件，共办结148件，结转至2026年6件。", ["received", "handled", "carried_forward"]),
    ("全年共受理政府信息公开申请一百五十四件。", ["received"]),
    ("本年度新收政府信息公开申请154件，上年结转0件。", ["received", "carried_over"]),
    ("共收到154件政府信息公开申请。", ["received"]),
    ("共收到政府信息公开申请１５４件。", ["received"]),
    (
        "办理结果：予以公开33件，部分公开38件，不予公开11件，无法提供53件，不予处理2件，其他处理11件。",
        ["granted", "partial", "denied", "unavailable", "not_processed", "other"],
    ),
    ("依申请公开方面，其中予以公开33件、部分公开38件，予以公开及部分公开71件，占48.0%。", ["granted", "partial", "granted_or_partial", "granted_or_partial"]),
    ("依申请公开方面，予以公开和部分公开共71件，占办结总数的48%。", ["granted_or_partial", "granted_or_partial"]),
    ("依申请公开方面，予以公开33件，占比22.3%。", ["granted", "granted"]),
    ("依申请公开方面，予以公开33件，占收到申请总数的21.4%。", ["granted", "granted"]),
    ("因政府信息公开申请引发行政复议36起，其中维持25起、纠正3起；行政诉讼9起。", ["review", "review_upheld", "review_corrected", "litigation"]),
    ("发生政府信息公开行政诉讼案件9件，其中未经复议直接起诉6件、复议后起诉3件。", ["litigation", "litigation_direct", "litigation_after_review"]),
    ("全年制发行政规范性文件58件，废止行政规范性文件45件，现行有效行政规范性文件546件。", ["normative_issued", "normative_repealed", "normative_in_force"]),
    ("全年办理因政府信息公开申请引发的行政复议36起，行政诉讼9起。", ["review", "litigation"]),
    # “其中维持28件” after both case types: of which? not read
    ("全年共发生政府信息公开行政复议案件36件，行政诉讼案件9件，其中维持28件。", ["review", "litigation"]),
    (
        "2025年，本机关共收到政府信息公开申请154件（其中，网上申请100件，当面申请54件），上年结转0件，共办理154件，其中按时办结148件，结转下年度继续办理6件。",
        ["received", "carried_over", "handled_loose", "carried_forward"],
    ),
]


@pytest.mark.parametrize(("body", "kinds"), CONSISTENT)
def test_consistent_passages_are_read_and_raise_nothing(body: str, kinds: list[str]) -> None:
    assert [k for k, _ in claims(body)] == kinds
    assert t_findings(page(body)) == []


# -- contradictions: the right rule, both numbers, the cell -----------------------------------

CONTRADICTIONS = [
    ("全区共收到政府信息公开申请17件。", [("T1", (17, 154), "/applications/new_received/total")]),
    (
        "2025年共收到政府信息公开申请154件，共办结140件，结转至2026年8件，上年结转3件。",
        [
            ("T1", (140, 148), "/applications/results/total/total"),
            ("T1", (8, 6), "/applications/carried_forward/total"),
            ("T1", (3, 0), "/applications/carried_over/total"),
        ],
    ),
    ("依申请公开方面，其中予以公开及部分公开258件。", [("T2", (258, 71), "/applications/results")]),
    ("依申请公开方面，予以公开33件，占30.5%。", [("T2", ("30.5%", "22.3%"), "/applications/results/granted/total")]),
    ("依申请公开方面，不予公开12件。", [("T2", (12, 11), "/applications/results/denied")]),
    (
        "因政府信息公开引发行政复议30起，行政诉讼6起。",
        [("T3", (30, 36), "/review_litigation/review/total"), ("T3", (6, 9), "/review_litigation")],
    ),
    (
        "未发生因政府信息公开引起的行政复议和行政诉讼。",
        [("T3", (0, 36), "/review_litigation/review/total"), ("T3", (0, 9), "/review_litigation")],
    ),
    ("本年度未收到政府信息公开申请。", [("T1", (0, 154), "/applications/new_received/total")]),
    (
        "制发行政规范性文件60件，现行有效行政规范性文件500件。",
        [("T4", (60, 58), "/active/normative_docs/issued"), ("T4", (500, 546), "/active/normative_docs/in_force")],
    ),
    ("因政府信息公开申请引发行政复议36起，其中维持20起。", [("T3", (20, 25), "/review_litigation/review/upheld")]),
    ("全年共受理政府信息公开申请一百二十件。", [("T1", (120, 154), "/applications/new_received/total")]),
    (
        "没有发生因政府信息公开工作被行政复议、提起行政诉讼的情况。",
        [("T3", (0, 36), "/review_litigation/review/total"), ("T3", (0, 9), "/review_litigation")],
    ),
]


@pytest.mark.parametrize(("body", "expected"), CONTRADICTIONS)
def test_contradictions_name_rule_numbers_and_cell(body: str, expected: list[tuple[str, tuple[object, ...], str]]) -> None:
    assert t_findings(page(body)) == expected


# -- left alone: comparisons, approximations, parts, other bodies, other years, rates ----------

IGNORED = [
    "收到政府信息公开申请数量较上年增加17件。",
    "收到政府信息公开申请同比下降12件。",
    "收到政府信息公开申请近200件。",
    "收到政府信息公开申请150余件。",
    "通过门户网站累计主动公开政府信息7700余条。",
    "依申请公开方面，其中自然人申请151件，法人或其他组织申请3件。",
    "其中网上收到政府信息公开申请120件。",
    "区自然资源局收到政府信息公开申请80件。",
    "各部门共收到政府信息公开申请300件。",
    "2024年收到政府信息公开申请120件。",
    "受理行政许可申请2418件，收到人大代表建议12件。",
    "依申请公开答复率100%。",
    "全年办理行政复议案件120件。",
    "自2019年以来累计收到政府信息公开申请1000件。",
    "1-6月收到政府信息公开申请80件。",
    "因政府信息公开引发行政复议和行政诉讼共45起。",
    "未发生因政府信息公开行政复议被纠错的情况。",
    "本年度未发生政府信息公开行政复议被撤销、行政诉讼败诉的情况。",
    "依申请公开方面，分别予以公开、部分公开100，200件。",
    "2025年共收到政府信息公开申请154件，结转至2027年6件。",
    "依申请公开方面，共办结154件（含结转下年度6件）。",
    "关停运营不规范的政府网站1个、政务新媒体2个。",
    "```\n共收到政府信息公开申请17件。\n```",
    "<!-- 共收到政府信息公开申请17件。 -->",
]


@pytest.mark.parametrize("body", IGNORED)
def test_unrecognised_or_partial_phrasing_is_left_alone(body: str) -> None:
    assert t_findings(page(body)) == []


def test_finding_names_sentence_file_and_line() -> None:
    body = "## 一、总体情况\n\n第一段。\n\n（二）依申请公开情况。2025年，全区共收到政府信息公开申请17件，办结148件。\n"
    report = page(body)
    (f,) = [f for f in report.findings if f.rule == "T1"]
    text = FRONT + "\n# 报告\n\n" + body
    expected_line = next(i for i, line in enumerate(text.split("\n"), 1) if "17件" in line)
    assert (f.file, f.line) == ("docs/x.md", expected_line)
    assert "全区共收到政府信息公开申请17件" in f.message
    assert "17" in f.message and "154" in f.message
    assert f.severity == RULES["T1"].severity == "warning"


def test_the_real_pingtan_narrative_is_consistent() -> None:
    report = read_report_file(FIXTURE / "pingtan" / "2025.md")
    assert report is not None
    assert report.findings == []
    found = claims(report.body)
    assert found == [("received", 154), ("handled", 148), ("carried_forward", 6), ("review", 36), ("litigation", 9)]


def test_the_sample_text_as_extracted_raises_nothing(samples: Path) -> None:
    """The site archive's text, table cells run together, as one body: nothing misread."""
    text = (samples / "pingtan-2025.txt").read_text(encoding="utf-8").split("==================== 正文 ====================")[1]
    assert claims(text) == [("received", 154), ("handled", 148), ("carried_forward", 6), ("review", 36), ("litigation", 9)]
    assert t_findings(page(text)) == []


def test_real_style_contradictions_are_flagged_once_each() -> None:
    district = read_report_file(FIXTURE / "district" / "2024.md")
    province = read_report_file(FIXTURE / "province" / "2019.md")
    assert district is not None and province is not None
    assert t_findings(district) == [("T1", (17, 95), "/applications/new_received/total")]
    assert t_findings(province) == [("T2", (258, 275), "/applications/results")]
    # the consistent passages were read, not skipped
    assert len(extract_claims(district.body, 2024)) >= 15
    assert len(extract_claims(province.body, 2019)) >= 12


def test_example_site_report_raises_no_t_finding() -> None:
    report = read_report_file(EXAMPLE / "docs" / "reports" / "xigong-stats" / "2023.md")
    assert report is not None
    assert [f for f in report.findings if f.rule.startswith("T")] == []
    assert claims(report.body, 2023) == [("handled_loose", 0)]


def test_received_may_include_carried_over_handled_loose_any_reading() -> None:
    district = (FIXTURE / "district" / "2024.md").read_text(encoding="utf-8")
    front = district[: district.index("\n---\n") + 5]
    # new 95, carried over 2, results 91: “受理97件” reads as new + carried over
    assert t_findings(page("全年共受理政府信息公开申请97件。", front)) == []
    assert t_findings(page("依申请公开方面，全年办理政府信息公开申请91件。", front)) == []
    assert t_findings(page("依申请公开方面，全年办理政府信息公开申请97件。", front)) == []
    (f,) = [f for f in page("依申请公开方面，全年办理政府信息公开申请99件。", front).findings if f.rule == "T1"]
    assert f.values == (99, 91)


def test_missing_cells_are_not_compared() -> None:
    front = FRONT.replace("    new_received: [151, 3, 0, 0, 0, 0, 154]\n", "    new_received: [151, 3, 0, 0, 0]\n")
    report = page("全区共收到政府信息公开申请17件。", front)
    assert [f for f in report.findings if f.rule == "T1"] == []


# -- never a traceback ---------------------------------------------------------------------

_ALPHABET = st.sampled_from(
    list("0123456789０１２%％.,，。；：、（）()\n #-*|`<>!一二两三十百千万〇零件起宗余近约占共其中予以部分不公开处理办结收到受理结转上下年度行政复议诉讼维持纠正申请信息处理费元万未无五六")
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(_ALPHABET, max_size=300))
def test_any_narrative_is_read_without_error(text: str) -> None:
    report = page(text)
    found = claims_module.claim_findings(report) + narrative.fee_findings(report) + narrative.problems_findings(report)
    for f in found + narrative.numbering_findings(report):
        assert f.rule.startswith("T") and f.values
    for c in extract_claims(text, 2025):
        assert 0 <= c.start <= c.end <= len(text)


@pytest.mark.parametrize(
    ("text", "agency", "read"),
    [
        ("区统计局共收到政府信息公开申请3件。", "西工区统计局", True),  # its own name
        ("我局共收到政府信息公开申请3件。", "西工区统计局", True),
        ("市公安局共收到政府信息公开申请3件。", "西工区统计局", False),  # another agency
        ("区政府办公室共收到政府信息公开申请3件。", "西工区统计局", False),
        ("区政府办公室共收到政府信息公开申请3件。", "西工区人民政府办公室", True),
    ],
)
def test_own_name_is_not_another_body(text: str, agency: str, read: bool) -> None:
    assert bool(extract_claims(text, 2023, agency)) is read
