"""Writing the report page: YAML front matter in the authoring form, narrative as Markdown.

Every number written comes from :class:`~.extract.Found` values read from the source.  A
cell that could not be read is left out of its row (mapping form) with a comment saying
which columns are missing and why; the finding is also kept in ``provenance.findings``.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal
from pathlib import PurePath

from ..core.findings import Finding
from ..core.numbers import format_value
from ..registry import SECTION_HEADINGS, Record, Table, cell_pointer
from ..template import group_lines
from .extract import TABLE_SECTIONS, Extraction, Found, section_ranges
from .sources import Document

_SHORT_NAME = {"active": "表二", "applications": "表三", "review_litigation": "表四"}


def q(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly ``text``: backslash and quote
    escaped, and every character YAML does not allow raw (controls, C1, line and paragraph
    separators, BOM, non-characters) written as an escape."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _num(value: int | Decimal) -> str:
    return format_value(value)


def _record_yaml(table: Table, record: Record, cells: dict[str, Found]) -> tuple[str | None, str]:
    """(YAML value or None to leave the record out, comment)."""
    found = [(f, cells.get(cell_pointer(table.key, record.path, f.key))) for f in record.fields]
    values = [(f, c) for f, c in found if c is not None and c.status == "value"]
    if record.is_total and not values:
        return None, ""
    lines = sorted({c.line for _f, c in found if c is not None and c.line is not None})
    where = f"原文第 {lines[0]} 行" if lines else ""
    split = any(c is not None and c.how == "split" for _f, c in found)
    notes = []
    if where:
        notes.append(where + ("（连写数字按合计关系拆分）" if split else ""))
    converted = [c.how for _f, c in found if c is not None and c.how and c.how != "split" and c.how != "总计未填写"]
    notes += list(dict.fromkeys(converted))
    if not any(c is not None for _f, c in found):
        return "{}", "原文中没有找到这一行，请按原文填写"
    missing = [f for f, c in found if c is None or c.status not in ("value", "computed")]
    computed_or_blank_total = [
        f for f, c in found if f.is_total and (c is None or c.status in ("computed", "blank"))
    ]
    missing_addends = [f for f in missing if not f.is_total]
    if table.layout == "matrix" and not missing_addends:
        nums = [_num(c.value) for f, c in values if not f.is_total]  # type: ignore[arg-type]
        total = next((c for f, c in values if f.is_total), None)
        if total is not None:
            nums.append(_num(total.value))  # type: ignore[arg-type]
        elif computed_or_blank_total:
            notes.append("总计原文未填写，由工具计算")
        return "[" + ", ".join(nums) + "]", "；".join(notes)
    items = [f"{f.key}: {_num(c.value)}" for f, c in values]  # type: ignore[arg-type]
    really_missing = [f for f in missing if not (f.is_total and f in computed_or_blank_total and not missing_addends)]
    if really_missing:
        notes.append("未能导入：" + "、".join(f.label for f in really_missing) + "（见导入报告，请按原文填写）")
    return "{" + ", ".join(items) + "}", "；".join(notes)


def table_yaml(table: Table, cells: dict[str, Found]) -> list[str]:
    out = [f"  {table.key}:   # {table.title}"]
    written: set[tuple[str, ...]] = set()
    for record in table.records:
        value, comment = _record_yaml(table, record, cells)
        if value is None:
            continue
        out += group_lines(record, written)
        indent = "    " + "  " * (len(record.path) - 1)
        line = f"{indent}{record.path[-1]}: {value}"
        text = record.label + (f"；{comment}" if comment else "")
        out.append(f"{line}   # {text}")
    return out


# ---------------------------------------------------------------------------------------
# Narrative

#: Characters Python-Markdown treats as markup and lets a backslash escape (the backslash
#: does not show).  ``<``, ``>``, ``&``, ``|`` and ``~`` cannot be escaped that way (the
#: backslash would show): they become character references.
_MD_ESCAPABLE = re.compile(r"([\\`*_\[\]{}])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "&#124;", "~": "&#126;"}
_ENTITY_RE = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")
_LINE_START = re.compile(r"^([ \t]*)(#|[-+*](?=\s)|-{2,}|[0-9]+(?=[.)]\s)|=+(?=\s*$))", re.MULTILINE)
_SUBPART = re.compile(r"(?<=[。；;！])\s*(?=[（(][一二三四五六七八九十]{1,3}[）)])")


def escape_markdown(text: str) -> str:
    """Plain text (from HTML, Word, PDF) as Markdown that shows exactly that text: no raw
    HTML, no links, no attribute lists, no visible backslashes."""
    text = _ENTITY_RE.sub(lambda m: _ENTITIES[m.group(0)], text)
    text = _MD_ESCAPABLE.sub(r"\\\1", text)

    def line_start(m: re.Match[str]) -> str:
        mark = m.group(2)
        if mark[0].isdigit():
            return m.group(1) + mark  # ``1.`` stays a number: its dot is escaped below
        if mark[0] == "=":  # a setext underline: ``=`` cannot be escaped with a backslash
            return m.group(1) + "&#61;" * len(mark)
        return m.group(1) + "".join("\\" + ch if ch in "#-+*" else ch for ch in mark)

    text = _LINE_START.sub(line_start, text)
    return re.sub(r"^([ \t]*[0-9]+)([.)])(?=\s)", r"\1\\\2", text, flags=re.MULTILINE)


_LINK_RE = re.compile(r"(!?)\[((?:[^\[\]\\]|\\.)*)\]\(\s*<?([^()<>\s]*(?:\([^()<>\s]*\)[^()<>\s]*)*)>?(\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)")
_REF_DEF_RE = re.compile(r"^([ ]{0,3})\[([^\]]+)\]:[ \t]*<?(\S*?)>?(?=\s|$)", re.MULTILINE)
_REF_LINK_RE = re.compile(r"(!?)\[((?:[^\[\]\\]|\\.)*)\][ ]?\[([^\]]*)\]")


def safe_url(url: str) -> bool:
    """Only absolute http(s) links: no ``javascript:``, ``data:``, ``vbscript:`` or
    relative links that would point into the site."""
    plain = html.unescape(url)
    plain = "".join(ch for ch in plain if ch > " " and ch not in "\x7f\u200b\u200c\u200d\ufeff")
    return re.match(r"https?://[^/\\]", plain, re.IGNORECASE) is not None


def sanitize_markdown(text: str) -> str:
    """Markdown from a text source, made inert: raw HTML shown as text, attribute lists
    (``{: onclick=…}``) disabled, links kept only when they go to an http(s) address."""
    text = text.replace("<", "&lt;")
    text = text.replace("{", "\\{").replace("}", "\\}")

    def inline(m: re.Match[str]) -> str:
        bang, label, url, title = m.group(1), m.group(2), m.group(3), m.group(4) or ""
        if safe_url(url):
            return f"{bang}[{label}]({url}{title})"
        return label  # the text of the link, without the link

    text = _LINK_RE.sub(inline, text)
    unsafe_refs = {m.group(2).lower() for m in _REF_DEF_RE.finditer(text) if not safe_url(m.group(3))}
    text = _REF_DEF_RE.sub(lambda m: m.group(0) if safe_url(m.group(3)) else m.group(1) + "\\[" + m.group(2) + "\\]:" + m.group(0).split("]:", 1)[1], text)
    if unsafe_refs:
        text = _REF_LINK_RE.sub(lambda m: m.group(2) if (m.group(3) or m.group(2)).lower() in unsafe_refs else m.group(0), text)
    return text


def _block_text(doc: Document, ex: Extraction, b: int, a: int, z: int) -> str:
    """The source text of block ``b`` between stream positions ``a`` and ``z``."""
    stream = ex.stream
    block = doc.blocks[b]
    start = stream.block_start[b]
    end = stream.block_start[b + 1] if b + 1 < len(stream.block_start) else len(stream.text)
    lo, hi = max(a, start), min(z, end)
    if block.kind == "row":
        return "　".join(c.text.strip() for c in block.cells if c.text.strip())
    text = block.cells[0].text
    if lo <= start and hi >= end:
        return text.strip()
    if lo >= hi:
        return ""
    o1 = stream.src[lo][2]
    o2 = stream.src[hi - 1][2] + 1
    return text[o1:o2].strip()


def _paragraphs(doc: Document, ex: Extraction, a: int, z: int, *, skip_tables: bool) -> list[str]:
    out: list[str] = []
    stream = ex.stream
    if a >= z:
        return out
    first = stream.block_of(a)
    last = stream.block_of(z - 1)
    for b in range(first, last + 1):
        block = doc.blocks[b]
        if block.meta or b in ex.meta_blocks:
            continue  # an archive's header, the title, a site's metadata table
        if skip_tables and (block.kind == "row" or _has_table_content(ex, b)):
            continue
        text = _block_text(doc, ex, b, a, z)
        if not text:
            continue
        text = sanitize_markdown(text) if block.markdown else escape_markdown(text)
        for part in _SUBPART.split(text):
            if part.strip():
                out.append(part.strip())
    return out


def _has_table_content(ex: Extraction, b: int) -> bool:
    """True when a paragraph holds table labels or cells (run-together text)."""
    return b in ex.table_blocks


def narrative(doc: Document, ex: Extraction) -> tuple[list[str], dict[str, tuple[list[str], list[str]]]]:
    """(preamble paragraphs, {section key: paragraphs}) — tables are left out."""
    length = len(ex.stream.text)
    ranges = section_ranges(ex.sections, length)
    first = ex.sections[0].start if ex.sections else length
    pre = _paragraphs(doc, ex, 0, first, skip_tables=False)
    sections: dict[str, tuple[list[str], list[str]]] = {}
    for key, a, z in ranges:
        if key in TABLE_SECTIONS:
            # text above the table stays above it, text below stays below
            mid = min(max(ex.table_starts.get(key, z), a), z)
            sections[key] = (_paragraphs(doc, ex, a, mid, skip_tables=True), _paragraphs(doc, ex, mid, z, skip_tables=True))
        else:
            sections[key] = ([], _paragraphs(doc, ex, a, z, skip_tables=False))
    return pre, sections


# ---------------------------------------------------------------------------------------
# The page


def render_page(
    doc: Document,
    ex: Extraction,
    *,
    source: str,
    sha256: str,
    importer: str,
    imported: str,
    agency_id: str | None = None,
    kind: str | None = None,
) -> str:
    """The report page text."""
    fmt = ex.fmt
    assert fmt is not None and ex.year is not None and ex.agency
    default_title = f"{ex.agency}{ex.year}年政府信息公开工作年度报告"
    lines = ["---", "govreport:", f"  agency: {q(ex.agency)}"]
    if agency_id:
        lines.append(f"  agency_id: {q(agency_id)}")
    lines.append(f"  kind: {kind or ex.kind or 'department'}")
    lines.append(f"  year: {ex.year}")
    lines.append(f"  format: {fmt.id}   # {fmt.name}（{fmt.notice}）：按原文表格的标签判断")
    if ex.title and ex.title.replace(" ", "") != default_title:
        lines.append(f"  title: {q(ex.title)}")
    if ex.published:
        lines.append(f"  published: {q(ex.published)}")
    lines.append("  provenance:   # 导入来源")
    # the file name only: the page is published, the folder it was read from on someone's
    # computer is nobody's business (a web address stays whole)
    shown = source if re.match(r"https?://", source) else PurePath(source.replace("\\", "/")).name
    lines.append(f"    source: {q(shown)}")
    if ex.url:
        lines.append(f"    url: {q(ex.url)}")
    lines.append(f"    sha256: {sha256}")
    lines.append(f"    importer: {q(importer)}")
    lines.append(f"    imported: {q(imported)}")
    reported = [f for f in ex.findings]
    if reported or ex.notes:
        lines.append("    findings:   # 导入时发现的问题和所做的处理")
        for f in reported:
            lines.append(f"      - {q(finding_text(f))}")
        for n in ex.notes:
            lines.append(f"      - {q(n)}")
    if any(c.status != "value" and c.status != "computed" for c in ex.cells.values()):
        lines.append("  # 注意：原文空着或无法确定的单元格没有写出（不当作 0），请按原文补齐后再发布。")
    for table in fmt.tables:
        lines += table_yaml(table, ex.cells)
    lines.append("---")
    lines.append("")
    lines.append(f"# {escape_markdown(' '.join((ex.title or default_title).split()))}")
    lines.append("")
    pre, sections = narrative(doc, ex)
    lines += _paragraph_lines(pre)
    present = {s.key for s in ex.sections}
    for s in SECTION_HEADINGS:
        if s not in present and s not in TABLE_SECTIONS:
            continue
        lines.append(f"## {SECTION_HEADINGS[s]}")
        lines.append("")
        before, after = sections.get(s, ([], []))
        lines += _paragraph_lines(before)
        if s in TABLE_SECTIONS:
            lines += [f"<!-- govreport {_SHORT_NAME[s]} -->", ""]
        lines += _paragraph_lines(after)
    return "\n".join(lines).rstrip("\n") + "\n"


_LIST_ITEM = re.compile(r"^\s*(?:[-+*]|[0-9]+\.)\s")


def _paragraph_lines(paragraphs: list[str]) -> list[str]:
    """Paragraphs separated by blank lines; consecutive list items stay one list."""
    out: list[str] = []
    for i, p in enumerate(paragraphs):
        if i and _LIST_ITEM.match(p) and _LIST_ITEM.match(paragraphs[i - 1]) and out and out[-1] == "":
            out.pop()
        out += [p, ""]
    return out


def finding_text(f: Finding) -> str:
    return f"{f.rule}：{f.message}"
