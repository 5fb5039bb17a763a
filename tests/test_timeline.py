"""The timeline is data (docs/timeline.yml, hooks/sitegen/core/timeline.py): `load`
reports every mistake at once with the line and the fix (in-process, on a small
timeline written here); the page and an Atom feed per language are written from
it; every page's head links its language's feed (the built site)."""

from __future__ import annotations

import datetime
import re
import sys
from urllib.parse import urljoin, urlparse
from xml.etree import ElementTree as ET

import pytest
import yaml
from mkdocs.utils import yaml_load

from conftest import ROOT, SITE_URL

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen.core import pages, timeline  # noqa: E402

A = "{http://www.w3.org/2005/Atom}"
FEEDS = {"de": "feed.xml", "en": "en/feed.xml"}
TIMELINE = {"de": "timeline/index.html", "en": "en/timeline/index.html"}
TEXT = (ROOT / "docs/timeline.yml").read_text(encoding="utf-8")
ENTRIES = yaml.safe_load(TEXT)
RAW = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
AS_OF = RAW["extra"].get("timeline_as_of")
UI = {block["locale"]: block["extra"]["ui"] for block in next(
    p["i18n"] for p in RAW["plugins"] if isinstance(p, dict) and "i18n" in p)["languages"]}
LANGUAGES = list(UI)

ENTRY = """\
- id: 2025-05-21-dpc-statement
  date: 2025-05-21
  title:
    de: Stellungnahme der DPC
    en: DPC statement
  text:
    de: Die DPC äußert sich zu Metas Plänen. Siehe [Pressemitteilung](press-release.md).
    en: The DPC comments on Meta's plans. See the [press release](press-release.md).
  sources:
    - title: Data Protection Commission
      url: https://www.dataprotection.ie/
      lang: en
"""
SMALL = "# A comment\n\n" + ENTRY + "\n" + ENTRY.replace("2025-05-21", "2025-06-02").replace("dpc-statement", "second")


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


def problems(text: str, as_of=None) -> list[str]:
    with pytest.raises(timeline.TimelineError) as caught:
        timeline.load(text, LANGUAGES, as_of)
    assert str(caught.value).startswith("The timeline has mistakes:\n")
    return caught.value.problems


def test_the_projects_timeline_and_the_sample_load():
    entries = timeline.load(TEXT, LANGUAGES, AS_OF)
    assert [e.id for e in entries] == [e["id"] for e in sorted(ENTRIES, key=lambda e: e["date"])]
    assert [e.id for e in timeline.load(SMALL, LANGUAGES)] == ["2025-05-21-dpc-statement", "2025-06-02-second"]


def test_an_entry_without_date_is_refused():
    text = SMALL.replace("  date: 2025-05-21\n", "", 1)
    assert problems(text) == [f"docs/timeline.yml:{line_of(text, '- id: 2025-05-21')}: entry "
                              "'2025-05-21-dpc-statement': has no date. Fix: add 'date: YYYY-MM-DD' (the day it happened)."]


@pytest.mark.parametrize("german, iso", [("21.05.2025", "2025-05-21"), ("1.6.2025", "2025-06-01")])
def test_a_german_date_gets_its_iso_form(german, iso):
    text = SMALL.replace("  date: 2025-05-21\n", f"  date: {german}\n", 1)
    (problem,) = problems(text)
    assert problem == (f"docs/timeline.yml:{line_of(text, f'date: {german}')}: entry '2025-05-21-dpc-statement': "
                       f"the date '{german}' is not written as YYYY-MM-DD. Fix: write it as {iso} (YYYY-MM-DD).")


def test_until_must_be_a_later_day():
    text = SMALL.replace("  date: 2025-05-21\n", "  date: 2025-05-21\n  until: 20.05.2025\n", 1)
    (problem,) = problems(text)
    assert problem.startswith(f"docs/timeline.yml:{line_of(text, 'until:')}: entry '2025-05-21-dpc-statement': "
                              "until must be a later day than date. Fix: write it as 2025-05-20")


