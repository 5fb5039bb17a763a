"""The reader's shortest path, on a phone: from the home page's service
chooser to the service's form button in at most three clicks, for every
service the chooser offers, in both languages."""

from __future__ import annotations

import pytest

from conftest import PHONE, SiteServer, Tab

pytestmark = pytest.mark.browser

MAX_CLICKS = 3


def path_to_form(tab: Tab, home: str, entry: int) -> tuple[int, str, str]:
    """Click the chooser's `entry`-th card on `home`, then follow the page's
    own chooser if it has one, until a form button shows on screen. Returns
    (clicks, page address, form address)."""
    tab.open(home)
    cards = tab.page.locator(".chooser a")
    clicks = 0
    target = cards.nth(entry)
    while clicks < MAX_CLICKS:
        with tab.page.expect_navigation():
            target.click()
        clicks += 1
        button = tab.page.locator(".guide-form__button")
        if button.count() and button.first.is_visible():
            button.first.scroll_into_view_if_needed()
            box = button.first.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (
                f"{tab.page.url}: the form button does not fit the {PHONE['width']}px screen")
            return clicks, tab.page.url, button.first.get_attribute("href")
        next_cards = tab.page.locator(".chooser a")
        if not next_cards.count():
            break
        target = next_cards.first
    raise AssertionError(f"{home}: chooser entry {entry + 1} ends at {tab.page.url} without a form button "
                         f"after {clicks} click(s)")


@pytest.mark.parametrize("home", ["", "en/"])
def test_the_chooser_reaches_every_form_in_three_clicks(phone, home, subtests):
    phone.open(home)
    names = phone.page.locator(".chooser a strong").all_inner_texts()
    assert len(names) >= 4, f"{home}: the chooser offers {names}; expected Facebook, Instagram, Threads, no account"
    for entry, name in enumerate(names):
        with subtests.test(msg=f"{home} {name}"), phone.evidence("chooser", f"{home}{name}"):
            clicks, page, form = path_to_form(phone, home, entry)
            assert clicks <= MAX_CLICKS
            assert form.startswith("https://"), f"{page}: the form button leads to {form!r}, not to an https address"
            assert page.startswith(phone.server.url + home), f"{home}: {name} leads to {page}, another language"


def test_the_chooser_check_reports_a_path_without_a_form(browser, tmp_path):
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="de"><title>Home</title><nav class="chooser"><a href="step/">'
        '<strong>Dienst</strong></a></nav></html>', encoding="utf-8")
    (tmp_path / "step").mkdir()
    (tmp_path / "step" / "index.html").write_text(
        '<!doctype html><html lang="de"><title>Step</title><p>No form here.</p></html>', encoding="utf-8")
    context = browser.new_context(viewport=PHONE)
    try:
        with SiteServer(tmp_path, prefix="/meta-ai-objection/") as bad:
            with pytest.raises(AssertionError, match=r"chooser entry 1 ends at .*/step/ without a form button after 1 click"):
                path_to_form(Tab(context, bad), "", 0)
    finally:
        context.close()
