"""Figures: the numbers people quote from the tables, as sums of cells — one catalogue.

本年新收、予以公开、不予公开（各项之和）、行政复议总计… are each one field summed over some
records of a table.  The narrative checks (T1–T4), the R1 messages, the agency pages, the
yearly summary, the charts and the derived rates all read :data:`FIGURES`; the cells of a
figure in a format are a cached property of the format, computed once.

Data only: the value of a figure for a report is computed by ``core.figures``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .formats import FORMATS
from .model import Format, Record, cell_pointer

Path = tuple[str, ...]


@dataclass(frozen=True)
class Figure:
    """One field summed over records of a table.

    ``paths`` name records exactly or as prefixes (``("results", "denied")`` = every
    不予公开 row); a total record (``results.total``) is taken only when named exactly.
    ``fields`` lists the field key per format, first present wins (``issued`` in 2021,
    ``new_made`` in 2019).
    """

    key: str
    #: The figure's name in full (messages comparing the narrative with the tables).
    label: str
    #: The short name on agency pages, the summary and in charts.
    short: str
    table: str
    paths: tuple[Path, ...]
    fields: tuple[str, ...] = ("total",)
    unit: str = "件"

    def records(self, fmt: Format) -> tuple[tuple[Record, str], ...]:
        """(record, field key) summed in a format; empty when the format has no such figure."""
        return _records(fmt.id, self)

    def pointers(self, fmt: Format) -> tuple[str, ...]:
        """The cells summed in a format (empty: not applicable)."""
        return _pointers(fmt.id, self)

    def related(self, fmt: Format) -> frozenset[str]:
        """Every cell the figure depends on, a total's addends included (to mark findings)."""
        return _related(fmt.id, self)


@cache
def _records(fid: str, fig: Figure) -> tuple[tuple[Record, str], ...]:
    table = FORMATS[fid].table_by_key.get(fig.table)
    if table is None:
        return ()
    out: list[tuple[Record, str]] = []
    for path in fig.paths:
        exact = table.by_path.get(path)
        records = [exact] if exact is not None else [r for r in table.records if r.path[: len(path)] == path and not r.is_total]
        for r in records:
            key = next((k for k in fig.fields if r.field(k) is not None), None)
            if key is not None:
                out.append((r, key))
    return tuple(out)


@cache
def _pointers(fid: str, fig: Figure) -> tuple[str, ...]:
    return tuple(cell_pointer(fig.table, r.path, k) for r, k in _records(fid, fig))


@cache
def _related(fid: str, fig: Figure) -> frozenset[str]:
    out: set[str] = set()
    for r, k in _records(fid, fig):
        f = r.field(k)
        keys = [x.key for x in r.fields] if f is not None and f.is_total else [k]
        out.update(cell_pointer(fig.table, r.path, x) for x in keys)
    return frozenset(out)


def _p(*dotted: str) -> tuple[Path, ...]:
    return tuple(tuple(d.split(".")) for d in dotted)


_APPS, _RL = "applications", "review_litigation"
_LITIGATION = _p("litigation_direct", "litigation_after_review")

