"""The generated pages (index, one page per agency, yearly summary) as Markdown, from reports.

Pure functions from reports to Markdown.  Links to other pages are Markdown links relative to
the generated page, so MkDocs checks and rewrites them; tables with figures and the charts
are raw HTML blocks (no blank lines inside) with every user-written text escaped.  The same
functions serve MkDocs (``plugin.site``) and any other generator (``govreport pages``).
"""

from __future__ import annotations

from .agency import agency_page, rates_markdown
from .common import Context, SitePaths, agency_slug
from .index import index_page
from .site import site_pages
from .summary import summary_page

__all__ = ["Context", "SitePaths", "agency_page", "agency_slug", "index_page", "rates_markdown", "site_pages", "summary_page"]
