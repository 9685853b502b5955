"""The assessors' checks beyond single numbers: fees (T5), section 五 (T6), heading numbers (T7),
sameness with last year (T8), region roll-ups (T9/T10), acknowledgements, derived rates and
provenance — unit checks on parsed reports, then real site builds read back as HTML."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from crossyear_site import build_site, page_html, report_cells

from mkdocs_govreport import Report, parse_page
from mkdocs_govreport.checks.rollup import rollup_findings
from mkdocs_govreport.checks.sameness import MIN_CHARS, containment, narrative_letters, sameness_findings
from mkdocs_govreport.cli import main as cli_main
from mkdocs_govreport.core.collection import group_by_agency
from mkdocs_govreport.html.pages.agency import derived_rates
from mkdocs_govreport.registry import FORMATS, MIN_DENOMINATOR

FIXTURE = Path(__file__).parent / "fixtures" / "assess"

# ---------------------------------------------------------------------------------------
# Pages written for the tests


def row(values: list[int]) -> str:
    return "[" + ", ".join(str(v) for v in values) + "]"


def data_yaml(
    agency: str,
    agency_id: str,
    year: int,
    *,
    new: list[int],
    granted: list[int],
    partial: list[int] | None = None,
    not_held: list[int] | None = None,
    review: tuple[int, int, int, int] = (0, 0, 0, 0),
    kind: str = "department",
    extra: str = "",
) -> str:
    """A consistent 2021-format report (nothing carried over; the rest carried forward).

    Every table-三 row is written out, from the registry's own records."""
    zero = [0] * 6
    rows = {
        "new_received": new,
        "results.granted": granted,
        "results.partial": partial or zero,
        "results.unavailable.not_held": not_held or zero,
    }
    handled = [sum(v[i] for k, v in rows.items() if k.startswith("results.")) for i in range(6)]
    rows["carried_forward"] = [n - h for n, h in zip(new, handled, strict=True)]
    assert min(rows["carried_forward"]) >= 0
    lines = ["  applications:"]
    written: set[tuple[str, ...]] = set()
    for record in FORMATS["2021"].table("applications").records:
        if record.sum_of:
            continue
        for depth in range(len(record.path) - 1):
            group = record.path[: depth + 1]
            if group not in written:
                written.add(group)
                lines.append("    " + "  " * depth + f"{group[-1]}:")
        indent = "    " + "  " * (len(record.path) - 1)
        lines.append(f"{indent}{record.path[-1]}: {row(rows.get(record.key, zero))}")
    up, co, ot, pe = review
    apps = "\n".join(lines)
    return f"""---
govreport:
  agency: {agency}
  agency_id: {agency_id}
  kind: {kind}
  year: {year}
  active: zero
{apps}
  review_litigation:
    review: {{upheld: {up}, corrected: {co}, other: {ot}, pending: {pe}}}
    litigation_direct: {{upheld: 0, corrected: 0, other: 0, pending: 0}}
    litigation_after_review: {{upheld: 0, corrected: 0, other: 0, pending: 0}}
{extra}---
"""


OVERVIEW_A = (
    "本年度，我局坚持以公开为常态、不公开为例外，围绕统计调查、数据发布和统计执法等重点领域，持续推进决策、执行、管理、服务、结果公开。"
    "进一步健全政府信息公开工作机制，明确分管领导和具体承办人员，建立信息发布前保密审查和发布后跟踪检查制度。"
    "及时发布国民经济和社会发展统计公报、月度统计数据和统计分析报告，做好数据解读，回应社会关切。"
    "加强政府网站信息公开专栏建设，规范栏目设置，确保公开内容准确、完整、及时。"
)
OVERVIEW_B = (
    "这一年里，机关把优化营商环境作为政务公开的主线，重点梳理涉企政策清单，在门户网站开设惠企政策专区，集中发布减税降费、融资支持和人才引进等政策原文及图解。"
    "组织政策明白人进园区开展宣讲十余场，收集企业意见建议并逐条反馈办理结果。"
    "同时，试点推行政务公开体验官制度，邀请群众代表体验查阅政府信息的全过程，据此改进了检索功能和栏目导航。"
    "对照新版标准目录，逐项核对公开事项、公开时限和公开渠道。"
)
PROBLEMS_B = (
    "存在的不足：部分科室对依申请公开的办理时限把握不准，个别答复超期；新媒体平台信息更新频率偏低，互动回应不够及时。"
    "下一步将建立办理时限预警提醒，明确新媒体更新责任人，按月通报更新情况。"
)
PROBLEMS = (
    "主要问题：一是政策解读形式较为单一，图解、视频等解读占比不高；二是依申请公开答复文书的规范性有待提高。"
    "改进措施：丰富解读形式，加强答复文书合法性审查，组织业务培训。"
)


