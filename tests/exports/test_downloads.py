"""Open-data downloads: built into the site and written by ``govreport data``; Frictionless
validation; the numbers equal the numbers on the report pages."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mkdocs_govreport.cli import main as cli_main
from tests.helpers.html import read_page
from tests.helpers.paths import FIXTURES
from tests.helpers.sites import Built, copy_fixture, page_file

pytestmark = pytest.mark.slow

Build = Callable[..., Built]
DATA = "reports-index/data"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, build_site: Build) -> tuple[Path, Path]:
    project = copy_fixture("crossyear", tmp_path_factory.mktemp("exports"))
    result = build_site(project, strict=True)
    assert result.ok, result.messages
    return project, result.site


def report_cells(site: Path, src_uri: str) -> tuple[dict[str, str], dict[str, set[str]]]:
    """{pointer: number as data} and {pointer: classes} of a built report page."""
    page = read_page(page_file(site, src_uri).read_text(encoding="utf-8"))
    return page.values(), page.classes()


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), path  # the BOM Excel needs to read UTF-8
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def read_facts(data: Path) -> list[dict[str, str]]:
    """facts.csv joined with reports.csv and cells.csv: one dict per report × cell with the
    report's page, agency and year and the cell's pointer (every join must resolve)."""
    reports = {r["report"]: r for r in read_csv(data / "reports.csv")}
    cells = {c["cell"]: c for c in read_csv(data / "cells.csv")}
    out = []
    for f in read_csv(data / "facts.csv"):
        r, c = reports[f["report"]], cells[f["cell"]]
        assert c["format"] == r["format"]
        out.append({**f, "page": r["page"], "agency_id": r["agency_id"], "agency": r["agency"], "year": r["year"], "pointer": c["pointer"]})
    return out


def frictionless_validate(package: Path) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("frictionless", path=str(Path(sys.executable).parent))  # installed by '.[test]'
    if exe is None:
        reason = "frictionless 未安装 is not installed (pip install -e '.[test]')"
        pytest.fail(reason) if os.environ.get("CI") else pytest.skip(reason)
    return subprocess.run([exe, "validate", str(package)], capture_output=True, text=True, timeout=300)


def test_downloads_exist_and_frictionless_validates(built: tuple[Path, Path]) -> None:
    _project, site = built
    data = site / DATA
    for name in ("reports.json", "facts.csv", "validation.csv", "datapackage.json"):
        assert (data / name).is_file(), name
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["path"] for r in package["resources"]}
    on_disk = {str(p.relative_to(data)) for p in data.rglob("*") if p.is_file()} - {"datapackage.json"}
    assert paths == on_disk  # every file is described, nothing described is absent
    assert "wide/applications-2021-f2021.csv" in paths and "wide/active-2020-f2019.csv" in paths
    for r in package["resources"]:
        if r["path"].endswith(".csv"):
            header = next(csv.reader(io.StringIO((data / r["path"]).read_text(encoding="utf-8-sig"))))
            assert header == [f["name"] for f in r["schema"]["fields"]], r["path"]
    result = frictionless_validate(data / "datapackage.json")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def test_frictionless_catches_a_broken_download(built: tuple[Path, Path], tmp_path: Path) -> None:
    """The validation test can fail: a corrupted value makes frictionless reject the package."""
    _project, site = built
    copy = tmp_path / "data"
    shutil.copytree(site / DATA, copy)
    facts = copy / "facts.csv"
    lines = facts.read_text(encoding="utf-8").split("\n")
    cols = lines[1].split(",")
    cols[2] = "十二"
    lines[1] = ",".join(cols)
    facts.write_text("\n".join(lines), encoding="utf-8")
    assert frictionless_validate(copy / "datapackage.json").returncode != 0


def json_value(report: dict[str, Any], pointer: str) -> Any:
    node: Any = report
    for part in pointer.strip("/").split("/"):
        node = node[part]
    return node


def test_numbers_in_reports_json_and_facts_equal_the_report_pages(built: tuple[Path, Path]) -> None:
    _project, site = built
    reports = json.loads((site / DATA / "reports.json").read_text(encoding="utf-8"))
    facts = read_facts(site / DATA)
    by_page: dict[str, list[dict[str, str]]] = {}
    for row in facts:
        by_page.setdefault(row["page"], []).append(row)
    assert len(by_page) == len(reports) == 8
    index = {(r["agency_id"], r["year"]): r for r in reports}
    checked = 0
    for page, rows in by_page.items():
        cells, classes = report_cells(site, page)
        canon = index[(rows[0]["agency_id"], int(rows[0]["year"]))]
        assert {r["pointer"] for r in rows} == set(cells), page  # every cell of the page, and only those
        for row in rows:
            ptr = row["pointer"]
            assert cells[ptr] == row["value"], (page, ptr)
            expected = json_value(canon, ptr)
            assert ("" if expected is None else str(expected)) == row["value"], (page, ptr)
            assert ("gr-computed" in classes[ptr]) == (row["status"] == "computed"), (page, ptr)
            checked += 1
    assert checked > 1000
    assert {r["status"] for r in facts} == {"reported", "computed"}


def test_wide_csv_matches_facts(built: tuple[Path, Path]) -> None:
    _project, site = built
    facts = {(r["page"], r["pointer"]): r["value"] for r in read_facts(site / DATA)}
    rows = read_csv(site / DATA / "wide/applications-2021-f2021.csv")
    assert {r["agency_id"] for r in rows} == {"dongcheng-stats", "dongcheng-gov"}
    for r in rows:
        for key, value in r.items():
            if "." in key and key.split(".")[-1] in ("natural_person", "total"):
                record, col = key.rsplit(".", 1)
                pointer = "/applications/" + record.replace(".", "/") + "/" + col
                assert facts[(r["page"], pointer)] == value


def test_validation_csv_lists_acknowledged_findings_with_their_note(built: tuple[Path, Path]) -> None:
    _project, site = built
    rows = read_csv(site / DATA / "validation.csv")
    w2 = [r for r in rows if r["rule"] == "W2"]
    assert len(w2) == 1
    (row,) = w2
    assert row["acknowledged"] == "true" and "撤回" in row["note"] and row["stale"] == "false"
    assert row["values"] == "1 / 2" and row["pointer"] == "/applications/carried_over/natural_person"
    assert row["page"] == "reports/dongcheng-stats/2022.md" and row["line"].isdigit()
    w6 = [r for r in rows if r["rule"] == "W6"]
    assert w6 == []


def test_missing_cell_is_empty_everywhere_never_zero(tmp_path: Path, build_site: Build) -> None:
    project = copy_fixture("crossyear", tmp_path)
    page = project / "docs/reports/dongcheng-edu/2022.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("penalty: {decisions: 3}", "penalty: {}"), encoding="utf-8")
    result = build_site(project)
    assert result.ok
    site = result.site
    facts = [r for r in read_facts(site / DATA) if r["page"] == "reports/dongcheng-edu/2022.md"]
    (row,) = [r for r in facts if r["pointer"] == "/active/penalty/decisions"]
    assert row["value"] == "" and row["status"] == "missing"
    reports = json.loads((site / DATA / "reports.json").read_text(encoding="utf-8"))
    (edu,) = [r for r in reports if r["agency_id"] == "dongcheng-edu" and r["year"] == 2022]
    assert edu["active"]["penalty"]["decisions"] is None
    wide = read_csv(site / DATA / "wide/active-2022-f2021.csv")
    assert [r["penalty.decisions"] for r in wide if r["agency_id"] == "dongcheng-edu"] == [""]
    cells, classes = report_cells(site, "reports/dongcheng-edu/2022.md")
    assert cells["/active/penalty/decisions"] == "" and "gr-missing" in classes["/active/penalty/decisions"]
    validation = read_csv(site / DATA / "validation.csv")
    assert any(r["rule"] == "S" and r["pointer"].startswith("/active/penalty") for r in validation)
    assert frictionless_validate(site / DATA / "datapackage.json").returncode == 0


def test_cli_data_writes_the_same_downloads(built: tuple[Path, Path], tmp_path: Path) -> None:
    _project, site = built
    out = tmp_path / "out"
    assert cli_main(["data", str(FIXTURES / "crossyear" / "docs"), "-o", str(out)]) == 0
    assert (out / "reports.json").read_text(encoding="utf-8") == (site / DATA / "reports.json").read_text(encoding="utf-8")

    def without_page(data: Path) -> list[tuple[str, ...]]:
        return sorted(tuple(v for k, v in r.items() if k != "page") for r in read_facts(data))

    assert without_page(out) == without_page(site / DATA)
    site_files = {str(p.relative_to(site / DATA)) for p in (site / DATA).rglob("*") if p.is_file()}
    cli_files = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert site_files == cli_files
    assert frictionless_validate(out / "datapackage.json").returncode == 0
