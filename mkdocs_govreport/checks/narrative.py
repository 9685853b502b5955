"""Rules T5–T7: what assessors check in the narrative itself.

* T5 — 信息处理费 stated as not collected in one place and as an amount in another;
* T6 — section 五 empty or only “无”;
* T7 — heading numbers 一、二、… and （一）（二）… skipping, repeating or not starting at 一.

Every finding carries ``values`` (what was compared) so that an acknowledgement of it goes
stale when they change.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..core.body import FEE_RE, mask_body, parse_masked, sentences
from ..core.findings import Finding
from ..core.numbers import chinese_ordinal, format_value, parse_chinese_number
from ..core.report import Report

RULE_IDS = ("T5", "T6", "T7")


def _finding(rule: str, report: Report, message: str, line: int | None, *, values: tuple[Any, ...] = ()) -> Finding:
    return Finding.of(rule, message, report.file, line, values=values)


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
    body = parse_masked(report.body, report.fmt)
    h6 = body.first("other_matters")
    start6 = sum(len(line) + 1 for line in body.lines[: h6.line]) if h6 else None
    nxt = next((h.line for h in body.headings if h6 and h.line > h6.line), None)
    end6 = sum(len(line) + 1 for line in body.lines[:nxt]) if nxt is not None else len(text)
    newlines = [m.start() for m in re.finditer("\n", text)]
    out: list[FeeStatement] = []
    for sent in sentences(text):
        s = sent.text
        fee = FEE_RE.search(s)
        if fee is None:
            continue
        amount: Decimal | None = None
        if _FEE_NONE.search(s):
            amount = Decimal(0)
        else:
            after = s[fee.end() :]
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
    body = parse_masked(report.body, report.fmt)
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


_TOP_NUM = re.compile(r"^(?P<n>[一二三四五六七八九十]{1,3})[、.．]")
_SUB_NUM = re.compile(r"^[（(](?P<n>[一二三四五六七八九十]{1,3})[）)]")
_LEAD = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s*|[-*+]\s+|\*\*|__)*")


def _ordinal(text: str) -> int | None:
    """一 … 九十九 as written in headings."""
    n = parse_chinese_number(text)
    return n if n and n < 100 else None


def numbering_findings(report: Report) -> list[Finding]:
    """T7: line-initial 一、二、… and （一）（二）… out of sequence.

    （一）-numbers restart under each 一、-level heading and each standard section heading.
    After a wrong number, the next one tells which it was: “一、二、二、四” is a typo for 三
    (one finding), “一、三、四” skips 二 (one finding, counting goes on from 三).
    """
    body = parse_masked(report.body, report.fmt)
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
    out = [_numbering(report, i, f"{chinese_ordinal(n)}、", f"{chinese_ordinal(e)}、", p and (f"{chinese_ordinal(p[0])}、", p[1])) for n, i, e, p in _breaks(top)]
    for seq in subs:
        out += [_numbering(report, i, f"（{chinese_ordinal(n)}）", f"（{chinese_ordinal(e)}）", p and (f"（{chinese_ordinal(p[0])}）", p[1])) for n, i, e, p in _breaks(seq)]
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
