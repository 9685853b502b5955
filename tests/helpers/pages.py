"""Report pages written for the tests.

:func:`page` wraps YAML and a body into a page.  :func:`data_yaml` writes a consistent 2021-format
report (every table-三 row from the registry), :func:`body` the six standard sections around a
narrative; the ``OVERVIEW_*``/``PROBLEMS*`` texts are long enough for the sameness check (T8).
"""

from __future__ import annotations

import re
import textwrap

from mkdocs_govreport import Report, parse_page, read_report_file
from mkdocs_govreport.registry import FORMATS

from .paths import EXAMPLE

#: The ``acknowledge:`` block of a page's front matter.
ACK_RE = re.compile(r"  acknowledge:\n(?:    .*\n|      .*\n)+")


def without_acknowledgements(text: str) -> str:
    """The page without its ``acknowledge:`` block (its explained findings become open ones)."""
    return ACK_RE.sub("", text)


def page(data_yaml: str, body: str = "") -> str:
    """A report page: dedented YAML front matter and body."""
    return "---\n" + textwrap.dedent(data_yaml).strip("\n") + "\n---\n" + textwrap.dedent(body)


def parsed(text: str, file: str = "docs/x.md") -> Report:
    """``parse_page`` that must find a report."""
    report = parse_page(text, file)
    assert report is not None
    return report


def line_of(text: str, needle: str) -> int:
    """The 1-based line holding ``needle``; it must be on exactly one line."""
    hits = [i for i, line in enumerate(text.split("\n"), 1) if needle in line]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def edit(text: str, old: str, new: str) -> str:
    """Replace ``old`` (found exactly once) by ``new``."""
    assert text.count(old) == 1, f"fixture text not found exactly once: {old!r}"
    return text.replace(old, new)


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
    """A consistent 2021-format report published on time (nothing carried over; the rest carried forward).

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
  published: {year + 1}-01-20
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
    """The six standard sections with ``overview`` under 一 and ``problems`` under 五."""
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


#: Everything handled within the year: consecutive years need no carry-over (W2).
SIMPLE: dict[str, list[int]] = dict(
    new=[40, 5, 0, 0, 0, 0], granted=[20, 3, 0, 0, 0, 0], partial=[10, 1, 0, 0, 0, 0], not_held=[10, 1, 0, 0, 0, 0]
)


def stats_page(year: int, overview: str, **kw: str) -> str:
    """A report of 北湖区统计局 for ``year`` with ``overview`` as its narrative."""
    return data_yaml("北湖区统计局", "beihu-stats", year, **SIMPLE) + body(overview, **kw)


def dept_page(agency: str, aid: str, year: int, new: list[int], granted: list[int], review: tuple[int, int, int, int]) -> str:
    """A department report for the roll-up checks (T9/T10)."""
    return data_yaml(agency, aid, year, new=new, granted=granted, review=review) + body(OVERVIEW_B)


def gov_page(year: int, new: list[int], granted: list[int], review: tuple[int, int, int, int], departments: list[str]) -> str:
    """北湖区人民政府's report listing its ``departments`` (T9/T10)."""
    extra = "  departments: [" + ", ".join(departments) + "]\n"
    return data_yaml(
        "北湖区人民政府", "beihu-gov", year, new=new, granted=granted, review=review, kind="government", extra=extra
    ) + body(OVERVIEW_A)


def rules_of(report: Report) -> list[str]:
    return [f.rule for f in report.findings]


def example_page_with_review_error() -> str:
    """The example site's 2023 report of 西工区统计局 with a review total (3) that is not the sum
    of its parts (2)."""
    text = (EXAMPLE / "docs/reports/xigong-stats/2023.md").read_text(encoding="utf-8")
    review = (
        "  review_litigation:\n"
        "    review: {upheld: 1, corrected: 1, other: 0, pending: 0, total: 3}\n"
        "    litigation_direct: zero\n"
        "    litigation_after_review: zero"
    )
    broken = text.replace("  review_litigation: zero", review, 1)
    assert broken != text, "the example page changed: adjust the error fixture"
    return broken


#: The data of a small department report whose 本年新收 总计 is written as 2 for a row summing to 1 (R2).
BAD_R2 = """\
govreport:
  agency: 西工区测试局
  kind: department
  year: 2023
  published: 2024-01-20
  active: zero
  applications:
    new_received: [1, 0, 0, 0, 0, 0, 2]
    carried_over: zero
    results:
      granted: [1, 0, 0, 0, 0, 0]
      partial: zero
      denied: {state_secret: zero, law_prohibited: zero, three_security_one_stability: zero, third_party_rights: zero, internal_affairs: zero, process_info: zero, enforcement_file: zero, admin_query: zero}
      unavailable: {not_held: zero, needs_creation: zero, unclear_after_correction: zero}
      not_processed: {petition_complaint: zero, duplicate: zero, publication: zero, excessive_repeat: zero, confirm_or_reissue: zero}
      other: {no_correction: zero, fee_unpaid: zero, other: zero}
    carried_forward: zero
  review_litigation: zero
"""
#: The six standard sections of a report body, section 六 stating the information fee.
FEE = """
# 西工区测试局 2023 年政府信息公开工作年度报告

## 一、总体情况

全年依法做好政府信息公开工作。

## 二、主动公开政府信息情况

## 三、收到和处理政府信息公开申请情况

## 四、政府信息公开行政复议、行政诉讼情况

## 五、存在的主要问题及改进情况

信息发布的及时性有待提高，明年将建立更新提醒机制。

## 六、其他需要报告的事项

本年度未收取信息处理费。
"""


def example_reports() -> list[tuple[str, str]]:
    """(src path relative to docs, format id) of every example report page."""
    out = []
    for p in sorted((EXAMPLE / "docs").rglob("*.md")):
        r = read_report_file(p)
        if r is not None and r.fmt is not None:
            out.append((p.relative_to(EXAMPLE / "docs").as_posix(), r.format_id))
    return out
