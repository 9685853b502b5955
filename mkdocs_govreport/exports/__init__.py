"""Open data out of reports: the downloads (JSON, CSV, Frictionless data package)."""

from __future__ import annotations

from .downloads import (
    DATA_FILES,
    FACT_FIELDS,
    VALIDATION_FIELDS,
    WIDE_LEAD,
    ChunkCache,
    Entry,
    build_downloads,
    wide_columns_for,
    wide_name,
    write_downloads,
)

__all__ = [
    "DATA_FILES",
    "FACT_FIELDS",
    "VALIDATION_FIELDS",
    "WIDE_LEAD",
    "ChunkCache",
    "Entry",
    "build_downloads",
    "wide_columns_for",
    "wide_name",
    "write_downloads",
]
