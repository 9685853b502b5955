"""The reference pages are generated from the code (``_docgen.py``): a rule added to the registry
shows up without touching the docs.  (The built documentation site: ``tests/builds/test_docs_site.py``.)"""

from __future__ import annotations

import pytest

from mkdocs_govreport import _docgen as docgen
from mkdocs_govreport.registry import RULES, RuleInfo


def test_generated_pages_follow_the_rule_definitions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule added to the registry shows up without touching the docs."""
    extra = RuleInfo("T99", "warning", "测试规则", "仅用于测试的规则说明。", example="例子一行", fix="改正办法。")
    monkeypatch.setitem(RULES, "T99", extra)
    text = docgen.rules_reference()
    assert "### T99 测试规则" in text and "仅用于测试的规则说明。" in text and "改正办法。" in text
    assert "T99" in docgen.contract_reference()
