"""Installing as users do, with the README's own commands: from the repository folder (non-editable) and
from a wheel built with `python -m build`, each into a fresh virtual environment that sees nothing of this
one (no system site-packages), the packages coming from the same package index as the set-up's. Run
outside the checkout, so only the installed copy can be imported. Slow (pip installs MkDocs and Material
each time), but part of the default test run."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from mkdocs_govreport import read_report_file
from tests.helpers.html import values_by_pointer
from tests.helpers.paths import EXAMPLE, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
GETTING_STARTED = (ROOT / "docs" / "getting-started.md").read_text(encoding="utf-8")
PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
VERSION = re.search(r'^version = "([^"]+)"', PYPROJECT, re.M)[1]  # type: ignore[index]
WHEEL = f"mkdocs_govreport-{VERSION}-py3-none-any.whl"
EXTRAS = ("material", "import", "docx", "xlsx", "docs", "test")
# what a copy of the repository holds that is not source (caches, environments, build output)
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "site", "site-*", "node_modules", "*.egg-info", "build", "dist", "__pycache__",
    ".mypy_cache", ".ruff_cache", ".pytest_cache", ".hypothesis", "artifacts",
)
# the environment of the checks minus what would let the new venv see this one
ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
ENV["NO_MKDOCS_2_WARNING"] = "1"

# one report page of each national format, from the example site
PAGES = {"2021": "reports/xigong-gov/2024.md", "2019": "reports/xigong-gov/2020.md"}


def _run(args: list[str | Path], cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(a) for a in args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{' '.join(map(str, args))}\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    return proc


def _readme_command(prefix: str) -> list[str]:
    """The README's command line that starts with ``prefix`` (comment dropped), as argv."""
    lines = [line.split("#")[0].strip() for line in README.splitlines() if line.startswith(prefix)]
    assert len(lines) == 1, f"the README has {len(lines)} lines starting with {prefix!r}"
    return shlex.split(lines[0])


def _fresh_venv(where: Path) -> Path:
    """A new virtual environment WITHOUT the base interpreter's site-packages; returns its bin dir."""
    _run([sys.executable, "-m", "venv", where], where.parent)
    bin_dir = where / "bin"
    # it really is empty: pytest (installed here) is not importable there
    proc = subprocess.run([bin_dir / "python", "-c", "import pytest"], cwd=where.parent, env=ENV,
                          capture_output=True, text=True)
    assert proc.returncode != 0, "the new venv sees this environment's packages"
    return bin_dir


def _pip(bin_dir: Path, argv: list[str]) -> list[str | Path]:
    """A documented `pip install …` line run by the new venv's pip."""
    assert argv[:2] == ["pip", "install"], argv
    return [bin_dir / "python", "-m", "pip", "install", "-q", *argv[2:]]


def _source_copy(tmp_path: Path) -> Path:
    """A copy of the repository under its own name, so that installing and building leave nothing
    in the checkout."""
    src = tmp_path / "mkdocs-govreport"
    shutil.copytree(ROOT, src, ignore=NOT_SOURCE)
    return src


def _check_installed(bin_dir: Path, cwd: Path) -> None:
    """The installed copy is imported, with the `material` extra; its command runs on the example."""
    where = _run([bin_dir / "python", "-c", "import mkdocs_govreport; print(mkdocs_govreport.__file__)"], cwd)
    assert where.stdout.strip().startswith(str(bin_dir.parent)), where.stdout
    _run([bin_dir / "python", "-c", "import material, jieba"], cwd)
    proc = _run([bin_dir / "govreport", "--version"], cwd)
    assert proc.stdout.split() == ["govreport", VERSION], proc.stdout
    proc = _run([bin_dir / "govreport", "validate", EXAMPLE / "docs" / "reports"], cwd)
    assert "Traceback" not in proc.stdout + proc.stderr


def test_documented_extras_and_wheel_name() -> None:
    """The extras the README and getting-started name are the ones pyproject.toml has, and the wheel
    file name they give is the one `python -m build` makes of this version."""
    section = PYPROJECT.split("[project.optional-dependencies]", 1)[1].split("\n[", 1)[0]
    assert tuple(re.findall(r"^([a-z][\w-]*) = \[", section, re.M)) == EXTRAS
    for extra in EXTRAS:
        assert f"| `{extra}` |" in README, extra
        assert f"`{extra}`" in GETTING_STARTED, extra
    assert f"dist/{WHEEL}[material]" in README
    assert f'pip install "{WHEEL}[material]"' in GETTING_STARTED
    # not on a public index: no command installs it by name
    assert not re.search(r"^\s*pip install [\"']?mkdocs-govreport", README + GETTING_STARTED, re.M)


@pytest.mark.slow
def test_fresh_venv_non_editable_install_builds_example(tmp_path: Path) -> None:
    """The README's `pip install "./mkdocs-govreport[material]"` beside the repository folder, then
    `mkdocs build --strict` of the example site with it: each report page has its tables, with the
    numbers of its data."""
    bin_dir = _fresh_venv(tmp_path / "venv")
    src = _source_copy(tmp_path)
    # build requirements come from pip's usual isolated build environment, from the same index
    _run(_pip(bin_dir, _readme_command('pip install "./')), tmp_path)
    _check_installed(bin_dir, tmp_path)

    site = tmp_path / "site"
    _run([bin_dir / "python", "-m", "mkdocs", "build", "--strict", "-f", src / "example_site" / "mkdocs.yml",
          "-d", site], tmp_path)
    for fid, rel in PAGES.items():
        report = read_report_file(EXAMPLE / "docs" / rel)
        assert report is not None and report.format_id == fid, rel
        shown = values_by_pointer((site / rel[: -len(".md")] / "index.html").read_text(encoding="utf-8"))
        assert set(shown) == set(report.fmt.pointers), rel  # every cell of the three tables is there
        for ptr, cell in report.cells.items():
            assert shown[ptr].rstrip("*") == str(cell.value), (rel, ptr)
    assert (site / "assets" / "govreport" / "govreport.css").is_file()


@pytest.mark.slow
def test_built_wheel_installs_and_validates(tmp_path: Path) -> None:
    """The README's `python -m build` in the repository folder (sdist, then the wheel from it; no
    deprecation warning from the build backend); the wheel holds the package with its assets and
    declares the documented extras; the README's `pip install "dist/…whl[material]"` into a fresh venv
    gives a working `govreport` command."""
    src = _source_copy(tmp_path)
    proc = _run([sys.executable, "-m", "build"], src)
    assert "deprecat" not in (proc.stdout + proc.stderr).lower(), proc.stdout + proc.stderr
    assert {p.name for p in (src / "dist").iterdir()} == {f"mkdocs_govreport-{VERSION}.tar.gz", WHEEL}
    with zipfile.ZipFile(src / "dist" / WHEEL) as whl:
        names = whl.namelist()
        meta = next(whl.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    assert "mkdocs_govreport/py.typed" in names
    assert any(n.startswith("mkdocs_govreport/assets/") and n.endswith(".css") for n in names)
    assert all(n.startswith(("mkdocs_govreport/", "mkdocs_govreport-")) for n in names), names  # no tests/, docs/
    assert "License-Expression: MIT" in meta
    for extra in EXTRAS:
        assert f"Provides-Extra: {extra}" in meta, extra

    bin_dir = _fresh_venv(tmp_path / "venv")
    _run(_pip(bin_dir, _readme_command('pip install "dist/')), src)
    _check_installed(bin_dir, tmp_path)
