"""The Markdown extension alone, where MkDocs plugins don't run: plain Python-Markdown (by class
and by entry-point name) and a host that strips the front matter before Python-Markdown runs
(Zensical's rendering context).  Every test reads the HTML back and compares each data cell with
the report's data; findings are boxed and flagged; nothing typed into a report becomes markup.
(Real Zensical and ProperDocs builds: ``tests/builds/test_engines.py``.)"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import markdown
import pytest
import yaml

from mkdocs_govreport import read_report_file
from mkdocs_govreport.extension import GovReportExtension
from tests.helpers.battery import injected_page
from tests.helpers.html import assert_cells_match, injected_markup, read_page
from tests.helpers.pages import example_page_with_review_error
from tests.helpers.paths import EXAMPLE

REPORT_PAGES = sorted((EXAMPLE / "docs" / "reports").rglob("*.md"))

@pytest.mark.parametrize("page", REPORT_PAGES, ids=[p.relative_to(EXAMPLE / "docs").as_posix() for p in REPORT_PAGES])
def test_plain_python_markdown_renders_each_example_report(page: Path) -> None:
    """``markdown.markdown(text, extensions=[GovReportExtension(filename=...)])`` on the page's
    own text (front matter included) gives the same cells as the site build."""
    ext = GovReportExtension(filename=str(page))
    html = markdown.markdown(page.read_text(encoding="utf-8"), extensions=[ext, "toc"])
    report = read_report_file(page)
    assert report is not None
    assert_cells_match(html, report, page.name)
    # the body text the author wrote is still there, and the three official headings
    assert "<h1" in html and "三、收到和处理政府信息公开申请情况" in html


def test_plain_python_markdown_by_entry_point_name() -> None:
    """The ``markdown.extensions`` entry point: extensions=["govreport"] works too."""
    page = next(p for p in REPORT_PAGES if "govreport:\n" in p.read_text(encoding="utf-8"))
    html = markdown.markdown(page.read_text(encoding="utf-8"), extensions=["govreport"])
    report = read_report_file(page)
    assert report is not None
    assert_cells_match(html, report, page.name)


def test_plain_python_markdown_shows_findings() -> None:
    """A total that is not the sum of its parts is boxed and its cells flagged, without MkDocs."""
    ext = GovReportExtension(filename="r.md")
    html = markdown.markdown(example_page_with_review_error(), extensions=[ext])
    parsed = read_page(html)
    assert parsed.findings >= 1
    flagged = {p for p, cell in parsed.cells.items() if "gr-flag" in cell.classes}
    assert flagged and all(p.startswith("/review_litigation/review/") for p in flagged), flagged
    assert parsed.cells["/review_litigation/review/total"].value == "3"  # shown as written, never corrected


def test_plain_python_markdown_without_filename_names_the_problem() -> None:
    """A page whose data lives in a sibling .yaml file, converted without ``filename``: a clear
    Chinese finding on the page, no traceback, no table of zeros."""
    page = next((p for p in REPORT_PAGES if p.with_suffix(".yaml").exists()), None)
    if page is None:
        pytest.skip("the example site has no page with a separate .yaml data file")
    ext = GovReportExtension()
    html = markdown.markdown(page.read_text(encoding="utf-8"), extensions=[ext])
    assert "gr-findings" in html and "yaml" in html
    assert 'class="gr-num' not in html
    # with base_dir only (no filename) it finds the data file
    ext = GovReportExtension(base_dir=str(page.parent))
    html = markdown.markdown(page.read_text(encoding="utf-8"), extensions=[ext])
    assert len(read_page(html).report_tables) == 3


class _HostContext(markdown.preprocessors.Preprocessor):
    """What Zensical registers on its Markdown instance: the page (path relative to docs_dir,
    parsed front matter as ``meta``) and the site config.  Same attribute names."""

    def __init__(self, md: Any, page: Any, config: dict[str, Any]) -> None:
        super().__init__(md)
        self.page = page
        self.config = config

    def run(self, lines: list[str]) -> list[str]:
        return lines


class _HostContextExtension(markdown.extensions.Extension):
    def __init__(self, page: Any, config: dict[str, Any]) -> None:
        super().__init__()
        self.page, self.cfg = page, config

    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 - Python-Markdown API
        md.preprocessors.register(_HostContext(md, self.page, self.cfg), "rendering_context", 0)


@pytest.mark.parametrize("page", REPORT_PAGES[:1] + REPORT_PAGES[-1:], ids=lambda p: p.name)
def test_front_matter_stripped_by_the_host(page: Path) -> None:
    """Zensical hands Python-Markdown the body only; the extension reads the page's own file
    through the host's rendering context (page.path under config['docs_dir'])."""
    docs = EXAMPLE / "docs"
    text = page.read_text(encoding="utf-8")
    _, fm, body = text.split("---\n", 2)
    meta = yaml.safe_load(fm)
    host_page = SimpleNamespace(path=page.relative_to(docs).as_posix(), meta=meta, url="x/")
    html = markdown.markdown(
        body, extensions=[_HostContextExtension(host_page, {"docs_dir": str(docs)}), GovReportExtension()]
    )
    report = read_report_file(page)
    assert report is not None
    assert_cells_match(html, report, page.name)


def test_a_page_without_data_is_left_alone_by_the_host() -> None:
    docs = EXAMPLE / "docs"
    plain = SimpleNamespace(path="index.md", meta={"title": "x"}, url="")
    html = markdown.markdown(
        "# 首页\n", extensions=[_HostContextExtension(plain, {"docs_dir": str(docs)}), GovReportExtension()]
    )
    assert "gr-" not in html


def test_markdown_extension_alone_escapes() -> None:
    for body in (None, "", "\n## 一、总体情况\n\n文字。\n"):
        html = markdown.markdown(injected_page(body=body), extensions=[GovReportExtension(filename="x.md")])
        assert injected_markup(html) == [], body
        assert "<script" not in html and "<img" not in html and "<svg" not in html and "<iframe" not in html
