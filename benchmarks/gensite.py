"""Synthetic portal sites for the benchmark: N consistent reports, several agencies over many years.

Every report satisfies the table equations (R1–R4) and the cross-year equations (W1–W3), its
narrative states the same numbers as its tables (so the narrative checks read real sentences),
and the two formats alternate with the year as the regulations say (2019 format up to 2020, 2021
format from 2021 on).  Each sentence every report has comes in several wordings and an agency
never uses last year's wording again, so that the sameness check (T8) stays quiet, as it should on
reports written afresh each year: a generated site passes every check (``tests/builds``).

``make_docs(docs, n, years=..., prose=...)``: one folder per agency (``reports/agency-0007/``),
one report a year; ``prose="sentences"`` gives a few sentences a report (about 250 characters),
``"paragraphs"`` five paragraphs in section 一 (about 850 characters).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from mkdocs_govreport.registry import FORMATS, format_for_year

YEARS = tuple(range(2019, 2027))  # 8 years: 2 in the 2019 format, 6 in the 2021 format
#: a portal of the issue-20 measurements: a report a year since 2019, six years an agency
PORTAL_YEARS = tuple(range(2019, 2025))
PROSE = ("sentences", "paragraphs")

# Phrases the narratives are built from; chosen at random per report so that consecutive
# years of one agency do not repeat each other (the sameness check T8 stays quiet).
_FOCUS = ("优化营商环境", "乡村振兴", "安全生产", "生态环境保护", "民生保障", "疫情防控", "数字政府建设",
          "城市更新", "教育公平", "就业创业", "养老服务", "食品药品安全", "防汛抗旱", "招商引资")
_ACTIONS = (
    "围绕{f}集中发布政策清单和申报指南，重点领域信息按期公开",
    "对{f}相关的政策文件逐件解读，解读材料与文件同步发布",
    "在门户网站开设{f}专栏，集中展示政策、进展和办事指南",
    "就{f}重大决策草案公开征求意见，意见采纳情况逐条反馈",
    "召开{f}新闻发布会{n}场，通过政务新媒体发布信息{m}条",
    "建立{f}信息公开月报制度，按月通报各科室公开情况",
)
_MGMT = (
    "对历年公开的政策文件开展清理，统一文号、成文日期和有效性标注",
    "修订信息公开保密审查办法，明确拟公开信息的审查流程和责任",
    "建立政府信息公开属性源头认定机制，公文起草时同步确定公开方式",
    "完成政策文件库建设，实现按主题、按部门、按有效性检索",
)
_PLATFORM = (
    "门户网站完成适老化和无障碍改造，栏目由{n}个精简为{m}个",
    "政务新媒体矩阵新增账号{n}个，全年发布信息{m}条",
    "政务服务网与门户网站实现单点登录，办事指南统一维护",
    "政府公报电子版与纸质版同步发布，累计上线公报{n}期",
)
_SUPERVISE = (
    "委托第三方机构开展政务公开评估，评估结果纳入年度绩效考核",
    "组织政务公开业务培训{n}期，参训人员{m}人次",
    "对{n}个部门的公开工作进行抽查，问题逐项督促整改",
)
_EXTRA = (
    "全年围绕{f}公开各类信息{m}条，其中政策文件{n}件",
    "{f}领域的惠企惠民资金发放情况按季度公开，接受社会监督",
    "针对{f}中群众反映集中的问题，编写问答{n}条并在网站集中展示",
    "把{f}信息公开纳入年度重点工作，主要负责同志{n}次专题研究",
    "在政务服务大厅设置{f}信息查阅点，提供纸质材料{m}份",
    "会同有关部门梳理{f}公开事项{n}项，明确公开时限和责任科室",
    "邀请人大代表、政协委员和群众代表{n}人参与{f}政策评议",
    "对{f}相关的行政规范性文件开展合法性审核和公平竞争审查",
    "通过在线访谈解答{f}相关问题{m}个，回应社会关切",
    "编印{f}政策汇编{n}册，向企业和群众免费发放",
)
_PROBLEMS = (
    "部分申请答复说理不够充分。下一步将建立疑难申请会商机制，并对纠正案例逐案复盘。",
    "个别栏目更新不及时，政策解读形式较单一。下一步将完善栏目维护责任制，增加图解和视频解读。",
    "基层公开标准目录落实不够到位。下一步将开展专项检查，推动目录与实际公开内容一一对应。",
    "依申请公开办理人员变动较大，业务衔接不畅。下一步将编制办理指引，加强新进人员培训。",
)


def _active(rng: random.Random, fid: str, in_force: dict[str, int]) -> list[str]:
    """Table 二; ``in_force`` carries each block's documents in force from year to year (W1)."""
    out = []
    for r in FORMATS[fid].table("active").records:
        vals = []
        keys = {f.key for f in r.fields}
        if {"issued", "repealed", "in_force"} <= keys:
            before = in_force.get(r.key, rng.randint(20, 300))
            issued, repealed = rng.randint(0, 30), rng.randint(0, min(10, before))
            in_force[r.key] = before + issued - repealed
            out.append(f"    {r.key}: {{issued: {issued}, repealed: {repealed}, in_force: {in_force[r.key]}}}")
            continue
        if "prev_year_items" in keys:
            # W3 (2019 format): last year's items + last year's change = this year's previous items
            items = in_force.get("items:" + r.key, rng.randint(20, 300))
            change = rng.randint(-3, 3)
            in_force["items:" + r.key] = items + change
            tail = f", decisions: {rng.randint(0, 900)}" if "decisions" in keys else ""
            out.append(f"    {r.key}: {{prev_year_items: {items}, change: {change}{tail}}}")
            continue
        for f in r.fields:
            if f.kind == "signed":
                v = str(rng.randint(-3, 3))
            elif f.kind == "amount":
                v = f"{rng.randint(0, 9999)}.{rng.randint(0, 99):02d}"
            else:
                v = str(rng.randint(0, 500))
            vals.append(f"{f.key}: {v}")
        out.append(f"    {r.key}: {{{', '.join(vals)}}}")
    return out


