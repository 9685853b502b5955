"""From a :class:`Document` to report data: sections, metadata, table cells.

The document is read as one normalised stream (:mod:`.labels`).  Standard section headings
cut it into sections; inside the table sections every registry label is located, and the
numbers standing after a record's label become that record's cells, in the official
column order.  Numbers that run together are split with the format's sums
(:mod:`.splits`).  Every value comes from the source text; whatever cannot be read with
certainty is left missing and reported with its position.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from ..core.findings import Finding
from ..registry import FIRST_YEAR, FORMATS, SECTIONS, Format, Record, Table, cell_pointer, format_for_year
from .labels import (
    BLANK,
    CAPTION,
    COMPUTED,
    FIELD,
    GROUP,
    HEADER,
    RECORD,
    SECTION,
    Label,
    Stream,
    build_stream,
    catalogue,
    distinctive,
    format_catalogue,
)
from .sources import Document
from .splits import Blob, Equation, Value, describe_readings, enumerate_splits, parse_part, solve

SECTION_KEYS = [s.key for s in SECTIONS]
TABLE_SECTIONS = {"active", "applications", "review_litigation"}
_CN_DIGITS = {"〇": "0", "零": "0", "○": "0", "Ｏ": "0", "一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_TITLE_RE = re.compile(
    r"(?P<pre>[^\n]*?)(?P<year>(?:19|20)[0-9]{2}|[〇零○一二三四五六七八九]{4})\s*年\s*度?\s*(?P<post>[^\n]*?)政\s*府\s*信\s*息\s*公\s*开\s*(?:工\s*作\s*)?年\s*度?\s*报\s*告"
)
_PERIOD_RE = re.compile(r"统计(?:期限|时限|时间)[^0-9]{0,8}((?:19|20)[0-9]{2})\s*年\s*1\s*月\s*1\s*日")
_DATE_RE = re.compile(r"((?:19|20)[0-9]{2})\s*[-年./]\s*([0-9]{1,2})\s*[-月./]\s*([0-9]{1,2})")
_UNIT_RE = re.compile(r"(?:件|项|个|条|起|次|宗|份|家|人次|万元|元)")
_NUM_CHARS = set("0123456789.-+−")
_GOV_SUFFIX_RE = re.compile(r"(?:人民政府|政府|管委会|管理委员会|[省市县区旗镇乡]|街道|街道办事处|实验区|新区|开发区)$")


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
    #: block holding the title (left out of the narrative)
    title_block: int | None = None
    #: blocks that hold table labels or numbers (left out of the narrative)
    table_blocks: set[int] = field(default_factory=set)


# ---------------------------------------------------------------------------------------
# Metadata


def _year_value(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    digits = "".join(_CN_DIGITS.get(ch, "") for ch in text)
    return int(digits) if len(digits) == 4 else None


def parse_title(text: str) -> tuple[str, int, str] | None:
    """(agency, year, title) from a report title such as
    ``平潭综合实验区2025年度政府信息公开工作年度报告`` or ``2023年XX局政府信息公开工作年度报告``."""
    text = unicodedata.normalize("NFKC", text)
    m = _TITLE_RE.search(text)
    if not m:
        return None
    year = _year_value(m.group("year"))
    if year is None:
        return None
    pre = re.sub(r"^.*[:：|_　\t]", "", m.group("pre")).strip(" #*《》\"“”")
    pre = re.sub(r"^关于", "", pre)
    post = m.group("post").strip(" #*《》\"“”")
    agency = pre or post
    agency = re.sub(r"\s+", "", agency)
    if agency.endswith("人民"):  # "某某县人民政府信息公开…": the 政府 belongs to the name
        agency += "政府"
    title = text[m.start("pre") + (len(m.group("pre")) - len(m.group("pre").lstrip(" #*"))) : m.end()].strip()
    title = re.sub(r"^.*[:：|_]", "", title).strip(" #*")
    return agency, year, title


def guess_kind(agency: str) -> str:
    """``government`` for a people's government (or a region's own report), else
    ``department`` — a region name (ends in 区/县/市/镇…) is a government report."""
    return "government" if _GOV_SUFFIX_RE.search(agency) else "department"


def _published(text: str | None) -> str | None:
    if not text:
        return None
    m = _DATE_RE.search(unicodedata.normalize("NFKC", text))
    if not m:
        return None
    y, mo, d = (int(x) for x in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def find_title(doc: Document) -> tuple[tuple[str, int, str] | None, int | None]:
    """The report title (agency, year, title) and the block holding it: page metadata
    first, then the first block that reads like a title."""
    found: tuple[str, int, str] | None = None
    for key in ("title", "page_title"):
        value = doc.meta.get(key)
        if value:
            found = parse_title(value)
            if found:
                break
    for i, block in enumerate(doc.blocks[:400]):
        text = " ".join(c.text for c in block.cells)
        if len(text) > 200:
            continue
        hit = parse_title(text)
        if hit:
            return found or hit, i
    return found, None


def find_period_year(doc: Document) -> int | None:
    for block in doc.blocks[:400]:
        for c in block.cells:
            m = _PERIOD_RE.search(unicodedata.normalize("NFKC", c.text))
            if m:
                return int(m.group(1))
    return None


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
            continue
        pick = next((c for c in options if c.at_block_start), options[0])
        # an inline mention before a heading proper (a table of contents) is skipped
        chosen.append(pick)
        last = pick.end - 1
    return chosen


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
# Tables


@dataclass
class _Tok:
    kind: str  # "label", "num", "blank", "computed", "noise"
    start: int
    end: int
    text: str = ""
    labels: list[Label] = field(default_factory=list)
    unit: str = ""


def _tokenize(stream: Stream, a: int, b: int, fmt: Format) -> list[_Tok]:
    """Labels of the format, numbers, blank cells and other text between ``a`` and ``b``."""
    cat = format_catalogue(fmt)
    text = stream.text
    toks: list[_Tok] = []

    def gap(s: int, e: int) -> None:
        i = s
        while i < e:
            ch = text[i]
            if ch == BLANK:
                toks.append(_Tok("blank", i, i + 1))
                i += 1
                continue
            if ch == COMPUTED:
                toks.append(_Tok("computed", i, i + 1))
                i += 1
                continue
            if ch in _NUM_CHARS:
                j = i + 1
                while j < e and text[j] in _NUM_CHARS and not stream.edge[j]:
                    j += 1
                piece = text[i:j].replace("−", "-")
                if re.fullmatch(r"[-—]+", piece):
                    toks.append(_Tok("blank", i, j, piece))
                elif re.fullmatch(r"[+-]?[0-9]+(?:\.[0-9]+)?", piece):
                    toks.append(_Tok("num", i, j, piece.lstrip("+")))
                    m = _UNIT_RE.match(text, j, e)
                    if m and (m.end() == e or text[m.end()] not in "0123456789" or stream.edge[m.end()]):
                        toks[-1].unit = m.group(0)
                        j = m.end()
                else:
                    toks.append(_Tok("noise", i, j, piece))
                i = j
                continue
            j = i + 1
            while j < e and text[j] not in _NUM_CHARS and text[j] not in (BLANK, COMPUTED):
                j += 1
            if toks and toks[-1].kind == "noise" and toks[-1].end == i:
                toks[-1].end = j
                toks[-1].text += text[i:j]
            else:
                toks.append(_Tok("noise", i, j, text[i:j]))
            i = j

    pos = a
    for s, e, labels in cat.find(text[a:b]):
        s, e = s + a, e + a
        gap(pos, s)
        toks.append(_Tok("label", s, e, text[s:e], list(labels)))
        pos = e
    gap(pos, b)
    return _join_wrapped_labels(toks, fmt)


def _join_wrapped_labels(toks: list[_Tok], fmt: Format) -> list[_Tok]:
    """A record label broken by its row's numbers (``…、行政机关 8 0 0 0 0 0 8 不再处理…``):
    text that begins a label, numbers, then the rest of that label."""
    labels = {}
    for table in fmt.tables:
        for r in table.records:
            from ..registry import normalize_label

            labels[normalize_label(r.label)] = Label(RECORD, r.label, table.key, r.key)
    out = list(toks)
    for i, t in enumerate(out):
        if t.kind != "noise" or len(t.text) < 6:
            continue
        for full, label in labels.items():
            if full.startswith(t.text) and len(full) > len(t.text):
                rest = full[len(t.text) :]
                j = i + 1
                while j < len(out) and out[j].kind in ("num", "blank", "computed"):
                    j += 1
                if j > i + 1 and j < len(out) and out[j].kind == "noise" and out[j].text.startswith(rest):
                    out[i] = _Tok("label", t.start, t.end, full, [label])
                    tail = out[j]
                    if tail.text == rest:
                        out[j] = _Tok("consumed", tail.start, tail.end, tail.text)
                    else:
                        out[j] = _Tok("noise", tail.start + len(rest), tail.end, tail.text[len(rest) :])
                    break
                if j == i + 1 and j < len(out) and out[j].kind == "noise" and out[j].text.startswith(rest):
                    out[i] = _Tok("label", t.start, t.end, full, [label])
                    break
    return out


@dataclass
class _Slot:
    """Cells that a run of numbers fills: one record, or all of table 四's data row."""

    table: Table
    records: list[Record]
    start: int
    items: list[_Tok] = field(default_factory=list)
    skipped: list[_Tok] = field(default_factory=list)

    @property
    def cells(self) -> list[tuple[str, str, Record]]:
        """(pointer, kind, record) in the official column order."""
        out: list[tuple[str, str, Record]] = []
        for r in self.records:
            for f in r.fields:
                out.append((cell_pointer(self.table.key, r.path, f.key), f.kind, r))
        return out


