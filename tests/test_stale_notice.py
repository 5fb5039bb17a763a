"""A guide older than extra.review_after_days tells its readers so
(hooks/sitegen/core/deadline.py stale(), overrides/partials/guide-stale.html): the
notice says the date of the last check, never the build's or the reader's day; under
the form button a line says how old the link is; a guide whose facts come only from
others' reports (`checked_from: reports`) says "from reports" wherever it is dated.
(The notice on the reader's day, in Chromium: tests/test_browser_*.py.)"""

from __future__ import annotations

import datetime
import re
import sys
from html import unescape
from pathlib import Path

import pytest
from mkdocs.utils import yaml_load
from mkdocs.utils.meta import get_data

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen.core import deadline  # noqa: E402
from sitegen.core.rules import as_date  # noqa: E402

RAW = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
DAYS = RAW["extra"]["review_after_days"]
UI = {block["locale"]: block["extra"]["ui"] for block in next(
    p["i18n"] for p in RAW["plugins"] if isinstance(p, dict) and "i18n" in p)["languages"]}
LANG_ROOT = {"de": "", "en": "en/"}
# Built after every guide's review period (2026-12-09, shared with tests/test_deadline.py, or
# later if an editor checks a guide again), and before it ends.
FRESH_DAY = "2025-05-20"
MONTHS = {"de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
          "en": "January February March April May June July August September October November December".split()}


def long_date(day: datetime.date, lang: str) -> str:
    month = MONTHS[lang][day.month - 1]
    return f"{day.day}. {month} {day.year}" if lang == "de" else f"{day.day} {month} {day.year}"


def guides() -> list[tuple[str, str, dict]]:
    """(language, built page relative to the site, front matter) of every guide with a form."""
    found = []
    for path in sorted((ROOT / "docs/guides").glob("*.*.md")):
        name, lang = path.name.split(".")[:2]
        meta = get_data(path.read_text(encoding="utf-8"))[1]
        if name != "index" and meta.get("form_url") and lang in LANG_ROOT:
            found.append((lang, f"{LANG_ROOT[lang]}guides/{name}/index.html", meta))
    return found


GUIDES = guides()
STALE_DAY = max(datetime.date(2026, 12, 9), max(as_date(meta["last_checked"]) for _, _, meta in GUIDES)
                + datetime.timedelta(days=DAYS + 1)).isoformat()


def test_there_are_guides_in_every_language():
    assert {lang for lang, _, _ in GUIDES} == set(LANG_ROOT) and len(GUIDES) >= 8


# --- core.deadline.stale ----------------------------------------------------------------------


@pytest.mark.parametrize("lang", UI)
@pytest.mark.parametrize("from_reports", [False, True], ids=["checked", "reports"])
def test_stale_after_the_review_period_and_not_on_its_last_day(lang, from_reports):
    checked = datetime.date(2025, 5, 26)
    ui, suffix = UI[lang], "_reports" if from_reports else ""
    last_day = checked + datetime.timedelta(days=DAYS)
    on_time = deadline.stale(checked.isoformat(), last_day, DAYS, ui, ui["locale"], from_reports)
    late = deadline.stale(checked, last_day + datetime.timedelta(days=1), DAYS, ui, ui["locale"], from_reports)
    assert on_time["stale"] is False and late["stale"] is True
    label = long_date(checked, lang)
    assert late == {**on_time, "stale": True}, "nothing else depends on the day"
    assert late["last_checked"] == "2025-05-26" and late["checked_date"] == label
    assert late["checked_text"] == ui[f"stale_checked{suffix}"].replace("{date}", label)
    assert late["form_checked"] == ui[f"form_checked{suffix}"].replace("{date}", label)
    assert late["checked_label"] == ui[f"last_checked{suffix}"]
    assert long_date(last_day, lang) not in str(late), "the build day is never printed"


def test_a_last_checked_that_is_no_date_gives_no_notice():
    assert deadline.stale("26.05.2025", datetime.date(2026, 1, 1), DAYS, UI["de"], "de_DE") is None


def test_the_texts_for_reports_never_say_checked():
    """A guide that rests on reports must not claim that anyone checked the form:
    its texts differ from the checked ones in every language."""
    for ui in UI.values():
        for key in ("stale_checked", "form_checked", "last_checked"):
            assert ui[f"{key}_reports"] != ui[key], key


# --- The built guides ---------------------------------------------------------------------------


