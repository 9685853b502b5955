"""The checks assessors make (rules T1–T10), the derived rates and the provenance block.

Per report (called from :func:`report.parse_data`, cached with the report):

* T1–T4 — numbers of the narrative against the tables (:mod:`.prose`);
* T5 — 信息处理费 stated as not collected in one place and as an amount in another;
* T6 — section 五 empty or only “无”;
* T7 — heading numbers 一、二、… and （一）（二）… skipping, repeating or not starting at 一.

Across reports (called from :mod:`.site` for the plugin and the CLI):

* T8 — sameness with the same agency's report of the year before (:mod:`.sameness`);
* T9, T10 — a government report that declares ``departments`` against the sum of those
  departments' reports of the same year, and the departments with no report that year.

For the agency pages: :func:`derived_rates` (with their formulas, hidden below
``MIN_DENOMINATOR``).  For the report page: :func:`render_provenance`.

Every finding carries ``values`` (the numbers compared) so that an acknowledgement of it goes
stale when they change.  Pure functions, no MkDocs imports.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING, Any

from .findings import Finding, format_value
from .prose import claim_findings, mask_body, parse_chinese_number, quantity_value, sentences
from .registry import RULES, Format, cell_pointer
from .sameness import DEFAULT_THRESHOLD, MIN_CHARS, SHINGLE, sameness
from .sections import Body, parse_body

if TYPE_CHECKING:
    from .crossyear import AgencyYears
    from .report import Report

Number = int | Decimal


def _finding(rule: str, report: Report, message: str, line: int | None, *, pointer: str = "", pointers: tuple[str, ...] = (), values: tuple[Any, ...] = (), file: str | None = None) -> Finding:
    return Finding(rule, message, file or report.file, line, None, pointer, pointers, values, RULES[rule].severity)


# ---------------------------------------------------------------------------------------
# Per report


@lru_cache(maxsize=1024)
def _parsed(masked: str, fmt: Format | None) -> Body:
    """The section structure of a masked body (shared by T5–T7; never mutated)."""
    return parse_body(masked, fmt)


def report_findings(report: Report) -> list[Finding]:
    """T1–T7 for one report (the narrative against its own tables and its own structure)."""
    if not report.body.strip():
        return []
    return claim_findings(report) + fee_findings(report) + problems_findings(report) + numbering_findings(report)


_FEE = re.compile(r"信息处理费")
_FEE_NONE = re.compile(
    r"(未|没有|无|不|免)[^，,；;。]{0,8}?(收取|收缴|产生|发生|征收|缴纳)|免收|免予收取|免于收取|"
    r"信息处理费[^，,；;。\d]{0,6}?(?<![\d.])(0|零)(\.0+)?\s*(万元|元)"
)
_FEE_AMOUNT = re.compile(r"(?<![\d.])(?P<num>\d+(?:,\d{3})*(?:\.\d+)?)\s*(?P<unit>万元|元)")


@dataclass
class FeeStatement:
    """A sentence about 信息处理费: collected amount in 元 (0 = none collected)."""

    amount: Decimal
    text: str
    line: int
    in_other_matters: bool


def fee_statements(report: Report) -> list[FeeStatement]:
    """Sentences that state how much 信息处理费 was collected (or that none was)."""
    text = mask_body(report.body)
    body = _parsed(text, report.fmt)
    h6 = body.first("other_matters")
    start6 = sum(len(line) + 1 for line in body.lines[: h6.line]) if h6 else None
    nxt = next((h.line for h in body.headings if h6 and h.line > h6.line), None)
    end6 = sum(len(line) + 1 for line in body.lines[:nxt]) if nxt is not None else len(text)
    newlines = [m.start() for m in re.finditer("\n", text)]
    out: list[FeeStatement] = []
    for sent in sentences(text):
        s = sent.text
        if not _FEE.search(s):
            continue
        amount: Decimal | None = None
        if _FEE_NONE.search(s):
            amount = Decimal(0)
        else:
            after = s[_FEE.search(s).end() :]  # type: ignore[union-attr]
            m = _FEE_AMOUNT.search(after)
            if m and re.search(r"收取|收缴|征收|收费", s):
                amount = Decimal(m.group("num").replace(",", ""))
                if m.group("unit") == "万元":
                    amount *= 10000
        if amount is None:
            continue
        line = report.body_line + bisect.bisect_left(newlines, sent.start)
        inside = start6 is not None and start6 <= sent.start < end6
        out.append(FeeStatement(amount, " ".join(s.split())[:60], line, inside))
    return out


def _yuan(amount: Decimal) -> str:
    return "未收取" if amount == 0 else f"{format_value(amount.normalize() if amount == amount.to_integral() else amount)} 元"


def fee_findings(report: Report) -> list[Finding]:
    """T5: statements about 信息处理费 that contradict each other (section 六 is the reference)."""
    statements = fee_statements(report)
    if len(statements) < 2:
        return []
    ref = next((s for s in statements if s.in_other_matters), statements[0])
    out: list[Finding] = []
    for s in statements:
        if s is ref or s.amount == ref.amount:
            continue
        out.append(
            _finding(
                "T5",
                report,
                f"第 {s.line} 行“{s.text}”说信息处理费{_yuan(s.amount)}，但第 {ref.line} 行“{ref.text}”说{_yuan(ref.amount)}：前后矛盾",
                s.line,
                values=(s.amount, ref.amount),
            )
        )
    return out


_ONLY_NONE = {"", "无", "暂无", "没有", "无问题", "暂无问题", "无此项", "不涉及"}


def problems_findings(report: Report) -> list[Finding]:
    """T6: section 五 is present but empty or only “无”."""
    body = _parsed(mask_body(report.body), report.fmt)
    h = body.first("problems")
    if h is None:
        return []  # W7 reports the missing section
    text = body.section_text("problems") or ""
    content = "".join(ch for ch in text if ch.isalnum())
    if content not in _ONLY_NONE:
        return []
    shown = content or "（空）"
    return [
        _finding(
            "T6",
            report,
            f"第五部分“{h.text}”的内容为“{shown}”：应写明本年度存在的主要问题和改进情况",
            report.body_line + h.line,
            values=(shown,),
        )
    ]


_CN_ORD = "一二三四五六七八九"
_TOP_NUM = re.compile(r"^(?P<n>[一二三四五六七八九十]{1,3})[、.．]")
_SUB_NUM = re.compile(r"^[（(](?P<n>[一二三四五六七八九十]{1,3})[）)]")
_LEAD = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s*|[-*+]\s+|\*\*|__)*")


def _ordinal(text: str) -> int | None:
    """一 … 九十九 as written in headings."""
    n = parse_chinese_number(text)
    return n if n and n < 100 else None


def _cn(n: int) -> str:
    if n < 10:
        return _CN_ORD[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_ORD[tens - 1]) + "十" + (_CN_ORD[ones - 1] if ones else "")


def numbering_findings(report: Report) -> list[Finding]:
    """T7: line-initial 一、二、… and （一）（二）… out of sequence.

    （一）-numbers restart under each 一、-level heading and each standard section heading.
    After a wrong number, the next one tells which it was: “一、二、二、四” is a typo for 三
    (one finding), “一、三、四” skips 二 (one finding, counting goes on from 三).
    """
    body = _parsed(mask_body(report.body), report.fmt)
    standard = {h.line for h in body.headings}
    # sequences of (number, line index); a new （一） sequence starts at each top-level heading
    top: list[tuple[int, int]] = []
    subs: list[list[tuple[int, int]]] = [[]]
    for i, raw in enumerate(body.lines):
        line = _LEAD.sub("", raw)
        m = _TOP_NUM.match(line)
        n = _ordinal(m.group("n")) if m else None
        if n is not None:
            top.append((n, i))
            subs.append([])
            continue
        if i in standard:
            subs.append([])
            continue
        m = _SUB_NUM.match(line)
        n = _ordinal(m.group("n")) if m else None
        if n is not None:
            subs[-1].append((n, i))
    out = [_numbering(report, i, f"{_cn(n)}、", f"{_cn(e)}、", p and (f"{_cn(p[0])}、", p[1])) for n, i, e, p in _breaks(top)]
    for seq in subs:
        out += [_numbering(report, i, f"（{_cn(n)}）", f"（{_cn(e)}）", p and (f"（{_cn(p[0])}）", p[1])) for n, i, e, p in _breaks(seq)]
    out.sort(key=lambda f: f.line or 0)
    return out


def _breaks(seq: list[tuple[int, int]]) -> list[tuple[int, int, int, tuple[int, int] | None]]:
    """(number, line, expected, previous) for each number out of sequence."""
    out: list[tuple[int, int, int, tuple[int, int] | None]] = []
    prev: tuple[int, int] | None = None
    for k, (n, i) in enumerate(seq):
        expected = prev[0] + 1 if prev else 1
        if n == expected:
            prev = (n, i)
            continue
        out.append((n, i, expected, prev))
        nxt = seq[k + 1][0] if k + 1 < len(seq) else None
        prev = (expected, i) if nxt == expected + 1 else (n, i)
    return out


def _numbering(report: Report, i: int, found: str, expected: str, prev: tuple[str, int] | None) -> Finding:
    line = report.body_line + i
    if prev:
        why = f"上一个同级序号是第 {report.body_line + prev[1]} 行的“{prev[0]}”"
    else:
        why = "这是本级的第一个序号"
    return _finding(
        "T7", report, f"标题序号“{found}”应为“{expected}”：{why}（跳号、重号或未从“一”开始）", line, values=(found, expected)
    )


# ---------------------------------------------------------------------------------------
# Across reports


def sameness_findings(groups: Mapping[str, AgencyYears], threshold: float = DEFAULT_THRESHOLD) -> dict[int, list[Finding]]:
    """T8 on each report whose narrative repeats its agency's previous year above ``threshold`` %."""
    out: dict[int, list[Finding]] = {}
    for group in groups.values():
        for year, cur in group.by_year.items():
            prev = group.by_year.get(year - 1)
            if prev is None:
                continue
            share = sameness(prev, cur)
            if share is None:
                continue
            pct = int(share * 100 + 0.5)  # shown as a whole percent; the acknowledged number
            if pct <= threshold:
                continue
            h = parse_body(cur.body, cur.fmt).headings
            line = cur.body_line + (h[0].line if h else 0)
            msg = (
                f"本报告正文有 {pct}% 与上一年度（{prev.year}）报告 {prev.file} 相同，超过 {format_value(threshold)}% 的阈值"
                f"（去掉标题、空白、标点和数字后，本年正文中连续 {SHINGLE} 个字的片段有 {pct}% 也出现在上年报告中）：请按本年度实际情况撰写"
            )
            out.setdefault(id(cur), []).append(_finding("T8", cur, msg, line, values=(pct,)))
    return out


