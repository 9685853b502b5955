"""Full site builds with the plugin: the example site under Material and the default theme,
strict failures naming file:line and rule, rule levels from mkdocs.yml, the report skeleton of a
front-matter-only page, and the findings box with marked cells in a non-strict build."""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path

import pytest
from conftest import EXAMPLE, build_site, data_cells, page, tables_of, values_by_pointer
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_govreport import read_report_file
from mkdocs_govreport.registry import FORMATS, SECTIONS


def _labels(fmt_id: str) -> set[str]:
    """Every label the format prints in its tables (from the registry, which test_registry pins
    to formats.md)."""
    fmt = FORMATS[fmt_id]
    out: set[str] = set()

    def walk(nodes) -> None:
        for n in nodes:
            out.add(n.label)
            walk(n.children)

    for t in fmt.tables:
        out.add(t.title.split("、", 1)[1])
        if t.corner:
            out.add(t.corner)
        walk(t.column_tree)
        for r in t.records:
            if t.layout != "groups":
                out.add(r.label)
            out.update(r.groups)
            if r.block:
                out.add(r.block)
            if t.layout == "blocks":
                out.update(f.label for f in r.fields)
    return out


def _table_texts(html: str) -> set[str]:
    texts: set[str] = set()
    for t in tables_of(html):
        texts.add(t["caption"])
        texts.update(c["text"] for c in t["cells"] if c["tag"] == "th")
    return texts


@pytest.fixture(scope="module", params=["mkdocs.yml", "mkdocs-default-theme.yml"])
def example_build(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("example") / "site"
    cfg = load_config(str(EXAMPLE / request.param), site_dir=str(site), strict=True)
    build(cfg)  # raises on any warning: the example site must build with --strict
    return site


def _example_reports() -> list[tuple[str, str]]:
    """(src path relative to docs, format id) of every example report page."""
    out = []
    for p in sorted((EXAMPLE / "docs").rglob("*.md")):
        r = read_report_file(p)
        if r is not None and r.fmt is not None:
            out.append((p.relative_to(EXAMPLE / "docs").as_posix(), r.format_id))
    return out


def test_example_has_both_formats_and_agencies() -> None:
    reports = _example_reports()
    assert {f for _p, f in reports} == {"2019", "2021"}
    stats = {p for p, _f in reports if "xigong-stats" in p}
    assert {Path(p).stem for p in stats} >= {"2021", "2022", "2023", "2024"}
    assert len(reports) >= 9


def test_example_every_label_in_built_tables(example_build: Path) -> None:
    seen: dict[str, set[str]] = {"2019": set(), "2021": set()}
    for src, fid in _example_reports():
        html = (example_build / src[: -len(".md")] / "index.html").read_text(encoding="utf-8")
        seen[fid] |= _table_texts(html)
        # all six standard headings in order
        heads = [h for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]
        heads = [htmllib.unescape(re.sub(r"<[^>]+>", "", h)).strip("¶ ") for h in heads]
        positions = [next(i for i, h in enumerate(heads) if h == s.heading) for s in SECTIONS]
        assert positions == sorted(positions), (src, heads)
    for fid, seen_labels in seen.items():
        missing = _labels(fid) - seen_labels
        assert not missing, (fid, sorted(missing))


def test_example_numbers_match_data(example_build: Path) -> None:
    for src, _fid in _example_reports():
        r = read_report_file(EXAMPLE / "docs" / src)
        html = (example_build / src[: -len(".md")] / "index.html").read_text(encoding="utf-8")
        shown = values_by_pointer(html)
        assert set(shown) == set(r.fmt.pointers), src
        for ptr, cell in r.cells.items():
            assert shown[ptr].rstrip("*") == str(cell.value), (src, ptr)


BAD_R2 = """\
govreport:
  agency: 西工区测试局
  kind: department
  year: 2023
  published: 2024-01-20
  active: zero
  applications:
    new_received: [1, 0, 0, 0, 0, 0, 2]
    carried_over: zero
    results:
      granted: [1, 0, 0, 0, 0, 0]
      partial: zero
      denied: {state_secret: zero, law_prohibited: zero, three_security_one_stability: zero, third_party_rights: zero, internal_affairs: zero, process_info: zero, enforcement_file: zero, admin_query: zero}
      unavailable: {not_held: zero, needs_creation: zero, unclear_after_correction: zero}
      not_processed: {petition_complaint: zero, duplicate: zero, publication: zero, excessive_repeat: zero, confirm_or_reissue: zero}
      other: {no_correction: zero, fee_unpaid: zero, other: zero}
    carried_forward: zero
  review_litigation: zero
"""
FEE = """
# 西工区测试局 2023 年政府信息公开工作年度报告

## 一、总体情况

全年依法做好政府信息公开工作。

## 二、主动公开政府信息情况

## 三、收到和处理政府信息公开申请情况

## 四、政府信息公开行政复议、行政诉讼情况

## 五、存在的主要问题及改进情况

信息发布的及时性有待提高，明年将建立更新提醒机制。

## 六、其他需要报告的事项

本年度未收取信息处理费。
"""


def test_strict_build_fails_on_r2_and_names_file_line(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"reports/bad.md": page(BAD_R2, FEE)}, strict=True)
    assert not built.ok
    # front matter starts on line 2 of the file; new_received is line 9
    assert re.search(r"reports/bad\.md:9(:\d+)?: \[R2\]", built.log), built.log
    assert "2" in built.log and "本年新收" in built.log


