"""The report: its data, its cells, and how they are read from a page (no checks here).

:func:`load_page` / :func:`load_data` / :func:`load_file` build an *unchecked* report: the
findings of reading it (encoding, YAML, format) and its cells with the totals the author left
out computed.  ``pipeline`` adds the checks.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from ..registry import (
    FIRST_YEAR,
    FORMATS,
    KINDS,
    MAX_VALUE,
    METADATA,
    Field,
    Figure,
    Format,
    cell_pointer,
    format_for_year,
    kind_of,
)
from . import yamlload
from .body import parse_body
from .findings import Acknowledgement, Finding
from .numbers import MAX_DIGITS, Number, format_value, significant_digits, sum_or_none
from .schema import ZERO
from .source import (
    DATA_KEY,
    PageData,
    decode_source,
    looks_like_report,
    near_miss_key,
    problems_as_findings,
    read_page_data,
    split_front_matter,
)

Status = Literal["reported", "computed", "missing"]


@dataclass
class Cell:
    """One table cell: its value and where that value came from."""

    value: int | Decimal | None
    status: Status
    #: JSON Pointer of the YAML node the value was read from (for line numbers).
    source: str = ""


@dataclass
class Report:
    """A report read from its page: data, cells, findings (those of reading, then of the checks)."""

    file: str  # the page, as named in messages
    data_file: str  # the file holding the YAML (the page, or a sibling .yaml)
    data: dict[str, Any]
    positions: dict[str, tuple[int, int]]
    fmt: Format | None
    cells: dict[str, Cell] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    acknowledgements: list[Acknowledgement] = field(default_factory=list)
    body: str = ""
    body_line: int = 1  # line of the page file where ``body`` starts
    content_hash: str = ""
    #: files besides the page that this report was read from (for live reload)
    dependencies: tuple[str, ...] = ()
    #: False when the file itself could not be read (encoding, size): nothing to render
    readable: bool = True
    #: False when ``govreport`` holds no mapping (nothing to check beyond what loading found)
    has_data: bool = True

    @classmethod
    def unreadable(cls, file: str, findings: list[Finding], *, readable: bool = False) -> Report:
        """A report that could not be read at all: just its findings."""
        return cls(file, file, {}, {}, None, findings=list(findings), readable=readable, has_data=False)

    # -- metadata -------------------------------------------------------------------
    @property
    def agency(self) -> str:
        value = self.data.get("agency")
        return value if isinstance(value, str) and value.strip() else "（未填写机关名称）"

    @property
    def agency_id(self) -> str:
        value = self.data.get("agency_id")
        if isinstance(value, str) and value:
            return value
        return derive_agency_id(self.agency)

    @property
    def kind(self) -> str:
        value = self.data.get("kind")
        if value in KINDS:
            return str(value)
        return kind_of(self.agency)

    @property
    def year(self) -> int | None:
        value = self.data.get("year")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def format_id(self) -> str | None:
        return self.fmt.id if self.fmt else None

    @property
    def published(self) -> str | None:
        value = self.data.get("published")
        return value if isinstance(value, str) else None

    @property
    def title(self) -> str:
        value = self.data.get("title")
        if isinstance(value, str) and value.strip():
            return value.strip()
        year = self.year if self.year is not None else ""
        return f"{self.agency}{year}年政府信息公开工作年度报告"

    # -- cells ----------------------------------------------------------------------
    def value(self, pointer: str) -> int | Decimal | None:
        cell = self.cells.get(pointer)
        return cell.value if cell else None

    def line_of(self, pointer: str) -> int | None:
        """Line in ``data_file`` of a cell or data key (nearest written ancestor)."""
        cell = self.cells.get(pointer)
        candidates = [cell.source] if cell and cell.source else []
        candidates.append(pointer)
        for p in candidates:
            while True:
                if p in self.positions:
                    return self.positions[p][0]
                if not p:
                    break
                p = p.rsplit("/", 1)[0]
        return None

    def column_of(self, pointer: str) -> int | None:
        cell = self.cells.get(pointer)
        p = cell.source if cell and cell.source else pointer
        pos = self.positions.get(p)
        return pos[1] if pos else None

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" and not f.acknowledged for f in self.findings)

    def active_findings(self) -> list[Finding]:
        """Findings not explained by the author."""
        return [f for f in self.findings if not f.acknowledged]

    def figure(self, fig: Figure) -> tuple[Number | None, bool]:
        """(value, applicable) of a figure: None when a cell is missing (never a partial sum),
        not applicable when the report's format has no such figure."""
        if self.fmt is None:
            return None, True
        pointers = fig.pointers(self.fmt)
        if not pointers:
            return None, False
        return sum_or_none(self.value(p) for p in pointers), True

    def canonical(self) -> dict[str, Any]:
        """The canonical export (data-model.md §2)."""
        return canonical_export(self)