def rollup_findings(reports: Iterable[Report], groups: Mapping[str, AgencyYears] | None = None) -> dict[int, list[Finding]]:
    """T9/T10: each government report declaring ``departments`` against their reports' sum."""
    from .crossyear import group_by_agency

    reports = list(reports)
    if groups is None:
        groups = group_by_agency(reports)
    out: dict[int, list[Finding]] = {}
    for report in reports:
        depts = report.data.get("departments")
        if not isinstance(depts, list) or report.fmt is None or report.year is None:
            continue
        ids = [d for d in dict.fromkeys(depts) if isinstance(d, str) and d and d != report.agency_id]
        if not ids:
            continue
        found: list[Report] = []
        missing: list[str] = []
        for d in ids:
            g = groups.get(d)
            r = g.by_year.get(report.year) if g else None
            if r is None or r.fmt is None:
                missing.append(d)
            else:
                found.append(r)
        line = report.line_of("/departments")
        mine: list[Finding] = []
        if missing:
            mine.append(
                _finding(
                    "T10",
                    report,
                    f"departments 列出的部门中，{'、'.join(missing)} 在本站没有 {report.year} 年度报告，无法核对汇总数字",
                    line,
                    pointer="/departments",
                    values=tuple(missing),
                    file=report.data_file,
                )
            )
        else:
            mine += _rollup_cells(report, found)
        if mine:
            out[id(report)] = mine
    return out


