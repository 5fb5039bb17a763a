"""The site with the keyboard alone, on every page of both languages: the skip
link leads to the content; Tab reaches every interactive element, and each
shows a visible focus when it has it; content tabs, search and the language
switcher work without a mouse."""

from __future__ import annotations

import pytest

from conftest import SiteServer, Tab, page_lang, sitemap_urls, start_theme_js

pytestmark = pytest.mark.browser

# In the page: what can take the focus, and how the focused element shows it.
# Elements are numbered (data-kb) once, so the walk can tell which it reached.
KEYBOARD_JS = r"""
window.kb = {
  describe(el) {
    if (!el || el === document.body) return "the page itself (<body>)";
    const text = (el.getAttribute("aria-label") || el.textContent || el.value || "").trim().replace(/\s+/g, " ");
    const cls = el.classList.length ? "." + [...el.classList].filter(c => c !== "focus-visible").join(".") : "";
    const href = el.getAttribute("href") ? ` href="${el.getAttribute("href")}"` : "";
    const id = el.id ? `#${el.id}` : "";
    return `<${el.tagName.toLowerCase()}${id}${cls}${href}> "${text.slice(0, 40)}"`;
  },
  // Everything a reader could operate that Tab should reach, as rendered now:
  // what the browser can focus, and what claims to be a control (a role or a
  // click handler) whether or not it can be focused.
  candidates() {
    const focusable = 'a[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable="true"]';
    const claims = '[role=button], [role=link], [role=tab], [role=checkbox], [role=menuitem], [role=switch], [onclick]';
    const found = [...document.querySelectorAll(focusable + ", " + claims)].filter(el => {
      if (el.disabled || el.closest("[inert], [hidden]") || el.type === "hidden") return false;
      if (el.matches(focusable) && el.tabIndex < 0) return false;
      if (!el.getClientRects().length || getComputedStyle(el).visibility !== "visible") return false;
      // A radio group is one Tab stop: the checked radio (arrow keys move inside).
      if (el.type === "radio" && !el.checked && el.name &&
          document.querySelector(`input[type=radio][name="${CSS.escape(el.name)}"]:checked`)) return false;
      return true;
    });
    found.forEach((el, i) => el.dataset.kb = String(i));
    return found.map(el => [String(el.dataset.kb), kb.describe(el)]);
  },
  // The element that shows the focus: the element itself or, for the
  // invisible radio buttons of content tabs, the row of tab labels.
  indicatorOf(el) {
    const box = el.getBoundingClientRect();
    if (box.width >= 2 && box.height >= 2 && getComputedStyle(el).opacity !== "0") return el;
    const label = el.id && document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
    if (!label) return el;
    return label.parentElement.classList.contains("tabbed-labels") ? label.parentElement : label;
  },
  focused() {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return {kb: null, body: true, what: kb.describe(el)};
    const shown = kb.indicatorOf(el);
    const style = getComputedStyle(shown);
    const problems = [];
    const color = style.outlineColor;
    const transparent = color === "transparent" || /rgba\([^)]*,\s*0\)$/.test(color);
    if (style.outlineStyle === "none" || parseFloat(style.outlineWidth) < 2 || transparent)
      problems.push(`no visible focus outline (outline: ${style.outlineStyle} ${style.outlineWidth} ${color})`);
    const box = shown.getBoundingClientRect();
    if (box.width < 1 || box.height < 1 || box.bottom <= 0 || box.top >= innerHeight || box.right <= 0 || box.left >= innerWidth)
      problems.push(`focused but not on screen (${Math.round(box.left)},${Math.round(box.top)} ${Math.round(box.width)}x${Math.round(box.height)})`);
    let opacity = 1;
    for (let node = shown; node instanceof Element; node = node.parentElement) opacity *= parseFloat(getComputedStyle(node).opacity);
    if (opacity < 0.5) problems.push(`focused but transparent (opacity ${opacity})`);
    if (style.visibility !== "visible") problems.push("focused but visibility: " + style.visibility);
    return {kb: el.dataset.kb || null, body: false, what: kb.describe(el), problems, skip: el.classList.contains("md-skip")};
  },
};
"""
MAX_TABS = 600


def prepare(tab: Tab, url: str):
    """Open the page for keyboard use: no animations (the focus is checked
    where it ends up, not half-way), the helpers above installed."""
    tab.page.emulate_media(reduced_motion="reduce")
    tab.open(url)
    # A keyboard reader's first key loads Material's bundle
    # (theme-on-demand.js): it has started before the walk begins, so
    # the walk never meets a page changing under it half-way.
    # tests/test_theme_js_on_demand.py covers the keyboard before it.
    if tab.page.evaluate("!!document.querySelector('script[data-bundle]')"):  # not on the bad test page
        start_theme_js(tab.page)
    tab.page.evaluate(KEYBOARD_JS)


