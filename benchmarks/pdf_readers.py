"""pypdf's text layer against pdfplumber's cells: which reads the report tables better.

    .venv/bin/python benchmarks/pdf_readers.py [--runs 3]

For each PDF of tests/fixtures/import/sources/ (report pages of the example site printed
by Chromium, and damaged variants: see make_fixtures.py there) both readers produce a
Document, the importer's extraction reads the tables from it, and every cell is compared
with the number the page prints (``expected.json``):

* exact   — the cell was read and is the printed number;
* wrong   — the cell was read and is another number (must be 0: never acceptable);
* missing — the cell was left missing (with a finding), including the cells that must be
  missing (a struck-through number) — those are counted under "must miss ok";

and the CPU time per file (median of ``--runs``).  Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mkdocs_govreport.importer.extract import extract  # noqa: E402
from mkdocs_govreport.importer.pdf import read_pdf_pdfplumber, read_pdf_pypdf  # noqa: E402
from mkdocs_govreport.importer.sources import Document  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "import" / "sources"
READERS: dict[str, Callable[[bytes], Document]] = {"pypdf": read_pdf_pypdf, "pdfplumber": read_pdf_pdfplumber}


def score(raw: bytes, reader: Callable[[bytes], Document], expected: dict[str, object]) -> dict[str, object]:
    doc = reader(raw)
    # the year and agency are given: this measures the tables, not the title's line wraps
    ex = extract(doc, "x.pdf", year=int(expected["year"]), agency=str(expected["agency"]))
    cells: dict[str, str] = expected["cells"]  # type: ignore[assignment]
    must_miss: list[str] = expected["missing"]  # type: ignore[assignment]
    got = {p: str(c.value) for p, c in ex.cells.items() if c.status == "value"}
    exact = sum(1 for p, v in cells.items() if got.get(p) == v)
    wrong = sorted(p for p, v in cells.items() if p in got and got[p] != v)
    wrong += sorted(p for p in must_miss if p in got)
    missing = sum(1 for p in cells if p not in got)
    miss_ok = sum(1 for p in must_miss if p not in got)
    return {"exact": exact, "wrong": wrong, "missing": missing, "miss_ok": miss_ok, "of": len(cells), "refused": ex.refused}


def cpu(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    expected = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
    pdfs = sorted(FIXTURES.glob("*.pdf"))
    print(f"{'file':34} {'reader':10} {'exact':>9} {'wrong':>5} {'missing':>7} {'must miss ok':>12} {'CPU s/file':>10}")
    totals: dict[str, list[int]] = {r: [0, 0, 0, 0] for r in READERS}
    for pdf in pdfs:
        raw = pdf.read_bytes()
        exp = expected[pdf.stem]
        for name, reader in READERS.items():
            s = score(raw, reader, exp)
            seconds = cpu(lambda reader=reader, raw=raw: reader(raw), args.runs)  # type: ignore[misc]
            wrong: list[str] = s["wrong"]  # type: ignore[assignment]
            t = totals[name]
            t[0] += s["exact"]  # type: ignore[operator]
            t[1] += len(wrong)
            t[2] += s["missing"]  # type: ignore[operator]
            t[3] += s["of"]  # type: ignore[operator]
            refused = f"  (refused: {s['refused']})" if s["refused"] else ""
            must = len(exp["missing"])
            print(
                f"{pdf.name:34} {name:10} {str(s['exact']) + '/' + str(s['of']):>9} {len(wrong):>5} {s['missing']:>7} "
                f"{str(s['miss_ok']) + '/' + str(must) if must else '-':>12} {seconds:>10.3f}{refused}"
            )
            for p in wrong[:5]:
                print(f"{'':45} wrong: {p}")
    print()
    for name, (exact, wrong, missing, of) in totals.items():
        print(f"{name:10} all files: exact {exact}/{of} ({exact / of:.1%}), wrong {wrong}, missing {missing}")


if __name__ == "__main__":
    main()
