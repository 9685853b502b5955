"""The yearly summary: per year, the sum over all agencies of each figure, marked as computed."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from ...core.numbers import Number, format_value
from ...core.report import Report
from ...registry import KINDS, format_for_year
from ..charts import Series, bar_chart
from .common import Context, figure_sections, link, unit_suffix


@dataclass
class Sum:
    """A computed sum over reports, with how many reports it covers."""

    value: Number = 0
    covered: int = 0
    missing: int = 0

    def add(self, v: Number | None) -> None:
        if v is None:
            self.missing += 1
        else:
            self.value += v
            self.covered += 1

    @property
    def complete(self) -> bool:
        return self.missing == 0 and self.covered > 0

    def html(self) -> str:
        if self.covered == 0 and self.missing:
            return f'<td class="gr-num gr-missing">—<span class="gr-incomplete-note">{self.missing} 份未填写</span></td>'
        if self.covered == 0:
            return '<td class="gr-num gr-missing">—<span class="gr-sr">无报告</span></td>'
        text = escape(format_value(self.value))
        if self.missing:
            return (
                f'<td class="gr-num gr-incomplete">≥ {text}<span class="gr-incomplete-note">不完整：'
                f"{self.missing} 份未填写</span></td>"
            )
        return f'<td class="gr-num gr-computed">{text}</td>'


def summary_page(ctx: Context) -> str:
    """Per year: the sum over all agencies of each key figure, marked as computed."""
    me = ctx.paths.summary
    by_year: dict[int, list[Report]] = {}
    for g in ctx.groups.values():
        for y, r in g.by_year.items():
            by_year.setdefault(y, []).append(r)
    out = ["# 各年度汇总（计算值）", ""]
    out.append(
        '<p class="gr-computed-banner"><strong>计算值</strong>：下列数字是本站各机关报告中数字之和，由本站计算，'
        "不是任何机关发布的数字。每个合计注明纳入了多少份报告；有报告未填写某项时，该项合计标为“不完整”并写作“≥ 已知部分之和”，"
        "未填写的数字不当作 0。人民政府的报告可能已包含其部门的数字，按“部门”“人民政府”分列的合计可分别参考。</p>"
    )
    out.append("")
    out.append(f"{link('返回报告索引', me, ctx.paths.index)}")
    out.append("")
    years = sorted(by_year)
    yearly_new: list[Number | None] = []
    yearly_handled: list[Number | None] = []
    blocks = []
    for y in sorted(years, reverse=True):
        reports = sorted(by_year[y], key=lambda r: r.agency_id)
        n = len(reports)
        kinds = {k: sum(1 for r in reports if r.kind == k) for k in KINDS}
        unreadable = sum(1 for r in reports if r.fmt is None)
        lines = [f"## {y} 年度", ""]
        desc = f"{n} 份报告（" + "、".join(f"{KINDS[k]} {c} 份" for k, c in kinds.items() if c) + "）"
        if unreadable:
            desc += f"，其中 {unreadable} 份无法读取表格数据，各项均按未填写计"
        lines.append(desc + "。")
        lines.append("")
        fid = format_for_year(y) or "2021"
        off = sum(1 for r in reports if r.fmt is not None and r.fmt.id != fid)
        rows = []
        for caption, figs in figure_sections([fid]):
            rows.append(f'<tr class="gr-block"><th colspan="5" scope="colgroup">{escape(caption)}</th></tr>')
            for fig in figs:
                total, parts = Sum(), {k: Sum() for k in KINDS}
                for r in reports:
                    v, applicable = ctx.value(r, fig)
                    v = v if applicable else None
                    total.add(v)
                    parts[r.kind if r.kind in parts else "department"].add(v)
                if fig.key == "received":
                    yearly_new.append(total.value if total.complete else None)
                if fig.key == "handled":
                    yearly_handled.append(total.value if total.complete else None)
                unit = unit_suffix(fig)
                rows.append(
                    f'<tr><th scope="row">{escape(fig.short + unit)}</th>{total.html()}'
                    + "".join(parts[k].html() for k in KINDS)
                    + f'<td class="gr-num">{total.covered} / {n}</td></tr>'
                )
        head = "".join(f'<th scope="col">其中：{v}</th>' for v in KINDS.values())
        lines.append(
            f'<div class="gr-table gr-summary" data-search-exclude tabindex="0" role="region" aria-label="{y} 年度全部机关合计"><table><caption>{y} 年度全部机关合计（计算值）</caption>'
            f'<thead><tr><th scope="col">项目</th><th scope="col">合计（计算值）</th>{head}'
            f'<th scope="col">纳入合计的报告</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
        )
        lines.append("")
        if off:
            lines.append(f"另有 {off} 份报告使用了其他年度的表格格式（规则 W4），表二各项对它们按未填写计。")
            lines.append("")
        blocks.append("\n".join(lines))
    yearly_new.reverse()
    yearly_handled.reverse()
    if years:
        out.append(
            bar_chart(
                "gr-chart-summary",
                "全部机关：本年新收申请与办理结果总计（计算值，件）",
                [str(y) for y in years],
                [Series("本年新收申请", yearly_new), Series("办理结果总计", yearly_handled)],
                note="合计不完整的年度不画柱（“—”），其数字见下表。",
            )
        )
        out.append("")
    out += blocks
    return "\n".join(out) + "\n"
