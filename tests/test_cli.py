"""The command line: ``govreport validate`` (exit codes, JSON findings), ``govreport export``
(canonical JSON) and ``govreport new`` (a ready-to-fill page that parses clean)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE, FIXTURES

from mkdocs_govreport import parse_page
from mkdocs_govreport.cli import main
from mkdocs_govreport.registry import FORMATS

PINGTAN = FIXTURES / "real" / "pingtan-2025.md"
COLUMNS = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _bad(tmp_path: Path) -> Path:
    p = tmp_path / "bad.md"
    p.write_text(
        PINGTAN.read_text(encoding="utf-8").replace(
            "review: {upheld: 25, corrected: 3, other: 8, pending: 0, total: 36}",
            "review: {upheld: 25, corrected: 3, other: 8, pending: 0, total: 35}",
        ),
        encoding="utf-8",
    )
    return p


def test_validate_exit_codes_via_console_script(tmp_path: Path) -> None:
    exe = [sys.executable, "-m", "mkdocs_govreport"]
    ok = subprocess.run([*exe, "validate", str(PINGTAN)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run([*exe, "validate", str(_bad(tmp_path))], capture_output=True, text=True)
    assert bad.returncode == 1
    assert "[R4]" in bad.stdout and "bad.md:" in bad.stdout and "35" in bad.stdout and "36" in bad.stdout
    usage = subprocess.run([*exe, "validate"], capture_output=True, text=True)
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr + bad.stderr


def test_validate_usage_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "validate", str(tmp_path / "nope.md"))[0] == 2
    assert run(capsys, "validate", "--level", "W8=loud", str(PINGTAN))[0] == 2
    assert run(capsys, "frobnicate")[0] == 2


def test_validate_folder_and_levels(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _out, err = run(capsys, "validate", str(EXAMPLE / "docs"))
    assert code == 0, err
    late = tmp_path / "late.md"
    late.write_text(PINGTAN.read_text(encoding="utf-8").replace("published: 2026-03-10", "published: 2026-05-01"), encoding="utf-8")
    assert run(capsys, "validate", str(late))[0] == 1
    assert run(capsys, "validate", "--level", "W8=ignore", str(late))[0] == 0


def test_validate_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = _bad(tmp_path)
    code, out, _err = run(capsys, "validate", "--format", "json", str(bad))
    assert code == 1
    items = json.loads(out)
    r4 = [x for x in items if x["rule"] == "R4"]
    assert len(r4) == 1
    f = r4[0]
    assert {"file", "line", "rule", "severity", "pointer", "message"} <= set(f)
    assert f["file"].endswith("bad.md")
    assert f["pointer"] == "/review_litigation/review/total"
    assert f["severity"] == "error"
    text = bad.read_text(encoding="utf-8").splitlines()
    assert "total: 35" in text[f["line"] - 1]
    assert "35" in f["message"] and "36" in f["message"]
    code, out, _ = run(capsys, "validate", "--format", "json", str(PINGTAN))
    assert code == 0 and json.loads(out) == []


def test_export_canonical(capsys: pytest.CaptureFixture[str]) -> None:
    files = [EXAMPLE / "docs/reports/xigong-gov/2020.md", EXAMPLE / "docs/reports/xigong-gov/2024.md", PINGTAN]
    code, out, err = run(capsys, "export", "--format", "json", *map(str, files))
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == 3
    for item in data:
        fid = item["format"]
        assert fid in FORMATS
        fmt = FORMATS[fid]
        apps = item["applications"]
        for table, record, field in fmt.all_cells:
            node = item[table.key]
            for k in record.path:
                node = node[k]
            assert isinstance(node, dict), (record.key, node)
            value = node[field.key]
            if field.kind == "amount":
                assert isinstance(value, str)
            else:
                assert isinstance(value, int), (record.key, field.key, value)
        assert list(apps["new_received"]) == COLUMNS
        assert list(apps["results"]["granted"]) == COLUMNS
    gov2020, gov2024, pingtan = data
    assert gov2020["active"]["central_procurement"]["amount"] == "4166.241619"
    assert gov2020["active"]["licensing"]["change"] == -8
    assert gov2020["applications"]["results"]["total"]["total"] == 347
    assert gov2024["year"] == 2024 and gov2024["review_litigation"]["review"]["total"] == 8  # computed
    assert pingtan["active"]["admin_fees"]["amount"] == "4166.241619"
    assert pingtan["applications"]["carried_forward"] == dict(zip(COLUMNS, [4, 2, 0, 0, 0, 0, 6], strict=True))


def test_export_keeps_missing_as_null(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    p = tmp_path / "blank.md"
    p.write_text(PINGTAN.read_text(encoding="utf-8").replace("penalty: {decisions: 644}", "penalty: {}"), encoding="utf-8")
    _code, out, _ = run(capsys, "export", str(p))
    (item,) = json.loads(out)
    assert item["active"]["penalty"]["decisions"] is None


@pytest.mark.parametrize(("year", "fid"), [(2024, "2021"), (2020, "2019"), (2022, "2019")])
def test_new_page_is_clean(capsys: pytest.CaptureFixture[str], tmp_path: Path, year: int, fid: str) -> None:
    args = ["new", "--agency", "西工区测试局", "--year", str(year)]
    if year == 2022:
        args += ["--format", fid]
    code, out, _ = run(capsys, *args)
    assert code == 0
    r = parse_page(out, "new.md")
    assert r is not None and r.format_id == fid
    rules = {f.rule for f in r.findings}
    expected = {"W4"} if year == 2022 else set()
    assert rules <= expected | {"T6"}, [(f.rule, f.message) for f in r.findings]
    assert set(r.cells) == set(FORMATS[fid].pointers)
    assert all(c.value == 0 for c in r.cells.values())
    # every data key written out, each line commented in Chinese
    assert out.count("#") > 30
    # -o writes a file and refuses to overwrite without --force
    target = tmp_path / "x" / "new.md"
    assert run(capsys, *args, "-o", str(target))[0] == 0 and target.read_text(encoding="utf-8") == out
    assert run(capsys, *args, "-o", str(target))[0] == 2


def test_new_refuses_pre_2019(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "new", "--agency", "某局", "--year", "2018")
    assert code == 2 and "2019" in err