def derive_agency_id(agency: str) -> str:
    """A stable id from the agency name (used when ``agency_id`` is absent)."""
    text = unicodedata.normalize("NFKC", agency).strip()
    ascii_part = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if ascii_part and ascii_part.isascii() and len(ascii_part) >= len(text) // 2:
        return ascii_part[:60]
    return "agency-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


# ---------------------------------------------------------------------------------------
# Loading (unchecked)


def load_page(raw: bytes | str, file: str, *, base_dir: Path | None = None, display_dir: str = "") -> Report | None:
    """Read a Markdown page.  Returns None when the page is not a report.

    ``file`` names the page in messages.  ``base_dir`` is the page's directory on disk,
    needed when ``govreport:`` names a sibling YAML file; ``display_dir`` is how that
    directory is named in messages.
    """
    pre: list[Finding] = []
    if isinstance(raw, bytes):
        text, pre = decode_source(raw, file)
        if text is None:
            report = Report.unreadable(file, pre)
            report.content_hash = hashlib.sha256(raw).hexdigest()
            return report
    else:
        text = raw
        if text.startswith("\ufeff"):
            text = text[1:]
    if not looks_like_report(text):
        return would_be_report(text, file, pre)
    content_hash = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    page = read_page_data(text, file, base_dir=base_dir, display_dir=display_dir, pre=pre)
    report = load_data(page.value, file, page=page)
    report.content_hash = content_hash
    report.dependencies = page.dependencies
    return report


#: A page with this many standard section headings (outside code) is a report by its looks.
REPORT_HEADINGS = 4


def would_be_report(text: str, file: str, pre: list[Finding]) -> Report | None:
    """A page that looks like a report but carries no report data — a mistyped ``govreport:``
    key, placement markers, or the standard section headings — is reported, not silently
    published without tables.  None for any other page."""
    fm, body, body_line = split_front_matter(text)
    sign: tuple[str, int] | None = None
    near = near_miss_key(fm) if fm is not None else None
    if near is not None:
        key, line = near
        sign = (f"页首数据中的键“{key}”像是拼错的 {DATA_KEY}：此页面因此没有报告数据，不会生成表格，也不会进入索引和数据下载；"
                f"请改成 {DATA_KEY}:", 1 + line)
    else:
        parsed = parse_body(body, None)
        if parsed.markers:
            m = parsed.markers[0]
            sign = (f"此页面有表格位置标记“{m.name}”，但页首数据中没有 {DATA_KEY}: 报告数据：表格不会生成。"
                    f"请在页首写 {DATA_KEY}: 数据（或删去标记）", body_line + m.line)
        elif len({h.key for h in parsed.headings}) >= REPORT_HEADINGS:
            h = parsed.headings[0]
            sign = (f"此页面有年度报告的标准章节（{len({x.key for x in parsed.headings})} 个），但页首数据中没有 {DATA_KEY}: "
                    "报告数据：表格不会生成，也不会进入索引和数据下载。如果这是报告，请在页首写 govreport: 数据", body_line + h.line)
    if sign is None:
        return None
    report = Report.unreadable(file, [*pre, Finding("S", sign[0], file, sign[1])], readable=True)
    report.body, report.body_line = body, body_line
    report.content_hash = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return report


def load_data(value: Any, file: str, *, page: PageData | None = None) -> Report:
    """A report from the loaded ``govreport`` mapping (``page``: where it was read from)."""
    data_file = page.data_file if page else file
    positions = page.positions if page else {}
    findings = list(page.findings) if page else []
    body, body_line = (page.body, page.body_line) if page else ("", 1)
    if not isinstance(value, dict):
        if value is not None or not findings:
            findings.append(
                Finding(
                    "S",
                    "govreport 的值必须是报告数据（“键: 值”映射），或指向同目录下的 .yaml 数据文件",
                    data_file,
                    positions.get("", (None, None))[0],
                )
            )
        return Report(file, data_file, {}, positions, None, findings=findings, body=body, body_line=body_line, has_data=False)
    fmt, fmt_findings = choose_format(value, data_file, positions)
    report = Report(file, data_file, value, positions, fmt, findings=findings + fmt_findings, body=body, body_line=body_line)
    if fmt is not None:
        report.cells = read_cells(fmt, value)
        fill_totals(fmt, report.cells)
    report.acknowledgements = read_acknowledgements(value, positions)
    return report


