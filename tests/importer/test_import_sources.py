"""The importer's reading layer: how a published file becomes blocks of cells.

One test (or a few) per class of attack from issue 13, each with its own synthetic input
(HTML, Word, text, PDF), asserting the exact cells read, that the wrong number never
appears, that refusals carry a Chinese reason, and that nothing raises; and the PDFs
printed by Chromium (tests/fixtures/import/sources, made by make_fixtures.py there) read
cell by cell against the numbers they print (issue 15).
"""

from __future__ import annotations

import io
import json
import os
import re
import threading
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest

from mkdocs_govreport.importer import import_bytes, import_file
from mkdocs_govreport.importer.convert import ImportResult
from mkdocs_govreport.importer.docx import MAX_PART_BYTES
from mkdocs_govreport.importer.pdf import read_pdf_pdfplumber, read_pdf_pypdf
from mkdocs_govreport.importer.sources import (
    MARK_BLANK,
    MARK_UNREAD,
    ROLE_METADATA,
    Document,
    SourceError,
    read_file,
    read_html,
    read_source,
)
from tests.helpers.paths import FIXTURES
from tests.helpers.pdf import pdf_bytes

SOURCES = FIXTURES / "import" / "sources"
EXPECTED = json.loads((SOURCES / "expected.json").read_text(encoding="utf-8"))
APPLICANTS = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total"]
NEW = "一、本年新收政府信息公开申请数量"
CARRIED = "二、上年结转政府信息公开申请数量"
GRANTED = "（一）予以公开"
CJK = re.compile(r"[\u4e00-\u9fff]")

# ---------------------------------------------------------------------------------------
# Builders of synthetic inputs


T3_HEAD = (
    "<tr><td colspan='3' rowspan='3'>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>"
    "<td colspan='7'>申请人情况</td></tr>"
    "<tr><td rowspan='2'>自然人</td><td colspan='5'>法人或其他组织</td><td rowspan='2'>总计</td></tr>"
    "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"
)


def t3_row(label: str, *cells: str) -> str:
    return f"<tr><td colspan='3'>{label}</td>" + "".join(c if c.startswith("<td") else f"<td>{c}</td>" for c in cells) + "</tr>"


def html_report(t3_rows: str = "", *, t2: str = "", head: str = "", before: str = "") -> bytes:
    """A 2021-format report page: 表二 rows ``t2``, 表三 rows ``t3_rows``."""
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>测试局2024年政府信息公开工作年度报告</title>{head}</head><body>"
        f"{before}<h1>测试局2024年政府信息公开工作年度报告</h1><h2>一、总体情况</h2><p>本局依法公开政府信息。</p>"
        f"<h2>二、主动公开政府信息情况</h2><table>{t2}</table>"
        f"<h2>三、收到和处理政府信息公开申请情况</h2><table>{T3_HEAD}{t3_rows}</table>"
        "<h2>四、政府信息公开行政复议、行政诉讼情况</h2><h2>五、存在的主要问题及改进情况</h2><p>无。</p>"
        "<h2>六、其他需要报告的事项</h2><p>本年度未收取信息处理费。</p></body></html>"
    ).encode()


def values(result: ImportResult) -> dict[str, object]:
    assert result.extraction is not None, result.refused
    return {p: c.value for p, c in result.extraction.cells.items() if c.status == "value"}


def row(result: ImportResult, record: str) -> list[object]:
    v = values(result)
    return [v.get(f"/applications/{record}/{k}") for k in APPLICANTS]


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def wrun(text: str, props: str = "") -> str:
    return f'<w:r>{"<w:rPr>" + props + "</w:rPr>" if props else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


def wpara(*runs: str, style: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{''.join(r if r.startswith('<w:') else wrun(r) for r in runs)}</w:p>"


def wcell(content: str, props: str = "") -> str:
    inner = content if content.startswith("<w:") else wpara(content)
    return f"<w:tc>{'<w:tcPr>' + props + '</w:tcPr>' if props else ''}{inner}</w:tc>"


def docx_bytes(body: str, styles: str | None = None) -> bytes:
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xml)
        if styles is not None:
            z.writestr("word/styles.xml", f'<?xml version="1.0"?><w:styles xmlns:w="{W}">{styles}</w:styles>')
    return buf.getvalue()


