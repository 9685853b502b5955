"""The built example site in a real headless Chromium: structure, alignment, phones, zoom,
dark mode, accessibility (axe-core), print and screenshots."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import unicodedata
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from .conftest import ARTIFACTS, report_pages, run_axe

ROOT = Path(__file__).resolve().parents[2]


def _first_report(site: Path) -> str:
    pages = [p for p in report_pages(site) if p.startswith("reports/")]
    assert pages, "the example site has no report pages"

    # the busiest report: the one with the most non-zero cells makes the best test page
    def weight(p: str) -> int:
        text = (site / p / "index.html").read_text(encoding="utf-8")
        return text.count('class="gr-num"') - text.count(">0</td>")

    return max(pages, key=weight)


@pytest.fixture()
def page(browser: Any) -> Any:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    p = ctx.new_page()
    yield p
    ctx.close()


def test_table_structure_and_alignment(page: Any, servers: dict[str, str], sites: dict[str, Path]) -> None:
    for theme in ("material", "default"):
        url = servers[theme] + _first_report(sites[theme])
        page.goto(url)
        info = page.evaluate(
            """() => {
              const t = document.querySelector('[data-govreport-table=applications] table');
              const rows = t.tBodies[0].rows.length;
              const corner = t.querySelector('thead th');
              const tds = [...document.querySelectorAll('td.gr-num')];
              const align = new Set(tds.map(td => getComputedStyle(td).textAlign));
              // every data cell reachable through its headers: each id is a th of the same table
              const orphan = tds.filter(td => {
                const table = td.closest('table');
                return !td.getAttribute('headers').split(' ').every(id => {
                  const th = table.querySelector('#' + CSS.escape(id));
                  return th && th.tagName === 'TH';
                });
              }).length;
              const tableClass = [...document.querySelectorAll('.gr-table table')].filter(t => t.className).length;
              return {rows, rowspan: corner.rowSpan, colspan: corner.colSpan, align: [...align], orphan,
                      cells: tds.length, tableClass};
            }"""
        )
        assert info["rows"] in (25, 23), info
        assert (info["rowspan"], info["colspan"]) == (3, 3), info
        assert info["align"] == ["right"], (theme, info)
        assert info["orphan"] == 0, info
        assert info["tableClass"] == 0, info
        assert info["cells"] > 100


def test_phone_width_scrolls_inside_container(browser: Any, servers: dict[str, str], sites: dict[str, Path]) -> None:
    for theme in ("material", "default"):
        for zoom in ("100%", "200%"):
            ctx = browser.new_context(viewport={"width": 375, "height": 800}, device_scale_factor=2)
            p = ctx.new_page()
            p.goto(servers[theme] + _first_report(sites[theme]))
            p.evaluate("(z) => { document.documentElement.style.fontSize = z; }", zoom)
            res = p.evaluate(
                """() => {
                  // our wrapper is the one scroll box (Material's own wrapper inside it must not scroll)
                  const box = document.querySelector('[data-govreport-table=applications]');
                  return {scroll: box.scrollWidth, client: box.clientWidth,
                          right: box.getBoundingClientRect().right,
                          overflow: getComputedStyle(box).overflowX,
                          page: document.documentElement.scrollWidth, vw: window.innerWidth};
                }"""
            )
            # at 100 % the phone layout (compact, frozen row labels) may fit table 三 whole; at
            # 200 % it cannot: then it scrolls inside its own box, never the page
            if zoom == "200%":
                assert res["scroll"] > res["client"], (theme, zoom, res)
            assert res["overflow"] in ("auto", "scroll"), (theme, zoom, res)
            assert res["right"] <= res["vw"] + 1, (theme, zoom, res)
            if zoom == "100%":  # at 200 % the default theme's own navbar may overflow; ours must not
                assert res["page"] <= res["vw"] + 1, (theme, zoom, res)
            ctx.close()


def _axe_pages(
    page: Any, base: str, urls: list[str], scheme: str | None = None, context: str = "document"
) -> list[str]:
    problems = []
    for url in urls:
        page.goto(base + url)
        if scheme:
            # Material animates colour changes: switch with transitions off, then let it paint,
            # so that axe measures the final colours rather than a frame of the fade
            page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
            page.evaluate("(s) => document.body.setAttribute('data-md-color-scheme', s)", scheme)
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        for v in run_axe(page, context):
            problems.append(f"{url} [{scheme or 'light'}] {v['id']} ({v['impact']}): {v['help']} {v['nodes']}")
    return problems


def test_axe_no_violations_material_light_and_dark(page: Any, servers: dict[str, str], sites: dict[str, Path]) -> None:
    urls = report_pages(sites["material"])
    assert any(u.startswith("reports-index/") for u in urls)
    problems = _axe_pages(page, servers["material"], urls) + _axe_pages(page, servers["material"], urls, "slate")
    assert problems == []


def test_axe_no_violations_default_theme(page: Any, servers: dict[str, str], sites: dict[str, Path]) -> None:
    """The whole page, chrome included (the example site fixes the built-in theme's contrast and
    landmarks in its own stylesheet and script)."""
    problems = _axe_pages(page, servers["default"], report_pages(sites["default"]))
    assert problems == []


def test_print_keeps_tables_whole(browser: Any, servers: dict[str, str], sites: dict[str, Path]) -> None:
    """Print media at the width of an A4 page (210 mm less 2 x 10 mm margins ~ 718 px): no scroll
    boxes, every table inside the page width, no row taller than a page (it would be cut), and
    the PDF Chromium prints holds every row label of every table."""
    ctx = browser.new_context(viewport={"width": 718, "height": 1000})
    page = ctx.new_page()
    page.goto(servers["material"] + _first_report(sites["material"]))
    page.emulate_media(media="print")
    res = page.evaluate(
        """() => [...document.querySelectorAll('.gr-table')].map(w => {
             const boxes = [w, ...w.querySelectorAll('.md-typeset__scrollwrap, .md-typeset__table')];
             return {overflow: boxes.map(b => getComputedStyle(b).overflowX),
                     fits: w.querySelector('table').getBoundingClientRect().right <= window.innerWidth + 1,
                     rows: [...w.querySelectorAll('tr')].map(r => r.getBoundingClientRect().height),
                     labels: [...w.querySelectorAll('th[scope=row]')].map(th => th.textContent.trim())};
           })"""
    )
    assert len(res) == 3, res
    for r in res:
        assert set(r["overflow"]) == {"visible"}, r["overflow"]
        assert r["fits"], "a table is wider than the printed page"
        assert max(r["rows"]) < 1000, "a row is taller than a printed page"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf = ARTIFACTS / "report-print.pdf"
    page.pdf(path=str(pdf), format="A4", margin={"top": "10mm", "bottom": "10mm", "left": "10mm", "right": "10mm"})
    ctx.close()
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    try:
        from pypdf import PdfReader
    except ImportError:
        return  # the optional PDF reader (extra "import") is absent: the layout checks above stand

    # NFKC: PDF fonts often map CJK characters to look-alike radicals (⾏ for 行)
    def norm(t: str) -> str:
        return "".join(unicodedata.normalize("NFKC", t).split())

    text = norm("".join(pg.extract_text() or "" for pg in PdfReader(str(pdf)).pages))
    missing = [lab for r in res for lab in r["labels"] if norm(lab)[:6] not in text]
    assert not missing, f"row labels not in the printed PDF: {missing[:5]}"


def test_screenshots(browser: Any, servers: dict[str, str], sites: dict[str, Path]) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    targets = {"report": _first_report(sites["material"]), "index": "reports-index/"}
    for width in (1280, 375):
        ctx = browser.new_context(viewport={"width": width, "height": 900})
        p = ctx.new_page()
        for name, url in targets.items():
            p.goto(servers["material"] + url)
            path = ARTIFACTS / f"{name}-{width}.png"
            p.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 5_000
        ctx.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_findings_box_in_serve(page: Any, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    report = (ROOT / "example_site/docs/reports/xigong-stats/2023.md").read_text(encoding="utf-8")
    report = report.replace(
        "  review_litigation: zero",
        "  review_litigation:\n    review: {upheld: 1, corrected: 1, other: 0, pending: 0, total: 3}\n"
        "    litigation_direct: zero\n    litigation_after_review: zero",
    )
    (docs / "report.md").write_text(report, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ntheme: {name: material}\nplugins: [govreport]\n", encoding="utf-8"
    )
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(tmp_path / "mkdocs.yml")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        url = f"http://127.0.0.1:{port}/report/"
        for _ in range(120):
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("mkdocs serve did not start")
        page.goto(url)
        box = page.locator(".gr-findings-error")
        assert box.first.is_visible()
        assert "R4" in box.first.inner_text()
        flagged = page.locator("td.gr-flag")
        pointers = {flagged.nth(i).get_attribute("data-pointer") for i in range(flagged.count())}
        assert "/review_litigation/review/total" in pointers
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
