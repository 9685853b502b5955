"""A source table (HTML, Word or PDF) as rows of cells laid on its real grid.

Readers give every cell of a table with its grid row and column and its spans.  Here
they become :class:`Block` rows so that a merged cell never shifts the numbers around it:

* a label merged over several rows or columns (``三、本年度办理结果``, ``申请人情况``)
  stands once, in the first row, as people read it;
* a blank cell (``—``, empty) merged over several grid cells is blank in each of them;
* a number merged over several rows, or over columns that the header row above divides
  into several cells, belongs to no single cell of the official grid: every grid cell it
  covers is left unread (:data:`MARK_UNREAD`) with the reason — never given to one of them;
* a number exactly as wide as the column header above it is one cell of the official
  grid (表二 prints ``本年处理决定数量`` over three columns); with no header row above,
  a number that is its row's only data cell is that row's one value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import (
    MARK_BLANK,
    MARK_UNREAD,
    ROLE_METADATA,
    Block,
    Cell,
    Document,
    SourceError,
    classify_cell_text,
    clip,
    is_number_text,
    several_numbers,
    strip_note_markers,
)

#: Keys of a site's metadata table (the box above an article on government sites).
METADATA_KEYS = (
    "索引号", "发布机构", "发文机关", "发文日期", "成文日期", "发布日期", "生成日期", "公开日期", "文号",
    "发文字号", "主题分类", "体裁分类", "组配分类", "服务对象分类", "主题词", "公开方式", "公开范围",
    "公开时限", "信息来源", "所属机构", "有效性", "信息分类", "组织机构", "公开形式",
)  # fmt: skip
_META_FIELDS = {"发布日期": "published", "发文日期": "published", "成文日期": "published", "公开日期": "published", "发布机构": "agency", "所属机构": "agency"}


@dataclass
class GridCell:
    """A cell as the source laid it out (0-based grid position)."""

    text: str
    row: int
    col: int
    line: int
    column: int = 1
    rowspan: int = 1
    colspan: int = 1
    #: Struck-through text in the cell (a number that was crossed out: unreadable).
    struck: str = ""
    #: Note markers and other things dropped from the text (for the notes).
    dropped: list[str] = field(default_factory=list)
    #: A mark the reader already knows (our renderer's computed / missing classes).
    mark: str = ""
    page: int = 0


def _where(doc: Document, c: GridCell) -> str:
    if doc.kind == "pdf":
        return f"PDF 第 {c.page} 页表格第 {c.row + 1} 行第 {c.col + 1} 列"
    return f"第 {c.line} {doc.unit}表格第 {c.row + 1} 行第 {c.col + 1} 列"


def is_metadata_table(cells: list[GridCell]) -> bool:
    """A site's metadata box (索引号、发布机构、发文日期…), not a report table."""
    if len(cells) > 60:
        return False
    texts = ["".join(c.text.split()) for c in cells]
    keys = {k for t in texts for k in METADATA_KEYS if t.startswith(k)}
    return len(keys) >= 2


def _metadata(doc: Document, cells: list[GridCell]) -> None:
    """Take 发布日期/发布机构 from a metadata table (value in the same or the next cell)."""
    by_pos = {(c.row, c.col): c for c in cells}
    for c in cells:
        t = "".join(c.text.split())
        for key, name in _META_FIELDS.items():
            if not t.startswith(key):
                continue
            value = t[len(key) :].lstrip(":：")
            if not value:
                nxt = next((by_pos.get((c.row, c.col + k)) for k in range(1, 4) if (c.row, c.col + k) in by_pos), None)
                value = "".join(nxt.text.split()) if nxt is not None else ""
            if value:
                doc.meta.setdefault(name, value)


