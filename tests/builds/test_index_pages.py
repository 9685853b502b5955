"""The generated pages: index (agencies × years), agency pages with charts, yearly summary.
Every test builds the fixture site ``tests/fixtures/crossyear`` (or the example site) for real and
reads the HTML back.  The options (path, title) and ``mkdocs serve`` rebuilds: ``tests/plugin/``."""

from __future__ import annotations

import json
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from tests.helpers.html import read_page
from tests.helpers.paths import EXAMPLE
from tests.helpers.sites import Built, copy_fixture, page_file

pytestmark = pytest.mark.slow

Build = Callable[..., Built]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, build_site: Build) -> tuple[Path, Path]:
    project = copy_fixture("crossyear", tmp_path_factory.mktemp("index"))
    result = build_site(project, strict=True)
    assert result.ok, result.messages
    return project, result.site


def page_html(site: Path, src_uri: str) -> str:
    return page_file(site, src_uri).read_text(encoding="utf-8")


def links_of(html: str) -> list[str]:
    return read_page(html).links


def report_pages(project: Path) -> list[str]:
    docs = project / "docs"
    return sorted(str(p.relative_to(docs)).replace("\\", "/") for p in (docs / "reports").rglob("*.md"))


def html_file_for(site: Path, page_dir: str, href: str) -> Path | None:
    """The file a relative link of a page (at URL dir ``page_dir``) points to; None = external."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("#"):
        return None
    target = posixpath.normpath(posixpath.join(page_dir, unquote(parts.path)))
    path = site / target
    return path / "index.html" if href.endswith("/") or path.is_dir() else path


def content_of(html: str) -> str:
    """The page content (the theme's chrome removed)."""
    start = html.find("<h1")
    end = html.find("</footer>") if "</footer>" in html else len(html)
    return html[start:end]


def test_index_lists_every_report_and_every_link_resolves(built: tuple[Path, Path]) -> None:
    project, site = built
    generated = ["reports-index/index.html", "reports-index/summary/index.html"] + [
        str(p.relative_to(site)) for p in (site / "reports-index" / "agencies").rglob("index.html")
    ]
    assert len(generated) == 2 + 3
    for rel in generated:
        html = (site / rel).read_text(encoding="utf-8")
        page_dir = posixpath.dirname(rel)
        for href in links_of(html):
            target = html_file_for(site, page_dir, href)
            if target is not None:
                assert target.is_file(), f"{rel}: link {href} -> {target} is missing"
    index = (site / "reports-index/index.html").read_text(encoding="utf-8")
    for src in report_pages(project):
        url = "../" + src[: -len(".md")] + "/"
        assert f'href="{url}"' in index, f"{src} is not linked from the index"


def test_index_groups_by_kind_and_shows_status(built: tuple[Path, Path]) -> None:
    _project, site = built
    index = content_of(page_html(site, "reports-index/index.md"))
    dept, gov = index.find("部门（2 个）"), index.find("人民政府（1 个）")
    assert 0 < dept < gov
    assert index.find("dongcheng-gov/2019/") > gov
    assert dept < index.find("dongcheng-edu/2022/") < gov
    # status per cell; the acknowledged W2 counts as explained, not as a problem
    assert re.search(r'dongcheng-stats/2022/"><span class="gr-sr">[^<]*</span><span class="gr-status-clean">无问题，1 个已说明</span>', index)
    assert re.search(r'dongcheng-gov/2021/"><span class="gr-sr">[^<]*</span><span class="gr-status-clean">无问题</span>', index)
    # the agency is named as in its latest report (renamed in 2022)
    assert ">东城区统计和调查局</a>" in index
    for name in ("reports.json", "facts.csv", "validation.csv", "datapackage.json"):
        assert f'href="data/{name}"' in index


def canonical(site: Path) -> dict[tuple[str, int], dict[str, Any]]:
    data = json.loads((site / "reports-index/data/reports.json").read_text(encoding="utf-8"))
    return {(r["agency_id"], r["year"]): r for r in data}


def row_values(html: str, label: str) -> list[str]:
    """The numbers of a key-figure row (without the change line and note marks)."""
    m = re.search(rf"<th scope=\"row\">{re.escape(label)}</th>(.*?)</tr>", html)
    assert m, label
    cells = re.findall(r"<td[^>]*>(.*?)</td>", m.group(1))
    # the number is the cell's leading text; a missing one starts with the hidden "—" span
    return [re.match(r"[^<]*", c).group(0).strip() for c in cells]  # type: ignore[union-attr]


def test_agency_page_key_figures_changes_and_rename(built: tuple[Path, Path]) -> None:
    _project, site = built
    data = canonical(site)
    html = content_of(page_html(site, "reports-index/agencies/dongcheng-gov.md"))
    years = [2019, 2020, 2021]
    expected = [str(data[("dongcheng-gov", y)]["applications"]["new_received"]["total"]) for y in years]
    assert row_values(html, "本年新收申请") == expected
    denied = [sum(v["total"] for v in data[("dongcheng-gov", y)]["applications"]["results"]["denied"].values()) for y in years]
    assert row_values(html, "不予公开") == [str(d) for d in denied]
    lit = [
        sum(data[("dongcheng-gov", y)]["review_litigation"][g]["corrected"] for g in ("litigation_direct", "litigation_after_review"))
        for y in years
    ]
    assert row_values(html, "诉讼结果纠正") == [str(v) for v in lit]
    # the change from the year before, signed
    new = [int(v) for v in expected]
    m = re.search(r"本年新收申请</th>(.*?)</tr>", html)
    assert m is not None
    deltas = re.findall(r'<span class="gr-delta"><span class="gr-sr">比上年</span>(.*?)</span>', m.group(1))
    fmt = lambda d: "±0" if d == 0 else ("+" if d > 0 else "−") + str(abs(d))  # noqa: E731
    assert deltas == [fmt(new[1] - new[0]), fmt(new[2] - new[1])]
    # table 二: a 2019-only item is marked as not in the 2021 format
    assert "上一年项目数量" in html and "此格式无此项" in html
    renamed = content_of(page_html(site, "reports-index/agencies/dongcheng-stats.md"))
    assert "东城区统计局（2020—2021 年度）" in renamed and "东城区统计和调查局（2022 年度）" in renamed
    for y in (2020, 2021, 2022):
        assert f"reports/dongcheng-stats/{y}/" in renamed


class Svgs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.svgs: list[dict[str, Any]] = []
        self.in_svg = False
        self.ids: dict[str, str] = {}
        self.tag_stack: list[str] = []
        self.scripts = 0
        self.pairs = 0
        self.tables_in_pairs = 0
        self._pair_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag == "div" and "gr-chart-pair" in (a.get("class") or ""):
            self.pairs += 1
        if tag == "div" and "gr-chart-data" in (a.get("class") or ""):
            self.tables_in_pairs += 1  # the data table beside the chart
        if tag == "svg":
            self.in_svg = True
            self.svgs.append({"attrs": a, "children": {}})
        elif self.in_svg and tag in ("title", "desc") and a.get("id"):
            self.svgs[-1]["children"][a["id"]] = tag
            self.tag_stack.append(a["id"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.in_svg = False

    def handle_data(self, data: str) -> None:
        if self.tag_stack and self.in_svg:
            self.ids[self.tag_stack.pop()] = data


def test_charts_are_accessible_static_svg_with_data_tables(built: tuple[Path, Path]) -> None:
    _project, site = built
    for src in ("reports-index/agencies/dongcheng-gov.md", "reports-index/agencies/dongcheng-stats.md", "reports-index/summary.md"):
        html = content_of(page_html(site, src))
        p = Svgs()
        p.feed(html)
        assert p.scripts == 0, src
        assert p.svgs, src
        assert p.pairs == len(p.svgs) and p.tables_in_pairs == len(p.svgs)
        for svg in p.svgs:
            a = svg["attrs"]
            assert a.get("role") == "img"
            ids = (a.get("aria-labelledby") or "").split()
            assert len(ids) == 2 and [svg["children"].get(i) for i in ids] == ["title", "desc"]
            assert p.ids[ids[0]].strip() and p.ids[ids[1]].strip()
            assert "fill=\"#" not in html  # colours come from the stylesheet (light and dark themes)
    css = (site / "assets/govreport/govreport.css").read_text(encoding="utf-8")
    assert ".gr-svg .gr-s1" in css and '[data-md-color-scheme="slate"] .gr-chart' in css


def test_chart_desc_reads_out_the_numbers(built: tuple[Path, Path]) -> None:
    _project, site = built
    data = canonical(site)
    html = page_html(site, "reports-index/agencies/dongcheng-edu.md")
    m = re.search(r'<desc id="gr-chart-dongcheng-edu-apps-desc">(.*?)</desc>', html)
    assert m is not None
    for y in (2022, 2023):
        assert f"{y}：本年新收申请{data[('dongcheng-edu', y)]['applications']['new_received']['total']}件" in m.group(1)


def test_summary_sums_are_computed_and_say_so(built: tuple[Path, Path]) -> None:
    _project, site = built
    data = canonical(site)
    html = content_of(page_html(site, "reports-index/summary.md"))
    assert "计算值" in html
    by_year: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for (_aid, year), r in data.items():
        by_year[year].append(r)
    for year, reports in by_year.items():
        section = html.split("<h2 id=")[1:]
        block = next(s for s in section if f"{year} 年度</h2>" in s)
        total = sum(r["applications"]["new_received"]["total"] for r in reports)
        m = re.search(r'本年新收申请</th><td class="gr-num gr-computed">(\d+)</td>.*?<td class="gr-num">(\d+) / (\d+)</td>', block)
        assert m, year
        assert int(m.group(1)) == total
        assert int(m.group(2)) == int(m.group(3)) == len(reports)


def test_missing_cell_makes_the_sum_incomplete_not_zero(tmp_path: Path, build_site: Build) -> None:
    project = copy_fixture("crossyear", tmp_path)
    page = project / "docs/reports/dongcheng-edu/2022.md"
    text = page.read_text(encoding="utf-8")
    assert "      partial: [1, 0, 0, 0, 0, 0]\n" in text
    page.write_text(text.replace("      partial: [1, 0, 0, 0, 0, 0]\n", ""), encoding="utf-8")
    result = build_site(project)
    assert result.ok
    site = result.site
    html = content_of(page_html(site, "reports-index/summary.md"))
    block = html.split("2022 年度</h2>")[1].split("<h2")[0]
    m = re.search(r"部分公开</th><td class=\"gr-num gr-incomplete\">≥ (\d+)<span class=\"gr-incomplete-note\">不完整：1 份未填写", block)
    assert m, block[:2000]
    data = canonical(site)  # the other 2022 report's partial grants; the missing one is not taken as 0
    assert int(m.group(1)) == data[("dongcheng-stats", 2022)]["applications"]["results"]["partial"]["total"]
    assert data[("dongcheng-edu", 2022)]["applications"]["results"]["partial"]["natural_person"] is None
    assert re.search(r"办理结果总计</th><td class=\"gr-num gr-incomplete\">", block)
    agency = content_of(page_html(site, "reports-index/agencies/dongcheng-edu.md"))
    assert row_values(agency, "部分公开")[0] == ""  # shown as — (未填写), never 0
    assert "未填写" in agency


def test_agency_names_cannot_inject_markup_or_break_links(tmp_path: Path, build_site: Build) -> None:
    project = copy_fixture("crossyear", tmp_path)
    page = project / "docs/reports/dongcheng-edu/2023.md"
    evil = "<script>alert(1)</script> [x](javascript:alert(1)) \"q\" | pipe *b* `c`"
    text = page.read_text(encoding="utf-8").replace("agency: 东城区教育局", "agency: '" + evil.replace("'", "''") + "'")
    page.write_text(text.replace("agency_id: dongcheng-edu", "agency_id: ../../Evil/Id"), encoding="utf-8")
    result = build_site(project)
    assert result.ok
    site = result.site
    agencies = sorted((site / "reports-index/agencies").iterdir())
    # the invalid id gets a page of its own under a safe name, never a path outside the folder
    # or another agency's page
    others = [p.name for p in agencies if p.name not in {"dongcheng-edu", "dongcheng-gov", "dongcheng-stats"}]
    assert len(others) == 1 and re.fullmatch(r"agency[~-][0-9a-f]{8,}", others[0]), others
    for rel in ["reports-index/index.html"] + [str((p / "index.html").relative_to(site)) for p in agencies]:
        html = (site / rel).read_text(encoding="utf-8")
        body = content_of(html)
        assert "<script>alert" not in body and 'href="javascript' not in body
        for href in links_of(body):
            target = html_file_for(site, posixpath.dirname(rel), href)
            if target is not None:
                assert target.is_file(), f"{rel}: {href}"
    index = content_of(page_html(site, "reports-index/index.md"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1))" in index


def test_example_site_index_lists_every_report_and_links_resolve(example_build: Callable[[str], Path]) -> None:
    """The example site (whatever reports it holds) builds strict; its index links them all."""
    site = example_build("mkdocs.yml")
    index_rel = "reports-index/index.html"
    html = (site / index_rel).read_text(encoding="utf-8")
    for src in report_pages(EXAMPLE):
        assert f'href="../{src[: -len(".md")]}/"' in html, src
    pages = [index_rel, "reports-index/summary/index.html"] + [
        str(p.relative_to(site)) for p in (site / "reports-index/agencies").rglob("index.html")
    ]
    for rel in pages:
        for href in links_of(content_of((site / rel).read_text(encoding="utf-8"))):
            target = html_file_for(site, posixpath.dirname(rel), href)
            if target is not None:
                assert target.is_file(), f"{rel}: {href}"
