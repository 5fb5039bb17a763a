"""The deadline status stays true (hooks/sitegen/core/deadline.py): before, on and after
each deadline of mkdocs.yml, in every language, as the build writes it. No printed
status carries the build day: a deadline still ahead says its last day ("Letzter
Tag: …"), a past one that it has passed; the days left are counted in the reader's
browser only (site.js, from the page's site-data: tests/test_browser_*.py).

The days and the expectations come from the data (extra.deadlines, extra.ui); the
status is tested on the core functions, the built site only where the built page is
the subject (the bar on every page in its language, the home page's first screen)."""

from __future__ import annotations

import datetime
import json
import re
import sys
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from mkdocs.utils import yaml_load

from conftest import ROOT, build

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen.core import deadline, timeline  # noqa: E402
from sitegen.core.rules import as_date  # noqa: E402

RAW = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
EXTRA = RAW["extra"]
UI = {block["locale"]: block["extra"]["ui"] for block in next(
    p["i18n"] for p in RAW["plugins"] if isinstance(p, dict) and "i18n" in p)["languages"]}
DEADLINES = sorted(EXTRA["deadlines"], key=lambda d: as_date(d["last_day"]))
LAST_DAYS = [as_date(d["last_day"]) for d in DEADLINES]
ENTRIES = timeline.load((ROOT / "docs/timeline.yml").read_text(encoding="utf-8"), list(UI), EXTRA.get("timeline_as_of"))
NEWEST = max(ENTRIES, key=lambda e: e.last)
HOME = {"de": "index.html", "en": "en/index.html"}
# The site built before the last deadline, and after every one (shared with other test files).
BEFORE, AFTER = "2025-05-20", "2026-12-09"

MONTHS = {"de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
          "en": "January February March April May June July August September October November December".split()}


def long_date(day: datetime.date, lang: str) -> str:
    """The long date as readers expect it, written here without Babel."""
    month = MONTHS[lang][day.month - 1]
    return f"{day.day}. {month} {day.year}" if lang == "de" else f"{day.day} {month} {day.year}"


def text_of(value, lang: str) -> str:
    return value[lang] if isinstance(value, dict) else value


def days_around_each_deadline() -> list[datetime.date]:
    return sorted({last + datetime.timedelta(days=shift) for last in LAST_DAYS for shift in (-5, -1, 0, 1)})


def expected_state(last_day: datetime.date, day: datetime.date) -> str:
    days = (last_day - day).days
    return "ahead" if days > 1 else "ahead_one" if days == 1 else "today" if days == 0 else "past"


def context(lang: str, day: datetime.date) -> dict:
    ui = UI[lang]
    return deadline.context(EXTRA["deadlines"], ui, lang, ui["locale"], day, EXTRA["review_after_days"],
                            (NEWEST.last, NEWEST.title[lang]), EXTRA.get("timeline_as_of"))


def test_the_data_has_deadlines_and_the_days_cover_every_state():
    assert len(DEADLINES) >= 2
    states = {expected_state(last, day) for last in LAST_DAYS for day in days_around_each_deadline()}
    assert states == {"ahead", "ahead_one", "today", "past"}


@pytest.mark.parametrize("day", [d.isoformat() for d in days_around_each_deadline()])
def test_the_status_sum(day):
    day = datetime.date.fromisoformat(day)
    for last in LAST_DAYS:
        state, days = deadline.status(last, day)
        assert state == expected_state(last, day) and days == (last - day).days


