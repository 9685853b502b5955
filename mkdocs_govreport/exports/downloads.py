"""Open-data downloads: reports.json, facts.csv, wide per-table CSVs, validation.csv and a
Frictionless ``datapackage.json`` describing them all.

The same files come out of a site build (``<index.path>/data/``) and of the command line
(``govreport data PATH... -o DIR``).  Every column is derived from the field registry.
Missing cells are empty, never 0; amounts are exact decimal text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..core.numbers import format_value
from ..core.report import Report, canonical_export
from ..registry import FORMATS, META_BY_KEY, Field, Record, Table, cell_pointer

Column = tuple[str, str, str, str]


def _meta_columns(*keys: str) -> tuple[Column, ...]:
    """Lead columns naming a report: the top-level keys as ``registry.metadata`` describes them."""
    return tuple((k, META_BY_KEY[k].csv_type, META_BY_KEY[k].label, META_BY_KEY[k].description) for k in keys)


_PAGE: Column = ("page", "string", "报告页", "报告页的源文件路径")

#: Columns of facts.csv (the long table), with Table Schema types and Chinese titles.
FACT_FIELDS: tuple[Column, ...] = (
    *_meta_columns("agency_id", "agency", "year", "format"),
    ("table", "string", "表", "active（表二）、applications（表三）、review_litigation（表四）"),
    ("row", "string", "行", "行（或表四的组）的键，如 results.denied.state_secret"),
    ("column", "string", "列", "列的键，如 natural_person、total"),
    ("row_label", "string", "行标签", "格式规定的行标签（含上级分组，以 › 连接）"),
    ("column_label", "string", "列标签", "格式规定的列标签"),
    ("pointer", "string", "单元格指针", "单元格的 JSON 指针，与报告页 HTML 中的 data-pointer 相同"),
    ("value", "number", "数值", "单元格的数值；金额单位为万元；空 = 报告未填写（不是 0）"),
    ("status", "string", "来源", "reported：报告填写；computed：报告未填写、按格式计算的总计；missing：未填写"),
    _PAGE,
)

VALIDATION_FIELDS: tuple[Column, ...] = (
    *_meta_columns("agency_id", "agency", "year"),
    _PAGE,
    ("file", "string", "文件", "问题所在的文件（报告页或其数据文件）"),
    ("line", "integer", "行号", "问题所在的行"),
    ("column", "integer", "列号", "问题所在的列"),
    ("rule", "string", "规则", "规则编号（S、R1–R4、W1–W8 等）"),
    ("severity", "string", "级别", "error 或 warning"),
    ("pointer", "string", "单元格指针", "主要单元格的 JSON 指针"),
    ("pointers", "string", "相关单元格", "等式涉及的全部单元格指针，以空格分隔"),
    ("message", "string", "说明", "问题的中文说明（含等式两边的数字）"),
    ("values", "string", "比较的数字", "比较的数字（左边 / 右边）"),
    ("acknowledged", "boolean", "已说明", "作者是否已书面说明此问题"),
    ("note", "string", "作者说明", "作者的书面说明"),
    ("stale", "boolean", "说明已过期", "说明针对的数字已变化"),
    ("stale_note", "string", "过期提示", "说明过期的提示"),
)

WIDE_LEAD: tuple[Column, ...] = (*_meta_columns("agency_id", "agency", "kind", "year", "format"), _PAGE)

DATA_FILES = ("reports.json", "facts.csv", "validation.csv", "datapackage.json")


@dataclass
class Entry:
    """A report and the name of its page (site ``src_uri`` or a file path)."""

    page: str
    report: Report


def row_label(record: Record) -> str:
    return " › ".join((*record.groups, record.label))


def _type_of(f: Field) -> str:
    return "number" if f.kind == "amount" else "integer"


#: Spreadsheet programs run a cell that starts with one of these as a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


def neutralise(cell: Any) -> Any:
    """A CSV cell as text a spreadsheet shows and never runs: a text that would start a formula
    gets a leading apostrophe (numbers, negative ones included, stay numbers)."""
    if isinstance(cell, str) and cell.startswith(_FORMULA_START) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def _csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    return _csv_rows([header]) + _csv_rows(rows)


def _cell_text(value: Any) -> str:
    return format_value(value)


def fact_rows(entry: Entry) -> list[list[str]]:
    """facts.csv rows of one report: report × table × record × field."""
    r = entry.report
    if r.fmt is None:
        return []
    head = [r.agency_id, r.agency, "" if r.year is None else str(r.year), r.fmt.id]
    rows: list[list[str]] = []
    for table in r.fmt.tables:
        for record in table.records:
            label = row_label(record)
            for f in record.fields:
                ptr = cell_pointer(table.key, record.path, f.key)
                cell = r.cells[ptr]
                rows.append(
                    [*head, table.key, record.key, f.key, label, f.label, ptr, _cell_text(cell.value), cell.status, entry.page]
                )
    return rows


def validation_rows(entry: Entry) -> list[list[str]]:
    r = entry.report
    rows = []
    for f in r.findings:
        rows.append(
            [
                r.agency_id if r.data else "",
                r.agency if r.data else "",
                "" if r.year is None else str(r.year),
                entry.page,
                f.file,
                "" if f.line is None else str(f.line),
                "" if f.column is None else str(f.column),
                f.rule,
                f.severity,
                f.pointer,
                " ".join(f.pointers or ((f.pointer,) if f.pointer else ())),
                f.message,
                " / ".join(format_value(v) for v in f.values),
                "true" if f.acknowledged else "false",
                f.acknowledged or "",
                "true" if f.stale_note else "false",
                f.stale_note or "",
            ]
        )
    return rows


def wide_columns(table: Table) -> list[tuple[str, str, Field, Record]]:
    """(column name, pointer, field, record) of a table's wide CSV."""
    return [
        (f"{record.key}.{f.key}", cell_pointer(table.key, record.path, f.key), f, record)
        for record in table.records
        for f in record.fields
    ]


