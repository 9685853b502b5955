"""Plain text (copied from a browser, a PDF's text layer, a Markdown file) as a Document,
and the decoding of text files (UTF-8, UTF-16, GB18030/GBK — said in a note)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .model import (
    MARK_UNREAD,
    Block,
    Cell,
    Document,
    SourceError,
    classify_cell_text,
    clip,
    several_numbers,
    strip_note_markers,
)

_FOOTER_RES = (
    re.compile(r"^\s*[-—–－一_~〜]+\s*[0-9０-９]{1,4}\s*[-—–－一_~〜]+\s*$"),
    re.compile(r"^\s*第\s*[0-9０-９]{1,4}\s*页\s*(?:[,，/、]?\s*共\s*[0-9０-９]{1,4}\s*页)?\s*$"),
    re.compile(r"^\s*(?:共\s*[0-9０-９]{1,4}\s*页\s*)?第\s*[0-9０-９]{1,4}\s*页\s*$"),
    re.compile(r"^\s*[Pp]age\s+[0-9]{1,4}(?:\s+of\s+[0-9]{1,4})?\s*$"),
    re.compile(r"^\s*[0-9]{1,4}\s*/\s*[0-9]{1,4}\s*$"),
)
_PIPE_SEP_RE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_HEADING_RE = re.compile(r"^(#{1,6})\s+")
_SEPARATOR_RE = re.compile(r"^\s*[=\-*_~#]{3,}\s*(\S{0,6})\s*[=\-*_~#]{3,}\s*$")
_META_RE = re.compile(r"^\s*(标题|题目|发布时间|发布日期|成文日期|时间|日期|原文链接|网址|链接|来源|发布机构|文号|栏目|索引号)\s*[:：]\s*(.*)$")


def is_page_footer(line: str) -> bool:
    """A line that is only a page number (``— 5 —``, ``第 3 页 共 10 页``, ``3/10``)."""
    return any(r.match(line) for r in _FOOTER_RES)


def _row_cell(doc: Document, part: str, number: int, col: int, *, strip: bool) -> Cell:
    """A cell of a tab-separated or pipe row: note markers dropped, blanks marked, and a
    cell holding several numbers left unread (reading it as several would shift the row)."""
    text, markers = strip_note_markers(part, cell=True)
    for m in markers:
        doc.note(f"第 {number} 行第 {col} 列“{clip(part)}”中的注释标记“{m}”不是数字的一部分，已略去", number)
    t, mark = classify_cell_text(text)
    if not mark and several_numbers(t):
        problem = f"第 {number} 行第 {col} 列的一个单元格里写了几个数（“{clip(t)}”）：无法确定它们各属于哪一格"
        doc.note(problem + "；这些单元格留空", number)
        return Cell("", number, col, mark=MARK_UNREAD, problem=problem)
    lead = len(t) - len(t.lstrip()) if strip and not mark else 0
    exact = not mark and not markers
    return Cell(t.strip() if strip and not mark else t, number, col + lead, exact=exact, mark=mark)


def read_text(text: str, *, kind: str = "text", unit: str = "行", markdown: bool = False) -> Document:
    """Plain text as copied from a browser, a text layer, or a Markdown file (``markdown``:
    its paragraphs keep their Markdown; in plain text ``*`` and ``_`` are just characters).

    A line with tabs is a table row (cells between tabs); a Markdown pipe row is a table
    row; any other line is a paragraph.  Lines that are only a page number are dropped.
    """
    doc = Document([], kind, unit=unit)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    read_lines(doc, enumerate(text.split("\n"), 1), markdown=markdown)
    return doc


def read_lines(doc: Document, lines: Iterable[tuple[int, str]], page: int = 0, *, markdown: bool = False) -> None:
    """Append numbered lines of text to ``doc`` (see :func:`read_text`); ``page`` is the
    PDF page they come from (0 for none)."""
    unit = doc.unit
    start_block = len(doc.blocks)
    for number, raw in lines:
        # keep trailing tabs: an empty last cell (a 总计 left blank) is still a cell
        line = raw.rstrip(" \r\n\u3000")
        if not line.strip():
            continue
        if is_page_footer(line):
            doc.note(f"第 {number} {unit}“{line.strip()}”是页码（页眉页脚），已略去", number)
            continue
        sep = _SEPARATOR_RE.match(line)
        if sep:
            if sep.group(1) == "正文":
                # an archive's header ends here: what stands above is not the report
                for b in doc.blocks:
                    b.meta = True
            doc.blocks.append(Block("para", [Cell(line, number, 1, exact=True)], meta=True))
            continue
        m = _META_RE.match(line)
        is_meta = False
        if m and len(line) < 300:
            is_meta = True
            key = {"标题": "title", "题目": "title", "原文链接": "url", "网址": "url", "链接": "url"}.get(m.group(1))
            if m.group(1) in ("发布时间", "发布日期", "成文日期", "时间", "日期"):
                key = "published"
            if key and m.group(2).strip() and key not in doc.meta:
                doc.meta[key] = m.group(2).strip()
        if "\t" in line:
            cells = []
            col = 1
            for part in line.split("\t"):
                cells.append(_row_cell(doc, part, number, col, strip=False))
                col += len(part) + 1
            doc.blocks.append(Block("row", cells))
            continue
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            if _PIPE_SEP_RE.match(stripped):
                continue
            cells = []
            col = line.index("|") + 2
            for part in stripped.strip("|").split("|"):
                cells.append(_row_cell(doc, part, number, col, strip=True))
                col += len(part) + 1
            doc.blocks.append(Block("row", cells))
            continue
        level = 0
        hm = _MD_HEADING_RE.match(line)
        start = 0
        if hm:
            level = len(hm.group(1))
            start = hm.end()
        body, markers = strip_note_markers(line[start:])
        for mk in markers:
            doc.note(f"第 {number} {unit}数字后的注释标记“{mk}”不是数字的一部分，已略去", number)
        doc.blocks.append(
            Block("para", [Cell(body, number, start + 1, exact=not markers)], level=level, markdown=markdown, meta=is_meta)
        )
    if page:
        for b in doc.blocks[start_block:]:
            for c in b.cells:
                c.page = page


# ---------------------------------------------------------------------------------------
# Decoding


def _utf16_without_bom(raw: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when the bytes look like UTF-16 text without a BOM:
    mostly ASCII and CJK code units, with NUL bytes on one side."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    sample = raw[:4096]
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


def _plausible_utf16(raw: bytes, encoding: str) -> str | None:
    """The text when ``raw`` decodes as ``encoding`` into what a report is made of (CJK,
    ASCII, CJK and full-width punctuation) and has line breaks or spaces; GB18030 bytes
    read as UTF-16 give rare ideographs, Hangul and private-use characters instead."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError:
        return None
    sample = text[:20000]
    common = sum(
        1 for ch in sample
        if " " <= ch <= "~" or ch in "\t\r\n" or "\u4e00" <= ch <= "\u9fa5" or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"
    )  # fmt: skip
    if common < len(sample) * 0.97 or not any(ch in "\n \t" or ch.isdigit() for ch in sample[:2000]):
        return None
    return text


