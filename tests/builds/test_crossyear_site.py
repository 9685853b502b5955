"""Cross-year checks in built sites (the fixture site ``tests/fixtures/crossyear``): a W2
mismatch, its acknowledgement shown on the report and agency pages, the strict build, a stale
explanation.  The rules themselves: ``tests/checks/test_continuity.py``."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.pages import without_acknowledgements
from tests.helpers.sites import Built, copy_fixture

pytestmark = pytest.mark.slow

Build = Callable[..., Built]


def test_strict_build_passes_with_acknowledged_w2_and_shows_the_explanation(tmp_path: Path, build_site: Build) -> None:
    built = build_site(copy_fixture("crossyear", tmp_path), strict=True)
    assert built.ok, built.messages
    reason = "2021 年结转的 2 件申请中有 1 件已于 2022 年 1 月由申请人撤回"
    report_html = built.html("reports/dongcheng-stats/2022.md")
    assert reason in report_html
    assert 'data-pointer="/applications/carried_over/natural_person"' in report_html
    assert re.search(r'class="gr-num gr-flag-ack"[^>]*data-pointer="/applications/carried_over/natural_person"', report_html)
    agency_html = built.html("reports-index/agencies/dongcheng-stats.md")
    assert reason in agency_html
    assert "已说明" in agency_html and "W2" in agency_html
    # the explanation is marked beside the figure it concerns (上年结转, 2022)
    assert re.search(r"上年结转</th>(<td[^>]*>.*?</td>){2}<td[^>]*>[^<]*1.*?注1", agency_html)


def test_w2_without_explanation_fails_strict_with_both_numbers(tmp_path: Path, build_site: Build) -> None:
    project = copy_fixture("crossyear", tmp_path)
    page = project / "docs/reports/dongcheng-stats/2022.md"
    page.write_text(without_acknowledgements(page.read_text(encoding="utf-8")), encoding="utf-8")
    built = build_site(project, strict=True)
    assert not built.ok
    (w2,) = [m for m in built.messages if "[W2]" in m]
    assert "docs/reports/dongcheng-stats/2022.md:" in w2
    assert "为 1" in w2 and "为 2" in w2
    # non-strict: the warning is on the report page, the agency page and in the index status
    built = build_site(project)
    assert built.ok
    assert "W2" in built.html("reports/dongcheng-stats/2022.md")
    index = built.html("reports-index/index.md")
    assert re.search(r'href="../reports/dongcheng-stats/2022/"><span class="gr-sr">[^<]*</span><span class="gr-status-warn">1 个问题</span>', index)


def test_stale_explanation_fails_again(tmp_path: Path, build_site: Build) -> None:
    project = copy_fixture("crossyear", tmp_path)
    page = project / "docs/reports/dongcheng-stats/2022.md"
    page.write_text(page.read_text(encoding="utf-8").replace("numbers: [1, 2]", "numbers: [0, 2]"), encoding="utf-8")
    built = build_site(project, strict=True)
    assert not built.ok
    assert any("[W2]" in m and "说明已过期" in m for m in built.messages)
