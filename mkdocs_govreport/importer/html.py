"""Saved web pages (and our own rendered pages) as a :class:`Document`.

What a reader of the page does not see is not text: hidden elements (``display:none``,
``visibility:hidden``, the ``hidden`` attribute, common hiding classes and classes the
page's own ``<style>`` hides), deleted text (``<del>``), scripts and styles.  Struck-through
text (``<s>``, ``<strike>``, ``line-through``) is seen but crossed out: in a number cell
the cell cannot be read.  Note markers (``<sup>1</sup>``, ``①``, ``[1]``) are not part of
a number.  Tables are laid on their real grid (:mod:`.grid`), so merged cells never shift
a number.  Every walk over the element tree is iterative: nesting depth cannot crash it.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .grid import GridCell, place, table_blocks
from .model import (
    MARK_BLANK,
    MARK_COMPUTED,
    Block,
    Cell,
    Document,
    SourceError,
    classify_cell_text,
    clip,
    strip_note_markers,
)

_VOID = {"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr", "param"}
_SKIP = {"caption", "script", "style", "noscript", "template", "svg", "select", "button", "iframe", "object", "head", "textarea", "option"}
_BLOCK = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "header", "footer",
    "nav", "aside", "main", "blockquote", "pre", "dl", "dt", "dd", "table", "tr", "tbody", "thead", "tfoot",
    "caption", "form", "fieldset", "figure", "figcaption", "center", "address", "body", "html",
}  # fmt: skip
#: Classes of our own generated chrome: findings boxes and notes under tables.
_OWN_CHROME = ("gr-findings", "gr-notes")
#: Classes that hide an element on every screen (frameworks and CMS templates).
_HIDDEN_CLASSES = {
    "hidden", "hide", "d-none", "is-hidden", "invisible", "display-none", "displaynone", "sr-only",
    "visually-hidden", "visuallyhidden", "screen-reader-text", "u-hidden", "hiddenfield", "none",
}  # fmt: skip
_STRUCK_TAGS = {"s", "strike"}
_DELETED_TAGS = {"del"}
_NOTE_TAGS = {"sup", "sub"}
_AUTOCLOSE = {
    "p": {"p"},
    "li": {"li"},
    "td": {"td", "th"},
    "th": {"td", "th"},
    "tr": {"tr", "td", "th"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
}
#: How far up the open elements an end tag or an implied close looks for its element
#: (browsers bound this too); without a bound, deep unclosed nesting is quadratic.
_SCAN = 256
#: Element paths (to find the article) are kept this deep.
_PATH_DEPTH = 64
_WS_RE = re.compile(r"[ \t\r\n\u00a0\u3000]+")
#: What a ``<sup>`` note marker holds: digits, letters, brackets, symbols — no words.
_MARKERISH_RE = re.compile(r"^[\s\[\]［］()（）〔〕【】注*＊※†‡§#,，、.\-0-9０-９a-zA-Z①-⑳⁰-⁹]{1,12}$")


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

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").lower().split())

    def style(self) -> str:
        return self.attrs.get("style", "").replace(" ", "").lower()


@dataclass
class _Css:
    """What the page's own ``<style>`` rules hide or strike, by class name."""

    hidden: set[str] = field(default_factory=set)
    struck: set[str] = field(default_factory=set)


_CSS_RULE_RE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_HIDING_RE = re.compile(r"display:none|visibility:(?:hidden|collapse)|opacity:0(?:\.0*)?(?:;|$|!)|font-size:0(?:px|pt|em|rem|%)?(?:;|$|!)")


def _css_rules(text: str) -> _Css:
    css = _Css()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    for selectors, body in _CSS_RULE_RE.findall(text[:500_000]):
        decl = body.replace(" ", "").replace("\n", "").lower()
        hides = bool(_HIDING_RE.search(decl))
        strikes = "line-through" in decl
        if not (hides or strikes):
            continue
        for sel in selectors.split(","):
            m = re.fullmatch(r"\s*[a-zA-Z0-9]*\.([A-Za-z0-9_-]+)\s*", sel)
            if m:
                (css.hidden if hides else css.struck).add(m.group(1).lower())
    return css


