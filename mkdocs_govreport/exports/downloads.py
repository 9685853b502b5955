"""Open-data downloads: reports.json, the tidy tables reports.csv / cells.csv / facts.csv, wide
per-table CSVs, validation.csv and a Frictionless ``datapackage.json`` describing them all.

The same files come out of a site build (``<index.path>/data/``) and of the command line
(``govreport data PATH... -o DIR``).  Every column is derived from the field registry.
Missing cells are empty, never 0; amounts are exact decimal text.

Size at portal scale: the long table is tidy — one row per report × cell holding only the
report's number, the cell's number, the value and its status (``facts.csv``); what describes a
report (agency, year, format, page) is said once in ``reports.csv`` and what describes a cell
(table, row, column, pointer, the official labels) once in ``cells.csv``.  The package declares
the keys and foreign keys, so Frictionless checks every join.

Spreadsheets: every CSV starts with a UTF-8 byte-order mark (Excel on Chinese Windows reads it
as UTF-8 instead of the local code page), and every text cell is neutralised against formulas
(:func:`neutralise`).

The files are written report by report (:class:`DownloadsWriter`), in the final order, into
any text sink: strings in memory for a site build (:func:`build_downloads`), files on disk for
``govreport data`` (which never holds every report at once).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TextIO

from ..core.numbers import format_value
from ..core.report import Report, canonical_export
from ..registry import FORMATS, META_BY_KEY, Field, Record, Table, cell_pointer

Column = tuple[str, str, str, str]

#: The byte-order mark every CSV starts with (Excel reads the file as UTF-8 then).
BOM = "\ufeff"
#: How the CSV resources are encoded (Python's and Frictionless' name for UTF-8 with a BOM).
CSV_ENCODING = "utf-8-sig"


def _meta_columns(*keys: str) -> tuple[Column, ...]:
    """Lead columns naming a report: the top-level keys as ``registry.metadata`` describes them."""
    return tuple((k, META_BY_KEY[k].csv_type, META_BY_KEY[k].label, META_BY_KEY[k].description) for k in keys)


_PAGE: Column = ("page", "string", "报告页", "报告页的源文件路径")
_REPORT: Column = (
    "report",
    "integer",
    "报告编号",
    "本数据包中报告的编号（按机关标识、年度、报告页排序，从 1 起），只在同一次导出的文件之间对应",
)
_CELL: Column = (
    "cell",
    "integer",
    "单元格编号",
    "单元格在格式登记表中的编号（格式 × 表 × 行 × 列），见 cells.csv",
)

#: Columns of reports.csv: one row per report with table data.
REPORT_FIELDS: tuple[Column, ...] = (_REPORT, *_meta_columns("agency_id", "agency", "kind", "year", "format"), _PAGE)

#: Columns of cells.csv: the label dictionary, one row per cell of each format in use.
CELL_FIELDS: tuple[Column, ...] = (
    _CELL,
    ("format", "string", "表格格式", "2019 或 2021（国家规定的年度报告格式）"),
    ("table", "string", "表", "active（表二）、applications（表三）、review_litigation（表四）"),
    ("row", "string", "行", "行（或表四的组）的键，如 results.denied.state_secret"),
    ("column", "string", "列", "列的键，如 natural_person、total"),
    ("pointer", "string", "单元格指针", "单元格的 JSON 指针，与报告页 HTML 中的 data-pointer 相同"),
    ("row_label", "string", "行标签", "格式规定的行标签（含上级分组，以 › 连接）"),
    ("column_label", "string", "列标签", "格式规定的列标签"),
    ("type", "string", "数值类型", "integer：件数等整数；number：金额（万元，十进制）"),
)

#: Columns of facts.csv (the long table): report × cell, nothing repeated.
FACT_FIELDS: tuple[Column, ...] = (
    ("report", "integer", "报告编号", "reports.csv 中的报告编号"),
    ("cell", "integer", "单元格编号", "cells.csv 中的单元格编号"),
    ("value", "number", "数值", "单元格的数值；金额单位为万元；空 = 报告未填写（不是 0）"),
    ("status", "string", "来源", "reported：报告填写；computed：报告未填写、按格式计算的总计；missing：未填写"),
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

#: The files every download set has (the wide tables depend on the years and formats in use).
DATA_FILES = ("reports.json", "reports.csv", "facts.csv", "cells.csv", "validation.csv", "datapackage.json")


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


def csv_rows(rows: Iterable[Sequence[Any]]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([neutralise(c) for c in row] for row in rows)
    return buf.getvalue()


def _header(fields: Iterable[str]) -> str:
    return BOM + csv_rows([list(fields)])


def _cell_text(value: Any) -> str:
    return format_value(value)


# ---------------------------------------------------------------------------------------
# The cell dictionary


@cache
def cell_numbers() -> dict[tuple[str, str], int]:
    """``(format id, pointer) -> cell number``: every cell of every format, numbered from 1 in
    the registry's order (formats by id, then tables, rows, columns)."""
    out: dict[tuple[str, str], int] = {}
    for fid in sorted(FORMATS):
        for table in FORMATS[fid].tables:
            for record in table.records:
                for f in record.fields:
                    out[(fid, cell_pointer(table.key, record.path, f.key))] = len(out) + 1
    return out


