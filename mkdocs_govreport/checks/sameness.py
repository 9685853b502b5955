"""Rule T8: how much of a report's narrative repeats the same agency's report of the year before.

The measure is the *containment* of w-shingling (A. Broder, “On the resemblance and
containment of documents”, 1997): the narrative is reduced to its letters (standard section
headings, Markdown, whitespace, punctuation and digits removed — years and figures change
every year even in a copied text), cut into every run of ``SHINGLE`` consecutive characters,
and the share of this year's distinct runs that also occur in last year's text is reported.
Eight Chinese characters is about one short phrase: long enough that two independently
written reports share few of them, short enough that a copied sentence with one changed word
still shares most.

A narrative shorter than ``MIN_CHARS`` letters is not measured: on a few lines, a share means
nothing.

"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from functools import lru_cache

from ..core.body import mask_body, parse_body
from ..core.collection import AgencyYears
from ..core.findings import Finding
from ..core.numbers import format_value
from ..core.report import Report

RULE_IDS = ("T8",)

#: Characters per shingle.
SHINGLE = 8
#: Narratives with fewer letters than this are not measured.
MIN_CHARS = 200
#: Default threshold (percent) above which the share is reported.
DEFAULT_THRESHOLD = 50


def narrative_letters(body: str) -> str:
    """The letters of a narrative: no headings of the standard sections, no title, no
    Markdown, whitespace, punctuation or digits; Latin letters lower-cased."""
    lines = mask_body(body).split("\n")
    parsed = parse_body("\n".join(lines), None)
    for h in parsed.headings:
        lines[h.line] = ""
    kept = [line for line in lines if not line.startswith("# ")]
    text = unicodedata.normalize("NFKC", "\n".join(kept))
    return "".join(ch.lower() for ch in text if unicodedata.category(ch)[0] == "L")


@lru_cache(maxsize=8192)
def shingles(body: str) -> frozenset[str] | None:
    """The distinct ``SHINGLE``-character runs of a narrative; None when it is too short.

    Cached by text: under ``mkdocs serve`` an unchanged report is not cut again.
    """
    letters = narrative_letters(body)
    if len(letters) < MIN_CHARS:
        return None
    return frozenset(letters[i : i + SHINGLE] for i in range(len(letters) - SHINGLE + 1))


def containment(current: str, previous: str) -> float | None:
    """Share (0–1) of ``current``'s shingles found in ``previous``; None if either is too short."""
    a, b = shingles(current), shingles(previous)
    if a is None or b is None or not a:
        return None
    return len(a & b) / len(a)


def sameness(prev_report: Report, report: Report) -> float | None:
    """Share (0–1) of ``report``'s narrative repeated from ``prev_report``'s; None if not measurable."""
    return containment(report.body, prev_report.body)


def sameness_findings(groups: Mapping[str, AgencyYears], threshold: float = DEFAULT_THRESHOLD) -> dict[int, list[Finding]]:
    """T8 on each report whose narrative repeats its agency's previous year above ``threshold`` %."""
    out: dict[int, list[Finding]] = {}
    for group in groups.values():
        for year, cur in group.by_year.items():
            prev = group.by_year.get(year - 1)
            if prev is None:
                continue
            share = sameness(prev, cur)
            if share is None:
                continue
            pct = int(share * 100 + 0.5)  # shown as a whole percent; the acknowledged number
            if pct <= threshold:
                continue
            h = parse_body(cur.body, cur.fmt).headings
            line = cur.body_line + (h[0].line if h else 0)
            msg = (
                f"本报告正文有 {pct}% 与上一年度（{prev.year}）报告 {prev.file} 相同，超过 {format_value(threshold)}% 的阈值"
                f"（去掉标题、空白、标点和数字后，本年正文中连续 {SHINGLE} 个字的片段有 {pct}% 也出现在上年报告中）：请按本年度实际情况撰写"
            )
            out.setdefault(id(cur), []).append(Finding.of("T8", msg, cur.file, line, values=(pct,)))
    return out
