"""Fixtures shared by the whole suite.  The helpers they use are in ``tests/helpers``.

A test that builds a site (through ``build_site``, ``mkdocs_command`` or ``example_build``) must
be marked ``slow``: collection fails otherwise, so ``-m "not slow"`` really runs only the fast
unit tests.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest.register_assert_rewrite("tests.helpers")

from tests.helpers import sites  # noqa: E402
from tests.helpers.html import values_by_pointer  # noqa: E402
from tests.helpers.paths import EXAMPLE, samples_dir, under_ci  # noqa: E402

#: Compatibility for test files that still do ``from conftest import …`` (tests/test_install.py,
#: being written on another branch): the two names it uses.  New tests import ``tests.helpers``.
__all__ = ["EXAMPLE", "values_by_pointer"]

#: Fixtures that build a site: a test using one must be marked ``slow``.
SITE_FIXTURES = frozenset({"build_site", "mkdocs_command", "example_build"})


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    unmarked = [
        item.nodeid
        for item in items
        if SITE_FIXTURES & set(getattr(item, "fixturenames", ())) and item.get_closest_marker("slow") is None
    ]
    if unmarked:
        raise pytest.UsageError("these tests build a site but are not marked slow:\n  " + "\n  ".join(unmarked))


@pytest.fixture(scope="session")
def example_site() -> Path:
    """The example site of the repository (read only: build it with ``site_dir`` elsewhere)."""
    return EXAMPLE


@pytest.fixture(scope="session")
def build_site() -> Callable[..., sites.Built]:
    """The in-process site builder (:func:`tests.helpers.sites.build_site`)."""
    return sites.build_site


@pytest.fixture(scope="session")
def mkdocs_command() -> Callable[..., object]:
    """``mkdocs build`` as a command (:func:`tests.helpers.sites.mkdocs_command`)."""
    return sites.mkdocs_command


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """The example site built strict, once per session and configuration file
    (``example_build("mkdocs.yml")`` → the output folder)."""
    built: dict[str, Path] = {}

    def get(config_file: str = "mkdocs.yml") -> Path:
        if config_file not in built:
            out = tmp_path_factory.mktemp("example") / "site"
            result = sites.build_site(EXAMPLE, config_file=config_file, strict=True, site_dir=str(out))
            assert result.ok, result.log
            built[config_file] = out
        return built[config_file]

    return get


@pytest.fixture(scope="session")
def samples() -> Path:
    """The shared sample reports (``$GOVREPORT_SAMPLES`` or ``<repository root>/../shared/samples``).

    Absent, the test is skipped with the reason — except under CI, where it fails."""
    path = samples_dir()
    if not path.is_dir():
        reason = f"共享样本目录不存在：{path}（可用环境变量 GOVREPORT_SAMPLES 指定）"
        if under_ci():
            pytest.fail(reason)
        pytest.skip(reason)
    return path


@pytest.fixture
def govreport(capsys: pytest.CaptureFixture[str]) -> Iterator[Callable[..., tuple[int, str, str]]]:
    """``govreport ARGS…`` in-process: ``(exit code, stdout, stderr)``."""
    from mkdocs_govreport.cli import main

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    yield run


@pytest.fixture(scope="session")
def venv_tool() -> Callable[[str], str]:
    """The path of a command installed beside this interpreter (the test environment's own, never
    one found on PATH); a missing one skips the test, or fails it under CI."""

    def find(name: str) -> str:
        exe = Path(sys.executable).parent / name
        if not exe.exists():
            reason = f"{name} 未安装在测试环境中（{exe.parent}）"
            if under_ci():
                pytest.fail(reason)
            pytest.skip(reason)
        return str(exe)

    return find
