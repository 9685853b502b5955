"""One page per agency: its reports, key figures year by year, charts, derived rates, and the
cross-year findings and explanations."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from ...core.collection import AgencyYears
from ...core.findings import SEVERITY_ZH, Finding
from ...core.numbers import Number, format_value, sum_or_none
from ...core.report import Report
from ...registry import FIGURES, KINDS, MIN_DENOMINATOR, RATES, RULES, Figure, Rate
from ...registry.figures import OUTCOME_FIGURES, REVIEW_FIGURES
from ..charts import Series, bar_chart
from .common import Context, agency_slug, delta_text, figure_sections, fmt_num, link, md_text, status_of, unit_suffix


def _notes_for(group: AgencyYears) -> list[tuple[int, Report, Finding]]:
    """Findings shown on the agency page: every acknowledged one and every cross-year one."""
    notes: list[tuple[int, Report, Finding]] = []
    for year in sorted(group.by_year):
        r = group.by_year[year]
        for f in r.findings:
            info = RULES.get(f.rule)
            if f.acknowledged or (info is not None and info.cross_year):
                notes.append((len(notes) + 1, r, f))
    return notes


def _figure_table(
    ctx: Context,
    caption: str, figures: Sequence[Figure], years: list[int], group: AgencyYears, notes: list[tuple[int, Report, Finding]], prefix: str
) -> str:
    rows = []
    for fig in figures:
        tds = []
        applicable_any = False
        for y in years:
            r = group.by_year[y]
            v, applicable = ctx.value(r, fig)
            if not applicable:
                tds.append('<td class="gr-num gr-na">·<span class="gr-sr">此格式无此项</span></td>')
                continue
            applicable_any = True
            prev = group.by_year.get(y - 1)
            pv = ctx.value(prev, fig)[0] if prev is not None else None
            d = delta_text(v, pv)
            inner = (
                escape(fmt_num(v))
                if v is not None
                else '<span aria-hidden="true">—</span><span class="gr-sr">未填写</span>'
            )
            if d:
                inner += f'<span class="gr-delta"><span class="gr-sr">比上年</span>{escape(d)}</span>'
            assert r.fmt is not None
            ptrs = fig.related(r.fmt)
            marks = [
                (i, f)
                for i, nr, f in notes
                if nr is r and (set(f.pointers) | {f.pointer}) & ptrs
            ]
            for i, f in marks:
                cls = "gr-note-ack" if f.acknowledged else "gr-note-open"
                inner += f'<a class="gr-note-ref {cls}" href="#{prefix}-note-{i}" title="{escape(f.rule)}">注{i}</a>'
            tds.append(f'<td class="gr-num">{inner}</td>')
        if applicable_any:
            unit = unit_suffix(fig)
            rows.append(f'<tr><th scope="row">{escape(fig.short + unit)}</th>{"".join(tds)}</tr>')
    if not rows:
        return ""
    head = "".join(f'<th scope="col">{y} 年度</th>' for y in years)
    return (
        f'<div class="gr-table gr-keyfig" data-search-exclude tabindex="0" role="region" aria-label="{escape(caption)}"><table><caption>{escape(caption)}</caption>'
        f'<thead><tr><th scope="col">项目</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


def _series(ctx: Context, group: AgencyYears, years: list[int], keys: Sequence[str]) -> list[Series]:
    return [Series(FIGURES[k].short, [ctx.value(group.by_year[y], FIGURES[k])[0] for y in years]) for k in keys]


def agency_page(ctx: Context, group: AgencyYears) -> str:
    """Key figures year by year, change from the year before, charts, explanations."""
    me = ctx.paths.agency(group.agency_id)
    name = group.name
    years = [y for y in sorted(group.by_year) if group.by_year[y].fmt is not None]
    out = [f"# {md_text(name)}：历年政府信息公开工作年度报告", ""]
    kind = KINDS.get(group.kind, "")
    out.append(f"机关标识 <code>{escape(group.agency_id)}</code> · {kind} · {link('返回报告索引', me, ctx.paths.index)}")
    out.append("")
    names: dict[str, list[int]] = {}
    for y in sorted(group.by_year):
        names.setdefault(group.by_year[y].agency, []).append(y)
    if len(names) > 1:
        parts = [f"{md_text(n)}（{ys[0]}" + (f"—{ys[-1]}" if len(ys) > 1 else "") + " 年度）" for n, ys in names.items()]
        out.append(f"本机关历年报告中使用过的名称：{'；'.join(parts)}。")
        out.append("")
    out.append("## 各年度报告")
    out.append("")
    for y in sorted(group.by_year, reverse=True):
        r = group.by_year[y]
        st = status_of(r)
        out.append(f"- {link(md_text(f'{y} 年度：{r.title}'), me, ctx.page(r))} — <span class=\"{st.css}\">{st.text}</span>")
    for r in group.undated:
        out.append(f"- {link(md_text(r.title), me, ctx.page(r))}（年度未填写）")
    out.append("")
    if not years:
        out.append("本机关的报告都没有可读取的表格数据。")
        return "\n".join(out) + "\n"
    prefix = "gr-a"
    notes = _notes_for(group)
    out.append("## 主要数字")
    out.append("")
    out.append(
        "每格为该年度报告中的数字，小字为与上一年度相比的变化；“—”表示报告未填写，“·”表示该年度的表格格式没有此项。"
        "标有“注”的数字有检查说明，见本页“检查与说明”。"
    )
    out.append("")
    sections = figure_sections(fid for y in years if (fid := group.by_year[y].format_id) is not None)
    for caption, figs in sections:
        html = _figure_table(ctx, caption, figs, years, group, notes, prefix)
        if html:
            out.append(html)
            out.append("")
    out.append("## 图表")
    out.append("")
    cats = [f"{y}" for y in years]
    slug = agency_slug(group.agency_id)
    out.append(
        bar_chart(
            f"gr-chart-{slug}-apps",
            f"{name}：申请的收与办（件）",
            cats,
            _series(ctx, group, years, ("received", "handled", "carried_forward")),
        )
    )
    out.append("")
    out.append(
        bar_chart(
            f"gr-chart-{slug}-outcomes",
            f"{name}：办理结果构成（件）",
            cats,
            _series(ctx, group, years, OUTCOME_FIGURES),
            stacked=True,
        )
    )
    out.append("")
    out.append(
        bar_chart(
            f"gr-chart-{slug}-review",
            f"{name}：行政复议和行政诉讼（件）",
            cats,
            _series(ctx, group, years, REVIEW_FIGURES),
        )
    )
    out.append("")
    out.append("## 检查与说明")
    out.append("")
    if not notes:
        out.append("本机关各年度报告没有跨年度衔接问题，也没有需要说明的问题。")
    else:
        items = []
        for i, r, f in notes:
            where = f"{escape(f.file)} 第 {f.line} 行" if f.line else escape(f.file)
            if f.acknowledged:
                body = (
                    f'<span class="gr-sev">已说明</span> {escape(f.message)}'
                    f'<span class="gr-reason">说明：{escape(f.acknowledged)}</span>'
                )
                cls = "gr-ack"
            else:
                body = f'<span class="gr-sev">{SEVERITY_ZH[f.severity]}</span> {escape(f.message)}'
                cls = f"gr-{f.severity}"
            stale = f'<span class="gr-stale">{escape(f.stale_note)}</span>' if f.stale_note else ""
            items.append(
                f'<li id="{prefix}-note-{i}" class="{cls}"><strong>注{i}</strong> {r.year} 年度 '
                f'<span class="gr-rule">{escape(f.rule)}</span> {body}{stale}'
                + (f' <span class="gr-where">{where}</span>' if ctx.locations else "")
                + "</li>"
            )
        open_n = sum(1 for _, _, f in notes if not f.acknowledged)
        kind_cls = "gr-findings-warning" if open_n else "gr-findings-ack"
        out.append(
            f'<div class="gr-findings {kind_cls}" role="note" aria-label="检查与说明" data-search-exclude><ul>{"".join(items)}</ul></div>'
        )
    out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------
# Derived rates


@dataclass
class RateValue:
    """One rate for one report: the share (percent) or why it is not shown."""

    rate: Rate
    numerator: Number | None
    denominator: Number | None

    @property
    def percent(self) -> Decimal | None:
        if self.numerator is None or self.denominator is None or self.denominator < MIN_DENOMINATOR:
            return None
        return (Decimal(self.numerator) * 100 / Decimal(self.denominator)).quantize(Decimal("0.1"))

    @property
    def note(self) -> str:
        if self.numerator is None or self.denominator is None:
            return "未填写"
        if self.denominator < MIN_DENOMINATOR:
            return f"分母 {format_value(self.denominator)} 小于 {MIN_DENOMINATOR}，不计算"
        return ""


def _sum_figures(report: Report, keys: tuple[str, ...]) -> Number | None:
    """Sum of figures (:data:`registry.FIGURES`); None if any cell is missing."""
    return sum_or_none(report.figure(FIGURES[k])[0] for k in keys)


def derived_rates(reports_of_agency: Mapping[int, Report]) -> dict[int, list[RateValue]]:
    """Every rate of :data:`RATES` for each year's report: ``{year: [RateValue, ...]}``."""
    out: dict[int, list[RateValue]] = {}
    for year, report in sorted(reports_of_agency.items()):
        if report.fmt is None:
            continue
        out[year] = [RateValue(r, _sum_figures(report, r.numerator), _sum_figures(report, r.denominator)) for r in RATES]
    return out


