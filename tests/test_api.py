"""The public API is a contract: ``mkdocs_govreport.__all__`` is exactly the intended names, each
importable and documented; the entry points resolve; and every import path the README and the
documentation show in their code blocks imports."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import re
import subprocess
import sys
import types
from importlib.metadata import entry_points
from pathlib import Path

import markdown
import pytest
import yaml
from mkdocs.plugins import BasePlugin

import mkdocs_govreport
from tests.helpers.paths import EXAMPLE, ROOT

#: The public names (docs/versioning.md): reading and checking reports, the report model, the
#: field registry, the downloads and the importer.  Changing this set is an API change.
PUBLIC = {
    "parse_page",
    "parse_data",
    "read_report_file",
    "check_reports",
    "Report",
    "Cell",
    "Finding",
    "Acknowledgement",
    "FORMATS",
    "RULES",
    "build_downloads",
    "import_file",
}

#: The entry points: (group, name) → object path.
ENTRY_POINTS = {
    ("mkdocs.plugins", "govreport"): "mkdocs_govreport.plugin:GovReportPlugin",
    ("markdown.extensions", "govreport"): "mkdocs_govreport.extension:GovReportExtension",
    ("console_scripts", "govreport"): "mkdocs_govreport.cli:main",
}

DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_all_is_exactly_the_public_names() -> None:
    assert len(mkdocs_govreport.__all__) == len(set(mkdocs_govreport.__all__))
    assert set(mkdocs_govreport.__all__) == PUBLIC


def test_no_other_public_name_at_the_top() -> None:
    """What ``import mkdocs_govreport`` offers besides ``__all__`` is sub-packages only."""
    extra = {
        name
        for name, value in vars(mkdocs_govreport).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType) and name != "annotations"
    }
    assert extra <= PUBLIC, sorted(extra - PUBLIC)


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_each_public_name_imports_and_is_documented(name: str) -> None:
    namespace: dict[str, object] = {}
    exec(f"from mkdocs_govreport import {name}", namespace)  # the import a user writes
    obj = namespace[name]
    assert obj is getattr(mkdocs_govreport, name)
    # named in the package docstring (where the API is described)
    assert re.search(rf"\b{re.escape(name)}\b", mkdocs_govreport.__doc__ or ""), name
    if inspect.isclass(obj) or inspect.isfunction(obj):
        doc = obj.__dict__.get("__doc__") if inspect.isclass(obj) else obj.__doc__
        assert doc and doc.strip(), f"{name} has no docstring of its own"
        if inspect.isclass(obj) and dataclasses.is_dataclass(obj):
            assert not doc.startswith(f"{name}("), f"{name}: only the docstring dataclasses generate"
    else:  # data (a mapping): named in the package docstring, and what it maps to is documented
        assert isinstance(obj, dict) and obj, name
        kinds = {type(v) for v in obj.values()}
        assert all(k.__dict__.get("__doc__") for k in kinds), f"{name}: values of an undocumented type {kinds}"


@pytest.mark.parametrize(("group", "name"), sorted(ENTRY_POINTS))
def test_entry_points_resolve(group: str, name: str) -> None:
    (ep,) = [ep for ep in entry_points(group=group) if ep.name == name and ep.value.startswith("mkdocs_govreport")]
    assert ep.value == ENTRY_POINTS[(group, name)]
    obj = ep.load()
    if group == "mkdocs.plugins":
        assert issubclass(obj, BasePlugin)
    elif group == "markdown.extensions":
        assert issubclass(obj, markdown.Extension)
    else:
        assert callable(obj) and obj.__module__ == "mkdocs_govreport.cli"


def test_python_m_help() -> None:
    proc = subprocess.run([sys.executable, "-m", "mkdocs_govreport", "--help"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("usage: govreport")
    for command in ("validate", "export", "new", "schema", "import", "data"):
        assert command in proc.stdout


def _code_blocks(path: Path) -> list[tuple[str, str]]:
    """(info string, body) of every fenced code block of a Markdown file."""
    text = path.read_text(encoding="utf-8")
    return [(m.group(2).strip(), m.group(3)) for m in re.finditer(r"^( *)```([^\n]*)\n(.*?)^\1```", text, re.M | re.S)]


def _python_blocks() -> list[tuple[str, str]]:
    return [
        (f"{path.relative_to(ROOT)}#{i}", body)
        for path in DOCUMENTS
        for i, (info, body) in enumerate(_code_blocks(path))
        if info.split()[:1] in (["python"], ["py"], ["pycon"])
    ]


def _imports(code: str) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            out += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.append((node.module, [alias.name for alias in node.names]))
    return out


def _dotted_paths(text: str) -> set[str]:
    """``mkdocs_govreport.x.y`` and ``mkdocs_govreport.x:Name`` written anywhere in ``text``."""
    return set(re.findall(r"\bmkdocs_govreport(?:\.[A-Za-z_]\w*)+(?::[A-Za-z_]\w*)?", text))


def test_the_documentation_has_python_examples_to_check() -> None:
    assert any("mkdocs_govreport" in body for _where, body in _python_blocks())


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_import_in_the_documentation_imports(path: Path) -> None:
    """Python code blocks: every ``import``/``from … import``; any code block or inline code: every
    ``mkdocs_govreport.module`` or ``module:Name`` path."""
    problems = []
    for info, body in _code_blocks(path):
        if info.split()[:1] in (["python"], ["py"], ["pycon"]):
            for module, names in _imports(body):
                try:
                    imported = importlib.import_module(module)
                except ImportError as exc:
                    problems.append(f"import {module}: {exc}")
                    continue
                problems += [f"from {module} import {n}: no such name" for n in names if not hasattr(imported, n)]
    for dotted in _dotted_paths(path.read_text(encoding="utf-8")):
        module, _, attr = dotted.partition(":")
        try:
            imported = importlib.import_module(module)
        except ImportError as exc:
            problems.append(f"{dotted}: {exc}")
            continue
        if attr and not hasattr(imported, attr):
            problems.append(f"{dotted}: no such name")
    assert problems == [], problems


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_plugin_and_extension_names_in_configuration_examples_resolve(path: Path) -> None:
    """``plugins:`` and ``markdown_extensions:`` entries of YAML examples that name govreport are
    entry points that exist."""
    for info, body in _code_blocks(path):
        if not info.startswith("yaml"):
            continue
        try:
            config = yaml.load(body, Loader=yaml.BaseLoader)  # !!python/name tags of Material kept as text
        except yaml.YAMLError:
            continue
        if not isinstance(config, dict):
            continue
        for key, group in (("plugins", "mkdocs.plugins"), ("markdown_extensions", "markdown.extensions")):
            for item in config.get(key) or []:
                name = next(iter(item)) if isinstance(item, dict) else item
                if "govreport" in str(name):
                    assert any(ep.name == name for ep in entry_points(group=group)), (path.name, key, name)


#: docs/engines.md (Plain Python-Markdown) still reads ``ext.last_report``, which the extension no
#: longer has since the restructuring (reports are injected by the host or read per page).
def test_the_python_examples_of_the_documentation_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Python examples run as written, from the example site's folder (their paths are
    relative to a site)."""
    monkeypatch.chdir(EXAMPLE)
    for where, body in _python_blocks():
        if "mkdocs_govreport" in body:
            namespace: dict[str, object] = {"__name__": "__docs__"}
            exec(compile(body, where, "exec"), namespace)
