"""Every page of both languages in a real browser, one visit per page and screen
(desktop 1280 px, phone 360 px), each check a subtest of its own:

- privacy: nothing is requested from another host (fonts, scripts, images,
  analytics, APIs), no cookie is set, the console shows no error;
- accessibility: axe-core (pinned in package-lock.json) finds no violation of the
  WCAG 2.0, 2.1 and 2.2 A and AA rules in this layout; on the desktop <html lang>
  is the page's language and the language switcher leads to the counterpart page,
  which exists and is in the other language; on the phone no page scrolls
  sideways and a guide's form button is whole on the first screen, readable
  without zooming;
- hardening: after using the page (tabs, copy buttons, a search and the language
  switch on the desktop; the menu on the phone) the Content Security Policy was
  never violated and nothing is stored (no cookie, localStorage, sessionStorage
  or IndexedDB entry).

The pages are shared out over a few tests per screen, so pytest-xdist runs them on
every core. The keyboard walk is separate (tests/test_browser_keyboard.py). Each
check is made to fail on a bad page below. A failure leaves a screenshot and the
reports in reports/browser/<check>-<screen>/."""

from __future__ import annotations

import json
import re

import pytest

from conftest import AXE, PHONE, SiteServer, Tab, axe_problems, is_local, page_lang, sitemap_urls

pytestmark = pytest.mark.browser

SHARES = 3  # tests per screen; the pages are dealt out over them
SCREENS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": PHONE, "device_scale_factor": 2, "is_mobile": True, "has_touch": True},
}
OTHER = {"de": "en", "en": "de"}
QUERY = {"de": "Widerspruch", "en": "object"}

# Runs before any script of every page and frame: records each policy violation
# (a same-origin frame's in its page's list).
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  var sink = window;
  try { if (window.top.__violations) sink = window.top; } catch (error) { /* another origin */ }
  sink.__violations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") +
                          " at " + e.sourceFile + ":" + e.lineNumber + " (" + (e.sample || "") + ")");
});
"""


def recording_tab(browser, server, **settings) -> Tab:
    """A tab in a new context that records policy violations and sends nothing off this machine."""
    context = browser.new_context(locale="de-DE", service_workers="block", **settings)
    context.add_init_script(RECORD_VIOLATIONS)
    context.route(lambda url: not is_local(url), lambda route: route.abort())
    return Tab(context, server)


# --- Privacy -------------------------------------------------------------------

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


# --- Accessibility: languages (desktop), fit (phone) ---------------------------

def counterpart(url: str, pages: set[str]) -> str:
    """The same page in the other language (guides/facebook/ <-> en/guides/facebook/);
    for a page that exists in one language only (e.g. Leichte Sprache), the
    other language's home page."""
    other = url[len("en/"):] if url.startswith("en/") else "en/" + url
    return other if other in pages else ("" if url.startswith("en/") else "en/")


def language_problems(tab: Tab, url: str, lang: str, expected_counterpart: str) -> list[str]:
    """<html lang> and the switcher of the page open in `tab`."""
    page = tab.page
    problems = []
    found = page.evaluate("document.documentElement.lang")
    if found != lang:
        problems.append(f'{url}: <html lang="{found}">, expected "{lang}" (theme.language / the i18n locale)')
    switch = dict(page.eval_on_selector_all(
        "a.md-select__link[hreflang]", "links => links.map(a => [a.hreflang, a.href])"))
    base = tab.server.url
    if switch.get(lang) != base + url:
        problems.append(f"{url}: the switcher's {lang} entry leads to {switch.get(lang)}, not to the page itself")
    other = OTHER[lang]
    target = switch.get(other)
    if target is None:
        return problems + [f"{url}: the language switcher has no {other} entry"]
    if target != base + expected_counterpart:
        problems.append(f"{url}: the switcher's {other} entry leads to {target}, "
                        f"expected the counterpart {base + expected_counterpart}")
    response = page.request.get(target)
    if response.status != 200:
        return problems + [f"{url}: the switcher's {other} entry {target} answers {response.status}"]
    target_lang = re.search(r'<html lang="([^"]*)"', response.text())
    if not target_lang or target_lang.group(1) != other:
        problems.append(f"{url}: the counterpart {target} is not marked lang=\"{other}\"")
    return problems


