"""The plugin's options in ``mkdocs.yml`` (``plugin/config.py``): rule levels (and the config
errors for a bad one), the sameness threshold, the index path and title; and the stylesheet it
ships and links.  Every test builds a site for real."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.pages import BAD_R2, FEE, OVERVIEW_A, page, stats_page
from tests.helpers.sites import Built, copy_fixture

pytestmark = pytest.mark.slow

Build = Callable[..., Built]


def test_rule_levels_from_mkdocs_yml(tmp_path: Path, build_site: Build) -> None:
    late = page(BAD_R2.replace("[1, 0, 0, 0, 0, 0, 2]", "[1, 0, 0, 0, 0, 0, 1]").replace("2024-01-20", "2024-03-01"), FEE)
    strict_default = build_site(tmp_path / "a", {"reports/late.md": late}, strict=True)
    assert not strict_default.ok and "[W8]" in strict_default.log
    ignored = build_site(tmp_path / "b", {"reports/late.md": late}, strict=True, plugin={"rules": {"W8": "ignore"}})
    assert ignored.ok, ignored.log
    assert "[W8]" not in ignored.log
    demoted = build_site(tmp_path / "c", {"reports/bad.md": page(BAD_R2, FEE)}, strict=False, plugin={"rules": {"R2": "warn"}})
    assert demoted.ok and "[R2]" in demoted.log


@pytest.mark.parametrize("rules", [{"W8": "off"}, {"X9": "warn"}, {"r2": "warn"}])
def test_bad_rule_levels_are_config_errors(tmp_path: Path, rules: dict[str, str], build_site: Build) -> None:
    built = build_site(tmp_path, {"r.md": page(BAD_R2, FEE)}, strict=False, plugin={"rules": rules})
    assert not built.ok
    key, level = next(iter(rules.items()))
    assert f"“{key}”" in built.log or f"“{level}”" in built.log, built.log
    assert "Traceback" not in built.log


def test_stylesheet_shipped_and_linked(tmp_path: Path, build_site: Build) -> None:
    for theme in ("material", "mkdocs"):
        built = build_site(tmp_path / theme, {"r.md": page(BAD_R2.replace(", 2]", ", 1]"), FEE)}, strict=True, theme=theme)
        assert built.ok, built.log
        css = (built.site / "assets" / "govreport" / "govreport.css").read_text(encoding="utf-8")
        assert re.search(r"td\.gr-num[^{]*\{[^}]*text-align:\s*right", css)  # numbers right-aligned
        assert "@media print" in css and "prefers-color-scheme: dark" in css
        assert 'href="../assets/govreport/govreport.css"' in built.html("r.md")


def _sameness_project(root: Path, options: str = "") -> Path:
    """Two years of 北湖区统计局 with nearly the same narrative (T8 at about 96 %)."""
    docs = root / "docs"
    (docs / "reports" / "beihu").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(f"site_name: 测试站\nplugins:\n  - govreport{options}\n", encoding="utf-8")
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    (docs / "reports/beihu/2023.md").write_text(stats_page(2023, OVERVIEW_A), encoding="utf-8")
    (docs / "reports/beihu/2024.md").write_text(stats_page(2024, OVERVIEW_A.replace("统计公报", "统计年鉴")), encoding="utf-8")
    return root


def test_sameness_threshold_option(tmp_path: Path, build_site: Build) -> None:
    default = build_site(_sameness_project(tmp_path / "default"), strict=True)
    assert not default.ok and any("[T8]" in m for m in default.messages)
    raised = build_site(_sameness_project(tmp_path / "raised", ":\n      sameness_threshold: 99"), strict=True)
    assert raised.ok, raised.messages
    bad = build_site(_sameness_project(tmp_path / "bad", ":\n      sameness_threshold: 150"))
    assert not bad.ok
    assert "sameness_threshold" in bad.log and "Traceback" not in bad.log


def test_index_path_and_title_are_configurable(tmp_path: Path, build_site: Build) -> None:
    project = copy_fixture("crossyear", tmp_path)
    yml = project / "mkdocs.yml"
    yml.write_text(
        yml.read_text(encoding="utf-8").replace("  - govreport\n", "  - govreport:\n      index: {path: open/reports, title: 年报总览}\n"),
        encoding="utf-8",
    )
    (project / "docs/index.md").write_text("# 首页\n\n[总览](open/reports/index.md)\n", encoding="utf-8")
    built = build_site(project, strict=True)
    assert built.ok, built.messages
    assert "年报总览" in built.html("open/reports/index.md")
    assert (built.site / "open/reports/data/datapackage.json").is_file()
    assert not (built.site / "reports-index").exists()


@pytest.mark.parametrize(
    ("option", "says"),
    [
        ({"rules": {"T99": "ignore"}}, "T99"),
        ({"index": {"path": "../.."}}, "网站之外"),
        ({"index": {"path": "/srv/www"}}, "网站之外"),
        ({"source_locations": "sometimes"}, "sometimes"),
    ],
)
def test_option_typos_are_configuration_errors(tmp_path: Path, build_site: Build, option: dict[str, object], says: str) -> None:
    """Validated by option classes: a typo stops the build with the option named, never passes silently."""
    built = build_site(tmp_path, {"r.md": page(BAD_R2, FEE)}, strict=False, plugin=option)
    assert not built.ok
    assert any(says in m for m in built.messages), built.messages


def test_findings_show_no_source_path_on_the_published_site(tmp_path: Path, build_site: Build) -> None:
    """``source_locations: serve`` (the default): a built site names no file; ``always`` does."""
    hidden = build_site(tmp_path / "a", {"reports/bad.md": page(BAD_R2, FEE)}, strict=False)
    html = hidden.html("reports/bad.md")
    assert "gr-findings" in html and "reports/bad.md" not in html and "gr-where" not in html
    shown = build_site(tmp_path / "b", {"reports/bad.md": page(BAD_R2, FEE)}, strict=False, plugin={"source_locations": "always"})
    assert 'class="gr-where">docs/reports/bad.md' in shown.html("reports/bad.md")
