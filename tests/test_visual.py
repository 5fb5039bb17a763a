"""Visual regression: the site looks as it did when the references were made.

Screenshots of every page type (home, FAQ, a guide with its second tab open,
the timeline, the 404 page, Leichte Sprache) in both languages (Leichte
Sprache exists in German only) at 360 and 1280 CSS pixels wide, and of the
states the theme's JavaScript creates (open search with results, open phone
menu, keyboard focus), are compared with the reference images in
tests/visual/. A page is shot as it loads, without Material's bundle (it
loads on the first interaction, theme-on-demand.js); a state reached
by a click or a key is shot once the bundle has started, so the picture never
depends on how fast it arrived. Each screenshot is one screen high (the viewport), so the
references stay small (see README, "Visual tests").

A screenshot fails when more than MAX_RATIO of its pixels differ from the
reference by more than TOLERANCE in any colour channel (TOLERANCE absorbs
anti-aliasing). The failure names the image and leaves the new screenshot and
a diff image (changed pixels in red over a pale reference) in reports/visual/.

After an intended change of the look: `make visual-update` rewrites the
references (VISUAL_UPDATE=1); review them (git diff shows which changed) and
commit them.

Deterministic by construction: the site is built with a fixed day
(SITE_TODAY) and the browser's Date starts on the same day (the deadline
script), animations, transitions and the text caret are off, the viewport and
pixel ratio are fixed, nothing loads from another host, and the fonts are
Debian's fonts-liberation (Helvetica and Arial in Material's font stack) and
fonts-dejavu-core (the fallback), installed by `make browser-deps`; the test
refuses to run with other fonts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from conftest import ROOT, SiteServer, build, is_local, site_prefix, wait_for_theme_js

pytestmark = pytest.mark.browser

REFERENCES = ROOT / "tests" / "visual"
REPORTS = ROOT / "reports" / "visual"
UPDATE = os.environ.get("VISUAL_UPDATE") == "1"
DAY = "2026-12-01"                       # SITE_TODAY and the browser's clock
CLOCK = f"{DAY}T10:00:00+01:00"
TOLERANCE = 40                           # per pixel: largest channel difference (0-255) still "the same"
MAX_RATIO = 0.001                        # per image: share of differing pixels that fails (0.1 %)
WIDTHS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}
FONTS = {"Helvetica": "Liberation Sans", "Arial": "Liberation Sans", "sans-serif": "DejaVu Sans",
         "monospace": "DejaVu Sans Mono"}

# Page types, as addresses below the site root (Leichte Sprache: German only).
PAGES = {
    "home-de": "", "home-en": "en/",
    "faq-de": "faq/", "faq-en": "en/faq/",
    "guide-de": "guides/facebook/", "guide-en": "en/guides/facebook/",
    "timeline-de": "timeline/", "timeline-en": "en/timeline/",
    "404-de": "404.html", "404-en": "en/404.html",
    "leichte-sprache-de": "leichte-sprache/",
}

# The deadline script reads the reader's day: Date starts at CLOCK and runs on.
# Not Playwright's clock: it also replaces the timers, and Material's search
# then often never answers (seen here in 2 of 3 tries).
SHIFT_DATE = """(() => {
  const Real = Date, offset = Real.parse("%s") - Real.now();
  class Shifted extends Real {
    constructor(...args) { if (args.length) super(...args); else super(Real.now() + offset); }
    static now() { return Real.now() + offset; }
  }
  globalThis.Date = Shifted;
})();""" % CLOCK

# No transitions or animations (the phone menu slides in), no blinking caret.
STILL = ("*, *::before, *::after { transition: none !important; animation: none !important;"
         " caret-color: transparent !important; scroll-behavior: auto !important; }")


# --- comparison ---------------------------------------------------------------

def difference(reference: Image.Image, actual: Image.Image) -> tuple[float, Image.Image]:
    """Share of pixels whose largest channel difference exceeds TOLERANCE, and
    a mask of those pixels (255 = differs). Pillow's C code, ~20 ms per image."""
    delta = ImageChops.difference(reference.convert("RGB"), actual.convert("RGB"))
    red, green, blue = delta.split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    mask = largest.point(lambda v: 255 if v > TOLERANCE else 0)
    return mask.histogram()[255] / (mask.width * mask.height), mask


def diff_image(reference: Image.Image, mask: Image.Image) -> Image.Image:
    pale = Image.blend(reference.convert("RGB"), Image.new("RGB", reference.size, "white"), 0.7)
    return Image.composite(Image.new("RGB", reference.size, (230, 0, 0)), pale, mask)