def table_blocks(doc: Document, cells: list[GridCell], table_no: int) -> list[tuple[int, Block]]:
    """The rows of one table as (grid row, block) (see the module docstring for merged cells)."""
    if not cells:
        return []
    if is_metadata_table(cells):
        _metadata(doc, cells)
        rows: dict[int, list[Cell]] = {}
        for c in sorted(cells, key=lambda c: (c.row, c.col)):
            rows.setdefault(c.row, []).append(Cell(c.text, c.line, c.column, page=c.page))
        doc.note(f"第 {cells[0].line} {doc.unit}的表格是网站的信息索引（索引号、发布机构等），不是年度报告的表格，其中的数字不作为表格数据", cells[0].line)
        return [(k, Block("row", r, meta=True, role=ROLE_METADATA, table=table_no)) for k, r in sorted(rows.items())]

    nrows = max(c.row + c.rowspan for c in cells)
    # rows with content of their own (an empty strip — a <tr> of empty cells, a PDF row
    # cut by a stray ruling — is no row a merged cell could be ambiguous over)
    origin_rows = {c.row for c in cells if c.text.strip() or c.struck or c.mark}
    # what each origin cell is: a label, a blank, a number, or unreadable (with why)
    kinds: dict[int, tuple[str, str, str]] = {}  # id -> (kind, text, problem)
    for c in cells:
        text, markers = strip_note_markers(c.text, cell=True)
        if markers:
            c.dropped.extend(f"注释标记“{m}”（不是数字的一部分）" for m in markers)
        if c.mark == MARK_BLANK:
            kinds[id(c)] = ("blank", "", "")
            continue
        if c.mark:
            kinds[id(c)] = (c.mark, text, "")
            continue
        if c.struck and any(ch.isdigit() for ch in c.struck):
            kinds[id(c)] = (
                "unread",
                "",
                f"{_where(doc, c)}的数字有删除线（“{clip(c.struck)}”{'，另写有“' + clip(text) + '”' if text.strip() else ''}）：无法确定原文要的是哪个数",
            )
            continue
        if c.struck:
            c.dropped.append(f"删除线文字“{clip(c.struck)}”（已划去，不是表格内容）")
        t, mark = classify_cell_text(text)
        if mark == MARK_BLANK:
            kinds[id(c)] = ("blank", t, "")
        elif mark:
            kinds[id(c)] = (mark, t, "")
        elif is_number_text(t):
            kinds[id(c)] = ("number", t, "")
        elif several_numbers(t):
            kinds[id(c)] = ("unread", "", f"{_where(doc, c)}的一个单元格里写了几个数（“{clip(t)}”）：无法确定它们各属于哪一格")
        else:
            kinds[id(c)] = ("label", t, "")
    # data cells of each row (numbers, blanks, unreadable), and rows holding real data
    data_in_row: dict[int, int] = {}
    nums_in_row: dict[int, int] = {}
    for c in cells:
        kind = kinds[id(c)][0]
        if kind != "label":
            data_in_row[c.row] = data_in_row.get(c.row, 0) + 1
        if kind not in ("label", "blank"):
            nums_in_row[c.row] = nums_in_row.get(c.row, 0) + 1

    # which cell covers each grid position; header rows (no data, several cells) tell
    # the official grid: a number as wide as the header cell above it is one cell
    owner: dict[tuple[int, int], GridCell] = {}
    for c in cells:
        for r in range(c.row, min(c.row + c.rowspan, nrows)):
            for k in range(c.colspan):
                owner.setdefault((r, c.col + k), c)
    width = max(c.col + c.colspan for c in cells)
    header_rows = [
        r for r in range(nrows)
        if not data_in_row.get(r) and len({id(owner[(r, k)]) for k in range(width) if (r, k) in owner}) >= 2
    ]  # fmt: skip

    def one_official_cell(c: GridCell) -> bool:
        above = [h for h in header_rows if h < c.row]
        if not above:
            return data_in_row.get(c.row, 0) == 1  # the row's only value (表二's wide cells)
        heads = {id(owner[(above[-1], c.col + k)]) if (above[-1], c.col + k) in owner else None for k in range(c.colspan)}
        return len(heads) == 1 and None not in heads

    out: dict[int, list[tuple[int, Cell]]] = {}
    for c in cells:
        kind, text, problem = kinds[id(c)]
        # rows this cell really covers: only rows that have cells of their own count (an
        # empty <tr> under a row of rowspan=2 cells is no second row)
        covered_rows = [r for r in range(c.row + 1, min(c.row + c.rowspan, nrows)) if r in origin_rows]
        for d in c.dropped:
            doc.note(f"{_where(doc, c)}的{d}已略去", c.line)
        if kind == "number" and (covered_rows or (c.colspan > 1 and not one_official_cell(c))):
            span = f"{len(covered_rows) + 1} 行" if covered_rows else f"{c.colspan} 列"
            problem = f"{_where(doc, c)}的数字“{clip(text)}”是合并单元格，跨 {span}：不属于格式中的某一格，无法确定属于哪一格"
            kind = "unread"
        if kind == "unread":
            doc.note(problem + "；这些单元格留空", c.line)
            for r in [c.row, *covered_rows]:
                for k in range(c.colspan):
                    out.setdefault(r, []).append((c.col + k, Cell("", c.line, c.column, mark=MARK_UNREAD, problem=problem, page=c.page)))
            continue
        if kind == "blank":
            for r in [c.row, *covered_rows]:
                if r != c.row and not nums_in_row.get(r):
                    continue  # a header row: the empty corner is not a data cell
                for k in range(c.colspan if nums_in_row.get(r) else 1):
                    out.setdefault(r, []).append((c.col + k, Cell(text, c.line, c.column, mark=MARK_BLANK, page=c.page)))
            continue
        mark = kind if kind not in ("label", "number") else ""
        out.setdefault(c.row, []).append((c.col, Cell(text, c.line, c.column, mark=mark, page=c.page)))
    blocks: list[tuple[int, Block]] = []
    for r in sorted(out):
        row = [cell for _col, cell in sorted(out[r], key=lambda x: x[0])]
        if r not in origin_rows and all(c.mark == MARK_BLANK and not c.text.strip() for c in row):
            continue  # a strip of empty cells carries nothing
        blocks.append((r, Block("row", row, table=table_no)))
    return blocks


#: Widest span kept (the official tables have at most 16 columns).
MAX_COLSPAN = 100
#: Most grid cells one table may cover (a report's tables have a few hundred).
MAX_GRID_CELLS = 1_000_000


def place(rows: list[list[tuple[GridCell, int, int]]]) -> list[GridCell]:
    """Lay cells given row by row (with their rowspan and colspan) on the grid, like a
    browser: a cell goes to the first column its row has free.  ``rows`` holds
    (cell, rowspan, colspan); the cells' ``row``/``col`` are set."""
    taken: set[tuple[int, int]] = set()
    out: list[GridCell] = []
    area = 0
    for r, row in enumerate(rows):
        col = 0
        for cell, rs, cs in row:
            # spans past the table's end or absurdly wide are cut, as browsers do
            rowspan = max(1, min(rs, len(rows) - r))
            colspan = max(1, min(cs, MAX_COLSPAN))
            area += rowspan * colspan
            if area > MAX_GRID_CELLS:
                raise SourceError(
                    f"表格的合并单元格覆盖超过 {MAX_GRID_CELLS} 个格子（第 {r + 1} 行起），不像年度报告的表格，可能是损坏或恶意构造的文件：已拒绝"
                )
            while (r, col) in taken:
                col += 1
            cell.row, cell.col, cell.rowspan, cell.colspan = r, col, rowspan, colspan
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, col + dc))
            out.append(cell)
            col += colspan
    return out
