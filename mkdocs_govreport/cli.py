"""The ``govreport`` command line.

Exit codes: 0 clean, 1 findings, 2 usage error (bad arguments, no such file).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .findings import apply_acknowledgements, apply_levels
from .registry import FORMATS, RULES, format_for_year
from .report import Report, read_report_file

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
REPORT_SUFFIXES = (".md", ".markdown", ".yaml", ".yml")


class UsageError(Exception):
    pass


def iter_paths(paths: Sequence[str]) -> Iterator[Path]:
    """Files named, and report files found under folders named (sorted, stable)."""
    for name in paths:
        p = Path(name)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and child.suffix.lower() in REPORT_SUFFIXES and not any(
                    part.startswith(".") for part in child.relative_to(p).parts
                ):
                    yield child
        elif p.is_file():
            yield p
        else:
            raise UsageError(f"找不到文件或文件夹：{name}")


def collect(paths: Sequence[str], *, explicit: bool = True) -> list[Report]:
    """Parse every report under ``paths``.  Pages without report data are skipped, except
    files named explicitly, which must be reports."""
    reports: list[Report] = []
    named = {Path(p) for p in paths if Path(p).is_file()}
    for path in iter_paths(paths):
        if path.suffix.lower() in (".yaml", ".yml") and path not in named:
            # a data file referenced by a page is read through that page
            continue
        if not explicit and path.suffix.lower() in (".yaml", ".yml") and not _looks_like_report_data(path):
            # pre-commit passes every changed .yaml (mkdocs.yml, CI files): only report data is checked
            continue
        report = read_report_file(path, str(path))
        if report is None:
            if explicit and path in named:
                from .findings import Finding

                r = Report(str(path), str(path), {}, {}, None)
                r.findings = [Finding("S", "此页面没有 govreport 报告数据（页首 front matter 中没有 govreport: 键）", str(path), 1)]
                reports.append(r)
            continue
        reports.append(report)
    return reports


_REPORT_DATA_KEY = re.compile(r"^(agency|active|applications|review_litigation)\s*:", re.MULTILINE)


def _looks_like_report_data(path: Path) -> bool:
    """A bare YAML file holding report data has one of the report's top-level keys."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return True  # let the reader report the problem
    return _REPORT_DATA_KEY.search(text) is not None


def _parse_levels(values: Sequence[str]) -> dict[str, str]:
    levels: dict[str, str] = {}
    for item in values:
        rule, _, level = item.partition("=")
        if rule not in RULES or level not in ("error", "warn", "ignore"):
            raise UsageError(f"--level 应写成 规则=级别，如 W8=warn（级别：error、warn、ignore），实际为“{item}”")
        levels[rule] = level
    return levels


def _check(reports: list[Report], levels: dict[str, str]) -> None:
    """Cross-report checks (W1–W3, T8–T10), then levels and acknowledgements."""
    from .site import cross_findings  # late: keeps `govreport --help` fast

    cross = cross_findings(reports)
    for r in reports:
        r.findings = r.findings + cross.get(id(r), [])
    for r in reports:
        r.findings = apply_levels(r.findings, levels)
        apply_acknowledgements(r.findings, r.acknowledgements)


