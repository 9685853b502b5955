"""PDF files as a :class:`Document`: ruled tables as real cells, the rest as lines.

With pdfplumber (the ``import`` extra) the page's characters are read with their
positions: a table drawn with ruling lines becomes rows of cells on its real grid
(:mod:`.grid`), so the extraction sees the table, not a soup of lines; raised small
characters (superscript note markers) are not part of a number; characters crossed by a
line through their middle are struck through (a struck number cell cannot be read); text
outside tables becomes lines read like plain text (page footers such as ``- 3 -`` are
dropped, and said so).  Without pdfplumber, pypdf's text layer is read as plain text.

Library log lines and warnings never reach the terminal: they are collected and turned
into one Chinese note.
"""

from __future__ import annotations

import logging
import statistics
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from typing import Any

from .grid import GridCell, table_blocks
from .model import Document, SourceError, clip
from .text import read_lines, read_text

#: Radicals that PDF writers (Chromium with Noto CJK, among others) put in the text layer
#: for the ideograph whose glyph they share: ``⼯`` (KANGXI RADICAL WORK) is 工.  The Kangxi
#: block folds by NFKC; the simplified radicals need this table.
_RADICALS = dict(zip("⺠⻅⻆⻈⻉⻋⻐⻓⻔⻙⻚⻛⻜⻠⻢⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳⺟⺰⻌", "民见角讠贝车钅长门韦页风飞饣马鱼鸟卤麦黄黾齐齿龙龟母纟辶", strict=True))


def _unradical(text: str) -> tuple[str, int]:
    """Text with radicals standing for ideographs replaced, and how many were."""
    n = 0
    out = []
    for ch in text:
        if "\u2f00" <= ch <= "\u2fdf":
            ch = unicodedata.normalize("NFKC", ch)
            n += 1
        elif ch in _RADICALS:
            ch = _RADICALS[ch]
            n += 1
        out.append(ch)
    return "".join(out), n


#: PDF pages read at most (an annual report has a few dozen).
MAX_PAGES = 300
_LOGGERS = ("pypdf", "pdfminer", "pdfplumber", "PIL")
_UNIT = "行（PDF 文本）"


@contextmanager
def _quiet_libraries() -> Iterator[list[str]]:
    """Silence the PDF libraries' loggers and warnings; yield the messages they gave."""
    messages: list[str] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING and len(messages) < 50:
                try:
                    messages.append(record.getMessage())
                except Exception:  # a library's malformed log call must not break reading
                    messages.append(str(record.msg))

    handler = _Collect()
    saved = []
    for name in _LOGGERS:
        lg = logging.getLogger(name)
        saved.append((lg, lg.propagate, lg.level, list(lg.handlers)))
        lg.handlers = [handler]
        lg.propagate = False
        lg.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield messages
        messages.extend(str(w.message) for w in caught[:50])
    finally:
        for lg, propagate, level, handlers in saved:
            lg.handlers = handlers
            lg.propagate = propagate
            lg.setLevel(level)


def _library_note(doc: Document, messages: list[str], library: str) -> None:
    if messages:
        sample = "；".join(clip(m, 60) for m in dict.fromkeys(messages))
        doc.note(f"PDF 文件的结构有不规范之处（{library} 报告 {len(messages)} 处，如：{clip(sample, 160)}），已尽量读取，请核对", None)


def read_pdf(raw: bytes) -> Document:
    """A PDF: with pdfplumber, tables as cells and text as lines; else pypdf's text layer.

    Only the text layer is read: a scanned PDF (images) has none, and is refused."""
    try:
        import pdfplumber  # noqa: F401
    except ImportError:
        return _read_pypdf(raw)
    return read_pdf_pdfplumber(raw)


def _no_reader() -> SourceError:
    return SourceError(
        "读取 PDF 需要 pdfplumber（或 pypdf）：请运行 pip install 'mkdocs-govreport[import]'；"
        "或把 PDF 中的文字复制为 .txt 文件后再导入"
    )


def _read_pypdf(raw: bytes) -> Document:
    try:
        from pypdf import PdfReader
    except ImportError as exc:
        raise _no_reader() from exc
    return read_pdf_pypdf(raw, PdfReader)


