"""Properties of the importer's reading layer.

(a) Decorating number cells — a note marker after the number, hidden or deleted text
    anywhere inside it, in HTML, Word or tab-separated text — never yields a different
    number: every cell is read as written or (struck-through text) left missing.
(b) Any bytes given to the readers, and any damage to valid HTML, Word and PDF files,
    never raise anything but a refusal (:class:`SourceError`) with a Chinese reason.
"""

from __future__ import annotations

import io
import re
import zipfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkdocs_govreport.importer import import_bytes
from mkdocs_govreport.importer.sources import SourceError, read_source

APPLICANTS = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total"]
LABEL = "一、本年新收政府信息公开申请数量"
TITLE = "测试局2024年政府信息公开工作年度报告"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CJK = re.compile(r"[\u4e00-\u9fff]")

#: Note markers written after a number (HTML and text); ``{k}`` is a small number.
MARKERS = ["<sup>{k}</sup>", "①", "⑵", "²", "¹⁰", "[{k}]", "〔{k}〕", "※", "†", " <sup>注{k}</sup>", "（注{k}）"]
TEXT_MARKERS = ["①", "⑵", "²", "¹⁰", "[{k}]", "〔{k}〕", "※", "†", "（注{k}）", "【{k}】"]
#: Text that is not text, put anywhere inside the number (``{d}`` are digits).
HIDDEN = ["<del>{d}</del>", "<span style='display:none'>{d}</span>", "<span hidden>{d}</span>", "<span class='d-none'>{d}</span>", "<!-- {d} -->", "<script>{d}</script>"]
STRUCK = ["<s>{d}</s>", "<strike>{d}</strike>", "<span style='text-decoration:line-through'>{d}</span>"]


@st.composite
def decorated_rows(draw: st.DrawFn) -> tuple[list[int], list[str], list[str]]:
    """(values, HTML cells, kind of decoration per cell: "", "marker", "hidden", "struck")."""
    vals = [draw(st.integers(0, 99_999)) for _ in range(6)]
    vals.append(sum(vals))
    cells, kinds = [], []
    for v in vals:
        text = str(v)
        kind = draw(st.sampled_from(["", "", "marker", "hidden", "struck"]))
        if kind == "marker":
            text += draw(st.sampled_from(MARKERS)).format(k=draw(st.integers(1, 12)))
        elif kind in ("hidden", "struck"):
            at = draw(st.integers(0, len(text)))
            piece = draw(st.sampled_from(HIDDEN if kind == "hidden" else STRUCK)).format(d=draw(st.integers(0, 999)))
            text = text[:at] + piece + text[at:]
        cells.append(text)
        kinds.append(kind)
    return vals, cells, kinds


def _report_html(cells: list[str]) -> bytes:
    row = f"<tr><td colspan='3'>{LABEL}</td>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
    return (
        f"<html><body><h1>{TITLE}</h1><h2>三、收到和处理政府信息公开申请情况</h2>"
        "<table><tr><td colspan='3'></td><td>自然人</td><td>商业企业</td><td>科研机构</td><td>社会公益组织</td>"
        f"<td>法律服务机构</td><td>其他</td><td>总计</td></tr>{row}</table>"
        "<h2>四、政府信息公开行政复议、行政诉讼情况</h2></body></html>"
    ).encode()


def _read(raw: bytes, name: str) -> list[object]:
    result = import_bytes(raw, name)
    assert result.extraction is not None, result.refused
    cells = result.extraction.cells
    out: list[object] = []
    for k in APPLICANTS:
        c = cells.get(f"/applications/new_received/{k}")
        out.append(c.value if c is not None and c.status == "value" else None)
    return out


def _check(got: list[object], vals: list[int], kinds: list[str]) -> None:
    for v, g, kind in zip(vals, got, kinds, strict=True):
        if kind == "struck":
            assert g is None  # crossed out: which number was meant is unknown
        else:
            assert g == v, (vals, got, kinds)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(decorated_rows())
def test_html_decorations_never_change_a_number(row: tuple[list[int], list[str], list[str]]) -> None:
    vals, cells, kinds = row
    got = _read(_report_html(cells), "r.html")
    # a struck total is missing; every other cell is exactly the number written
    _check(got, vals, kinds)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 99_999), min_size=6, max_size=6), st.lists(st.sampled_from(["", *TEXT_MARKERS]), min_size=7, max_size=7), st.integers(1, 12))
