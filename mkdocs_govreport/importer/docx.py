"""Word ``.docx`` as a :class:`Document`, read with ``zipfile`` + ``xml.etree``.

Read directly rather than through python-docx because the reading has to be bounded
before anything is inflated (a small .docx can unpack to gigabytes), and because what
counts here is below python-docx's model: tracked deletions (``w:del``, ``w:moveFrom``)
are not text, hidden runs (``w:vanish``) are not text, struck runs (``w:strike``,
``w:dstrike``) make a number cell unreadable, superscript runs are note markers, and
merged cells (``w:gridSpan``, ``w:vMerge``) are laid on the table's real grid.  Every walk
is iterative, so nesting depth cannot crash the reader.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from xml.etree import ElementTree

from .grid import GridCell, place, table_blocks
from .model import Block, Cell, Document, SourceError, clip, strip_note_markers

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
#: Largest part read (document.xml of a long report is a few MB).
MAX_PART_BYTES = 40_000_000
#: Largest total of the parts read.
MAX_TOTAL_BYTES = 60_000_000
#: Deepest table nesting read (Word itself offers a few levels; layouts use one or two).
MAX_TABLE_DEPTH = 32


@dataclass
class _Style:
    hidden: bool = False
    struck: bool = False
    sup: bool = False


def _on(el: ElementTree.Element | None) -> bool | None:
    """A Word toggle property: None when absent, else its value (``w:val`` 0/false = off)."""
    if el is None:
        return None
    return el.get(_W + "val", "true").lower() not in ("0", "false", "off", "none")


def _run_style(rpr: ElementTree.Element | None, base: _Style) -> _Style:
    if rpr is None:
        return base
    hidden = _on(rpr.find(_W + "vanish"))
    strike = _on(rpr.find(_W + "strike"))
    dstrike = _on(rpr.find(_W + "dstrike"))
    va = rpr.find(_W + "vertAlign")
    sup = None if va is None else va.get(_W + "val", "") in ("superscript", "subscript")
    return _Style(
        base.hidden if hidden is None else hidden,
        base.struck if strike is None and dstrike is None else bool(strike or dstrike),
        base.sup if sup is None else sup,
    )


def _read_part(z: zipfile.ZipFile, name: str, budget: list[int]) -> bytes | None:
    """A part's bytes, refused before inflating when its size is too large (the size the
    archive declares), and read at most to the limit (in case the declaration lies)."""
    try:
        info = z.getinfo(name)
    except KeyError:
        return None
    limit = min(MAX_PART_BYTES, budget[0])
    if info.file_size > limit:
        raise SourceError(
            f"Word 文件中的 {name} 解压后有 {info.file_size} 字节，超过上限 {limit} 字节"
            "（年度报告远小于此，可能是损坏或恶意构造的文件）：已拒绝"
        )
    with z.open(info) as f:
        data = f.read(limit + 1)
    if len(data) > limit:
        raise SourceError(f"Word 文件中的 {name} 解压后超过上限 {limit} 字节（与文件声明的大小不符）：已拒绝")
    budget[0] -= len(data)
    return data


def _parse(xml: bytes, name: str) -> ElementTree.Element:
    head = xml[:2048].lstrip()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in xml[:65536]:
        raise SourceError(f"Word 文件中的 {name} 含有 DTD/实体声明（正常的 Word 文件没有）：已拒绝")
    try:
        return ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise SourceError(f"Word 文件内容损坏（{name}：{exc}）") from exc


def _styles(root: ElementTree.Element | None) -> dict[str, _Style]:
    """Character/paragraph styles that hide, strike or raise text (following basedOn)."""
    if root is None:
        return {}
    raw: dict[str, tuple[str | None, ElementTree.Element | None]] = {}
    for st in root.iter(_W + "style"):
        sid = st.get(_W + "styleId")
        if sid:
            based = st.find(_W + "basedOn")
            raw[sid] = (based.get(_W + "val") if based is not None else None, st.find(_W + "rPr"))
    out: dict[str, _Style] = {}
    for sid in raw:
        chain: list[str] = []
        cur: str | None = sid
        while cur in raw and cur not in chain and len(chain) < 20:
            chain.append(cur)
            cur = raw[cur][0]
        style = _Style()
        for s in reversed(chain):
            style = _run_style(raw[s][1], style)
        name = sid.lower()
        if "footnotereference" in name or "endnotereference" in name:
            style.sup = True
        out[sid] = style
    return out


class _Reader:
    def __init__(self, doc: Document, styles: dict[str, _Style], parents: dict[ElementTree.Element, ElementTree.Element]) -> None:
        self.doc = doc
        self.parents = parents
        self.styles = styles
        self.counter = 0
        self.tables = 0

    def texts(self, el: ElementTree.Element) -> tuple[str, str, list[str]]:
        """(text, struck text, note markers dropped) of a paragraph or a cell."""
        text: list[str] = []
        struck: list[str] = []
        sup: list[str] = []
        base_p = _Style()
        # (element, inherited style) in document order, iteratively
        stack: list[tuple[ElementTree.Element, _Style]] = [(el, base_p)]
        while stack:
            node, style = stack.pop()
            tag = node.tag
            if tag in (_W + "del", _W + "moveFrom", _MC + "Fallback", _W + "instrText", _W + "delText"):
                continue  # deleted, moved away, an alternative rendering, a field code
            if tag == _W + "p":
                if text and not text[-1].endswith(" "):
                    text.append(" ")
                ps = node.find(f"{_W}pPr/{_W}pStyle")
                if ps is not None:
                    style = self._merge(style, self.styles.get(ps.get(_W + "val", "")))
            if tag == _W + "r":
                rpr = node.find(_W + "rPr")
                rs = rpr.find(_W + "rStyle") if rpr is not None else None
                if rs is not None:
                    style = self._merge(style, self._named(rs.get(_W + "val", "")))
                style = _run_style(rpr, style)
            if tag == _W + "t" and node.text:
                if style.hidden:
                    continue
                if style.sup:
                    sup.append(node.text)
                elif style.struck:
                    struck.append(node.text)
                    text.append(" ")
                else:
                    text.append(node.text)
                continue
            if tag == _W + "tab" and not style.hidden:
                text.append("\t")
            elif tag in (_W + "br", _W + "cr") and not style.hidden:
                text.append(" ")
            if tag in (_W + "pPr", _W + "rPr", _W + "tcPr", _W + "tblPr", _W + "trPr"):
                continue
            stack.extend((c, style) for c in reversed(node))
        joined = re.sub(r"[ \u00a0\u3000]+", " ", "".join(text)).strip()
        return joined, re.sub(r"\s+", " ", "".join(struck)).strip(), [s for s in (x.strip() for x in sup) if s]

    def _named(self, sid: str) -> _Style | None:
        """A style by id; a footnote/endnote reference style is a note marker even when
        the file does not define it."""
        found = self.styles.get(sid)
        if found is None and re.search(r"(?:foot|end)note\s*ref|脚注引用|尾注引用", sid, re.I):
            return _Style(sup=True)
        return found

    @staticmethod
    def _merge(style: _Style, extra: _Style | None) -> _Style:
        if extra is None:
            return style
        return _Style(style.hidden or extra.hidden, style.struck or extra.struck, style.sup or extra.sup)

    def paragraph(self, el: ElementTree.Element) -> None:
        self.counter += 1
        text, struck, sup = self.texts(el)
        n = self.counter
        if struck:
            self.doc.note(f"第 {n} 段的删除线文字“{clip(struck)}”不是正文，已略去", n)
        for s in sup:
            self.doc.note(f"第 {n} 段的上标“{clip(s)}”是注释标记，已略去", n)
        text, markers = strip_note_markers(text)
        for m in markers:
            self.doc.note(f"第 {n} 段数字后的注释标记“{m}”不是数字的一部分，已略去", n)
        if text:
            style = el.find(f"{_W}pPr/{_W}pStyle")
            level = 0
            if style is not None:
                m2 = re.search(r"(?:Heading|标题)\s*([1-6])", style.get(_W + "val", ""))
                level = int(m2.group(1)) if m2 else 0
            self.doc.blocks.append(Block("para", [Cell(text, n)], level=level))

    def table(self, tbl: ElementTree.Element, depth: int) -> list[ElementTree.Element]:
        """Emit a table's rows; returns the cells holding nested tables (walked after)."""
        if depth > MAX_TABLE_DEPTH:
            raise SourceError(f"Word 文件的表格嵌套超过 {MAX_TABLE_DEPTH} 层（正常的报告只有一两层）：已拒绝")
        rows: list[list[tuple[GridCell, int, int]]] = []
        merges: list[list[str | None]] = []
        layout: list[ElementTree.Element] = []
        for tr in tbl.iter(_W + "tr"):
            if not self._own(tr, tbl):
                continue
            self.counter += 1
            if tr.find(f"{_W}trPr/{_W}del") is not None:
                self.doc.note(f"第 {self.counter} 段的表格行是修订中删除的行，不是正文，已略去", self.counter)
                continue
            tcs = [tc for tc in tr.iter(_W + "tc") if self._own(tc, tbl) and tc.find(f"{_W}tcPr/{_W}cellDel") is None]
            if any(tc.find(f".//{_W}tbl") is not None for tc in tcs):
                layout.extend(tcs)  # a layout row: its cells are read as blocks
                continue
            row: list[tuple[GridCell, int, int]] = []
            vm: list[str | None] = []
            for tc in tcs:
                pr = tc.find(_W + "tcPr")
                span = pr.find(_W + "gridSpan") if pr is not None else None
                cs = int(span.get(_W + "val", "1")) if span is not None and span.get(_W + "val", "1").isdigit() else 1
                merge = pr.find(_W + "vMerge") if pr is not None else None
                state = None if merge is None else merge.get(_W + "val", "continue")
                hmerge = pr.find(_W + "hMerge") if pr is not None else None
                if hmerge is not None and hmerge.get(_W + "val", "continue") == "continue" and row:
                    prev = row[-1]
                    row[-1] = (prev[0], prev[1], prev[2] + 1)
                    continue
                text, struck, sup = self.texts(tc)
                cell = GridCell(text, 0, 0, self.counter, struck=struck, dropped=[f"上标“{s}”（注释标记，不是数字的一部分）" for s in sup])
                row.append((cell, 1, max(1, cs)))
                vm.append(state)
            rows.append(row)
            merges.append(vm)
        if rows:
            self._vmerge(rows, merges)
            self.tables += 1
            for _r, block in table_blocks(self.doc, place(rows), self.tables):
                self.doc.blocks.append(block)
        return layout

    @staticmethod
    def _vmerge(rows: list[list[tuple[GridCell, int, int]]], merges: list[list[str | None]]) -> None:
        """Word gives every row all its cells; a ``vMerge`` continuation cell extends the
        cell above it.  Here continuations are dropped and their origins get a rowspan."""
        above: dict[int, GridCell] = {}  # grid column -> origin cell covering it so far
        for r, row in enumerate(rows):
            col = 0
            kept: list[tuple[GridCell, int, int]] = []
            current: dict[int, GridCell] = {}
            for (cell, _rs, cs), state in zip(row, merges[r], strict=False):
                origin = above.get(col)
                if state == "continue" and origin is not None:
                    origin.rowspan += 1
                    current[col] = origin
                else:
                    cell.rowspan = 1
                    kept.append((cell, 1, cs))
                    current[col] = cell
                col += cs
            above = current
            rows[r] = kept
        for r, row in enumerate(rows):
            rows[r] = [(cell, cell.rowspan, cs) for cell, _rs, cs in row]

    def _own(self, el: ElementTree.Element, tbl: ElementTree.Element) -> bool:
        """True when ``el``'s nearest enclosing table is ``tbl`` (not a nested one)."""
        p = self.parents.get(el)
        while p is not None and p.tag != _W + "tbl":
            p = self.parents.get(p)
        return p is tbl

    def walk(self, body: ElementTree.Element) -> None:
        # (container, depth) still to read, in document order
        stack: list[tuple[list[ElementTree.Element], int]] = [(list(reversed(body)), 0)]
        while stack:
            items, depth = stack[-1]
            if not items:
                stack.pop()
                continue
            el = items.pop()
            if el.tag == _W + "p":
                self.paragraph(el)
            elif el.tag == _W + "tbl":
                layout = self.table(el, depth + 1)
                if layout:
                    stack.append(([x for tc in reversed(layout) for x in reversed(tc)], depth + 1))
            elif el.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "ins", _W + "moveTo", _W + "smartTag"):
                stack.append((list(reversed(el)), depth))


