"""The site navigation the plugin shapes (issue 20) and its Chinese titles (issue 16): built sites
read back — the navigation HTML of the pages, the report pages' links block, the search index."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import textwrap
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from mkdocs_govreport.plugin.search import hide, restore
from tests.helpers.paths import EXAMPLE
from tests.helpers.sites import build_site, page_file

# -- building --------------------------------------------------------------------------------


def build_project(project: Path, config: dict[str, Any]) -> tuple[bool, str]:
    """Write ``config`` as the project's mkdocs.yml and build it in-process; (success, log)."""
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    built = build_site(project)
    return built.ok, built.log


def config_for(
    theme: str, *, search: bool = True, prune: bool = True, plugin: dict[str, Any] | None = None, **extra: Any
) -> dict[str, Any]:
    theme_cfg: dict[str, Any] = (
        {"name": "material", "language": "zh", "features": ["navigation.prune"] if prune else []}
        if theme == "material"
        else {"name": theme, "locale": "zh"}
    )
    plugins: list[Any] = (["search"] if search else []) + [{"govreport": plugin or {}}]
    return {"site_name": "测试站点", "theme": theme_cfg, "plugins": plugins, **extra}


def report(agency: str, agency_id: str, year: int, *, prose: str = "") -> str:
    return textwrap.dedent(
        f"""\
        ---
        govreport:
          agency: "{agency}"
          agency_id: {agency_id}
          kind: department
          year: {year}
          format: "{2019 if year < 2021 else 2021}"
          published: {year + 1}-01-20
          active: zero
          applications: zero
          review_litigation: zero
        ---

        # {agency}{year}年政府信息公开工作年度报告

        ## 一、总体情况

        {prose or f"{year}年，本机关依法做好政府信息公开工作。"}

        ## 二、主动公开政府信息情况

        ## 三、收到和处理政府信息公开申请情况

        ## 四、政府信息公开行政复议、行政诉讼情况

        ## 五、存在的主要问题及改进情况

        无。

        ## 六、其他需要报告的事项

        本年度未收取信息处理费。
        """
    )


def write_docs(docs: Path, agencies: dict[str, str], years: range) -> None:
    """One folder per agency id, one report a year."""
    for aid, name in agencies.items():
        for year in years:
            path = docs / "reports" / aid / f"{year}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(report(name, aid, year), encoding="utf-8")
    (docs / "index.md").write_text("# 首页\n\n各机关政府信息公开工作年度报告。\n", encoding="utf-8")


# -- reading the navigation back -------------------------------------------------------------


def material_nav(html: str) -> str:
    """The primary navigation of a Material page (its sidebar)."""
    start = html.index('<nav class="md-nav md-nav--primary"')
    end = html.index('<div class="md-sidebar md-sidebar--secondary"', start)
    nav = html[start:end]
    # the current page's table of contents lives inside its nav entry: not navigation titles
    return re.sub(r'<nav class="md-nav md-nav--secondary".*?</nav>', "", nav, flags=re.S)


def nav_labels(nav_html: str) -> list[str]:
    """The visible titles of a Material navigation."""
    return [
        re.sub(r"\s+", " ", t).strip() for t in re.findall(r'<span class="md-ellipsis">(.*?)</span>', nav_html, re.S)
    ]


def default_theme_nav(html: str) -> str:
    start = html.index('<div id="navbar-collapse"')
    return html[start : html.index('<ul class="nav navbar-nav ms-md-auto">', start)]


def related_links(html: str) -> list[tuple[str, str]]:
    """(href, text) of the report page's links block."""
    m = re.search(r'<nav class="gr-related".*?</nav>', html, re.S)
    assert m is not None, "the report page has no links block"
    return [
        (href, re.sub(r"<[^>]+>", "", text))
        for href, text in re.findall(r'<a href="([^"]+)">(.*?)</a>', m.group(0), re.S)
    ]


