"""Material's JavaScript bundle loads on the reader's first interaction, not with
the page (overrides/main.html's scripts block writes theme-on-demand.js with the
bundle's address, hooks/sitegen/theme.py finds it): no page requests it on load;
opening the search or a shortcut key loads it and the reader's action still
takes effect (field focused, a query typed before it arrived searched); the
keyboard, the phone menu and the content tabs work without it."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT, start_theme_js, wait_for_theme_js

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen import theme  # noqa: E402

BUNDLE = re.compile(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
QUERY = {"": ("Widerspruch", "de"), "en/": ("objection", "en")}
SEARCH_FIELD = "input[data-md-component=search-query]"


def check_pages(site: Path) -> int:
    """Every page with Material's search names the loader, not the bundle, and
    the loader's data-bundle names a file of the site."""
    checked = 0
    for html in sorted(site.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        rel = html.relative_to(site).as_posix()
        if 'data-md-component="search"' not in text:
            continue
        assert not re.search(r'<script src="[^"]*bundle\.[0-9a-f]+\.min\.js"', text), (
            f"{rel}: loads Material's bundle with the page")
        match = re.search(r'<script src="[^"]*theme-on-demand\.js" data-bundle="([^"]+)"[^>]* defer>', text)
        assert match, f"{rel}: no deferred theme-on-demand.js with data-bundle"
        checked += 1
    return checked


def test_no_page_loads_the_bundle_with_it(site):
    assert check_pages(site) > 20
    assert (site / theme.LOADER).is_file() and (site / theme.bundle()).is_file()


def test_the_page_check_fails_on_a_page_that_loads_the_bundle(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "faq" / "index.html"
    text = re.sub(r'<script src="[^"]*theme-on-demand\.js" data-bundle="([^"]*)"', r'<script src="\1"',
                  page.read_text(encoding="utf-8"))
    page.write_text(text, encoding="utf-8")
    with pytest.raises(AssertionError, match="faq/index.html: loads Material's bundle"):
        check_pages(copy)


# --- In Chromium ---------------------------------------------------------------

def bundle_requests(context) -> list[str]:
    seen: list[str] = []
    context.on("request", lambda r: BUNDLE.search(r.url.split("?")[0]) and seen.append(r.url))
    return seen


def results(page) -> list[str]:
    page.wait_for_selector(".md-search-result__link", timeout=20000)
    return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")


def assert_in_language(links: list[str], server, lang: str, what: str) -> None:
    assert links, f"{what}: no results"
    for link in links:
        assert link[len(server.url):].startswith("en/") == (lang == "en"), f"{what}: found {link}"


@pytest.mark.browser
@pytest.mark.parametrize("folder", list(QUERY))
def test_not_on_load_but_on_opening_the_search(browser, server, folder):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        seen = bundle_requests(context)
        page = context.new_page()
        page.goto(server.url + folder + "faq/", wait_until="load")
        page.wait_for_load_state("networkidle")  # the positive signal: everything the page loads is loaded
        assert seen == [], f"{folder}faq/: the bundle was requested on load: {seen}"
        assert page.evaluate("document.documentElement.dataset.themeJs") is None

        query, lang = QUERY[folder]
        with page.expect_request(lambda r: bool(BUNDLE.search(r.url))):
            page.click(SEARCH_FIELD)
        # Typed at once, before the bundle has necessarily started.
        page.keyboard.type(query)
        assert_in_language(results(page), server, lang, f"'{query}' on {folder}faq/")
        assert page.evaluate("document.getElementById('__search').checked")
        assert page.evaluate(f"document.activeElement.matches('{SEARCH_FIELD}')")
        assert len(seen) == 1, seen
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("key", ["/", "s"])
def test_a_shortcut_opens_the_search_and_the_query_typed_before_the_bundle_is_searched(browser, server, key):
    """The bundle is held back until the query is typed: what the reader typed
    before Material arrived is kept and searched."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        held = []
        page.route(lambda url: bool(BUNDLE.search(url.split("?")[0])), lambda route: held.append(route))
        page.goto(server.url + "guides/facebook/", wait_until="networkidle")
        page.keyboard.press(key)
        assert page.evaluate("document.getElementById('__search').checked"), f"'{key}' did not open the search"
        assert page.evaluate(f"document.activeElement.matches('{SEARCH_FIELD}')"), "the field has no focus"
        page.keyboard.type("Formular")
        page.wait_for_function("() => document.documentElement.dataset.themeJs === 'loading'")
        assert page.input_value(SEARCH_FIELD) == "Formular"  # the key itself was not typed
        assert len(held) == 1, held
        held[0].continue_()
        wait_for_theme_js(page)
        assert_in_language(results(page), server, "de", "'Formular' typed before the bundle")
    finally:
        context.close()


@pytest.mark.browser
def test_a_page_with_an_address_fragment_keeps_it_and_its_search(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(server.url + "faq/", wait_until="networkidle")
        anchor = page.evaluate("document.querySelector('.md-content h2[id]').id")
        page.goto(server.url + f"faq/#{anchor}", wait_until="networkidle")
        page.keyboard.press("/")
        page.keyboard.type("Widerspruch")
        wait_for_theme_js(page)
        assert page.evaluate("location.hash") == f"#{anchor}"
        assert_in_language(results(page), server, "de", "search on a page opened at a fragment")
    finally:
        context.close()


@pytest.mark.browser
def test_keyboard_menu_tabs_and_skip_link_work_without_the_bundle(phone):
    """The bundle cannot load (aborted): the phone menu opens and closes with the
    keyboard, the content tabs switch and show their underline, the skip link
    moves the focus."""
    page = phone.page
    page.route(lambda url: bool(BUNDLE.search(url.split("?")[0])), lambda route: route.abort())
    phone.open("guides/facebook/", wait_until="networkidle")
    # Tab from the top: the skip link first.
    page.keyboard.press("Tab")
    page.wait_for_function("() => document.documentElement.dataset.themeJs === 'failed'")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") != ""
    # The menu button, by keyboard.
    page.focus("button.md-header__button-drawer")
    page.keyboard.press("Enter")
    assert page.evaluate("document.getElementById('__drawer').checked"), "Enter did not open the menu"
    page.wait_for_function(
        "() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
    assert page.locator(".md-sidebar--primary .md-nav__link").first.is_visible()
    page.focus("button.md-header__button-drawer")
    page.keyboard.press(" ")
    assert not page.evaluate("document.getElementById('__drawer').checked"), "Space did not close the menu"
    # Content tabs: the second label switches, the underline follows it.
    labels = page.locator(".tabbed-set").first.locator(".tabbed-labels > label")
    labels.nth(1).click()
    checked = page.evaluate(
        "document.querySelector('.tabbed-set').querySelector(':scope > input:checked').id")
    assert checked == labels.nth(1).get_attribute("for")
    width = page.evaluate("getComputedStyle(document.querySelector('.tabbed-labels'))"
                          ".getPropertyValue('--md-indicator-width')")
    assert width.strip() == f"{labels.nth(1).evaluate('el => el.offsetWidth')}px"
    assert phone.console_errors == [] or all("bundle" in e or "ERR_FAILED" in e for e in phone.console_errors), (
        phone.console_errors)


@pytest.mark.browser
def test_printing_without_the_bundle_opens_closed_details_and_closes_them_after(tab):
    """Material opens closed <details> for printing; before its bundle has loaded
    the loader does (the browser fires beforeprint/afterprint around a print)."""
    tab.open("guides/facebook/", wait_until="networkidle")
    closed = "() => [...document.querySelectorAll('details')].filter(d => !d.open).length"
    before = tab.page.evaluate(f"({closed})()")
    assert before > 0, "guides/facebook/ has no closed <details> to print"
    tab.page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert tab.page.evaluate(f"({closed})()") == 0, "a closed <details> stays closed in print"
    tab.page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert tab.page.evaluate(f"({closed})()") == before
    assert tab.page.evaluate("document.documentElement.dataset.themeJs") is None  # nothing loaded the bundle


@pytest.mark.browser
def test_a_late_no_results_answer_to_the_blank_field_is_not_shown(browser, server):
    """When the bundle starts while the reader types, Material's query for the
    then-empty field is answered ("no results") after the first letters; the
    loader keeps that answer from Material. Driven directly: the small search
    worker answers a blank query at once; with the field no longer blank the
    answer is dropped, with it blank it is passed on (answers come in order)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(server.url + "faq/", wait_until="networkidle")
        start_theme_js(page)
        seen = page.evaluate("""async () => {
          const config = JSON.parse(document.getElementById("__config").textContent);
          const worker = new Worker(new URL(config.search, document.baseURI || location.href));
          const results = [];
          const setup = {type: 0, data: {config: {lang: ["de"], separator: " ", on_demand: {}}, docs: [], options: {}}};
          // The worker answers in order: a "ready" to a setup sent after a query
          // comes after that query's answer (the positive signal to wait for).
          let readies = 0, waiting = null;
          worker.addEventListener("message", event => {
            if (event.data.type === 3) results.push(event.data.data.items.length);
            if (event.data.type === 1) { readies += 1; if (waiting) waiting(); }
          });
          const readyCount = n => new Promise(done => {
            waiting = () => { if (readies >= n) done(); };
            waiting();
          });
          const field = document.querySelector("input[data-md-component=search-query]");
          worker.postMessage(setup);
          field.value = "Formular";
          worker.postMessage({type: 2, data: ""});   // answered while the field is not blank: dropped
          worker.postMessage(setup);
          await readyCount(2);
          field.value = "";
          worker.postMessage({type: 2, data: " "});  // answered with the field blank: passed on
          worker.postMessage(setup);
          await readyCount(3);
          return results;
        }""")
        assert seen == [0], f"the worker's answers that reached the page: {seen}"
    finally:
        context.close()
