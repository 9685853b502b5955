"""Reading a page file: its bytes, the front matter, and the report data it points to.

The security policy of reading lives here: size limits, UTF-8 only, and the rule that a page
may name a data file only beside it (never by an absolute path or ``..``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import yamlload
from .findings import Finding

#: MkDocs' own front matter pattern (mkdocs.utils.meta.YAML_RE).
FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
#: Refuse page files larger than this many bytes.
MAX_FILE_BYTES = 2_000_000
#: The front matter key holding a report's data.
DATA_KEY = "govreport"

def decode_source(raw: bytes, file: str) -> tuple[str | None, list[Finding]]:
    """Decode a page: UTF-8 only; a BOM or undecodable bytes are findings."""
    findings: list[Finding] = []
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            Finding("S", f"文件过大（{len(raw)} 字节，上限 {MAX_FILE_BYTES}），已拒绝处理：一份年度报告不应这么大", file, 1)
        ]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        findings.append(
            Finding(
                "S",
                "文件开头有 BOM（字节顺序标记）：请用“UTF-8（无 BOM）”编码保存，否则部分工具读不出页首数据",
                file,
                1,
                1,
            )
        )
    utf16 = _utf16(raw)
    if utf16:
        return None, [
            Finding("S", f"文件是 {utf16} 编码（常见于 Windows 记事本的“Unicode”）：请用“UTF-8”编码另存此文件", file, 1, 1)
        ]
    try:
        return raw.decode("utf-8"), findings
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        findings.append(
            Finding(
                "S",
                f"文件不是 UTF-8 编码（第 {exc.start} 字节处无法解码）：请用 UTF-8 编码另存此文件（如在记事本中“另存为”选 UTF-8）",
                file,
                line,
                col,
            )
        )
        return None, findings


def _utf16(raw: bytes) -> str:
    """``UTF-16`` when the bytes are UTF-16 text (a byte-order mark, or a NUL in every other
    byte of ASCII text); "" otherwise."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    head = raw[:400]
    if len(head) >= 8 and (head[1::2].count(0) > len(head) // 4 or head[0::2].count(0) > len(head) // 4):
        return "UTF-16"
    return ""


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(front matter text or None, body, line where the body starts)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    m = FRONT_MATTER_RE.match(text)
    if not m:
        return None, text, 1
    body = text[m.end() :]
    consumed = text[: m.end()].count("\n")
    stripped = body.lstrip("\n")
    consumed += len(body) - len(stripped)
    return m.group(1), stripped, consumed + 1


def looks_like_report(text: str) -> bool:
    """Cheap test used on every page of a site: does the front matter name ``govreport``?"""
    if not text.startswith("---"):
        return False
    # MkDocs reads files with universal newlines: old Mac ``\r`` endings are lines too
    text = text[:MAX_FILE_BYTES].replace("\r\n", "\n").replace("\r", "\n")
    m = FRONT_MATTER_RE.match(text)
    if not m:
        # an unterminated front matter that mentions govreport is still ours to report
        return _DATA_KEY_RE.search(text[:20000]) is not None
    return _DATA_KEY_RE.search(m.group(1)) is not None


#: ``govreport:`` as a key — also as a list item, so that front matter written as a list
#: (not a mapping) is reported instead of silently rendering a page without tables.
_DATA_KEY_RE = re.compile(r"^(?:-[ \t]+)?govreport[ \t]*:", re.MULTILINE)


_FRONT_KEY_RE = re.compile(r"^[ \t]*(?:-[ \t]+)?([A-Za-z_][\w-]*)[ \t]*:", re.MULTILINE)


def near_miss_key(front_matter: str) -> tuple[str, int] | None:
    """A top-level front-matter key that looks like a mistyped ``govreport`` (``govreprot``,
    ``gov_report``, ``GovReport``): (the key, its line in the front matter, 1-based)."""
    for m in _FRONT_KEY_RE.finditer(front_matter):
        key = m.group(1)
        folded = key.lower().replace("_", "").replace("-", "")
        if key != DATA_KEY and (folded == DATA_KEY or difflib.SequenceMatcher(None, folded, DATA_KEY).ratio() >= 0.75):
            return key, front_matter.count("\n", 0, m.start()) + 1
    return None


def problems_as_findings(problems: list[yamlload.Problem], file: str) -> list[Finding]:
    """The loader's problems as rule-S findings of ``file``."""
    return [Finding("S", p.message, file, p.line, p.column, p.pointer) for p in problems]


@dataclass
class PageData:
    """What a report page holds before any check: the ``govreport`` value (a mapping, or
    whatever was written), where it was read from, and the problems met reading it."""

    value: Any
    data_file: str
    positions: dict[str, tuple[int, int]]
    body: str
    body_line: int
    findings: list[Finding] = field(default_factory=list)
    #: files besides the page that the data was read from (for live reload)
    dependencies: tuple[str, ...] = ()


def read_page_data(text: str, file: str, *, base_dir: Path | None, display_dir: str, pre: list[Finding]) -> PageData:
    """The report data of a page's text (front matter present: ``looks_like_report``)."""
    fm, body, body_line = split_front_matter(text)
    if fm is None:
        return PageData(
            None, file, {}, text, 1, [*pre, Finding("S", "页首数据（front matter）没有结束：请在数据后单独一行写 ---", file, 1, 1)]
        )
    loaded = yamlload.load_front_matter_mapping(fm, 1, DATA_KEY)
    findings = pre + problems_as_findings(loaded.problems, file)
    front = loaded.value if isinstance(loaded.value, dict) else {}
    page = PageData(front.get(DATA_KEY), file, loaded.positions, body, body_line, findings)
    if isinstance(page.value, str) and page.value.strip().endswith((".yaml", ".yml")) and base_dir is not None:
        _read_data_file(page, page.value.strip(), file, base_dir, display_dir)
    return page


def _read_data_file(page: PageData, rel: str, file: str, base_dir: Path, display_dir: str) -> None:
    """``govreport: 2024.yaml``: the data from a sibling file (only beside the page)."""
    key_line = page.positions.get("", (None, None))[0]
    if Path(rel).is_absolute() or ".." in Path(rel).parts or "\\" in rel:
        # a page may only name data beside it: never another folder's files (a site
        # secret's .yml would otherwise be echoed back in the error messages)
        page.findings.append(Finding("S", f"数据文件“{rel}”应与报告页在同一文件夹（或其子文件夹）中：不能用绝对路径或 ..", file, key_line))
        page.value = None
        return
    data_path = (base_dir / rel).resolve()
    page.data_file = f"{display_dir.rstrip('/')}/{rel}" if display_dir not in ("", ".") else str(Path(file).parent / rel)
    page.dependencies = (str(data_path),)
    try:
        raw = data_path.read_bytes()
    except OSError:
        page.findings.append(Finding("S", f"找不到数据文件“{rel}”（govreport: 指向的文件）", file, key_line))
        page.value, page.data_file = None, file  # nothing more to say about a file that is not there
        return
    text, dec = decode_source(raw, page.data_file)
    page.findings += dec
    page.value = None
    if text is not None:
        sub = yamlload.load(text, strict=True)
        page.findings += problems_as_findings(sub.problems, page.data_file)
        page.value, page.positions = sub.value, sub.positions
