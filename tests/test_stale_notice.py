"""A guide older than extra.review_after_days tells its readers so: at build
time (SITE_TODAY) and again in Chromium with the reader's date, and without
JavaScript as a dated statement. last_checked itself is never moved."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from conftest import ROOT, build, site_prefix

STALE_DAY, FRESH_DAY = "2026-12-01", "2025-06-01"


def guide_pages(site: Path) -> list[Path]:
    """Every built guide: the pages with Meta's form button."""
    pages = [p for p in site.rglob("index.html") if 'class="guide-form"' in p.read_text(encoding="utf-8")]
    assert len(pages) >= 8, "expected every guide in both languages"
    return sorted(pages)


def notice(html: str) -> str | None:
    match = re.search(r"<aside class=\"stale-notice[^>]*>", html)
    return match.group(0) if match else None


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    built = {}
    for day in (STALE_DAY, FRESH_DAY):
        out = tmp_path_factory.mktemp(f"site-{day}")
        result = build(ROOT, out, SITE_TODAY=day)
        assert result.returncode == 0, result.stderr
        built[day] = out
    return built


def tag_text(html: str) -> str:
    """The stale notice's own markup (the guide's other boxes may say "last checked")."""
    start = html.index("data-stale")
    return html[start:html.index("</aside>", start)]


def test_built_on_2026_12_01_every_guide_shows_the_notice(sites):
    for page in guide_pages(sites[STALE_DAY]):
        html = page.read_text(encoding="utf-8")
        tag = notice(html)
        assert tag and " hidden" not in tag, f"{page}: no visible stale notice"
        if "no-account" in str(page):
            # Its facts come only from third-party reports (checked_from: reports):
            # the notice must not claim that anyone checked the form.
            assert re.search(r"(Nur aus Berichten Dritter; zuletzt mit ihnen abgeglichen am 26\. Mai 2025, vor 554 Tagen"
                             r"|Only from third-party reports; last compared with them on 26 May 2025, 554 days ago)", html)
            assert "Zuletzt geprüft" not in tag_text(html) and "Last checked" not in tag_text(html)
        else:
            assert re.search(r"(Zuletzt geprüft am 26\. Mai 2025, vor 554 Tagen|Last checked on 26 May 2025, 554 days ago)", html)
        assert re.search(r'<time datetime="2026-12-01">(Stand: 1\. Dezember 2026|As of 1 December 2026)</time>', html), \
            "without JavaScript the notice must carry its date"


def test_built_on_2025_06_01_no_guide_shows_the_notice(sites):
    for page in guide_pages(sites[FRESH_DAY]):
        tag = notice(page.read_text(encoding="utf-8"))
        assert tag and " hidden" in tag, f"{page}: notice must be in the page (for the browser) but hidden"


def test_notice_links_the_form_and_the_contact_page(sites):
    html = (sites[STALE_DAY] / "guides/instagram/index.html").read_text(encoding="utf-8")
    block = html[html.index('class="stale-notice'):]
    block = block[:block.index("</aside>")]
    assert 'href="https://help.instagram.com/contact/767264225370182"' in block
    assert 'href="../../contact/"' in block
    assert "„Widerspruch“" in block


def test_last_checked_dates_stay_as_they_are():
    """The notice is the answer to old dates; the dates themselves are not touched."""
    for path in sorted((ROOT / "docs/guides").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "form_url:" in text:
            assert "last_checked: 2025-05-26" in text, f"{path.name}: last_checked moved without a real check"


def test_bad_review_after_days_is_refused(project_copy, tmp_path):
    config = project_copy / "mkdocs.yml"
    source = config.read_text(encoding="utf-8")
    line = source.splitlines().index("  review_after_days: 180") + 1
    config.write_text(source.replace("  review_after_days: 180", "  review_after_days: half a year"), encoding="utf-8")
    result = build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert (f"mkdocs.yml:{line}: extra.review_after_days 'half a year' must be a whole number of at least 1."
            in result.stderr), result.stderr[-2000:]


# --- In Chromium, with the reader's clock set --------------------------------

@pytest.fixture(scope="module")
def servers(sites):
    from serve_site import SiteServer
    with SiteServer(sites[STALE_DAY], prefix=site_prefix()) as stale, \
            SiteServer(sites[FRESH_DAY], prefix=site_prefix()) as fresh:
        yield {STALE_DAY: stale, FRESH_DAY: fresh}


def guide_paths(site: Path) -> list[str]:
    return [str(p.parent.relative_to(site)) + "/" for p in guide_pages(site)]


def visible_notice(page) -> bool:
    # deadline.js has run once the bar's build date is hidden: a positive signal first.
    page.wait_for_function("() => document.querySelector('[data-stale-as-of]').hidden")
    return page.locator(".stale-notice").is_visible()


@pytest.mark.browser
@pytest.mark.parametrize("built, read, shown", [
    (STALE_DAY, STALE_DAY, True),
    (FRESH_DAY, FRESH_DAY, False),
    # Built while fresh, read after the review period: the browser shows it.
    (FRESH_DAY, STALE_DAY, True),
    # Built on 1 June 2025, read on 22 Nov 2025 (180 days after 26 May): not yet.
    (FRESH_DAY, "2025-11-22", False),
    (FRESH_DAY, "2025-11-23", True),
])
def test_notice_in_the_browser(servers, sites, context, built, read, shown):
    page = context.new_page()
    page.clock.set_fixed_time(datetime.datetime.fromisoformat(f"{read}T12:00:00+01:00"))
    for path in guide_paths(sites[built]):
        page.goto(servers[built].url + path)
        assert visible_notice(page) is shown, f"{path} built {built}, read {read}"
        if shown:
            text = page.locator("[data-stale-checked]").inner_text()
            days = (datetime.date.fromisoformat(read) - datetime.date(2025, 5, 26)).days
            assert f"{days}" in text, text


@pytest.mark.browser
def test_without_javascript_the_dated_notice_shows(browser, servers, sites):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 760})
    try:
        page = context.new_page()
        for path in guide_paths(sites[STALE_DAY]):
            page.goto(servers[STALE_DAY].url + path)
            assert page.locator(".stale-notice").is_visible(), path
            assert page.locator("[data-stale-as-of]").is_visible(), path
    finally:
        context.close()
