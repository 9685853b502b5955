"""One set of downloads from several (``govreport data --merge DIR... -o OUT``): the national path.

Each region runs ``govreport data`` on its own reports (in parallel, on its own machine if need
be); one merge then combines the folders.  Every input is already in the downloads' order
(agency, year, page), so the merge is a k-way merge of sorted streams — memory holds one line per
input, never the data — and the result is byte-identical to one ``govreport data`` run over all
the reports together, as long as no check needs reports of two batches at once: keep a government
and the departments its roll-up names (T9/T10) in the same batch, and each agency's years in one
batch (W1–W3, T8).  The report numbers are given anew; the cell dictionary and the package
description are written again from the registry.
"""

from __future__ import annotations

import csv
import heapq
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .downloads import (
    BOM,
    CELL_FIELDS,
    FACT_FIELDS,
    REPORT_FIELDS,
    VALIDATION_FIELDS,
    Opener,
    cell_rows,
    csv_rows,
    datapackage,
    wide_name,
)

Key = tuple[str, int, str]


class MergeError(Exception):
    """An input folder that is not a set of govreport downloads (message in Chinese)."""


def _key(agency_id: str, year: str, page: str) -> Key:
    return (agency_id, int(year) if year.isdigit() else 0, page)


def _lines(path: Path) -> Iterator[str]:
    """The data lines of one of our CSV files (header and BOM skipped), as written."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        header = fh.readline()
        if not header:
            return
        buf = ""
        for line in fh:
            buf += line
            if buf.count('"') % 2 == 0:  # a quoted cell may hold a line break
                yield buf
                buf = ""


def _row(line: str) -> list[str]:
    return next(csv.reader(io.StringIO(line)))


@dataclass
class _Source:
    folder: Path
    title: str
    wide: list[tuple[str, int, str]]


def _source(folder: Path) -> _Source:
    try:
        package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise MergeError(f"{folder} 不是 govreport data 写出的文件夹（没有可读的 datapackage.json）") from None
    if not isinstance(package, dict) or package.get("name") != "govreport-data":
        raise MergeError(f"{folder}/datapackage.json 不是 govreport data 写出的数据包")
    for name in ("reports.json", "reports.csv", "facts.csv", "validation.csv"):
        if not (folder / name).is_file():
            raise MergeError(f"{folder} 中缺少 {name}")
    wide = []
    for res in package.get("resources", []):
        path = str(res.get("path", ""))
        if path.startswith("wide/"):
            table, year, fmt = path[len("wide/") : -len(".csv")].rsplit("-", 2)
            wide.append((table, int(year), fmt[1:]))
    return _Source(folder, str(package.get("title") or ""), wide)


def _reports(src: _Source) -> Iterator[tuple[Key, list[str], str]]:
    """(key, reports.csv row, reports.json text) of each report, in order."""
    with open(src.folder / "reports.json", encoding="utf-8") as js:
        first = js.readline().strip()
        if first != "[":
            raise MergeError(f"{src.folder}/reports.json 不是 govreport data 写出的格式")
        for line in _lines(src.folder / "reports.csv"):
            row = _row(line)
            text = js.readline().rstrip("\n")
            if not text or text == "]":
                raise MergeError(f"{src.folder}：reports.json 与 reports.csv 的报告数不一致")
            yield _key(row[1], row[4], row[6]), row, text.removesuffix(",")


def _tagged(i: int, src: _Source) -> Iterator[tuple[Key, int, list[str], str]]:
    for key, row, text in _reports(src):
        yield key, i, row, text


def merge_downloads(folders: Sequence[Path], opener: Opener, *, title: str | None = None) -> list[str]:
    """Merge the download folders into one set written through ``opener``; the names written."""
    sources = [_source(Path(f)) for f in folders]
    title = title or next((s.title for s in sources if s.title), "政府信息公开工作年度报告数据")
    streams: dict[str, TextIO] = {}

    def out(name: str) -> TextIO:
        if name not in streams:
            streams[name] = opener(name)
        return streams[name]

    # reports.json, reports.csv and facts.csv: report by report in the merged order
    fact_iters = [_lines(s.folder / "facts.csv") for s in sources]
    pending: list[str | None] = [None] * len(sources)
    merged = heapq.merge(*[_tagged(i, s) for i, s in enumerate(sources)], key=lambda t: (t[0], t[1]))
    out("reports.json").write("[")
    out("reports.csv").write(BOM + ",".join(f[0] for f in REPORT_FIELDS) + "\n")
    out("facts.csv").write(BOM + ",".join(f[0] for f in FACT_FIELDS) + "\n")
    fids: set[str] = set()
    last: Key | None = None
    for n, (key, i, row, text) in enumerate(merged, start=1):
        if last is not None and key <= last:
            raise MergeError(f"报告 {key[2]} 出现在两个输入文件夹中，或输入文件夹不是按顺序写出的")
        last = key
        old = row[0]
        fids.add(row[5])
        out("reports.json").write(("\n" if n == 1 else ",\n") + text)
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow([str(n), *row[1:]])
        out("reports.csv").write(buf.getvalue())
        facts = out("facts.csv")
        while True:
            fact = pending[i] if pending[i] is not None else next(fact_iters[i], None)
            pending[i] = None
            if fact is None:
                break
            head, rest = fact.split(",", 1)
            if head != old:
                pending[i] = fact
                break
            facts.write(f"{n},{rest}")
    out("reports.json").write("\n]\n")
    out("cells.csv").write(BOM + ",".join(f[0] for f in CELL_FIELDS) + "\n" + csv_rows(cell_rows(fids)))
    # validation.csv and the wide tables: k-way merges of their lines by (agency, year, page)
    _merge_lines(out("validation.csv"), [s.folder / "validation.csv" for s in sources], VALIDATION_FIELDS, (0, 2, 3))
    wide_keys = sorted({k for s in sources for k in s.wide}, key=lambda k: (k[1], k[2], k[0]))
    for tkey, year, fid in wide_keys:
        name = wide_name(tkey, year, fid)
        files = [s.folder / name for s in sources if (tkey, year, fid) in s.wide]
        with open(files[0], encoding="utf-8-sig", newline="") as fh:
            header = fh.readline()
        w = out(name)
        w.write(BOM + header)
        for _k, line in heapq.merge(*[((_key(*_pick(_row(ln), (0, 3, 5))), ln) for ln in _lines(f)) for f in files], key=lambda t: t[0]):
            w.write(line)
    package = datapackage(title, wide_keys)
    out("datapackage.json").write(json.dumps(package, ensure_ascii=False, indent=1) + "\n")
    for s in streams.values():
        s.close()
    return [r["path"] for r in package["resources"]] + ["datapackage.json"]


def _pick(row: list[str], idx: tuple[int, int, int]) -> tuple[str, str, str]:
    return row[idx[0]], row[idx[1]], row[idx[2]]


def _merge_lines(w: TextIO, files: Sequence[Path], fields: Sequence[tuple[str, str, str, str]], idx: tuple[int, int, int]) -> None:
    w.write(BOM + ",".join(f[0] for f in fields) + "\n")
    for _k, line in heapq.merge(*[((_key(*_pick(_row(ln), idx)), ln) for ln in _lines(f)) for f in files], key=lambda t: t[0]):
        w.write(line)

