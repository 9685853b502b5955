"""A strict YAML loader for report data, with a line map.

PyYAML follows YAML 1.1, whose implicit types silently corrupt a table of counts:
``012`` becomes 10, ``1:20`` becomes 80, ``yes`` becomes True, ``1,234`` stays a string,
and duplicate keys keep the last value without a word.  This loader uses PyYAML's C parser
only to *compose* the node tree (with positions), then builds the values itself:

* plain scalars are read by our own, narrow rules (integers, exact decimals, null,
  true/false, text); anything that YAML 1.1 would reinterpret is refused with a message;
* duplicate keys, merge keys, anchors/aliases and explicit tags are refused;
* every value's position is recorded under its JSON Pointer, so findings name the line.

Nothing here raises for bad input: problems are returned as :class:`Problem` objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml

from .numbers import MAX_DIGITS, significant_digits
from .pointers import escape_token

try:  # the C parser is ~10x faster; fall back to the pure-Python one if absent
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader


class _ComposeLoader(_Loader):  # type: ignore[misc]  # a base chosen at import time
    """The loader for ``compose``: our builder reads node values and styles, never the tags
    PyYAML's resolver guesses (a regex per scalar, ~10% of reading a report), so every node
    gets the plain tag of its kind.  Explicit tags are refused by ``_scan_events`` anyway."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return _PLAIN_TAGS[kind]


_PLAIN_TAGS = {yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode: "tag:yaml.org,2002:seq", yaml.MappingNode: "tag:yaml.org,2002:map"}

#: Refuse report data larger than this (bytes of text).
MAX_TEXT = 1_000_000
#: Refuse data nested deeper than this (a report needs 5 levels; deep nesting is an attack
#: on the recursive reader, and would otherwise pass unnoticed in free-form keys).
MAX_DEPTH = 20


@dataclass
class Problem:
    """Something in the YAML text that cannot be taken as written."""

    message: str
    line: int | None = None  # 1-based, in the file
    column: int | None = None  # 1-based
    pointer: str = ""


@dataclass
class Loaded:
    """The result of loading: the value, positions by JSON Pointer, and problems."""

    value: Any = None
    positions: dict[str, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_DEC = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+\Z")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+(?:\.[0-9]*)?\Z")
_RADIX = re.compile(r"[-+]?0[xXoObB][0-9a-fA-F_]+\Z")
_SEXAGESIMAL = re.compile(r"[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?\Z")
_THOUSANDS = re.compile(r"[-+]?[0-9]{1,3}(?:[,，][0-9]{3})+(?:\.[0-9]+)?\Z")
_UNDERSCORE = re.compile(r"[-+]?[0-9][0-9_]*_[0-9_]*(?:\.[0-9_]*)?\Z")
_EXPONENT = re.compile(r"[-+]?(?:[0-9][0-9_]*)?\.?[0-9_]*[eE][-+]?[0-9]+\Z")
_DOT_START = re.compile(r"[-+]?\.[0-9]+\Z|[-+]?[0-9]+\.\Z")
_SPECIAL_FLOAT = re.compile(r"[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)\Z")
_BOOL_11 = {"yes", "no", "on", "off", "y", "n"}
_FULLWIDTH_DIGITS = re.compile(r"[０-９]")
_COMMA_AFTER = re.compile(r",([0-9]{3}(?:\.[0-9]+)?)(?![0-9.])")
_COMMA_BEFORE = re.compile(r"(?<![0-9])([0-9]{1,3}),\Z")
_NULLS = {"", "~", "null", "Null", "NULL"}


