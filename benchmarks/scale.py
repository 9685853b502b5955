"""Benchmark at portal scale (issue 17): memory, the edit loop, downloads, ``govreport data``.

One command prints every figure side by side, measured in one run::

    python benchmarks/scale.py                                  # N = 300 1000 3000, Material and mkdocs themes
    python benchmarks/scale.py -n 300 --theme material --data 1000   # a quick look

For each theme and each N (``gensite.py``: agencies × 8 years, consistent reports), each build in
a freshly forked process (cold: nothing cached in memory; the plugin's disk cache removed first):

* **plugin** — ``mkdocs build`` of the site with the plugin;
* **floor** — the same output without the plugin: every report page's tables and findings
  inlined as HTML, the generated pages, downloads and stylesheet as ordinary files (what the
  plugin adds, rendered once outside the timing); **memory ratio** = plugin peak / floor peak;
* **off** — the same pages with the plugin switched off (no tables at all; for reference);
* **dirty** — after editing one number in one report, ``mkdocs build --dirty`` in a new process
  (the plugin's disk cache from the full build present, as it is for an author); checked: the
  edited page and its agency page show the new number; **dirty/full** = its time / plugin's;
* **serve --dirty** — ``mkdocs serve --dirty`` semantics in one process (the plugin instance kept
  across config reloads): edit one report, rebuild; the *edit-to-page* time;
* **downloads** — bytes of ``<index.path>/data/`` per report.

Then ``govreport data`` on ``--data`` sizes (default 1,000 and 10,000 reports): peak memory
(the largest process, workers included), seconds, reports per second with ``--jobs 1`` and
``--jobs 2``, KB per report, and whether the two outputs are byte-identical.

Times are CPU seconds of the build process (the machine is shared; wall clock is printed too);
peak memory is the process's peak resident set (``VmHWM``), absolute and above its size at the
start of the measurement.
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import json
import logging
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gensite import make_docs

CONFIG = """site_name: 示例区政府信息公开
theme:
  name: {theme}
  {lang}
plugins:
  - govreport{off}
"""

FLOOR = """site_name: 示例区政府信息公开
theme:
  name: {theme}
  {lang}
plugins: []
extra_css:
  - {css}