def read_docx(raw: bytes) -> Document:
    """A Word document: paragraphs and table rows laid on the table grid (merged cells
    handled as in :mod:`.grid`)."""
    if not raw.startswith(b"PK"):
        raise SourceError("不是 Word .docx 文件（.docx 是 zip 格式，这个文件不是）：请用 Word 另存为 .docx 后再导入")
    try:
        z = zipfile.ZipFile(BytesIO(raw))
    except Exception as exc:  # BadZipFile, but also ValueError/OSError/EOFError for odd headers
        raise SourceError(f"不是有效的 Word .docx 文件（zip 结构损坏：{exc}）") from exc
    with z:
        names = set(z.namelist())
        if "word/document.xml" not in names:
            if "xl/workbook.xml" in names:
                raise SourceError("这是 Excel 文件，不是 Word .docx 文件：请把报告另存为 .docx、.pdf 或网页后再导入")
            if "ppt/presentation.xml" in names:
                raise SourceError("这是 PowerPoint 文件，不是 Word .docx 文件：无法导入")
            raise SourceError("不是有效的 Word .docx 文件：找不到 word/document.xml")
        budget = [MAX_TOTAL_BYTES]
        try:
            xml = _read_part(z, "word/document.xml", budget)
            styles_xml = _read_part(z, "word/styles.xml", budget)
        except SourceError:
            raise
        except Exception as exc:  # zipfile/zlib/bz2/lzma raise many kinds of errors for damaged data
            raise SourceError(f"Word 文件的 zip 内容损坏，无法解压（{clip(str(exc) or type(exc).__name__, 80)}）") from exc
    assert xml is not None
    root = _parse(xml, "word/document.xml")
    styles = _styles(_parse(styles_xml, "word/styles.xml") if styles_xml else None)
    doc = Document([], "docx", unit="段")
    body = root.find(_W + "body")
    if body is None:
        return doc
    parents = {c: p for p in root.iter() for c in p}
    _Reader(doc, styles, parents).walk(body)
    return doc