def cell_rows(fids: Iterable[str]) -> list[list[str]]:
    """cells.csv rows for the formats ``fids``."""
    numbers = cell_numbers()
    rows: list[list[str]] = []
    for fid in sorted(set(fids)):
        for table in FORMATS[fid].tables:
            for record in table.records:
                label = row_label(record)
                for f in record.fields:
                    ptr = cell_pointer(table.key, record.path, f.key)
                    rows.append([str(numbers[(fid, ptr)]), fid, table.key, record.key, f.key, ptr, label, f.label, _type_of(f)])
    return rows


# ---------------------------------------------------------------------------------------
# One report's share


def fact_rows(entry: Entry) -> list[list[str]]:
    """facts.csv rows of one report, without the report's number: ``[cell, value, status]``."""
    r = entry.report
    if r.fmt is None:
        return []
    numbers = cell_numbers()
    rows: list[list[str]] = []
    for table in r.fmt.tables:
        for record in table.records:
            for f in record.fields:
                ptr = cell_pointer(table.key, record.path, f.key)
                cell = r.cells[ptr]
                rows.append([str(numbers[(r.fmt.id, ptr)]), _cell_text(cell.value), cell.status])
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


@cache
def wide_columns_for(fid: str, table_key: str) -> list[tuple[str, str, Field, Record]]:
    return wide_columns(FORMATS[fid].table(table_key))


def wide_name(table: str, year: int, fmt: str) -> str:
    return f"wide/{table}-{year}-f{fmt}.csv"


@dataclass
class Chunk:
    """One report's share of the downloads, pre-rendered: it depends on the report alone (not on
    the other reports, nor on its findings), so it can be made in a worker process or reused
    while the report is unchanged (``mkdocs serve``)."""

    json_text: str
    #: facts.csv lines without the report number: ``cell,value,status\\n`` each
    facts_text: str
    #: reports.csv line without the report number (starts with the separating comma)
    report_line: str
    #: table key -> the report's line of that table's wide CSV (empty without a year)
    wide: dict[str, str] = field(default_factory=dict)
    #: identity of the parsed report it was made from (cache check; not pickled meaningfully)
    key: tuple[int, int] = (0, 0)


def report_chunk(e: Entry) -> Chunk:
    """The share of a report with table data (``report.fmt`` set)."""
    r = e.report
    assert r.fmt is not None
    # compact separators keep the C encoder (an indent switches to the slow pure-Python one)
    json_text = json.dumps(canonical_export(r), ensure_ascii=False, separators=(",", ":"))
    facts_text = csv_rows(fact_rows(e))
    meta = [r.agency_id, r.agency, r.kind, "" if r.year is None else str(r.year), r.fmt.id, e.page]
    report_line = "," + csv_rows([meta])
    wide: dict[str, str] = {}
    if r.year is not None:
        for table in r.fmt.tables:
            wide[table.key] = csv_rows(
                [meta + [_cell_text(r.cells[ptr].value) for _n, ptr, _f, _r in wide_columns_for(r.fmt.id, table.key)]]
            )
    return Chunk(json_text, facts_text, report_line, wide, (id(r.cells), id(r.data)))


#: page -> one report's pre-rendered share of the downloads (kept by the caller across builds:
#: under ``mkdocs serve`` unchanged reports are not rendered again).
ChunkCache = dict[str, Chunk]


def _cached_chunk(e: Entry, cache: ChunkCache) -> Chunk:
    r = e.report
    cached = cache.get(e.page)
    if cached is not None and cached.key == (id(r.cells), id(r.data)):
        return cached
    chunk = cache[e.page] = report_chunk(e)
    return chunk


