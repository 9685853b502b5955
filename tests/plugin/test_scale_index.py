"""The index of a portal with many agencies: grouped by kind, one line per agency, a filter that
works in the browser without a server (progressive enhancement: the lists are all there without
JavaScript), small enough to load (under 300 KB at 1,200 agencies), every agency page one click
away and every report two."""

from __future__ import annotations

import json
import posixpath
import random
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import markdown
import pytest
import yaml

from mkdocs_govreport.html.pages import SitePaths, site_pages
from mkdocs_govreport.html.pages.index import FILTER_SCRIPT, TABLE_MAX_AGENCIES, year_ranges
from mkdocs_govreport.pipeline import check_reports, parse_page

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from gensite import report_text  # noqa: E402


def portal(n_agencies: int, seed: int = 5) -> dict[str, str]:
    """``{src_uri: page}``: one report per agency, years 2022–2024 in turn."""
    rng = random.Random(seed)
    out = {}
    for a in range(n_agencies):
        year = 2022 + a % 3
        text, _ = report_text(rng, a, year, [0] * 6, {})
        out[f"reports/agency-{a:04d}/{year}.md"] = text
    return out


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.li = 0
        self.forms: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.append(dict(attrs).get("href") or "")
        elif tag == "li":
            self.li += 1
        elif tag == "form":
            self.forms.append(dict(attrs))


@pytest.fixture(scope="module")
def big() -> dict[str, str]:
    pages = portal(1200)
    reports = {uri: r for uri, text in pages.items() if (r := parse_page(text, uri)) is not None}
    groups = check_reports(list(reports.values()))
    return site_pages(reports, groups, SitePaths("reports-index"), "报告索引", ["reports.json", "facts.csv"])


def test_index_at_1200_agencies_is_small_grouped_and_filterable(big: dict[str, str]) -> None:
    html = markdown.markdown(big["reports-index/index.md"], extensions=["toc", "tables"])
    assert len(html.encode("utf-8")) < 300 * 1024
    assert "<table" not in html  # not one giant table
    heads = re.findall(r"<h2[^>]*>(.*?)</h2>", html)
    assert heads == ["部门（1050 个）", "人民政府（150 个）"]
    links = Links()
    links.feed(html)
    (form,) = links.forms
    assert form.get("class") == "gr-filter" and "hidden" in form  # shown by the script only
    for name in ('name="q"', 'name="kind"', 'name="year"', 'name="status"'):
        assert name in html
    data = json.loads(re.search(r'<script type="application/json" id="gr-index-data">(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert len(data) == 1200
    # the filter's data follows the lines of the lists, agency by agency
    agency_links = [h for h in links.hrefs if h.startswith("agencies/")]
    assert [h.split("/")[1][: -len(".md")] for h in agency_links] == [row[1] for row in data]
    assert {row[0] for row in data} == {"department", "government"}
    assert f'<script src="{FILTER_SCRIPT}" defer></script>' in html
    assert "reports-index/" + FILTER_SCRIPT in big


def test_every_agency_one_click_and_every_report_two(big: dict[str, str]) -> None:
    html = markdown.markdown(big["reports-index/index.md"])
    linked = {unquote(h) for h in re.findall(r'href="(agencies/[^"]+)"', html)}
    agency_pages = {uri for uri in big if uri.startswith("reports-index/agencies/")}
    assert {"reports-index/" + h for h in linked} == agency_pages
    reached = set()
    for uri in agency_pages:
        for href in re.findall(r"\]\(([^)\s]+\.md)\)", big[uri]):
            reached.add(posixpath.normpath(posixpath.join(posixpath.dirname(uri), unquote(href))))
    assert {r for r in reached if r.startswith("reports/")} == set(portal(1200))


def test_year_ranges() -> None:
    assert year_ranges([2019, 2020, 2021, 2023, 2025, 2026]) == "2019-2021,2023,2025-2026"
    assert year_ranges([2024]) == "2024"
    assert year_ranges([]) == ""


def test_filter_in_a_real_build(tmp_path: Path) -> None:
    """Above the threshold, in a real MkDocs build: the script is published beside the index,
    every agency link resolves, and the small-portal table is gone."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = tmp_path / "docs"
    for uri, text in portal(TABLE_MAX_AGENCIES + 10).items():
        (docs / uri).parent.mkdir(parents=True, exist_ok=True)
        (docs / uri).write_text(text, encoding="utf-8")
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump({"site_name": "t", "plugins": ["govreport"]}), encoding="utf-8")
    build(load_config(str(tmp_path / "mkdocs.yml")))
    site = tmp_path / "site"
    index = (site / "reports-index/index.html").read_text(encoding="utf-8")
    assert (site / "reports-index" / FILTER_SCRIPT).read_text(encoding="utf-8").startswith("/* mkdocs-govreport")
    hrefs = re.findall(r'href="(agencies/[^"]+)"', index)
    assert len(set(hrefs)) == TABLE_MAX_AGENCIES + 10  # (the navigation links them too)
    for h in hrefs:
        assert (site / "reports-index" / urlsplit(h).path / "index.html").is_file(), h