def read_pdf_pypdf(raw: bytes, reader_class: Any = None) -> Document:
    """The PDF's text layer through pypdf, read as plain text (no table cells)."""
    if reader_class is None:
        from pypdf import PdfReader

        reader_class = PdfReader
    with _quiet_libraries() as messages:
        try:
            reader = reader_class(BytesIO(raw))
            if reader.is_encrypted:
                raise SourceError("PDF 文件已加密（需要密码才能打开）：无法导入，请提供未加密的 PDF")
            if len(reader.pages) > MAX_PAGES:
                raise SourceError(f"PDF 有 {len(reader.pages)} 页，超过上限 {MAX_PAGES} 页：不像一份年度报告，已拒绝")
            pages = [page.extract_text() or "" for page in reader.pages]
        except SourceError:
            raise
        except Exception as exc:  # pypdf raises many kinds of errors for damaged files
            raise SourceError(f"无法读取 PDF（文件损坏或不是 PDF：{clip(str(exc), 80)}）") from exc
    text, radicals = _unradical("\n".join(pages))
    if not text.strip():
        raise SourceError("PDF 没有文字层（可能是扫描件）：无法导入，请先做文字识别（OCR）")
    doc = read_text(text, kind="pdf", unit=_UNIT)
    if radicals:
        doc.note(f"PDF 文字层中有 {radicals} 处用部首字符代替汉字（如“⼯”代替“工”，PDF 生成工具所致），已换回对应的汉字", None)
    _library_note(doc, messages, "pypdf")
    return doc


# ---------------------------------------------------------------------------------------
# pdfplumber: characters with positions

Char = dict[str, Any]


def _lines(chars: list[Char]) -> list[list[Char]]:
    """Characters grouped into lines (by vertical overlap), each sorted left to right.
    Superscripts join the line they are raised above."""
    out: list[list[Char]] = []
    bounds: list[list[float]] = []  # [top, bottom] of each line, kept as chars join
    for ch in sorted(chars, key=lambda c: (round(c["bottom"], 1), c["x0"])):
        mid = (ch["top"] + ch["bottom"]) / 2
        for k in range(len(out) - 1, max(-1, len(out) - 4), -1):
            top, bottom = bounds[k]
            if top - 1 <= mid <= bottom + 1:
                out[k].append(ch)
                bounds[k] = [min(top, ch["top"]), max(bottom, ch["bottom"])]
                break
        else:
            out.append([ch])
            bounds.append([ch["top"], ch["bottom"]])
    order = sorted(range(len(out)), key=lambda k: bounds[k][0])
    return [sorted(out[k], key=lambda c: c["x0"]) for k in order]


def _is_sup(ch: Char, size: float, baseline: float) -> bool:
    """A character set smaller and raised above the line's baseline: a note marker."""
    return float(ch["size"]) < size * 0.9 and float(ch["bottom"]) < baseline - size * 0.25


def _struck(ch: Char, strikes: list[tuple[float, float, float]]) -> bool:
    """Crossed by a thin horizontal line through its middle (not an underline or a rule)."""
    h = ch["bottom"] - ch["top"]
    cx = (ch["x0"] + ch["x1"]) / 2
    lo, hi = ch["top"] + h * 0.3, ch["bottom"] - h * 0.2
    return any(x0 <= cx <= x1 and lo <= y <= hi for x0, x1, y in strikes)


def _line_text(line: list[Char], strikes: list[tuple[float, float, float]]) -> tuple[str, str, list[str]]:
    """(text, struck text, superscripts dropped) of one line of characters."""
    sizes = [float(c["size"]) for c in line if c["text"].strip()]
    size = max(sizes) if sizes else 10.0
    normal = [float(c["bottom"]) for c in line if float(c["size"]) >= size * 0.9]
    baseline = statistics.median(normal) if normal else max(float(c["bottom"]) for c in line)
    text: list[str] = []
    struck: list[str] = []
    sups: list[str] = []
    prev: Char | None = None
    for ch in line:
        t = ch["text"]
        if _is_sup(ch, size, baseline):
            if t.strip():
                sups.append(t)
            continue
        if prev is not None and ch["x0"] - prev["x1"] > size * 0.3 and t.strip():
            text.append(" ")
        if t.strip() and strikes and _struck(ch, strikes):
            struck.append(t)
            text.append(" ")
        else:
            text.append(t)
        prev = ch
    return "".join(text), "".join(struck), _join_sups(sups)


