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

from ..registry import FORMATS, MAX_VALUE, METADATA, Field, Format, Record, Table
from ..registry.metadata import REQUIRED_KEYS
from ..registry.model import VALUE_KIND_ZH

SCHEMA_VERSION = "1"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
ZERO = "zero"



def schema_id(format_id: str) -> str:
    """The versioned ``$id`` of a format's schema (part of the data contract)."""
    return f"urn:mkdocs-govreport:report:{format_id}:v{SCHEMA_VERSION}"


def value_schema(f: Field, where: str) -> dict[str, Any]:
    title = f"{where}：{f.label}"
    desc = f.help or f"{f.label}，{VALUE_KIND_ZH[f.kind]}"
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
    """The JSON Schema of a report's data in one format: the top-level keys of
    ``registry.metadata``, then one property per table."""
    props: dict[str, Any] = {m.key: m.property_schema(fmt) for m in METADATA}
    for table in fmt.tables:
        props[table.key] = table_schema(table)
    return {
        "$schema": DRAFT,
        "$id": schema_id(fmt.id),
        "title": f"政府信息公开工作年度报告数据（{fmt.id} 年格式）",
        "description": f"{fmt.name}（{fmt.notice}），适用于{fmt.years}。由 mkdocs-govreport 的字段登记表生成，请勿手改。",
        "type": "object",
        "properties": props,
        "required": [*REQUIRED_KEYS, *fmt.table_keys],
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
# when it says no does ``checks.structure.schema_findings`` ask jsonschema for the errors, so the
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


def json_equal(a: Any, b: Any) -> bool:
    """JSON equality as JSON Schema defines it for ``const``/``enum``: booleans are not numbers,
    1 equals 1.0, containers compare element by element."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, str) or isinstance(b, str):
        return isinstance(a, str) and isinstance(b, str) and a == b
    if isinstance(a, dict) or isinstance(b, dict):
        return isinstance(a, dict) and isinstance(b, dict) and a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) or isinstance(b, list):
        return isinstance(a, list) and isinstance(b, list) and len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    if a is None or b is None:
        return a is None and b is None
    return bool(a == b)


def _k_type(value: Any, _schema: dict[str, Any]) -> _Check:
    types = [_type_check(t) for t in (value if isinstance(value, list) else [value])]
    return lambda v: any(t(v) for t in types)


def _k_required(value: Any, _schema: dict[str, Any]) -> _Check:
    req = list(value)
    return lambda v: not isinstance(v, dict) or all(k in v for k in req)


def _k_any_of(value: Any, _schema: dict[str, Any]) -> _Check:
    subs = [_compile(s) for s in value]
    if len(subs) == 2:
        a, b = subs
        return lambda v: a(v) or b(v)
    return lambda v: any(s(v) for s in subs)


def _k_prefix_items(value: Any, _schema: dict[str, Any]) -> _Check:
    subs = [_compile(s) for s in value]
    return lambda v: not isinstance(v, list) or all(s(x) for s, x in zip(subs, v, strict=False))


def _k_items(value: Any, schema: dict[str, Any]) -> _Check:
    start = len(schema.get("prefixItems", []))
    sub = _compile(value)
    return lambda v: not isinstance(v, list) or all(sub(x) for x in v[start:])


def _k_min_items(m: Any, _schema: dict[str, Any]) -> _Check:
    return lambda v: not isinstance(v, list) or len(v) >= m


def _k_max_items(m: Any, _schema: dict[str, Any]) -> _Check:
    return lambda v: not isinstance(v, list) or len(v) <= m


def _k_min_length(m: Any, _schema: dict[str, Any]) -> _Check:
    return lambda v: not isinstance(v, str) or len(v) >= m


def _k_max_length(m: Any, _schema: dict[str, Any]) -> _Check:
    return lambda v: not isinstance(v, str) or len(v) <= m


def _k_minimum(m: Any, _schema: dict[str, Any]) -> _Check:
    return lambda v: not _is_number(v) or not v < m


def _k_maximum(m: Any, _schema: dict[str, Any]) -> _Check:
    return lambda v: not _is_number(v) or not v > m


def _k_exclusive_minimum(m: Any, _schema: dict[str, Any]) -> _Check:
    return lambda v: not _is_number(v) or not v <= m


def _k_exclusive_maximum(m: Any, _schema: dict[str, Any]) -> _Check:
    return lambda v: not _is_number(v) or not v >= m


def _k_pattern(value: Any, _schema: dict[str, Any]) -> _Check:
    rx = re.compile(value)
    return lambda v: not isinstance(v, str) or rx.search(v) is not None


def _k_const(value: Any, _schema: dict[str, Any]) -> _Check:
    return lambda v: json_equal(v, value)


def _k_enum(value: Any, _schema: dict[str, Any]) -> _Check:
    options = list(value)
    return lambda v: any(json_equal(v, o) for o in options)


#: One check factory per supported keyword (``properties``/``additionalProperties`` apart).
_KEYWORDS: dict[str, Callable[[Any, dict[str, Any]], _Check]] = {
    "type": _k_type,
    "required": _k_required,
    "anyOf": _k_any_of,
    "prefixItems": _k_prefix_items,
    "items": _k_items,
    "minItems": _k_min_items,
    "maxItems": _k_max_items,
    "minLength": _k_min_length,
    "maxLength": _k_max_length,
    "minimum": _k_minimum,
    "maximum": _k_maximum,
    "exclusiveMinimum": _k_exclusive_minimum,
    "exclusiveMaximum": _k_exclusive_maximum,
    "pattern": _k_pattern,
    "const": _k_const,
    "enum": _k_enum,
}


def _object_check(schema: dict[str, Any]) -> _Check:
    if "patternProperties" in schema:
        raise _UnsupportedError("patternProperties")
    props = [(k, _compile(s)) for k, s in schema.get("properties", {}).items()]
    ap = schema.get("additionalProperties", True)
    if ap is False:
        return _properties(props, frozenset(), None)
    if ap is True:
        return _properties(props, None, None)
    return _properties(props, None, _compile(ap))


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
        checks.append(_object_check(schema))
    for key, value in schema.items():
        if key in _IGNORED or key in ("properties", "additionalProperties"):
            continue
        factory = _KEYWORDS.get(key)
        if factory is None:
            raise _UnsupportedError(key)
        checks.append(factory(value, schema))
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
