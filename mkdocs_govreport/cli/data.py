"""``govreport data``: the open-data downloads of a set of reports, into a folder."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..exports import Entry, build_downloads, write_downloads
from ..pipeline import check_reports
from .common import EXIT_FINDINGS, EXIT_OK, UsageError, collect

HELP = "导出开放数据（JSON、CSV 与数据包）"
DESCRIPTION = (
    "把一组报告导出为与网站下载相同的开放数据：reports.json、facts.csv（长表）、各年度各表的宽表 CSV、"
    "validation.csv 和 Frictionless datapackage.json。"
)
HELP_EN = "Write the open-data downloads (reports.json, facts.csv, wide CSVs, validation.csv, datapackage.json) to a folder."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告页（.md）、数据文件（.yaml）或文件夹")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="写入的文件夹")


def run(args: argparse.Namespace) -> int:
    reports = collect(args.paths).reports
    if not reports:
        raise UsageError("没有找到任何报告（页首数据中有 govreport: 的 .md 页面，或 .yaml 数据文件）")
    check_reports(reports)
    files = build_downloads([Entry(r.file, r) for r in reports])
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        raise UsageError(f"-o 应为文件夹：{out} 是一个文件")
    written = write_downloads(out, files)
    for r in reports:
        if r.fmt is None:
            for f in r.findings:
                print(f.log_line(), file=sys.stderr)
    print(
        f"已导出 {sum(1 for r in reports if r.fmt is not None)} 份报告的数据到 {out}（{len(written)} 个文件，说明见 datapackage.json）",
        file=sys.stderr,
    )
    return EXIT_FINDINGS if any(r.fmt is None for r in reports) else EXIT_OK
