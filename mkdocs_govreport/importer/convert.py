"""One source file in, one report page out (or a refusal with its reason)."""

from __future__ import annotations

import datetime as _dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..core.findings import Finding
from .extract import Extraction, extract
from .page import render_page
from .sources import MAX_INPUT_BYTES, SourceError, read_file, read_source

__all__ = ["MAX_INPUT_BYTES", "ImportResult", "import_bytes", "import_file"]


@dataclass
class ImportResult:
    """What importing one file gave: a page, or the reason it was refused."""

    source: str
    page: str | None = None
    refused: str | None = None
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    extraction: Extraction | None = None

    @property
    def status(self) -> str:
        if self.page is None:
            return "refused"
        return "findings" if self.findings else "imported"

    @property
    def cells_read(self) -> int:
        ex = self.extraction
        return sum(1 for c in ex.cells.values() if c.status == "value") if ex else 0

    @property
    def cells_split(self) -> int:
        ex = self.extraction
        return sum(1 for c in ex.cells.values() if c.status == "value" and c.how == "split") if ex else 0

    @property
    def cells_missing(self) -> int:
        """Addend cells of the format that the page leaves empty (totals are computed)."""
        ex = self.extraction
        if ex is None or ex.fmt is None:
            return 0
        n = 0
        for table in ex.fmt.tables:
            for record in table.records:
                if record.is_total:
                    continue
                for f in record.addend_fields:
                    from ..registry import cell_pointer

                    c = ex.cells.get(cell_pointer(table.key, record.path, f.key))
                    if c is None or c.status != "value":
                        n += 1
        return n


def importer_name() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"mkdocs-govreport {version('mkdocs-govreport')} (govreport import)"
    except PackageNotFoundError:  # pragma: no cover - running from a checkout
        return "mkdocs-govreport (govreport import)"


def import_bytes(
    raw: bytes,
    source: str,
    *,
    year: int | None = None,
    agency: str | None = None,
    format_id: str | None = None,
    agency_id: str | None = None,
    kind: str | None = None,
    today: str | None = None,
) -> ImportResult:
    """Import a report from its bytes.  Never raises for bad input: a refusal says why."""
    result = ImportResult(source)
    if len(raw) > MAX_INPUT_BYTES:
        result.refused = f"文件过大（{len(raw)} 字节，上限 {MAX_INPUT_BYTES}）：不像一份年度报告，已拒绝"
        return result
    try:
        doc = read_source(source, raw)
    except SourceError as exc:
        result.refused = str(exc)
        return result
    except RecursionError:
        result.refused = "文件结构嵌套过深，无法读取：不像一份正常的年度报告，已拒绝"
        return result
    except MemoryError:
        result.refused = "读取文件所需的内存超出限制：文件可能已损坏或是恶意构造的，已拒绝"
        return result
    ex = extract(doc, source, year=year, agency=agency, format_id=format_id)
    result.extraction = ex
    result.findings = ex.findings
    result.notes = ex.notes
    if ex.refused:
        result.refused = ex.refused
        return result
    result.page = render_page(
        doc,
        ex,
        source=source,
        sha256=hashlib.sha256(raw).hexdigest(),
        importer=importer_name(),
        imported=today or _dt.date.today().isoformat(),
        agency_id=agency_id,
        kind=kind,
    )
    return result


def import_file(path: Path, display: str | None = None, **options: object) -> ImportResult:
    """Import a report file (HTML, .docx, PDF, text)."""
    name = display or path.name
    try:
        raw = read_file(path)
    except SourceError as exc:
        return ImportResult(name, refused=str(exc))
    return import_bytes(raw, name, **options)  # type: ignore[arg-type]