"""


def _lang(theme: str) -> str:
    return "language: zh" if theme == "material" else "locale: zh"


def _status(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def forked(fn: Callable[[], Any]) -> dict[str, Any]:
    """``fn()`` in a forked child: CPU seconds, wall seconds, peak RSS (absolute and above the
    child's size when it started, MB), and its result."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        out: dict[str, Any] = {}
        try:
            with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w") as fh:
                fh.write("5")  # reset VmHWM to the current RSS
            base = _status("VmRSS")
            t0, c0 = time.perf_counter(), time.process_time()
            out["result"] = fn()
            kids = resource.getrusage(resource.RUSAGE_CHILDREN)
            out["seconds"] = time.process_time() - c0 + kids.ru_utime + kids.ru_stime
            out["wall"] = time.perf_counter() - t0
            peak = _status("VmHWM")
            out["peak_mb"] = peak / 1024
            out["extra_mb"] = (peak - base) / 1024
            out["kids_peak_mb"] = kids.ru_maxrss / 1024
        except BaseException as exc:  # reported to the parent
            out["error"] = f"{type(exc).__name__}: {exc}"
        with os.fdopen(w, "w") as fh:
            json.dump(out, fh, default=str)
        os._exit(0)
    os.close(w)
    with os.fdopen(r) as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    res = json.loads(data or '{"error": "child died"}')
    if "error" in res:
        raise RuntimeError(res["error"])
    return res


def quiet() -> None:
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"


def build(root: Path, *, dirty: bool = False) -> int:
    from mkdocs.commands.build import build as mk_build
    from mkdocs.config import load_config

    quiet()
    cfg = load_config(str(root / "mkdocs.yml"))
    cfg.plugins.on_startup(command="build", dirty=dirty)
    mk_build(cfg, dirty=dirty)
    cfg.plugins.on_shutdown()
    return sum(1 for _ in (root / "site").rglob("index.html"))


def write_floor(plugin_root: Path, floor_root: Path, off_root: Path, theme: str) -> int:
    """The floor site (the plugin's output as ordinary files) and the plugin-off site."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from mkdocs_govreport.core.source import split_front_matter
    from mkdocs_govreport.html.placement import assemble
    from mkdocs_govreport.html.tables import CSS_PATH

    quiet()
    cfg = load_config(str(plugin_root / "mkdocs.yml"))
    cfg.plugins.on_startup(command="build", dirty=False)
    cfg = cfg.plugins.on_config(cfg)
    files = cfg.plugins.on_files(get_files(cfg), config=cfg)
    plugin = cfg.plugins["govreport"]
    n = 0
    for f in files:
        dest = floor_root / "docs" / f.src_uri
        dest.parent.mkdir(parents=True, exist_ok=True)
        if f.generated_by:
            dest.write_bytes(f.content_bytes)
            continue
        report = plugin.reports.get(f.src_uri)
        if report is None:
            shutil.copyfile(f.abs_src_path, dest)
            continue
        _fm, body, _line = split_front_matter(Path(f.abs_src_path).read_text(encoding="utf-8"))
        dest.write_text(assemble(report, body, lambda html: html), encoding="utf-8")
        n += 1
    (floor_root / "mkdocs.yml").write_text(FLOOR.format(theme=theme, lang=_lang(theme), css=CSS_PATH), encoding="utf-8")
    shutil.copytree(plugin_root / "docs", off_root / "docs")
    (off_root / "mkdocs.yml").write_text(CONFIG.format(theme=theme, lang=_lang(theme), off=":\n      enabled: false"), encoding="utf-8")
    return n


_UPHELD = re.compile(r"(    review: \{upheld: )\d+")


def edit(page: Path, value: int) -> None:
    text, n = _UPHELD.subn(rf"\g<1>{value}", page.read_text(encoding="utf-8"), count=1)
    assert n == 1, page
    page.write_text(text, encoding="utf-8")


def shows(root: Path, page: str, value: int) -> bool:
    html = (root / "site" / page / "index.html").read_text(encoding="utf-8")
    return re.search(rf'data-pointer="/review_litigation/review/upheld"[^>]*>\s*{value}\s*<', html) is not None


def serve_dirty(root: Path, page: Path, uri: str) -> dict[str, Any]:
    """``mkdocs serve --dirty``: first build, then edit one report and rebuild (config reloaded,
    plugin instance kept); the edit-to-page CPU and wall time, median of 3 edits."""
    from mkdocs.commands.build import build as mk_build
    from mkdocs.config import load_config

    quiet()
    url = "http://127.0.0.1:8000/"
    cfg = load_config(str(root / "mkdocs.yml"))
    cfg.plugins.on_startup(command="serve", dirty=True)
    cfg.site_url = url
    mk_build(cfg, serve_url=url, dirty=True)
    cpu, wall, ok = [], [], True
    for i in range(3):
        edit(page, 9100 + i)
        t0, c0 = time.perf_counter(), time.process_time()
        cfg = load_config(str(root / "mkdocs.yml"))
        cfg.site_url = url
        mk_build(cfg, serve_url=url, dirty=True)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - t0)
        ok = ok and shows(root, uri, 9100 + i)
    cpu.sort()
    wall.sort()
    return {"cpu": cpu[1], "wall": wall[1], "shows": ok}


def du(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def site_bench(n: int, theme: str, tmp: Path) -> dict[str, Any]:
    plugin_root, floor_root, off_root = tmp / "plugin", tmp / "floor", tmp / "off"
    paths = make_docs(plugin_root / "docs", n)
    (plugin_root / "mkdocs.yml").write_text(CONFIG.format(theme=theme, lang=_lang(theme), off=""), encoding="utf-8")
    forked(lambda: write_floor(plugin_root, floor_root, off_root, theme))
    shutil.rmtree(plugin_root / ".cache", ignore_errors=True)
    shutil.rmtree(plugin_root / "site", ignore_errors=True)
    out: dict[str, Any] = {"n": n, "theme": theme}
    out["plugin"] = forked(lambda: build(plugin_root))
    out["floor"] = forked(lambda: build(floor_root))
    out["off"] = forked(lambda: build(off_root))
    out["downloads_bytes"] = du(plugin_root / "site/reports-index/data")
    target = paths[len(paths) // 2]
    uri = target.relative_to(plugin_root / "docs").as_posix()[: -len(".md")]
    agency = target.parent.name
    edit(target, 8765)
    out["dirty"] = forked(lambda: build(plugin_root, dirty=True))
    # the agency page shows the figure (the sum of the row's four cells), not the cell itself
    out["dirty_agency"] = re.search(r">87\d\d<", (plugin_root / f"site/reports-index/agencies/{agency}/index.html").read_text(encoding="utf-8")) is not None
    out["dirty_page"] = shows(plugin_root, uri, 8765)
    out["warm"] = forked(lambda: build(plugin_root))  # a full build again, the disk cache present
    if n <= 1000:
        serve_root = tmp / "serve"
        shutil.copytree(plugin_root, serve_root, ignore=shutil.ignore_patterns("site", ".cache"))
        out["serve"] = forked(lambda: serve_dirty(serve_root, serve_root / "docs" / target.relative_to(plugin_root / "docs"), uri))["result"]
    return out


def show_site(r: dict[str, Any]) -> None:
    p, f, o, d, w = r["plugin"], r["floor"], r["off"], r["dirty"], r["warm"]
    n = r["n"]
    print(f"\n{r['theme']}, N = {n} reports ({p['result']} pages)")
    print(f"  full build      plugin {p['seconds']:7.1f} s CPU ({p['wall']:.1f} s wall)   floor {f['seconds']:7.1f} s   off {o['seconds']:7.1f} s")
    print(
        f"  peak memory     plugin {p['peak_mb']:6.0f} MB (+{p['extra_mb']:.0f})   floor {f['peak_mb']:6.0f} MB (+{f['extra_mb']:.0f})   "
        f"off {o['peak_mb']:6.0f} MB (+{o['extra_mb']:.0f})   ratio plugin/floor {p['peak_mb'] / f['peak_mb']:.2f} "
        f"(increase {p['extra_mb'] / max(f['extra_mb'], 1):.2f})"
    )
    print(
        f"  edit one number: build --dirty {d['seconds']:.2f} s CPU ({d['wall']:.2f} s wall) = {d['seconds'] / p['seconds']:.3f} × full; "
        f"page shows it: {r['dirty_page']}, agency page: {r['dirty_agency']}; warm full build {w['seconds']:.1f} s"
    )
    if "serve" in r:
        s = r["serve"]
        print(f"  serve --dirty   edit-to-page {s['cpu']:.2f} s CPU ({s['wall']:.2f} s wall); page shows it: {s['shows']}")
    print(f"  downloads       {r['downloads_bytes'] / n / 1024:.1f} KB per report ({r['downloads_bytes'] / 1e6:.1f} MB)")


def data_bench(n: int, tmp: Path) -> dict[str, Any]:
    docs = tmp / f"d{n}"
    make_docs(docs, n)
    exe = shutil.which("govreport", path=str(Path(sys.executable).parent)) or "govreport"
    out: dict[str, Any] = {"n": n}
    for jobs in (1, 2):
        target = tmp / f"o{n}-{jobs}"

        def run(target: Path = target, jobs: int = jobs) -> int:
            return subprocess.run([exe, "data", str(docs), "-o", str(target), "--jobs", str(jobs)], capture_output=True, check=True).returncode

        res = forked(run)
        out[f"jobs{jobs}"] = {"seconds": res["seconds"], "wall": res["wall"], "peak_mb": res["kids_peak_mb"]}
    a, b = tmp / f"o{n}-1", tmp / f"o{n}-2"
    cmp = filecmp.dircmp(a, b)
    same = not cmp.diff_files and not cmp.left_only and not cmp.right_only and all(
        filecmp.cmp(a / "wide" / x, b / "wide" / x, shallow=False) for x in os.listdir(a / "wide")
    ) and all(filecmp.cmp(a / x, b / x, shallow=False) for x in os.listdir(a) if (a / x).is_file())
    out["identical"] = same
    out["bytes"] = du(a)
    shutil.rmtree(docs)
    shutil.rmtree(b)
    return out


def show_data(r: dict[str, Any]) -> None:
    n, j1, j2 = r["n"], r["jobs1"], r["jobs2"]
    print(
        f"\ngovreport data, {n} reports: --jobs 1 {j1['seconds']:.1f} s CPU ({j1['wall']:.1f} s wall, {n / j1['wall']:.0f} reports/s), "
        f"peak {j1['peak_mb']:.0f} MB; --jobs 2 {j2['wall']:.1f} s wall ({n / j2['wall']:.0f} reports/s), peak {j2['peak_mb']:.0f} MB per process; "
        f"byte-identical: {r['identical']}; {r['bytes'] / n / 1024:.1f} KB per report ({r['bytes'] / 1e6:.1f} MB)"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, nargs="*", default=[300, 1000, 3000], help="site sizes (reports)")
    ap.add_argument("--theme", nargs="+", default=["material", "mkdocs"], choices=("material", "mkdocs"))
    ap.add_argument("--data", type=int, nargs="*", default=[1000, 10000], help="govreport data sizes (reports)")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    print(f"govreport scale benchmark: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start, Python {sys.version.split()[0]}")
    results: list[dict[str, Any]] = []
    for n in args.n:
        for theme in args.theme:
            with tempfile.TemporaryDirectory(prefix="govreport-scale-") as tmp:
                r = site_bench(n, theme, Path(tmp))
            show_site(r)
            results.append(r)
            sys.stdout.flush()
    for n in args.data:
        with tempfile.TemporaryDirectory(prefix="govreport-data-") as tmp:
            r = data_bench(n, Path(tmp))
        show_data(r)
        results.append(r)
        sys.stdout.flush()
    print(f"\nload average at end {os.getloadavg()[0]:.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