def skip_link_problems(tab: Tab, url: str) -> list[str]:
    """The first Tab shows the skip link; Enter on it moves on to the content."""
    page = tab.page
    page.keyboard.press("Tab")
    first = page.evaluate("kb.focused()")
    if not first.get("skip"):
        return [f"{url}: the first Tab focuses {first['what']}, not the skip link (a.md-skip)"]
    if first["problems"]:
        return [f"{url}: skip link: {p}" for p in first["problems"]]
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    inside = page.evaluate("!!document.activeElement.closest('.md-content')")
    if not inside:
        where = page.evaluate("kb.describe(document.activeElement)")
        return [f"{url}: after the skip link, Tab focuses {where}, which is not in the content (.md-content)"]
    return []


def tab_walk_problems(tab: Tab, url: str, limit: int = MAX_TABS) -> list[str]:
    """Tab once round the whole page, from wherever the focus is: every
    candidate reached, every stop visible."""
    page = tab.page
    candidates = dict(page.evaluate("kb.candidates()"))
    reached: set[str] = set()
    problems: list[str] = []
    first = None
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate("kb.focused()")
        if state["body"]:
            continue
        key = state["kb"] or state["what"]
        if first is None:
            first = key
        elif key == first:  # round trip complete
            break
        if state["kb"] is not None:
            reached.add(state["kb"])
        problems += [f"{url}: Tab stop {state['what']}: {p}" for p in state["problems"]]
    else:
        problems.append(f"{url}: {limit} Tab presses did not come round to the first stop again (a keyboard trap?)")
    for key, what in candidates.items():
        if key not in reached:
            problems.append(f"{url}: {what} cannot be reached with Tab")
    return sorted(set(problems), key=problems.index)


@pytest.mark.parametrize("share", range(2))
def test_every_page_works_with_tab_alone(tab, site, subtests, share):
    """Every page, dealt out over two tests (pytest-xdist runs them on two cores)."""
    for url in sitemap_urls(site)[share::2]:
        with subtests.test(msg=url), tab.evidence("keyboard", url):
            prepare(tab, url)
            problems = skip_link_problems(tab, url)
            problems += tab_walk_problems(tab, url)
            assert not problems, "\n".join(problems)


def focus_by_tab(tab: Tab, selector: str, url: str, limit: int = 200) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        tab.page.keyboard.press("Tab")
        if tab.page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{url}: {limit} Tab presses never reached {selector}")


def visible_tab_text(tab: Tab, tabbed_set: int) -> str:
    return tab.page.evaluate(
        """i => { const set = document.querySelectorAll('.tabbed-set')[i];
                 const block = [...set.querySelectorAll(':scope > .tabbed-content > .tabbed-block')]
                   .find(b => b.getClientRects().length);
                 return block ? block.innerText.trim().slice(0, 80) : ''; }""", tabbed_set)


def test_content_tabs_switch_with_the_arrow_keys(tab, site, subtests):
    pages = [u for u in sitemap_urls(site) if 'class="tabbed-set' in (site / u / "index.html").read_text("utf-8")]
    assert pages, "no page with content tabs (=== \"App\") to test; the guides have them"
    for url in pages:
        with subtests.test(msg=url), tab.evidence("keyboard-tabs", url):
            prepare(tab, url)
            labels = tab.page.eval_on_selector_all(
                ".tabbed-set >> nth=0 >> .tabbed-labels > label", "ls => ls.map(l => l.innerText.trim())")
            focus_by_tab(tab, ".tabbed-set input[type=radio]", url)
            before = visible_tab_text(tab, 0)
            tab.page.keyboard.press("ArrowRight")
            after = visible_tab_text(tab, 0)
            assert after and after != before, (
                f"{url}: ArrowRight on the content tabs {labels} did not show the next tab "
                f"(still shows: {before[:40]!r})")
            tab.page.keyboard.press("ArrowLeft")
            assert visible_tab_text(tab, 0) == before, f"{url}: ArrowLeft did not go back to the tab {labels[0]!r}"


