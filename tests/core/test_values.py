"""Numbers are never silently changed: money is kept exactly as written, a signed number is the
same number, a value the strict loader refuses is missing — never what YAML 1.1 would have made of
it — and its total is not computed from the gap.  (The pages: ``tests/helpers/battery.py``.)"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from mkdocs_govreport import parse_page, read_report_file
from mkdocs_govreport.html.tables import render_table
from tests.helpers.battery import BAD, EXAMPLE_BASE, EXAMPLE_CASES, fee_page, review_page
from tests.helpers.html import read_page


@pytest.mark.parametrize("written", ["0.10", "1.50", "0", "12.345", "7", '"0.10"'])
def test_money_is_kept_exactly_as_written(written: str) -> None:
    report = parse_page(fee_page(written), "fee.md")
    assert report is not None and not [f for f in report.findings if f.rule == "S"]
    expected = written.strip('"')
    value = report.cells["/active/admin_fees/amount"].value
    assert isinstance(value, Decimal) and str(value) == expected
    assert report.canonical()["active"]["admin_fees"]["amount"] == expected
    assert read_page(render_table(report, "active")).cells["/active/admin_fees/amount"].raw == expected


@pytest.mark.parametrize(("written", "value"), [("+5", 5), ("0", 0), ("-0", 0)])
def test_explicit_sign_is_the_same_number(written: str, value: int) -> None:
    """``+5`` is 5 and ``-0`` is 0: the same number, so accepted (see docs/security.md)."""
    report = parse_page(review_page(written), "sign.md")
    assert report is not None and not [f for f in report.findings if f.rule == "S"]
    assert report.cells["/review_litigation/review/upheld"].value == value
    assert report.cells["/review_litigation/review/total"].value == value


@pytest.mark.parametrize("written", ["012", "1:20", "yes", "3.0", "1,234", "１２", "1e3", "0x1F", "1_000", "-1", "1000000000"])
def test_a_refused_value_is_missing_never_reinterpreted(written: str) -> None:
    """What YAML 1.1 would have made of it (10, 80, True, 3 …) appears nowhere: the cell is missing,
    its total is not computed from the gap, and the page shows the gap."""
    report = parse_page(review_page(written), "refused.md")
    assert report is not None and report.has_errors
    assert report.cells["/review_litigation/review/upheld"].value is None
    assert report.cells["/review_litigation/review/total"].value is None
    export = report.canonical()["review_litigation"]["review"]
    assert export["upheld"] is None and export["total"] is None
    assert read_page(render_table(report, "review_litigation")).cells["/review_litigation/review/upheld"].raw == "—未填写"


def test_data_file_values_keep_their_lines() -> None:
    report = read_report_file(BAD / "govreport_data_file.md")
    assert report is not None and report.data_file.endswith("data_file_octal.yaml")
    assert report.cells["/review_litigation/review/upheld"].value is None


def test_a_refused_value_in_the_example_report_is_missing_in_the_export(tmp_path: Path) -> None:
    """A refused value is missing in the export — never a number YAML 1.1 would have made."""
    page = tmp_path / "octal.md"
    old, new, *_ = EXAMPLE_CASES["octal"]
    page.write_text(EXAMPLE_BASE.replace(old, new, 1), encoding="utf-8")
    report = read_report_file(page)
    assert report is not None
    assert report.cells["/review_litigation/review/upheld"].value is None
    assert report.canonical()["review_litigation"]["review"]["upheld"] is None
    assert report.canonical()["review_litigation"]["review"]["total"] is None  # not computed from a gap
