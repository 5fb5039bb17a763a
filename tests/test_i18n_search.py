"""Search in the reader's language (hooks/sitegen/core/search.py, theme.py): one index
per language, each page points Material at its own language's index, which holds
only its own language's pages, with lunr's German and English stemming; the pages
load a stub, the full index waits for the first search. (Searching in Chromium:
the browser tests.)"""

from __future__ import annotations

import json
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit


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


def test_each_page_loads_a_stub_that_names_the_full_index_and_the_worker(site):
    """The pages load search/search_index.json, a stub of a few hundred bytes; the
    worker (named in every page's __config) fetches the full index on the first search."""
    for lang, folder in LANG_ROOT.items():
        stub_path = site / folder / "search" / "search_index.json"
        stub = json.loads(stub_path.read_text(encoding="utf-8"))
        assert stub["docs"] == [] and stub_path.stat().st_size < 2000, f"{lang}: not a stub"
        assert stub["config"]["lang"] == [lang]
        on_demand = stub["config"]["on_demand"]
        workers = site / "assets" / "javascripts" / "workers"
        assert (workers / on_demand["index"]).resolve() == (site / folder / "search" / "search_index.full.json").resolve()
        assert (workers / on_demand["worker"]).is_file(), on_demand
        assert index(site, lang)["docs"], "the full index has the entries"