def _is_hidden(n: _Node, css: _Css) -> bool:
    if not n.attrs:
        return False
    style = n.style()
    if _HIDING_RE.search(style + ";") or "hidden" in n.attrs:
        return True
    cls = n.classes()
    return bool(cls & _HIDDEN_CLASSES or cls & css.hidden)


def _is_struck(n: _Node, css: _Css) -> bool:
    if not n.attrs:
        return n.tag in _STRUCK_TAGS
    return n.tag in _STRUCK_TAGS or "line-through" in n.style() or bool(n.classes() & css.struck)


class _TreeBuilder(HTMLParser):
    """A forgiving DOM builder: closes unclosed cells/rows/paragraphs like browsers do."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {}, 1, 1)
        self.stack = [self.root]
        self.meta: dict[str, str] = {}
        self.title = ""
        self.styles: list[str] = []
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
            for i in range(len(self.stack) - 1, max(0, len(self.stack) - _SCAN), -1):
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
        for i in range(len(self.stack) - 1, max(0, len(self.stack) - _SCAN), -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if self.stack[-1].tag == "style":
            self.styles.append(data)
        self.stack[-1].children.append(data)


def _iter_text(node: _Node, css: _Css) -> Iterator[tuple[str, str]]:
    """(kind, text) of a subtree in order, iteratively: kind is "text", "struck", "sup"
    (a note marker in ``<sup>``/``<sub>``), or "gap" (a block edge or ``<br>``).
    Hidden, deleted and skipped elements yield nothing."""
    stack: list[tuple[Iterator[_Node | str], str]] = [(iter(node.children), "text")]
    while stack:
        it, kind = stack[-1]
        c = next(it, None)
        if c is None:
            stack.pop()
            continue
        if isinstance(c, str):
            yield kind, c
            continue
        if c.tag in _SKIP or c.tag in _DELETED_TAGS or _is_hidden(c, css):
            continue
        if c.tag == "br":
            yield "gap", " "
            continue
        child_kind = kind
        if kind == "text" and _is_struck(c, css):
            child_kind = "struck"
        elif kind == "text" and c.tag in _NOTE_TAGS:
            inner = _plain_text(c, css)
            if _MARKERISH_RE.match(inner.strip() or "x"):
                yield "sup", inner
                continue
        if c.tag in _BLOCK:
            yield "gap", " "
        stack.append((iter([*c.children, *([_Node("br", {}, 0, 0)] if c.tag in _BLOCK else [])]), child_kind))


def _plain_text(node: _Node, css: _Css) -> str:
    """The visible text of a subtree (iteratively), struck text included."""
    out: list[str] = []
    stack: list[_Node | str] = [node]
    while stack:
        c = stack.pop()
        if isinstance(c, str):
            out.append(c)
        elif c is node or not (c.tag in _SKIP or c.tag in _DELETED_TAGS or _is_hidden(c, css)):
            stack.extend(reversed(c.children))
    return "".join(out)


def _cell_text(td: _Node, css: _Css) -> tuple[str, str, list[str]]:
    """(text, struck text, dropped note markers) of a table cell."""
    if all(isinstance(c, str) for c in td.children):  # the common case: plain text
        return _WS_RE.sub(" ", "".join(td.children)).strip(), "", []  # type: ignore[arg-type]
    text: list[str] = []
    struck: list[str] = []
    dropped: list[str] = []
    for kind, t in _iter_text(td, css):
        if kind == "struck":
            struck.append(t)
            text.append(" ")  # struck text between two numbers still separates them
        elif kind == "sup":
            if t.strip():
                dropped.append(f"上标“{t.strip()}”（注释标记，不是数字的一部分）")
        else:
            text.append(t)
    return _WS_RE.sub(" ", "".join(text)).strip(), _WS_RE.sub(" ", "".join(struck)).strip(), dropped


def _span(value: str) -> int:
    m = re.match(r"\s*([0-9]{1,6})", value)
    if not m:
        return 1
    n = int(m.group(1))
    return n if n > 0 else 65534  # rowspan=0: to the end of the table (cut by place())


@dataclass
class _Grid:
    """Rows of one table (without nested tables), to be laid on the grid together."""

    table: _Node
    rows: list[_Node]


def _table_items(table: _Node, css: _Css) -> list[_Node | str | _Grid]:
    """A table's content in order: runs of plain rows (one :class:`_Grid` each) and the
    rows holding nested tables (a layout table's cells: walked as blocks)."""
    items: list[_Node | str | _Grid] = []
    pending: deque[_Node | str] = deque(table.children)
    grid: _Grid | None = None
    while pending:
        c = pending.popleft()
        if isinstance(c, _Node) and c.tag in ("thead", "tbody", "tfoot") and not _is_hidden(c, css):
            pending.extendleft(reversed(c.children))
            continue
        if isinstance(c, _Node) and c.tag == "tr" and not _is_hidden(c, css) and not _contains(c, "table"):
            if grid is None:
                grid = _Grid(table, [])
                items.append(grid)
            grid.rows.append(c)
            continue
        if isinstance(c, str) and not c.strip():
            continue
        grid = None
        items.append(c)
    return items


def _contains(node: _Node, tag: str) -> bool:
    stack = list(node.children)
    while stack:
        c = stack.pop()
        if isinstance(c, _Node):
            if c.tag == tag:
                return True
            stack.extend(c.children)
    return False


def _grid_cells(grid: _Grid, css: _Css) -> tuple[list[GridCell], dict[int, _Node]]:
    rows: list[list[tuple[GridCell, int, int]]] = []
    for tr in grid.rows:
        row = []
        for td in tr.children:
            if not isinstance(td, _Node) or td.tag not in ("td", "th") or _is_hidden(td, css):
                continue
            rs, cs = _span(td.attrs.get("rowspan", "1")), _span(td.attrs.get("colspan", "1"))
            if td.has_class("gr-missing"):
                row.append((GridCell("", 0, 0, td.line, td.column, mark=MARK_BLANK), rs, cs))
                continue
            if td.has_class("gr-computed"):
                inner = "".join(x for x in td.children if isinstance(x, str)) or _cell_text(td, css)[0]
                t, _ = classify_cell_text(inner.split("*")[0])
                row.append((GridCell(t.strip(), 0, 0, td.line, td.column, mark=MARK_COMPUTED), rs, cs))
                continue
            text, struck, dropped = _cell_text(td, css)
            row.append((GridCell(text, 0, 0, td.line, td.column, struck=struck, dropped=dropped), rs, cs))
        rows.append(row)
    cells = place(rows)
    return cells, dict(enumerate(grid.rows))


def read_html(text: str) -> Document:
    """A saved web page: the article's paragraphs and table rows, chrome left out later."""
    builder = _TreeBuilder()
    try:
        builder.feed(text)
        builder.close()
    except Exception as exc:  # html.parser is forgiving; this is for pathological input
        raise SourceError(f"无法解析 HTML：{exc}") from exc
    css = _css_rules("\n".join(builder.styles))
    doc = Document([], "html")
    meta = builder.meta
    for key, names in (
        ("title", ("articletitle", "title", "og:title")),
        ("published", ("pubdate", "publishdate", "firstpublishedtime", "article:published_time")),
        ("url", ("url", "og:url")),
    ):
        for nm in names:
            if meta.get(nm):
                doc.meta[key] = meta[nm].strip()
                break
    if builder.title.strip():
        doc.meta.setdefault("page_title", builder.title.strip())
    paths: list[tuple[int, ...]] = []
    buf: list[str] = []
    buf_pos: list[tuple[int, int]] = []
    ids: dict[int, int] = {}
    para_node: list[_Node] = [builder.root]
    tables = 0

    def node_id(n: _Node) -> int:
        return ids.setdefault(id(n), len(ids))

    known: dict[int, tuple[int, ...]] = {}

    def ancestry(n: _Node | None) -> tuple[int, ...]:
        """The element path from the root, cut after :data:`_PATH_DEPTH` elements (the
        article is never that deep; uncut paths of deep pages would be quadratic)."""
        chain: list[_Node] = []
        while n is not None and id(n) not in known:
            chain.append(n)
            n = n.parent
        path = known[id(n)] if n is not None else ()
        for node in reversed(chain):
            if len(path) < _PATH_DEPTH:
                path = (*path, node_id(node))
            known[id(node)] = path
        return path

    def flush(level: int = 0) -> None:
        joined = _WS_RE.sub(" ", "".join(buf)).strip()
        if joined and buf_pos:
            line, col = buf_pos[0]
            stripped, markers = strip_note_markers(joined)
            for m in markers:
                doc.note(f"第 {line} 行数字后的注释标记“{m}”不是数字的一部分，已略去", line)
            if stripped.strip():
                doc.blocks.append(Block("para", [Cell(stripped.strip(), line, col)], level=level))
                paths.append(ancestry(para_node[0]))
        buf.clear()
        buf_pos.clear()

    def heading_exit(before: int, level: int) -> Callable[[], None]:
        def done() -> None:
            flush(level)
            for b in doc.blocks[before:]:
                b.level = level

        return done

    def emit_grid(grid: _Grid) -> None:
        nonlocal tables
        cells, trs = _grid_cells(grid, css)
        tables += 1
        for row, block in table_blocks(doc, cells, tables):
            doc.blocks.append(block)
            paths.append(ancestry(trs.get(row, grid.table)))

    frames: list[tuple[_Node, Iterator[_Node | str | _Grid], Callable[[], None] | None]] = [
        (builder.root, iter(builder.root.children), None)
    ]
    while frames:
        n, it, on_exit = frames[-1]
        c = next(it, None)
        if c is None:
            frames.pop()
            if on_exit is not None:
                on_exit()
            continue
        if isinstance(c, str):
            if c.strip() and not buf_pos:
                buf_pos.append((n.line, n.column))
                para_node[0] = n
            buf.append(c)
            continue
        if isinstance(c, _Grid):
            flush()
            emit_grid(c)
            continue
        if c.tag in _SKIP or c.tag in _DELETED_TAGS or _is_hidden(c, css) or any(c.has_class(k) for k in _OWN_CHROME):
            continue
        if _is_struck(c, css) or c.tag in _NOTE_TAGS:
            inner = _WS_RE.sub(" ", _plain_text(c, css)).strip()
            if c.tag in _NOTE_TAGS and not _MARKERISH_RE.match(inner or "x"):
                frames.append((c, iter(c.children), None))  # real sub/superscript text
                continue
            if inner:
                what = "删除线文字" if _is_struck(c, css) else "上标注释标记"
                doc.note(f"第 {c.line} 行的{what}“{clip(inner)}”不是正文，已略去", c.line)
            continue
        if c.tag == "table":
            flush()
            frames.append((c, iter(_table_items(c, css)), flush))
            continue
        if c.tag == "br":
            buf.append("\n")
            continue
        if c.tag in _BLOCK or c.tag in ("td", "th"):
            flush()
            level = int(c.tag[1]) if re.fullmatch(r"h[1-6]", c.tag) else 0
            exit_fn = heading_exit(len(doc.blocks), level) if level else flush
            frames.append((c, iter(c.children), exit_fn))
            continue
        frames.append((c, iter(c.children), None))
    flush()
    doc.paths = paths
    return doc
