"""Readers: every input becomes the same intermediate — a list of :class:`Block`.

A block is a paragraph (one cell) or a table row (several cells), in document order, each
cell with its position in the source.  Readers keep text as written; they only drop what
is certainly not report content (scripts, site chrome outside the article, page footers)
and say so in :attr:`Document.notes`.

Supported: HTML (saved web pages; also our own rendered pages), Word ``.docx`` (read with
``zipfile`` + ``xml.etree``, no dependency), PDF (text layer, through the optional
``pypdf``), plain text (tab-separated cells, Markdown pipe tables, or text with no cell
separators at all).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO
from typing import Literal
from xml.etree import ElementTree

BlockKind = Literal["para", "row"]
#: A cell that stood in a table but held no number (shown as missing, never as zero).
MARK_BLANK = "blank"
#: A cell our own renderer marked as computed by the tool (not written by the author).
MARK_COMPUTED = "computed"


class SourceError(Exception):
    """The input cannot be read at all (not a Word file, no PDF reader installed, ...)."""


@dataclass
class Cell:
    """A piece of source text with known boundaries and its position (1-based)."""

    text: str
    line: int
    column: int = 1
    #: True when ``column + offset`` is the column of a character (single-line text cells).
    exact: bool = False
    #: ``""``, :data:`MARK_BLANK` or :data:`MARK_COMPUTED` (set by readers that know).
    mark: str = ""

    def position(self, offset: int) -> tuple[int, int]:
        """Line and column of the character at ``offset`` in :attr:`text`."""
        if not self.exact:
            return self.line, self.column
        before = self.text[:offset]
        newlines = before.count("\n")
        if newlines:
            return self.line + newlines, len(before) - before.rfind("\n")
        return self.line, self.column + offset


@dataclass
class Block:
    kind: BlockKind
    cells: list[Cell]
    #: Heading level when the source marks the block as a heading (``#``, ``<h2>``), else 0.
    level: int = 0
    #: Reader-specific: True when the text is already Markdown (text/Markdown sources).
    markdown: bool = False
    #: Not report text: an archive's metadata line (``发布时间: …``) or a separator line.
    meta: bool = False


@dataclass
class Document:
    """What a reader produced: blocks plus metadata the page carries outside its text."""

    blocks: list[Block]
    kind: str  # "html", "docx", "pdf", "text"
    #: Metadata found outside the report text: title, published, url, agency.
    meta: dict[str, str] = field(default_factory=dict)
    #: Things the reader dropped or changed, in Chinese, with their positions.
    notes: list[tuple[str, int | None]] = field(default_factory=list)
    #: Where ``line`` numbers point: "行" for text/HTML, "段" for Word, "行（PDF 文本）".
    unit: str = "行"
    #: HTML only: the ancestor element path of each block (to find the article).
    paths: list[tuple[int, ...]] | None = None

    def keep(self, indexes: list[int]) -> None:
        """Keep only the blocks at ``indexes`` (the article), dropping site chrome."""
        self.blocks = [self.blocks[i] for i in indexes]
        if self.paths is not None:
            self.paths = [self.paths[i] for i in indexes]


# ---------------------------------------------------------------------------------------
# Cell marks

_BLANK_TEXTS = {"", "—", "-", "－", "–", "/", "／", "\\", "——", "--", "－－", "—未填写", "未填写", "空", "无", "×", "x"}
_COMPUTED_RE = re.compile(r"^\s*([0-9][0-9.,]*)\s*\*\s*(?:[（(]计算值[)）])?\s*$")


def classify_cell_text(text: str) -> tuple[str, str]:
    """(text, mark) for a table cell: blank marks and our renderer's computed mark."""
    stripped = "".join(text.split())
    if stripped in _BLANK_TEXTS:
        return text, MARK_BLANK
    m = _COMPUTED_RE.match(text)
    if m:
        return m.group(1), MARK_COMPUTED
    return text, ""


# ---------------------------------------------------------------------------------------
# Plain text (and Markdown)

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


