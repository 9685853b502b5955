"""The checks, one module per rule family (``registry.RULES[id].family`` names the module).

* :mod:`.structure` — S; :mod:`.arithmetic` — R1–R4; :mod:`.document` — W4–W8;
* :mod:`.continuity` — W1–W3 (across years); :mod:`.consistency` — W10, W11 (across reports);
* :mod:`.claims` — T1–T4; :mod:`.narrative` — T5–T7;
* :mod:`.sameness` — T8 (across years); :mod:`.rollup` — T9, T10 (across reports).

:func:`single_report_findings` runs every check that needs only the report itself; the checks
across reports run in ``pipeline.check_reports``.  No HTML here.
"""

from __future__ import annotations

from types import ModuleType

from ..core.findings import Finding
from ..core.report import Report
from . import arithmetic, claims, consistency, continuity, document, narrative, rollup, sameness, structure

#: Every rule family module; each declares the rule ids it implements (``RULE_IDS``).
FAMILIES: dict[str, ModuleType] = {
    "structure": structure,
    "arithmetic": arithmetic,
    "continuity": continuity,
    "document": document,
    "consistency": consistency,
    "claims": claims,
    "narrative": narrative,
    "sameness": sameness,
    "rollup": rollup,
}


def single_report_findings(report: Report) -> list[Finding]:
    """The findings of every single-report check, in the order they are shown."""
    if not report.has_data:
        return []  # nothing but what reading the page already said
    out: list[Finding] = []
    out += structure.schema_findings(report)
    out += arithmetic.arithmetic_findings(report)
    out += document.format_findings(report)
    out += structure.published_findings(report)
    out += document.deadline_findings(report)
    out += structure.marker_findings(report)
    out += document.section_findings(report)
    out += document.fee_findings(report)
    out += document.placeholder_findings(report)
    out += structure.markup_findings(report)
    out += structure.digits_findings(report)
    if report.body.strip():
        out += claims.claim_findings(report)
        out += narrative.fee_findings(report)
        out += narrative.problems_findings(report)
        out += narrative.numbering_findings(report)
    return out
