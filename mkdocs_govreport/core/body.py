"""The report body (the narrative): standard section headings, placement markers, and the
text as the narrative checks read it (code, comments and Markdown tables masked; sentences)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from ..registry import FORMATS, SECTIONS, Format, normalize_label

#: A placement marker: ``<!-- govreport 表三 -->`` (an HTML comment, so that a page stays
#: readable where the plugin does not run).
MARKER_RE = re.compile(r"^\s{0,3}<!--\s*govreport[\s:：]+(?P<name>[^\s>]+?)\s*-->\s*$")
_FENCE_RE = re.compile(r"^\s{0,3}(```+|~~~+)")
_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
#: What counts as a statement about the 信息处理费 (W6 and T5 agree on it).
FEE_RE = re.compile(r"(?:信息)?处理费")
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


def section_key(text: str) -> tuple[str, bool] | None:
    norm = normalize_label(text).replace("*", "").rstrip("。.:：")
    # ``（一）`` style prefixes never start a standard section
    hit = _HEADING_KEYS.get(norm)
    if hit:
        return hit
    return None


def table_for_marker(fmt: Format | None, name: str) -> str | None:
    fmts = [fmt] if fmt else list(FORMATS.values())
    for f in fmts:
        for t in f.tables:
            if name in t.short_names or name == t.key:
                return t.key
    return None


def fenced_lines(lines: list[str]) -> Iterator[tuple[int, bool]]:
    """(index, inside a code fence — the fence lines included) for every line: the one fence
    scanner of the package."""
    fence: str | None = None
    for i, line in enumerate(lines):
        fm = _FENCE_RE.match(line)
        if fence:
            if fm and fm.group(1)[0] == fence[0] and len(fm.group(1)) >= len(fence):
                fence = None
            yield i, True
            continue
        if fm:
            fence = fm.group(1)
            yield i, True
            continue
        yield i, False


def parse_body(text: str, fmt: Format | None) -> Body:
    """Headings of the standard sections and placement markers, outside code fences."""
    lines = text.split("\n")
    headings: list[Heading] = []
    markers: list[Marker] = []
    for i, fenced in fenced_lines(lines):
        if fenced:
            continue
        line = lines[i]
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
        hit = section_key(htext)
        if hit:
            headings.append(Heading(hit[0], i, level, htext.strip(), hit[1]))
    return Body(lines, headings, markers)


# ---------------------------------------------------------------------------------------
# The narrative as the checks read it

#: Full-width digits and signs to ASCII, one character for one (offsets stay valid).  The
#: Chinese comma stays: “100，200件” is two numbers, never one.
_WIDTH = str.maketrans("０１２３４５６７８９％．", "0123456789%.")
_WIDE_RE = re.compile("[０-９％．]")


@lru_cache(maxsize=4096)
def mask_body(body: str) -> str:
    """The body with code blocks, HTML comments and Markdown table rows blanked out, and
    full-width digits made ASCII.

    Same length and line structure as ``body``: offsets and line numbers stay valid.
    Cached by text: the checks of one report all read the same masked body.
    """
    text = _COMMENT_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), body) if "<!--" in body else body
    lines = text.split("\n")
    for i, fenced in fenced_lines(lines):
        if fenced or lines[i].lstrip().startswith("|"):
            lines[i] = " " * len(lines[i])
    text = "\n".join(lines)
    return text.translate(_WIDTH) if _WIDE_RE.search(text) else text


@lru_cache(maxsize=1024)
def parse_masked(body: str, fmt: Format | None) -> Body:
    """The section structure of a masked body (shared by the narrative checks; never mutated)."""
    return parse_body(mask_body(body), fmt)


@dataclass
class Sentence:
    start: int
    text: str
    paragraph: int


_SENTENCE_RE = re.compile(r"[^。！？!?\n]+[。！？!?]?")


def sentences(text: str) -> Iterator[Sentence]:
    """Sentences (split at 。！？ and line ends) with their offsets and paragraph number."""
    paragraph = 0
    pos = 0
    for line in text.split("\n"):
        if not line.strip():
            paragraph += 1  # a blank line ends the paragraph (several count once: only order matters)
        else:
            for m in _SENTENCE_RE.finditer(line):
                if m.group(0).strip():
                    yield Sentence(pos + m.start(), m.group(0), paragraph)
        pos += len(line) + 1


def line_index(body: str) -> list[int]:
    """Offsets of the line ends (for offset → line with bisect)."""
    return [m.start() for m in re.finditer("\n", body)]
