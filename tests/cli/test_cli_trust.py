"""The command line never loses a file and never passes silently (issue 13): outputs written
whole or not at all, never over an input or an existing file without --force; one file checked
against its sibling years; skipped files counted; refusals with their own exit codes."""

from __future__ import annotations

import json
import os
import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_govreport.cli import EXIT_FINDINGS, EXIT_OK, EXIT_OUTPUT, EXIT_USAGE, main
from tests.helpers.paths import EXAMPLE, FIXTURES

STATS = EXAMPLE / "docs" / "reports" / "xigong-stats"


def _copy_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(EXAMPLE, site, ignore=shutil.ignore_patterns("site", "site-*"))
    return site


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------------------------------
# Outputs


def test_export_never_overwrites_its_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "r.md"
    shutil.copy(STATS / "2024.md", page)
    before = page.read_bytes()
    for extra in ([], ["--force"]):
        assert main(["export", str(page), "-o", str(page), *extra]) == EXIT_OUTPUT
        assert page.read_bytes() == before
    assert "输入文件" in capsys.readouterr().err


def test_outputs_are_never_overwritten_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out.write_text("keep", encoding="utf-8")
    assert main(["export", str(STATS), "-o", str(out)]) == EXIT_OUTPUT
    assert out.read_text(encoding="utf-8") == "keep"
    assert main(["export", str(STATS), "-o", str(out), "--force"]) == EXIT_OK
    assert json.loads(out.read_text(encoding="utf-8"))
    new = tmp_path / "new.md"
    new.write_text("keep", encoding="utf-8")
    assert main(["new", "--agency", "某局", "--year", "2024", "-o", str(new)]) == EXIT_OUTPUT
    assert new.read_text(encoding="utf-8") == "keep"


def test_an_output_that_cannot_be_written_leaves_nothing_behind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    for args in (
        ["export", str(STATS), "-o", str(blocker / "out.json")],
        ["new", "--agency", "某局", "--year", "2024", "-o", str(blocker / "new.md")],
        ["schema", "--write", "--dir", str(blocker)],
    ):
        assert main(args) == EXIT_OUTPUT, args
    err = capsys.readouterr().err
    assert "Traceback" not in err and "无法创建输出文件夹" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_outputs_are_not_written_through_a_symbolic_link(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.json"
    link = tmp_path / "out.json"
    link.symlink_to(target)  # dangling
    assert main(["export", str(STATS), "-o", str(link), "--force"]) == EXIT_OUTPUT
    assert not target.exists()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "a-txt", "a-md", "a-text"]), st.sampled_from([".txt", ".text", ".md"]), st.sampled_from(["d1", "d2", "d1/sub"])), min_size=2, max_size=6, unique=True))
def test_an_import_never_maps_two_sources_to_one_output(tmp_path_factory: pytest.TempPathFactory, names: list[tuple[str, str, str]]) -> None:
    base = tmp_path_factory.mktemp("imp")
    text = (FIXTURES / "import" / "dongfeng-2022-tsv.txt").read_text(encoding="utf-8")  # an importable report, in the repository
    for stem, suffix, folder in names:
        (base / folder).mkdir(parents=True, exist_ok=True)
        (base / folder / f"{stem}{suffix}").write_text(text, encoding="utf-8")
    sources = _snapshot(base)
    out = base / "out"
    # the folders that exist (all the sources may be in one of them)
    main(["import", *[str(base / d) for d in ("d1", "d2") if (base / d).exists()], "-o", str(out), "-q"])
    written = _snapshot(out) if out.exists() else {}
    n_sources = sum(1 for k in sources)
    assert len(written) == n_sources  # one output per source, none lost to a collision
    assert {k: v for k, v in _snapshot(base).items() if not k.startswith("out")} == sources  # no source touched


# ---------------------------------------------------------------------------------------
# validate


