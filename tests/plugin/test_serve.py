"""``mkdocs serve``: one plugin instance across rebuilds (the configuration reloaded each time, the
instance and its parse cache kept because it defines ``on_startup``) — an edited report updates
its page, its agency page, the index and the downloads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.helpers.pages import without_acknowledgements
from tests.helpers.sites import copy_fixture, page_file


def html_of(site: Path, src_uri: str) -> str:
    return page_file(site, src_uri).read_text(encoding="utf-8")


@pytest.mark.slow
def test_serve_rebuild_updates_report_agency_page_and_index(tmp_path: Path) -> None:
    """One plugin instance across builds, as under ``mkdocs serve``: edit one report, rebuild."""
    project = copy_fixture("crossyear", tmp_path)
    cfg = load_config(str(project / "mkdocs.yml"))
    cfg.plugins.on_startup(command="serve", dirty=True)
    build(cfg)
    site = Path(cfg.site_dir)
    assert "1 个已说明" in html_of(site, "reports-index/index.md")
    page = project / "docs/reports/dongcheng-stats/2022.md"
    page.write_text(without_acknowledgements(page.read_text(encoding="utf-8")), encoding="utf-8")
    # serve reloads the configuration on each rebuild; the plugin instance (and its parse
    # cache) is kept because it defines on_startup
    cfg2 = load_config(str(project / "mkdocs.yml"))
    assert cfg2.plugins["govreport"] is cfg.plugins["govreport"]
    build(cfg2, dirty=True)
    index = html_of(site, "reports-index/index.md")
    assert re.search(r'dongcheng-stats/2022/"><span class="gr-sr">[^<]*</span><span class="gr-status-warn">1 个问题</span>', index)
    agency = html_of(site, "reports-index/agencies/dongcheng-stats.md")
    assert "gr-note-open" in agency and "撤回" not in agency
    assert "撤回" not in html_of(site, "reports/dongcheng-stats/2022.md")
    validation = (site / "reports-index/data/validation.csv").read_text(encoding="utf-8")
    assert "W2" in validation and "撤回" not in validation
    cfg.plugins.on_shutdown()
