"""What the plugin keeps on disk between builds, so that ``mkdocs build --dirty`` (a new process)
and ``mkdocs serve --dirty`` redo only what an edit changed.

Under ``<folder of mkdocs.yml>/.cache/plugin/govreport/`` (the folder Material's plugins use;
keep ``.cache/`` out of version control):

* ``reports/<hash>.pickle`` — each parsed and checked report, keyed by its file's path, its
  and its data files' modification times and sizes, and the plugin's own code (a new version
  of the plugin never reuses an old parse);
* ``<site hash>/pages/…`` — the generated pages and downloads as files, rewritten only when
  their text changes, so that MkDocs' ``--dirty`` test (source newer than the built page)
  rebuilds exactly the generated pages that changed;
* ``<site hash>/state.json`` — per page, what was rendered into it last time from outside its
  own file (its findings, its data files): a page whose findings changed (a cross-year rule
  after editing last year's report) is rebuilt although its file did not change.

Everything here is an optimisation: a cache that cannot be read or written is ignored (the
build is then complete, only slower), never an error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import pickle
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from ..core.files import write_atomic
from ..core.report import Report
from ..exports import Chunk
from ..exports.spool import dumps, loads

#: Where the cache lives, relative to the folder of ``mkdocs.yml``.
CACHE_DIR = ".cache/plugin/govreport"

#: Bump when what is pickled changes shape in a way the code fingerprint would not catch.
_LAYOUT = "2"


@cache
def code_fingerprint() -> str:
    """Changes whenever any module of the package changes (a cached parse is only reused by
    the code that made it)."""
    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(_LAYOUT.encode())
    for p in sorted(root.rglob("*.py")):
        with contextlib.suppress(OSError):
            st = p.stat()
            h.update(f"{p.relative_to(root)}:{st.st_mtime_ns}:{st.st_size}\n".encode())
    return h.hexdigest()[:16]


class DiskCache:
    """The plugin's folder of cached parses, generated files and page state."""

    def __init__(self, root: Path, site_key: str) -> None:
        self.root = root
        self.site = root / hashlib.sha1(site_key.encode("utf-8")).hexdigest()[:12]
        self.ok = True
        self._used: set[str] = set()

    # -- parsed reports -------------------------------------------------------------
    def _report_path(self, path: str) -> Path:
        return self.root / "reports" / (hashlib.sha1(path.encode("utf-8")).hexdigest() + ".pickle")

    def load_report(
        self, path: str, signature: Callable[[str, tuple[str, ...]], tuple[Any, ...]]
    ) -> tuple[bool, Report | None, Chunk | None]:
        """``(found, report, its share of the downloads)`` for a file whose signature
        (``signature(path, data files)``, the data files being those of the stored parse) is
        unchanged since it was stored."""
        target = self._report_path(path)
        self._used.add(target.name)
        try:
            data = target.read_bytes()
        except OSError:
            return False, None, None
        try:
            key, report, chunk = loads(zlib.decompress(data))
        except Exception:  # an old or damaged entry is a miss, never an error
            return False, None, None
        deps = report.dependencies if isinstance(report, Report) else ()
        if key != (code_fingerprint(), path, signature(path, deps)):
            return False, None, None
        if isinstance(chunk, Chunk) and isinstance(report, Report):
            chunk.key = (id(report.cells), id(report.data))  # identity of this copy of the report
        else:
            chunk = None
        return True, report, chunk

    def store_report(self, path: str, signature: tuple[Any, ...], report: Report | None, chunk: Chunk | None = None) -> None:
        if not self.ok:
            return
        target = self._report_path(path)
        self._used.add(target.name)
        try:
            # compressed: a fifth of the size on disk (~10 KB a report), ~0.1 ms to read back
            write_atomic(target, zlib.compress(dumps(((code_fingerprint(), path, signature), report, chunk)), 1))
        except (OSError, pickle.PicklingError, TypeError, AttributeError, zlib.error):
            self.ok = False

    def prune_reports(self) -> None:
        """Forget the parses of files that are no longer part of the site."""
        folder = self.root / "reports"
        with contextlib.suppress(OSError):
            for p in folder.iterdir():
                if p.suffix == ".pickle" and p.name not in self._used:
                    with contextlib.suppress(OSError):
                        p.unlink()
        self._used = set()

    # -- generated files --------------------------------------------------------------
    def write_generated(self, uri: str, content: str | bytes) -> str | None:
        """The path of a file holding ``content`` (rewritten only when it changed, so its
        modification time says when the text last changed); None when the cache is unusable."""
        if not self.ok:
            return None
        target = self.site / "pages" / uri
        data = content.encode("utf-8") if isinstance(content, str) else content
        try:
            try:
                same = target.stat().st_size == len(data) and target.read_bytes() == data
            except OSError:
                same = False
            if not same:
                write_atomic(target, data)
        except OSError:
            self.ok = False
            return None
        return str(target)

    def prune_generated(self, keep: set[str]) -> None:
        folder = self.site / "pages"
        if not folder.is_dir():
            return
        for p in folder.rglob("*"):
            if p.is_file() and p.relative_to(folder).as_posix() not in keep:
                with contextlib.suppress(OSError):
                    p.unlink()

    # -- the theme's compiled templates --------------------------------------------------
    def jinja_cache(self) -> Any:
        """A Jinja bytecode cache in this folder (None when it cannot be made)."""
        from jinja2 import FileSystemBytecodeCache

        folder = self.root / "jinja"
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
        return FileSystemBytecodeCache(str(folder))

    # -- page state -------------------------------------------------------------------
    def load_state(self) -> dict[str, Any]:
        try:
            state = json.loads((self.site / "state.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return state if isinstance(state, dict) and state.get("code") == code_fingerprint() else {}

    def save_state(self, state: dict[str, Any]) -> None:
        if not self.ok:
            return
        try:
            write_atomic(self.site / "state.json", json.dumps({**state, "code": code_fingerprint()}, ensure_ascii=False).encode("utf-8"))
        except OSError:
            self.ok = False
