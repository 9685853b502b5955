"""Build hook of the documentation site: adds the generated reference pages.

Each page of ``mkdocs_govreport._docgen.PAGES`` is produced from the code (field registry,
rule definitions, command table, config class, export columns) on every build, so the
reference is always the one of the code being documented.
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

# document the checkout this file belongs to, also when the package is not installed
_ROOT = str(Path(__file__).resolve().parent.parent)
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from mkdocs_govreport._docgen import MARKERS, PAGES  # noqa: E402


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Add (or replace) the generated reference pages."""
    for src_uri, make in PAGES.items():
        existing = files.get_file_from_path(src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, src_uri, content=make()))
    return files


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace the ``<!-- docgen:… -->`` markers of hand-written pages with generated text."""
    for marker, make in MARKERS.items():
        if marker in markdown:
            markdown = markdown.replace(marker, make())
    return markdown
