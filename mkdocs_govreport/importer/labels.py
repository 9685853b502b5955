"""Label matching: every label the registry knows, found in a normalised character stream.

The stream is the document's text with whitespace removed and each character put through
:func:`registry.normalize_label` (NFKC, unified quotes and enumeration commas) — the same
key the registry's labels are compared by.  Each stream character remembers where it
stood in the source, and whether a cell edge or whitespace came before it, so that numbers
written apart (``151 3 0``) stay apart while labels broken by a line wrap or a stray space
(``社会公益 组织``) still match.

All labels come from the field registry: section headings and their variants, table-二
block captions, record labels, group labels, field labels, column-header labels, the
table-三 corner text and the format notes, plus ``Format.label_slips``.  Nothing here is a
hand-written list of labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from ..registry import FORMATS, SECTIONS, Format, HeaderNode, Table, normalize_label
from .sources import MARK_BLANK, MARK_COMPUTED, Document

#: Stream placeholders for cells that hold no number.
BLANK = "\x00"
COMPUTED = "\x02"
#: Label kinds.
SECTION, CAPTION, RECORD, GROUP, FIELD, HEADER = "section", "caption", "record", "group", "field", "header"

_THOUSANDS_RE = re.compile(r"(?<=[0-9０-９])[,，](?=[0-9０-９]{3}(?![0-9０-９.]))")
_ENUM_RE = re.compile(r"^(?:[0-9]+\.|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、)")


@dataclass(frozen=True)
class Label:
    """What a piece of text names: a section, a record of a table, a column, ..."""

    kind: str
    text: str  # canonical text (as in the registry)
    table: str = ""  # table key ("" for sections)
    key: str = ""  # section key, record key (dotted), or field key
    #: The slip that was matched instead of the canonical text ("" when canonical).
    slip: str = ""
    #: The registry's text of the slip that made this variant (wrong, right), for messages.
    slip_pair: tuple[str, str] = ("", "")
    #: Matched without its enumeration prefix (``属于国家秘密`` for ``1.属于国家秘密``).
    bare: bool = False


def _norm(text: str) -> str:
    return normalize_label(text)


def _header_labels(nodes: tuple[HeaderNode, ...]) -> Iterator[HeaderNode]:
    for n in nodes:
        yield n
        yield from _header_labels(n.children)


def _table_labels(table: Table) -> Iterator[Label]:
    for r in table.records:
        yield Label(RECORD, r.label, table.key, r.key)
        for g in r.groups:
            yield Label(GROUP, g, table.key, g)
        if r.block:
            yield Label(CAPTION, r.block, table.key, r.block)
        for f in r.fields:
            yield Label(FIELD, f.label, table.key, f.key)
    for node in _header_labels(table.column_tree):
        if table.layout == "groups" and node.children:
            yield Label(RECORD, node.label, table.key, node.key)
        elif not node.children:
            yield Label(FIELD, node.label, table.key, node.key)
        else:
            yield Label(HEADER, node.label, table.key, node.label)
    if table.corner:
        yield Label(HEADER, table.corner, table.key, "corner")
    if table.note:
        yield Label(HEADER, table.note, table.key, "note")


@dataclass
class Catalogue:
    """Every label of one format (or of all formats, for format detection)."""

    by_text: dict[str, list[Label]]
    pattern: re.Pattern[str]

    def find(self, stream: str) -> Iterator[tuple[int, int, list[Label]]]:
        """Non-overlapping matches, leftmost first, longest label at each position."""
        for m in self.pattern.finditer(stream):
            yield m.start(), m.end(), self.by_text[m.group(0)]


def _variants(label: Label, slips: tuple[tuple[str, str], ...]) -> Iterator[tuple[str, Label]]:
    canonical = _norm(label.text)
    yield canonical, label
    for wrong, right in slips:
        nr, nw = _norm(right), _norm(wrong)
        if nr in canonical and nw not in canonical:
            yield canonical.replace(nr, nw), Label(label.kind, label.text, label.table, label.key, wrong, (wrong, right))
    m = _ENUM_RE.match(canonical)
    if m and label.kind == RECORD:
        enum = m.group(0)
        if enum.endswith("."):  # ``1、属于国家秘密``: another enumeration mark, same label
            yield enum[:-1] + "、" + canonical[len(enum) :], label
        core = canonical[len(enum) :]
        if len(core) >= 5:  # long enough to be unambiguous without its number
            yield core, Label(label.kind, label.text, label.table, label.key, bare=True)


@cache
def catalogue(format_ids: tuple[str, ...]) -> Catalogue:
    """The labels of the given formats (one format for import, all for detection)."""
    by_text: dict[str, list[Label]] = {}
    for s in SECTIONS:
        by_text.setdefault(_norm(s.heading), []).append(Label(SECTION, s.heading, key=s.key))
        for v in s.variants:
            by_text.setdefault(_norm(v), []).append(Label(SECTION, s.heading, key=s.key, slip=v, slip_pair=(v, s.heading)))
    for fid in format_ids:
        fmt = FORMATS[fid]
        for table in fmt.tables:
            for label in _table_labels(table):
                for text, variant in _variants(label, fmt.label_slips):
                    if not text:
                        continue
                    bucket = by_text.setdefault(text, [])
                    if variant not in bucket:
                        bucket.append(variant)
    # a slip that is another label's canonical text is that label, not a slip
    for text, labels in by_text.items():
        if any(not lb.slip and not lb.bare for lb in labels):
            by_text[text] = [lb for lb in labels if not lb.slip and not lb.bare]
    ordered = sorted(by_text, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(t) for t in ordered))
    return Catalogue(by_text, pattern)


def format_catalogue(fmt: Format) -> Catalogue:
    return catalogue((fmt.id,))


def distinctive(fmt_id: str) -> set[str]:
    """Normalised label texts (canonical or slips) that only format ``fmt_id`` uses."""
    own = catalogue((fmt_id,)).by_text
    others: set[str] = set()
    for fid in FORMATS:
        if fid != fmt_id:
            others |= set(catalogue((fid,)).by_text)
    return {t for t in own if t not in others and not any(lb.kind == SECTION for lb in own[t])}


# ---------------------------------------------------------------------------------------
# The stream


@dataclass
class Stream:
    """The document as one normalised string, with the source of every character."""

    text: str
    #: (block index, cell index, offset in the cell text) of each character
    src: list[tuple[int, int, int]]
    #: True where a cell edge or whitespace stood before the character
    edge: list[bool]
    #: stream index where each block starts
    block_start: list[int]

    def block_of(self, i: int) -> int:
        return self.src[i][0] if i < len(self.src) else len(self.block_start)


def build_stream(doc: Document) -> Stream:
    chars: list[str] = []
    src: list[tuple[int, int, int]] = []
    edge: list[bool] = []
    starts: list[int] = []
    for b, block in enumerate(doc.blocks):
        starts.append(len(chars))
        for c, cell in enumerate(block.cells):
            if block.kind == "row" and (cell.mark in (MARK_BLANK, MARK_COMPUTED) or not cell.text.strip()):
                chars.append(BLANK if cell.mark != MARK_COMPUTED else COMPUTED)
                src.append((b, c, 0))
                edge.append(True)
                continue  # a computed total's number is not data: the tool computes it again
            pending_edge = True
            # thousands separators (``1,234``) are not cell boundaries: drop them
            thousands = {m.start() for m in _THOUSANDS_RE.finditer(cell.text)}
            for o, ch in enumerate(cell.text):
                if o in thousands:
                    continue
                if ch.isspace() or ch in "\u00a0\u3000\u200b\ufeff":
                    pending_edge = True
                    continue
                n = _norm(ch)
                for k, nch in enumerate(n):
                    chars.append(nch)
                    src.append((b, c, o))
                    edge.append(pending_edge and k == 0)
                pending_edge = False if n else pending_edge
    return Stream("".join(chars), src, edge, starts)
