"""``govreport new``: a ready-to-fill report page, generated from the field registry."""

from __future__ import annotations

import unicodedata

from .core.body import SECTION_ORDER
from .core.report import derive_agency_id
from .html.escape import inert_markdown
from .registry import (
    FORMATS,
    META_BY_KEY,
    SECTION_HEADINGS,
    Record,
    Table,
    format_for_year,
    kind_of,
    publication_deadline,
)
from .registry.placeholders import FEE_PLACEHOLDER, FEE_SENTENCE, PLACEHOLDERS


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly ``text``: ``#``, ``:``, quotes and
    leading spaces stay text; control, format and line-separator characters are escaped."""
    out = ['"']
    for ch in text:
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") or ch == "\x85":
            code = ord(ch)
            out.append(f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def group_lines(record: Record, written: set[tuple[str, ...]]) -> list[str]:
    """The YAML lines opening the groups above a record (``results:``, ``denied:``), each once,
    with the group's official label as a comment; ``written`` remembers those already opened."""
    lines = []
    for depth in range(1, len(record.path)):
        prefix = record.path[:depth]
        if prefix not in written:
            written.add(prefix)
            group = record.groups[depth - 1] if depth - 1 < len(record.groups) else ""
            lines.append(f"    {'  ' * (depth - 1)}{prefix[-1]}:   # {group}")
    return lines


def _table_yaml(table: Table) -> list[str]:
    lines = [f"  {table.key}:   # {table.title}"]
    written: set[tuple[str, ...]] = set()
    for record in table.records:
        if record.is_total:
            lines.append(f"    {'  ' * (len(record.path) - 1)}# {record.path[-1]}：{record.label}（可省略，由工具计算）")
            continue
        lines += group_lines(record, written)
        indent = "    " + "  " * (len(record.path) - 1)
        if table.layout == "matrix":
            cols = "、".join(f.label for f in record.addend_fields)
            lines.append(f"{indent}{record.path[-1]}: [0, 0, 0, 0, 0, 0]   # {record.label}（{cols}）")
        else:
            fields = ", ".join(f"{f.key}: 0" for f in record.addend_fields)
            labels = "、".join(f.label for f in record.addend_fields)
            lines.append(f"{indent}{record.path[-1]}: {{{fields}}}   # {record.label}：{labels}")
    return lines


def new_report_page(agency: str, year: int, format_id: str | None = None, *, kind: str | None = None) -> str:
    """The Markdown of a new report page: every key, a Chinese comment beside each cell."""
    fid = format_id or format_for_year(year) or "2021"
    fmt = FORMATS[fid]
    kind = kind or kind_of(agency)
    deadline = publication_deadline(kind, year).isoformat()

    def note(key: str) -> str:
        return META_BY_KEY[key].template_note or META_BY_KEY[key].label

    lines = [
        "---",
        "govreport:",
        f"  agency: {yaml_quote(agency)}   # {note('agency')}",
        f"  agency_id: {yaml_quote(derive_agency_id(agency))}   # {note('agency_id')}",
        f"  kind: {kind}   # {note('kind')}",
        f"  year: {year}   # {note('year')}",
        f"  format: {fid}   # {fmt.name}（{fmt.notice}）",
        f"  # published: {deadline}   # {note('published')}，应不晚于 {deadline}",
        "  # 以下每个数字都要填写；没有就写 0，不能空着。总计可以不写，由工具计算并核对。",
        "  # 某张表全部为 0 时，可以写成“active: zero”这样的简写。",
    ]
    for table in fmt.tables:
        lines += _table_yaml(table)
    lines.append("---")
    lines.append("")
    lines.append(f"# {inert_markdown(agency)}{year}年政府信息公开工作年度报告")
    lines.append("")
    for key in SECTION_ORDER:
        lines.append(f"## {SECTION_HEADINGS[key]}")
        lines.append("")
        if key == "other_matters" and fmt.requires_fee_statement:
            lines.append(FEE_SENTENCE + FEE_PLACEHOLDER)
        elif key in PLACEHOLDERS:
            lines.append(PLACEHOLDERS[key])
        else:
            lines.append(f"<!-- govreport {key} -->")
        lines.append("")
    return "\n".join(lines)
