"""The report object and the pipeline that builds it from a page source.

page source → front matter (strict loader, line map) → schema check (S) → totals filled →
rules (R1–R4, W4, W6–W8) → acknowledgements → :class:`Report`.

Pure functions, no MkDocs imports: the CLI, the Markdown extension, the plugin and the
tests all call :func:`parse_page` / :func:`parse_data`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from . import yamlload
from .findings import Acknowledgement, Finding, apply_acknowledgements, format_value
from .registry import (
    FIRST_YEAR,
    FORMATS,
    KINDS,
    MAX_VALUE,
    Field,
    Format,
    Record,
    Table,
    cell_pointer,
    format_for_year,
)
from .schema import ZERO

Status = Literal["reported", "computed", "missing"]

#: MkDocs' own front matter pattern (mkdocs.utils.meta.YAML_RE).
FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
#: Refuse page files larger than this many bytes.
MAX_FILE_BYTES = 2_000_000
DATA_KEY = "govreport"


@dataclass
class Cell:
    """One table cell: its value and where that value came from."""

    value: int | Decimal | None
    status: Status
    #: JSON Pointer of the YAML node the value was read from (for line numbers).
    source: str = ""


@dataclass
class Report:
    """A parsed, checked report."""

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
        return "government" if "人民政府" in self.agency else "department"

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
# Reading the page


def decode_source(raw: bytes, file: str) -> tuple[str | None, list[Finding]]:
    """Decode a page: UTF-8 only; a BOM or undecodable bytes are findings."""
    findings: list[Finding] = []
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Finding("S", f"文件过大（{len(raw)} 字节，上限 {MAX_FILE_BYTES}），已拒绝处理：一份年度报告不应这么大", file, 1)
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        findings.append(
            Finding(
                "S",
                "文件开头有 BOM（字节顺序标记）：请用“UTF-8（无 BOM）”编码保存，否则部分工具读不出页首数据",
                file,
                1,
                1,
            )
        )
    try:
        return raw.decode("utf-8"), findings
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        findings.append(
            Finding(
                "S",
                f"文件不是 UTF-8 编码（第 {exc.start} 字节处无法解码）：请用 UTF-8 编码另存此文件（如在记事本中“另存为”选 UTF-8）",
                file,
                line,
                col,
            )
        )
        return None, findings


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, line where the body starts)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    m = FRONT_MATTER_RE.match(text)
    if not m:
        return None, text, 1
    body = text[m.end() :]
    consumed = text[: m.end()].count("\n")
    stripped = body.lstrip("\n")
    consumed += len(body) - len(stripped)
    return m.group(1), stripped, consumed + 1


def looks_like_report(text: str) -> bool:
    """Cheap test used on every page of a site: does the front matter name ``govreport``?"""
    if not text.startswith("---"):
        return False
    # MkDocs reads files with universal newlines: old Mac ``\r`` endings are lines too
    text = text[:MAX_FILE_BYTES].replace("\r\n", "\n").replace("\r", "\n")
    m = FRONT_MATTER_RE.match(text)
    if not m:
        # an unterminated front matter that mentions govreport is still ours to report
        return _DATA_KEY_RE.search(text[:20000]) is not None
    return _DATA_KEY_RE.search(m.group(1)) is not None


#: ``govreport:`` as a key — also as a list item, so that front matter written as a list
#: (not a mapping) is reported instead of silently rendering a page without tables.
_DATA_KEY_RE = re.compile(r"^(?:-[ \t]+)?govreport[ \t]*:", re.MULTILINE)


def parse_page(raw: bytes | str, file: str, *, base_dir: Path | None = None, display_dir: str = "") -> Report | None:
    """Parse a Markdown page.  Returns None when the page is not a report.

    ``file`` names the page in messages.  ``base_dir`` is the page's directory on disk,
    needed when ``govreport:`` names a sibling YAML file; ``display_dir`` is how that
    directory is named in messages.
    """
    pre: list[Finding] = []
    if isinstance(raw, bytes):
        text, pre = decode_source(raw, file)
        if text is None:
            report = Report(file, file, {}, {}, None, findings=pre, readable=False)
            report.content_hash = hashlib.sha256(raw).hexdigest()
            return report
    else:
        text = raw
        if text.startswith("\ufeff"):
            text = text[1:]
    if not looks_like_report(text):
        return None
    content_hash = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    fm, body, body_line = split_front_matter(text)
    if fm is None:
        report = Report(file, file, {}, {}, None, body=text, body_line=1)
        report.findings = [*pre, Finding("S", "页首数据（front matter）没有结束：请在数据后单独一行写 ---", file, 1, 1)]
        report.content_hash = content_hash
        return report
    loaded = yamlload.load_front_matter_mapping(fm, 1, DATA_KEY)
    findings = pre + [Finding("S", p.message, file, p.line, p.column, p.pointer) for p in loaded.problems]
    front = loaded.value if isinstance(loaded.value, dict) else {}
    value = front.get(DATA_KEY)
    data_file = file
    positions = loaded.positions
    deps: tuple[str, ...] = ()
    if isinstance(value, str) and value.strip().endswith((".yaml", ".yml")) and base_dir is not None:
        rel = value.strip()
        data_path = (base_dir / rel).resolve()
        data_file = f"{display_dir.rstrip('/')}/{rel}" if display_dir not in ("", ".") else str(Path(file).parent / rel)
        deps = (str(data_path),)
        raw_data: bytes | None = None
        if Path(rel).is_absolute() or ".." in Path(rel).parts or "\\" in rel:
            # a page may only name data beside it: never another folder's files (a site
            # secret's .yml would otherwise be echoed back in the error messages)
            findings.append(
                Finding("S", f"数据文件“{rel}”应与报告页在同一文件夹（或其子文件夹）中：不能用绝对路径或 ..", file, positions.get("", (None, None))[0])
            )
            value, data_file, deps = None, file, ()
        else:
            try:
                raw_data = data_path.read_bytes()
            except OSError:
                findings.append(Finding("S", f"找不到数据文件“{rel}”（govreport: 指向的文件）", file, positions.get("", (None, None))[0]))
                value, data_file = None, file  # nothing more to say about a file that is not there
        if raw_data is not None:
            data_text, dec = decode_source(raw_data, data_file)
            findings += dec
            if data_text is not None:
                sub = yamlload.load(data_text, strict=True)
                findings += [Finding("S", p.message, data_file, p.line, p.column, p.pointer) for p in sub.problems]
                value, positions = sub.value, sub.positions
            else:
                value = None
    report = parse_data(value, file, data_file=data_file, positions=positions, body=body, body_line=body_line, pre=findings)
    report.content_hash = content_hash
    report.dependencies = deps
    return report


# ---------------------------------------------------------------------------------------
# Reading the data


def parse_data(
    value: Any,
    file: str,
    *,
    data_file: str | None = None,
    positions: dict[str, tuple[int, int]] | None = None,
    body: str = "",
    body_line: int = 1,
    pre: list[Finding] | None = None,
) -> Report:
    """Build a checked report from the loaded ``govreport`` mapping."""
    from . import assess, rules  # late import: both import this module

    data_file = data_file or file
    positions = positions or {}
    findings = list(pre or [])
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
        report = Report(file, data_file, {}, positions, None, body=body, body_line=body_line)
        report.findings = findings
        return report
    fmt, fmt_findings = choose_format(value, data_file, positions)
    findings += fmt_findings
    report = Report(file, data_file, value, positions, fmt, body=body, body_line=body_line)
    if fmt is not None:
        # a value the loader refused is already reported; its schema error would repeat it
        refused = {f.pointer for f in findings if f.pointer}
        findings += [f for f in rules.schema_findings(report) if f.pointer not in refused]
        report.cells = read_cells(fmt, value)
        fill_totals(fmt, report.cells)
        findings += rules.arithmetic_findings(report)
    findings += rules.report_findings(report)
    findings += assess.report_findings(report)  # T1–T7: the narrative against the tables
    report.acknowledgements, ack_findings = read_acknowledgements(value, data_file, positions)
    findings += ack_findings
    report.findings = findings
    apply_acknowledgements(report.findings, report.acknowledgements)
    return report


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
            return raw if 0 <= raw < MAX_VALUE else None
        if isinstance(raw, str) and re.fullmatch(r"(0|[1-9][0-9]*)(\.[0-9]+)?", raw) and len(raw) < 30:
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


_CellPlan = list[tuple[tuple[str, ...], Record, list[tuple[Field, str, int | None, int | None]]]]
_PLANS: dict[int, tuple[Format, _CellPlan]] = {}


def _cell_plan(fmt: Format) -> _CellPlan:
    """Per format, once: each record's data path and, per field, its pointer and its list
    position in a full row and in a row without the total (``_list_index``)."""
    cached = _PLANS.get(id(fmt))
    if cached is not None and cached[0] is fmt:
        return cached[1]
    plan: _CellPlan = []
    for table in fmt.tables:
        for record in table.records:
            full, part = len(record.fields), len(record.addend_fields)
            fields = [
                (f, cell_pointer(table.key, record.path, f.key), _list_index(record, f, full), _list_index(record, f, part))
                for f in record.fields
            ]
            plan.append(((table.key, *record.path), record, fields))
    _PLANS[id(fmt)] = (fmt, plan)
    return plan


def read_cells(fmt: Format, data: dict[str, Any]) -> dict[str, Cell]:
    """Every cell of the format, read from the authoring data (mapping, list or ``zero``)."""
    cells: dict[str, Cell] = {}
    for path, record, fields in _cell_plan(fmt):
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
                # same as _list_index(record, f, n), looked up from the plan
                index = at_full if n == full else at_part if n == part else None
                if index is not None:
                    item, item_src = raw[index], f"{src}/{index}"
            value = _as_value(item, f)
            cells[ptr] = Cell(value, "reported" if value is not None else "missing", item_src)
    return cells


def _list_index(record: Record, f: Field, length: int) -> int | None:
    """Position of a field in a row written as a list (the total may be left out)."""
    if length not in (len(record.addend_fields), len(record.fields)):
        return None  # wrong length: the schema finding says so; read nothing rather than guess
    if f.is_total:
        return record.fields.index(f) if length == len(record.fields) else None
    return record.fields.index(f)


def total_equations(fmt: Format) -> list[tuple[str, str, list[str], Table, Record, Field]]:
    """(rule, target pointer, addend pointers, table, record, field) for every sum in the format."""
    eqs: list[tuple[str, str, list[str], Table, Record, Field]] = []
    for table in fmt.tables:
        for record in table.records:
            tf = record.total_field
            if tf is not None and table.field_total_rule:
                eqs.append(
                    (
                        table.field_total_rule,
                        cell_pointer(table.key, record.path, tf.key),
                        [cell_pointer(table.key, record.path, f.key) for f in record.addend_fields],
                        table,
                        record,
                        tf,
                    )
                )
            if record.sum_of and table.record_total_rule:
                for f in record.fields:
                    eqs.append(
                        (
                            table.record_total_rule,
                            cell_pointer(table.key, record.path, f.key),
                            [cell_pointer(table.key, p, f.key) for p in record.sum_of],
                            table,
                            record,
                            f,
                        )
                    )
    return eqs


_EQUATIONS: dict[str, list[tuple[str, str, list[str], Table, Record, Field]]] = {}


def equations_for(fmt: Format) -> list[tuple[str, str, list[str], Table, Record, Field]]:
    if fmt.id not in _EQUATIONS:
        _EQUATIONS[fmt.id] = total_equations(fmt)
    return _EQUATIONS[fmt.id]


def fill_totals(fmt: Format, cells: dict[str, Cell]) -> None:
    """Compute the totals the author left out, where every addend is known.

    A total the author wrote is never overwritten; a total with a missing addend stays
    missing (a missing cell is never taken as zero).
    """
    eqs = equations_for(fmt)
    changed = True
    while changed:
        changed = False
        for _rule, target, addends, *_ in eqs:
            cell = cells[target]
            if cell.status != "missing":
                continue
            values = [cells[a].value for a in addends]
            if any(v is None for v in values):
                continue
            cells[target] = Cell(sum(values), "computed", cell.source)  # type: ignore[arg-type]
            changed = True


def read_acknowledgements(
    data: dict[str, Any], file: str, positions: dict[str, tuple[int, int]]
) -> tuple[list[Acknowledgement], list[Finding]]:
    acks: list[Acknowledgement] = []
    raw = data.get("acknowledge")
    if not isinstance(raw, list):
        return acks, []
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
    return acks, []


def canonical_export(report: Report) -> dict[str, Any]:
    """The authoring mapping with every total filled in, rows as full mappings, amounts as
    decimal strings and ``format`` always present (data-model.md §2).  Missing cells are
    ``null``: never zero."""
    out: dict[str, Any] = {}
    for key in ("agency", "agency_id", "kind", "year"):
        out[key] = getattr(report, key) if key != "year" else report.year
    out["format"] = report.format_id
    if report.published:
        out["published"] = report.published
    for key in ("title", "acknowledge", "provenance", "departments"):
        if key in report.data:
            out[key] = _jsonable(report.data[key])
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


def read_report_file(path: Path, display: str | None = None) -> Report | None:
    """Parse a page (``.md``) or a bare data file (``.yaml``) from disk."""
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return Report(name, name, {}, {}, None, findings=[Finding("S", f"无法读取文件：{exc.strerror}", name)])
    if path.suffix.lower() in (".yaml", ".yml"):
        text, pre = decode_source(raw, name)
        if text is None:
            return Report(name, name, {}, {}, None, findings=pre)
        loaded = yamlload.load(text, strict=True)
        value = loaded.value
        if isinstance(value, dict) and DATA_KEY in value and "agency" not in value:
            # a file holding ``govreport:`` at its top, like a front matter
            positions = {k[len("/" + DATA_KEY) :]: v for k, v in loaded.positions.items() if k.startswith("/" + DATA_KEY)}
            value = value[DATA_KEY]
        else:
            positions = loaded.positions
        probs = [Finding("S", p.message, name, p.line, p.column, p.pointer) for p in loaded.problems]
        report = parse_data(value, name, positions=positions, pre=pre + probs)
        report.content_hash = hashlib.sha256(raw).hexdigest()
        return report
    return parse_page(raw, name, base_dir=path.parent, display_dir=str(Path(name).parent))
