"""Rules T9 and T10: a government's roll-up report (``departments:``) against the reports of
the departments it sums, for the same year."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..core.collection import AgencyYears, group_by_agency
from ..core.findings import Finding
from ..core.numbers import Number, format_value, sum_or_none
from ..core.pointers import describe
from ..core.report import Report
from ..registry import RULES, cell_pointer

RULE_IDS = ("T9", "T10")


def rollup_findings(reports: Iterable[Report], groups: Mapping[str, AgencyYears] | None = None) -> dict[int, list[Finding]]:
    """T9/T10: each government report declaring ``departments`` against their reports' sum."""
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
                Finding.of(
                    "T10",
                    f"departments 列出的部门中，{'、'.join(missing)} 在本站没有 {report.year} 年度报告，无法核对汇总数字",
                    report.data_file,
                    line,
                    pointer="/departments",
                    values=tuple(missing),
                )
            )
        else:
            mine += _rollup_cells(report, found)
        if mine:
            out[id(report)] = mine
    return out


def _rollup_cells(report: Report, depts: list[Report]) -> list[Finding]:
    """One finding per record of tables 三 and 四 whose cells differ from the departments' sum."""
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
                total = sum_or_none(theirs)
                if mine is None or total is None:
                    continue
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
