"""The bad-input battery: every page in ``tests/fixtures/bad`` (one mistake each, typed into a
report that otherwise passes every check) must give a non-zero exit with a message at the exact
file and line — from ``govreport validate`` and from ``mkdocs build`` — and never a traceback.
A broken report breaks only its own page.  Numbers are never silently changed.

The pages are written by ``tests/fixtures/bad/make_fixtures.py``; pages over the size limits
are written here, in a temporary folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mkdocs_govreport import parse_page, read_report_file
from mkdocs_govreport.cli import main as cli_main
from mkdocs_govreport.core.source import MAX_FILE_BYTES
from mkdocs_govreport.core.yamlload import MAX_TEXT
from mkdocs_govreport.html.tables import render_table

BAD = Path(__file__).resolve().parent / "fixtures" / "bad"
BASE = (BAD / "base.md").read_text(encoding="utf-8")

#: page -> (line, a fragment of the message on that line[, file named when not the page])
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
    "fm_unparsable": (6, "YAML 语法错误"),
    "fm_unparsable_outside": (3, "YAML 语法错误"),
    "fm_colon": (7, "YAML 语法错误"),
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


def _write_oversized(folder: Path) -> dict[str, tuple[int, str]]:
    """Pages over the limits (too big to commit): the file, the front matter, a data file."""
    (folder / "huge_file.md").write_text(BASE + "\n" + "文" * (MAX_FILE_BYTES // 3 + 10), encoding="utf-8")
    filler = "  title: " + "x" * (MAX_TEXT + 10) + "\n"
    (folder / "huge_front_matter.md").write_text(BASE.replace("  year: 2023\n", "  year: 2023\n" + filler, 1), encoding="utf-8")
    (folder / "huge_data.yaml").write_text("agency: x\n" + "#" * (MAX_FILE_BYTES + 10) + "\n", encoding="utf-8")
    (folder / "huge_data_file.md").write_text(BASE.replace("---\ngovreport:\n", "---\ngovreport: huge_data.yaml\nrest:\n", 1), encoding="utf-8")
    return {"huge_file": (1, "文件过大"), "huge_front_matter": (2, "页首数据过大"), "huge_data_file": (1, "文件过大")}


def _copy_battery(folder: Path) -> dict[str, tuple[int, str, str]]:
    """Every bad page (and the data files they name) in ``folder``; name -> (line, fragment, file)."""
    folder.mkdir(parents=True, exist_ok=True)
    for p in BAD.iterdir():
        if p.suffix in (".md", ".yaml") and p.name != "base.md":
            shutil.copyfile(p, folder / p.name)
    cases = {name: (v[0], v[1], v[2] if len(v) > 2 else f"{name}.md") for name, v in CASES.items()}  # type: ignore[misc]
    for name, (line, fragment) in _write_oversized(folder).items():
        cases[name] = (line, fragment, "huge_data.yaml" if name == "huge_data_file" else f"{name}.md")
    return cases


@pytest.fixture(scope="module")
def battery(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, tuple[int, str, str]]]:
    folder = tmp_path_factory.mktemp("bad")
    return folder, _copy_battery(folder)


def test_every_fixture_page_has_an_expectation() -> None:
    pages = {p.stem for p in BAD.glob("*.md")} - {"base"}
    assert pages == set(CASES)


def test_the_base_page_passes() -> None:
    """The control: without the typed-in mistake the page passes (so each failure is the mistake's)."""
    assert cli_main(["validate", str(BAD / "base.md")]) == 0


def _lines_at(text: str, file: str, line: int) -> list[str]:
    """Output lines that name ``file`` at ``line`` (``file:line:col:`` or ``file:line:``)."""
    pattern = re.compile(rf"(?:^|[/\s]){re.escape(file)}:{line}(?::\d+)?: ")
    return [ln for ln in text.splitlines() if pattern.search(ln)]


@pytest.mark.parametrize("name", [*sorted(CASES), "huge_file", "huge_front_matter", "huge_data_file"])
def test_validate_names_file_and_line(
    name: str, battery: tuple[Path, dict[str, tuple[int, str, str]]], capsys: pytest.CaptureFixture[str]
) -> None:
    folder, cases = battery
    line, fragment, file = cases[name]
    code = cli_main(["validate", str(folder / f"{name}.md")])
    out = capsys.readouterr()
    text = out.out + out.err
    assert code == 1, text
    assert "Traceback" not in text
    at = _lines_at(out.out, file, line)
    assert any(fragment in ln for ln in at), f"expected “{fragment}” at {file}:{line}\n{text}"


def test_validate_console_script_on_the_whole_battery(battery: tuple[Path, dict[str, tuple[int, str, str]]]) -> None:
    """One real process over the folder: exit 1, every page named, nothing on stderr but the summary."""
    folder, cases = battery
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs_govreport", "validate", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.strip().startswith("检查了"), result.stderr[-2000:]
    for name, (line, fragment, file) in cases.items():
        assert any(fragment in ln for ln in _lines_at(result.stdout, file, line)), name


def test_json_output_carries_file_line_and_pointer(capsys: pytest.CaptureFixture[str]) -> None:
    import json

    assert cli_main(["validate", "--format", "json", str(BAD / "octal.md")]) == 1
    items = json.loads(capsys.readouterr().out)
    hit = [i for i in items if i["rule"] == "S"]
    assert hit and hit[0]["line"] == 12 and hit[0]["column"] == 22
    assert hit[0]["pointer"] == "/review_litigation/review/upheld"


# ---------------------------------------------------------------------------------------
# Numbers are never silently changed


def _fee_page(amount: str) -> str:
    return BASE.replace(
        "  active: zero",
        "  active:\n    regulations: zero\n    normative_docs: zero\n    licensing: zero\n    penalty: zero\n"
        f"    coercion: zero\n    admin_fees:\n      amount: {amount}",
        1,
    )


def _review_page(upheld: str) -> str:
    return BASE.replace(
        "  review_litigation: zero",
        f"  review_litigation:\n    review: {{upheld: {upheld}, corrected: 0, other: 0, pending: 0}}\n"
        "    litigation_direct: zero\n    litigation_after_review: zero",
        1,
    )


def _shown(report_html: str, pointer: str) -> str:
    m = re.search(r'<td [^>]*data-pointer="' + re.escape(pointer) + r'">(.*?)</td>', report_html)
    assert m is not None, pointer
    return re.sub(r"<[^>]+>", "", m.group(1))


@pytest.mark.parametrize("written", ["0.10", "1.50", "0", "12.345", "7", '"0.10"'])
def test_money_is_kept_exactly_as_written(written: str) -> None:
    report = parse_page(_fee_page(written), "fee.md")
    assert report is not None and not [f for f in report.findings if f.rule == "S"]
    expected = written.strip('"')
    value = report.cells["/active/admin_fees/amount"].value
    assert isinstance(value, Decimal) and str(value) == expected
    assert report.canonical()["active"]["admin_fees"]["amount"] == expected
    assert _shown(render_table(report, "active"), "/active/admin_fees/amount") == expected


@pytest.mark.parametrize(("written", "value"), [("+5", 5), ("0", 0), ("-0", 0)])
def test_explicit_sign_is_the_same_number(written: str, value: int) -> None:
    """``+5`` is 5 and ``-0`` is 0: the same number, so accepted (see docs/security.md)."""
    report = parse_page(_review_page(written), "sign.md")
    assert report is not None and not [f for f in report.findings if f.rule == "S"]
    assert report.cells["/review_litigation/review/upheld"].value == value
    assert report.cells["/review_litigation/review/total"].value == value


@pytest.mark.parametrize("written", ["012", "1:20", "yes", "3.0", "1,234", "１２", "1e3", "0x1F", "1_000", "-1", "1000000000"])
def test_a_refused_value_is_missing_never_reinterpreted(written: str) -> None:
    """What YAML 1.1 would have made of it (10, 80, True, 3 …) appears nowhere: the cell is missing,
    its total is not computed from the gap, and the page shows the gap."""
    report = parse_page(_review_page(written), "refused.md")
    assert report is not None and report.has_errors
    assert report.cells["/review_litigation/review/upheld"].value is None
    assert report.cells["/review_litigation/review/total"].value is None
    export = report.canonical()["review_litigation"]["review"]
    assert export["upheld"] is None and export["total"] is None
    assert _shown(render_table(report, "review_litigation"), "/review_litigation/review/upheld") == "—未填写"


def test_data_file_values_keep_their_lines() -> None:
    report = read_report_file(BAD / "govreport_data_file.md")
    assert report is not None and report.data_file.endswith("data_file_octal.yaml")
    assert report.cells["/review_litigation/review/upheld"].value is None


# ---------------------------------------------------------------------------------------
# Site builds


def _mkdocs(site: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONWARNINGS="ignore")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(site / "mkdocs.yml"), "-d", str(out), *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def _site(root: Path) -> Path:
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text("# 首页\n\n本站的报告。\n", encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: 测试站\nplugins:\n  - govreport\n", encoding="utf-8")
    return root


class InjectedMarkup(HTMLParser):
    """Collects markup that can only have come from the data: scripts running ``alert``,
    event-handler attributes, ``javascript:`` URLs and the ``<img src=x>`` / ``<svg>`` probes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for k, v in attrs:
            if k.startswith("on"):
                self.found.append(f"<{tag} {k}={v}>")
            if k in ("href", "src", "action", "formaction") and v and re.sub(r"\s", "", v).lower().startswith(("javascript:", "vbscript:", "data:text/html")):
                self.found.append(f"<{tag} {k}={v}>")
        if (tag == "img" and a.get("src") == "x") or (tag == "svg" and "onload" in a):
            self.found.append(f"<{tag}>")
        self._script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_data(self, data: str) -> None:
        if self._script and "alert(" in data:
            self.found.append(f"<script>{data[:60]}")


def injected(out: Path) -> list[str]:
    """Every piece of injected markup in every HTML file of a built site."""
    found: list[str] = []
    for html_file in sorted(out.rglob("*.html")):
        parser = InjectedMarkup()
        parser.feed(html_file.read_text(encoding="utf-8"))
        found += [f"{html_file.relative_to(out)}: {x}" for x in parser.found]
    return found


@pytest.fixture(scope="module")
def battery_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess[str], dict[str, tuple[int, str, str]]]:
    """One non-strict build of a site holding every bad page and one good report."""
    root = _site(tmp_path_factory.mktemp("battery_site"))
    cases = _copy_battery(root / "docs" / "bad")
    good = root / "docs" / "good"
    good.mkdir()
    (good / "2023.md").write_text(BASE, encoding="utf-8")
    out = root / "site"
    return out, _mkdocs(root, out), cases


def test_battery_site_builds_every_page(battery_site: tuple[Path, subprocess.CompletedProcess[str], dict[str, tuple[int, str, str]]]) -> None:
    out, result, cases = battery_site
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert "Traceback" not in log
    for name, (line, fragment, file) in cases.items():
        assert (out / "bad" / name / "index.html").exists(), name
        assert any(fragment in ln for ln in _lines_at(log, file, line)), f"{name}: {fragment} at {file}:{line}"
    # the good report is whole: every cell of its three tables, no finding box of its own
    good = (out / "good" / "2023" / "index.html").read_text(encoding="utf-8")
    assert good.count("data-pointer=") > 100
    assert "gr-missing" not in good


def test_unreadable_pages_say_so(battery_site: tuple[Path, subprocess.CompletedProcess[str], dict[str, tuple[int, str, str]]]) -> None:
    out, _result, _cases = battery_site
    for name in ("gbk", "huge_file"):
        page = (out / "bad" / name / "index.html").read_text(encoding="utf-8")
        assert "无法读取此报告" in page, name


def test_battery_site_has_no_injected_markup(battery_site: tuple[Path, subprocess.CompletedProcess[str], dict[str, tuple[int, str, str]]]) -> None:
    out, _result, _cases = battery_site
    assert injected(out) == []
    page = (out / "bad" / "inject_agency" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)" in page  # shown, as text
    page = (out / "bad" / "inject_title" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=" in page
    # the index lists the report under its (escaped) title
    every = "".join(p.read_text(encoding="utf-8") for p in (out / "reports-index").rglob("*.html"))
    assert "&lt;img src=x onerror=alert(2)&gt;" in every


STRICT = ["octal", "dup_govreport", "alias_bomb", "gbk", "bom", "fm_unparsable", "fm_list", "deep_nesting", "control_char", "inject_agency", "year_missing", "govreport_missing_file"]


@pytest.mark.parametrize("name", STRICT)
def test_strict_build_fails_at_the_line(name: str, tmp_path: Path) -> None:
    root = _site(tmp_path / "s")
    (root / "docs" / "report.md").write_bytes((BAD / f"{name}.md").read_bytes())
    result = _mkdocs(root, tmp_path / "out", "--strict")
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert "Traceback" not in log
    line, fragment = CASES[name][:2]
    assert any(fragment in ln for ln in _lines_at(log, "docs/report.md", line)), log[-3000:]  # type: ignore[operator]


def test_strict_build_of_the_base_page_passes(tmp_path: Path) -> None:
    root = _site(tmp_path / "s")
    (root / "docs" / "report.md").write_text(BASE, encoding="utf-8")
    result = _mkdocs(root, tmp_path / "out", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