class _Reader:
    def __init__(self, ex: Extraction, doc: Document, fmt: Format, file: str) -> None:
        self.ex = ex
        self.doc = doc
        self.fmt = fmt
        self.file = file
        self.stream = ex.stream
        self.blobs: list[tuple[Blob, _Slot, list[_Tok]]] = []
        self.filled: set[tuple[str, str]] = set()

    # -- positions ------------------------------------------------------------------
    def pos(self, i: int) -> tuple[int | None, int | None]:
        if i >= len(self.stream.src):
            return None, None
        b, c, o = self.stream.src[i]
        return self.doc.blocks[b].cells[c].position(o)

    def where(self, i: int) -> str:
        line, col = self.pos(i)
        if line is None:
            return "原文末尾"
        unit = self.doc.unit
        return f"原文第 {line} {unit}" + (f"第 {col} 列" if col and self.doc.kind in ("text", "pdf") else "")

    def finding(self, rule: str, message: str, i: int, pointer: str = "", severity: str = "warning", pointers: tuple[str, ...] = (), values: tuple[object, ...] = ()) -> None:
        line, col = self.pos(i)
        self.ex.findings.append(
            Finding(rule, message, self.file, line, col, pointer, pointers, values, severity)  # type: ignore[arg-type]
        )

    # -- reading --------------------------------------------------------------------
    def run(self, ranges: list[tuple[str | None, int, int]]) -> None:
        for section_key, a, b in ranges:
            self.read_range(section_key, a, b)
        self.decide()

    def pick(self, labels: list[Label], section_table: str | None, current: str | None) -> Label:
        for want in (section_table, current):
            if want:
                for lb in labels:
                    if lb.table == want:
                        return lb
        return labels[0]

    def read_range(self, section_key: str | None, a: int, b: int) -> None:
        toks = _tokenize(self.stream, a, b, self.fmt)
        section_table = section_key if section_key in self.fmt.table_by_key else None
        if section_table:
            # inside table 二, "其他" (a table-三 column) is just text: 其他主动公开文件
            merged: list[_Tok] = []
            for t in toks:
                # (only column labels: another table's rows still count, in case its heading is missing)
                if t.kind == "label" and not any(lb.table in ("", section_table) or lb.kind not in (FIELD, HEADER) for lb in t.labels):
                    t = _Tok("noise", t.start, t.end, t.text)
                if t.kind == "noise" and merged and merged[-1].kind == "noise" and merged[-1].end == t.start:
                    merged[-1] = _Tok("noise", merged[-1].start, t.end, merged[-1].text + t.text)
                    continue
                merged.append(t)
            toks = merged
        current: str | None = section_table
        slot: _Slot | None = None
        stray: list[_Tok] = []
        first_label: dict[str, int] = {}
        for t in toks:
            if t.kind in ("label", "consumed") and not (t.labels and t.labels[0].kind == SECTION):
                self.ex.table_blocks.add(self.stream.block_of(t.start))
            if t.kind == "label":
                lb = self.pick(t.labels, section_table, current)
                if lb.kind == SECTION:
                    continue
                if slot is not None:
                    self.flush(slot)
                    slot = None
                self.report_stray(stray)
                stray = []
                current = lb.table or current
                if lb.table:
                    first_label.setdefault(lb.table, t.start)
                if lb.slip:
                    _wrong, right = lb.slip_pair
                    self.finding(
                        "W5",
                        f"{self.where(t.start)}的标签“{lb.slip}”不是标准写法，按“{right}”导入（{lb.text}）",
                        t.start,
                        values=(lb.slip, lb.text),
                    )
                table = self.fmt.table_by_key.get(lb.table) if lb.table else None
                if table is None:
                    continue
                if lb.kind == RECORD:
                    record = table.record(lb.key)
                    if record is not None:
                        slot = _Slot(table, [record], t.start)
                elif table.layout == "groups" and lb.kind in (FIELD, HEADER):
                    # table 四: the data row follows the column headers, with no row label
                    slot = _Slot(table, list(table.records), t.start)
                continue
            if t.kind == "consumed":
                continue
            if t.kind in ("num", "blank", "computed"):
                if slot is not None:
                    slot.items.append(t)
                    self.ex.table_blocks.add(self.stream.block_of(t.start))
                elif t.kind == "num":
                    stray.append(t)
                continue
            # noise
            if slot is not None:
                if slot.items:
                    self.flush(slot)
                    slot = None
                    stray = [t]
                else:
                    slot.skipped.append(t)
            elif stray or len(t.text) <= 40:
                stray = [t] if not stray or stray[0].kind != "noise" else [*stray, t]
        if slot is not None:
            self.flush(slot)
        self.report_stray(stray)
        for key, i in first_label.items():
            self.ex.table_starts.setdefault(key, i)
        self.ex.table_ranges.append((a, b))

    def report_stray(self, stray: list[_Tok]) -> None:
        """Numbers under a label that is not in the format (a local extra row): ignored,
        and said so."""
        nums = [t for t in stray if t.kind == "num"]
        names = [t for t in stray if t.kind == "noise"]
        if not nums or not names or len(names[0].text) > 20 or re.search(r"[。；;:：]", names[0].text):
            return  # running text with numbers in it, not a table row
        name = names[0].text[:30]
        self.finding(
            "W5",
            f"{self.where(names[0].start)}的“{name}”不是格式规定的表格行，其后的数字 {' '.join(t.text for t in nums[:10])} 未导入",
            names[0].start,
            values=(name,),
        )

    # -- one slot -------------------------------------------------------------------
    def flush(self, slot: _Slot) -> None:
        key = (slot.table.key, ".".join(r.key for r in slot.records))
        items = slot.items
        if not any(t.kind != "blank" for t in items) and (
            not items or slot.table.layout == "groups" or len(items) < len(slot.cells)
        ):
            # a label with no numbers: a header row (table 四's group headers are
            # followed by merged, empty cells), or text mentioning the label
            return
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

    def label_of(self, slot: _Slot) -> str:
        if len(slot.records) == 1:
            return slot.records[0].label
        return slot.table.title

    def assign(self, slot: _Slot, cells: list[tuple[str, str, Record]], items: list[_Tok]) -> None:
        for (pointer, kind, record), t in zip(cells, items, strict=False):
            line, col = self.pos(t.start)
            if t.kind == "blank":
                self.ex.cells[pointer] = Found(None, "blank", line, col, t.text)
                f = self.field_label(pointer)
                written = f"写的是“{t.text}”" if t.text else "是空的"
                if record.total_field is not None and pointer.endswith("/" + record.total_field.key):
                    self.ex.notes.append(f"{self.where(t.start)}“{record.label}”的总计{written}：未写入，由工具计算")
                    continue
                self.finding("S", f"{self.where(t.start)}“{record.label}”的“{f}”{written}，按未填写导入（不当作 0），请核对原文", t.start, pointer, "error")
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

    def value_of(self, t: _Tok, kind: str) -> tuple[Value | None, str]:
        text = t.text
        if kind == "amount":
            value = parse_part(text, "amount")
            if value is None and re.fullmatch(r"0[0-9]+(\.[0-9]+)?", text):
                value = None
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

    def unread(self, slot: _Slot, cells: list[tuple[str, str, Record]], message: str) -> None:
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
        solve([b for b, _s, _t in self.blobs], known, self.equations())
        chosen = [(b, s, t) for b, s, t in self.blobs if b.chosen is not None]
        if chosen:
            examples = "；".join(
                f"“{t[0].text}”→{'/'.join(str(v) for v in b.chosen)}"  # type: ignore[union-attr]
                for b, _s, t in chosen
                if len(t[0].text) > len(b.pointers)
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
            for p in blob.pointers:
                self.ex.cells[p] = Found(None, "unread", line, col, joined)
            if not blob.complete:
                why = "可能的拆法太多"
            elif not blob.readings:
                why = "没有一种拆法满足格式的合计关系（原文数字可能有误）" if True else ""
            else:
                why = f"有 {len(blob.readings)} 种拆法都满足格式的合计关系（{describe_readings(blob.readings)}）"
            self.finding(
                "S",
                f"{self.where(toks[0].start)}“{self.label_of(slot)}”的数字“{joined}”连在一起，无法唯一拆分为 {len(blob.pointers)} 个数：{why}；这些单元格留空，请按原文填写",
                toks[0].start,
                blob.pointers[0],
                "error",
                blob.pointers,
                (joined,),
            )


# ---------------------------------------------------------------------------------------
# Entry point


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
            title_before, _b = find_title(doc)
            doc.keep(keep)
            if title_before and "title" not in doc.meta:
                doc.meta["title"] = title_before[2]
            stream = build_stream(doc)
            sections = find_sections(stream, doc)
    title_hit, title_block = find_title(doc)
    t_agency, t_year, title = title_hit if title_hit else (None, None, None)
    the_year = year or t_year or find_period_year(doc)
    the_agency = agency or t_agency or doc.meta.get("agency")
    ex = Extraction(
        None,
        the_year,
        the_agency,
        title,
        _published(doc.meta.get("published")),
        doc.meta.get("url"),
        guess_kind(the_agency) if the_agency else None,
        stream,
        sections,
        title_block=title_block,
    )
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
        else:
            ex.refused = "无法判断表格格式（2019 年格式与 2021 年格式的标签数量相同），请用 --format 指定"
        return ex
    fmt = FORMATS[fid]
    ex.fmt = fmt
    if the_year is None:
        ex.refused = "无法从标题或正文判断报告年度（如“2023年政府信息公开工作年度报告”），请用 --year 指定"
        return ex
    if not the_agency:
        ex.refused = "无法从标题判断机关名称，请用 --agency 指定"
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
    _Reader(ex, doc, fmt, file).run(ranges)
    return ex
