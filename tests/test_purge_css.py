"""hooks/sitegen/purge_css.py: Material's stylesheet without unused rules, consistently named.

How the pages look with it is tests/test_visual.py's job; here: the built site
references one existing, smaller theme stylesheet; what the theme's
JavaScript needs is still in it, a component the site does not use is not;
and an editor's mistake in the safelist, or a missing PurgeCSS, is a message
that names the fix, not a traceback.
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from conftest import ROOT, build

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen import purge_css  # noqa: E402

MATERIAL_CSS = next((Path(sys.modules["mkdocs"].__file__).parent.parent / "material" / "templates" /
                     "assets" / "stylesheets").glob("main.*.min.css"))
REFERENCE = re.compile(r'href="[^"]*assets/stylesheets/(main\.[0-9a-f]{8}\.min\.css)"')


def theme_sheet(site: Path) -> Path:
    sheets = list((site / "assets" / "stylesheets").glob("main.*.min.css"))
    assert len(sheets) == 1, f"expected one theme stylesheet in the built site, found {sheets}"
    return sheets[0]


def test_every_page_references_the_purged_stylesheet(site):
    sheet = theme_sheet(site)
    assert sheet.name != MATERIAL_CSS.name, "the purged stylesheet must get a new content-hashed name"
    assert not sheet.with_name(sheet.name + ".map").exists()
    for page in site.rglob("*.html"):
        names = set(REFERENCE.findall(page.read_text(encoding="utf-8")))
        assert names == {sheet.name}, f"{page.relative_to(site)} references {names}, not {sheet.name}"
    purged, whole = sheet.read_bytes(), MATERIAL_CSS.read_bytes()
    assert len(gzip.compress(purged)) < 0.8 * len(gzip.compress(whole)), "PurgeCSS removed less than 20 %"


def test_runtime_classes_kept_unused_components_removed(site):
    css = theme_sheet(site).read_text(encoding="utf-8")
    # Added by Material's JavaScript only (hooks/sitegen/purge_css.yml) or set at run time.
    for kept in (".md-search-result__item", ".md-search-result__link", ".md-nav__link--active",
                 ".md-header--shadow", ".tabbed-labels--linked", "[data-md-scrolllock]", ".md-top[hidden]"):
        assert kept in css, f"{kept} was purged, but the theme's JavaScript uses it: add it to hooks/sitegen/purge_css.yml"
    for removed in (".md-social", ".md-copyright__highlight"):
        assert removed not in css, f"{removed} (not used by the site) is still in the stylesheet"


def test_safelist_mistake_names_the_file_and_the_fix(tmp_path):
    bad = tmp_path / "purge_css.yml"
    bad.write_text("standard:\n  - js\nsafe:\n  - md-top\n", encoding="utf-8")
    with pytest.raises(PluginError, match=r"purge_css\.yml: unknown key 'safe'; use standard, deep, greedy"):
        purge_css.load_safelist(bad)
    bad.write_text("standard: [js\n", encoding="utf-8")
    with pytest.raises(PluginError, match=r"purge_css\.yml, line 2: cannot read the PurgeCSS safelist \(expected ',' or '\]'.*fix the YAML"):
        purge_css.load_safelist(bad)
    bad.write_text("standard: js\n", encoding="utf-8")
    with pytest.raises(PluginError, match=r"standard must be a list of names"):
        purge_css.load_safelist(bad)


def test_the_real_safelist_is_valid():
    data = purge_css.load_safelist()
    assert "md-search-result__item" in data["standard"]


def test_missing_purgecss_fails_the_build_with_the_fix(project_copy, tmp_path):
    node_modules = project_copy / "node_modules"
    if node_modules.is_symlink():
        node_modules.unlink()  # the copy's own, empty node_modules: no PurgeCSS
    result = build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "PurgeCSS is missing (node_modules/purgecss): run `make node-deps`" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_node_names_the_fix(monkeypatch):
    monkeypatch.setenv("NODE", "")
    monkeypatch.setattr(purge_css.shutil, "which", lambda name: None)
    with pytest.raises(PluginError, match=r"needs Node.js to run PurgeCSS.*set NODE="):
        purge_css.node_binary()
