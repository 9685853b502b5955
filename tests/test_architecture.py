"""The shape of the package, checked from its source.

* The import graph (every ``import``, module-level or inside a function, relative imports
  resolved, ``__import__``/``importlib.import_module`` with a constant name; ``if TYPE_CHECKING:``
  blocks left out) has no cycle.
* Every rule id of ``RULES`` is implemented by exactly one ``checks`` family module (its
  ``RULE_IDS``), and ``RULES[id].family`` names that module.
* No module imports a private name (``_x``) of another module of the package.
* ``govreport validate`` and ``govreport import`` load no MkDocs, Markdown or Material module
  (a probe in a fresh interpreter lists ``sys.modules``).
"""

from __future__ import annotations

import ast
import importlib
import json
import pkgutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import mkdocs_govreport
from mkdocs_govreport import checks
from mkdocs_govreport.registry import RULES
from tests.helpers.paths import EXAMPLE, ROOT

PACKAGE = "mkdocs_govreport"
PACKAGE_DIR = Path(mkdocs_govreport.__file__).resolve().parent


def _module_name(path: Path) -> str:
    parts = [PACKAGE, *path.relative_to(PACKAGE_DIR).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {_module_name(p): p for p in sorted(PACKAGE_DIR.rglob("*.py"))}


def _is_package(name: str) -> bool:
    return MODULES[name].name == "__init__.py"


def _relative(package: str, level: int, module: str | None) -> str:
    """The absolute name of ``<level dots><module>`` seen from ``package``."""
    base = package.split(".")
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, module] if module else base)


def _resolve(current: str, level: int, module: str | None) -> str:
    """The absolute name of ``from <level dots><module> import …`` written in module ``current``."""
    if level == 0:
        return module or ""
    return _relative(current if _is_package(current) else current.rpartition(".")[0], level, module)


def _type_checking_block(node: ast.AST) -> bool:
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, *, typing_too: bool) -> Iterator[ast.AST]:
    """Every node below ``node``; the body of ``if TYPE_CHECKING:`` only when ``typing_too``."""
    for child in ast.iter_child_nodes(node):
        if _type_checking_block(child) and not typing_too:
            assert isinstance(child, ast.If)
            for other in child.orelse:
                yield other
                yield from _walk(other, typing_too=typing_too)
            continue
        yield child
        yield from _walk(child, typing_too=typing_too)


@dataclass
class Import:
    """One import written in a module of the package."""

    target: str  #: the module imported (absolute)
    names: list[str] = field(default_factory=list)  #: the names taken from it (``from … import``)
    line: int = 0


