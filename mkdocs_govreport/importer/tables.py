"""Reading the three tables out of the normalised stream.

The table area (the table sections, or everything outside the narrative sections) is cut
into tokens: labels of the format, numbers, blank cells and other text.  Each token gets
the table it stands in — its *zone* — from the section heading, switched by labels only one
table has (a row label, a block caption, a column header such as ``申请人情况`` or
``结果维持``), so that a table is found by its structure even under a reworded heading.

* 表二 is read row by row: the numbers after a row label are that row's cells.
* 表三 is read by the order of its rows when the number of row-like runs of numbers equals
  the format's row count (25; 23 for the 2019 format or a 2021 table printing （六）其他处理 as
  one row): a PDF text layer may print a row's numbers above its label or between the two
  lines of a wrapped label.  The labels found must then stand next to their runs (they
  confirm the mapping); otherwise, or when the counts differ, each row label takes the
  numbers after it.
* 表四 is found by its header block (行政复议 / 行政诉讼 / 结果维持 …, on one line or broken
  over several) and its 15 numbers, in the official order.

Numbers that run together are split with the format's sums (:mod:`.splits`).  Whatever
cannot be read with certainty is left missing and reported with its position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from ..checks.arithmetic import arithmetic_findings
from ..core.findings import Finding
from ..core.report import Cell, Report
from ..registry import Format, Record, Table, cell_pointer
from .labels import BLANK, CAPTION, COMPUTED, GROUP, RECORD, SECTION, Label, Stream, format_catalogue
from .sources import MARK_UNREAD, Document
from .splits import Blob, Equation, Value, describe_readings, enumerate_splits, parse_part

if TYPE_CHECKING:
    from .extract import Extraction

_UNIT_RE = re.compile(r"(?:件|项|个|条|起|次|宗|份|家|人次|万元|元)")
_NUM_CHARS = set("0123456789.-+−")
_PROSE_RE = re.compile(r"[。；;，,：:！!？?]")
_SENTENCE_RE = re.compile(r"[。；;！!？?]")
#: Labels shorter than this never tell which table a token stands in (其他, 总计).
_ANCHOR_MIN = 4


@dataclass
class Found:
    """A cell as read from the source."""

    value: Value | None
    #: "value" (read), "blank" (the source cell is empty), "computed" (our renderer's
    #: computed total), "unread" (the cell could not be read with certainty)
    status: str
    line: int | None = None
    column: int | None = None
    text: str = ""
    #: how the value was obtained, for the page comment ("split" for run-together digits)
    how: str = ""


@dataclass
class Tok:
    kind: str  # "label", "num", "blank", "computed", "noise", "consumed"
    start: int  # stream positions
    end: int
    text: str = ""
    labels: list[Label] = field(default_factory=list)
    unit: str = ""
    #: the table this token stands in (see the module docstring)
    zone: str | None = None

    @property
    def numeric(self) -> bool:
        return self.kind in ("num", "blank", "computed")


# ---------------------------------------------------------------------------------------
# Tokens


class _View:
    """The stream between two positions without the characters of some blocks."""

    def __init__(self, stream: Stream, a: int, b: int, skip: set[int]) -> None:
        self.index = [i for i in range(a, b) if stream.src[i][0] not in skip]
        self.text = "".join(stream.text[i] for i in self.index)
        # an edge where a skipped block stood, too: ``6`` / ``三`` / ``7`` are two cells
        self.edge = [stream.edge[i] or (k > 0 and self.index[k - 1] != i - 1) for k, i in enumerate(self.index)]

    def span(self, s: int, e: int) -> tuple[int, int]:
        return self.index[s], self.index[e - 1] + 1


def _header_chars(fmt: Format) -> frozenset[str]:
    chars: set[str] = set()
    for table in fmt.tables:
        for r in table.records:
            for g in r.groups:
                chars |= set(g)
        for node in table.column_tree:
            chars |= set(node.label)
    return frozenset(chars)


def tiny_blocks(doc: Document, stream: Stream, a: int, b: int, fmt: Format) -> set[int]:
    """Lines of one character (or two characters of a group or column header) inside a
    table of a text layer: a header written vertically (``三``、``、``、``本``… of
    三、本年度办理结果 between the data rows).  They are not cells, and would otherwise
    break a label or a row apart."""
    if doc.kind not in ("text", "pdf") or a >= b:
        return set()
    header = _header_chars(fmt)
    out = set()
    for blk in range(stream.block_of(a), stream.block_of(b - 1) + 1):
        block = doc.blocks[blk]
        if block.kind != "para":
            continue
        text = "".join("".join(c.text for c in block.cells).split())
        if text.isascii() or any(ch.isdigit() for ch in text):
            continue
        if len(text) == 1 or (len(text) == 2 and set(text) <= header):
            out.add(blk)
    return out


def _wrapped_labels(view: _View, fmt: Format) -> list[tuple[int, int, int, int, Label]]:
    """Record labels broken by their row's numbers (a PDF text layer writes the numbers on
    the middle line of a two-line label): ``…只计这一情形，不`` ``7 1 0 0 0 0 8`` ``计其他情形）``.

    Returns (label start, numbers start, numbers end, label end, label) in view positions."""
    cat = format_catalogue(fmt)
    texts = [(t, lbs[0]) for t, lbs in cat.by_text.items() if lbs[0].kind == RECORD and len(t) >= 8]
    text = view.text
    out: list[tuple[int, int, int, int, Label]] = []
    for m in re.finditer(r"[0-9.\-−\x00\x02]+", text):
        s, e = m.start(), m.end()
        digits = sum(ch.isdigit() or ch in "\x00\x02" for ch in text[s:e])
        if digits < 3 or not (digits >= 7 or any(view.edge[k] for k in range(s + 1, e))):
            continue  # a row of numbers has several cells (or runs together)
        best: tuple[int, int, int, int, Label] | None = None
        for full, label in texts:
            for k in range(3, len(full) - 1):
                head, tail = full[:k], full[k:]
                fits = text.startswith(tail, e) and text.endswith(head, 0, s)
                if fits and (best is None or len(full) > best[3] - best[0] - (e - s)):
                    best = (s - len(head), s, e, e + len(tail), label)
        if best is not None and not (out and best[0] < out[-1][3]):
            out.append(best)
    return out


def tokenize(stream: Stream, a: int, b: int, fmt: Format, skip: set[int]) -> list[Tok]:
    """Labels of the format, numbers, blank cells and other text between ``a`` and ``b``."""
    view = _View(stream, a, b, skip)
    cat = format_catalogue(fmt)
    text = view.text
    toks: list[Tok] = []

    def add(kind: str, s: int, e: int, piece: str = "", labels: list[Label] | None = None) -> Tok:
        ss, ee = view.span(s, e)
        tok = Tok(kind, ss, ee, piece, labels or [])
        toks.append(tok)
        return tok

    def gap(s: int, e: int) -> None:
        i = s
        while i < e:
            ch = text[i]
            if ch == BLANK:
                add("blank", i, i + 1)
                i += 1
                continue
            if ch == COMPUTED:
                add("computed", i, i + 1)
                i += 1
                continue
            if ch in _NUM_CHARS:
                j = i + 1
                while j < e and text[j] in _NUM_CHARS and not view.edge[j]:
                    j += 1
                piece = text[i:j].replace("−", "-")
                if re.fullmatch(r"[-—]+", piece):
                    add("blank", i, j, piece)
                elif re.fullmatch(r"[+-]?[0-9]+(?:\.[0-9]+)?", piece):
                    tok = add("num", i, j, piece.lstrip("+"))
                    m = _UNIT_RE.match(text, j, e)
                    if m and (m.end() == e or text[m.end()] not in "0123456789" or view.edge[m.end()]):
                        tok.unit = m.group(0)
                        j = m.end()
                        tok.end = view.span(i, j)[1]
                else:
                    add("noise", i, j, piece)
                i = j
                continue
            j = i + 1
            while j < e and text[j] not in _NUM_CHARS and text[j] not in (BLANK, COMPUTED):
                j += 1
            if toks and toks[-1].kind == "noise" and toks[-1].end == view.span(i, i + 1)[0]:
                toks[-1].end = view.span(i, j)[1]
                toks[-1].text += text[i:j]
            else:
                add("noise", i, j, text[i:j])
            i = j

    def labelled(s: int, e: int) -> None:
        pos = s
        for ls, le, labels in cat.find(text[s:e]):
            ls, le = ls + s, le + s
            gap(pos, ls)
            add("label", ls, le, text[ls:le], list(labels))
            pos = le
        gap(pos, e)

    pos = 0
    for ls, ns, ne, le, label in _wrapped_labels(view, fmt):
        labelled(pos, ls)
        add("label", ls, ns, label.text, [label])
        gap(ns, ne)
        add("consumed", ne, le, text[ne:le])
        pos = le
    labelled(pos, len(text))
    return toks


# ---------------------------------------------------------------------------------------
# Zones


def _label_tables(fmt: Format) -> dict[str, set[str]]:
    """For each normalised label text: the tables it is a label of."""
    out: dict[str, set[str]] = {}
    for text, labels in format_catalogue(fmt).by_text.items():
        out[text] = {lb.table for lb in labels if lb.table}
    return out


def assign_zones(toks: list[Tok], start_zone: str | None, fmt: Format) -> list[Tok]:
    """Set each token's zone; column labels of another table become plain text (in 表二,
    ``其他`` of 其他主动公开文件 is not 表三's column)."""
    tables = _label_tables(fmt)
    zone = start_zone
    out: list[Tok] = []
    for t in toks:
        if t.kind == "label":
            kinds = {lb.kind for lb in t.labels}
            owners = {lb.table for lb in t.labels if lb.table}
            if SECTION in kinds:
                pass
            elif kinds & {RECORD, CAPTION, GROUP}:
                if zone not in owners:
                    zone = next(lb.table for lb in t.labels if lb.kind in (RECORD, CAPTION, GROUP))
            elif zone not in owners:
                unique = len(tables.get(t.text, owners)) == 1
                if unique and len(t.text) >= _ANCHOR_MIN:
                    zone = next(iter(owners))
                else:
                    t = Tok("noise", t.start, t.end, t.text)
        if t.kind == "noise" and out and out[-1].kind == "noise" and out[-1].end == t.start:
            out[-1] = Tok("noise", out[-1].start, t.end, out[-1].text + t.text, zone=out[-1].zone)
            continue
        t.zone = zone
        out.append(t)
    return out


# ---------------------------------------------------------------------------------------
# Slots


@dataclass
class Slot:
    """Cells that a run of numbers fills: one record, or all of table 四's data row."""

    table: Table
    records: list[Record]
    start: int
    items: list[Tok] = field(default_factory=list)
    #: a group label (（六）其他处理) printed as one row for its sub-records
    collapsed: str = ""
    #: the row label the numbers stand under (marked as table content once read)
    label: Tok | None = None

    @property
    def cells(self) -> list[tuple[str, str, Record]]:
        """(pointer, kind, record) in the official column order."""
        if self.collapsed:
            r = self.records[0]
            return [(cell_pointer(self.table.key, r.path, f.key), f.kind, r) for f in r.fields]
        out: list[tuple[str, str, Record]] = []
        for r in self.records:
            for f in r.fields:
                out.append((cell_pointer(self.table.key, r.path, f.key), f.kind, r))
        return out


def _row_like(run: list[Tok]) -> bool:
    """A run of numbers that can be a table-三 row (not ``22件`` in a sentence)."""
    nums = [t for t in run if t.kind == "num"]
    if not nums or any(t.unit for t in nums):
        return False
    return len(run) >= 2 or sum(ch.isdigit() for ch in nums[0].text) >= 7


def _runs(toks: list[Tok]) -> list[list[Tok]]:
    runs: list[list[Tok]] = []
    current: list[Tok] = []
    for t in toks:
        if t.numeric:
            current.append(t)
            continue
        if current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