def body(overview: str, problems: str = PROBLEMS, other: str = "本年度未收取信息处理费。", received: str = "") -> str:
    return f"""
# 年度报告

## 一、总体情况

{overview}

{received}

## 二、主动公开政府信息情况

## 三、收到和处理政府信息公开申请情况

## 四、政府信息公开行政复议、行政诉讼情况

## 五、存在的主要问题及改进情况

{problems}

## 六、其他需要报告的事项

{other}
"""


def write(project: Path, rel: str, text: str) -> Path:
    path = project / "docs" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def new_project(tmp_path: Path, extra_config: str = "") -> Path:
    project = tmp_path / "site-src"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(
        f"site_name: 测试站\nplugins:\n  - govreport{extra_config}\n", encoding="utf-8"
    )
    (project / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    return project


def parsed(text: str, file: str = "docs/x.md") -> Report:
    report = parse_page(text, file)
    assert report is not None
    return report


# everything handled within the year: consecutive years need no carry-over (W2)
SIMPLE = dict(new=[40, 5, 0, 0, 0, 0], granted=[20, 3, 0, 0, 0, 0], partial=[10, 1, 0, 0, 0, 0], not_held=[10, 1, 0, 0, 0, 0])


def stats_page(year: int, overview: str, **kw: object) -> str:
    return data_yaml("北湖区统计局", "beihu-stats", year, **SIMPLE) + body(overview, **kw)  # type: ignore[arg-type]


def rules_of(report: Report) -> list[str]:
    return [f.rule for f in report.findings]


# ---------------------------------------------------------------------------------------
# T5, T6, T7 — per report


def test_fee_contradiction_names_both_statements() -> None:
    text = stats_page(2024, OVERVIEW_A + "全年依申请收取信息处理费200元。")
    report = parsed(text)
    (f,) = [f for f in report.findings if f.rule == "T5"]
    assert f.values[0] == 200 and f.values[1] == 0
    assert f.line == next(i for i, line in enumerate(text.split("\n"), 1) if "200元" in line)
    assert "200 元" in f.message and "未收取" in f.message


def test_fee_statements_that_agree_raise_nothing() -> None:
    assert "T5" not in rules_of(parsed(stats_page(2024, OVERVIEW_A + "本年度未收取信息处理费。")))
    assert "T5" not in rules_of(parsed(stats_page(2024, OVERVIEW_A, other="2025年，无收取信息处理费情况。")))
    both = stats_page(2024, OVERVIEW_A + "共收取信息处理费0.02万元。", other="本年度收取信息处理费200元。")
    assert "T5" not in rules_of(parsed(both))


@pytest.mark.parametrize("problems", ["无", "无。", "暂无。", "", "<!-- 待写 -->"])
def test_section_five_empty_or_only_none(problems: str) -> None:
    text = stats_page(2024, OVERVIEW_A, problems=problems)
    report = parsed(text)
    (f,) = [f for f in report.findings if f.rule == "T6"]
    assert f.line == next(i for i, line in enumerate(text.split("\n"), 1) if line.startswith("## 五、"))


def test_section_five_with_content_is_fine() -> None:
    assert "T6" not in rules_of(parsed(stats_page(2024, OVERVIEW_A)))
    assert "T6" not in rules_of(parsed(stats_page(2024, OVERVIEW_A, problems="无明显问题，但解读形式仍需丰富。")))


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        ("一三三", [("（三）", "（二）", 1)]),  # a typo for （二）: the next number confirms it
        ("一三四", [("（三）", "（二）", 1)]),  # （二） skipped: counting goes on from （三）
        ("一二二四", [("（二）", "（三）", 2)]),  # repeated
        ("二三", [("（二）", "（一）", 0)]),  # does not start at （一）
        ("一二三", []),
    ],
)
def test_heading_numbers_skipping_or_repeating(numbers: str, expected: list[tuple[str, str, int]]) -> None:
    overview = "\n\n".join(f"（{n}）第{k}项工作。内容。" for k, n in enumerate(numbers))
    text = stats_page(2024, overview)
    t7 = [f for f in parsed(text).findings if f.rule == "T7"]
    lines = text.split("\n")
    assert [(f.values[0], f.values[1], int(lines[f.line - 1][4])) for f in t7] == expected
    assert all(f.severity == "warning" and f.file == "docs/x.md" for f in t7)


