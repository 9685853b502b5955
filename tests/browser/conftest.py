"""Fixtures for the browser tests: the example site built under each theme, served on
localhost, and Debian's Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("GOVREPORT_CHROMIUM", "/usr/bin/chromium")
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (scripts/bootstrap all installs Debian's chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is missing (pip install -e '.[test]')"
    if not AXE.exists():
        return "axe-core is missing (npm ci in tests/browser)"
    return None


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    reason = _missing()
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if reason and not os.environ.get("CI"):
                item.add_marker(pytest.mark.skip(reason=reason))


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def build_site(config_text: str | None, config_file: Path | None, out: Path) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    if config_file is None:
        assert config_text is not None
        config_file = out.parent / f"{out.name}.yml"
        config_file.write_text(config_text, encoding="utf-8")
    cfg = load_config(str(config_file), site_dir=str(out), strict=True)
    build(cfg)
    return out


@pytest.fixture(scope="session")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example site built with Material and with the default mkdocs theme."""
    base = tmp_path_factory.mktemp("sites")
    material = build_site(None, ROOT / "example_site" / "mkdocs.yml", base / "material")
    default_cfg = ROOT / "example_site" / "mkdocs-default-theme.yml"
    if default_cfg.exists():
        default = build_site(None, default_cfg, base / "default")
    else:
        text = (
            "site_name: 西工区政府信息公开\n"
            f"docs_dir: {ROOT / 'example_site' / 'docs'}\n"
            "theme:\n  name: mkdocs\n  locale: zh_CN\nplugins:\n  - search\n  - govreport\n"
        )
        default = build_site(text, None, base / "default")
    return {"material": material, "default": default}


@pytest.fixture(scope="session")
def servers(sites: dict[str, Path]) -> Iterator[dict[str, str]]:
    with serve(sites["material"]) as m, serve(sites["default"]) as d:
        yield {"material": m, "default": d}


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    reason = _missing()
    if reason:
        pytest.fail(reason) if os.environ.get("CI") else pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # launch() gives every run a fresh temporary profile (user-data dir); the flags keep
    # Chromium from calling home on a machine without network.
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def report_pages(site: Path) -> list[str]:
    """URLs (relative) of every report page, index page and agency page of a built site."""
    out = []
    for folder in ("reports", "reports-index"):
        for html in sorted((site / folder).rglob("index.html")):
            out.append(html.parent.relative_to(site).as_posix() + "/")
    return out


# Colours that axe could not settle itself (header cells spanning rows, SVG text, a lone "·")
# are measured here with the same formula: the text colour composed over the backgrounds below.
CONTRAST_JS = """(targets) => {
  const parse = (c) => {
    let m = c.match(/^rgba?\\(([^)]+)\\)/);
    if (m) { const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number); return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1]; }
    m = c.match(/^color\\(srgb ([^)]+)\\)/);
    if (m) { const p = m[1].split(/[\\s\\/]+/).filter(Boolean).map(Number); return [p[0] * 255, p[1] * 255, p[2] * 255, p.length > 3 ? p[3] : 1]; }
    return null;
  };
  const over = (top, bottom) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)).concat([1]); };
  const lum = (c) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                       return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  return targets.map(sel => {
    const el = document.querySelector(sel);
    if (!el) return {sel, error: 'not found'};
    const layers = [];
    let opacity = 1;
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      opacity *= parseFloat(s.opacity);
      if (s.backgroundImage !== 'none') return {sel, error: 'background image ' + s.backgroundImage.slice(0, 60)};
      const bg = parse(s.backgroundColor);
      if (bg && bg[3] > 0) { layers.push(bg); if (bg[3] >= 1) break; }
    }
    let bg = [255, 255, 255, 1];
    for (const l of layers.reverse()) bg = over(l, bg);
    const s = getComputedStyle(el);
    const fg = parse(el instanceof SVGElement ? s.fill : s.color);
    if (!fg) return {sel, error: 'colour ' + s.color};
    fg[3] *= opacity;
    const f = over(fg, bg);
    const [a, b] = [lum(f), lum(bg)].sort((x, y) => y - x);
    return {sel, ratio: Math.round((a + 0.05) / (b + 0.05) * 100) / 100};
  });
}"""


def run_axe(page: Any, context: str = "document") -> list[dict[str, Any]]:
    """axe-core's violations, plus a ``color-contrast`` violation for every text whose contrast
    axe left undecided ("incomplete") and that measures below 4.5:1 here (or cannot be measured)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (ctx) => {
          const r = await axe.run(ctx === 'document' ? document : document.querySelector(ctx),
                                  {resultTypes: ['violations', 'incomplete']});
          return {
            violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})),
            contrast: r.incomplete.filter(v => v.id === 'color-contrast').flatMap(v => v.nodes.map(n => ({
              target: n.target.join(' '), data: (n.any[0] || {}).data || {}}))),
          };
        }""",
        context,
    )
    out: list[dict[str, Any]] = list(result["violations"])
    unsettled, low = [], []
    for n in result["contrast"]:
        ratio = float(n["data"].get("contrastRatio") or 0)
        if n["data"].get("messageKey") == "shortTextContent" and ratio > 0:  # measured, not judged
            need = float(str(n["data"].get("expectedContrastRatio", "4.5:1")).split(":")[0])
            if ratio < need:
                low.append(f"{n['target']} {ratio} < {need}")
        else:
            unsettled.append(n["target"])
    if unsettled:
        for r in page.evaluate(CONTRAST_JS, unsettled):
            if "error" in r or r["ratio"] < 4.5:
                low.append(str(r))
    if low:
        out.append({"id": "color-contrast", "impact": "serious", "help": "contrast measured below 4.5:1", "nodes": low[:5]})
    return out
