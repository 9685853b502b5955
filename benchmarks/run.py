"""Benchmark: what the govreport plugin costs on top of MkDocs, at portal scale.

One command (``make bench`` or ``python benchmarks/run.py``) generates, for each N, a site
of N consistent reports (agencies × 8 years, both formats, narratives of a few paragraphs)
and measures side by side, medians over ``--runs`` runs, each run in a fresh forked process:

1. ``plugin``  — ``mkdocs build`` of the site with the plugin (cold: new config and plugin);
2. ``floor``   — the same site with the plugin off, its tables (and findings boxes, index
   pages, downloads, stylesheet) already inlined as HTML / Markdown files, rendered once by
   the project's own renderer outside the timing: what MkDocs costs for the same output;
3. ``validate``— ``govreport validate DIR`` (in-process ``cli.main``, and as a subprocess
   with interpreter start-up) against merely reading each file's YAML front matter with
   PyYAML's C loader (``yaml.CSafeLoader``), in the same run;
4. ``rebuild`` — ``serve`` semantics: the config is loaded again for each rebuild as
   ``mkdocs serve`` does, the plugin instance is kept (it defines ``on_startup``); after
   editing one report the rebuild re-parses only that report (parses are counted).

Both builds use the same theme (``--theme mkdocs`` by default, or ``material``) and the
same plugins otherwise (none: no search index on either side).  Peak memory is the peak
resident set size of the forked build process, minus its size when it started.

``--portal`` measures what a portal of thousands of reports costs per report instead (issue 20):
the same generated portal built with Material (``language: zh``, ``navigation.prune``,
``search``) and with MkDocs' built-in theme, once per ``navigation.mode`` of the plugin; beside
each build's CPU time it prints the median report page's weight and navigation bytes, the site's
bytes per report, the search index (whole, report pages, gzip) and how many report pages carry
the links block; ``--dirty`` adds a ``mkdocs serve --dirty`` rebuild after editing one report.

Usage::

    python benchmarks/run.py                     # N = 100 1000 3000, 3 runs each
    python benchmarks/run.py -n 1000 --runs 5 --theme material
    python benchmarks/run.py --portal            # N = 300 1000 3000, both themes, compact and folders
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from gensite import PORTAL_YEARS, PROSE, YEARS, make_docs

# -- measuring in a forked child ------------------------------------------------------------


def _rss_kb(field: str) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def forked(fn: Callable[[], Any], setup: Callable[[], Any] | None = None) -> dict[str, Any]:
    """Run ``fn`` in a forked child; return its CPU time (``seconds``), wall time (``wall``),
    peak memory increase and result.

    A fork per run keeps every run cold (no module-level caches carried over) and gives a
    clean peak-memory reading (the peak is reset with ``/proc/self/clear_refs``).  ``setup``
    runs in the child before the timing (imports, for the per-report validation cost)."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(r)
        out: dict[str, Any] = {}
        try:
            if setup is not None:
                setup()
            with contextlib.suppress(OSError), open("/proc/self/clear_refs", "w") as fh:
                fh.write("5")  # reset VmHWM (peak RSS) to the current RSS
            base = _rss_kb("VmRSS")
            t0, c0 = time.perf_counter(), time.process_time()
            result = fn()
            out["wall"] = time.perf_counter() - t0
            # CPU time of this process and of any command it ran: what the work costs,
            # independent of how many other processes share the cores
            kids = resource.getrusage(resource.RUSAGE_CHILDREN)
            out["seconds"] = time.process_time() - c0 + kids.ru_utime + kids.ru_stime
            out["peak_mb"] = (_rss_kb("VmHWM") - base) / 1024
            out["result"] = result
        except BaseException as exc:  # report, never hang the parent
            out["error"] = f"{type(exc).__name__}: {exc}"
        with os.fdopen(w, "w") as fh:
            json.dump(out, fh, default=str)
        os._exit(0)
    os.close(w)
    with os.fdopen(r) as fh:
        data = fh.read()
    os.waitpid(pid, 0)
    out = json.loads(data or '{"error": "child died"}')
    if "error" in out:
        raise RuntimeError(out["error"])
    return out


# -- the sites ------------------------------------------------------------------------------

def theme_yml(theme: str, *, prune: bool = False) -> str:
    """The ``theme:`` block: Chinese in the theme's own key (Material's is ``language``; MkDocs'
    built-in theme reads ``locale``; a key a theme does not know is silently ignored)."""
    if theme == "material":
        features = "\n  features: [navigation.prune]" if prune else ""
        return f"theme:\n  name: material\n  language: zh{features}\n"
    return f"theme:\n  name: {theme}\n  locale: zh\n"


