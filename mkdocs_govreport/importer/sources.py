"""Readers: every input becomes the same intermediate — a list of :class:`Block`.

A block is a paragraph (one cell) or a table row (several cells), in document order, each
cell with its position in the source.  Readers keep text as written; they only drop what
is certainly not report content (scripts, hidden and deleted text, site chrome outside
the article, page footers, note markers after numbers) and say so in
:attr:`Document.notes`.  A table cell they cannot read with certainty (a struck-through
number, a number merged over several cells) is :data:`MARK_UNREAD` with the reason.

Supported: HTML (:mod:`.html`: saved web pages, our own rendered pages), Word ``.docx``
(:mod:`.docx`), PDF (:mod:`.pdf`: tables as cells through the optional pdfplumber, else
pypdf's text layer), plain text (:mod:`.text`: tab-separated cells, Markdown pipe tables,
or text with no cell separators at all).  Files are opened with :func:`read_file`, which
refuses what is not a regular file and never reads more than the size limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .docx import read_docx
from .html import read_html
from .model import (
    MARK_BLANK,
    MARK_COMPUTED,
    MARK_UNREAD,
    ROLE_METADATA,
    Block,
    BlockKind,
    Cell,
    Document,
    SourceError,
    classify_cell_text,
    strip_note_markers,
)
from .pdf import read_pdf
from .text import decode, is_page_footer, read_text

__all__ = [
    "MARK_BLANK",
    "MARK_COMPUTED",
    "MARK_UNREAD",
    "MAX_INPUT_BYTES",
    "ROLE_METADATA",
    "Block",
    "BlockKind",
    "Cell",
    "Document",
    "SourceError",
    "classify_cell_text",
    "decode",
    "is_page_footer",
    "read_docx",
    "read_file",
    "read_html",
    "read_pdf",
    "read_source",
    "read_text",
    "sniff_kind",
    "strip_note_markers",
]

#: Inputs larger than this are refused (a report page is far smaller).
MAX_INPUT_BYTES = 20_000_000

_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")


def sniff_kind(name: str, raw: bytes) -> str:
    """The reader for a file: by content first (magic bytes), then by suffix.  A file
    whose suffix promises a format its content does not have is refused, with why."""
    lower = name.lower()
    head = raw[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"PK\x05\x06"):
        return "docx"
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        if lower.endswith(".docx"):
            raise SourceError("这个 .docx 文件是加密的 Word 文件（或旧版格式）：请在 Word 中取消密码并另存为 .docx 后再导入")
        raise SourceError("这是旧版 Word（.doc）或其他 Office 二进制格式的文件，无法直接导入：请在 Word 中另存为 .docx 后再导入")
    if lower.endswith(".docx"):
        raise SourceError("不是 Word .docx 文件（.docx 是 zip 格式，这个文件的内容不是）：请用 Word 另存为 .docx 后再导入")
    if lower.endswith(".pdf"):
        raise SourceError("不是 PDF 文件（文件开头没有 PDF 标记 %PDF-）：文件可能已损坏，或扩展名不对")
    if raw.startswith((b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise SourceError("这是压缩包或图片文件，不是年度报告的文本、网页、Word 或 PDF：无法导入")
    return "text"  # HTML or plain text: decided on the decoded text


def _looks_html(name: str, text: str) -> bool:
    head = text[:4096].lstrip().lower()
    low = text[:200000].lower()
    return (
        name.lower().endswith(_HTML_SUFFIXES)
        or head.startswith(("<!doctype html", "<html", "<?xml"))
        or ("<table" in low and "</td>" in low)
    )


def _is_binary(text: str) -> bool:
    """Control characters that no text file has (NUL, ...) in more than a trace."""
    sample = text[:100000]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f\v\x1a")
    return bad > max(2, len(sample) // 100) or (len(sample) <= 3 and bad > 0)


def read_source(name: str, raw: bytes) -> Document:
    """Read any supported input into a :class:`Document` (or raise :class:`SourceError`)."""
    if not raw.strip():
        raise SourceError("文件是空的：没有找到可以导入的内容")
    kind = sniff_kind(name, raw)
    if kind == "pdf":
        return read_pdf(raw)
    if kind == "docx":
        return read_docx(raw)
    notes: list[tuple[str, int | None]] = []
    text = decode(raw, notes)
    if _is_binary(text):
        raise SourceError("文件含有二进制数据，不是文本、网页、Word 或 PDF 文件：没有找到可以导入的文字")
    is_markdown = name.lower().endswith((".md", ".markdown"))
    doc = read_html(text) if _looks_html(name, text) else read_text(text, markdown=is_markdown)
    doc.notes[0:0] = notes
    return doc


_KINDS = (
    (stat.S_ISDIR, "是文件夹"),
    (stat.S_ISFIFO, "是命名管道（FIFO）"),
    (stat.S_ISSOCK, "是套接字"),
    (stat.S_ISCHR, "是字符设备"),
    (stat.S_ISBLK, "是块设备"),
)


def _not_regular(mode: int) -> str:
    for test, what in _KINDS:
        if test(mode):
            return what
    return "不是普通文件"


def read_file(path: Path, limit: int = MAX_INPUT_BYTES) -> bytes:
    """A file's bytes, or :class:`SourceError`: what is not a regular file is refused
    without opening it (a FIFO would block), the size is checked before reading, and at
    most ``limit`` bytes are read even if the file grows meanwhile."""
    try:
        st = os.stat(path)
    except FileNotFoundError as exc:
        raise SourceError("找不到文件") from exc
    except OSError as exc:
        raise SourceError(f"无法读取文件：{exc.strerror or exc}") from exc
    if not stat.S_ISREG(st.st_mode):
        raise SourceError(f"无法导入：这个路径{_not_regular(st.st_mode)}，不是普通文件")
    if st.st_size > limit:
        raise SourceError(f"文件过大（{st.st_size} 字节，上限 {limit}）：不像一份年度报告，已拒绝")
    try:
        # O_NONBLOCK: should the path have been replaced by a FIFO since stat, never wait
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise SourceError(f"无法读取文件：{exc.strerror or exc}") from exc
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise SourceError(f"无法导入：这个路径{_not_regular(st.st_mode)}，不是普通文件")
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise SourceError(f"无法读取文件：{exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    if size > limit:
        raise SourceError(f"文件过大（超过上限 {limit} 字节）：不像一份年度报告，已拒绝")
    return b"".join(chunks)
