"""Search loads on the reader's first search (hooks/sitegen/theme.py, search-on-demand.js): every
page loads a stub index and a small worker; typing a query loads the full index
of the page's language and Material's worker, and Material's search UI shows
the results as before."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SiteServer, count_worker_messages, site_prefix, start_theme_js, wait_for_worker_messages

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen import theme  # noqa: E402

SHIM_NAME = theme.SEARCH_SHIM.name
WORKERS = theme.WORKERS


def full_index(stub: Path) -> Path:
    return stub.with_name(theme.FULL_INDEX)

CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.S)
QUERY = {"": ("Widerspruch", "de"), "en/": ("objection", "en")}


def stubs(site: Path) -> list[Path]:
    return sorted(site.rglob("search/search_index.json"))


def test_every_index_is_a_stub_pointing_at_its_full_index(site):
    assert len(stubs(site)) >= 2
    workers = site / WORKERS
    assert (workers / SHIM_NAME).is_file()
    for stub in stubs(site):
        data = json.loads(stub.read_text(encoding="utf-8"))
        assert data["docs"] == [], f"{stub}: the stub carries entries"
        where = data["config"]["on_demand"]
        full = (workers / where["index"]).resolve()
        assert full == full_index(stub).resolve(), f"{stub}: points at {full}"
        entries = json.loads(full.read_text(encoding="utf-8"))
        assert len(entries["docs"]) > 20 and entries["config"]["lang"] == data["config"]["lang"]
        assert (workers / where["worker"]).is_file(), f"Material's worker {where['worker']} is missing"
        assert stub.stat().st_size < 1000


def test_every_page_starts_the_small_worker(site):
    """Every page with Material's search has its config, and it names the small
    worker; a page without the config fails (no silent skip)."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for html in pages:
        text = html.read_text(encoding="utf-8")
        if 'data-md-component="search"' not in text:
            continue  # a page without a search field (e.g. a redirect page)
        match = CONFIG.search(text)
        assert match, f"{html.relative_to(site)}: a search field but no Material config"
        search = json.loads(match.group(1))["search"]
        assert search.endswith(f"workers/{SHIM_NAME}"), f"{html.relative_to(site)}: search worker {search}"


def test_the_worker_check_fails_without_the_rewrite(site, tmp_path):
    """The check above fails when the theme adapter did not name the small worker in a page's config."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "faq" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(SHIM_NAME, "search.f00ba4.min.js"), encoding="utf-8")
    with pytest.raises(AssertionError, match="faq/index.html: search worker"):
        test_every_page_starts_the_small_worker(copy)


def requests_of(context, server) -> list[str]:
    seen: list[str] = []
    context.on("request", lambda r: seen.append(r.url[len(server.url):] if r.url.startswith(server.url) else r.url))
    return seen


def search(page, query: str) -> list[str]:
    field = page.locator("input[data-md-component=search-query]")
    field.click()
    field.press_sequentially(query, delay=20)
    page.wait_for_selector(".md-search-result__link", timeout=20000)
    return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")


@pytest.mark.browser
@pytest.mark.parametrize("folder", list(QUERY))
def test_the_index_loads_on_the_first_search_and_finds_pages(browser, server, folder):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        count_worker_messages(context)
        seen = requests_of(context, server)
        page = context.new_page()
        page.goto(server.url + folder + "faq/", wait_until="networkidle")
        # Material's bundle starts on the first interaction (theme-on-demand.js)
        # and with it the search worker; it answered its setup: that start is done.
        start_theme_js(page)
        wait_for_worker_messages(page, 0)
        page.wait_for_load_state("networkidle")
        on_load = list(seen)
        assert f"{folder}search/search_index.json" in on_load, on_load
        assert f"assets/javascripts/workers/{SHIM_NAME}" in on_load, on_load
        assert not [u for u in on_load if "search_index.full" in u or "/lunr/" in u
                    or re.search(r"workers/search\.[0-9a-f]+\.min\.js", u)], on_load

        query, lang = QUERY[folder]
        links = search(page, query)
        assert links, f"{folder}faq/: '{query}' found nothing"
        for link in links:
            path = link[len(server.url):]
            assert path.startswith("en/") == (lang == "en"), f"'{query}' on {folder}faq/ found {path}"
        later = seen[len(on_load):]
        assert f"{folder}search/search_index.full.json" in later, later
        assert any(re.search(r"workers/search\.[0-9a-f]+\.min\.js", u) for u in later), later
    finally:
        context.close()


@pytest.mark.browser
def test_opening_the_search_and_a_blank_query_load_nothing(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        count_worker_messages(context)
        seen = requests_of(context, server)
        page = context.new_page()
        page.goto(server.url, wait_until="networkidle")
        start_theme_js(page)
        answered = wait_for_worker_messages(page, 0)
        page.wait_for_load_state("networkidle")
        count = len(seen)
        field = page.locator("input[data-md-component=search-query]")
        field.click()
        # A blank query goes to the worker, which answers it at once without
        # loading anything. Its answer comes after everything the page sent it
        # before (the click included): the positive signal to wait for.
        field.press(" ")
        wait_for_worker_messages(page, answered)
        page.wait_for_load_state("networkidle")
        assert seen[count:] == [], seen[count:]
    finally:
        context.close()


@pytest.mark.browser
def test_a_missing_full_index_gives_no_results_not_a_hang(browser, site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    full_index(copy / "search" / "search_index.json").unlink()
    with SiteServer(copy, prefix=site_prefix()) as server:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.goto(server.url, wait_until="networkidle")
            field = page.locator("input[data-md-component=search-query]")
            field.click()
            with page.expect_console_message(lambda m: "Search could not load" in m.text, timeout=20000):
                field.press_sequentially("Widerspruch", delay=20)
            # The worker answers with no results after the warning: Material shows its "none" text.
            page.wait_for_function(
                """() => {
                  const none = JSON.parse(document.getElementById("__config").textContent)
                    .translations["search.result.none"];
                  return document.querySelector(".md-search-result__meta").textContent.trim() === none;
                }""", timeout=20000)
            assert page.locator(".md-search-result__link").count() == 0
        finally:
            context.close()
