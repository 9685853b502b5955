"""The top-level keys of a report's data (besides the three tables), described once.

The JSON Schema's properties, the messages naming a key (``机关名称（agency）``), the lead
columns of the CSV downloads, the canonical export's key order, the template comments of
``govreport new`` and the keys page of the documentation are all derived from
:data:`METADATA`.  Also here: the agency kinds, the one rule that tells a government from a
department when ``kind`` is absent, and the publication deadline (条例第四十九条).
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from .formats import FIRST_YEAR
from .model import Format

#: Agency kinds: the key written in the data and its Chinese name.
KINDS: dict[str, str] = {"department": "部门", "government": "人民政府"}

#: Deadlines: (month, day) of the year after the report year (条例第四十九条).
DEADLINES: dict[str, tuple[int, int]] = {"department": (1, 31), "government": (3, 31)}

#: A name ending like this is a government (its own report, compiled by its disclosure office):
#: 人民政府, a 管委会 of a development zone, a 街道办事处, or a bare place name (西工区, 平潭县).
#: Anything else (西工区统计局, 某某市科委) is a department.
_GOVERNMENT_NAME = re.compile(r"(?:人民政府|政府|管委会|管理委员会|办事处|街道|[省市区县旗镇乡])$")


def kind_of(agency: str) -> str:
    """The kind of an agency from its name, when the data does not say (``kind:``)."""
    name = "".join(unicodedata.normalize("NFKC", agency).split())
    return "government" if _GOVERNMENT_NAME.search(name) else "department"


def publication_deadline(kind: str, year: int) -> _dt.date:
    """The last day to publish the report for ``year`` (31 Jan for a department, 31 Mar for a
    government, of the following year)."""
    month, day = DEADLINES.get(kind, DEADLINES["department"])
    return _dt.date(year + 1, month, day)


def _deadline_text(kind: str) -> str:
    month, day = DEADLINES[kind]
    return f"次年 {month} 月 {day} 日前发布"


CsvType = Literal["string", "integer", "number", "boolean"]


@dataclass(frozen=True)
class MetaKey:
    """One top-level key of the report data."""

    key: str
    label: str
    description: str
    #: JSON Schema of the value, without title/description (a function of the format for ``format``).
    schema: Callable[[Format], dict[str, Any]]
    required: bool = False
    #: Table Schema type of the key in the CSV downloads.
    csv_type: CsvType = "string"
    #: In the canonical export: always present (computed when absent), or only when written.
    always_exported: bool = False
    #: Comment beside the key in a new report page (``govreport new``); "" = the label.
    template_note: str = ""
    #: Further keys of a mapping value (``provenance``), documented with the key.
    details: tuple[tuple[str, str], ...] = field(default=())

    def property_schema(self, fmt: Format) -> dict[str, Any]:
        """The key's entry in a format's JSON Schema."""
        return {"title": self.label, "description": self.describe(fmt), **self.schema(fmt)}

    def describe(self, fmt: Format) -> str:
        if self.key == "format":
            return f"{fmt.id}：{fmt.name}（{fmt.notice}），适用于{fmt.years}；省略时按年度确定"
        return self.description

    @property
    def message_name(self) -> str:
        """How messages name the key: ``机关名称（agency）``."""
        return f"{self.label}（{self.key}）"


def _const(schema: dict[str, Any]) -> Callable[[Format], dict[str, Any]]:
    return lambda _fmt: schema


_ACKNOWLEDGE_ITEM: dict[str, Any] = {
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
}

#: Keys of ``provenance`` written by the importer (other keys are allowed).
PROVENANCE_KEYS: tuple[tuple[str, str, str, dict[str, Any]], ...] = (
    ("source", "原文件或网址", "导入时读取的文件名或网址", {"type": "string"}),
    ("sha256", "SHA-256", "原文件内容的 SHA-256 摘要", {"type": "string", "pattern": "^[0-9a-f]{64}$"}),
    ("importer", "导入工具", "导入工具及其版本", {"type": "string"}),
    ("imported", "导入日期", "导入日期，如 2026-01-05", {"type": "string"}),
)

METADATA: tuple[MetaKey, ...] = (
    MetaKey(
        "agency",
        "机关名称",
        "报告标题中的机关全称，如“西工区统计局”",
        _const({"type": "string", "minLength": 1, "maxLength": 200}),
        required=True,
        always_exported=True,
        template_note="机关名称（与报告标题一致）",
    ),
    MetaKey(
        "agency_id",
        "机关标识",
        "跨年度稳定不变的标识（机关更名时保持不变），小写字母、数字和连字符，如 xigong-stats；省略时由机关名称生成",
        _const({"type": "string", "pattern": r"^[a-z0-9][a-z0-9._-]{0,99}$"}),
        always_exported=True,
        template_note="跨年度不变的标识，可改成易读的英文，如 xigong-stats",
    ),
    MetaKey(
        "kind",
        "机关类型",
        f"department（政府部门，{_deadline_text('department')}）或 government（人民政府，{_deadline_text('government')}）",
        _const({"enum": list(KINDS)}),
        always_exported=True,
        template_note="department（部门）或 government（人民政府）",
    ),
    MetaKey(
        "year",
        "报告年度",
        f"报告所述的年度（{FIRST_YEAR} 年起有全国统一表格格式）",
        _const({"type": "integer", "minimum": FIRST_YEAR, "maximum": 2100}),
        required=True,
        csv_type="integer",
        always_exported=True,
    ),
    MetaKey(
        "format",
        "表格格式",
        "2021 或 2019（国家规定的年度报告格式）；省略时按年度确定",
        lambda fmt: {"enum": [int(fmt.id), fmt.id]},
        always_exported=True,
    ),
    MetaKey(
        "published",
        "发布日期",
        "报告发布日期，写成 2024-01-20（用于检查是否按期发布）",
        _const({"type": "string", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}),
    ),
    MetaKey(
        "title",
        "报告标题",
        "页面标题；省略时为“<机关><年度>年政府信息公开工作年度报告”",
        _const({"type": "string"}),
    ),
    MetaKey(
        "acknowledge",
        "已核实的问题说明",
        "对检查发现的问题的书面说明：写明后该问题在页面上显示说明，且不再使严格构建失败",
        _const({"type": "array", "items": _ACKNOWLEDGE_ITEM}),
    ),
    MetaKey(
        "provenance",
        "来源",
        "导入报告的来源：原文件或网址、SHA-256、导入工具版本和日期",
        _const(
            {
                "type": "object",
                "properties": {k: {"title": t, "description": d, **s} for k, t, d, s in PROVENANCE_KEYS},
                "additionalProperties": True,
            }
        ),
        details=tuple((k, t) for k, t, _d, _s in PROVENANCE_KEYS),
    ),
    MetaKey(
        "departments",
        "所属部门",
        "人民政府报告可声明其数字是下列部门报告之和（填写各部门的 agency_id），索引会核对合计",
        _const({"type": "array", "items": {"title": "部门标识", "description": "部门的 agency_id", "type": "string"}}),
    ),
)

META_BY_KEY: dict[str, MetaKey] = {m.key: m for m in METADATA}

#: Keys that must be present (besides the tables).
REQUIRED_KEYS: tuple[str, ...] = tuple(m.key for m in METADATA if m.required)


def meta(key: str) -> MetaKey:
    return META_BY_KEY[key]
