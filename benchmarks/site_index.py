"""Benchmark: cost of the whole-site work (cross-year checks, index pages, downloads).

Generates a site of N synthetic, consistent reports (``gensite.py``: agencies × 8 years, both
formats), builds it with MkDocs and prints the time spent in ``site.on_files`` by part, per
report, next to the whole build.  Usage::

    python benchmarks/site_index.py [N ...]      # default: 100 500 1000
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from gensite import make_docs  # the same consistent generated reports as benchmarks/run.py
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_govreport import site as site_module


def make_site(root: Path, n_reports: int, seed: int = 7) -> None:
    """N generated reports (see gensite.py) and a default-theme mkdocs.yml under ``root``."""
    make_docs(root / "docs", n_reports, seed)
    (root / "mkdocs.yml").write_text(
        "site_name: bench\ntheme: {name: mkdocs}\nplugins:\n  - govreport\n",
        encoding="utf-8",
    )


def run(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_site(root, n)
        cfg = load_config(str(root / "mkdocs.yml"))
        cfg.plugins.on_startup(command="serve", dirty=False)
        t0 = time.perf_counter()
        build(cfg)
        first = time.perf_counter() - t0
        t = dict(site_module.last_timings)
        # a second build with the parse cache warm, as under ``mkdocs serve``
        cfg2 = load_config(str(root / "mkdocs.yml"))
        t0 = time.perf_counter()
        build(cfg2)
        second = time.perf_counter() - t0
        t2 = dict(site_module.last_timings)
        size = sum(p.stat().st_size for p in (root / "site/reports-index/data").rglob("*") if p.is_file())
    reports = int(t["reports"])
    print(
        f"{reports:5d} reports | build {first:6.2f} s, rebuild {second:6.2f} s | site.on_files {t['total'] * 1000:7.1f} ms "
        f"(rebuild {t2['total'] * 1000:7.1f} ms) = {t2['total'] * 1000 / reports:.2f} ms/report: "
        f"cross-year {t2['cross'] * 1000:.1f}, downloads {t2['downloads'] * 1000:.1f}, "
        f"pages {t2['pages'] * 1000:.1f}, files {t2['files'] * 1000:.1f} ms | downloads {size / 1e6:.1f} MB"
    )


if __name__ == "__main__":
    for arg in sys.argv[1:] or ["100", "500", "1000"]:
        run(int(arg))
