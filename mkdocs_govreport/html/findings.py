"""Findings boxes: the list of what the checks found, beside the tables and on agency pages."""

from __future__ import annotations

from html import escape

from ..core.findings import SEVERITY_ZH, Finding
from ..core.report import Report
from .escape import attr as _attr


def render_findings(findings: list[tuple[int, Finding]], prefix: str, title: str, *, locations: bool = True) -> str:
    """A box listing findings; acknowledged ones show the author's explanation."""
    if not findings:
        return ""
    open_ = [x for x in findings if not x[1].acknowledged]
    kind = "gr-findings-error" if any(f.severity == "error" for _, f in open_) else (
        "gr-findings-warning" if open_ else "gr-findings-ack"
    )
    head = f"{title} {len(open_)} 个问题" if open_ else f"{title.replace('检查发现', '已说明的问题')}"
    if open_ and len(open_) < len(findings):
        head += f"，{len(findings) - len(open_)} 个已说明"
    items = []
    for i, f in findings:
        where = f"第 {f.line} 行" if f.line else ""
        cls = "gr-ack" if f.acknowledged else f"gr-{f.severity}"
        label = "已说明" if f.acknowledged else SEVERITY_ZH[f.severity]
        text = (
            f'<li id="{prefix}-f{i}" class="{cls}"><span class="gr-rule">{escape(f.rule)}</span> '
            f'<span class="gr-sev">{label}</span> '
            + (f'<span class="gr-where">{escape(f.file)} {where}</span> ' if where and locations else "")
            + f"{escape(f.message)}"
        )
        if f.acknowledged:
            text += f'<span class="gr-reason">说明：{escape(f.acknowledged)}</span>'
        if f.stale_note:
            text += f'<span class="gr-stale">{escape(f.stale_note)}</span>'
        items.append(text + "</li>")
    return (
        f'<div class="gr-findings {kind}" role="note" aria-label="{_attr(head)}" data-search-exclude>'
        f'<p class="gr-findings-title">{escape(head)}</p><ul>{"".join(items)}</ul></div>'
    )


def render_report_findings(report: Report, prefix: str = "gr", *, locations: bool = True) -> str:
    """The findings that belong to no table (metadata, narrative, structure)."""
    keys = tuple(t.key for t in report.fmt.tables) if report.fmt else ()
    own = [
        (i, f)
        for i, f in enumerate(report.findings, 1)
        if not any(f.pointer == f"/{k}" or f.pointer.startswith(f"/{k}/") for k in keys)
        or report.fmt is None
    ]
    return render_findings(own, prefix, "本报告检查发现", locations=locations)
