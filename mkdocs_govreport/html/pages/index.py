"""The index page: every agency × every year, grouped by kind, each cell a report's status."""

from __future__ import annotations

from ...registry import KINDS
from .common import Context, link, md_text, status_of


def index_page(ctx: Context) -> str:
    """Agencies × years, grouped by kind; each cell links the report with its status."""
    me = ctx.paths.index
    groups = sorted(ctx.groups.values(), key=lambda g: (g.name, g.agency_id))
    years = sorted({y for g in groups for y in g.by_year})
    n_reports = sum(len(g.by_year) + len(g.undated) + len(g.duplicates) for g in groups)
    out = [f"# {md_text(ctx.title)}", ""]
    span = f"（{years[0]}—{years[-1]} 年度）" if years else ""
    out.append(
        f"本站共有 {len(groups)} 个机关的 {n_reports} 份政府信息公开工作年度报告{span}。"
        "下表每格链接到该年度的报告，并显示自动检查的结果；点击机关名称查看其历年主要数字和图表。"
    )
    out.append("")
    out.append(f"- {link('各年度汇总（全部机关合计，计算值）', me, ctx.paths.summary)}")
    if ctx.downloads:
        parts = [link(md_text(name), me, ctx.paths.data(name)) for name in ctx.downloads if "/" not in name]
        wide = [name for name in ctx.downloads if name.startswith("wide/")]
        out.append(f"- 数据下载：{' · '.join(parts)}" + (f"（另有 {len(wide)} 个按年度、按表的宽表 CSV，见 datapackage.json）" if wide else ""))
    out.append("")
    for kind, kind_zh in KINDS.items():
        members = [g for g in groups if g.kind == kind]
        if not members:
            continue
        out.append(f"## {kind_zh}（{len(members)} 个）")
        out.append("")
        out.append("| 机关 | " + " | ".join(f"{y} 年度" for y in years) + " |")
        out.append("|---|" + "---|" * len(years))
        for g in members:
            cells = [link(md_text(g.name), me, ctx.paths.agency(g.agency_id))]
            for y in years:
                r = g.by_year.get(y)
                if r is None:
                    cells.append("—")
                    continue
                st = status_of(r)
                cells.append(
                    # the hidden prefix names the report for screen-reader link lists
                    link(
                        f'<span class="gr-sr">{md_text(r.agency)} {y} 年度报告：</span><span class="{st.css}">{st.text}</span>',
                        me,
                        ctx.page(r),
                    )
                )
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    extra = [(r, "年度未填写或无效") for g in groups for r in g.undated] + [
        (other, f"与 {kept.file} 重复（同一机关、同一年度）") for g in groups for kept, other in g.duplicates
    ]
    if extra:
        out.append("## 未列入上表的报告")
        out.append("")
        for r, why in extra:
            st = status_of(r)
            out.append(f"- {link(md_text(r.title), me, ctx.page(r))}：{md_text(why)}；{st.text}")
        out.append("")
    out.append("“—”表示本站没有该机关该年度的报告。")
    out.append("")
    return "\n".join(out)
