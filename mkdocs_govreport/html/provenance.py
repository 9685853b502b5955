"""The provenance block of an imported report's page: where its numbers came from."""

from __future__ import annotations

import re
from html import escape

from ..core.numbers import format_value
from ..core.report import Report

#: Labels shown for the keys of ``provenance:`` (written by the importer).
_PROVENANCE_FIELDS = (
    ("source", "原文件"),
    ("url", "原文网址"),
    ("sha256", "原文件 SHA-256"),
    ("importer", "导入工具"),
    ("imported", "导入日期"),
)
_HTTP = re.compile(r"^https?://[^\s\"'<>]+$")


def render_provenance(report: Report) -> str:
    """A small block naming where an imported report came from (``provenance:`` in the data):
    source file or URL, SHA-256 of the source, importer and date, and what the importer noted."""
    prov = report.data.get("provenance")
    if not isinstance(prov, dict) or not prov:
        return ""
    items = []
    for key, label in _PROVENANCE_FIELDS:
        value = prov.get(key)
        if value is None or value == "" or isinstance(value, (dict, list)):
            continue
        text = value if isinstance(value, str) else format_value(value)
        if key in ("source", "url") and _HTTP.match(text):
            # only plain web addresses become links: never javascript: or data: URLs
            inner = f'<a href="{escape(text, quote=True)}" rel="nofollow noopener">{escape(text)}</a>'
            label = "原文网址" if key == "source" else label
        elif key == "sha256":
            inner = f"<code>{escape(text)}</code>"
        else:
            inner = escape(text)
        items.append(f"<dt>{escape(label)}</dt><dd>{inner}</dd>")
    notes = prov.get("findings")
    if isinstance(notes, list) and notes:
        lis = "".join(f"<li>{escape(n if isinstance(n, str) else format_value(n))}</li>" for n in notes)
        items.append(f"<dt>导入时的说明</dt><dd><ul>{lis}</ul></dd>")
    if not items:
        return ""
    return (
        '<div class="gr-provenance" role="note" aria-label="报告来源"><p class="gr-provenance-title">本页数据由原报告导入</p>'
        f'<dl>{"".join(items)}</dl></div>'
    )
