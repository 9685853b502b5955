"""Benchmark: cost of the whole-site work (cross-year checks, index pages, downloads).

Generates a site of N synthetic, consistent reports (agencies × years 2019–2023, both
formats), builds it with MkDocs and prints the time spent in ``site.on_files`` by part, per
report, next to the whole build.  Usage::

    python benchmarks/site_index.py [N ...]      # default: 100 500 1000
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_govreport import site as site_module
from mkdocs_govreport.registry import FORMATS, format_for_year

YEARS = (2019, 2020, 2021, 2022, 2023)


def _rows(rng: random.Random, fid: str, carried_over: list[int]) -> tuple[list[str], list[int]]:
    """Table 三 lines (6 columns each) satisfying R1, and this year's carried_forward."""
    table = FORMATS[fid].table("applications")
    results = [r for r in table.records if r.path[0] == "results" and not r.is_total]
    new = [rng.randint(0, 30) for _ in range(6)]
    fwd = [rng.randint(0, min(3, n + o)) for n, o in zip(new, carried_over, strict=True)]
    per_result = {r.path: [0] * 6 for r in results}
    for c in range(6):
        left = new[c] + carried_over[c] - fwd[c]
        while left:
            r = results[0] if rng.random() < 0.6 else rng.choice(results)
            k = rng.randint(1, left)
            per_result[r.path][c] += k
            left -= k
    lines = [f"    new_received: {new}", f"    carried_over: {carried_over}", "    results:"]
    written: set[tuple[str, ...]] = set()
    for r in results:
        for depth in range(2, len(r.path)):
            if r.path[:depth] not in written:
                written.add(r.path[:depth])
                lines.append("  " * (depth + 1) + f"{r.path[depth - 1]}:")
        lines.append("  " * (len(r.path) + 1) + f"{r.path[-1]}: {per_result[r.path]}")
    lines.append(f"    carried_forward: {fwd}")
    return lines, fwd


def _active(rng: random.Random, fid: str) -> list[str]:
    out = []
    for r in FORMATS[fid].table("active").records:
        vals = []
        for f in r.fields:
            v: object = rng.randint(-3, 3) if f.kind == "signed" else rng.randint(0, 500)
            if f.kind == "amount":
                v = f"{rng.randint(0, 9999)}.{rng.randint(0, 99):02d}"
            vals.append(f"{f.key}: {v}")
        out.append(f"    {r.key}: {{{', '.join(vals)}}}")
    return out


def make_site(root: Path, n_reports: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    docs = root / "docs"
    agencies = max(1, n_reports // len(YEARS))
    count = 0
    for a in range(agencies):
        kind = "government" if a % 10 == 0 else "department"
        name = f"示例区第{a}人民政府" if kind == "government" else f"示例区第{a}局"
        fwd = [0] * 6
        for year in YEARS:
            if count >= n_reports:
                break
            fid = format_for_year(year) or "2021"
            app_lines, fwd = _rows(rng, fid, fwd)
            lines = [
                "---",
                "govreport:",
                f"  agency: {name}",
                f"  agency_id: bench-{a}",
                f"  kind: {kind}",
                f"  year: {year}",
                f"  published: {year + 1}-01-15",
                "  active:",
                *_active(rng, fid),
                "  applications:",
                *app_lines,
                "  review_litigation: zero",
                "---",
                "",
                f"# {name}{year}年政府信息公开工作年度报告",
                "",
            ]
            for h in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                      "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
                lines += [f"## {h}", "", "本年度未收取信息处理费。" if h.startswith("六") else "正文。", ""]
            page = docs / "reports" / f"bench-{a}" / f"{year}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text("\n".join(lines), encoding="utf-8")
            count += 1
    (docs / "index.md").write_text("# 基准测试站点\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text(
        "site_name: bench\ntheme: {name: mkdocs}\nplugins:\n  - govreport:\n      rules: {W1: ignore, W3: ignore}\n",
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