def _rollup_cells(report: Report, depts: list[Report]) -> list[Finding]:
    """One finding per record of tables 三 and 四 whose cells differ from the departments' sum."""
    from .rules import describe

    assert report.fmt is not None
    out: list[Finding] = []
    names = "、".join(d.agency for d in depts)
    for key in ("applications", "review_litigation"):
        table = report.fmt.table_by_key.get(key)
        if table is None:
            continue
        for record in table.records:
            diffs: list[tuple[str, Number, Number]] = []
            for f in record.fields:
                ptr = cell_pointer(key, record.path, f.key)
                mine = report.value(ptr)
                theirs = [d.value(ptr) for d in depts]
                if mine is None or any(v is None for v in theirs):
                    continue
                total = sum(theirs)  # type: ignore[arg-type]
                if total != mine:
                    diffs.append((ptr, mine, total))
            if not diffs:
                continue
            first = diffs[0][0]
            parts = "；".join(f"{describe(report.fmt, p)}为 {format_value(a)}，各部门之和为 {format_value(b)}" for p, a, b in diffs[:3])
            more = f"等 {len(diffs)} 处" if len(diffs) > 3 else ""
            out.append(
                Finding(
                    "T9",
                    f"汇总数字与所列部门（{names}）{report.year} 年度报告之和不符：{parts}{more}",
                    report.data_file,
                    report.line_of(first),
                    report.column_of(first),
                    first,
                    tuple(p for p, _, _ in diffs),
                    tuple(v for _, a, b in diffs for v in (a, b)),
                    RULES["T9"].severity,
                )
            )
    return out


