"""Rules W4–W8: the report as a document — its format for its year, its standard sections
and their wording, the fee statement, and the publication deadline."""

from __future__ import annotations

from ..core.body import FEE_RE, SECTION_ORDER, parse_body
from ..core.findings import Finding
from ..core.report import Report
from ..registry import KINDS, SECTION_HEADINGS, format_for_year, publication_deadline
from ..registry.placeholders import placeholder_texts
from .structure import parse_date

RULE_IDS = ("W4", "W5", "W6", "W7", "W8", "W9")

#: The sections that hold a table: a missing heading is added with the table (no W7).
_TABLE_SECTIONS = ("active", "applications", "review_litigation")

_FEE_MESSAGE = "第六部分“其他需要报告的事项”没有说明信息处理费收取情况（即使未收取也应写明，如“本年度未收取信息处理费”）"


def format_findings(report: Report) -> list[Finding]:
    """W4: the format does not match the report year."""
    fmt, year = report.fmt, report.year
    if fmt is None or year is None:
        return []
    expected = format_for_year(year)
    if not expected or expected == fmt.id:
        return []
    return [
        Finding.of(
            "W4",
            f"{year} 年度的报告应使用 {expected} 年格式，本报告使用的是 {fmt.id} 年格式的表格",
            report.data_file,
            report.line_of("/format"),
            pointer="/format",
            values=(fmt.id, expected),
        )
    ]


def deadline_findings(report: Report) -> list[Finding]:
    """W8: published after the deadline (31 Jan for a department, 31 Mar for a government), or
    no publication date to check."""
    published, year = report.published, report.year
    if "published" not in report.data and year is not None and 0 < year < 9999:
        deadline = publication_deadline(report.kind, year)
        return [
            Finding.of(
                "W8",
                f"没有写发布日期（published），无法检查是否按期发布：{_who(report.kind)}的 {year} 年度报告"
                f"应于 {deadline.isoformat()} 前发布，请写成 published: {deadline.isoformat()} 这样的日期",
                report.data_file,
                report.line_of("/year"),
                pointer="/published",
                values=("", deadline.isoformat()),
            )
        ]
    # a year outside the calendar (the schema reports it) must not crash the deadline check
    if not published or year is None or not 0 < year < 9999:
        return []
    date = parse_date(published)
    if date is None:
        return []
    deadline = publication_deadline(report.kind, year)
    if date <= deadline:
        return []
    who = _who(report.kind)
    return [
        Finding.of(
            "W8",
            f"{who}的 {year} 年度报告应于 {deadline.isoformat()} 前发布，实际发布日期为 {published}（晚 {(date - deadline).days} 天）",
            report.data_file,
            report.line_of("/published"),
            pointer="/published",
            values=(published, deadline.isoformat()),
        )
    ]


def _who(kind: str) -> str:
    return KINDS["government"] if kind == "government" else "政府部门"


def _in_order(order: list[int]) -> set[int]:
    """Indexes of a longest strictly increasing subsequence of ``order`` (earliest on ties, so a
    repeated heading is the later one left out)."""
    if not order:
        return set()
    best = [1] * len(order)
    back = [-1] * len(order)
    for i, cur in enumerate(order):
        for j in range(i):
            if order[j] < cur and best[j] + 1 > best[i]:
                best[i], back[i] = best[j] + 1, j
    i = best.index(max(best))
    keep: set[int] = set()
    while i >= 0:
        keep.add(i)
        i = back[i]
    return keep


def section_findings(report: Report) -> list[Finding]:
    """W7 (a standard section missing, or out of order) and W5 (a reworded heading)."""
    if not report.body.strip():
        return []  # front matter only: the page renders the full skeleton
    body = parse_body(report.body, report.fmt)
    line0 = report.body_line
    out: list[Finding] = []
    present = [h.key for h in body.headings]
    missing = [key for key in SECTION_ORDER if key not in present and key not in _TABLE_SECTIONS]
    if missing:
        names = "、".join(f"“{SECTION_HEADINGS[k]}”" for k in missing)
        out.append(
            Finding.of("W7", f"报告缺少标准章节 {names}：年度报告应依次包含一至六六个部分", report.file, line0, values=tuple(missing))
        )
    order = [SECTION_ORDER.index(k) for k in present]
    # The misplaced headings are those outside the longest run in standard order: with
    # 一、五、二、三、四、六 it is 五 that moved, not 二 (a neighbour-by-neighbour check blames 二).
    keep = _in_order(order)
    for i, h in enumerate(body.headings):
        if i not in keep:
            out.append(
                Finding.of(
                    "W7",
                    f"章节“{h.text}”的位置不对：标准章节应按一至六的顺序排列，且每个只出现一次",
                    report.file,
                    line0 + h.line,
                    values=(h.key,),
                )
            )
            break
    for h in body.headings:
        if h.variant:
            canonical = SECTION_HEADINGS[h.key]
            out.append(
                Finding.of(
                    "W5",
                    f"章节标题“{h.text}”不是标准写法，标准标题为“{canonical}”",
                    report.file,
                    line0 + h.line,
                    values=(h.text, canonical),
                )
            )
    return out


def placeholder_findings(report: Report) -> list[Finding]:
    """W9: placeholder sentences of the ``govreport new`` template left in the narrative."""
    out: list[Finding] = []
    for i, line in enumerate(report.body.split("\n")):
        for text in placeholder_texts():
            if text in line:
                out.append(
                    Finding.of(
                        "W9",
                        f"正文中仍有模板的占位文字“{text}”：请换成本年度的实际内容",
                        report.file,
                        report.body_line + i,
                        values=(text,),
                    )
                )
    return out


def fee_findings(report: Report) -> list[Finding]:
    """W6: section 六 does not state the 信息处理费 (formats that require it)."""
    if report.fmt is None or not report.fmt.requires_fee_statement:
        return []
    if not report.body.strip():
        return [Finding.of("W6", _FEE_MESSAGE, report.file, report.body_line)]
    body = parse_body(report.body, report.fmt)
    text = body.section_text("other_matters")
    if text is None or FEE_RE.search(text):
        return []
    h = body.first("other_matters")
    return [Finding.of("W6", _FEE_MESSAGE, report.file, report.body_line + (h.line if h else 0))]
