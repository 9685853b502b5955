"""JSON Schema of the authoring data, generated from the field registry.

``python -m mkdocs_govreport schema --write`` (or ``govreport schema --write``) regenerates
``schemas/govreport-<format>.schema.json``; a test fails when the files drift from this code.
"""

from __future__ import annotations

import json
import numbers
import re
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from .registry import FIRST_YEAR, FORMATS, KINDS, MAX_VALUE, Field, Format, Record, Table

SCHEMA_VERSION = "1"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
ZERO = "zero"

KIND_LABEL = {"count": "件数（非负整数）", "signed": "增减数（整数，减少写负数）", "amount": "金额（万元，可写小数）"}


def schema_id(format_id: str) -> str:
    """The versioned ``$id`` of a format's schema (part of the data contract)."""
    return f"urn:mkdocs-govreport:report:{format_id}:v{SCHEMA_VERSION}"


def value_schema(f: Field, where: str) -> dict[str, Any]:
    title = f"{where}：{f.label}"
    desc = f.help or f"{f.label}，{KIND_LABEL[f.kind]}"
    if f.kind == "amount":
        return {
            "title": title,
            "description": desc + "。写数字（如 25.1）或带引号的数字文本；不会经过浮点数四舍五入。",
            "type": ["number", "string"],
            "pattern": r"^(0|[1-9][0-9]*)(\.[0-9]+)?$",
            "minimum": 0,
            "exclusiveMaximum": MAX_VALUE,
        }
    if f.kind == "signed":
        return {
            "title": title,
            "description": desc,
            "type": "integer",
            "exclusiveMinimum": -MAX_VALUE,
            "exclusiveMaximum": MAX_VALUE,
        }
    return {
        "title": title,
        "description": desc,
        "type": "integer",
        "minimum": 0,
        "exclusiveMaximum": MAX_VALUE,
    }


def _zero(title: str) -> dict[str, Any]:
    return {"title": title, "description": f"写 {ZERO} 表示{title}的每个单元格都是 0（显式的全零简写）。", "const": ZERO}


def record_schema(table: Table, record: Record) -> dict[str, Any]:
    fields = record.fields
    addends = record.addend_fields
    labels = "、".join(f.label for f in fields)
    obj = {
        "title": record.label,
        "description": f"按列名填写：{labels}。" + ("总计可省略，由工具计算。" if record.total_field else ""),
        "type": "object",
        "properties": {f.key: value_schema(f, record.label) for f in fields},
        "required": [f.key for f in addends],
        "additionalProperties": False,
    }
    arr: dict[str, Any] = {
        "title": record.label,
        "description": f"按官方列序写成列表：{labels}"
        + ("（总计可省略）。" if record.total_field else "。"),
        "type": "array",
        "prefixItems": [value_schema(f, record.label) for f in fields],
        "items": False,
        "minItems": len(addends),
        "maxItems": len(fields),
    }
    desc = record.help or f"{record.label}（{labels}）"
    return {"title": record.label, "description": desc, "anyOf": [obj, arr, _zero(record.label)]}


def _group_title(path: tuple[str, ...], table: Table) -> str:
    for r in table.records:
        if r.path[: len(path)] == path and len(r.path) > len(path):
            if len(path) == 1 and r.groups:
                return r.groups[0]
            if len(path) == 2 and len(r.groups) > 1:
                return r.groups[1]
    return "/".join(path)


def table_schema(table: Table) -> dict[str, Any]:
    """Nested object schema following the record paths of a table."""

    def build(prefix: tuple[str, ...]) -> dict[str, Any]:
        props: dict[str, Any] = {}
        required: list[str] = []
        for r in table.records:
            if r.path[: len(prefix)] != prefix or len(r.path) <= len(prefix):
                continue
            key = r.path[len(prefix)]
            if key in props:
                continue
            if len(r.path) == len(prefix) + 1:
                props[key] = record_schema(table, r)
                if not r.is_total:
                    required.append(key)
            else:
                # a group (（三）不予公开, results …) may also be written ``zero``, like a row or a table
                group = build((*prefix, key))
                props[key] = {"title": group["title"], "description": group["description"], "anyOf": [group, _zero(group["title"])]}
                required.append(key)
        title = table.title if not prefix else _group_title(prefix, table)
        return {
            "title": title,
            "description": f"{title}：" + "、".join(props),
            "type": "object",
            "properties": props,
            "required": required,
            "additionalProperties": False,
        }

    inner = build(())
    return {"title": table.title, "description": inner["description"], "anyOf": [inner, _zero(table.title)]}