def test_heading_numbers_restart_under_each_section_and_accept_half_width() -> None:
    overview = "(一) 主动公开情况。\n\n(二) 依申请公开情况。"
    text = stats_page(2024, overview, problems="（一）存在的问题。内容。\n\n（二）改进措施。内容。")
    assert "T7" not in rules_of(parsed(text))
    broken = text.replace("## 五、存在的主要问题及改进情况", "## 四、存在的主要问题及改进情况")
    t7 = [f for f in parsed(broken).findings if f.rule == "T7"]
    assert [f.values for f in t7] == [("四、", "五、")]


# ---------------------------------------------------------------------------------------
# T8 — sameness with last year


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


def _sameness_project(tmp_path: Path, extra_config: str = "", ack: str = "") -> tuple[Path, Path]:
    project = new_project(tmp_path, extra_config)
    write(project, "reports/beihu/2023.md", stats_page(2023, OVERVIEW_A))
    later = stats_page(2024, OVERVIEW_A.replace("统计公报", "统计年鉴"))
    if ack:
        later = later.replace("---\n\n# 年度报告", ack + "---\n\n# 年度报告", 1)
    path = write(project, "reports/beihu/2024.md", later)
    return project, path


def test_sameness_shown_on_the_report_page_and_fails_strict(tmp_path: Path) -> None:
    project, _ = _sameness_project(tmp_path)
    site, messages, ok = build_site(project, strict=True)
    assert not ok
    (msg,) = [m for m in messages if "[T8]" in m]
    pct = re.search(r"有 (\d+)% 与上一年度", msg)
    assert pct is not None
    html = page_html(site, "reports/beihu/2024.md")
    assert "T8" in html and f"{pct.group(1)}%" in html and "reports/beihu/2023.md" in html
    assert "T8" not in page_html(site, "reports/beihu/2023.md")


def test_sameness_threshold_option(tmp_path: Path) -> None:
    project, _ = _sameness_project(tmp_path, "\n      sameness_threshold: 99".replace("\n      ", ":\n      ", 1))
    _site, messages, ok = build_site(project, strict=True)
    assert ok, messages
    bad = new_project(tmp_path / "bad", ":\n      sameness_threshold: 150")
    _site, messages, ok = build_site(bad)
    assert not ok


# ---------------------------------------------------------------------------------------
# Acknowledgements: shown, stop failing --strict, stale when the numbers change


def _pct_of(project: Path) -> int:
    _site, messages, _ok = build_site(project)
    (msg,) = [m for m in messages if "[T8]" in m]
    m = re.search(r"有 (\d+)% 与上一年度", msg)
    assert m is not None
    return int(m.group(1))


def test_acknowledged_sameness_passes_strict_and_goes_stale(tmp_path: Path) -> None:
    project, path = _sameness_project(tmp_path)
    pct = _pct_of(project)
    ack = (
        "  acknowledge:\n"
        "    - rule: T8\n"
        f"      numbers: [{pct}]\n"
        "      reason: 本局职责稳定，工作机制部分沿用上年表述，已由办公室审核。\n"
    )
    text = path.read_text(encoding="utf-8").replace("---\n\n# 年度报告", ack + "---\n\n# 年度报告", 1)
    path.write_text(text, encoding="utf-8")
    site, messages, ok = build_site(project, strict=True)
    assert ok, messages
    html = page_html(site, "reports/beihu/2024.md")
    assert "已说明" in html and "工作机制部分沿用上年表述" in html
    # the text changes: the share changes, the explanation no longer fits
    path.write_text(text.replace("做好数据解读，回应社会关切。", "围绕新兴产业统计监测，开展专题数据发布和解读。"), encoding="utf-8")
    site, messages, ok = build_site(project, strict=True)
    assert not ok
    (msg,) = [m for m in messages if "[T8]" in m]
    assert "说明已过期" in msg and str(pct) in msg
    assert "说明已过期" in page_html(site, "reports/beihu/2024.md")


