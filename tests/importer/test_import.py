"""``govreport import``: the real samples, messy fixtures, Word, folders, a real MkDocs build.

Every expected number below is the number printed in the source (for pingtan-2025, the
saved web page's table cells).  Cells the source leaves blank or ambiguous must come out
missing — never zero.
"""

from __future__ import annotations

import importlib.util
import io
import os
import re
import shutil
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from decimal import Decimal
from pathlib import Path

import pytest

from mkdocs_govreport import Report, parse_page
from mkdocs_govreport.cli import main
from mkdocs_govreport.importer import import_bytes, import_file
from tests.helpers.paths import FIXTURES as FIXTURE_ROOT
from tests.helpers.paths import samples_dir, under_ci
from tests.helpers.pdf import text_layer_pdf

#: The real samples travel with the shared spec, beside the repository.
SAMPLES = samples_dir()
FIXTURES = FIXTURE_ROOT / "import"

#: Without the samples these tests skip — except under CI, where they run and fail.
needs_samples = pytest.mark.skipif(not SAMPLES.is_dir() and not under_ci(), reason=f"shared samples not found at {SAMPLES} (set GOVREPORT_SAMPLES)")

#: pingtan-2025: the numbers printed in the published tables.
PINGTAN_ROWS = {
    "new_received": [151, 3, 0, 0, 0, 0, 154],
    "carried_over": [0, 0, 0, 0, 0, 0, 0],
    "results/granted": [33, 0, 0, 0, 0, 0, 33],
    "results/partial": [38, 0, 0, 0, 0, 0, 38],
    "results/denied/state_secret": [0] * 7,
    "results/denied/law_prohibited": [0] * 7,
    "results/denied/three_security_one_stability": [0] * 7,
    "results/denied/third_party_rights": [0] * 7,
    "results/denied/internal_affairs": [3, 0, 0, 0, 0, 0, 3],
    "results/denied/process_info": [2, 0, 0, 0, 0, 0, 2],
    "results/denied/enforcement_file": [3, 0, 0, 0, 0, 0, 3],
    "results/denied/admin_query": [3, 0, 0, 0, 0, 0, 3],
    "results/unavailable/not_held": [49, 1, 0, 0, 0, 0, 50],
    "results/unavailable/needs_creation": [3, 0, 0, 0, 0, 0, 3],
    "results/unavailable/unclear_after_correction": [0] * 7,
    "results/not_processed/petition_complaint": [2, 0, 0, 0, 0, 0, 2],
    "results/not_processed/duplicate": [0] * 7,
    "results/not_processed/publication": [0] * 7,
    "results/not_processed/excessive_repeat": [0] * 7,
    "results/not_processed/confirm_or_reissue": [0] * 7,
    "results/other/no_correction": [8, 0, 0, 0, 0, 0, 8],
    "results/other/fee_unpaid": [2, 0, 0, 0, 0, 0, 2],
    "results/other/other": [1, 0, 0, 0, 0, 0, 1],
    "results/total": [147, 1, 0, 0, 0, 0, 148],
    "carried_forward": [4, 2, 0, 0, 0, 0, 6],
}
APPLICANTS = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total"]
PINGTAN_REVIEW = {
    "review": [25, 3, 8, 0, 36],
    "litigation_direct": [3, 3, 0, 0, 6],
    "litigation_after_review": [3, 0, 0, 0, 3],
}
OUTCOMES = ["upheld", "corrected", "other", "pending", "total"]
PINGTAN_ACTIVE = {
    "/active/regulations/issued": 0,
    "/active/regulations/repealed": 0,
    "/active/regulations/in_force": 0,
    "/active/normative_docs/issued": 58,
    "/active/normative_docs/repealed": 45,
    "/active/normative_docs/in_force": 546,
    "/active/licensing/decisions": 2418,
    "/active/penalty/decisions": 644,
    "/active/coercion/decisions": 64,
    "/active/admin_fees/amount": Decimal("4166.241619"),
}


