"""Mistakes typed into the example site's report (``tests/helpers/battery.py``,
:data:`EXAMPLE_CASES`): ``govreport validate`` gives exit 1, a clear message at the right line, and
never a traceback."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.battery import EXAMPLE_CASES, EXAMPLE_EXTRA, write_example_cases

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    write_example_cases(folder)
    return folder


@pytest.mark.parametrize(
    "name",
    sorted(EXAMPLE_CASES) + sorted(EXAMPLE_EXTRA),
)
def test_validate_names_file_and_line(name: str, bad_dir: Path, govreport: Run) -> None:
    path = bad_dir / f"{name}.md"
    code, out, err = govreport("validate", str(path))
    text = out + err
    assert code == 1, text
    assert "Traceback" not in text
    line, fragment = EXAMPLE_CASES[name][2:] if name in EXAMPLE_CASES else EXAMPLE_EXTRA[name]
    assert fragment in text, text
    if line is not None:
        assert re.search(re.escape(f"{path}:{line}") + r"\b", text), text
