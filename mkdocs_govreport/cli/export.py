"""``govreport export``: the canonical JSON of reports."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core.report import canonical_export
from ..pipeline import check_reports
from .common import EXIT_FINDINGS, EXIT_OK, REPORT_SUFFIXES, check_output, collect, iter_paths, write_output

HELP = "导出规范 JSON"
DESCRIPTION = "把报告导出为规范 JSON（数据模型第 2 节）：总计补齐，每行七列，金额为十进制字符串。"
HELP_EN = "Export the canonical JSON (totals filled in, every table-3 row with 7 columns, amounts as decimal strings)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告页、数据文件或文件夹")
    p.add_argument("--format", choices=("json",), default="json", help="导出格式（json）")
    p.add_argument("-o", "--output", help="写入文件（默认输出到屏幕）；不会覆盖输入文件，覆盖已有文件须加 --force")
    p.add_argument("--force", action="store_true", help="覆盖已有的输出文件")


def run(args: argparse.Namespace) -> int:
    if args.output:
        check_output(Path(args.output), force=args.force, inputs=_inputs(args.paths))
    reports = collect(args.paths).reports
    check_reports(reports)
    data = [canonical_export(r) for r in reports if r.fmt is not None]
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if args.output:
        write_output(Path(args.output), text, force=args.force, inputs=_inputs(args.paths))
    else:
        sys.stdout.write(text)
    bad = [r for r in reports if r.fmt is None]
    for r in bad:
        for f in r.findings:
            print(f.log_line(), file=sys.stderr)
    return EXIT_FINDINGS if bad else EXIT_OK


def _inputs(paths: list[str]) -> list[Path]:
    """Every file the command reads (a report's sibling data file included)."""
    out = [p for p, _root in iter_paths(paths, REPORT_SUFFIXES)]
    return out + [p.with_suffix(s) for p in out for s in (".yaml", ".yml") if p.with_suffix(s).exists()]
