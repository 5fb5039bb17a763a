"""Valid HTML: the W3C's Nu Html Checker (vnu-jar from package-lock.json)
finds 0 errors on every built page, and its report names file, line and
where to fix when a page is invalid (scripts/check_html.py, make html-valid)."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "check_html.py"


def run(site) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), str(site)], capture_output=True, text=True)


def test_every_built_page_is_valid_html(site):
    result = run(site)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    pages = len(list(site.rglob("*.html")))
    assert f"0 errors in {pages} pages" in result.stdout


def test_material_errors_are_counted_and_our_own_still_fail(tmp_path):
    """The three errors of Material 9's own markup (check_html.py MATERIAL_ERRORS) are
    named and counted; the same mistakes in markup of our own fail."""
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head><body>\n'
        '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">\n'
        '<label class="md-nav__link" for="__drawer" tabindex="">Guides</label>\n'
        '<nav><label class="md-nav__title" for="__toc">Contents</label></nav>\n'
        '<input class="ours" type="checkbox" id="mine" autocomplete="off">\n'
        '<label class="ours" for="mine" tabindex="">Mine</label>\n'
        '</body></html>\n', encoding="utf-8")
    result = run(tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    for template in ("material/templates/base.html", "partials/nav-item.html", "partials/toc.html"):
        assert any("known error(s) from" in line and template in line for line in lines), lines
    ours = [line for line in lines if line.startswith("page/index.html:") or "/page/index.html:" in line]
    assert any(":5:" in line and "autocomplete" in line and "overrides/" in line for line in ours), ours
    assert any(":6:" in line and "tabindex" in line for line in ours), ours
    assert "2 error(s) in 1 page(s)" in result.stderr


def test_a_missing_site_is_a_message_not_a_traceback(tmp_path):
    result = run(tmp_path / "nothing")
    assert result.returncode == 2 and "run `make build` first" in result.stderr
    assert "Traceback" not in result.stderr
