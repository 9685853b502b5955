"""An Excel workbook of the downloads (``govreport data --xlsx``): what an office opens directly.

One sheet per CSV of the data package except the long ``facts.csv`` (its numbers are all in the
wide sheets, one row per report): the report list, every wide table, the findings and the cell
dictionary.  The header row is the Chinese title of each column (the Table Schema's ``title``);
numbers are numbers (amounts exact, as decimal numbers), text is always text — a cell is never
a formula, whatever it starts with.  Written with openpyxl in write-only mode (rows streamed
from the CSV files, bounded memory), with fixed timestamps, so the same data gives the same
bytes.  openpyxl is an optional dependency: ``pip install 'mkdocs-govreport[xlsx]'``.
"""

from __future__ import annotations

import csv
import json
import os
import re
import zipfile
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..registry import FORMATS

#: Workbook timestamps (the same data gives the same bytes).
_EPOCH = datetime(2000, 1, 1)


class MissingDependencyError(Exception):
    """openpyxl is not installed."""


def require() -> None:
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise MissingDependencyError("写 Excel 工作簿需要 openpyxl：pip install 'mkdocs-govreport[xlsx]'") from None


_WIDE = re.compile(r"wide/(?P<table>[a-z_]+)-(?P<year>[0-9]+)-f(?P<fmt>[0-9]+)\.csv")


def _sheet_title(resource: dict[str, Any], used: set[str]) -> str:
    title = str(resource.get("title") or resource["name"])
    m = _WIDE.fullmatch(str(resource.get("path", "")))
    if m and m["fmt"] in FORMATS and m["table"] in FORMATS[m["fmt"]].table_by_key:
        # a sheet name has at most 31 characters: “2023 表三（2021 格式）”
        title = f"{m['year']} {FORMATS[m['fmt']].table(m['table']).short_name}（{m['fmt']} 格式）"
    for ch in "[]:*?/\\":
        title = title.replace(ch, " ")
    base = title[:31]
    n = 2
    while base in used:
        suffix = f"({n})"
        base = title[: 31 - len(suffix)] + suffix
        n += 1
    used.add(base)
    return base


def _value(text: str, kind: str) -> Any:
    if text == "":
        return None
    if kind == "integer":
        try:
            return int(text)
        except ValueError:
            return text
    if kind == "number":
        try:
            return Decimal(text)
        except InvalidOperation:
            return text
    return text


def write_workbook(data: Path, target: Path) -> None:
    """The workbook of the downloads in ``data`` (with their ``datapackage.json``)."""
    require()
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    wb = Workbook(write_only=True)
    wb.properties.created = _EPOCH
    wb.properties.modified = _EPOCH
    wb.properties.creator = "mkdocs-govreport"
    used: set[str] = set()
    for res in package["resources"]:
        if res.get("format") != "csv" or res["path"] == "facts.csv":
            continue
        fields = res["schema"]["fields"]
        kinds = [f["type"] for f in fields]
        ws = wb.create_sheet(_sheet_title(res, used))
        ws.append([f.get("title") or f["name"] for f in fields])
        with open(data / res["path"], encoding="utf-8-sig", newline="") as fh:
            rows = csv.reader(fh)
            next(rows, None)
            for row in rows:
                cells = []
                for text, kind in zip(row, kinds, strict=False):
                    cell = WriteOnlyCell(ws, value=_value(text, kind))
                    if isinstance(cell.value, str):
                        cell.data_type = "s"  # text, even when it starts with "=": never a formula
                    cells.append(cell)
                ws.append(cells)
    tmp = target.with_name(target.name + ".tmp")
    wb.save(tmp)
    _fix_timestamps(tmp, target)


def _fix_timestamps(source: Path, target: Path) -> None:
    """Rewrite the zip with fixed entry times (openpyxl stamps the current time)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" when saving
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", data)
            fixed = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            zout.writestr(fixed, data)
    os.unlink(source)
