"""Downloads at portal scale: ``govreport data`` streams (same bytes as the in-memory build, with
one job or several), every report is in every file, the long table is tidy (numbers joined to a
report list and a label dictionary), every CSV opens in Excel (BOM) with its text neutralised,
the optional workbook has Chinese headers and never a formula, and nothing is overwritten
without ``--force``."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from mkdocs_govreport.cli import main as cli_main
from mkdocs_govreport.exports import BOM, Entry, build_downloads, neutralise
from mkdocs_govreport.exports.downloads import cell_numbers
from mkdocs_govreport.pipeline import check_reports, read_report_file

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from gensite import make_docs  # noqa: E402

N = 24  # 3 agencies × 8 years, both formats


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    docs = tmp_path_factory.mktemp("portal") / "docs"
    make_docs(docs, N)
    # a name a spreadsheet would run as a formula (rule S reports it; the data keeps the text)
    page = docs / "reports/agency-0001/2023.md"
    page.write_text(page.read_text(encoding="utf-8").replace("agency: 示例区第1局", "agency: \"=HYPERLINK(\\\"x\\\")局\""), encoding="utf-8")
    return docs


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def read_csv(raw: bytes) -> list[dict[str, str]]:
    assert raw.startswith(BOM.encode("utf-8"))
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.fixture(scope="module")
def one_job(docs: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("one") / "data"
    assert cli_main(["data", str(docs), "-o", str(out), "--xlsx"]) == 0
    return tree(out)


def test_jobs_2_is_byte_identical_to_one_job(docs: Path, one_job: dict[str, bytes], tmp_path: Path) -> None:
    out = tmp_path / "data"
    assert cli_main(["data", str(docs), "-o", str(out), "--xlsx", "--jobs", "2"]) == 0
    two = tree(out)
    assert sorted(two) == sorted(one_job)
    for name, data in one_job.items():
        assert two[name] == data, name


def test_streamed_files_equal_the_in_memory_build(docs: Path, one_job: dict[str, bytes]) -> None:
    from mkdocs_govreport.cli.common import display_name

    paths = sorted(docs.rglob("*.md"))
    reports = [r for p in paths if (r := read_report_file(p, display_name(p))) is not None]
    check_reports(reports)
    files = build_downloads([Entry(r.file, r) for r in reports])
    assert set(files) == set(one_job) - {"govreport.xlsx"}
    for name, text in files.items():
        assert one_job[name] == text.encode("utf-8"), name


def test_every_report_in_every_download_and_the_joins_hold(one_job: dict[str, bytes]) -> None:
    reports = read_csv(one_job["reports.csv"])
    assert [int(r["report"]) for r in reports] == list(range(1, N + 1))
    assert len(json.loads(one_job["reports.json"])) == N
    cells = {c["cell"]: c for c in read_csv(one_job["cells.csv"])}
    numbers = cell_numbers()
    assert all(numbers[(c["format"], c["pointer"])] == int(n) for n, c in cells.items())
    facts = read_csv(one_job["facts.csv"])
    assert list(facts[0]) == ["report", "cell", "value", "status"]  # tidy: no label or agency repeated per row
    by_report: dict[str, set[str]] = {}
    for f in facts:
        assert cells[f["cell"]]["format"] == reports[int(f["report"]) - 1]["format"]
        by_report.setdefault(f["report"], set()).add(f["cell"])
    per_format = {fid: {n for n, c in cells.items() if c["format"] == fid} for fid in {c["format"] for c in cells.values()}}
    assert len(by_report) == N
    for r in reports:  # every cell of its format, once
        assert by_report[r["report"]] == per_format[r["format"]]
    assert len(facts) == sum(len(per_format[r["format"]]) for r in reports)
    wide_rows = sum(len(read_csv(data)) for name, data in one_job.items() if name.startswith("wide/applications-"))
    assert wide_rows == N


def test_every_csv_has_a_bom_and_neutralised_text(one_job: dict[str, bytes]) -> None:
    package = json.loads(one_job["datapackage.json"])
    csvs = [r["path"] for r in package["resources"] if r.get("format") == "csv"]
    assert {"reports.csv", "cells.csv", "facts.csv", "validation.csv"} <= set(csvs)
    for name in csvs:
        assert one_job[name].startswith(b"\xef\xbb\xbf"), name
    agencies = {r["agency"] for r in read_csv(one_job["reports.csv"])}
    assert "'=HYPERLINK(\"x\")局" in agencies  # shown as text, never run
    for name in csvs:
        for row in csv.reader(io.StringIO(one_job[name].decode("utf-8-sig"))):
            for cell in row:
                assert neutralise(cell) == cell or cell.lstrip("-").replace(".", "", 1).isdigit(), (name, cell)


def test_frictionless_validates_the_package(docs: Path, one_job: dict[str, bytes], tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "frictionless"
    assert exe.exists(), "frictionless is a test dependency (pip install -e '.[test]')"
    for name, data in one_job.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    ok = subprocess.run([str(exe), "validate", str(tmp_path / "datapackage.json")], capture_output=True, text=True, timeout=600)
    assert ok.returncode == 0, ok.stdout[-3000:]
    # a report number that is not in reports.csv breaks the foreign key
    facts = (tmp_path / "facts.csv").read_text(encoding="utf-8-sig").split("\n")
    facts[1] = "999," + facts[1].split(",", 1)[1]
    (tmp_path / "facts.csv").write_text(BOM + "\n".join(facts), encoding="utf-8")
    bad = subprocess.run([str(exe), "validate", str(tmp_path / "datapackage.json")], capture_output=True, text=True, timeout=600)
    assert bad.returncode != 0 and "foreign" in bad.stdout.lower()


def test_workbook_has_chinese_headers_and_no_formula(one_job: dict[str, bytes], tmp_path: Path) -> None:
    path = tmp_path / "govreport.xlsx"
    path.write_bytes(one_job["govreport.xlsx"])
    wb = openpyxl.load_workbook(path)
    assert "报告一览" in wb.sheetnames and "2023 表三（2021 格式）" in wb.sheetnames
    ws = wb["报告一览"]
    rows = list(ws.iter_rows())
    assert [c.value for c in rows[0]][:3] == ["报告编号", "机关标识", "机关名称"]
    assert len(rows) == N + 1
    names = [r[2] for r in rows[1:]]
    assert any(c.value == "'=HYPERLINK(\"x\")局" and c.data_type == "s" for c in names)
    assert all(c.data_type != "f" for row in rows for c in row)
    sheet = wb["2023 表三（2021 格式）"]
    header = [c.value for c in next(sheet.iter_rows())]
    assert any(h and "自然人" in h for h in header)
    first = [c.value for c in list(sheet.iter_rows())[1]]
    assert any(isinstance(v, int) for v in first)  # numbers are numbers


def test_nothing_overwritten_without_force(docs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "data"
    assert cli_main(["data", str(docs), "-o", str(out)]) == 0
    before = tree(out)
    (out / "facts.csv").write_text("mine", encoding="utf-8")
    assert cli_main(["data", str(docs), "-o", str(out)]) == 4
    assert "--force" in capsys.readouterr().err
    assert (out / "facts.csv").read_text(encoding="utf-8") == "mine"
    assert cli_main(["data", str(docs), "-o", str(out), "--force"]) == 0
    assert tree(out) == before
    assert not [p for p in out.iterdir() if p.name.startswith(".govreport-")]  # no staging left behind


def test_no_report_leaves_no_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "note.md").write_text("# 说明\n", encoding="utf-8")
    assert cli_main(["data", str(empty), "-o", str(tmp_path / "out")]) == 2
    assert "没有找到任何报告" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_regions_exported_apart_then_merged_equal_one_export(docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The national path: ``govreport data`` per region, then one ``--merge``: byte for byte the
    files of one run over every report (each agency's years within one region)."""
    regions = {"east": ["agency-0000", "agency-0002"], "west": ["agency-0001"]}
    for region, agencies in regions.items():
        for a in agencies:
            shutil.copytree(docs / "reports" / a, tmp_path / "src" / region / a)
    monkeypatch.chdir(tmp_path)  # page names as typed: src/east/…, the same in every run
    for region in regions:
        assert cli_main(["data", f"src/{region}", "-o", f"out-{region}"]) == 0
    assert cli_main(["data", "src/east", "src/west", "-o", "all"]) == 0
    assert cli_main(["data", "--merge", "out-east", "out-west", "-o", "merged", "--jobs", "2"]) == 0
    assert tree(tmp_path / "merged") == tree(tmp_path / "all")
    assert cli_main(["data", "--merge", "out-east", "src", "-o", "bad"]) == 2  # not a download folder
