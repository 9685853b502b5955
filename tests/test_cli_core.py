"""(Restored from commit 62a5104, which a parallel commit overwrote in tests/test_cli.py.) The ``govreport`` command line: validate (exit codes, JSON findings), export (canonical JSON),
new (a ready-to-fill page that parses), schema.  In-process through ``cli.main`` for speed, plus
one real subprocess run of the console script."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from core_html import CORE_FIXTURES, EXAMPLE_SITE

from mkdocs_govreport import parse_page
from mkdocs_govreport.cli import main

CLEAN_2021 = (CORE_FIXTURES / "clean-2021.md").read_text(encoding="utf-8")
COLUMNS = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_clean_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "validate", str(CORE_FIXTURES / "clean-2021.md"), str(CORE_FIXTURES / "clean-2019.md"))
    assert code == 0, err
    assert "全部通过" in err


def test_validate_example_site_folder_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", str(EXAMPLE_SITE / "docs"))
    assert code == 0, out + err
    checked = re.search(r"检查了 (\d+) 份报告", err)
    assert checked and int(checked.group(1)) >= 8  # 西工区统计局 2021–2024, 西工区人民政府 2020–2023, …


def test_validate_findings_exit_1_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = CLEAN_2021.replace("partial: [58, 21, 3, 5, 8, 8, 103]", "partial: [58, 21, 3, 5, 8, 8, 104]")
    page = tmp_path / "2021.md"
    page.write_text(bad, encoding="utf-8")
    code, out, _err = run(capsys, "validate", str(page))
    assert code == 1
    assert "[R2]" in out and f"{page}:" in out

    code, out, _err = run(capsys, "validate", "--format", "json", str(page))
    assert code == 1
    findings = json.loads(out)
    assert findings and all({"file", "line", "rule", "severity", "pointer", "message"} <= set(f) for f in findings)
    r2 = [f for f in findings if f["rule"] == "R2"]
    assert r2 == [f for f in findings if f["pointer"] == "/applications/results/partial/total" and f["rule"] == "R2"]
    (f,) = r2
    line = next(i for i, t in enumerate(bad.split("\n"), 1) if "partial: [58" in t)
    assert (f["file"], f["line"], f["severity"]) == (str(page), line, "error")
    assert "104" in f["message"] and "103" in f["message"]


def test_validate_level_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "2021.md"
    page.write_text(CLEAN_2021.replace("published: 2022-03-28", "published: 2022-06-01"), encoding="utf-8")
    assert run(capsys, "validate", str(page))[0] == 1
    assert run(capsys, "validate", "--level", "W8=ignore", str(page))[0] == 0
    assert run(capsys, "validate", "--level", "W8=loud", str(page))[0] == 2


@pytest.mark.parametrize(
    "argv",
    [["validate", "/no/such/file.md"], ["validate"], ["frobnicate"], ["new", "--year", "2023"], []],
    ids=["missing-file", "no-path", "unknown-command", "new-without-agency", "nothing"],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, *argv)
    assert code == 2
    assert "Traceback" not in err


def test_export_canonical_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "export", "--format", "json", str(CORE_FIXTURES / "clean-2021.md"),
                          str(CORE_FIXTURES / "clean-2019.md"))
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == 2
    by_format = {d["format"]: d for d in data}
    r21, r19 = by_format["2021"], by_format["2019"]
    assert (r21["agency"], r21["agency_id"], r21["kind"], r21["year"]) == ("西工区人民政府", "xigong-gov", "government", 2021)
    apps = r21["applications"]
    # every table-三 row is a mapping of all 7 column keys, totals filled
    for row in (apps["new_received"], apps["results"]["granted"], apps["results"]["other"]["fee_unpaid"],
                apps["results"]["total"], apps["carried_forward"]):
        assert list(row) == COLUMNS
        assert row["total"] == sum(row[k] for k in COLUMNS[:-1])
    assert apps["results"]["granted"]["total"] == 56
    assert r21["review_litigation"]["review"] == {"upheld": 6, "corrected": 1, "other": 2, "pending": 2, "total": 11}
    assert r21["active"]["admin_fees"]["amount"] == "3980.52"
    assert r19["active"]["central_procurement"]["amount"] == "4166.241619"
    assert list(r19["applications"]["results"]["other"]) == COLUMNS  # 2019: one row
    # -o writes the same JSON
    target = tmp_path / "out.json"
    assert run(capsys, "export", str(CORE_FIXTURES / "clean-2021.md"), "-o", str(target))[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))[0] == r21


@pytest.mark.parametrize(("year", "fid"), [(2020, "2019"), (2024, "2021")])
def test_new_page_parses_clean(year: int, fid: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "new", "--agency", "西工区教育局", "--year", str(year))
    assert code == 0
    report = parse_page(out, "new.md")
    assert report is not None and report.format_id == fid
    # every cell is there (as 0), each with a Chinese comment beside it
    assert all(c.value == 0 for c in report.cells.values())
    assert "自然人" in out and "# " in out
    # a fresh template has placeholder prose only: no structural or arithmetic finding
    assert not [f for f in report.findings if f.rule in ("S", "R1", "R2", "R3", "R4", "W4", "W7", "W8")], report.findings
    page = tmp_path / "new.md"
    assert run(capsys, "new", "--agency", "西工区教育局", "--year", str(year), "-o", str(page))[0] == 0
    assert run(capsys, "new", "--agency", "西工区教育局", "--year", str(year), "-o", str(page))[0] == 2  # no overwrite
    code, _out, err = run(capsys, "validate", "--level", "W6=ignore", str(page))
    assert code == 0, err


def test_new_with_explicit_other_format_is_w4(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "new", "--agency", "西工区教育局", "--year", "2022", "--format", "2019")
    assert code == 0
    report = parse_page(out, "new.md")
    assert report is not None
    assert [f.rule for f in report.findings if f.rule in ("S", "W4")] == ["W4"]


def test_schema_check(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "schema", "--check", "--dir", str(EXAMPLE_SITE.parent / "schemas"))
    assert code == 0, err


def test_console_script(tmp_path: Path) -> None:
    # the console script of this interpreter's environment (not whatever `govreport` PATH finds)
    exe = shutil.which("govreport", path=str(Path(sys.executable).parent))
    assert exe, f"govreport 命令不在 {Path(sys.executable).parent}：本环境未安装本包（scripts/bootstrap）"
    proc = subprocess.run([exe, "validate", str(CORE_FIXTURES / "clean-2021.md")], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run([exe, "validate", str(tmp_path / "nope.md")], capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 2 and "找不到" in proc.stderr and "Traceback" not in proc.stderr