def _plain_scalar(text: str) -> tuple[Any, str | None]:
    """Read a plain (unquoted) scalar.  Returns (value, problem message or None)."""
    if _INT.match(text):
        digits = text.lstrip("+-")
        if len(digits) > MAX_DIGITS:
            return None, f"数字“{text}”过大（超过 {MAX_DIGITS} 位），已拒绝处理"
        return int(text), None
    if _DEC.match(text):
        if significant_digits(text) > MAX_DIGITS:
            return None, f"数字“{text}”的有效数字超过 {MAX_DIGITS} 位，已拒绝处理：金额写到万元的几位小数即可，不会按浮点数四舍五入"
        return Decimal(text), None
    if text in _NULLS:
        return None, None
    if text in ("true", "True", "TRUE"):
        return True, None
    if text in ("false", "False", "FALSE"):
        return False, None
    if _FULLWIDTH_DIGITS.search(text):
        fixed = text.translate({ord("０") + i: ord("0") + i for i in range(10)})
        return None, f"“{text}”含全角数字，请改用半角数字，写成 {fixed}"
    if _LEADING_ZERO.match(text):
        sign = "-" if text.startswith("-") else ""
        body = text.lstrip("+-").lstrip("0") or "0"
        if body.startswith("."):
            body = "0" + body
        return None, (
            f"“{text}”以 0 开头：YAML 会把它当作八进制数读成别的数。"
            f"请去掉前导零，写成 {sign}{body}（如确是文字，请加引号）"
        )
    if _RADIX.match(text):
        return None, f"“{text}”会被 YAML 当作十六/八/二进制数。请写成十进制整数（如确是文字，请加引号）"
    if _SEXAGESIMAL.match(text):
        return None, f"“{text}”含冒号，YAML 1.1 会把它当作六十进制数（如 1:20 读成 80）。请只写一个数字（如确是文字，请加引号）"
    if _THOUSANDS.match(text):
        fixed = re.sub(r"[,，]", "", text)
        return None, f"“{text}”含千位分隔符，请去掉逗号，写成 {fixed}"
    if _UNDERSCORE.match(text):
        return None, f"“{text}”含下划线，YAML 1.1 会忽略它。请写成 {text.replace('_', '')}"
    if _EXPONENT.match(text) or _DOT_START.match(text):
        return None, f"“{text}”不是普通写法的数字。请写成普通的整数或小数（如 1500、25.1）"
    if _SPECIAL_FLOAT.match(text):
        return None, f"“{text}”是特殊浮点值，不能作为数据。请写成数字"
    if text.lower() in _BOOL_11:
        return None, (
            f"“{text}”会被 YAML 1.1 读成真/假值。如果要写数字请写数字；如果是文字请加引号，"
            f"如 \"{text}\""
        )
    return text, None


class _Builder:
    def __init__(self, line_offset: int, strict: bool) -> None:
        self.line_offset = line_offset
        self.strict = strict
        self.positions: dict[str, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        #: the source lines (set by the caller): to see what YAML's flow style hides
        self.lines: list[str] = []
        #: (line, column) where the rest of a number split by a comma starts: ``{amount: 1,234.5}``
        #: makes YAML read a key ``234.5``, part of the number already reported, not a key
        self.swallowed: set[tuple[int, int]] = set()

    def _split_by_comma(self, node: yaml.Node) -> str | None:
        """``[1,234, 0]``: inside brackets a comma splits 1,234 into 1 and 234 without a word.
        A number glued to a comma and 3 more digits is ambiguous, so it is refused."""
        start, end = node.start_mark, node.end_mark
        if not self.lines or start.line != end.line or end.line >= len(self.lines):
            return None
        text = self.lines[end.line]
        # fast path (every integer of a report passes here): no comma glued to either side
        if text[end.column : end.column + 1] != "," and (start.column == 0 or text[start.column - 1] != ","):
            return None
        after = _COMMA_AFTER.match(text[end.column :])
        before = _COMMA_BEFORE.search(text[: start.column])
        if after:
            whole = f"{node.value},{after.group(1)}"
            self.swallowed.add((end.line, end.column + 1))
        elif before and len(node.value.split(".")[0]) == 3 and (start.line, start.column) not in self.swallowed:
            whole = f"{before.group(1)},{node.value}"
        else:
            return None
        return (
            f"“{whole}”有歧义：在 [ ] 或 {{ }} 中，逗号会把它拆成两个数。"
            f"如果是一个数，请去掉逗号，写成 {whole.replace(',', '')}；如果是两个数，请在逗号后加空格"
        )

    def pos(self, node: yaml.Node) -> tuple[int, int]:
        mark = node.start_mark
        return (mark.line + 1 + self.line_offset, mark.column + 1)

    def problem(self, node: yaml.Node, pointer: str, message: str) -> None:
        line, col = self.pos(node)
        self.problems.append(Problem(message, line, col, pointer))

    def build(self, node: yaml.Node, pointer: str, depth: int = 0) -> Any:
        self.positions[pointer] = self.pos(node)
        if depth > MAX_DEPTH and not isinstance(node, yaml.ScalarNode):
            self.problem(node, pointer, f"YAML 嵌套层次过深（超过 {MAX_DEPTH} 层），已拒绝处理：报告数据不需要这么多层")
            return None
        if isinstance(node, yaml.ScalarNode):
            if node.style in (None, ""):
                if not self.strict:
                    return node.value
                value, msg = _plain_scalar(node.value)
                if msg is None and isinstance(value, (int, Decimal)):
                    msg = self._split_by_comma(node)
                    value = None if msg else value
                if msg:
                    self.problem(node, pointer, msg)
                return value
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, f"{pointer}/{i}", depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            seen: dict[str, yaml.Node] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problem(key_node, pointer, "键必须是简单的文字，不能是列表或映射")
                    continue
                key = key_node.value
                if (key_node.start_mark.line, key_node.start_mark.column) in self.swallowed:
                    continue  # the rest of a number split by a comma (already reported)
                if key == "<<" and key_node.style in (None, ""):
                    self.problem(key_node, pointer, "不支持 YAML 合并键“<<”：请把每个键值直接写出来")
                    continue
                child = f"{pointer}/{escape_token(key)}"
                if key in seen:
                    first = self.pos(seen[key])[0]
                    self.problem(
                        key_node,
                        child,
                        f"键“{key}”重复出现（第 {first} 行已有）。YAML 会静默保留后一个值、丢掉前一个，请删去或合并重复的键",
                    )
                    continue
                seen[key] = key_node
                result[key] = self.build(value_node, child, depth + 1)
            return result
        return None  # pragma: no cover - PyYAML has no other node kinds


def _scan_events(text: str, line_offset: int) -> list[Problem]:
    """Find anchors, aliases and explicit tags (they are only visible as parse events)."""
    problems: list[Problem] = []
    try:
        for event in yaml.parse(text, Loader=_Loader):
            mark = event.start_mark
            where = (mark.line + 1 + line_offset, mark.column + 1) if mark is not None else (None, None)
            if isinstance(event, yaml.AliasEvent):
                problems.append(Problem("不支持 YAML 别名（*名称）：请把数值直接写出来", *where))
                return problems  # one is enough; an alias bomb repeats it endlessly
            anchor = getattr(event, "anchor", None)
            if anchor:
                problems.append(Problem(f"不支持 YAML 锚点（&{anchor}）：请把数值直接写出来", *where))
            tag = getattr(event, "tag", None)
            implicit = getattr(event, "implicit", True)
            explicit = tag and (implicit is False or (isinstance(implicit, tuple) and not any(implicit)))
            if explicit and not isinstance(event, yaml.DocumentStartEvent):
                problems.append(Problem(f"不支持显式类型标签（{tag}）：请直接写数字或文字", *where))
    except yaml.YAMLError:
        pass  # reported by compose
    return problems


def _too_deep(text: str, line_offset: int) -> Problem | None:
    """Refuse flow nesting deeper than MAX_DEPTH before composing: the C composer recurses on
    the C stack and crashes the whole process (segmentation fault) on ``[[[[…`` 100 000 deep.
    Only the parse events are read (libyaml keeps its own stack), and only until too deep."""
    if text.count("[") + text.count("{") <= 2 * MAX_DEPTH:
        return None  # cannot be nested deeper than MAX_DEPTH in flow style
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH + 1:
                    mark = event.start_mark
                    return Problem(
                        f"YAML 嵌套层次过深（超过 {MAX_DEPTH} 层），已拒绝处理：报告数据不需要这么多层",
                        mark.line + 1 + line_offset if mark is not None else None,
                        mark.column + 1 if mark is not None else None,
                    )
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass  # reported by compose
    return None


def _yaml_error_problem(exc: yaml.YAMLError, line_offset: int, text: str) -> Problem:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 + line_offset if mark is not None else None
    col = mark.column + 1 if mark is not None else None
    detail = getattr(exc, "problem", None) or str(exc)
    if "nesting depth" in str(exc):  # PyYAML >= 6.0.4 stops absurd nesting in the parser itself
        return Problem(f"YAML 嵌套层次过深（超过 {MAX_DEPTH} 层），已拒绝处理：报告数据不需要这么多层", line, col)
    if isinstance(exc, yaml.reader.ReaderError) and isinstance(exc.position, int):
        # a control character (NUL, BEL...): the reader error has an offset, not a mark
        # the C reader counts UTF-8 bytes, the pure-Python one characters
        is_bytes = _Loader is not yaml.SafeLoader
        before = text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "ignore") if is_bytes else text[: exc.position]
        line = before.count("\n") + 1 + line_offset
        col = len(before) - (before.rfind("\n") + 1) + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        return Problem(f"文件中有不可见的控制字符（U+{char:04X}）：请删除它（常见于从其他软件复制粘贴的文字）", line, col)
    for needle, message, at_context in _SYNTAX_ERRORS:
        if needle in str(exc):
            if needle == "cannot start any token" and not _tab_at(text, getattr(exc, "problem_mark", None)):
                message = "这一行以 YAML 不允许的字符开头（如 @、`、%、|、>）：请把这段文字加上引号"
            cm = getattr(exc, "context_mark", None)
            if at_context and cm is not None:
                line, col = cm.line + 1 + line_offset, cm.column + 1
            return Problem(f"YAML 语法错误：{message}", line, col)
    return Problem(f"YAML 语法错误：这里无法读取，请检查这一行和上一行的冒号、引号、括号和缩进（{detail}）", line, col)