PLUGIN_YML = """site_name: 示例区政府信息公开
{theme}plugins:
  - govreport
"""

FLOOR_YML = """site_name: 示例区政府信息公开
{theme}plugins: []
extra_css:
  - {css}
"""

#: the portal of issue 20: Material with language zh, navigation.prune and search (or MkDocs'
#: built-in theme with its search); ``navigation`` is the plugin's option being compared
PORTAL_YML = """site_name: 示例区政府信息公开
{theme}plugins:
  - search
  - govreport:
      navigation:
        mode: {mode}
"""


def _quiet_logs() -> None:
    """Findings are logged as warnings; the benchmark measures, it does not print them."""
    import logging

    logging.getLogger("mkdocs").setLevel(logging.ERROR)


def write_floor(plugin_root: Path, floor_root: Path, theme: str, bare_root: Path | None = None) -> dict[str, int]:
    """The floor site: each page's final Markdown with the tables inlined as HTML (rendered
    by the project's own ``assemble``/``render_table``), the generated index pages and
    downloads written out as ordinary files.  Runs once, outside the timing.

    ``bare_root`` gets the same site with the tables left out altogether: not the same
    output, but a lower bound showing what Python-Markdown's raw-HTML parsing costs the floor."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from mkdocs_govreport.core.source import split_front_matter
    from mkdocs_govreport.html.placement import assemble
    from mkdocs_govreport.html.tables import CSS_PATH

    _quiet_logs()
    cfg = load_config(str(plugin_root / "mkdocs.yml"))
    cfg.plugins.on_startup(command="build", dirty=False)
    cfg = cfg.plugins.on_config(cfg)
    files = cfg.plugins.on_files(get_files(cfg), config=cfg)
    plugin = cfg.plugins["govreport"]
    roots = [floor_root] + ([bare_root] if bare_root else [])
    counts = {"reports": 0, "generated": 0, "other": 0}
    for root in roots:
        bare = root is bare_root
        for f in files:
            dest = root / "docs" / f.src_uri
            dest.parent.mkdir(parents=True, exist_ok=True)
            if f.generated_by:
                dest.write_bytes(f.content_bytes)
                counts["generated"] += not bare
                continue
            report = plugin.reports.get(f.src_uri)
            if report is None:
                shutil.copyfile(f.abs_src_path, dest)
                counts["other"] += not bare
                continue
            text = Path(f.abs_src_path).read_text(encoding="utf-8")
            _fm, body, _line = split_front_matter(text)
            # the HTML goes straight into the Markdown: Python-Markdown keeps raw HTML blocks
            dest.write_text(assemble(report, body, (lambda html: "") if bare else (lambda html: html)), encoding="utf-8")
            counts["reports"] += not bare
        (root / "mkdocs.yml").write_text(FLOOR_YML.format(theme=theme_yml(theme), css=CSS_PATH), encoding="utf-8")
    return counts


def build_site(root: Path) -> int:
    """A cold ``mkdocs build`` (fresh config and plugin instances); returns the pages written."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    _quiet_logs()
    cfg = load_config(str(root / "mkdocs.yml"))
    cfg.plugins.on_startup(command="build", dirty=False)
    build(cfg)
    cfg.plugins.on_shutdown()
    return sum(1 for _ in (root / "site").rglob("index.html"))


def validate_inprocess(docs: Path) -> int:
    """``govreport validate DIR`` through the CLI's own entry point (output discarded)."""
    from mkdocs_govreport.cli import main

    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
        main(["validate", str(docs)])
    m = re.search(r"检查了 (\d+) 份报告", sink.getvalue())
    return int(m.group(1)) if m else -1


def _import_cli() -> None:
    """Validation is timed without the interpreter's imports (the command figure has them)."""



def _import_yaml() -> None:
    import yaml  # noqa: F401


def validate_subprocess(docs: Path) -> int:
    """The same as a user types it: a new interpreter (start-up and imports included)."""
    exe = shutil.which("govreport")
    cmd = [exe] if exe else [sys.executable, "-m", "mkdocs_govreport"]
    proc = subprocess.run([*cmd, "validate", str(docs)], capture_output=True, text=True, check=False)
    m = re.search(r"检查了 (\d+) 份报告", proc.stdout + proc.stderr)
    return int(m.group(1)) if m else -1