def docx_report(rows: list[str]) -> bytes:
    """A 2021-format report in Word: 表三 with the given ``<w:tr>`` rows."""
    body = "".join(
        wpara(t)
        for t in ("测试局2024年政府信息公开工作年度报告", "一、总体情况", "本局依法公开政府信息。", "三、收到和处理政府信息公开申请情况")
    )
    head = "<w:tr>" + wcell("", '<w:gridSpan w:val="3"/>') + "".join(wcell(x) for x in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")) + "</w:tr>"
    body += "<w:tbl>" + head + "".join(rows) + "</w:tbl>" + wpara("六、其他需要报告的事项") + wpara("无。")
    return docx_bytes(body)


def wrow(label: str, *cells: str) -> str:
    return "<w:tr>" + wcell(label, '<w:gridSpan w:val="3"/>') + "".join(c if c.startswith("<w:tc") else wcell(c) for c in cells) + "</w:tr>"


def text_report(*rows: str) -> bytes:
    lines = ["测试局2024年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况", *rows, "四、政府信息公开行政复议、行政诉讼情况"]
    return "\n".join(lines).encode()


def ruled_table(x: float, top: float, widths: list[float], rows: list[list[str]], size: float = 8, height: float = 16) -> tuple[list[tuple[float, float, float, str]], list[tuple[float, float, float, float]]]:
    """Texts and rules of a grid table whose top-left corner is at (x, top)."""
    texts: list[tuple[float, float, float, str]] = []
    rules: list[tuple[float, float, float, float]] = []
    right = x + sum(widths)
    bottom = top - height * len(rows)
    for r in range(len(rows) + 1):
        rules.append((x, top - r * height, right, top - r * height))
    cx = x
    for w in [*widths, 0]:
        rules.append((cx, top, cx, bottom))
        cx += w
    for r, cells in enumerate(rows):
        cx = x
        for w, t in zip(widths, cells, strict=False):
            if t:
                texts.append((cx + 2, top - (r + 1) * height + 4, size, t))
            cx += w
    return texts, rules


def no_traceback(result: ImportResult) -> None:
    assert (result.page is None) != (result.refused is None)
    if result.refused:
        assert CJK.search(result.refused), result.refused
        assert "Traceback" not in result.refused and "程序缺陷" not in result.refused


# ---------------------------------------------------------------------------------------
# Class 1: note markers are not digits


@pytest.mark.parametrize("decorated", ["230①", "230<sup>1</sup>", "230²", "230[1]", "230※", "230 <sup>注1</sup>", "230〔2〕", "230⑴", "230【注1】", "230（注2）", "230†"])
def test_html_note_marker_is_not_part_of_the_number(decorated: str) -> None:
    result = import_bytes(html_report(t3_row(NEW, decorated, "1", "0", "0", "0", "0", "231")), "r.html")
    assert row(result, "new_received") == [230, 1, 0, 0, 0, 0, 231]
    assert not any(v in (2301, 2302, 23012) for v in values(result).values())
    notes = " ".join(result.notes)
    assert "注释标记" in notes or "上标" in notes


def test_text_and_word_note_markers() -> None:
    text = text_report(f"{NEW}\t230①\t1\t0\t0\t0\t0\t231", f"{CARRIED}\t7[1]\t0\t0\t0\t0\t0\t7")
    r = import_bytes(text, "r.txt")
    assert row(r, "new_received") == [230, 1, 0, 0, 0, 0, 231] and row(r, "carried_over") == [7, 0, 0, 0, 0, 0, 7]
    # a run set in superscript, a footnote-reference style, and a circled number
    sup = wcell(wpara("230", wrun("1", '<w:vertAlign w:val="superscript"/>')))
    styled = wcell(wpara("7", wrun("2", '<w:rStyle w:val="FootnoteReference"/>')))
    raw = docx_report([wrow(NEW, sup, "1", "0", "0", "0", "0", "231"), wrow(CARRIED, styled, "0", "0", "0", "0", "0", "7②")])
    r = import_bytes(raw, "r.docx")
    assert row(r, "new_received") == [230, 1, 0, 0, 0, 0, 231] and row(r, "carried_over") == [7, 0, 0, 0, 0, 0, 7]


def test_pdf_superscript_is_a_note_marker() -> None:
    # a ruled table: label | 230 with a raised small "1" | 231
    texts, rules = ruled_table(40, 700, [150, 50, 50, 50, 50, 50, 50, 50], [[NEW[:10], "230", "1", "0", "0", "0", "0", "231"]])
    texts.append((40 + 150 + 2 + 3 * 8, 700 - 16 + 4 + 4, 5, "1"))  # after "230": smaller, raised
    doc = read_pdf_pdfplumber(pdf_bytes(texts, rules))
    [block] = [b for b in doc.blocks if b.kind == "row"]
    assert [c.text for c in block.cells] == [NEW[:10], "230", "1", "0", "0", "0", "0", "231"]
    assert any("上标" in n for n, _ in doc.notes)


def test_pdf_printed_note_markers_and_struck_number() -> None:
    exp = EXPECTED["xigong-gov-2024-marks"]
    result = import_file(SOURCES / "xigong-gov-2024-marks.pdf")
    got = {p: str(v) for p, v in values(result).items()}
    assert {p: got.get(p) for p in exp["cells"]} == exp["cells"]
    [struck] = exp["missing"]
    assert struck not in got
    assert any("删除线" in n for n in result.notes)


# ---------------------------------------------------------------------------------------
# Class 2: merged number cells never shift a row


def test_html_number_merged_downward_does_not_shift_the_row() -> None:
    rows = t3_row(NEW, "5", "<td rowspan='2'>0</td>", "1", "0", "0", "0", "6") + t3_row(CARRIED, "2", "0", "0", "0", "1", "3")
    result = import_bytes(html_report(rows), "r.html")
    # the merged 商业企业 cell belongs to neither row: missing in both, said so
    assert row(result, "new_received") == [5, None, 1, 0, 0, 0, 6]
    assert row(result, "carried_over") == [2, None, 0, 0, 0, 1, 3]  # 其他 is 1, the total 3
    assert any("合并单元格" in n and "跨 2 行" in n for n in result.notes)
    cells = result.extraction.cells  # type: ignore[union-attr]
    assert cells["/applications/new_received/commercial"].status != "value"


def test_html_number_merged_across_columns_is_ambiguous() -> None:
    rows = t3_row(NEW, "5", "<td colspan='2'>4</td>", "0", "0", "0", "9")
    result = import_bytes(html_report(rows), "r.html")
    assert row(result, "new_received") == [5, None, None, 0, 0, 0, 9]
    assert any("跨 2 列" in n for n in result.notes)


def test_html_wide_cell_of_the_official_grid_is_read() -> None:
    t2 = (
        "<tr><td colspan='4'>第二十条第（五）项</td></tr><tr><td>信息内容</td><td colspan='3'>本年处理决定数量</td></tr>"
        "<tr><td>行政许可</td><td colspan='3'>18640</td></tr>"
    )
    result = import_bytes(html_report(t3_row(NEW, "1", "0", "0", "0", "0", "0", "1"), t2=t2), "r.html")
    assert values(result)["/active/licensing/decisions"] == 18640


def test_word_number_merged_downward_does_not_shift_the_row() -> None:
    start, cont = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    rows = [
        wrow(NEW, "5", wcell("0", start), "1", "0", "0", "0", "6"),
        wrow(CARRIED, "2", wcell("", cont), "0", "0", "0", "1", "3"),
    ]
    result = import_bytes(docx_report(rows), "r.docx")
    assert row(result, "new_received") == [5, None, 1, 0, 0, 0, 6]
    assert row(result, "carried_over") == [2, None, 0, 0, 0, 1, 3]
    # a label merged downward (the usual layout) is no problem
    label = "<w:tr>" + wcell("三、本年度办理结果", start) + wcell(GRANTED, '<w:gridSpan w:val="2"/>') + "".join(wcell(x) for x in "4100005") + "</w:tr>"
    label2 = "<w:tr>" + wcell("", cont) + wcell("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", '<w:gridSpan w:val="2"/>') + "".join(wcell(x) for x in "2000002") + "</w:tr>"
    result = import_bytes(docx_report([label, label2]), "r.docx")
    assert row(result, "results/granted") == [4, 1, 0, 0, 0, 0, 5]
    assert row(result, "results/partial") == [2, 0, 0, 0, 0, 0, 2]


def test_two_numbers_in_one_cell_are_not_two_cells() -> None:
    # 7 cells, one holding "1 2": read as two numbers it would shift 其他 and the total
    result = import_bytes(html_report(t3_row(NEW, "5", "1 2", "0", "0", "0", "", "8")), "r.html")
    r = row(result, "new_received")
    assert r[1] is None and r[2:5] == [0, 0, 0] and r[6] == 8 and r[5] is None
    text = import_bytes(text_report(f"{NEW}\t5\t1 2\t0\t0\t0\t\t8"), "r.txt")
    assert row(text, "new_received")[1] is None and 12 not in row(text, "new_received")


# ---------------------------------------------------------------------------------------
# Class 3: struck-through, deleted and hidden text


@pytest.mark.parametrize(
    "hidden",
    [
        "<del>9</del>",
        "<span style='display: none'>9</span>",
        "<span style='visibility:hidden'>9</span>",
        "<span hidden>9</span>",
        "<span class='hidden'>9</span>",
        "<span class='sr-only'>9</span>",
        "<span class='gone'>9</span>",  # hidden by the page's own <style>
        "<span style='font-size:0'>9</span>",
    ],
)
def test_html_hidden_or_deleted_text_is_not_text(hidden: str) -> None:
    page = html_report(t3_row(NEW, f"23{hidden}0", "1", "0", "0", "0", "0", "231"), head="<style>.gone { display:none }</style>")
    result = import_bytes(page, "r.html")
    assert row(result, "new_received") == [230, 1, 0, 0, 0, 0, 231]
    assert 2390 not in values(result).values()


@pytest.mark.parametrize("struck", ["<s>230</s> 231", "<strike>230</strike>", "<span style='text-decoration: line-through'>230</span>231", "<span class='old'>230</span> 231"])
def test_html_struck_number_cell_is_missing_with_reason(struck: str) -> None:
    page = html_report(t3_row(NEW, struck, "1", "0", "0", "0", "0", "232"), head="<style>.old{text-decoration:line-through}</style>")
    result = import_bytes(page, "r.html")
    r = row(result, "new_received")
    assert r == [None, 1, 0, 0, 0, 0, 232]
    assert 230 not in values(result).values() and 231 not in values(result).values()
    assert any("删除线" in n and "230" in n for n in result.notes)
    # the cell is missing with a finding pointing at the source
    assert any(f.pointer == "/applications/new_received/natural_person" and f.line for f in result.findings)


def test_word_deleted_hidden_and_struck_runs() -> None:
    deleted = wcell(wpara("23", "<w:del><w:r><w:delText>9</w:delText></w:r></w:del>", "0"))
    hidden = wcell(wpara("1", wrun("9", "<w:vanish/>")))
    moved = wcell(wpara("<w:moveFrom>" + wrun("5") + "</w:moveFrom>", "<w:ins>" + wrun("0") + "</w:ins>"))
    struck = wcell(wpara(wrun("7", "<w:strike/>"), " 8"))
    dstruck = wcell(wpara(wrun("3", "<w:dstrike/>")))
    not_struck = wcell(wpara(wrun("0", '<w:strike w:val="0"/>')))
    rows = [wrow(NEW, deleted, hidden, moved, struck, dstruck, not_struck, "240")]
    result = import_bytes(docx_report(rows), "r.docx")
    assert row(result, "new_received") == [230, 1, 0, None, None, 0, 240]
    assert not {2390, 19, 5, 7, 78, 3} & set(values(result).values())
    assert sum("删除线" in n for n in result.notes) == 2
    # a character style that hides text, through basedOn
    styles = '<w:style w:styleId="H"><w:rPr><w:vanish/></w:rPr></w:style><w:style w:styleId="H2"><w:basedOn w:val="H"/></w:style>'
    body = wpara("测试局2024年政府信息公开工作年度报告") + wpara("规章 1", wrun("9", '<w:rStyle w:val="H2"/>'))
    doc = read_source("s.docx", docx_bytes(body, styles))
    assert [c.text for b in doc.blocks for c in b.cells][-1] == "规章 1"


# ---------------------------------------------------------------------------------------
# Class 4: nothing crashes; every refusal says why, in Chinese


def test_docx_bomb_is_refused_before_inflating() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("word/document.xml", b"<a>" + b" " * (MAX_PART_BYTES + 10) + b"</a>")
    raw = buf.getvalue()
    assert len(raw) < 200_000  # small on disk
    result = import_bytes(raw, "bomb.docx")
    no_traceback(result)
    assert result.page is None and "解压后" in (result.refused or "") and "上限" in (result.refused or "")


def test_docx_part_that_lies_about_its_size() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<a>" + b" " * 5_000_000 + b"</a>")
    raw = bytearray(buf.getvalue())
    # rewrite the declared uncompressed size (local header and central directory) to 100
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        i = raw.find(sig)
        raw[i + off : i + off + 4] = (100).to_bytes(4, "little")
    result = import_bytes(bytes(raw), "liar.docx")
    no_traceback(result)
    assert result.page is None


def test_deep_nesting_never_raises() -> None:
    for depth in (1000, 50_000):
        page = ("<div>" * depth) + "测试局2024年政府信息公开工作年度报告" + ("</div>" * depth)
        no_traceback(import_bytes(page.encode(), "deep.html"))
        nested = "<sup>" * depth + "1" + "</sup>" * depth
        no_traceback(import_bytes(html_report(t3_row(NEW, "230" + nested, "0", "0", "0", "0", "0", "230")), "deep.html"))
    # unmatched end tags and implied closes deep down stay linear (they used to be quadratic)
    for soup in ("<div>" * 30_000 + "</span>" * 30_000, "<div>" * 30_000 + "<td>x" * 30_000):
        no_traceback(import_bytes(soup.encode(), "soup.html"))
    # a report inside 300 nested divs is read as usual
    deep = html_report(t3_row(NEW, "5", "1", "0", "0", "0", "0", "6")).replace(b"<body>", b"<body>" + b"<div>" * 300)
    assert row(import_bytes(deep, "r.html"), "new_received") == [5, 1, 0, 0, 0, 0, 6]
    # Word tables nested 40 deep: refused, saying so; 5 deep: read
    for levels, refused in ((40, True), (5, False)):
        inner = wpara("测试局2024年政府信息公开工作年度报告")
        for _ in range(levels):
            inner = f"<w:tbl><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl>"
        result = import_bytes(docx_bytes(inner), "nested.docx")
        no_traceback(result)
        assert ("嵌套" in (result.refused or "")) == refused


def test_spans_that_cover_the_world_are_refused() -> None:
    rows = "<tr><td rowspan='0' colspan='999'>1</td></tr>" * 30_000
    result = import_bytes(html_report(rows), "r.html")
    no_traceback(result)
    assert "合并单元格" in (result.refused or "")


def test_huge_sparse_file_is_refused_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    with open(big, "wb") as f:
        f.truncate(50 * 2**30)  # 50 GiB of nothing: reading it would never end
    result = import_file(big)
    no_traceback(result)
    assert "文件过大" in (result.refused or "")


def test_fifo_is_refused_and_never_blocks(tmp_path: Path) -> None:
    from mkdocs_govreport.cli import main

    fifo = tmp_path / "report.txt"
    os.mkfifo(fifo)
    out: list[ImportResult] = []
    t = threading.Thread(target=lambda: out.append(import_file(fifo)), daemon=True)
    t.start()
    t.join(20)
    assert not t.is_alive(), "reading a FIFO blocked"
    [result] = out
    assert "命名管道" in (result.refused or "") and "找不到" not in (result.refused or "")
    err = io.StringIO()
    from contextlib import redirect_stderr, redirect_stdout

    with redirect_stderr(err), redirect_stdout(io.StringIO()):
        code = main(["import", str(fifo)])
    # the command refuses it before reading, as not a regular file — never "not found"
    assert code in (2, 3) and "普通文件" in err.getvalue() and "找不到" not in err.getvalue()
    with pytest.raises(SourceError, match="文件夹"):
        read_file(tmp_path)


@pytest.mark.parametrize(
    ("raw", "name", "why"),
    [
        (b"<html>not a zip</html>", "r.docx", "不是 Word .docx 文件"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "r.doc", "旧版 Word"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "r.docx", "加密"),
        (b"hello", "r.pdf", "不是 PDF"),
        (b"%PDF-1.7\n garbage", "r.pdf", "PDF"),
        (b"", "r.txt", "空的"),
        (b"\x00\x01\x02\x03" * 100, "r.txt", "二进制"),
        (b"\xff\xfe\x00\xd8", "r.txt", "UTF-16"),
    ],
)
def test_refusals_say_why_in_chinese(raw: bytes, name: str, why: str) -> None:
    result = import_bytes(raw, name)
    no_traceback(result)
    assert result.page is None and why in (result.refused or ""), result.refused


def test_zip_that_is_not_word() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    result = import_bytes(buf.getvalue(), "r.docx")
    assert "Excel" in (result.refused or "")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "gb18030", "gbk"])
