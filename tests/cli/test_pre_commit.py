"""The pre-commit hook (``.pre-commit-hooks.yaml``): it runs ``govreport validate`` on the report
files of a commit, skips other files, passes a clean report and fails a broken one."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.helpers.paths import FIXTURES, ROOT

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300)


def test_pre_commit_hook_checks_reports_and_skips_other_files(tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "govreport-validate")
    assert hook["language"] == "python"
    assert hook["entry"].startswith("govreport validate")
    pattern = re.compile(hook["files"])
    assert pattern.search("docs/reports/2024.md") and pattern.search("2024.yaml") and pattern.search("a.yml")
    assert not pattern.search("script.py")

    docs = tmp_path / "docs"
    (docs / "reports").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - govreport\n", encoding="utf-8")
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    # a filled-in, clean report (a page fresh from `govreport new` is not: W8, W9)
    shutil.copyfile(FIXTURES / "core" / "clean-2023-department.md", docs / "reports" / "2023.md")
    entry = [sys.executable, "-m", "mkdocs_govreport", *shlex.split(hook["entry"])[1:]]
    files = ["mkdocs.yml", "docs/index.md", "docs/reports/2023.md"]
    proc = _run(entry + files, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    bad = docs / "reports" / "2023.md"
    text = bad.read_text(encoding="utf-8")
    bad.write_text(text.replace("new_received: [10, 5, 0, 0, 1, 0]", "new_received: [11, 5, 0, 0, 1, 0]", 1), encoding="utf-8")
    proc = _run(entry + files, tmp_path)
    assert proc.returncode == 1
    assert "[R1]" in proc.stdout