# The elements that stick out to the right, widest first (for the message).
OVERFLOW_JS = r"""
() => {
  const width = document.documentElement.clientWidth;
  const scroll = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  const wide = [...document.querySelectorAll("body *")]
    .filter(el => el.getBoundingClientRect().right > width + 1 && el.getClientRects().length)
    .filter(el => !(el.parentElement.getBoundingClientRect().right > width + 1))  // outermost only
    .map(el => `<${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\s+/).join(".") : ""}> `
               + `right edge at ${Math.round(el.getBoundingClientRect().right)}px`)
    .slice(0, 5);
  return {width, scroll, wide};
}
"""

BUTTON_JS = r"""
() => {
  const button = document.querySelector(".guide-form__button");
  if (!button) return null;
  const box = button.getBoundingClientRect();
  const style = getComputedStyle(button);
  const viewport = document.querySelector('meta[name=viewport]');
  return {left: box.left, right: box.right, top: box.top, bottom: box.bottom,
          clipped: button.scrollWidth > button.clientWidth + 1,
          font: parseFloat(style.fontSize), visible: style.visibility === "visible" && style.display !== "none",
          viewport: viewport ? viewport.content : "",
          width: innerWidth, height: innerHeight};
}
"""


def phone_problems(tab: Tab, url: str) -> list[str]:
    """Sideways scrolling and, on guides, the form button's place and size."""
    page = tab.page
    problems = []
    overflow = page.evaluate(OVERFLOW_JS)
    if overflow["scroll"] > overflow["width"]:
        problems.append(f"{url}: at {overflow['width']}px the page is {overflow['scroll']}px wide and scrolls "
                        f"sideways; sticking out: {'; '.join(overflow['wide']) or '(nothing found)'}")
    button = page.evaluate(BUTTON_JS)
    if button is not None:
        if "user-scalable=no" in button["viewport"] or "maximum-scale=1" in button["viewport"]:
            problems.append(f"{url}: <meta name=viewport content={button['viewport']!r}> forbids zooming")
        if not button["visible"] or button["left"] < 0 or button["right"] > button["width"]:
            problems.append(f"{url}: the form button (.guide-form__button) is not whole on a "
                            f"{button['width']}px screen: {button['left']:.0f}..{button['right']:.0f}px")
        if button["bottom"] > button["height"]:
            problems.append(f"{url}: the form button ends at {button['bottom']:.0f}px, below the first "
                            f"screen ({button['height']}px); move it up (it follows the title)")
        if button["clipped"]:
            problems.append(f"{url}: the form button's text is cut off")
        if button["font"] < 16:
            problems.append(f"{url}: the form button's text is {button['font']}px; at least 16px reads without zooming")
    return problems


# --- Hardening -------------------------------------------------------------------

def violations(tab: Tab) -> list[str]:
    return tab.page.evaluate("window.__violations || []")


def storage_problems(tab: Tab, url: str) -> list[str]:
    """Everything the browser keeps for the site after `url` was used."""
    found = [f"{url}: cookie {c['name']!r}" for c in tab.page.context.cookies()]
    state = tab.page.evaluate("""async () => ({
        local: Object.keys(localStorage), session: Object.keys(sessionStorage),
        idb: indexedDB.databases ? (await indexedDB.databases()).map(d => d.name) : []})""")
    found += [f"{url}: localStorage entry {key!r}" for key in state["local"]]
    found += [f"{url}: sessionStorage entry {key!r}" for key in state["session"]]
    found += [f"{url}: IndexedDB database {name!r}" for name in state["idb"]]
    return [f"{line} (the site must store nothing in the reader's browser)" for line in found]


def use_tabs(tab: Tab) -> None:
    labels = tab.page.locator(".tabbed-set .tabbed-labels > label")
    if labels.count() < 2:
        return
    second = labels.nth(1)
    name = second.inner_text().strip()
    second.click()
    # Every set with a tab of that name shows it (linking within the page).
    tab.page.wait_for_function(
        """name => [...document.querySelectorAll('.tabbed-set')].every(set => {
             const labels = [...set.querySelectorAll(':scope > .tabbed-labels > label')];
             const same = labels.find(l => l.innerText.trim() === name);
             return !same || document.getElementById(same.htmlFor).checked; })""", arg=name)


