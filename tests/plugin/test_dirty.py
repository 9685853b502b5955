"""The edit loop: after a full build, ``mkdocs build --dirty`` (a new process, as an author runs
it) rebuilds the edited report, its agency page, the index, the summary and the downloads, and
any other page whose findings changed — and nothing shown is stale: not the numbers, not the
cross-year findings of the next year's report, not the navigation of the rebuilt pages."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from gensite import make_docs  # noqa: E402

CONFIG = """site_name: 示例区政府信息公开
theme:
  name: material
  language: zh
plugins:
  - govreport:
      # MkDocs' own folder navigation in every page: the titles of pages a dirty build does not
      # read must still be there (the compact and full navigations title reports by year)
      navigation: {mode: folders}
"""


def mkdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", *args], cwd=project, capture_output=True, text=True, timeout=900,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(Path(sys.executable).parent)},
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    return proc


def html(project: Path, page: str) -> str:
    return (project / "site" / page / "index.html").read_text(encoding="utf-8")


def mtimes(project: Path) -> dict[str, int]:
    return {p.relative_to(project / "site").as_posix(): p.stat().st_mtime_ns for p in (project / "site").rglob("*.html")}


def nav_titles(page_html: str) -> list[str]:
    """The titles in Material's navigation of a page (the link texts of its nav items)."""
    start = page_html.index('<nav class="md-nav md-nav--primary"')
    nav = page_html[start : page_html.index('class="md-sidebar md-sidebar--secondary"', start)]
    return [re.sub(r"\s+", " ", t).strip() for t in re.findall(r'<span class="md-ellipsis">(.*?)</span>', nav, re.S)]


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    project = tmp_path_factory.mktemp("dirty")
    make_docs(project / "docs", 24)  # agencies 0000–0002, years 2019–2026
    (project / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    mkdocs(project)
    before = mtimes(project)
    nav_before = nav_titles(html(project, "reports/agency-0001/2022"))
    # one number in one report, and a number next year's report is checked against (rule W2)
    page = project / "docs/reports/agency-0001/2022.md"
    text = page.read_text(encoding="utf-8")
    text, n = re.subn(r"(    review: \{upheld: )\d+", r"\g<1>4321", text)
    assert n == 1
    text, n = re.subn(r"(    carried_forward: \[)\d+", r"\g<1>777", text)
    assert n == 1
    page.write_text(text, encoding="utf-8")
    mkdocs(project, "--dirty")
    return {"project": project, "before": before, "after": mtimes(project), "nav_before": nav_before}


def test_edited_page_and_its_agency_page_show_the_new_number(edited: dict[str, object]) -> None:
    project = edited["project"]
    assert isinstance(project, Path)
    report = html(project, "reports/agency-0001/2022")
    assert re.search(r'data-pointer="/review_litigation/review/upheld"[^>]*>\s*4321\s*<', report)
    agency = html(project, "reports-index/agencies/agency-0001")
    assert "4321" in agency or re.search(r">43[2-3]\d<", agency)  # the year's 行政复议 figure is the sum of its four cells
    data = json.loads((project / "site/reports-index/data/reports.json").read_text(encoding="utf-8"))
    (mine,) = [r for r in data if r["agency_id"] == "agency-0001" and r["year"] == 2022]
    assert mine["review_litigation"]["review"]["upheld"] == 4321


def test_next_years_report_shows_its_new_cross_year_finding(edited: dict[str, object]) -> None:
    project = edited["project"]
    assert isinstance(project, Path)
    nxt = html(project, "reports/agency-0001/2023")  # its file did not change
    assert "W2" in nxt and "777" in nxt


def test_only_what_depends_on_the_edit_is_rebuilt(edited: dict[str, object]) -> None:
    before, after = edited["before"], edited["after"]
    assert isinstance(before, dict) and isinstance(after, dict)
    rebuilt = {p for p in after if after[p] != before.get(p)}
    for page in (
        "reports/agency-0001/2022/index.html",
        "reports/agency-0001/2023/index.html",
        "reports-index/agencies/agency-0001/index.html",
        "reports-index/index.html",
        "reports-index/summary/index.html",
    ):
        assert page in rebuilt, page
    assert "reports/agency-0002/2020/index.html" not in rebuilt
    assert "reports-index/agencies/agency-0002/index.html" not in rebuilt
    assert len([p for p in rebuilt if p.startswith("reports/")]) <= 3


def test_rebuilt_page_has_the_full_navigation(edited: dict[str, object]) -> None:
    """MkDocs alone would show no title for every page it did not read in a dirty build."""
    project = edited["project"]
    assert isinstance(project, Path)
    titles = nav_titles(html(project, "reports/agency-0001/2022"))
    assert titles == edited["nav_before"]
    assert "示例区第2局2020年政府信息公开工作年度报告" in titles
