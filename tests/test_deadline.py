"""The deadline status stays true: before, on and after each deadline, in both
languages, at build time (SITE_TODAY) and in Chromium with the clock set, also
for a site built before a deadline and read after it."""

from __future__ import annotations

import datetime
import re
from html import unescape
from pathlib import Path

import pytest

from conftest import ROOT, build, site_prefix

HOME = {"de": "index.html", "en": "en/index.html"}
DE_26_JUNI, DE_26_MAI = "Widerspruch vor dem 26. Juni 2024", "Widerspruch bis zum 26. Mai 2025"
EN_26_JUNE, EN_26_MAY = "Objections before 26 June 2024", "Objections by 26 May 2025"
PAST_DE = ("Die Fristen von 2024 und 2025 sind abgelaufen. Widersprechen können Sie trotzdem jederzeit – "
           "mit Wirkung für die künftige Nutzung Ihrer Daten.")
PAST_EN = "The 2024 and 2025 deadlines have passed. You can still object at any time – it applies to future use of your data."

# day -> language -> (status of 2024, status of 2025, announcement bar, "still possible" shown)
EXPECTED = {
    "2024-06-20": {
        "de": ("Noch 5 Tage.", "Noch 340 Tage.", f"{DE_26_JUNI}: Noch 5 Tage.", False),
        "en": ("5 days left.", "340 days left.", f"{EN_26_JUNE}: 5 days left.", False),
    },
    "2024-06-24": {
        "de": ("Morgen ist der letzte Tag.", "Noch 336 Tage.", f"{DE_26_JUNI}: Morgen ist der letzte Tag.", False),
        "en": ("Tomorrow is the last day.", "336 days left.", f"{EN_26_JUNE}: Tomorrow is the last day.", False),
    },
    "2024-06-25": {
        "de": ("Heute ist der letzte Tag.", "Noch 335 Tage.", f"{DE_26_JUNI}: Heute ist der letzte Tag.", False),
        "en": ("Today is the last day.", "335 days left.", f"{EN_26_JUNE}: Today is the last day.", False),
    },
    "2024-06-26": {
        "de": ("Diese Frist ist vorbei.", "Noch 334 Tage.", f"{DE_26_MAI}: Noch 334 Tage.", True),
        "en": ("This deadline has passed.", "334 days left.", f"{EN_26_MAY}: 334 days left.", True),
    },
    "2025-05-25": {
        "de": ("Diese Frist ist vorbei.", "Morgen ist der letzte Tag.", f"{DE_26_MAI}: Morgen ist der letzte Tag.", True),
        "en": ("This deadline has passed.", "Tomorrow is the last day.", f"{EN_26_MAY}: Tomorrow is the last day.", True),
    },
    "2025-05-26": {
        "de": ("Diese Frist ist vorbei.", "Heute ist der letzte Tag.", f"{DE_26_MAI}: Heute ist der letzte Tag.", True),
        "en": ("This deadline has passed.", "Today is the last day.", f"{EN_26_MAY}: Today is the last day.", True),
    },
    "2025-05-27": {
        "de": ("Diese Frist ist vorbei.", "Diese Frist ist vorbei.", PAST_DE, True),
        "en": ("This deadline has passed.", "This deadline has passed.", PAST_EN, True),
    },
}
AS_OF = {"de": "Stand: {}", "en": "As of {}"}
LONG_DATE = {"de": "%-d. {} %Y", "en": "%-d {} %Y"}
MONTHS = {"de": {5: "Mai", 6: "Juni"}, "en": {5: "May", 6: "June"}}