@pytest.mark.parametrize("lang", UI)
@pytest.mark.parametrize("day", [d.isoformat() for d in days_around_each_deadline()])
def test_build_time_status(day, lang):
    """What the page says for the build's day, without the days left and without that day."""
    day, ui = datetime.date.fromisoformat(day), UI[lang]
    ctx = context(lang, day)
    states = [expected_state(last, day) for last in LAST_DAYS]
    texts = [ui["deadline_past"] if state == "past" else ui["deadline_open"].replace("{date}", long_date(last, lang))
             for state, last in zip(states, LAST_DAYS)]
    assert [item["state"] for item in ctx["items"]] == states
    assert [item["text"] for item in ctx["items"]] == texts
    assert [item["rule"] for item in ctx["items"]] == [text_of(d["rule"], lang) for d in DEADLINES]
    assert ctx["any_past"] is ("past" in states)
    upcoming = next((i for i, state in enumerate(states) if state != "past"), None)
    if upcoming is None:
        years = sorted({str(last.year) for last in LAST_DAYS})
        joined = {"de": " und ", "en": " and "}[lang].join([", ".join(years[:-1]), years[-1]] if len(years) > 1 else years)
        assert ctx["announce"] == ui["announce_past"].replace("{years}", joined)
    else:
        assert ctx["announce"] == f"{text_of(DEADLINES[upcoming]['rule'], lang)}: {texts[upcoming]}"
    shown = " ".join([ctx["announce"], *texts])
    for rule in (text_of(d["rule"], lang) for d in DEADLINES):
        shown = shown.replace(rule, "")  # an editor's text may name any day
    assert long_date(day, lang) not in shown or day in LAST_DAYS, "the build day is never printed"
    # The page section: one status per deadline, its state for the script, "still possible" once one is past.
    html = deadline.section(ctx, ui)
    assert re.findall(r'data-last-day="([^"]+)" data-state="([^"]+)"', html) == [
        (last.isoformat(), state) for last, state in zip(LAST_DAYS, states)]
    still = re.search(r"<p [^>]*data-deadline-still[^>]*>", html).group(0)
    assert ("hidden" in still) is ("past" not in states)


@pytest.mark.parametrize("lang", UI)
def test_the_script_gets_the_deadlines_and_its_texts(lang):
    data = json.loads(context(lang, datetime.date(2025, 5, 20))["json"])
    assert data["zone"] == "Europe/Berlin" and data["locale"] == UI[lang]["locale"].replace("_", "-")
    assert data["deadlines"] == [{"last_day": last.isoformat(), "rule": text_of(d["rule"], lang)}
                                 for last, d in zip(LAST_DAYS, DEADLINES)]
    assert data["review_after_days"] == EXTRA["review_after_days"]
    assert set(data["ui"]) == {*deadline.JS_TEXTS, "announce_past"} and "{years}" not in data["ui"]["announce_past"]


def test_the_data_island_cannot_end_its_script_element():
    ui = {**UI["en"], "deadline_past": "</script><script>alert(1)</script>"}
    ctx = deadline.context(EXTRA["deadlines"], ui, "en", "en_GB", datetime.date(2030, 1, 1), 180)
    assert "</" not in ctx["json"] and json.loads(ctx["json"])["ui"]["deadline_past"] == ui["deadline_past"]


@pytest.mark.parametrize("lang", UI)
def test_the_first_screen_says_what_applies_now_and_how_old_the_information_is(lang):
    ui = UI[lang]
    ctx = context(lang, datetime.date.fromisoformat(AFTER))
    html = deadline.now_box(ctx, ui, "timeline/")
    assert html.startswith('<section class="now" aria-labelledby="now">\n<h2 id="now">')
    as_of = ui["now_as_of"].replace("{date}", long_date(as_date(EXTRA["timeline_as_of"]), lang))
    assert f'<p class="now__as-of">{as_of}</p>' in unescape(html)
    assert f"<strong data-deadline-announce>{ctx['announce']}</strong>" in unescape(html)
    assert all(point in unescape(html) for point in ui["now_points"])
    assert 'href="#choose-service"' in html and 'href="timeline/"' in html
    assert long_date(NEWEST.last, lang) in unescape(html) and NEWEST.title[lang] in unescape(html)
    assert long_date(datetime.date.fromisoformat(AFTER), lang) not in unescape(html)


def test_the_first_screen_escapes_its_texts():
    ui = {**UI["en"], "now_heading": "<b>x</b>", "now_points": ["a & b"]}
    html = deadline.now_box(context("en", datetime.date(2030, 1, 1)), ui, 'x"y')
    assert "<b>" not in html and "&lt;b&gt;" in html and "a &amp; b" in html and 'href="x&quot;y"' in html


