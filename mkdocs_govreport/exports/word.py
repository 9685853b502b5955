"""A Word (.docx) copy of a report page, for paper sign-off (issue 18).

The document is the web page as a circulated draft: the title, the page's narrative with its
Markdown rendered (headings, paragraphs, lists, emphasis, the author's own tables), and the
three official tables placed where the web page places them (``extension.assemble``), with
the format's merged headers as real merged cells, the registry's labels character for
character, numbers right-aligned, computed totals marked ``*`` and missing cells ``—`` with
the same notes as the web page.  A report with open findings gets a cover section listing
them, so that a draft can be circulated for fixing.

Layout follows GB/T 9704 (党政机关公文格式) where it applies: A4 portrait, margins
37/35/28/26 mm, body 仿宋 三号 with a 28 pt line pitch, first-level headings 黑体, second-level
楷体.  Fonts are set for East Asian text (``w:eastAsia``) with the theme fonts removed, so that
Word on Chinese Windows uses them: 仿宋, 黑体, 楷体 and 宋体 ship with every Chinese Windows
(仿宋_GB2312 / 楷体_GB2312 do not, and a missing font is substituted unpredictably).
All tables stay portrait, as in the national formats: the widths below fit 表三's ten grid
columns and 表四's fifteen in the 156 mm text width at 小五 (9 pt).

python-docx is optional (``pip install 'mkdocs-govreport[docx]'``) and imported only when a
document is made; every text goes through python-docx (nothing is spliced into XML by hand).
"""

from __future__ import annotations

import datetime as _dt
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from io import BytesIO
from itertools import count
from typing import TYPE_CHECKING, Any
from uuid import uuid4

import markdown
from markdown.extensions import Extension

from ..core.body import section_key
from ..core.findings import SEVERITY_ZH, Finding
from ..core.numbers import format_value
from ..core.report import Cell, Report
from ..html.placement import assemble
from ..html.tables import column_header_rows, flagged_cells
from ..registry import Record, Table, cell_pointer

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.styles.style import ParagraphStyle
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

#: What the CLI and the plugin tell the user when python-docx is not installed.
DOCX_EXTRA_HINT = "导出 Word（.docx）需要 python-docx：请运行 pip install 'mkdocs-govreport[docx]'"

#: Heading of the cover section listed when the report has open findings.
FINDINGS_HEADING = "检查发现的问题（草稿，发布前请改正）"
COMPUTED_NOTE = "带 * 的数字是报告未填写、由本工具按格式计算的总计。"
MISSING_NOTE = "“—”表示报告未填写该单元格（不作为 0 处理）。"

# Fonts (East Asian, Latin).  Names Word on Chinese Windows resolves without substitution.
BODY_FONT = ("仿宋", "Times New Roman")
HEADING_FONTS = {1: ("黑体", "Times New Roman"), 2: ("楷体", "Times New Roman")}
TITLE_FONT = ("宋体", "Times New Roman")
TABLE_FONT = ("宋体", "Times New Roman")
CODE_FONT = ("宋体", "Consolas")

#: Page (mm): A4, GB/T 9704 margins.
PAGE = {"width": 210.0, "height": 297.0, "top": 37.0, "bottom": 35.0, "left": 28.0, "right": 26.0}
BODY_PT = 16.0  # 三号
LINE_PT = 28.0
TITLE_PT = 22.0  # 二号
TABLE_PT = 9.0  # 小五
NOTE_PT = 10.5  # 五号
#: Cell padding left/right (twentieths of a point): 1 mm, so that 表三's numbers fit.
CELL_MARGIN_TWIPS = 57
#: A computed mark and a missing mark as the importer reads them back (importer.sources).
COMPUTED_MARK = "*"
MISSING_TEXT = "—"
FLAG_FILL = "FCE4D6"  # light red: a cell an open finding is about

_TABLE_STYLE = "GovReport Table"
_NOTE_STYLE = "GovReport Note"


class DocxUnavailableError(RuntimeError):
    """python-docx is not installed; the message says which extra to install."""


def _load_docx() -> Any:
    try:
        import docx
    except ImportError as exc:  # the optional extra is missing
        raise DocxUnavailableError(DOCX_EXTRA_HINT) from exc
    return docx


def docx_available() -> bool:
    """True when python-docx can be imported (for the plugin option and the CLI)."""
    try:
        _load_docx()
    except DocxUnavailableError:
        return False
    return True