def test_one_file_is_checked_against_its_sibling_years(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = _copy_site(tmp_path)
    page = site / "docs" / "reports" / "xigong-stats" / "2024.md"
    text = page.read_text(encoding="utf-8")
    # break the carry-over from 2023 (W2 needs the 2023 report, which is not named)
    broken = text.replace(
        "  applications: zero\n",
        "  applications:\n    new_received: zero\n    carried_over: [7, 0, 0, 0, 0, 0]\n    results: zero\n    carried_forward: zero\n",
        1,
    )
    if broken == text:
        pytest.fail("the example report changed: adapt the test to break W2")
    page.write_text(broken, encoding="utf-8")
    code = main(["validate", str(page), "--level", "R1=ignore", "--level", "R3=ignore"])
    captured = capsys.readouterr()
    assert code == EXIT_FINDINGS and "[W2]" in captured.out
    assert "同一站点" in captured.err and "mkdocs.yml" in captured.err
    # without a site around it: its own folder, and the summary says so
    lone = tmp_path / "lone"
    shutil.copytree(site / "docs" / "reports" / "xigong-stats", lone)
    assert main(["validate", str(lone / "2024.md"), "--level", "R1=ignore", "--level", "R3=ignore"]) == EXIT_FINDINGS
    captured = capsys.readouterr()
    assert "[W2]" in captured.out and "同一文件夹" in captured.err


def test_skipped_files_are_counted_and_an_empty_folder_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "index.md").write_text("# 首页\n", encoding="utf-8")
    assert main(["validate", str(folder)]) == EXIT_USAGE
    assert "没有找到报告" in capsys.readouterr().err
    shutil.copy(STATS / "2024.md", folder / "2024.md")
    assert main(["validate", str(folder)]) == EXIT_OK
    assert "1 个文件不是报告" in capsys.readouterr().err


def test_a_mistyped_key_is_not_a_silent_pass(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(STATS / "2024.md", folder / "2024.md")
    (folder / "2023.md").write_text((STATS / "2023.md").read_text(encoding="utf-8").replace("govreport:", "govreprot:", 1), encoding="utf-8")
    assert main(["validate", str(folder)]) == EXIT_FINDINGS
    out = capsys.readouterr()
    assert "govreprot" in out.out and "检查了 2 份报告" in out.err


def test_the_same_file_twice_is_one_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "2024.md"
    shutil.copy(STATS / "2024.md", page)
    assert main(["validate", str(page), str(tmp_path / "." / "2024.md"), str(tmp_path)]) == EXIT_OK
    assert "检查了 1 份报告" in capsys.readouterr().err


def test_a_fifo_is_not_a_regular_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    assert main(["validate", str(fifo)]) == EXIT_USAGE
    assert "不是普通文件" in capsys.readouterr().err


def test_a_file_name_that_is_not_utf8_does_not_break_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name = os.fsdecode(b"\xb1\xa8\xb8\xe6.md")  # GBK bytes of 报告, as some Windows zip tools leave them
    page = tmp_path / name
    page.write_text((STATS / "2024.md").read_text(encoding="utf-8").replace("2025-01-", "2025-03-"), encoding="utf-8")
    assert main(["validate", "--format", "json", str(page)]) == EXIT_FINDINGS
    out = capsys.readouterr().out
    data = json.loads(out.encode("utf-8"))
    assert data and "\ufffd" in data[0]["file"]


@pytest.mark.parametrize(("args", "text"), [(["--year", "0"], "--year 0"), (["--agency", " "], "--agency"), (["--year", "2017"], "2019")])
def test_import_refuses_options_that_cannot_be_true(tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], text: str) -> None:
    src = tmp_path / "r.txt"
    src.write_text("x", encoding="utf-8")
    assert main(["import", str(src), *args]) == EXIT_USAGE
    assert text in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.txt"]


def test_export_docx_without_output_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(STATS / "2024.md"), "--format", "docx"]) == EXIT_USAGE
    assert "-o" in capsys.readouterr().err


def test_a_new_page_is_written_whole(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "new.md"
    assert main(["new", "--agency", textwrap.dedent("某局 #二分局"), "--year", "2024", "-o", str(out)]) == EXIT_OK
    assert '"某局 #二分局"' in out.read_text(encoding="utf-8")
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)  # an ordinary file, not a private temporary one


def test_jobs_give_byte_identical_results(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--jobs 2 for validate and import: the same output as one process, in the same order."""
    assert main(["validate", "--format", "json", str(EXAMPLE / "docs")]) == EXIT_OK
    one = capsys.readouterr().out
    assert main(["validate", "--format", "json", "--jobs", "2", str(EXAMPLE / "docs")]) == EXIT_OK
    assert capsys.readouterr().out == one
    src = tmp_path / "src"
    src.mkdir()
    for name, fixture in (("a", "dongfeng-2022-tsv.txt"), ("b", "beichen-2024-pdftext.txt"), ("c", "dongfeng-2022-tsv.txt")):
        shutil.copy(FIXTURES / "import" / fixture, src / f"{name}.txt")
    main(["import", str(src), "-o", str(tmp_path / "one"), "-q"])
    main(["import", str(src), "-o", str(tmp_path / "two"), "-q", "--jobs", "2"])
    assert _snapshot(tmp_path / "one") == _snapshot(tmp_path / "two") and len(_snapshot(tmp_path / "one")) == 3
