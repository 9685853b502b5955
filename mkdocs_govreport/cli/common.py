"""What every ``govreport`` command shares: exit codes, usage errors, finding the files."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..core.findings import LEVELS, Finding
from ..core.report import Report
from ..pipeline import read_report_file
from ..registry import FORMATS, RULES

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_REFUSED = 0, 1, 2, 3
#: Report files a folder is searched for.
REPORT_SUFFIXES = (".md", ".markdown", ".yaml", ".yml")


class UsageError(Exception):
    """Bad arguments, or a file or folder that is not there: exit 2 with the message."""


def iter_paths(paths: Sequence[str], suffixes: Sequence[str]) -> Iterator[tuple[Path, Path | None]]:
    """(file, the folder it was found in — None for a file named directly): files named, and
    files with one of ``suffixes`` under folders named (sorted, stable, hidden ones skipped)."""
    for name in paths:
        p = Path(name)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                rel = child.relative_to(p)
                if child.is_file() and child.suffix.lower() in suffixes and not any(part.startswith(".") for part in rel.parts):
                    yield child, p
        elif p.is_file():
            yield p, None
        else:
            raise UsageError(f"找不到文件或文件夹：{name}")


def collect(paths: Sequence[str], *, explicit: bool = True) -> list[Report]:
    """Read and check every report under ``paths``.  Pages without report data are skipped,
    except files named explicitly, which must be reports."""
    reports: list[Report] = []
    named = {Path(p) for p in paths if Path(p).is_file()}
    for path, _root in iter_paths(paths, REPORT_SUFFIXES):
        if path.suffix.lower() in (".yaml", ".yml") and path not in named:
            # a data file referenced by a page is read through that page
            continue
        if not explicit and path.suffix.lower() in (".yaml", ".yml") and not _looks_like_report_data(path):
            # pre-commit passes every changed .yaml (mkdocs.yml, CI files): only report data is checked
            continue
        report = read_report_file(path, str(path))
        if report is None:
            if explicit and path in named:
                finding = Finding("S", "此页面没有 govreport 报告数据（页首 front matter 中没有 govreport: 键）", str(path), 1)
                reports.append(Report.unreadable(str(path), [finding], readable=True))
            continue
        reports.append(report)
    return reports


def _looks_like_report_data(path: Path) -> bool:
    """A bare YAML file holding report data has one of the report's top-level keys."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True  # let the reader report the problem
    return _REPORT_DATA_KEY.search(text) is not None


def _report_data_key() -> re.Pattern[str]:
    keys = ["agency", *dict.fromkeys(k for f in FORMATS.values() for k in f.table_keys)]
    return re.compile(rf"^({'|'.join(keys)})\s*:", re.MULTILINE)


_REPORT_DATA_KEY = _report_data_key()


def parse_levels(values: Sequence[str]) -> dict[str, str]:
    """``--level W8=warn`` options as ``{rule: level}``."""
    levels: dict[str, str] = {}
    for item in values:
        rule, _, level = item.partition("=")
        if rule not in RULES or level not in LEVELS:
            raise UsageError(f"--level 应写成 规则=级别，如 W8=warn（级别：error、warn、ignore），实际为“{item}”")
        levels[rule] = level
    return levels
