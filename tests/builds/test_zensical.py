"""The whole product under Zensical (which runs no MkDocs plugin): ``govreport pages`` writes the
index, agency pages, summary, downloads and stylesheet into the docs folder, ``zensical build``
builds the example site, and the result has every report's tables, an index linking every
report, one page per agency and the downloads with every report.  ``govreport pages`` is
idempotent, cleans up after itself, never overwrites a file it did not write, and fails on an
error as ``mkdocs build --strict`` does."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_govreport.cli import main as cli_main
from mkdocs_govreport.pipeline import read_report_file

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "example_site"


def zensical() -> str:
    exe = Path(sys.executable).parent / "zensical"
    assert exe.exists(), "zensical is a test dependency (pip install -e '.[test]', or make zensical)"
    return str(exe)


def report_pages(docs: Path) -> list[str]:
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if "govreport:" in p.read_text(encoding="utf-8")[:400])


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("zensical") / "example_site"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("site*", ".cache"))
    assert cli_main(["pages", "-f", str(project / "zensical.yml"), "--strict"]) == 0
    proc = subprocess.run([zensical(), "build", "-f", "zensical.yml", "--clean"], cwd=project, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return project


def test_every_report_page_has_its_tables(built: Path) -> None:
    pages = report_pages(built / "docs")
    assert len(pages) >= 10
    for page in pages:
        out = built / "site-zensical" / page[: -len(".md")] / "index.html"
        text = out.read_text(encoding="utf-8")
        assert len(re.findall(r'data-pointer="/applications/', text)) > 50, page
        assert "gr-findings-error" not in text, page


def test_index_links_every_report_and_one_page_per_agency(built: Path) -> None:
    site = built / "site-zensical"
    index = (site / "reports-index/index.html").read_text(encoding="utf-8")
    for page in report_pages(built / "docs"):
        assert f"../{page[: -len('.md')]}/" in index, page
    agencies = sorted(p.name for p in (site / "reports-index/agencies").iterdir())
    ids = {r.agency_id for p in report_pages(built / "docs") if (r := read_report_file(built / "docs" / p)) is not None}
    assert agencies == sorted(ids)
    for a in agencies:
        assert (site / "reports-index/agencies" / a / "index.html").is_file()
        assert f"agencies/{a}/" in index


def test_downloads_have_every_report(built: Path) -> None:
    data = built / "site-zensical/reports-index/data"
    for name in ("reports.json", "reports.csv", "facts.csv", "cells.csv", "validation.csv", "datapackage.json"):
        assert (data / name).is_file(), name
    n = len(report_pages(built / "docs")) + 1  # and the report kept as a bare .yaml data file beside its page
    reports = json.loads((data / "reports.json").read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO((data / "reports.csv").read_text(encoding="utf-8-sig"))))
    assert len(reports) == len(rows) >= n - 1
    assert {r["page"] for r in rows} >= set(report_pages(built / "docs"))
    facts = list(csv.DictReader(io.StringIO((data / "facts.csv").read_text(encoding="utf-8-sig"))))
    assert {f["report"] for f in facts} == {r["report"] for r in rows}


def test_the_stylesheet_is_there_and_the_manifest_is_not_published(built: Path) -> None:
    site = built / "site-zensical"
    assert (site / "assets/govreport/govreport.css").is_file()
    assert not list(site.rglob(".govreport-generated.json"))


def test_pages_is_idempotent_cleans_up_and_refuses_foreign_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "example_site"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("site*", ".cache"))
    config = str(project / "zensical.yml")
    docs = project / "docs"
    original = tree(docs)
    assert cli_main(["pages", "-f", config]) == 0
    first = tree(docs)
    generated = set(first) - set(original)
    assert "reports-index/index.md" in generated and "assets/govreport/govreport.css" in generated
    assert first["reports-index/index.md"].startswith("<!-- 此页面由 govreport pages 生成".encode())
    mtimes = {p: (docs / p).stat().st_mtime_ns for p in generated}
    capsys.readouterr()
    assert cli_main(["pages", "-f", config]) == 0
    assert "写入 0 个" in capsys.readouterr().err
    assert tree(docs) == first
    assert {p: (docs / p).stat().st_mtime_ns for p in generated} == mtimes  # unchanged files are not rewritten
    # an agency that is gone loses its page on the next run
    shutil.rmtree(docs / "reports/xigong-stats")
    assert cli_main(["pages", "-f", config]) == 0
    assert not (docs / "reports-index/agencies/xigong-stats.md").exists()
    assert (docs / "reports-index/agencies/xigong-gov.md").exists()
    # a file it did not write (or one edited since) is never overwritten without --force
    summary = docs / "reports-index/summary.md"
    summary.write_text("# 我自己的汇总\n", encoding="utf-8")
    assert cli_main(["pages", "-f", config]) == 4
    assert "reports-index/summary.md" in capsys.readouterr().err
    assert summary.read_text(encoding="utf-8") == "# 我自己的汇总\n"
    assert cli_main(["pages", "-f", config, "--force"]) == 0
    assert "我自己的汇总" not in summary.read_text(encoding="utf-8")
    # --clean leaves the docs folder as the author had it
    assert cli_main(["pages", "-f", config, "--clean"]) == 0
    assert set(tree(docs)) == {p for p in original if not p.startswith("reports/xigong-stats/")}


def test_pages_fails_on_an_error_and_mkdocs_still_builds_after_it(tmp_path: Path) -> None:
    project = tmp_path / "example_site"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("site*", ".cache"))
    page = project / "docs/reports/xigong-gov/2023.md"
    page.write_text(re.sub(r"(new_received: \[)\d+", r"\g<1>99999", page.read_text(encoding="utf-8"), count=1), encoding="utf-8")
    assert cli_main(["pages", "-f", str(project / "zensical.yml")]) == 1  # R1 fails the build path
    # the MkDocs plugin counts the files govreport pages wrote as its own
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(project / "mkdocs.yml")))
    assert (project / "site/reports-index/index.html").is_file()


def test_report_pages_show_the_sites_cross_year_findings(tmp_path: Path) -> None:
    """Zensical renders one page at a time; the page still shows what the whole site's checks
    found (a cross-year rule after editing last year's report) — and only while the page is the
    one that was checked."""
    project = tmp_path / "example_site"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns("site*", ".cache"))
    last = project / "docs/reports/xigong-gov/2022.md"
    text, n = re.subn(r"(carried_forward: \{natural_person: )\d+", r"\g<1>555", last.read_text(encoding="utf-8"), count=1)
    assert n == 1
    last.write_text(text, encoding="utf-8")
    assert cli_main(["pages", "-f", str(project / "zensical.yml")]) == 1  # W2 … and R1 in 2022 itself
    proc = subprocess.run([zensical(), "build", "-f", "zensical.yml", "--clean"], cwd=project, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    page = (project / "site-zensical/reports/xigong-gov/2023/index.html").read_text(encoding="utf-8")
    assert '<span class="gr-rule">W2</span>' in page and "555" in page
