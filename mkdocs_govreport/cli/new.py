"""``govreport new``: a report page to fill in."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..registry import FORMATS, KINDS, format_for_year
from ..template import new_report_page
from .common import EXIT_OK, UsageError, display_name, write_output

HELP = "新建一份待填写的报告页"
DESCRIPTION = "生成一份报告页：列出所有键，每个单元格旁有中文注释。"
HELP_EN = "Write a report page to fill in, every cell commented in Chinese; the format follows the year."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--agency", required=True, help="机关名称，如“西工区统计局”")
    p.add_argument("--year", required=True, type=int, help="报告年度，如 2024")
    p.add_argument("--format", choices=tuple(FORMATS), help="表格格式（默认按年度确定）")
    p.add_argument("--kind", choices=tuple(KINDS), default=None, help="机关类型（默认按名称判断）")
    p.add_argument("-o", "--output", help="写入文件（默认输出到屏幕）")
    p.add_argument("--force", action="store_true", help="覆盖已有文件")


def run(args: argparse.Namespace) -> int:
    if not args.agency.strip():
        raise UsageError("--agency 不能为空：请写机关全称，如“西工区统计局”")
    fmt = args.format or format_for_year(args.year)
    if fmt is None:
        raise UsageError(f"{args.year} 年度没有全国统一的表格格式（2019 年起才有），无法生成报告页")
    text = new_report_page(args.agency, args.year, fmt, kind=args.kind)
    if args.output:
        out = Path(args.output)
        write_output(out, text, force=args.force)
        print(f"已生成 {display_name(out)}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK
