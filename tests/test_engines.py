"""The plugin on every engine users run: MkDocs 1.6 and its fork ProperDocs (both build the
example site with ``--strict`` through the CLI, loading the plugin from the ``mkdocs.plugins``
entry point), and the Markdown extension alone, where MkDocs plugins don't run: plain
Python-Markdown, and Zensical (which strips the front matter before Python-Markdown runs).

Every test reads the produced HTML back and compares each data cell with the report's data."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import markdown
import pytest

from mkdocs_govreport import Report, read_report_file
from mkdocs_govreport.core.numbers import format_value
from mkdocs_govreport.extension import GovReportExtension

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "example_site"
REPORT_PAGES = sorted((EXAMPLE / "docs" / "reports").rglob("*.md"))


class _Cells(HTMLParser):
    """Collects ``td[data-pointer]`` -> (visible text, classes), and the table count."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: dict[str, tuple[str, str]] = {}
        self.tables = 0
        self.findings = 0
        self._cur: str | None = None
        self._cls = ""
        self._buf: list[str] = []
        self._hidden = 0  # depth inside screen-reader-only / aria-hidden spans

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        cls = a.get("class") or ""
        if tag == "div" and a.get("data-govreport-table"):
            self.tables += 1
        if tag == "div" and "gr-findings" in cls.split():
            self.findings += 1
        if tag == "td" and a.get("data-pointer"):
            self._cur, self._cls, self._buf = a["data-pointer"], cls, []
        elif (
            self._cur is not None
            and tag == "span"
            and (self._hidden or "gr-sr" in cls.split() or a.get("aria-hidden") == "true")
        ):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if self._cur is None:
            return
        if tag == "span" and self._hidden:
            self._hidden -= 1
        elif tag == "td":
            self.cells[self._cur] = ("".join(self._buf).strip(), self._cls)
            self._cur = None

    def handle_data(self, data: str) -> None:
        if self._cur is not None and not self._hidden:
            self._buf.append(data)


def cells_of(html: str) -> _Cells:
    """Parse a page's HTML (or a converted fragment) for its data cells."""
    parser = _Cells()
    parser.feed(html)
    return parser


def expected_cells(report: Report) -> dict[str, str]:
    """What each data cell must show: the number as written, empty for a missing cell."""
    return {p: ("" if c.value is None else format_value(c.value)) for p, c in report.cells.items()}


def assert_cells_match(html: str, report: Report, where: str) -> None:
    parsed = cells_of(html)
    assert parsed.tables == 3, f"{where}: {parsed.tables} tables"
    want = expected_cells(report)
    got = {p: text for p, (text, _cls) in parsed.cells.items()}
    assert set(got) == set(want), f"{where}: cells differ: {sorted(set(got) ^ set(want))[:5]}"
    wrong = {p: (got[p], want[p]) for p in want if got[p] != want[p]}
    assert not wrong, f"{where}: {list(wrong.items())[:5]}"


def _page_html(site: Path, page: Path) -> str:
    rel = page.relative_to(EXAMPLE / "docs").with_suffix("")
    return (site / rel / "index.html").read_text(encoding="utf-8")