def pingtan_expected() -> dict[str, object]:
    out: dict[str, object] = dict(PINGTAN_ACTIVE)
    for row, values in PINGTAN_ROWS.items():
        for key, v in zip(APPLICANTS, values, strict=True):
            out[f"/applications/{row}/{key}"] = v
    for group, values in PINGTAN_REVIEW.items():
        for key, v in zip(OUTCOMES, values, strict=True):
            out[f"/review_litigation/{group}/{key}"] = v
    return out


def run(*argv: str) -> tuple[int, str, str]:
    """(exit code, stdout, stdout + stderr)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), out.getvalue() + err.getvalue()


def imported_report(path: Path, **options: object) -> tuple[Report, object]:
    result = import_file(path, **options)  # type: ignore[arg-type]
    assert result.page is not None, result.refused
    report = parse_page(result.page, "imported.md")
    assert report is not None
    return report, result


def values(report: Report) -> dict[str, object]:
    return {p: c.value for p, c in report.cells.items()}


def reported(report: Report) -> dict[str, object]:
    """Only the cells the page states (not the totals the tool computes)."""
    return {p: c.value for p, c in report.cells.items() if c.status == "reported"}


# ---------------------------------------------------------------------------------------
# The three samples


@needs_samples
def test_xigong_all_zero_with_label_slip(tmp_path: Path) -> None:
    report, result = imported_report(SAMPLES / "xigong-statistics-2023.txt")
    assert (report.agency, report.year, report.format_id, report.kind) == ("西工区统计局", 2023, "2021", "department")
    cells = reported(report)
    assert len(cells) == 200 and set(cells.values()) == {0}
    slips = [f for f in result.findings if f.rule == "W5"]  # type: ignore[attr-defined]
    assert len(slips) == 1 and "本年度止件数" in slips[0].message and slips[0].line == 28
    assert [f.rule for f in result.findings] == ["W5"]  # type: ignore[attr-defined]
    # the page validates: only the expected W6 (section 六 says "无", not the fee)
    out = tmp_path / "xigong.md"
    out.write_text(result.page, encoding="utf-8")  # type: ignore[attr-defined]
    code, _o, err = run("validate", str(out))
    assert code == 1 and "[W6]" in err and "[S]" not in err and "[R" not in err
    assert "本年度止件数" in result.page  # the slip is recorded in provenance  # type: ignore[attr-defined]


@needs_samples
def test_pingtan_html_every_number_as_printed(tmp_path: Path) -> None:
    report, result = imported_report(SAMPLES / "pingtan-2025.html")
    assert (report.agency, report.year, report.format_id) == ("平潭综合实验区", 2025, "2021")
    assert report.published == "2026-03-10" and report.kind == "government"
    assert reported(report) == pingtan_expected()
    amount = report.value("/active/admin_fees/amount")
    assert isinstance(amount, Decimal) and str(amount) == "4166.241619"
    assert result.findings == []  # type: ignore[attr-defined]
    out = tmp_path / "pingtan.md"
    out.write_text(result.page, encoding="utf-8")  # type: ignore[attr-defined]
    code, _o, err = run("validate", str(out))
    assert code == 0, err
    # the article's text came through; the site's menus did not
    page = result.page  # type: ignore[attr-defined]
    assert "2025年，无收取信息处理费情况。" in page and "（一）主动公开方面" in page
    assert "扫一扫" not in page and "无障碍浏览" not in page and "网站支持IPV6" not in page


@needs_samples
def test_pingtan_run_together_text(tmp_path: Path) -> None:
    report, result = imported_report(SAMPLES / "pingtan-2025.txt")
    expected = pingtan_expected()
    ambiguous = {p for p in expected if p.startswith("/active/normative_docs/")}
    got = reported(report)
    # every cell that could be split is exactly the printed number ...
    assert {p: v for p, v in expected.items() if p not in ambiguous} == got
    # ... and "5845546" (58/45/546 on the web page) has 15 readings and no sum: left missing
    assert all(report.cells[p].value is None for p in ambiguous)
    [finding] = [f for f in result.findings if f.rule == "S"]  # type: ignore[attr-defined]
    assert "5845546" in finding.message and "15 种" in finding.message and finding.line == 10
    assert report.value("/active/admin_fees/amount") == Decimal("4166.241619")
    out = tmp_path / "pingtan.md"
    out.write_text(result.page, encoding="utf-8")  # type: ignore[attr-defined]
    code, _o, err = run("validate", str(out))
    assert code == 1
    assert err.count("[S]") == 3 and "/active/normative_docs/" in err and "[R" not in err and "[W" not in err


@needs_samples
def test_pre_2019_report_refused(tmp_path: Path) -> None:
    src = tmp_path / "pingtan-2017.html"
    shutil.copy(SAMPLES / "pingtan-2017.html", src)
    code, _o, err = run("import", str(src))
    assert code == 3
    assert "2017 年度" in err and "2008" in err and "没有全国统一的表格格式" in err and "Traceback" not in err
    assert not (tmp_path / "pingtan-2017.md").exists()


@needs_samples
def test_folder_import_summary(tmp_path: Path) -> None:
    src = tmp_path / "in"
    shutil.copytree(SAMPLES, src)
    code, _o, err = run("import", str(src), "-o", str(tmp_path / "out"))
    assert code == 3  # one file refused
    assert "导入 4 个文件：3 个已导入（其中 2 个有问题需核对），1 个被拒绝。" in err
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["pingtan-2025-html.md", "pingtan-2025-txt.md", "xigong-statistics-2023.md"]
    code, _o, err = run("validate", str(tmp_path / "out" / "pingtan-2025-html.md"))
    assert code == 0


# ---------------------------------------------------------------------------------------
# Messy fixtures


def test_2019_tables_for_2022_blanks_slips_footer() -> None:
    report, result = imported_report(FIXTURES / "dongfeng-2022-tsv.txt")
    assert (report.agency, report.year, report.format_id, report.kind) == ("东风镇人民政府", 2022, "2019", "government")
    rules = [f.rule for f in result.findings]  # type: ignore[attr-defined]
    assert "W4" in rules
    messages = " ".join(f.message for f in result.findings if f.rule == "W5")  # type: ignore[attr-defined]
    for slip in ("只计这一情况", "三类内容事务信息", "二、行政机关主动公开政府信息情况", "五、政府信息公开工作存在的主要问题及改进情况"):
        assert slip in messages
    v = values(report)
    assert v["/active/licensing/change"] == -2
    assert v["/active/central_procurement/amount"] == Decimal("25.1")  # 251000元, in 万元
    # a blank cell is missing, never zero
    assert report.cells["/active/coercion/decisions"].status == "missing"
    assert v["/active/coercion/prev_year_items"] == 5
    # the blank 总计 is computed by the tool, not read
    assert report.cells["/applications/results/total/total"].status == "computed"
    assert v["/applications/results/total/total"] == 13
    assert report.cells["/review_litigation/litigation_after_review/total"].status == "computed"
    assert v["/review_litigation/litigation_direct/corrected"] == 1
    # the page footer inside table 三 was dropped, and said so
    assert any("— 2 —" in n for n in result.notes)  # type: ignore[attr-defined]
    assert v["/applications/results/other/total"] == 0
    assert v["/applications/new_received/total"] == 13


def test_pdf_text_wrapped_labels_and_run_together_rows() -> None:
    report, result = imported_report(FIXTURES / "beichen-2024-pdftext.txt")
    v = values(report)
    # labels wrapped around their numbers
    assert [v[f"/applications/results/other/no_correction/{k}"] for k in APPLICANTS] == [1, 0, 0, 0, 1, 0, 2]
    assert [v[f"/applications/results/other/fee_unpaid/{k}"] for k in APPLICANTS] == [0] * 7
    # "330000033" reads as 33/0/…/33 or 3/30/…/33 by the row sum; the column sums decide
    assert [v[f"/applications/results/granted/{k}"] for k in APPLICANTS] == [33, 0, 0, 0, 0, 0, 33]
    assert report.cells["/applications/results/granted/natural_person"].status == "reported"
    # "5845546" has no sum to decide it; "1 2" is two numbers for a one-cell row
    for p in ("/active/normative_docs/issued", "/active/licensing/decisions"):
        assert report.cells[p].status == "missing"
    assert v["/active/admin_fees/amount"] == Decimal("12.50")
    assert [v[f"/review_litigation/review/{k}"] for k in OUTCOMES] == [2, 1, 0, 0, 3]
    notes = " ".join(result.notes)  # type: ignore[attr-defined]
    assert "第 2 页 共 4 页" in notes and "— 3 —" in notes
    lines = {f.line for f in result.findings}  # type: ignore[attr-defined]
    assert {8, 11} <= lines


def test_ambiguous_row_left_missing_not_guessed() -> None:
    text = (
        "测试局2023年政府信息公开工作年度报告\n"
        "三、收到和处理政府信息公开申请情况\n"
        "一、本年新收政府信息公开申请数量 110000011\n"  # 11/0/…/11 or 1/10/…/11
        "四、政府信息公开行政复议、行政诉讼情况\n"
    )
    result = import_bytes(text.encode(), "t.txt")
    assert result.page is not None
    report = parse_page(result.page, "t.md")
    assert report is not None
    # 11/0/0/0/0/0/11 or 1/10/0/0/0/0/11: the first two columns are open ...
    assert all(report.cells[f"/applications/new_received/{k}"].value is None for k in APPLICANTS[:2])
    # ... the others read the same in both readings: certain, and imported
    assert [report.cells[f"/applications/new_received/{k}"].value for k in APPLICANTS[2:]] == [0, 0, 0, 0, 11]
    [finding] = [f for f in result.findings if "110000011" in f.message]
    assert "2 种" in finding.message and finding.pointers == ("/applications/new_received/natural_person", "/applications/new_received/commercial")


def test_refusals_are_messages() -> None:
    for raw, name, why in (
        (b"hello world", "x.txt", "没有找到"),
        (b"\x00\x01\x02", "x.bin", "没有找到"),
        (b"PK\x03\x04broken", "x.docx", "Word"),
        ("某局2023年政府信息公开工作年度报告\n规章 0 0 0".encode(), "x.txt", None),
    ):
        result = import_bytes(raw, name)
        if why:
            assert result.page is None and why in (result.refused or "")


# ---------------------------------------------------------------------------------------
# Word


def _docx(rows: list[list[str]], paragraphs_before: list[str], merged_first_col: bool = True) -> bytes:
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def para(text: str) -> str:
        return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'

    body = "".join(para(p) for p in paragraphs_before)
    trs = []
    for i, row in enumerate(rows):
        tcs = []
        for j, cell in enumerate(row):
            props = ""
            if merged_first_col and j == 0 and cell == "":
                props = "<w:tcPr><w:vMerge/></w:tcPr>"
            elif merged_first_col and j == 0 and i > 0 and rows[i - 1][0] == "" and cell:
                props = '<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>'
            tcs.append(f"<w:tc>{props}{para(cell)}</w:tc>")
        trs.append("<w:tr>" + "".join(tcs) + "</w:tr>")
    body += "<w:tbl>" + "".join(trs) + "</w:tbl>" + para("六、其他需要报告的事项") + para("本年度未收取信息处理费。")
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
    return buf.getvalue()


def test_word_docx_with_merged_cells() -> None:
    rows = [
        ["三、本年度办理结果", "（一）予以公开", "4", "1", "0", "0", "0", "0", "5"],
        ["", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "2", "0", "0", "0", "0", "0", "2"],
    ]
    raw = _docx(rows, ["南湖区教育局2023年政府信息公开工作年度报告", "一、总体情况", "本局……", "三、收到和处理政府信息公开申请情况"])
    result = import_bytes(raw, "nanhu.docx")
    assert result.page is not None, result.refused
    report = parse_page(result.page, "n.md")
    assert report is not None and report.agency == "南湖区教育局"
    assert [report.value(f"/applications/results/granted/{k}") for k in APPLICANTS] == [4, 1, 0, 0, 0, 0, 5]
    assert [report.value(f"/applications/results/partial/{k}") for k in APPLICANTS] == [2, 0, 0, 0, 0, 0, 2]
    # rows the document does not have are missing, not zero
    assert report.value("/applications/new_received/natural_person") is None
    assert "本年度未收取信息处理费。" in result.page


# ---------------------------------------------------------------------------------------
# A real MkDocs build of an imported page


@needs_samples
def test_imported_page_builds_with_mkdocs(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    code, _o, err = run("import", str(SAMPLES / "pingtan-2025.html"), "-o", str(docs / "pingtan-2025.md"))
    assert code == 0, err
    (tmp_path / "mkdocs.yml").write_text("site_name: 导入测试\ntheme:\n  name: mkdocs\nplugins:\n  - govreport\n", encoding="utf-8")
    cfg = load_config(str(tmp_path / "mkdocs.yml"))
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    html = (Path(cfg.site_dir) / "pingtan-2025" / "index.html").read_text(encoding="utf-8")
    cells = dict(re.findall(r'data-pointer="([^"]+)">([^<]*)<', html))
    expected = {p: str(v) for p, v in pingtan_expected().items()}
    assert cells == expected
    assert "一、总体情况" in html and "（五）监督保障方面" in html


# ---------------------------------------------------------------------------------------
# PDF (text layer, through the optional pypdf)


def test_pdf_text_layer() -> None:
    if importlib.util.find_spec("pypdf") is None:  # the 'import' extra, installed by '.[test]'
        reason = "pypdf 未安装 is not installed (pip install -e '.[test]')"
        pytest.fail(reason) if os.environ.get("CI") else pytest.skip(reason)
    lines = (FIXTURES / "beichen-2024-pdftext.txt").read_text(encoding="utf-8").splitlines()
    result = import_bytes(text_layer_pdf(lines), "beichen.pdf")
    assert result.page is not None, result.refused
    report = parse_page(result.page, "b.md")
    assert report is not None and report.agency == "北辰区市场监督管理局"
    assert [report.value(f"/applications/results/granted/{k}") for k in APPLICANTS] == [33, 0, 0, 0, 0, 0, 33]
    assert [report.value(f"/applications/results/other/no_correction/{k}") for k in APPLICANTS] == [1, 0, 0, 0, 1, 0, 2]
    assert report.value("/active/normative_docs/issued") is None
    assert any(f.line == 8 and "5845546" in f.message for f in result.findings)


def test_pdf_without_reader_is_refused_with_instructions(monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real = builtins.__import__

    def no_pypdf(name: str, *args: object, **kwargs: object) -> object:
        if name in ("pypdf", "pdfplumber"):  # neither PDF reader installed
            raise ImportError(f"no {name}")
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_pypdf)
    result = import_bytes(text_layer_pdf(["x"]), "a.pdf")
    assert result.page is None and "pypdf" in (result.refused or "") and ".txt" in (result.refused or "")


def test_pipe_table_local_row_thousands_and_full_width() -> None:
    text = "\n".join(
        [
            "# 江城市人民政府2020年政府信息公开工作年度报告",
            "## 二、主动公开政府信息情况",
            "| 第二十条第（一）项 | | | |",
            "|---|---|---|---|",
            "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |",
            "| 规章 | ２ | 2 | 31 |",
            "| 规范性文件 | 12 | 12 | 1,204 |",
            "| 其他主动公开文件 | 5 | 5 | 40 |",
            "## 三、收到和处理政府信息公开申请情况",
            "| 一、本年新收政府信息公开申请数量 | 1,305 | 20 | 1 | 0 | 3 | 0 | 1,329 |",
        ]
    )
    result = import_bytes(text.encode(), "jiangcheng.md")
    assert result.page is not None, result.refused
    report = parse_page(result.page, "j.md")
    assert report is not None and report.format_id == "2019" and report.year == 2020
    assert report.value("/active/regulations/new_made") == 2
    assert report.value("/active/normative_docs/total_published") == 1204
    assert [report.value(f"/applications/new_received/{k}") for k in APPLICANTS] == [1305, 20, 1, 0, 3, 0, 1329]
    # the local extra row is not a row of the format: its numbers are not imported, and said so
    local = [f for f in result.findings if f.rule == "W5" and "其他主动公开文件" in f.message]
    assert len(local) == 1 and "5 5 40" in local[0].message
    assert 40 not in [c.value for c in report.cells.values()]
