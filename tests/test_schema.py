"""The JSON Schema files in ``schemas/``: generated from the registry, never drifting from it,
and accepted by a third-party validator (check-jsonschema) for the metaschema and real data."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from mkdocs_govreport import read_report_file
from mkdocs_govreport.core import schema
from mkdocs_govreport.registry import FORMATS

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
EXAMPLE_2023 = ROOT / "example_site" / "docs" / "reports" / "xigong-stats" / "2023.md"
# installed by '.[test]' beside this interpreter; under CI a missing tool fails (FileNotFoundError), never skips
_CHECK = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
CHECK = _CHECK or "check-jsonschema"
needs_check = pytest.mark.skipif(_CHECK is None and not os.environ.get("CI"),
                                 reason="check-jsonschema 未安装（pip install -e '.[test]'），跳过第三方校验")


@pytest.mark.parametrize("fid", sorted(FORMATS))
def test_schema_files_do_not_drift(fid: str) -> None:
    path = SCHEMAS / schema.schema_filename(fid)
    assert path.is_file(), f"缺少 {path}：请运行 govreport schema --write"
    assert path.read_text(encoding="utf-8") == schema.dump(schema.format_schema(FORMATS[fid])), (
        f"{path.name} 与字段登记表不一致：请运行 govreport schema --write"
    )


@pytest.mark.parametrize("fid", sorted(FORMATS))
def test_schema_header_and_hover_help(fid: str) -> None:
    doc = json.loads((SCHEMAS / schema.schema_filename(fid)).read_text(encoding="utf-8"))
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert fid in doc["$id"]

    # every property carries a Chinese title (editor hover help)
    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            for key, sub in (node.get("properties") or {}).items():
                assert isinstance(sub, dict)
                text = sub.get("title", "") + sub.get("description", "")
                assert any("\u4e00" <= ch <= "\u9fff" for ch in text), f"{where}/{key} 没有中文说明"
            for value in node.values():
                walk(value, where)
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    walk(doc, "")


@needs_check
def test_check_jsonschema_metaschema() -> None:
    files = [str(SCHEMAS / schema.schema_filename(fid)) for fid in sorted(FORMATS)]
    proc = subprocess.run([CHECK, "--check-metaschema", *files], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@needs_check
def test_check_jsonschema_accepts_example_and_rejects_bad(tmp_path: Path) -> None:
    report = read_report_file(EXAMPLE_2023)
    assert report is not None
    good = tmp_path / "xigong-2023.json"
    good.write_text(json.dumps(report.data, ensure_ascii=False), encoding="utf-8")
    schema_file = str(SCHEMAS / "govreport-2021.schema.json")
    proc = subprocess.run([CHECK, "--schemafile", schema_file, str(good)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    # the same validator must fail on a broken document (the test can fail)
    bad_data = dict(report.data)
    bad_data["active"] = {"regulations": {"issued": -1, "repealed": 0, "in_force": 0}}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bad_data, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run([CHECK, "--schemafile", schema_file, str(bad)], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0


@needs_check
@pytest.mark.parametrize("fid", sorted(FORMATS))
def test_check_jsonschema_accepts_every_example_report(tmp_path: Path, fid: str) -> None:
    """Every example report's data (front matter extracted to YAML, sibling YAML files as they are)
    passes the published schema of its format under the third-party validator."""
    import yaml

    instances: list[str] = []
    for page in sorted((ROOT / "example_site" / "docs").rglob("*.md")):
        report = read_report_file(page)
        if report is None or report.format_id != fid:
            continue
        if report.data_file.endswith((".yaml", ".yml")):
            instances.append(str(page.with_name(Path(report.data_file).name)))
            continue
        out = tmp_path / f"{page.parent.name}-{page.stem}.yaml"
        front = page.read_text(encoding="utf-8").split("---\n")[1]
        out.write_text(yaml.safe_dump(yaml.safe_load(front)["govreport"], allow_unicode=True), encoding="utf-8")
        instances.append(str(out))
    assert len(instances) >= (1 if fid == "2019" else 6)
    schema_file = str(SCHEMAS / schema.schema_filename(fid))
    proc = subprocess.run([CHECK, "--schemafile", schema_file, *instances], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stdout + proc.stderr
