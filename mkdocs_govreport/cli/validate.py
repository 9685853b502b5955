"""``govreport validate``: check reports (files or folders)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..pipeline import check_reports
from .common import EXIT_FINDINGS, EXIT_OK, UsageError, collect, display_name, parse_levels, sibling_reports
from .parallel import add_jobs_argument, jobs_of

HELP = "检查报告（文件或文件夹）"
DESCRIPTION = "检查报告数据：结构（S）、勾稽关系（R1–R4）、跨年度衔接（W1–W3）及其他规则。退出码：0 全部通过，1 有问题，2 用法错误。"
HELP_EN = (
    "Check reports (files or folders). Exit 0 clean, 1 findings, 2 usage error; `--format json` for CI; "
    "`--level RULE=LEVEL`; `--skip-non-reports` for pre-commit."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告页（.md）、数据文件（.yaml）或文件夹")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式：text（默认）或 json")
    p.add_argument("--level", action="append", metavar="RULE=LEVEL", help="调整规则级别，如 --level W8=ignore（可多次使用）")
    add_jobs_argument(p)
    p.add_argument(
        "--skip-non-reports",
        action="store_true",
        help="跳过不是报告的文件（没有 govreport 数据的页面、mkdocs.yml 等），供 pre-commit 检查全部改动的文件时使用",
    )


def run(args: argparse.Namespace) -> int:
    levels = parse_levels(args.level or [])
    found = collect(args.paths, explicit=not args.skip_non_reports, jobs=jobs_of(args))
    reports = found.reports
    if not reports and not args.skip_non_reports:
        raise UsageError(f"没有找到报告：{'、'.join(display_name(p) for p in args.paths)} 中没有页首数据含 govreport: 的页面")
    # files named one by one are checked as the site checks them: against their sibling years
    named = [Path(p) for p in args.paths if Path(p).is_file()]
    context, note = sibling_reports(named, {Path(r.file).resolve() for r in reports}) if named and reports else ([], "")
    check_reports([*reports, *context], levels=levels)
    findings = [f for r in reports for f in r.findings]
    active = [f for f in findings if not f.acknowledged]
    if args.format == "json":
        json.dump([f.as_dict() for f in findings], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for f in findings:
            line = f.log_line()
            if f.acknowledged:
                line += f"（已说明：{f.acknowledged}）"
            print(line)
        errors = sum(1 for f in active if f.severity == "error")
        warnings = len(active) - errors
        acked = len(findings) - len(active)
        skipped = f"（另有 {len(found.skipped)} 个文件不是报告，已跳过）" if found.skipped else ""
        print(
            f"检查了 {len(reports)} 份报告{skipped}：{errors} 个错误，{warnings} 个警告"
            + (f"，{acked} 个已说明" if acked else "")
            + ("。" if active else "，全部通过。")
            + (f"{note}。" if note else ""),
            file=sys.stderr,
        )
    return EXIT_FINDINGS if active else EXIT_OK