def load_file(path: Path, display: str | None = None) -> Report | None:
    """Read a page (``.md``) or a bare data file (``.yaml``) from disk (unchecked)."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Report.unreadable(name, [Finding("S", f"无法读取文件：{exc.strerror}", name)], readable=True)
    if path.suffix.lower() in (".yaml", ".yml"):
        text, pre = decode_source(raw, name)
        if text is None:
            return Report.unreadable(name, pre, readable=True)
        loaded = yamlload.load(text, strict=True)
        value = loaded.value
        if isinstance(value, dict) and DATA_KEY in value and "agency" not in value:
            # a file holding ``govreport:`` at its top, like a front matter
            positions = {k[len("/" + DATA_KEY) :]: v for k, v in loaded.positions.items() if k.startswith("/" + DATA_KEY)}
            value = value[DATA_KEY]
        else:
            positions = loaded.positions
        page = PageData(value, name, positions, "", 1, pre + problems_as_findings(loaded.problems, name))
        report = load_data(value, name, page=page)
        report.content_hash = hashlib.sha256(raw).hexdigest()
        return report
    return load_page(raw, name, base_dir=path.parent, display_dir=str(Path(name).parent))


def choose_format(data: dict[str, Any], file: str, positions: dict[str, tuple[int, int]]) -> tuple[Format | None, list[Finding]]:
    """The format of a report: the ``format`` key, else the year's format."""
    year = data.get("year")
    fmt_value = data.get("format")
    findings: list[Finding] = []
    if isinstance(year, int) and not isinstance(year, bool) and year < FIRST_YEAR:
        findings.append(
            Finding(
                "S",
                f"{year} 年度的报告适用 2008 年《条例》，没有全国统一的表格格式，本工具不处理 2018 年及以前的报告",
                file,
                positions.get("/year", (None, None))[0],
                pointer="/year",
            )
        )
        return None, findings
    if fmt_value is not None:
        key = str(fmt_value) if isinstance(fmt_value, (int, str)) and not isinstance(fmt_value, bool) else ""
        if key in FORMATS:
            return FORMATS[key], findings
        findings.append(
            Finding(
                "S",
                f"format 写的是“{format_value(fmt_value)}”，应为 2021 或 2019（或省略，按年度确定）",
                file,
                positions.get("/format", (None, None))[0],
                pointer="/format",
            )
        )
    if isinstance(year, int) and not isinstance(year, bool):
        fid = format_for_year(year)
        if fid:
            return FORMATS[fid], findings
    if not findings:
        # Without a format there is no schema to check against: say why, or a report with a
        # mistyped year (or none) would pass without a single error.
        line = positions.get("/year" if "year" in data else "", (None, None))[0]
        if "year" not in data:
            message = "缺少报告年度（year）：请写成整数年份，如 year: 2023（据此确定表格格式）"
        else:
            message = (
                f"报告年度（year）应为 {FIRST_YEAR} 年起的整数年份，如 2023，实际写的是“{format_value(year)}”"
                "：无法确定表格格式，表格未检查"
            )
        findings.append(Finding("S", message, file, line, pointer="/year"))
    return None, findings


def _as_value(raw: Any, f: Field) -> int | Decimal | None:
    """The cell value if ``raw`` is a valid value for the field, else None (never coerced)."""
    if isinstance(raw, bool):
        return None
    if f.kind == "amount":
        if isinstance(raw, int):
            return Decimal(raw) if 0 <= raw < MAX_VALUE else None
        if isinstance(raw, Decimal):
            return raw if 0 <= raw < MAX_VALUE and significant_digits(format(raw, "f")) <= MAX_DIGITS else None
        if isinstance(raw, str) and re.fullmatch(r"(0|[1-9][0-9]*)(\.[0-9]+)?", raw) and significant_digits(raw) <= MAX_DIGITS:
            try:
                d = Decimal(raw)
            except InvalidOperation:  # pragma: no cover - the pattern excludes it
                return None
            return d if d < MAX_VALUE else None
        return None
    if isinstance(raw, int):
        low = -MAX_VALUE + 1 if f.kind == "signed" else 0
        return raw if low <= raw < MAX_VALUE else None
    return None


