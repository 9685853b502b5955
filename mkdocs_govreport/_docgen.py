"""Reference pages of the documentation, generated from the code they document.

The documentation site (``mkdocs-docs.yml``) calls these functions from its build hook
(``docs/hooks.py``), so the pages listing the authoring keys, the rules, the command line,
the plugin options and the download columns are rebuilt from the field registry, the rule
definitions, the command table, the config class and the export module on every build:
they cannot drift from the code.

Every function returns Markdown text (Chinese first, then an English section).
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import inspect
import re
from collections.abc import Callable, Iterator
from typing import Any

from mkdocs.config import config_options as c

from . import exports
from .cli import COMMANDS, build_parser, command_parsers
from .core.findings import SEVERITY_ZH
from .core.schema import schema_id
from .plugin.config import GovReportConfig
from .registry import FORMATS, KINDS, METADATA, RULES, Field, Format, Record, Table
from .registry.model import VALUE_KIND_EN as KIND_EN
from .registry.model import VALUE_KIND_ZH as KIND_ZH


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ").strip()


def _code(text: str) -> str:
    return f"`{text}`"


def _row_label(record: Record) -> str:
    parts = [g for g in record.groups if g] + [record.label]
    if record.block:
        parts.insert(0, record.block)
    return " › ".join(parts)


def _fields_text(fields: tuple[Field, ...]) -> str:
    out = []
    for f in fields:
        label = f"{_code(f.key)} {f.label}"
        if f.is_total:
            label += "（可省略）"
        out.append(label)
    return "；".join(out)


def _kinds(fields: tuple[Field, ...], names: dict[str, str]) -> str:
    return "、".join(dict.fromkeys(names[f.kind] for f in fields))


def _record_key(table: Table, record: Record) -> str:
    return f"{table.key}.{record.key}"


def record_keys(fmt: Format) -> Iterator[str]:
    """Every authoring key path of a format (``applications.results.denied.state_secret``)."""
    for table in fmt.tables:
        for record in table.records:
            yield _record_key(table, record)


# ---------------------------------------------------------------------------------------
# 撰写报告：every key


def fields_reference() -> str:
    """The authoring keys of every format, table by table, from :mod:`.registry`."""
    lines = [
        "# 键名参考 Authoring keys",
        "",
        "!!! info \"本页由字段登记表自动生成 / Generated from the field registry\"",
        "    本页在每次构建文档时由 `mkdocs_govreport.registry` 生成，与插件实际检查的键完全一致。",
        "    This page is generated from `mkdocs_govreport.registry` on every docs build.",
        "",
        "## 中文 { #zh }",
        "",
        "报告页页首 `govreport:` 之下的公共键：",
        "",
        "| 键 | 名称 | 必填 | 说明 |",
        "|---|---|---|---|",
        *(f"| `{m.key}` | {m.label} | {'是' if m.required else '否'} | {_cell(m.description)} |" for m in METADATA),
        "",
        f"机关类型 `kind`：{'、'.join(f'`{k}`（{v}）' for k, v in KINDS.items())}；省略时按机关名称判断，决定发布期限（W8）。",
        "",
    ]
    lines.append(keys_tables_zh())
    lines += [
        "## English { #en }",
        "",
        "The keys below are the data contract: they never change within a format version. Labels are",
        "the official Chinese text of the national formats and are printed exactly as shown.",
        "",
    ]
    for fmt in FORMATS.values():
        lines += [f"### Format {fmt.id} ({fmt.notice}, reports for {fmt.years})", ""]
        for table in fmt.tables:
            lines += [
                f"#### `{table.key}` — {table.title_en or table.title}",
                "",
                "| key | row label | fields | values |",
                "|---|---|---|---|",
            ]
            for record in table.records:
                fields = ", ".join(f"`{f.key}`" + (" (optional total)" if f.is_total else "") for f in record.fields)
                lines.append(
                    f"| `{_record_key(table, record)}` | {_cell(_row_label(record))} | {fields} | {_kinds(record.fields, KIND_EN).replace('、', '; ')} |"
                )
            lines.append("")
    return "\n".join(lines) + "\n"


def keys_tables_zh(level: int = 3) -> str:
    """Chinese tables of every key of every format (also embedded in the writing guide)."""
    h = "#" * level
    lines: list[str] = []
    for fmt in FORMATS.values():
        lines += [
            f"{h} {fmt.id} 年格式：{fmt.name}",
            "",
            f"依据：{fmt.notice}；适用于 {fmt.years}度报告。",
            "",
        ]
        for table in fmt.tables:
            lines += [f"{h}# `{table.key}`：{table.title}", ""]
            if table.layout == "matrix":
                cols = "、".join(f"`{f.key}` {f.label}" for f in table.records[0].fields)
                lines += [
                    f"每一行可写成按列键的映射，或按官方列顺序的 6 个数（不含总计）或 7 个数（含总计）的列表。列：{cols}。",
                    "",
                ]
            lines += ["| 键 | 表中的行 | 单元格（列） | 数值 |", "|---|---|---|---|"]
            for record in table.records:
                row = _row_label(record)
                if record.is_total:
                    row += "（可省略，由工具计算）"
                lines.append(
                    f"| `{_record_key(table, record)}` | {_cell(row)} | {_cell(_fields_text(record.fields))} "
                    f"| {_kinds(record.fields, KIND_ZH)} |"
                )
            if table.note:
                lines += ["", f"表下注：{table.note}"]
            lines.append("")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------
# 检查规则

def rules_reference() -> str:
    """Each rule of :data:`registry.RULES`: what it checks, a failing example, the fix."""
    lines = [
        "# 检查规则参考 Rules",
        "",
        "!!! info \"本页由规则定义自动生成 / Generated from the rule definitions\"",
        "    本页在每次构建文档时由 `mkdocs_govreport.registry.RULES` 生成。每个检查发现的问题都带有规则编号，",
        "    可在 `mkdocs.yml` 的 `rules:` 或命令行的 `--level` 中调整级别（error / warn / ignore）。",
        "",
        "## 中文 { #zh }",
        "",
        "| 编号 | 默认级别 | 名称 | 范围 |",
        "|---|---|---|---|",
    ]
    for r in RULES.values():
        scope = "跨年度 / 跨报告" if r.cross_year else "单份报告"
        lines.append(f"| [{r.id}](#rule-{r.id.lower()}) | {SEVERITY_ZH.get(r.severity, r.severity)} | {_cell(r.title)} | {scope} |")
    lines.append("")
    for r in RULES.values():
        lines += [
            f"### {r.id} {r.title} {{ #rule-{r.id.lower()} }}",
            "",
            f"**级别**：{SEVERITY_ZH.get(r.severity, r.severity)}（`{r.severity}`）"
            + ("；比较同一机关不同年度或不同机关的报告" if r.cross_year else ""),
            "",
            f"**检查什么**：{r.description}",
            "",
        ]
        if r.example:
            lines += ["**不通过的例子**：", "", "```text", r.example, "```", ""]
        if r.fix:
            lines += [f"**怎样改正**：{r.fix}", ""]
        if r.extra:
            lines += ["**参数**：" + "，".join(f"`{k}` = {v}" for k, v in r.extra.items()), ""]
    lines += [
        "## English { #en }",
        "",
        "Every finding carries one of these ids, a severity, the file and line, the JSON Pointer of",
        "the cells concerned and a Chinese message naming the row, the column and both numbers.",
        "Levels can be changed per rule (`rules: {W8: warn}` in `mkdocs.yml`, `--level W8=ignore`",
        "on the command line). The full Chinese definition, failing example and fix of each rule are",
        "in the section above.",
        "",
        "| id | default severity | rule | scope | what it checks |",
        "|---|---|---|---|---|",
    ]
    for r in RULES.values():
        title = r.title_en or r.title
        scope = "across years / reports" if r.cross_year else "one report"
        meaning = r.description_en or r.description
        lines.append(f"| [{r.id}](#rule-{r.id.lower()}) | {r.severity} | {_cell(title)} | {scope} | {_cell(meaning)} |")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------
# 命令行


def cli_commands() -> list[str]:
    """Names of the ``govreport`` sub-commands (``cli.COMMANDS``)."""
    return list(COMMANDS)


def cli_reference() -> str:
    """``govreport --help`` and each sub-command's help, from :data:`.cli.COMMANDS`."""
    parsers = command_parsers()
    main_help = build_parser()
    main_help.formatter_class = argparse_formatter
    lines = [
        "# 命令行参考 Command line",
        "",
        "!!! info \"本页由命令行的帮助自动生成 / Generated from the command's own help\"",
        "    本页在每次构建文档时由 `mkdocs_govreport.cli.COMMANDS` 生成，与 `govreport 命令 --help` 的输出相同。",
        "",
        "退出码 Exit codes：`0` 全部通过 clean；`1` 有问题 findings；`2` 用法错误 usage error（参数错误、找不到文件）；"
        "`3` 有文件被拒绝 a file refused（`import`）。",
        "",
        "| 命令 command | 作用 |",
        "|---|---|",
    ]
    for name, module in COMMANDS.items():
        lines.append(f"| [`govreport {name}`](#cmd-{name}) | {_cell(module.HELP)} |")
    lines += ["", "## govreport", "", "```text", main_help.format_help().rstrip(), "```", ""]
    for name, parser in parsers.items():
        lines += [f"## govreport {name} {{ #cmd-{name} }}", "", "```text", parser.format_help().rstrip(), "```", ""]
    lines += [
        "## English { #en }",
        "",
        "The help text above is the command's own (Chinese). Commands accept report pages (`.md`),",
        "data files (`.yaml`) and folders; findings are printed as `file:line:column: [rule] message`.",
        "",
        "| command | purpose |",
        "|---|---|",
    ]
    for name, module in COMMANDS.items():
        lines.append(f"| [`govreport {name}`](#cmd-{name}) | {_cell(module.HELP_EN)} |")
    lines.append("")
    return "\n".join(lines) + "\n"


