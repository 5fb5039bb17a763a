"""Tabs in a real browser: same-named tabs switch together on one page, the
address names the chosen tab (so a reload or a shared link shows it), and
nothing remembers the choice: without that address a reload shows the first
tabs again (site.js; Material's own tab linking would write localStorage)."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import SiteServer
from test_browser_pages import recording_tab, storage_problems, violations

pytestmark = pytest.mark.browser


def with_second_tab_set(site, copy):
    """The built site with the Facebook guide's tab set twice (ids renamed):
    the guides have one set each today, linking needs two."""
    shutil.copytree(site, copy)
    page = copy / "guides" / "facebook" / "index.html"
    html = page.read_text(encoding="utf-8")
    start = html.index('<div class="tabbed-set')
    end = html.index("</article>")
    first = html[start:end]
    depth, index = 0, 0
    for match in re.finditer(r"<div\b|</div>", first):
        depth += 1 if match.group(0) == "<div" else -1
        if depth == 0:
            index = match.end()
            break
    tabset = first[:index]
    second = (tabset.replace('id="app"', 'id="app-2"').replace('for="app"', 'for="app-2"')
              .replace('id="browser"', 'id="browser-2"').replace('for="browser"', 'for="browser-2"')
              .replace("__tabbed_1", "__tabbed_9"))
    page.write_text(html[:start + index] + "<p>Second set</p>" + second + html[start + index:], encoding="utf-8")


CHECKED = """() => [...document.querySelectorAll('.tabbed-set')].map(set =>
    document.querySelector('label[for="' + set.querySelector(':scope > input:checked').id + '"]').innerText.trim())"""


def test_tabs_switch_together_and_are_forgotten_on_reload(browser, site, tmp_path):
    with_second_tab_set(site, tmp_path / "site")
    with SiteServer(tmp_path / "site", prefix="/meta-ai-objection/") as served:
        tab = recording_tab(browser, served)
        try:
            tab.open("guides/facebook/")
            assert tab.page.evaluate(CHECKED) == ["App", "App"]
            tab.page.locator(".tabbed-set").nth(1).locator(".tabbed-labels > label", has_text="Browser").click()
            tab.page.wait_for_function(f"({CHECKED})().every(name => name === 'Browser')")
            assert storage_problems(tab, "guides/facebook/") == []
            assert violations(tab) == []
            # Material writes the clicked tab's id into the address (#browser-2): a reload
            # shows that tab, in every set, because the address says so.
            assert tab.page.url.endswith("#browser-2"), tab.page.url
            tab.page.reload()
            assert tab.page.evaluate(CHECKED) == ["Browser", "Browser"], "after a reload the sets disagree"
            # The same page without that address: nothing remembered the choice.
            tab.page.goto(served.url + "guides/facebook/")
            tab.page.reload()
            assert tab.page.evaluate(CHECKED) == ["App", "App"], "a tab choice was remembered across a reload"
        finally:
            tab.page.context.close()
