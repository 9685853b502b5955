"""The one pipeline every adapter uses (plugin, Markdown extension, command line).

page source → ``core`` (front matter, strict YAML with a line map, cells, totals filled)
→ :func:`check_report` (every single-report rule) → :func:`check_reports` (across reports:
W1–W3, duplicate years, T8–T10; then rule levels and acknowledgements, once).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .checks import single_report_findings
from .checks.consistency import acknowledgement_findings, identity_findings
from .checks.continuity import continuity_findings
from .checks.rollup import rollup_findings
from .checks.sameness import DEFAULT_THRESHOLD, sameness_findings
from .core.collection import AgencyYears, group_by_agency
from .core.findings import Finding, apply_acknowledgements, apply_levels
from .core.report import Report, load_data, load_file, load_page
from .core.source import PageData

__all__ = ["DEFAULT_THRESHOLD", "check_report", "check_reports", "parse_data", "parse_page", "read_report_file"]


def check_report(report: Report) -> Report:
    """Run every single-report check on a freshly read report (in place; returned for chaining)."""
    report.findings = in_line_order(report, report.findings + single_report_findings(report))
    apply_acknowledgements(report.findings, report.acknowledgements)
    return report


def in_line_order(report: Report, findings: list[Finding]) -> list[Finding]:
    """Findings as an author reads them: the page's first, then its data file's, each by line
    (findings without a line first, in the order they were made)."""
    seen: set[tuple[str, int | None, str, str]] = set()
    unique: list[Finding] = []
    for f in findings:  # one mistake reported twice in the same words (``[1,234, …]``) is shown once
        key = (f.file, f.line, f.rule, f.message)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return sorted(unique, key=lambda f: (f.file != report.file, f.file, f.line or 0, f.column or 0))


def parse_page(raw: bytes | str, file: str, *, base_dir: Path | None = None, display_dir: str = "") -> Report | None:
    """Read and check a Markdown page.  Returns None when the page is not a report.

    ``file`` names the page in messages.  ``base_dir`` is the page's directory on disk,
    needed when ``govreport:`` names a sibling YAML file; ``display_dir`` is how that
    directory is named in messages.
    """
    report = load_page(raw, file, base_dir=base_dir, display_dir=display_dir)
    return check_report(report) if report is not None else None


def parse_data(
    value: Any,
    file: str,
    *,
    data_file: str | None = None,
    positions: dict[str, tuple[int, int]] | None = None,
    body: str = "",
    body_line: int = 1,
    pre: list[Finding] | None = None,
) -> Report:
    """Build a checked report from an already loaded ``govreport`` mapping."""
    page = PageData(value, data_file or file, positions or {}, body, body_line, list(pre or []))
    return check_report(load_data(value, file, page=page))


def read_report_file(path: Path, display: str | None = None) -> Report | None:
    """Read and check a page (``.md``) or a bare data file (``.yaml``) from disk."""
    report = load_file(path, display)
    return check_report(report) if report is not None else None


def cross_report_findings(
    reports: Sequence[Report], groups: Mapping[str, AgencyYears], *, threshold: float = DEFAULT_THRESHOLD
) -> dict[int, list[Finding]]:
    """The findings that need several reports, keyed by ``id(report)``: W1–W3 and duplicate
    years, W10 (one agency, two ids), T8 (sameness with last year), T9/T10 (roll-ups)."""
    out: dict[int, list[Finding]] = defaultdict(list)
    parts = (
        continuity_findings(groups),
        identity_findings(reports),
        sameness_findings(groups, threshold),
        rollup_findings(reports, groups),
    )
    for part in parts:
        for rid, found in part.items():
            out[rid].extend(found)
    return dict(out)


def check_reports(
    reports: Sequence[Report], *, levels: Mapping[str, str] | None = None, threshold: float = DEFAULT_THRESHOLD
) -> dict[str, AgencyYears]:
    """The checks across reports, then rule levels and acknowledgements — once — and W11 for
    the acknowledgements left explaining nothing.

    The reports' ``findings`` lists are replaced (never extended in place), so a caller that
    keeps parsed reports in a cache passes shallow copies.  Returns the reports grouped by
    agency (the generated pages walk the same groups).
    """
    levels = levels or {}
    groups = group_by_agency(reports)
    cross = cross_report_findings(reports, groups, threshold=threshold)
    for report in reports:
        for ack in report.acknowledgements:
            ack.used = False  # counted again over every finding, cross-report ones included
        findings = apply_levels(report.findings + cross.get(id(report), []), levels)
        apply_acknowledgements(findings, report.acknowledgements)
        findings += apply_levels(acknowledgement_findings(report, levels), levels)
        report.findings = in_line_order(report, findings)
    return groups
