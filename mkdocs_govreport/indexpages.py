"""The generated pages: the index (agencies × years), one page per agency, the yearly summary.

Pure functions from reports to Markdown.  Links to other pages are Markdown links relative to
the generated page, so MkDocs checks and rewrites them; tables with figures and the charts
are raw HTML blocks (no blank lines inside) with every user-written text escaped.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from html import escape
from urllib.parse import quote

from .charts import Series, bar_chart
from .crossyear import AgencyYears
from .findings import SEVERITY_ZH, Finding, format_value
from .registry import FORMATS, KINDS, RULES, Format, Record, cell_pointer, format_for_year
from .report import Report

Number = int | Decimal


# ---------------------------------------------------------------------------------------
# Key figures


@dataclass(frozen=True)
class KeyFigure:
    """A figure shown year by year: the sum of one field over some records of a table.

    ``paths`` name records exactly or as prefixes (``("results", "denied")`` = every
    不予公开 row); a total record (``results.total``) is only taken when named exactly.
    """

    key: str
    label: str
    table: str
    paths: tuple[tuple[str, ...], ...]
    field: str
    unit: str = "件"

    def records(self, fmt: Format) -> tuple[Record, ...]:
        return _figure_records(fmt.id, self)

    def pointers(self, fmt: Format) -> frozenset[str]:
        """Every cell the figure depends on (for marking findings beside it)."""
        return _figure_pointers(fmt.id, self)

    def value(self, report: Report) -> tuple[Number | None, bool]:
        """(value, applicable).  A figure with a missing cell is None: never a partial sum."""
        if report.fmt is None:
            return None, True
        pointers = _value_pointers(report.fmt.id, self.key, self)
        if not pointers:
            return None, False
        total: Number = 0
        cells = report.cells
        for p in pointers:
            cell = cells.get(p)
            if cell is None or cell.value is None:
                return None, True
            total += cell.value
        return total, True


@cache
def _figure_records(fid: str, fig: KeyFigure) -> tuple[Record, ...]:
    fmt = FORMATS[fid]
    if fig.table not in fmt.table_by_key:
        return ()
    table = fmt.table(fig.table)
    out: list[Record] = []
    for path in fig.paths:
        exact = table.by_path.get(path)
        if exact is not None:
            out.append(exact)
            continue
        out += [r for r in table.records if r.path[: len(path)] == path and not r.is_total]
    return tuple(r for r in out if r.field(fig.field) is not None)


_VALUE_POINTERS: dict[tuple[str, str], tuple[str, ...]] = {}


def _value_pointers(fid: str, key: str, fig: KeyFigure) -> tuple[str, ...]:
    """The cells summed for a figure (a plain dict lookup: this runs for every cell shown)."""
    found = _VALUE_POINTERS.get((fid, key))
    if found is None:
        found = _VALUE_POINTERS[(fid, key)] = tuple(
            cell_pointer(fig.table, r.path, fig.field) for r in _figure_records(fid, fig)
        )
    return found


@cache
def _figure_pointers(fid: str, fig: KeyFigure) -> frozenset[str]:
    out: set[str] = set()
    for r in _figure_records(fid, fig):
        f = r.field(fig.field)
        keys = [x.key for x in r.fields] if f is not None and f.is_total else [fig.field]
        out.update(cell_pointer(fig.table, r.path, k) for k in keys)
    return frozenset(out)


APPLICATION_FIGURES = (
    KeyFigure("new_received", "本年新收申请", "applications", (("new_received",),), "total"),
    KeyFigure("carried_over", "上年结转", "applications", (("carried_over",),), "total"),
    KeyFigure("handled", "办理结果总计", "applications", (("results", "total"),), "total"),
    KeyFigure("granted", "予以公开", "applications", (("results", "granted"),), "total"),
    KeyFigure("partial", "部分公开", "applications", (("results", "partial"),), "total"),
    KeyFigure("denied", "不予公开", "applications", (("results", "denied"),), "total"),
    KeyFigure("unavailable", "无法提供", "applications", (("results", "unavailable"),), "total"),
    KeyFigure("not_processed", "不予处理", "applications", (("results", "not_processed"),), "total"),
    KeyFigure("other", "其他处理", "applications", (("results", "other"),), "total"),
    KeyFigure("carried_forward", "结转下年度", "applications", (("carried_forward",),), "total"),
)
OUTCOME_KEYS = ("granted", "partial", "denied", "unavailable", "not_processed", "other")
LITIGATION = (("litigation_direct",), ("litigation_after_review",))
REVIEW_FIGURES = (
    KeyFigure("review", "行政复议", "review_litigation", (("review",),), "total"),
    KeyFigure("review_corrected", "复议结果纠正", "review_litigation", (("review",),), "corrected"),
    KeyFigure("litigation", "行政诉讼", "review_litigation", LITIGATION, "total"),
    KeyFigure("litigation_corrected", "诉讼结果纠正", "review_litigation", LITIGATION, "corrected"),
)


@cache
def active_figures(fid: str) -> tuple[KeyFigure, ...]:
    """Table 二 figures of a format: one per cell, derived from the registry."""
    table = FORMATS[fid].table("active")
    return tuple(
        KeyFigure(
            f"active.{r.key}.{f.key}",
            f"{r.label}：{f.label}",
            "active",
            (r.path,),
            f.key,
            "万元" if f.kind == "amount" else "",
        )
        for r in table.records
        for f in r.fields
    )


def figure_sections(fids: Iterable[str]) -> list[tuple[str, list[KeyFigure]]]:
    """(heading, figures) for the formats in use; table-二 figures merged by key."""
    active: dict[str, KeyFigure] = {}
    for fid in sorted(set(fids), reverse=True):  # the newer format's labels first
        for fig in active_figures(fid):
            active.setdefault(fig.key, fig)
    return [
        ("表三 收到和处理政府信息公开申请", list(APPLICATION_FIGURES)),
        ("表四 行政复议、行政诉讼", list(REVIEW_FIGURES)),
        ("表二 主动公开", list(active.values())),
    ]


# ---------------------------------------------------------------------------------------
# Helpers

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def md_text(text: str) -> str:
    """User text made inert in Markdown: HTML-escaped and Markdown punctuation escaped."""
    return _MD_SPECIAL.sub(r"\\\1", escape(" ".join(str(text).split()), quote=False))


def link(text_md: str, from_uri: str, to_uri: str) -> str:
    """A Markdown link from one page (src_uri) to a file (src_uri), relative.

    No link title: user text in a Markdown title (quotes, parentheses) can break the link.
    """
    rel = posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")
    return f"[{text_md}]({quote(rel)})"


def agency_slug(agency_id: str) -> str:
    """A safe file name for an agency page (ids failing the schema pattern get a hash)."""
    if re.fullmatch(r"[a-z0-9][a-z0-9._-]{0,99}", agency_id) and ".." not in agency_id:
        return agency_id
    return "agency-" + hashlib.sha1(agency_id.encode("utf-8")).hexdigest()[:10]


def fmt_num(v: Number | None) -> str:
    return "—" if v is None else format_value(v)


def _unit_suffix(fig: KeyFigure) -> str:
    """（万元） after a label, unless the label already names its unit."""
    if not fig.unit or fig.unit == "件" or fig.unit in fig.label:
        return ""
    return f"（{fig.unit}）"


def delta_text(cur: Number | None, prev: Number | None) -> str:
    if cur is None or prev is None:
        return ""
    d = cur - prev
    if d == 0:
        return "±0"
    return ("+" if d > 0 else "−") + format_value(abs(d))


@dataclass
class Status:
    open: int
    acknowledged: int
    errors: int

    @property
    def text(self) -> str:
        head = "无问题" if not self.open else f"{self.open} 个问题"
        return head + (f"，{self.acknowledged} 个已说明" if self.acknowledged else "")

    @property
    def css(self) -> str:
        return "gr-status-clean" if not self.open else ("gr-status-bad" if self.errors else "gr-status-warn")


def status_of(report: Report) -> Status:
    open_ = [f for f in report.findings if not f.acknowledged]
    return Status(len(open_), len(report.findings) - len(open_), sum(1 for f in open_ if f.severity == "error"))


@dataclass
class SitePaths:
    """Where the generated pages and data go (``src_uri``s)."""

    root: str

    @property
    def index(self) -> str:
        return f"{self.root}/index.md"

    @property
    def summary(self) -> str:
        return f"{self.root}/summary.md"

    def agency(self, agency_id: str) -> str:
        return f"{self.root}/agencies/{agency_slug(agency_id)}.md"

    def data(self, name: str) -> str:
        return f"{self.root}/data/{name}"


@dataclass
class Context:
    """What the page generators need: the groups, the pages of the reports, the paths."""

    groups: dict[str, AgencyYears]
    pages: dict[int, str]  # id(report) -> src_uri
    paths: SitePaths
    title: str
    downloads: list[str] = field(default_factory=list)  # data file names (relative to data/)

    _values: dict[tuple[int, str], tuple[Number | None, bool]] = field(default_factory=dict)

    def page(self, report: Report) -> str:
        return self.pages[id(report)]

    def value(self, report: Report, fig: KeyFigure) -> tuple[Number | None, bool]:
        """``fig.value(report)``, computed once per build (agency page and summary share it)."""
        key = (id(report), fig.key)
        found = self._values.get(key)
        if found is None:
            found = self._values[key] = fig.value(report)
        return found


def _kind(group: AgencyYears) -> str:
    latest = group.latest
    return latest.kind if latest is not None else "department"


def _name(group: AgencyYears) -> str:
    latest = group.latest
    return latest.agency if latest is not None else group.agency_id


# ---------------------------------------------------------------------------------------
# The index page


def index_page(ctx: Context) -> str:
    """Agencies × years, grouped by kind; each cell links the report with its status."""
    me = ctx.paths.index
    groups = sorted(ctx.groups.values(), key=lambda g: (_name(g), g.agency_id))
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
        members = [g for g in groups if _kind(g) == kind]
        if not members:
            continue
        out.append(f"## {kind_zh}（{len(members)} 个）")
        out.append("")
        out.append("| 机关 | " + " | ".join(f"{y} 年度" for y in years) + " |")
        out.append("|---|" + "---|" * len(years))
        for g in members:
            cells = [link(md_text(_name(g)), me, ctx.paths.agency(g.agency_id))]
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


# ---------------------------------------------------------------------------------------
# Agency pages


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
    caption: str, figures: Sequence[KeyFigure], years: list[int], group: AgencyYears, notes: list[tuple[int, Report, Finding]], prefix: str
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
            ptrs = fig.pointers(r.fmt)
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
            unit = _unit_suffix(fig)
            rows.append(f'<tr><th scope="row">{escape(fig.label + unit)}</th>{"".join(tds)}</tr>')
    if not rows:
        return ""
    head = "".join(f'<th scope="col">{y} 年度</th>' for y in years)
    return (
        f'<div class="gr-table gr-keyfig" data-search-exclude tabindex="0" role="region" aria-label="{escape(caption)}"><table><caption>{escape(caption)}</caption>'
        f'<thead><tr><th scope="col">项目</th>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    )


def _series(
    ctx: Context, group: AgencyYears, years: list[int], keys: Sequence[str], figures: Sequence[KeyFigure]
) -> list[Series]:
    by_key = {f.key: f for f in figures}
    return [Series(by_key[k].label, [ctx.value(group.by_year[y], by_key[k])[0] for y in years]) for k in keys]


def agency_page(ctx: Context, group: AgencyYears) -> str:
    """Key figures year by year, change from the year before, charts, explanations."""
    me = ctx.paths.agency(group.agency_id)
    name = _name(group)
    years = [y for y in sorted(group.by_year) if group.by_year[y].fmt is not None]
    out = [f"# {md_text(name)}：历年政府信息公开工作年度报告", ""]
    kind = KINDS.get(_kind(group), "")
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
    sections = figure_sections(group.by_year[y].fmt.id for y in years)  # type: ignore[union-attr]
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
            _series(ctx, group, years, ("new_received", "handled", "carried_forward"), APPLICATION_FIGURES),
        )
    )
    out.append("")
    out.append(
        bar_chart(
            f"gr-chart-{slug}-outcomes",
            f"{name}：办理结果构成（件）",
            cats,
            _series(ctx, group, years, OUTCOME_KEYS, APPLICATION_FIGURES),
            stacked=True,
        )
    )
    out.append("")
    out.append(
        bar_chart(
            f"gr-chart-{slug}-review",
            f"{name}：行政复议和行政诉讼（件）",
            cats,
            _series(ctx, group, years, ("review", "review_corrected", "litigation", "litigation_corrected"), REVIEW_FIGURES),
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
                f'<span class="gr-rule">{escape(f.rule)}</span> {body}{stale} <span class="gr-where">{where}</span></li>'
            )
        open_n = sum(1 for _, _, f in notes if not f.acknowledged)
        kind_cls = "gr-findings-warning" if open_n else "gr-findings-ack"
        out.append(
            f'<div class="gr-findings {kind_cls}" role="note" aria-label="检查与说明" data-search-exclude><ul>{"".join(items)}</ul></div>'
        )
    out.append("")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------
# The yearly summary


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
                if fig.key == "new_received":
                    yearly_new.append(total.value if total.complete else None)
                if fig.key == "handled":
                    yearly_handled.append(total.value if total.complete else None)
                unit = _unit_suffix(fig)
                rows.append(
                    f'<tr><th scope="row">{escape(fig.label + unit)}</th>{total.html()}'
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