def format_schema(fmt: Format) -> dict[str, Any]:
    """The JSON Schema of a report's data in one format."""
    props: dict[str, Any] = {
        "agency": {"title": "机关名称", "description": "报告标题中的机关全称，如“西工区统计局”", "type": "string", "minLength": 1, "maxLength": 200},
        "agency_id": {
            "title": "机关标识",
            "description": "跨年度稳定不变的标识（机关更名时保持不变），小写字母、数字和连字符，如 xigong-stats；省略时由机关名称生成",
            "type": "string",
            "pattern": r"^[a-z0-9][a-z0-9._-]{0,99}$",
        },
        "kind": {
            "title": "机关类型",
            "description": "department（政府部门，次年 1 月 31 日前发布）或 government（人民政府，次年 3 月 31 日前发布）",
            "enum": list(KINDS),
        },
        "year": {
            "title": "报告年度",
            "description": f"报告所述的年度（{FIRST_YEAR} 年起有全国统一表格格式）",
            "type": "integer",
            "minimum": FIRST_YEAR,
            "maximum": 2100,
        },
        "format": {
            "title": "表格格式",
            "description": f"{fmt.id}：{fmt.name}（{fmt.notice}），适用于{fmt.years}；省略时按年度确定",
            "enum": [int(fmt.id), fmt.id],
        },
        "published": {
            "title": "发布日期",
            "description": "报告发布日期，写成 2024-01-20（用于检查是否按期发布）",
            "type": "string",
            "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        },
        "title": {"title": "报告标题", "description": "页面标题；省略时为“<机关><年度>年政府信息公开工作年度报告”", "type": "string"},
        "acknowledge": {
            "title": "已核实的问题说明",
            "description": "对检查发现的问题的书面说明：写明后该问题在页面上显示说明，且不再使严格构建失败",
            "type": "array",
            "items": {
                "title": "一条说明",
                "description": "rule：规则编号；cell：单元格指针（可省略）；numbers：说明时的数字（可省略，数字变化后说明失效）；reason：说明",
                "type": "object",
                "properties": {
                    "rule": {"title": "规则编号", "description": "如 W2、R1", "type": "string", "pattern": "^[A-Z][0-9]*$"},
                    "cell": {"title": "单元格", "description": "JSON 指针，如 /applications/carried_over/natural_person", "type": "string", "pattern": "^/"},
                    "numbers": {
                        "title": "数字",
                        "description": "说明所针对的数字（等式两边），数字变化后说明过期",
                        "type": "array",
                        "items": {"title": "数字", "description": "等式一边的数字", "type": ["integer", "string", "number"]},
                    },
                    "reason": {"title": "说明", "description": "为什么这一问题不需要改正", "type": "string", "minLength": 2},
                },
                "required": ["rule", "reason"],
                "additionalProperties": False,
            },
        },
        "provenance": {
            "title": "来源",
            "description": "导入报告的来源：原文件或网址、SHA-256、导入工具版本和日期",
            "type": "object",
            "properties": {
                "source": {"title": "原文件或网址", "description": "导入时读取的文件名或网址", "type": "string"},
                "sha256": {"title": "SHA-256", "description": "原文件内容的 SHA-256 摘要", "type": "string", "pattern": "^[0-9a-f]{64}$"},
                "importer": {"title": "导入工具", "description": "导入工具及其版本", "type": "string"},
                "imported": {"title": "导入日期", "description": "导入日期，如 2026-01-05", "type": "string"},
            },
            "additionalProperties": True,
        },
        "departments": {
            "title": "所属部门",
            "description": "人民政府报告可声明其数字是下列部门报告之和（填写各部门的 agency_id），索引会核对合计",
            "type": "array",
            "items": {"title": "部门标识", "description": "部门的 agency_id", "type": "string"},
        },
    }
    for table in fmt.tables:
        props[table.key] = table_schema(table)
    return {
        "$schema": DRAFT,
        "$id": schema_id(fmt.id),
        "title": f"政府信息公开工作年度报告数据（{fmt.id} 年格式）",
        "description": f"{fmt.name}（{fmt.notice}），适用于{fmt.years}。由 mkdocs-govreport 的字段登记表生成，请勿手改。",
        "type": "object",
        "properties": props,
        "required": ["agency", "year", *[t.key for t in fmt.tables]],
        "additionalProperties": False,
    }


def schema_filename(format_id: str) -> str:
    return f"govreport-{format_id}.schema.json"


def dump(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(directory: Path) -> list[Path]:
    """Write every format's schema into ``directory``; returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for fid, fmt in FORMATS.items():
        path = directory / schema_filename(fid)
        path.write_text(dump(format_schema(fmt)), encoding="utf-8")
        paths.append(path)
    return paths


@cache
def validator_for(format_id: str) -> Any:
    """A compiled validator, built once per process and reused (schema compile is costly)."""
    from jsonschema import Draft202012Validator

    schema = format_schema(FORMATS[format_id])
    return Draft202012Validator(schema)


# ---------------------------------------------------------------------------------------
# Fast path: a yes/no check compiled from the same schema.
#
# Most reports are valid, and jsonschema spends most of a report's validation time in
# building error objects it then throws away (every ``anyOf`` branch that does not match).
# ``is_valid_for`` answers only "is it valid?", with closures compiled once from the schema
# and the exact keyword semantics of jsonschema (Draft 2020-12, no format assertion); only
# when it says no does ``rules.schema_findings`` ask jsonschema for the errors, so the
# findings and their messages are jsonschema's as before.  A schema keyword it does not
# know makes it fall back to jsonschema for every report (never a wrong "valid").

_Check = Callable[[Any], bool]
_IGNORED = frozenset({"$id", "$schema", "title", "description", "examples", "default", "$comment"})


class _UnsupportedError(Exception):
    pass


def _type_check(name: str) -> _Check:
    # mirrors jsonschema._types (bool is never an integer or a number)
    if name == "object":
        return lambda v: isinstance(v, dict)
    if name == "array":
        return lambda v: isinstance(v, list)
    if name == "string":
        return lambda v: isinstance(v, str)
    if name == "integer":
        return lambda v: isinstance(v, int) and not isinstance(v, bool)
    if name == "number":
        return lambda v: isinstance(v, numbers.Number) and not isinstance(v, bool)
    if name == "boolean":
        return lambda v: isinstance(v, bool)
    if name == "null":
        return lambda v: v is None
    raise _UnsupportedError(name)


_PLAIN_NUMBERS = (int, float, Decimal)


def _is_number(v: Any) -> bool:
    # the common exact types first: the ABC check is slow
    t = type(v)
    if t in _PLAIN_NUMBERS:
        return True
    return isinstance(v, numbers.Number) and not isinstance(v, bool)


def _all(checks: list[_Check]) -> _Check:
    """Conjunction, unrolled for the short lists schemas have (a genexpr per value is slow)."""
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        a, b = checks
        return lambda v: a(v) and b(v)
    if len(checks) == 3:
        a, b, c = checks
        return lambda v: a(v) and b(v) and c(v)
    cs = tuple(checks)
    return lambda v: all(c(v) for c in cs)


def _int_range(schema: dict[str, Any]) -> _Check | None:
    """``{type: integer, minimum, maximum}`` — every count cell — as one comparison."""
    keys = set(schema) - _IGNORED
    if schema.get("type") != "integer" or not keys <= {"type", "minimum", "maximum"}:
        return None
    lo, hi = schema.get("minimum"), schema.get("maximum")
    if lo is not None and hi is not None:
        return lambda v: isinstance(v, int) and not isinstance(v, bool) and lo <= v <= hi
    if lo is not None:
        return lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= lo
    if hi is not None:
        return lambda v: isinstance(v, int) and not isinstance(v, bool) and v <= hi
    return lambda v: isinstance(v, int) and not isinstance(v, bool)


def _properties(props: list[tuple[str, _Check]], known: frozenset[str] | None, extra: _Check | None) -> _Check:
    """``properties`` (+ ``additionalProperties``): one loop over the instance's own keys."""
    table = dict(props)

    def check(v: Any) -> bool:
        if not isinstance(v, dict):
            return True
        for k, x in v.items():
            c = table.get(k)
            if c is not None:
                if not c(x):
                    return False
            elif known is not None or (extra is not None and not extra(x)):
                return False  # additionalProperties: false, or the extra value fails its schema
        return True

    return check


def _compile(schema: Any) -> _Check:
    """One closure per keyword; the schema's check is their conjunction."""
    if schema is True:
        return lambda v: True
    if schema is False:
        return lambda v: False
    if not isinstance(schema, dict):
        raise _UnsupportedError(repr(schema))
    fused = _int_range(schema)
    if fused is not None:
        return fused
    checks: list[_Check] = []
    if "properties" in schema or "additionalProperties" in schema:
        if "patternProperties" in schema:
            raise _UnsupportedError("patternProperties")
        props = [(k, _compile(s)) for k, s in schema.get("properties", {}).items()]
        ap = schema.get("additionalProperties", True)
        if ap is False:
            checks.append(_properties(props, frozenset(), None))
        elif ap is True:
            checks.append(_properties(props, None, None))
        else:
            checks.append(_properties(props, None, _compile(ap)))
    for key, value in schema.items():
        if key in _IGNORED or key in ("properties", "additionalProperties"):
            continue
        if key == "type":
            types = [_type_check(t) for t in (value if isinstance(value, list) else [value])]
            checks.append(lambda v, ts=types: any(t(v) for t in ts))
        elif key == "required":
            req = list(value)
            checks.append(lambda v, r=req: not isinstance(v, dict) or all(k in v for k in r))
        elif key == "anyOf":
            subs = [_compile(s) for s in value]
            if len(subs) == 2:
                a, b = subs
                checks.append(lambda v, a=a, b=b: a(v) or b(v))
            else:
                checks.append(lambda v, ss=subs: any(s(v) for s in ss))
        elif key == "prefixItems":
            subs = [_compile(s) for s in value]
            checks.append(lambda v, ss=subs: not isinstance(v, list) or all(s(x) for s, x in zip(ss, v, strict=False)))
        elif key == "items":
            start = len(schema.get("prefixItems", []))
            sub = _compile(value)
            checks.append(lambda v, c=sub, n=start: not isinstance(v, list) or all(c(x) for x in v[n:]))
        elif key == "minItems":
            checks.append(lambda v, m=value: not isinstance(v, list) or len(v) >= m)
        elif key == "maxItems":
            checks.append(lambda v, m=value: not isinstance(v, list) or len(v) <= m)
        elif key == "minLength":
            checks.append(lambda v, m=value: not isinstance(v, str) or len(v) >= m)
        elif key == "maxLength":
            checks.append(lambda v, m=value: not isinstance(v, str) or len(v) <= m)
        elif key == "minimum":
            checks.append(lambda v, m=value: not _is_number(v) or not v < m)
        elif key == "maximum":
            checks.append(lambda v, m=value: not _is_number(v) or not v > m)
        elif key == "exclusiveMinimum":
            checks.append(lambda v, m=value: not _is_number(v) or not v <= m)
        elif key == "exclusiveMaximum":
            checks.append(lambda v, m=value: not _is_number(v) or not v >= m)
        elif key == "pattern":
            rx = re.compile(value)
            checks.append(lambda v, r=rx: not isinstance(v, str) or r.search(v) is not None)
        elif key in ("const", "enum"):
            from jsonschema._utils import equal

            options = [value] if key == "const" else list(value)
            checks.append(lambda v, os_=options: any(equal(v, o) for o in os_))
        else:
            raise _UnsupportedError(key)
    if not checks:
        return lambda v: True
    return _all(checks)


@cache
def _fast_check(format_id: str) -> _Check | None:
    try:
        return _compile(format_schema(FORMATS[format_id]))
    except _UnsupportedError:
        return None


def is_valid_for(format_id: str, data: Any) -> bool | None:
    """True/False when the compiled check can tell; None when jsonschema must decide."""
    check = _fast_check(format_id)
    return None if check is None else check(data)
