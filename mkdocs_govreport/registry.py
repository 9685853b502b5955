"""The field registry: the two official report formats described once, as data.

Everything else — the JSON Schema, the arithmetic rules, the HTML tables, the importer's
label matching, the CSV columns — is derived from the objects in this module.  A new
national format is one more ``Format`` here plus its tests.

Vocabulary
----------
* A *table* (``active``, ``applications``, ``review_litigation``) holds *records*.
* A *record* is what the author writes as one mapping (or list) in the YAML: a table-三 row,
  a table-二 row, a table-四 group.  Its ``path`` is its key path inside the table
  (``("results", "denied", "state_secret")``).
* A *field* is one cell of a record (``natural_person``, ``issued``, ``upheld``...).
* A *cell* is (table, record path, field key); its JSON Pointer is
  ``/<table>/<record path...>/<field>``.

The canonical labels are those of ``spec/formats.md``, character for character.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

ValueKind = Literal["count", "signed", "amount"]
Layout = Literal["blocks", "matrix", "groups"]

#: Upper bound for any count or amount (issue: numbers above a sane bound are refused).
MAX_VALUE = 1_000_000_000


@dataclass(frozen=True)
class Field:
    """One column of a record."""

    key: str
    label: str
    kind: ValueKind = "count"
    #: True for the 总计 column that sums the record's other fields.
    is_total: bool = False
    #: Chinese help text for editors (JSON Schema ``description``).
    help: str = ""


@dataclass(frozen=True)
class Record:
    """One row (table 二/三) or group (table 四) as written in the YAML."""

    path: tuple[str, ...]
    label: str
    fields: tuple[Field, ...]
    #: Labels of the merged row-header cells above this row (table 三 groups).
    groups: tuple[str, ...] = ()
    #: For a total row (``results.total``): the records it sums, field by field.
    sum_of: tuple[tuple[str, ...], ...] = ()
    #: Table-二 block caption (``第二十条第（一）项``) this row sits under.
    block: str = ""
    help: str = ""

    def __hash__(self) -> int:  # cheap: the default would hash every field of every column
        return hash(self.path)

    @property
    def key(self) -> str:
        """Dotted key, as in ``formats.md`` (``results.denied.state_secret``)."""
        return ".".join(self.path)

    @property
    def is_total(self) -> bool:
        return bool(self.sum_of)

    @cached_property
    def total_field(self) -> Field | None:
        for f in self.fields:
            if f.is_total:
                return f
        return None

    @cached_property
    def addend_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.is_total)

    def field(self, key: str) -> Field | None:
        for f in self.fields:
            if f.key == key:
                return f
        return None


@dataclass(frozen=True)
class Balance:
    """An equation between sums of records, checked field by field (rule R1)."""

    rule: str
    lhs: tuple[tuple[str, ...], ...]
    rhs: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Table:
    """One of the three official tables."""

    key: str
    section: str  # key of the section it belongs to
    title: str  # the section heading, used as <caption>
    layout: Layout
    records: tuple[Record, ...]
    #: Rule id for "the total field equals the sum of the record's other fields".
    field_total_rule: str = ""
    #: Rule id for "a total record equals the sum of the records it sums".
    record_total_rule: str = ""
    balances: tuple[Balance, ...] = ()
    #: table 三: the text of the top-left header cell.
    corner: str = ""
    #: table 三 / 四: the column-header tree as (label, children) pairs; leaves name fields.
    column_tree: tuple[HeaderNode, ...] = ()
    #: text printed under the table by the format (2019 table 三).
    note: str = ""
    #: Short names authors use for placement markers (``表二``).
    short_names: tuple[str, ...] = ()

    def __hash__(self) -> int:  # cheap: the default would hash the whole record tree
        return hash((self.key, self.layout))

    @cached_property
    def by_path(self) -> dict[tuple[str, ...], Record]:
        return {r.path: r for r in self.records}

    def record(self, key: str | tuple[str, ...]) -> Record | None:
        path = tuple(key.split(".")) if isinstance(key, str) else key
        return self.by_path.get(path)

    @cached_property
    def cells(self) -> tuple[tuple[Record, Field], ...]:
        return tuple((r, f) for r in self.records for f in r.fields)

    @cached_property
    def max_fields(self) -> int:
        return max(len(r.fields) for r in self.records)


@dataclass(frozen=True)
class HeaderNode:
    """A header cell of a column tree; a leaf carries the field key (or record+field)."""

    label: str
    children: tuple[HeaderNode, ...] = ()
    #: For leaves: the field key.  For table 四 group nodes: the record key.
    key: str = ""

    @property
    def width(self) -> int:
        return sum(c.width for c in self.children) if self.children else 1

    @property
    def depth(self) -> int:
        return 1 + max((c.depth for c in self.children), default=0)


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    #: Reworded headings seen in published reports (accepted, reported).
    variants: tuple[str, ...] = ()


@dataclass(frozen=True)
class Format:
    """A national report format: its sections and tables."""

    id: str
    name: str
    notice: str
    years: str
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    #: Known label slips in published reports: wrong text -> canonical text.
    label_slips: tuple[tuple[str, str], ...] = ()

    def __hash__(self) -> int:  # cheap: formats are looked up in caches once per report
        return hash(self.id)

    @cached_property
    def table_by_key(self) -> dict[str, Table]:
        return {t.key: t for t in self.tables}

    def table(self, key: str) -> Table:
        return self.table_by_key[key]

    @cached_property
    def all_cells(self) -> tuple[tuple[Table, Record, Field], ...]:
        return tuple((t, r, f) for t in self.tables for (r, f) in t.cells)

    @cached_property
    def pointers(self) -> dict[str, tuple[Table, Record, Field]]:
        return {cell_pointer(t.key, r.path, f.key): (t, r, f) for (t, r, f) in self.all_cells}


def cell_pointer(table: str, path: tuple[str, ...], field_key: str | None = None) -> str:
    """JSON Pointer of a cell (or of a record when ``field_key`` is None)."""
    parts = [table, *path] + ([field_key] if field_key is not None else [])
    return "/" + "/".join(parts)


# ---------------------------------------------------------------------------------------
# Sections (both formats)

SECTIONS = (
    Section("overview", "一、总体情况"),
    Section("active", "二、主动公开政府信息情况", ("二、行政机关主动公开政府信息情况",)),
    Section("applications", "三、收到和处理政府信息公开申请情况", ("三、行政机关收到和处理政府信息公开申请情况",)),
    Section("review_litigation", "四、政府信息公开行政复议、行政诉讼情况"),
    Section(
        "problems",
        "五、存在的主要问题及改进情况",
        ("五、政府信息公开工作存在的主要问题及改进情况", "五、存在问题及改进情况"),
    ),
    Section("other_matters", "六、其他需要报告的事项"),
)

SECTION_HEADINGS = {s.key: s.heading for s in SECTIONS}

# ---------------------------------------------------------------------------------------
# Table 三 (applications) — shared by both formats except for （六）其他处理

APPLICANT_FIELDS = (
    Field("natural_person", "自然人", help="自然人提出的申请件数"),
    Field("commercial", "商业企业", help="商业企业提出的申请件数"),
    Field("research", "科研机构", help="科研机构提出的申请件数"),
    Field("public_interest", "社会公益组织", help="社会公益组织提出的申请件数"),
    Field("legal_services", "法律服务机构", help="法律服务机构提出的申请件数"),
    Field("other_org", "其他", help="其他法人或组织提出的申请件数"),
    Field("total", "总计", is_total=True, help="本行总计（可省略，由工具计算；填写时必须等于前六列之和）"),
)

APPLICANT_COLUMN_TREE = (
    HeaderNode(
        "申请人情况",
        (
            HeaderNode("自然人", key="natural_person"),
            HeaderNode(
                "法人或其他组织",
                (
                    HeaderNode("商业企业", key="commercial"),
                    HeaderNode("科研机构", key="research"),
                    HeaderNode("社会公益组织", key="public_interest"),
                    HeaderNode("法律服务机构", key="legal_services"),
                    HeaderNode("其他", key="other_org"),
                ),
            ),
            HeaderNode("总计", key="total"),
        ),
    ),
)

APPLICATIONS_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
RESULTS_GROUP = "三、本年度办理结果"


def _app(path: str, label: str, *groups: str, help: str = "") -> Record:
    return Record(tuple(path.split(".")), label, APPLICANT_FIELDS, groups=groups, help=help)


def _application_records(other_detailed: bool) -> tuple[Record, ...]:
    g = RESULTS_GROUP
    denied, unavailable, not_processed, other = "（三）不予公开", "（四）无法提供", "（五）不予处理", "（六）其他处理"
    results = [
        _app("results.granted", "（一）予以公开", g),
        _app("results.partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", g),
        _app("results.denied.state_secret", "1.属于国家秘密", g, denied),
        _app("results.denied.law_prohibited", "2.其他法律行政法规禁止公开", g, denied),
        _app("results.denied.three_security_one_stability", "3.危及“三安全一稳定”", g, denied),
        _app("results.denied.third_party_rights", "4.保护第三方合法权益", g, denied),
        _app("results.denied.internal_affairs", "5.属于三类内部事务信息", g, denied),
        _app("results.denied.process_info", "6.属于四类过程性信息", g, denied),
        _app("results.denied.enforcement_file", "7.属于行政执法案卷", g, denied),
        _app("results.denied.admin_query", "8.属于行政查询事项", g, denied),
        _app("results.unavailable.not_held", "1.本机关不掌握相关政府信息", g, unavailable),
        _app("results.unavailable.needs_creation", "2.没有现成信息需要另行制作", g, unavailable),
        _app("results.unavailable.unclear_after_correction", "3.补正后申请内容仍不明确", g, unavailable),
        _app("results.not_processed.petition_complaint", "1.信访举报投诉类申请", g, not_processed),
        _app("results.not_processed.duplicate", "2.重复申请", g, not_processed),
        _app("results.not_processed.publication", "3.要求提供公开出版物", g, not_processed),
        _app("results.not_processed.excessive_repeat", "4.无正当理由大量反复申请", g, not_processed),
        _app("results.not_processed.confirm_or_reissue", "5.要求行政机关确认或重新出具已获取信息", g, not_processed),
    ]
    if other_detailed:
        results += [
            _app(
                "results.other.no_correction",
                "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                g,
                other,
            ),
            _app(
                "results.other.fee_unpaid",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                g,
                other,
            ),
            _app("results.other.other", "3.其他", g, other),
        ]
    else:
        results.append(_app("results.other", "（六）其他处理", g))
    total = Record(
        ("results", "total"),
        "（七）总计",
        APPLICANT_FIELDS,
        groups=(g,),
        sum_of=tuple(r.path for r in results),
        help="本年度办理结果总计（可省略，由工具计算）",
    )
    return (
        _app("new_received", "一、本年新收政府信息公开申请数量"),
        _app("carried_over", "二、上年结转政府信息公开申请数量", help="应等于上一年度报告的“结转下年度继续办理”"),
        *results,
        total,
        _app("carried_forward", "四、结转下年度继续办理"),
    )


def _applications(other_detailed: bool, note: str = "") -> Table:
    return Table(
        key="applications",
        section="applications",
        title=SECTION_HEADINGS["applications"],
        layout="matrix",
        records=_application_records(other_detailed),
        field_total_rule="R2",
        record_total_rule="R3",
        balances=(
            Balance(
                "R1",
                lhs=(("new_received",), ("carried_over",)),
                rhs=(("results", "total"), ("carried_forward",)),
            ),
        ),
        corner=APPLICATIONS_CORNER,
        column_tree=APPLICANT_COLUMN_TREE,
        note=note,
        short_names=("表三", "三", "applications"),
    )


# ---------------------------------------------------------------------------------------
# Table 四 (review_litigation) — identical in both formats

OUTCOME_FIELDS = (
    Field("upheld", "结果维持"),
    Field("corrected", "结果纠正"),
    Field("other", "其他结果"),
    Field("pending", "尚未审结"),
    Field("total", "总计", is_total=True, help="总计（可省略，由工具计算；填写时必须等于前四项之和）"),
)


def _outcome_nodes() -> tuple[HeaderNode, ...]:
    return tuple(HeaderNode(f.label, key=f.key) for f in OUTCOME_FIELDS)


REVIEW_LITIGATION = Table(
    key="review_litigation",
    section="review_litigation",
    title=SECTION_HEADINGS["review_litigation"],
    layout="groups",
    records=(
        Record(("review",), "行政复议", OUTCOME_FIELDS, help="因政府信息公开引起的行政复议"),
        Record(("litigation_direct",), "未经复议直接起诉", OUTCOME_FIELDS, help="行政诉讼：未经复议直接起诉"),
        Record(("litigation_after_review",), "复议后起诉", OUTCOME_FIELDS, help="行政诉讼：复议后起诉"),
    ),
    field_total_rule="R4",
    column_tree=(
        HeaderNode("行政复议", _outcome_nodes(), key="review"),
        HeaderNode(
            "行政诉讼",
            (
                HeaderNode("未经复议直接起诉", _outcome_nodes(), key="litigation_direct"),
                HeaderNode("复议后起诉", _outcome_nodes(), key="litigation_after_review"),
            ),
        ),
    ),
    short_names=("表四", "四", "review_litigation"),
)

# ---------------------------------------------------------------------------------------
# Table 二 (active)

ITEM_1, ITEM_5, ITEM_6, ITEM_8, ITEM_9 = (
    "第二十条第（一）项",
    "第二十条第（五）项",
    "第二十条第（六）项",
    "第二十条第（八）项",
    "第二十条第（九）项",
)

DOCS_2021 = (
    Field("issued", "本年制发件数"),
    Field("repealed", "本年废止件数"),
    Field("in_force", "现行有效件数"),
)
DECISIONS_2021 = (Field("decisions", "本年处理决定数量"),)

ACTIVE_2021 = Table(
    key="active",
    section="active",
    title=SECTION_HEADINGS["active"],
    layout="blocks",
    records=(
        Record(("regulations",), "规章", DOCS_2021, block=ITEM_1),
        Record(("normative_docs",), "行政规范性文件", DOCS_2021, block=ITEM_1),
        Record(("licensing",), "行政许可", DECISIONS_2021, block=ITEM_5),
        Record(("penalty",), "行政处罚", DECISIONS_2021, block=ITEM_6),
        Record(("coercion",), "行政强制", DECISIONS_2021, block=ITEM_6),
        Record(
            ("admin_fees",),
            "行政事业性收费",
            (Field("amount", "本年收费金额（单位：万元）", kind="amount", help="本年收费金额，单位万元，可写小数"),),
            block=ITEM_8,
        ),
    ),
    short_names=("表二", "二", "active"),
)

DOCS_2019 = (
    Field("new_made", "本年新制作数量"),
    Field("new_published", "本年新公开数量"),
    Field("total_published", "对外公开总数量"),
)
ITEMS_2019 = (
    Field("prev_year_items", "上一年项目数量"),
    Field("change", "本年增/减", kind="signed", help="本年增加或减少的项目数量，减少写负数"),
    Field("decisions", "处理决定数量"),
)

ACTIVE_2019 = Table(
    key="active",
    section="active",
    title=SECTION_HEADINGS["active"],
    layout="blocks",
    records=(
        Record(("regulations",), "规章", DOCS_2019, block=ITEM_1),
        Record(("normative_docs",), "规范性文件", DOCS_2019, block=ITEM_1),
        Record(("licensing",), "行政许可", ITEMS_2019, block=ITEM_5),
        Record(("other_mgmt_services",), "其他对外管理服务事项", ITEMS_2019, block=ITEM_5),
        Record(("penalty",), "行政处罚", ITEMS_2019, block=ITEM_6),
        Record(("coercion",), "行政强制", ITEMS_2019, block=ITEM_6),
        Record(("admin_fees",), "行政事业性收费", ITEMS_2019[:2], block=ITEM_8),
        Record(
            ("central_procurement",),
            "政府集中采购",
            (
                Field("projects", "采购项目数量"),
                Field("amount", "采购总金额", kind="amount", help="采购总金额，单位万元（原表未注明单位），可写小数"),
            ),
            block=ITEM_9,
        ),
    ),
    short_names=("表二", "二", "active"),
)

NOTE_2019 = (
    "编写说明：可先适当综述。要注意数据间的逻辑关系：第一项加第二项之和，等于第三项加第四项之和。"
    "“其他处理”项目：主要考虑极少数特殊情况。"
)

COMMON_SLIPS = (
    ("本年度止件数", "本年废止件数"),
    ("只计这一情况", "只计这一情形"),
    ("三类内容事务信息", "三类内部事务信息"),
)

FORMAT_2021 = Format(
    id="2021",
    name="中华人民共和国政府信息公开工作年度报告格式",
    notice="国办公开办函〔2021〕30号",
    years="2021 年及以后",
    sections=SECTIONS,
    tables=(ACTIVE_2021, _applications(other_detailed=True), REVIEW_LITIGATION),
    label_slips=(*COMMON_SLIPS, ("规范性文件", "行政规范性文件")),
)

FORMAT_2019 = Format(
    id="2019",
    name="中华人民共和国政府信息公开工作年度报告格式（试行）",
    notice="国办公开办函〔2019〕60号",
    years="2019、2020 年",
    sections=SECTIONS,
    tables=(ACTIVE_2019, _applications(other_detailed=False, note=NOTE_2019), REVIEW_LITIGATION),
    label_slips=COMMON_SLIPS,
)

FORMATS: dict[str, Format] = {"2021": FORMAT_2021, "2019": FORMAT_2019}

#: The first year with a national table format.
FIRST_YEAR = 2019


def format_for_year(year: int) -> str | None:
    """The format id that applies to a report year, or None before 2019."""
    if year >= 2021:
        return "2021"
    if year >= FIRST_YEAR:
        return "2019"
    return None


KINDS = {"department": "部门", "government": "人民政府"}


def normalize_label(text: str) -> str:
    """Label comparison key: NFKC, no whitespace, unified quotes and enumeration commas."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(text.split())
    return (
        text.replace('"', "“")
        .replace("”", "“")
        .replace("'", "“")
        .replace("，", "、")
        .replace(",", "、")
    )