@pytest.mark.parametrize("url, reason", [
    ("http://www.dataprotection.ie/", "is not a plain https: address"),
    ("javascript:alert(1)", "is not a plain https: address"),
    ('"https://www.dataprotection.ie/a b"', "contains U+0020"),
])
def test_a_source_without_an_https_address_is_refused(url, reason):
    text = SMALL.replace("url: https://www.dataprotection.ie/", f"url: {url}", 1)
    (problem,) = problems(text)
    # The line where the entry's sources start (the first '- title:').
    assert problem.startswith(f"docs/timeline.yml:{line_of(text, 'sources:') + 1}: entry '2025-05-21-dpc-statement': "
                              "source 1's address ")
    assert reason in problem and problem.endswith("Fix: write 'url: https://…'.")


def test_an_entry_without_any_source_is_refused():
    start = SMALL.index("  sources:")
    text = SMALL[:start] + SMALL[SMALL.index("\n\n", start) + 1:]
    (problem,) = problems(text)
    assert problem == (f"docs/timeline.yml:{line_of(text, '- id: 2025-05-21')}: entry '2025-05-21-dpc-statement': "
                       "has no source. Fix: add 'sources:' with '- title: …' and 'url: https://…'.")
    (problem,) = problems(SMALL.replace("  sources:\n    - title: Data Protection Commission\n      url: https"
                                        "://www.dataprotection.ie/\n      lang: en\n", "  sources: []\n", 1))
    assert "has no source" in problem


def test_a_source_without_a_title_is_refused():
    text = SMALL.replace("    - title: Data Protection Commission\n      url:", "    - url:", 1)
    (problem,) = problems(text)
    assert "source 1 has no title. Fix: add 'title:'" in problem


@pytest.mark.parametrize("field", ["title", "text"])
def test_a_text_missing_in_a_language_is_refused(field):
    lang = LANGUAGES[-1]
    text = re.sub(rf"(  {field}:\n(?:    \w\w: .*\n)*?)    {lang}: .*\n", r"\1", SMALL, count=1)
    assert text != SMALL
    (problem,) = problems(text)
    # The line where the field's texts start (its first language).
    assert problem == (f"docs/timeline.yml:{line_of(text, f'  {field}:') + 1}: entry '2025-05-21-dpc-statement': "
                       f"{field} has no text for {lang}. Fix: write '{field}:', then '  de: …' and '  en: …' below it.")


def test_a_duplicate_id_is_refused():
    text = SMALL.replace("2025-06-02-second", "2025-05-21-dpc-statement")
    (problem,) = problems(text)
    second = text.index("- id: 2025-05-21-dpc-statement", text.index("- id: 2025-05-21-dpc-statement") + 1)
    assert problem == (f"docs/timeline.yml:{text[:second].count(chr(10)) + 1}: entry '2025-05-21-dpc-statement': "
                       f"the id is already used at line {line_of(text, '- id:')}. Fix: give each entry its own id.")


@pytest.mark.parametrize("bad_id", ["DPC statement", "2025-05-21", "statement-2025-05-21", "2025-05-21-Groß"])
def test_an_id_that_is_not_date_and_words_is_refused(bad_id):
    (problem,) = problems(SMALL.replace("id: 2025-05-21-dpc-statement", f"id: {bad_id}", 1))
    assert "the id must be the date and a few lower-case words joined by hyphens" in problem


def test_an_entry_newer_than_timeline_as_of_is_refused_with_the_fix():
    as_of = datetime.date(2025, 6, 1)
    (problem,) = problems(SMALL, as_of)
    today = datetime.date.today().isoformat()
    assert problem == (f"docs/timeline.yml:{line_of(SMALL, 'date: 2025-06-02')}: entry '2025-06-02-second': it is "
                       "dated after extra.timeline_as_of (2025-06-01), so the page would give an older 'as of' date "
                       f"than its newest entry. Fix: set 'timeline_as_of: {today}' in mkdocs.yml (the day you last "
                       "looked for news), or correct the entry's date.")
    assert timeline.load(SMALL, LANGUAGES, datetime.date(2025, 6, 2))  # on the day itself: fine


def test_every_mistake_at_once():
    text = SMALL.replace("  date: 2025-05-21\n", "", 1).replace("url: https://www.dataprotection.ie/",
                                                                 "url: http://x.example/", 2)
    found = problems(text)
    assert len(found) == 3 and "has no date" in found[0] and "source 1's address" in found[1]
    assert "'2025-06-02-second'" in found[2]


