"""Derived rates of the agency pages (``html/pages/agency.py``): the formula, and no percentage
over a denominator too small to mean anything."""

from __future__ import annotations

from mkdocs_govreport.html.pages.agency import derived_rates
from mkdocs_govreport.registry import MIN_DENOMINATOR
from tests.helpers.pages import OVERVIEW_A, SIMPLE, body, data_yaml, parsed


def test_derived_rates_formula_and_small_denominators() -> None:
    big = parsed(data_yaml("甲局", "jia", 2024, new=[60, 0, 0, 0, 0, 0], granted=[30, 0, 0, 0, 0, 0], partial=[6, 0, 0, 0, 0, 0], not_held=[12, 0, 0, 0, 0, 0], review=(1, 1, 0, 0)) + body(OVERVIEW_A))
    small = parsed(data_yaml("甲局", "jia", 2023, **SIMPLE) + body(OVERVIEW_A))
    rates = derived_rates({2024: big, 2023: small})
    granted_2024 = rates[2024][0]
    assert (granted_2024.numerator, granted_2024.denominator) == (36, 48)
    assert str(granted_2024.percent) == "75.0"
    assert rates[2024][1].percent is None and "小于 30" in rates[2024][1].note  # 2 decided reviews
    assert rates[2023][0].denominator == 45 and rates[2023][0].percent is not None
    assert MIN_DENOMINATOR == 30
