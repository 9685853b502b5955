"""The narrative checks of one report (``checks/narrative.py``): fees stated both ways (T5), an
empty section 五 (T6), heading numbers skipping or repeating (T7)."""

from __future__ import annotations

import pytest

from tests.helpers.pages import OVERVIEW_A, parsed, rules_of, stats_page


def test_fee_contradiction_names_both_statements() -> None:
    text = stats_page(2024, OVERVIEW_A + "全年依申请收取信息处理费200元。")
    report = parsed(text)
    (f,) = [f for f in report.findings if f.rule == "T5"]
    assert f.values[0] == 200 and f.values[1] == 0
    assert f.line == next(i for i, line in enumerate(text.split("\n"), 1) if "200元" in line)
    assert "200 元" in f.message and "未收取" in f.message


def test_fee_statements_that_agree_raise_nothing() -> None:
    assert "T5" not in rules_of(parsed(stats_page(2024, OVERVIEW_A + "本年度未收取信息处理费。")))
    assert "T5" not in rules_of(parsed(stats_page(2024, OVERVIEW_A, other="2025年，无收取信息处理费情况。")))
    both = stats_page(2024, OVERVIEW_A + "共收取信息处理费0.02万元。", other="本年度收取信息处理费200元。")
    assert "T5" not in rules_of(parsed(both))


@pytest.mark.parametrize("problems", ["无", "无。", "暂无。", "", "<!-- 待写 -->"])
def test_section_five_empty_or_only_none(problems: str) -> None:
    text = stats_page(2024, OVERVIEW_A, problems=problems)
    report = parsed(text)
    (f,) = [f for f in report.findings if f.rule == "T6"]
    assert f.line == next(i for i, line in enumerate(text.split("\n"), 1) if line.startswith("## 五、"))


def test_section_five_with_content_is_fine() -> None:
    assert "T6" not in rules_of(parsed(stats_page(2024, OVERVIEW_A)))
    assert "T6" not in rules_of(parsed(stats_page(2024, OVERVIEW_A, problems="无明显问题，但解读形式仍需丰富。")))


@pytest.mark.parametrize(
    ("numbers", "expected"),
    [
        ("一三三", [("（三）", "（二）", 1)]),  # a typo for （二）: the next number confirms it
        ("一三四", [("（三）", "（二）", 1)]),  # （二） skipped: counting goes on from （三）
        ("一二二四", [("（二）", "（三）", 2)]),  # repeated
        ("二三", [("（二）", "（一）", 0)]),  # does not start at （一）
        ("一二三", []),
    ],
)
def test_heading_numbers_skipping_or_repeating(numbers: str, expected: list[tuple[str, str, int]]) -> None:
    overview = "\n\n".join(f"（{n}）第{k}项工作。内容。" for k, n in enumerate(numbers))
    text = stats_page(2024, overview)
    t7 = [f for f in parsed(text).findings if f.rule == "T7"]
    lines = text.split("\n")
    assert [(f.values[0], f.values[1], int(lines[f.line - 1][4])) for f in t7] == expected
    assert all(f.severity == "warning" and f.file == "docs/x.md" for f in t7)


def test_heading_numbers_restart_under_each_section_and_accept_half_width() -> None:
    overview = "(一) 主动公开情况。\n\n(二) 依申请公开情况。"
    text = stats_page(2024, overview, problems="（一）存在的问题。内容。\n\n（二）改进措施。内容。")
    assert "T7" not in rules_of(parsed(text))
    broken = text.replace("## 五、存在的主要问题及改进情况", "## 四、存在的主要问题及改进情况")
    t7 = [f for f in parsed(broken).findings if f.rule == "T7"]
    assert [f.values for f in t7] == [("四、", "五、")]