#: PyYAML's messages in Chinese: (text in the message, what to say, point at the line where
#: the broken construct started — an unclosed quote or bracket — rather than where it was noticed).
_SYNTAX_ERRORS: tuple[tuple[str, str, bool], ...] = (
    ("found a tab character", "YAML 不允许用制表符（Tab）缩进，请改用空格", False),
    ("mapping values are not allowed", "这一行的冒号用得不对：冒号后面要有空格，文字中的冒号要加引号（如 agency: \"某局：某处\"）；也可能是这一行比上一行多缩进了", False),
    ("did not find expected key", "缩进不一致：这一行的缩进与同一层的其他键不同（同一层的键要用同样多的空格缩进）", False),
    ("expected <block end>", "缩进不一致：这一行的缩进与同一层的其他键不同（同一层的键要用同样多的空格缩进）", False),
    ("did not find expected ',' or ']'", "方括号 [ 没有闭合：列表要在同一行内以 ] 结尾，数之间用“, ”分隔", True),
    ("did not find expected ',' or '}'", "花括号 { 没有闭合：映射要在同一行内以 } 结尾，各项之间用“, ”分隔", True),
    ("while scanning a quoted scalar", "引号没有闭合：这一行开始的引号到文件结束都没有找到对应的另一半", True),
    ("could not find expected ':'", "这一行缺少冒号：每一行应写成“键: 值”", True),
    ("did not find expected '-' indicator", "列表的缩进不一致：列表的每一项都要以同样缩进的“- ”开头", False),
    ("cannot start any token", "YAML 不允许用制表符（Tab）缩进，请改用空格", False),
)