@pytest.mark.parametrize("text, line, message", [
    ("- id: x\n  date: [2025\n", 3, "not valid YAML"),
    ("id: 2025-05-21-x\n", 1, "must be a list of entries"),
    ("- just a line\n", 1, "entry 1 must be 'key: value' lines"),
])
def test_a_file_that_is_not_a_list_of_entries_is_refused(text, line, message):
    (problem,) = problems(text)
    assert problem.startswith(f"docs/timeline.yml:{line}: ") and message in problem and "Fix:" in problem


# --- The page and the feed, from the entries ------------------------------------------------

SPAN = SMALL.replace("  date: 2025-05-21\n", "  date: 2025-05-21\n  until: 2025-05-22\n", 1)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_render_groups_by_year_with_the_entries_ids_and_sources(lang):
    entries = timeline.load(SPAN + "\n" + ENTRY.replace("2025-05-21", "2024-12-30").replace("dpc-statement", "old"),
                            LANGUAGES)
    markdown = timeline.render(entries, lang, UI[lang], "../feed.xml")
    assert re.findall(r"^## (\d{4}) \{#y\d{4}\}$", markdown, re.M) == ["2024", "2025"]
    headings = re.findall(r"^### (.*) \{#([^}]+)\}$", markdown, re.M)
    assert [anchor for _, anchor in headings] == ["2024-12-30-old", "2025-05-21-dpc-statement", "2025-06-02-second"]
    span = {"de": "21.–22. Mai 2025", "en": "21–22 May 2025"}[lang]
    title = {"de": "Stellungnahme der DPC", "en": "DPC statement"}[lang]
    assert headings[1][0] == f"{span}: {title}"
    other = UI[lang]["in_language"]["en"]
    note = f" ({other})" if lang != "en" else ""
    assert f"{UI[lang]['source']}: [Data Protection Commission](https://www.dataprotection.ie/){note}" in markdown
    assert markdown.rstrip().endswith(f'<p class="timeline-feed"><a href="../feed.xml" type="application/atom+xml">'
                                      f"{UI[lang]['feed']}</a></p>")


def test_as_of_label_is_the_data_date_in_the_language():
    assert timeline.as_of_label(datetime.date(2026, 12, 1), UI["de"]) == UI["de"]["timeline_as_of"].replace(
        "{date}", "1. Dezember 2026")
    assert timeline.as_of_label("2026-12-01", UI["en"]) == UI["en"]["timeline_as_of"].replace("{date}", "1 December 2026")
    assert timeline.as_of_label(None, UI["en"]) is None and timeline.as_of_html(None) == ""


def small_feed(lang: str) -> ET.Element:
    entries = timeline.load(SPAN, LANGUAGES)
    base = SITE_URL + ("" if lang == "de" else f"{lang}/")
    feed = timeline.Feed(lang=lang, base=base, page_url=base + "timeline/", page_dir="", title="T", subtitle="S",
                         author="A", author_uri="https://a.example/", rights="R")
    fill = lambda text: pages.fill_tokens(text, RAW["extra"], lang)[0]  # noqa: E731
    return ET.fromstring(timeline.feed_xml(entries, feed, UI[lang], fill))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_feed_xml_is_atom_with_absolute_links(lang):
    feed = small_feed(lang)
    base = SITE_URL + ("" if lang == "de" else f"{lang}/")
    assert feed.tag == f"{A}feed" and feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    assert feed.findtext(f"{A}updated") == "2025-06-02T00:00:00Z"
    entries = feed.findall(f"{A}entry")
    assert [e.findtext(f"{A}id") for e in entries] == [f"{base}timeline/#2025-06-02-second",
                                                        f"{base}timeline/#2025-05-21-dpc-statement"], "newest first"
    span = entries[1]
    assert span.findtext(f"{A}published") == "2025-05-21T00:00:00Z" and span.findtext(f"{A}updated") == "2025-05-22T00:00:00Z"
    content = span.findtext(f"{A}content")
    assert f'href="{base}press-release/"' in content, "a page link becomes absolute"
    assert 'href="https://www.dataprotection.ie/"' in content and "{{" not in content


def test_feed_xml_fills_tokens():
    text = SPAN.replace("Die DPC äußert sich", "Der {{ authority.short }} äußert sich", 1)
    entries = timeline.load(text, LANGUAGES)
    feed = timeline.Feed("de", SITE_URL, SITE_URL + "timeline/", "", "T", "S", "A", "https://a.example/", "")
    xml = timeline.feed_xml(entries, feed, UI["de"], lambda t: pages.fill_tokens(t, RAW["extra"], "de")[0]).decode()
    assert f"Der {RAW['extra']['authority']['short']} äußert sich" in xml and "<rights>" not in xml


