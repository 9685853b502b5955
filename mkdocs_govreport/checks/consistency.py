"""Rules W10 and W11: the site's reports agree with each other — one agency, one
``agency_id``; every acknowledgement still explains a finding."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence

from ..core.findings import Finding
from ..core.report import Report
from ..registry import RULES

RULE_IDS = ("W10", "W11")


def _name_key(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", name).split())


def identity_findings(reports: Sequence[Report]) -> dict[int, list[Finding]]:
    """W10: the same agency name written with different ``agency_id`` values (the cross-year
    checks compare by id, so they silently stop)."""
    by_name: dict[str, list[Report]] = defaultdict(list)
    for r in reports:
        if r.has_data and isinstance(r.data.get("agency"), str):
            by_name[_name_key(r.agency)].append(r)
    out: dict[int, list[Finding]] = {}
    for group in by_name.values():
        ids = {r.agency_id for r in group}
        if len(ids) < 2:
            continue
        group = sorted(group, key=lambda r: (r.year or 0, r.file))
        first = group[0]
        for r in group[1:]:
            if r.agency_id == first.agency_id:
                continue
            out.setdefault(id(r), []).append(
                Finding.of(
                    "W10",
                    f"机关“{r.agency}”在 {first.file}（{first.year} 年度）中的 agency_id 是“{first.agency_id}”，"
                    f"本报告是“{r.agency_id}”：同一机关各年度应使用同一个 agency_id，否则跨年度检查（W1–W3、T8）不会运行",
                    r.data_file,
                    r.line_of("/agency_id") or r.line_of("/agency"),
                    r.column_of("/agency_id"),
                    pointer="/agency_id",
                    values=(first.agency_id, r.agency_id),
                )
            )
    return out


def acknowledgement_findings(report: Report, levels: Mapping[str, str]) -> list[Finding]:
    """W11: acknowledgements that explain no finding (after every check has run and every
    acknowledgement has been applied).  A rule switched off (``ignore``) explains nothing to
    report either way."""
    out: list[Finding] = []
    for ack in report.acknowledgements:
        if ack.used or levels.get(ack.rule) == "ignore":
            continue
        if ack.rule not in RULES:
            why = f"规则编号“{ack.rule}”不存在"
        elif ack.cell:
            why = f"规则 {ack.rule} 在单元格 {ack.cell} 上没有发现问题（问题可能已改正，或单元格写错了）"
        else:
            why = f"本报告没有规则 {ack.rule} 的问题（问题可能已改正）"
        out.append(
            Finding.of(
                "W11",
                f"acknowledge 中的说明“{_short(ack.reason)}”没有对应的问题：{why}；请删去这条说明或改正它",
                report.data_file,
                ack.line,
                values=(ack.rule, ack.cell),
            )
        )
    return out


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 30 else text[:30] + "…"
