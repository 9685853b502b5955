"""The vocabulary of the field registry: formats, tables, records, fields, header trees.

* A *table* (``active``, ``applications``, ``review_litigation``) holds *records*.
* A *record* is what the author writes as one mapping (or list) in the YAML: a table-三 row,
  a table-二 row, a table-四 group.  Its ``path`` is its key path inside the table
  (``("results", "denied", "state_secret")``).
* A *field* is one cell of a record (``natural_person``, ``issued``, ``upheld``...).
* A *cell* is (table, record path, field key); its JSON Pointer is
  ``/<table>/<record path...>/<field>``.

Everything derived from a format once (its sum equations, the plan of its cells) is a
``cached_property`` of the frozen objects here, so no module keeps a cache of its own.
Data only: this module imports nothing from the package.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal, NamedTuple

ValueKind = Literal["count", "signed", "amount"]
Layout = Literal["blocks", "matrix", "groups"]

#: What a cell of each value kind holds, in Chinese (schema help, docs) and English (docs).
VALUE_KIND_ZH: dict[str, str] = {"count": "件数（非负整数）", "signed": "增减数（整数，减少写负数）", "amount": "金额（万元，可写小数）"}
VALUE_KIND_EN: dict[str, str] = {
    "count": "count (integer ≥ 0)",
    "signed": "change (integer, may be negative)",
    "amount": "amount (10,000 yuan, exact decimal)",
}

@dataclass(frozen=True)
class Field:
    """One column of a record."""

    key: str
    label: str
    kind: ValueKind = "count"
    #: True for the 总计 column that sums the record's other fields.
    is_total: bool = False
    #: Chinese help text for editors (JSON Schema ``description``).
    help: str = ""


@dataclass(frozen=True)
class Record:
    """One row (table 二/三) or group (table 四) as written in the YAML."""

    path: tuple[str, ...]
    label: str
    fields: tuple[Field, ...]
    #: Labels of the merged row-header cells above this row (table 三 groups).
    groups: tuple[str, ...] = ()
    #: For a total row (``results.total``): the records it sums, field by field.
    sum_of: tuple[tuple[str, ...], ...] = ()
    #: Table-二 block caption (``第二十条第（一）项``) this row sits under.
    block: str = ""
    help: str = ""

    def __hash__(self) -> int:  # cheap: the default would hash every field of every column
        return hash(self.path)

    @property
    def key(self) -> str:
        """Dotted key, as in ``formats.md`` (``results.denied.state_secret``)."""
        return ".".join(self.path)

    @property
    def is_total(self) -> bool:
        return bool(self.sum_of)

    @cached_property
    def total_field(self) -> Field | None:
        for f in self.fields:
            if f.is_total:
                return f
        return None

    @cached_property
    def addend_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.is_total)

    def field(self, key: str) -> Field | None:
        for f in self.fields:
            if f.key == key:
                return f
        return None


@dataclass(frozen=True)
class Balance:
    """An equation between sums of records, checked field by field (rule R1)."""

    rule: str
    lhs: tuple[tuple[str, ...], ...]
    rhs: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Table:
    """One of the three official tables."""

    key: str
    section: str  # key of the section it belongs to
    title: str  # the section heading, used as <caption>
    layout: Layout
    records: tuple[Record, ...]
    #: Rule id for "the total field equals the sum of the record's other fields".
    field_total_rule: str = ""
    #: Rule id for "a total record equals the sum of the records it sums".
    record_total_rule: str = ""
    balances: tuple[Balance, ...] = ()
    #: table 三: the text of the top-left header cell.
    corner: str = ""
    #: table 三 / 四: the column-header tree as (label, children) pairs; leaves name fields.
    column_tree: tuple[HeaderNode, ...] = ()
    #: text printed under the table by the format (2019 table 三).
    note: str = ""
    #: Short names authors use for placement markers (``表二``).
    short_names: tuple[str, ...] = ()
    #: English name, for the English half of the reference docs.
    title_en: str = ""

    def __hash__(self) -> int:  # cheap: the default would hash the whole record tree
        return hash((self.key, self.layout))

    @cached_property
    def by_path(self) -> dict[tuple[str, ...], Record]:
        return {r.path: r for r in self.records}

    def record(self, key: str | tuple[str, ...]) -> Record | None:
        path = tuple(key.split(".")) if isinstance(key, str) else key
        return self.by_path.get(path)

    @cached_property
    def cells(self) -> tuple[tuple[Record, Field], ...]:
        return tuple((r, f) for r in self.records for f in r.fields)

    @cached_property
    def max_fields(self) -> int:
        return max(len(r.fields) for r in self.records)

    @property
    def short_name(self) -> str:
        """The name used in messages and captions (``表三``)."""
        return self.short_names[0] if self.short_names else self.key

    @property
    def caption(self) -> str:
        """The title without its section number (``收到和处理政府信息公开申请情况``)."""
        title = self.title
        return title.split("、", 1)[1] if "、" in title[:3] else title


@dataclass(frozen=True)
class HeaderNode:
    """A header cell of a column tree; a leaf carries the field key (or record+field)."""

    label: str
    children: tuple[HeaderNode, ...] = ()
    #: For leaves: the field key.  For table 四 group nodes: the record key.
    key: str = ""

    @property
    def width(self) -> int:
        return sum(c.width for c in self.children) if self.children else 1

    @property
    def depth(self) -> int:
        return 1 + max((c.depth for c in self.children), default=0)


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    #: Reworded headings seen in published reports (accepted, reported).
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Format:
    """A national report format: its sections and tables."""

    id: str
    name: str
    notice: str
    years: str
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    #: Known label slips in published reports: wrong text -> canonical text.
    label_slips: tuple[tuple[str, str], ...] = ()
    #: Section 六 must state the 信息处理费 collected (the 2021 format; rule W6).
    requires_fee_statement: bool = False

    def __hash__(self) -> int:  # cheap: formats are looked up in caches once per report
        return hash(self.id)

    @cached_property
    def table_by_key(self) -> dict[str, Table]:
        return {t.key: t for t in self.tables}

    def table(self, key: str) -> Table:
        return self.table_by_key[key]

    @cached_property
    def all_cells(self) -> tuple[tuple[Table, Record, Field], ...]:
        return tuple((t, r, f) for t in self.tables for (r, f) in t.cells)

    @cached_property
    def pointers(self) -> dict[str, tuple[Table, Record, Field]]:
        return {cell_pointer(t.key, r.path, f.key): (t, r, f) for (t, r, f) in self.all_cells}

    @cached_property
    def table_keys(self) -> tuple[str, ...]:
        """Keys of the tables, in order (``active``, ``applications``, ``review_litigation``)."""
        return tuple(t.key for t in self.tables)

    @cached_property
    def equations(self) -> tuple[Equation, ...]:
        """Every sum of the format: each record's total field (R2, R4) and each total record
        (R3), as pointers."""
        eqs: list[Equation] = []
        for table in self.tables:
            for record in table.records:
                tf = record.total_field
                if tf is not None and table.field_total_rule:
                    eqs.append(
                        Equation(
                            table.field_total_rule,
                            cell_pointer(table.key, record.path, tf.key),
                            tuple(cell_pointer(table.key, record.path, f.key) for f in record.addend_fields),
                            table,
                            record,
                            tf,
                        )
                    )
                if record.sum_of and table.record_total_rule:
                    for f in record.fields:
                        eqs.append(
                            Equation(
                                table.record_total_rule,
                                cell_pointer(table.key, record.path, f.key),
                                tuple(cell_pointer(table.key, p, f.key) for p in record.sum_of),
                                table,
                                record,
                                f,
                            )
                        )
        return tuple(eqs)

    @cached_property
    def cell_plan(self) -> tuple[PlannedRecord, ...]:
        """Each record's data path and, per field, its pointer and list positions (read once
        per format, used for every report)."""
        plan: list[PlannedRecord] = []
        for table in self.tables:
            for record in table.records:
                full, part = len(record.fields), len(record.addend_fields)
                fields = tuple(
                    PlannedField(f, cell_pointer(table.key, record.path, f.key), list_index(record, f, full), list_index(record, f, part))
                    for f in record.fields
                )
                plan.append(PlannedRecord((table.key, *record.path), record, fields))
        return tuple(plan)


def cell_pointer(table: str, path: tuple[str, ...], field_key: str | None = None) -> str:
    """JSON Pointer of a cell (or of a record when ``field_key`` is None)."""
    parts = [table, *path] + ([field_key] if field_key is not None else [])
    return "/" + "/".join(parts)


class Equation(NamedTuple):
    """A sum the format prescribes: ``target == Σ addends`` (rules R2, R3, R4)."""

    rule: str
    target: str
    addends: tuple[str, ...]
    table: Table
    record: Record
    field: Field


class PlannedField(NamedTuple):
    """How one field of a record is read: its pointer, and its position in a row written
    as a list with every field (``at_full``) or without the total (``at_part``)."""

    field: Field
    pointer: str
    at_full: int | None
    at_part: int | None


class PlannedRecord(NamedTuple):
    """Where a record's data is in the authoring mapping: ``(table, *record path)``."""

    path: tuple[str, ...]
    record: Record
    fields: tuple[PlannedField, ...]


def list_index(record: Record, f: Field, length: int) -> int | None:
    """Position of a field in a row written as a list (the total may be left out)."""
    if length not in (len(record.addend_fields), len(record.fields)):
        return None  # wrong length: the schema finding says so; read nothing rather than guess
    if f.is_total:
        return record.fields.index(f) if length == len(record.fields) else None
    return record.fields.index(f)
