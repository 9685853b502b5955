"""mkdocs-govreport: 政府信息公开工作年度报告 as MkDocs pages.

The public surface (guarded by ``tests/test_api.py``): reading and checking reports
(:func:`parse_page`, :func:`parse_data`, :func:`read_report_file`, :func:`check_reports`),
the report model (:class:`Report`, :class:`Cell`, :class:`Finding`, :class:`Acknowledgement`),
the field registry (:data:`FORMATS`, :data:`RULES`), the downloads (:func:`build_downloads`)
and the importer (:func:`import_file`).  Entry points: the MkDocs plugin
(``mkdocs_govreport.plugin:GovReportPlugin``), the Markdown extension
(``mkdocs_govreport.extension:GovReportExtension``) and the command line
(``mkdocs_govreport.cli:main``, ``python -m mkdocs_govreport``).
"""

from __future__ import annotations

from .core.findings import Acknowledgement, Finding
from .core.report import Cell, Report
from .exports import build_downloads
from .importer import import_file
from .pipeline import check_reports, parse_data, parse_page, read_report_file
from .registry import FORMATS, RULES

__all__ = [
    "FORMATS",
    "RULES",
    "Acknowledgement",
    "Cell",
    "Finding",
    "Report",
    "build_downloads",
    "check_reports",
    "import_file",
    "parse_data",
    "parse_page",
    "read_report_file",
]
