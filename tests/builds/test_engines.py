"""The plugin on every engine users run: MkDocs 1.6 and its fork ProperDocs (both build the
example site with ``--strict`` through the CLI, loading the plugin from the ``mkdocs.plugins``
entry point), and Zensical with the Markdown extension (which strips the front matter before
Python-Markdown runs).  The extension alone: ``tests/extension/test_extension.py``.

Every test reads the produced HTML back and compares each data cell with the report's data."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_govreport import read_report_file
from tests.helpers.html import assert_cells_match
from tests.helpers.pages import example_page_with_review_error
from tests.helpers.paths import EXAMPLE, ROOT, under_ci

Command = Callable[..., subprocess.CompletedProcess[str]]

REPORT_PAGES = sorted((EXAMPLE / "docs" / "reports").rglob("*.md"))

pytestmark = pytest.mark.slow


def _page_html(site: Path, page: Path) -> str:
    rel = page.relative_to(EXAMPLE / "docs").with_suffix("")
    return (site / rel / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def engine_sites(tmp_path_factory: pytest.TempPathFactory, mkdocs_command: Command) -> dict[str, Path]:
    """The example site built strict by the MkDocs CLI and by the ProperDocs CLI (each run with
    this interpreter, the environment holding nothing but the interpreter's own PATH)."""
    if importlib.util.find_spec("properdocs") is None:
        reason = "properdocs is not installed (pip install -e '.[test]')"
        pytest.fail(reason) if under_ci() else pytest.skip(reason)
    base = tmp_path_factory.mktemp("engines")
    env = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"}
    out = {}
    for engine in ("mkdocs", "properdocs"):
        proc = mkdocs_command(EXAMPLE / "mkdocs.yml", strict=True, site_dir=base / engine, engine=engine, cwd=ROOT, env=env, timeout=300)
        assert proc.returncode == 0, f"{engine} build --strict failed:\n{proc.stdout}\n{proc.stderr}"
        out[engine] = base / engine
    return out


def test_example_site_strict_under_mkdocs_and_properdocs(engine_sites: dict[str, Path]) -> None:
    """Both engines load the plugin and render every report with the numbers of its data."""
    assert REPORT_PAGES, "the example site has no report pages"
    for page in REPORT_PAGES:
        report = read_report_file(page)
        assert report is not None and report.fmt is not None, page
        for engine, site in engine_sites.items():
            assert_cells_match(_page_html(site, page), report, f"{engine}: {page.name}")
    # the generated pages (index, agency pages) exist under both engines, identically listed
    listed = {e: sorted(p.relative_to(s).as_posix() for p in s.rglob("index.html")) for e, s in engine_sites.items()}
    assert listed["mkdocs"] == listed["properdocs"]
    assert any(p.startswith("reports-index/") for p in listed["properdocs"])


def test_properdocs_strict_fails_on_an_error(tmp_path: Path, mkdocs_command: Command) -> None:
    """Strict still means strict under ProperDocs: an error stops the build, naming the file."""
    if importlib.util.find_spec("properdocs") is None:
        reason = "properdocs is not installed (pip install -e '.[test]')"
        pytest.fail(reason) if under_ci() else pytest.skip(reason)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "r.md").write_text(example_page_with_review_error(), encoding="utf-8")
    # ProperDocs ships no built-in theme of its own: Material, as on the example site
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ntheme: {name: material}\nplugins: [govreport]\n", encoding="utf-8"
    )
    proc = mkdocs_command(tmp_path / "mkdocs.yml", strict=True, engine="properdocs", timeout=300)
    log = proc.stderr + proc.stdout
    assert proc.returncode != 0, log
    assert "r.md:" in log and "govreport" in log, log


def test_zensical_build(tmp_path: Path) -> None:
    """A real Zensical build of the example reports with ``markdown_extensions: [govreport]``
    (Zensical is pinned in the test extra to the newest release that installs from the registry)."""
    exe = shutil.which("zensical", path=str(Path(sys.executable).parent))
    if exe is None:
        reason = "zensical is not installed (pip install -e '.[test]')"
        pytest.fail(reason) if under_ci() else pytest.skip(reason)
    shutil.copytree(EXAMPLE / "docs", tmp_path / "docs")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nmarkdown_extensions:\n  - toc\n  - govreport\n", encoding="utf-8"
    )
    proc = subprocess.run([exe, "build", "--clean"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for page in REPORT_PAGES:
        report = read_report_file(page)
        assert report is not None
        assert_cells_match(_page_html(tmp_path / "site", page), report, f"zensical: {page.name}")
