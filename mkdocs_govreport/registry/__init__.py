"""The field registry: every fact about the national formats, described once, as data.

* :mod:`.model` — the vocabulary (Format, Table, Record, Field, header trees, equations);
* :mod:`.formats` — the 2019 and 2021 formats, label by label (``spec/formats.md``);
* :mod:`.metadata` — the top-level keys, agency kinds and the publication deadline;
* :mod:`.figures` — the figures quoted from the tables (sums of cells) and derived rates;
* :mod:`.continuity` — the cross-year equations W1–W3;
* :mod:`.rules` — the rule catalogue (Chinese and English, and where each rule lives).

Everything else — the JSON Schema, the checks, the HTML tables, the importer's label
matching, the CSV columns, the template and the reference docs — is derived from here.
This package imports nothing else from ``mkdocs_govreport``.
"""

from __future__ import annotations

from .continuity import CONTINUITY, Continuity, Term
from .figures import FIGURES, MIN_DENOMINATOR, RATES, Figure, Rate, active_figures
from .formats import (
    APPLICANT_COLUMN_TREE,
    FIRST_YEAR,
    FORMATS,
    MAX_VALUE,
    SECTION_HEADINGS,
    SECTIONS,
    format_for_year,
    normalize_label,
)
from .metadata import KINDS, META_BY_KEY, METADATA, MetaKey, kind_of, publication_deadline
from .model import Balance, Equation, Field, Format, HeaderNode, Layout, Record, Section, Table, ValueKind, cell_pointer
from .rules import FAMILIES, RULES, RuleInfo

__all__ = [
    "APPLICANT_COLUMN_TREE",
    "CONTINUITY",
    "FAMILIES",
    "FIGURES",
    "FIRST_YEAR",
    "FORMATS",
    "KINDS",
    "MAX_VALUE",
    "METADATA",
    "META_BY_KEY",
    "MIN_DENOMINATOR",
    "RATES",
    "RULES",
    "SECTIONS",
    "SECTION_HEADINGS",
    "Balance",
    "Continuity",
    "Equation",
    "Field",
    "Figure",
    "Format",
    "HeaderNode",
    "Layout",
    "MetaKey",
    "Rate",
    "Record",
    "RuleInfo",
    "Section",
    "Table",
    "Term",
    "ValueKind",
    "active_figures",
    "cell_pointer",
    "format_for_year",
    "kind_of",
    "normalize_label",
    "publication_deadline",
]