def report_docx(
    report: Report,
    *,
    markdown_extensions: Sequence[str | Extension] = (),
    extension_configs: Mapping[str, Mapping[str, Any]] | None = None,
) -> bytes:
    """The report as a Word document (the bytes of a .docx file).

    ``markdown_extensions`` (with ``extension_configs``, as in MkDocs' ``mdx_configs``) are
    added to Python-Markdown's ``tables`` and ``fenced_code``: a site passes its own, so that
    the narrative renders as on the web page.  Our own extension is left out (the tables
    are placed here).  Raises :class:`DocxUnavailableError` when python-docx is not installed.
    """
    docx = _load_docx()
    document: DocxDocument = docx.Document()
    _setup(document, report)
    writer = _Writer(document, report)
    writer.cover_note()
    extensions = [e for e in markdown_extensions if not _is_ours(e)]
    configs = {k: dict(v) for k, v in (extension_configs or {}).items() if not _is_ours(k)}
    writer.narrative(extensions, configs)
    out = BytesIO()
    document.save(out)
    return _reproducible_zip(out.getvalue())


def _is_ours(ext: str | Extension) -> bool:
    """The govreport Markdown extension (a site lists it; running it again would place the
    tables a second time).  Recognised by name or by its module: this layer never imports the
    adapter itself."""
    if isinstance(ext, str):
        return ext in ("govreport", "mkdocs_govreport.extension") or ext.startswith("mkdocs_govreport.extension:")
    return type(ext).__module__ == "mkdocs_govreport.extension"


# ---------------------------------------------------------------------------------------
# Document set-up: page, styles, fonts, footer, properties


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return str(qn(tag))


def _element(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement

    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(_qn(f"w:{key}"), value)
    return el


def _set_fonts(rpr: Any, fonts: tuple[str, str]) -> None:
    """East Asian and Latin fonts on a ``w:rPr``; theme fonts (which win over named fonts in
    Word) are removed."""
    east_asia, latin = fonts
    rfonts = rpr.get_or_add_rFonts()
    for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        rfonts.attrib.pop(_qn(f"w:{attr}"), None)
    rfonts.set(_qn("w:ascii"), latin)
    rfonts.set(_qn("w:hAnsi"), latin)
    rfonts.set(_qn("w:cs"), latin)
    rfonts.set(_qn("w:eastAsia"), east_asia)


def _style_fonts(style: ParagraphStyle, fonts: tuple[str, str], size: float, *, bold: bool = False) -> None:
    from docx.shared import Pt, RGBColor

    _set_fonts(style.element.get_or_add_rPr(), fonts)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)