def test_text_markers_never_change_a_number(vals: list[int], marks: list[str], k: int) -> None:
    vals = [*vals, sum(vals)]
    cells = [f"{v}{m.format(k=k)}" for v, m in zip(vals, marks, strict=True)]
    text = "\n".join([TITLE, "三、收到和处理政府信息公开申请情况", LABEL + "\t" + "\t".join(cells), "四、政府信息公开行政复议、行政诉讼情况"])
    assert _read(text.encode(), "r.txt") == vals


def _wrun(text: str, props: str = "") -> str:
    return f'<w:r>{"<w:rPr>" + props + "</w:rPr>" if props else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'


WORD = {
    "marker": lambda v, d: _wrun(v) + _wrun(str(d % 10), '<w:vertAlign w:val="superscript"/>'),
    "hidden": lambda v, d: _wrun(v[:1]) + _wrun(str(d), "<w:vanish/>") + _wrun(v[1:]),
    "deleted": lambda v, d: _wrun(v[:1]) + f"<w:del><w:r><w:delText>{d}</w:delText></w:r></w:del>" + _wrun(v[1:]),
    "struck": lambda v, d: _wrun(str(d), "<w:strike/>") + _wrun(" " + v),
    "": lambda v, d: _wrun(v),
}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(0, 99_999), min_size=6, max_size=6), st.lists(st.sampled_from(sorted(WORD)), min_size=7, max_size=7), st.integers(0, 999))
def test_word_decorations_never_change_a_number(vals: list[int], kinds: list[str], d: int) -> None:
    vals = [*vals, sum(vals)]
    tcs = "".join(f"<w:tc><w:p>{WORD[k](str(v), d)}</w:p></w:tc>" for v, k in zip(vals, kinds, strict=True))
    body = (
        f"<w:p>{_wrun(TITLE)}</w:p><w:p>{_wrun('三、收到和处理政府信息公开申请情况')}</w:p>"
        f"<w:tbl><w:tr><w:tc><w:p>{_wrun(LABEL)}</w:p></w:tc>{tcs}</w:tr></w:tbl>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')
    got = _read(buf.getvalue(), "r.docx")
    _check(got, vals, ["struck" if k == "struck" else "x" for k in kinds])


# ---------------------------------------------------------------------------------------
# (b) bytes never raise


def _valid_inputs() -> dict[str, bytes]:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", f'<w:document xmlns:w="{W}"><w:body><w:p>{_wrun(TITLE)}</w:p><w:tbl><w:tr><w:tc><w:p>{_wrun("规章")}</w:p></w:tc></w:tr></w:tbl></w:body></w:document>')
    pdf = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj\n"
        b"4 0 obj << /Length 44 >> stream\nBT /F1 12 Tf 10 100 Td (Report 2024 1 2) Tj ET\nendstream endobj\n"
        b"5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    return {"r.docx": buf.getvalue(), "r.pdf": pdf, "r.html": _report_html(["1", "2", "3", "4", "5", "6", "21"]), "r.txt": f"{TITLE}\n{LABEL}\t1\t2".encode()}


VALID = _valid_inputs()


def _never_raises(raw: bytes, name: str) -> None:
    try:
        read_source(name, raw)
    except SourceError as exc:
        assert CJK.search(str(exc)), str(exc)
    result = import_bytes(raw, name)
    assert (result.page is None) != (result.refused is None)
    if result.refused:
        assert CJK.search(result.refused) and "Traceback" not in result.refused


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600), st.sampled_from(["a.txt", "a.html", "a.docx", "a.pdf", "a.doc", "a"]))
def test_any_bytes_are_read_or_refused(raw: bytes, name: str) -> None:
    _never_raises(raw, name)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(VALID)),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8),
    st.one_of(st.none(), st.integers(0, 10**6)),
    st.sampled_from(["", "x.bin"]),
)
def test_damaged_files_are_read_or_refused(name: str, flips: list[tuple[int, int]], cut: int | None, rename: str) -> None:
    raw = bytearray(VALID[name])
    for at, byte in flips:
        raw[at % len(raw)] = byte
    if cut is not None:
        raw = raw[: cut % (len(raw) + 1)]
    _never_raises(bytes(raw), rename or name)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([*"<>/=' \"adeilnprstuvb0123456789①²[]※", "<td>", "</td>", "<tr>", "<table>", "<sup>", "<s>", "<del>", " rowspan='3'", " colspan='0'", " hidden", "<div>"]), max_size=200))
def test_html_soup_with_marks_never_raises(pieces: list[str]) -> None:
    _never_raises("".join(pieces).encode(), "soup.html")
