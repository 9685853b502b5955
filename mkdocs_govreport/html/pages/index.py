"""The index page: every agency × every year, grouped by kind, each cell a report's status.

A portal of many agencies (more than :data:`TABLE_MAX_AGENCIES`) gets a compact page instead of
one giant table: per kind (人民政府, 部门) a list with one line per agency — its page, its years,
its reports' status — and a filter (name or id, kind, year, status) that runs in the browser
without a server.  The filter is progressive enhancement: its form is hidden until the small
script (:data:`FILTER_SCRIPT`, written beside the page) runs; without JavaScript the grouped
lists are all there.  Each agency's page is one click away, each report two.
"""

from __future__ import annotations

import json
from html import escape

from ...core.collection import AgencyYears
from ...registry import KINDS
from .common import Context, Status, link, md_text, status_of

#: Above this many agencies the index is the compact, filterable list.
TABLE_MAX_AGENCIES = 50
#: The filter's script, written beside the index page (``<index.path>/filter.js``).
FILTER_SCRIPT = "filter.js"


def index_page(ctx: Context) -> str:
    """Agencies × years, grouped by kind; each cell links the report with its status."""
    me = ctx.paths.index
    groups = sorted(ctx.groups.values(), key=lambda g: (g.name, g.agency_id))
    years = sorted({y for g in groups for y in g.by_year})
    n_reports = sum(len(g.by_year) + len(g.undated) + len(g.duplicates) for g in groups)
    out = [f"# {md_text(ctx.title)}", ""]
    span = f"（{years[0]}—{years[-1]} 年度）" if years else ""
    how = (
        "下面按类别列出每个机关，可按名称、类别、年度和检查结果筛选；点击机关名称查看其各年度报告、主要数字和图表。"
        if len(groups) > TABLE_MAX_AGENCIES
        else "下表每格链接到该年度的报告，并显示自动检查的结果；点击机关名称查看其历年主要数字和图表。"
    )
    out.append(f"本站共有 {len(groups)} 个机关的 {n_reports} 份政府信息公开工作年度报告{span}。{how}")
    out.append("")
    out.append(f"- {link('各年度汇总（全部机关合计，计算值）', me, ctx.paths.summary)}")
    if ctx.downloads:
        parts = [link(md_text(name), me, ctx.paths.data(name)) for name in ctx.downloads if "/" not in name]
        wide = [name for name in ctx.downloads if name.startswith("wide/")]
        out.append(f"- 数据下载：{' · '.join(parts)}" + (f"（另有 {len(wide)} 个按年度、按表的宽表 CSV，见 datapackage.json）" if wide else ""))
    out.append("")
    if len(groups) > TABLE_MAX_AGENCIES:
        out += _compact(ctx, groups, years)
    else:
        out += _table(ctx, groups, years)
    extra = [(r, "年度未填写或无效") for g in groups for r in g.undated] + [
        (other, f"与 {kept.file} 重复（同一机关、同一年度）") for g in groups for kept, other in g.duplicates
    ]
    if extra:
        out.append("## 未列入上表的报告" if len(groups) <= TABLE_MAX_AGENCIES else "## 未列入上面各组的报告")
        out.append("")
        for r, why in extra:
            st = status_of(r)
            out.append(f"- {link(md_text(r.title), me, ctx.page(r))}：{md_text(why)}；{st.text}")
        out.append("")
    if len(groups) <= TABLE_MAX_AGENCIES:
        out.append("“—”表示本站没有该机关该年度的报告。")
        out.append("")
    return "\n".join(out)


def _table(ctx: Context, groups: list[AgencyYears], years: list[int]) -> list[str]:
    """Agencies × years per kind, each cell the report's status (a small portal)."""
    me = ctx.paths.index
    out: list[str] = []
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
    return out


def agency_status(group: AgencyYears) -> Status:
    """The agency's open problems over all its reports."""
    reports = [*group.by_year.values(), *group.undated]
    parts = [status_of(r) for r in reports]
    return Status(sum(p.open for p in parts), sum(p.acknowledged for p in parts), sum(p.errors for p in parts))


def year_ranges(years: list[int]) -> str:
    """2019–2023, 2025 as ``2019-2023,2025`` (the filter's data; short at any portal size)."""
    parts: list[str] = []
    for y in sorted(years):
        if parts and "-" not in parts[-1] and int(parts[-1]) == y - 1:
            parts[-1] = f"{parts[-1]}-{y}"
        elif parts and "-" in parts[-1] and int(parts[-1].split("-")[1]) == y - 1:
            parts[-1] = f"{parts[-1].split('-')[0]}-{y}"
        else:
            parts.append(str(y))
    return ",".join(parts)


def _compact(ctx: Context, groups: list[AgencyYears], years: list[int]) -> list[str]:
    """One line per agency, grouped by kind, with the data of the in-browser filter."""
    me = ctx.paths.index
    kinds = [(k, zh, [g for g in groups if g.kind == k]) for k, zh in KINDS.items()]
    kinds = [(k, zh, m) for k, zh, m in kinds if m]
    year_opts = "".join(f'<option value="{y}">{y} 年度</option>' for y in sorted(years, reverse=True))
    kind_opts = "".join(f'<option value="{k}">{zh}</option>' for k, zh, _m in kinds)
    out = [
        # hidden until the script runs: without JavaScript the lists below are the whole page
        '<form class="gr-filter" role="search" aria-label="筛选机关" hidden>'
        '<label>机关名称或标识 <input type="search" name="q" autocomplete="off" placeholder="输入机关名称的一部分"></label> '
        f'<label>类别 <select name="kind"><option value="">全部</option>{kind_opts}</select></label> '
        f'<label>年度 <select name="year"><option value="">全部年度</option>{year_opts}</select></label> '
        '<label>检查结果 <select name="status"><option value="">全部</option><option value="e">有错误</option>'
        '<option value="w">有问题（错误或警告）</option><option value="c">无问题</option></select></label> '
        '<output class="gr-filter-count" aria-live="polite"></output></form>',
        "",
        "每个机关一行：点击机关名称打开其历年报告、主要数字和图表；括号内为本站收录的年度和自动检查的结果。",
        "",
    ]
    data: list[list[str]] = []
    for kind, kind_zh, members in kinds:
        out.append(f"## {kind_zh}（{len(members)} 个）")
        out.append("")
        out.append(f'<div class="gr-index-group" data-kind="{escape(kind)}" hidden></div>')
        out.append("")
        for g in members:
            st = agency_status(g)
            ys = sorted(g.by_year)
            span = "" if not ys else (f"{ys[0]}–{ys[-1]} 年度" if len(ys) > 1 else f"{ys[0]} 年度")
            n = len(g.by_year) + len(g.undated)
            flag = "e" if st.errors else ("w" if st.open else "c")
            out.append(
                f"- {link(md_text(g.name), me, ctx.paths.agency(g.agency_id))}"
                f"（{span}{'，' if span else ''}{n} 份，<span class=\"{st.css}\">{st.text}</span>）"
            )
            data.append([kind, g.agency_id, year_ranges(ys), flag])
        out.append("")
    # the filter's data, in the order of the lines above; ``</`` cannot end the script early
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    out.append(f'<script type="application/json" id="gr-index-data">{payload}</script>')
    out.append(f'<script src="{FILTER_SCRIPT}" defer></script>')
    out.append("")
    return out