def compare(name: str, png: bytes, references: Path = REFERENCES, reports: Path = REPORTS) -> None:
    """Fail (with the new screenshot and a diff in reports/) if `png` differs
    from the reference `name`.png; with VISUAL_UPDATE=1 write the reference."""
    ref_file = references / f"{name}.png"
    if UPDATE and references == REFERENCES:
        references.mkdir(parents=True, exist_ok=True)
        ref_file.write_bytes(png)
        return
    reports.mkdir(parents=True, exist_ok=True)
    (reports / f"{name}.png").write_bytes(png)
    if not ref_file.is_file():
        pytest.fail(f"{ref_file.relative_to(ROOT) if ref_file.is_relative_to(ROOT) else ref_file} is missing: "
                    f"run `make visual-update` to make the reference images, look at them and commit them.")
    from io import BytesIO
    reference, actual = Image.open(ref_file), Image.open(BytesIO(png))
    if reference.size != actual.size:
        pytest.fail(f"{name}: screenshot is {actual.size[0]}x{actual.size[1]}, reference {ref_file} is "
                    f"{reference.size[0]}x{reference.size[1]}. If the change is intended: make visual-update.")
    ratio, mask = difference(reference, actual)
    if ratio > MAX_RATIO:
        diff_file = reports / f"{name}.diff.png"
        diff_image(reference, mask).save(diff_file)
        pytest.fail(f"{name}: {ratio:.2%} of the pixels differ from {ref_file.name} (allowed {MAX_RATIO:.2%}, "
                    f"tolerance {TOLERANCE}/255 per pixel). Changed pixels in red: {diff_file}; new screenshot: "
                    f"{reports / (name + '.png')}. If the change is intended, run `make visual-update` "
                    f"and commit the new references.")


# --- the site and the browser -------------------------------------------------

def check_fonts() -> None:
    """The screenshots hold only with the fonts the references were made with."""
    wrong = []
    for family, expected in FONTS.items():
        found = subprocess.run(["fc-match", "-f", "%{family}", family], capture_output=True, text=True).stdout
        if expected not in found:
            wrong.append(f"{family} -> {found or 'nothing'} (expected {expected})")
    if wrong:
        pytest.fail("The visual tests need Debian's fonts-liberation and fonts-dejavu-core "
                    f"(run `make browser-deps`); fontconfig gives {'; '.join(wrong)}.")


@pytest.fixture(scope="module")
def visual_site(tmp_path_factory) -> Path:
    """The site built on a fixed day (the deadline texts depend on it)."""
    check_fonts()
    out = tmp_path_factory.mktemp("visual-site")
    result = build(ROOT, out, SITE_TODAY=DAY)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def visual_server(visual_site):
    with SiteServer(visual_site, prefix=site_prefix()) as running:
        yield running


def new_context(browser, width: str):
    # Not is_mobile: a phone browser widens its layout viewport for a moment
    # when inserted content is too wide (seen once, under load, while search
    # results appeared), and a screenshot caught half the page. The phone
    # layout comes from the width (media queries); test_browser_pages.py
    # covers the phone browser itself.
    ctx = browser.new_context(viewport=WIDTHS[width], device_scale_factor=1, is_mobile=False,
                              has_touch=width == "phone", locale="de-DE", timezone_id="Europe/Berlin",
                              reduced_motion="reduce",
                              # The test's own <style> (STILL) must apply under the site's CSP.
                              bypass_csp=True)
    ctx.route(lambda url: not is_local(url), lambda route: route.abort())
    ctx.add_init_script(SHIFT_DATE)
    return ctx


def open_still(page, url: str) -> None:
    page.goto(url, wait_until="load")
    page.add_style_tag(content=STILL)
    page.evaluate("document.fonts.ready.then(() => true)")
    # Deferred scripts (site.js) have run at load; <html> keeps Material's no-js class until its bundle runs.


# Settled: the layout is as wide as the viewport, and two frames have been
# painted since the last change the test waited for.
SETTLED = "() => document.documentElement.clientWidth === window.innerWidth"
NEXT_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def shoot(page) -> bytes:
    page.wait_for_function(SETTLED)
    page.evaluate(NEXT_FRAMES)
    page.wait_for_function(SETTLED)
    return page.screenshot(animations="disabled", caret="hide")


@pytest.fixture(params=list(WIDTHS))
def width_context(request, browser):
    ctx = new_context(browser, request.param)
    yield request.param, ctx
    ctx.close()


# --- the tests ----------------------------------------------------------------

