"""HTML for the official tables.

Every text is escaped.  Tables carry the official merged headers (rowspan/colspan), a
``<caption>``, ``id`` on every header and ``headers`` on every data cell (WCAG H43).  The
``<table>`` itself has no class (Material then adds its scroll wrapper); classes go on the
wrapping ``div``.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from itertools import count

from ..core.findings import Finding
from ..core.numbers import format_value
from ..core.pointers import cell_of_list_item
from ..core.report import Cell, Report
from ..registry import HeaderNode, Record, Table, cell_pointer
from .escape import attr as _attr
from .findings import render_findings

CSS_PATH = "assets/govreport/govreport.css"


class _Cells:
    """Formats data cells, marking computed, missing and flagged ones."""

    def __init__(self, report: Report, flagged: dict[str, list[tuple[int, Finding]]], prefix: str) -> None:
        self.report = report
        self.flagged = flagged
        self.prefix = prefix
        self.any_computed = False
        self.any_missing = False

    def td(self, pointer: str, headers: Iterable[str], colspan: int = 1) -> str:
        cell = self.report.cells.get(pointer) or Cell(None, "missing")
        classes = ["gr-num"]
        span = f' colspan="{colspan}"' if colspan > 1 else ""
        if cell.status == "missing" or cell.value is None:
            self.any_missing = True
            classes.append("gr-missing")
            inner = '<span aria-hidden="true">—</span><span class="gr-sr">未填写</span>'
        else:
            inner = escape(format_value(cell.value))
            if cell.status == "computed":
                self.any_computed = True
                classes.append("gr-computed")
                inner += '<span class="gr-mark" aria-hidden="true">*</span><span class="gr-sr">（计算值）</span>'
        hits = self.flagged.get(pointer)
        if hits:
            open_ = [(i, f) for i, f in hits if not f.acknowledged]
            classes.append("gr-flag" if open_ else "gr-flag-ack")
            i, f = (open_ or hits)[0]
            inner = f'<a href="#{self.prefix}-f{i}" title="{_attr(f.rule + "：" + f.message)}">{inner}</a>'
        return (
            f'<td headers="{" ".join(headers)}" class="{" ".join(classes)}"{span} '
            f'data-pointer="{_attr(pointer)}">{inner}</td>'
        )


def column_header_rows(
    nodes: tuple[HeaderNode, ...], depth: int, ids: count[int], prefix: str
) -> tuple[list[list[tuple[HeaderNode, int, int, str]]], list[tuple[HeaderNode, list[str]]]]:
    """Rows of (node, rowspan, colspan, id) and the leaves with their ancestor ids."""
    rows: list[list[tuple[HeaderNode, int, int, str]]] = [[] for _ in range(depth)]
    leaves: list[tuple[HeaderNode, list[str]]] = []

    def walk(node: HeaderNode, level: int, ancestors: list[str], group: str) -> None:
        node_id = f"{prefix}-h{next(ids)}"
        rowspan = 1 if node.children else depth - level
        rows[level].append((node, rowspan, node.width, node_id))
        path = [*ancestors, node_id]
        if node.children:
            for child in node.children:
                walk(child, level + 1, path, node.key or group)
        else:
            leaves.append((HeaderNode(node.label, key=f"{group}/{node.key}" if group else node.key), path))

    for n in nodes:
        walk(n, 0, [], "")
    return rows, leaves


def _th(node_label: str, node_id: str, rowspan: int = 1, colspan: int = 1, scope: str = "col") -> str:
    attrs = f' id="{node_id}"'
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    if scope:
        attrs += f' scope="{scope}"'
    return f"<th{attrs}>{escape(node_label)}</th>"


def _render_matrix(table: Table, cells: _Cells, prefix: str) -> list[str]:
    ids = count(1)
    depth = max(n.depth for n in table.column_tree)
    row_depth = 1 + max(len(r.groups) for r in table.records)
    header_rows, leaves = column_header_rows(table.column_tree, depth, ids, prefix)
    out = ["<thead>"]
    for level, row in enumerate(header_rows):
        out.append("<tr>")
        if level == 0:
            out.append(_th(table.corner, f"{prefix}-corner", depth, row_depth, scope=""))
        for node, rowspan, colspan, node_id in row:
            scope = "colgroup" if node.children else "col"
            out.append(_th(node.label, node_id, rowspan, colspan, scope))
        out.append("</tr>")
    out.append("</thead><tbody>")
    # row groups: how many records each group label spans
    group_ids: dict[tuple[str, ...], str] = {}
    spans: dict[tuple[str, ...], int] = {}
    for r in table.records:
        for k in range(1, len(r.groups) + 1):
            spans[r.groups[:k]] = spans.get(r.groups[:k], 0) + 1
    for r in table.records:
        out.append("<tr>")
        row_headers: list[str] = []
        for k in range(1, len(r.groups) + 1):
            key = r.groups[:k]
            if key not in group_ids:
                group_ids[key] = f"{prefix}-g{next(ids)}"
                out.append(_th(key[-1], group_ids[key], spans[key], 1, "rowgroup"))
            row_headers.append(group_ids[key])
        row_id = f"{prefix}-r-{'-'.join(r.path)}"
        out.append(_th(r.label, row_id, 1, row_depth - len(r.groups), "row"))
        row_headers.append(row_id)
        for leaf, col_ids in leaves:
            out.append(cells.td(cell_pointer(table.key, r.path, leaf.key), row_headers + col_ids))
        out.append("</tr>")
    out.append("</tbody>")
    return out


def _render_groups(table: Table, cells: _Cells, prefix: str) -> list[str]:
    ids = count(1)
    depth = max(n.depth for n in table.column_tree)
    header_rows, leaves = column_header_rows(table.column_tree, depth, ids, prefix)
    out = ["<thead>"]
    for row in header_rows:
        out.append("<tr>")
        for node, rowspan, colspan, node_id in row:
            out.append(_th(node.label, node_id, rowspan, colspan, "colgroup" if node.children else "col"))
        out.append("</tr>")
    out.append("</thead><tbody><tr>")
    for leaf, col_ids in leaves:
        record_key, field_key = leaf.key.split("/")
        out.append(cells.td(cell_pointer(table.key, (record_key,), field_key), col_ids))
    out.append("</tr></tbody>")
    return out


def _render_blocks(table: Table, cells: _Cells, prefix: str) -> list[str]:
    width = 1 + table.max_fields
    out: list[str] = []
    blocks: list[tuple[str, list[Record]]] = []
    for r in table.records:
        if not blocks or blocks[-1][0] != r.block:
            blocks.append((r.block, []))
        blocks[-1][1].append(r)
    for b, (caption, records) in enumerate(blocks, 1):
        block_id = f"{prefix}-b{b}"
        out.append("<tbody>")
        out.append(f'<tr class="gr-block">{_th(caption, block_id, 1, width, "colgroup")}</tr>')
        fields = records[0].fields
        last_span = width - len(fields)
        head = [_th("信息内容", f"{block_id}-item", 1, 1, "col")]
        field_ids = []
        for i, f in enumerate(fields):
            fid = f"{block_id}-{f.key}"
            field_ids.append(fid)
            head.append(_th(f.label, fid, 1, last_span if i == len(fields) - 1 else 1, "col"))
        out.append('<tr class="gr-head">' + "".join(head) + "</tr>")
        for r in records:
            row_id = f"{prefix}-r-{'-'.join(r.path)}"
            tds = [
                cells.td(
                    cell_pointer(table.key, r.path, f.key),
                    [block_id, row_id, field_ids[i]],
                    last_span if i == len(fields) - 1 else 1,
                )
                for i, f in enumerate(r.fields)
            ]
            out.append("<tr>" + _th(r.label, row_id, 1, 1, "row") + "".join(tds) + "</tr>")
        out.append("</tbody>")
    return out


_LAYOUTS = {"matrix": _render_matrix, "groups": _render_groups, "blocks": _render_blocks}


def flagged_cells(report: Report) -> dict[str, list[tuple[int, Finding]]]:
    out: dict[str, list[tuple[int, Finding]]] = {}
    for i, f in enumerate(report.findings, 1):
        for p in f.pointers or ((f.pointer,) if f.pointer else ()):
            out.setdefault(cell_of_list_item(report.fmt, p), []).append((i, f))
    return out


def render_table(
    report: Report, table_key: str, *, prefix: str = "gr", show_findings: bool = True, locations: bool = True
) -> str:
    """One official table as HTML (with its findings box above it)."""
    if report.fmt is None or table_key not in report.fmt.table_by_key:
        return ""
    table = report.fmt.table(table_key)
    tprefix = f"{prefix}-{table.key}"
    cells = _Cells(report, flagged_cells(report) if show_findings else {}, prefix)
    body = _LAYOUTS[table.layout](table, cells, tprefix)
    parts = []
    if show_findings:
        own = [(i, f) for i, f in enumerate(report.findings, 1) if f.pointer.startswith(f"/{table.key}/") or f.pointer == f"/{table.key}"]
        parts.append(render_findings(own, prefix, f"{table.caption}：检查发现", locations=locations))
    parts.append(
        # data-search-exclude: Material's search indexes no table cells (they ran together
        # into one long number); the caption stays in the section heading
        f'<div class="gr-table gr-{table.layout}" data-govreport-table="{table.key}" tabindex="0" role="region" aria-label="{_attr(table.caption)}" '
        f'data-format="{report.fmt.id}" data-search-exclude>'
    )
    parts.append(f"<table><caption>{escape(table.caption)}</caption>")
    parts += body
    parts.append("</table></div>")
    notes = []
    if cells.any_computed:
        notes.append("带 * 的数字是报告未填写、由本工具按格式计算的总计。")
    if cells.any_missing:
        notes.append("“—”表示报告未填写该单元格（不作为 0 处理）。")
    if table.note:
        notes.append(table.note)
    if notes:
        parts.append('<div class="gr-notes">' + "".join(f"<p>{escape(n)}</p>" for n in notes) + "</div>")
    return "".join(p for p in parts if p)
