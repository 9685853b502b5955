"""``govreport import`` on every shape of published report met in the wild.

Each fixture in ``fixtures/import/shapes`` is a small synthetic report of one shape (title
and metadata variants, table headings reworded, run-together rows, PDF text layers, HTML
split tables, blank columns ...) with a ``<name>.expected.json`` beside it: the agency, year,
format and kind the text states, and every printed cell (``null`` where the source leaves
the cell blank or where no rule can tell the number).  ``sample-*.expected.json`` hold the
same for the real samples in ``<repo root>/../shared/samples``.

Asserted for every case: every determinable cell exact, no number invented (a value where
the source has none, or a different value), the metadata found, and — for printed
inconsistencies — the finding of the right rule at the right cell.

``python tests/test_import_shapes.py`` prints the measurement (cells exact / total,
invented, refusals) over all cases.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from mkdocs_govreport.importer import ImportResult, import_file
from mkdocs_govreport.report import Report, parse_page

HERE = Path(__file__).resolve().parent
SHAPES = HERE / "fixtures" / "import" / "shapes"
SAMPLES = HERE.parent.parent / "shared" / "samples"


def _cases() -> list[Path]:
    return sorted(SHAPES.glob("*.expected.json"))


@dataclass
class Measure:
    """What importing one case gave, against its expected cells."""

    name: str
    refused: str | None = None
    expected_refusal: bool = False
    determinable: int = 0
    exact: int = 0
    invented: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    metadata: list[str] = field(default_factory=list)
    result: ImportResult | None = None
    report: Report | None = None


def _source(spec: dict[str, Any]) -> Path:
    if "sample" in spec:
        return SAMPLES / spec["sample"]
    return SHAPES / spec["source"]


def _same(expected: object, got: object) -> bool:
    if isinstance(expected, str):
        return isinstance(got, Decimal) and got == Decimal(expected)
    return type(got) is int and got == expected


def measure(path: Path) -> Measure:
    spec = json.loads(path.read_text(encoding="utf-8"))
    m = Measure(path.name.removesuffix(".expected.json"))
    m.expected_refusal = "refused" in spec
    result = import_file(_source(spec))
    m.result = result
    if result.page is None:
        m.refused = result.refused or ""
        return m
    report = parse_page(result.page, "imported.md")
    assert report is not None
    m.report = report
    for key in ("agency", "year", "kind", "published"):
        if key in spec and getattr(report, key) != spec[key]:
            m.metadata.append(f"{key}: {getattr(report, key)!r} != {spec[key]!r}")
    if "format" in spec and report.format_id != spec["format"]:
        m.metadata.append(f"format: {report.format_id} != {spec['format']}")
    if report.fmt is None:
        return m
    for record_pointer, values in spec.get("cells", {}).items():
        table, *path = record_pointer.strip("/").split("/")
        record = report.fmt.table(table).record(tuple(path))
        assert record is not None, record_pointer
        for f, want in zip(record.fields, values, strict=True):
            pointer = f"{record_pointer}/{f.key}"
            cell = report.cells[pointer]
            stated = cell.status == "reported"
            if want is None:
                if stated:
                    m.invented.append(f"{pointer}={cell.value}")
                continue
            m.determinable += 1
            if stated and _same(want, cell.value):
                m.exact += 1
            elif stated:
                m.invented.append(f"{pointer}={cell.value} (printed {want})")
            else:
                m.lost.append(pointer)
    return m


def _ids() -> list[str]:
    return [p.name.removesuffix(".expected.json") for p in _cases()]


@pytest.mark.parametrize("case", _cases(), ids=_ids())
def test_shape(case: Path) -> None:
    spec = json.loads(case.read_text(encoding="utf-8"))
    if "sample" in spec and not SAMPLES.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"shared samples not found at {SAMPLES}")
        pytest.skip("shared samples not available")
    m = measure(case)
    if "refused" in spec:
        assert m.refused is not None and spec["refused"] in m.refused, m.refused
        return
    assert m.refused is None, m.refused
    assert m.metadata == []
    assert m.invented == []
    assert m.lost == []
    assert m.exact == m.determinable > 0
    report, result = m.report, m.result
    assert report is not None and result is not None
    for want in spec.get("validate", []):
        hits = [f for f in report.findings if f.rule == want["rule"] and f.pointer == want["pointer"]]
        assert hits, f"no {want['rule']} at {want['pointer']}: {[(f.rule, f.pointer) for f in report.findings]}"
    for want in spec.get("import_findings", []):
        hits = [f for f in result.findings if f.rule == want["rule"] and f.pointer == want["pointer"]]
        assert hits, f"no {want['rule']} at {want['pointer']}: {[(f.rule, f.pointer) for f in result.findings]}"
    page = result.page or ""
    for note in spec.get("notes", []):
        assert note in page.split("\n---\n")[0]


def main() -> int:
    """Print the measurement over every case."""
    total = exact = invented = 0
    refused_wrongly: list[str] = []
    refused_rightly: list[str] = []
    for case in _cases():
        spec = json.loads(case.read_text(encoding="utf-8"))
        if "sample" in spec and not SAMPLES.is_dir():
            print(f"{case.name}: 缺少共享样本，跳过")
            continue
        m = measure(case)
        if m.refused is not None:
            (refused_rightly if m.expected_refusal else refused_wrongly).append(m.name)
            print(f"{m.name:45s} 拒绝：{m.refused[:60]}")
            continue
        total += m.determinable
        exact += m.exact
        invented += len(m.invented)
        extra = (f" 元数据：{m.metadata}" if m.metadata else "") + (f" 虚构：{m.invented[:3]}" if m.invented else "")
        lost = f" 丢失：{m.lost[:3]}…" if m.lost else ""
        print(f"{m.name:45s} {m.exact:4d}/{m.determinable:<4d}{extra}{lost}")
    share = 100 * exact / total if total else 0.0
    print(
        f"\n单元格准确 {exact}/{total}（{share:.1f}%），虚构 {invented}，"
        f"错误拒绝 {len(refused_wrongly)}（{', '.join(refused_wrongly)}），应拒绝且已拒绝 {len(refused_rightly)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
