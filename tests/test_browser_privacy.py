"""Privacy in a real browser: on every page of both languages, nothing is
requested from another host (fonts, scripts, images, analytics, APIs), no
cookie is set, and the console shows no error."""

from __future__ import annotations

import pytest

from conftest import SiteServer, Tab, sitemap_urls

pytestmark = pytest.mark.browser


def privacy_problems(tab: Tab, url: str) -> list[str]:
    """What the page open in `tab` did that it must not do."""
    problems = [f"{url}: request to another host: {address} (serve it from the site or remove it)"
                for address in tab.foreign]
    for cookie in tab.page.context.cookies():
        problems.append(f"{url}: sets the cookie {cookie['name']!r} (domain {cookie['domain']}); "
                        "the site must not set cookies")
    if tab.page.evaluate("document.cookie"):
        problems.append(f"{url}: document.cookie is {tab.page.evaluate('document.cookie')!r}")
    problems += [f"{url}: console error: {message}" for message in tab.console_errors]
    return problems


def test_every_page_stays_on_this_site_sets_no_cookie_and_logs_no_error(tab, site, subtests):
    for url in sitemap_urls(site):
        with subtests.test(msg=url), tab.evidence("privacy", url):
            # networkidle: also catch what scripts request after the load event.
            tab.open(url, wait_until="networkidle")
            problems = privacy_problems(tab, url)
            assert not problems, "\n".join(problems)


def test_the_not_found_page_stays_on_this_site_too(tab):
    url = "no-such-page/"
    with tab.evidence("privacy", url):
        tab.open(url, wait_until="networkidle", status=404)
        # The browser logs the 404 of the address itself; anything else is a problem.
        tab.console_errors[:] = [m for m in tab.console_errors if "404" not in m or "no-such-page" not in m]
        problems = privacy_problems(tab, url)
        assert not problems, "\n".join(problems)
        assert tab.page.locator(".md-content h1").count() == 1, f"{url}: the 404 page has no heading"


# --- The check fails on a page that does what the site must not do ----------

BAD_PAGE = """<!doctype html><html lang="en"><head><title>Bad</title>
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
</head><body><h1>Bad</h1>
<img src="https://tracker.example/pixel.gif" alt="">
<script>document.cookie = "visitor=42; path=/"; console.error("broken widget");</script>
</body></html>"""


def test_the_privacy_check_reports_third_parties_cookies_and_console_errors(context, tmp_path):
    (tmp_path / "index.html").write_text(BAD_PAGE, encoding="utf-8")
    context.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())
    with SiteServer(tmp_path, prefix="/meta-ai-objection/") as bad:
        tab = Tab(context, bad)
        tab.open("", wait_until="networkidle")
        report = "\n".join(privacy_problems(tab, "bad/"))
    assert "bad/: request to another host: https://fonts.googleapis.com/css?family=Roboto" in report
    assert "bad/: request to another host: https://tracker.example/pixel.gif" in report
    assert "bad/: sets the cookie 'visitor'" in report
    assert "bad/: console error: broken widget" in report