@pytest.mark.parametrize("home, query", [("", "Widerspruch"), ("en/", "object")])
def test_search_works_with_the_keyboard_alone(tab, home, query):
    with tab.evidence("keyboard-search", home):
        prepare(tab, home)
        focus_by_tab(tab, "input.md-search__input", home, limit=20)
        tab.page.keyboard.type(query)
        first = tab.page.locator(".md-search-result__link").first
        first.wait_for(state="visible", timeout=10_000)
        tab.page.keyboard.press("ArrowDown")
        focused = tab.page.evaluate("document.activeElement.matches('.md-search-result__link')")
        assert focused, f"{home}: ArrowDown after typing {query!r} does not move the focus to the first result"
        target = tab.page.evaluate("document.activeElement.href")
        tab.page.keyboard.press("Enter")
        tab.page.wait_for_url(lambda address: address.split("#")[0] == target.split("#")[0])
        assert tab.page.evaluate("document.documentElement.lang") == page_lang(home), (
            f"{home}: Enter on the first result for {query!r} leads to {target}, a page in another language")


@pytest.mark.parametrize("url, other", [("guides/facebook/", "en/guides/facebook/"),
                                        ("en/guides/facebook/", "guides/facebook/")])
def test_the_language_switcher_works_with_the_keyboard(tab, url, other):
    with tab.evidence("keyboard-language", url):
        prepare(tab, url)
        lang = page_lang(other)
        focus_by_tab(tab, f'a.md-select__link[hreflang="{lang}"]', url, limit=20)
        tab.page.keyboard.press("Enter")
        tab.page.wait_for_url(tab.server.url + other)
        assert tab.page.evaluate("document.documentElement.lang") == lang


# --- The checks fail on a page that gets the keyboard wrong -----------------

BAD_PAGE = """<!doctype html><html lang="de"><head><title>Bad</title>
<style>.quiet:focus { outline: none; } .md-skip { position: absolute; left: 0; }</style></head><body>
<a class="md-skip" href="#nowhere">Zum Inhalt</a>
<div class="md-content"><h1>Bad</h1>
<a class="quiet" href="#a">No focus shown</a>
<div role="button" onclick="">Fake button</div>
<a href="#c" style="opacity:0">Invisible when focused</a>
<input class="trap" aria-label="Trap" onkeydown="if (event.key === 'Tab') event.preventDefault()">
<a href="#d">After the trap</a>
</div></body></html>"""


def test_the_keyboard_checks_name_the_page_and_element(context, tmp_path):
    (tmp_path / "index.html").write_text(BAD_PAGE, encoding="utf-8")
    with SiteServer(tmp_path, prefix="/meta-ai-objection/") as bad:
        tab = Tab(context, bad)
        prepare(tab, "")
        report = "\n".join(tab_walk_problems(tab, "bad/", limit=20))
    assert 'bad/: Tab stop <a.quiet href="#a"> "No focus shown": no visible focus outline' in report
    assert 'bad/: <div> "Fake button" cannot be reached with Tab' in report
    assert 'bad/: Tab stop <a href="#c"> "Invisible when focused": focused but transparent' in report
    assert "bad/: 20 Tab presses did not come round to the first stop again (a keyboard trap?)" in report
    assert 'bad/: <a href="#d"> "After the trap" cannot be reached with Tab' in report


@pytest.mark.parametrize("home", ["", "en/"])
def test_phone_menu_and_search_open_with_the_keyboard(phone, home):
    """At 360 px Material hides the menu and the search behind header labels;
    site.js swaps them for named buttons (overrides/assets/javascripts/site.js)."""
    with phone.evidence("keyboard-phone-header", home):
        prepare(phone, home)
        focus_by_tab(phone, "button.md-header__button-drawer", home, limit=10)
        name = phone.page.evaluate("document.activeElement.getAttribute('aria-label')")
        assert name, f"{home}: the menu button has no accessible name"
        phone.page.keyboard.press("Enter")
        assert phone.page.evaluate("document.getElementById('__drawer').checked"), (
            f"{home}: Enter on the menu button does not open the menu")
        focus_by_tab(phone, ".md-nav--primary a.md-nav__link", home, limit=20)
        box = phone.page.evaluate("(() => { const r = document.activeElement.getBoundingClientRect();"
                                  " return [r.left, r.right]; })()")
        assert 0 <= box[0] < box[1] <= 360, f"{home}: the focused menu link is off screen: {box}"
        phone.page.keyboard.press("Escape")
        prepare(phone, home)
        focus_by_tab(phone, "button.md-header__button-search", home, limit=10)
        phone.page.keyboard.press(" ")
        assert phone.page.evaluate("document.getElementById('__search').checked"), (
            f"{home}: Space on the search button does not open the search")
