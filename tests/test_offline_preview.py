"""`make preview-offline` (hooks/sitegen/core/offline.py): the site opened from the file
system in Chromium. Every internal link names a file that exists, the
language switcher leads to the same page in the other language, search finds
pages in the page's own language, and nothing is requested from anywhere but
the file system – also under a strict Content Security Policy."""

from __future__ import annotations

import os
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT, build

SWITCH_PAGES = ["index.html", "faq.html", "guides/facebook.html", "timeline.html"]
QUERIES = {"": ("Formulare", "file:///"), "en/": ("objecting", "/en/")}
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data:; connect-src 'none'; worker-src 'none'; frame-src 'none'")


@pytest.fixture(scope="module")
def offline(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site-offline")
    result = build(ROOT, out, OFFLINE_PREVIEW="1")
    assert result.returncode == 0, result.stderr[-3000:]
    return out


class Links(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.links: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if tag in ("a", "link", "script", "img") and attrs.get(name):
                self.links.append(attrs[name])


def broken_links(site: Path) -> list[str]:
    problems = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":
            continue  # a server's page; never opened from the file system
        for link in Links(page.read_text(encoding="utf-8")).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith("#"):
                continue
            target = Path(os.path.normpath(page.parent / unquote(parts.path)))
            if not target.is_file():
                problems.append(f"{page.relative_to(site)}: {link} -> no such file")
    return problems


def test_every_internal_link_names_an_existing_file(offline):
    assert not broken_links(offline), "\n".join(broken_links(offline)[:20])


def test_the_link_check_finds_a_folder_link(offline, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(offline, copy)
    faq = copy / "faq.html"
    faq.write_text(faq.read_text(encoding="utf-8").replace("</article>", '<a href="guides/">x</a></article>', 1),
                   encoding="utf-8")
    assert broken_links(copy) == ["faq.html: guides/ -> no such file"]


def test_each_language_has_its_search_index_as_a_script(offline):
    for folder in QUERIES:
        script = (offline / folder / "search/search_index.js").read_text(encoding="utf-8")
        assert script.startswith("var __index = {") and '"docs":[{' in script.replace(" ", "")


@pytest.fixture
def file_page(browser):
    """A page in a fresh profile that records every request that is not a file."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    elsewhere: list[str] = []
    context.on("request", lambda request: None if request.url.startswith(("file:", "data:", "about:", "blob:"))
               else elsewhere.append(request.url))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, elsewhere, errors
    context.close()


def search(page, query: str) -> list[str]:
    field = page.locator("input[data-md-component=search-query]")
    field.click()
    field.press_sequentially(query)
    page.wait_for_selector(".md-search-result__link", timeout=20000)
    return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")


def check_search(offline: Path, file_page) -> None:
    page, elsewhere, errors = file_page
    for folder, (query, marker) in QUERIES.items():
        page.goto((offline / folder / "faq.html").as_uri())
        links = search(page, query)
        assert links, f"{folder or 'de'}: no results for {query}"
        for link in links:
            assert link.startswith(offline.as_uri()), link
            in_en = "/en/" in link[len(offline.as_uri()):] + "/"
            assert in_en == (folder == "en/"), f"{folder or 'de'} search leads to another language: {link}"
            assert Path(unquote(urlsplit(link).path)).is_file(), f"result is not a file: {link}"
        page.click(".md-search-result__link")
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.lang") == (folder.rstrip("/") or "de")
    assert not elsewhere, elsewhere
    assert not errors, errors


@pytest.mark.browser
def test_search_works_in_both_languages_from_file(offline, file_page):
    check_search(offline, file_page)


@pytest.mark.browser
def test_search_works_under_a_strict_content_security_policy(offline, file_page, tmp_path):
    copy = tmp_path / "csp"
    shutil.copytree(offline, copy)
    for html in copy.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "<head>" in text, html
        html.write_text(text.replace("<head>", f'<head><meta http-equiv="Content-Security-Policy" content="{CSP}">', 1),
                        encoding="utf-8")
    check_search(copy, file_page)


@pytest.mark.browser
def test_the_language_switcher_leads_to_the_same_page(offline, file_page):
    page, elsewhere, errors = file_page
    for path in SWITCH_PAGES:
        for start, other, lang in ((path, f"en/{path}", "en"), (f"en/{path}", path, "de")):
            page.goto((offline / start).as_uri())
            page.hover(".md-header .md-select")
            with page.expect_navigation():
                page.click(f".md-header a.md-select__link[hreflang={lang}]")
            assert page.url == (offline / other).as_uri(), f"{start}: switcher led to {page.url}"
            assert page.evaluate("document.documentElement.lang") == lang
    assert not elsewhere, elsewhere
    assert not errors, errors


@pytest.mark.browser
def test_menu_links_open_pages_from_file(offline, file_page):
    page, elsewhere, _ = file_page
    page.goto((offline / "index.html").as_uri())
    hrefs = page.eval_on_selector_all(".md-sidebar--primary a.md-nav__link[href]", "as => as.map(a => a.href)")
    assert len(hrefs) >= 10
    for href in hrefs:
        target = Path(unquote(urlsplit(href).path))
        assert href.startswith("file://") and target.is_file(), href
    assert not elsewhere, elsewhere