# --- The built site ---------------------------------------------------------------------------


def rfc3339(value: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.mark.parametrize("lang", FEEDS)
def test_feed_is_valid_atom(site, lang):
    feed = ET.parse(site / FEEDS[lang]).getroot()
    assert feed.tag == f"{A}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    for tag in ("id", "title", "updated"):  # RFC 4287 4.1.1: required in atom:feed
        assert (feed.findtext(f"{A}{tag}") or "").strip(), f"{FEEDS[lang]}: <{tag}> missing"
    self_link = [link for link in feed.findall(f"{A}link") if link.get("rel") == "self"]
    assert self_link and self_link[0].get("href") == SITE_URL + FEEDS[lang]
    assert feed.findtext(f"{A}author/{A}name"), "a feed without entry authors needs a feed author"
    entries = feed.findall(f"{A}entry")
    ids = [e.findtext(f"{A}id") for e in entries]
    assert entries and len(ids) == len(set(ids)), "entry ids must be unique"
    assert rfc3339(feed.findtext(f"{A}updated")) == max(rfc3339(e.findtext(f"{A}updated")) for e in entries)
    for entry in entries:
        for tag in ("id", "title", "updated"):  # RFC 4287 4.1.2
            assert (entry.findtext(f"{A}{tag}") or "").strip(), f"{FEEDS[lang]}: entry without <{tag}>"
        assert entry.find(f"{A}link").get("href", "").startswith(SITE_URL)
        assert entry.find(f"{A}content").get("type") == "html"
        assert urlparse(entry.findtext(f"{A}id")).scheme == "https"
    if AS_OF:
        label = timeline.as_of_label(AS_OF, UI[lang])
        assert feed.findtext(f"{A}subtitle").endswith(f" {label}."), "the feed says when it was last researched"


@pytest.mark.parametrize("lang", FEEDS)
def test_feed_and_page_list_every_timeline_entry(site, lang):
    feed = ET.parse(site / FEEDS[lang]).getroot()
    page_url = SITE_URL + TIMELINE[lang].removesuffix("index.html")
    in_feed = {e.findtext(f"{A}id"): e for e in feed.findall(f"{A}entry")}
    html = (site / TIMELINE[lang]).read_text(encoding="utf-8")
    for item in ENTRIES:
        entry = in_feed.get(f"{page_url}#{item['id']}")
        assert entry is not None, f"{FEEDS[lang]}: timeline entry {item['id']} is missing"
        assert entry.find(f"{A}link").get("href") == f"{page_url}#{item['id']}"
        assert item["title"][lang] in entry.findtext(f"{A}title")
        assert rfc3339(entry.findtext(f"{A}published")).date() == item["date"]
        content = entry.findtext(f"{A}content")
        for source in item["sources"]:
            assert f'href="{source["url"]}"' in content, f"{item['id']}: source missing from the feed"
            assert f'href="{source["url"]}"' in html.replace("&amp;", "&")
        assert "{{" not in content and not re.search(r'href="(?!https://)', content), "tokens filled, links absolute"
        assert re.search(rf'<h3 id="{item["id"]}">', html), f"{TIMELINE[lang]}: no heading #{item['id']}"
    for year in {item["date"].year for item in ENTRIES}:
        assert f'id="y{year}"' in html
    assert len(in_feed) == len(ENTRIES)
    if AS_OF:
        assert f'<p class="timeline-as-of"><strong>{timeline.as_of_label(AS_OF, UI[lang])}</strong></p>' in html


def test_every_page_links_the_feed_of_its_language(site):
    pages_ = sorted(site.rglob("*.html"))
    assert len(pages_) > 20
    for page in pages_:
        html = page.read_text(encoding="utf-8")
        lang = re.search(r'<html lang="(\w+)"', html).group(1)
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', html)
        assert len(links) == 1, f"{page.relative_to(site)}: needs one feed link in the head"
        folder = page.relative_to(site).parent.as_posix()
        target = urljoin(SITE_URL if folder == "." else f"{SITE_URL}{folder}/", links[0])
        if page.name == "404.html":  # served for a missing address at any depth: root-absolute
            target = urljoin(SITE_URL, links[0])
        assert target == SITE_URL + FEEDS[lang], f"{page.relative_to(site)}: feed link {links[0]} -> {target}"