def _cli_build(cmd: list[str], config: Path, out: Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [*cmd, "build", "--strict", "-f", str(config), "-d", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"},
    )
    assert proc.returncode == 0, f"{' '.join(cmd)} build --strict failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def engine_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example site built strict by the MkDocs CLI and by the ProperDocs CLI."""
    if importlib.util.find_spec("properdocs") is None:
        reason = "properdocs is not installed (pip install -e '.[test]')"
        pytest.fail(reason) if os.environ.get("CI") else pytest.skip(reason)
    base = tmp_path_factory.mktemp("engines")
    out = {}
    for name, cmd in (
        ("mkdocs", [sys.executable, "-m", "mkdocs"]),
        ("properdocs", [sys.executable, "-m", "properdocs"]),
    ):
        _cli_build(cmd, EXAMPLE / "mkdocs.yml", base / name)
        out[name] = base / name
    return out


def test_example_site_strict_under_mkdocs_and_properdocs(engine_sites: dict[str, Path]) -> None:
    """Both engines load the plugin and render every report with the numbers of its data."""
    assert REPORT_PAGES, "the example site has no report pages"
    for page in REPORT_PAGES:
        report = read_report_file(page)
        assert report is not None and report.fmt is not None, page
        for engine, site in engine_sites.items():
            assert_cells_match(_page_html(site, page), report, f"{engine}: {page.name}")
    # the generated pages (index, agency pages) exist under both engines, identically listed
    listed = {e: sorted(p.relative_to(s).as_posix() for p in s.rglob("index.html")) for e, s in engine_sites.items()}
    assert listed["mkdocs"] == listed["properdocs"]
    assert any(p.startswith("reports-index/") for p in listed["properdocs"])


REVIEW_ERROR = (
    "  review_litigation:\n"
    "    review: {upheld: 1, corrected: 1, other: 0, pending: 0, total: 3}\n"
    "    litigation_direct: zero\n"
    "    litigation_after_review: zero"
)


def _page_with_error() -> str:
    """The 2023 statistics bureau report with a review total that is not the sum of its parts."""
    text = (EXAMPLE / "docs/reports/xigong-stats/2023.md").read_text(encoding="utf-8")
    broken = text.replace("  review_litigation: zero", REVIEW_ERROR, 1)
    assert broken != text, "the example page changed: adjust the error fixture"
    return broken


def test_properdocs_strict_fails_on_an_error(tmp_path: Path) -> None:
    """Strict still means strict under ProperDocs: an error stops the build, naming the file."""
    if importlib.util.find_spec("properdocs") is None:
        reason = "properdocs is not installed (pip install -e '.[test]')"
        pytest.fail(reason) if os.environ.get("CI") else pytest.skip(reason)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "r.md").write_text(_page_with_error(), encoding="utf-8")
    # ProperDocs ships no built-in theme of its own: Material, as on the example site
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ntheme: {name: material}\nplugins: [govreport]\n", encoding="utf-8"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", str(tmp_path / "mkdocs.yml")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    log = proc.stderr + proc.stdout
    assert proc.returncode != 0, log
    assert "r.md:" in log and "govreport" in log, log


# ---- the Markdown extension alone -------------------------------------------------------


@pytest.mark.parametrize("page", REPORT_PAGES, ids=[p.relative_to(EXAMPLE / "docs").as_posix() for p in REPORT_PAGES])
def test_plain_python_markdown_renders_each_example_report(page: Path) -> None:
    """``markdown.markdown(text, extensions=[GovReportExtension(filename=...)])`` on the page's
    own text (front matter included) gives the same cells as the site build."""
    ext = GovReportExtension(filename=str(page))
    html = markdown.markdown(page.read_text(encoding="utf-8"), extensions=[ext, "toc"])
    report = read_report_file(page)
    assert report is not None
    assert_cells_match(html, report, page.name)
    # the body text the author wrote is still there, and the three official headings
    assert "<h1" in html and "三、收到和处理政府信息公开申请情况" in html


def test_plain_python_markdown_by_entry_point_name() -> None:
    """The ``markdown.extensions`` entry point: extensions=["govreport"] works too."""
    page = next(p for p in REPORT_PAGES if "govreport:\n" in p.read_text(encoding="utf-8"))
    html = markdown.markdown(page.read_text(encoding="utf-8"), extensions=["govreport"])
    report = read_report_file(page)
    assert report is not None
    assert_cells_match(html, report, page.name)


def test_plain_python_markdown_shows_findings() -> None:
    """A total that is not the sum of its parts is boxed and its cells flagged, without MkDocs."""
    ext = GovReportExtension(filename="r.md")
    html = markdown.markdown(_page_with_error(), extensions=[ext])
    parsed = cells_of(html)
    assert parsed.findings >= 1
    flagged = {p for p, (_t, cls) in parsed.cells.items() if "gr-flag" in cls.split()}
    assert flagged and all(p.startswith("/review_litigation/review/") for p in flagged), flagged
    assert parsed.cells["/review_litigation/review/total"][0] == "3"  # shown as written, never corrected