def sort_key(page: str, report: Report) -> tuple[str, int, str]:
    """The order of the reports in every download."""
    return (report.agency_id, report.year or 0, page)


# ---------------------------------------------------------------------------------------
# The package description


def _schema(
    fields: Sequence[Column], primary: Sequence[str] = (), foreign: Sequence[tuple[str, str]] = ()
) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [{"name": n, "type": t, "title": title, "description": d} for n, t, title, d in fields],
        "missingValues": [""],
    }
    if primary:
        schema["primaryKey"] = list(primary)
    if foreign:
        schema["foreignKeys"] = [{"fields": [col], "reference": {"resource": res, "fields": [col]}} for col, res in foreign]
    return schema


def _resource(name: str, path: str, title: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "path": path,
        "type": "table",
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": CSV_ENCODING,
        "title": title,
        "description": description,
        "dialect": {"csv": {"delimiter": ",", "lineTerminator": "\n", "quoteChar": '"', "doubleQuote": True}},
        "schema": schema,
    }


def _table_name(fid: str, table_key: str) -> str:
    table = FORMATS[fid].table(table_key)
    return f"{table.short_name} {table.caption}"


def wide_fields(fid: str, table_key: str) -> list[Column]:
    """Every column of a wide CSV with its type and Chinese title."""
    return list(WIDE_LEAD) + [
        (name, _type_of(f), f"{row_label(rec)} — {f.label}", f"单元格 {ptr}")
        for name, ptr, f, rec in wide_columns_for(fid, table_key)
    ]


def datapackage(title: str, wide: Iterable[tuple[str, int, str]]) -> dict[str, Any]:
    """The Frictionless description of the downloads; ``wide`` lists (table, year, format)."""
    resources: list[dict[str, Any]] = [
        {
            "name": "reports-json",
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
            "reports",
            "reports.csv",
            "报告一览",
            "每份有表格数据的报告一行：编号、机关、年度、格式、报告页。facts.csv 用编号指向这里。",
            _schema(REPORT_FIELDS, ("report",)),
        ),
        _resource(
            "cells",
            "cells.csv",
            "单元格字典（标签）",
            "所用格式的每个单元格一行：编号、表、行、列、单元格指针和格式规定的标签。facts.csv 用编号指向这里。",
            _schema(CELL_FIELDS, ("cell",)),
        ),
        _resource(
            "facts",
            "facts.csv",
            "全部单元格（长表）",
            "每份报告的每个单元格一行：报告编号 × 单元格编号、数值、来源（reported 报告填写、computed 计算值、missing 未填写）。"
            "机关、年度见 reports.csv，表、行、列和标签见 cells.csv。",
            _schema(FACT_FIELDS, ("report", "cell"), (("report", "reports"), ("cell", "cells"))),
        ),
        _resource(
            "validation",
            "validation.csv",
            "检查结果",
            "每份报告的全部检查发现（含已说明的问题及其说明、说明是否过期）。",
            _schema(VALIDATION_FIELDS),
        ),
    ]
    for tkey, year, fid in sorted(wide, key=lambda k: (k[1], k[2], k[0])):
        resources.append(
            _resource(
                f"{tkey}-{year}-f{fid}".replace("_", "-"),
                wide_name(tkey, year, fid),
                f"{year} 年度{_table_name(fid, tkey)}（{fid} 年格式，宽表）",
                f"{year} 年度使用 {fid} 年格式的报告，每份报告一行，每个单元格一列（列名为 行键.列键，中文标题见 title）。",
                _schema(wide_fields(fid, tkey), ("page",)),
            )
        )
    return {
        "name": "govreport-data",
        "title": title,
        "description": "政府信息公开工作年度报告的数据，由 mkdocs-govreport 从各报告页的数据生成。金额单位为万元；空单元格表示报告未填写，不是 0。",
        "resources": resources,
    }


# ---------------------------------------------------------------------------------------
# Writing, report by report

#: Opens one download (its path relative to the data folder) for writing text.
Opener = Callable[[str], TextIO]


