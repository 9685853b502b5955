"""The compiled yes/no schema check agrees with jsonschema on valid and broken reports.

``rules.schema_findings`` trusts ``schema.is_valid_for`` when it says "valid" and skips
jsonschema; a wrong "valid" would hide an S finding, so it is compared with jsonschema on
the example reports and on thousands of random mutations of them.
"""

from __future__ import annotations

import copy
import random
from decimal import Decimal
from typing import Any

import pytest

from mkdocs_govreport import read_report_file
from mkdocs_govreport.core.schema import _fast_check, is_valid_for, validator_for
from tests.helpers.paths import EXAMPLE

EXAMPLES = sorted((EXAMPLE / "docs" / "reports").rglob("*.md"))

ODD_VALUES: list[Any] = [
    None, True, False, 0, -1, 1, 2**40, Decimal("1.5"), Decimal("-2"), 1.5, "", "12", "abc",
    "2024-01-20", "2024-1-2", "x" * 300, [], [1, 2], {}, {"total": 1}, "zero",
]


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, (*prefix, i))
    return out


def _mutate(rng: random.Random, data: Any) -> Any:
    data = copy.deepcopy(data)
    path = rng.choice(_paths(data)[1:])
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    action = rng.random()
    if action < 0.2 and isinstance(parent, dict):
        del parent[last]
    elif action < 0.3 and isinstance(parent, dict):
        parent[rng.choice(["extra", "totl", "自定义"])] = rng.choice(ODD_VALUES)
    elif action < 0.4 and isinstance(parent, list):
        parent.append(rng.choice(ODD_VALUES))
    elif action < 0.5 and isinstance(parent, list):
        parent.pop()
    else:
        parent[last] = rng.choice(ODD_VALUES)
    return data


def _reports() -> list[Any]:
    reports = [read_report_file(p, str(p)) for p in EXAMPLES]
    return [r for r in reports if r is not None and r.fmt is not None]


def test_compiled_check_covers_both_formats() -> None:
    assert _fast_check("2021") is not None
    assert _fast_check("2019") is not None


def test_examples_agree() -> None:
    reports = _reports()
    assert reports
    for r in reports:
        expected = not any(True for _ in validator_for(r.fmt.id).iter_errors(r.data))
        assert is_valid_for(r.fmt.id, r.data) is expected, r.file


@pytest.mark.parametrize("seed", range(4))
def test_mutations_agree(seed: int) -> None:
    rng = random.Random(seed)
    invalid = 0
    for r in _reports():
        for _ in range(150):
            data = _mutate(rng, r.data)
            for _ in range(rng.randint(0, 2)):
                data = _mutate(rng, data)
            expected = not any(True for _ in validator_for(r.fmt.id).iter_errors(data))
            invalid += not expected
            assert is_valid_for(r.fmt.id, data) is expected, (r.file, data)
    assert invalid > 100  # the mutations do break reports
