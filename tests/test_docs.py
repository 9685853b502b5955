"""The documentation site: it builds strict, its reference pages follow the code, and a new
user who follows only the getting-started page ends up with a site holding a checked report."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
import yaml

from mkdocs_govreport import _docgen as docgen
from mkdocs_govreport.cli import build_parser
from mkdocs_govreport.core.schema import schema_id
from mkdocs_govreport.exports import FACT_FIELDS, VALIDATION_FIELDS
from mkdocs_govreport.registry import FORMATS, RULES, RuleInfo

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CONFIG = ROOT / "mkdocs-docs.yml"

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUTF8": "1"}


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=300)


def _text(html: str) -> str:
    """Visible-ish text of a page: tags dropped, entities decoded (enough for 'is it listed')."""
    return unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docs") / "site"
    proc = _run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(CONFIG), "-d", str(out)], ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return out


def page(site: Path, uri: str) -> str:
    return (site / uri / "index.html").read_text(encoding="utf-8")


# -- the generated reference ---------------------------------------------------------------


def test_keys_page_lists_every_registry_key(site: Path) -> None:
    html = page(site, "reference/keys")
    for fmt in FORMATS.values():
        for key in docgen.record_keys(fmt):
            assert f"<code>{key}</code>" in html, key
        for _t, record, field in fmt.all_cells:
            assert f"<code>{field.key}</code>" in html, field.key
            # the official label of the row is printed as the registry has it
            assert record.label in unescape(html), record.label
    # both languages
    assert 'id="en"' in html and 'id="zh"' in html


def test_writing_guide_embeds_every_key(site: Path) -> None:
    html = page(site, "writing")
    assert "docgen:keys" not in html  # the marker was replaced
    for fmt in FORMATS.values():
        for key in docgen.record_keys(fmt):
            assert f"<code>{key}</code>" in html, key


def test_rules_page_lists_every_rule_with_example_and_fix(site: Path) -> None:
    html = page(site, "reference/rules")
    text = _text(html)
    for rule in RULES.values():
        assert f'id="rule-{rule.id.lower()}"' in html, rule.id
        assert rule.title in text
        if rule.fix:
            assert rule.fix in text, rule.id
        if rule.example:
            first_line = rule.example.splitlines()[0].strip()
            assert first_line in text, rule.id


def test_cli_page_lists_every_subcommand(site: Path) -> None:
    html = page(site, "reference/cli")
    text = _text(html)
    commands = docgen.cli_commands()
    assert {"validate", "export", "new", "schema"} <= set(commands)
    for name in commands:
        assert f'id="cmd-{name}"' in html, name
        assert f"usage: govreport {name}" in text, name
    # the options come from the parser itself
    assert "--skip-non-reports" in text
    assert "--force" in text


def test_config_page_lists_every_option_with_its_doc(site: Path) -> None:
    text = _text(page(site, "reference/config"))
    options = docgen.config_options()
    names = {name for name, *_ in options}
    assert {"enabled", "rules", "show_findings", "index.path", "downloads"} <= names
    for name, _kind, _default, doc in options:
        assert doc, f"option {name} has no docstring"
        assert name in text
        assert "".join(doc.replace("`", "").split()) in "".join(text.split()), name


def test_data_dictionary_lists_every_column(site: Path) -> None:
    text = _text(page(site, "reference/data"))
    for name, _type, title, _desc in FACT_FIELDS + VALIDATION_FIELDS:
        assert name in text and title in text
    assert "regulations.in_force" in text  # a wide-table column, from the registry


def test_contract_page_has_the_schema_ids(site: Path) -> None:
    text = _text(page(site, "reference/contract"))
    for fid in FORMATS:
        assert schema_id(fid) in text
    assert docgen.contract_fingerprint() in text


def test_generated_pages_follow_the_rule_definitions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rule added to the registry shows up without touching the docs."""
    extra = RuleInfo("T99", "warning", "测试规则", "仅用于测试的规则说明。", example="例子一行", fix="改正办法。")
    monkeypatch.setitem(RULES, "T99", extra)
    text = docgen.rules_reference()
    assert "### T99 测试规则" in text and "仅用于测试的规则说明。" in text and "改正办法。" in text
    assert "T99" in docgen.contract_reference()


# -- the hand-written pages ------------------------------------------------------------------


def test_nav_links_security_and_engines_and_every_page_built(site: Path) -> None:
    home = page(site, "")
    for uri in ("security/", "engines/", "getting-started/", "reference/rules/", "example/xigong-stats/2024/"):
        assert f'href="{uri}"' in home or f'href="./{uri}"' in home, uri
    assert (site / "security" / "index.html").exists()
    assert (site / "engines" / "index.html").exists()


def test_live_example_report_renders_checked_tables(site: Path) -> None:
    html = page(site, "example/xigong-stats/2024")
    for table in ("active", "applications", "review_litigation"):
        assert f'data-pointer="/{table}/' in html
    assert 'data-pointer="/active/admin_fees/amount"' in html
    assert "0.85" in html
    assert "gr-flag" not in html  # the example is a clean report
    # the index the plugin generated for the docs site
    assert (site / "example" / "index" / "index.html").exists()


# -- a new user follows the getting-started page -------------------------------------------


def _blocks(markdown: str) -> list[tuple[str, str]]:
    """(info string, body) of every fenced code block."""
    return [(m.group(1).strip(), m.group(2)) for m in re.finditer(r"^```([^\n]*)\n(.*?)^```", markdown, re.M | re.S)]