def test_non_strict_build_shows_findings_and_flags_cells(tmp_path: Path) -> None:
    built = build_site(tmp_path, {"reports/bad.md": page(BAD_R2, FEE)}, strict=False, theme="material")
    assert built.ok, built.log
    html = built.html("reports/bad.md")
    assert 'class="gr-findings gr-findings-error"' in html
    assert "[R2]" in built.log or "R2" in html
    flagged = [c["attrs"]["data-pointer"] for t in tables_of(html) for c in data_cells(t) if "gr-flag" in c["attrs"]["class"].split()]
    assert "/applications/new_received/total" in flagged
    # the finding is linked from the cell
    link = re.search(r'data-pointer="/applications/new_received/total"><a href="#([\w-]+)"', html)
    assert link and f'id="{link.group(1)}"' in html
    assert values_by_pointer(html)["/applications/new_received/total"] == "2"  # author's number kept


def test_rule_levels_from_mkdocs_yml(tmp_path: Path) -> None:
    late = page(BAD_R2.replace("[1, 0, 0, 0, 0, 0, 2]", "[1, 0, 0, 0, 0, 0, 1]").replace("2024-01-20", "2024-03-01"), FEE)
    strict_default = build_site(tmp_path / "a", {"reports/late.md": late}, strict=True)
    assert not strict_default.ok and "[W8]" in strict_default.log
    ignored = build_site(tmp_path / "b", {"reports/late.md": late}, strict=True, plugin={"rules": {"W8": "ignore"}})
    assert ignored.ok, ignored.log
    assert "[W8]" not in ignored.log
    demoted = build_site(tmp_path / "c", {"reports/bad.md": page(BAD_R2, FEE)}, strict=False, plugin={"rules": {"R2": "warn"}})
    assert demoted.ok and "[R2]" in demoted.log


def test_front_matter_only_renders_skeleton(tmp_path: Path) -> None:
    data = "govreport:\n  agency: 西工区测试局\n  year: 2023\n  active: zero\n  applications: zero\n  review_litigation: zero\n"
    for theme in ("material", "mkdocs"):
        built = build_site(tmp_path / theme, {"r.md": page(data)}, strict=False, theme=theme)
        assert built.ok, built.log
        html = built.html("r.md")
        heads = [htmllib.unescape(re.sub(r"<[^>]+>", "", h)).strip("¶ ") for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)]
        assert [h for h in heads if h in {s.heading for s in SECTIONS}] == [s.heading for s in SECTIONS]
        tables = [t for t in tables_of(html) if any(True for _ in data_cells(t))]
        assert [t["caption"] for t in tables] == [
            "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况"
        ]
        # each table sits after its heading
        for heading, caption in zip(
            ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"],
            [t["caption"] for t in tables],
            strict=True,
        ):
            h2 = re.search(rf"<h2[^>]*>{heading}", html)
            assert h2 and h2.start() < html.index(f"<caption>{caption}</caption>")


def test_placement_marker(tmp_path: Path) -> None:
    body = (
        "# 报告\n\n## 一、总体情况\n\n概述。\n\n<!-- govreport 表三 -->\n\n"
        "## 二、主动公开政府信息情况\n\n## 三、收到和处理政府信息公开申请情况\n\n说明文字。\n\n"
        "## 四、政府信息公开行政复议、行政诉讼情况\n\n## 五、存在的主要问题及改进情况\n\n无。\n" + FEE
    )
    data = "govreport:\n  agency: 西工区测试局\n  year: 2023\n  published: 2024-01-10\n  active: zero\n  applications: zero\n  review_litigation: zero\n"
    built = build_site(tmp_path, {"r.md": page(data, body)}, strict=False)
    html = built.html("r.md")
    assert html.count("<caption>收到和处理政府信息公开申请情况</caption>") == 1
    h2 = re.search(r"<h2[^>]*>二、主动公开政府信息情况", html)
    assert h2 and html.index("<caption>收到和处理政府信息公开申请情况</caption>") < h2.start()