def _walk(data: Any, path: tuple[str, ...]) -> tuple[Any, str, bool]:
    """Follow ``path`` in the data.  Returns (value, pointer of the node read, zero shorthand)."""
    node = data
    pointer = ""
    for key in path:
        if node == ZERO:
            return None, pointer, True
        if not isinstance(node, dict) or key not in node:
            return None, pointer, False
        node = node[key]
        pointer = f"{pointer}/{key}"
    return node, pointer, node == ZERO


def read_cells(fmt: Format, data: dict[str, Any]) -> dict[str, Cell]:
    """Every cell of the format, read from the authoring data (mapping, list or ``zero``)."""
    cells: dict[str, Cell] = {}
    for path, record, fields in fmt.cell_plan:
        raw, src, zero = _walk(data, path)
        full, part = len(record.fields), len(record.addend_fields)
        for f, ptr, at_full, at_part in fields:
            if zero:
                value: int | Decimal | None = Decimal(0) if f.kind == "amount" else 0
                cells[ptr] = Cell(value, "reported", src)
                continue
            item: Any = None
            item_src = src
            if isinstance(raw, dict):
                if f.key in raw:
                    item, item_src = raw[f.key], f"{src}/{f.key}"
            elif isinstance(raw, list):
                n = len(raw)
                index = at_full if n == full else at_part if n == part else None
                if index is not None:
                    item, item_src = raw[index], f"{src}/{index}"
            value = _as_value(item, f)
            cells[ptr] = Cell(value, "reported" if value is not None else "missing", item_src)
    return cells


def fill_totals(fmt: Format, cells: dict[str, Cell]) -> None:
    """Compute the totals the author left out, where every addend is known.

    A total the author wrote is never overwritten; a total with a missing addend stays
    missing (a missing cell is never taken as zero).
    """
    changed = True
    while changed:
        changed = False
        for eq in fmt.equations:
            cell = cells[eq.target]
            if cell.status != "missing":
                continue
            total = sum_or_none(cells[a].value for a in eq.addends)
            if total is None:
                continue
            cells[eq.target] = Cell(total, "computed", cell.source)
            changed = True


def read_acknowledgements(data: dict[str, Any], positions: dict[str, tuple[int, int]]) -> list[Acknowledgement]:
    """The author's explanations (``acknowledge:``); malformed items are rule S's business."""
    acks: list[Acknowledgement] = []
    raw = data.get("acknowledge")
    if not isinstance(raw, list):
        return acks
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            continue  # the schema finding names it
        rule, reason = item.get("rule"), item.get("reason")
        if not isinstance(rule, str) or not isinstance(reason, str):
            continue
        numbers = item.get("numbers")
        nums = tuple(format_value(n) for n in numbers) if isinstance(numbers, list) else None
        cell = item.get("cell") if isinstance(item.get("cell"), str) else ""
        line = positions.get(f"/acknowledge/{i}", (None, None))[0]
        acks.append(Acknowledgement(rule, reason.strip(), cell or "", nums, line))
    return acks


# ---------------------------------------------------------------------------------------
# The canonical export (data-model.md §2): the authoring mapping with every total filled in,
# every table-三 row as a mapping of all its columns, amounts as decimal strings and
# ``format`` always present.  Missing cells are ``null``: never zero.


def canonical_export(report: Report) -> dict[str, Any]:
    """The authoring mapping with every total filled in, rows as full mappings, amounts as
    decimal strings and ``format`` always present (data-model.md §2).  Missing cells are
    ``null``: never zero."""
    out: dict[str, Any] = {}
    for m in METADATA:  # the registry's order of the top-level keys
        if m.always_exported:
            out[m.key] = report.format_id if m.key == "format" else getattr(report, m.key)
        elif m.key == "published":
            if report.published:  # a date written as text; anything else is a rule-S error
                out[m.key] = report.published
        elif m.key in report.data:
            out[m.key] = _jsonable(report.data[m.key])
    if report.fmt is None:
        return out
    for table in report.fmt.tables:
        tdata: dict[str, Any] = {}
        for record in table.records:
            node = tdata
            for key in record.path[:-1]:
                node = node.setdefault(key, {})
            node[record.path[-1]] = {
                f.key: _export_value(report.cells[cell_pointer(table.key, record.path, f.key)].value)
                for f in record.fields
            }
        out[table.key] = tdata
    return out


def _export_value(value: int | Decimal | None) -> int | str | None:
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