def part(html: str, start: str, end: str) -> str:
    begin = html.index(start)
    return html[begin:html.index(end, begin)]


@pytest.mark.parametrize("lang, page, meta", GUIDES, ids=[page for _, page, _ in GUIDES])
def test_after_the_review_period_the_notice_follows_the_form_and_its_age(built, lang, page, meta):
    """The button first (on a phone it must be whole on the first screen), the line under it
    that says how old the link is, then the notice with what to do if a step does not match."""
    html = (built(SITE_TODAY=STALE_DAY) / page).read_text(encoding="utf-8")
    ui, checked = UI[lang], as_date(meta["last_checked"])
    notice = re.search(r"<aside class=\"stale-notice[^>]*>", html)
    assert notice and " hidden" not in notice.group(0), f"{page}: no visible stale notice"
    assert f'data-last-checked="{checked.isoformat()}"' in notice.group(0)
    title, button, age = html.index("</h1>"), html.index("guide-form__button"), html.index("guide-form__age")
    assert title < button < age < notice.start(), f"{page}: title, button, the link's age, then the notice"
    block = unescape(part(html, '<aside class="stale-notice', "</aside>"))
    reports = meta.get("checked_from") == "reports"
    suffix = "_reports" if reports else ""
    assert ui[f"stale_checked{suffix}"].replace("{date}", long_date(checked, lang)) in block
    assert f'href="{meta["form_url"]}"' in block and 'href="../../contact/"' in block
    assert long_date(datetime.date.fromisoformat(STALE_DAY), lang) not in unescape(html), "no build day in the page"


@pytest.mark.parametrize("lang, page, meta", GUIDES, ids=[page for _, page, _ in GUIDES])
def test_the_line_under_the_button_says_how_old_the_link_is(site, lang, page, meta):
    html = (site / page).read_text(encoding="utf-8")
    ui, checked = UI[lang], as_date(meta["last_checked"])
    suffix = "_reports" if meta.get("checked_from") == "reports" else ""
    form = part(html, '<div class="guide-form"', "</div>")
    age = re.search(r'<p class="guide-form__age"><time datetime="([^"]+)">(.*?)</time></p>', form)
    assert age, f"{page}: no line under the form button"
    assert age.group(1) == checked.isoformat()
    assert unescape(age.group(2)) == ui[f"form_checked{suffix}"].replace("{date}", long_date(checked, lang))
    assert form.index("guide-form__button") < age.start()


@pytest.mark.parametrize("lang, page, meta", [g for g in GUIDES if g[2].get("checked_from") == "reports"],
                         ids=[page for _, page, meta in GUIDES if meta.get("checked_from") == "reports"])
def test_a_guide_from_reports_says_so_wherever_it_is_dated(built, lang, page, meta):
    html = unescape((built(SITE_TODAY=STALE_DAY) / page).read_text(encoding="utf-8"))
    ui = UI[lang]
    date = long_date(as_date(meta["last_checked"]), lang)
    for key in ("stale_checked", "form_checked"):
        assert ui[f"{key}_reports"].replace("{date}", date) in html, key
        assert ui[key].replace("{date}", date) not in html, f"{page}: says {ui[key]!r} without checking"
    sources = part(html, '<aside class="guide-checked"', "</aside>")
    assert ui["last_checked_reports"] in sources and ui["last_checked"] + " " not in sources.replace(
        ui["last_checked_reports"], "")


def test_before_the_review_period_ends_the_notice_is_in_the_page_but_hidden(built):
    site = built(SITE_TODAY=FRESH_DAY)
    for lang, page, meta in GUIDES:
        html = (site / page).read_text(encoding="utf-8")
        assert (datetime.date.fromisoformat(FRESH_DAY) - as_date(meta["last_checked"])).days <= DAYS
        notice = re.search(r"<aside class=\"stale-notice[^>]*>", html)
        assert notice and notice.group(0).endswith(" hidden>"), f"{page}: the browser needs the notice, hidden"
        assert 'class="guide-form__age"' in html, f"{page}: the link's age is shown whatever the day"


def guide_paths(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if 'class="guide-form"' in p.read_text(encoding="utf-8"))


def test_every_page_with_a_form_is_a_guide_of_the_data(site):
    assert [p.relative_to(site).as_posix() for p in guide_paths(site)] == sorted(page for _, page, _ in GUIDES)
