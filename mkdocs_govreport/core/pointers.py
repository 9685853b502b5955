"""JSON Pointers into a report's data, and their Chinese names for messages."""

from __future__ import annotations

from ..registry import FORMATS, META_BY_KEY, Format, Table


def escape_token(token: str) -> str:
    """One JSON Pointer reference token (RFC 6901: ``~`` → ``~0``, ``/`` → ``~1``)."""
    return token.replace("~", "~0").replace("/", "~1")


def pointer_of(path: tuple[object, ...] | list[object]) -> str:
    """The JSON Pointer of a path of keys and list indexes."""
    return "".join("/" + escape_token(str(p)) for p in path)


def table_name(fmt: Format | None, table_key: str) -> str:
    """``表三`` for ``applications``."""
    t = (fmt or FORMATS["2021"]).table_by_key.get(table_key)
    return t.short_name if t else table_key


def describe(fmt: Format | None, pointer: str) -> str:
    """Chinese name of a cell, record or key: ``表三“（一）予以公开”行“自然人”列``."""
    fmt = fmt or FORMATS["2021"]
    parts = [p for p in pointer.split("/") if p][:6]
    if not parts:
        return "报告数据"
    meta = META_BY_KEY.get(parts[0])
    if meta is not None:
        return meta.message_name
    table = fmt.table_by_key.get(parts[0])
    if table is None:
        return f"“{parts[0]}”"
    tname = table.short_name
    rest = tuple(parts[1:])
    # the longest record path that prefixes the rest
    for n in range(len(rest), 0, -1):
        record = table.by_path.get(rest[:n])
        if record is None:
            continue
        label = "›".join((*record.groups[1:], record.label)) if record.groups else record.label
        if n < len(rest):
            f = record.field(rest[n])
            if f is None and rest[n].isdigit() and int(rest[n]) < len(record.fields):
                # a row written as a list: the index is the column, in the official order
                f = record.fields[int(rest[n])]
            col = f"“{f.label}”" if f else f"“{rest[n]}”"
            if table.layout == "matrix":
                return f"{tname}“{label}”行{col}列"
            return f"{tname}“{label}”{col}"
        return f"{tname}“{label}”" + ("行" if table.layout == "matrix" else "")
    group = _group_label(table, rest)
    if group:
        return f"{tname}“{group}”"
    if rest:
        return f"{tname}“{'/'.join(rest)}”"
    return tname


def _group_label(table: Table, path: tuple[str, ...]) -> str:
    """The merged row-header label of a group of records (``results`` → 三、本年度办理结果)."""
    if not path:
        return ""
    for record in table.records:
        if record.path[: len(path)] == path and len(record.path) > len(path) and len(record.groups) >= len(path):
            return "›".join(record.groups[: len(path)][1:] or record.groups[:1]) if len(path) > 1 else record.groups[0]
    return ""


def cell_of_list_item(fmt: Format | None, pointer: str) -> str:
    """``/applications/results/partial/2`` (a row written as a list) -> the cell pointer
    ``/applications/results/partial/research``, so a finding marks the cell it is about."""
    head, _, last = pointer.rpartition("/")
    if fmt is None or not last.isdigit():
        return pointer
    parts = head.split("/")[1:]
    table = fmt.table_by_key.get(parts[0]) if parts else None
    record = table.by_path.get(tuple(parts[1:])) if table else None
    if record is None or int(last) >= len(record.fields):
        return pointer
    return f"{head}/{record.fields[int(last)].key}"