def long_date(day: str, lang: str) -> str:
    date = datetime.date.fromisoformat(day)
    return date.strftime(LONG_DATE[lang].format(MONTHS[lang][date.month]))


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def read_status(html: str) -> dict:
    """What a reader sees: status per deadline, the bar, the date, the 'still' note."""
    statuses = [text(m) for m in re.findall(r"<strong[^>]*data-deadline-status[^>]*>(.*?)</strong>", html)]
    bar = text(re.search(r"<(?:span|strong) data-deadline-announce>(.*?)</(?:span|strong)>", html, re.S).group(1))
    as_of = text(re.search(r"data-deadline-as-of>(.*?)</p>", html, re.S).group(1))
    still = re.search(r"<p [^>]*data-deadline-still[^>]*>", html).group(0)
    return {"statuses": statuses, "bar": bar, "as_of": as_of, "still": "hidden" not in still}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The site built once per fixed day."""
    built = {}
    for day in EXPECTED:
        out = tmp_path_factory.mktemp(f"site-{day}")
        result = build(ROOT, out, SITE_TODAY=day)
        assert result.returncode == 0, result.stderr
        built[day] = out
    return built


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("day", list(EXPECTED))
def test_build_time_status(sites, day, lang):
    html = (sites[day] / HOME[lang]).read_text(encoding="utf-8")
    seen = read_status(html)
    first, second, bar, still = EXPECTED[day][lang]
    assert seen["statuses"] == [first, second], f"{HOME[lang]} built on {day}"
    assert seen["bar"] == bar
    assert seen["as_of"] == AS_OF[lang].format(long_date(day, lang)), "the status must say its date"
    assert seen["still"] is still, "'you can still object' shows once a deadline is past"


@pytest.mark.parametrize("day", ["2024-06-20", "2025-05-27"])
def test_every_page_has_the_bar_in_its_language(sites, day):
    """Every page but the home pages shows the bar; a home page starts with the
    same sentence in its first screen ("Was heute gilt") instead."""
    homes = {sites[day] / home for home in HOME.values()}
    for html_file in sites[day].rglob("index.html"):
        if html_file.parent.name == "search":
            continue
        html = html_file.read_text(encoding="utf-8")
        lang = re.search(r'<html lang="(\w+)"', html).group(1)
        assert read_status_bar(html) == EXPECTED[day][lang][2], html_file.relative_to(sites[day])
        has_bar = 'class="deadline-announce"' in html
        assert has_bar is (html_file not in homes), html_file.relative_to(sites[day])


@pytest.mark.parametrize("lang", ["de", "en"])
def test_home_first_screen_says_what_applies_now(sites, lang):
    """The status comes before the chooser, with its date for readers without JavaScript."""
    html = (sites["2025-05-27"] / HOME[lang]).read_text(encoding="utf-8")
    now, chooser = html.index('class="now"'), html.index('class="chooser"')
    assert now < html.index('id="deadline"') < chooser
    box = html[html.rindex("<", 0, now):html.index("</section>", now)]
    assert text(box).startswith({"de": "Was heute gilt", "en": "What applies now"}[lang])
    assert {"de": PAST_DE, "en": PAST_EN}[lang] in text(box)
    assert {"de": "(Stand: 27. Mai 2025)", "en": "(As of 27 May 2025)"}[lang] in text(box)
    assert "noyb" in box and 'href="#choose-service"' in box
    # The newest verified fact: the newest timeline entry's date.
    assert {"de": "23. Februar 2026", "en": "23 February 2026"}[lang] in text(box)


def read_status_bar(html: str) -> str:
    return text(re.search(r"<(?:span|strong) data-deadline-announce>(.*?)</(?:span|strong)>", html, re.S).group(1))


def test_wrong_site_today_is_refused():
    result = build(ROOT, Path("/nonexistent-never-written"), SITE_TODAY="26.05.2025")
    assert result.returncode != 0
    assert "SITE_TODAY='26.05.2025' is not a date" in result.stderr and "YYYY-MM-DD" in result.stderr


def test_bad_deadline_in_mkdocs_yml_is_refused(project_copy, tmp_path):
    config = project_copy / "mkdocs.yml"
    source = config.read_text(encoding="utf-8")
    line = source.splitlines().index("    - last_day: 2025-05-26") + 1
    source = source.replace("    - last_day: 2025-05-26", "    - last_day: 26.05.2025", 1)
    source = source.replace("        en: Objections by 26 May 2025\n", "", 1)
    config.write_text(source, encoding="utf-8")
    result = build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    # Both at once, from the schema (hooks/sitegen/config.py), before anything is built.
    assert (f"mkdocs.yml:{line}: extra.deadlines[2].last_day '26.05.2025' must be a date as YYYY-MM-DD"
            in result.stderr), result.stderr[-2000:]
    assert f"mkdocs.yml:{line + 1}: extra.deadlines[2].rule has no text for English (en)." in result.stderr


def test_status_sum_matches_the_script():
    """hooks/sitegen/deadline.py and assets/deadline.js name the same states."""
    script = (ROOT / "docs/assets/deadline.js").read_text(encoding="utf-8")
    for state in ("ahead", "ahead_one", "today", "past"):
        assert f'"{state}"' in script
    assert "Europe/Berlin" in (ROOT / "hooks/sitegen/deadline.py").read_text(encoding="utf-8")


# --- In Chromium, with the reader's clock set --------------------------------

BUILT_ON = "2025-05-20"  # before the 2025 deadline: the site must still be right after it


@pytest.fixture(scope="module")
def early_server(tmp_path_factory):
    from serve_site import SiteServer

    out = tmp_path_factory.mktemp("site-early")
    result = build(ROOT, out, SITE_TODAY=BUILT_ON)
    assert result.returncode == 0, result.stderr
    with SiteServer(out, prefix=site_prefix()) as running:
        yield running


def seen_in_browser(page) -> dict:
    return page.evaluate("""() => ({
        statuses: [...document.querySelectorAll('[data-deadline-status]')].map(e => e.textContent.trim()),
        bar: document.querySelector('[data-deadline-announce]').textContent.trim(),
        as_of: document.querySelector('[data-deadline-as-of]').textContent.trim(),
        still: !document.querySelector('[data-deadline-still]').hidden,
        barDateShown: !document.querySelector('[data-deadline-bar-as-of]').hidden,
    })""")


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("day", list(EXPECTED))
def test_status_in_the_browser(early_server, context, day, lang):
    page = context.new_page()
    # Noon in Hamburg on that day.
    page.clock.set_fixed_time(datetime.datetime.fromisoformat(f"{day}T12:00:00+02:00"))
    page.goto(early_server.url + ("" if lang == "de" else "en/"))
    seen = seen_in_browser(page)
    first, second, bar, still = EXPECTED[day][lang]
    assert seen["statuses"] == [first, second], f"site built on {BUILT_ON}, read on {day}"
    assert seen["bar"] == bar
    assert seen["as_of"] == AS_OF[lang].format(long_date(day, lang))
    assert seen["still"] is still
    assert not seen["barDateShown"], "with JavaScript the bar shows today's status without a build date"


@pytest.mark.browser
def test_the_day_changes_at_midnight_in_hamburg(early_server, context):
    """23:30 UTC on 26 May 2025 is already 27 May in Hamburg: the deadline is past."""
    page = context.new_page()
    page.clock.set_fixed_time(datetime.datetime.fromisoformat("2025-05-26T23:30:00+00:00"))
    page.goto(early_server.url)
    assert seen_in_browser(page)["bar"] == PAST_DE


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["de", "en"])
def test_without_javascript_the_build_time_text_shows_with_its_date(browser, early_server, lang):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.clock.set_fixed_time(datetime.datetime.fromisoformat("2025-06-30T12:00:00+02:00"))
        # A guide: the home pages show the same sentence in their first screen (tested there).
        page.goto(early_server.url + ("" if lang == "de" else "en/") + "guides/")
        bar = page.locator(".deadline-announce").inner_text()
        dated = AS_OF[lang].format(long_date(BUILT_ON, lang))
        assert EXPECTED_ON_BUILD_DAY[lang] in bar and f"({dated})" in bar
        page.goto(early_server.url + ("" if lang == "de" else "en/"))
        assert page.locator("[data-deadline-as-of]").inner_text() == dated
        assert f"({dated})" in page.locator(".now__status").inner_text()
    finally:
        context.close()


EXPECTED_ON_BUILD_DAY = {"de": f"{DE_26_MAI}: Noch 6 Tage.", "en": f"{EN_26_MAY}: 6 days left."}