def _applications(rng: random.Random, fid: str, carried_over: list[int]) -> tuple[list[str], dict[str, int], list[int]]:
    """Table 三 (6 applicant columns, totals left to the plugin), figures for the narrative,
    and this year's carried_forward (next year's carried_over)."""
    table = FORMATS[fid].table("applications")
    results = [r for r in table.records if r.path[0] == "results" and not r.is_total and r.path[-1] != "total"]
    new = [rng.randint(0, 40) for _ in range(6)]
    fwd = [rng.randint(0, min(3, n + o)) for n, o in zip(new, carried_over, strict=True)]
    per_result = {r.path: [0] * 6 for r in results}
    for col in range(6):
        left = new[col] + carried_over[col] - fwd[col]
        while left:
            r = results[0] if rng.random() < 0.5 else rng.choice(results)
            k = rng.randint(1, left)
            per_result[r.path][col] += k
            left -= k
    lines = [f"    new_received: {new}", f"    carried_over: {carried_over}", "    results:"]
    written: set[tuple[str, ...]] = set()
    for r in results:
        for depth in range(2, len(r.path)):
            if r.path[:depth] not in written:
                written.add(r.path[:depth])
                lines.append("  " * (depth + 1) + f"{r.path[depth - 1]}:")
        lines.append("  " * (len(r.path) + 1) + f"{r.path[-1]}: {per_result[r.path]}")
    lines.append(f"    carried_forward: {fwd}")

    def total(head: str) -> int:
        return sum(sum(v) for p, v in per_result.items() if p[1] == head)

    figures = {
        "received": sum(new),
        "carried_over": sum(carried_over),
        "handled": sum(sum(v) for v in per_result.values()),
        "granted": total("granted"),
        "partial": total("partial"),
        "carried_forward": sum(fwd),
    }
    return lines, figures, fwd


