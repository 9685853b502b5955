"""The reading layer's intermediate: a :class:`Document` of :class:`Block` of :class:`Cell`.

Every reader (text, HTML, Word, PDF) produces the same thing: blocks in document order,
each a paragraph (one cell) or a table row (several cells), every cell with its position
in the source.  Readers keep text as written; what they drop or cannot read is said in
:attr:`Document.notes`, and a table cell they cannot read with certainty carries
:data:`MARK_UNREAD`, no text, and the reason in :attr:`Cell.problem` — never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["para", "row"]
#: A cell that stood in a table but held no number (shown as missing, never as zero).
MARK_BLANK = "blank"
#: A cell our own renderer marked as computed by the tool (not written by the author).
MARK_COMPUTED = "computed"
#: A cell the reader cannot read with certainty (struck-through number, a number merged
#: over several cells, two numbers in one cell): its text is empty, the reason is in
#: :attr:`Cell.problem`.  Extraction leaves such a cell missing and reports the reason.
MARK_UNREAD = "unread"
#: :attr:`Block.role` of the rows of a site's metadata table (索引号、发布机构、发文日期…).
ROLE_METADATA = "metadata"


class SourceError(Exception):
    """The input cannot be read at all (not a Word file, no PDF reader installed, ...).

    The message is Chinese and says why; it is what the user reads."""


@dataclass
class Cell:
    """A piece of source text with known boundaries and its position (1-based)."""

    text: str
    line: int
    column: int = 1
    #: True when ``column + offset`` is the column of a character (single-line text cells).
    exact: bool = False
    #: ``""``, :data:`MARK_BLANK`, :data:`MARK_COMPUTED` or :data:`MARK_UNREAD`.
    mark: str = ""
    #: Why the cell could not be read (Chinese, with the source text), for :data:`MARK_UNREAD`.
    problem: str = ""
    #: PDF page of the cell (1-based; 0 when the source has no pages).
    page: int = 0

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
    #: ``""`` or :data:`ROLE_METADATA` (a row of a site's metadata table: not report data,
    #: its numbers — 索引号, 文号, dates — are never table cells).
    role: str = ""
    #: For table rows: the source table they belong to (1, 2, … in document order; 0 for
    #: paragraphs and for rows of text sources, where tables are not delimited).
    table: int = 0


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

    def note(self, message: str, line: int | None = None) -> None:
        self.notes.append((message, line))


# ---------------------------------------------------------------------------------------
# Cell text: blank and computed marks, note markers, cells that hold no single number

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


#: Characters that Unicode compatibility folding (NFKC, used to match labels) turns into
#: digits although they are never part of a number: circled, parenthesised, full-stop
#: and superscript/subscript digits.
_DIGIT_LOOKALIKES = (
    "①-⑳㉑-㉟㊱-㊿⑴-⒇⒈-⒛❶-❿➀-➉➊-➓⓪-⓴⓵-⓾⓿"  # circled and parenthesised numbers
    "⁰¹²³⁴-⁹₀-₉"  # superscript and subscript digits
)
_MARKER = (
    rf"[{_DIGIT_LOOKALIKES}]+"
    r"|[\[［〔【]\s*(?:注\s*)?[0-9０-９]{1,3}\s*[\]］〕】]"  # [1] 〔1〕 【注1】
    r"|[（(]\s*注\s*[0-9０-９]{0,3}\s*[)）]"  # （注1）
    r"|[※†‡§]+"
)
#: A note marker written right after a number (``230①``, ``230²``, ``230[1]``, ``230※``).
_NOTE_AFTER_DIGIT_RE = re.compile(rf"(?<=[0-9０-９])[ \u00a0\u3000]*(?:{_MARKER})")
#: A cell that is only a note marker.
_ONLY_MARKER_RE = re.compile(rf"^\s*(?:{_MARKER})\s*$")
_LOOKALIKE_RE = re.compile(rf"[{_DIGIT_LOOKALIKES}]")


def strip_note_markers(text: str, *, cell: bool = False) -> tuple[str, list[str]]:
    """``text`` without the note markers standing after numbers, and the markers removed.

    In a table cell (``cell=True``) a cell holding only a marker is emptied as well, and a
    circled or superscript digit anywhere next to a digit goes (``2³0`` is not 230)."""
    removed: list[str] = []

    def cut(m: re.Match[str]) -> str:
        removed.append(m.group(0).strip())
        return ""

    out = _NOTE_AFTER_DIGIT_RE.sub(cut, text)
    if cell:
        if _ONLY_MARKER_RE.match(out):
            removed.append(out.strip())
            out = ""
        elif _LOOKALIKE_RE.search(out) and re.search(r"[0-9０-９]", out):
            out = _LOOKALIKE_RE.sub(cut, out)
    return out, removed


_NUM_PIECE = r"[+\-−]?[0-9０-９]+(?:[,，][0-9０-９]{3})*(?:[.．][0-9０-９]+)?"
_UNIT = r"(?:件|项|个|条|起|次|宗|份|家|人次|万元|元)"
_ONE_NUMBER_RE = re.compile(rf"^\s*{_NUM_PIECE}\s*{_UNIT}?\s*$")
#: Only numbers, separators and units: a data cell, not a label.
_NUMBERISH_RE = re.compile(rf"^[\s0-9０-９+\-−,，.．、;；/／|]*(?:{_UNIT}[\s0-9０-９+\-−,，.．、;；/／|]*)*$")


def is_number_text(text: str) -> bool:
    """One number (with separators and a unit at most): what a data cell holds."""
    return bool(_ONE_NUMBER_RE.match(text))


def several_numbers(text: str) -> bool:
    """A cell of only numbers that holds more than one (``1 2``, ``151、3``): it is not
    one cell of the grid, and reading it as several would shift the row."""
    if not re.search(r"[0-9０-９]", text) or not _NUMBERISH_RE.match(text):
        return False
    return not is_number_text(text)


def clip(text: str, limit: int = 40) -> str:
    """Source text quoted in a message: one line, at most ``limit`` characters."""
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"