def test_plain_python_markdown_without_filename_names_the_problem() -> None:
    """A page whose data lives in a sibling .yaml file, converted without ``filename``: a clear
    Chinese finding on the page, no traceback, no table of zeros."""
    page = next((p for p in REPORT_PAGES if p.with_suffix(".yaml").exists()), None)
    if page is None:
        pytest.skip("the example site has no page with a separate .yaml data file")
    ext = GovReportExtension()
    html = markdown.markdown(page.read_text(encoding="utf-8"), extensions=[ext])
    assert "gr-findings" in html and "yaml" in html
    assert 'class="gr-num' not in html
    # with base_dir only (no filename) it finds the data file
    ext = GovReportExtension(base_dir=str(page.parent))
    html = markdown.markdown(page.read_text(encoding="utf-8"), extensions=[ext])
    assert cells_of(html).tables == 3


class _HostContext(markdown.preprocessors.Preprocessor):
    """What Zensical registers on its Markdown instance: the page (path relative to docs_dir,
    parsed front matter as ``meta``) and the site config.  Same attribute names."""

    def __init__(self, md: Any, page: Any, config: dict[str, Any]) -> None:
        super().__init__(md)
        self.page = page
        self.config = config

    def run(self, lines: list[str]) -> list[str]:
        return lines


class _HostContextExtension(markdown.extensions.Extension):
    def __init__(self, page: Any, config: dict[str, Any]) -> None:
        super().__init__()
        self.page, self.cfg = page, config

    def extendMarkdown(self, md: Any) -> None:  # noqa: N802 - Python-Markdown API
        md.preprocessors.register(_HostContext(md, self.page, self.cfg), "rendering_context", 0)


@pytest.mark.parametrize("page", REPORT_PAGES[:1] + REPORT_PAGES[-1:], ids=lambda p: p.name)
def test_front_matter_stripped_by_the_host(page: Path) -> None:
    """Zensical hands Python-Markdown the body only; the extension reads the page's own file
    through the host's rendering context (page.path under config['docs_dir'])."""
    import yaml

    docs = EXAMPLE / "docs"
    text = page.read_text(encoding="utf-8")
    _, fm, body = text.split("---\n", 2)
    meta = yaml.safe_load(fm)
    host_page = SimpleNamespace(path=page.relative_to(docs).as_posix(), meta=meta, url="x/")
    html = markdown.markdown(
        body, extensions=[_HostContextExtension(host_page, {"docs_dir": str(docs)}), GovReportExtension()]
    )
    report = read_report_file(page)
    assert report is not None
    assert_cells_match(html, report, page.name)
    # a page without the data key is left alone
    plain = SimpleNamespace(path="index.md", meta={"title": "x"}, url="")
    html = markdown.markdown(
        "# 首页\n", extensions=[_HostContextExtension(plain, {"docs_dir": str(docs)}), GovReportExtension()]
    )
    assert "gr-" not in html


def test_zensical_build(tmp_path: Path) -> None:
    """A real Zensical build of the example reports with ``markdown_extensions: [govreport]``
    (Zensical is pinned in the test extra to the newest release that installs from the registry)."""
    exe = shutil.which("zensical", path=str(Path(sys.executable).parent))
    if exe is None:
        reason = "zensical is not installed (pip install -e '.[test]')"
        pytest.fail(reason) if os.environ.get("CI") else pytest.skip(reason)
    shutil.copytree(EXAMPLE / "docs", tmp_path / "docs")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nmarkdown_extensions:\n  - toc\n  - govreport\n", encoding="utf-8"
    )
    proc = subprocess.run([exe, "build", "--clean"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for page in REPORT_PAGES:
        report = read_report_file(page)
        assert report is not None
        assert_cells_match(_page_html(tmp_path / "site", page), report, f"zensical: {page.name}")