def yaml_floor(docs: Path) -> int:
    """Merely read every report's front matter with PyYAML's C loader."""
    import yaml

    n = 0
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        end = text.find("\n---\n", 4)
        data = yaml.load(text[4:end], Loader=yaml.CSafeLoader)
        n += isinstance(data, dict) and "govreport" in data
    return n


def serve_rebuild(root: Path, edit: Path) -> dict[str, Any]:
    """``mkdocs serve`` semantics: first build, edit one report, rebuild; count the parses."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from mkdocs_govreport import plugin as plugin_module

    _quiet_logs()
    parsed: list[str] = []
    real = plugin_module.parse_page

    def counting(raw: Any, file: str, **kw: Any) -> Any:
        parsed.append(file)
        return real(raw, file, **kw)

    plugin_module.parse_page = counting  # type: ignore[assignment]
    cfg = load_config(str(root / "mkdocs.yml"))
    cfg.plugins.on_startup(command="serve", dirty=False)
    instance = cfg.plugins["govreport"]
    t0 = time.process_time()
    build(cfg)
    first = time.process_time() - t0
    first_parses = len(parsed)
    times, parses, same = [], [], True
    for i in range(3):
        text = edit.read_text(encoding="utf-8")
        edit.write_text(text + f"\n本报告第{i + 1}次修改。\n", encoding="utf-8")
        del parsed[:]
        cfg = load_config(str(root / "mkdocs.yml"))  # serve loads the config again per rebuild
        same = same and cfg.plugins["govreport"] is instance
        t0 = time.process_time()
        build(cfg)
        times.append(time.process_time() - t0)
        parses.append(len(parsed))
    return {
        "first": first,
        "first_parses": first_parses,
        "rebuild": statistics.median(times),
        "rebuild_parses": max(parses),
        "same_instance": same,
    }


# -- the portal of issue 20: page weight, site size, search index ----------------------------


def nav_bytes(html: str, theme: str) -> int:
    """Bytes of a page's site navigation (Material's primary sidebar; the built-in theme's navbar)."""
    if theme == "material":
        a = html.find('<div class="md-sidebar md-sidebar--primary"')
        b = html.find('<div class="md-sidebar md-sidebar--secondary"', a)
    else:
        a = html.find('<div id="navbar-collapse"')
        b = html.find('<div class="container">', a)
    return b - a if 0 <= a < b else 0


