"""The two official report formats, described once, as data (``spec/formats.md``).

Everything else — the JSON Schema, the arithmetic rules, the HTML tables, the importer's
label matching, the CSV columns — is derived from the objects here.  A new national format
is one more ``Format`` here plus its tests.  The canonical labels are those of
``spec/formats.md``, character for character.
"""

from __future__ import annotations

import unicodedata

from .model import Balance, Field, Format, HeaderNode, Record, Section, Table

#: Upper bound for any count or amount (issue: numbers above a sane bound are refused).
MAX_VALUE = 1_000_000_000


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
        title_en="Table 3 — disclosure requests received and handled",
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
    title_en="Table 4 — administrative review and litigation",
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
    title_en="Table 2 — proactive disclosure",
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
    title_en="Table 2 — proactive disclosure",
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
    requires_fee_statement=True,
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
