"""Numbers as reports write them (``core.numbers``): Chinese numerals, Arabic numbers with
thousands separators, exact decimals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mkdocs_govreport.core.numbers import parse_chinese_number, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一百二十三", 123),
        ("两", 2),
        ("十五", 15),
        ("二十", 20),
        ("一千零五", 1005),
        ("一万二千", 12000),
        ("二〇二五", 2025),
        ("〇", 0),
        ("十十", None),
        ("百", None),
    ],
)
def test_chinese_numerals(text: str, value: int | None) -> None:
    assert parse_chinese_number(text) == value


def test_arabic_numbers_keep_decimals_exact() -> None:
    assert parse_number("1,234") == 1234
    assert parse_number("21.4") == Decimal("21.4")