FIGURES: dict[str, Figure] = {
    f.key: f
    for f in (
        Figure("received", "本年新收政府信息公开申请数量", "本年新收申请", _APPS, _p("new_received")),
        Figure("carried_over", "上年结转政府信息公开申请数量", "上年结转", _APPS, _p("carried_over")),
        Figure("handled", "办理结果总计", "办理结果总计", _APPS, _p("results.total")),
        Figure("granted", "予以公开", "予以公开", _APPS, _p("results.granted")),
        Figure("partial", "部分公开", "部分公开", _APPS, _p("results.partial")),
        Figure("denied", "不予公开（各项之和）", "不予公开", _APPS, _p("results.denied")),
        Figure("unavailable", "无法提供（各项之和）", "无法提供", _APPS, _p("results.unavailable")),
        Figure("not_processed", "不予处理（各项之和）", "不予处理", _APPS, _p("results.not_processed")),
        Figure("other", "其他处理（各项之和）", "其他处理", _APPS, _p("results.other")),
        Figure("carried_forward", "结转下年度继续办理", "结转下年度", _APPS, _p("carried_forward")),
        Figure("review", "行政复议总计", "行政复议", _RL, _p("review")),
        Figure("review_upheld", "行政复议结果维持", "复议结果维持", _RL, _p("review"), ("upheld",)),
        Figure("review_corrected", "行政复议结果纠正", "复议结果纠正", _RL, _p("review"), ("corrected",)),
        Figure("review_pending", "行政复议尚未审结", "复议尚未审结", _RL, _p("review"), ("pending",)),
        Figure("review_other", "行政复议其他结果", "复议其他结果", _RL, _p("review"), ("other",)),
        Figure("litigation", "行政诉讼总计（未经复议直接起诉＋复议后起诉）", "行政诉讼", _RL, _LITIGATION),
        Figure("litigation_direct", "未经复议直接起诉总计", "未经复议直接起诉", _RL, _p("litigation_direct")),
        Figure("litigation_after_review", "复议后起诉总计", "复议后起诉", _RL, _p("litigation_after_review")),
        Figure("litigation_upheld", "行政诉讼结果维持", "诉讼结果维持", _RL, _LITIGATION, ("upheld",)),
        Figure("litigation_corrected", "行政诉讼结果纠正", "诉讼结果纠正", _RL, _LITIGATION, ("corrected",)),
        Figure("litigation_pending", "行政诉讼尚未审结", "诉讼尚未审结", _RL, _LITIGATION, ("pending",)),
        Figure("litigation_other", "行政诉讼其他结果", "诉讼其他结果", _RL, _LITIGATION, ("other",)),
        Figure("regulations_issued", "规章本年制发件数", "规章本年制发", "active", _p("regulations"), ("issued", "new_made")),
        Figure("regulations_in_force", "规章现行有效件数", "规章现行有效", "active", _p("regulations"), ("in_force",)),
        Figure("normative_issued", "行政规范性文件本年制发件数", "规范性文件本年制发", "active", _p("normative_docs"), ("issued", "new_made")),
        Figure("normative_repealed", "行政规范性文件本年废止件数", "规范性文件本年废止", "active", _p("normative_docs"), ("repealed",)),
        Figure("normative_in_force", "行政规范性文件现行有效件数", "规范性文件现行有效", "active", _p("normative_docs"), ("in_force",)),
    )
}

#: Table 三 figures on agency pages and the summary, in order.
APPLICATION_FIGURES: tuple[str, ...] = (
    "received", "carried_over", "handled", "granted", "partial", "denied", "unavailable", "not_processed", "other", "carried_forward",
)  # fmt: skip
#: The outcome figures (一)–(六), stacked in the outcomes chart.
OUTCOME_FIGURES: tuple[str, ...] = ("granted", "partial", "denied", "unavailable", "not_processed", "other")
#: Table 四 figures on agency pages and the summary.
REVIEW_FIGURES: tuple[str, ...] = ("review", "review_corrected", "litigation", "litigation_corrected")

#: How the records of table 三's balance (R1) are named in its messages.
BALANCE_NAMES: dict[Path, str] = {
    ("new_received",): FIGURES["received"].short,
    ("carried_over",): FIGURES["carried_over"].short,
    ("results", "total"): FIGURES["handled"].short,
    ("carried_forward",): FIGURES["carried_forward"].short,
}


@cache
def active_figures(fid: str) -> tuple[Figure, ...]:
    """Table 二 figures of a format for agency pages: one per cell."""
    table = FORMATS[fid].table("active")
    return tuple(
        Figure(
            f"active.{r.key}.{f.key}",
            f"{r.label}：{f.label}",
            f"{r.label}：{f.label}",
            "active",
            (r.path,),
            (f.key,),
            "万元" if f.kind == "amount" else "",
        )
        for r in table.records
        for f in r.fields
    )


# ---------------------------------------------------------------------------------------
# Derived rates (agency pages)

#: A rate whose denominator is below this is not shown: on a handful of cases it means nothing.
MIN_DENOMINATOR = 30


@dataclass(frozen=True)
class Rate:
    """A share computed from the tables: a sum of figures over a sum of figures."""

    key: str
    label: str
    formula: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...]


RATES: tuple[Rate, ...] = (
    Rate(
        "granted_share",
        "公开率（予以公开和部分公开占办结申请的比例）",
        "（予以公开 + 部分公开）÷ 办理结果总计",
        ("granted", "partial"),
        ("handled",),
    ),
    Rate(
        "review_corrected_share",
        "行政复议纠错率（已审结行政复议中结果纠正的比例）",
        "复议结果纠正 ÷（结果维持 + 结果纠正 + 其他结果）",
        ("review_corrected",),
        ("review_upheld", "review_corrected", "review_other"),
    ),
    Rate(
        "litigation_corrected_share",
        "行政诉讼纠错率（已审结行政诉讼中结果纠正的比例）",
        "诉讼结果纠正 ÷（结果维持 + 结果纠正 + 其他结果），未经复议直接起诉与复议后起诉合计",
        ("litigation_corrected",),
        ("litigation_upheld", "litigation_corrected", "litigation_other"),
    ),
)
