"""Importing published reports (HTML, Word, PDF text, pasted text) as report pages.

Pipeline: source → :mod:`.sources` (blocks of cells with positions) → :mod:`.labels`
(registry labels found in a normalised stream) → :mod:`.extract` (sections, metadata,
table cells; run-together numbers split with :mod:`.splits`) → :mod:`.page` (front matter
in the authoring form + narrative Markdown).  The ``govreport import`` command is in
``mkdocs_govreport.cli.import_``.
"""

from __future__ import annotations

from .convert import ImportResult, import_bytes, import_file

__all__ = ["ImportResult", "import_bytes", "import_file"]
