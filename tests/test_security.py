"""Nothing typed into a report runs in a reader's browser.

Real sites (default theme and Material) are built with reports whose every text field carries
markup — agency, title, acknowledgement reasons, provenance, unknown keys, narrative-adjacent
data — and every HTML file is parsed back: no script from the data, no ``on…=`` attribute, no
``javascript:`` URL.  The texts are still shown (escaped) and still in the data downloads as
typed.  The Markdown extension alone and the importer are checked the same way.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import markdown
import pytest
from test_bad_input import BASE, InjectedMarkup, _mkdocs, injected

from mkdocs_govreport import parse_page
from mkdocs_govreport.extension import GovReportExtension

AGENCY = '西工区统计局<script>alert("agency")</script>'
TITLE = "<img src=x onerror=alert('title')>年度报告"
REASON = '<a href="javascript:alert(3)" onclick="alert(4)">说明</a>原报告第六部分仅写“无”'
IMPORTER = "<svg onload=alert(5)>"


def _injected_page(*, body: str | None = None, agency_id: str = "inject") -> str:
    text = BASE.replace("  agency: 西工区统计局\n", f"  agency: '{AGENCY}'\n", 1)
    text = text.replace("  agency_id: xigong-stats\n", f"  agency_id: {agency_id}\n", 1)
    text = text.replace("  year: 2023\n", f'  year: 2023\n  title: "{TITLE}"\n', 1)
    text = re.sub(r"(?m)^      reason: .*$", f"      reason: '{REASON}'", text, count=1)
    text = text.replace(
        "  review_litigation: zero\n",
        "  review_litigation: zero\n"
        f'  provenance: {{source: "javascript:alert(6)", importer: "{IMPORTER}", findings: ["<iframe src=javascript:alert(7)>"]}}\n'
        '  "<b onmouseover=alert(8)>": 1\n',
        1,
    )
    if body is not None:
        head, _sep, _rest = text.partition("\n---\n")
        text = head + "\n---\n" + body
    return text


@pytest.fixture(scope="module", params=["mkdocs", "material"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    theme = request.param
    root = tmp_path_factory.mktemp(f"security_{theme}")
    docs = root / "docs"
    (docs / "reports").mkdir(parents=True)
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    # a full page, a page with front matter only (the skeleton), a page without an H1
    (docs / "reports" / "full.md").write_text(_injected_page(), encoding="utf-8")
    (docs / "reports" / "skeleton.md").write_text(_injected_page(body="", agency_id="inject-b"), encoding="utf-8")
    (docs / "reports" / "no-h1.md").write_text(
        _injected_page(body="\n## 一、总体情况\n\n文字。\n", agency_id="inject-c"), encoding="utf-8"
    )
    (root / "mkdocs.yml").write_text(f"site_name: 安全测试\ntheme:\n  name: {theme}\nplugins:\n  - search\n  - govreport\n", encoding="utf-8")
    out = root / "site"
    result = _mkdocs(root, out)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert "Traceback" not in log
    return out, log


def test_no_markup_from_the_data_in_any_page(site: tuple[Path, str]) -> None:
    out, _log = site
    assert len(list(out.rglob("*.html"))) >= 5
    assert injected(out) == []


def test_titles_in_head_and_nav_are_escaped(site: tuple[Path, str]) -> None:
    """MkDocs' templates do not autoescape: a report title must reach them as text."""
    out, _log = site
    for page in ("skeleton", "no-h1"):
        html = (out / "reports" / page / "index.html").read_text(encoding="utf-8")
        head = html.split("</head>", 1)[0]
        assert "<img" not in head
        assert "&lt;img src=x onerror=alert" in head, page
    home = (out / "index.html").read_text(encoding="utf-8")
    assert ("<img src=x" not in home and "&lt;img src=x onerror=alert(&#x27;title&#x27;)&gt;" in home) or "&lt;img src=x onerror=alert('title')&gt;" in home


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


def test_markdown_extension_alone_escapes() -> None:
    for body in (None, "", "\n## 一、总体情况\n\n文字。\n"):
        html = markdown.markdown(_injected_page(body=body), extensions=[GovReportExtension(filename="x.md")])
        parser = InjectedMarkup()
        parser.feed(html)
        assert parser.found == [], body
        assert "<script" not in html and "<img" not in html and "<svg" not in html and "<iframe" not in html


def test_findings_box_escapes_values_from_the_data() -> None:
    report = parse_page(_injected_page(), "x.md")
    assert report is not None
    from mkdocs_govreport.html.findings import render_report_findings

    html = render_report_findings(report)
    assert "<b onmouseover" not in html and "&lt;b onmouseover=alert(8)&gt;" in html


def test_imported_html_is_never_passed_through(tmp_path: Path) -> None:
    """An HTML report with scripts, handlers and links in its title, text and cells: the page
    the importer writes, and the page MkDocs makes of it, carry none of it as markup."""
    from mkdocs_govreport.importer.convert import import_bytes

    sample = Path("/work/shared/samples/pingtan-2025.html")
    if not sample.exists():
        pytest.skip("sample not available")
    html = sample.read_text(encoding="utf-8")
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
    build = _mkdocs(root, tmp_path / "out")
    assert "Traceback" not in build.stdout + build.stderr
    assert injected(tmp_path / "out") == []
