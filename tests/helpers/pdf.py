"""A minimal PDF made by hand for the importer's tests: text at given positions (a Type0 font
whose character ids are Unicode code points, with a ToUnicode map: no glyphs needed to extract
text) and ruling lines."""

from __future__ import annotations

from collections.abc import Sequence


def pdf_bytes(texts: list[tuple[float, float, float, str]], rules: Sequence[tuple[float, float, float, float]] = ()) -> bytes:
    """A PDF with text at (x, y, size) — a Type0 font whose character ids are Unicode,
    every glyph one em wide — and ruling lines (x0, y0, x1, y1), in PDF coordinates."""
    objs: list[bytes] = []

    def add(b: bytes) -> int:
        objs.append(b)
        return len(objs)

    chars = sorted({c for *_p, t in texts for c in t})
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /U def "
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(chars)} beginbfchar\n" + "".join(f"<{ord(c):04X}> <{ord(c):04X}>\n" for c in chars) + "endbfchar endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    content = "".join(f"BT /F1 {s} Tf {x} {y} Td <{''.join(f'{ord(c):04X}' for c in t)}> Tj ET\n" for x, y, s, t in texts)
    content += "".join(f"0.8 w {x0} {y0} m {x1} {y1} l S\n" for x0, y0, x1, y1 in rules)
    catalog, pages, page = add(b""), add(b""), add(b"")
    cont = add(f"<< /Length {len(content.encode())} >>\nstream\n{content}\nendstream".encode())
    tou = add(f"<< /Length {len(cmap.encode())} >>\nstream\n{cmap}\nendstream".encode())
    cid = add(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /X /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity)"
        b" /Supplement 0 >> /FontDescriptor << /Type /FontDescriptor /FontName /X /Flags 4 /FontBBox [0 0 1000 1000]"
        b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >> /DW 1000 >>"
    )
    font = add(f"<< /Type /Font /Subtype /Type0 /BaseFont /X /Encoding /Identity-H /DescendantFonts [{cid} 0 R] /ToUnicode {tou} 0 R >>".encode())
    objs[catalog - 1] = f"<< /Type /Catalog /Pages {pages} 0 R >>".encode()
    objs[pages - 1] = f"<< /Type /Pages /Kids [{page} 0 R] /Count 1 >>".encode()
    objs[page - 1] = (
        f"<< /Type /Page /Parent {pages} 0 R /MediaBox [0 0 595 842] /Contents {cont} 0 R /Resources << /Font << /F1 {font} 0 R >> >> >>"
    ).encode()
    out = b"%PDF-1.7\n"
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + o + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode() + "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def text_layer_pdf(lines: list[str]) -> bytes:
    """A PDF whose text layer holds ``lines``, top to bottom, one per text line."""
    return pdf_bytes([(40, 800 - 14 * k, 10, line) for k, line in enumerate(lines)])
