"""Dates on the reader's day, in Chromium with its clock set (site.js, part 3).

A page built before a deadline must be right when it is read after it: the browser
redoes the build's sum with its own date in Europe/Berlin, counts the days left,
and shows or hides a guide's stale notice. Without JavaScript the page keeps what
the build wrote, which names only dates of the data ("Letzter Tag …: 25. Juni
2024"), never the build's or the reader's day.

The sums themselves are tested on the core functions (tests/test_deadline.py,
tests/test_stale_notice.py); this proves the script reads the page's data and
writes the texts where the reader sees them."""

from __future__ import annotations

import datetime

import pytest

from conftest import SiteServer, site_prefix
from test_deadline import (AFTER, BEFORE, DEADLINES, LAST_DAYS, UI, context, days_around_each_deadline,
                           expected_state, long_date, text_of)
from test_stale_notice import DAYS, FRESH_DAY, GUIDES, STALE_DAY

pytestmark = pytest.mark.browser

HOME = {"de": "", "en": "en/"}
SEEN = """() => ({
    statuses: [...document.querySelectorAll('[data-deadline-status]')].map(e => e.textContent.trim()),
    announce: document.querySelector('[data-deadline-announce]').textContent.trim(),
    still: !document.querySelector('[data-deadline-still]').hidden,
})"""


@pytest.fixture(scope="module")
def served(built):
    """serve(day) -> a server of the site built on that day (each build shared by the whole run)."""
    servers = {}

    def serve(day: str) -> SiteServer:
        if day not in servers:
            servers[day] = SiteServer(built(SITE_TODAY=day), prefix=site_prefix()).__enter__()
        return servers[day]

    yield serve
    for server in servers.values():
        server.__exit__(None, None, None)


def at_noon(day: datetime.date) -> datetime.datetime:
    """Noon in Hamburg on `day` (CEST or CET does not matter at noon)."""
    return datetime.datetime.fromisoformat(f"{day.isoformat()}T12:00:00+01:00")


def expected(lang: str, day: datetime.date) -> dict:
    """What the page shows on `day` with JavaScript, from the data (extra.deadlines, extra.ui)."""
    ui = UI[lang]

    def text(last: datetime.date) -> str:
        days = (last - day).days
        return ui[f"deadline_{expected_state(last, day)}"].replace("{days}", str(days))

    upcoming = next((i for i, last in enumerate(LAST_DAYS) if last >= day), None)
    return {
        "statuses": [text(last) for last in LAST_DAYS],
        "announce": (f"{text_of(DEADLINES[upcoming]['rule'], lang)}: {text(LAST_DAYS[upcoming])}"
                     if upcoming is not None else context(lang, datetime.date.fromisoformat(AFTER))["announce"]),
        "still": any(last < day for last in LAST_DAYS),
    }


@pytest.mark.parametrize("lang", UI)
def test_a_page_built_before_the_deadline_is_right_on_the_readers_day(browser, served, subtests, lang):
    server = served(BEFORE)
    ctx = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    try:
        page = ctx.new_page()
        for day in days_around_each_deadline():
            with subtests.test(msg=f"read on {day}"):
                page.clock.set_fixed_time(at_noon(day))
                page.goto(server.url + HOME[lang])
                assert page.evaluate(SEEN) == expected(lang, day), f"site built on {BEFORE}, read on {day}"
    finally:
        ctx.close()


def test_the_day_changes_at_midnight_in_hamburg_whatever_the_readers_zone(browser, served):
    """01:30 on 26 June 2024 in Hamburg is still 25 June in New York: the first deadline
    (last day 25 June 2024) has passed for the site, which counts in Hamburg."""
    server = served(BEFORE)
    ctx = browser.new_context(locale="en-US", timezone_id="America/New_York")
    try:
        page = ctx.new_page()
        page.clock.set_fixed_time(datetime.datetime.fromisoformat("2024-06-25T23:30:00+00:00"))
        page.goto(server.url + "en/")
        seen = page.evaluate(SEEN)
        assert seen["statuses"][0] == UI["en"]["deadline_past"], seen
        assert seen == expected("en", datetime.date(2024, 6, 26)), seen
        # The reader's own zone would have said "today": the test can tell the two apart.
        assert expected("en", datetime.date(2024, 6, 25))["statuses"][0] == UI["en"]["deadline_today"]
    finally:
        ctx.close()


@pytest.mark.parametrize("lang", UI)
def test_without_javascript_the_page_says_the_last_day_and_no_build_day(browser, served, lang):
    server = served(BEFORE)
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        built_on = datetime.date.fromisoformat(BEFORE)
        last = LAST_DAYS[-1]
        open_text = UI[lang]["deadline_open"].replace("{date}", long_date(last, lang))
        page.goto(server.url + HOME[lang] + "guides/facebook/")
        bar = page.locator(".deadline-announce [data-deadline-announce]").inner_text().strip()
        assert bar == f"{text_of(DEADLINES[-1]['rule'], lang)}: {open_text}", bar
        page.goto(server.url + HOME[lang])
        shown = page.locator("body").inner_text()
        assert open_text in shown
        assert long_date(built_on, lang) not in shown, "the build day is never printed"
    finally:
        ctx.close()


def test_the_stale_notice_appears_the_day_after_the_review_period(browser, served, subtests):
    """Built while the guides were fresh, read on the last day of the review period (no
    notice) and the day after (the notice, with the date of the last check)."""
    server = served(FRESH_DAY)
    ctx = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin")
    try:
        page = ctx.new_page()
        for lang, path, meta in GUIDES:
            checked = datetime.date.fromisoformat(str(meta["last_checked"]))
            url = server.url + path.removesuffix("index.html")
            for day, shown in ((checked + datetime.timedelta(days=DAYS), False),
                               (checked + datetime.timedelta(days=DAYS + 1), True)):
                with subtests.test(msg=f"{path} read on {day}"):
                    page.clock.set_fixed_time(at_noon(day))
                    page.goto(url)
                    assert page.locator(".stale-notice").is_visible() is shown, f"{path} read on {day}"
                    if shown:
                        assert long_date(checked, lang) in page.locator(".stale-notice").inner_text()
    finally:
        ctx.close()


def test_without_javascript_the_notice_shows_as_built(browser, served, subtests):
    ctx = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    try:
        page = ctx.new_page()
        for day, shown in ((STALE_DAY, True), (FRESH_DAY, False)):
            server = served(day)
            for _lang, path, _meta in GUIDES:
                with subtests.test(msg=f"{path} built {day}"):
                    page.goto(server.url + path.removesuffix("index.html"))
                    assert page.locator(".stale-notice").is_visible() is shown, f"{path} built on {day}"
    finally:
        ctx.close()