@pytest.mark.parametrize("page_type", list(PAGES))
def test_page_looks_as_before(page_type, width_context, visual_server):
    width, ctx = width_context
    page = ctx.new_page()
    open_still(page, visual_server.url + PAGES[page_type])
    if page_type.startswith("guide"):
        # A guide with its second tab open (pymdownx.tabbed: a label per tab).
        label = page.locator(".tabbed-labels > label").nth(1)
        label.click()
        page.wait_for_function("document.querySelector('.tabbed-set input:nth-of-type(2)').checked")
        wait_for_theme_js(page)  # the click loaded Material's bundle
        # The tab bar just below the sticky header.
        label.evaluate("l => window.scrollTo(0, l.closest('.tabbed-set').getBoundingClientRect().top"
                       " + window.scrollY - document.querySelector('.md-header').offsetHeight - 16)")
    compare(f"{page_type}-{width}", shoot(page))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_open_search_looks_as_before(lang, width_context, visual_server):
    width, ctx = width_context
    page = ctx.new_page()
    open_still(page, visual_server.url + ("en/" if lang == "en" else ""))
    if width == "phone":  # the header's search button opens the search layer first
        page.click("button.md-header__button-search")
        page.wait_for_function("document.getElementById('__search').checked")
    page.click("input.md-search__input")
    page.keyboard.type("Instagram" if lang == "de" else "object")  # key events, as Material listens to
    page.wait_for_function("document.querySelectorAll('.md-search-result__item').length > 0")
    page.wait_for_function("document.querySelector('.md-search-result__meta').innerText.trim() !== ''")
    compare(f"search-{lang}-{width}", shoot(page))


@pytest.mark.parametrize("lang", ["de", "en"])
def test_open_phone_menu_looks_as_before(lang, browser, visual_server):
    ctx = new_context(browser, "phone")
    try:
        page = ctx.new_page()
        open_still(page, visual_server.url + ("en/guides/" if lang == "en" else "guides/"))
        page.click("button.md-header__button-drawer")
        page.wait_for_function("document.getElementById('__drawer').checked")
        wait_for_theme_js(page)  # the click loaded Material's bundle
        compare(f"menu-{lang}-phone", shoot(page))
    finally:
        ctx.close()


def test_focus_looks_as_before(width_context, visual_server):
    """Keyboard focus: the skip link (first Tab) and a guide's form button."""
    width, ctx = width_context
    page = ctx.new_page()
    open_still(page, visual_server.url)
    page.keyboard.press("Tab")
    wait_for_theme_js(page)  # the key loaded Material's bundle
    page.wait_for_function("document.activeElement && document.activeElement.matches(':focus-visible')")
    compare(f"focus-skip-link-{width}", shoot(page))
    open_still(page, visual_server.url + "guides/instagram/")
    page.keyboard.press("Tab")  # keyboard modality first, then the button itself
    wait_for_theme_js(page)
    page.locator("a.guide-form__button").first.focus()
    page.wait_for_function("document.activeElement.matches('a.guide-form__button:focus-visible')")
    compare(f"focus-form-button-{width}", shoot(page))


# --- the comparison can fail ----------------------------------------------------

def test_broken_stylesheet_fails_the_comparison(browser, visual_site, tmp_path):
    """A copy of the built site with one rule added to Material's stylesheet
    (the header loses its colour): the comparison with the reference fails and
    leaves a diff image."""
    if UPDATE:
        pytest.skip("making references")
    broken = tmp_path / "site"
    shutil.copytree(visual_site, broken)
    sheet = next((broken / "assets" / "stylesheets").glob("main.*.min.css"))
    sheet.write_text(sheet.read_text(encoding="utf-8") + ".md-header{background-color:#fff}",
                     encoding="utf-8")
    ctx = new_context(browser, "desktop")
    try:
        with SiteServer(broken, prefix=site_prefix()) as server:
            page = ctx.new_page()
            open_still(page, server.url)
            png = shoot(page)
    finally:
        ctx.close()
    reports = tmp_path / "reports"
    with pytest.raises(pytest.fail.Exception, match=r"of the pixels differ.*make visual-update"):
        compare("home-de-desktop", png, reports=reports)
    assert (reports / "home-de-desktop.diff.png").is_file()


def test_comparison_tolerates_anti_aliasing_only():
    """Small differences in a few pixels pass; a changed block fails."""
    base = Image.new("RGB", (200, 100), "white")
    shifted = base.copy()
    shifted.putpixel((5, 5), (255 - TOLERANCE, 255, 255))      # within the tolerance
    for x in range(10):                                         # 10 of 20 000 pixels: 0.05 %
        shifted.putpixel((x, 50), (0, 0, 0))
    assert difference(base, shifted)[0] <= MAX_RATIO
    block = base.copy()
    block.paste((0, 0, 0), (0, 0, 20, 20))                      # 400 pixels: 2 %
    assert difference(base, block)[0] > MAX_RATIO


def test_other_fonts_are_refused(monkeypatch):
    """With other fonts the references cannot hold: the test says how to fix it."""
    fake = subprocess.CompletedProcess([], 0, stdout="Nimbus Sans", stderr="")
    monkeypatch.setattr(subprocess, "run", lambda *args, **kwargs: fake)
    with pytest.raises(pytest.fail.Exception, match=r"fonts-liberation and fonts-dejavu-core \(run `make browser-deps`\)"
                                                    r"; fontconfig gives Helvetica -> Nimbus Sans"):
        check_fonts()