@dataclass(frozen=True)
class RuleInfo:
    """Definition of a validation rule: its id, default severity and meaning."""

    id: str
    severity: Literal["error", "warning"]
    title: str
    description: str
    example: str = ""
    fix: str = ""
    cross_year: bool = False
    extra: dict[str, str] = field(default_factory=dict)


RULES: dict[str, RuleInfo] = {
    r.id: r
    for r in (
        RuleInfo(
            "S",
            "error",
            "数据结构",
            "报告数据须符合所用格式的 JSON Schema：不得有未知的键、不得缺少单元格，件数须为非负整数，金额须为数字。",
            example="applications:\n  new_received: [3, 0, 0, 0, 0]   # 只有 5 个数",
            fix="按格式补齐每个单元格（没有就写 0），键名按《数据模型》书写。",
        ),
        RuleInfo(
            "R1",
            "error",
            "勾稽关系",
            "表三每一列：第一项（本年新收）加第二项（上年结转）之和，等于第三项（办理结果总计）加第四项（结转下年度继续办理）之和。",
            example="new_received 自然人 10，carried_over 2，results.total 9，carried_forward 2：10+2 ≠ 9+2",
            fix="核对各项数字，使“新收＋结转”等于“办理结果总计＋结转下年”。",
        ),
        RuleInfo(
            "R2",
            "error",
            "行总计",
            "表三每一行：总计等于自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他六列之和。",
            example="granted: [3, 1, 0, 0, 0, 0, 5]   # 3+1 = 4 ≠ 5",
            fix="改正总计，或删去总计由工具计算。",
        ),
        RuleInfo(
            "R3",
            "error",
            "办理结果总计",
            "表三每一列：（七）总计等于（一）至（六）各项之和。",
            example="results.total 自然人 10，而（一）至（六）自然人之和为 9",
            fix="核对各项办理结果，或删去（七）总计由工具计算。",
        ),
        RuleInfo(
            "R4",
            "error",
            "复议诉讼总计",
            "表四每一组（行政复议、未经复议直接起诉、复议后起诉）：总计等于结果维持、结果纠正、其他结果、尚未审结之和。",
            example="review: {upheld: 1, corrected: 1, other: 0, pending: 0, total: 3}",
            fix="改正总计，或删去总计由工具计算。",
        ),
        RuleInfo(
            "W1",
            "warning",
            "现行有效件数跨年衔接",
            "2021 年格式，同一机关相邻年度：本年现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数。",
            fix="核对现行有效件数；如因清理文件等原因确实不衔接，在 acknowledge 中写明说明。",
            cross_year=True,
        ),
        RuleInfo(
            "W2",
            "warning",
            "申请结转跨年衔接",
            "同一机关相邻年度，每一列：本年“上年结转”等于上年报告的“结转下年度继续办理”（2020→2021 格式变化时同样适用）。",
            fix="核对结转数字；如确有原因，在 acknowledge 中写明说明。",
            cross_year=True,
        ),
        RuleInfo(
            "W3",
            "warning",
            "项目数量跨年衔接",
            "2019 年格式，同一机关相邻年度：本年“上一年项目数量”等于上年的“上一年项目数量”加上年的“本年增/减”。",
            fix="核对项目数量；如确有原因，在 acknowledge 中写明说明。",
            cross_year=True,
        ),
        RuleInfo(
            "W4",
            "warning",
            "格式与年度不符",
            "2019、2020 年度报告应使用 2019 年格式，2021 年及以后应使用 2021 年格式。",
            example="year: 2022\nformat: 2019",
            fix="按年度使用正确的表格格式。",
        ),
        RuleInfo(
            "W5",
            "warning",
            "非标准标签",
            "导入的文本使用了非标准的表格标签或章节标题（如“本年度止件数”、2021 年表中的“规范性文件”）。",
            fix="发布时使用格式规定的标准标签（本工具生成的表格已自动使用标准标签）。",
        ),
        RuleInfo(
            "W6",
            "warning",
            "未说明信息处理费",
            "2021 年格式：第六部分“其他需要报告的事项”应说明信息处理费的收取情况（即使未收取也应写明）。",
            example="## 六、其他需要报告的事项\n\n无。",
            fix="在第六部分写明，如：“本年度未收取信息处理费。”",
        ),
        RuleInfo(
            "W7",
            "warning",
            "章节缺失或顺序错误",
            "报告应依次包含六个标准章节（一、总体情况 …… 六、其他需要报告的事项）。",
            fix="补齐缺失的章节标题，并按一至六的顺序排列。",
        ),
        RuleInfo(
            "W8",
            "warning",
            "逾期发布",
            "县级以上人民政府部门应于次年 1 月 31 日前、人民政府应于次年 3 月 31 日前发布年度报告（条例第四十九条）。",
            example="kind: department\nyear: 2023\npublished: 2024-02-05",
            fix="按期发布；如确有原因，在 acknowledge 中写明说明。",
        ),
        # T: the checks assessors make (mkdocs_govreport/prose.py, assess.py, sameness.py).
        RuleInfo(
            "T1",
            "warning",
            "正文与表三申请数量不符",
            "正文所说的收到（受理、新收）、上年结转、办结（答复）、结转下年度的政府信息公开申请件数，与表三总计列不一致。"
            "只读取意思明确的说法（阿拉伯数字或中文数字，如“共收到政府信息公开申请154件”“办结148件”“结转至2026年6件”）；"
            "与上年比较、约数（“余”“近”）、某一类申请人或某一渠道、某个部门、其他年度的数字不读取。"
            "“受理”“收到”可理解为本年新收或新收加上年结转，“办理”还可理解为办理结果总计，任一理解相符即不报告。",
            example="正文：全区共收到政府信息公开申请17件。\n表三：本年新收政府信息公开申请数量 总计 95",
            fix="核对正文与表三，改正错误的一方；如确有原因，在 acknowledge 中写明说明（cell 写表格单元格，numbers 写正文和表格的数字）。",
        ),
        RuleInfo(
            "T2",
            "warning",
            "正文与表三办理结果不符",
            "正文所说的予以公开、部分公开、“予以公开及部分公开”、不予公开、无法提供、不予处理、其他处理件数，与表三对应各项之和不一致；"
            "或正文紧接其后的“占…%”与按表格重新计算的比例不符（分母可为办理结果总计、本年新收或新收加上年结转，"
            "按正文印出的小数位允许四舍五入或截断误差）。",
            example="正文：予以公开及部分公开258件。\n表三：予以公开 200 + 部分公开 75 = 275",
            fix="核对正文与表三的办理结果；比例按表格数字重新计算。",
        ),
        RuleInfo(
            "T3",
            "warning",
            "正文与表四不符",
            "正文所说的因政府信息公开引起的行政复议、行政诉讼件数（“行政复议36起”“行政诉讼9起”，行政诉讼为未经复议直接起诉与复议后起诉总计之和），"
            "或其中维持、纠正、尚未审结的件数，或“未发生行政复议、行政诉讼”，与表四不一致。只读取句中或上一句提到政府信息公开的说法。",
            example="正文：全年办理因政府信息公开申请引发的行政复议36起，行政诉讼9起。\n表四：行政复议总计 30",
            fix="核对正文与表四。",
        ),
        RuleInfo(
            "T4",
            "warning",
            "正文与表二不符",
            "正文所说的本年制发、废止或现行有效的规章、行政规范性文件件数，与表二不一致（2019 年格式按“本年新制作数量”核对制发件数）。",
            example="正文：全年制发行政规范性文件8件。\n表二：行政规范性文件 本年制发件数 5",
            fix="核对正文与表二。",
        ),
        RuleInfo(
            "T5",
            "warning",
            "信息处理费说法前后矛盾",
            "报告一处说未收取信息处理费，另一处写了收取的金额，或两处金额不同。",
            example="一、……收取信息处理费200元。\n六、本年度未收取信息处理费。",
            fix="核对信息处理费的实际收取情况，使各处说法一致。",
        ),
        RuleInfo(
            "T6",
            "warning",
            "第五部分没有内容",
            "第五部分“存在的主要问题及改进情况”为空，或只写“无”“暂无”：评估时通常扣分，应如实写明存在的问题和改进措施。",
            example="## 五、存在的主要问题及改进情况\n\n无。",
            fix="写明本年度工作中存在的主要问题和下一步改进措施。",
        ),
        RuleInfo(
            "T7",
            "warning",
            "标题序号不连续",
            "正文行首的序号“一、二、三……”或“（一）（二）（三）……”跳号、重号或不从“一”开始"
            "（“（一）”序列在每个“一、”级标题下重新计数）。",
            example="（一）主动公开情况\n（三）依申请公开情况",
            fix="按顺序改正序号。",
        ),
        RuleInfo(
            "T8",
            "warning",
            "与上年报告雷同",
            "正文与同一机关上一年度报告重复的比例超过阈值（默认 50%，插件选项 sameness_threshold）。"
            "计算方法（w-shingling 包含度，Broder 1997）：去掉标准章节标题、空白、标点和数字后，"
            "把正文切成连续 8 个字的片段，本年片段中也出现在上年报告中的比例。正文少于 200 字时不计算。",
            example="2024 年报告正文 87% 的 8 字片段与 2023 年报告相同（阈值 50%）",
            fix="按本年度实际工作重写正文；如确属固定表述，在 acknowledge 中写明说明（numbers 写百分比数字）。",
            cross_year=True,
            extra={"shingle": "8", "min_chars": "200", "threshold": "50"},
        ),
        RuleInfo(
            "T9",
            "warning",
            "区域汇总与部门报告之和不符",
            "人民政府报告用 departments 声明其数字是所列部门报告之和时，其表三、表四的每个单元格应等于这些部门同一年度报告对应单元格之和"
            "（有部门缺少该年度报告或单元格未填写时不核对）。",
            example="departments: [xigong-stats, xigong-edu]\n表三 本年新收 总计 120，两个部门之和 118",
            fix="核对汇总数字与各部门报告；如本级政府另有数字，不要声明 departments，或在 acknowledge 中写明说明。",
            cross_year=True,
        ),
        RuleInfo(
            "T10",
            "warning",
            "汇总所列部门缺少报告",
            "人民政府报告 departments 中列出的部门在本站没有同一年度的报告，无法核对汇总数字。",
            example="departments: [xigong-stats, xigong-edu]   # xigong-edu 没有 2024 年度报告",
            fix="补充该部门的报告，或从 departments 中删去。",
            cross_year=True,
        ),
    )
}