def argparse_formatter(prog: str) -> argparse.HelpFormatter:
    """A fixed width: the page must not depend on the terminal the docs were built in."""
    return argparse.HelpFormatter(prog, width=96, max_help_position=32)


# ---------------------------------------------------------------------------------------
# 插件配置


def _attribute_docs(cls: type) -> dict[str, str]:
    """Attribute docstrings of a class (a string literal right after ``name = ...``)."""
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):  # pragma: no cover - no source (frozen install)
        return {}
    tree = ast.parse(inspect.cleandoc(source) if source.startswith((" ", "\t")) else source)
    docs: dict[str, str] = {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    for node, nxt in zip(body, [*body[1:], None], strict=True):
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(nxt, ast.Expr)
            and isinstance(nxt.value, ast.Constant)
            and isinstance(nxt.value.value, str)
        ):
            docs[node.targets[0].id] = inspect.cleandoc(nxt.value.value)
    return docs


def config_options() -> list[tuple[str, str, Any, str]]:
    """(option, type, default, doc) of every plugin option, sub-options dotted (``index.path``)."""
    out: list[tuple[str, str, Any, str]] = []

    def walk(cls: type, prefix: str) -> None:
        docs = _attribute_docs(cls)
        for name, option in cls._schema:  # type: ignore[attr-defined]
            # reST ``literal`` -> Markdown `literal`
            doc = re.sub(r"``(.+?)``", r"`\1`", " ".join(docs.get(name, "").split()))
            if isinstance(option, c.SubConfig):
                sub_cls = option.config_class
                out.append((prefix + name, "mapping", None, doc))
                walk(sub_cls, f"{prefix}{name}.")
                continue
            expected = getattr(option, "_type", None)
            if isinstance(option, c.DictOfItems):
                kind = "dict"
            elif isinstance(expected, tuple):
                kind = " or ".join(t.__name__ for t in expected)
            else:
                kind = getattr(expected, "__name__", type(option).__name__)
            out.append((prefix + name, kind, option.default, doc))

    walk(GovReportConfig, "")
    return out