def site_figures(site: Path, n: int, theme: str) -> dict[str, Any]:
    """Page weight, site size and search index of a built portal (read from the files)."""
    report_pages = sorted(p for p in (site / "reports").rglob("index.html"))
    sizes = sorted((p.stat().st_size, p) for p in report_pages)
    median_size, median_page = sizes[len(sizes) // 2]
    html = median_page.read_text(encoding="utf-8")
    linked = sum('class="gr-related"' in p.read_text(encoding="utf-8") for p in report_pages)
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    index_path = site / "search" / "search_index.json"
    index_total = index_path.stat().st_size if index_path.exists() else 0
    on_reports = index_gzip = 0
    if index_total:
        # an entry's share of the file: its own dump, encoded as the file is (the plugin writes
        # the index again in UTF-8; the search plugins alone write \u escapes)
        text = index_path.read_text(encoding="utf-8")
        entries = json.loads(text)["docs"]
        ascii_only = re.search(r"(?<!\\)\\u[4-9][0-9a-f]{3}", text) is not None  # Chinese as \u escapes
        on_reports = sum(
            len(json.dumps(e, ensure_ascii=ascii_only, separators=(",", ":")).encode("utf-8"))
            for e in entries
            if e["location"].startswith("reports/")
        )
        index_gzip = len(gzip.compress(text.encode("utf-8"), 6))
    return {
        "report_pages": len(report_pages),
        "page_median": median_size,
        "page_max": sizes[-1][0],
        "nav_median_page": nav_bytes(html, theme),
        "site_bytes": total,
        "site_per_report": total / n,
        "index_bytes": index_total,
        "index_per_report": index_total / n,
        "index_report_pages_per_report": on_reports / n,
        "index_gzip_per_report": index_gzip / n,
        "linked_report_pages": linked,
    }


def dirty_rebuild(root: Path, edit: Path) -> dict[str, Any]:
    """``mkdocs serve --dirty`` after a full build: the server's first build (nothing changed:
    the reports are read and checked, no page is rewritten), then one report edited and the
    site rebuilt as ``serve`` does (config loaded again, plugin instance kept); CPU of that
    rebuild and the pages it rewrote."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    _quiet_logs()
    cfg = load_config(str(root / "mkdocs.yml"))
    cfg.plugins.on_startup(command="serve", dirty=True)
    t0 = time.process_time()
    build(cfg, dirty=True)
    first = time.process_time() - t0
    edit.write_text(edit.read_text(encoding="utf-8") + "\n本报告已修改。\n", encoding="utf-8")
    stamp = time.time()
    cfg = load_config(str(root / "mkdocs.yml"))
    t0 = time.process_time()
    build(cfg, dirty=True)
    rebuild = time.process_time() - t0
    written = sum(1 for p in (root / "site").rglob("index.html") if p.stat().st_mtime >= stamp)
    return {"first": first, "rebuild": rebuild, "written": written}


def bench_portal(
    n: int, runs: int, themes: list[str], modes: list[str], years: tuple[int, ...], prose: str, dirty: bool = False
) -> list[dict[str, Any]]:
    """Build the same generated portal with each theme × navigation mode (cold, forked); the
    build CPU (median of ``runs``) and the figures of the built site."""
    out = []
    with tempfile.TemporaryDirectory(prefix="govreport-portal-") as tmp:
        docs = Path(tmp) / "docs"
        make_docs(docs, n, years=years, prose=prose)
        for theme in themes:
            for mode in modes:
                root = Path(tmp) / f"{theme}-{mode}"
                root.mkdir()
                yml = PORTAL_YML.format(theme=theme_yml(theme, prune=True), mode=mode)
                (root / "mkdocs.yml").write_text(f"docs_dir: {docs}\n" + yml, encoding="utf-8")
                samples = [forked(lambda root=root: build_site(root)) for _ in range(runs)]
                cpu = med(samples)
                figures = site_figures(root / "site", n, theme)
                if dirty and mode == modes[0]:
                    edit = sorted((docs / "reports").rglob("*.md"))[n // 2]
                    original = edit.read_text(encoding="utf-8")
                    figures["dirty"] = forked(lambda root=root, edit=edit: dirty_rebuild(root, edit))["result"]
                    edit.write_text(original, encoding="utf-8")
                shutil.rmtree(root / "site")  # a 3,000-report site is hundreds of MB
                out.append(
                    {
                        "n": n,
                        "theme": theme,
                        "mode": mode,
                        "runs": runs,
                        "build_s": cpu,
                        "wall_s": med(samples, "wall"),
                        "ms_per_report": 1000 * cpu / n,
                        "peak_mb": max(x["peak_mb"] for x in samples),
                        **figures,
                    }
                )
                show_portal_row(out[-1])
    return out


def show_portal_header(n: int, years: tuple[int, ...], prose: str) -> None:
    agencies = -(-n // len(years))
    print(f"\nN = {n} reports ({agencies} agency folders × {len(years)} years {years[0]}–{years[-1]}, prose: {prose}); cold build, CPU seconds")
    print(
        f"  {'theme':9} {'navigation':10} {'build':>9} {'per report':>11} {'report page':>12} {'its nav':>9} "
        f"{'site/report':>12} {'search index':>13} {'/report':>9} {'(report pages)':>14} {'(gzip)':>9} {'links':>11} {'peak':>8}"
    )


def show_portal_row(r: dict[str, Any]) -> None:
    print(
        f"  {r['theme']:9} {r['mode']:10} {r['build_s']:8.1f}s {r['ms_per_report']:8.1f} ms "
        f"{r['page_median'] / 1e3:9.1f} KB {r['nav_median_page'] / 1e3:6.1f} KB "
        f"{r['site_per_report'] / 1e3:9.1f} KB {r['index_bytes'] / 1e6:10.2f} MB "
        f"{r['index_per_report'] / 1e3:6.2f} KB {r['index_report_pages_per_report'] / 1e3:11.2f} KB "
        f"{r['index_gzip_per_report'] / 1e3:6.2f} KB "
        f"{r['linked_report_pages']:5d}/{r['report_pages']:<5d} {r['peak_mb']:6.0f} MB",
        flush=True,
    )
    d = r.get("dirty")
    if d:
        print(
            f"  {'':9} {'':10} serve --dirty: first build {d['first']:.1f} s, "
            f"rebuild after editing one report {d['rebuild']:.1f} s ({d['written']} pages rewritten)",
            flush=True,
        )


def show_portal_ratios(rows: list[dict[str, Any]]) -> None:
    """The checks of issue 20, largest N against smallest, per theme and navigation mode."""
    sizes = sorted({r["n"] for r in rows})
    if len(sizes) < 2:
        return
    small, large = sizes[0], sizes[-1]
    print(f"\n{large} against {small} reports (issue 20: page ≤ 1.2×, site per report ≤ 1.2×, CPU per report ≤ 1.3×, search index ≤ 3 KB per report)")
    for a in (r for r in rows if r["n"] == small):
        b = next((r for r in rows if r["n"] == large and r["theme"] == a["theme"] and r["mode"] == a["mode"]), None)
        if b is None:
            continue
        print(
            f"  {a['theme']:9} {a['mode']:10} page ×{b['page_median'] / a['page_median']:.2f}   "
            f"site per report ×{b['site_per_report'] / a['site_per_report']:.2f}   "
            f"CPU per report ×{b['ms_per_report'] / a['ms_per_report']:.2f}   "
            f"search index {b['index_per_report'] / 1e3:.2f} KB per report   "
            f"report pages with the links block {b['linked_report_pages']}/{b['report_pages']}"
        )


# -- driver ---------------------------------------------------------------------------------


def med(samples: list[dict[str, Any]], key: str = "seconds") -> float:
    return statistics.median(s[key] for s in samples)


def bench(n: int, runs: int, theme: str, subprocess_cli: bool, years: tuple[int, ...] = YEARS, prose: str = "paragraphs") -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="govreport-bench-") as tmp:
        plugin_root, floor_root, bare_root = Path(tmp) / "plugin", Path(tmp) / "floor", Path(tmp) / "bare"
        docs = plugin_root / "docs"
        paths = make_docs(docs, n, years=years, prose=prose)
        (plugin_root / "mkdocs.yml").write_text(PLUGIN_YML.format(theme=theme_yml(theme)), encoding="utf-8")
        counts = forked(lambda: write_floor(plugin_root, floor_root, theme, bare_root))["result"]

        plug, floor, bare = [], [], []
        for _ in range(runs):  # interleaved, so that load from other processes hits both alike
            plug.append(forked(lambda: build_site(plugin_root)))
            floor.append(forked(lambda: build_site(floor_root)))
            bare.append(forked(lambda: build_site(bare_root)))
        pages = plug[0]["result"], floor[0]["result"]

        val, yml, sub = [], [], []
        for _ in range(runs):
            val.append(forked(lambda: validate_inprocess(docs), setup=_import_cli))
            yml.append(forked(lambda: yaml_floor(docs), setup=_import_yaml))
            if subprocess_cli:
                sub.append(forked(lambda: validate_subprocess(docs)))
        checked = val[0]["result"]

        serve_copy = Path(tmp) / "serve"
        shutil.copytree(plugin_root, serve_copy, ignore=shutil.ignore_patterns("site"))
        edit = serve_copy / "docs" / paths[len(paths) // 2].relative_to(docs)
        rb = forked(lambda: serve_rebuild(serve_copy, edit))["result"]

    p, f = med(plug), med(floor)
    v, y = med(val), med(yml)
    return {
        "n": n,
        "theme": theme,
        "runs": runs,
        "pages": pages,
        "floor_files": counts,
        "plugin_s": p,
        "floor_s": f,
        "ratio": p / f,
        "bare_s": med(bare),
        "ratio_bare": p / med(bare),
        "plugin_ms_per_report": 1000 * p / n,
        "extra_ms_per_report": 1000 * (p - f) / n,
        "floor_ms_per_report": 1000 * f / n,
        "plugin_peak_mb": max(s["peak_mb"] for s in plug),
        "floor_peak_mb": max(s["peak_mb"] for s in floor),
        "validated": checked,
        "validate_s": v,
        "validate_per_s": checked / v,
        "yaml_s": y,
        "validate_over_yaml": v / y,
        "validate_peak_mb": max(s["peak_mb"] for s in val),
        "validate_subprocess_s": med(sub) if sub else None,
        "rebuild": rb,
        "plug_samples": plug,
        "floor_samples": floor,
    }


def show(r: dict[str, Any]) -> None:
    rb = r["rebuild"]
    print(f"\nN = {r['n']} reports, theme {r['theme']}, median of {r['runs']} runs, CPU seconds")
    print(f"  pages built: plugin {r['pages'][0]}, floor {r['pages'][1]} (floor files: {r['floor_files']})")
    print(
        f"  build  plugin {r['plugin_s']:7.2f} s   floor {r['floor_s']:7.2f} s   ratio {r['ratio']:.3f}   "
        f"({r['plugin_ms_per_report']:.2f} vs {r['floor_ms_per_report']:.2f} ms/report, "
        f"+{r['extra_ms_per_report']:.2f} ms/report)"
    )
    print(
        f"  lower bound: same pages without any table (not the same output) {r['bare_s']:.2f} s; "
        f"plugin / that = {r['ratio_bare']:.3f}"
    )
    print(
        f"  wall clock (shared machine)  plugin {med(r['plug_samples'], 'wall'):.2f} s   floor {med(r['floor_samples'], 'wall'):.2f} s"
    )
    print(f"  peak memory  plugin build +{r['plugin_peak_mb']:.0f} MB   floor build +{r['floor_peak_mb']:.0f} MB")
    sub = r["validate_subprocess_s"]
    sub_text = f"; as a command {sub:.2f} s incl. start-up" if sub is not None else ""
    print(
        f"  validate  {r['validated']} reports in {r['validate_s']:.2f} s = {r['validate_per_s']:.0f} reports/s "
        f"({1000 * r['validate_s'] / r['n']:.2f} ms/report{sub_text}); "
        f"YAML C loader alone {r['yaml_s']:.3f} s; ratio {r['validate_over_yaml']:.2f}   peak +{r['validate_peak_mb']:.0f} MB"
    )
    print(
        f"  serve     first build {rb['first']:.2f} s ({rb['first_parses']} parses); rebuild after editing one "
        f"report {rb['rebuild']:.2f} s, {rb['rebuild_parses']} report(s) re-parsed; plugin instance kept: {rb['same_instance']}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", type=int, nargs="+", default=None, help="site sizes (reports); default 100 1000 3000, with --portal 300 1000 3000")
    ap.add_argument("--runs", type=int, default=None, help="repetitions per measurement (median); default 3, with --portal 1")
    ap.add_argument("--theme", default=None, choices=("mkdocs", "material"), help="theme (default mkdocs; with --portal both)")
    ap.add_argument("--no-subprocess", action="store_true", help="skip timing govreport validate as a command")
    ap.add_argument(
        "--portal",
        action="store_true",
        help="issue 20: page weight, site bytes and search index beside the build time, per theme and navigation mode",
    )
    ap.add_argument("--modes", nargs="+", default=["compact", "folders"], choices=("compact", "full", "folders"), help="--portal: navigation modes to compare")
    ap.add_argument("--dirty", action="store_true", help="--portal: also time a `mkdocs serve --dirty` rebuild after editing one report")
    ap.add_argument("--years", type=int, default=None, help="years per agency (default 8; with --portal 6, 2019–2024)")
    ap.add_argument("--prose", choices=PROSE, default=None, help="narrative length (default paragraphs; with --portal sentences)")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    print(f"govreport benchmark: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f} at start, Python {sys.version.split()[0]}")
    results: list[dict[str, Any]] = []
    if args.portal:
        years = tuple(range(PORTAL_YEARS[0], PORTAL_YEARS[0] + args.years)) if args.years else PORTAL_YEARS
        prose = args.prose or "sentences"
        themes = [args.theme] if args.theme else ["material", "mkdocs"]
        for n in args.n or [300, 1000, 3000]:
            show_portal_header(n, years, prose)
            results += bench_portal(n, args.runs or 1, themes, args.modes, years, prose, args.dirty)
        show_portal_ratios(results)
    else:
        years = tuple(range(YEARS[0], YEARS[0] + args.years)) if args.years else YEARS
        for n in args.n or [100, 1000, 3000]:
            r = bench(n, args.runs or 3, args.theme or "mkdocs", not args.no_subprocess, years, args.prose or "paragraphs")
            show(r)
            results.append(r)
        if len(results) > 1:
            a, b = results[0], results[-1]
            scale = b["n"] / a["n"]
            print(
                f"\nscaling {a['n']} -> {b['n']} (x{scale:.0f}): plugin build x{b['plugin_s'] / a['plugin_s']:.1f}, "
                f"floor x{b['floor_s'] / a['floor_s']:.1f}, validate x{b['validate_s'] / a['validate_s']:.1f}"
            )
    print(f"load average at end {os.getloadavg()[0]:.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