def _commands(markdown: str) -> list[str]:
    out = []
    for info, body in _blocks(markdown):
        if info.split()[:1] == ["sh"]:
            out += [line.split("#")[0].strip() for line in body.splitlines() if line.split("#")[0].strip()]
    return out


def _as_module(command: str) -> list[str]:
    """Run the page's commands with this interpreter (the test's environment, not PATH's)."""
    argv = shlex.split(command)
    if argv[0] == "mkdocs":
        return [sys.executable, "-m", "mkdocs", *argv[1:]]
    if argv[0] == "govreport":
        return [sys.executable, "-m", "mkdocs_govreport", *argv[1:]]
    raise AssertionError(f"unexpected command in getting-started: {command}")


def test_getting_started_page_gives_a_site_with_a_checked_report(tmp_path: Path) -> None:
    text = (DOCS / "getting-started.md").read_text(encoding="utf-8")
    commands = _commands(text)
    config = next(body for info, body in _blocks(text) if info.startswith("yaml") and "plugins:" in body)
    # not on a public index: installed from the repository folder (tests/test_install.py runs that install)
    assert [c for c in commands if c.startswith("pip ")] == ['pip install "./mkdocs-govreport[material]"']

    cwd = tmp_path
    ran: list[str] = []
    for command in commands:
        if command.startswith(("pip ", "mkdocs serve")):
            continue  # installed already; serve does not end
        if command.startswith("cd "):
            cwd = cwd / command[3:].strip()
            continue
        proc = _run(_as_module(command), cwd)
        assert proc.returncode == 0, f"{command}\n{proc.stdout}\n{proc.stderr}"
        ran.append(command.split()[0] + " " + command.split()[1])
        if command.startswith("mkdocs new"):
            # step 3: the page's mkdocs.yml
            (cwd / command.split()[2] / "mkdocs.yml").write_text(config, encoding="utf-8")
    assert ran == ["govreport --version", "mkdocs new", "govreport new", "govreport validate", "mkdocs build"]

    site = cwd / "site"
    report = (site / "reports" / "2024" / "index.html").read_text(encoding="utf-8")
    assert "西工区统计局2024年政府信息公开工作年度报告" in report
    for table in ("active", "applications", "review_litigation"):
        assert f'data-pointer="/{table}/' in report
    assert (site / "reports-index" / "index.html").exists()
    assert (site / "reports-index" / "data" / "facts.csv").exists()

    # the report is checked: a wrong number fails the strict build the page tells users to run
    page_path = cwd / "docs" / "reports" / "2024.md"
    source = page_path.read_text(encoding="utf-8")
    assert "new_received: [0, 0, 0, 0, 0, 0]" in source
    page_path.write_text(source.replace("new_received: [0, 0, 0, 0, 0, 0]", "new_received: [10, 0, 0, 0, 0, 0]", 1), encoding="utf-8")
    proc = _run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd)
    assert proc.returncode != 0
    assert "[R1]" in proc.stderr + proc.stdout
    assert "docs/reports/2024.md:" in proc.stderr + proc.stdout


# -- pre-commit ------------------------------------------------------------------------------


def test_pre_commit_hook_checks_reports_and_skips_other_files(tmp_path: Path) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "govreport-validate")
    assert hook["language"] == "python"
    assert hook["entry"].startswith("govreport validate")
    pattern = re.compile(hook["files"])
    assert pattern.search("docs/reports/2024.md") and pattern.search("2024.yaml") and pattern.search("a.yml")
    assert not pattern.search("script.py")

    docs = tmp_path / "docs"
    (docs / "reports").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - govreport\n", encoding="utf-8")
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    good = _run([sys.executable, "-m", "mkdocs_govreport", "new", "--agency", "西工区统计局", "--year", "2024", "-o", "docs/reports/2024.md"], tmp_path)
    assert good.returncode == 0, good.stderr
    entry = [sys.executable, "-m", "mkdocs_govreport", *shlex.split(hook["entry"])[1:]]
    files = ["mkdocs.yml", "docs/index.md", "docs/reports/2024.md"]
    proc = _run(entry + files, tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr

    bad = docs / "reports" / "2024.md"
    bad.write_text(bad.read_text(encoding="utf-8").replace("[0, 0, 0, 0, 0, 0]", "[1, 0, 0, 0, 0, 0]", 1), encoding="utf-8")
    proc = _run(entry + files, tmp_path)
    assert proc.returncode == 1
    assert "[R1]" in proc.stdout


def test_validate_skip_non_reports_still_reads_report_data_files(tmp_path: Path) -> None:
    data = tmp_path / "2024.yaml"
    data.write_text("agency: 西工区统计局\nyear: 2024\nactive: zero\n", encoding="utf-8")
    proc = _run([sys.executable, "-m", "mkdocs_govreport", "validate", "--skip-non-reports", str(data)], tmp_path)
    assert proc.returncode == 1  # incomplete data is reported, not skipped
    assert "[S]" in proc.stdout


def test_parser_has_the_documented_commands() -> None:
    """The getting-started page uses these commands; the parser must still have them."""
    parser = build_parser()
    args = parser.parse_args(["new", "--agency", "x", "--year", "2024", "-o", "docs/reports/2024.md"])
    assert args.command == "new"
