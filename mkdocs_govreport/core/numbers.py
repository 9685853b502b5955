"""Numbers as the reports write them: exact (never through a float), Arabic or Chinese."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, InvalidOperation, localcontext
from typing import Any

#: A cell value: a count (int) or an exact amount (Decimal).
Number = int | Decimal


def format_value(value: Any) -> str:
    """Numbers as the author wrote them: ints plain, decimals exact (never via float)."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


#: Significant digits a number may have (a count has at most 15 digits; an amount at most 15
#: significant digits): sums then stay exact in :func:`sum_or_none`.
MAX_DIGITS = 15


def significant_digits(text: str) -> int:
    """Significant digits of a decimal numeral (``0012.50`` → 4)."""
    digits = text.lstrip("+-").replace(".", "").lstrip("0")
    return len(digits)


def sum_or_none(values: Iterable[Number | None]) -> Number | None:
    """The exact sum, or None when any value is missing (a missing cell is never taken as 0).

    Decimals are added with enough precision for any sum of 15-digit amounts (the default
    context rounds at 28 digits)."""
    items: list[Number] = []
    for v in values:
        if v is None:
            return None
        items.append(v)
    if not any(isinstance(v, Decimal) for v in items):
        return sum(items)
    with localcontext() as ctx:
        ctx.prec = 80
        return sum(items, Decimal(0))


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
#: Characters of a Chinese numeral.
CN_CHARS = "零〇一二两三四五六七八九十百千万"
_CN_ORD = "一二三四五六七八九"


def parse_chinese_number(text: str) -> int | None:
    """``一百二十三`` → 123, ``两`` → 2, ``十五`` → 15, ``二〇二五`` → 2025; None if malformed."""
    if not text or any(ch not in CN_CHARS for ch in text):
        return None
    if all(ch in _CN_DIGITS for ch in text):
        if len(text) == 1:
            return _CN_DIGITS[text]
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total = section = number = 0
    last_unit = 10**9
    for ch in text:
        if ch in _CN_DIGITS:
            number = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            if unit >= last_unit:  # 十百, 百百: not a number a writer would use
                return None
            last_unit = unit
            if number == 0 and ch == "十":
                number = 1
            elif number == 0 and section == 0 and total == 0:
                return None  # “百”, “千” alone: not how a count is written
            section += number * unit
            number = 0
        else:  # 万
            section += number
            if section == 0:
                return None
            total += section * 10000
            section = number = 0
            last_unit = 10**9
    return total + section + number


def parse_number(text: str) -> Number | None:
    """An Arabic (``1,234``, ``21.4``) or Chinese numeral; ints for whole numbers."""
    text = text.replace(",", "")
    if text and text[0] in CN_CHARS:
        return parse_chinese_number(text)
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return int(value) if "." not in text else value


def chinese_ordinal(n: int) -> str:
    """1 → 一, 12 → 十二, 21 → 二十一 (heading numbers, 1–99)."""
    if n < 10:
        return _CN_ORD[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_ORD[tens - 1]) + "十" + (_CN_ORD[ones - 1] if ones else "")
