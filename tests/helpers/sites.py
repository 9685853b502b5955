"""The one site builder of the tests.

:func:`build_site` builds an MkDocs project in-process, the way ``mkdocs build`` does (plugin
start-up and shut-down included), and returns whether it succeeded, the log and the output
folder.  Given ``pages`` it first writes a small project around them (the govreport plugin with
the index pages and downloads off, unless ``plugin`` asks for them).

:func:`mkdocs_command` runs ``mkdocs`` (or ProperDocs) as a user would, in a subprocess — only
for the tests that are about the command itself: its exit code and what it prints.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .paths import FIXTURES


@dataclass
class Built:
    """The result of a site build."""

    ok: bool
    log: str  #: every MkDocs log record of level INFO and above, as ``LEVEL: message``
    site: Path
    messages: list[str] = field(default_factory=list)  #: the messages of level WARNING and above

    def path(self, src_uri: str) -> Path:
        """The built file of a page given its source path, e.g. ``reports/a/2023.md``."""
        return page_file(self.site, src_uri)

    def html(self, src_uri: str) -> str:
        """The HTML of a built page given its source path."""
        return self.path(src_uri).read_text(encoding="utf-8")


def page_file(site: Path, src_uri: str) -> Path:
    """The output file of a page with directory URLs (``a/index.md`` → ``a/index.html``)."""
    stem = src_uri[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        return site / stem[: -len("index")] / "index.html"
    return site / stem / "index.html"


def write_project(
    project: Path,
    pages: dict[str, str],
    *,
    theme: str = "mkdocs",
    plugin: dict[str, Any] | None = None,
    extra_files: dict[str, str] | None = None,
) -> Path:
    """Write ``pages`` (path → text) under ``project/docs`` and a ``mkdocs.yml`` with the plugin."""
    docs = project / "docs"
    for rel, text in {**pages, **(extra_files or {})}.items():
        path = docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if not (docs / "index.md").exists():
        (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    options: dict[str, Any] = {"index": {"enabled": False}, "downloads": False}
    options.update(plugin or {})
    cfg = {
        "site_name": "测试站点",
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {"name": "material", "language": "zh"} if theme == "material" else {"name": theme},
        "plugins": [{"govreport": options}],
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    return project


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build_site(
    project: Path,
    pages: dict[str, str] | None = None,
    *,
    strict: bool = False,
    theme: str = "mkdocs",
    plugin: dict[str, Any] | None = None,
    extra_files: dict[str, str] | None = None,
    config_file: str = "mkdocs.yml",
    **overrides: Any,
) -> Built:
    """Build ``project`` (its ``config_file``), after writing ``pages`` into it when given.

    ``overrides`` go to ``load_config`` (e.g. ``site_dir``).  A configuration error or a
    failed build gives ``ok=False`` with the reason in the log, never an exception.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, BuildError, PluginError

    if pages is not None:
        write_project(project, pages, theme=theme, plugin=plugin, extra_files=extra_files)
    collect = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collect)
    ok = True
    site = Path(overrides.get("site_dir") or project / "site")
    aborted: list[str] = []
    try:
        try:
            cfg = load_config(str(project / config_file), strict=strict, **overrides)
        except Abort as exc:  # a configuration error
            ok = False
            aborted.append(f"ABORT: {exc}")
        else:
            site = Path(cfg.site_dir)
            cfg.plugins.on_startup(command="build", dirty=False)
            try:
                build(cfg)
            except (Abort, BuildError, PluginError) as exc:
                ok = False
                aborted.append(f"ABORT: {exc}")
            finally:
                cfg.plugins.on_shutdown()
    finally:
        logger.removeHandler(collect)
    lines = [f"{r.levelname}: {r.getMessage()}" for r in collect.records] + aborted
    messages = [r.getMessage() for r in collect.records if r.levelno >= logging.WARNING]
    return Built(ok, "\n".join(lines), site, messages)


def copy_fixture(name: str, dest: Path) -> Path:
    """A copy of the fixture site ``tests/fixtures/<name>`` in ``dest`` (tests may edit it)."""
    project = dest / name
    shutil.copytree(FIXTURES / name, project)
    return project


def mkdocs_command(
    config: Path,
    *args: str,
    strict: bool = False,
    site_dir: Path | None = None,
    engine: str = "mkdocs",
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: int = 600,
) -> subprocess.CompletedProcess[str]:
    """Run ``<engine> build -f CONFIG`` in a subprocess with this interpreter; exit code and log."""
    cmd = [sys.executable, "-m", engine, "build", "-f", str(config)]
    if strict:
        cmd.append("--strict")
    if site_dir is not None:
        cmd += ["-d", str(site_dir)]
    cmd += list(args)
    environment = env if env is not None else {**os.environ, "PYTHONWARNINGS": "ignore"}
    environment = {**environment, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=cwd, env=environment)