def _constant_str(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def imports_of(name: str, *, typing_too: bool = False, source: str | None = None) -> list[Import]:
    """Every import of module ``name`` (or of ``source`` read as that module), resolved to
    absolute module names."""
    if source is None:
        source = MODULES[name].read_text(encoding="utf-8")
    tree = ast.parse(source)
    out: list[Import] = []
    for node in _walk(tree, typing_too=typing_too):
        if isinstance(node, ast.Import):
            out += [Import(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(name, node.level, node.module)
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in MODULES:  # ``from . import module``
                    out.append(Import(sub, [], node.lineno))
                else:
                    out.append(Import(target, [alias.name], node.lineno))
        elif isinstance(node, ast.Call):
            func = node.func
            dynamic = (isinstance(func, ast.Name) and func.id in ("__import__", "import_module")) or (
                isinstance(func, ast.Attribute) and func.attr == "import_module"
            )
            target = _constant_str(node.args[0]) if dynamic and node.args else None
            if target is not None:
                package = _constant_str(node.args[1]) if len(node.args) > 1 else None
                if target.startswith(".") and package:
                    level = len(target) - len(target.lstrip("."))
                    target = _relative(package, level, target.lstrip(".") or None)
                out.append(Import(target, [], node.lineno))
    return out


def import_graph() -> dict[str, set[str]]:
    """Module → the package modules it imports (typing-only imports left out)."""
    graph: dict[str, set[str]] = {}
    for name in MODULES:
        targets = set()
        for imp in imports_of(name):
            # ``import a.b.c`` names a.b.c; the closest module of the package that exists
            target = imp.target
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target.startswith(PACKAGE) and target != name:
                targets.add(target)
        graph[name] = targets
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


SAMPLE_MODULE = """\
from __future__ import annotations
import json
from typing import TYPE_CHECKING
from ..core.report import Report
from . import structure
if TYPE_CHECKING:
    from ..html import tables
def late():
    from ..pipeline import parse_page
    import importlib
    importlib.import_module("mkdocs_govreport.exports")
    importlib.import_module(".charts", "mkdocs_govreport.html")
    __import__("mkdocs_govreport.template")
    return parse_page
"""


def test_the_graph_reader_sees_every_kind_of_import() -> None:
    """The reader itself: relative, function-level and dynamic imports are edges; typing-only ones are not."""
    name = f"{PACKAGE}.checks.arithmetic"
    found = {(i.target, tuple(i.names)) for i in imports_of(name, source=SAMPLE_MODULE)}
    assert found == {
        ("__future__", ("annotations",)),
        ("json", ()),
        ("typing", ("TYPE_CHECKING",)),
        (f"{PACKAGE}.core.report", ("Report",)),
        (f"{PACKAGE}.checks.structure", ()),
        (f"{PACKAGE}.pipeline", ("parse_page",)),
        ("importlib", ()),
        (f"{PACKAGE}.exports", ()),
        (f"{PACKAGE}.html.charts", ()),
        (f"{PACKAGE}.template", ()),
    }
    typing = {i.target for i in imports_of(name, source=SAMPLE_MODULE, typing_too=True)} - {t for t, _n in found}
    assert typing == {f"{PACKAGE}.html.tables"}
    graph = import_graph()
    assert len(graph) == len(MODULES) > 40
    assert f"{PACKAGE}.pipeline" in graph[f"{PACKAGE}.plugin"]  # relative, module level
    edges = sum(len(v) for v in graph.values())
    assert edges > 100
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_import_graph_has_no_cycle() -> None:
    found = cycles(import_graph())
    assert found == [], "import cycles: " + "; ".join(" ⇄ ".join(c) for c in found)


def _family_modules() -> dict[str, object]:
    out = {}
    for info in pkgutil.iter_modules(checks.__path__):
        module = importlib.import_module(f"{checks.__name__}.{info.name}")
        if hasattr(module, "RULE_IDS"):
            out[info.name] = module
    return out


def test_every_rule_is_claimed_by_exactly_one_family_module() -> None:
    families = _family_modules()
    assert families, "no checks module declares RULE_IDS"
    claims: dict[str, list[str]] = {}
    for name, module in families.items():
        for rule in module.RULE_IDS:  # type: ignore[attr-defined]
            claims.setdefault(rule, []).append(name)
    assert set(claims) <= set(RULES), f"ids claimed but not in RULES: {sorted(set(claims) - set(RULES))}"
    unclaimed = sorted(set(RULES) - set(claims))
    assert not unclaimed, f"rules no checks module claims: {unclaimed}"
    twice = {rule: names for rule, names in claims.items() if len(names) > 1}
    assert not twice, f"rules claimed by several modules: {twice}"
    wrong = {rule: (RULES[rule].family, names[0]) for rule, names in claims.items() if RULES[rule].family != names[0]}
    assert not wrong, f"RULES[id].family (first) differs from the implementing module (second): {wrong}"


def test_the_family_table_lists_every_family_module() -> None:
    assert set(checks.FAMILIES) == set(_family_modules())
    for name, module in checks.FAMILIES.items():
        assert module.__name__ == f"{checks.__name__}.{name}"


def private_uses(name: str, source: str | None = None) -> list[str]:
    """``module:line: name from other`` for every private name module ``name`` takes from another
    module of the package: ``from .x import _y``, a module ``_x`` of another package, or ``x._y``
    on an imported package module."""
    if source is None:
        source = MODULES[name].read_text(encoding="utf-8")
    found: list[str] = []
    for imp in imports_of(name, typing_too=True, source=source):
        if not imp.target.startswith(PACKAGE) or imp.target == name:
            continue
        found += [f"{name}:{imp.line}: {n} from {imp.target}" for n in imp.names if _private(n)]
        parts = imp.target.split(".")
        private = next((i for i, p in enumerate(parts) if _private(p)), None)
        if private is not None and not (name + ".").startswith(".".join(parts[: private + 1]) + "."):
            found.append(f"{name}:{imp.line}: module {imp.target}")
    tree = ast.parse(source)
    modules: dict[str, str] = {}  # local name → the package module it is bound to
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            target = _resolve(name, node.level, node.module)
            for alias in node.names:
                if f"{target}.{alias.name}" in MODULES:
                    modules[alias.asname or alias.name] = f"{target}.{alias.name}"
        elif isinstance(node, ast.Import):
            modules.update({a.asname: a.name for a in node.names if a.asname and a.name in MODULES})
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and modules.get(node.value.id, name) != name
            and _private(node.attr)
        ):
            found.append(f"{name}:{node.lineno}: {node.attr} from {modules[node.value.id]}")
    return found


def _private(identifier: str) -> bool:
    return identifier.startswith("_") and not identifier.startswith("__")


def private_imports() -> list[str]:
    """:func:`private_uses` over every module of the package."""
    return sorted({use for name in MODULES for use in private_uses(name)})


def test_the_private_name_reader() -> None:
    source = (
        "from ..core.schema import _fast_check, is_valid_for\n"
        "from ..core import schema, yamlload as y\n"
        "from .. import _docgen\n"
        "def f():\n"
        "    return schema._compile, y._compose, schema.dump, _helper\n"
        "def _helper():\n"
        "    return 1\n"
    )
    name = f"{PACKAGE}.checks.structure"
    assert sorted(private_uses(name, source)) == sorted([
        f"{name}:1: _fast_check from {PACKAGE}.core.schema",
        f"{name}:3: module {PACKAGE}._docgen",
        f"{name}:5: _compile from {PACKAGE}.core.schema",
        f"{name}:5: _compose from {PACKAGE}.core.yamlload",
    ])


def test_no_private_name_is_used_across_modules() -> None:
    found = private_imports()
    assert found == [], "private names used across modules:\n" + "\n".join(found)


def _loaded_after(code: str, tmp_path: Path) -> tuple[int, list[str], str]:
    """Run ``code`` (which sets ``rc``) in a fresh interpreter; its exit code, ``sys.modules``, stderr."""
    out = tmp_path / "modules.json"
    program = (
        "import json, sys\n"
        f"{code}\n"
        f"open({str(out)!r}, 'w').write(json.dumps(sorted(sys.modules)))\n"
        "sys.exit(rc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, cwd=ROOT, timeout=300)
    return proc.returncode, json.loads(out.read_text()) if out.exists() else [], proc.stdout + proc.stderr


def _forbidden(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in ("mkdocs", "markdown") or m.startswith("material")]


def test_validate_loads_no_mkdocs_markdown_or_material(tmp_path: Path) -> None:
    docs = EXAMPLE / "docs"
    code = f"from mkdocs_govreport.cli import main\nrc = main(['validate', {str(docs)!r}])"
    rc, modules, log = _loaded_after(code, tmp_path)
    assert rc == 0, log
    assert "mkdocs_govreport.cli.validate" in modules  # the probe ran the command
    assert _forbidden(modules) == [], _forbidden(modules)


IMPORT_TEXT = """\
西工区统计局2023年政府信息公开工作年度报告

一、总体情况

2023年，本局依法做好政府信息公开工作。全年共收到政府信息公开申请3件，办结3件。

二、主动公开政府信息情况

三、收到和处理政府信息公开申请情况

四、政府信息公开行政复议、行政诉讼情况

五、存在的主要问题及改进情况

信息更新不够及时。

六、其他需要报告的事项

本年度未收取信息处理费。
"""


def test_import_loads_no_mkdocs_markdown_or_material(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_text(IMPORT_TEXT, encoding="utf-8")
    target = tmp_path / "out.md"
    code = f"from mkdocs_govreport.cli import main\nrc = main(['import', {str(source)!r}, '-o', {str(target)!r}])"
    rc, modules, log = _loaded_after(code, tmp_path)
    assert rc in (0, 1, 3), log  # imported (with or without findings) or refused: never a crash
    assert "mkdocs_govreport.cli.import_" in modules and "mkdocs_govreport.importer.convert" in modules
    assert _forbidden(modules) == [], _forbidden(modules)


@pytest.mark.parametrize("modules", [["mkdocs.config"], ["markdown"], ["material.plugins"], ["mkdocs"]])
def test_the_probe_would_see_a_forbidden_module(modules: list[str]) -> None:
    assert _forbidden(["json", *modules]) == modules
