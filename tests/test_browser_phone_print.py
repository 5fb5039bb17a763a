"""The site on a phone and on paper.

Phone (360 x 740 CSS pixels, the narrowest common screen): no page scrolls
sideways, axe finds nothing in the phone layout either, and a guide's form
button is whole on the first screen, at a readable size, without zooming.
Print: a guide shows its steps (every content tab), the form's address
written out and the last-checked date, and no navigation, header or search.
"""

from __future__ import annotations

import pytest

from conftest import PHONE, SiteServer, Tab, axe_problems, sitemap_urls

pytestmark = pytest.mark.browser

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


def test_every_page_fits_a_phone_and_guides_show_the_form_button(phone, site, subtests):
    for url in sitemap_urls(site):
        with subtests.test(msg=url), phone.evidence("phone", url) as reports:
            phone.open(url)
            reports["axe"] = results = phone.axe()
            problems = phone_problems(phone, url) + axe_problems(url + " (phone)", results)
            assert not problems, "\n".join(problems)


PRINT_JS = r"""
() => {
  // checkVisibility: also false inside a closed <details> (content-visibility: hidden).
  const shown = el => !!el && el.checkVisibility({visibilityProperty: true, opacityProperty: true});
  const content = document.querySelector(".md-content article") || document.querySelector(".md-content");
  const lists = [...content.querySelectorAll("ol")];
  const labels = [...content.querySelectorAll(".tabbed-labels > label")];
  const url = document.querySelector(".guide-form__url");
  const time = document.querySelector(".guide-checked time[datetime]");
  const hidden = ["header.md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search",
                  ".md-tabs", ".md-footer", ".md-banner", ".md-top", ".md-content__button", ".headerlink"];
  return {
    steps: lists.length, hiddenSteps: lists.filter(ol => !shown(ol)).map(ol => ol.innerText.trim().slice(0, 50)),
    hiddenLabels: labels.filter(l => !shown(l)).map(l => l.innerText.trim()),
    hiddenDetails: [...content.querySelectorAll("details > :not(summary)")].filter(e => !shown(e))
                     .map(e => e.textContent.trim().slice(0, 50)),
    url: shown(url) ? url.innerText.trim() : null,
    button: document.querySelector(".guide-form__button")?.href || null,
    checked: shown(time) ? time.innerText.trim() : null,
    printed: hidden.filter(s => [...document.querySelectorAll(s)].some(shown)),
  };
}
"""


def print_problems(tab: Tab, url: str) -> list[str]:
    tab.page.emulate_media(media="print")
    found = tab.page.evaluate(PRINT_JS)
    problems = []
    if not found["steps"]:
        problems.append(f"{url}: printed, the guide has no numbered steps (<ol>)")
    problems += [f"{url}: printed, these steps are missing: {text!r}" for text in found["hiddenSteps"]]
    problems += [f"{url}: printed, the content tab {label!r} is missing" for label in found["hiddenLabels"]]
    problems += [f"{url}: printed, this folded text is missing: {text!r}" for text in found["hiddenDetails"]]
    if not found["url"]:
        problems.append(f"{url}: printed, the form's address is not written out (.guide-form__url)")
    elif found["button"] and found["url"] != found["button"]:
        problems.append(f"{url}: printed address {found['url']!r} differs from the button's {found['button']!r}")
    if not found["checked"]:
        problems.append(f"{url}: printed, the last-checked date (.guide-checked time) is missing")
    problems += [f"{url}: printed, {selector} still shows (hide it in @media print in docs/assets/site.css)"
                 for selector in found["printed"]]
    return problems


def test_a_printed_guide_shows_steps_form_address_and_date_only(tab, site, subtests):
    guides = [u for u in sitemap_urls(site) if "guide-form__button" in (site / u / "index.html").read_text("utf-8")]
    assert len(guides) >= 8, f"expected the guides of both languages, found {guides}"
    for url in guides:
        with subtests.test(msg=url), tab.evidence("print", url):
            tab.page.emulate_media(media="screen")
            tab.open(url)
            problems = print_problems(tab, url)
            assert not problems, "\n".join(problems)


# --- The checks fail on pages that get phone and print wrong ----------------

BAD_GUIDE = """<!doctype html><html lang="de"><head><title>Bad</title>
<meta name="viewport" content="width=device-width, user-scalable=no">
<style>.md-typeset .guide-form__button { font-size: 12px; margin-top: 900px; display: inline-block; }
.wide { width: 600px; } @media print { .steps { display: none; } }</style></head><body>
<header class="md-header">Kopf</header>
<div class="md-content"><article class="md-typeset"><h1>Bad</h1>
<table class="wide"><tr><td>Too wide</td></tr></table>
<ol class="steps"><li>Step one</li></ol>
<a class="guide-form__button" href="https://example.org/form">Zum Formular</a>
</article></div></body></html>"""


def test_the_phone_and_print_checks_name_page_and_problem(browser, tmp_path):
    (tmp_path / "index.html").write_text(BAD_GUIDE, encoding="utf-8")
    context = browser.new_context(viewport=PHONE)
    try:
        with SiteServer(tmp_path, prefix="/meta-ai-objection/") as bad:
            tab = Tab(context, bad)
            tab.open("")
            report = "\n".join(phone_problems(tab, "bad/") + print_problems(tab, "bad/"))
    finally:
        context.close()
    assert "bad/: at 360px the page is 6" in report and "<table.wide> right edge at" in report
    assert "forbids zooming" in report
    assert "bad/: the form button ends at" in report and "below the first screen" in report
    assert "bad/: the form button's text is 12px" in report
    assert "bad/: printed, these steps are missing: 'Step one'" in report
    assert "bad/: printed, the form's address is not written out" in report
    assert "bad/: printed, the last-checked date (.guide-checked time) is missing" in report
    assert "bad/: printed, header.md-header still shows" in report
