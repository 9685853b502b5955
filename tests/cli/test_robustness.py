"""Bad input: every case gives a clear message at the right line, never a traceback, and
nothing typed into a report reaches the HTML unescaped."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from mkdocs_govreport.cli import main as cli_main

ROOT = Path(__file__).resolve().parent.parent
BASE = (ROOT / "example_site/docs/reports/xigong-stats/2023.md").read_text(encoding="utf-8")

TABLE4 = "  review_litigation: zero"


def _t4(review: str) -> str:
    return f"  review_litigation:\n    review: {review}\n    litigation_direct: zero\n    litigation_after_review: zero"


# name -> (text to replace, replacement, expected line, a fragment of the message)
CASES: dict[str, tuple[str, str, int, str]] = {
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


def _write_cases(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    for name, (old, new, _line, _msg) in CASES.items():
        assert old in BASE, name
        p = folder / f"{name}.md"
        p.write_text(BASE.replace(old, new, 1), encoding="utf-8")
        paths[name] = p
    (folder / "bom.md").write_bytes(b"\xef\xbb\xbf" + BASE.encode("utf-8"))
    (folder / "gbk.md").write_bytes(BASE.encode("gbk"))
    (folder / "huge.md").write_text(BASE + "x" * 2_100_000, encoding="utf-8")
    bomb = "---\ngovreport:\n  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"  {chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(8)
    ) + "---\n# x\n"
    (folder / "alias_bomb.md").write_text(bomb, encoding="utf-8")
    deep = BASE.replace("  year: 2023\n", "  year: 2023\n  provenance: " + "[" * 3000 + "]" * 3000 + "\n", 1)
    (folder / "deep.md").write_text(deep, encoding="utf-8")
    return paths


EXTRA = {  # file -> (line, message fragment)
    "bom": (1, "BOM"),
    "gbk": (3, "UTF-8"),
    "huge": (1, "文件过大"),
    "alias_bomb": (3, "锚点"),
    "deep": (None, "过深"),
}


@pytest.fixture(scope="module")
def bad_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    _write_cases(folder)
    return folder


def _validate(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli_main(["validate", str(path)])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize("name", sorted(CASES) + sorted(EXTRA))
def test_validate_names_file_and_line(name: str, bad_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = bad_dir / f"{name}.md"
    code, text = _validate(path, capsys)
    assert code == 1, text
    assert "Traceback" not in text
    line, fragment = CASES[name][2:] if name in CASES else EXTRA[name]
    assert fragment in text, text
    if line is not None:
        assert f"{path}:{line}:" in text or f"{path}:{line} " in text or re.search(
            re.escape(f"{path}:{line}") + r"\b", text
        ), text


def test_values_are_never_silently_changed(tmp_path: Path) -> None:
    """A refused value is missing in the export — never a number YAML 1.1 would have made."""
    from mkdocs_govreport import read_report_file

    p = tmp_path / "octal.md"
    old, new, *_ = CASES["octal"]
    p.write_text(BASE.replace(old, new, 1), encoding="utf-8")
    report = read_report_file(p)
    assert report is not None
    assert report.cells["/review_litigation/review/upheld"].value is None
    assert report.canonical()["review_litigation"]["review"]["upheld"] is None
    assert report.canonical()["review_litigation"]["review"]["total"] is None  # not computed from a gap


def _mkdocs(site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(site / "mkdocs.yml"), *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.bad: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for k, v in attrs:
            if k.startswith("on") and v and "alert" in v:
                self.bad.append(f"{tag} {k}={v}")
            if k in ("href", "src") and v and v.strip().lower().startswith("javascript:"):
                self.bad.append(f"{tag} {k}={v}")
        self._in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.bad.append(f"script: {data[:80]}")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False


def test_site_with_every_bad_page_still_builds(tmp_path: Path) -> None:
    site = tmp_path / "site_src"
    docs = site / "docs"
    _write_cases(docs / "bad")
    inj = BASE.replace("  agency: 西工区统计局\n", '  agency: "<script>alert(1)</script><img src=x onerror=alert(2)>"\n', 1)
    inj = inj.replace("  agency_id: xigong-stats\n", "  agency_id: injected\n", 1)
    inj = inj.replace(
        "      reason: 原报告",
        "      reason: <a href=\"javascript:alert(3)\">x</a> 原报告",
        1,
    )
    inj = inj.replace("  year: 2023\n", '  year: 2023\n  title: "<svg onload=alert(4)>"\n', 1)
    (docs / "inject.md").write_text(inj, encoding="utf-8")
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    (site / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - govreport\n", encoding="utf-8")
    result = _mkdocs(site, "-d", str(tmp_path / "out"))
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "Traceback" not in log
    out = tmp_path / "out"
    for name in list(CASES) + list(EXTRA):
        assert (out / "bad" / name / "index.html").exists(), name
        assert f"docs/bad/{name}.md" in log or f"bad/{name}.md" in log, name
    gbk_page = (out / "bad" / "gbk" / "index.html").read_text(encoding="utf-8")
    assert "无法读取此报告" in gbk_page
    offenders: list[str] = []
    for html_file in out.rglob("*.html"):
        parser = _Collector()
        parser.feed(html_file.read_text(encoding="utf-8"))
        offenders += [f"{html_file.relative_to(out)}: {b}" for b in parser.bad]
    assert offenders == []
    # the injected texts are shown, as text (the index lists the report by its title and agency)
    every = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert "&lt;svg onload=alert(4)&gt;" in every
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in every


@pytest.mark.parametrize("name", ["octal", "duplicate_key", "gbk"])
def test_strict_build_fails_with_location(name: str, tmp_path: Path) -> None:
    site = tmp_path / "s"
    docs = site / "docs"
    all_cases = _write_cases(tmp_path / "cases")
    docs.mkdir(parents=True)
    src = all_cases.get(name, tmp_path / "cases" / f"{name}.md")
    (docs / "report.md").write_bytes(src.read_bytes())
    (site / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - govreport\n", encoding="utf-8")
    result = _mkdocs(site, "--strict", "-d", str(tmp_path / "out"))
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in log
    line = CASES[name][2] if name in CASES else EXTRA[name][0]
    assert f"docs/report.md:{line}" in log, log