def read_text(text: str, *, kind: str = "text", unit: str = "行") -> Document:
    """Plain text as copied from a browser, a text layer, or a Markdown file.

    A line with tabs is a table row (cells between tabs); a Markdown pipe row is a table
    row; any other line is a paragraph.  Lines that are only a page number are dropped.
    """
    doc = Document([], kind, unit=unit)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    for number, raw in enumerate(text.split("\n"), 1):
        # keep trailing tabs: an empty last cell (a 总计 left blank) is still a cell
        line = raw.rstrip(" \r\n\u3000")
        if not line.strip():
            continue
        if is_page_footer(line):
            doc.notes.append((f"第 {number} {unit}“{line.strip()}”是页码（页眉页脚），已略去", number))
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
                t, mark = classify_cell_text(part)
                cells.append(Cell(t, number, col, exact=not mark, mark=mark))
                col += len(part) + 1
            doc.blocks.append(Block("row", cells))
            continue
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            if _PIPE_SEP_RE.match(stripped):
                continue
            cells = []
            col = line.index("|") + 2
            parts = stripped.strip("|").split("|")
            for part in parts:
                t, mark = classify_cell_text(part)
                lead = len(part) - len(part.lstrip())
                cells.append(Cell(t.strip() if not mark else t, number, col + lead, exact=not mark, mark=mark))
                col += len(part) + 1
            doc.blocks.append(Block("row", cells))
            continue
        level = 0
        hm = _MD_HEADING_RE.match(line)
        start = 0
        if hm:
            level = len(hm.group(1))
            start = hm.end()
        doc.blocks.append(
            Block("para", [Cell(line[start:], number, start + 1, exact=True)], level=level, markdown=kind == "text", meta=is_meta)
        )
    return doc


# ---------------------------------------------------------------------------------------
# HTML

