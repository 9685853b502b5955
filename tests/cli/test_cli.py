"""The ``govreport`` command line: validate (exit codes, text and JSON findings, levels), export
(canonical JSON), new (a ready-to-fill page that parses), schema, data (usage errors).  In-process
through ``cli.main`` for speed, plus real subprocess runs of ``python -m mkdocs_govreport`` and of
the installed console script.

The reports: the clean fixtures of ``tests/fixtures/core``, the real published report
``tests/fixtures/real/pingtan-2025.md`` and the example site.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from mkdocs_govreport import parse_page
from mkdocs_govreport.cli import EXIT_OUTPUT, build_parser
from mkdocs_govreport.registry import FORMATS
from tests.helpers.paths import EXAMPLE, FIXTURES, SCHEMAS

Run = Callable[..., tuple[int, str, str]]

PINGTAN = FIXTURES / "real" / "pingtan-2025.md"
CLEAN_2021 = FIXTURES / "core" / "clean-2021.md"
CLEAN_2019 = FIXTURES / "core" / "clean-2019.md"
COLUMNS = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total"]

#: A report with one mistake: (source, old, new, rule, pointer, the line's text, both numbers).
MISTAKES = [
    pytest.param(
        PINGTAN, "review: {upheld: 25, corrected: 3, other: 8, pending: 0, total: 36}",
        "review: {upheld: 25, corrected: 3, other: 8, pending: 0, total: 35}",
        "R4", "/review_litigation/review/total", "total: 35", ("35", "36"),
        id="review-total",
    ),
    pytest.param(
        CLEAN_2021, "partial: [58, 21, 3, 5, 8, 8, 103]", "partial: [58, 21, 3, 5, 8, 8, 104]",
        "R2", "/applications/results/partial/total", "partial: [58", ("104", "103"),
        id="row-total",
    ),
]


def _broken(tmp_path: Path, source: Path, old: str, new: str, name: str = "bad.md") -> Path:
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1
    page = tmp_path / name
    page.write_text(text.replace(old, new), encoding="utf-8")
    return page


def test_python_m_exit_codes(tmp_path: Path) -> None:
    exe = [sys.executable, "-m", "mkdocs_govreport"]
    ok = subprocess.run([*exe, "validate", str(PINGTAN)], capture_output=True, text=True, timeout=120)
    assert ok.returncode == 0, ok.stderr
    bad_page = _broken(tmp_path, PINGTAN, "pending: 0, total: 36}", "pending: 0, total: 35}")
    bad = subprocess.run([*exe, "validate", str(bad_page)], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1
    assert "[R4]" in bad.stdout and "bad.md:" in bad.stdout and "35" in bad.stdout and "36" in bad.stdout
    usage = subprocess.run([*exe, "validate"], capture_output=True, text=True, timeout=120)
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr + bad.stderr


def test_console_script(tmp_path: Path, venv_tool: Callable[[str], str]) -> None:
    """The ``govreport`` command installed in this environment (never whatever PATH finds)."""
    exe = venv_tool("govreport")
    proc = subprocess.run([exe, "validate", str(CLEAN_2021)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run([exe, "validate", str(tmp_path / "nope.md")], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "找不到" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "no-such-folder/no-such-file.md"],
        ["validate"],
        ["validate", "--level", "W8=loud", str(PINGTAN)],
        ["validate", "--level", "W8=loud", str(CLEAN_2021)],
        ["frobnicate"],
        ["new", "--year", "2023"],
        ["data", "no-such-folder", "-o", "no-such-folder/out"],
        [],
    ],
    ids=["missing-file", "no-path", "bad-level", "bad-level-2", "unknown-command", "new-without-agency", "data-missing-folder", "nothing"],
)
def test_usage_errors_exit_2(argv: list[str], govreport: Run) -> None:
    code, _out, err = govreport(*argv)
    assert code == 2
    assert "Traceback" not in err


def test_missing_file_is_named(govreport: Run, tmp_path: Path) -> None:
    code, _out, err = govreport("validate", str(tmp_path / "nope.md"))
    assert code == 2 and "找不到" in err


def test_validate_clean_exits_0(govreport: Run) -> None:
    code, _out, err = govreport("validate", str(CLEAN_2021), str(CLEAN_2019), str(PINGTAN))
    assert code == 0, err
    assert "全部通过" in err


def test_validate_example_site_folder_exits_0(govreport: Run) -> None:
    code, out, err = govreport("validate", str(EXAMPLE / "docs"))
    assert code == 0, out + err
    checked = re.search(r"检查了 (\d+) 份报告", err)
    assert checked and int(checked.group(1)) >= 8  # 西工区统计局 2021–2024, 西工区人民政府 2019–2024, …


@pytest.mark.parametrize(("source", "old", "new", "rule", "pointer", "line_text", "numbers"), MISTAKES)
def test_validate_findings_exit_1_text_and_json(
    govreport: Run, tmp_path: Path, source: Path, old: str, new: str, rule: str, pointer: str, line_text: str,
    numbers: tuple[str, str],
) -> None:
    page = _broken(tmp_path, source, old, new, "2021.md")
    code, out, _err = govreport("validate", str(page))
    assert code == 1
    assert f"[{rule}]" in out and f"{page}:" in out

    code, out, _err = govreport("validate", "--format", "json", str(page))
    assert code == 1
    findings = json.loads(out)
    assert findings and all({"file", "line", "rule", "severity", "pointer", "message"} <= set(f) for f in findings)
    (f,) = [x for x in findings if x["rule"] == rule]
    assert f["pointer"] == pointer
    assert (f["file"], f["severity"]) == (str(page), "error")
    assert line_text in page.read_text(encoding="utf-8").splitlines()[f["line"] - 1]
    assert all(n in f["message"] for n in numbers)
    # the clean original: no finding at all, as JSON too
    code, out, _err = govreport("validate", "--format", "json", str(source))
    assert code == 0 and json.loads(out) == []


@pytest.mark.parametrize(
    ("source", "old", "new"),
    [
        (PINGTAN, "published: 2026-03-10", "published: 2026-05-01"),
        (CLEAN_2021, "published: 2022-03-28", "published: 2022-06-01"),
    ],
    ids=["pingtan", "clean"],
)
def test_validate_level_option(govreport: Run, tmp_path: Path, source: Path, old: str, new: str) -> None:
    late = _broken(tmp_path, source, old, new, "late.md")
    assert govreport("validate", str(late))[0] == 1
    assert govreport("validate", "--level", "W8=ignore", str(late))[0] == 0
    assert govreport("validate", "--level", "W8=loud", str(late))[0] == 2


def test_export_example_and_real_reports(govreport: Run) -> None:
    files = [EXAMPLE / "docs/reports/xigong-gov/2020.md", EXAMPLE / "docs/reports/xigong-gov/2024.md", PINGTAN]
    code, out, err = govreport("export", "--format", "json", *map(str, files))
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == 3
    for item in data:
        fmt = FORMATS[item["format"]]
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


def test_export_canonical_shape(govreport: Run, tmp_path: Path) -> None:
    code, out, _err = govreport("export", "--format", "json", str(CLEAN_2021), str(CLEAN_2019))
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
    assert govreport("export", str(CLEAN_2021), "-o", str(target))[0] == 0
    assert json.loads(target.read_text(encoding="utf-8"))[0] == r21


def test_export_keeps_missing_as_null(govreport: Run, tmp_path: Path) -> None:
    page = _broken(tmp_path, PINGTAN, "penalty: {decisions: 644}", "penalty: {}", "blank.md")
    _code, out, _ = govreport("export", str(page))
    (item,) = json.loads(out)
    assert item["active"]["penalty"]["decisions"] is None


@pytest.mark.parametrize(
    ("year", "fid", "explicit"),
    [(2024, "2021", False), (2020, "2019", False), (2022, "2019", True)],
    ids=["2024", "2020", "2022-in-the-2019-format"],
)
def test_new_page_parses_clean(govreport: Run, tmp_path: Path, year: int, fid: str, explicit: bool) -> None:
    args = ["new", "--agency", "西工区教育局", "--year", str(year)] + (["--format", fid] if explicit else [])
    code, out, _err = govreport(*args)
    assert code == 0
    report = parse_page(out, "new.md")
    assert report is not None and report.format_id == fid
    # every cell is there (as 0), each with a Chinese comment beside it
    assert set(report.cells) == set(FORMATS[fid].pointers)
    assert all(c.value == 0 for c in report.cells.values())
    assert "自然人" in out and "# " in out and out.count("#") > 30
    # a fresh template has placeholder prose and no publication date, and says so (W9, W8): it
    # never passes unfilled; but no structural or arithmetic finding; a format other than the
    # year's is W4, once
    expected = {"W8", "W9"} | ({"W4"} if explicit else set())
    rules = {f.rule for f in report.findings}
    assert expected <= rules <= expected | {"T6"}, [(f.rule, f.message) for f in report.findings]
    assert [f.rule for f in report.findings if f.rule in ("S", "R1", "R2", "R3", "R4", "W4", "W7")] == (
        ["W4"] if explicit else []
    )
    # -o writes the file and refuses to overwrite it without --force (exit 4: output not written)
    page = tmp_path / "x" / "new.md"
    assert govreport(*args, "-o", str(page))[0] == 0 and page.read_text(encoding="utf-8") == out
    page.write_text(out + "\n本局补充的内容。\n", encoding="utf-8")
    code, _out, err = govreport(*args, "-o", str(page))
    assert code == EXIT_OUTPUT and "--force" in err
    assert page.read_text(encoding="utf-8").endswith("本局补充的内容。\n")  # untouched
    assert govreport(*args, "-o", str(page), "--force")[0] == 0 and page.read_text(encoding="utf-8") == out
    assert govreport("validate", str(page))[0] == 1
    levels = [arg for rule in ("W4", "W6", "W8", "W9") for arg in ("--level", f"{rule}=ignore")]
    code, out, err = govreport("validate", *levels, str(page))
    assert code == 0, out + err


def test_new_refuses_pre_2019(govreport: Run) -> None:
    code, _out, err = govreport("new", "--agency", "某局", "--year", "2018")
    assert code == 2 and "2019" in err


def test_schema_check(govreport: Run) -> None:
    code, _out, err = govreport("schema", "--check", "--dir", str(SCHEMAS))
    assert code == 0, err


def test_data_usage_errors(govreport: Run, tmp_path: Path) -> None:
    code, _out, err = govreport("data", str(tmp_path / "nowhere"), "-o", str(tmp_path / "o"))
    assert code == 2 and "找不到" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _out, err = govreport("data", str(empty), "-o", str(tmp_path / "o"))
    assert code == 2 and "没有找到任何报告" in err


def test_validate_skip_non_reports_still_reads_report_data_files(tmp_path: Path) -> None:
    data = tmp_path / "2024.yaml"
    data.write_text("agency: 西工区统计局\nyear: 2024\nactive: zero\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs_govreport", "validate", "--skip-non-reports", str(data)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert proc.returncode == 1  # incomplete data is reported, not skipped
    assert "[S]" in proc.stdout


def test_parser_has_the_documented_commands() -> None:
    """The getting-started page uses these commands; the parser must still have them."""
    parser = build_parser()
    args = parser.parse_args(["new", "--agency", "x", "--year", "2024", "-o", "docs/reports/2024.md"])
    assert args.command == "new"