def test_sibling_yaml_data(tmp_path: Path) -> None:
    data = BAD_R2.replace("[1, 0, 0, 0, 0, 0, 2]", "[1, 0, 0, 0, 0, 0, 1]").replace("govreport:\n", "", 1)
    data = "\n".join(line[2:] for line in data.splitlines()) + "\n"
    pages = {"r/2023.md": page("govreport: 2023.yaml", FEE)}
    built = build_site(tmp_path, pages, strict=True, extra_files={"r/2023.yaml": data})
    assert built.ok, built.log
    assert values_by_pointer(built.html("r/2023.md"))["/applications/new_received/total"] == "1"
    bad = build_site(tmp_path / "bad", pages, strict=True, extra_files={"r/2023.yaml": data.replace("0, 0, 0, 0, 0, 1]", "0, 0, 0, 0, 0, 5]")})
    assert not bad.ok and re.search(r"r/2023\.yaml:7(:\d+)?: \[R2\]", bad.log), bad.log


def test_example_years_consistent() -> None:
    """The example data itself, checked here by plain arithmetic (not by the tool): each agency's
    carry-over equals last year's carry-forward per column (also 2020→2021), 2021 in-force counts
    follow issued/repealed, and every report is free of findings except acknowledged ones."""
    by_agency: dict[str, dict[int, object]] = {}
    for src, _fid in _example_reports():
        r = read_report_file(EXAMPLE / "docs" / src)
        assert not [f for f in r.findings if not f.acknowledged], (src, [f.log_line() for f in r.findings])
        by_agency.setdefault(r.agency_id, {})[r.year] = r
    assert set(by_agency) >= {"xigong-stats", "xigong-gov"}
    assert sorted(by_agency["xigong-gov"]) == [2019, 2020, 2021, 2022, 2023, 2024]
    cols = ["natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total"]
    nonzero = 0
    for agency, years in by_agency.items():
        for y, r in years.items():
            nonzero += sum(1 for c in r.cells.values() if c.value)
            prev = years.get(y - 1)
            if prev is None:
                continue
            for c in cols:
                assert r.value(f"/applications/carried_over/{c}") == prev.value(f"/applications/carried_forward/{c}"), (agency, y, c)
            if prev.format_id == r.format_id == "2021":
                for row in ("regulations", "normative_docs"):
                    expect = prev.value(f"/active/{row}/in_force") + r.value(f"/active/{row}/issued") - r.value(f"/active/{row}/repealed")
                    assert r.value(f"/active/{row}/in_force") == expect, (agency, y, row)
            if prev.format_id == r.format_id == "2019":
                for row in ("licensing", "other_mgmt_services", "penalty", "coercion", "admin_fees"):
                    expect = prev.value(f"/active/{row}/prev_year_items") + prev.value(f"/active/{row}/change")
                    assert r.value(f"/active/{row}/prev_year_items") == expect, (agency, y, row)
    assert nonzero > 600  # the second agency fills most cells


@pytest.mark.parametrize("rules", [{"W8": "off"}, {"X9": "warn"}, {"r2": "warn"}])
def test_bad_rule_levels_are_config_errors(tmp_path: Path, rules: dict[str, str]) -> None:
    built = build_site(tmp_path, {"r.md": page(BAD_R2, FEE)}, strict=False, plugin={"rules": rules})
    assert not built.ok
    key, level = next(iter(rules.items()))
    assert f"“{key}”" in built.log or f"“{level}”" in built.log, built.log
    assert "Traceback" not in built.log


def test_stylesheet_shipped_and_linked(tmp_path: Path) -> None:
    for theme in ("material", "mkdocs"):
        built = build_site(tmp_path / theme, {"r.md": page(BAD_R2.replace(", 2]", ", 1]"), FEE)}, strict=True, theme=theme)
        assert built.ok, built.log
        css = (built.site / "assets" / "govreport" / "govreport.css").read_text(encoding="utf-8")
        assert re.search(r"td\.gr-num[^{]*\{[^}]*text-align:\s*right", css)  # numbers right-aligned
        assert "@media print" in css and "prefers-color-scheme: dark" in css
        assert 'href="../assets/govreport/govreport.css"' in built.html("r.md")
