"""mkdocs-govreport: 政府信息公开工作年度报告 as MkDocs pages.

The public surface: :func:`parse_page`, :func:`read_report_file`, :class:`Report`,
the field registry :data:`FORMATS`, and the Markdown extension / MkDocs plugin.
"""

from .registry import FORMATS, RULES
from .report import Report, parse_data, parse_page, read_report_file

__all__ = ["FORMATS", "RULES", "Report", "parse_data", "parse_page", "read_report_file"]