def _schema(fields: Sequence[Column], primary: Sequence[str] = ()) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [{"name": n, "type": t, "title": title, "description": d} for n, t, title, d in fields],
        "missingValues": [""],
    }
    if primary:
        schema["primaryKey"] = list(primary)
    return schema


def _resource(name: str, path: str, title: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "path": path,
        "type": "table",
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "title": title,
        "description": description,
        "dialect": {"csv": {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True}},
        "schema": schema,
    }


def _table_name(fid: str, table_key: str) -> str:
    table = FORMATS[fid].table(table_key)
    return f"{table.short_name} {table.caption}"


def wide_name(table: str, year: int, fmt: str) -> str:
    return f"wide/{table}-{year}-f{fmt}.csv"


@dataclass
class _Chunk:
    """One report's share of the downloads, pre-rendered (reused while the report is unchanged)."""

    cells: object  # identity of the parsed cells: a re-parsed report has new ones
    data: object
    json_text: str
    facts_text: str
    wide: dict[str, str]  # table key -> CSV line


#: page -> one report's pre-rendered share of the downloads (kept by the caller across builds:
#: under ``mkdocs serve`` unchanged reports are not rendered again).
ChunkCache = dict[str, _Chunk]


def _chunk(e: Entry, cache: ChunkCache) -> _Chunk:
    r = e.report
    cached = cache.get(e.page)
    if cached is not None and cached.cells is r.cells and cached.data is r.data:
        return cached
    assert r.fmt is not None
    # compact separators keep the C encoder (an indent switches to the slow pure-Python one)
    json_text = json.dumps(canonical_export(r), ensure_ascii=False, separators=(",", ":"))
    facts_text = _csv_rows(fact_rows(e))
    wide: dict[str, str] = {}
    if r.year is not None:
        for table in r.fmt.tables:
            wide[table.key] = _csv_rows(
                [
                    [r.agency_id, r.agency, r.kind, str(r.year), r.fmt.id, e.page]
                    + [_cell_text(r.cells[ptr].value) for _n, ptr, _f, _r in wide_columns_for(r.fmt.id, table.key)]
                ]
            )
    chunk = _Chunk(r.cells, r.data, json_text, facts_text, wide)
    cache[e.page] = chunk
    return chunk


