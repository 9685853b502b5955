"""``govreport import``: files or folders of published reports become report pages.

Exit codes: 0 every file imported with nothing to report; 1 imported, with findings
(cells left missing, label slips, format/year mismatch); 2 usage error; 3 at least one
file refused (before 2019, no tables, unreadable).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

from ..exports import spool
from ..importer import ImportResult, import_file
from ..importer.page import finding_text
from ..registry import FIRST_YEAR, FORMATS, KINDS
from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_REFUSED,
    OutputError,
    UsageError,
    display_name,
    iter_paths,
    write_output,
)
from .parallel import add_jobs_argument, jobs_of, parallel_map

#: Files a folder import looks at.
SOURCE_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml", ".txt", ".text", ".md", ".docx", ".pdf")

HELP = "导入已发布的年度报告（网页、Word、PDF、文本），生成报告页"
DESCRIPTION = (
    "把已发布的政府信息公开工作年度报告（保存的网页 .html、Word .docx、PDF 的文字层、复制的文本 .txt）"
    "转换为报告页：页首数据为表格中的数字，正文按标准章节写成 Markdown。表格格式、年度和机关名称从内容判断，"
    "可用选项指定。原文中空着或无法确定的数字不会写入（不当作 0），并报告其在原文中的位置。"
    "2018 年及以前的报告没有全国统一表格格式，会被拒绝。"
    "退出码：0 全部导入且没有问题；1 已导入但有问题需核对；2 用法错误；3 有文件被拒绝。"
)
HELP_EN = "Convert published reports (saved HTML, Word, PDF text, pasted text) into report pages; blanks stay missing, never 0."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告文件，或包含报告文件的文件夹")
    p.add_argument("-o", "--output", help="输出：一个文件时可写 .md 文件名；多个文件或文件夹时写文件夹（默认：与原文件同名的 .md，放在原文件旁）")
    p.add_argument("--year", type=int, help="报告年度（覆盖从标题判断的年度）")
    p.add_argument("--agency", help="机关名称（覆盖从标题判断的名称）")
    p.add_argument("--agency-id", help="机关标识（写入 agency_id）")
    p.add_argument("--kind", choices=tuple(KINDS), help="机关类型（默认按名称判断）")
    p.add_argument("--format", dest="format_id", choices=tuple(FORMATS), help="表格格式（覆盖按标签判断的格式）")
    p.add_argument("--force", action="store_true", help="覆盖已有的输出文件")
    p.add_argument("--stdout", action="store_true", help="把报告页输出到屏幕（只导入一个文件时）")
    p.add_argument("-q", "--quiet", action="store_true", help="只输出汇总")
    add_jobs_argument(p)


def _import_one(job: tuple[Path, dict[str, object]]) -> bytes:
    """One file imported in a worker of ``--jobs`` (the result travels as bytes)."""
    path, options = job
    return spool.dumps(import_file(path, display_name(path), **options))


def _target(path: Path, root: Path | None, output: str | None, single: bool) -> Path:
    if output and single and not Path(output).is_dir() and not output.endswith(("/", "\\")):
        return Path(output)
    if output:
        rel = path.relative_to(root) if root else Path(path.name)
        return Path(output) / rel.with_suffix(".md")
    return path.with_name(path.stem + (".imported.md" if path.suffix.lower() == ".md" else ".md"))


def _unique_targets(sources: list[tuple[Path, Path | None]], targets: list[Path]) -> list[Path]:
    """One output per source, never two sources to one file and never a source itself:
    pingtan-2025.html and pingtan-2025.txt become pingtan-2025-html.md and pingtan-2025-txt.md;
    what still collides gets a number."""
    counts: dict[Path, int] = {}
    for t in targets:
        counts[t.resolve()] = counts.get(t.resolve(), 0) + 1
    out = [
        t.with_name(f"{path.stem}-{path.suffix.lstrip('.').lower()}.md") if counts[t.resolve()] > 1 else t
        for (path, _root), t in zip(sources, targets, strict=True)
    ]
    taken = {p.resolve() for p, _root in sources}
    unique: list[Path] = []
    for t in out:
        candidate, n = t, 2
        while candidate.resolve() in taken:
            candidate = t.with_name(f"{t.stem}-{n}{t.suffix}")
            n += 1
        taken.add(candidate.resolve())
        unique.append(candidate)
    return unique


def _check_options(args: argparse.Namespace) -> None:
    if args.year is not None and not FIRST_YEAR <= args.year <= 2100:
        raise UsageError(
            f"--year {args.year} 不是可导入的报告年度：{FIRST_YEAR} 年起才有全国统一的表格格式（更早的报告没有表格可导入）"
        )
    for name in ("agency", "agency_id"):
        value = getattr(args, name)
        if value is not None and not value.strip():
            raise UsageError(f"--{name.replace('_', '-')} 不能为空")


def run(args: argparse.Namespace) -> int:
    _check_options(args)
    sources = list(iter_paths(args.paths, SOURCE_SUFFIXES))
    if not sources:
        raise UsageError("没有找到可导入的文件（.html、.docx、.pdf、.txt、.md）")
    single = len(sources) == 1
    if args.stdout and not single:
        raise UsageError("--stdout 只能用于一个文件")
    options = {
        "year": args.year,
        "agency": args.agency,
        "format_id": args.format_id,
        "agency_id": args.agency_id,
        "kind": args.kind,
    }
    targets = _unique_targets(sources, [_target(path, root, args.output, single) for path, root in sources])
    inputs = [p for p, _root in sources]
    results: list[ImportResult] = []
    not_written: list[ImportResult] = []
    jobs = jobs_of(args)
    outcomes: Iterator[ImportResult]
    if jobs > 1:
        outcomes = (spool.loads(data) for data in parallel_map(_import_one, [(p, options) for p, _root in sources], jobs=jobs))
    else:
        outcomes = (import_file(p, display_name(p), **options) for p, _root in sources)
    for target, result in zip(targets, outcomes, strict=True):
        results.append(result)
        if result.page is not None:
            if args.stdout:
                sys.stdout.write(result.page)
            else:
                try:
                    write_output(target, result.page, force=args.force, inputs=inputs)
                    result.notes.insert(0, f"已写入 {display_name(target)}")
                except OutputError as exc:
                    not_written.append(result)
                    print(f"{result.source}: 读取成功但未写入：{exc}", file=sys.stderr)
                    continue
        _print_result(result, quiet=args.quiet)
    imported = [r for r in results if r.page is not None and r not in not_written]
    with_findings = [r for r in imported if r.findings]
    refused = [r for r in results if r.page is None]
    print(
        f"导入 {len(results)} 个文件：{len(imported)} 个已导入（其中 {len(with_findings)} 个有问题需核对），"
        f"{len(refused)} 个被拒绝" + (f"，{len(not_written)} 个因输出文件问题未写入" if not_written else "") + "。",
        file=sys.stderr,
    )
    if refused:
        return EXIT_REFUSED
    if not_written:
        return EXIT_OUTPUT
    return EXIT_FINDINGS if with_findings else EXIT_OK


def _print_result(result: ImportResult, *, quiet: bool) -> None:
    err = sys.stderr
    if result.page is None:
        print(f"{result.source}: 拒绝导入：{result.refused}", file=err)
        return
    ex = result.extraction
    fmt = ex.fmt.id if ex and ex.fmt else "?"
    print(
        f"{result.source}: 已导入（{fmt} 年格式，{ex.year if ex else '?'} 年度，{ex.agency if ex else '?'}）："
        f"读取 {result.cells_read} 个单元格（其中 {result.cells_split} 个由连写数字拆分），"
        f"{result.cells_missing} 个单元格留空待填",
        file=err,
    )
    if quiet:
        return
    for f in result.findings:
        where = f"{f.file}:{f.line}" + (f":{f.column}" if f.column else "") if f.line else f.file
        print(f"  {where}: [{f.rule}] {finding_text(f).split('：', 1)[1]}", file=err)
    for n in result.notes:
        print(f"  {n}", file=err)