def use_copy_buttons(tab: Tab) -> None:
    buttons = tab.page.locator(".md-clipboard, [data-clipboard-target], [data-copy]")
    for index in range(buttons.count()):
        if buttons.nth(index).is_visible():
            buttons.nth(index).click()


def use_search(tab: Tab, url: str) -> None:
    tab.page.click("input.md-search__input")
    tab.page.keyboard.type(QUERY[page_lang(url)])
    tab.page.wait_for_selector(".md-search-result__item", state="attached")
    tab.page.keyboard.press("Escape")


def switch_language(tab: Tab, url: str) -> None:
    other = OTHER[page_lang(url)]
    link = tab.page.locator(f'.md-select__link[hreflang="{other}"]')
    if not link.count():
        return
    with tab.page.expect_navigation(wait_until="load"):
        link.first.evaluate("a => a.click()")


def use_desktop(tab: Tab, url: str) -> list[str]:
    use_tabs(tab)
    use_copy_buttons(tab)
    use_search(tab, url)
    problems = [f"{url}: Content Security Policy violation: {v}" for v in violations(tab)]
    problems += storage_problems(tab, url)
    switch_language(tab, url)
    problems += [f"{url} -> {tab.page.url}: Content Security Policy violation: {v}" for v in violations(tab)]
    problems += storage_problems(tab, f"{url} (after switching the language)")
    return problems + [f"{url}: console error: {m}" for m in tab.console_errors]


def use_phone(tab: Tab, url: str) -> list[str]:
    tab.page.click("button.md-header__button-drawer")
    tab.page.wait_for_function("document.getElementById('__drawer').checked")
    tab.page.locator(".md-sidebar--primary").wait_for(state="visible")
    problems = [f"{url}: Content Security Policy violation: {v}" for v in violations(tab)]
    problems += storage_problems(tab, f"{url} (phone menu)")
    return problems + [f"{url}: console error: {m}" for m in tab.console_errors]


# --- The sweep ---------------------------------------------------------------------

@pytest.mark.parametrize("share", range(SHARES))
@pytest.mark.parametrize("screen", SCREENS)
def test_every_page_keeps_privacy_accessibility_and_the_policy(browser, server, site, fresh_artifacts,
                                                              subtests, screen, share):
    pages = sitemap_urls(site)
    assert len(pages) > 20, pages
    tab = recording_tab(browser, server, **SCREENS[screen])
    try:
        for url in pages[share::SHARES]:
            opened = False
            with subtests.test(msg=f"{url} ({screen}): opens"):
                tab.open(url, wait_until="networkidle")  # also what scripts request after load
                opened = True
            if not opened:
                continue
            with subtests.test(msg=f"{url} ({screen}): privacy"), tab.evidence(f"privacy-{screen}", url):
                problems = privacy_problems(tab, url)
                assert not problems, "\n".join(problems)
            with subtests.test(msg=f"{url} ({screen}): accessibility"), \
                    tab.evidence(f"accessibility-{screen}", url) as reports:
                reports["axe"] = results = tab.axe()
                if screen == "desktop":
                    problems = language_problems(tab, url, page_lang(url), counterpart(url, set(pages)))
                else:
                    problems = phone_problems(tab, url)
                problems = axe_problems(f"{url} ({screen})", results) + problems
                assert not problems, "\n".join(problems)
            with subtests.test(msg=f"{url} ({screen}): hardening"), tab.evidence(f"hardening-{screen}", url):
                problems = use_desktop(tab, url) if screen == "desktop" else use_phone(tab, url)
                assert not problems, "\n".join(problems)
    finally:
        tab.page.context.close()