_VOID = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr", "param"}
_SKIP = {"caption", "script", "style", "noscript", "template", "svg", "select", "button", "iframe", "object", "head", "textarea", "option"}
_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "header", "footer",
    "nav", "aside", "main", "blockquote", "pre", "dl", "dt", "dd", "table", "tr", "tbody", "thead", "tfoot",
    "caption", "form", "fieldset", "figure", "figcaption", "center", "address", "body", "html",
}
#: Classes of our own generated chrome: findings boxes and notes under tables.
_OWN_CHROME = ("gr-findings", "gr-notes")
_AUTOCLOSE = {
    "p": {"p"},
    "li": {"li"},
    "td": {"td", "th"},
    "th": {"td", "th"},
    "tr": {"tr", "td", "th"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
}


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    line: int
    column: int
    parent: _Node | None = None
    children: list[_Node | str] = field(default_factory=list)

    def has_class(self, name: str) -> bool:
        return name in self.attrs.get("class", "").split()

    def hidden(self) -> bool:
        style = self.attrs.get("style", "").replace(" ", "").lower()
        return "display:none" in style or "visibility:hidden" in style or "hidden" in self.attrs


class _TreeBuilder(HTMLParser):
    """A forgiving DOM builder: closes unclosed cells/rows/paragraphs like browsers do."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {}, 1, 1)
        self.stack = [self.root]
        self.meta: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = tag.lower()
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            name = (a.get("name") or a.get("property") or "").lower()
            if name and a.get("content"):
                self.meta.setdefault(name, a["content"])
            return
        if tag == "title":
            self._in_title = True
        closes = _AUTOCLOSE.get(tag)
        if closes:
            # close an open cell/row/paragraph, but never beyond the enclosing table
            for i in range(len(self.stack) - 1, 0, -1):
                t = self.stack[i].tag
                if t in closes:
                    del self.stack[i:]
                    break
                if t in ("table", "tbody", "thead", "tfoot") or (tag == "p" and t not in ("span", "b", "i", "em", "strong", "font", "a", "u")):
                    break
        line, col = self.getpos()
        node = _Node(tag, a, line, col + 1, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag.lower() not in _VOID and self.stack[-1].tag == tag.lower():
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        tag = tag.lower()
        if tag == "title":
            self._in_title = False
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        self.stack[-1].children.append(data)


def _inner_text(node: _Node) -> str:
    """Text of a table cell: block children and ``<br>`` become spaces (label wraps)."""
    out: list[str] = []

    def walk(n: _Node) -> None:
        for c in n.children:
            if isinstance(c, str):
                out.append(c)
                continue
            if c.tag in _SKIP or c.hidden():
                continue
            if c.tag == "br" or c.tag in _BLOCK:
                out.append(" ")
            walk(c)
            if c.tag in _BLOCK:
                out.append(" ")

    walk(node)
    return re.sub(r"[ \t\r\n\u00a0\u3000]+", " ", "".join(out)).strip()


def _contains(node: _Node, tag: str) -> bool:
    return any(isinstance(c, _Node) and (c.tag == tag or _contains(c, tag)) for c in node.children)


def read_html(text: str) -> Document:
    """A saved web page: the article's paragraphs and table rows, chrome left out later."""
    builder = _TreeBuilder()
    try:
        builder.feed(text)
        builder.close()
    except Exception as exc:  # html.parser is forgiving; this is for pathological input
        raise SourceError(f"无法解析 HTML：{exc}") from exc
    doc = Document([], "html")
    meta = builder.meta
    for key, names in (
        ("title", ("articletitle", "title", "og:title")),
        ("published", ("pubdate", "publishdate", "firstpublishedtime", "article:published_time")),
        ("url", ("url", "og:url")),
    ):
        for n in names:
            if meta.get(n):
                doc.meta[key] = meta[n].strip()
                break
    if builder.title.strip():
        doc.meta.setdefault("page_title", builder.title.strip())
    paths: list[tuple[int, ...]] = []
    buf: list[str] = []
    buf_pos: list[tuple[int, int]] = []
    ids: dict[int, int] = {}

    def node_id(n: _Node) -> int:
        return ids.setdefault(id(n), len(ids))

    def ancestry(n: _Node | None) -> tuple[int, ...]:
        chain = []
        while n is not None:
            chain.append(node_id(n))
            n = n.parent
        return tuple(reversed(chain))

    state: dict[str, _Node | None] = {"para_node": None}

    def flush(level: int = 0) -> None:
        joined = re.sub(r"[ \t\r\n\u00a0\u3000]+", " ", "".join(buf)).strip()
        if joined and buf_pos:
            line, col = buf_pos[0]
            doc.blocks.append(Block("para", [Cell(joined, line, col)], level=level))
            paths.append(ancestry(state["para_node"]))
        buf.clear()
        buf_pos.clear()

    def walk(n: _Node) -> None:
        for c in n.children:
            if isinstance(c, str):
                if c.strip() and not buf_pos:
                    buf_pos.append((n.line, n.column))
                    state["para_node"] = n
                buf.append(c)
                continue
            if c.tag in _SKIP or c.hidden() or any(c.has_class(k) for k in _OWN_CHROME):
                continue
            if c.tag == "tr" and not _contains(c, "table"):
                flush()
                cells = []
                for td in c.children:
                    if not isinstance(td, _Node) or td.tag not in ("td", "th"):
                        continue
                    if td.has_class("gr-missing"):
                        cells.append(Cell("", td.line, td.column, mark=MARK_BLANK))
                        continue
                    if td.has_class("gr-computed"):
                        inner = "".join(x for x in td.children if isinstance(x, str)) or _inner_text(td)
                        t, _ = classify_cell_text(inner.split("*")[0])
                        cells.append(Cell(t.strip(), td.line, td.column, mark=MARK_COMPUTED))
                        continue
                    t, mark = classify_cell_text(_inner_text(td))
                    cells.append(Cell(t, td.line, td.column, mark=mark))
                if cells:
                    doc.blocks.append(Block("row", cells))
                    paths.append(ancestry(c))
                continue
            if c.tag == "br":
                buf.append("\n")
                continue
            if c.tag in _BLOCK or c.tag in ("td", "th"):
                flush()
                level = int(c.tag[1]) if re.fullmatch(r"h[1-6]", c.tag) else 0
                if level:
                    before = len(doc.blocks)
                    walk(c)
                    flush(level)
                    for b in doc.blocks[before:]:
                        b.level = level
                else:
                    walk(c)
                    flush()
                continue
            walk(c)

    walk(builder.root)
    flush()
    doc.paths = paths
    return doc


# ---------------------------------------------------------------------------------------
# Word .docx

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_text(el: ElementTree.Element) -> str:
    out: list[str] = []
    for node in el.iter():
        if node.tag == _W + "t" and node.text:
            out.append(node.text)
        elif node.tag == _W + "tab":
            out.append("\t")
        elif node.tag in (_W + "br", _W + "cr") or node.tag == _W + "p":
            out.append(" ")
    return re.sub(r"[ \u00a0\u3000]+", " ", "".join(out)).strip()


def read_docx(raw: bytes) -> Document:
    """A Word document: paragraphs and table rows; vertically merged continuation cells
    carry no text and are skipped (a merged cell appears once, like in HTML)."""
    try:
        with zipfile.ZipFile(BytesIO(raw)) as z:
            xml = z.read("word/document.xml")
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise SourceError("不是有效的 Word（.docx）文件：找不到 word/document.xml") from exc
    try:
        root = ElementTree.fromstring(xml)
    except ElementTree.ParseError as exc:
        raise SourceError(f"Word 文件内容损坏：{exc}") from exc
    doc = Document([], "docx", unit="段")
    body = root.find(_W + "body")
    if body is None:
        return doc
    counter = 0

    def walk(container: ElementTree.Element) -> None:
        nonlocal counter
        for el in container:
            if el.tag == _W + "p":
                counter += 1
                text = _docx_text(el)
                if text:
                    style = el.find(f"{_W}pPr/{_W}pStyle")
                    level = 0
                    if style is not None:
                        m = re.search(r"(?:Heading|标题)\s*([1-6])", style.get(_W + "val", ""))
                        level = int(m.group(1)) if m else 0
                    doc.blocks.append(Block("para", [Cell(text, counter)], level=level))
            elif el.tag == _W + "tbl":
                for tr in el.findall(_W + "tr"):
                    counter += 1
                    cells: list[Cell] = []
                    nested = False
                    for tc in tr.findall(_W + "tc"):
                        if tc.find(_W + "tbl") is not None:
                            nested = True
                        vmerge = tc.find(f"{_W}tcPr/{_W}vMerge")
                        if vmerge is not None and vmerge.get(_W + "val", "continue") == "continue":
                            continue  # the merged cell's text stands in the first row only
                        t, mark = classify_cell_text(_docx_text(tc))
                        cells.append(Cell(t, counter, mark=mark))
                    if nested:
                        for tc in tr.findall(_W + "tc"):
                            walk(tc)
                    elif cells:
                        doc.blocks.append(Block("row", cells))
            elif el.tag in (_W + "sdt", _W + "sdtContent", _W + "customXml"):
                walk(el)

    walk(body)
    return doc


# ---------------------------------------------------------------------------------------
# PDF (text layer)


def read_pdf(raw: bytes) -> Document:
    """A PDF's text layer through ``pypdf`` (optional: ``pip install mkdocs-govreport[import]``).

    Only the text layer is read: a scanned PDF (images) has none, and is refused."""
    try:
        from pypdf import PdfReader  # type: ignore[import-not-found]
    except ImportError as exc:
        raise SourceError(
            "读取 PDF 需要 pypdf：请运行 pip install 'mkdocs-govreport[import]'；"
            "或把 PDF 中的文字复制为 .txt 文件后再导入"
        ) from exc
    try:
        reader = PdfReader(BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many kinds of errors for damaged files
        raise SourceError(f"无法读取 PDF：{exc}") from exc
    text = "\n".join(pages)
    if not text.strip():
        raise SourceError("PDF 没有文字层（可能是扫描件）：无法导入，请先做文字识别（OCR）")
    return read_text(text, kind="pdf", unit="行（PDF 文本）")


def sniff_kind(name: str, raw: bytes) -> str:
    """The reader for a file: by content first (magic bytes), then by suffix."""
    lower = name.lower()
    if raw.startswith(b"%PDF"):
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        return "docx"
    head = raw[:4096].lstrip().lower()
    if lower.endswith((".html", ".htm", ".xhtml", ".shtml")) or head.startswith((b"<!doctype html", b"<html", b"<?xml")) or (b"<table" in raw[:200000].lower() and b"</td>" in raw.lower()):
        return "html"
    return "text"


def decode(raw: bytes) -> str:
    """Text of a file: UTF-8 (with or without BOM), else GB18030 (older Chinese sites)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def read_source(name: str, raw: bytes) -> Document:
    """Read any supported input into a :class:`Document`."""
    kind = sniff_kind(name, raw)
    if kind == "pdf":
        return read_pdf(raw)
    if kind == "docx":
        return read_docx(raw)
    text = decode(raw)
    if kind == "html":
        return read_html(text)
    return read_text(text)
