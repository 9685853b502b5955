"""Open data out of reports: the downloads (JSON, tidy CSV, Frictionless data package), written
report by report (:class:`DownloadsWriter`), and an optional Excel workbook (:mod:`.xlsx`)."""

from __future__ import annotations

from .downloads import (
    BOM,
    CELL_FIELDS,
    DATA_FILES,
    FACT_FIELDS,
    REPORT_FIELDS,
    VALIDATION_FIELDS,
    WIDE_LEAD,
    Chunk,
    ChunkCache,
    DownloadsWriter,
    Entry,
    build_downloads,
    neutralise,
    report_chunk,
    sort_key,
    wide_columns_for,
    wide_name,
    write_downloads,
)

__all__ = [
    "BOM",
    "CELL_FIELDS",
    "DATA_FILES",
    "FACT_FIELDS",
    "REPORT_FIELDS",
    "VALIDATION_FIELDS",
    "WIDE_LEAD",
    "Chunk",
    "ChunkCache",
    "DownloadsWriter",
    "Entry",
    "build_downloads",
    "neutralise",
    "report_chunk",
    "sort_key",
    "wide_columns_for",
    "wide_name",
    "write_downloads",
]