def test_the_not_found_page_stays_on_this_site_too(tab):
    url = "no-such-page/"
    with tab.evidence("privacy", url):
        tab.open(url, wait_until="networkidle", status=404)
        # The browser logs the 404 of the address itself; anything else is a problem.
        tab.console_errors[:] = [m for m in tab.console_errors if "404" not in m or "no-such-page" not in m]
        problems = privacy_problems(tab, url)
        assert not problems, "\n".join(problems)
        assert tab.page.locator(".md-content h1").count() == 1, f"{url}: the 404 page has no heading"


@pytest.mark.parametrize("url", ["no-such-page/", "en/no-such-guide/"])
def test_the_not_found_pages_run_their_scripts_within_the_policy(browser, server, fresh_artifacts, url):
    """The 404 pages' own script (not-found.js: search words from the address) runs, within the policy."""
    tab = recording_tab(browser, server)
    try:
        with tab.evidence("hardening-404", url):
            tab.page.goto(tab.server.url + url)
            # Positive signal: the page's script has put the address's words into the search link.
            tab.page.wait_for_function(
                "() => { const a = document.querySelector('[data-not-found-search]');"
                " return a && /[?]q=.+/.test(a.getAttribute('href')); }")
            assert violations(tab) == []
            assert storage_problems(tab, url) == []
    finally:
        tab.page.context.close()


def test_axe_runs_the_wcag_a_and_aa_rules(tab):
    """The pinned axe-core is the one loaded, and the tag filter selects rules."""
    tab.open("")
    tab.axe()
    version, rules = tab.page.evaluate(
        "tags => [axe.version, axe.getRules(tags).length]", ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    assert version == "4.14.1", f"axe-core {version} loaded from {AXE}; package-lock.json pins 4.14.1"
    assert rules >= 50, f"only {rules} axe rules selected by the WCAG tags"


# --- Each check fails on a page that gets it wrong ------------------------------------

BAD_PRIVACY = """<!doctype html><html lang="en"><head><title>Bad</title>
<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
</head><body><h1>Bad</h1>
<img src="https://tracker.example/pixel.gif" alt="">
<script>document.cookie = "visitor=42; path=/"; console.error("broken widget");</script>
</body></html>"""


def test_the_privacy_check_reports_third_parties_cookies_and_console_errors(context, tmp_path):
    (tmp_path / "index.html").write_text(BAD_PRIVACY, encoding="utf-8")
    context.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())
    with SiteServer(tmp_path, prefix="/meta-ai-objection/") as bad:
        tab = Tab(context, bad)
        tab.open("", wait_until="networkidle")
        report = "\n".join(privacy_problems(tab, "bad/"))
    assert "bad/: request to another host: https://fonts.googleapis.com/css?family=Roboto" in report
    assert "bad/: request to another host: https://tracker.example/pixel.gif" in report
    assert "bad/: sets the cookie 'visitor'" in report
    assert "bad/: console error: broken widget" in report


BAD_ACCESSIBILITY = """<!doctype html><html lang="fr"><head><title>Bad</title></head><body>
<main><h1>Bad</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" class="photo">
<p style="color:#aaa;background:#fff">Grey on white</p>
<a class="md-select__link" hreflang="de" href="./">Deutsch</a>
<a class="md-select__link" hreflang="en" href="missing/">English</a>
</main></body></html>"""


def test_the_accessibility_checks_name_page_rule_and_element(context, tmp_path):
    (tmp_path / "index.html").write_text(BAD_ACCESSIBILITY, encoding="utf-8")
    with SiteServer(tmp_path, prefix="/meta-ai-objection/") as bad:
        tab = Tab(context, bad)
        tab.open("")
        report = "\n".join(axe_problems("bad/", tab.axe()) + language_problems(tab, "", "de", "en/"))
    assert "bad/: axe rule image-alt (critical) on img: Fix any of the following" in report
    assert "bad/: axe rule color-contrast (serious) on p: " in report
    assert "html-lang-valid" not in report  # "fr" is valid, just wrong:
    assert ': <html lang="fr">, expected "de"' in report
    assert f"the switcher's en entry leads to {bad.url}missing/, expected the counterpart {bad.url}en/" in report
    assert f"the switcher's en entry {bad.url}missing/ answers 404" in report


