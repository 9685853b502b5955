"""Options of the ``govreport`` plugin in ``mkdocs.yml``, validated by MkDocs option classes
(a typo such as ``T99: ignore`` or ``sameness_threshold: 150`` is a configuration error that
names the option)."""

from __future__ import annotations

import posixpath

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from ..core.findings import LEVELS
from ..registry import RULES


class RuleLevels(c.DictOfItems[str]):
    """``{rule id: level}``: every id must be a rule of the catalogue, every level one of
    ``error``, ``warn``, ``ignore``."""

    def __init__(self) -> None:
        super().__init__(c.Choice(LEVELS), default={})

    def run_validation(self, value: object) -> dict[str, str]:
        if isinstance(value, dict):
            value = {str(k): v for k, v in value.items()}  # YAML reads ``R1`` as text, but be safe
            unknown = [k for k in value if k not in RULES]
            if unknown:
                raise ValidationError(f"规则编号{'、'.join(f'“{k}”' for k in unknown)}不存在；可用：{'、'.join(RULES)}")
            bad = [f"{k}: “{v}”" for k, v in value.items() if v not in LEVELS]
            if bad:
                raise ValidationError(f"规则级别无效（{'、'.join(bad)}）；级别应为 error、warn 或 ignore")
        return super().run_validation(value)


class Percent(c.Type[float]):
    """A percentage from 0 to 100 (an int or a float; not a boolean)."""

    def __init__(self, default: float) -> None:
        super().__init__((int, float), default=default)

    def run_validation(self, value: object) -> float:
        if isinstance(value, bool):
            raise ValidationError(f"应为 0 到 100 之间的百分数，实际为“{value}”")
        number = super().run_validation(value)
        if not 0 <= number <= 100:
            raise ValidationError(f"应为 0 到 100 之间的百分数，实际为“{number}”")
        return float(number)


class SitePath(c.Type[str]):
    """A folder inside the site, written with ``/``: normalised, never outside the site."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        text = super().run_validation(value).replace("\\", "/").strip()
        norm = posixpath.normpath(text.strip("/")) if text.strip("/") else ""
        if not norm or norm == "." or norm.startswith("..") or text.startswith("/"):
            raise ValidationError(f"应为网站内的文件夹（如 reports-index），不能为空、以 / 开头或用 .. 指向网站之外，实际为“{value}”")
        return norm


class IndexConfig(Config):
    """Where the cross-year index goes."""

    enabled = c.Type(bool, default=True)
    """Generate the index pages (agencies × years, one page per agency, summary)."""
    path = SitePath(default="reports-index")
    """Folder (inside the site) of the generated index pages."""
    title = c.Type(str, default="政府信息公开工作年度报告索引")
    """Title of the index page."""


class GovReportConfig(Config):
    """Options of the ``govreport`` plugin in ``mkdocs.yml``."""

    enabled = c.Type(bool, default=True)
    """Turn the plugin off (pages then render as plain Markdown)."""
    rules = RuleLevels()
    """Level per rule id: ``error``, ``warn`` or ``ignore`` (e.g. ``{W8: warn, W6: ignore}``)."""
    show_findings = c.Type(bool, default=True)
    """Show findings in a box by the tables, and mark the failing cells."""
    source_locations = c.Choice(("serve", "always", "never"), default="serve")
    """Show the file and line of each finding on the pages: ``serve`` (only in the ``mkdocs serve``
    preview, not on the published site), ``always`` or ``never``.  The build log always has them."""
    index = c.SubConfig(IndexConfig)
    """The cross-year index pages."""
    downloads = c.Type(bool, default=True)
    """Write the open-data downloads (reports.json, facts.csv, …) into the built site."""
    word_copy = c.Type(bool, default=False)
    """Offer a Word copy (.docx) of each report beside its page, for sign-off (needs the
    ``docx`` extra: ``pip install 'mkdocs-govreport[docx]'``)."""
    sameness_threshold = Percent(default=50)
    """Rule T8: warn when more than this percentage of a report's narrative repeats the same
    agency's report of the year before (share of 8-character runs, see ``checks/sameness.py``)."""