def decode(raw: bytes, notes: list[tuple[str, int | None]] | None = None) -> str:
    """Text of a file: UTF-8 (with or without BOM), UTF-16 (with or without BOM), else
    GB18030 (older Chinese sites; GBK and GB2312 are subsets).  Any encoding other than
    UTF-8 is said in ``notes``.  Bytes that none of them decodes are refused."""
    encoding: str | None = None
    body = raw
    if raw.startswith(b"\xef\xbb\xbf"):
        body, encoding = raw[3:], "utf-8"
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        encoding = _utf16_without_bom(raw)
    if encoding and encoding.startswith("utf-16"):
        try:
            text = body.decode(encoding)
        except UnicodeDecodeError as exc:
            raise SourceError(f"文件看起来是 UTF-16 编码的文本，但第 {exc.start} 字节处无法按 UTF-16 解码：请另存为 UTF-8 后再导入") from exc
        if notes is not None:
            notes.append(("文件是 UTF-16 编码的文本，已按 UTF-16 解码", None))
        return text.lstrip("\ufeff")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    for candidate in ("utf-16-le", "utf-16-be"):
        guess = _plausible_utf16(body, candidate)
        if guess is not None:
            if notes is not None:
                notes.append(("文件是 UTF-16 编码的文本（没有字节顺序标记），已按 UTF-16 解码", None))
            return guess
    try:
        text = body.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"无法识别文件的文字编码：不是 UTF-8（第 {utf8_error.start} 字节处出错）、UTF-16 或 GB18030/GBK；"
            "请另存为 UTF-8 后再导入"
        ) from exc
    if notes is not None:
        notes.append(("文件不是 UTF-8 编码，已按 GB18030（兼容 GBK、GB2312）解码，请核对文字", None))
    return text
