"""The ``govreport`` command line.

Exit codes: 0 clean, 1 findings, 2 usage error (bad arguments, no such file), 3 a file refused
(``import``), 4 an output not written (it exists — use ``--force`` —, it is an input, or it cannot
be written; nothing half-written is left).  Each command is a module of this package with ``HELP``, ``DESCRIPTION``,
``HELP_EN``, ``add_arguments(parser)`` and ``run(args)``, registered in :data:`COMMANDS`
explicitly: a command whose module fails to import breaks the command line loudly instead of
vanishing from ``--help``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType

from . import data, export, import_, new, pages, schema, validate
from .common import EXIT_FINDINGS, EXIT_OK, EXIT_OUTPUT, EXIT_REFUSED, EXIT_USAGE, OutputError, UsageError

__all__ = [
    "COMMANDS",
    "EXIT_FINDINGS",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_REFUSED",
    "EXIT_USAGE",
    "OutputError",
    "UsageError",
    "build_parser",
    "command_parsers",
    "main",
]

#: The sub-commands, in the order ``--help`` lists them.
COMMANDS: dict[str, ModuleType] = {
    "validate": validate,
    "export": export,
    "new": new,
    "schema": schema,
    "import": import_,
    "data": data,
    "pages": pages,
}


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("mkdocs-govreport")
    except PackageNotFoundError:  # pragma: no cover - running from a checkout
        return "0+unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govreport",
        description="政府信息公开工作年度报告：检查、导出、新建报告页。",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name, module in COMMANDS.items():
        p = sub.add_parser(name, help=module.HELP, description=module.DESCRIPTION)
        module.add_arguments(p)
        p.set_defaults(func=module.run)
    return parser


def command_parsers(width: int = 96) -> dict[str, argparse.ArgumentParser]:
    """Each sub-command's parser on its own (for the reference docs), formatted at ``width``."""

    def formatter(prog: str) -> argparse.HelpFormatter:
        return argparse.HelpFormatter(prog, width=width, max_help_position=32)

    out: dict[str, argparse.ArgumentParser] = {}
    for name, module in COMMANDS.items():
        p = argparse.ArgumentParser(prog=f"govreport {name}", description=module.DESCRIPTION, formatter_class=formatter)
        module.add_arguments(p)
        out[name] = p
    return out


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
    except OutputError as exc:
        print(f"govreport: {exc}", file=sys.stderr)
        return EXIT_OUTPUT
    except KeyboardInterrupt:  # pragma: no cover
        return 130
    except BrokenPipeError:  # pragma: no cover - e.g. `| head`
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
