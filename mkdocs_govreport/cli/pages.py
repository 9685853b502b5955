"""``govreport pages``: the index pages, agency pages, summary and downloads written into the docs
folder, for site generators that do not run MkDocs plugins (Zensical).

Reads the same ``mkdocs.yml`` (``docs_dir``, ``exclude_docs``, and the ``govreport`` plugin's
options, validated by the plugin's own option classes), checks every report as the plugin does,
and writes with the same functions the plugin uses (``html.pages.site_pages``,
``exports.build_downloads``).  Files are marked as generated and listed in a manifest
(``exports.generated``): a second run rewrites only what changed and removes what is no longer
generated; a file it did not write is never overwritten without ``--force``.  Exit 1 when a
report has an error (``--strict``: or a warning), so ``govreport pages --strict && zensical
build`` fails in CI as ``mkdocs build --strict`` does.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..core.report import Report
from ..exports import DATA_FILES, Entry, build_downloads
from ..exports.generated import FINDINGS, MARK_MD, GeneratedError, clean_tree, findings_json, source_key, write_tree
from ..html.pages import SitePaths, site_pages
from ..html.tables import CSS_PATH
from ..pipeline import check_reports, parse_page
from .common import EXIT_FINDINGS, EXIT_OK, OutputError, UsageError, display_name
from .parallel import add_jobs_argument, jobs_of, parallel_map

HELP = "把索引页、机关页、汇总页和数据下载写入文档文件夹（供 Zensical 等生成器使用）"
DESCRIPTION = (
    "读取 mkdocs.yml（docs_dir 和 govreport 插件的选项），检查全部报告，把索引页、机关页、汇总页、数据下载和样式表"
    "写入文档文件夹，供不运行 MkDocs 插件的生成器（如 Zensical）构建。生成的文件有标记并记在清单中：再次运行只改写变化的文件、"
    "删除不再生成的文件，不会覆盖不是它写的文件（除非 --force）。报告有错误时退出码为 1（--strict：有警告也是 1）。"
)
HELP_EN = (
    "Write the index, agency pages, summary, downloads and stylesheet into the docs folder for generators that do "
    "not run MkDocs plugins (Zensical): `govreport pages --strict && zensical build`. Idempotent, marked and "
    "listed in a manifest, cleaned up on the next run (`--clean` removes them); never overwrites a file it did not "
    "write without `--force`. Exit 1 on an error (`--strict`: on a warning)."
)

#: mkdocs.yml is read without running its tags (``!ENV``, ``!!python/name:``): only plain keys matter here.


class _AnyTagLoader(yaml.SafeLoader):
    pass


def _ignore_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_AnyTagLoader.add_multi_constructor("", _ignore_tag)
_AnyTagLoader.add_multi_constructor("!", _ignore_tag)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("-f", "--config-file", default="mkdocs.yml", metavar="FILE", help="站点配置文件（默认 mkdocs.yml）")
    p.add_argument("--strict", action="store_true", help="有警告时也以退出码 1 结束（与 mkdocs build --strict 相同）")
    p.add_argument("--force", action="store_true", help="覆盖已存在、但不是本命令生成（或生成后被修改过）的文件")
    p.add_argument("--clean", action="store_true", help="删除上次生成的全部文件，不再生成")
    add_jobs_argument(p)


def _load_config(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"找不到站点配置文件：{display_name(path)}（用 -f 指定）") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"无法读取站点配置文件 {display_name(path)}：{exc}") from None
    try:
        data = yaml.load(text, Loader=_AnyTagLoader)
    except yaml.YAMLError as exc:
        raise UsageError(f"站点配置文件 {display_name(path)} 不是有效的 YAML：{exc}") from None
    if not isinstance(data, dict):
        raise UsageError(f"站点配置文件 {display_name(path)} 应为键值映射")
    return data


def _plugin_config(cfg: dict[str, Any], path: Path) -> Any:
    """The ``govreport`` plugin's options from ``plugins:``, validated by the plugin's own option
    classes (found through its entry point, as MkDocs finds it); defaults when not listed."""
    options: Any = {}
    plugins = cfg.get("plugins") or []
    items = list(plugins.items()) if isinstance(plugins, dict) else [(p, None) if isinstance(p, str) else next(iter(p.items()), (None, None)) for p in plugins if isinstance(p, (str, dict))]
    for name, value in items:
        if name == "govreport":
            options = value if value is not None else {}
    if not isinstance(options, dict):
        raise UsageError(f"{display_name(path)}：govreport 插件的选项应为键值映射")
    from mkdocs.plugins import get_plugins

    plugin = get_plugins()["govreport"].load()()
    errors, _warnings = plugin.load_config(options, str(path))
    if errors:
        raise UsageError(f"{display_name(path)}：govreport 插件的选项有误：" + "；".join(f"{k}：{e}" for k, e in errors))
    return plugin.config


def _excluded(cfg: dict[str, Any]) -> Any:
    """A matcher of the pages MkDocs would leave out (``exclude_docs``, ``draft_docs``, dot files)."""
    import pathspec

    lines = [".*", "/templates/"]
    for key in ("exclude_docs", "draft_docs"):
        value = cfg.get(key)
        if isinstance(value, str):
            lines += value.splitlines()
    return pathspec.GitIgnoreSpec.from_lines(lines)


def _pages(docs: Path, root: str, cfg: dict[str, Any]) -> Iterator[tuple[str, Path]]:
    spec = _excluded(cfg)
    for path in sorted(docs.rglob("*")):
        if not path.is_file() or path.suffix.lower() not in (".md", ".markdown"):
            continue
        uri = path.relative_to(docs).as_posix()
        if uri.startswith(root + "/") or spec.match_file(uri):
            continue
        yield uri, path


def _parse(job: tuple[str, str, str]) -> Report | None:
    """One page, read and checked on its own (a worker's task): as the plugin reads it."""
    path, shown, shown_dir = job
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        from ..core.findings import Finding

        return Report.unreadable(shown, [Finding("S", f"无法读取文件：{exc.strerror}", shown, 1)])
    return parse_page(raw, shown, base_dir=Path(path).parent, display_dir=shown_dir)


def _stylesheet() -> str:
    return resources.files("mkdocs_govreport").joinpath("assets/govreport.css").read_text(encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    config_path = Path(args.config_file)
    cfg = _load_config(config_path)
    options = _plugin_config(cfg, config_path)
    root_dir = config_path.resolve().parent
    docs = root_dir / str(cfg.get("docs_dir") or "docs")
    if not docs.is_dir():
        raise UsageError(f"找不到文档文件夹：{display_name(docs)}（mkdocs.yml 的 docs_dir）")
    root = options.index.path
    if args.clean:
        result = clean_tree(docs, root)
        print(f"已删除 {len(result.removed)} 个生成的文件" + (f"；{len(result.kept)} 个生成后被修改过，保留：{'、'.join(result.kept)}" if result.kept else ""), file=sys.stderr)
        return EXIT_OK
    pages = list(_pages(docs, root, cfg))
    jobs = [(str(p), os.path.relpath(p, root_dir), os.path.dirname(os.path.relpath(p, root_dir))) for _uri, p in pages]
    reports: dict[str, Report] = {}
    for (uri, _p), report in zip(pages, parallel_map(_parse, jobs, jobs=jobs_of(args)), strict=True):
        if report is not None:
            reports[uri] = report
    groups = check_reports(list(reports.values()), levels=options.rules, threshold=options.sameness_threshold)
    files: dict[str, str] = {CSS_PATH: _stylesheet()}
    # each report page's findings as the whole site's checks left them, for the Markdown
    # extension rendering the page alone under Zensical
    by_uri = dict(pages)
    files[FINDINGS] = findings_json({uri: (source_key(by_uri[uri], r.dependencies), r.findings) for uri, r in reports.items()})
    paths = SitePaths(root)
    data: dict[str, str] = {}
    if options.downloads:
        data = build_downloads([Entry(uri, r) for uri, r in reports.items()], title=options.index.title)
    if options.index.enabled:
        names = sorted(data, key=lambda n: (DATA_FILES.index(n) if n in DATA_FILES else len(DATA_FILES), n))
        # file and line of findings only where the options ask for them on a published site
        locations = getattr(options, "source_locations", "serve") == "always"
        for uri, text in site_pages(reports, groups, paths, options.index.title, names, locations=locations).items():
            files[uri] = MARK_MD + text
    for name, text in data.items():
        files[paths.data(name)] = text
    try:
        result = write_tree(docs, root, files, force=args.force)
    except GeneratedError as exc:
        raise OutputError(str(exc)) from None
    except OSError as exc:
        raise OutputError(f"无法写入 {display_name(docs)}：{exc}") from None
    findings = [f for r in reports.values() for f in r.findings]
    active = [f for f in findings if not f.acknowledged]
    for f in findings:
        print(f.log_line() + (f"（已说明：{f.acknowledged}）" if f.acknowledged else ""))
    errors = sum(1 for f in active if f.severity == "error")
    warnings = len(active) - errors
    print(
        f"已在 {display_name(docs / root)} 生成 {len(files)} 个文件（写入 {len(result.written)} 个，未变 {len(result.unchanged)} 个，"
        f"删除 {len(result.removed)} 个）"
        + (f"；{len(result.kept)} 个旧文件生成后被修改过，保留未删：{'、'.join(result.kept)}" if result.kept else "")
        + f"。检查了 {len(reports)} 份报告：{errors} 个错误，{warnings} 个警告。",
        file=sys.stderr,
    )
    return EXIT_FINDINGS if errors or (args.strict and warnings) else EXIT_OK

