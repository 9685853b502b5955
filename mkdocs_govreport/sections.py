"""The report body: standard section headings, placement markers, and where tables go."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .registry import SECTIONS, Format, normalize_label

#: A placement marker: ``<!-- govreport 表三 -->`` (an HTML comment, so that a page stays
#: readable where the plugin does not run).
MARKER_RE = re.compile(r"^\s{0,3}<!--\s*govreport[\s:：]+(?P<name>[^\s>]+?)\s*-->\s*$")
_FENCE_RE = re.compile(r"^\s{0,3}(```+|~~~+)")
_HEADING_RE = re.compile(r"^\s{0,3}(?P<hashes>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")
_BOLD_RE = re.compile(r"^\s{0,3}(?:\*\*|__)(?P<text>.+?)(?:\*\*|__)\s*$")

_HEADING_KEYS: dict[str, tuple[str, bool]] = {}
for _s in SECTIONS:
    _HEADING_KEYS[normalize_label(_s.heading)] = (_s.key, False)
    for _v in _s.variants:
        _HEADING_KEYS[normalize_label(_v)] = (_s.key, True)

SECTION_ORDER = [s.key for s in SECTIONS]


@dataclass
class Heading:
    key: str  # section key
    line: int  # 0-based index in the body lines
    level: int  # Markdown heading level (0 for a bold paragraph)
    text: str
    variant: bool


@dataclass
class Marker:
    name: str
    line: int
    table: str | None  # table key, None for an unknown name


@dataclass
class Body:
    lines: list[str]
    headings: list[Heading]
    markers: list[Marker]

    def first(self, key: str) -> Heading | None:
        for h in self.headings:
            if h.key == key:
                return h
        return None

    def section_text(self, key: str) -> str | None:
        """The text under a standard heading, up to the next standard heading."""
        h = self.first(key)
        if h is None:
            return None
        end = len(self.lines)
        for other in self.headings:
            if other.line > h.line:
                end = other.line
                break
        return "\n".join(self.lines[h.line + 1 : end])


def _section_key(text: str) -> tuple[str, bool] | None:
    norm = normalize_label(text).replace("*", "").rstrip("。.:：")
    # ``（一）`` style prefixes never start a standard section
    hit = _HEADING_KEYS.get(norm)
    if hit:
        return hit
    return None


def table_for_marker(fmt: Format | None, name: str) -> str | None:
    from .registry import FORMATS

    fmts = [fmt] if fmt else list(FORMATS.values())
    for f in fmts:
        for t in f.tables:
            if name in t.short_names or name == t.key:
                return t.key
    return None


def parse_body(text: str, fmt: Format | None) -> Body:
    lines = text.split("\n")
    headings: list[Heading] = []
    markers: list[Marker] = []
    fence: str | None = None
    for i, line in enumerate(lines):
        fm = _FENCE_RE.match(line)
        if fence:
            if fm and fm.group(1)[0] == fence[0] and len(fm.group(1)) >= len(fence):
                fence = None
            continue
        if fm:
            fence = fm.group(1)
            continue
        mm = MARKER_RE.match(line)
        if mm:
            name = mm.group("name")
            markers.append(Marker(name, i, table_for_marker(fmt, name)))
            continue
        hm = _HEADING_RE.match(line)
        level = 0
        if hm:
            level, htext = len(hm.group("hashes")), hm.group("text")
        else:
            bm = _BOLD_RE.match(line)
            if not bm:
                # a plain paragraph that is exactly a standard heading also counts
                if len(line) > 40 or not line.strip():
                    continue
                htext = line
            else:
                htext = bm.group("text")
        hit = _section_key(htext)
        if hit:
            headings.append(Heading(hit[0], i, level, htext.strip(), hit[1]))
    return Body(lines, headings, markers)
