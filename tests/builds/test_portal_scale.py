"""Issue 20 on generated portals (``benchmarks/gensite.py``): a report page is the same page, byte
for byte, whether the portal holds 2 agencies or 8; every report page links its agency's page and
other years; the search index holds the prose, not the tables; the generated reports pass every
check (the generator's promise, T8 included).  Sizes, never timings: the timings are measured by
``benchmarks/run.py --portal``."""

from __future__ import annotations

import json
import posixpath
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from tests.helpers.paths import ROOT
from tests.helpers.sites import build_site

sys.path.insert(0, str(ROOT / "benchmarks"))

from gensite import PORTAL_YEARS, make_docs

pytestmark = pytest.mark.slow

#: the configuration of the issue's measurements: Material, language zh, navigation.prune, search
CONFIG = """\
site_name: 示例区政府信息公开
theme:
  name: material
  language: zh
  features: [navigation.prune]
plugins:
  - search
  - govreport
"""


def build_portal(root: Path, n_reports: int) -> tuple[Path, list[str]]:
    make_docs(root / "docs", n_reports, years=PORTAL_YEARS, prose="sentences")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    built = build_site(root)
    assert built.ok, built.log
    return built.site, built.messages


@pytest.fixture(scope="module")
def portals(tmp_path_factory: pytest.TempPathFactory) -> dict[int, tuple[Path, list[str]]]:
    years = len(PORTAL_YEARS)
    return {n: build_portal(tmp_path_factory.mktemp(f"portal{n}"), n) for n in (2 * years, 8 * years)}


def report_pages(site: Path) -> list[Path]:
    return sorted((site / "reports").rglob("index.html"))


def test_generated_reports_pass_every_check(portals: dict[int, tuple[Path, list[str]]]) -> None:
    for _site, messages in portals.values():
        assert messages == [], messages[:5]


def test_report_page_is_the_same_with_four_times_the_agencies(portals: dict[int, tuple[Path, list[str]]]) -> None:
    small, large = sorted(portals)
    for rel in (
        "reports/agency-0001/2019/index.html",
        "reports/agency-0001/2024/index.html",
        "reports-index/agencies/agency-0001/index.html",
    ):
        a = (portals[small][0] / rel).read_text(encoding="utf-8")
        b = (portals[large][0] / rel).read_text(encoding="utf-8")
        assert a == b, rel


def test_home_page_is_the_same_with_four_times_the_agencies(portals: dict[int, tuple[Path, list[str]]]) -> None:
    small, large = sorted(portals)
    navs = [_nav((portals[n][0] / "index.html").read_text(encoding="utf-8")) for n in (small, large)]
    assert navs[0] == navs[1]


def _nav(html: str) -> str:
    start = html.index('<nav class="md-nav md-nav--primary"')
    return html[start : html.index('<div class="md-sidebar md-sidebar--secondary"', start)]


def test_every_report_page_links_its_agency_and_other_years(portals: dict[int, tuple[Path, list[str]]]) -> None:
    site = portals[max(portals)][0]
    pages = report_pages(site)
    assert len(pages) == max(portals)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        block = re.search(r'<nav class="gr-related".*?</nav>', html, re.S)
        assert block is not None, page
        here = page.parent.relative_to(site).as_posix()
        targets = {
            posixpath.normpath(posixpath.join(here, unquote(h))) for h in re.findall(r'href="([^"]+)"', block.group(0))
        }
        agency = page.parent.parent.name
        years = {p.name for p in page.parent.parent.iterdir()} - {page.parent.name}
        assert f"reports-index/agencies/{agency}" in targets
        assert {f"reports/{agency}/{y}" for y in years} <= targets
        for t in targets:
            assert (site / t / "index.html").is_file(), t


def _bytes(entry: dict[str, Any]) -> int:
    """An entry's bytes in the index file (UTF-8, as the plugin writes it again)."""
    return len(json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def test_search_index_is_utf8(portals: dict[int, tuple[Path, list[str]]]) -> None:
    text = (portals[max(portals)][0] / "search" / "search_index.json").read_text(encoding="utf-8")
    assert re.search(r"(?<!\\)\\u[4-9][0-9a-f]{3}", text) is None  # no Chinese as six-byte escapes
    assert "年度报告" in text


def _entries(site: Path) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return data


def test_search_index_holds_the_prose_not_the_tables(portals: dict[int, tuple[Path, list[str]]]) -> None:
    site = portals[max(portals)][0]
    on_reports = [e for e in _entries(site) if e["location"].startswith("reports/")]
    text = " ".join(e["text"] for e in on_reports).replace("\u200b", "")  # jieba's word breaks
    assert "依申请公开" in text or "信息处理费" in text  # the prose is there
    for label in ("本年新收政府信息公开申请数量", "本年制发件数", "未经复议直接起诉", "带 * 的数字"):
        assert label not in text, label
    # per report, what the report pages put in the index: a few sentences of prose, titles, links
    size = sum(_bytes(e) for e in on_reports)
    assert size / max(portals) <= 3000
    # the whole index, generated pages (index, agency pages, summary) and home page included
    assert (site / "search" / "search_index.json").stat().st_size / max(portals) <= 3000


def test_search_index_of_report_pages_grows_with_the_reports_only(portals: dict[int, tuple[Path, list[str]]]) -> None:
    small, large = sorted(portals)
    per_report = []
    for n in (small, large):
        entries = [e for e in _entries(portals[n][0]) if e["location"].startswith("reports/")]
        per_report.append(sum(_bytes(e) for e in entries) / n)
    assert per_report[1] <= 1.05 * per_report[0]