def rates_markdown(group: AgencyYears) -> str:
    """The “比率” section of an agency page: a table of rates by year, formulas below."""
    rates = derived_rates(group.by_year)
    if not rates:
        return ""
    years = sorted(rates)
    head = "".join(f'<th scope="col">{y} 年度</th>' for y in years)
    rows = []
    for i, rate in enumerate(RATES):
        tds = []
        for y in years:
            rv = rates[y][i]
            pct = rv.percent
            if pct is None:
                tds.append(f'<td class="gr-num gr-na"><span aria-hidden="true">—</span><span class="gr-delta">{escape(rv.note)}</span></td>')
            else:
                frac = f"{format_value(rv.numerator)}/{format_value(rv.denominator)}"
                tds.append(f'<td class="gr-num">{format_value(pct)}%<span class="gr-delta">{escape(frac)}</span></td>')
        rows.append(
            f'<tr><th scope="row">{escape(rate.label)}<span class="gr-formula">{escape(rate.formula)}</span></th>{"".join(tds)}</tr>'
        )
    table = (
        f'<div class="gr-table gr-keyfig gr-rates" data-search-exclude tabindex="0" role="region" aria-label="由表格计算的比率"><table><caption>由表格计算的比率</caption>'
        f'<thead><tr><th scope="col">比率（计算公式）</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )
    return (
        "\n## 比率\n\n"
        f"比率由各年度报告的表格数字按所列公式计算（小字为分子/分母）；分母小于 {MIN_DENOMINATOR} 时比率意义不大，不予显示（“—”）。\n\n"
        f"{table}\n"
    )
