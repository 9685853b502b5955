"""Hypothesis strategies shared by the property tests: random reports of either format (rows as
lists or mappings, totals left out or given right), their page text, and random edits of a text."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from mkdocs_govreport import Report
from mkdocs_govreport.registry import FORMATS, Format

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _value(kind: str) -> st.SearchStrategy[Any]:
    if kind == "amount":
        return st.decimals(min_value=0, max_value=99999, places=3, allow_nan=False, allow_infinity=False).map(
            lambda d: str(d)
        )
    if kind == "signed":
        return st.integers(min_value=-500, max_value=500)
    return st.integers(min_value=0, max_value=5000)


@st.composite
def reports(draw: st.DrawFn) -> tuple[Format, dict[str, Any]]:
    """A random report: random cells, rows as lists or mappings, totals left out or given right."""
    fmt = FORMATS[draw(st.sampled_from(sorted(FORMATS)))]
    year = 2022 if fmt.id == "2021" else 2020
    data: dict[str, Any] = {"agency": "测试局", "year": year, "format": int(fmt.id)}
    for table in fmt.tables:
        tdata: dict[str, Any] = {}
        for record in table.records:
            if record.is_total:
                continue
            values = {f.key: draw(_value(f.kind)) for f in record.addend_fields}
            row: Any = dict(values)
            if record.total_field is not None and draw(st.booleans()):
                row[record.total_field.key] = sum(values.values())
            if table.layout == "matrix" and draw(st.booleans()):
                row = [row[f.key] for f in record.fields if f.key in row]
            node = tdata
            for key in record.path[:-1]:
                node = node.setdefault(key, {})
            node[record.path[-1]] = row
        data[table.key] = tdata
    return fmt, data


def page_text(data: dict[str, Any]) -> str:
    return "---\n" + yaml.safe_dump({"govreport": data}, allow_unicode=True, sort_keys=False) + "---\n\n# 报告\n"


MUTATIONS = st.lists(
    st.tuples(
        st.integers(0, 10_000),
        st.sampled_from(["del", "ins", "replace", "dup", "swap", "drop_line"]),
        st.text(alphabet=st.sampled_from([*":-[]{},&*!|>'\"#%@`~ \t\n0123456789１２yesno.<>/\\", "\ufeff", "\x00", "中"]), max_size=4),
    ),
    min_size=1,
    max_size=8,
)


def mutate(text: str, edits: list[tuple[int, str, str]]) -> str:
    for pos, op, chunk in edits:
        pos %= max(len(text), 1)
        lines = text.split("\n")
        i, j = pos % len(lines), (pos // 7) % len(lines)
        if op == "del":
            text = text[:pos] + text[pos + 1 + len(chunk) :]
        elif op == "ins":
            text = text[:pos] + chunk + text[pos:]
        elif op == "replace":
            text = text[:pos] + chunk + text[pos + len(chunk) :]
        elif op == "dup":
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        else:
            del lines[i]
            text = "\n".join(lines)
    return text


def checked(report: Report | None) -> None:
    """A result, never an exception; every finding names a file and has a message."""
    if report is None:
        return
    for f in report.findings:
        assert f.file and f.message and f.rule
        assert f.line is None or f.line >= 1