def test_a_failure_leaves_a_screenshot_and_the_axe_report(context, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(BAD_ACCESSIBILITY, encoding="utf-8")
    with SiteServer(site, prefix="/meta-ai-objection/") as bad:
        tab = Tab(context, bad)
        tab.artifacts = tmp_path / "reports"
        with pytest.raises(AssertionError) as failure:
            with tab.evidence("accessibility", "en/guides/") as reports:
                tab.open("")
                reports["axe"] = results = tab.axe()
                problems = axe_problems("en/guides/", results)
                assert not problems, "\n".join(problems)
    folder = tmp_path / "reports" / "accessibility"
    assert (folder / "en-guides.png").stat().st_size > 1000
    report = json.loads((folder / "en-guides.json").read_text(encoding="utf-8"))
    assert report["page"] == "en/guides/"
    assert {rule["id"] for rule in report["axe"]["violations"]} >= {"image-alt", "color-contrast"}
    assert "en/guides/: axe rule image-alt (critical) on img" in str(failure.value)
    assert f"Screenshot and report: {folder / 'en-guides'}.png / .json" in "\n".join(failure.value.__notes__)


BAD_PHONE = """<!doctype html><html lang="de"><head><title>Bad</title>
<meta name="viewport" content="width=device-width, user-scalable=no">
<style>.guide-form__button { font-size: 12px; margin-top: 900px; display: inline-block; }
.wide { width: 600px; }</style></head><body>
<table class="wide"><tr><td>Too wide</td></tr></table>
<a class="guide-form__button" href="https://example.org/form">Zum Formular</a>
</body></html>"""


def test_the_phone_check_names_page_and_problem(browser, tmp_path):
    (tmp_path / "index.html").write_text(BAD_PHONE, encoding="utf-8")
    context = browser.new_context(viewport=PHONE)
    try:
        with SiteServer(tmp_path, prefix="/meta-ai-objection/") as bad:
            tab = Tab(context, bad)
            tab.open("")
            report = "\n".join(phone_problems(tab, "bad/"))
    finally:
        context.close()
    assert "bad/: at 360px the page is 6" in report and "<table.wide> right edge at" in report
    assert "forbids zooming" in report
    assert "bad/: the form button ends at" in report and "below the first screen" in report
    assert "bad/: the form button's text is 12px" in report


STORING = """<!doctype html><html lang="en"><head><title>Stores</title></head><body><h1>x</h1>
<script>
localStorage.setItem("__tabs", "[]"); sessionStorage.setItem("seen", "1");
document.cookie = "visitor=1; path=/"; indexedDB.open("cache").onsuccess = function () { document.title = "done"; };
</script></body></html>"""


def test_the_storage_check_finds_every_kind_of_storage(context, tmp_path):
    (tmp_path / "index.html").write_text(STORING, encoding="utf-8")
    context.route(lambda url: not url.startswith("http://127.0.0.1"), lambda route: route.abort())
    with SiteServer(tmp_path, prefix="/meta-ai-objection/") as storing:
        tab = Tab(context, storing)
        tab.open("")
        tab.page.wait_for_function("() => document.title === 'done'")
        report = "\n".join(storage_problems(tab, "bad/"))
    for needle in ("cookie 'visitor'", "localStorage entry '__tabs'", "sessionStorage entry 'seen'",
                   "IndexedDB database 'cache'"):
        assert needle in report, report


VIOLATING = """<!doctype html><html lang="en"><head><title>Violates</title>
<meta http-equiv="Content-Security-Policy" content="script-src 'self'"></head><body><h1>x</h1>
<script>window.ran = true;</script></body></html>"""


def test_the_policy_check_reports_a_violation(browser, tmp_path):
    (tmp_path / "index.html").write_text(VIOLATING, encoding="utf-8")
    with SiteServer(tmp_path, prefix="/meta-ai-objection/") as bad:
        tab = recording_tab(browser, bad)
        try:
            tab.open("")
            tab.page.wait_for_function("() => window.__violations.length > 0")
            found = violations(tab)
        finally:
            tab.page.context.close()
    assert found and found[0].startswith("script-src-elem blocked inline"), found
