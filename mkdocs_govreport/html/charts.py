"""Static, accessible inline SVG bar charts (no scripts).

Each chart is an ``<svg role="img">`` with ``<title>``/``<desc>`` (referenced by
``aria-labelledby``) and comes with a data table holding the same numbers, so nothing is
said only by the picture.  Colours come from CSS variables (``--gr-c1``…) and text and axes
use ``currentColor``: the stylesheet sets them for light and dark schemes.  A missing value
is drawn as "未填写", never as a zero-height bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from ..core.numbers import Number, format_value, sum_or_none

# The viewBox; the stylesheet draws the chart at the width of the text column (600–720 px on
# a desktop), so that text of 12–14 units is never below 12 px there.
WIDTH, HEIGHT = 600, 300
LEFT, RIGHT, BOTTOM = 56, 12, 34
LEGEND_CHAR, LEGEND_ROW = 14, 20  # legend text is 14 units: a CJK character is as wide


@dataclass
class Series:
    """One coloured series: a label and one value per category (None = missing)."""

    label: str
    values: Sequence[Number | None]


def nice_max(value: Number) -> tuple[int, int]:
    """(axis maximum, tick step) with 4–5 round ticks covering ``value``."""
    v = max(int(value) if value == int(value) else int(value) + 1, 1)
    step = 1
    while True:
        for m in (1, 2, 5):
            s = step * m
            if s * 5 >= v:
                top = -(-v // s) * s
                return top, s
        step *= 10


def _fmt(v: Number | None, unit: str) -> str:
    return "未填写" if v is None else f"{format_value(v)}{unit}"


def describe(categories: Sequence[str], series: Sequence[Series], unit: str) -> str:
    """A sentence per category reading out every value (the chart's ``<desc>``)."""
    parts = []
    for i, cat in enumerate(categories):
        vals = "，".join(f"{s.label}{_fmt(s.values[i], unit)}" for s in series)
        parts.append(f"{cat}：{vals}")
    return "；".join(parts) + "。"


def bar_chart(
    chart_id: str,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    stacked: bool = False,
    unit: str = "件",
    note: str = "",
) -> str:
    """An SVG bar chart (grouped, or stacked) followed by its data table, as one HTML block.

    The HTML has no blank lines so that Markdown passes it through as one raw block.
    """
    n = max(len(categories), 1)
    if stacked:
        totals = [sum_or_none(vals) for vals in zip(*(s.values for s in series), strict=False)]
        peak = max((t for t in totals if t is not None), default=0)
    else:
        peak = max((v for s in series for v in s.values if v is not None), default=0)
    top, step = nice_max(peak)
    # legend items left to right, wrapping to a new row rather than running off the chart
    legend: list[tuple[int, int]] = []
    lx, ly = LEFT, 0
    for s in series:
        w = 16 + LEGEND_CHAR * len(s.label) + 18
        if legend and lx + w - 18 > WIDTH - RIGHT:
            lx, ly = LEFT, ly + LEGEND_ROW
        legend.append((lx, ly))
        lx += w
    plot_top = ly + 44
    height = HEIGHT + ly
    plot_w, plot_h = WIDTH - LEFT - RIGHT, height - plot_top - BOTTOM
    base = plot_top + plot_h

    def y(v: Number) -> float:
        return base - float(v) / top * plot_h

    tid, did = f"{chart_id}-title", f"{chart_id}-desc"
    desc = describe(categories, series, unit) + (note and f" {note}")
    svg = [
        # data-search-exclude: the site search indexes the caption, not the axis numbers run together
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{tid} {did}" class="gr-svg" preserveAspectRatio="xMinYMin meet" data-search-exclude>',
        f'<title id="{tid}">{escape(title)}</title><desc id="{did}">{escape(desc)}</desc>',
    ]
    # legend (top), axis, grid
    for k, (s, (lx, ly)) in enumerate(zip(series, legend, strict=True)):
        svg.append(f'<rect class="gr-s{k % 8 + 1}" x="{lx}" y="{ly + 8}" width="12" height="12"/>')
        svg.append(f'<text x="{lx + 16}" y="{ly + 19}" class="gr-legend">{escape(s.label)}</text>')
    for t in range(0, top + 1, step):
        yy = y(t)
        svg.append(f'<line class="gr-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{yy:.1f}" y2="{yy:.1f}"/>')
        svg.append(f'<text class="gr-tick" x="{LEFT - 6}" y="{yy + 4:.1f}" text-anchor="end">{t}</text>')
    svg.append(f'<line class="gr-axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}"/>')
    group_w = plot_w / n
    pad = group_w * 0.18
    for i, cat in enumerate(categories):
        gx = LEFT + i * group_w
        svg.append(
            f'<text class="gr-tick" x="{gx + group_w / 2:.1f}" y="{base + 18}" text-anchor="middle">{escape(cat)}</text>'
        )
        vals = [s.values[i] for s in series]
        if stacked:
            bw = group_w - 2 * pad
            if any(v is None for v in vals):
                svg.append(
                    f'<text class="gr-missing-mark" x="{gx + group_w / 2:.1f}" y="{base - 6}" text-anchor="middle">未填写</text>'
                )
                continue
            acc: Number = 0
            for k, (s, v) in enumerate(zip(series, vals, strict=False)):
                assert v is not None
                if v:
                    y1, y0 = y(acc + v), y(acc)
                    svg.append(
                        f'<rect class="gr-s{k % 8 + 1}" x="{gx + pad:.1f}" y="{y1:.1f}" width="{bw:.1f}" '
                        f'height="{max(y0 - y1, 0):.1f}"><title>{escape(f"{cat} {s.label}：{_fmt(v, unit)}")}</title></rect>'
                    )
                acc += v
            svg.append(
                f'<text class="gr-value" x="{gx + group_w / 2:.1f}" y="{y(acc) - 4:.1f}" text-anchor="middle">{escape(format_value(acc))}</text>'
            )
        else:
            bw = (group_w - 2 * pad) / max(len(series), 1)
            for k, (s, v) in enumerate(zip(series, vals, strict=False)):
                bx = gx + pad + k * bw
                if v is None:
                    svg.append(
                        f'<text class="gr-missing-mark" x="{bx + bw / 2:.1f}" y="{base - 6}" text-anchor="middle">—</text>'
                    )
                    continue
                y1 = y(v)
                svg.append(
                    f'<rect class="gr-s{k % 8 + 1}" x="{bx + 1:.1f}" y="{y1:.1f}" width="{max(bw - 2, 1):.1f}" '
                    f'height="{base - y1:.1f}"><title>{escape(f"{cat} {s.label}：{_fmt(v, unit)}")}</title></rect>'
                )
                if len(series) * n <= 24:
                    svg.append(
                        f'<text class="gr-value" x="{bx + bw / 2:.1f}" y="{y1 - 4:.1f}" text-anchor="middle">{escape(format_value(v))}</text>'
                    )
    svg.append("</svg>")
    table = data_table(f"{title}：数据表", categories, series, stacked=stacked, unit="" if unit in title else unit)
    return (
        f'<div class="gr-chart-pair" id="{chart_id}"><figure class="gr-chart">{"".join(svg)}'
        f"<figcaption>{escape(title)}" + (f"<br><small>{escape(note)}</small>" if note else "") + "</figcaption></figure>"
        f"{table}</div>"
    )


def data_table(
    caption: str, categories: Sequence[str], series: Sequence[Series], *, stacked: bool, unit: str, category_label: str = "年度"
) -> str:
    """The chart's numbers as a table (categories as rows)."""
    head = "".join(f'<th scope="col">{escape(s.label)}</th>' for s in series)
    if stacked:
        head += '<th scope="col">合计</th>'
    rows = []
    for i, cat in enumerate(categories):
        vals = [s.values[i] for s in series]
        tds = "".join(
            f'<td class="gr-num">{escape(format_value(v))}</td>' if v is not None else '<td class="gr-num gr-missing">—<span class="gr-sr">未填写</span></td>'
            for v in vals
        )
        if stacked:
            total = sum_or_none(vals)
            tds += (
                f'<td class="gr-num">{escape(format_value(total))}</td>'
                if total is not None
                else '<td class="gr-num gr-missing">—<span class="gr-sr">不完整</span></td>'
            )
        rows.append(f'<tr><th scope="row">{escape(cat)}</th>{tds}</tr>')
    return (
        f'<div class="gr-table gr-chart-data" data-search-exclude tabindex="0" role="region" aria-label="{escape(caption)}"><table><caption>{escape(caption)}{escape(f"（单位：{unit}）" if unit else "")}</caption>'
        f'<thead><tr><th scope="col">{escape(category_label)}</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )
