"""From a :class:`Document` to report data: metadata, sections, table cells.

The document is read as one normalised stream (:mod:`.labels`).  The title and metadata
come from :mod:`.metadata`; standard section headings (or reworded ones, recognised by
their number and key words) cut the stream into sections; the tables are read from the
table sections by :mod:`.tables`, which locates each table by its structure.  Every value
comes from the source text; whatever cannot be read with certainty is left missing and
reported with its position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..core.findings import Finding
from ..registry import FIRST_YEAR, FORMATS, SECTIONS, Format, format_for_year
from .labels import CAPTION, FIELD, GROUP, HEADER, RECORD, SECTION, Label, Stream, build_stream, catalogue, distinctive
from .metadata import compact, find_metadata, guess_kind, kind_of, parse_title, site_metadata
from .sources import Document
from .tables import Found, TableReader

__all__ = ["TABLE_SECTIONS", "Extraction", "Found", "SectionSpan", "extract", "guess_kind", "parse_title", "section_ranges"]

SECTION_KEYS = [s.key for s in SECTIONS]
TABLE_SECTIONS = {"active", "applications", "review_litigation"}
#: Reworded section headings: the number, then the key words of the standard heading
#: (``四、政府信息公开行政法复议、行政诉讼情况``).  Searched only when the standard heading and
#: its registered variants are absent.
_LOOSE_HEADINGS = {
    "overview": re.compile(r"一、[^。;:、]{0,8}?(?:情况|概述|概况)"),
    "active": re.compile(r"二、[^。;:]{0,14}?主动公开[^。;:]{0,10}?情况"),
    "applications": re.compile(r"三、[^。;:]{0,16}?申请[^。;:]{0,8}?情况"),
    "review_litigation": re.compile(r"四、[^。;:]{0,16}?复议[^。;:]{0,12}?诉讼[^。;:]{0,4}?情况"),
    "problems": re.compile(r"五、[^。;:]{0,16}?问题[^。;:]{0,12}?(?:情况|措施|方向)"),
    "other_matters": re.compile(r"六、[^。;:]{0,10}?其他[^。;:]{0,10}?事项"),
}


@dataclass
class SectionSpan:
    key: str
    label: Label
    start: int  # stream index of the heading
    end: int  # stream index after the heading
    at_block_start: bool


@dataclass
class Extraction:
    fmt: Format | None
    year: int | None
    agency: str | None
    title: str | None
    published: str | None
    url: str | None
    kind: str | None
    stream: Stream
    sections: list[SectionSpan]
    cells: dict[str, Found] = field(default_factory=dict)
    #: first source line of each record (table key, record key) found
    record_lines: dict[tuple[str, str], int] = field(default_factory=dict)
    #: stream index where each table's first label stands
    table_starts: dict[str, int] = field(default_factory=dict)
    #: stream ranges used by tables (not narrative)
    table_ranges: list[tuple[int, int]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    format_scores: dict[str, int] = field(default_factory=dict)
    refused: str | None = None
    #: blocks of the title and of a site's metadata (left out of the narrative)
    meta_blocks: set[int] = field(default_factory=set)
    #: blocks that hold table labels or numbers (left out of the narrative)
    table_blocks: set[int] = field(default_factory=set)


# ---------------------------------------------------------------------------------------
# Sections


def find_sections(stream: Stream, doc: Document) -> list[SectionSpan]:
    """The standard section headings, in order.  A heading that starts a block (a line,
    a paragraph) is preferred over the same words inside running text."""
    cat = catalogue(())
    candidates: dict[str, list[SectionSpan]] = {}
    for start, end, labels in cat.find(stream.text):
        lb = labels[0]
        if lb.kind != SECTION:
            continue
        b = stream.block_of(start)
        at_start = stream.block_start[b] == start if b < len(stream.block_start) else False
        candidates.setdefault(lb.key, []).append(SectionSpan(lb.key, lb, start, end, at_start))
    chosen: list[SectionSpan] = []
    last = -1
    for key in SECTION_KEYS:
        options = [c for c in candidates.get(key, []) if c.start > last]
        if not options:
            options = _loose_headings(stream, key, last)
        if not options:
            continue
        pick = next((c for c in options if c.at_block_start), options[0])
        # an inline mention before a heading proper (a table of contents) is skipped
        chosen.append(pick)
        last = pick.end - 1
    return chosen


def _loose_headings(stream: Stream, key: str, after: int) -> list[SectionSpan]:
    """Reworded headings of section ``key`` after position ``after``: at the start of a
    block, or after the end of a sentence or a table row in run-together text."""
    out = []
    text = stream.text
    heading = next(s.heading for s in SECTIONS if s.key == key)
    for m in _LOOSE_HEADINGS[key].finditer(text, after + 1):
        start = m.start()
        b = stream.block_of(start)
        at_start = b < len(stream.block_start) and stream.block_start[b] == start
        if not at_start and start and text[start - 1] not in "。;)）0123456789" and not stream.edge[start]:
            continue
        slip = m.group(0)
        out.append(SectionSpan(key, Label(SECTION, heading, key=key, slip=slip, slip_pair=(slip, heading)), start, m.end(), at_start))
    return out


def section_ranges(sections: list[SectionSpan], length: int) -> list[tuple[str, int, int]]:
    """(key, content start, content end) of each section found."""
    out = []
    for i, s in enumerate(sections):
        end = sections[i + 1].start if i + 1 < len(sections) else length
        out.append((s.key, s.end, end))
    return out


# ---------------------------------------------------------------------------------------
# Format


def detect_format(stream: Stream) -> tuple[str | None, dict[str, int]]:
    """The format whose own labels (those the other format lacks) occur more often."""
    cat = catalogue(tuple(FORMATS))
    own = {fid: distinctive(fid) for fid in FORMATS}
    scores = {fid: 0 for fid in FORMATS}
    any_label = 0
    for _s, _e, labels in cat.find(stream.text):
        text = _s, _e
        hit = stream.text[text[0] : text[1]]
        if labels[0].kind in (RECORD, FIELD, CAPTION, GROUP, HEADER):
            any_label += 1
        for fid, texts in own.items():
            if hit in texts:
                scores[fid] += 1
    scores["_labels"] = any_label  # table labels of any format, distinctive or not
    if not any(v for k, v in scores.items() if k != "_labels"):
        return None, scores
    best = max(v for k, v in scores.items() if k != "_labels")
    winners = [fid for fid, s in scores.items() if s == best and fid != "_labels"]
    return (winners[0] if len(winners) == 1 else None), scores


# ---------------------------------------------------------------------------------------
# Entry point


_NO_YEAR = "无法从标题或正文判断报告年度（如“2023年政府信息公开工作年度报告”“统计期限为2023年1月1日至…”），请用 --year 指定"


def _is_marker(block: object) -> bool:
    """A line that only says where the report text starts (``正文``)."""
    cells = getattr(block, "cells", [])
    return len(cells) == 1 and compact(cells[0].text) in ("正文", "正文:", "【正文】", "全文")


def extract(
    doc: Document,
    file: str,
    *,
    year: int | None = None,
    agency: str | None = None,
    format_id: str | None = None,
) -> Extraction:
    """Read a document.  ``year``, ``agency``, ``format_id`` override what is detected."""
    stream = build_stream(doc)
    sections = find_sections(stream, doc)
    whole: Document | None = None
    if doc.paths is not None and len(sections) >= 2:
        # a web page: keep the article (the element holding the section headings)
        heads = [doc.paths[stream.block_of(s.start)] for s in sections]
        common = heads[0]
        for h in heads[1:]:
            n = 0
            while n < min(len(common), len(h)) and common[n] == h[n]:
                n += 1
            common = common[:n]
        keep = [i for i, p in enumerate(doc.paths) if p[: len(common)] == common]
        if len(keep) < len(doc.blocks):
            whole = replace(doc, blocks=list(doc.blocks), meta=dict(doc.meta))
            doc.keep(keep)
            stream = build_stream(doc)
            sections = find_sections(stream, doc)
    first_table = next((s.start for s in sections if s.key in TABLE_SECTIONS), len(stream.text))
    md = find_metadata(doc, stop=stream.block_of(first_table), before_keep=whole)
    if whole is not None and md.agency is None:
        # the title may stand outside the element holding the sections (a page header)
        outer = find_metadata(whole, stop=None)
        md.agency, md.year = outer.agency, md.year or outer.year
        md.title = md.title or outer.title
    the_year = year or md.year
    the_agency = agency or md.agency
    kind = None
    if the_agency:
        text = "\n".join(" ".join(c.text for c in b.cells) for b in (whole or doc).blocks[:400])
        kind, fuller = kind_of(the_agency, md.publisher, text)
        if fuller:
            md.notes.append(f"机关类型按“{fuller}”判断为人民政府（{the_agency} 的报告）")
    ex = Extraction(
        None,
        the_year,
        the_agency,
        md.title,
        md.published,
        doc.meta.get("url"),
        kind,
        stream,
        sections,
    )
    ex.meta_blocks = set(md.title_blocks) | site_metadata(doc)[1] | {i for i, b in enumerate(doc.blocks) if _is_marker(b)}
    if not agency:
        ex.notes.extend(n for n in md.notes if n.startswith(("机关名称", "机关类型")))
    if not year:
        ex.notes.extend(n for n in md.notes if n.startswith("报告年度"))
    ex.notes.extend(message for message, _line in doc.notes)
    if the_year is not None and the_year < FIRST_YEAR:
        ex.refused = (
            f"这是 {the_year} 年度的报告：2018 年及以前的年度报告依据 2008 年施行的《中华人民共和国政府信息公开条例》编写，"
            "没有全国统一的表格格式（统一格式自 2019 年度起施行，国办公开办函〔2019〕60号），无法按格式导入，已拒绝"
        )
        return ex
    detected, scores = detect_format(stream)
    ex.format_scores = scores
    # labels both formats share (table 三, 表四) do not tell the format: the year does
    fid = format_id or detected or (format_for_year(the_year) if the_year and scores.get("_labels") else None)
    if fid is None:
        if not scores.get("_labels"):
            ex.refused = "没有找到政府信息公开工作年度报告的表格（表二、表三、表四的标签都不在文中），无法导入"
        elif the_year is None:
            ex.refused = _NO_YEAR
        else:
            ex.refused = "无法判断表格格式（2019 年格式与 2021 年格式的标签数量相同），请用 --format 指定"
        return ex
    fmt = FORMATS[fid]
    ex.fmt = fmt
    if the_year is None:
        ex.refused = _NO_YEAR
        return ex
    if not the_agency:
        ex.refused = "无法从标题、正文开头或网页的发布机构判断机关名称，请用 --agency 指定"
        return ex
    expected = format_for_year(the_year)
    if expected and expected != fid:
        ex.findings.append(
            Finding(
                "W4",
                f"{the_year} 年度的报告应使用 {expected} 年格式，原文使用的是 {fid} 年格式的表格：按原文的格式导入",
                file,
                None,
                pointer="/format",
                values=(fid, expected),
                severity="warning",
            )
        )
    for s in sections:
        if s.label.slip:
            b, c, o = stream.src[s.start]
            line, col = doc.blocks[b].cells[c].position(o)
            ex.findings.append(
                Finding(
                    "W5",
                    f"原文第 {line} {doc.unit}的章节标题“{s.label.slip}”不是标准写法，标准标题为“{s.label.text}”",
                    file,
                    line,
                    col,
                    values=(s.label.slip, s.label.text),
                    severity="warning",
                )
            )
    ranges: list[tuple[str | None, int, int]] = [
        (k, a, b) for k, a, b in section_ranges(sections, len(stream.text)) if k in TABLE_SECTIONS
    ]
    if not ranges:
        # no table headings at all: look for the tables anywhere but in the narrative sections
        narrative = [(a, b) for k, a, b in section_ranges(sections, len(stream.text)) if k not in TABLE_SECTIONS]
        start = 0
        ranges = []
        for a, b in narrative:
            if a > start:
                ranges.append((None, start, a))
            start = max(start, b)
        if start < len(stream.text):
            ranges.append((None, start, len(stream.text)))
        if not narrative:
            ranges = [(None, 0, len(stream.text))]
    TableReader(ex, doc, fmt, file).run(ranges)
    return ex
