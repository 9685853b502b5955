"""Report pages in built sites (the govreport plugin, default theme and Material): a strict build
fails on an error naming file:line and rule, a non-strict one shows the findings box with the cells
flagged and linked, a front-matter-only page gets the report skeleton, the placement marker puts a
table where the author wants it, and the data may live in a sibling YAML file; a real published report builds strict."""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_govreport.registry import SECTIONS
from tests.helpers.html import read_page, read_tables, values_by_pointer
from tests.helpers.pages import BAD_R2, FEE, page
from tests.helpers.paths import FIXTURES
from tests.helpers.sites import Built

pytestmark = pytest.mark.slow

Build = Callable[..., Built]

def test_strict_build_fails_on_r2_and_names_file_line(tmp_path: Path, build_site: Build) -> None:
    built = build_site(tmp_path, {"reports/bad.md": page(BAD_R2, FEE)}, strict=True)
    assert not built.ok
    # front matter starts on line 2 of the file; new_received is line 9
    assert re.search(r"reports/bad\.md:9(:\d+)?: \[R2\]", built.log), built.log
    assert "2" in built.log and "本年新收" in built.log


def test_non_strict_build_shows_findings_and_flags_cells(tmp_path: Path, build_site: Build) -> None:
    built = build_site(tmp_path, {"reports/bad.md": page(BAD_R2, FEE)}, strict=False, theme="material")
    assert built.ok, built.log
    html = built.html("reports/bad.md")
    assert 'class="gr-findings gr-findings-error"' in html
    assert "[R2]" in built.log or "R2" in html
    flagged = [p for p, c in read_page(html).cells.items() if "gr-flag" in c.classes]
    assert "/applications/new_received/total" in flagged
    # the finding is linked from the cell
    link = re.search(r'data-pointer="/applications/new_received/total"><a href="#([\w-]+)"', html)
    assert link and f'id="{link.group(1)}"' in html
    assert values_by_pointer(html)["/applications/new_received/total"] == "2"  # author's number kept


def test_front_matter_only_renders_skeleton(tmp_path: Path, build_site: Build) -> None:
    data = "govreport:\n  agency: 西工区测试局\n  year: 2023\n  active: zero\n  applications: zero\n  review_litigation: zero\n"
    for theme in ("material", "mkdocs"):
        built = build_site(tmp_path / theme, {"r.md": page(data)}, strict=False, theme=theme)
        assert built.ok, built.log
        html = built.html("r.md")
        heads = [htmllib.unescape(re.sub(r"<[^>]+>", "", h)).strip("¶ ") for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]
        assert [h for h in heads if h in {s.heading for s in SECTIONS}] == [s.heading for s in SECTIONS]
        tables = [t for t in read_tables(html) if t.data_cells]
        assert [t.caption for t in tables] == [
            "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况"
        ]
        # each table sits after its heading
        for heading, caption in zip(
            ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"],
            [t.caption for t in tables],
            strict=True,
        ):
            h2 = re.search(rf"<h2[^>]*>{heading}", html)
            assert h2 and h2.start() < html.index(f"<caption>{caption}</caption>")


def test_placement_marker(tmp_path: Path, build_site: Build) -> None:
    body = (
        "# 报告\n\n## 一、总体情况\n\n概述。\n\n<!-- govreport 表三 -->\n\n"
        "## 二、主动公开政府信息情况\n\n## 三、收到和处理政府信息公开申请情况\n\n说明文字。\n\n"
        "## 四、政府信息公开行政复议、行政诉讼情况\n\n## 五、存在的主要问题及改进情况\n\n无。\n" + FEE
    )
    data = "govreport:\n  agency: 西工区测试局\n  year: 2023\n  published: 2024-01-10\n  active: zero\n  applications: zero\n  review_litigation: zero\n"
    built = build_site(tmp_path, {"r.md": page(data, body)}, strict=False)
    html = built.html("r.md")
    assert html.count("<caption>收到和处理政府信息公开申请情况</caption>") == 1
    h2 = re.search(r"<h2[^>]*>二、主动公开政府信息情况", html)
    assert h2 and html.index("<caption>收到和处理政府信息公开申请情况</caption>") < h2.start()


def test_sibling_yaml_data(tmp_path: Path, build_site: Build) -> None:
    data = BAD_R2.replace("[1, 0, 0, 0, 0, 0, 2]", "[1, 0, 0, 0, 0, 0, 1]").replace("govreport:\n", "", 1)
    data = "\n".join(line[2:] for line in data.splitlines()) + "\n"
    pages = {"r/2023.md": page("govreport: 2023.yaml", FEE)}
    built = build_site(tmp_path, pages, strict=True, extra_files={"r/2023.yaml": data})
    assert built.ok, built.log
    assert values_by_pointer(built.html("r/2023.md"))["/applications/new_received/total"] == "1"
    bad = build_site(tmp_path / "bad", pages, strict=True, extra_files={"r/2023.yaml": data.replace("0, 0, 0, 0, 0, 1]", "0, 0, 0, 0, 0, 5]")})
    assert not bad.ok and re.search(r"r/2023\.yaml:7(:\d+)?: \[R2\]", bad.log), bad.log


def test_published_report_builds_strict(tmp_path: Path, build_site: Build) -> None:
    text = (FIXTURES / "real" / "pingtan-2025.md").read_text(encoding="utf-8")
    built = build_site(tmp_path, {"reports/pingtan/2025.md": text}, strict=True)
    assert built.ok, built.log
