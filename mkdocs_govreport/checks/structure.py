"""Rule S: the structure of the data — its JSON Schema, text that would be markup or a
formula, dates that are not dates, placement markers naming no table.

(S is also reported while reading a page — encoding, YAML, format — by ``core.source`` and
``core.report``, and for a duplicate agency-year by :mod:`.continuity`.)
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..core.body import parse_body
from ..core.findings import Finding
from ..core.numbers import MAX_DIGITS, format_value, significant_digits
from ..core.pointers import describe, escape_token, pointer_of
from ..core.report import Report
from ..core.schema import ZERO, is_valid_for, validator_for
from ..registry import FORMATS, MAX_VALUE, META_BY_KEY

if TYPE_CHECKING:
    from jsonschema import ValidationError

RULE_IDS = ("S",)


def _keyword_value(err: ValidationError) -> Any:
    """The value of the schema keyword that failed (``required``'s list, ``anyOf``'s branches…)."""
    return err.validator_value


def _branch(err: ValidationError) -> list[ValidationError]:
    """Descend into anyOf: keep the branch the author evidently meant (by the value's type)."""
    if err.validator not in ("anyOf", "oneOf") or not err.context:
        return [err]
    inst = err.instance
    wanted = "object" if isinstance(inst, dict) else "array" if isinstance(inst, list) else None
    if wanted is None:
        return [err]
    for i, sub in enumerate(_keyword_value(err)):
        if sub.get("type") == wanted:
            subs = [e for e in err.context if e.schema_path and e.schema_path[0] == i]
            out: list[ValidationError] = []
            for e in subs:
                out += _branch(e)
            return out or [err]
    return [err]


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
    ptr = pointer_of(list(err.absolute_path))
    where = describe(fmt, ptr)
    v = err.validator
    inst = err.instance

    def mk(message: str, pointer: str = ptr) -> Finding:
        return Finding("S", message, file, report.line_of(pointer), report.column_of(pointer), pointer)

    if v == "required":
        missing = [k for k in _keyword_value(err) if isinstance(inst, dict) and k not in inst]
        for key in missing:
            child = f"{ptr}/{key}"
            what = describe(fmt, child)
            if child.count("/") == 1 and key in META_BY_KEY:
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
            child = f"{ptr}/{escape_token(str(key))}"
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
        sub: Any = err.schema
        lo, hi = sub.get("minItems"), sub.get("maxItems")
        n = len(inst) if isinstance(inst, list) else 0
        if lo == hi:
            need = f"{lo} 个数"
        else:
            need = f"{lo} 个数（不含总计）或 {hi} 个数（含总计）"
        yield mk(f"{where}应写 {need}，实际写了 {n} 个：按列序写全，缺的单元格不能省略（没有就写 0）")
    elif v == "enum":
        options = "、".join(str(o) for o in _keyword_value(err))
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
    """S: the report data against its format's JSON Schema (a value the loader already
    refused is not reported again)."""
    if report.fmt is None:
        return []
    if is_valid_for(report.fmt.id, report.data):
        return []  # the compiled yes/no check; jsonschema only for the messages (see core/schema.py)
    refused = {f.pointer for f in report.findings if f.pointer}
    validator = validator_for(report.fmt.id)
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for err in validator.iter_errors(report.data):
        for leaf in _branch(err):
            for f in _schema_finding(report, leaf):
                key = (f.pointer, f.message)
                if key not in seen and f.pointer not in refused:
                    seen.add(key)
                    out.append(f)
    return out


def published_findings(report: Report) -> list[Finding]:
    """S: a publication date that is not a date, or that falls before the year's end (the
    deadline itself is rule W8, in :mod:`.document`)."""
    published, year = report.published, report.year
    if not published or year is None or not 0 < year < 9999:
        return []
    date = parse_date(published)
    if date is None:
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", published):
            return [Finding("S", f"发布日期“{published}”不是有效日期", report.data_file, report.line_of("/published"), pointer="/published")]
        return []  # not in date form: the schema's pattern says so
    if date.year <= year:
        return [
            Finding(
                "S",
                f"发布日期 {published} 早于 {year} 年度结束，请检查年份是否写错",
                report.data_file,
                report.line_of("/published"),
                pointer="/published",
            )
        ]
    return []


def parse_date(text: str) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        return None


def marker_findings(report: Report) -> list[Finding]:
    """S: a placement marker naming no table."""
    if not report.body.strip():
        return []
    body = parse_body(report.body, report.fmt)
    return [
        Finding(
            "S",
            f"不认识的表格位置标记“{m.name}”：可用 表二、表三、表四（或 active、applications、review_litigation）",
            report.file,
            report.body_line + m.line,
        )
        for m in body.markers
        if m.table is None
    ]


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
#: Invisible characters that reorder or disguise text: bidirectional overrides and isolates,
#: direction marks, zero-width characters, the word joiner and a BOM inside text.
_HIDDEN = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad\u061c]")
_HIDDEN_NAMES = {
    **{chr(c): "改变文字方向的控制字符" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)},
    **{chr(c): "零宽字符" for c in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)},
    "\u00ad": "软连字符",
}
#: Spreadsheet programs run a cell that starts with one of these as a formula (the open-data
#: CSV files carry agency names and acknowledgement reasons).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _strings(value: Any, pointer: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield pointer, value
    elif isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (str, dict, list)):  # numbers (most of a report) hold no text
                yield from _strings(v, f"{pointer}/{escape_token(str(k))}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            if isinstance(v, (str, dict, list)):
                yield from _strings(v, f"{pointer}/{i}")


def markup_findings(report: Report) -> list[Finding]:
    """S: HTML, script URLs or event attributes in any text of the data; invisible characters
    that reorder or disguise text (bidirectional overrides, zero-width characters); a formula
    start in texts that go into the CSV downloads.  (The text is still shown escaped, as typed.)"""
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
        elif (hidden := _HIDDEN.search(text)) is not None:
            name = _HIDDEN_NAMES.get(hidden.group(0), "不可见的格式字符")
            out.append(
                Finding(
                    "S",
                    f"{where}中有{name}（U+{ord(hidden.group(0)):04X}，在第 {hidden.start() + 1} 个字符处）：它看不见，"
                    "却会改变文字的显示顺序或让两个看起来相同的名称不同，请删去（常见于从网页或其他软件复制的文字）",
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


def digits_findings(report: Report) -> list[Finding]:
    """S: an amount written as quoted text with more significant digits than can be kept exact
    (the loader refuses such a plain number itself)."""
    if report.fmt is None:
        return []
    out: list[Finding] = []
    for pointer, (_t, _r, f) in report.fmt.pointers.items():
        cell = report.cells.get(pointer)
        if f.kind != "amount" or cell is None or cell.status != "missing" or not cell.source:
            continue
        raw = _value_at(report.data, cell.source)
        if isinstance(raw, str) and significant_digits(raw) > MAX_DIGITS and raw.replace(".", "", 1).isdigit():
            out.append(
                Finding(
                    "S",
                    f"{describe(report.fmt, pointer)}写的是“{raw[:40]}”：有效数字超过 {MAX_DIGITS} 位，已拒绝处理（不会四舍五入后使用）",
                    report.data_file,
                    report.line_of(cell.source),
                    report.column_of(cell.source),
                    pointer=cell.source,
                )
            )
    return out


def _value_at(data: Any, pointer: str) -> Any:
    node = data
    for token in pointer.split("/")[1:]:
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict):
            node = node.get(key)
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return None
    return node