def _review(rng: random.Random) -> tuple[list[str], dict[str, int]]:
    lines, figures = [], {}
    for key in ("review", "litigation_direct", "litigation_after_review"):
        row = {k: rng.randint(0, 3) for k in ("upheld", "corrected", "other", "pending")}
        figures[key] = sum(row.values())
        lines.append(f"    {key}: {{{', '.join(f'{k}: {v}' for k, v in row.items())}}}")
    return lines, figures


# Sentences every report has, each in several wordings: consecutive years of one agency never
# use the same wording (``_vary``), so that T8 (sameness with the year before) stays quiet, as it
# should on reports written afresh each year.
_OPENING = (
    "{year} 年，{name}以{f0}和{f1}为重点，深化决策、执行、管理、服务、结果“五公开”。",
    "本年度{name}把{f0}、{f1}作为政务公开的两项重点任务，逐项明确责任科室和完成时限。",
    "{name}坚持以公开为常态、不公开为例外，{year} 年集中力量推进{f0}和{f1}领域的信息公开。",
    "围绕{f0}与{f1}两件大事，{name}全年统筹安排政务公开工作，各项任务按计划落实。",
)
_APPLICATIONS = (
    "本年新收政府信息公开申请{received}件，上年结转{carried_over}件，办结{handled}件，其中予以公开{granted}件、部分公开{partial}件；结转下年度继续办理{carried_forward}件。",
    "全年共收到依申请公开{received}件，加上从上年转来的{carried_over}件，已答复{handled}件（予以公开{granted}件，部分公开{partial}件），尚有{carried_forward}件转入下年度办理。",
    "依申请公开方面，收到申请{received}件、上年遗留{carried_over}件，当年作出答复{handled}件，公开和部分公开分别为{granted}件和{partial}件，另有{carried_forward}件结转。",
)
_REVIEW = (
    "本年度因政府信息公开被申请行政复议{review}件，被提起行政诉讼{litigation}件。",
    "涉及政府信息公开的行政复议案件{review}件、行政诉讼案件{litigation}件，均依法应诉答复。",
    "全年发生信息公开类复议{review}件，诉讼{litigation}件，已逐案分析原因并改进答复工作。",
)
_FEES = (
    "本年度未收取信息处理费。",
    "全年没有向申请人收取信息处理费。",
    "本机关本年度未向任何申请人收取信息处理费用。",
)


def _pick(rng: random.Random, pool: tuple[str, ...], focus: str) -> str:
    return rng.choice(pool).format(f=focus, n=rng.randint(2, 30), m=rng.randint(40, 900))


def _vary(rng: random.Random, memory: dict[str, Any], slot: str, pool: tuple[str, ...]) -> str:
    """A wording from ``pool`` other than the one this agency used for ``slot`` the year before."""
    i = rng.choice([k for k in range(len(pool)) if k != memory.get(slot)])
    memory[slot] = i
    return pool[i]


