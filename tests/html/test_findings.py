"""The findings box of a report page (``html/findings.py``): values typed into the data reach it
as text, never as markup."""

from __future__ import annotations

from mkdocs_govreport import parse_page
from mkdocs_govreport.html.findings import render_report_findings
from tests.helpers.battery import injected_page


def test_findings_box_escapes_values_from_the_data() -> None:
    report = parse_page(injected_page(), "x.md")
    assert report is not None
    html = render_report_findings(report)
    assert "<b onmouseover" not in html and "&lt;b onmouseover=alert(8)&gt;" in html