class DownloadsWriter:
    """Writes the downloads report by report, in their final order (:func:`sort_key`).

    Only the open files are held, never the reports: a caller streaming thousands of reports
    keeps one at a time.  ``add`` takes the report with its final findings (the checks across
    reports already run) and its :class:`Chunk` (None for a report without table data, which
    only has validation rows)."""

    def __init__(self, opener: Opener, *, title: str = "政府信息公开工作年度报告数据") -> None:
        self._open = opener
        self.title = title
        self._streams: dict[str, TextIO] = {}
        self._count = 0
        self._fids: set[str] = set()
        self._wide: set[tuple[str, int, str]] = set()
        self._last: tuple[str, int, str] | None = None
        self._stream("reports.json").write("[")
        self._stream("reports.csv").write(_header(f[0] for f in REPORT_FIELDS))
        self._stream("facts.csv").write(_header(f[0] for f in FACT_FIELDS))
        self._stream("validation.csv").write(_header(f[0] for f in VALIDATION_FIELDS))

    def _stream(self, name: str) -> TextIO:
        s = self._streams.get(name)
        if s is None:
            s = self._streams[name] = self._open(name)
        return s

    @property
    def count(self) -> int:
        """Reports with table data written so far."""
        return self._count

    def add(self, page: str, report: Report, chunk: Chunk | None) -> None:
        key = sort_key(page, report)
        if self._last is not None and key < self._last:
            raise ValueError(f"downloads must be written in order: {key} after {self._last}")
        self._last = key
        rows = validation_rows(Entry(page, report))
        if rows:
            self._stream("validation.csv").write(csv_rows(rows))
        if chunk is None or report.fmt is None:
            return
        self._count += 1
        n = str(self._count)
        self._fids.add(report.fmt.id)
        self._stream("reports.json").write(("\n" if self._count == 1 else ",\n") + chunk.json_text)
        self._stream("reports.csv").write(n + chunk.report_line)
        if chunk.facts_text:
            # each line gets the report's number in front (one C-level replace, no row loop)
            self._stream("facts.csv").write(n + "," + chunk.facts_text[:-1].replace("\n", "\n" + n + ",") + "\n")
        if report.year is not None:
            for tkey, line in chunk.wide.items():
                wkey = (tkey, report.year, report.fmt.id)
                stream = self._stream(wide_name(*wkey))
                if wkey not in self._wide:
                    self._wide.add(wkey)
                    stream.write(_header([c[0] for c in WIDE_LEAD] + [c[0] for c in wide_columns_for(report.fmt.id, tkey)]))
                stream.write(line)

    def close(self) -> list[str]:
        """Finish every file (the cell dictionary and the package description last); returns
        the names written, in the order of the package's resources."""
        self._stream("reports.json").write("\n]\n")
        self._stream("cells.csv").write(_header(f[0] for f in CELL_FIELDS) + csv_rows(cell_rows(self._fids)))
        package = datapackage(self.title, self._wide)
        self._stream("datapackage.json").write(json.dumps(package, ensure_ascii=False, indent=1) + "\n")
        for s in self._streams.values():
            s.close()
        return [r["path"] for r in package["resources"]] + ["datapackage.json"]


class _Buffer(io.StringIO):
    """A StringIO whose text survives ``close`` (for the in-memory build)."""

    text = ""

    def close(self) -> None:
        self.text = self.getvalue()
        super().close()


def build_downloads(
    entries: Sequence[Entry], *, title: str = "政府信息公开工作年度报告数据", cache: ChunkCache | None = None
) -> dict[str, str]:
    """Every download as {relative path: text}.  ``entries`` are all reports of the site;
    ``cache`` (optional, kept by the caller) saves re-rendering unchanged reports."""
    entries = sorted(entries, key=lambda e: sort_key(e.page, e.report))
    buffers: dict[str, _Buffer] = {}

    def opener(name: str) -> TextIO:
        buf = buffers[name] = _Buffer()
        return buf

    writer = DownloadsWriter(opener, title=title)
    if cache is not None:
        for page in set(cache) - {e.page for e in entries if e.report.fmt is not None}:
            del cache[page]  # pages gone from the site
    for e in entries:
        chunk = None
        if e.report.fmt is not None:
            chunk = _cached_chunk(e, cache) if cache is not None else report_chunk(e)
        writer.add(e.page, e.report, chunk)
    names = writer.close()
    return {name: buffers[name].text for name in names}


def write_downloads(directory: Path, files: dict[str, str]) -> list[Path]:
    """Write the downloads into ``directory``; returns the paths written."""
    paths = []
    for rel, text in files.items():
        p = directory / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8", newline="")
        paths.append(p)
    return paths
