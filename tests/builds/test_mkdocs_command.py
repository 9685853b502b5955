"""``mkdocs build`` run exactly as a user runs it (the command in a subprocess: exit code and
log): the example site builds with ``--strict``, and a report with an R2 error fails ``--strict``
naming file:line and [R2], under both themes.  (In-process builds: the other tests of this folder.)"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.html import read_page
from tests.helpers.paths import EXAMPLE, FIXTURES

pytestmark = pytest.mark.slow

Command = Callable[..., subprocess.CompletedProcess[str]]


def test_example_site_strict(tmp_path: Path, mkdocs_command: Command) -> None:
    out = tmp_path / "site"
    proc = mkdocs_command(EXAMPLE / "mkdocs.yml", strict=True, site_dir=out)
    assert proc.returncode == 0, proc.stderr[-3000:]
    tables = read_page((out / "reports" / "xigong-gov" / "2020" / "index.html").read_text(encoding="utf-8")).report_tables
    assert "政府集中采购" in tables["active"].th_texts
    cells = {td.pointer: td.text for td in tables["active"].tds}
    assert cells["/active/central_procurement/amount"] == "4166.241619"


@pytest.mark.parametrize("theme", ["material", "mkdocs"])
def test_strict_build_fails_on_r2(tmp_path: Path, theme: str, mkdocs_command: Command) -> None:
    clean = (FIXTURES / "core" / "clean-2021.md").read_text(encoding="utf-8")
    bad = clean.replace("partial: [58, 21, 3, 5, 8, 8, 103]", "partial: [58, 21, 3, 5, 8, 8, 104]")
    assert bad != clean
    page = tmp_path / "docs" / "reports" / "gov" / "2021.md"
    page.parent.mkdir(parents=True)
    page.write_text(bad, encoding="utf-8")
    (tmp_path / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: 测试\ntheme:\n  name: {theme}\nplugins:\n  - govreport\n", encoding="utf-8")
    proc = mkdocs_command(config, strict=True)
    assert proc.returncode != 0
    log = proc.stdout + proc.stderr
    line = next(i for i, t in enumerate(bad.split("\n"), 1) if "partial: [58" in t)
    assert f"reports/gov/2021.md:{line}" in log and "[R2]" in log, log[-2000:]
    assert "Traceback" not in log