def _yaml_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{}" if not value else str(value)
    return str(value)


#: Chinese text of the options (the English docstrings of the config class are the source; an
#: option missing here is shown with its English text only).
CONFIG_ZH = {
    "enabled": "关闭插件（页面按普通 Markdown 显示）。",
    "rules": "每条规则的级别：error、warn 或 ignore，如 {W8: warn, W6: ignore}。",
    "show_findings": "在表格旁显示检查发现的问题，并标出有问题的单元格。",
    "index": "跨年度索引页。",
    "index.enabled": "生成索引页（机关 × 年度总表、每个机关一页、汇总）。",
    "index.path": "索引页在网站中的文件夹。",
    "index.title": "索引页的标题。",
    "downloads": "在构建的网站中写入开放数据下载（reports.json、facts.csv 等）。",
    "sameness_threshold": "规则 T8：正文与同一机关上年报告重复的比例超过此百分数时警告。",
    "navigation": "网站导航：形状（compact、full、folders）和插件生成的导航条目的标题（网站写了 nav: 时不改动导航）。",
    "navigation.mode": "compact：每个页面的导航只有索引、汇总，以及在机关的页面上该机关的各年度（报告经索引页和机关页到达，报告页上有本机关其他年度的链接）；full：每个页面列出全部机关和年度；folders：保留 MkDocs 按文件夹生成的导航。",
    "navigation.index": "索引一节及索引页的导航标题。",
    "navigation.summary": "汇总页的导航标题。",
    "navigation.agencies": "机关一节的导航标题。",
    "navigation.agency_page": "机关页在该机关一节中的导航标题（该节以机关名称为标题）。",
    "navigation.year": "报告页在机关一节中的导航标题，{year} 处为年度。",
}


