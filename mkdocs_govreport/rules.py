"""The single-report rules: S (schema), R1–R4 (arithmetic), W4, W6, W7, W8.

Each finding names the rule, the file and line of the offending cell, its JSON Pointer,
and says in Chinese which row and column, with both sides of the equation.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .findings import Finding, format_value
from .registry import FORMATS, MAX_VALUE, RULES, Format, cell_pointer, format_for_year
from .schema import ZERO, is_valid_for, validator_for
from .sections import SECTION_ORDER, parse_body

if TYPE_CHECKING:
    from jsonschema import ValidationError

    from .report import Report

TOP_KEY_LABELS = {
    "agency": "机关名称（agency）",
    "agency_id": "机关标识（agency_id）",
    "kind": "机关类型（kind）",
    "year": "报告年度（year）",
    "format": "表格格式（format）",
    "published": "发布日期（published）",
    "title": "标题（title）",
    "acknowledge": "问题说明（acknowledge）",
}


def table_name(fmt: Format | None, table_key: str) -> str:
    if fmt is None:
        fmt = FORMATS["2021"]
    t = fmt.table_by_key.get(table_key)
    return t.short_names[0] if t else table_key


def describe(fmt: Format | None, pointer: str) -> str:
    """Chinese name of a cell, record or key: ``表三“（一）予以公开”行“自然人”列``."""
    fmt = fmt or FORMATS["2021"]
    parts = [p for p in pointer.split("/") if p][:6]
    if not parts:
        return "报告数据"
    if parts[0] in TOP_KEY_LABELS:
        return TOP_KEY_LABELS[parts[0]]
    table = fmt.table_by_key.get(parts[0])
    if table is None:
        return f"“{parts[0]}”"
    tname = table.short_names[0]
    rest = tuple(parts[1:])
    # the longest record path that prefixes the rest
    for n in range(len(rest), 0, -1):
        record = table.by_path.get(rest[:n])
        if record is None:
            continue
        label = "›".join((*record.groups[1:], record.label)) if record.groups else record.label
        if n < len(rest):
            f = record.field(rest[n])
            if f is None and rest[n].isdigit() and int(rest[n]) < len(record.fields):
                # a row written as a list: the index is the column, in the official order
                f = record.fields[int(rest[n])]
            col = f"“{f.label}”" if f else f"“{rest[n]}”"
            if table.layout == "matrix":
                return f"{tname}“{label}”行{col}列"
            return f"{tname}“{label}”{col}"
        return f"{tname}“{label}”" + ("行" if table.layout == "matrix" else "")
    if rest:
        return f"{tname}“{'/'.join(rest)}”"
    return tname


# ---------------------------------------------------------------------------------------
# S: the JSON Schema


def _branch(err: ValidationError) -> list[ValidationError]:
    """Descend into anyOf: keep the branch the author evidently meant (by the value's type)."""
    if err.validator not in ("anyOf", "oneOf") or not err.context:
        return [err]
    inst = err.instance
    wanted = "object" if isinstance(inst, dict) else "array" if isinstance(inst, list) else None
    if wanted is None:
        return [err]
    for i, sub in enumerate(err.validator_value):
        if sub.get("type") == wanted:
            subs = [e for e in err.context if e.schema_path and e.schema_path[0] == i]
            out: list[ValidationError] = []
            for e in subs:
                out += _branch(e)
            return out or [err]
    return [err]


def _pointer(path: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "空值"
    if isinstance(value, (dict, list)):
        return "映射" if isinstance(value, dict) else f"列表（{len(value)} 项）"
    text = format_value(value)
    return text if len(text) < 40 else text[:40] + "…"


def _expected(schema: Any) -> str:
    t = schema.get("type") if isinstance(schema, dict) else None
    if t == "integer":
        if schema.get("minimum") == 0:
            return "非负整数（件数，不要加引号、单位或小数点）"
        return "整数"
    if t == ["number", "string"]:
        return "数字（金额，如 25.1）"
    if t == "object":
        return "“键: 值”映射"
    if t == "array":
        return "列表"
    if t == "string":
        return "文字"
    if isinstance(schema, dict) and "anyOf" in schema:
        if not any(isinstance(s, dict) and s.get("type") == "array" for s in schema["anyOf"]):
            return "“键: 值”映射，或 zero（全部为 0）"  # a table or a group of rows
        return "按列名写的映射、按列序写的数字列表，或 zero（全部为 0）"
    return "合适的值"


def _other_format_hint(report: Report, key_path: str) -> str:
    fmt = report.fmt
    for other in FORMATS.values():
        if fmt is not None and other.id == fmt.id:
            continue
        if any(p == key_path or p.startswith(key_path + "/") for p in other.pointers):
            here = fmt.id if fmt else "?"
            return f"；这是 {other.id} 年格式的键，而本报告按 {here} 年格式（year: {report.year}）——请检查 year/format 是否写对"
    return ""


def _schema_finding(report: Report, err: ValidationError) -> Iterator[Finding]:
    fmt = report.fmt
    file = report.data_file
    ptr = _pointer(err.absolute_path)
    where = describe(fmt, ptr)
    v = err.validator
    inst = err.instance

    def mk(message: str, pointer: str = ptr) -> Finding:
        return Finding("S", message, file, report.line_of(pointer), report.column_of(pointer), pointer)

    if v == "required":
        missing = [k for k in err.validator_value if isinstance(inst, dict) and k not in inst]
        for key in missing:
            child = f"{ptr}/{key}"
            what = describe(fmt, child)
            if child.count("/") == 1 and key in TOP_KEY_LABELS:
                yield mk(f"缺少{what}", child)
            elif child.count("/") == 1:
                yield mk(f"缺少{what}的数据（整张表没有数字；如果全部为 0，请写 {key}: {ZERO}）", child)
            elif fmt and child in fmt.pointers:
                yield mk(f"{what}未填写：缺少这个单元格（没有就写 0，不能空着）", child)
            else:
                yield mk(f"缺少{what}（没有就写 0，或写 {ZERO} 表示全部为 0）", child)
    elif v == "additionalProperties":
        allowed = list((err.schema.get("properties") or {}).keys()) if isinstance(err.schema, dict) else []
        extra = [k for k in inst if k not in allowed] if isinstance(inst, dict) else []
        for key in extra:
            child = f"{ptr}/{str(key).replace('~', '~0').replace('/', '~1')}"  # a JSON Pointer token
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
            hint = f"；是不是“{close[0]}”？" if close else f"；此处可用的键：{'、'.join(allowed)}"
            yield mk(f"{where}中有未知的键“{key}”{hint}{_other_format_hint(report, child)}", child)
    elif v == "type" or v == "anyOf":
        yield mk(f"{where}应为{_expected(err.schema)}，实际写的是“{_value_text(inst)}”")
    elif v == "minimum" or v == "exclusiveMinimum":
        yield mk(f"{where}不能为负数或过小，写的是 {_value_text(inst)}")
    elif v in ("maximum", "exclusiveMaximum"):
        if ptr == "/year":
            yield mk(f"报告年度 {_value_text(inst)} 不合理")
        else:
            yield mk(f"{where}数字过大（{_value_text(inst)}），超过上限 {MAX_VALUE:,}，已拒绝处理：请检查是否多打了数字")
    elif v in ("minItems", "maxItems", "items"):
        sub = err.schema
        lo, hi = sub.get("minItems"), sub.get("maxItems")
        n = len(inst) if isinstance(inst, list) else 0
        if lo == hi:
            need = f"{lo} 个数"
        else:
            need = f"{lo} 个数（不含总计）或 {hi} 个数（含总计）"
        yield mk(f"{where}应写 {need}，实际写了 {n} 个：按列序写全，缺的单元格不能省略（没有就写 0）")
    elif v == "enum":
        options = "、".join(str(o) for o in err.validator_value)
        yield mk(f"{where}应为 {options} 之一，实际写的是“{_value_text(inst)}”")
    elif v == "pattern":
        if ptr == "/published":
            yield mk(f"发布日期应写成 2024-01-20 这样的形式，实际写的是“{_value_text(inst)}”")
        elif ptr == "/agency_id":
            yield mk(f"机关标识只能用小写字母、数字、点、下划线和连字符，实际写的是“{_value_text(inst)}”")
        else:
            yield mk(f"{where}应写成数字（如 25.1，不带单位、逗号），实际写的是“{_value_text(inst)}”")
    elif v == "const":
        yield mk(f"{where}应为 {err.validator_value}，实际写的是“{_value_text(inst)}”")
    elif v == "minLength":
        yield mk(f"{where}不能为空")
    elif v == "maxLength":
        yield mk(f"{where}过长")
    else:
        yield mk(f"{where}不符合格式要求（{err.message}）")


def schema_findings(report: Report) -> list[Finding]:
    """Rule S: the report data against its format's JSON Schema."""
    assert report.fmt is not None
    if is_valid_for(report.fmt.id, report.data):
        return []  # the compiled yes/no check; jsonschema only for the messages (see schema.py)
    validator = validator_for(report.fmt.id)
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for err in validator.iter_errors(report.data):
        for leaf in _branch(err):
            for f in _schema_finding(report, leaf):
                key = (f.pointer, f.message)
                if key not in seen:
                    seen.add(key)
                    out.append(f)
    return out


# ---------------------------------------------------------------------------------------
# R1–R4: arithmetic


def _num(v: Any) -> str:
    return format_value(v)


def arithmetic_findings(report: Report) -> list[Finding]:
    from .report import equations_for

    fmt = report.fmt
    assert fmt is not None
    cells = report.cells
    out: list[Finding] = []
    for rule, target, addends, table, record, _field in equations_for(fmt):
        tcell = cells[target]
        if tcell.status != "reported":
            continue
        values = [cells[a].value for a in addends]
        if any(v is None for v in values):
            continue
        total = sum(values)  # type: ignore[arg-type]
        if total == tcell.value:
            continue
        if rule == table.field_total_rule:
            terms = " + ".join(f"{f.label} {_num(v)}" for f, v in zip(record.addend_fields, values, strict=False))
            if table.layout == "matrix":
                msg = f"{describe(fmt, target)}填写为 {_num(tcell.value)}，但本行前六列之和为 {_num(total)}（{terms}）"
            else:
                msg = f"{describe(fmt, target)}填写为 {_num(tcell.value)}，但{terms} = {_num(total)}"
        else:
            nonzero = [(a, v) for a, v in zip(record.sum_of, values, strict=False) if v]
            terms = " + ".join(f"{_short_label(table, p)} {_num(v)}" for p, v in nonzero) or "各项均为 0"
            msg = (
                f"{describe(fmt, target)}填写为 {_num(tcell.value)}，但（一）至（六）各项之和为 {_num(total)}"
                f"（{terms}）"
            )
        out.append(
            Finding(
                rule,
                msg,
                report.data_file,
                report.line_of(target),
                report.column_of(target),
                target,
                (target, *addends),
                (tcell.value, total),
                RULES[rule].severity,
            )
        )
    for table in fmt.tables:
        for bal in table.balances:
            fields = table.by_path[bal.lhs[0]].fields
            for f in fields:
                lp = [cell_pointer(table.key, p, f.key) for p in bal.lhs]
                rp = [cell_pointer(table.key, p, f.key) for p in bal.rhs]
                lv = [cells[p].value for p in lp]
                rv = [cells[p].value for p in rp]
                if any(v is None for v in lv + rv):
                    continue
                ls, rs = sum(lv), sum(rv)  # type: ignore[arg-type]
                if ls == rs:
                    continue
                names = [_short_label(table, p) for p in bal.lhs + bal.rhs]
                msg = (
                    f"{table.short_names[0]}“{f.label}”列勾稽关系不成立：{names[0]} {_num(lv[0])} + {names[1]} {_num(lv[1])} = {_num(ls)}，"
                    f"而{names[2]} {_num(rv[0])} + {names[3]} {_num(rv[1])} = {_num(rs)}"
                )
                # anchor at the first reported cell of the right side, else of the left
                anchor = next((p for p in rp + lp if cells[p].status == "reported"), lp[0])
                out.append(
                    Finding(
                        bal.rule,
                        msg,
                        report.data_file,
                        report.line_of(anchor),
                        report.column_of(anchor),
                        anchor,
                        tuple(lp + rp),
                        (ls, rs),
                        RULES[bal.rule].severity,
                    )
                )
    return out


_SHORT = {
    "new_received": "本年新收",
    "carried_over": "上年结转",
    "results.total": "办理结果总计",
    "carried_forward": "结转下年",
}


def _short_label(table: Any, path: tuple[str, ...]) -> str:
    key = ".".join(path)
    if key in _SHORT:
        return _SHORT[key]
    record = table.by_path.get(path)
    if record is None:
        return key
    if len(record.groups) > 1:
        return f"{record.groups[1]}{record.label}"
    return record.label


# ---------------------------------------------------------------------------------------
# W4, W6, W7, W8: the report as a whole

_FEE_RE = re.compile(r"信息处理费|处理费")


def _parse_date(text: str) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        return None


# Text in the data is always escaped when shown; markup in it is still an error, because the
# author meant something the page will not do (and a reviewer should see the attempt).
_MARKUP = re.compile(
    r"<\s*[A-Za-z!/?]"  # a tag, comment or declaration
    r"|\b(?:java|vb)script\s*:"  # a script URL
    r"|\bdata\s*:\s*text/html"
    r"|\bon[a-z]{3,}\s*="  # an event-handler attribute (onerror=, onload=…)
    r"|&#",  # a character reference smuggling any of the above
    re.IGNORECASE,
)
#: Spreadsheet programs run a cell that starts with one of these as a formula (the open-data
#: CSV files carry agency names and acknowledgement reasons).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _strings(value: Any, pointer: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield pointer, value
    elif isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (str, dict, list)):  # numbers (most of a report) hold no text
                yield from _strings(v, f"{pointer}/{str(k).replace('~', '~0').replace('/', '~1')}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            if isinstance(v, (str, dict, list)):
                yield from _strings(v, f"{pointer}/{i}")


def markup_findings(report: Report) -> list[Finding]:
    """S: HTML, script URLs or event attributes in any text of the data; a formula start in
    texts that go into the CSV downloads.  (The text is still shown escaped, as typed.)"""
    out: list[Finding] = []
    for pointer, text in _strings(report.data, ""):
        m = _MARKUP.search(text)
        where = describe(report.fmt, pointer) if pointer.count("/") == 1 else f"“{pointer}”"
        if m:
            start = max(0, m.start() - 10)
            snippet = text[start : m.end() + 20].replace("\n", " ")
            out.append(
                Finding(
                    "S",
                    f"{where}中含有 HTML 标记或脚本（“{snippet}”）：报告数据中的文字只按原样显示，"
                    "不能包含 HTML 标签、javascript: 链接或 on…= 事件属性，请删去",
                    report.data_file,
                    report.line_of(pointer),
                    report.column_of(pointer),
                    pointer=pointer,
                )
            )
        elif (pointer in ("/agency", "/title") or pointer.endswith("/reason")) and text.startswith(_FORMULA_START):
            out.append(
                Finding(
                    "S",
                    f"{where}以“{text[:1].strip() or '制表符'}”开头：电子表格会把开放数据 CSV 中这样的文字当作公式执行，请删去开头的符号",
                    report.data_file,
                    report.line_of(pointer),
                    report.column_of(pointer),
                    pointer=pointer,
                )
            )
    return out


def report_findings(report: Report) -> list[Finding]:
    out: list[Finding] = []
    fmt, year, file = report.fmt, report.year, report.data_file
    if fmt is not None and year is not None:
        expected = format_for_year(year)
        if expected and expected != fmt.id:
            out.append(
                Finding(
                    "W4",
                    f"{year} 年度的报告应使用 {expected} 年格式，本报告使用的是 {fmt.id} 年格式的表格",
                    file,
                    report.line_of("/format"),
                    pointer="/format",
                    values=(fmt.id, expected),
                    severity="warning",
                )
            )
    published = report.published
    # a year outside the calendar (the schema reports it) must not crash the deadline check
    if published and year is not None and 0 < year < 9999:
        date = _parse_date(published)
        if date is None:
            if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", published):
                out.append(Finding("S", f"发布日期“{published}”不是有效日期", file, report.line_of("/published"), pointer="/published"))
        else:
            gov = report.kind == "government"
            deadline = _dt.date(year + 1, 3, 31) if gov else _dt.date(year + 1, 1, 31)
            if date > deadline:
                who = "人民政府" if gov else "政府部门"
                out.append(
                    Finding(
                        "W8",
                        f"{who}的 {year} 年度报告应于 {deadline.isoformat()} 前发布，实际发布日期为 {published}（晚 {(date - deadline).days} 天）",
                        file,
                        report.line_of("/published"),
                        pointer="/published",
                        values=(published, deadline.isoformat()),
                        severity="warning",
                    )
                )
            elif date.year <= year:
                out.append(
                    Finding(
                        "S",
                        f"发布日期 {published} 早于 {year} 年度结束，请检查年份是否写错",
                        file,
                        report.line_of("/published"),
                        pointer="/published",
                    )
                )
    out += body_findings(report)
    out += markup_findings(report)
    return out


def _in_order(order: list[int]) -> set[int]:
    """Indexes of a longest strictly increasing subsequence of ``order`` (earliest on ties, so a
    repeated heading is the later one left out)."""
    if not order:
        return set()
    best = [1] * len(order)
    back = [-1] * len(order)
    for i, cur in enumerate(order):
        for j in range(i):
            if order[j] < cur and best[j] + 1 > best[i]:
                best[i], back[i] = best[j] + 1, j
    i = best.index(max(best))
    keep: set[int] = set()
    while i >= 0:
        keep.add(i)
        i = back[i]
    return keep


def body_findings(report: Report) -> list[Finding]:
    """W6, W7 and unknown placement markers: they read the narrative."""
    out: list[Finding] = []
    if not report.body.strip():
        # front matter only: the page renders the full skeleton; only the fee statement is missing
        if report.fmt is not None and report.fmt.id == "2021":
            out.append(
                Finding(
                    "W6",
                    "第六部分“其他需要报告的事项”没有说明信息处理费收取情况（即使未收取也应写明，如“本年度未收取信息处理费”）",
                    report.file,
                    report.body_line,
                    severity="warning",
                )
            )
        return out
    body = parse_body(report.body, report.fmt)
    line0 = report.body_line
    for m in body.markers:
        if m.table is None:
            out.append(
                Finding(
                    "S",
                    f"不认识的表格位置标记“{m.name}”：可用 表二、表三、表四（或 active、applications、review_litigation）",
                    report.file,
                    line0 + m.line,
                )
            )
    present = [h.key for h in body.headings]
    missing = [
        key
        for key in SECTION_ORDER
        if key not in present and key not in ("active", "applications", "review_litigation")
    ]
    from .registry import SECTION_HEADINGS

    if missing:
        names = "、".join(f"“{SECTION_HEADINGS[k]}”" for k in missing)
        out.append(
            Finding(
                "W7",
                f"报告缺少标准章节 {names}：年度报告应依次包含一至六六个部分",
                report.file,
                line0,
                values=tuple(missing),
                severity="warning",
            )
        )
    order = [SECTION_ORDER.index(k) for k in present]
    # The misplaced headings are those outside the longest run in standard order: with
    # 一、五、二、三、四、六 it is 五 that moved, not 二 (a neighbour-by-neighbour check blames 二).
    keep = _in_order(order)
    for i, h in enumerate(body.headings):
        if i not in keep:
            out.append(
                Finding(
                    "W7",
                    f"章节“{h.text}”的位置不对：标准章节应按一至六的顺序排列，且每个只出现一次",
                    report.file,
                    line0 + h.line,
                    values=(h.key,),
                    severity="warning",
                )
            )
            break
    for h in body.headings:
        if h.variant:
            canonical = SECTION_HEADINGS[h.key]
            out.append(
                Finding(
                    "W5",
                    f"章节标题“{h.text}”不是标准写法，标准标题为“{canonical}”",
                    report.file,
                    line0 + h.line,
                    values=(h.text, canonical),
                    severity="warning",
                )
            )
    if report.fmt is not None and report.fmt.id == "2021":
        text = body.section_text("other_matters")
        if text is not None and not _FEE_RE.search(text):
            h = body.first("other_matters")
            out.append(
                Finding(
                    "W6",
                    "第六部分“其他需要报告的事项”没有说明信息处理费收取情况（即使未收取也应写明，如“本年度未收取信息处理费”）",
                    report.file,
                    line0 + (h.line if h else 0),
                    severity="warning",
                )
            )
    return out
