"""Cross-year rules W1, W2, W3 and the duplicate-report check.

Reports are grouped by ``agency_id`` once (renames keep the id) and each agency's years are
compared pairwise with the year before: linear in the number of reports.  A finding goes on
the *later* report, at the file and line of its cell, and carries ``values=(this year, what
last year implies)`` so that an author's acknowledgement goes stale when a number changes.

Pure functions, no MkDocs imports: the plugin and the CLI both call
:func:`cross_year_findings`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .findings import Finding, format_value
from .registry import RULES, Record, cell_pointer
from .report import Report
from .rules import describe

# The field keys the rules speak of are the data contract (data-model.md §3), not labels.
CARRIED_OVER = ("carried_over",)
CARRIED_FORWARD = ("carried_forward",)


@dataclass
class AgencyYears:
    """One agency's reports, one per year (duplicates set aside)."""

    agency_id: str
    by_year: dict[int, Report]
    #: reports with the same agency_id and year as one in ``by_year`` (reported as findings)
    duplicates: list[tuple[Report, Report]]
    #: reports whose year is unknown (not placed in the timeline)
    undated: list[Report]

    @property
    def years(self) -> list[int]:
        return sorted(self.by_year)

    @property
    def latest(self) -> Report | None:
        return self.by_year[max(self.by_year)] if self.by_year else (self.undated[0] if self.undated else None)


def _sort_key(report: Report) -> tuple[str, str]:
    return (report.file, report.data_file)


def group_by_agency(reports: Iterable[Report]) -> dict[str, AgencyYears]:
    """Reports grouped by ``agency_id``, each agency's years indexed.

    When two reports claim the same agency and year, the first by file name is kept in the
    timeline and the pair is recorded in ``duplicates``.
    """
    groups: dict[str, AgencyYears] = {}
    for report in sorted(reports, key=_sort_key):
        aid = report.agency_id
        group = groups.get(aid)
        if group is None:
            group = groups[aid] = AgencyYears(aid, {}, [], [])
        year = report.year
        if year is None:
            group.undated.append(report)
        elif year in group.by_year:
            group.duplicates.append((group.by_year[year], report))
        else:
            group.by_year[year] = report
    return groups


def _value_text(value: object) -> str:
    return "未填写" if value is None else format_value(value)


def _finding(rule: str, report: Report, pointer: str, pointers: tuple[str, ...], message: str, values: tuple[object, ...]) -> Finding:
    return Finding(
        rule,
        message,
        report.data_file,
        report.line_of(pointer),
        report.column_of(pointer),
        pointer,
        pointers,
        values,
        RULES[rule].severity,
    )


def _record(report: Report, table: str, path: tuple[str, ...]) -> Record | None:
    if report.fmt is None or table not in report.fmt.table_by_key:
        return None
    return report.fmt.table(table).record(path)


def check_w2(prev: Report, cur: Report) -> list[Finding]:
    """W2: each column, ``carried_over(Y) == carried_forward(Y-1)``.

    Holds across the 2020→2021 format change: table 三's columns are the same in both
    formats.  The 总计 column is checked only when no other column already disagrees (it
    would repeat the same difference).
    """
    over = _record(cur, "applications", CARRIED_OVER)
    fwd = _record(prev, "applications", CARRIED_FORWARD)
    if over is None or fwd is None:
        return []
    out: list[Finding] = []
    for f in over.fields:
        if f.is_total and out:
            continue
        if fwd.field(f.key) is None:
            continue
        p_cur = cell_pointer("applications", CARRIED_OVER, f.key)
        p_prev = cell_pointer("applications", CARRIED_FORWARD, f.key)
        a, b = cur.value(p_cur), prev.value(p_prev)
        if a is None or b is None or a == b:
            continue
        fwd_label = prev.fmt.table("applications").record(CARRIED_FORWARD).label  # type: ignore[union-attr]
        msg = (
            f"{describe(cur.fmt, p_cur)}为 {_value_text(a)}，但上一年度（{prev.year}）报告 {prev.file} 的"
            f"“{fwd_label}”“{f.label}”列为 {_value_text(b)}：两者应相等"
        )
        out.append(_finding("W2", cur, p_cur, (p_cur,), msg, (a, b)))
    return out


