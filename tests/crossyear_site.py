"""Helpers shared by the cross-year, index-page and export tests: build the fixture site in a
temporary folder and read the HTML back."""

from __future__ import annotations

import logging
import shutil
from html.parser import HTMLParser
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError

FIXTURE = Path(__file__).parent / "fixtures" / "crossyear"


def copy_fixture(tmp_path: Path) -> Path:
    dest = tmp_path / "site-src"
    shutil.copytree(FIXTURE, dest)
    return dest


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def build_site(project: Path, *, strict: bool = False, **overrides: object) -> tuple[Path, list[str], bool]:
    """Build ``project``; returns (site dir, log messages WARNING and above, success)."""
    cap = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(cap)
    ok = True
    try:
        try:
            cfg = load_config(str(project / "mkdocs.yml"), strict=strict, **overrides)  # type: ignore[arg-type]
        except Abort:  # a configuration error
            return project / "site", [r.getMessage() for r in cap.records if r.levelno >= logging.WARNING], False
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        except (Abort, BuildError, SystemExit):
            ok = False
        finally:
            cfg.plugins.on_shutdown()
    finally:
        logger.removeHandler(cap)
    messages = [r.getMessage() for r in cap.records if r.levelno >= logging.WARNING]
    return Path(cfg.site_dir), messages, ok


def page_html(site: Path, src_uri: str) -> str:
    """The built HTML of a page given its source path (directory URLs)."""
    stem = src_uri[: -len(".md")]
    if stem.endswith("index"):
        path = site / stem[: -len("index")] / "index.html"
    else:
        path = site / stem / "index.html"
    return path.read_text(encoding="utf-8")


class Links(HTMLParser):
    """Collects the hrefs and srcs of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for k, v in attrs:
            if k in ("href", "src") and v:
                self.hrefs.append(v)


class Cells(HTMLParser):
    """``data-pointer`` cells of a report page: pointer -> visible text (marks removed)."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[str, str] = {}
        self.classes: dict[str, set[str]] = {}
        self._ptr: str | None = None
        self._skip = 0
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "td" and a.get("data-pointer"):
            self._ptr = a["data-pointer"]
            self.classes[self._ptr] = set((a.get("class") or "").split())
            self._buf = []
            self._skip = 0
        elif self._ptr is not None and tag == "span":
            cls = a.get("class") or ""
            if self._skip or "gr-sr" in cls or "gr-mark" in cls or a.get("aria-hidden") == "true":
                self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if self._ptr is None:
            return
        if tag == "span" and self._skip:
            self._skip -= 1
        elif tag == "td":
            self.cells[self._ptr] = "".join(self._buf).strip()
            self._ptr = None

    def handle_data(self, data: str) -> None:
        if self._ptr is not None and not self._skip:
            self._buf.append(data)


def report_cells(html: str) -> tuple[dict[str, str], dict[str, set[str]]]:
    p = Cells()
    p.feed(html)
    return p.cells, p.classes
