"""The bad-input battery through ``govreport validate``: every page of ``tests/fixtures/bad`` (one
mistake each, typed into a report that otherwise passes every check) gives exit 1 with a message
at the exact file and line, and never a traceback.  The battery and its expectations:
``tests/helpers/battery.py``; the same pages in a built site: ``tests/builds/test_bad_input_site.py``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.battery import BAD, CASES, copy_battery, lines_at

Run = Callable[..., tuple[int, str, str]]
Battery = tuple[Path, dict[str, tuple[int, str, str]]]


@pytest.fixture(scope="module")
def battery(tmp_path_factory: pytest.TempPathFactory) -> Battery:
    folder = tmp_path_factory.mktemp("bad")
    return folder, copy_battery(folder)


def test_every_fixture_page_has_an_expectation() -> None:
    pages = {p.stem for p in BAD.glob("*.md")} - {"base"}
    assert pages == set(CASES)


def alone(name: str, folder: Path) -> Path:
    """A copy of one battery page in a folder of its own (``validate`` compares a page with the
    other reports of its folder, and every page of the battery is the same agency and year)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(BAD / name, folder / name)
    return folder / name


def test_the_base_page_passes(govreport: Run, tmp_path: Path) -> None:
    """The control: without the typed-in mistake the page passes (so each failure is the mistake's)."""
    code, out, err = govreport("validate", str(alone("base.md", tmp_path)))
    assert code == 0, out + err


@pytest.mark.parametrize(
    "name",
    [*sorted(CASES), "huge_file", "huge_front_matter", "huge_data_file"],
)
def test_validate_names_file_and_line(name: str, battery: Battery, govreport: Run) -> None:
    folder, cases = battery
    line, fragment, file = cases[name]
    code, out, err = govreport("validate", str(folder / f"{name}.md"))
    text = out + err
    assert code == 1, text
    assert "Traceback" not in text
    at = lines_at(out, file, line)
    assert any(fragment in ln for ln in at), f"expected “{fragment}” at {file}:{line}\n{text}"


def test_python_m_validate_on_the_whole_battery(battery: Battery) -> None:
    """One real process over the folder: exit 1, every page named, nothing on stderr but the summary."""
    folder, cases = battery
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_govreport", "validate", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.strip().startswith("检查了"), result.stderr[-2000:]
    missed = [name for name, (line, fragment, file) in cases.items() if not any(fragment in ln for ln in lines_at(result.stdout, file, line))]
    assert missed == [], missed


def test_json_output_carries_file_line_and_pointer(govreport: Run, tmp_path: Path) -> None:
    code, out, _err = govreport("validate", "--format", "json", str(alone("octal.md", tmp_path)))
    assert code == 1
    items = json.loads(out)
    hit = [i for i in items if i["rule"] == "S"]
    assert hit and hit[0]["line"] == 12 and hit[0]["column"] == 22
    assert hit[0]["pointer"] == "/review_litigation/review/upheld"