def _tab_at(text: str, mark: Any) -> bool:
    if mark is None:
        return "\t" in text
    lines = text.split("\n")
    return mark.line < len(lines) and "\t" in lines[mark.line]


def _compose(text: str, line_offset: int, what: str) -> tuple[yaml.Node | None, list[Problem]]:
    """The node tree of ``text``, or the problems that stop reading it (size, nesting,
    anchors/aliases/tags, syntax).  Shared by :func:`load` and :func:`load_front_matter_mapping`."""
    if len(text) > MAX_TEXT:
        return None, [Problem(f"{what}过大（{len(text)} 个字符，上限 {MAX_TEXT}），已拒绝处理", 1 + line_offset, 1)]
    deep = _too_deep(text, line_offset)
    if deep is not None:
        return None, [deep]
    if "&" in text or "*" in text or "!" in text:
        problems = _scan_events(text, line_offset)
        if problems:
            return None, problems
    try:
        return yaml.compose(text, Loader=_ComposeLoader), []
    except yaml.YAMLError as exc:
        return None, [_yaml_error_problem(exc, line_offset, text)]
    except (ValueError, RecursionError) as exc:  # e.g. absurd nesting
        return None, [Problem(f"无法读取 YAML：{exc}", 1 + line_offset, 1)]


def load(text: str, *, line_offset: int = 0, strict: bool = True) -> Loaded:
    """Load one YAML document strictly.

    ``line_offset`` is added to every line number (the front matter starts after ``---``).
    With ``strict=False`` scalars stay text (used for front matter outside ``govreport``).
    """
    node, problems = _compose(text, line_offset, "数据")
    if problems:
        return Loaded(problems=problems)
    if node is None:
        return Loaded(value=None)
    builder = _Builder(line_offset, strict)
    builder.lines = text.split("\n")
    try:
        value = builder.build(node, "")
    except RecursionError:
        return Loaded(problems=[Problem("YAML 嵌套层次过深，已拒绝处理", 1 + line_offset, 1)])
    return Loaded(value=value, positions=builder.positions, problems=builder.problems)


def load_front_matter_mapping(text: str, line_offset: int, strict_key: str) -> Loaded:
    """Load front matter: strict inside ``strict_key``, lenient elsewhere.

    Positions are recorded only inside ``strict_key`` (relative to it: ``/agency``...).
    """
    node, problems = _compose(text, line_offset, "页首数据")
    if problems:
        return Loaded(problems=problems)
    if not isinstance(node, yaml.MappingNode):
        return Loaded(problems=[Problem("页首数据（front matter）必须是“键: 值”的映射", 1 + line_offset, 1)])
    lenient = _Builder(line_offset, strict=False)
    strict = _Builder(line_offset, strict=True)
    strict.lines = text.split("\n")
    result: dict[str, Any] = {}
    seen: dict[str, yaml.Node] = {}
    try:
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str):
                continue
            if key in seen:
                strict.problem(
                    key_node,
                    "",
                    f"页首数据中键“{key}”重复出现（第 {strict.pos(seen[key])[0]} 行已有），YAML 会静默丢掉前一个",
                )
                continue
            seen[key] = key_node
            if key == strict_key:
                result[key] = strict.build(value_node, "")
            else:
                result[key] = lenient.build(value_node, "/" + key)
    except RecursionError:
        return Loaded(problems=[Problem("YAML 嵌套层次过深，已拒绝处理", 1 + line_offset, 1)])
    key_line = strict.pos(seen[strict_key]) if strict_key in seen else None
    # Problems outside ``strict_key`` are not the report's business (MkDocs reads those keys).
    loaded = Loaded(value=result, positions=strict.positions, problems=strict.problems)
    if key_line:
        loaded.positions.setdefault("", key_line)
    return loaded
