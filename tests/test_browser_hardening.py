"""Hardening in a real browser, on every page of both languages:

- nothing is stored: no cookie, localStorage, sessionStorage or IndexedDB
  entry after clicking tabs, searching, switching the language, using the
  copy buttons and opening the phone menu;
- the Content Security Policy is never violated while doing so (zero
  `securitypolicyviolation` events; the deadline script runs on load);
- it blocks what it is for: an inline script and an inline event handler
  injected into a built page do not run, and both are reported;
- same-named tabs switch together on one page, and the choice is gone
  after a reload (tab linking without remembering)."""

from __future__ import annotations

import shutil

import pytest

from conftest import SiteServer, Tab, page_lang, sitemap_urls

pytestmark = pytest.mark.browser

# Runs before any script of every page: records each policy violation.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
                          " at " + e.sourceFile + ":" + e.lineNumber + " (" + (e.sample || "") + ")");
});
"""
QUERY = {"de": "Widerspruch", "en": "object"}


def violations(tab: Tab) -> list[str]:
    return tab.page.evaluate("window.__violations || []")


def storage_problems(tab: Tab, url: str) -> list[str]:
    """Everything the browser keeps for the site after `url` was used."""
    found = [f"{url}: cookie {c['name']!r}" for c in tab.page.context.cookies()]
    state = tab.page.evaluate("""async () => ({
        local: Object.keys(localStorage), session: Object.keys(sessionStorage),
        idb: indexedDB.databases ? (await indexedDB.databases()).map(d => d.name) : []})""")
    found += [f"{url}: localStorage entry {key!r}" for key in state["local"]]
    found += [f"{url}: sessionStorage entry {key!r}" for key in state["session"]]
    found += [f"{url}: IndexedDB database {name!r}" for name in state["idb"]]
    return [f"{line} (the site must store nothing in the reader's browser)" for line in found]


@pytest.fixture
def recording(context, server, fresh_artifacts):
    context.add_init_script(RECORD_VIOLATIONS)
    context.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())
    tab = Tab(context, server)
    yield tab
    tab.page.close()


def use_tabs(tab: Tab) -> None:
    labels = tab.page.locator(".tabbed-set .tabbed-labels > label")
    if labels.count() < 2:
        return
    second = labels.nth(1)
    name = second.inner_text().strip()
    second.click()
    # Every set with a tab of that name shows it (linking within the page).
    tab.page.wait_for_function(
        """name => [...document.querySelectorAll('.tabbed-set')].every(set => {
             const labels = [...set.querySelectorAll(':scope > .tabbed-labels > label')];
             const same = labels.find(l => l.innerText.trim() === name);
             return !same || document.getElementById(same.htmlFor).checked; })""", arg=name)


def use_copy_buttons(tab: Tab) -> None:
    buttons = tab.page.locator(".md-clipboard, [data-clipboard-target], [data-copy]")
    for index in range(buttons.count()):
        if buttons.nth(index).is_visible():
            buttons.nth(index).click()


def use_search(tab: Tab, url: str) -> None:
    tab.page.click("input.md-search__input")
    tab.page.keyboard.type(QUERY[page_lang(url)])
    tab.page.wait_for_selector(".md-search-result__item", state="attached")
    tab.page.keyboard.press("Escape")


def switch_language(tab: Tab, url: str) -> None:
    other = "en" if page_lang(url) == "de" else "de"
    link = tab.page.locator(f'.md-select__link[hreflang="{other}"]')
    if not link.count():
        return
    with tab.page.expect_navigation(wait_until="load"):
        link.first.evaluate("a => a.click()")


def test_every_page_stores_nothing_and_violates_no_policy(recording, site, subtests):
    tab = recording
    for url in sitemap_urls(site):
        with subtests.test(msg=url), tab.evidence("hardening", url):
            tab.open(url)
            # The deadline script and Material's start-up have run by now.
            # Deferred scripts (site.js) have run at load; Material's bundle loads on the first interaction.
            use_tabs(tab)
            use_copy_buttons(tab)
            use_search(tab, url)
            problems = [f"{url}: Content Security Policy violation: {v}" for v in violations(tab)]
            problems += storage_problems(tab, url)
            switch_language(tab, url)
            problems += [f"{url} -> {tab.page.url}: Content Security Policy violation: {v}"
                         for v in violations(tab)]
            problems += storage_problems(tab, f"{url} (after switching the language)")
            problems += [f"{url}: console error: {m}" for m in tab.console_errors]
            assert not problems, "\n".join(problems)


def test_the_phone_menu_stores_nothing_and_violates_no_policy(browser, server, site, subtests, fresh_artifacts):
    from conftest import PHONE
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                              locale="de-DE")
    ctx.add_init_script(RECORD_VIOLATIONS)
    ctx.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())
    tab = Tab(ctx, server)
    try:
        for url in sitemap_urls(site):
            with subtests.test(msg=url), tab.evidence("hardening-phone", url):
                tab.open(url)
                tab.page.click("button.md-header__button-drawer")
                tab.page.wait_for_function("document.getElementById('__drawer').checked")
                tab.page.locator(".md-sidebar--primary").wait_for(state="visible")
                problems = [f"{url}: Content Security Policy violation: {v}" for v in violations(tab)]
                problems += storage_problems(tab, f"{url} (phone menu)")
                assert not problems, "\n".join(problems)
    finally:
        ctx.close()


# --- The policy blocks injected scripts ---------------------------------------

INJECTED = ('<script>window.__injected = "inline script ran";</script>'
            '<img src="../assets/logo.svg" alt="" onload="window.__handler = \'handler ran\'">')


def test_an_injected_inline_script_and_event_handler_are_blocked(recording, site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    target = copy / "privacy" / "index.html"
    html = target.read_text(encoding="utf-8")
    target.write_text(html.replace("</article>", INJECTED + "</article>", 1), encoding="utf-8")
    with SiteServer(copy, prefix="/meta-ai-objection/") as injected:
        tab = Tab(recording.page.context, injected)
        tab.open("privacy/")
        # Positive signal: both reports have arrived (script and handler).
        tab.page.wait_for_function("window.__violations.length >= 2")
        reports = violations(tab)
        assert tab.page.evaluate("[window.__injected, window.__handler]") == [None, None]
    assert len(reports) == 2, reports
    assert any(r.startswith("script-src-elem blocked inline") for r in reports), reports
    assert any(r.startswith("script-src-attr blocked inline") for r in reports), reports
    # The page's own scripts still ran: Material's start-up and ours.
    assert not any("__md_scope" in r or "hreflang" in r for r in reports)


# --- The storage check finds what it looks for ---------------------------------

STORING = """<!doctype html><html lang="en"><head><title>Stores</title></head><body><h1>x</h1>
<script>
localStorage.setItem("__tabs", "[]"); sessionStorage.setItem("seen", "1");
document.cookie = "visitor=1; path=/"; indexedDB.open("cache").onsuccess = function () { document.title = "done"; };
</script></body></html>"""


def test_the_storage_check_finds_every_kind_of_storage(context, tmp_path):
    (tmp_path / "index.html").write_text(STORING, encoding="utf-8")
    context.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())
    with SiteServer(tmp_path, prefix="/meta-ai-objection/") as storing:
        tab = Tab(context, storing)
        tab.open("")
        tab.page.wait_for_function("document.title === 'done'")
        report = "\n".join(storage_problems(tab, "bad/"))
    for needle in ("cookie 'visitor'", "localStorage entry '__tabs'", "sessionStorage entry 'seen'",
                   "IndexedDB database 'cache'"):
        assert needle in report, report


# --- Tabs linked within a page, not remembered ---------------------------------

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
    for match in __import__("re").finditer(r"<div\b|</div>", first):
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


def test_tabs_switch_together_and_are_forgotten_on_reload(recording, site, tmp_path):
    with_second_tab_set(site, tmp_path / "site")
    with SiteServer(tmp_path / "site", prefix="/meta-ai-objection/") as served:
        tab = Tab(recording.page.context, served)
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


@pytest.mark.parametrize("url", ["no-such-page/", "en/no-such-guide/"])
def test_the_not_found_pages_run_their_scripts_within_the_policy(recording, url):
    """The 404 pages' own scripts (language redirect, search words) carry hashes."""
    tab = recording
    with tab.evidence("hardening-404", url):
        tab.page.goto(tab.server.url + url)
        # Positive signal: the page's script has put the address's words into the search link.
        tab.page.wait_for_function(
            "() => { const a = document.querySelector('[data-not-found-search]');"
            " return a && /[?]q=.+/.test(a.getAttribute('href')); }")
        assert violations(tab) == []
        assert storage_problems(tab, url) == []