def report_text(
    rng: random.Random,
    a: int,
    year: int,
    carried_over: list[int],
    in_force: dict[str, int],
    memory: dict[str, Any] | None = None,
    prose: str = "paragraphs",
) -> tuple[str, list[int]]:
    """One report page (front matter + narrative) and its carried_forward.

    ``prose``: ``"sentences"`` — a few sentences (about 250 characters: an opening, one on
    active disclosure, one on applications, one each in sections 四, 五, 六), or
    ``"paragraphs"`` — five paragraphs in section 一 (about 600 characters more).  ``memory``
    carries the agency's wordings from year to year (see ``_vary``)."""
    memory = {} if memory is None else memory
    kind = "government" if a % 8 == 0 else "department"
    name = f"示例区第{a}人民政府" if kind == "government" else f"示例区第{a}局"
    fid = format_for_year(year) or "2021"
    app_lines, fig, fwd = _applications(rng, fid, carried_over)
    rev_lines, rev = _review(rng)
    focus = rng.sample([f for f in _FOCUS if f not in memory.get("focus", ())], 3)
    memory["focus"] = focus
    opening = _vary(rng, memory, "opening", _OPENING).format(year=year, name=name, f0=focus[0], f1=focus[1])
    applications = _vary(rng, memory, "applications", _APPLICATIONS).format(**fig)
    review = _vary(rng, memory, "review", _REVIEW).format(
        review=rev["review"], litigation=rev["litigation_direct"] + rev["litigation_after_review"]
    )
    problems = _vary(rng, memory, "problems", _PROBLEMS)
    fees = _vary(rng, memory, "fees", _FEES)
    if prose == "sentences":
        overview = [opening, "", f"{_pick(rng, _ACTIONS, focus[0])}；{_pick(rng, _EXTRA, focus[1])}。{applications}"]
    else:
        overview = [
            opening,
            "",
            f"（一）主动公开。{_pick(rng, _ACTIONS, focus[0])}；{_pick(rng, _ACTIONS, focus[2])}；"
            f"{_pick(rng, _ACTIONS, focus[1])}。{_pick(rng, _EXTRA, focus[0])}。",
            "",
            f"（二）依申请公开。{applications}",
            "",
            f"（三）政府信息管理。{_pick(rng, _MGMT, focus[1])}。{_pick(rng, _EXTRA, focus[1])}。",
            "",
            f"（四）平台建设。{_pick(rng, _PLATFORM, focus[2])}。{_pick(rng, _EXTRA, focus[2])}。",
            "",
            f"（五）监督保障。{_pick(rng, _SUPERVISE, focus[0])}。",
        ]
    lines = [
        "---",
        "govreport:",
        f"  agency: {name}",
        f"  agency_id: agency-{a:04d}",
        f"  kind: {kind}",
        f"  year: {year}",
        f"  format: {fid}",
        f"  published: {year + 1}-01-{rng.randint(10, 28):02d}",
        "  active:",
        *_active(rng, fid, in_force),
        "  applications:",
        *app_lines,
        "  review_litigation:",
        *rev_lines,
        "---",
        "",
        f"# {name}{year}年政府信息公开工作年度报告",
        "",
        "## 一、总体情况",
        "",
        *overview,
        "",
        "## 二、主动公开政府信息情况",
        "",
        "## 三、收到和处理政府信息公开申请情况",
        "",
        "## 四、政府信息公开行政复议、行政诉讼情况",
        "",
        review,
        "",
        "## 五、存在的主要问题及改进情况",
        "",
        problems,
        "",
        "## 六、其他需要报告的事项",
        "",
        fees,
        "",
    ]
    return "\n".join(lines), fwd


def make_docs(
    docs: Path, n_reports: int, seed: int = 7, *, years: tuple[int, ...] = YEARS, prose: str = "paragraphs"
) -> list[Path]:
    """Write N report pages (agencies × ``years``, one folder per agency) and a home page under
    ``docs``; return the report paths.  ``prose``: see ``report_text``."""
    if prose not in PROSE:
        raise ValueError(f"prose: one of {PROSE}, not {prose!r}")
    rng = random.Random(seed)
    paths: list[Path] = []
    a = 0
    while len(paths) < n_reports:
        fwd = [0] * 6
        in_force: dict[str, int] = {}
        memory: dict[str, Any] = {}
        for year in years:
            if len(paths) >= n_reports:
                break
            text, fwd = report_text(rng, a, year, fwd, in_force, memory, prose)
            page = docs / "reports" / f"agency-{a:04d}" / f"{year}.md"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(text, encoding="utf-8")
            paths.append(page)
        a += 1
    (docs / "index.md").write_text("# 示例区政府信息公开\n\n各机关政府信息公开工作年度报告。\n", encoding="utf-8")
    return paths
