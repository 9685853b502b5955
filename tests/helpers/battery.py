"""The bad-input battery: every page of ``tests/fixtures/bad`` has one mistake typed into a report
that otherwise passes every check (``base.md``; the pages are written by
``tests/fixtures/bad/make_fixtures.py``), and :data:`CASES` says where the message must be — line,
a fragment of the message, and the file when it is not the page.  Pages over the size limits are
written by :func:`write_oversized`, in a temporary folder.  Used by ``tests/cli/test_bad_input.py``
(``govreport validate``), ``tests/core/test_values.py`` and ``tests/builds/test_bad_input_site.py``
(``mkdocs build``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from mkdocs_govreport.core.source import MAX_FILE_BYTES
from mkdocs_govreport.core.yamlload import MAX_TEXT

from .paths import EXAMPLE, FIXTURES

BAD = FIXTURES / "bad"
BASE = (BAD / "base.md").read_text(encoding="utf-8")

#: page -> (line, a fragment of the message on that line[, file named when not the page]).
#: YAML syntax errors are named at the line where the broken construct starts (an unclosed
#: bracket, a key without its colon), not where the parser noticed it.
CASES: dict[str, tuple[int, str] | tuple[int, str, str]] = {
    # YAML 1.1 would read these as other numbers, booleans or text
    "octal": (12, "“012”以 0 开头"),
    "octal_in_list": (11, "“0012”以 0 开头"),
    "sexagesimal": (12, "六十进制"),
    "bool_yes": (12, "“yes”会被 YAML 1.1 读成真/假值"),
    "bool_no_in_list": (11, "“no”会被 YAML 1.1 读成真/假值"),
    "bool_on": (12, "“on”会被 YAML 1.1 读成真/假值"),
    "float_3_0": (12, "应为非负整数"),
    "float_2_5": (12, "应为非负整数"),
    "thousands": (13, "千位分隔符"),
    "thousands_fullwidth_comma": (13, "千位分隔符"),
    "thousands_in_list": (11, "“1,234”有歧义"),
    "fullwidth_digits": (12, "全角数字"),
    "underscore": (12, "下划线"),
    "exponent": (12, "不是普通写法的数字"),
    "hex": (12, "十六/八/二进制"),
    "special_float": (12, "特殊浮点值"),
    # duplicate keys at every level
    "dup_top_key": (7, "键“year”重复出现（第 6 行已有）"),
    "dup_table_key": (15, "键“review”重复出现（第 12 行已有）"),
    "dup_cell_key": (14, "键“upheld”重复出现（第 13 行已有）"),
    "dup_govreport": (3, "键“govreport”重复出现（第 2 行已有）"),
    # merge keys, anchors and aliases, explicit tags
    "merge_key": (15, "合并键"),
    "anchor_alias": (12, "锚点"),
    "alias_bomb": (3, "锚点"),
    "explicit_tag": (6, "显式类型标签"),
    "explicit_tag_int": (12, "显式类型标签"),
    # the text itself
    "tab_indent": (6, "制表符"),
    "control_char": (3, "控制字符（U+0000）"),
    "bom": (1, "BOM"),
    "gbk": (3, "不是 UTF-8 编码"),
    "crlf": (7, "未知的键“yaer”"),
    # numbers out of range or of the wrong kind
    "count_1e9": (12, "数字过大（1000000000）"),
    "count_16_digits": (12, "过大（超过 15 位）"),
    "count_negative": (12, "不能为负数"),
    "count_string": (12, "应为非负整数"),
    "count_null": (12, "实际写的是“空值”"),
    "count_tilde": (12, "实际写的是“空值”"),
    "cell_missing": (12, "未填写"),
    "cell_is_list": (12, "应为非负整数"),
    "amount_negative": (16, "不能为负数"),
    "amount_1e9": (16, "数字过大"),
    "amount_comma": (16, "千位分隔符"),
    "wrong_total": (12, "总计”填写为 2"),
    # lists of the wrong length
    "list_too_short": (11, "实际写了 3 个"),
    "list_too_long": (11, "实际写了 8 个"),
    # keys
    "unknown_top_key": (7, "未知的键“yaer”"),
    "unknown_cell_key": (12, "未知的键“upheId”"),
    "other_format_key": (11, "未知的键“central_procurement”"),
    "table_scalar": (9, "实际写的是“5”"),
    "zero_misspelt": (9, "实际写的是“Zero”"),
    "agency_list": (3, "应为文字"),
    "published_bad_date": (8, "不是有效日期"),
    "published_number": (8, "应为文字"),
    # year and format
    "year_2017": (6, "2008 年《条例》"),
    "year_quoted": (6, "应为 2019 年起的整数年份"),
    "year_quoted_with_format": (6, "应为整数"),
    "year_missing": (3, "缺少报告年度"),
    "year_absurd": (6, "不合理"),
    "format_wrong": (7, "应为 2021 或 2019"),
    # front matter
    "fm_unclosed": (1, "没有结束"),
    "fm_list": (2, "必须是“键: 值”的映射"),
    "fm_unparsable": (5, "YAML 语法错误：方括号 [ 没有闭合"),
    "fm_unparsable_outside": (2, "YAML 语法错误：方括号 [ 没有闭合"),
    "fm_colon": (6, "YAML 语法错误：这一行缺少冒号"),
    "govreport_scalar": (2, "govreport 的值必须是报告数据"),
    "govreport_missing_file": (2, "找不到数据文件“nothere.yaml”"),
    "govreport_data_file": (9, "“007”以 0 开头", "data_file_octal.yaml"),
    "govreport_outside_folder": (2, "应与报告页在同一文件夹"),
    "govreport_gbk_file": (1, "不是 UTF-8 编码", "data_file_gbk.yaml"),
    "deep_nesting": (7, "嵌套层次过深"),
    "deep_block_nesting": (28, "嵌套层次过深"),
    # markup typed into the data
    "inject_agency": (3, "含有 HTML 标记或脚本"),
    "inject_title": (7, "含有 HTML 标记或脚本"),
    "inject_reason": (14, "含有 HTML 标记或脚本"),
    "inject_provenance": (7, "javascript:alert(4)"),
    "inject_entity": (3, "含有 HTML 标记或脚本"),
    "inject_formula": (3, "当作公式执行"),
    "inject_cell_html": (12, "应为非负整数"),
    "inject_unknown_key": (7, "未知的键“<script>alert(6)</script>”"),
}


def write_oversized(folder: Path) -> dict[str, tuple[int, str]]:
    """Pages over the limits (too big to commit): the file, the front matter, a data file."""
    (folder / "huge_file.md").write_text(BASE + "\n" + "文" * (MAX_FILE_BYTES // 3 + 10), encoding="utf-8")
    filler = "  title: " + "x" * (MAX_TEXT + 10) + "\n"
    (folder / "huge_front_matter.md").write_text(BASE.replace("  year: 2023\n", "  year: 2023\n" + filler, 1), encoding="utf-8")
    (folder / "huge_data.yaml").write_text("agency: x\n" + "#" * (MAX_FILE_BYTES + 10) + "\n", encoding="utf-8")
    (folder / "huge_data_file.md").write_text(BASE.replace("---\ngovreport:\n", "---\ngovreport: huge_data.yaml\nrest:\n", 1), encoding="utf-8")
    return {"huge_file": (1, "文件过大"), "huge_front_matter": (2, "页首数据过大"), "huge_data_file": (1, "文件过大")}


def copy_battery(folder: Path) -> dict[str, tuple[int, str, str]]:
    """Every bad page (and the data files they name) in ``folder``; name -> (line, fragment, file)."""
    folder.mkdir(parents=True, exist_ok=True)
    for p in BAD.iterdir():
        if p.suffix in (".md", ".yaml") and p.name != "base.md":
            shutil.copyfile(p, folder / p.name)
    cases = {name: (v[0], v[1], v[2] if len(v) > 2 else f"{name}.md") for name, v in CASES.items()}  # type: ignore[misc]
    for name, (line, fragment) in write_oversized(folder).items():
        cases[name] = (line, fragment, "huge_data.yaml" if name == "huge_data_file" else f"{name}.md")
    return cases




#: Markup typed into every text field of a report (see :func:`injected_page`).
AGENCY = '西工区统计局<script>alert("agency")</script>'
TITLE = "<img src=x onerror=alert('title')>年度报告"
REASON = '<a href="javascript:alert(3)" onclick="alert(4)">说明</a>原报告第六部分仅写“无”'
IMPORTER = "<svg onload=alert(5)>"


def injected_page(*, body: str | None = None, agency_id: str = "inject") -> str:
    """The base page of the battery with markup in every text field: agency, title, the reason of an
    acknowledgement, provenance and an unknown key; ``body`` replaces the page body when given."""
    text = BASE.replace("  agency: 西工区统计局\n", f"  agency: '{AGENCY}'\n", 1)
    text = text.replace("  agency_id: xigong-stats\n", f"  agency_id: {agency_id}\n", 1)
    text = text.replace("  year: 2023\n", f'  year: 2023\n  title: "{TITLE}"\n', 1)
    text = re.sub(r"(?m)^      reason: .*$", f"      reason: '{REASON}'", text, count=1)
    text = text.replace(
        "  review_litigation: zero\n",
        "  review_litigation: zero\n"
        f'  provenance: {{source: "javascript:alert(6)", importer: "{IMPORTER}", findings: ["<iframe src=javascript:alert(7)>"]}}\n'
        '  "<b onmouseover=alert(8)>": 1\n',
        1,
    )
    if body is not None:
        head, _sep, _rest = text.partition("\n---\n")
        text = head + "\n---\n" + body
    return text


def lines_at(text: str, file: str, line: int) -> list[str]:
    """Output lines that name ``file`` at ``line`` (``file:line:col:`` or ``file:line:``)."""
    pattern = re.compile(rf"(?:^|[/\s]){re.escape(file)}:{line}(?::\d+)?: ")
    return [ln for ln in text.splitlines() if pattern.search(ln)]


def page_with(base: str, old: str, new: str) -> str:
    """``base`` with ``old`` (present once) replaced by ``new``."""
    assert base.count(old) == 1, old
    return base.replace(old, new)


def fee_page(amount: str) -> str:
    """The base page with table 二 written out and the fee amount as given."""
    return BASE.replace(
        "  active: zero",
        "  active:\n    regulations: zero\n    normative_docs: zero\n    licensing: zero\n    penalty: zero\n"
        f"    coercion: zero\n    admin_fees:\n      amount: {amount}",
        1,
    )


def review_page(upheld: str) -> str:
    """The base page with the review group written out and 结果维持 as given."""
    return BASE.replace(
        "  review_litigation: zero",
        f"  review_litigation:\n    review: {{upheld: {upheld}, corrected: 0, other: 0, pending: 0}}\n"
        "    litigation_direct: zero\n    litigation_after_review: zero",
        1,
    )


# ---------------------------------------------------------------------------------------
# The same kind of mistakes typed into the example site's report

#: The example site's 2023 report of 西工区统计局, the base of :data:`EXAMPLE_CASES`.
EXAMPLE_BASE = (EXAMPLE / "docs/reports/xigong-stats/2023.md").read_text(encoding="utf-8")

TABLE4 = "  review_litigation: zero"


def _t4(review: str) -> str:
    return f"  review_litigation:\n    review: {review}\n    litigation_direct: zero\n    litigation_after_review: zero"


#: Mistakes typed into the example report: name -> (text to replace, replacement, line, a fragment of the message)
EXAMPLE_CASES: dict[str, tuple[str, str, int, str]] = {
    "octal": (TABLE4, _t4("{upheld: 012, corrected: 0, other: 0, pending: 0}"), 12, "前导零"),
    "sexagesimal": (TABLE4, _t4("{upheld: 1:20, corrected: 0, other: 0, pending: 0}"), 12, "六十进制"),
    "yes": (TABLE4, _t4("{upheld: yes, corrected: 0, other: 0, pending: 0}"), 12, "真/假值"),
    "float": (TABLE4, _t4("{upheld: 2.5, corrected: 0, other: 0, pending: 0}"), 12, "非负整数"),
    "float_integral": (TABLE4, _t4("{upheld: 3.0, corrected: 0, other: 0, pending: 0}"), 12, "非负整数"),
    "thousands": (
        TABLE4,
        "  review_litigation:\n    review:\n      upheld: 1,234\n      corrected: 0\n      other: 0\n      pending: 0\n"
        "    litigation_direct: zero\n    litigation_after_review: zero",
        13,
        "千位分隔符",
    ),
    "fullwidth": (TABLE4, _t4("{upheld: １２, corrected: 0, other: 0, pending: 0}"), 12, "全角数字"),
    "duplicate_key": ("  year: 2023\n", "  year: 2023\n  year: 2024\n", 7, "重复"),
    "duplicate_govreport": ("---\ngovreport:", "---\ngovreport: {}\ngovreport:", 3, "重复"),
    "anchor_alias": (
        TABLE4,
        "  review_litigation:\n    review: &r {upheld: 0, corrected: 0, other: 0, pending: 0}\n"
        "    litigation_direct: *r\n    litigation_after_review: *r",
        12,
        "锚点",
    ),
    "merge_key": (
        TABLE4,
        "  review_litigation:\n    review: {upheld: 0, corrected: 0, other: 0, pending: 0}\n"
        "    litigation_direct: zero\n    litigation_after_review:\n      <<: {upheld: 0}",
        15,
        "合并键",
    ),
    "tab": ("  year: 2023\n", "\tyear: 2023\n", 6, "制表符"),
    "too_large": (TABLE4, _t4("{upheld: 1000000000, corrected: 0, other: 0, pending: 0}"), 12, "过大"),
    "negative": (TABLE4, _t4("{upheld: -1, corrected: 0, other: 0, pending: 0}"), 12, "负数"),
    "string_cell": (TABLE4, _t4('{upheld: "<b>5</b>", corrected: 0, other: 0, pending: 0}'), 12, "非负整数"),
    "null_cell": (TABLE4, _t4("{upheld: , corrected: 0, other: 0, pending: 0}"), 12, "空值"),
    "missing_cell": (TABLE4, _t4("{corrected: 0, other: 0, pending: 0}"), 12, "未填写"),
    "short_row": ("  applications: zero", "  applications:\n    new_received: [1, 2, 3]", 11, "实际写了 3 个"),
    "unknown_key": ("  year: 2023\n", "  year: 2023\n  yaer: 2023\n", 7, "未知的键"),
    "other_format_key": (
        TABLE4,
        "  review_litigation: zero\n  central_procurement: {projects: 1}",
        12,
        "未知的键",
    ),
    "unclosed": ("\n---\n\n#", "\n\n#", 1, "没有结束"),
    "explicit_tag": ("  year: 2023\n", "  year: !!python/object:os.system 2023\n", 6, "类型标签"),
    "year_2017": ("  year: 2023\n  format: 2021\n", "  year: 2017\n", 6, "2008 年"),
    "year_string": ("  year: 2023\n", '  year: "2023"\n', 6, "整数"),
    "missing_data_file": ("---\ngovreport:\n", "---\ngovreport: nothere.yaml\nx:\n", 2, "找不到数据文件"),
    "wrong_format_value": ("  format: 2021\n", "  format: 2020\n", 7, "2021 或 2019"),
    "bad_date": ("  published: 2024-01-20\n", "  published: 2024-02-30\n", 8, "不是有效日期"),
}


def write_example_cases(folder: Path) -> dict[str, Path]:
    """Every page of :data:`EXAMPLE_CASES` and :data:`EXAMPLE_EXTRA` in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for name, (old, new, _line, _msg) in EXAMPLE_CASES.items():
        assert old in EXAMPLE_BASE, name
        p = folder / f"{name}.md"
        p.write_text(EXAMPLE_BASE.replace(old, new, 1), encoding="utf-8")
        paths[name] = p
    (folder / "bom.md").write_bytes(b"\xef\xbb\xbf" + EXAMPLE_BASE.encode("utf-8"))
    (folder / "gbk.md").write_bytes(EXAMPLE_BASE.encode("gbk"))
    (folder / "huge.md").write_text(EXAMPLE_BASE + "x" * 2_100_000, encoding="utf-8")
    bomb = "---\ngovreport:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"  {chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
    ) + "---\n# x\n"
    (folder / "alias_bomb.md").write_text(bomb, encoding="utf-8")
    deep = EXAMPLE_BASE.replace("  year: 2023\n", "  year: 2023\n  provenance: " + "[" * 3000 + "]" * 3000 + "\n", 1)
    (folder / "deep.md").write_text(deep, encoding="utf-8")
    return paths


#: Pages written byte by byte: file -> (line or None, message fragment)
EXAMPLE_EXTRA: dict[str, tuple[int | None, str]] = {
    "bom": (1, "BOM"),
    "gbk": (3, "UTF-8"),
    "huge": (1, "文件过大"),
    "alias_bomb": (3, "锚点"),
    "deep": (None, "过深"),
}
