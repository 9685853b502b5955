"""The rule catalogue: every rule id with its severity, meaning in Chinese and English, and
the ``checks`` module that implements it.  The ids are part of the data contract."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

#: The rule families, one module each under ``mkdocs_govreport/checks/``.
FAMILIES = ("structure", "arithmetic", "continuity", "document", "consistency", "claims", "narrative", "sameness", "rollup")


@dataclass(frozen=True)
class RuleInfo:
    """Definition of a validation rule: its id, default severity, meaning (Chinese, then English)
    and where it is implemented (``family``: ``checks/<family>.py``)."""

    id: str
    severity: Literal["error", "warning"]
    title: str
    description: str
    example: str = ""
    fix: str = ""
    cross_year: bool = False
    extra: dict[str, str] = field(default_factory=dict)
    #: The module of ``mkdocs_govreport.checks`` that implements the rule.
    family: str = ""
    title_en: str = ""
    description_en: str = ""


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
            family="structure",
            title_en='Structure and types (JSON Schema)',
            description_en="The data must match the format's JSON Schema: no unknown keys, no missing cells, counts are non-negative integers, amounts are numbers.",
        ),
        RuleInfo(
            "R1",
            "error",
            "勾稽关系",
            "表三每一列：第一项（本年新收）加第二项（上年结转）之和，等于第三项（办理结果总计）加第四项（结转下年度继续办理）之和。",
            example="new_received 自然人 10，carried_over 2，results.total 9，carried_forward 2：10+2 ≠ 9+2",
            fix="核对各项数字，使“新收＋结转”等于“办理结果总计＋结转下年”。",
            family="arithmetic",
            title_en='Table 3 balance: new + carried over = results total + carried forward',
            description_en='Table 3, every column: new requests + carried over from last year = results total + carried forward to next year.',
        ),
        RuleInfo(
            "R2",
            "error",
            "行总计",
            "表三每一行：总计等于自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他六列之和。",
            example="granted: [3, 1, 0, 0, 0, 0, 5]   # 3+1 = 4 ≠ 5",
            fix="改正总计，或删去总计由工具计算。",
            family="arithmetic",
            title_en='Table 3 row total',
            description_en='Table 3, every row: the total equals the sum of the six applicant columns.',
        ),
        RuleInfo(
            "R3",
            "error",
            "办理结果总计",
            "表三每一列：（七）总计等于（一）至（六）各项之和。",
            example="results.total 自然人 10，而（一）至（六）自然人之和为 9",
            fix="核对各项办理结果，或删去（七）总计由工具计算。",
            family="arithmetic",
            title_en='Table 3 results total',
            description_en='Table 3, every column: (七) total equals the sum of outcomes (一)–(六).',
        ),
        RuleInfo(
            "R4",
            "error",
            "复议诉讼总计",
            "表四每一组（行政复议、未经复议直接起诉、复议后起诉）：总计等于结果维持、结果纠正、其他结果、尚未审结之和。",
            example="review: {upheld: 1, corrected: 1, other: 0, pending: 0, total: 3}",
            fix="改正总计，或删去总计由工具计算。",
            family="arithmetic",
            title_en='Table 4 totals',
            description_en='Table 4, every group: the total equals upheld + corrected + other + pending.',
        ),
        RuleInfo(
            "W1",
            "warning",
            "现行有效件数跨年衔接",
            "2021 年格式，同一机关相邻年度：本年现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数。",
            fix="核对现行有效件数；如因清理文件等原因确实不衔接，在 acknowledge 中写明说明。",
            cross_year=True,
            family="continuity",
            title_en='Documents in force carry over between years',
            description_en="2021 format, consecutive years of one agency: in force = last year's in force + issued − repealed.",
        ),
        RuleInfo(
            "W2",
            "warning",
            "申请结转跨年衔接",
            "同一机关相邻年度，每一列：本年“上年结转”等于上年报告的“结转下年度继续办理”（2020→2021 格式变化时同样适用）。",
            fix="核对结转数字；如确有原因，在 acknowledge 中写明说明。",
            cross_year=True,
            family="continuity",
            title_en='Requests carried over between years',
            description_en="Consecutive years of one agency: this year's 'carried over' equals last year's 'carried forward', per column.",
        ),
        RuleInfo(
            "W3",
            "warning",
            "项目数量跨年衔接",
            "2019 年格式，同一机关相邻年度：本年“上一年项目数量”等于上年的“上一年项目数量”加上年的“本年增/减”。",
            fix="核对项目数量；如确有原因，在 acknowledge 中写明说明。",
            cross_year=True,
            family="continuity",
            title_en='Item counts carry over between years (2019 format)',
            description_en="2019 format, consecutive years: this year's 'previous year items' equals last year's items plus last year's change.",
        ),
        RuleInfo(
            "W4",
            "warning",
            "格式与年度不符",
            "2019、2020 年度报告应使用 2019 年格式，2021 年及以后应使用 2021 年格式。",
            example="year: 2022\nformat: 2019",
            fix="按年度使用正确的表格格式。",
            family="document",
            title_en='Format does not match the year',
            description_en='Reports for 2019–2020 use the 2019 format; reports for 2021 on use the 2021 format.',
        ),
        RuleInfo(
            "W5",
            "warning",
            "非标准标签",
            "导入的文本使用了非标准的表格标签或章节标题（如“本年度止件数”、2021 年表中的“规范性文件”）。",
            fix="发布时使用格式规定的标准标签（本工具生成的表格已自动使用标准标签）。",
            family="document",
            title_en='Non-standard label or heading',
            description_en='Imported text used a non-standard label or section heading (the generated tables always use the official labels).',
        ),
        RuleInfo(
            "W6",
            "warning",
            "未说明信息处理费",
            "2021 年格式：第六部分“其他需要报告的事项”应说明信息处理费的收取情况（即使未收取也应写明）。",
            example="## 六、其他需要报告的事项\n\n无。",
            fix="在第六部分写明，如：“本年度未收取信息处理费。”",
            family="document",
            title_en='Information processing fee not stated',
            description_en='2021 format: section 六 must state whether an information processing fee was charged.',
        ),
        RuleInfo(
            "W7",
            "warning",
            "章节缺失或顺序错误",
            "报告应依次包含六个标准章节（一、总体情况 …… 六、其他需要报告的事项）。",
            fix="补齐缺失的章节标题，并按一至六的顺序排列。",
            family="document",
            title_en='Sections missing or out of order',
            description_en='The six standard sections must all be present, in order.',
        ),
        RuleInfo(
            "W8",
            "warning",
            "逾期发布或未写发布日期",
            "县级以上人民政府部门应于次年 1 月 31 日前、人民政府应于次年 3 月 31 日前发布年度报告（条例第四十九条）；"
            "未写发布日期（published）时无法检查，也报告。",
            example="kind: department\nyear: 2023\npublished: 2024-02-05",
            fix="按期发布，并写明发布日期；如确有原因，在 acknowledge 中写明说明。",
            family="document",
            title_en="Published late, or no publication date",
            description_en="Departments publish by 31 January, governments by 31 March of the following year; "
            "a report without `published` cannot be checked and is reported too.",
        ),
        RuleInfo(
            "W9",
            "warning",
            "模板占位文字未替换",
            "正文中仍有 govreport new 生成的模板占位文字（如“（在此写明存在的主要问题及改进情况。）”）：报告还没有写完。",
            example="## 五、存在的主要问题及改进情况\n\n（在此写明存在的主要问题及改进情况。）",
            fix="把占位文字换成本年度的实际内容。",
            family="document",
            title_en="Template placeholder left in the text",
            description_en="The narrative still holds placeholder text of the `govreport new` template: the report is not finished.",
        ),
        RuleInfo(
            "W10",
            "warning",
            "同一机关使用了不同的机关标识",
            "同一机关名称在不同报告中写了不同的 agency_id：跨年度检查（W1–W3、T8）按 agency_id 比较，标识不同就不会运行。",
            example="2023.md：agency: 西工区统计局，agency_id: xigong-stats\n2024.md：agency: 西工区统计局，agency_id: xigong-statistics",
            fix="同一机关各年度使用同一个 agency_id（机关更名时也保持不变）。",
            family="consistency",
            cross_year=True,
            title_en="One agency under two agency ids",
            description_en="The same agency name carries different agency_id values in different reports, which switches off the cross-year checks.",
        ),
        RuleInfo(
            "W11",
            "warning",
            "说明没有对应的问题",
            "acknowledge 中的一条说明没有对应任何检查发现的问题（问题已改正，或规则、单元格写错了）：过时的说明会误导读者。",
            example="acknowledge:\n  - rule: W2\n    cell: /applications/carried_over/natural_person\n    reason: ……   # 数字已改正，W2 不再报告",
            fix="删去这条说明，或改正其中的规则编号和单元格。",
            family="consistency",
            cross_year=True,
            title_en="Acknowledgement explains no finding",
            description_en="An acknowledgement no longer matches any finding (fixed, or a wrong rule or cell): stale explanations mislead readers.",
        ),
        # T: the checks assessors make.
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
            family="claims",
            title_en='Narrative vs table 3 request counts',
            description_en="Request counts stated in the narrative differ from table 3's total column.",
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
            family="claims",
            title_en='Narrative vs table 3 outcomes',
            description_en='Outcome counts or percentages in the narrative differ from table 3.',
        ),
        RuleInfo(
            "T3",
            "warning",
            "正文与表四不符",
            "正文所说的因政府信息公开引起的行政复议、行政诉讼件数（“行政复议36起”“行政诉讼9起”，行政诉讼为未经复议直接起诉与复议后起诉总计之和），"
            "或其中维持、纠正、尚未审结的件数，或“未发生行政复议、行政诉讼”，与表四不一致。只读取句中或上一句提到政府信息公开的说法。",
            example="正文：全年办理因政府信息公开申请引发的行政复议36起，行政诉讼9起。\n表四：行政复议总计 30",
            fix="核对正文与表四。",
            family="claims",
            title_en='Narrative vs table 4',
            description_en='Review and litigation counts in the narrative differ from table 4.',
        ),
        RuleInfo(
            "T4",
            "warning",
            "正文与表二不符",
            "正文所说的本年制发、废止或现行有效的规章、行政规范性文件件数，与表二不一致（2019 年格式按“本年新制作数量”核对制发件数）。",
            example="正文：全年制发行政规范性文件8件。\n表二：行政规范性文件 本年制发件数 5",
            fix="核对正文与表二。",
            family="claims",
            title_en='Narrative vs table 2',
            description_en='Counts of regulations and normative documents in the narrative differ from table 2.',
        ),
        RuleInfo(
            "T5",
            "warning",
            "信息处理费说法前后矛盾",
            "报告一处说未收取信息处理费，另一处写了收取的金额，或两处金额不同。",
            example="一、……收取信息处理费200元。\n六、本年度未收取信息处理费。",
            fix="核对信息处理费的实际收取情况，使各处说法一致。",
            family="narrative",
            title_en='Contradicting statements on the processing fee',
            description_en='The report says no processing fee was charged in one place and gives an amount in another (or two amounts).',
        ),
        RuleInfo(
            "T6",
            "warning",
            "第五部分没有内容",
            "第五部分“存在的主要问题及改进情况”为空，或只写“无”“暂无”：评估时通常扣分，应如实写明存在的问题和改进措施。",
            example="## 五、存在的主要问题及改进情况\n\n无。",
            fix="写明本年度工作中存在的主要问题和下一步改进措施。",
            family="narrative",
            title_en='Section 5 is empty',
            description_en="Section 五 (problems and improvements) is empty or just says 'none'.",
        ),
        RuleInfo(
            "T7",
            "warning",
            "标题序号不连续",
            "正文行首的序号“一、二、三……”或“（一）（二）（三）……”跳号、重号或不从“一”开始"
            "（“（一）”序列在每个“一、”级标题下重新计数）。",
            example="（一）主动公开情况\n（三）依申请公开情况",
            fix="按顺序改正序号。",
            family="narrative",
            title_en='Heading numbers not consecutive',
            description_en='Heading numbers 一、二、… or （一）（二）… skip, repeat or do not start at one.',
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
            family="sameness",
            title_en="Same text as last year's report",
            description_en="The narrative repeats more than the threshold share of the same agency's report of the year before.",
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
            family="rollup",
            title_en="Regional roll-up differs from the departments' sum",
            description_en="A government's roll-up report differs, cell by cell, from the sum of the departments it lists.",
        ),
        RuleInfo(
            "T10",
            "warning",
            "汇总所列部门缺少报告",
            "人民政府报告 departments 中列出的部门在本站没有同一年度的报告，无法核对汇总数字。",
            example="departments: [xigong-stats, xigong-edu]   # xigong-edu 没有 2024 年度报告",
            fix="补充该部门的报告，或从 departments 中删去。",
            cross_year=True,
            family="rollup",
            title_en='A department of the roll-up has no report',
            description_en='A department listed in a roll-up has no report for that year on the site.',
        ),
    )
}
