"""The assessors' checks in built sites: sameness with last year (T8) shown and failing
``--strict``, acknowledgements (shown, passing ``--strict``, stale once the numbers change),
region roll-ups (T9), derived rates on the agency page, provenance of imported reports.
The checks on parsed reports: ``tests/checks/test_{narrative,sameness,rollup,claims}.py``."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.html import read_page
from tests.helpers.pages import OVERVIEW_A, SIMPLE, body, data_yaml, dept_page, gov_page, stats_page
from tests.helpers.paths import FIXTURES
from tests.helpers.sites import Built

pytestmark = pytest.mark.slow

Build = Callable[..., Built]
FIXTURE = FIXTURES / "assess"


def new_project(tmp_path: Path, extra_config: str = "") -> Path:
    """A site with the plugin as users add it (index pages and downloads on)."""
    project = tmp_path / "site-src"
    (project / "docs").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(f"site_name: 测试站\nplugins:\n  - govreport{extra_config}\n", encoding="utf-8")
    (project / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    return project


def write(project: Path, rel: str, text: str) -> Path:
    path = project / "docs" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def assess_site(tmp_path_factory: pytest.TempPathFactory, build_site: Build) -> Built:
    """The fixture site ``tests/fixtures/assess`` built once (not strict: it holds contradictions)."""
    return build_site(FIXTURE, site_dir=str(tmp_path_factory.mktemp("assess") / "site"))


def _sameness_project(tmp_path: Path, extra_config: str = "", ack: str = "") -> tuple[Path, Path]:
    project = new_project(tmp_path, extra_config)
    write(project, "reports/beihu/2023.md", stats_page(2023, OVERVIEW_A))
    later = stats_page(2024, OVERVIEW_A.replace("统计公报", "统计年鉴"))
    if ack:
        later = later.replace("---\n\n# 年度报告", ack + "---\n\n# 年度报告", 1)
    path = write(project, "reports/beihu/2024.md", later)
    return project, path


def test_sameness_shown_on_the_report_page_and_fails_strict(tmp_path: Path, build_site: Build) -> None:
    project, _ = _sameness_project(tmp_path)
    built = build_site(project, strict=True)
    assert not built.ok
    (msg,) = [m for m in built.messages if "[T8]" in m]
    pct = re.search(r"有 (\d+)% 与上一年度", msg)
    assert pct is not None
    html = built.html("reports/beihu/2024.md")
    assert "T8" in html and f"{pct.group(1)}%" in html and "reports/beihu/2023.md" in html
    assert "T8" not in built.html("reports/beihu/2023.md")


def _pct_of(project: Path, build_site: Build) -> int:
    (msg,) = [m for m in build_site(project).messages if "[T8]" in m]
    m = re.search(r"有 (\d+)% 与上一年度", msg)
    assert m is not None
    return int(m.group(1))


def test_acknowledged_sameness_passes_strict_and_goes_stale(tmp_path: Path, build_site: Build) -> None:
    project, path = _sameness_project(tmp_path)
    pct = _pct_of(project, build_site)
    ack = (
        "  acknowledge:\n"
        "    - rule: T8\n"
        f"      numbers: [{pct}]\n"
        "      reason: 本局职责稳定，工作机制部分沿用上年表述，已由办公室审核。\n"
    )
    text = path.read_text(encoding="utf-8").replace("---\n\n# 年度报告", ack + "---\n\n# 年度报告", 1)
    path.write_text(text, encoding="utf-8")
    built = build_site(project, strict=True)
    assert built.ok, built.messages
    html = built.html("reports/beihu/2024.md")
    assert "已说明" in html and "工作机制部分沿用上年表述" in html
    # the text changes: the share changes, the explanation no longer fits
    path.write_text(text.replace("做好数据解读，回应社会关切。", "围绕新兴产业统计监测，开展专题数据发布和解读。"), encoding="utf-8")
    built = build_site(project, strict=True)
    assert not built.ok
    (msg,) = [m for m in built.messages if "[T8]" in m]
    assert "说明已过期" in msg and str(pct) in msg
    assert "说明已过期" in built.html("reports/beihu/2024.md")


def test_acknowledged_prose_contradiction_passes_strict_and_goes_stale(tmp_path: Path, build_site: Build) -> None:
    project = new_project(tmp_path)
    src = (FIXTURE / "docs" / "reports" / "district" / "2024.md").read_text(encoding="utf-8")
    path = write(project, "reports/district/2024.md", src)
    built = build_site(project, strict=True)
    assert not built.ok and any("[T1]" in m and "17" in m and "95" in m for m in built.messages)
    cell = read_page(built.html("reports/district/2024.md")).cells["/applications/new_received/total"]
    assert cell.value == "95"
    assert "gr-flag" in cell.classes
    ack = (
        "  acknowledge:\n"
        "    - rule: T1\n"
        "      cell: /applications/new_received/total\n"
        "      numbers: [17, 95]\n"
        "      reason: 原报告正文“17件”为笔误，以表格为准，已向发布机关核实。\n"
    )
    acked = src.replace("---\n\n# 东湖区", ack + "---\n\n# 东湖区", 1)
    path.write_text(acked, encoding="utf-8")
    built = build_site(project, strict=True)
    assert built.ok, built.messages
    html = built.html("reports/district/2024.md")
    assert "原报告正文“17件”为笔误" in html
    assert "gr-flag-ack" in read_page(html).cells["/applications/new_received/total"].classes
    path.write_text(acked.replace("政府信息公开申请17件", "政府信息公开申请19件"), encoding="utf-8")
    built = build_site(project, strict=True)
    assert not built.ok
    (msg,) = [m for m in built.messages if "[T1]" in m]
    assert "说明已过期" in msg and "17 / 95" in msg and "19 / 95" in msg


def test_rollup_in_a_built_site(tmp_path: Path, build_site: Build) -> None:
    project = new_project(tmp_path)
    write(project, "reports/stats/2024.md", dept_page("北湖区统计局", "beihu-stats", 2024, [10, 1, 0, 0, 0, 0], [8, 1, 0, 0, 0, 0], (1, 0, 0, 0)))
    write(project, "reports/gov/2024.md", gov_page(2024, [12, 1, 0, 0, 0, 0], [8, 1, 0, 0, 0, 0], (1, 0, 0, 0), ["beihu-stats"]))
    built = build_site(project, strict=True)
    assert not built.ok
    assert any("[T9]" in m and "reports/gov/2024.md" in m for m in built.messages)
    assert "gr-flag" in read_page(built.html("reports/gov/2024.md")).cells["/applications/new_received/natural_person"].classes
    agency = built.html("reports-index/agencies/beihu-gov.md")
    assert "T9" in agency


def test_agency_page_shows_rates_with_formulas(assess_site: Built) -> None:
    assert assess_site.ok, assess_site.messages
    html = assess_site.html("reports-index/agencies/pingtan.md")
    assert "（予以公开 + 部分公开）÷ 办理结果总计" in html
    assert "48.0%" in html and "71/148" in html  # (33 + 38) / 148
    assert "8.3%" in html and "3/36" in html  # review corrected 3 / decided 36
    assert "分母 9 小于 30" in html  # lawsuits: 9 decided, too few


def test_provenance_block_on_the_report_page(assess_site: Built) -> None:
    html = assess_site.html("reports/pingtan/2025.md")
    block = re.search(r'<div class="gr-provenance".*?</dl></div>', html, re.S)
    assert block is not None
    text = block.group(0)
    assert 'href="https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202603/t20260313_105587.htm"' in text
    assert "fca4db165a47f218145e380c920191861dd6eafa4e7298be18d17c0f0a798f8f" in text
    assert "govreport-import 0.1" in text and "2026-03-20" in text
    assert "gr-provenance" not in assess_site.html("reports/district/2024.md")


def test_provenance_is_escaped_and_only_http_links(tmp_path: Path, build_site: Build) -> None:
    project = new_project(tmp_path)
    prov = (
        "  provenance:\n"
        "    source: \"javascript:alert(1)\"\n"
        "    importer: \"<script>alert(1)</script>\"\n"
        "    findings:\n"
        "      - \"表三第 3 行原文为空，未写入（<b>不当作 0</b>）\"\n"
    )
    write(project, "reports/x/2024.md", data_yaml("乙局", "yi", 2024, **SIMPLE, extra=prov) + body(OVERVIEW_A))
    html = build_site(project).html("reports/x/2024.md")
    block = re.search(r'<div class="gr-provenance".*?</dl></div>', html, re.S)
    assert block is not None
    assert "<a " not in block.group(0) and "<script>" not in block.group(0) and "&lt;script&gt;" in block.group(0)
    assert "导入时的说明" in block.group(0) and "&lt;b&gt;不当作 0&lt;/b&gt;" in block.group(0)
