"""Cross-year equations (rules W1–W3) as data: which cell of year Y equals which expression
over the cells of year Y and Y−1 of the same agency.

R1 is data too (:class:`~.model.Balance`); with these, a new format adds its continuity
equations here instead of editing the checks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Year = Literal["current", "previous"]


@dataclass(frozen=True)
class Term:
    """One cell of an equation: this year's or last year's ``field`` of a record, with a sign.

    ``record`` is a fixed record path, or ``None`` for "the record the equation is checked on"
    (W1 and W3 hold for every record of the table that has all the fields named).  ``field``
    ``"*"`` means "the column the equation is checked on" (W2 holds column by column).
    """

    year: Year
    field: str
    label: str = ""
    sign: int = 1
    record: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Continuity:
    """``target == Σ terms`` between consecutive years of one agency."""

    rule: str
    table: str
    target: Term
    terms: tuple[Term, ...]
    #: Both years must use one of these formats (empty: any, e.g. across 2020→2021).
    formats: tuple[str, ...] = ()
    #: ``equal``: the target equals one cell of last year (messages say "两者应相等");
    #: ``sum``: messages spell the sum out (``A + B − C = E``).
    style: Literal["equal", "sum"] = "sum"
    #: Per column (``field == "*"``): the total column is checked only when no other column
    #: already disagrees (it would repeat the same difference).
    total_last: bool = False


CONTINUITY: tuple[Continuity, ...] = (
    Continuity(
        "W1",
        "active",
        Term("current", "in_force"),
        (
            Term("previous", "in_force", "现行有效件数"),
            Term("current", "issued", "本年制发"),
            Term("current", "repealed", "本年废止", sign=-1),
        ),
        formats=("2021",),
    ),
    Continuity(
        "W2",
        "applications",
        Term("current", "*", record=("carried_over",)),
        (Term("previous", "*", record=("carried_forward",)),),
        style="equal",
        total_last=True,
    ),
    Continuity(
        "W3",
        "active",
        Term("current", "prev_year_items"),
        (
            Term("previous", "prev_year_items", "上一年项目数量"),
            Term("previous", "change", "本年增/减"),
        ),
        formats=("2019",),
    ),
)
