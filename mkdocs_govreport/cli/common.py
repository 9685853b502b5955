"""What every ``govreport`` command shares: exit codes, usage errors, finding the files."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..core.files import write_atomic
from ..core.findings import LEVELS, Finding
from ..core.report import Report
from ..exports import spool
from ..pipeline import read_report_file
from ..registry import FORMATS, RULES
from .parallel import parallel_map

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_REFUSED, EXIT_OUTPUT = 0, 1, 2, 3, 4
#: Report files a folder is searched for.
REPORT_SUFFIXES = (".md", ".markdown", ".yaml", ".yml")


class UsageError(Exception):
    """Bad arguments, or a file or folder that is not there: exit 2 with the message."""


class OutputError(Exception):
    """An output that cannot or must not be written (it exists, it is an input, its folder
    cannot be made…): exit 4 with the message; nothing half-written is left behind."""


def check_output(target: Path, *, force: bool, inputs: Sequence[Path] = ()) -> None:
    """Refuse to write ``target`` over one of the command's own inputs (ever), over an existing
    file without ``--force``, through a symbolic link, or where it cannot be a file."""
    shown = display_name(target)
    resolved = target.resolve()
    if any(resolved == p.resolve() for p in inputs):
        raise OutputError(f"输出文件 {shown} 就是本命令读取的输入文件：不会覆盖输入，请换一个输出文件名")
    if target.is_symlink():
        raise OutputError(f"输出路径 {shown} 是一个符号链接：为安全起见不会通过链接写入，请写到普通路径")
    if target.is_dir():
        raise OutputError(f"输出路径 {shown} 是一个文件夹，应为文件")
    if target.exists() and not force:
        raise OutputError(f"文件已存在：{shown}（确认要覆盖时加 --force）")


_ERRNO_ZH = {
    errno.ENOENT: "路径不存在",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EEXIST: "已有同名的文件（不是文件夹）",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOSPC: "磁盘空间不足",
    errno.EROFS: "只读的文件系统",
    errno.ENAMETOOLONG: "文件名过长",
}


def os_error_text(exc: OSError) -> str:
    """An operating-system error in Chinese (the English strerror as a fallback)."""
    return _ERRNO_ZH.get(exc.errno or 0, exc.strerror or str(exc))


def write_output(target: Path, content: str | bytes, *, force: bool, inputs: Sequence[Path] = ()) -> None:
    """Write a whole file or nothing: into a temporary file beside it, then renamed over it."""
    check_output(target, force=force, inputs=inputs)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法创建输出文件夹 {display_name(target.parent)}：{os_error_text(exc)}") from exc
    try:
        write_atomic(target, content.encode("utf-8") if isinstance(content, str) else content)
    except OSError as exc:
        raise OutputError(f"无法写入 {display_name(target)}：{os_error_text(exc)}") from exc


def display_name(path: Path | str) -> str:
    """A path as printed: a file name that is not valid UTF-8 (left by some Windows zip tools)
    shows with replacement characters instead of breaking the output."""
    return os.fsencode(str(path)).decode("utf-8", "replace")


def iter_paths(paths: Sequence[str], suffixes: Sequence[str]) -> Iterator[tuple[Path, Path | None]]:
    """(file, the folder it was found in — None for a file named directly): files named, and
    files with one of ``suffixes`` under folders named (sorted, stable, hidden ones skipped).
    A file named twice, or found twice, is taken once."""
    seen: set[Path] = set()

    def first(p: Path) -> bool:
        key = p.resolve()
        if key in seen:
            return False
        seen.add(key)
        return True

    for name in paths:
        p = Path(name)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                rel = child.relative_to(p)
                hidden = any(part.startswith(".") for part in rel.parts)
                if child.is_file() and child.suffix.lower() in suffixes and not hidden and first(child):
                    yield child, p
        elif p.is_file():
            if first(p):
                yield p, None
        elif p.exists():
            raise UsageError(f"不是普通文件：{display_name(name)}（只能处理普通文件或文件夹，不能是管道、设备等）")
        else:
            raise UsageError(f"找不到文件或文件夹：{display_name(name)}")


@dataclass
class Collected:
    """The reports under some paths, and the files looked at that hold no report."""

    reports: list[Report] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


def _read(path: Path) -> bytes | None:
    """One file read and checked, in a worker of ``--jobs`` (the report travels as bytes)."""
    report = read_report_file(path, display_name(path))
    return None if report is None else spool.dumps(report)


def collect(paths: Sequence[str], *, explicit: bool = True, jobs: int = 1) -> Collected:
    """Read and check every report under ``paths`` (in ``jobs`` processes; same result, same
    order).  Pages without report data are skipped (and counted), except files named
    explicitly, which must be reports."""
    out = Collected()
    named = {Path(p).resolve() for p in paths if Path(p).is_file()}
    todo: list[tuple[Path, bool]] = []
    for path, _root in iter_paths(paths, REPORT_SUFFIXES):
        is_named = path.resolve() in named
        if path.suffix.lower() in (".yaml", ".yml") and not is_named:
            continue  # a data file referenced by a page is read through that page
        if not explicit and path.suffix.lower() in (".yaml", ".yml") and not _looks_like_report_data(path):
            # pre-commit passes every changed .yaml (mkdocs.yml, CI files): only report data is checked
            out.skipped.append(path)
            continue
        todo.append((path, is_named))
    if jobs > 1:
        reports = (None if data is None else spool.loads(data) for data in parallel_map(_read, [p for p, _n in todo], jobs=jobs))
    else:
        reports = (read_report_file(p, display_name(p)) for p, _n in todo)
    for (path, is_named), report in zip(todo, reports, strict=True):
        if report is None:
            if explicit and is_named:
                finding = Finding("S", "此页面没有 govreport 报告数据（页首 front matter 中没有 govreport: 键）", display_name(path), 1)
                out.reports.append(Report.unreadable(display_name(path), [finding], readable=True))
            else:
                out.skipped.append(path)
            continue
        out.reports.append(report)
    return out


# ---------------------------------------------------------------------------------------
# One file checked as the site would check it: against its sibling years


def find_site_docs(path: Path) -> tuple[Path, Path] | None:
    """(mkdocs.yml, its docs folder) of the site a file belongs to: the nearest ``mkdocs.yml``
    (or ``mkdocs.yaml``) above it whose ``docs_dir`` holds the file."""
    here = path.resolve()
    for folder in here.parents:
        for name in ("mkdocs.yml", "mkdocs.yaml"):
            config = folder / name
            if config.is_file():
                docs = (folder / _docs_dir(config)).resolve()
                if docs in here.parents:
                    return config, docs
    return None


class _AnyTagLoader(yaml.SafeLoader):
    """Reads an ``mkdocs.yml`` without running or refusing its tags (``!ENV``, ``!!python/…``)."""


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_AnyTagLoader.add_multi_constructor("", _ignore_tag)


def _docs_dir(config: Path) -> str:
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return "docs"
    value = data.get("docs_dir") if isinstance(data, dict) else None
    return value if isinstance(value, str) and value else "docs"


def sibling_reports(files: Sequence[Path], have: set[Path]) -> tuple[list[Report], str]:
    """The other reports the cross-year checks of ``files`` need, found as the site build finds
    them (every report of the site's docs folder), and a sentence saying where they came from."""
    sites = {site for f in files if (site := find_site_docs(f)) is not None}
    folders = {f.resolve().parent for f in files if find_site_docs(f) is None}
    context: list[Report] = []
    roots = [docs for _config, docs in sorted(sites)] + sorted(folders)
    for root in roots:
        for path, _r in iter_paths([str(root)], REPORT_SUFFIXES):
            if path.resolve() in have or path.suffix.lower() in (".yaml", ".yml"):
                continue
            have.add(path.resolve())
            report = read_report_file(path, display_name(path))
            if report is not None and report.has_data:
                context.append(report)
    if sites and not folders:
        where = "、".join(display_name(os.path.relpath(c)) for c, _d in sorted(sites))
        note = f"跨年度检查包括了同一站点（{where}）中的其他 {len(context)} 份报告"
    else:
        note = f"未找到包含此文件的 mkdocs.yml：跨年度检查只比较了同一文件夹中的其他 {len(context)} 份报告"
    return context, note


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
