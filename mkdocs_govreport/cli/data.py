"""``govreport data``: the open-data downloads of a set of reports, into a folder.

Streams (``exports.stream``): memory stays bounded however many reports there are; ``--jobs``
reads and checks the files in several processes, with byte-identical output.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from ..exports import DATA_FILES
from ..exports.merge import MergeError, merge_downloads
from ..exports.stream import Job, stream_downloads
from .common import (
    EXIT_FINDINGS,
    EXIT_OK,
    REPORT_SUFFIXES,
    OutputError,
    UsageError,
    display_name,
    iter_paths,
    os_error_text,
    parse_levels,
)
from .parallel import add_jobs_argument, jobs_of, parallel_map

HELP = "导出开放数据（JSON、CSV 与数据包）"
DESCRIPTION = (
    "把一组报告导出为与网站下载相同的开放数据：reports.json、reports.csv（报告一览）、cells.csv（单元格字典）、"
    "facts.csv（长表）、各年度各表的宽表 CSV、validation.csv 和 Frictionless datapackage.json；"
    "逐份报告处理，报告再多内存也不会随之增长。"
)
HELP_EN = (
    "Write the open-data downloads (reports.json, reports.csv, cells.csv, facts.csv, wide CSVs, validation.csv, "
    "datapackage.json; optionally an Excel workbook) to a folder, streaming: bounded memory for any number of "
    "reports; `--jobs N` reads and checks in N processes with byte-identical output."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告页（.md）、数据文件（.yaml）或文件夹；加 --merge 时为 govreport data 写出的文件夹")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="写入的文件夹")
    p.add_argument("--force", action="store_true", help="文件夹中已有下载文件时覆盖它们")
    p.add_argument("--xlsx", action="store_true", help="另写一个 Excel 工作簿 govreport.xlsx（中文表头；需安装 openpyxl：pip install 'mkdocs-govreport[xlsx]'）")
    p.add_argument("--level", action="append", metavar="RULE=LEVEL", help="调整规则级别，如 --level W8=ignore（可多次使用）")
    p.add_argument(
        "--merge",
        action="store_true",
        help="合并几个 govreport data 写出的文件夹（如各地区分别导出的数据）为一套下载文件，与一次导出全部报告逐字节相同",
    )
    add_jobs_argument(p)


def _jobs(paths: list[str]) -> list[Job]:
    named = {Path(p).resolve() for p in paths if Path(p).is_file()}
    jobs: list[Job] = []
    for path, _root in iter_paths(paths, REPORT_SUFFIXES):
        is_named = path.resolve() in named
        if path.suffix.lower() in (".yaml", ".yml") and not is_named:
            continue  # a data file referenced by a page is read through that page
        jobs.append((str(path), display_name(path), is_named))
    return jobs


def _existing(out: Path) -> list[str]:
    found = [name for name in (*DATA_FILES, "govreport.xlsx") if (out / name).exists()]
    wide = out / "wide"
    if wide.is_dir() and any(wide.iterdir()):
        found.append("wide/")
    return found


def run(args: argparse.Namespace) -> int:
    levels = parse_levels(args.level or [])
    if args.xlsx:
        from ..exports import xlsx

        try:
            xlsx.require()
        except xlsx.MissingDependencyError as exc:
            raise UsageError(str(exc)) from None
    jobs = [] if args.merge else _jobs(args.paths)
    out = Path(args.output)
    if out.exists() and not out.is_dir():
        raise UsageError(f"-o 应为文件夹：{display_name(out)} 是一个文件")
    existing = _existing(out) if out.is_dir() else []
    if existing and not args.force:
        raise OutputError(f"{display_name(out)} 中已有下载文件（{'、'.join(existing)}）；确认要覆盖时加 --force")
    created = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".govreport-data-", dir=out))
    except OSError as exc:
        raise OutputError(f"无法创建输出文件夹 {display_name(out)}：{os_error_text(exc)}") from exc
    try:

        def opener(name: str) -> TextIO:
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            return open(target, "w", encoding="utf-8", newline="")

        if args.merge:
            try:
                names = merge_downloads([Path(p) for p in args.paths], opener)
            except MergeError as exc:
                raise UsageError(str(exc)) from None
            for name in names:
                (out / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / name, out / name)
            print(f"已合并 {len(args.paths)} 个文件夹的数据到 {display_name(out)}（{len(names)} 个文件）", file=sys.stderr)
            return EXIT_OK
        n = jobs_of(args)
        result = stream_downloads(
            jobs,
            opener,
            mapper=lambda work, items: parallel_map(work, items, jobs=n),
            levels=levels,
            spool_dir=str(staging),
        )
        if not result.reports:
            raise UsageError("没有找到任何报告（页首数据中有 govreport: 的 .md 页面，或 .yaml 数据文件）")
        names = list(result.names)
        if args.xlsx:
            from ..exports import xlsx

            xlsx.write_workbook(staging, staging / "govreport.xlsx")
            names.append("govreport.xlsx")
        for name in names:  # all written: now put them in place
            target = out / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, target)
    except OSError as exc:
        raise OutputError(f"无法写入 {display_name(out)}：{os_error_text(exc)}") from exc
    except UsageError:
        if created:
            shutil.rmtree(out, ignore_errors=True)
        raise
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(staging)
    for f in result.unreadable:
        print(f.log_line(), file=sys.stderr)
    print(
        f"已导出 {result.exported} 份报告的数据到 {display_name(out)}（{len(names)} 个文件，说明见 datapackage.json）",
        file=sys.stderr,
    )
    return EXIT_FINDINGS if result.exported < result.reports else EXIT_OK