def _csv_rows(rows: Iterable[Sequence[Any]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([neutralise(c) for c in row] for row in rows)
    return buf.getvalue()


@cache
def wide_columns_for(fid: str, table_key: str) -> list[tuple[str, str, Field, Record]]:
    return wide_columns(FORMATS[fid].table(table_key))


def build_downloads(
    entries: Sequence[Entry], *, title: str = "政府信息公开工作年度报告数据", cache: ChunkCache | None = None
) -> dict[str, str]:
    """Every download as {relative path: text}.  ``entries`` are all reports of the site;
    ``cache`` (optional, kept by the caller) saves re-rendering unchanged reports."""
    entries = sorted(entries, key=lambda e: (e.report.agency_id, e.report.year or 0, e.page))
    cache = {} if cache is None else cache
    out: dict[str, str] = {}
    exported = [e for e in entries if e.report.fmt is not None]
    chunks = [_chunk(e, cache) for e in exported]
    for page in set(cache) - {e.page for e in exported}:
        del cache[page]  # pages gone from the site
    out["reports.json"] = "[\n" + ",\n".join(c.json_text for c in chunks) + "\n]\n"
    out["facts.csv"] = _csv([f[0] for f in FACT_FIELDS], []) + "".join(c.facts_text for c in chunks)
    out["validation.csv"] = _csv(
        [f[0] for f in VALIDATION_FIELDS], [row for e in entries for row in validation_rows(e)]
    )
    resources: list[dict[str, Any]] = [
        {
            "name": "reports",
            "path": "reports.json",
            "type": "json",
            "scheme": "file",
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "title": "全部报告（规范 JSON）",
            "description": "每份报告的规范导出：总计补齐、表三每行七列、金额为十进制字符串（万元）、未填写为 null。键名见数据模型。",
        },
        _resource(
            "facts",
            "facts.csv",
            "全部单元格（长表）",
            "每份报告的每个单元格一行：报告 × 表 × 行 × 列，status 标明报告填写（reported）、计算值（computed）或未填写（missing）。",
            _schema(FACT_FIELDS, ("page", "pointer")),
        ),
        _resource(
            "validation",
            "validation.csv",
            "检查结果",
            "每份报告的全部检查发现（含已说明的问题及其说明、说明是否过期）。",
            _schema(VALIDATION_FIELDS),
        ),
    ]
    # wide tables: one file per (table, year, format); one row per report
    groups: dict[tuple[str, int, str], list[str]] = defaultdict(list)
    for e, c in zip(exported, chunks, strict=True):
        year, fid = e.report.year, e.report.format_id
        if year is None or fid is None:
            continue  # no wide row without a year (``c.wide`` is empty then)
        for tkey, line in c.wide.items():
            groups[(tkey, year, fid)].append(line)
    for (tkey, year, fid), lines in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][2], kv[0][0])):
        cols = wide_columns_for(fid, tkey)
        path = wide_name(tkey, year, fid)
        out[path] = _csv([c[0] for c in WIDE_LEAD] + [c[0] for c in cols], []) + "".join(lines)
        fields = list(WIDE_LEAD) + [
            (name, _type_of(f), f"{row_label(rec)} — {f.label}", f"单元格 {ptr}；空 = 未填写") for name, ptr, f, rec in cols
        ]
        resources.append(
            _resource(
                f"{tkey}-{year}-f{fid}".replace("_", "-"),
                path,
                f"{year} 年度{_table_name(fid, tkey)}（{fid} 年格式，宽表）",
                f"{year} 年度使用 {fid} 年格式的报告，每份报告一行，每个单元格一列（列名为 行键.列键）。",
                _schema(fields, ("page",)),
            )
        )
    package = {
        "name": "govreport-data",
        "title": title,
        "description": "政府信息公开工作年度报告的数据，由 mkdocs-govreport 从各报告页的数据生成。金额单位为万元；空单元格表示报告未填写，不是 0。",
        "resources": resources,
    }
    out["datapackage.json"] = json.dumps(package, ensure_ascii=False, indent=1) + "\n"
    return out


def write_downloads(directory: Path, files: dict[str, str]) -> list[Path]:
    """Write the downloads into ``directory``; returns the paths written."""
    paths = []
    for rel, text in files.items():
        p = directory / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8", newline="")
        paths.append(p)
    return paths
