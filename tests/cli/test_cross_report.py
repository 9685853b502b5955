"""``govreport validate`` over a folder runs the checks across reports too: cross-year (W2),
sameness with last year (T8)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from tests.helpers.pages import OVERVIEW_A, stats_page, without_acknowledgements
from tests.helpers.paths import FIXTURES

Run = Callable[..., tuple[int, str, str]]


def test_validate_runs_cross_year_checks(tmp_path: Path, govreport: Run) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(FIXTURES / "crossyear" / "docs", docs)
    assert govreport("validate", str(docs))[0] == 0
    page = docs / "reports/dongcheng-stats/2022.md"
    page.write_text(without_acknowledgements(page.read_text(encoding="utf-8")), encoding="utf-8")
    code, out, _err = govreport("validate", str(docs))
    assert code == 1
    assert "[W2]" in out and "2022.md" in out


def test_validate_reports_sameness(tmp_path: Path, govreport: Run) -> None:
    docs = tmp_path / "docs" / "reports" / "beihu"
    docs.mkdir(parents=True)
    (docs / "2023.md").write_text(stats_page(2023, OVERVIEW_A), encoding="utf-8")
    (docs / "2024.md").write_text(stats_page(2024, OVERVIEW_A.replace("统计公报", "统计年鉴")), encoding="utf-8")
    code, out, _err = govreport("validate", str(tmp_path / "docs"))
    assert "[T8]" in out
    assert code != 0
