"""The page-weight budget (scripts/page_weight.py, run by `make check`): it fails
over budget naming the page, its bytes, the budget and the biggest downloads;
it counts what Material's search loads; and its model of a page's downloads is
what Chromium really fetches."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from conftest import ROOT, count_worker_messages, start_theme_js, wait_for_worker_messages

sys.path.insert(0, str(ROOT / "scripts"))
import page_weight  # noqa: E402

SCRIPT = ROOT / "scripts" / "page_weight.py"


def run(site: Path, budgets: Path | None = None) -> subprocess.CompletedProcess:
    args = [sys.executable, str(SCRIPT), str(site)]
    if budgets:
        args += ["--budgets", str(budgets)]
    return subprocess.run(args, capture_output=True, text=True)


def budgets_with(tmp_path: Path, max_kb) -> Path:
    text = (ROOT / "budgets.yml").read_text(encoding="utf-8")
    lines = [f"  max_kb: {max_kb}" if line.strip().startswith("max_kb:") else line
             for line in text.splitlines()]
    copy = tmp_path / "budgets.yml"
    copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return copy


def test_budget_is_in_the_config_file():
    assert page_weight.load_budget(ROOT / "budgets.yml") > 0


def test_over_budget_fails_with_page_bytes_budget_and_biggest(site, tmp_path):
    result = run(site, budgets_with(tmp_path, 20))
    assert result.returncode == 1, result.stdout + result.stderr
    # e.g. "docs/faq.de.md (faq/index.html): the page is 77.6 KB to download, over the budget of
    # 20.0 KB … biggest: assets/… Fix: ask a maintainer …" – the editor's file first.
    line = next(l for l in result.stderr.splitlines() if l.startswith("docs/faq.de.md (faq/index.html):"))
    assert "budget of 20.0 KB" in line and "biggest:" in line, line
    assert "Fix: ask a maintainer" in line, line
    assert "main." in line and ".css" in line, line  # the theme's stylesheet is a top download
    assert "bundle." not in line, line  # its JavaScript waits for the first interaction
    assert "budgets.yml" in result.stderr  # says where the budget lives


def test_a_bad_budget_is_refused(site, tmp_path):
    result = run(site, budgets_with(tmp_path, "lots"))
    assert result.returncode != 0
    assert "page_weight.max_kb" in (result.stdout + result.stderr)


def test_what_the_first_interaction_and_search_load_is_listed_apart(site):
    """theme-on-demand.js: Material's bundle, and with it the small
    search worker and the stub index (search-on-demand.js), wait for the
    reader's first interaction; the full index, Material's worker and the
    stemmers wait for the first search. Neither is counted as page load."""
    model = page_weight.Site(site)
    for path, folder in (("faq/index.html", ""), ("en/faq/index.html", "en/")):
        page = page_weight.measure(model, site / path)
        urls = [model.short(d.url) for d in page.downloads]
        first = [model.short(d.url) for d in page.first_interaction]
        assert "assets/javascripts/theme-on-demand.js" in urls, urls
        assert not any("bundle." in u or "search" in u for u in urls), urls
        assert any(re.search(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js", u) for u in first), first
        assert f"{folder}search/search_index.json" in first, first
        assert "assets/javascripts/workers/search-on-demand.js" in first, first
        later = [model.short(u) for u in page.first_search]
        assert f"{folder}search/search_index.full.json" in later, later
        assert any(re.search(r"workers/search\.[0-9a-f]+\.min\.js", u) for u in later), later
    assert any("lunr.de.min.js" in u for u in page_weight.measure(model, site / "faq/index.html").first_search)


def test_material_search_on_page_load_is_counted(site, tmp_path):
    """Without the on-demand hook Material fetches the whole index, starts its own
    worker, and the worker imports lunr's stemmers, all on page load: counted."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    for stub in copy.rglob("search/search_index.json"):
        stub.with_name("search_index.full.json").replace(stub)
    worker = next((copy / "assets/javascripts/workers").glob("search.*.min.js")).name
    page = copy / "faq" / "index.html"
    # and without theme-on-demand.js: Material's own <script> tag.
    html = re.sub(r'<script src="[^"]*theme-on-demand\.js" data-bundle="([^"]*)"', r'<script src="\1"',
                  page.read_text(encoding="utf-8"))
    page.write_text(html.replace("search-on-demand.js", worker), encoding="utf-8")
    model = page_weight.Site(copy)
    measured = page_weight.measure(model, page)
    urls = {model.short(d.url): d.bytes for d in measured.downloads}
    assert any(re.search(r"bundle\.[0-9a-f]+\.min\.js", u) and n > 30000 for u, n in urls.items()), urls
    assert measured.first_interaction == []
    assert urls["search/search_index.json"] > 5000, urls
    assert f"assets/javascripts/workers/{worker}" in urls
    assert "assets/javascripts/lunr/min/lunr.de.min.js" in urls
    assert "assets/javascripts/lunr/min/lunr.stemmer.support.min.js" in urls
    assert measured.first_search == []