def _setup(document: DocxDocument, report: Report) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE["width"]), Mm(PAGE["height"])
    section.top_margin, section.bottom_margin = Mm(PAGE["top"]), Mm(PAGE["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE["left"]), Mm(PAGE["right"])

    styles = document.styles
    # document defaults: Chinese text, the body fonts
    defaults = styles.element.find(_qn("w:docDefaults"))
    rpr = defaults.find(f"{_qn('w:rPrDefault')}/{_qn('w:rPr')}") if defaults is not None else None
    if rpr is not None:
        _set_fonts(rpr, BODY_FONT)
        lang = rpr.find(_qn("w:lang"))
        if lang is None:
            lang = _element("w:lang")
            rpr.append(lang)
        lang.set(_qn("w:val"), "en-US")
        lang.set(_qn("w:eastAsia"), "zh-CN")

    normal = styles["Normal"]
    _style_fonts(normal, BODY_FONT, BODY_PT)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after = Pt(0), Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(LINE_PT)
    pf.widow_control = True

    title = styles["Title"]
    _style_fonts(title, TITLE_FONT, TITLE_PT, bold=True)
    ppr = title.element.get_or_add_pPr()
    for border in ppr.findall(_qn("w:pBdr")):
        ppr.remove(border)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    title.paragraph_format.space_before = Pt(0)
    title.paragraph_format.space_after = Pt(LINE_PT)
    title.paragraph_format.keep_with_next = True
    title.font.spacing = Pt(0)

    for level in range(1, 7):
        style = styles[f"Heading {level}"]
        _style_fonts(style, HEADING_FONTS.get(level, BODY_FONT), BODY_PT, bold=level >= 3)
        hf = style.paragraph_format
        hf.space_before, hf.space_after = Pt(0), Pt(0)
        hf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        hf.line_spacing = Pt(LINE_PT)
        hf.first_line_indent = Pt(2 * BODY_PT)
        hf.keep_with_next = True

    caption = styles["Caption"]
    _style_fonts(caption, HEADING_FONTS[1], 12.0)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_before = Pt(6)
    caption.paragraph_format.space_after = Pt(3)
    caption.paragraph_format.keep_with_next = True

    for name in ("List Bullet", "List Bullet 2", "List Bullet 3", "List", "List 2", "List 3"):
        styles[name].paragraph_format.space_after = Pt(0)

    cell_style = styles.add_style(_TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    cell_style.base_style = normal
    _style_fonts(cell_style, TABLE_FONT, TABLE_PT)
    cf = cell_style.paragraph_format
    cf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    cf.first_line_indent = Pt(0)
    # every row kept with the next (and the last with the notes under the table): a table
    # that fits on a page is never split; a longer one Word splits anyway, between rows,
    # repeating the header rows
    cf.keep_with_next = True

    note_style = styles.add_style(_NOTE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    note_style.base_style = normal
    _style_fonts(note_style, BODY_FONT, NOTE_PT)
    nf = note_style.paragraph_format
    nf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    nf.space_before = Pt(3)

    grid = styles["Table Grid"]
    margins = grid.element.find(f"{_qn('w:tblPr')}/{_qn('w:tblCellMar')}")
    if margins is not None:
        for side in ("left", "right"):
            edge = margins.find(_qn(f"w:{side}"))
            if edge is not None:
                edge.set(_qn("w:w"), str(CELL_MARGIN_TWIPS))

    # page number in the footer: ``— 3 —`` (a PAGE field; python-docx has no API for fields)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    fld = _element("w:fldSimple", instr="PAGE")
    run = _element("w:r")
    text = _element("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    footer._p.append(fld)
    footer.add_run(" —")

    props = document.core_properties
    props.title = _clean(report.title)
    props.subject = "政府信息公开工作年度报告"
    props.author = _clean(report.agency)
    props.last_modified_by = "mkdocs-govreport"
    props.comments = "由 mkdocs-govreport 从报告页面生成，供印发审签。"
    props.language = "zh-CN"
    props.revision = 1
    stamp = _stamp(report)
    props.created = props.modified = props.last_printed = stamp


def _stamp(report: Report) -> _dt.datetime:
    """A fixed date for the document properties (the same report gives the same bytes):
    the publication date, else 1 January after the report year."""
    published = report.published
    if published:
        try:
            day = _dt.date.fromisoformat(published[:10])
            return _dt.datetime(day.year, day.month, day.day, tzinfo=_dt.timezone.utc)
        except ValueError:
            pass
    year = report.year if report.year and 1900 < report.year < 9000 else 2019
    return _dt.datetime(year + 1, 1, 1, tzinfo=_dt.timezone.utc)


def _reproducible_zip(data: bytes) -> bytes:
    """The same package with fixed member timestamps (python-docx stamps the current time)."""
    out = BytesIO()
    with zipfile.ZipFile(BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


# ---------------------------------------------------------------------------------------
# Official tables: rows of cell specs (as render.py builds its HTML), placed on a grid


@dataclass
class _Spec:
    text: str
    rowspan: int = 1
    colspan: int = 1
    #: "head" (column header), "caption" (table-二 block), "group", "row" (row label), "num"
    role: str = "head"
    pointer: str = ""


@dataclass
class _Grid:
    rows: list[list[_Spec]]
    widths: list[float]  # mm
    header_rows: int = 0


def _matrix(table: Table, width: float) -> _Grid:
    depth = max(n.depth for n in table.column_tree)
    row_depth = 1 + max(len(r.groups) for r in table.records)
    header_rows, leaves = column_header_rows(table.column_tree, depth, count(1), "d")
    rows: list[list[_Spec]] = []
    for level, hrow in enumerate(header_rows):
        row: list[_Spec] = []
        if level == 0:
            row.append(_Spec(table.corner, depth, row_depth))
        row += [_Spec(node.label, rowspan, colspan) for node, rowspan, colspan, _id in hrow]
        rows.append(row)
    spans: dict[tuple[str, ...], int] = {}
    for r in table.records:
        for k in range(1, len(r.groups) + 1):
            spans[r.groups[:k]] = spans.get(r.groups[:k], 0) + 1
    seen: set[tuple[str, ...]] = set()
    for r in table.records:
        row = []
        for k in range(1, len(r.groups) + 1):
            key = r.groups[:k]
            if key not in seen:
                seen.add(key)
                row.append(_Spec(key[-1], spans[key], 1, "group"))
        row.append(_Spec(r.label, 1, row_depth - len(r.groups), "row"))
        row += [_Spec("", role="num", pointer=cell_pointer(table.key, r.path, leaf.key)) for leaf, _ids in leaves]
        rows.append(row)
    numbers = [12.0] * len(leaves)
    groups = [9.0, 14.0, 14.0, 14.0][: row_depth - 1]
    label = max(30.0, width - sum(numbers) - sum(groups))
    return _Grid(rows, [*groups, label, *numbers], header_rows=depth)


def _groups(table: Table, width: float) -> _Grid:
    depth = max(n.depth for n in table.column_tree)
    header_rows, leaves = column_header_rows(table.column_tree, depth, count(1), "d")
    rows = [[_Spec(node.label, rowspan, colspan) for node, rowspan, colspan, _id in hrow] for hrow in header_rows]
    data = []
    for leaf, _ids in leaves:
        record_key, field_key = leaf.key.split("/")
        data.append(_Spec("", role="num", pointer=cell_pointer(table.key, (record_key,), field_key)))
    rows.append(data)
    return _Grid(rows, [width / len(leaves)] * len(leaves), header_rows=depth)


def _blocks(table: Table, width: float) -> _Grid:
    span = 1 + table.max_fields
    blocks: list[tuple[str, list[Record]]] = []
    for r in table.records:
        if not blocks or blocks[-1][0] != r.block:
            blocks.append((r.block, []))
        blocks[-1][1].append(r)
    rows: list[list[_Spec]] = []
    for caption, records in blocks:
        fields = records[0].fields
        last = span - len(fields)
        rows.append([_Spec(caption, 1, span, "caption")])
        rows.append(
            [_Spec("信息内容"), *(_Spec(f.label, 1, last if i == len(fields) - 1 else 1) for i, f in enumerate(fields))]
        )
        for r in records:
            cells = [
                _Spec("", 1, last if i == len(r.fields) - 1 else 1, "num", cell_pointer(table.key, r.path, f.key))
                for i, f in enumerate(r.fields)
            ]
            rows.append([_Spec(r.label, role="row"), *cells])
    label = 40.0
    return _Grid(rows, [label] + [(width - label) / (span - 1)] * (span - 1))


_LAYOUTS = {"matrix": _matrix, "groups": _groups, "blocks": _blocks}


def _place(rows: list[list[_Spec]]) -> tuple[list[tuple[int, int, _Spec]], int, int]:
    """HTML table layout: each cell at the first free grid position of its row."""
    taken: set[tuple[int, int]] = set()
    placed: list[tuple[int, int, _Spec]] = []
    ncols = nrows = 0
    for r, row in enumerate(rows):
        c = 0
        for spec in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, spec))
            for dr in range(spec.rowspan):
                for dc in range(spec.colspan):
                    taken.add((r + dr, c + dc))
            c += spec.colspan
            ncols = max(ncols, c)
            nrows = max(nrows, r + spec.rowspan)
    return placed, max(nrows, len(rows)), ncols


# ---------------------------------------------------------------------------------------
# HTML (the rendered narrative) as a small tree


_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "area", "base", "source", "embed", "param", "track"}
_DROP = {
    "script",
    "style",
    "template",
    "noscript",
    "iframe",
    "object",
    "svg",
    "math",
    "head",
    "title",
    "button",
    "select",
    "textarea",
}
_BLOCK = {
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "table", "div",
    "section", "article", "aside", "header", "footer", "nav", "main", "figure", "figcaption",
    "details", "summary", "hr", "dl", "dt", "dd", "address", "fieldset", "form", "caption",
    "thead", "tbody", "tfoot", "tr", "td", "th", "center",
}  # fmt: skip


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list[_Node | str] = field(default_factory=list)

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else ("" if c.tag in _DROP else c.text()) for c in self.children)

    def has_class(self, name: str) -> bool:
        return name in self.attrs.get("class", "").split()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _parse_html(html: str) -> _Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


@dataclass(frozen=True)
class _Fmt:
    bold: bool = False
    italic: bool = False
    code: bool = False
    strike: bool = False
    underline: bool = False
    sup: bool = False
    sub: bool = False


_CJK = r"\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_CJK_BREAK_RE = re.compile(rf"(?<=[{_CJK}])[ \t\r\f\v]*\n\s*(?=[{_CJK}])")
_SPACE_RE = re.compile(r"\s+")


def _collapse(text: str) -> str:
    """HTML white space: a line break between two Chinese characters is no space at all."""
    return _SPACE_RE.sub(" ", _CJK_BREAK_RE.sub("", text))


_XML_ILLEGAL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    """Text Word can hold: a control character (never valid in XML) shows as U+FFFD instead
    of failing the export."""
    return _XML_ILLEGAL_RE.sub("\ufffd", text)


def _add(p: Paragraph, text: str) -> Any:
    return p.add_run(_clean(text))


@dataclass
class _Ctx:
    """Where block content goes: paragraph style, indentation, the list marker still due."""

    style: str = "Normal"
    indent: int = 0  # blockquote / dd depth (2 characters each)
    list_depth: int = 0
    first_indent: bool = True  # body paragraphs: first line indented 2 characters
    marker: list[str] = field(default_factory=list)  # [text] until the first paragraph takes it
    continue_style: str = ""


# ---------------------------------------------------------------------------------------
# The writer


class _Writer:
    def __init__(self, document: DocxDocument, report: Report) -> None:
        self.doc = document
        self.report = report
        self.stash: dict[str, str] = {}
        self.tables_done: set[str] = set()
        self.title_done = False
        self.heading_shift = 1
        self.title_node: _Node | None = None
        self.style_ids: dict[str, str] = {}
        open_ = [f for f in report.findings if not f.acknowledged]
        flagged = flagged_cells(report)
        self.flagged = {p for p, hits in flagged.items() if any(not f.acknowledged for _i, f in hits)}
        self.open_findings = open_

    def _paragraph(self, style: str) -> Paragraph:
        """A new paragraph in a style given by name (the style id is looked up once: python-docx
        scans every style on each lookup)."""
        sid = self.style_ids.get(style)
        if sid is None:
            sid = self.style_ids[style] = self.doc.styles[style].style_id
        p = self.doc.add_paragraph()
        if sid != "Normal":
            p._p.style = sid
        return p

    # -- cover note -----------------------------------------------------------------
    def cover_note(self) -> None:
        from docx.enum.text import WD_BREAK

        findings = self.open_findings
        if not findings:
            return
        _add(self._paragraph("Heading 1"), FINDINGS_HEADING)
        errors = sum(1 for f in findings if f.severity == "error")
        intro = (
            f"本文件由 mkdocs-govreport 从报告页面生成，供审签传阅。检查发现 {len(findings)} 个问题"
            f"（{errors} 个错误、{len(findings) - errors} 个警告），请改正后再发布；"
            "表格中底色标出的单元格与这些问题有关。"
        )
        self._para(intro, _Ctx())
        for i, f in enumerate(findings, 1):
            p = self._paragraph("List")
            _add(p, f"{i}. ")
            _add(p, f"[{f.rule}] {SEVERITY_ZH.get(f.severity, f.severity)}").bold = True
            where = self._where(f)
            _add(p, f"　{where}：{f.message}" if where else f"　{f.message}")
            if f.stale_note:
                _add(p, f"（{f.stale_note}）")
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def _where(self, f: Finding) -> str:
        parts = []
        if f.file:
            parts.append(f"{f.file} 第 {f.line} 行" if f.line else f.file)
        fmt = self.report.fmt
        hit = fmt.pointers.get(f.pointer) if fmt is not None and f.pointer else None
        if hit is not None:
            table, record, fld = hit
            parts.append(f"{table.caption}“{record.label}”“{fld.label}”")
        elif f.pointer:
            parts.append(f.pointer)
        return "，".join(parts)

    # -- narrative ------------------------------------------------------------------
    def narrative(self, extensions: Sequence[str | Extension], configs: dict[str, dict[str, Any]]) -> None:
        token = f"GRDOCX{uuid4().hex}N"

        def store(html: str) -> str:
            key = f"{token}{len(self.stash)}"
            self.stash[key] = html
            return key

        text = assemble(self.report, self.report.body, store, show_findings=False)
        html = markdown.markdown(text, extensions=["tables", "fenced_code", *extensions], extension_configs=configs)
        root = _parse_html(html)
        first = next((c for c in root.children if isinstance(c, _Node) or c.strip()), None)
        title_node = (
            first if isinstance(first, _Node) and first.tag == "h1" and section_key(first.text()) is None else None
        )
        levels = [
            int(n.tag[1]) for n in _walk(root) if n.tag in ("h1", "h2", "h3", "h4", "h5", "h6") and n is not title_node
        ]
        if title_node is None:
            self._title(self.report.title)
        self.heading_shift = (min(levels) - 1) if levels else 1
        self.title_node = title_node
        self._blocks(root.children, _Ctx())
        # a table whose placeholder did not come through as a paragraph is never lost
        for key in self.stash:
            if key not in self.tables_done:
                self._stashed(key)

    def _title(self, text: str) -> None:
        _add(self._paragraph("Title"), " ".join(text.split()))
        self.title_done = True

    def _blocks(self, nodes: Sequence[_Node | str], ctx: _Ctx) -> None:
        pending: list[_Node | str] = []
        for child in nodes:
            if isinstance(child, str) or child.tag not in _BLOCK:
                pending.append(child)
                continue
            self._inline_para(pending, ctx)
            pending = []
            self._block(child, ctx)
        self._inline_para(pending, ctx)

    def _block(self, node: _Node, ctx: _Ctx) -> None:
        tag = node.tag
        if tag in _DROP:
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self._heading(node)
        elif tag == "p":
            key = node.text().strip()
            if key in self.stash:
                self._stashed(key)
            else:
                self._inline_para(node.children, ctx)
        elif tag in ("ul", "ol"):
            self._list(node, ctx)
        elif tag == "li":  # an item outside a list
            self._blocks(node.children, ctx)
        elif tag in ("blockquote", "dd"):
            self._blocks(node.children, replace(ctx, indent=ctx.indent + 1, first_indent=False))
        elif tag == "dt":
            self._inline_para([_Node("strong", {}, node.children)], replace(ctx, first_indent=False))
        elif tag == "pre":
            self._pre(node, ctx)
        elif tag == "table":
            self._html_table(node)
        elif tag == "hr":
            return
        else:  # div, section, figure, details...: their content
            self._blocks(node.children, ctx)

    def _heading(self, node: _Node) -> None:
        text = " ".join(_collapse(_plain(node)).split())
        if not text:
            return
        if node is self.title_node and not self.title_done:
            self._title(text)
            return
        level = max(1, min(9, int(node.tag[1]) - self.heading_shift))
        p = self._paragraph(f"Heading {level}")
        self._runs(p, _inline_runs(node.children, _Fmt()))

    def _list(self, node: _Node, ctx: _Ctx) -> None:
        depth = min(ctx.list_depth + 1, 3)
        suffix = "" if depth == 1 else f" {depth}"
        ordered = node.tag == "ol"
        try:
            number = int(node.attrs.get("start", "1"))
        except ValueError:
            number = 1
        for item in node.children:
            if not isinstance(item, _Node) or item.tag != "li":
                continue
            marker = [f"{number}. "] if ordered else [""]
            number += 1
            style = f"List{suffix}" if ordered else f"List Bullet{suffix}"
            item_ctx = _Ctx(
                style=style,
                indent=ctx.indent,
                list_depth=ctx.list_depth + 1,
                first_indent=False,
                marker=marker,
                continue_style=f"List Continue{suffix}",
            )
            self._blocks(item.children, item_ctx)
            if item_ctx.marker:  # an empty item still shows its marker
                self._para("", item_ctx)

    def _pre(self, node: _Node, ctx: _Ctx) -> None:
        from docx.shared import Pt

        text = node.text().strip("\n")
        p = self._new_para(replace(ctx, first_indent=False))
        run = _add(p, text)
        _set_fonts(run._r.get_or_add_rPr(), CODE_FONT)
        run.font.size = Pt(NOTE_PT)
        p.paragraph_format.line_spacing = None

    def _new_para(self, ctx: _Ctx) -> Paragraph:
        from docx.shared import Pt

        style = ctx.style
        if ctx.style.startswith("List") and not ctx.marker and ctx.continue_style:
            style = ctx.continue_style
        p = self._paragraph(style)
        if ctx.marker:
            marker = ctx.marker.pop()
            if marker:
                _add(p, marker)
        if ctx.indent:
            p.paragraph_format.left_indent = Pt(2 * BODY_PT * ctx.indent)
        if ctx.first_indent and style == "Normal":
            p.paragraph_format.first_line_indent = Pt(2 * BODY_PT)
        return p

    def _para(self, text: str, ctx: _Ctx) -> Paragraph:
        p = self._new_para(ctx)
        if text:
            _add(p, text)
        return p

    def _inline_para(self, nodes: Sequence[_Node | str], ctx: _Ctx) -> None:
        runs = _trim(_inline_runs(nodes, _Fmt()))
        if not runs:
            return
        text = "".join(t for t, _f in runs).strip()
        if text in self.stash:  # a placeholder that Markdown left outside a <p>
            self._stashed(text)
            return
        if not ctx.list_depth and not ctx.indent and section_key(text) is not None:
            # a paragraph that is exactly a standard section heading (``**一、总体情况**``)
            # is that section's heading in Word, as the checks read it
            _add(self._paragraph("Heading 1"), text)
            return
        p = self._new_para(ctx)
        self._runs(p, runs)

    def _runs(self, p: Paragraph, runs: list[tuple[str, _Fmt]]) -> None:
        for text, fmt in runs:
            if text == "\n":
                p.add_run().add_break()
                continue
            run = _add(p, text)
            if fmt.bold:
                run.bold = True
            if fmt.italic:
                run.italic = True
            if fmt.strike:
                run.font.strike = True
            if fmt.underline:
                run.underline = True
            if fmt.sup:
                run.font.superscript = True
            if fmt.sub:
                run.font.subscript = True
            if fmt.code:
                _set_fonts(run._r.get_or_add_rPr(), CODE_FONT)

    # -- stashed HTML: the official tables and the provenance box ----------------------
    def _stashed(self, key: str) -> None:
        if key in self.tables_done:
            return
        self.tables_done.add(key)
        html = self.stash[key]
        m = re.search(r'data-govreport-table="([a-z_]+)"', html)
        if m and self.report.fmt is not None and m.group(1) in self.report.fmt.table_by_key:
            self.official_table(self.report.fmt.table(m.group(1)))
        else:
            self._blocks(_parse_html(html).children, _Ctx(first_indent=False))

    def official_table(self, table: Table) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        grid = _LAYOUTS[table.layout](table, self._text_width())
        placed, nrows, ncols = _place(grid.rows)
        _add(self._paragraph("Caption"), table.caption)
        t, cells = self._grid_table(placed, nrows, ncols, grid.widths)
        any_computed = any_missing = False
        for spec, cell in zip((s for _r, _c, s in placed), cells, strict=True):
            p = cell.paragraphs[0]
            if spec.role == "num":
                value = self.report.cells.get(spec.pointer) or Cell(None, "missing")
                if value.status == "missing" or value.value is None:
                    any_missing = True
                    _add(p, MISSING_TEXT)
                elif value.status == "computed":
                    # as on the web page: the number in italics, then the mark (cell text ``483*``)
                    any_computed = True
                    _add(p, format_value(value.value)).italic = True
                    _add(p, COMPUTED_MARK)
                else:
                    _add(p, format_value(value.value))
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if spec.pointer in self.flagged:
                    _shade(cell, FLAG_FILL)
            else:
                run = _add(p, spec.text)
                if spec.role in ("head", "caption"):
                    run.bold = True
                p.alignment = WD_ALIGN_PARAGRAPH.LEFT if spec.role == "row" else WD_ALIGN_PARAGRAPH.CENTER
        for i, tr in enumerate(t._tbl.tr_lst):
            _row_props(tr, header=i < grid.header_rows)
        notes = []
        if any_computed:
            notes.append(COMPUTED_NOTE)
        if any_missing:
            notes.append(MISSING_NOTE)
        if table.note:
            notes.append(table.note)
        for note in notes:
            _add(self._paragraph(_NOTE_STYLE), note)

    def _text_width(self) -> float:
        """Width between the margins, in mm."""
        from docx.shared import Mm

        section = self.doc.sections[-1]
        emu = int(section.page_width or 0) - int(section.left_margin or 0) - int(section.right_margin or 0)
        return emu / Mm(1)

    def _grid_table(
        self, placed: list[tuple[int, int, _Spec]], nrows: int, ncols: int, widths_mm: list[float]
    ) -> tuple[Any, list[_Cell]]:
        """A bordered table with fixed column widths and the placed cells merged; returns the
        table and the (merged) cell of each placed spec.  Cells are reached through the row
        elements directly: python-docx's ``Table.cell`` recomputes the whole grid per call."""
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
        from docx.shared import Mm
        from docx.table import _Cell

        t = self.doc.add_table(rows=nrows, cols=ncols)
        t.style = self.doc.styles["Table Grid"]
        t.alignment = WD_TABLE_ALIGNMENT.CENTER
        t.autofit = False
        widths = [Mm(w) for w in widths_mm]
        for i, col in enumerate(t._tbl.tblGrid.gridCol_lst):
            col.w = widths[i]
        tcs = [list(tr.tc_lst) for tr in t._tbl.tr_lst]
        style_id = self.doc.styles[_TABLE_STYLE].style_id
        for row in tcs:
            for i, tc in enumerate(row):
                tc.width = widths[i]
                # every paragraph, also those left in the continuation cells of a merge
                tc.p_lst[0].style = style_id
        out: list[_Cell] = []
        for r, c, spec in placed:
            tc = tcs[r][c]
            if spec.rowspan > 1 or spec.colspan > 1:
                # regions never overlap, so the corner elements of the others stay valid
                tc = tc.merge(tcs[min(nrows, r + spec.rowspan) - 1][min(ncols, c + spec.colspan) - 1])
            cell = _Cell(tc, t)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            out.append(cell)
        return t, out

    # -- the author's own tables --------------------------------------------------------
    def _html_table(self, node: _Node) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        rows: list[tuple[list[tuple[_Node, _Spec]], bool]] = []
        caption = ""

        def collect(n: _Node, head: bool) -> None:
            nonlocal caption
            for child in n.children:
                if not isinstance(child, _Node):
                    continue
                if child.tag == "caption":
                    caption = " ".join(_collapse(_plain(child)).split())
                elif child.tag in ("thead", "tbody", "tfoot"):
                    collect(child, child.tag == "thead")
                elif child.tag == "tr":
                    cells = []
                    for td in child.children:
                        if isinstance(td, _Node) and td.tag in ("td", "th"):
                            spec = _Spec(
                                "", _span(td, "rowspan"), _span(td, "colspan"), "head" if td.tag == "th" else "row"
                            )
                            cells.append((td, spec))
                    rows.append((cells, head))

        collect(node, False)
        specs = [[s for _n, s in cells] for cells, _h in rows]
        placed, nrows, ncols = _place(specs)
        if not ncols:
            return
        if caption:
            _add(self._paragraph("Caption"), caption)
        width = self._text_width()
        t, cells = self._grid_table(placed, nrows, ncols, [width / ncols] * ncols)
        nodes = [n for cells_, _h in rows for n, _s in cells_]
        for td, (_r, _c, spec), cell in zip(nodes, placed, cells, strict=True):
            p = cell.paragraphs[0]
            self._runs(p, _trim(_inline_runs(td.children, _Fmt(bold=spec.role == "head"))))
            align = td.attrs.get("style", "") + " " + td.attrs.get("align", "")
            if "right" in align:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif "center" in align:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        head_rows = 0
        while head_rows < len(rows) and rows[head_rows][1]:
            head_rows += 1
        for i, tr in enumerate(t._tbl.tr_lst):
            _row_props(tr, header=i < head_rows)


def _walk(node: _Node) -> list[_Node]:
    out: list[_Node] = []
    for c in node.children:
        if isinstance(c, _Node):
            out.append(c)
            out += _walk(c)
    return out


def _plain(node: _Node) -> str:
    """Text of a node without permalink anchors (``toc`` extension's ``¶``)."""
    parts: list[str] = []
    for c in node.children:
        if isinstance(c, str):
            parts.append(c)
        elif c.tag not in _DROP and not c.has_class("headerlink"):
            parts.append(_plain(c))
    return "".join(parts)


def _span(node: _Node, attr: str) -> int:
    try:
        return max(1, min(int(node.attrs.get(attr, "1")), 100))
    except ValueError:
        return 1


_INLINE_FMT = {
    "strong": {"bold": True},
    "b": {"bold": True},
    "em": {"italic": True},
    "i": {"italic": True},
    "cite": {"italic": True},
    "code": {"code": True},
    "kbd": {"code": True},
    "samp": {"code": True},
    "del": {"strike": True},
    "s": {"strike": True},
    "strike": {"strike": True},
    "u": {"underline": True},
    "ins": {"underline": True},
    "sup": {"sup": True},
    "sub": {"sub": True},
}


def _inline_runs(nodes: Sequence[_Node | str], fmt: _Fmt) -> list[tuple[str, _Fmt]]:
    out: list[tuple[str, _Fmt]] = []
    for node in nodes:
        if isinstance(node, str):
            text = _collapse(node)
            if text:
                out.append((text, fmt))
            continue
        tag = node.tag
        if tag in _DROP or node.has_class("headerlink"):
            continue
        if tag == "br":
            out.append(("\n", fmt))
        elif tag == "img":
            alt = " ".join(node.attrs.get("alt", "").split())
            out.append((f"［图片：{alt}］" if alt else "［图片］", fmt))
        elif tag == "a":
            inner = _inline_runs(node.children, fmt)
            out += inner
            href = node.attrs.get("href", "")
            shown = "".join(t for t, _f in inner).strip()
            if re.match(r"^(https?|mailto):", href) and href not in (shown, f"mailto:{shown}"):
                out.append((f"（{href}）", fmt))
        elif tag in ("input",):
            continue
        else:
            out += _inline_runs(node.children, replace(fmt, **_INLINE_FMT.get(tag, {})))
    return out


def _trim(runs: list[tuple[str, _Fmt]]) -> list[tuple[str, _Fmt]]:
    """Runs of one paragraph: outer white space removed, no doubled space at run edges."""
    out: list[tuple[str, _Fmt]] = []
    prev_space = True
    for text, fmt in runs:
        if text == "\n":
            out.append((text, fmt))
            prev_space = True
            continue
        if prev_space:
            text = text.lstrip(" ")
        if not text:
            continue
        out.append((text, fmt))
        prev_space = text.endswith(" ")
    while out and out[-1][0] != "\n" and not out[-1][0].strip():
        out.pop()
    if out and out[-1][0] != "\n":
        out[-1] = (out[-1][0].rstrip(" "), out[-1][1])
    while out and out[-1][0] == "\n":
        out.pop()
    return out


def _row_props(tr: Any, *, header: bool) -> None:
    """Rows never break across pages; header rows repeat at the top of each page."""
    trpr = tr.get_or_add_trPr()
    if trpr.find(_qn("w:cantSplit")) is None:
        trpr.insert_element_before(_element("w:cantSplit"), *_TRPR_AFTER_CANTSPLIT)
    if header and trpr.find(_qn("w:tblHeader")) is None:
        trpr.insert_element_before(_element("w:tblHeader"), *_TRPR_AFTER_TBLHEADER)


_TRPR_AFTER_CANTSPLIT = (
    "w:trHeight",
    "w:tblHeader",
    "w:tblCellSpacing",
    "w:jc",
    "w:hidden",
    "w:ins",
    "w:del",
    "w:trPrChange",
)
_TRPR_AFTER_TBLHEADER = ("w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
_TCPR_AFTER_SHD = (
    "w:noWrap",
    "w:tcMar",
    "w:textDirection",
    "w:tcFitText",
    "w:vAlign",
    "w:hideMark",
    "w:headers",
    "w:cellIns",
    "w:cellDel",
    "w:cellMerge",
    "w:tcPrChange",
)


def _shade(cell: _Cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    for old in tcpr.findall(_qn("w:shd")):
        tcpr.remove(old)
    tcpr.insert_element_before(_element("w:shd", val="clear", color="auto", fill=fill), *_TCPR_AFTER_SHD)


__all__ = [
    "COMPUTED_NOTE",
    "DOCX_EXTRA_HINT",
    "FINDINGS_HEADING",
    "MISSING_NOTE",
    "DocxUnavailableError",
    "docx_available",
    "report_docx",
]
