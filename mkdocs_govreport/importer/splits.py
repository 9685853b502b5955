"""Splitting run-together numbers, and choosing among splits with the format's sums.

``15130000154`` for a table-三 row of seven cells can be read many ways; only readings in
which every part is a well-formed number (no leading zeros except ``0`` itself) and the
row's equations hold are kept (R2: the 总计 equals the sum of the six applicant columns;
R4 for table 四).  Rows still ambiguous are then held against the column equations (R3:
（七）总计 equals the sum of the results rows; R1: 新收 + 结转 = 办理结果总计 + 结转下年),
first one row at a time, then jointly.  A reading is taken only when exactly one survives
the row's own equations, or — for a row its own equations leave open — the others.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from ..registry import MAX_VALUE

_PART = {
    "count": re.compile(r"(?:0|[1-9][0-9]*)\Z"),
    "signed": re.compile(r"-?(?:0|[1-9][0-9]*)\Z"),
    "amount": re.compile(r"(?:0|[1-9][0-9]*)(?:\.[0-9]+)?\Z"),
}
#: Longest part considered (MAX_VALUE has 10 digits; amounts may carry decimals).
MAX_PART = 20
#: Stop enumerating beyond this many readings: the row is then reported as ambiguous.
MAX_READINGS = 200_000
#: Largest number of joint combinations tried across ambiguous rows.
MAX_JOINT = 200_000

Value = int | Decimal


def parse_part(text: str, kind: str) -> Value | None:
    """The value of a well-formed part for a field kind, else None."""
    if not _PART[kind].match(text):
        return None
    value: Value = Decimal(text) if kind == "amount" else int(text)
    if not -MAX_VALUE < value < MAX_VALUE:
        return None
    return value


def enumerate_splits(pieces: Sequence[str], kinds: Sequence[str], limit: int = MAX_READINGS) -> tuple[list[tuple[Value, ...]], bool]:
    """Every reading of ``pieces`` as ``len(kinds)`` numbers, each piece split into one or
    more consecutive parts.  Returns (readings, complete) — complete is False when the
    enumeration stopped at ``limit``."""
    out: list[tuple[Value, ...]] = []
    n = len(kinds)
    lengths = [len(p) for p in pieces]

    def rest_len(pi: int, offset: int) -> int:
        return lengths[pi] - offset + sum(lengths[pi + 1 :])

    def walk(pi: int, offset: int, k: int, acc: list[Value]) -> bool:
        if len(out) >= limit:
            return False
        if pi == len(pieces):
            if k == n:
                out.append(tuple(acc))
            return True
        if k == n:
            return True
        piece = pieces[pi]
        remaining_parts = n - k
        remaining_pieces_after = len(pieces) - pi - 1
        if rest_len(pi, offset) < remaining_parts:
            return True
        for end in range(offset + 1, min(len(piece), offset + MAX_PART) + 1):
            part = piece[offset:end]
            value = parse_part(part, kinds[k])
            if value is None:
                # a longer part cannot become valid after a leading zero
                if part.startswith("0") and len(part) > 1 and not part.startswith("0."):
                    break
                continue
            acc.append(value)
            if end == len(piece):
                if remaining_pieces_after <= n - k - 1 and not walk(pi + 1, 0, k + 1, acc):
                    acc.pop()
                    return False
            else:
                if not walk(pi, end, k + 1, acc):
                    acc.pop()
                    return False
            acc.pop()
        return True

    complete = walk(0, 0, 0, [])
    return out, complete and len(out) < limit


@dataclass
class Equation:
    """``sum(lhs) == sum(rhs)`` over cell pointers, with the rule it comes from."""

    rule: str
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]

    @property
    def cells(self) -> tuple[str, ...]:
        return self.lhs + self.rhs

    def holds(self, values: dict[str, Value | None]) -> bool | None:
        """True/False when every cell is known, None when any is unknown."""
        total: Value = 0
        for p in self.lhs:
            v = values.get(p)
            if v is None:
                return None
            total += v
        for p in self.rhs:
            v = values.get(p)
            if v is None:
                return None
            total -= v
        return total == 0


@dataclass
class Blob:
    """Cells whose values must come from one reading among ``readings``."""

    pointers: tuple[str, ...]
    readings: list[tuple[Value, ...]]
    complete: bool = True
    #: filled by :func:`solve`: the number of readings before the column equations
    row_readings: int = 0
    chosen: tuple[Value, ...] | None = None
    context: dict[str, object] = field(default_factory=dict)


def _consistent(reading: tuple[Value, ...], blob: Blob, known: dict[str, Value | None], eqs: list[Equation]) -> bool:
    values = dict(known)
    values.update(zip(blob.pointers, reading, strict=False))
    own = set(blob.pointers)
    for eq in eqs:
        if not own.intersection(eq.cells):
            continue
        if eq.holds(values) is False:
            return False
    return True


def solve(blobs: list[Blob], known: dict[str, Value | None], eqs: list[Equation]) -> None:
    """Narrow each blob's readings with the equations; set ``chosen`` where one remains.

    A row is first held against its own equations (R2, R4): one reading left is the
    reading, even when the columns do not add up as printed — the validator then reports
    the column rule at its cell, and the printed numbers stay as printed.  Rows still open
    are held against the other equations (R1, R3) with the cells already known, one row at
    a time, then jointly; an equation that no reading satisfies (the printed columns do not
    add up) does not narrow anything.  ``known`` holds the values read directly (None for a
    cell left blank); an equation with an unknown cell is not used (a missing cell is never
    taken as zero).
    """
    known = dict(known)
    undecided = [b for b in blobs if b.complete]
    for b in undecided:
        own = set(b.pointers)
        row_eqs = [e for e in eqs if set(e.cells) <= own]
        fitting = [r for r in b.readings if _consistent(r, b, {}, row_eqs)]
        b.row_readings = len(fitting)
        if fitting:
            b.readings = fitting
        if len(fitting) == 1:
            b.chosen = fitting[0]
    for b in undecided:
        if b.chosen is not None:
            known.update(zip(b.pointers, b.chosen, strict=False))
    changed = True
    while changed:
        changed = False
        for b in undecided:
            if b.chosen is not None:
                continue
            narrowed = [r for r in b.readings if _consistent(r, b, known, eqs)]
            if not narrowed or len(narrowed) == len(b.readings):
                continue
            b.readings = narrowed
            if len(narrowed) == 1:
                b.chosen = narrowed[0]
                known.update(zip(b.pointers, b.chosen, strict=False))
            changed = True
    open_ = [b for b in undecided if b.chosen is None and len(b.readings) > 1]
    if not open_:
        return
    size = 1
    for b in open_:
        size *= len(b.readings)
    if size > MAX_JOINT:
        return
    survivors: list[set[tuple[Value, ...]]] = [set() for _ in open_]
    relevant = [e for e in eqs if any(p in e.cells for b in open_ for p in b.pointers)]
    for combo in itertools.product(*(b.readings for b in open_)):
        values = dict(known)
        for b, r in zip(open_, combo, strict=False):
            values.update(zip(b.pointers, r, strict=False))
        if all(e.holds(values) is not False for e in relevant):
            for s, r in zip(survivors, combo, strict=False):
                s.add(r)
    for b, s in zip(open_, survivors, strict=False):
        if s:
            b.readings = [r for r in b.readings if r in s]
        if len(b.readings) == 1:
            b.chosen = b.readings[0]


def describe_readings(readings: list[tuple[Value, ...]], limit: int = 3) -> str:
    """A few readings for a message: ``151/3/0/0/0/0/154；15/13/…``."""
    shown = ["/".join(str(v) for v in r) for r in readings[:limit]]
    more = f" 等 {len(readings)} 种" if len(readings) > limit else ""
    return "；".join(shown) + more


def iter_equations_cells(eqs: list[Equation]) -> Iterator[str]:
    for e in eqs:
        yield from e.cells