def test_a_missing_file_and_another_host_fail_the_check(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "contact" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</body>", '<img src="../assets/missing.png" alt="x">'
                                 '<script src="https://cdn.example.net/x.js"></script></body>'),
                    encoding="utf-8")
    result = run(copy, budgets_with(tmp_path, 1000))
    assert result.returncode == 1
    assert "contact/index.html: loads assets/missing.png, which does not exist (404)" in result.stderr
    assert "contact/index.html: loads from another host" in result.stderr
    assert "https://cdn.example.net/x.js" in result.stderr


def test_a_heavy_image_counts(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / "assets" / "photo.jpg").write_bytes(b"\xff\xd8" + bytes(range(256)) * 400)
    page = copy / "imprint" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</article>", '<img src="../assets/photo.jpg" alt="Foto"></article>'), encoding="utf-8")
    model = page_weight.Site(copy)
    before = page_weight.measure(page_weight.Site(site), site / "imprint" / "index.html").total
    after = page_weight.measure(model, page).total
    assert after - before >= 102_400  # a JPEG is counted as it is: it does not gzip


def wait_for_requests(context, seen: set[str], wanted: set[str], limit_ms: int = 10_000) -> None:
    """Wait until the browser has requested every address in `wanted`; an
    address it never requests is left to the comparison below to report."""
    for url in sorted(wanted - seen):
        if url in seen:
            continue
        try:
            context.wait_for_event("request", predicate=lambda request: request.url == url, timeout=limit_ms)
        except PlaywrightTimeoutError:
            return


@pytest.mark.browser
@pytest.mark.parametrize("path", ["", "en/faq/", "guides/facebook/"])
def test_the_model_is_what_chromium_downloads(site, server, browser, path):
    """The URLs the check counts are exactly the URLs Chromium fetches on load;
    those it lists for the first interaction are exactly what Chromium fetches
    then, including the search worker's requests (worker requests reach the
    context)."""
    model = page_weight.Site(site)
    page_model = page_weight.measure(model, site / path / "index.html")
    expected = {model.short(d.url) for d in page_model.downloads}
    expected_later = {model.short(d.url) for d in page_model.first_interaction}

    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
    count_worker_messages(context)
    seen: set[str] = set()
    context.on("request", lambda request: seen.add(request.url))
    tab = context.new_page()
    tab.goto(server.url + path, wait_until="networkidle")
    # The browser may ask for a counted file (the favicon) after the network
    # was idle once, on a busy machine: wait for each request the model
    # counts that has not come yet (an event, with a limit for a missing one).
    wait_for_requests(context, seen, {server.url + url for url in expected})
    on_load = set(seen)
    # The first interaction: Material's bundle starts (an event, not a delay),
    # its search worker answers its setup, then the network is idle again.
    start_theme_js(tab)
    wait_for_worker_messages(tab, 0)
    tab.wait_for_load_state("networkidle")
    wait_for_requests(context, seen, {server.url + url for url in expected_later})
    context.close()
    others = {url for url in seen if not url.startswith((server.url, "data:"))}
    assert not others, f"{path or '/'}: Chromium fetched from elsewhere: {sorted(others)}"
    fetched = {url[len(server.url):] for url in on_load if url.startswith(server.url)}
    assert fetched == expected, (
        f"{path or '/'}: fetched on load but not counted: {sorted(fetched - expected)}; "
        f"counted but not fetched: {sorted(expected - fetched)}"
    )
    later = {url[len(server.url):] for url in seen - on_load if url.startswith(server.url)}
    assert later == expected_later, (
        f"{path or '/'}: fetched on the first interaction but not listed: {sorted(later - expected_later)}; "
        f"listed but not fetched: {sorted(expected_later - later)}"
    )