def cross_report_findings(
    reports: Iterable[Report], groups: Mapping[str, AgencyYears], *, threshold: float = DEFAULT_THRESHOLD
) -> dict[int, list[Finding]]:
    """T8, T9 and T10 keyed by ``id(report)``."""
    out: dict[int, list[Finding]] = {}
    for part in (sameness_findings(groups, threshold), rollup_findings(reports, groups)):
        for rid, found in part.items():
            out.setdefault(rid, []).extend(found)
    return out


# ---------------------------------------------------------------------------------------
# Derived rates (agency pages)

#: A rate whose denominator is below this is not shown: on a handful of cases it means nothing.
MIN_DENOMINATOR = 30


@dataclass(frozen=True)
class Rate:
    """A share computed from the tables: sum of quantities over sum of quantities."""

    key: str
    label: str
    formula: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]


RATES = (
    Rate(
        "granted_share",
        "公开率（予以公开和部分公开占办结申请的比例）",
        "（予以公开 + 部分公开）÷ 办理结果总计",
        ("granted", "partial"),
        ("handled",),
    ),
    Rate(
        "review_corrected_share",
        "行政复议纠错率（已审结行政复议中结果纠正的比例）",
        "复议结果纠正 ÷（结果维持 + 结果纠正 + 其他结果）",
        ("review_corrected",),
        ("review_upheld", "review_corrected", "review_other"),
    ),
    Rate(
        "litigation_corrected_share",
        "行政诉讼纠错率（已审结行政诉讼中结果纠正的比例）",
        "诉讼结果纠正 ÷（结果维持 + 结果纠正 + 其他结果），未经复议直接起诉与复议后起诉合计",
        ("litigation_corrected",),
        ("litigation_upheld", "litigation_corrected", "litigation_other"),
    ),
)


@dataclass
class RateValue:
    """One rate for one report: the share (percent) or why it is not shown."""

    rate: Rate
    numerator: Number | None
    denominator: Number | None

    @property
    def percent(self) -> Decimal | None:
        if self.numerator is None or self.denominator is None or self.denominator < MIN_DENOMINATOR:
            return None
        return (Decimal(self.numerator) * 100 / Decimal(self.denominator)).quantize(Decimal("0.1"))

    @property
    def note(self) -> str:
        if self.numerator is None or self.denominator is None:
            return "未填写"
        if self.denominator < MIN_DENOMINATOR:
            return f"分母 {format_value(self.denominator)} 小于 {MIN_DENOMINATOR}，不计算"
        return ""


def _sum_quantities(report: Report, keys: tuple[str, ...]) -> Number | None:
    """Sum of table quantities (:data:`.prose.QUANTITIES`); None if any cell is missing."""
    total: Number = 0
    for k in keys:
        v = quantity_value(report, k)[0]
        if v is None:
            return None
        total += v
    return total


