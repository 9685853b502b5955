"""``govreport export``: the canonical JSON of reports, or a Word copy of each for sign-off."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core.report import Report, canonical_export
from ..pipeline import check_reports
from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    REPORT_SUFFIXES,
    OutputError,
    UsageError,
    check_output,
    collect,
    display_name,
    iter_paths,
    write_output,
)

HELP = "导出规范 JSON，或每份报告的 Word 文档（供审签）"
DESCRIPTION = (
    "把报告导出为规范 JSON（数据模型第 2 节：总计补齐，每行七列，金额为十进制字符串），"
    "或用 --format docx 导出每份报告的 Word 文档：标题、六个部分的正文、三张官方表格（合并表头、标准标签），"
    "有检查问题时在首页列出（供传阅修改）。一份报告时 -o 是文件，多份时 -o 是文件夹。"
)
HELP_EN = (
    "Export the canonical JSON (totals filled in, every table-3 row with 7 columns, amounts as decimal strings), "
    "or with `--format docx` a Word copy of each report for sign-off (official tables with merged headers)."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告页、数据文件或文件夹")
    p.add_argument("--format", choices=("json", "docx"), default="json", help="导出格式：json（默认）或 docx（Word）")
    p.add_argument("-o", "--output", help="写入文件（docx 多份报告时为文件夹；json 默认输出到屏幕）；不会覆盖输入文件")
    p.add_argument("--force", action="store_true", help="覆盖已有的输出文件")


def run(args: argparse.Namespace) -> int:
    inputs = _inputs(args.paths)
    if args.format == "docx":
        return _run_docx(args, inputs)
    if args.output:
        check_output(Path(args.output), force=args.force, inputs=inputs)
    reports = collect(args.paths).reports
    check_reports(reports)
    data = [canonical_export(r) for r in reports if r.fmt is not None]
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if args.output:
        write_output(Path(args.output), text, force=args.force, inputs=inputs)
    else:
        sys.stdout.write(text)
    return _report_unexported(reports)


def _run_docx(args: argparse.Namespace, inputs: list[Path]) -> int:
    from ..exports.word import DocxUnavailableError, report_docx  # python-docx: an optional extra

    if not args.output:
        raise UsageError("--format docx 需要 -o：一份报告时写 .docx 文件名，多份时写文件夹")
    reports = collect(args.paths).reports
    check_reports(reports)
    exported = [r for r in reports if r.fmt is not None]
    if not exported:
        _report_unexported(reports)
        raise UsageError("没有可导出的报告（报告没有可读取的表格数据）")
    out = Path(args.output)
    single = len(exported) == 1 and out.suffix.lower() == ".docx"
    targets = {id(r): out if single else out / _docx_name(r) for r in exported}
    names = [t.resolve() for t in targets.values()]
    if len(set(names)) < len(names):
        raise OutputError("有两份报告会写到同一个 .docx 文件（同一机关、同一年度）：请先改正重复的报告，或分别导出")
    for target in targets.values():
        check_output(target, force=args.force, inputs=inputs)
    for r in exported:
        try:
            content = report_docx(r)
        except DocxUnavailableError as exc:
            raise UsageError(str(exc)) from exc
        write_output(targets[id(r)], content, force=args.force, inputs=inputs)
        open_findings = len(r.active_findings())
        note = f"（首页列出 {open_findings} 个检查问题）" if open_findings else ""
        print(f"已导出 {display_name(targets[id(r)])}{note}", file=sys.stderr)
    return _report_unexported(reports)


def _docx_name(report: Report) -> str:
    year = report.year if report.year is not None else "未知年度"
    return f"{report.agency_id}-{year}.docx"


def _report_unexported(reports: list[Report]) -> int:
    bad = [r for r in reports if r.fmt is None]
    for r in bad:
        for f in r.findings:
            print(f.log_line(), file=sys.stderr)
    return EXIT_FINDINGS if bad else EXIT_OK


def _inputs(paths: list[str]) -> list[Path]:
    """Every file the command reads (a report's sibling data file included)."""
    out = [p for p, _root in iter_paths(paths, REPORT_SUFFIXES)]
    return out + [p.with_suffix(s) for p in out for s in (".yaml", ".yml") if p.with_suffix(s).exists()]
