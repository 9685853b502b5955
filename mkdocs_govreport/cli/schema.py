"""``govreport schema``: print, write or check the JSON Schemas."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.schema import dump, format_schema, schema_filename
from ..registry import FORMATS
from .common import EXIT_FINDINGS, EXIT_OK, display_name, write_output

HELP = "输出或生成 JSON Schema"
DESCRIPTION = "输出某一格式的 JSON Schema，或把两种格式的 Schema 写入 schemas/ 文件夹。"
HELP_EN = "Print a format's JSON Schema, or write/check both schemas in `schemas/`."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("format_id", nargs="?", default="2021", choices=tuple(FORMATS), help="格式（默认 2021）")
    p.add_argument("--write", action="store_true", help="写入文件夹")
    p.add_argument("--check", action="store_true", help="检查文件夹中的 Schema 是否与代码一致")
    p.add_argument("--dir", default="schemas", help="Schema 文件夹（默认 schemas）")


def run(args: argparse.Namespace) -> int:
    if args.write:
        # --write is the consent to replace the schema files (``make schemas``)
        for fid, fmt in FORMATS.items():
            path = Path(args.dir) / schema_filename(fid)
            write_output(path, dump(format_schema(fmt)), force=True)
            print(f"已写入 {display_name(path)}", file=sys.stderr)
        return EXIT_OK
    if args.check:
        stale = []
        for fid, fmt in FORMATS.items():
            p = Path(args.dir) / schema_filename(fid)
            if not p.exists() or p.read_text(encoding="utf-8") != dump(format_schema(fmt)):
                stale.append(str(p))
        for p_ in stale:
            print(f"已过期：{p_}（运行 govreport schema --write 重新生成）", file=sys.stderr)
        return EXIT_FINDINGS if stale else EXIT_OK
    sys.stdout.write(dump(format_schema(FORMATS[args.format_id])))
    return EXIT_OK