def test_acknowledged_prose_contradiction_passes_strict_and_goes_stale(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    src = (FIXTURE / "docs" / "reports" / "district" / "2024.md").read_text(encoding="utf-8")
    path = write(project, "reports/district/2024.md", src)
    site, messages, ok = build_site(project, strict=True)
    assert not ok and any("[T1]" in m and "17" in m and "95" in m for m in messages)
    cells, classes = report_cells(page_html(site, "reports/district/2024.md"))
    assert cells["/applications/new_received/total"] == "95"
    assert "gr-flag" in classes["/applications/new_received/total"]
    ack = (
        "  acknowledge:\n"
        "    - rule: T1\n"
        "      cell: /applications/new_received/total\n"
        "      numbers: [17, 95]\n"
        "      reason: 原报告正文“17件”为笔误，以表格为准，已向发布机关核实。\n"
    )
    acked = src.replace("---\n\n# 东湖区", ack + "---\n\n# 东湖区", 1)
    path.write_text(acked, encoding="utf-8")
    site, messages, ok = build_site(project, strict=True)
    assert ok, messages
    html = page_html(site, "reports/district/2024.md")
    assert "原报告正文“17件”为笔误" in html
    _cells, classes = report_cells(html)
    assert "gr-flag-ack" in classes["/applications/new_received/total"]
    path.write_text(acked.replace("政府信息公开申请17件", "政府信息公开申请19件"), encoding="utf-8")
    _site, messages, ok = build_site(project, strict=True)
    assert not ok
    (msg,) = [m for m in messages if "[T1]" in m]
    assert "说明已过期" in msg and "17 / 95" in msg and "19 / 95" in msg


# ---------------------------------------------------------------------------------------
# T9 / T10 — region roll-up


def _dept(agency: str, aid: str, year: int, new: list[int], granted: list[int], review: tuple[int, int, int, int]) -> str:
    return data_yaml(agency, aid, year, new=new, granted=granted, review=review) + body(OVERVIEW_B)


def _gov(year: int, new: list[int], granted: list[int], review: tuple[int, int, int, int], departments: list[str]) -> str:
    extra = "  departments: [" + ", ".join(departments) + "]\n"
    return data_yaml("北湖区人民政府", "beihu-gov", year, new=new, granted=granted, review=review, kind="government", extra=extra) + body(OVERVIEW_A)


def test_rollup_matches_the_sum_of_departments() -> None:
    a = parsed(_dept("北湖区统计局", "beihu-stats", 2024, [10, 1, 0, 0, 0, 0], [8, 1, 0, 0, 0, 0], (1, 0, 0, 0)), "a.md")
    b = parsed(_dept("北湖区教育局", "beihu-edu", 2024, [5, 0, 0, 0, 0, 2], [5, 0, 0, 0, 0, 1], (0, 1, 0, 0)), "b.md")
    gov = parsed(_gov(2024, [15, 1, 0, 0, 0, 2], [13, 1, 0, 0, 0, 1], (1, 1, 0, 0), ["beihu-stats", "beihu-edu"]), "g.md")
    assert rollup_findings([a, b, gov]) == {}
    wrong = parsed(_gov(2024, [16, 1, 0, 0, 0, 2], [14, 1, 0, 0, 0, 1], (2, 1, 0, 0), ["beihu-stats", "beihu-edu"]), "g.md")
    found = rollup_findings([a, b, wrong])[id(wrong)]
    assert {f.rule for f in found} == {"T9"}
    by_ptr = {f.pointer: f for f in found}
    f = by_ptr["/applications/new_received/natural_person"]
    assert f.values[:2] == (16, 15)
    assert "/applications/new_received/total" in f.pointers
    assert "北湖区统计局" in f.message and "16" in f.message and "15" in f.message
    assert by_ptr["/review_litigation/review/upheld"].values[:2] == (2, 1)


def test_rollup_lists_departments_without_a_report_and_does_not_compare() -> None:
    a = parsed(_dept("北湖区统计局", "beihu-stats", 2024, [10, 1, 0, 0, 0, 0], [8, 1, 0, 0, 0, 0], (1, 0, 0, 0)), "a.md")
    a_2023 = parsed(_dept("北湖区教育局", "beihu-edu", 2023, [5, 0, 0, 0, 0, 2], [5, 0, 0, 0, 0, 1], (0, 1, 0, 0)), "b.md")
    gov = parsed(_gov(2024, [99, 1, 0, 0, 0, 2], [13, 1, 0, 0, 0, 1], (1, 1, 0, 0), ["beihu-stats", "beihu-edu", "beihu-water"]), "g.md")
    (f,) = rollup_findings([a, a_2023, gov])[id(gov)]
    assert f.rule == "T10" and f.values == ("beihu-edu", "beihu-water")
    assert "beihu-edu、beihu-water" in f.message and "2024" in f.message
    assert f.pointer == "/departments" and f.line is not None


def test_rollup_in_a_built_site(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    write(project, "reports/stats/2024.md", _dept("北湖区统计局", "beihu-stats", 2024, [10, 1, 0, 0, 0, 0], [8, 1, 0, 0, 0, 0], (1, 0, 0, 0)))
    write(project, "reports/gov/2024.md", _gov(2024, [12, 1, 0, 0, 0, 0], [8, 1, 0, 0, 0, 0], (1, 0, 0, 0), ["beihu-stats"]))
    site, messages, ok = build_site(project, strict=True)
    assert not ok
    assert any("[T9]" in m and "reports/gov/2024.md" in m for m in messages)
    html = page_html(site, "reports/gov/2024.md")
    _cells, classes = report_cells(html)
    assert "gr-flag" in classes["/applications/new_received/natural_person"]
    agency = (site / "reports-index" / "agencies" / "beihu-gov" / "index.html").read_text(encoding="utf-8")
    assert "T9" in agency


# ---------------------------------------------------------------------------------------
# Derived rates and provenance


def test_derived_rates_formula_and_small_denominators() -> None:
    big = parsed(data_yaml("甲局", "jia", 2024, new=[60, 0, 0, 0, 0, 0], granted=[30, 0, 0, 0, 0, 0], partial=[6, 0, 0, 0, 0, 0], not_held=[12, 0, 0, 0, 0, 0], review=(1, 1, 0, 0)) + body(OVERVIEW_A))
    small = parsed(data_yaml("甲局", "jia", 2023, **SIMPLE) + body(OVERVIEW_A))
    rates = derived_rates({2024: big, 2023: small})
    granted_2024 = rates[2024][0]
    assert (granted_2024.numerator, granted_2024.denominator) == (36, 48)
    assert str(granted_2024.percent) == "75.0"
    assert rates[2024][1].percent is None and "小于 30" in rates[2024][1].note  # 2 decided reviews
    assert rates[2023][0].denominator == 45 and rates[2023][0].percent is not None
    assert MIN_DENOMINATOR == 30


def test_agency_page_shows_rates_with_formulas(tmp_path: Path) -> None:
    project = tmp_path / "site-src"
    shutil.copytree(FIXTURE, project)
    site, messages, ok = build_site(project)
    assert ok, messages
    html = (site / "reports-index" / "agencies" / "pingtan" / "index.html").read_text(encoding="utf-8")
    assert "（予以公开 + 部分公开）÷ 办理结果总计" in html
    assert "48.0%" in html and "71/148" in html  # (33 + 38) / 148
    assert "8.3%" in html and "3/36" in html  # review corrected 3 / decided 36
    assert "分母 9 小于 30" in html  # lawsuits: 9 decided, too few


def test_provenance_block_on_the_report_page(tmp_path: Path) -> None:
    project = tmp_path / "site-src"
    shutil.copytree(FIXTURE, project)
    site, _messages, _ok = build_site(project)
    html = page_html(site, "reports/pingtan/2025.md")
    block = re.search(r'<div class="gr-provenance".*?</dl></div>', html, re.S)
    assert block is not None
    text = block.group(0)
    assert 'href="https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202603/t20260313_105587.htm"' in text
    assert "fca4db165a47f218145e380c920191861dd6eafa4e7298be18d17c0f0a798f8f" in text
    assert "govreport-import 0.1" in text and "2026-03-20" in text
    assert "gr-provenance" not in page_html(site, "reports/district/2024.md")


def test_provenance_is_escaped_and_only_http_links(tmp_path: Path) -> None:
    project = new_project(tmp_path)
    prov = (
        "  provenance:\n"
        "    source: \"javascript:alert(1)\"\n"
        "    importer: \"<script>alert(1)</script>\"\n"
        "    findings:\n"
        "      - \"表三第 3 行原文为空，未写入（<b>不当作 0</b>）\"\n"
    )
    write(project, "reports/x/2024.md", data_yaml("乙局", "yi", 2024, **SIMPLE, extra=prov) + body(OVERVIEW_A))
    site, _messages, _ok = build_site(project)
    html = page_html(site, "reports/x/2024.md")
    block = re.search(r'<div class="gr-provenance".*?</dl></div>', html, re.S)
    assert block is not None
    assert "<a " not in block.group(0) and "<script>" not in block.group(0) and "&lt;script&gt;" in block.group(0)
    assert "导入时的说明" in block.group(0) and "&lt;b&gt;不当作 0&lt;/b&gt;" in block.group(0)


# ---------------------------------------------------------------------------------------
# The command line sees the cross-report checks too


def test_cli_validate_reports_sameness(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project, _ = _sameness_project(tmp_path)
    code = cli_main(["validate", str(project / "docs")])
    out = capsys.readouterr()
    assert "[T8]" in out.out
    assert code != 0
