"""A site's reports grouped by agency and year (the cross-year checks and the generated pages
both walk this)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .report import Report


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

    @property
    def name(self) -> str:
        """The agency's name in its latest report."""
        latest = self.latest
        return latest.agency if latest is not None else self.agency_id

    @property
    def kind(self) -> str:
        latest = self.latest
        return latest.kind if latest is not None else "department"


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