def test_text_encodings_are_decoded_and_said(encoding: str) -> None:
    text = text_report(f"{NEW}\t5\t1\t0\t0\t0\t0\t6").decode()
    result = import_bytes(text.encode(encoding), "r.txt")
    assert row(result, "new_received") == [5, 1, 0, 0, 0, 0, 6]
    notes = " ".join(result.notes)
    assert ("UTF-16" in notes) if encoding.startswith("utf-16") else ("GB18030" in notes)


def test_pdf_library_logs_never_reach_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    good = pdf_bytes([(40, 800, 10, "测试局2024年政府信息公开工作年度报告")])
    damaged = good.replace(b"startxref", b"startxrex").replace(b"/Root", b"/Rooot")
    for raw in (damaged, good[: len(good) // 2], b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF"):
        for reader in (read_pdf_pdfplumber, read_pdf_pypdf):
            try:
                reader(raw)
            except SourceError as exc:
                assert CJK.search(str(exc))
        no_traceback(import_bytes(raw, "d.pdf"))
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


# ---------------------------------------------------------------------------------------
# Issue 15: PDFs printed in the official layout, Word in the official layout


@pytest.mark.parametrize("name", ["xigong-gov-2024", "xigong-gov-2019", "xigong-gov-2024-damaged"])
def test_printed_pdf_every_cell_exactly(name: str) -> None:
    exp = EXPECTED[name]
    result = import_file(SOURCES / f"{name}.pdf")
    assert result.page is not None, result.refused
    got = {p: str(v) for p, v in values(result).items()}
    assert {p: got.get(p) for p in exp["cells"]} == exp["cells"]
    # nothing but printed numbers: no cell read that the page does not print as written
    assert set(got) <= set(exp["cells"])
    assert result.findings == [] or all(f.rule != "S" for f in result.findings)


def test_pdf_tables_are_cells_not_lines() -> None:
    doc = read_pdf_pdfplumber((SOURCES / "xigong-gov-2024-damaged.pdf").read_bytes())
    rows = [b for b in doc.blocks if b.kind == "row"]
    new = [b for b in rows if b.cells[0].text == NEW]
    assert len(new) == 1 and [c.text for c in new[0].cells[1:7]] == ["301", "88", "17", "25", "22", "30"]
    assert new[0].cells[0].page >= 1 and new[0].table >= 1
    # the header repeated on the next page is there twice; the page footers are dropped
    assert sum(1 for b in rows if [c.text for c in b.cells][:1] == ["商业企业"]) >= 2
    notes = " ".join(n for n, _ in doc.notes)
    assert all(f"- {k} -" in notes for k in (1, 2, 3))
    assert not any(c.text.strip() in ("- 2 -", "- 3 -") for b in doc.blocks for c in b.cells)


def test_pdf_struck_number_in_ruled_table() -> None:
    texts, rules = ruled_table(40, 700, [150, 50, 50, 50, 50, 50, 50, 50], [[NEW[:10], "230", "1", "0", "0", "0", "0", "231"]])
    rules.append((40 + 150 + 1, 700 - 16 + 7, 40 + 150 + 28, 700 - 16 + 7))  # a line through "230"
    doc = read_pdf_pdfplumber(pdf_bytes(texts, rules))
    [block] = [b for b in doc.blocks if b.kind == "row"]
    assert block.cells[1].mark == MARK_UNREAD and block.cells[1].text == "" and "删除线" in block.cells[1].problem
    assert [c.text for c in block.cells[2:]] == ["1", "0", "0", "0", "0", "231"]


def test_word_official_layout_with_merged_headers() -> None:
    exp = EXPECTED["official-layout"]
    result = import_file(SOURCES / "official-layout.docx")
    got = {p: str(v) for p, v in values(result).items()}
    assert {p: got.get(p) for p in exp["cells"]} == exp["cells"]
    assert result.extraction is not None and result.extraction.agency == "西工区人民政府"


def test_pypdf_reader_still_reads_the_text_layer() -> None:
    doc = read_pdf_pypdf((SOURCES / "xigong-gov-2024.pdf").read_bytes())
    text = " ".join(c.text for b in doc.blocks for c in b.cells)
    assert "301" in text and "政府信息公开" in text and "⼯" not in text  # radicals mapped back


# ---------------------------------------------------------------------------------------
# Site metadata tables


def test_site_metadata_table_is_marked_and_its_numbers_unused() -> None:
    meta = (
        "<table class='xxgk'><tr><td>索引号：</td><td>11350128MB1234567X/2025-00012</td><td>发布机构：</td><td>测试局</td></tr>"
        "<tr><td>发文日期：</td><td>2025-01-20</td><td>文号：</td><td>测政〔2025〕3号</td></tr></table>"
    )
    raw = html_report(t3_row(NEW, "5", "1", "0", "0", "0", "0", "6"), before=meta)
    doc = read_html(raw.decode())
    marked = [b for b in doc.blocks if b.role == ROLE_METADATA]
    assert len(marked) == 2 and all(b.meta and b.kind == "row" for b in marked)
    assert doc.meta["published"] == "2025-01-20" and doc.meta["agency"] == "测试局"
    assert not any(b.role for b in doc.blocks if b.kind == "row" and b.cells[0].text == NEW)
    result = import_bytes(raw, "r.html")
    assert row(result, "new_received") == [5, 1, 0, 0, 0, 0, 6]
    assert not {2025, 12, 3} & set(values(result).values())


def test_blank_cells_stay_blank_through_merges() -> None:
    # a "—" merged over three columns is blank in each of them (never zero, never shifted)
    result = import_bytes(html_report(t3_row(NEW, "5", "<td colspan='3'>—</td>", "0", "0", "5")), "r.html")
    assert row(result, "new_received") == [5, None, None, None, 0, 0, 5]
    doc: Document = read_source("r.html", html_report(t3_row(NEW, "5", "<td colspan='3'>—</td>", "0", "0", "5")))
    [b] = [b for b in doc.blocks if b.cells[0].text == NEW]
    assert [c.mark for c in b.cells[2:5]] == [MARK_BLANK] * 3


def test_decimal_amount_with_marker() -> None:
    t2 = (
        "<tr><td colspan='4'>第二十条第（八）项</td></tr><tr><td>信息内容</td><td colspan='3'>本年收费金额（单位：万元）</td></tr>"
        "<tr><td>行政事业性收费</td><td colspan='3'>12.5<sup>3</sup></td></tr>"
    )
    result = import_bytes(html_report(t3_row(NEW, "1", "0", "0", "0", "0", "0", "1"), t2=t2), "r.html")
    assert values(result)["/active/admin_fees/amount"] == Decimal("12.5")