def target_of(site: Path, page: Path, href: str) -> Path:
    parts = urlsplit(href)
    rel = posixpath.normpath(posixpath.join(page.parent.relative_to(site).as_posix(), unquote(parts.path)))
    path = site / rel
    return path / "index.html" if href.endswith("/") or path.is_dir() else path


# -- the example site (Material), issue 16 -----------------------------------------------------


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the example site built as it is configured (Material, no nav:)."""
    project = tmp_path_factory.mktemp("example") / "site-src"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("site", "site-*"))
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "nav" not in config
    ok, log = build_project(project, config)
    assert ok, log
    return project / "site"


EXAMPLE_PAGES = [
    "index.md",
    "reports/xigong-gov/2023.md",
    "reports/xigong-stats/2021.md",
    "reports-index/index.md",
    "reports-index/summary.md",
    "reports-index/agencies/xigong-gov.md",
]


@pytest.mark.slow
@pytest.mark.parametrize("src_uri", EXAMPLE_PAGES)
def test_example_nav_has_no_english_or_slug_title(example: Path, src_uri: str) -> None:
    labels = nav_labels(material_nav(page_file(example, src_uri).read_text(encoding="utf-8")))
    assert labels
    for label in labels:
        # folder names (Reports, Xigong gov, Reports index, Agencies) and slugs are Latin letters
        assert not re.search(r"[A-Za-z]", label), f"{src_uri}: navigation title {label!r}"


@pytest.mark.slow
def test_example_report_page_nav_is_its_agency(example: Path) -> None:
    labels = nav_labels(material_nav(page_file(example, "reports/xigong-gov/2023.md").read_text(encoding="utf-8")))
    for expected in (
        "年度报告索引",
        "汇总",
        "各机关",
        "西工区人民政府",
        "历年概况",
        "2024年度",
        "2023年度",
        "2019年度",
    ):
        assert expected in labels, (expected, labels)
    # the other agency and its years are not in this page's navigation
    assert "西工区统计局" not in labels


@pytest.mark.slow
def test_example_home_nav_holds_index_and_summary_only(example: Path) -> None:
    labels = nav_labels(material_nav(page_file(example, "index.md").read_text(encoding="utf-8")))
    assert "年度报告索引" in labels and "汇总" in labels
    assert not any(label.endswith("年度") for label in labels)
    assert "各机关" not in labels


@pytest.mark.slow
def test_example_report_title_stays_the_full_title(example: Path) -> None:
    html = page_file(example, "reports/xigong-gov/2023.md").read_text(encoding="utf-8")
    assert "<title>西工区人民政府2023年政府信息公开工作年度报告 - " in html


@pytest.mark.slow
def test_example_report_pages_link_their_agency_and_years(example: Path) -> None:
    docs = EXAMPLE / "docs" / "reports"
    for md in sorted(docs.rglob("*.md")):
        src_uri = md.relative_to(EXAMPLE / "docs").as_posix()
        page = page_file(example, src_uri)
        links = related_links(page.read_text(encoding="utf-8"))
        targets = {target_of(example, page, href) for href, _ in links}
        for t in targets:
            assert t.is_file(), (src_uri, t)
        agency = md.parent.name
        assert example / "reports-index" / "agencies" / agency / "index.html" in targets
        assert example / "reports-index" / "index.html" in targets
        others = {example / "reports" / agency / p.stem / "index.html" for p in md.parent.glob("*.md") if p != md}
        assert others <= targets, src_uri
        assert page not in targets  # the page itself is marked, not linked


# -- growth ----------------------------------------------------------------------------------


def _agencies(n: int) -> dict[str, str]:
    return {f"dept-{i:02d}": f"示例区第{i}局" for i in range(n)}


@pytest.mark.slow
@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_report_page_nav_does_not_grow_with_agencies(tmp_path: Path, theme: str) -> None:
    navs: dict[tuple[str, int], str] = {}
    for mode in ("compact", "folders"):
        for n in (2, 8):
            project = tmp_path / f"{mode}-{n}"
            write_docs(project / "docs", _agencies(n), range(2021, 2024))
            ok, log = build_project(project, config_for(theme, search=False, plugin={"navigation": {"mode": mode}}))
            assert ok, log
            html = page_file(project / "site", "reports/dept-01/2022.md").read_text(encoding="utf-8")
            navs[mode, n] = material_nav(html) if theme == "material" else default_theme_nav(html)
    # compact: the same navigation, byte for byte, with 4 times the agencies
    assert navs["compact", 2] == navs["compact", 8]
    # MkDocs' folder navigation grows (the test measures something)
    assert len(navs["folders", 8]) > len(navs["folders", 2])


@pytest.mark.slow
def test_full_mode_lists_every_agency_in_chinese(tmp_path: Path) -> None:
    write_docs(tmp_path / "docs", _agencies(3), range(2022, 2024))
    ok, log = build_project(
        tmp_path, config_for("material", search=False, prune=False, plugin={"navigation": {"mode": "full"}})
    )
    assert ok, log
    labels = nav_labels(material_nav((tmp_path / "site" / "index.html").read_text(encoding="utf-8")))
    for i in range(3):
        assert f"示例区第{i}局" in labels
    assert labels.count("2022年度") == 3
    assert not any(re.search(r"[A-Za-z]", label) for label in labels), labels


@pytest.mark.slow
def test_without_index_pages_reports_stay_in_the_navigation(tmp_path: Path) -> None:
    """No index to reach them through: every agency and year stays in the navigation."""
    write_docs(tmp_path / "docs", _agencies(2), range(2022, 2024))
    ok, log = build_project(
        tmp_path, config_for("material", search=False, prune=False, plugin={"index": {"enabled": False}})
    )
    assert ok, log
    labels = nav_labels(material_nav((tmp_path / "site" / "index.html").read_text(encoding="utf-8")))
    assert "示例区第0局" in labels and "示例区第1局" in labels and "2023年度" in labels


# -- titles: override, escaping, author's nav ------------------------------------------------


@pytest.mark.slow
def test_titles_are_overridden_by_options(tmp_path: Path) -> None:
    write_docs(tmp_path / "docs", _agencies(1), range(2022, 2024))
    titles = {
        "index": "报告目录",
        "summary": "合计",
        "agencies": "部门",
        "agency_page": "本部门概况",
        "year": "{year} 年报告",
    }
    ok, log = build_project(tmp_path, config_for("material", search=False, plugin={"navigation": titles}))
    assert ok, log
    labels = nav_labels(
        material_nav(page_file(tmp_path / "site", "reports/dept-00/2023.md").read_text(encoding="utf-8"))
    )
    for expected in ("报告目录", "合计", "部门", "本部门概况", "2023 年报告", "2022 年报告"):
        assert expected in labels, (expected, labels)


@pytest.mark.slow
def test_year_title_without_year_is_a_configuration_error(tmp_path: Path) -> None:
    write_docs(tmp_path / "docs", _agencies(1), range(2023, 2024))
    ok, log = build_project(tmp_path, config_for("mkdocs", search=False, plugin={"navigation": {"year": "年度报告"}}))
    assert not ok
    assert "{year}" in log


@pytest.mark.slow
def test_agency_name_is_escaped_in_the_navigation(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    for year in (2022, 2023):
        path = docs / "reports" / "x" / f"{year}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(report("<b>示例</b>局", "x-dept", year), encoding="utf-8")
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    ok, log = build_project(tmp_path, config_for("material", search=False))
    assert ok, log
    nav = material_nav(page_file(tmp_path / "site", "reports/x/2023.md").read_text(encoding="utf-8"))
    assert "&lt;b&gt;示例&lt;/b&gt;局" in nav
    assert "<b>示例</b>" not in nav


@pytest.mark.slow
def test_author_nav_is_kept_and_reports_still_link(tmp_path: Path) -> None:
    write_docs(tmp_path / "docs", _agencies(2), range(2022, 2024))
    nav = [{"首页": "index.md"}, {"第一局": [{"甲年": "reports/dept-00/2022.md"}, {"乙年": "reports/dept-00/2023.md"}]}]
    ok, log = build_project(tmp_path, config_for("material", search=False, nav=nav))
    assert ok, log
    html = page_file(tmp_path / "site", "reports/dept-00/2023.md").read_text(encoding="utf-8")
    labels = nav_labels(material_nav(html))
    assert labels[:4] == ["首页", "第一局", "甲年", "乙年"], labels
    assert "年度报告索引" not in labels
    hrefs = [href for href, _ in related_links(html)]
    assert "../2022/" in hrefs


@pytest.mark.slow
def test_default_theme_keeps_full_title_in_title_tag(tmp_path: Path) -> None:
    write_docs(tmp_path / "docs", _agencies(1), range(2021, 2024))
    ok, log = build_project(tmp_path, config_for("mkdocs"))
    assert ok, log
    site = tmp_path / "site"
    html = page_file(site, "reports/dept-00/2022.md").read_text(encoding="utf-8")
    assert "<title>示例区第0局2022年政府信息公开工作年度报告 - 测试站点</title>" in html
    nav = default_theme_nav(html)
    assert ">2023年度</a>" in nav and ">2021年度</a>" in nav and ">历年概况</a>" in nav
    # the search results are named by the full titles
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    titles = {d["location"]: d["title"] for d in docs if "#" not in d["location"]}
    assert titles["reports/dept-00/2023/"] == "示例区第0局2023年政府信息公开工作年度报告"


# -- search ----------------------------------------------------------------------------------

NUMBERS = """\
  applications:
    new_received: [9731, 0, 0, 0, 0, 0]
    carried_over: zero
    results:
      granted: [9731, 0, 0, 0, 0, 0]
    carried_forward: zero