def cmd_validate(args: argparse.Namespace) -> int:
    reports = collect(args.paths, explicit=not args.skip_non_reports)
    _check(reports, _parse_levels(args.level or []))
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
        print(
            f"检查了 {len(reports)} 份报告：{errors} 个错误，{warnings} 个警告"
            + (f"，{acked} 个已说明" if acked else "")
            + ("。" if active else "，全部通过。"),
            file=sys.stderr,
        )
    return EXIT_FINDINGS if active else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    reports = collect(args.paths)
    _check(reports, {})
    data = [r.canonical() for r in reports if r.fmt is not None]
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    bad = [r for r in reports if r.fmt is None]
    for r in bad:
        for f in r.findings:
            print(f.log_line(), file=sys.stderr)
    return EXIT_FINDINGS if bad else EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from .template import new_report_page

    fmt = args.format or format_for_year(args.year)
    if fmt is None:
        raise UsageError(f"{args.year} 年度没有全国统一的表格格式（2019 年起才有），无法生成报告页")
    if fmt not in FORMATS:
        raise UsageError(f"--format 应为 {' 或 '.join(FORMATS)}")
    text = new_report_page(args.agency, args.year, fmt, kind=args.kind)
    if args.output:
        out = Path(args.output)
        if out.exists() and not args.force:
            raise UsageError(f"文件已存在：{out}（加 --force 覆盖）")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        print(f"已生成 {out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import dump, format_schema, schema_filename, write_schemas

    if args.write:
        for p in write_schemas(Path(args.dir)):
            print(f"已写入 {p}", file=sys.stderr)
        return EXIT_OK
    if args.check:
        stale = []
        for fid, fmt in FORMATS.items():
            p = Path(args.dir) / schema_filename(fid)
            if not p.exists() or p.read_text(encoding="utf-8") != dump(format_schema(fmt)):
                stale.append(str(p))
        for p in stale:
            print(f"已过期：{p}（运行 govreport schema --write 重新生成）", file=sys.stderr)
        return EXIT_FINDINGS if stale else EXIT_OK
    sys.stdout.write(dump(format_schema(FORMATS[args.format_id])))
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govreport",
        description="政府信息公开工作年度报告：检查、导出、新建报告页。",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="命令")

    p = sub.add_parser("validate", help="检查报告（文件或文件夹）", description="检查报告数据：结构（S）、勾稽关系（R1–R4）、跨年度衔接（W1–W3）及其他规则。退出码：0 全部通过，1 有问题，2 用法错误。")
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告页（.md）、数据文件（.yaml）或文件夹")
    p.add_argument("--format", choices=("text", "json"), default="text", help="输出格式：text（默认）或 json")
    p.add_argument("--level", action="append", metavar="RULE=LEVEL", help="调整规则级别，如 --level W8=ignore（可多次使用）")
    p.add_argument(
        "--skip-non-reports",
        action="store_true",
        help="跳过不是报告的文件（没有 govreport 数据的页面、mkdocs.yml 等），供 pre-commit 检查全部改动的文件时使用",
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("export", help="导出规范 JSON", description="把报告导出为规范 JSON（数据模型第 2 节）：总计补齐，每行七列，金额为十进制字符串。")
    p.add_argument("paths", nargs="+", metavar="PATH", help="报告页、数据文件或文件夹")
    p.add_argument("--format", choices=("json",), default="json", help="导出格式（json）")
    p.add_argument("-o", "--output", help="写入文件（默认输出到屏幕）")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("new", help="新建一份待填写的报告页", description="生成一份报告页：列出所有键，每个单元格旁有中文注释。")
    p.add_argument("--agency", required=True, help="机关名称，如“西工区统计局”")
    p.add_argument("--year", required=True, type=int, help="报告年度，如 2024")
    p.add_argument("--format", choices=tuple(FORMATS), help="表格格式（默认按年度确定）")
    p.add_argument("--kind", choices=("department", "government"), default=None, help="机关类型（默认按名称判断）")
    p.add_argument("-o", "--output", help="写入文件（默认输出到屏幕）")
    p.add_argument("--force", action="store_true", help="覆盖已有文件")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("schema", help="输出或生成 JSON Schema", description="输出某一格式的 JSON Schema，或把两种格式的 Schema 写入 schemas/ 文件夹。")
    p.add_argument("format_id", nargs="?", default="2021", choices=tuple(FORMATS), help="格式（默认 2021）")
    p.add_argument("--write", action="store_true", help="写入文件夹")
    p.add_argument("--check", action="store_true", help="检查文件夹中的 Schema 是否与代码一致")
    p.add_argument("--dir", default="schemas", help="Schema 文件夹（默认 schemas）")
    p.set_defaults(func=cmd_schema)

    _extra_commands(sub)
    return parser


def _extra_commands(sub: Any) -> None:
    """Commands contributed by other modules (import, site exports)."""
    for name in ("importer", "exports"):
        try:
            module = __import__(f"mkdocs_govreport.{name}", fromlist=["add_cli"])
        except ImportError:
            continue
        add = getattr(module, "add_cli", None)
        if add is not None:
            add(sub)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mkdocs-govreport")
    except PackageNotFoundError:  # pragma: no cover - running from a checkout
        return "0+unknown"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"govreport: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except BrokenPipeError:  # pragma: no cover - e.g. `| head`
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
