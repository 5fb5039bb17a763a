"""No page prints the day it was built (issue 24, item 6, the build's part).

A site built on one day and read on another must not claim "as of" its build day:
the deadline block and the bar say a deadline's last day, the first screen the date
of its information (extra.timeline_as_of), the stale notice the date of the last
check; the days left are counted in the reader's browser only.

- The real site built for two days after every deadline, on which no guide changes
  its review state, is the same byte for byte.
- Every long date printed in a built page ("1. Dezember 2026", "1 December 2026") is
  one of the data's dates: the timeline's entries, timeline_as_of, the deadlines'
  last days, the guides' last_checked, extra.authority.as_of and any date an editor
  wrote in docs/ or mkdocs.yml; never the build day.
- Built before a deadline, the site says that deadline's last day ("Letzter Tag: …"),
  without a "Stand"/"as of" of the build day.
"""

from __future__ import annotations

import datetime
import filecmp
import re
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.utils import yaml_load
from mkdocs.utils.meta import get_data

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen.core import deadline  # noqa: E402
from sitegen.core.rules import as_date  # noqa: E402

# Two days after every deadline and every guide's review period (so that nothing legitimately
# differs: checked below), and one before the last deadline. 2026-12-09 and 2025-05-20 are shared
# with tests/test_deadline.py and test_stale_notice.py.
BEFORE = "2025-05-20"

CONFIG_TEXT = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
RAW = yaml_load(CONFIG_TEXT)
EXTRA = RAW["extra"]
UI = {block["locale"]: block["extra"]["ui"] for block in next(
    p["i18n"] for p in RAW["plugins"] if isinstance(p, dict) and "i18n" in p)["languages"]}
TIMELINE_TEXT = (ROOT / "docs/timeline.yml").read_text(encoding="utf-8")
DOCS = {path: path.read_text(encoding="utf-8") for path in sorted((ROOT / "docs").rglob("*.md"))}
GUIDES = [meta for meta in (get_data(text)[1] for text in DOCS.values()) if meta.get("last_checked")]
LAST_DAYS = sorted(as_date(d["last_day"]) for d in EXTRA["deadlines"])
_LATEST = max([LAST_DAYS[-1], *(as_date(m["last_checked"]) + datetime.timedelta(days=EXTRA["review_after_days"])
                                for m in GUIDES)])
DAY_A = max(datetime.date(2026, 12, 9), _LATEST + datetime.timedelta(days=1)).isoformat()
DAY_B = (datetime.date.fromisoformat(DAY_A) + datetime.timedelta(days=106)).isoformat()  # 2027-03-25

MONTHS = {
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "en": "January February March April May June July August September October November December".split(),
}
LONG_DATE = {
    "de": re.compile(r"\b(\d{1,2})\.\s*(" + "|".join(MONTHS["de"]) + r")\s+(\d{4})\b"),
    "en": re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS["en"]) + r")\s+(\d{4})\b"),
}
ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def long_dates(text: str) -> set[datetime.date]:
    """Every long date written in `text`, German or English."""
    found = set()
    for lang, pattern in LONG_DATE.items():
        for day, month, year in pattern.findall(text):
            found.add(datetime.date(int(year), MONTHS[lang].index(month) + 1, int(day)))
    return found


def iso_dates(text: str) -> set[datetime.date]:
    found = set()
    for year, month, day in ISO_DATE.findall(text):
        try:
            found.add(datetime.date(int(year), int(month), int(day)))
        except ValueError:
            pass
    return found


def long_date(day: datetime.date, lang: str) -> str:
    month = MONTHS[lang][day.month - 1]
    return f"{day.day}. {month} {day.year}" if lang == "de" else f"{day.day} {month} {day.year}"


def data_dates() -> set[datetime.date]:
    """Every date the site's data and sources hold."""
    found = set(LAST_DAYS)
    for entry in yaml.safe_load(TIMELINE_TEXT):
        found |= {as_date(entry["date"])} | ({as_date(entry["until"])} if "until" in entry else set())
    if EXTRA.get("timeline_as_of"):
        found.add(as_date(EXTRA["timeline_as_of"]))
    found |= {as_date(meta["last_checked"]) for meta in GUIDES}
    for text in (CONFIG_TEXT, TIMELINE_TEXT, *DOCS.values()):  # authority.as_of, dates in the texts
        found |= long_dates(text) | iso_dates(text)
    return found


