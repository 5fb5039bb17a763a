"""Search in the reader's language: one index per language, each page loads
only its own language's index, and finds only its own language's pages, with
Material's search UI and lunr's German and English stemming."""

from __future__ import annotations

import json
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import ROOT, SITE_URL, page_lang, sitemap_urls

sys.path.insert(0, str(ROOT / "scripts"))
from search_index_sizes import index_sizes, load_index  # noqa: E402

LANG_ROOT = {"de": "", "en": "en/"}  # language -> its folder in the built site
PREFIX = urlsplit(SITE_URL).path


def index(site: Path, lang: str) -> dict:
    return load_index(site, LANG_ROOT[lang])


class ConfigScript(HTMLParser):
    """Material's <script id="__config"> JSON and the page's <html lang>."""

    def __init__(self, html: str):
        super().__init__()
        self.lang, self.config, self._in = None, None, False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        self._in = tag == "script" and attrs.get("id") == "__config"

    def handle_data(self, data):
        if self._in:
            self.config = json.loads(data)
            self._in = False


def test_each_language_has_its_own_index_with_its_own_stemmer(site):
    for lang in LANG_ROOT:
        data = index(site, lang)
        assert data["config"]["lang"] == [lang], f"{lang}: the index stems as {data['config']['lang']}"
        assert len(data["docs"]) > 20


def search_problems(lang: str, locations: list[str], site: Path) -> list[str]:
    """Entries of `lang`'s index that do not lead to a page in `lang`."""
    problems = []
    for location in locations:
        url = LANG_ROOT[lang] + location.split("#")[0]
        page = site / url / "index.html"
        if not page.is_file():
            problems.append(f"{lang} index: {location!r} leads to {url!r}, which does not exist")
        elif (found := ConfigScript(page.read_text(encoding="utf-8")).lang) != lang:
            problems.append(f"{lang} index: {location!r} leads to {url!r}, a page in {found!r}")
    return problems


def test_each_index_holds_exactly_the_pages_of_its_language(site):
    for lang in LANG_ROOT:
        locations = [doc["location"] for doc in index(site, lang)["docs"]]
        assert not search_problems(lang, locations, site), "\n".join(search_problems(lang, locations, site))
        indexed = {LANG_ROOT[lang] + location.split("#")[0] for location in locations}
        pages = {url for url in sitemap_urls(site) if page_lang(url) == lang}
        assert indexed == pages, f"{lang}: not indexed {sorted(pages - indexed)}, extra {sorted(indexed - pages)}"


def test_the_check_reports_an_entry_of_the_other_language(site):
    problems = search_problems("de", ["faq/#deadline", "en/faq/", "nowhere/"], site)
    assert problems == ["de index: 'en/faq/' leads to 'en/faq/', a page in 'en'",
                        "de index: 'nowhere/' leads to 'nowhere/', which does not exist"]


def test_every_page_points_material_at_its_language_index(site):
    for url in sitemap_urls(site) + ["404.html", "en/404.html"]:
        html = site / url / "index.html" if not url.endswith(".html") else site / url
        config = ConfigScript(html.read_text(encoding="utf-8")).config
        base = urljoin(SITE_URL + url, config["base"])
        lang = "en" if url.startswith("en/") else "de"
        assert base == SITE_URL + LANG_ROOT[lang], f"{url}: search base {config['base']!r} is {base}"


def test_the_size_report_names_each_language_index(site, tmp_path):
    sizes = {entry["lang"]: entry for entry in index_sizes(site)}
    assert set(sizes) == set(LANG_ROOT)
    for lang, entry in sizes.items():
        assert entry["path"].startswith(f"{LANG_ROOT[lang]}search/search_index.")
        assert 0 < entry["gzip"] < entry["raw"] and entry["entries"] == len(index(site, lang)["docs"])
    assert all(entry["raw"] is None for entry in index_sizes(tmp_path))


# --- In the browser, on every page of both languages --------------------------

# A word on every page in both languages, and a form lunr must stem to find.
QUERIES = {"de": ("Meta", "Formulare"), "en": ("Meta", "objecting")}


def search(page, query: str) -> list[str]:
    """Type `query` into Material's search; the result links."""
    field = page.locator("input[data-md-component=search-query]")
    shows_placeholder = ("() => document.querySelector('.md-search-result__meta').textContent.trim() === "
                         "JSON.parse(document.getElementById('__config').textContent)"
                         ".translations['search.result.placeholder']")
    field.click()
    field.press("Control+a")
    field.press("Backspace")  # Material reacts to keys: an empty query shows the placeholder again
    page.wait_for_function(shows_placeholder, timeout=10000)
    field.press_sequentially(query)
    page.wait_for_function(f"() => !({shows_placeholder})()", timeout=10000)
    return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")


@pytest.mark.browser
def test_search_finds_only_pages_in_the_readers_language_and_loads_only_its_index(tab, site, server):
    indexes: list[str] = []
    tab.page.on("request", lambda r: "/search/search_index." in r.url and indexes.append(r.url))
    problems = []
    for url in sitemap_urls(site):
        lang = page_lang(url)
        indexes.clear()
        tab.open(url)
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
