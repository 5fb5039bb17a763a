"""A 404 page per language under GitHub Pages' single 404.html: a mistyped
/en/ address gets the English page, every other one the German page, each
with a link to its home page and to its search; it works under the
sub-path, and without JavaScript the page says in both languages where to go."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import ROOT, SITE_URL, build, page_lang, sitemap_urls, start_theme_js, wait_for_theme_js

sys.path.insert(0, str(ROOT / "scripts"))
from translations import load_config  # noqa: E402

PREFIX = urlsplit(SITE_URL).path  # /meta-ai-objection/
HOME = {"de": PREFIX, "en": PREFIX + "en/"}


def ui_texts() -> dict[str, dict]:
    """extra.ui per language from mkdocs.yml."""
    plugin = next(p["i18n"] for p in load_config()["plugins"] if isinstance(p, dict) and "i18n" in p)
    return {lang["locale"]: lang["extra"]["ui"] for lang in plugin["languages"]}


UI = ui_texts()


def mistyped(url: str) -> str:
    """A wrong address in the same language folder as `url`."""
    return url + "nicht-da/" if url in ("", "en/") else url.rstrip("/") + "x/"


def test_each_language_has_its_page_and_the_root_one_is_german(site):
    for lang, path in (("de", site / "404.html"), ("en", site / "en" / "404.html")):
        html = path.read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html, f"{path.name}: not in {lang}"
        assert f"<h1>{UI[lang]['not_found_title']}</h1>" in html
        assert '<meta name="robots" content="noindex">' in html
        assert f'href="{HOME[lang]}"' in html and f'href="{HOME[lang]}?q="' in html
        assert "hreflang=\"de\" href=" not in html, f"{path.name}: a 404 page has no alternates"


def test_the_root_page_tells_both_languages_where_to_go_without_javascript(site):
    html = (site / "404.html").read_text(encoding="utf-8")
    english = re.search(r'<p class="not-found__other" lang="en">(.*?)</p>', html, re.S)
    assert english, "404.html: no English line"
    assert UI["en"]["not_found_title"] in english.group(1)
    assert f'<a href="{HOME["en"]}" hreflang="en">{UI["en"]["not_found_home"]}</a>' in english.group(1)


def test_every_address_in_the_404_pages_works_at_any_depth(site):
    for path in (site / "404.html", site / "en" / "404.html"):
        html = path.read_text(encoding="utf-8")
        for address in re.findall(r'(?:href|src)="([^"#]+)"', html):
            assert address.startswith((PREFIX, "https://", "http://", "mailto:", "tel:", "data:")), (
                f"{path.relative_to(site)}: the address {address!r} is relative; "
                "served for a missing page at any depth, it would not resolve")


def test_a_language_without_404_texts_fails_the_build(project_copy, tmp_path):
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "              not_found_title: Page not found\n" in text
    config.write_text(text.replace("              not_found_title: Page not found\n", ""), encoding="utf-8")
    result = build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    block = next(n for n, l in enumerate(text.splitlines(), 1) if l.strip() == "- locale: en")
    ui = next(n for n, l in enumerate(text.splitlines(), 1) if n > block and l.strip() == "ui:")
    # The schema (hooks/sitegen/config.py) names it before anything is built.
    assert (f"mkdocs.yml:{ui}: plugins.i18n.languages[en].extra.ui.not_found_title is missing for English (en)"
            in result.stderr), result.stderr[-2000:]


# --- In the browser ------------------------------------------------------------

def open_missing(page, server, url: str):
    """Open a missing address; the response status and, once settled, the page."""
    response = page.goto(server.url + url)
    # The root 404 page may send the reader on to /<lang>/404.html: wait until that settled.
    page.wait_for_load_state("networkidle")
    return response


@pytest.mark.browser
def test_a_mistyped_address_gets_the_404_page_in_its_language(context, server, site):
    page = context.new_page()
    problems = []
    for url in sitemap_urls(site):
        lang, wrong = page_lang(url), mistyped(url)
        response = open_missing(page, server, wrong)
        got = page.evaluate("document.documentElement.lang")
        heading = page.locator("article h1").inner_text()
        if response.status != 404:
            problems.append(f"{wrong}: status {response.status}, expected 404")
        if got != lang or heading != UI[lang]["not_found_title"]:
            problems.append(f"{wrong}: a {got!r} page titled {heading!r}, expected {lang!r}")
        if page.url != server.url + wrong:
            problems.append(f"{wrong}: the address bar shows {page.url}")
        home = page.get_attribute("article a >> nth=0", "href")
        search = page.get_attribute("[data-not-found-search]", "href")
        if home != HOME[lang]:
            problems.append(f"{wrong}: the home link is {home!r}, expected {HOME[lang]!r}")
        query = parse_qs(urlsplit(search).query).get("q", [""])[0]
        if urlsplit(search).path != HOME[lang] or wrong.rstrip("/").split("/")[-1].replace("-", " ") not in query:
            problems.append(f"{wrong}: the search link is {search!r}")
    assert not problems, "\n".join(problems)
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_404_links_lead_home_and_to_a_search_in_the_language(context, server, lang):
    page = context.new_page()
    indexes: list[str] = []
    page.on("request", lambda r: "/search/search_index." in r.url and indexes.append(r.url))
    wrong = {"de": "anleitungen/facebok/", "en": "en/guides/facebok/"}[lang]
    open_missing(page, server, wrong)
    # Material's bundle, and with it the search index, loads on the first interaction
    # (hooks/sitegen/theme_js_on_demand.py).
    with page.expect_request(lambda r: "/search/search_index." in r.url):
        start_theme_js(page)
    own = f"{server.url}{HOME[lang][len(PREFIX):]}search/search_index."
    assert indexes and all(address.startswith(own) for address in indexes), indexes
    page.click("[data-not-found-search]")
    page.wait_for_url(re.compile(re.escape(server.url + HOME[lang][len(PREFIX):]) + r"\?q="))
    wait_for_theme_js(page)  # an address with ?q= loads Material's bundle at once
    field = page.locator("input[data-md-component=search-query]")
    assert "facebok" in field.input_value()
    assert page.evaluate("document.getElementById('__search').checked"), "the search is not open"
    assert page.evaluate("document.documentElement.lang") == lang
    open_missing(page, server, wrong)
    page.click("article a >> nth=0")
    page.wait_for_load_state("load")
    assert page.url == server.url + HOME[lang][len(PREFIX):]
    page.close()


@pytest.mark.browser
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
