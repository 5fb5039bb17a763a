"""Search as a reader uses it: type a word into the search box and look at
the results the page shows. "Widerspruch" on the German site finds the four
guides and the FAQ; "object" on the English site finds the English guides;
every result leads to a page that exists, also when searching from a page
deep in the site.

These tests look only at what the search shows, not at how the index is
built, so they hold whether the site has one index or one per language."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import Tab

pytestmark = pytest.mark.browser

GUIDES = ["guides/facebook/", "guides/instagram/", "guides/threads/", "guides/no-account/"]


def search(tab: Tab, url: str, query: str) -> list[str]:
    """Open `url`, type `query` into the search box, return the result pages
    (addresses relative to the site root, without ?h= and #anchor), in order."""
    tab.open(url)
    tab.page.click("input.md-search__input")
    tab.page.keyboard.type(query)
    # Wait until the search has answered: results, or its own "no results" text.
    tab.page.wait_for_function(
        """() => document.querySelector('.md-search-result__list').children.length > 0 ||
                 document.querySelector('.md-search-result__meta').innerText.trim() ===
                 JSON.parse(document.getElementById('__config').textContent).translations['search.result.none']""",
        timeout=10_000)
    # Searching loads the index and lunr's language support: from this site only.
    assert not tab.foreign, f"{url}: searching {query!r} requested other hosts: {tab.foreign}"
    assert not tab.console_errors, f"{url}: searching {query!r} logged errors: {tab.console_errors}"
    results = tab.page.locator(".md-search-result__item > .md-search-result__link")
    if not results.count():
        meta = tab.page.locator(".md-search-result__meta").inner_text()
        raise AssertionError(f"{url}: searching {query!r} shows no result (the search says: {meta!r})")
    prefix = urlsplit(tab.server.url).path
    pages = []
    for href in results.evaluate_all("links => links.map(a => a.href)"):
        path = urlsplit(href).path
        assert path.startswith(prefix), f"{url}: the result {href} for {query!r} leaves the site"
        page = path[len(prefix):]
        if page not in pages:
            pages.append(page)
    return pages


@pytest.mark.parametrize("url", ["", "guides/facebook/"])
def test_widerspruch_finds_the_guides_and_the_faq(tab, url):
    with tab.evidence("search", url):
        found = search(tab, url, "Widerspruch")
        missing = [page for page in GUIDES + ["faq/"] if page not in found]
        assert not missing, f"{url}: searching 'Widerspruch' does not show {missing}; it shows {found}"


@pytest.mark.parametrize("url", ["en/", "en/guides/facebook/"])
def test_object_finds_the_english_guides(tab, url):
    with tab.evidence("search", url):
        found = search(tab, url, "object")
        missing = ["en/" + page for page in GUIDES if "en/" + page not in found]
        assert not missing, f"{url}: searching 'object' does not show {missing}; it shows {found}"


@pytest.mark.parametrize("url, query", [("guides/no-account/", "Formular"), ("en/guides/no-account/", "form")])
def test_every_result_leads_to_a_page_that_exists(tab, url, query):
    with tab.evidence("search", url):
        found = search(tab, url, query)
        broken = []
        for page in found:
            response = tab.page.request.get(tab.server.url + page)
            if response.status != 200:
                broken.append(f"{page} ({response.status})")
        assert not broken, f"{url}: results for {query!r} lead to missing pages: {broken}"


def test_a_word_that_is_nowhere_finds_nothing(tab):
    """The search check can fail: it reports a search without results."""
    with pytest.raises(AssertionError, match=r"guides/: searching 'Quxzyzzy' shows no result"):
        search(tab, "guides/", "Quxzyzzy")