def config_reference() -> str:
    """The plugin options with types, defaults and docs, from :class:`.plugin.GovReportConfig`."""
    options = config_options()
    lines = [
        "# 插件配置参考 Plugin options",
        "",
        "!!! info \"本页由插件的配置类自动生成 / Generated from the plugin's config class\"",
        "    本页在每次构建文档时由 `mkdocs_govreport.plugin.GovReportConfig` 生成（选项、类型、默认值和说明）。",
        "",
        "在 `mkdocs.yml` 中 In `mkdocs.yml`:",
        "",
        "```yaml",
        "plugins:",
        "  - search",
        "  - govreport:",
    ]
    for name, _kind, default, _doc in options:
        depth = name.count(".")
        key = name.rsplit(".", 1)[-1]
        indent = "      " + "  " * depth
        if default is None and _kind == "mapping":
            lines.append(f"{indent}{key}:")
        else:
            lines.append(f"{indent}{key}: {_yaml_value(default)}")
    lines += [
        "```",
        "",
        "| 选项 option | 类型 type | 默认值 default | 说明 | description |",
        "|---|---|---|---|---|",
    ]
    for name, kind, default, doc in options:
        zh = CONFIG_ZH.get(name, "")
        lines.append(f"| `{name}` | {kind} | `{_cell(_yaml_value(default))}` | {_cell(zh)} | {_cell(doc)} |")
    lines += [
        "",
        "`rules` 中的规则编号见[检查规则](rules.md)；级别为 `error`、`warn` 或 `ignore`。",
        "Rule ids for `rules` are listed on the [rules page](rules.md); a level is `error`, `warn` or `ignore`.",
        "",
    ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------
# 数据下载：data dictionary


def data_dictionary() -> str:
    """Columns of every download, from :mod:`.exports`."""

    def table(fields: tuple[tuple[str, str, str, str], ...]) -> list[str]:
        rows = ["| 列 column | 类型 type | 名称 | 说明 |", "|---|---|---|---|"]
        rows += [f"| `{n}` | {t} | {_cell(title)} | {_cell(desc)} |" for n, t, title, desc in fields]
        return rows

    lines = [
        "# 数据字典 Data dictionary",
        "",
        "!!! info \"本页由导出模块自动生成 / Generated from the export code\"",
        "    本页在每次构建文档时由 `mkdocs_govreport.exports` 生成，列名与下载文件完全一致。",
        "",
        "网站构建时写入 `<index.path>/data/`，命令行 `govreport data PATH... -o DIR` 写入同样的文件：",
        "",
    ]
    lines += [f"- `{name}`" for name in exports.DATA_FILES]
    lines += [
        "- `wide/<表>-<年度>-f<格式>.csv`：每个年度、每张表一个宽表，每份报告一行",
        "",
        "空单元格表示报告未填写（不是 0）；金额为精确的十进制文本，单位万元。",
        "Empty cells are missing values (never 0); amounts are exact decimal text in 10,000 yuan.",
        "",
        "每个 CSV 以 UTF-8 的 BOM 开头（Excel 按 UTF-8 读取）；以 = + - @ 制表符或回车开头的文字前加撇号。",
        "Every CSV starts with a UTF-8 BOM; a text cell starting with = + - @ tab or CR gets a leading apostrophe.",
        "",
        "## reports.csv（报告一览 one row per report）",
        "",
        *table(exports.REPORT_FIELDS),
        "",
        "## cells.csv（单元格字典 label dictionary: one row per cell of each format in use）",
        "",
        *table(exports.CELL_FIELDS),
        "",
        "## facts.csv（长表 long table：每份报告的每个单元格一行 one row per report × cell）",
        "",
        "`report` 指向 reports.csv，`cell` 指向 cells.csv（数据包中声明为外键）。`report` refers to reports.csv, `cell` to cells.csv (foreign keys).",
        "",
        *table(exports.FACT_FIELDS),
        "",
        "## validation.csv（检查结果 findings）",
        "",
        *table(exports.VALIDATION_FIELDS),
        "",
        "## 宽表 wide tables",
        "",
        "前几列 Leading columns:",
        "",
        *table(exports.WIDE_LEAD),
        "",
        "之后每个单元格一列，列名为 `行键.列键`。Then one column per cell, named `row.column`:",
        "",
    ]
    for fmt in FORMATS.values():
        for t in fmt.tables:
            cols = exports.wide_columns_for(fmt.id, t.key)
            name = exports.wide_name(t.key, 0, fmt.id).replace("-0-", "-<年度>-")
            lines += [f"### `{name}`（{fmt.id} 年格式，{t.title}）", "", "| 列 column | 行 row | 列标签 column label |", "|---|---|---|"]
            for col in cols:
                colname, _ptr, f, rec = col
                lines.append(f"| `{colname}` | {_cell(_row_label(rec))} | {_cell(f.label)} |")
            lines.append("")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------
# 数据契约：what the versioning policy protects


def contract_parts() -> list[str]:
    """What the versioning policy protects (``docs/versioning.md``), one line each: the
    schema ids, every top-level key, every key path and field with its kind, every rule id and
    severity, every column of the downloads (name and type)."""
    parts: list[str] = []
    for fmt in FORMATS.values():
        parts.append(schema_id(fmt.id))
        for table in fmt.tables:
            for record in table.records:
                parts.append(f"{fmt.id}:{_record_key(table, record)}:{','.join(f.key + '/' + f.kind for f in record.fields)}")
    parts += [f"key:{m.key}:{'required' if m.required else 'optional'}" for m in METADATA]
    parts += [f"rule:{r.id}:{r.severity}" for r in RULES.values()]
    for name, columns in (
        ("reports", exports.REPORT_FIELDS),
        ("cells", exports.CELL_FIELDS),
        ("facts", exports.FACT_FIELDS),
        ("validation", exports.VALIDATION_FIELDS),
        ("wide", exports.WIDE_LEAD),
    ):
        parts += [f"column:{name}:{n}:{t}" for n, t, _title, _desc in columns]
    for fmt in FORMATS.values():
        for t in fmt.tables:
            parts += [f"column:{exports.wide_name(t.key, 0, fmt.id)}:{n}" for n, *_ in exports.wide_columns_for(fmt.id, t.key)]
    parts += [f"file:{name}" for name in exports.DATA_FILES]
    return parts


def contract_fingerprint() -> str:
    """A short hash of :func:`contract_parts`: it changes exactly when something the
    versioning policy covers changes, so a release note can say whether the contract moved."""
    return hashlib.sha256("\n".join(contract_parts()).encode("utf-8")).hexdigest()[:12]


def contract_reference() -> str:
    """The current data contract: schema ``$id`` of each format, key counts, rule ids."""
    lines = [
        "# 数据契约 Data contract",
        "",
        "!!! info \"本页由代码自动生成 / Generated from the code\"",
        "    本页列出当前版本的数据契约，规则见[版本与变更](../versioning.md)。",
        "",
        f"契约指纹 Contract fingerprint：`{contract_fingerprint()}`（Schema `$id`、顶层键、表格的键和字段、规则编号与级别、下载文件及其列任一变化时改变）",
        "",
        "| 格式 format | Schema `$id` | 行（记录）数 records | 单元格数 cells |",
        "|---|---|---|---|",
    ]
    for fmt in FORMATS.values():
        records = sum(len(t.records) for t in fmt.tables)
        lines.append(f"| {fmt.id} | `{schema_id(fmt.id)}` | {records} | {len(fmt.all_cells)} |")
    lines += [
        "",
        "规则编号 Rule ids：" + "、".join(f"`{r}`" for r in RULES),
        "",
        "全部键见[键名参考](keys.md)，下载文件的列见[数据字典](data.md)。",
        "Every key is on the [keys page](keys.md); download columns in the [data dictionary](data.md).",
        "",
    ]
    return "\n".join(lines) + "\n"


#: Markers in hand-written pages replaced by generated text (``<!-- docgen:keys -->``).
MARKERS: dict[str, Callable[[], str]] = {
    "<!-- docgen:keys -->": lambda: keys_tables_zh(level=3),
}

#: Generated pages: path inside the docs -> function producing its Markdown.
PAGES: dict[str, Callable[[], str]] = {
    "reference/keys.md": fields_reference,
    "reference/rules.md": rules_reference,
    "reference/cli.md": cli_reference,
    "reference/config.md": config_reference,
    "reference/data.md": data_dictionary,
    "reference/contract.md": contract_reference,
}
