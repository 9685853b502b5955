"""The downloads of any number of report files in bounded memory (``govreport data``).

Two passes, never all reports in memory at once:

1. **scan** (:func:`scan_file`, run in worker processes with ``--jobs``): each file is read and
   checked on its own and comes back as a few keys (agency, year, page, departments) and bytes:
   the report and its share of the downloads (:class:`Chunk`), pickled and compressed.  The
   bytes go to a spool file; memory keeps the keys.
2. **write**, agency by agency in the order of the downloads: an agency's reports (and, for a
   government's roll-up, the one report per department and year it is compared with) are read
   back from the spool and checked across reports exactly as a site checks them
   (``pipeline.check_reports``: cross-year W1–W3, duplicates, T8, T9/T10, levels and
   acknowledgements), then written (:class:`DownloadsWriter`) and dropped.

The result is byte-identical to :func:`build_downloads` over the same reports, whatever the
number of worker processes.
"""

from __future__ import annotations

import tempfile
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import IO

from ..checks.sameness import shingles
from ..core.body import mask_body, parse_masked
from ..core.findings import Finding
from ..core.report import Report
from ..pipeline import DEFAULT_THRESHOLD, check_reports, read_report_file
from .downloads import Chunk, DownloadsWriter, Entry, Opener, report_chunk
from .spool import dumps, loads

#: ``(path, name shown in messages, named on the command line)``
Job = tuple[str, str, bool]

#: Maps ``scan_file`` over jobs, in order (``cli.parallel.parallel_map`` with ``--jobs``).
Mapper = Callable[[Callable[[Job], "Scanned | None"], Iterable[Job]], Iterator["Scanned | None"]]

NOT_A_REPORT = "此页面没有 govreport 报告数据（页首 front matter 中没有 govreport: 键）"


@dataclass
class Scanned:
    """What the first pass keeps of one report: its keys, and its bytes until spooled."""

    page: str
    file: str
    data_file: str
    agency_id: str
    year: int | None
    format_id: str | None
    #: agency ids a government's roll-up names (``departments:``), for T9/T10
    departments: tuple[str, ...]
    blob: bytes = b""
    offset: int = 0
    length: int = 0

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.agency_id, self.year or 0, self.page)


def scan_file(job: Job) -> Scanned | None:
    """Read and check one file on its own (a worker's task); None when it is not a report and
    was not named explicitly."""
    path, shown, named = job
    report = read_report_file(Path(path), shown)
    if report is None:
        if not named:
            return None
        report = Report.unreadable(shown, [Finding("S", NOT_A_REPORT, shown, 1)], readable=True)
    chunk = report_chunk(Entry(report.file, report)) if report.fmt is not None else None
    _forget()
    depts = report.data.get("departments") if report.has_data else None
    return Scanned(
        page=report.file,
        file=report.file,
        data_file=report.data_file,
        agency_id=report.agency_id,
        year=report.year,
        format_id=report.format_id,
        departments=tuple(d for d in depts if isinstance(d, str)) if isinstance(depts, list) else (),
        blob=zlib.compress(dumps((report, chunk)), 1),
    )


@dataclass
class StreamResult:
    reports: int = 0
    exported: int = 0
    names: list[str] = field(default_factory=list)
    #: findings of reports without table data (the command prints them)
    unreadable: list[Finding] = field(default_factory=list)


class _Spool:
    def __init__(self, folder: str | None) -> None:
        self.fh: IO[bytes] = tempfile.TemporaryFile(prefix="govreport-spool-", dir=folder)  # noqa: SIM115 - closed by stream_downloads
        self.end = 0

    def put(self, s: Scanned) -> None:
        s.offset, s.length = self.end, len(s.blob)
        self.fh.seek(self.end)
        self.fh.write(s.blob)
        self.end += s.length
        s.blob = b""

    def get(self, s: Scanned) -> tuple[Report, Chunk | None]:
        self.fh.seek(s.offset)
        report, chunk = loads(zlib.decompress(self.fh.read(s.length)))
        if chunk is not None:
            chunk.key = (id(report.cells), id(report.data))
        return report, chunk


def stream_downloads(
    jobs: Iterable[Job],
    opener: Opener,
    *,
    mapper: Mapper | None = None,
    title: str = "政府信息公开工作年度报告数据",
    levels: Mapping[str, str] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    spool_dir: str | None = None,
) -> StreamResult:
    """Scan every job (through ``mapper``, in order), then write the downloads agency by agency."""
    result = StreamResult()
    spool = _Spool(spool_dir)
    try:
        index: list[Scanned] = []
        run = mapper if mapper is not None else _serial
        for scanned in run(scan_file, jobs):
            if scanned is None:
                continue
            spool.put(scanned)
            index.append(scanned)
        result.reports = len(index)
        index.sort(key=lambda s: s.key)
        kept = _kept_by_agency_year(index)
        writer = DownloadsWriter(opener, title=title)
        for _agency, members in groupby(index, key=lambda s: s.agency_id):
            group = list(members)
            loaded = [spool.get(s) for s in group]
            context = _rollup_context(group, kept, spool)
            check_reports([r for r, _c in loaded] + context, levels=levels, threshold=threshold)
            for s, (report, chunk) in zip(group, loaded, strict=True):
                writer.add(s.page, report, chunk)
                if report.fmt is None:
                    result.unreadable.extend(report.findings)
            _forget()
        result.exported = writer.count
        result.names = writer.close()
    finally:
        spool.fh.close()
    return result


def _forget() -> None:
    """Empty the caches of narrative texts: they serve ``mkdocs serve`` rebuilds (the same texts
    again and again); a stream reads each text once, and would only fill them up to their size."""
    shingles.cache_clear()
    mask_body.cache_clear()
    parse_masked.cache_clear()


def _serial(work: Callable[[Job], Scanned | None], jobs: Iterable[Job]) -> Iterator[Scanned | None]:
    return (work(j) for j in jobs)


def _kept_by_agency_year(index: Sequence[Scanned]) -> dict[tuple[str, int], Scanned]:
    """The report a site shows for each agency and year: the first by file name when two claim
    the same (``core.collection.group_by_agency``)."""
    kept: dict[tuple[str, int], Scanned] = {}
    for s in sorted(index, key=lambda s: (s.file, s.data_file)):
        if s.year is not None:
            kept.setdefault((s.agency_id, s.year), s)
    return kept


def _rollup_context(group: Sequence[Scanned], kept: Mapping[tuple[str, int], Scanned], spool: _Spool) -> list[Report]:
    """Copies of the department reports the group's roll-ups are compared with (their own
    findings from this check are discarded)."""
    out: list[Report] = []
    seen: set[int] = set()
    for s in group:
        if not s.departments or s.year is None:
            continue
        for d in s.departments:
            other = kept.get((d, s.year))
            if other is None or other.agency_id == s.agency_id or id(other) in seen:
                continue
            seen.add(id(other))
            out.append(spool.get(other)[0])
    return out

