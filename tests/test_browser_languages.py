"""Languages in the browser: each language's search, its 404 page, and the hreflang links.

The build-side tests (tests/test_i18n_search.py, test_i18n_404.py,
test_i18n_alternates.py) prove the files; these prove what a reader gets in
Chromium. The search and the alternates are properties of a page's depth and
language, not of each page, so they are checked on one page per depth in each
language (home, a page, a guide), not on every page of the sitemap.
"""

from __future__ import annotations

import re
import sys
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ROOT, SITE_URL, page_lang, start_theme_js, wait_for_theme_js

sys.path.insert(0, str(ROOT / "scripts"))
from translations import load_config  # noqa: E402

pytestmark = pytest.mark.browser

PREFIX = urlsplit(SITE_URL).path  # /meta-ai-objection/
HOME = {"de": PREFIX, "en": PREFIX + "en/"}
LANG_ROOT = {"de": "", "en": "en/"}
# One page per depth and language: the search base and the language differ by these alone.
PAGES = ["", "faq/", "guides/facebook/", "en/", "en/faq/", "en/guides/facebook/"]
# A word on every page in both languages, and a form lunr must stem to find.
QUERIES = {"de": ("Meta", "Formulare"), "en": ("Meta", "objecting")}


def ui_texts() -> dict[str, dict]:
    plugin = next(p["i18n"] for p in load_config()["plugins"] if isinstance(p, dict) and "i18n" in p)
    return {lang["locale"]: lang["extra"]["ui"] for lang in plugin["languages"]}


UI = ui_texts()


def search(page, query: str) -> list[str]:
    """Type `query` into Material's search; the result links."""
    field = page.locator("input[data-md-component=search-query]")
    shows_placeholder = ("() => document.querySelector('.md-search-result__meta').textContent.trim() === "
                         "JSON.parse(document.getElementById('__config').textContent)"
                         ".translations['search.result.placeholder']")
    field.click()
    field.press("Control+a")
    field.press("Backspace")  # Material reacts to keys: an empty query shows the placeholder again
    page.wait_for_function(shows_placeholder, timeout=20000)
    field.press_sequentially(query)
    page.wait_for_function(f"() => !({shows_placeholder})()", timeout=20000)
    return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")


@pytest.mark.parametrize("url", PAGES)
def test_search_finds_only_pages_in_the_readers_language_and_loads_only_its_index(tab, server, url):
    lang = page_lang(url)
    indexes: list[str] = []
    tab.page.on("request", lambda r: "/search/search_index." in r.url and indexes.append(r.url))
    tab.open(url)
    problems = []
    for query in QUERIES[lang]:
        links = search(tab.page, query)
        if not links:
            problems.append(f"{url}: '{query}' finds nothing")
        for link in links:
            path = urlsplit(link).path[len(PREFIX):]
            if page_lang(path) != lang:
                problems.append(f"{url}: '{query}' finds {path}, a page in another language")
    own = server.url + LANG_ROOT[lang] + "search/search_index."
    if not indexes or any(not address.startswith(own) for address in indexes):
        problems.append(f"{url}: loaded the indexes {indexes}, expected only {own}…")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("url", PAGES)
def test_material_requests_no_sitemap_and_the_links_stay_in_the_page(tab, url):
    """Material's bundle fetches a sitemap.xml next to every <link rel=alternate>; the loader
    hides them while it starts (theme-on-demand.js), and puts them back."""
    requests: list[str] = []
    tab.page.on("request", lambda r: requests.append(r.url))
    tab.open(url)
    start_theme_js(tab.page)
    tab.page.wait_for_load_state("networkidle")
    sitemaps = [r for r in requests if "sitemap.xml" in r]
    assert not sitemaps, f"{url}: the page requested {sitemaps}"
    rels = tab.page.evaluate("[...document.querySelectorAll('link[hreflang]')].map(l => l.rel + ' ' + l.hreflang)")
    assert rels == ["alternate de", "alternate en", "alternate x-default"], f"{url}: {rels}"
    assert not tab.console_errors, tab.console_errors


def open_missing(page, server, url: str):
    """Open a missing address; once the root 404 page has sent the reader on, the response."""
    response = page.goto(server.url + url)
    page.wait_for_load_state("networkidle")
    return response


@pytest.mark.parametrize("wrong, lang", [("nicht-da/", "de"), ("faq/x/", "de"), ("en/nothing/", "en"),
                                         ("en/guides/facebok/", "en")])
def test_a_mistyped_address_gets_the_404_page_in_its_language(page, server, wrong, lang):
    response = open_missing(page, server, wrong)
    assert response.status == 404
    assert page.evaluate("document.documentElement.lang") == lang
    assert page.locator("article h1").inner_text() == UI[lang]["not_found_title"]
    assert page.url == server.url + wrong, "the address bar keeps the mistyped address"
    assert page.get_attribute("article a >> nth=0", "href") == HOME[lang]
    search = page.get_attribute("[data-not-found-search]", "href")
    query = parse_qs(urlsplit(search).query).get("q", [""])[0]
    assert urlsplit(search).path == HOME[lang]
    assert wrong.rstrip("/").split("/")[-1].replace("-", " ") in query, search


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_404_links_lead_home_and_to_a_search_in_the_language(page, server, lang):
    indexes: list[str] = []
    page.on("request", lambda r: "/search/search_index." in r.url and indexes.append(r.url))
    wrong = {"de": "anleitungen/facebok/", "en": "en/guides/facebok/"}[lang]
    open_missing(page, server, wrong)
    with page.expect_request(lambda r: "/search/search_index." in r.url):
        start_theme_js(page)
    own = f"{server.url}{HOME[lang][len(PREFIX):]}search/search_index."
    assert indexes and all(address.startswith(own) for address in indexes), indexes
    page.click("[data-not-found-search]")
    page.wait_for_url(re.compile(re.escape(server.url + HOME[lang][len(PREFIX):]) + r"\?q="))
    wait_for_theme_js(page)  # an address with ?q= loads Material's bundle at once
    assert "facebok" in page.locator("input[data-md-component=search-query]").input_value()
    assert page.evaluate("document.getElementById('__search').checked"), "the search is not open"
    assert page.evaluate("document.documentElement.lang") == lang
    open_missing(page, server, wrong)
    page.click("article a >> nth=0")
    page.wait_for_load_state("load")
    assert page.url == server.url + HOME[lang][len(PREFIX):]


def test_without_javascript_the_page_says_in_both_languages_where_to_go(browser, server):
    context = browser.new_context(java_script_enabled=False, locale="en-GB")
    page = context.new_page()
    response = page.goto(server.url + "en/faqq/")
    assert response.status == 404
    text = page.locator("article").inner_text()
    assert UI["de"]["not_found_title"] in text and UI["en"]["not_found_title"] in text
    english = page.locator("article a[hreflang=en]")
    assert english.get_attribute("href") == HOME["en"]
    english.click()
    page.wait_for_load_state("load")
    assert page.url == server.url + "en/"
    context.close()
