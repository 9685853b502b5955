"""Generated files written into a docs folder (``govreport pages``, for site generators that do
not run MkDocs plugins, such as Zensical), with a manifest so that the next run knows its own.

The manifest (``<docs>/<index.path>/.govreport-generated.json``, a dot file that MkDocs and
Zensical do not publish) lists every file written with the SHA-256 of what was written.  A run:

* writes only files whose text changed (an unchanged file keeps its modification time, so a
  generator's incremental rebuild does not redo it);
* removes the files of the previous run that are no longer generated (a report deleted, an
  agency renamed), unless someone edited them since;
* never overwrites a file it did not write, or one edited since it wrote it, without ``force``:
  such files are refused, all of them named, before anything is written.

The MkDocs plugin reads the same manifest: a docs folder in which ``govreport pages`` ran still
builds with the plugin (its files count as the plugin's own).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..core.files import write_atomic
from ..core.findings import Finding
from ..core.numbers import format_value

MANIFEST = ".govreport-generated.json"
#: The first line of every generated Markdown page.
MARK_MD = "<!-- 此页面由 govreport pages 生成：请勿手工修改，下次运行时会重新生成。 -->\n"


class GeneratedError(Exception):
    """Files that must not be overwritten (listed in the message, in Chinese)."""


@dataclass
class TreeResult:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    #: files of an earlier run edited by hand since: neither removed nor overwritten
    kept: list[str] = field(default_factory=list)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_path(docs: Path, root: str) -> Path:
    return docs / root / MANIFEST


def read_manifest(docs: Path, root: str) -> dict[str, str]:
    """``{path relative to docs: sha256}`` of the files the last run wrote ({} if none)."""
    try:
        data = json.loads(manifest_path(docs, root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items() if isinstance(v, str)}


def _current(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _remove_unedited(docs: Path, rel: str, digest: str, result: TreeResult) -> None:
    """Remove a file this generator wrote, unless someone edited it since (then it is kept, listed)."""
    target = _inside(docs, rel)
    now = _current(target)
    if now is None:
        return
    if _digest(now) != digest:
        result.kept.append(rel)
        return
    target.unlink()
    result.removed.append(rel)
    _remove_empty_parents(target.parent, docs)


def _inside(docs: Path, rel: str) -> Path:
    target = (docs / rel).resolve()
    base = docs.resolve()
    if target != base and base not in target.parents:
        raise GeneratedError(f"{rel}：生成文件的路径不在文档文件夹之内")
    return docs / rel


def write_tree(docs: Path, root: str, files: Mapping[str, str | bytes], *, force: bool = False) -> TreeResult:
    """Write ``files`` (paths relative to ``docs``) and the manifest under ``docs/root``."""
    old = read_manifest(docs, root)
    result = TreeResult()
    refused: list[str] = []
    plan: list[tuple[str, Path, bytes]] = []
    for rel, content in sorted(files.items()):
        target = _inside(docs, rel)
        data = content.encode("utf-8") if isinstance(content, str) else content
        if target.is_symlink():
            refused.append(f"{rel}（是符号链接）")
            continue
        now = _current(target)
        if now is not None and not force:
            if rel not in old:
                refused.append(f"{rel}（不是 govreport pages 生成的文件）")
                continue
            if _digest(now) != old[rel]:
                refused.append(f"{rel}（生成后被修改过）")
                continue
        plan.append((rel, target, data))
    if refused:
        raise GeneratedError(
            "以下文件已存在，不会覆盖（确认要覆盖时加 --force，或修改 index.path）：\n  " + "\n  ".join(refused)
        )
    manifest: dict[str, str] = {}
    for rel, target, data in plan:
        manifest[rel] = _digest(data)
        if _current(target) == data:
            result.unchanged.append(rel)
            continue
        write_atomic(target, data)
        result.written.append(rel)
    for rel, digest in sorted(old.items()):
        if rel not in manifest:
            _remove_unedited(docs, rel, digest, result)
    body = {"generator": "govreport pages", "files": manifest}
    text = (json.dumps(body, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
    if _current(manifest_path(docs, root)) != text:
        write_atomic(manifest_path(docs, root), text)
    return result


def clean_tree(docs: Path, root: str) -> TreeResult:
    """Remove every file the last run wrote (those edited since are kept and listed)."""
    result = TreeResult()
    for rel, digest in sorted(read_manifest(docs, root).items()):
        _remove_unedited(docs, rel, digest, result)
    m = manifest_path(docs, root)
    with contextlib.suppress(FileNotFoundError):
        m.unlink()
    _remove_empty_parents(m.parent, docs)
    return result


def _remove_empty_parents(folder: Path, docs: Path) -> None:
    base = docs.resolve()
    while folder.resolve() != base and base in folder.resolve().parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


# ---------------------------------------------------------------------------------------
# The site's findings, for the report pages a host renders page by page

#: ``<docs>/.govreport-findings.json``: each report page's findings as the whole site's checks
#: left them (cross-year rules, roll-ups, the rule levels of ``mkdocs.yml``).  The Markdown
#: extension, rendering one page under Zensical, shows these instead of the page's own checks —
#: while the page and its data files are byte for byte what was checked.  JSON, never pickle: a
#: docs folder is not trusted to run code.
FINDINGS = ".govreport-findings.json"


def source_key(page: Path, dependencies: Sequence[str]) -> str:
    """The SHA-256 of a page and its data files, as they are on disk now."""
    h = hashlib.sha256()
    for p in (str(page), *dependencies):
        try:
            h.update(Path(p).read_bytes())
        except OSError:
            h.update(b"\0missing\0")
        h.update(b"\0")
    return h.hexdigest()


def findings_json(entries: Mapping[str, tuple[str, Sequence[Finding]]]) -> str:
    """``{src_uri: (source_key, findings)}`` as the text of :data:`FINDINGS`."""
    body = {
        uri: {"source": key, "findings": [_finding_dict(f) for f in found]} for uri, (key, found) in sorted(entries.items())
    }
    return json.dumps({"generator": "govreport pages", "pages": body}, ensure_ascii=False, sort_keys=True) + "\n"


def _finding_dict(f: Finding) -> dict[str, object]:
    return {
        "rule": f.rule,
        "message": f.message,
        "file": f.file,
        "line": f.line,
        "column": f.column,
        "pointer": f.pointer,
        "pointers": list(f.pointers),
        "values": [format_value(v) for v in f.values],
        "severity": f.severity,
        "acknowledged": f.acknowledged,
        "stale_note": f.stale_note,
    }


_loaded: dict[str, tuple[int, dict[str, object]]] = {}


def site_findings(docs: Path, uri: str, key: str) -> list[Finding] | None:
    """The findings ``govreport pages`` recorded for a page, if the page and its data files are
    unchanged since; None otherwise (the page's own checks apply then)."""
    path = docs / FINDINGS
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        return None
    cached = _loaded.get(str(path))
    if cached is None or cached[0] != mtime:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        pages = data.get("pages") if isinstance(data, dict) else None
        cached = _loaded[str(path)] = (mtime, pages if isinstance(pages, dict) else {})
    entry = cached[1].get(uri)
    if not isinstance(entry, dict) or entry.get("source") != key or not isinstance(entry.get("findings"), list):
        return None
    out: list[Finding] = []
    for d in entry["findings"]:
        try:
            out.append(
                Finding(
                    str(d["rule"]), str(d["message"]), str(d["file"]), d.get("line"), d.get("column"), str(d.get("pointer") or ""),
                    tuple(str(p) for p in d.get("pointers") or ()), tuple(str(v) for v in d.get("values") or ()),
                    d.get("severity") if d.get("severity") in ("error", "warning") else "error",
                    d.get("acknowledged"), d.get("stale_note"),
                )
            )
        except (KeyError, TypeError, AttributeError):
            return None
    return out
