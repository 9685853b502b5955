"""Findings: what the checks report, and the author's acknowledgements of them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ..registry import RULES
from .numbers import format_value

Severity = Literal["error", "warning"]
Level = Literal["error", "warn", "ignore"]
#: The levels a rule can be set to (plugin option ``rules``, ``govreport validate --level``).
LEVELS: tuple[Level, ...] = ("error", "warn", "ignore")

SEVERITY_ZH = {"error": "错误", "warning": "警告"}


@dataclass
class Finding:
    """One problem found in a report.

    ``pointer`` is the JSON Pointer of the main cell (``/applications/results/granted/total``)
    or ``""`` for the report as a whole; ``pointers`` lists every cell of the equation.
    ``values`` are the numbers compared (left side, right side) — what an acknowledgement
    records so that it goes stale when they change.
    """

    rule: str
    message: str
    file: str
    line: int | None = None
    column: int | None = None
    pointer: str = ""
    pointers: tuple[str, ...] = ()
    values: tuple[Any, ...] = ()
    severity: Severity = "error"
    #: The author's explanation, when the finding is acknowledged (and not stale).
    acknowledged: str | None = None
    #: Set when an acknowledgement exists for this cell and rule but its numbers changed.
    stale_note: str | None = None

    @classmethod
    def of(
        cls,
        rule: str,
        message: str,
        file: str,
        line: int | None = None,
        column: int | None = None,
        *,
        pointer: str = "",
        pointers: tuple[str, ...] = (),
        values: tuple[Any, ...] = (),
    ) -> Finding:
        """A finding with the rule's own severity (from :data:`RULES`)."""
        return cls(rule, message, file, line, column, pointer, pointers, values, RULES[rule].severity)

    @property
    def location(self) -> str:
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}" + (f":{self.column}" if self.column else "")

    @property
    def title(self) -> str:
        info = RULES.get(self.rule)
        return info.title if info else self.rule

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``govreport validate --format json``."""
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "severity": self.severity,
            "pointer": self.pointer,
            "pointers": list(self.pointers or ((self.pointer,) if self.pointer else ())),
            "message": self.message,
            "values": [format_value(v) for v in self.values],
            "acknowledged": self.acknowledged,
            "stale": self.stale_note,
        }

    def log_line(self) -> str:
        head = f"{self.location}: [{self.rule}] {SEVERITY_ZH[self.severity]}：{self.message}"
        if self.pointer:
            head += f"（{self.pointer}）"
        if self.stale_note:
            head += f" —— {self.stale_note}"
        return head


@dataclass
class Acknowledgement:
    """An author's written explanation for a finding (``acknowledge:`` in the data)."""

    rule: str
    reason: str
    cell: str = ""  # JSON Pointer; empty = every finding of this rule in the report
    numbers: tuple[str, ...] | None = None  # the values acknowledged, for staleness
    line: int | None = None
    used: bool = field(default=False, compare=False)

    def matches(self, finding: Finding) -> bool:
        if finding.rule != self.rule:
            return False
        if not self.cell:
            return True
        return self.cell == finding.pointer or self.cell in finding.pointers


def apply_acknowledgements(findings: list[Finding], acks: list[Acknowledgement]) -> None:
    """Mark findings explained by the author; an explanation whose numbers changed is stale."""
    for finding in findings:
        for ack in acks:
            if not ack.matches(finding):
                continue
            ack.used = True
            current = tuple(format_value(v) for v in finding.values)
            if ack.numbers is not None and tuple(ack.numbers) != current:
                finding.stale_note = (
                    f"说明已过期：说明针对的数字是 {' / '.join(ack.numbers)}，现在是 {' / '.join(current)}，请重新核对（第 {ack.line} 行）"
                )
                continue
            finding.acknowledged = ack.reason
            break


def apply_levels(findings: list[Finding], levels: Mapping[str, str]) -> list[Finding]:
    """Per-rule levels from the configuration: ``error``, ``warn`` or ``ignore``.

    Returns new Finding objects where the severity changes (cached ones stay untouched).
    """
    if not levels:
        return findings
    out: list[Finding] = []
    for f in findings:
        level = levels.get(f.rule)
        if level == "ignore":
            continue
        if level == "error" and f.severity != "error":
            f = replace(f, severity="error")
        elif level == "warn" and f.severity != "warning":
            f = replace(f, severity="warning")
        out.append(f)
    return out