def test_today_is_the_day_in_hamburg():
    """SITE_TODAY when given; else the date in Europe/Berlin, not the machine's zone."""
    assert deadline.today("2025-05-27") == datetime.date(2025, 5, 27)
    before = datetime.datetime.now(ZoneInfo("Europe/Berlin")).date()
    today = deadline.today()
    after = datetime.datetime.now(ZoneInfo("Europe/Berlin")).date()
    assert today in {before, after}


def test_wrong_site_today_is_refused(tmp_path):
    result = build(ROOT, tmp_path / "site", SITE_TODAY="26.05.2025")
    assert result.returncode != 0
    assert "SITE_TODAY='26.05.2025' is not a date. Fix: set it as YYYY-MM-DD" in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr and not (tmp_path / "site" / "index.html").exists()


# --- The built site, where the page is the subject ------------------------------------------


def announce(html: str) -> str | None:
    match = re.search(r"<(?:span|strong) data-deadline-announce>(.*?)</(?:span|strong)>", html, re.S)
    return " ".join(unescape(match.group(1)).split()) if match else None


@pytest.mark.parametrize("day", [BEFORE, AFTER])
def test_every_page_has_the_bar_in_its_language(built, day):
    """Every page but the home pages shows the bar; a home page starts with the same
    sentence in its first screen ("Was heute gilt") instead."""
    site = built(SITE_TODAY=day)
    expected = {lang: context(lang, datetime.date.fromisoformat(day))["announce"] for lang in UI}
    homes = {site / home for home in HOME.values()}
    pages = [p for p in site.rglob("*.html")]
    assert len(pages) > 20
    wrong = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        lang = re.search(r'<html lang="(\w+)"', html).group(1)
        where = page.relative_to(site)
        if announce(html) != expected[lang]:
            wrong.append(f"{where}: the bar says {announce(html)!r}, expected {expected[lang]!r}")
        if ('class="deadline-announce"' in html) is (page in homes):
            wrong.append(f"{where}: {'a bar on a home page' if page in homes else 'no bar'}")
        data = re.search(r'<script type="application/json" id="site-data">(.*?)</script>', html, re.S)
        if not data or json.loads(data.group(1)) != json.loads(context(lang, datetime.date.fromisoformat(day))["json"]):
            wrong.append(f"{where}: the site-data island is not this language's")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("lang", UI)
def test_home_first_screen_before_the_deadline(built, lang):
    """Built before the last deadline: the first screen and the deadline list say its
    last day without JavaScript, and nowhere the build day."""
    html = (built(SITE_TODAY=BEFORE) / HOME[lang]).read_text(encoding="utf-8")
    now, chooser = html.index('class="now"'), html.index('class="chooser"')
    assert now < html.index('class="deadlines"') < chooser, "status first, then the deadlines, then the chooser"
    last = LAST_DAYS[-1]
    open_text = UI[lang]["deadline_open"].replace("{date}", long_date(last, lang))
    assert announce(html) == f"{text_of(DEADLINES[-1]['rule'], lang)}: {open_text}"
    statuses = [unescape(s) for s in re.findall(r"<strong[^>]*data-deadline-status[^>]*>(.*?)</strong>", html)]
    assert statuses == [UI[lang]["deadline_past"], open_text]
    assert long_date(datetime.date.fromisoformat(BEFORE), lang) not in unescape(html)


@pytest.mark.parametrize("lang", UI)
def test_home_first_screen_after_every_deadline(built, lang):
    html = (built(SITE_TODAY=AFTER) / HOME[lang]).read_text(encoding="utf-8")
    box = html[html.index('<section class="now"'):html.index("</section>", html.index('<section class="now"'))]
    assert UI[lang]["now_heading"] in unescape(box)
    assert announce(box) == context(lang, datetime.date.fromisoformat(AFTER))["announce"]
    assert UI[lang]["now_as_of"].replace("{date}", long_date(as_date(EXTRA["timeline_as_of"]), lang)) in unescape(box)
    assert 'href="#choose-service"' in box and long_date(NEWEST.last, lang) in unescape(box)
    statuses = [unescape(s) for s in re.findall(r"<strong[^>]*data-deadline-status[^>]*>(.*?)</strong>", html)]
    assert statuses == [UI[lang]["deadline_past"]] * len(LAST_DAYS)
    assert re.search(r"<p [^>]*data-deadline-still>", html), "'you can still object' shows once a deadline is past"
