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


def test_the_checker_reports_theme_markup_it_refuses(tmp_path):
    (tmp_path / "page").mkdir()
    (tmp_path / "page" / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head><body>\n'
        '<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">\n'
        '<label class="md-nav__link" for="__nav_2" tabindex="">Guides</label>\n'
        '</body></html>\n', encoding="utf-8")
    result = run(tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any("page/index.html:2:" in line and "autocomplete" in line and "overrides/" in line for line in lines), lines
    assert any("page/index.html:3:" in line and "tabindex" in line for line in lines), lines
    # The label also points at a control that does not exist (Material's toc title did).
    assert any("page/index.html:3:" in line and "“for” attribute" in line for line in lines), lines
    assert "3 error(s) in 1 page(s)" in result.stderr


def test_a_missing_site_is_a_message_not_a_traceback(tmp_path):
    result = run(tmp_path / "nothing")
    assert result.returncode == 2 and "run `make build` first" in result.stderr
    assert "Traceback" not in result.stderr
