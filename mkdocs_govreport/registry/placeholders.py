"""The placeholder sentences of a new report page (``govreport new``): written by the template,
found again by rule W9 in a report that was never finished."""

from __future__ import annotations

#: Section key -> the sentence the template puts under its heading.
PLACEHOLDERS: dict[str, str] = {
    "overview": "（在此概述本年度工作：（一）主动公开 （二）依申请公开 （三）政府信息管理 （四）平台建设 （五）监督保障。）",
    "problems": "（在此写明存在的主要问题及改进情况。）",
    "other_matters": "（在此写明其他需要报告的事项。）",
}

#: Under 六 in a format that requires the fee statement: a real sentence plus a placeholder.
FEE_PLACEHOLDER = "（如有收取，写明收取情况。）"
FEE_SENTENCE = "本年度未收取信息处理费。"


def placeholder_texts() -> tuple[str, ...]:
    """Every placeholder the template writes (W9 looks for each of them)."""
    return (*PLACEHOLDERS.values(), FEE_PLACEHOLDER)