def derived_rates(reports_of_agency: Mapping[int, Report]) -> dict[int, list[RateValue]]:
    """Every rate of :data:`RATES` for each year's report: ``{year: [RateValue, ...]}``."""
    out: dict[int, list[RateValue]] = {}
    for year, report in sorted(reports_of_agency.items()):
        if report.fmt is None:
            continue
        out[year] = [RateValue(r, _sum_quantities(report, r.numerator), _sum_quantities(report, r.denominator)) for r in RATES]
    return out


def rates_markdown(group: AgencyYears) -> str:
    """The “比率” section of an agency page: a table of rates by year, formulas below."""
    rates = derived_rates(group.by_year)
    if not rates:
        return ""
    years = sorted(rates)
    head = "".join(f'<th scope="col">{y} 年度</th>' for y in years)
    rows = []
    for i, rate in enumerate(RATES):
        tds = []
        for y in years:
            rv = rates[y][i]
            pct = rv.percent
            if pct is None:
                tds.append(f'<td class="gr-num gr-na"><span aria-hidden="true">—</span><span class="gr-delta">{escape(rv.note)}</span></td>')
            else:
                frac = f"{format_value(rv.numerator)}/{format_value(rv.denominator)}"
                tds.append(f'<td class="gr-num">{format_value(pct)}%<span class="gr-delta">{escape(frac)}</span></td>')
        rows.append(
            f'<tr><th scope="row">{escape(rate.label)}<span class="gr-formula">{escape(rate.formula)}</span></th>{"".join(tds)}</tr>'
        )
    table = (
        f'<div class="gr-table gr-keyfig gr-rates" data-search-exclude tabindex="0" role="region" aria-label="由表格计算的比率"><table><caption>由表格计算的比率</caption>'
        f'<thead><tr><th scope="col">比率（计算公式）</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )
    return (
        "\n## 比率\n\n"
        f"比率由各年度报告的表格数字按所列公式计算（小字为分子/分母）；分母小于 {MIN_DENOMINATOR} 时比率意义不大，不予显示（“—”）。\n\n"
        f"{table}\n"
    )


# ---------------------------------------------------------------------------------------
# Provenance (report page)

_PROVENANCE_FIELDS = (
    ("source", "原文件"),
    ("url", "原文网址"),
    ("sha256", "原文件 SHA-256"),
    ("importer", "导入工具"),
    ("imported", "导入日期"),
)
_HTTP = re.compile(r"^https?://[^\s\"'<>]+$")


def render_provenance(report: Report) -> str:
    """A small block naming where an imported report came from (``provenance:`` in the data):
    source file or URL, SHA-256 of the source, importer and date, and what the importer noted."""
    prov = report.data.get("provenance")
    if not isinstance(prov, dict) or not prov:
        return ""
    items = []
    for key, label in _PROVENANCE_FIELDS:
        value = prov.get(key)
        if value is None or value == "" or isinstance(value, (dict, list)):
            continue
        text = value if isinstance(value, str) else format_value(value)
        if key in ("source", "url") and _HTTP.match(text):
            # only plain web addresses become links: never javascript: or data: URLs
            inner = f'<a href="{escape(text, quote=True)}" rel="nofollow noopener">{escape(text)}</a>'
            label = "原文网址" if key == "source" else label
        elif key == "sha256":
            inner = f"<code>{escape(text)}</code>"
        else:
            inner = escape(text)
        items.append(f"<dt>{escape(label)}</dt><dd>{inner}</dd>")
    notes = prov.get("findings")
    if isinstance(notes, list) and notes:
        lis = "".join(f"<li>{escape(n if isinstance(n, str) else format_value(n))}</li>" for n in notes)
        items.append(f"<dt>导入时的说明</dt><dd><ul>{lis}</ul></dd>")
    if not items:
        return ""
    return (
        '<div class="gr-provenance" role="note" aria-label="报告来源"><p class="gr-provenance-title">本页数据由原报告导入</p>'
        f'<dl>{"".join(items)}</dl></div>'
    )


__all__ = [
    "DEFAULT_THRESHOLD",
    "MIN_CHARS",
    "MIN_DENOMINATOR",
    "RATES",
    "cross_report_findings",
    "derived_rates",
    "fee_findings",
    "numbering_findings",
    "problems_findings",
    "rates_markdown",
    "render_provenance",
    "report_findings",
    "rollup_findings",
    "sameness_findings",
]
