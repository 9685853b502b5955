"""T1–T4 when cells are blank: a stated figure below what the filled-in cells already add up to
is proven wrong (a real report said 予以公开及部分公开258件 while its printed cells of those two rows
summed to 275 with blanks elsewhere); a figure the blanks could still reach is not reported."""

from __future__ import annotations

import pytest

from mkdocs_govreport import parse_page

PAGE = """---
govreport:
  agency: 测试局
  year: 2024
  published: 2025-01-10
  active: zero
  review_litigation: zero
  applications:
    new_received: {natural_person: 300}
    carried_over: zero
    results:
      granted: [200, 0, 0, 0, 0, 0]
      partial: {natural_person: 75}
      denied: zero
      unavailable: zero
      not_processed: zero
      other: zero
    carried_forward: zero
---
## 一、总体情况

全年共收到政府信息公开申请300件，其中予以公开及部分公开{stated}件。
"""


@pytest.mark.parametrize(("stated", "reported"), [(258, True), (274, True), (275, False), (290, False)])
def test_a_stated_figure_below_the_filled_in_cells_is_reported(stated: int, reported: bool) -> None:
    report = parse_page(PAGE.replace("{stated}", str(stated)), "r.md")
    assert report is not None
    found = [f for f in report.findings if f.rule == "T2"]
    if not reported:
        assert not found
        return
    (f,) = found
    assert f"为 {stated}" in f.message and "275" in f.message and "未填写" in f.message
    assert f.values == (stated, "≥275") and f.line == 22
