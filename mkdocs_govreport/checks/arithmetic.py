"""Rules R1–R4: the arithmetic the format prescribes inside one report.

R2 and R4 (each row's or group's 总计), R3 (（七）总计 of the results) come from the format's
equations (``Format.equations``), R1 from its balances; a total the author left out is
computed by ``core.report.fill_totals`` and never checked against itself.
"""

from __future__ import annotations

from typing import Any

from ..core.findings import Finding
from ..core.numbers import format_value, sum_or_none
from ..core.pointers import describe
from ..core.report import Report
from ..registry import RULES, Table, cell_pointer
from ..registry.figures import BALANCE_NAMES

RULE_IDS = ("R1", "R2", "R3", "R4")


def _num(v: Any) -> str:
    return format_value(v)


def arithmetic_findings(report: Report) -> list[Finding]:
    """R2 and R4 (each row's or group's total), R3 (each column's total of the results), then
    R1 (the balance); a check sharing a cell with one already failed is folded into it."""
    if report.fmt is None:
        return []
    return _fold_follow_ons(report, _sum_findings(report) + _balance_findings(report))


def _sum_findings(report: Report) -> list[Finding]:
    fmt = report.fmt
    assert fmt is not None
    cells = report.cells
    out: list[Finding] = []
    # rows (a record's own total) before columns (a total record): a wrong cell is named by its row
    equations = sorted(fmt.equations, key=lambda eq: eq.rule != eq.table.field_total_rule)
    for rule, target, addends, table, record, _field in equations:
        tcell = cells[target]
        if tcell.status != "reported":
            continue
        values = [cells[a].value for a in addends]
        total = sum_or_none(values)
        if total is None or total == tcell.value:
            continue
        if rule == table.field_total_rule:
            terms = " + ".join(f"{f.label} {_num(v)}" for f, v in zip(record.addend_fields, values, strict=False))
            if table.layout == "matrix":
                msg = f"{describe(fmt, target)}填写为 {_num(tcell.value)}，但本行前六列之和为 {_num(total)}（{terms}）"
            else:
                msg = f"{describe(fmt, target)}填写为 {_num(tcell.value)}，但{terms} = {_num(total)}"
        else:
            nonzero = [(a, v) for a, v in zip(record.sum_of, values, strict=False) if v]
            terms = " + ".join(f"{_short_label(table, p)} {_num(v)}" for p, v in nonzero) or "各项均为 0"
            msg = (
                f"{describe(fmt, target)}填写为 {_num(tcell.value)}，但（一）至（六）各项之和为 {_num(total)}"
                f"（{terms}）"
            )
        out.append(
            Finding(
                rule,
                msg,
                report.data_file,
                report.line_of(target),
                report.column_of(target),
                target,
                (target, *addends),
                (tcell.value, total),
                RULES[rule].severity,
            )
        )
    return out


def _balance_findings(report: Report) -> list[Finding]:
    fmt = report.fmt
    assert fmt is not None
    cells = report.cells
    out: list[Finding] = []
    for table in fmt.tables:
        for bal in table.balances:
            fields = table.by_path[bal.lhs[0]].fields
            for f in fields:
                lp = [cell_pointer(table.key, p, f.key) for p in bal.lhs]
                rp = [cell_pointer(table.key, p, f.key) for p in bal.rhs]
                lv = [cells[p].value for p in lp]
                rv = [cells[p].value for p in rp]
                ls, rs = sum_or_none(lv), sum_or_none(rv)
                if ls is None or rs is None or ls == rs:
                    continue
                names = [_short_label(table, p) for p in bal.lhs + bal.rhs]
                msg = (
                    f"{table.short_name}“{f.label}”列勾稽关系不成立：{names[0]} {_num(lv[0])} + {names[1]} {_num(lv[1])} = {_num(ls)}，"
                    f"而{names[2]} {_num(rv[0])} + {names[3]} {_num(rv[1])} = {_num(rs)}"
                )
                # anchor at the first reported cell of the right side, else of the left
                anchor = next((p for p in rp + lp if cells[p].status == "reported"), lp[0])
                out.append(
                    Finding(
                        bal.rule,
                        msg,
                        report.data_file,
                        report.line_of(anchor),
                        report.column_of(anchor),
                        anchor,
                        tuple(lp + rp),
                        (ls, rs),
                        RULES[bal.rule].severity,
                    )
                )
    return out


def _fold_follow_ons(report: Report, findings: list[Finding]) -> list[Finding]:
    """One mistyped number breaks every sum it is in (its row, its column, the balance).  A
    check that shares a cell with one already failed is not reported again: the first finding
    says so, and names the shared cell, the likely culprit."""
    kept: list[Finding] = []
    folded: dict[int, list[tuple[Finding, set[str]]]] = {}
    for f in findings:
        cells = set(f.pointers)
        earlier = next((k for k in kept if cells & set(k.pointers)), None)
        if earlier is None:
            kept.append(f)
        else:
            folded.setdefault(id(earlier), []).append((f, cells & set(earlier.pointers)))
    for k in kept:
        more = folded.get(id(k))
        if not more:
            continue
        first, shared = more[0]
        culprit = ""
        if len(shared) == 1:
            (cell,) = shared
            culprit = f"{describe(report.fmt, cell)}的 {_num(report.value(cell))} 同时使{RULES[first.rule].title}（{first.rule}）不成立，很可能是这个数字有误；"
        rules = "、".join(dict.fromkeys(f.rule for f, _s in more))
        k.message += f"（{culprit}由此引起的另外 {len(more)} 处 {rules} 不相符已从略，改正后会重新检查）"
    return kept


def _short_label(table: Table, path: tuple[str, ...]) -> str:
    if path in BALANCE_NAMES:
        return BALANCE_NAMES[path]
    record = table.by_path.get(path)
    if record is None:
        return ".".join(path)
    if len(record.groups) > 1:
        return f"{record.groups[1]}{record.label}"
    return record.label
