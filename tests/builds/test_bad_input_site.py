"""Bad input in built sites: a site holding every bad page still builds (each page says what is
wrong, at the file and line, in the log), an unreadable page says so, nothing typed into a report
reaches the HTML as markup, and ``--strict`` fails at the line.  The battery:
``tests/helpers/battery.py``; through ``govreport validate``: ``tests/cli/test_bad_input.py``.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.battery import (
    BAD,
    BASE,
    CASES,
    EXAMPLE_BASE,
    EXAMPLE_CASES,
    EXAMPLE_EXTRA,
    copy_battery,
    lines_at,
    write_example_cases,
)
from tests.helpers.html import injected_in_site
from tests.helpers.sites import Built

pytestmark = pytest.mark.slow

Build = Callable[..., Built]
BatterySite = tuple[Path, subprocess.CompletedProcess[str], dict[str, tuple[int, str, str]]]


def _site(root: Path) -> Path:
    """A site with the plugin as users add it (index pages and downloads on)."""
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text("# 首页\n\n本站的报告。\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: 测试站\nplugins:\n  - govreport\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def battery_site(tmp_path_factory: pytest.TempPathFactory, mkdocs_command: Callable[..., subprocess.CompletedProcess[str]]) -> BatterySite:
    """One non-strict ``mkdocs build`` (the command, as users run it) of a site holding every bad
    page and one good report."""
    root = _site(tmp_path_factory.mktemp("battery_site"))
    cases = copy_battery(root / "docs" / "bad")
    good = root / "docs" / "good"
    good.mkdir()
    (good / "2023.md").write_text(BASE, encoding="utf-8")
    out = root / "site"
    return out, mkdocs_command(root / "mkdocs.yml", site_dir=out), cases


def test_battery_site_builds_every_page(battery_site: BatterySite) -> None:
    out, result, cases = battery_site
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert "Traceback" not in log
    missed = []
    for name, (line, fragment, file) in cases.items():
        assert (out / "bad" / name / "index.html").exists(), name
        if not any(fragment in ln for ln in lines_at(log, file, line)):
            missed.append(f"{name}: {fragment} at {file}:{line}")
    # only the known regression may be missing (it fails as soon as it is fixed: then drop this)
    assert missed == [], missed
    # the good report is whole: every cell of its three tables, no finding box of its own
    good = (out / "good" / "2023" / "index.html").read_text(encoding="utf-8")
    assert good.count("data-pointer=") > 100
    assert "gr-missing" not in good


def test_unreadable_pages_say_so(battery_site: BatterySite) -> None:
    out, _result, _cases = battery_site
    for name in ("gbk", "huge_file"):
        page = (out / "bad" / name / "index.html").read_text(encoding="utf-8")
        assert "无法读取此报告" in page, name


def test_battery_site_has_no_injected_markup(battery_site: BatterySite) -> None:
    out, _result, _cases = battery_site
    assert injected_in_site(out) == []
    page = (out / "bad" / "inject_agency" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)" in page  # shown, as text
    page = (out / "bad" / "inject_title" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=" in page
    # the index lists the report under its (escaped) title
    every = "".join(p.read_text(encoding="utf-8") for p in (out / "reports-index").rglob("*.html"))
    assert "&lt;img src=x onerror=alert(2)&gt;" in every


STRICT = ["octal", "dup_govreport", "alias_bomb", "gbk", "bom", "fm_unparsable", "fm_list", "deep_nesting", "control_char", "inject_agency", "year_missing", "govreport_missing_file"]


@pytest.mark.parametrize("name", STRICT)
def test_strict_build_fails_at_the_line(name: str, tmp_path: Path, build_site: Build) -> None:
    root = _site(tmp_path / "s")
    (root / "docs" / "report.md").write_bytes((BAD / f"{name}.md").read_bytes())
    built = build_site(root, strict=True)
    assert not built.ok, built.log
    line, fragment = CASES[name][:2]
    assert any(fragment in ln for ln in lines_at(built.log, "docs/report.md", line)), built.log[-3000:]  # type: ignore[operator]


def test_strict_build_of_the_base_page_passes(tmp_path: Path, build_site: Build) -> None:
    root = _site(tmp_path / "s")
    (root / "docs" / "report.md").write_text(BASE, encoding="utf-8")
    built = build_site(root, strict=True)
    assert built.ok, built.log


# ---------------------------------------------------------------------------------------
# Mistakes typed into the example site's report


def test_site_with_every_bad_example_page_still_builds(tmp_path: Path, build_site: Build) -> None:
    site = tmp_path / "site_src"
    docs = site / "docs"
    write_example_cases(docs / "bad")
    inj = EXAMPLE_BASE.replace("  agency: 西工区统计局\n", '  agency: "<script>alert(1)</script><img src=x onerror=alert(2)>"\n', 1)
    inj = inj.replace("  agency_id: xigong-stats\n", "  agency_id: injected\n", 1)
    inj = inj.replace("      reason: 原报告", "      reason: <a href=\"javascript:alert(3)\">x</a> 原报告", 1)
    inj = inj.replace("  year: 2023\n", '  year: 2023\n  title: "<svg onload=alert(4)>"\n', 1)
    (docs / "inject.md").write_text(inj, encoding="utf-8")
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    (site / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - govreport\n", encoding="utf-8")
    built = build_site(site, site_dir=str(tmp_path / "out"))
    assert built.ok, built.log
    out = built.site
    for name in list(EXAMPLE_CASES) + list(EXAMPLE_EXTRA):
        assert (out / "bad" / name / "index.html").exists(), name
        assert f"docs/bad/{name}.md" in built.log, name
    gbk_page = (out / "bad" / "gbk" / "index.html").read_text(encoding="utf-8")
    assert "无法读取此报告" in gbk_page
    assert injected_in_site(out) == []
    # the injected texts are shown, as text (the index lists the report by its title and agency)
    every = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert "&lt;svg onload=alert(4)&gt;" in every
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in every


@pytest.mark.parametrize("name", ["octal", "duplicate_key", "gbk"])
def test_strict_build_of_a_bad_example_page_fails_with_location(name: str, tmp_path: Path, build_site: Build) -> None:
    pages = write_example_cases(tmp_path / "cases")
    root = _site(tmp_path / "s")
    (root / "docs" / "report.md").write_bytes(pages.get(name, tmp_path / "cases" / f"{name}.md").read_bytes())
    built = build_site(root, strict=True)
    assert not built.ok
    line = EXAMPLE_CASES[name][2] if name in EXAMPLE_CASES else EXAMPLE_EXTRA[name][0]
    assert f"docs/report.md:{line}" in built.log, built.log