class TableReader:
    def __init__(self, ex: Extraction, doc: Document, fmt: Format, file: str) -> None:
        self.ex = ex
        self.doc = doc
        self.fmt = fmt
        self.file = file
        self.stream = ex.stream
        self.blobs: list[tuple[Blob, Slot, list[Tok]]] = []
        self.filled: set[tuple[str, str]] = set()
        #: cells printed blank: (table key, field key) -> [(pointer, record label, stream position, text)]
        self.blanks: dict[tuple[str, str], list[tuple[str, str, int, str]]] = {}

    # -- positions ------------------------------------------------------------------
    def unread_problem(self, t: Tok) -> str:
        """Why the reading layer left the source cell under a blank token unread ("" if it did not)."""
        if t.start >= len(self.stream.src):
            return ""
        b, c, _o = self.stream.src[t.start]
        cell = self.doc.blocks[b].cells[c]
        return cell.problem or ("原文单元格无法确定为一个数" if cell.mark == MARK_UNREAD else "")

    def pos(self, i: int) -> tuple[int | None, int | None]:
        if i >= len(self.stream.src):
            return None, None
        b, c, o = self.stream.src[i]
        return self.doc.blocks[b].cells[c].position(o)

    def source_text(self, a: int, b: int) -> str:
        """The source text of stream positions ``a``..``b`` (as printed, not normalised)."""
        if a >= b or b > len(self.stream.src):
            return ""
        b0, c0, o0 = self.stream.src[a]
        b1, c1, o1 = self.stream.src[b - 1]
        if (b0, c0) != (b1, c1):
            return self.stream.text[a:b]
        return self.doc.blocks[b0].cells[c0].text[o0 : o1 + 1]

    def where(self, i: int) -> str:
        line, col = self.pos(i)
        if line is None:
            return "原文末尾"
        unit = self.doc.unit
        return f"原文第 {line} {unit}" + (f"第 {col} 列" if col and self.doc.kind in ("text", "pdf") else "")

    def finding(
        self,
        rule: str,
        message: str,
        i: int,
        pointer: str = "",
        severity: str = "warning",
        pointers: tuple[str, ...] = (),
        values: tuple[object, ...] = (),
    ) -> None:
        line, col = self.pos(i)
        self.ex.findings.append(
            Finding(rule, message, self.file, line, col, pointer, pointers, values, severity)  # type: ignore[arg-type]
        )

    def mark(self, toks: list[Tok]) -> None:
        """Blocks of table tokens are left out of the narrative — but a label in a sentence
        (``其中自然人申请20件。``) leaves its paragraph where it is."""
        for t in toks:
            if t.kind == "noise" or (t.labels and t.labels[0].kind == SECTION):
                continue
            b = self.stream.block_of(t.start)
            block = self.doc.blocks[b]
            if t.kind in ("label", "consumed") and block.kind == "para" and _SENTENCE_RE.search(block.cells[0].text):
                continue
            self.ex.table_blocks.add(b)

    # -- reading --------------------------------------------------------------------
    def run(self, ranges: list[tuple[str | None, int, int]]) -> None:
        zones: dict[str, list[Tok]] = {}
        for section_key, a, b in ranges:
            skip = tiny_blocks(self.doc, self.stream, a, b, self.fmt)
            self.ex.table_blocks |= skip
            toks = assign_zones(tokenize(self.stream, a, b, self.fmt, skip), section_key if section_key in self.fmt.table_by_key else None, self.fmt)
            for t in toks:
                if t.zone:
                    zones.setdefault(t.zone, []).append(t)
            self.ex.table_ranges.append((a, b))
        for table in self.fmt.tables:
            toks = zones.get(table.key, [])
            if not toks:
                continue
            before = set(self.ex.table_blocks)
            if table.layout == "groups":
                self.read_groups(table, toks)
            elif table.layout == "matrix" and self.read_by_order(table, toks):
                pass
            else:
                self.read_by_labels(table, toks)
            used = self.ex.table_blocks - before
            self.mark_between(used)
            # where the table stands: text above it stays above it on the page
            first = next((t for t in toks if t.kind != "noise" and self.stream.block_of(t.start) in used), None)
            if first is not None:
                self.ex.table_starts.setdefault(table.key, first.start)
        self.report_blanks()
        self.decide()
        self.printed_inconsistencies()

    def printed_inconsistencies(self) -> None:
        """The format's sums (R1–R4) that the printed numbers break: kept as printed, and
        reported here by the validator's own rules, at the cell, with its source line."""
        cells = {
            p: Cell(c.value, "reported") if (c := self.ex.cells.get(p)) is not None and c.status == "value" else Cell(None, "missing")
            for p in self.fmt.pointers
        }
        report = Report(self.file, self.file, {}, {}, self.fmt, cells)
        for f in arithmetic_findings(report):
            found = self.ex.cells.get(f.pointer)
            f.line, f.column = (found.line, found.column) if found is not None else (None, None)
            f.message = f"原文印出的数字：{f.message}（按原文导入，未改动；请核对原文）"
            self.ex.findings.append(f)

    def mark_between(self, blocks: set[int]) -> None:
        """Blocks between a table's first and last block that are not sentences (header
        words broken over lines, a vertical header) belong to the table, not the narrative."""
        if not blocks:
            return
        for b in range(min(blocks), max(blocks) + 1):
            text = " ".join(c.text for c in self.doc.blocks[b].cells)
            if not _SENTENCE_RE.search(text):
                self.ex.table_blocks.add(b)

    def pick(self, labels: list[Label], table: str) -> Label | None:
        for lb in labels:
            if lb.table == table:
                return lb
        return None

    def slip(self, lb: Label, t: Tok) -> None:
        if lb.slip:
            _wrong, right = lb.slip_pair
            self.finding(
                "W5",
                f"{self.where(t.start)}的标签“{lb.slip}”不是标准写法，按“{right}”导入（{lb.text}）",
                t.start,
                values=(lb.slip, lb.text),
            )

    def read_by_labels(self, table: Table, toks: list[Tok]) -> None:
        """Each row label takes the numbers after it (表二; 表三 when the order cannot decide)."""
        slot: Slot | None = None
        stray: list[Tok] = []
        if table.layout == "matrix" and self.numbers_above_labels(table, toks):
            return
        if table.layout == "blocks":
            toks = self.blocks_numbers_above(table, toks)
        for t in toks:
            if t.kind == "label":
                lb = self.pick(t.labels, table.key)
                if lb is None or lb.kind == SECTION:
                    continue
                if slot is not None:
                    self.flush(slot)
                    slot = None
                self.report_stray(stray)
                stray = []
                self.slip(lb, t)
                self.mark([t])
                if lb.kind == RECORD:
                    record = table.record(lb.key)
                    if record is not None:
                        slot = Slot(table, [record], t.start, label=t)
                elif lb.kind == GROUP:
                    subs = [r for r in table.records if len(r.groups) > 1 and r.groups[-1] == lb.key]
                    if subs and table.layout == "matrix":
                        slot = Slot(table, subs, t.start, collapsed=lb.key, label=t)
                continue
            if t.kind == "consumed":
                self.mark([t])
                continue
            if t.numeric:
                if slot is not None:
                    slot.items.append(t)
                elif t.kind == "num":
                    stray.append(t)
                continue
            # noise
            if slot is not None:
                if slot.items:
                    self.flush(slot)
                    slot = None
                    stray = [t]
                elif _PROSE_RE.search(t.text):
                    slot = None  # the label stands in a sentence, not at a table row
            elif stray or len(t.text) <= 40:
                stray = [t] if not stray or stray[0].kind != "noise" else [*stray, t]
        if slot is not None:
            self.flush(slot)
        self.report_stray(stray)

    def blocks_numbers_above(self, table: Table, toks: list[Tok]) -> list[Tok]:
        """表二, block by block (第二十条第（X）项): a block whose numbers stand above their
        labels — numbers before its first row label and none after its last — is read
        with each label taking the numbers before it.  Returns the other tokens."""
        segments: list[list[Tok]] = [[]]
        for t in toks:
            lb = self.pick(t.labels, table.key) if t.kind == "label" else None
            if lb is not None and lb.kind == CAPTION and segments[-1]:
                segments.append([])
            segments[-1].append(t)
        rest: list[Tok] = []
        for seg in segments:
            labels = [
                (t, record)
                for t in seg
                if t.kind == "label"
                for lb in [self.pick(t.labels, table.key)]
                if lb is not None and lb.kind == RECORD
                for record in [table.record(lb.key)]
                if record is not None
            ]
            runs = [r for r in _runs(seg) if any(x.kind == "num" for x in r)]
            if not labels or not runs or not (runs[0][-1].end <= labels[0][0].start and runs[-1][0].start < labels[-1][0].start):
                rest += seg
                continue
            self.ex.notes.append(f"{self.where(runs[0][0].start)}起{table.short_names[0]}的数字印在各自标签的上一行（PDF 文字层常见）：按标签上方的数字导入")
            previous = -1
            for t, record in labels:
                run = next((r for r in reversed(runs) if previous <= r[0].start and r[-1].end <= t.start), None)
                previous = t.end
                self.slip(self.pick(t.labels, table.key) or t.labels[0], t)
                self.mark([t])
                if run is not None:
                    self.mark(run)
                    self.flush(Slot(table, [record], t.start, list(run)))
        return rest

    def numbers_above_labels(self, table: Table, toks: list[Tok]) -> bool:
        """Rows of numbers that may stand above their labels, in a count the order cannot
        map (a row missing): a row of numbers before the first label, or none after the
        last.  The column sums (R1, R3) tell which reading holds — each label with the
        numbers after it, or with those before it; when they cannot tell, nothing of the
        table is read, and that is said.  Returns False for the usual reading."""
        labels: list[tuple[Tok, Record]] = []
        for t in toks:
            lb = self.pick(t.labels, table.key) if t.kind == "label" else None
            record = table.record(lb.key) if lb is not None and lb.kind == RECORD else None
            if record is not None:
                labels.append((t, record))
        if len(labels) < 2:
            return False
        runs = [r for r in _runs(toks) if _row_like(r)]
        first, last = labels[0][0], labels[-1][0]
        above = [r for r in runs if r[-1].end <= first.start]
        below = [r for r in runs if r[0].start >= last.end]
        if not above and below:
            return False  # the usual layout: the label, then its numbers
        ends = [t.start for t, _r in labels] + [len(self.stream.text) + 1]
        after = []
        for k, (t, record) in enumerate(labels):
            run = next((r for r in runs if t.end <= r[0].start and r[-1].end <= ends[k + 1]), None)
            after.append((t, record, run))
        before = []
        for k, (t, record) in enumerate(labels):
            lo = labels[k - 1][0].end if k else -1
            run = next((r for r in reversed(runs) if lo <= r[0].start and r[-1].end <= t.start), None)
            before.append((t, record, run))
        usual, above_reading = self.sums_hold(table, after), self.sums_hold(table, before)
        if usual is True and above_reading is not True:
            return False
        if above_reading is True and usual is not True:
            self.ex.notes.append(
                f"{self.where(first.start)}起{table.short_names[0]}的数字行印在各自标签的上一行（PDF 文字层常见），"
                "按格式的列合计关系确定为“标签上方的数字属于该行”"
            )
            for t, record, run in before:
                self.mark([t])
                if run is not None:
                    self.mark(run)
                    self.flush(Slot(table, [record], t.start, list(run)))
            return True
        start = (above or runs or [[first]])[0][0].start
        line, _col = self.pos(start)
        pointers = tuple(p for r in table.records for p in (cell_pointer(table.key, r.path, f.key) for f in r.fields))
        for p in pointers:
            self.ex.cells[p] = Found(None, "unread", line)
        self.finding(
            "S",
            f"{self.where(start)}起{table.short_names[0]}的数字行可能印在标签之前（第一行标签前有数字行，或最后一行标签后没有），"
            f"数字行的个数（{len(runs)}）与格式的行数（{len(table.records)}）不同，列的合计关系也不能确定对应关系："
            f"{table.short_names[0]}留空，请按原文填写",
            start,
            pointers[0],
            "error",
            pointers,
        )
        return True

    def sums_hold(self, table: Table, pairs: list[tuple[Tok, Record, list[Tok] | None]]) -> bool | None:
        """Whether the equations between rows (R1, R3) hold for a reading of the rows; None
        when no equation has all its cells."""
        values: dict[str, Value | None] = {}
        for _t, record, run in pairs:
            if run is None or len(run) != len(record.fields) or any(x.kind != "num" for x in run):
                continue
            for f, x in zip(record.fields, run, strict=True):
                values[cell_pointer(table.key, record.path, f.key)] = parse_part(x.text, "count")
        prefix = f"/{table.key}/"
        checked = False
        for eq in self.equations():
            rows = {p.rsplit("/", 1)[0] for p in eq.cells}
            if len(rows) < 2 or not all(p.startswith(prefix) for p in eq.cells):
                continue
            holds = eq.holds(values)
            if holds is False:
                return False
            checked = checked or holds is True
        return True if checked else None

    def read_by_order(self, table: Table, toks: list[Tok]) -> bool:
        """表三 by the order of its rows: as many row-like runs as the format has rows (or
        rows with （六）其他处理 printed as one), each label next to its run."""
        runs = [r for r in _runs(toks) if _row_like(r)]
        records = list(table.records)
        variants: list[list[tuple[Record, str]]] = [[(r, "") for r in records]]
        groups = [g for g in dict.fromkeys(r.groups[-1] for r in records if len(r.groups) > 1) if g]
        for g in groups:
            subs = [r for r in records if len(r.groups) > 1 and r.groups[-1] == g]
            if len(subs) > 1 and g.startswith("（六）"):
                collapsed: list[tuple[Record, str]] = []
                for r in records:
                    if r in subs:
                        if r is subs[0]:
                            collapsed.append((r, g))
                        continue
                    collapsed.append((r, ""))
                variants.append(collapsed)
        plan = next((v for v in variants if len(v) == len(runs)), None)
        if plan is None or not runs:
            return False
        # the labels found must stand next to their runs
        index = {(r.key, g): k for k, (r, g) in enumerate(plan)}
        bounds = [(runs[k - 1][-1].end if k else -1, runs[k + 1][0].start if k + 1 < len(runs) else len(self.stream.text) + 1) for k in range(len(runs))]
        label_at: dict[int, Tok] = {}
        # the table region: from the label just before the first run to the label just
        # after the last (labels in sentences around the table do not confirm anything)
        first_at = next(k for k, t in enumerate(toks) if t is runs[0][0])
        last_at = next(k for k, t in enumerate(toks) if t is runs[-1][-1])
        lo_at = next((k for k in range(first_at - 1, -1, -1) if toks[k].kind == "label"), 0)
        hi_at = next((k for k in range(last_at + 1, len(toks)) if toks[k].kind == "label"), len(toks) - 1)
        for t in toks[lo_at : hi_at + 1]:
            if t.kind != "label":
                continue
            lb = self.pick(t.labels, table.key)
            if lb is None or lb.kind not in (RECORD, GROUP):
                continue
            if lb.kind == GROUP:
                k = index.get((next((r.key for r, g in plan if g == lb.key), ""), lb.key))
                if k is None:
                    continue  # a group label over sub-rows: not a row of its own
            else:
                record = table.record(lb.key)
                if record is None:
                    continue
                k = index.get((record.key, ""))
                if k is None:
                    return False  # a sub-row label where the plan has the group as one row
            lo, hi = bounds[k]
            if not (lo <= t.start < hi):
                return False
            label_at.setdefault(k, t)
        for t in toks:
            if t.kind == "label":
                lb = self.pick(t.labels, table.key)
                if lb is not None:
                    self.slip(lb, t)
                self.mark([t])
            elif t.kind == "consumed":
                self.mark([t])
        for k, ((record, group), run) in enumerate(zip(plan, runs, strict=True)):
            start = label_at[k].start if k in label_at else run[0].start
            if group:
                subs = [r for r in records if len(r.groups) > 1 and r.groups[-1] == group]
                slot = Slot(table, subs, start, list(run), collapsed=group)
            else:
                slot = Slot(table, [record], start, list(run))
            self.mark(run)
            self.flush(slot)
        other = [t for t in toks if t.kind == "num" and not any(t in r for r in runs)]
        if other:
            self.report_stray(other)
        return True

    def read_groups(self, table: Table, toks: list[Tok]) -> None:
        """表四: the numbers after its header block, 15 in the official order (or, when the
        rows carry their group labels, each group's five after its label)."""
        i = 0
        while i < len(toks):
            # a header block: labels of table 四, header words and empty header cells
            j = i
            labels = 0
            while j < len(toks) and (toks[j].kind in ("label", "blank") or (toks[j].kind == "noise" and self.header_word(toks[j]))):
                if toks[j].kind == "label" and self.pick(toks[j].labels, table.key) is not None:
                    labels += 1
                j += 1
            if labels < 2 or j >= len(toks) or toks[j].kind not in ("num", "computed"):
                i = max(j, i + 1)
                continue
            if labels - sum(1 for x in toks[i:j] if x.kind == "label" and self.is_group_label(x, table)) < 1:
                i = max(j, i + 1)
                continue
            # a group label just before the numbers labels that row (表四 printed as three rows)
            while j > i and toks[j - 1].kind == "label" and self.is_group_label(toks[j - 1], table):
                j -= 1
            # empty cells at the start of the data row belong to it (one row of cells)
            row = self.stream.block_of(toks[j].start)
            while j > i and toks[j - 1].kind == "blank" and self.stream.block_of(toks[j - 1].start) == row and self.doc.blocks[row].kind == "row":
                j -= 1
            items: list[Tok] = []
            marks: list[tuple[int, Tok]] = []
            k = j
            n = sum(len(r.fields) for r in table.records)
            while k < len(toks) and len(items) < n:
                t = toks[k]
                if t.numeric:
                    if t.kind == "num" and t.unit:
                        break  # 3起 in a sentence
                    items.append(t)
                elif t.kind == "label":
                    lb = self.pick(t.labels, table.key)
                    if lb is None or lb.kind == SECTION:
                        break
                    if lb.kind == RECORD:
                        marks.append((len(items), t))
                elif t.kind == "noise" and not self.header_word(t):
                    break
                k += 1
            self.mark(toks[i:k])
            self.place_groups(table, toks[i], items, marks)
            return
        self.read_by_labels(table, toks)

    def is_group_label(self, t: Tok, table: Table) -> bool:
        lb = self.pick(t.labels, table.key)
        return lb is not None and lb.kind == RECORD

    def header_word(self, t: Tok) -> bool:
        return len(t.text) <= 40 and not _PROSE_RE.search(t.text)

    def place_groups(self, table: Table, head: Tok, items: list[Tok], marks: list[tuple[int, Tok]]) -> None:
        records = list(table.records)
        width = len(records[0].fields)
        by_label = bool(marks) and all(at % width == 0 for at, _t in marks) and len(items) == width * len(records)
        if by_label:
            order = []
            for at, t in marks:
                lb = self.pick(t.labels, table.key)
                record = table.record(lb.key) if lb else None
                if record is not None:
                    order.append((at, record))
            if sorted(r.key for _a, r in order) == sorted(r.key for r in records):
                for at, record in order:
                    self.flush(Slot(table, [record], items[at].start, items[at : at + width]))
                return
        self.flush(Slot(table, records, head.start, items))

    def report_stray(self, stray: list[Tok]) -> None:
        """Numbers under a label that is not in the format (a local extra row): ignored,
        and said so."""
        nums = [t for t in stray if t.kind == "num"]
        names = [t for t in stray if t.kind == "noise"]
        if not nums or not names or any(t.unit and t.unit not in ("元", "万元") for t in nums) or len(names[0].text) > 20 or _PROSE_RE.search(names[0].text):
            return  # running text with numbers in it, not a table row
        name = self.source_text(names[0].start, names[0].end)[:30]
        self.finding(
            "W5",
            f"{self.where(names[0].start)}的“{name}”不是格式规定的表格行，其后的数字 {' '.join(t.text for t in nums[:10])} 未导入",
            names[0].start,
            values=(name,),
        )

    # -- one slot -------------------------------------------------------------------
    def flush(self, slot: Slot) -> None:
        key = (slot.table.key, ".".join(r.key for r in slot.records))
        items = slot.items
        if not any(t.kind != "blank" for t in items) and (
            not items or slot.table.layout == "groups" or len(items) < len(slot.cells)
        ):
            # a label with no numbers: a header row (table 四's group headers are
            # followed by merged, empty cells), or text mentioning the label
            return
        if self.mention(slot):
            return
        self.ex.table_blocks.update(self.stream.block_of(t.start) for t in ([slot.label] if slot.label else []) + items)
        if key in self.filled:
            self.finding("W5", f"{self.where(slot.start)}再次出现“{slot.records[0].label}”一行，只导入第一次出现的数字", slot.start)
            return
        self.filled.add(key)
        line, _col = self.pos(slot.start)
        for r in slot.records:
            if line is not None:
                self.ex.record_lines.setdefault((slot.table.key, r.key), line)
        cells = slot.cells
        n = len(cells)
        lead = 0
        # in pasted text a merged label cell leaves empty filler cells after the label;
        # in HTML and Word every cell after the label is a real cell
        structured = self.doc.kind in ("html", "docx")
        while not structured and lead < len(items) and items[lead].kind == "blank":
            lead += 1
        core = items[lead:]
        while core and core[-1].kind == "blank" and len(core) > n:
            core = core[:-1]
        trail_blank = len(core) < len(items) - lead
        if slot.collapsed:
            self.collapsed(slot, core)
            return
        if len(core) == n:
            self.assign(slot, cells, core)
            return
        totals = [i for i, (_p, _k, r) in enumerate(cells) if r.total_field and _p.endswith("/" + r.total_field.key)]
        nums = [t for t in core if t.kind == "num"]
        if len(core) > n:
            self.unread(slot, cells, f"{self.where(slot.start)}“{self.label_of(slot)}”一行有 {len(core)} 个数，多于应有的 {n} 个，无法确定对应关系")
            return
        if len(core) == n - len(totals) and len(totals) == 1 and totals[0] == n - 1 and len(slot.records) == 1:
            # the 总计 column left empty (or absent): the cells are the addends
            record = slot.records[0]
            if lead and not trail_blank and len(nums) == len(core):
                # a blank first cell taken as filler could be the first column instead
                vals = [parse_part(t.text, "count") for t in core]
                if None not in vals and any(vals) and sum(v for v in vals[:-1] if v is not None) == vals[-1]:
                    self.unread(slot, cells, f"{self.where(slot.start)}“{record.label}”一行只有 {len(core)} 个数：无法确定空着的是第一列还是总计")
                    return
            self.assign(slot, cells[: n - 1], core)
            p = cells[-1][0]
            self.ex.cells.setdefault(p, Found(None, "blank", *self.pos(slot.start), "", "总计未填写"))
            return
        if len(nums) == len(core) and nums and all(re.fullmatch(r"-?[0-9.]+", t.text) for t in nums):
            pieces = [t.text for t in nums]
            if sum(len(p.replace("-", "").replace(".", "")) for p in pieces) >= n:
                readings, complete = enumerate_splits(pieces, [k for _p, k, _r in cells])
                blob = Blob(tuple(p for p, _k, _r in cells), readings, complete)
                self.blobs.append((blob, slot, nums))
                return
        self.unread(slot, cells, f"{self.where(slot.start)}“{self.label_of(slot)}”一行只有 {len(core)} 个数，应有 {n} 个，无法确定对应关系")

    def mention(self, slot: Slot) -> bool:
        """A row label in a sentence (``其中本机关不掌握相关政府信息4件``): numbers with a
        unit of counting are not table cells — except 元/万元 in an amount cell."""
        amounts = any(k == "amount" for _p, k, _r in slot.cells)
        return any(t.kind == "num" and t.unit and not (amounts and t.unit in ("元", "万元")) for t in slot.items)

    def collapsed(self, slot: Slot, core: list[Tok]) -> None:
        """（六）其他处理 printed as one row (an older template) in a format that has three
        sub-rows: all zero means every sub-row is zero; any other number cannot be shared
        out among them."""
        table, subs, group = slot.table, slot.records, slot.collapsed
        width = len(subs[0].fields)
        values: list[Value] | None = None
        nums = [t for t in core if t.kind == "num"]
        if len(core) == width and len(nums) == width:
            parsed = [parse_part(t.text, "count") for t in nums]
            values = None if None in parsed else parsed  # type: ignore[assignment]
        elif nums and len(nums) == len(core):
            readings, complete = enumerate_splits([t.text for t in nums], ["count"] * width)
            if complete and len(readings) == 1:
                values = list(readings[0])
        printed = " ".join(t.text if t.kind == "num" else "（空）" for t in core)
        names = "、".join(r.label for r in subs)
        pointers = tuple(cell_pointer(table.key, r.path, f.key) for r in subs for f in r.fields)
        line, col = self.pos(slot.start)
        for r in subs:
            self.ex.record_lines.setdefault((table.key, r.key), line or 0)
        if values is not None and not any(values):
            for p in pointers:
                self.ex.cells[p] = Found(0, "value", line, col, printed, f"{group}一行为 0")
            self.ex.notes.append(
                f"{self.where(slot.start)}“{group}”按旧版表格只印了一行，且各列都是 0：格式的三个子项（{names}）都按 0 导入"
            )
            return
        for p in pointers:
            self.ex.cells[p] = Found(None, "unread", line, col, printed)
        self.finding(
            "S",
            f"{self.where(slot.start)}“{group}”按旧版表格只印了一行（{printed}），不是全为 0，无法分到格式的三个子项（{names}）："
            "这些单元格留空，请按原文的实际情况填写",
            slot.start,
            pointers[0],
            "error",
            pointers,
            (printed,),
        )

    def label_of(self, slot: Slot) -> str:
        if len(slot.records) == 1:
            return slot.records[0].label
        return slot.table.title

    def assign(self, slot: Slot, cells: list[tuple[str, str, Record]], items: list[Tok]) -> None:
        for (pointer, kind, record), t in zip(cells, items, strict=False):
            line, col = self.pos(t.start)
            unread = self.unread_problem(t) if t.kind == "blank" else ""
            if unread:
                # the reading layer could not take this cell as one number (a struck or
                # merged number, two numbers in one cell…): missing, with its reason
                self.ex.cells[pointer] = Found(None, "unread", line, col, t.text)
                self.finding("S", f"{self.where(t.start)}“{record.label}”的“{self.field_label(pointer)}”未导入：{unread}", t.start, pointer, "error")
                continue
            if t.kind == "blank":
                self.ex.cells[pointer] = Found(None, "blank", line, col, t.text)
                written = f"写的是“{t.text}”" if t.text else "是空的"
                if record.total_field is not None and pointer.endswith("/" + record.total_field.key):
                    self.ex.notes.append(f"{self.where(t.start)}“{record.label}”的总计{written}：未写入，由工具计算")
                    continue
                field_key = pointer.rsplit("/", 1)[1]
                self.blanks.setdefault((slot.table.key, field_key), []).append((pointer, record.label, t.start, t.text))
                continue
            if t.kind == "computed":
                is_total = record.total_field is not None and pointer.endswith("/" + record.total_field.key)
                self.ex.cells[pointer] = Found(None, "computed" if is_total else "blank", line, col)
                continue
            value, note = self.value_of(t, kind)
            if value is None:
                self.ex.cells[pointer] = Found(None, "unread", line, col, t.text)
                self.finding("S", f"{self.where(t.start)}“{record.label}”的“{self.field_label(pointer)}”写的是“{t.text}{t.unit}”，不是有效的数，未导入：{note}", t.start, pointer, "error")
                continue
            self.ex.cells[pointer] = Found(value, "value", line, col, t.text + t.unit, note)

    def report_blanks(self) -> None:
        """Blank cells: one finding per cell, or one per column when a column is blank in
        several rows (the five 法人或其他组织 columns left empty in every row)."""
        for (table_key, _field), cells in self.blanks.items():
            if len(cells) >= 3:
                pointer, _label, start, _text = cells[0]
                name = self.field_label(pointer)
                pointers = tuple(c[0] for c in cells)
                self.finding(
                    "S",
                    f"{self.where(start)}起{self.fmt.table(table_key).short_names[0]}“{name}”列有 {len(cells)} 行空着"
                    "：按未填写导入（不当作 0），请核对原文",
                    start,
                    pointer,
                    "error",
                    pointers,
                )
                continue
            for pointer, label, start, text in cells:
                written = f"写的是“{text}”" if text else "是空的"
                self.finding("S", f"{self.where(start)}“{label}”的“{self.field_label(pointer)}”{written}，按未填写导入（不当作 0），请核对原文", start, pointer, "error")

    def value_of(self, t: Tok, kind: str) -> tuple[Value | None, str]:
        text = t.text
        if kind == "amount":
            value = parse_part(text, "amount")
            if value is not None and t.unit == "元":
                return Decimal(value) / Decimal(10000), f"原文 {text} 元，按万元换算"
            return value, ""
        if kind == "signed":
            value = parse_part(text, "signed")
            return value, "" if value is not None else "应为整数"
        value = parse_part(text, "count")
        if value is None and re.fullmatch(r"0[0-9]+", text):
            value = int(text)  # leading zeros in a cell of its own: the same number
        return value, "" if value is not None else "件数应为非负整数"

    def field_label(self, pointer: str) -> str:
        t, r, f = self.fmt.pointers[pointer]
        return f.label if t.layout != "groups" else f"{r.label}{f.label}"

    def unread(self, slot: Slot, cells: list[tuple[str, str, Record]], message: str) -> None:
        line, col = self.pos(slot.start)
        for pointer, _k, _r in cells:
            self.ex.cells[pointer] = Found(None, "unread", line, col)
        self.finding("S", message + "；这些单元格留空，请按原文填写", slot.start, cells[0][0], "error", tuple(p for p, _k, _r in cells))

    # -- run-together numbers -------------------------------------------------------
    def equations(self) -> list[Equation]:
        eqs = [Equation(rule, (target,), tuple(addends)) for rule, target, addends, *_ in self.fmt.equations]
        for table in self.fmt.tables:
            for bal in table.balances:
                fields = table.by_path[bal.lhs[0]].fields
                for f in fields:
                    eqs.append(
                        Equation(
                            bal.rule,
                            tuple(cell_pointer(table.key, p, f.key) for p in bal.lhs),
                            tuple(cell_pointer(table.key, p, f.key) for p in bal.rhs),
                        )
                    )
        return eqs

    def decide(self) -> None:
        if not self.blobs:
            return
        known = {p: c.value for p, c in self.ex.cells.items() if c.status == "value"}
        solve_rows = [b for b, _s, _t in self.blobs]
        from .splits import solve

        solve(solve_rows, known, self.equations())
        chosen = [(b, s, t) for b, s, t in self.blobs if b.chosen is not None]
        if chosen:
            examples = "；".join(
                f"“{' '.join(x.text for x in t)}”→{'/'.join(str(v) for v in b.chosen)}"  # type: ignore[union-attr]
                for b, _s, t in chosen
                if sum(len(x.text) for x in t) > len(b.pointers)
            )
            self.ex.notes.append(
                f"原文有 {len(chosen)} 行表格数字连在一起（没有分隔），每行按格式的合计关系都只有一种拆法"
                + (f"：{examples}" if examples else "")
                + "（位置见各行注释）"
            )
        for blob, slot, toks in self.blobs:
            joined = " ".join(t.text for t in toks)
            line, col = self.pos(toks[0].start)
            if blob.chosen is not None:
                for p, v in zip(blob.pointers, blob.chosen, strict=False):
                    self.ex.cells[p] = Found(v, "value", line, col, joined, "split")
                continue
            # a cell on which every possible reading agrees is certain all the same
            agreed = {
                k: blob.readings[0][k]
                for k in range(len(blob.pointers))
                if blob.complete and blob.readings and len({r[k] for r in blob.readings}) == 1
            }
            open_cells = tuple(p for k, p in enumerate(blob.pointers) if k not in agreed)
            for k, p in enumerate(blob.pointers):
                if k in agreed:
                    self.ex.cells[p] = Found(agreed[k], "value", line, col, joined, "split")
                else:
                    self.ex.cells[p] = Found(None, "unread", line, col, joined)
            if not blob.complete:
                why = "可能的拆法太多"
            elif not blob.row_readings:
                why = "没有一种拆法满足本行的合计关系（原文数字可能有误），其他合计关系也不能确定"
            else:
                why = f"有 {len(blob.readings)} 种拆法都满足格式的合计关系（{describe_readings(blob.readings)}）"
            names = "、".join(self.field_label(p) for p in open_cells)
            left = "这些单元格留空" if not agreed else f"{names}留空（其余各列每种拆法都相同，已导入）"
            self.finding(
                "S",
                f"{self.where(toks[0].start)}“{self.label_of(slot)}”的数字“{joined}”连在一起，无法唯一拆分为 {len(blob.pointers)} 个数：{why}；{left}，请按原文填写",
                toks[0].start,
                open_cells[0],
                "error",
                open_cells,
                (joined,),
            )
