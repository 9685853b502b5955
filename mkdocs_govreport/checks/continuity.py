"""Rules W1–W3 (numbers carried from one year to the next) and the duplicate agency-year check.

The equations are data (``registry.continuity``); this module applies each to every pair of
consecutive years of an agency (grouped once by ``agency_id``: renames keep the id), so the
work is linear in the number of reports.  A finding goes on the *later* report, at the file
and line of its cell, and carries ``values=(this year, what last year implies)`` so that an
author's acknowledgement goes stale when a number changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from ..core.collection import AgencyYears
from ..core.findings import Finding
from ..core.numbers import Number, format_value, sum_or_none
from ..core.pointers import describe
from ..core.report import Report
from ..registry import CONTINUITY, Continuity, Record, Term, cell_pointer

RULE_IDS = ("W1", "W2", "W3")


def _value_text(value: object) -> str:
    return "未填写" if value is None else format_value(value)


def _records(eq: Continuity, report: Report) -> list[Record]:
    """The records of ``report`` the equation is checked on."""
    if report.fmt is None or eq.table not in report.fmt.table_by_key:
        return []
    table = report.fmt.table(eq.table)
    if eq.target.record is not None:
        record = table.record(eq.target.record)
        return [record] if record is not None else []
    needed = {t.field for t in (eq.target, *eq.terms)}
    return [r for r in table.records if needed <= {f.key for f in r.fields}]


def _pointer(eq: Continuity, term: Term, record: Record, column: str) -> str:
    path = term.record if term.record is not None else record.path
    return cell_pointer(eq.table, path, column if term.field == "*" else term.field)


def check(eq: Continuity, prev: Report, cur: Report) -> list[Finding]:
    """One continuity equation between last year's report and this year's."""
    if eq.formats and (cur.format_id not in eq.formats or prev.format_id not in eq.formats):
        return []
    out: list[Finding] = []
    for record in _records(eq, cur):
        columns = [f for f in record.fields] if eq.target.field == "*" else [None]
        for f in columns:
            if f is not None and f.is_total and eq.total_last and out:
                continue  # the total would repeat a column's difference
            column = f.key if f is not None else ""
            target = _pointer(eq, eq.target, record, column)
            terms = [(t, _pointer(eq, t, record, column)) for t in eq.terms]
            if prev.fmt is not None and any(t.year == "previous" and p not in prev.fmt.pointers for t, p in terms):
                continue  # last year's format has no such cell
            now = cur.value(target)
            values = [(t, (prev if t.year == "previous" else cur).value(p)) for t, p in terms]
            expected = sum_or_none(t.sign * v if v is not None else None for t, v in values)
            if now is None or expected is None or now == expected:
                continue
            out.append(_finding(eq, prev, cur, target, [p for _t, p in terms], now, expected, values, f))
    return out


def _finding(
    eq: Continuity,
    prev: Report,
    cur: Report,
    target: str,
    pointers: list[str],
    now: Number,
    expected: Number,
    values: list[tuple[Term, Number | None]],
    column: object,
) -> Finding:
    head = f"{describe(cur.fmt, target)}为 {_value_text(now)}，但上一年度（{prev.year}）报告 {prev.file} 的"
    if eq.style == "equal":
        (term, value), = values
        assert prev.fmt is not None and column is not None
        source = prev.fmt.table(eq.table).record(term.record or ())
        label = source.label if source is not None else ""
        msg = f"{head}“{label}”“{getattr(column, 'label', '')}”列为 {_value_text(value)}：两者应相等"
        related: tuple[str, ...] = (target,)
    else:
        parts: list[str] = []
        for i, (term, value) in enumerate(values):
            signed = term.sign * value if value is not None else None
            if i == 0:
                parts.append(f"{term.label} {_value_text(signed)}")
            else:
                negative = signed is not None and signed < 0
                parts.append(f"{'−' if negative else '+'} {term.label} {_value_text(abs(signed) if signed is not None else None)}")
        msg = f"{head}{' '.join(parts)} = {_value_text(expected)}"
        related = (target, *(p for (t, _v), p in zip(values, pointers, strict=True) if t.year == "current"))
    return Finding.of(
        eq.rule, msg, cur.data_file, cur.line_of(target), cur.column_of(target), pointer=target, pointers=related, values=(now, expected)
    )


def duplicate_finding(kept: Report, other: Report) -> Finding:
    """S: two reports of the same agency and year — the index can list only one."""
    return Finding(
        "S",
        f"同一机关（agency_id：{other.agency_id}）的 {other.year} 年度已有报告 {kept.file}：一个机关每年只能有一份报告，"
        "请检查 year 或 agency_id 是否写错（机关更名时保持 agency_id 不变）",
        other.data_file,
        other.line_of("/year"),
        other.column_of("/year"),
        "/year",
        values=(kept.file,),
        severity="error",
    )


def continuity_findings(groups: Mapping[str, AgencyYears]) -> dict[int, list[Finding]]:
    """W1–W3 and duplicate years, keyed by ``id(report)``."""
    out: dict[int, list[Finding]] = defaultdict(list)
    for group in groups.values():
        for kept, other in group.duplicates:
            out[id(other)].append(duplicate_finding(kept, other))
        for year, cur in group.by_year.items():
            prev = group.by_year.get(year - 1)
            if prev is None or prev.fmt is None or cur.fmt is None:
                continue
            for eq in CONTINUITY:
                found = check(eq, prev, cur)
                if found:
                    out[id(cur)].extend(found)
    return dict(out)