"""


@pytest.mark.slow
@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_search_index_has_prose_not_table_numbers(tmp_path: Path, theme: str) -> None:
    docs = tmp_path / "docs"
    text = report("示例区第一局", "dept-a", 2023, prose="本年度重点公开了旧城改造征收补偿方案。")
    assert "  applications: zero\n" in text
    text = text.replace("  applications: zero\n", NUMBERS)
    path = docs / "reports" / "a" / "2023.md"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    ok, log = build_project(tmp_path, config_for(theme))
    assert ok, log
    site = tmp_path / "site"
    html = page_file(site, "reports/a/2023.md").read_text(encoding="utf-8")
    assert "9731" in html and "本年新收政府信息公开申请数量" in html  # the table is on the page
    entries = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    # Material cuts Chinese into words with zero-width spaces when jieba is installed
    indexed = " ".join(e["title"] + " " + e["text"] for e in entries if e["location"].startswith("reports/a/2023/"))
    indexed = indexed.replace("\u200b", "")
    assert "旧城改造征收补偿方案" in indexed
    assert "示例区第一局2023年政府信息公开工作年度报告" in indexed
    assert "9731" not in indexed
    assert "本年新收政府信息公开申请数量" not in indexed
    assert "各年度报告" not in indexed  # the links block is not indexed either


def test_hide_and_restore_round_trip() -> None:
    html = (
        '<h2 id="a">二</h2><div class="gr-table" data-search-exclude><div><table><tr><td>1</td></tr></table></div></div>'
        '<p>正文</p><nav class="gr-related" aria-label="x" data-search-exclude><p><a href="../">甲</a></p></nav>'
        '<div data-search-excluded="no"><p>留下</p></div>'
    )
    hidden, pieces = hide(html)
    assert len(pieces) == 2
    assert "<td>1</td>" not in hidden and "gr-related" not in hidden
    assert "<p>正文</p>" in hidden and "<p>留下</p>" in hidden
    assert restore(hidden, pieces) == html