ALLOWED = data_dates()


def test_the_chosen_days_leave_nothing_that_may_differ():
    """Both days are after every deadline, in the same review state for every guide,
    and no date of the data: then the two builds must be identical."""
    a, b = datetime.date.fromisoformat(DAY_A), datetime.date.fromisoformat(DAY_B)
    for day in (a, b):
        assert all(deadline.status(last, day)[0] == "past" for last in LAST_DAYS), f"{day}: choose a later day"
        assert day not in ALLOWED, f"{day} is a date of the data: choose another"
    for meta in GUIDES:
        states = {deadline.stale(meta["last_checked"], day, EXTRA["review_after_days"], UI["de"], "de_DE")["stale"]
                  for day in (a, b)}
        assert len(states) == 1, f"{meta.get('title')}: its review period ends between {a} and {b}; choose other days"
    before = datetime.date.fromisoformat(BEFORE)
    assert any(deadline.status(last, before)[0] == "ahead" for last in LAST_DAYS) and before not in ALLOWED


def test_two_days_build_the_same_site_byte_for_byte(built):
    a, b = built(SITE_TODAY=DAY_A), built(SITE_TODAY=DAY_B)
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    differ = [str(path) for path in files_a if not filecmp.cmp(a / path, b / path, shallow=False)]
    assert not differ, f"built on {DAY_A} and on {DAY_B}, these files differ: {differ}"


def printed_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.suffix in (".html", ".xml", ".json") and p.is_file())


def date_problems(path: Path, site: Path, build_day: datetime.date) -> list[str]:
    text = path.read_text(encoding="utf-8")
    where = path.relative_to(site)
    wrong = [f"{where}: {found} is no date of the data{' (the build day)' if found == build_day else ''}"
             for found in sorted(long_dates(text) - ALLOWED)]
    shown = {as_date(value) for value in re.findall(r'datetime="([^"]+)"', text)}
    wrong += [f'{where}: <time datetime="{found}"> is no date of the data' for found in sorted(shown - ALLOWED)]
    if any(long_date(build_day, lang) in text for lang in MONTHS):
        wrong.append(f"{where}: prints the build day")
    return wrong


@pytest.mark.parametrize("day", [DAY_A, BEFORE])
def test_every_printed_date_is_a_date_of_the_data(built, day):
    site = built(SITE_TODAY=day)
    build_day = datetime.date.fromisoformat(day)
    files = printed_files(site)
    assert len(files) > 30
    wrong = [problem for path in files for problem in date_problems(path, site, build_day)]
    assert not wrong, "\n".join(wrong)


def test_the_check_finds_a_printed_build_day(tmp_path):
    """The check above can fail: a page with the build day in either language, or in a <time>."""
    day = datetime.date.fromisoformat(DAY_A)
    page = tmp_path / "x.html"
    for text, expected in ((f"<p>Stand: {long_date(day, 'de')}</p>", "is no date of the data (the build day)"),
                           (f"<p>As of {long_date(day, 'en')}</p>", "is no date of the data (the build day)"),
                           (f'<time datetime="{DAY_A}">heute</time>', f'<time datetime="{DAY_A}">')):
        page.write_text(text, encoding="utf-8")
        assert any(expected in problem for problem in date_problems(page, tmp_path, day)), text
    page.write_text(f"<p>{long_date(LAST_DAYS[-1], 'de')}, {long_date(LAST_DAYS[-1], 'en')}</p>", encoding="utf-8")
    assert date_problems(page, tmp_path, day) == []


@pytest.mark.parametrize("lang", UI)
def test_built_before_a_deadline_the_site_says_its_last_day(built, lang):
    site = built(SITE_TODAY=BEFORE)
    before = datetime.date.fromisoformat(BEFORE)
    ahead = next(last for last in LAST_DAYS if deadline.status(last, before)[0] == "ahead")
    last_day = UI[lang]["deadline_open"].replace("{date}", long_date(ahead, lang))
    folder = "" if lang == "de" else f"{lang}/"
    for page in (site / folder / "index.html", site / folder / "faq" / "index.html"):
        text = page.read_text(encoding="utf-8").replace("&#39;", "'").replace("&amp;", "&")
        assert last_day in text, f"{page.relative_to(site)}: does not say {last_day!r}"
        assert long_date(before, lang) not in text