def check_w1(prev: Report, cur: Report) -> list[Finding]:
    """W1 (2021 format, both years): ``in_force(Y) == in_force(Y-1) + issued(Y) − repealed(Y)``."""
    if cur.format_id != "2021" or prev.format_id != "2021" or cur.fmt is None:
        return []
    out: list[Finding] = []
    for record in cur.fmt.table("active").records:
        keys = {f.key for f in record.fields}
        if not {"issued", "repealed", "in_force"} <= keys:
            continue
        ptr = {k: cell_pointer("active", record.path, k) for k in ("issued", "repealed", "in_force")}
        now, before = cur.value(ptr["in_force"]), prev.value(ptr["in_force"])
        issued, repealed = cur.value(ptr["issued"]), cur.value(ptr["repealed"])
        if None in (now, before, issued, repealed):
            continue
        expected = before + issued - repealed  # type: ignore[operator]
        if now == expected:
            continue
        msg = (
            f"{describe(cur.fmt, ptr['in_force'])}为 {_value_text(now)}，但上一年度（{prev.year}）报告 {prev.file} 的"
            f"现行有效件数 {_value_text(before)} + 本年制发 {_value_text(issued)} − 本年废止 {_value_text(repealed)}"
            f" = {_value_text(expected)}"
        )
        out.append(
            _finding("W1", cur, ptr["in_force"], (ptr["in_force"], ptr["issued"], ptr["repealed"]), msg, (now, expected))
        )
    return out


def check_w3(prev: Report, cur: Report) -> list[Finding]:
    """W3 (2019 format, both years): ``prev_year_items(Y) == prev_year_items(Y-1) + change(Y-1)``."""
    if cur.format_id != "2019" or prev.format_id != "2019" or cur.fmt is None:
        return []
    out: list[Finding] = []
    for record in cur.fmt.table("active").records:
        keys = {f.key for f in record.fields}
        if not {"prev_year_items", "change"} <= keys:
            continue
        p_items = cell_pointer("active", record.path, "prev_year_items")
        p_change = cell_pointer("active", record.path, "change")
        now, before, change = cur.value(p_items), prev.value(p_items), prev.value(p_change)
        if None in (now, before, change):
            continue
        expected = before + change  # type: ignore[operator]
        if now == expected:
            continue
        sign = "+" if change >= 0 else "−"  # type: ignore[operator]
        msg = (
            f"{describe(cur.fmt, p_items)}为 {_value_text(now)}，但上一年度（{prev.year}）报告 {prev.file} 的"
            f"上一年项目数量 {_value_text(before)} {sign} 本年增/减 {_value_text(abs(change))} = {_value_text(expected)}"  # type: ignore[arg-type]
        )
        out.append(_finding("W3", cur, p_items, (p_items,), msg, (now, expected)))
    return out


CHECKS = (check_w1, check_w2, check_w3)


def duplicate_finding(kept: Report, other: Report) -> Finding:
    """Two reports of the same agency and year: the index can list only one."""
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


def cross_year_findings(reports: Iterable[Report], groups: dict[str, AgencyYears] | None = None) -> dict[int, list[Finding]]:
    """Cross-year findings keyed by ``id(report)`` (W1, W2, W3 and duplicate years)."""
    if groups is None:
        groups = group_by_agency(reports)
    out: dict[int, list[Finding]] = defaultdict(list)
    for group in groups.values():
        for kept, other in group.duplicates:
            out[id(other)].append(duplicate_finding(kept, other))
        for year, cur in group.by_year.items():
            prev = group.by_year.get(year - 1)
            if prev is None or prev.fmt is None or cur.fmt is None:
                continue
            for check in CHECKS:
                found = check(prev, cur)
                if found:
                    out[id(cur)].extend(found)
    return dict(out)
