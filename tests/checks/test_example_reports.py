"""The example site's reports, read and checked without a build: both formats and several
agencies, no finding but acknowledged ones, and the data consistent from year to year by plain
arithmetic (not by the tool)."""

from __future__ import annotations

from pathlib import Path

from mkdocs_govreport import Report, read_report_file
from tests.helpers.pages import example_reports
from tests.helpers.paths import EXAMPLE


def test_example_has_both_formats_and_agencies() -> None:
    reports = example_reports()
    assert {f for _p, f in reports} == {"2019", "2021"}
    stats = {p for p, _f in reports if "xigong-stats" in p}
    assert {Path(p).stem for p in stats} >= {"2021", "2022", "2023", "2024"}
    assert len(reports) >= 9


def test_example_years_consistent() -> None:
    """The example data itself, checked here by plain arithmetic (not by the tool): each agency's
    carry-over equals last year's carry-forward per column (also 2020→2021), 2021 in-force counts
    follow issued/repealed, and every report is free of findings except acknowledged ones."""
    by_agency: dict[str, dict[int, Report]] = {}
    for src, _fid in example_reports():
        r = read_report_file(EXAMPLE / "docs" / src)
        assert not [f for f in r.findings if not f.acknowledged], (src, [f.log_line() for f in r.findings])
        by_agency.setdefault(r.agency_id, {})[r.year] = r
    assert set(by_agency) >= {"xigong-stats", "xigong-gov"}
    assert sorted(by_agency["xigong-gov"]) == [2019, 2020, 2021, 2022, 2023, 2024]
    cols = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total"]
    nonzero = 0
    for agency, years in by_agency.items():
        for y, r in years.items():
            nonzero += sum(1 for c in r.cells.values() if c.value)
            prev = years.get(y - 1)
            if prev is None:
                continue
            for c in cols:
                assert r.value(f"/applications/carried_over/{c}") == prev.value(f"/applications/carried_forward/{c}"), (agency, y, c)
            if prev.format_id == r.format_id == "2021":
                for row in ("regulations", "normative_docs"):
                    expect = prev.value(f"/active/{row}/in_force") + r.value(f"/active/{row}/issued") - r.value(f"/active/{row}/repealed")
                    assert r.value(f"/active/{row}/in_force") == expect, (agency, y, row)
            if prev.format_id == r.format_id == "2019":
                for row in ("licensing", "other_mgmt_services", "penalty", "coercion", "admin_fees"):
                    expect = prev.value(f"/active/{row}/prev_year_items") + prev.value(f"/active/{row}/change")
                    assert r.value(f"/active/{row}/prev_year_items") == expect, (agency, y, row)
    assert nonzero > 600  # the second agency fills most cells
