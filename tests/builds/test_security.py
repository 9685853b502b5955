"""Nothing typed into a report runs in a reader's browser.

Real sites (default theme and Material) are built with reports whose every text field carries
markup — agency, title, acknowledgement reasons, provenance, unknown keys, narrative-adjacent
data — and every HTML file is parsed back: no script from the data, no ``on…=`` attribute, no
``javascript:`` URL.  The texts are still shown (escaped) and still in the data downloads as
typed.  The importer is checked the same way.  (The Markdown extension alone and the findings
box: ``tests/extension/test_escaping.py``, ``tests/html/test_findings.py``.)
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_govreport.importer.convert import import_bytes
from tests.helpers.battery import AGENCY, injected_page
from tests.helpers.html import injected_in_site
from tests.helpers.sites import Built

pytestmark = pytest.mark.slow

Build = Callable[..., Built]


@pytest.fixture(scope="module", params=["mkdocs", "material"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, build_site: Build) -> tuple[Path, str]:
    theme = request.param
    root = tmp_path_factory.mktemp(f"security_{theme}")
    docs = root / "docs"
    (docs / "reports").mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    # a full page, a page with front matter only (the skeleton), a page without an H1
    (docs / "reports" / "full.md").write_text(injected_page(), encoding="utf-8")
    (docs / "reports" / "skeleton.md").write_text(injected_page(body="", agency_id="inject-b"), encoding="utf-8")
    (docs / "reports" / "no-h1.md").write_text(
        injected_page(body="\n## 一、总体情况\n\n文字。\n", agency_id="inject-c"), encoding="utf-8"
    )
    (root / "mkdocs.yml").write_text(f"site_name: 安全测试\ntheme:\n  name: {theme}\nplugins:\n  - search\n  - govreport\n", encoding="utf-8")
    built = build_site(root)
    assert built.ok, built.log[-3000:]
    return built.site, built.log


def test_no_markup_from_the_data_in_any_page(site: tuple[Path, str]) -> None:
    out, _log = site
    assert len(list(out.rglob("*.html"))) >= 5
    assert injected_in_site(out) == []


def test_titles_in_head_and_nav_are_escaped(site: tuple[Path, str]) -> None:
    """MkDocs' templates do not autoescape: a report title must reach them as text."""
    out, _log = site
    for page in ("skeleton", "no-h1"):
        html = (out / "reports" / page / "index.html").read_text(encoding="utf-8")
        head = html.split("</head>", 1)[0]
        assert "<img" not in head
        assert "&lt;img src=x onerror=alert" in head, page
    # the navigation of a report page holds its agency's section, titled with the agency's name
    nav = html.split('class="md-content"', 1)[0] if "md-content" in html else html.split('role="main"', 1)[0]
    assert "<script>alert" not in nav
    assert '&lt;script&gt;alert("agency")&lt;/script&gt;' in nav or "&lt;script&gt;alert(&quot;agency&quot;)&lt;/script&gt;" in nav


def test_texts_are_shown_as_typed(site: tuple[Path, str]) -> None:
    out, _log = site
    html = (out / "reports" / "full" / "index.html").read_text(encoding="utf-8")
    assert "说明：&lt;a href=&quot;javascript:alert(3)&quot;" in html or "说明：&lt;a href=\"javascript:alert(3)\"" in html
    assert "&lt;svg onload=alert(5)&gt;" in html  # provenance: text, not a link
    assert 'href="javascript' not in html
    every = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert "&lt;script&gt;alert(&quot;agency&quot;)&lt;/script&gt;" in every or '&lt;script&gt;alert("agency")&lt;/script&gt;' in every


def test_every_injection_is_an_error_at_its_line(site: tuple[Path, str]) -> None:
    _out, log = site
    for line, what in ((3, "agency"), (7, "title"), (13, "provenance"), (14, "未知的键"), (17, "reason")):
        hits = [ln for ln in log.splitlines() if "docs/reports/full.md:" + str(line) + ":" in ln and "ERROR" in ln]
        assert hits, (line, what, log[-3000:])


def test_downloads_keep_the_text_as_data(site: tuple[Path, str]) -> None:
    """The open data carries what was typed (escaping belongs to HTML, not to data)."""
    out, _log = site
    data = out / "reports-index" / "data"
    reports = json.loads((data / "reports.json").read_text(encoding="utf-8"))
    items = reports if isinstance(reports, list) else reports.get("reports", [])
    assert any(r.get("agency") == AGENCY for r in items)
    rows = list(csv.DictReader(io.StringIO((data / "reports.csv").read_text(encoding="utf-8-sig"))))
    assert rows and {r["agency"] for r in rows} == {AGENCY}


def test_imported_html_is_never_passed_through(tmp_path: Path, samples: Path, build_site: Build) -> None:
    """An HTML report with scripts, handlers and links in its title, text and cells: the page
    the importer writes, and the page MkDocs makes of it, carry none of it as markup."""
    html = (samples / "pingtan-2025.html").read_text(encoding="utf-8")
    hostile = '<script>alert("imp")</script><img src=x onerror=alert(9)><a href="javascript:alert(10)">x</a>'
    html = html.replace("<body", "<body onload=alert(11)", 1).replace("</td>", hostile + "</td>", 3)
    html = html.replace("<p", f"<p>{hostile}</p><p", 2)
    result = import_bytes(html.encode("utf-8"), "hostile.html", today="2026-01-01")
    assert result.page is not None, result.refused
    for bad in ("<script", "<img", "onerror=", "onload=", 'href="javascript'):
        assert bad not in result.page, bad
    root = tmp_path / "s"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "report.md").write_text(result.page, encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - govreport\n", encoding="utf-8")
    built = build_site(root, site_dir=str(tmp_path / "out"))
    assert built.ok, built.log
    assert injected_in_site(built.site) == []