def _join_sups(sups: list[str]) -> list[str]:
    return ["".join(sups)] if sups else []


def _strikes(page: Any) -> list[tuple[float, float, float]]:
    """Thin horizontal lines and rectangles on the page: (x0, x1, y)."""
    out = []
    for obj in list(page.lines) + list(page.rects):
        height = abs(float(obj["bottom"]) - float(obj["top"]))
        if height <= 1.5 and float(obj["x1"]) - float(obj["x0"]) > 2:
            out.append((float(obj["x0"]), float(obj["x1"]), (float(obj["top"]) + float(obj["bottom"])) / 2))
    return out


def _inside(ch: Char, bbox: tuple[float, float, float, float]) -> bool:
    cx = (ch["x0"] + ch["x1"]) / 2
    cy = (ch["top"] + ch["bottom"]) / 2
    return bool(bbox[0] <= cx <= bbox[2] and bbox[1] <= cy <= bbox[3])


def _edges(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > 1.0:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def _cell_text(chars: list[Char], bbox: tuple[float, float, float, float], strikes: list[tuple[float, float, float]]) -> tuple[str, str, list[str]]:
    """Text of a table cell: its lines joined — with nothing between them when the line
    was wrapped (it reaches the cell's right edge), else with a space."""
    text = ""
    struck: list[str] = []
    sups: list[str] = []
    lines = _lines(chars)
    for i, line in enumerate(lines):
        t, s, sp = _line_text(line, strikes)
        struck.append(s)
        sups.extend(sp)
        if i:
            prev = lines[i - 1]
            size = max(float(c["size"]) for c in prev)
            wrapped = bbox[2] - max(c["x1"] for c in prev) < size * 2.2
            text += "" if wrapped else " "
        text += t
    return " ".join(text.split()), "".join(struck).strip(), sups


def read_pdf_pdfplumber(raw: bytes) -> Document:
    """Tables as cells (ruled tables through pdfplumber's table finder), text as lines."""
    import pdfplumber

    doc = Document([], "pdf", unit=_UNIT)
    counter = [0]
    tables_seen = [0]
    with _quiet_libraries() as messages:
        try:
            pdf = pdfplumber.open(BytesIO(raw))
        except Exception as exc:  # pdfminer raises many kinds of errors for damaged files
            raise SourceError(f"无法读取 PDF（文件损坏、已加密或不是 PDF：{clip(str(exc) or type(exc).__name__, 80)}）") from exc
        try:
            with pdf:
                if len(pdf.pages) > MAX_PAGES:
                    raise SourceError(f"PDF 有 {len(pdf.pages)} 页，超过上限 {MAX_PAGES} 页：不像一份年度报告，已拒绝")
                any_text = False
                for number, page in enumerate(pdf.pages, 1):
                    any_text |= _read_page(doc, page, number, counter, tables_seen)
                    page.close()
        except SourceError:
            raise
        except Exception as exc:
            raise SourceError(f"无法读取 PDF（文件损坏：{clip(str(exc) or type(exc).__name__, 80)}）") from exc
    if not any_text:
        raise SourceError("PDF 没有文字层（可能是扫描件）：无法导入，请先做文字识别（OCR）")
    radicals = int(doc.meta.pop("_radicals", "0"))
    if radicals:
        doc.note(f"PDF 文字层中有 {radicals} 处用部首字符代替汉字（如“⼯”代替“工”，PDF 生成工具所致），已换回对应的汉字", None)
    _library_note(doc, [m for m in messages if "FontBBox" not in m], "pdfminer")
    return doc


def _read_page(doc: Document, page: Any, number: int, counter: list[int], tables_seen: list[int]) -> bool:
    chars: list[Char] = [c for c in page.chars if c.get("text")]
    if not chars:
        return False
    for c in chars:
        c["text"], n = _unradical(c["text"])
        if n:
            doc.meta["_radicals"] = str(int(doc.meta.get("_radicals", "0")) + n)
    strikes = _strikes(page)
    found = [t for t in page.find_tables() if len([c for c in t.cells if c]) >= 2]  # a lone box is a frame
    items: list[tuple[float, int, Any]] = []
    used: set[int] = set()
    for table in found:
        bbox = table.bbox
        inside = [c for c in chars if _inside(c, bbox)]
        used |= {id(c) for c in inside}
        items.append((float(bbox[1]), 1, (table, inside)))
    rest = [c for c in chars if id(c) not in used]
    lines = _lines(rest)
    left = min((min(float(c["x0"]) for c in ln) for ln in lines), default=0.0)
    right = max((max(float(c["x1"]) for c in ln) for ln in lines), default=0.0)
    for line in lines:
        items.append((min(float(c["top"]) for c in line), 0, line))
    paragraph: list[list[Char]] = []
    for _top, kind, item in sorted(items, key=lambda x: (x[0], x[1])):
        if kind == 1:
            _emit_lines(doc, paragraph, strikes, number, counter)
            paragraph = []
            _emit_table(doc, item[0], item[1], strikes, number, counter, tables_seen)
            continue
        if paragraph and not _continues(paragraph[-1], item, left, right):
            _emit_lines(doc, paragraph, strikes, number, counter)
            paragraph = []
        paragraph.append(item)
    _emit_lines(doc, paragraph, strikes, number, counter)
    return True


def _continues(prev: list[Char], line: list[Char], left: float, right: float) -> bool:
    """``line`` goes on with the text of ``prev`` (a paragraph wrapped by the layout):
    ``prev`` reaches the right margin, ``line`` starts at the left margin, in the same font
    size, just below — and no digit stands on either side of the break (numbers of a row
    of figures are never run together)."""
    size = max(float(c["size"]) for c in prev)
    size2 = max(float(c["size"]) for c in line)
    last, first = prev[-1]["text"], line[0]["text"]
    return (
        abs(size - size2) <= size * 0.1
        and right - float(prev[-1]["x1"]) <= size * 1.5
        and float(line[0]["x0"]) - left <= size * 0.5
        and 0 <= min(float(c["top"]) for c in line) - max(float(c["bottom"]) for c in prev) <= size * 1.2
        and not (last.isdigit() or first.isdigit() or last in "。；：:;")
    )


def _emit_lines(doc: Document, lines: list[list[Char]], strikes: list[tuple[float, float, float]], page: int, counter: list[int]) -> None:
    """One paragraph (one or more wrapped lines) of text outside tables."""
    if not lines:
        return
    counter[0] += 1
    n = counter[0]
    parts = [_line_text(line, strikes) for line in lines]
    text = "".join(t.strip() if i else t.rstrip() for i, (t, _s, _p) in enumerate(parts))
    for _t, struck, sups in parts:
        if struck:
            doc.note(f"PDF 第 {page} 页（第 {n} 行）的删除线文字“{clip(struck)}”不是正文，已略去", n)
        for s in sups:
            doc.note(f"PDF 第 {page} 页（第 {n} 行）的上标“{clip(s)}”是注释标记，不是数字的一部分，已略去", n)
    before = len(doc.blocks)
    read_lines(doc, [(n, text)], page=page)
    if len(lines) > 1:
        for b in doc.blocks[before:]:
            for c in b.cells:
                c.exact = False  # columns past the first line's end are not the source's
    counter[0] += len(lines) - 1


def _emit_table(doc: Document, table: Any, chars: list[Char], strikes: list[tuple[float, float, float]], page: int, counter: list[int], tables_seen: list[int]) -> None:
    boxes = [c for c in table.cells if c]
    xs = _edges([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _edges([b[1] for b in boxes] + [b[3] for b in boxes])
    row_lines: dict[int, int] = {}
    cells: list[GridCell] = []
    for b in sorted(boxes, key=lambda b: (b[1], b[0])):
        r0, r1 = _index(ys, b[1]), _index(ys, b[3])
        c0, c1 = _index(xs, b[0]), _index(xs, b[2])
        if r1 <= r0 or c1 <= c0:
            continue
        if r0 not in row_lines:
            counter[0] += 1
            row_lines[r0] = counter[0]
        inside = [c for c in chars if _inside(c, b)]
        text, struck, sups = _cell_text(inside, b, strikes)
        cells.append(
            GridCell(text, r0, c0, row_lines[r0], c0 + 1, rowspan=r1 - r0, colspan=c1 - c0, struck=struck, dropped=[f"上标“{s}”（注释标记，不是数字的一部分）" for s in sups], page=page)
        )
    tables_seen[0] += 1
    for _r, block in table_blocks(doc, cells, tables_seen[0]):
        doc.blocks.append(block)
