"""The timeline is data (docs/timeline.yml): the page and an Atom feed per
language are written from it, every page's head links the feed, and the build
refuses an entry without a date or without an https source."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from urllib.parse import urljoin, urlparse
from xml.etree import ElementTree as ET

import pytest
import yaml

from conftest import ROOT, SITE_URL, build

A = "{http://www.w3.org/2005/Atom}"
FEEDS = {"de": "feed.xml", "en": "en/feed.xml"}
TIMELINE = {"de": "timeline/index.html", "en": "en/timeline/index.html"}
ENTRIES = yaml.safe_load((ROOT / "docs/timeline.yml").read_text(encoding="utf-8"))


def rfc3339(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


@pytest.mark.parametrize("lang", FEEDS)
def test_feed_is_valid_atom(site, lang):
    feed = ET.parse(site / FEEDS[lang]).getroot()
    assert feed.tag == f"{A}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
    for tag in ("id", "title", "updated"):  # RFC 4287 4.1.1: required in atom:feed
        assert (feed.findtext(f"{A}{tag}") or "").strip(), f"{FEEDS[lang]}: <{tag}> missing"
    rfc3339(feed.findtext(f"{A}updated"))
    self_link = [l for l in feed.findall(f"{A}link") if l.get("rel") == "self"]
    assert self_link and self_link[0].get("href") == SITE_URL + FEEDS[lang]
    assert feed.findtext(f"{A}author/{A}name"), "a feed without entry authors needs a feed author"
    entries = feed.findall(f"{A}entry")
    assert entries
    ids = [e.findtext(f"{A}id") for e in entries]
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    newest = max(rfc3339(e.findtext(f"{A}updated")) for e in entries)
    assert rfc3339(feed.findtext(f"{A}updated")) == newest
    for entry in entries:
        for tag in ("id", "title", "updated"):  # RFC 4287 4.1.2
            assert (entry.findtext(f"{A}{tag}") or "").strip(), f"{FEEDS[lang]}: entry without <{tag}>"
        link = entry.find(f"{A}link")
        assert link is not None and link.get("href", "").startswith(SITE_URL)
        assert entry.find(f"{A}content").get("type") == "html"
        assert urlparse(entry.findtext(f"{A}id")).scheme == "https"


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
        assert "{{" not in content and "href=\"press-release" not in content, "tokens filled, links absolute"
        assert f'<h3 id="{item["id"]}">' in html, f"{TIMELINE[lang]}: no heading #{item['id']}"
    assert len(in_feed) == len(ENTRIES)


@pytest.mark.parametrize("lang", FEEDS)
def test_timeline_keeps_the_anchors_other_pages_link_to(site, lang):
    html = (site / TIMELINE[lang]).read_text(encoding="utf-8")
    for anchor in ("y2024", "y2025", "open", "2024-12-17-edpb-opinion", "2025-05-26-deadline"):
        assert f'id="{anchor}"' in html
    assert "{{" not in html, "a token was left unfilled"


def test_every_page_links_the_feed_of_its_language(site):
    pages = [p for p in site.rglob("*.html")]
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        lang = re.search(r'<html lang="(\w+)"', html).group(1)
        links = re.findall(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">', html)
        assert len(links) == 1, f"{page.relative_to(site)}: needs one feed link in the head"
        folder = page.relative_to(site).parent.as_posix()
        target = urljoin(SITE_URL if folder == "." else f"{SITE_URL}{folder}/", links[0])
        assert target == SITE_URL + FEEDS[lang], f"{page.relative_to(site)}: feed link {links[0]} -> {target}"


# --- The build refuses broken entries, naming file, line and fix ------------

def broken(project: Path, old: str, new: str) -> int:
    data = project / "docs/timeline.yml"
    text = data.read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    data.write_text(text.replace(old, new, 1), encoding="utf-8")
    return line


def test_entry_without_date_is_refused(project_copy, tmp_path):
    line = broken(project_copy, "- id: 2025-05-21-dpc-statement\n  date: 2025-05-21\n",
                  "- id: 2025-05-21-dpc-statement\n")
    result = build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert (f"docs/timeline.yml:{line}: entry '2025-05-21-dpc-statement': has no date; "
            "add 'date: YYYY-MM-DD'") in result.stderr


def test_entry_with_a_date_in_another_format_is_refused(project_copy, tmp_path):
    line = broken(project_copy, "  date: 2025-05-21\n", "  date: 21.05.2025\n")
    result = build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert f"docs/timeline.yml:{line}: entry '2025-05-21-dpc-statement': date '21.05.2025' is not a date" in result.stderr


def test_entry_without_https_source_is_refused(project_copy, tmp_path):
    broken(project_copy, "url: https://www.dataprotection.ie/", "url: http://www.dataprotection.ie/")
    line = broken(project_copy, "  sources:\n    - title: Data Protection Commission",
                  "  sources:\n    - title: Data Protection Commission")
    result = build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert (f"docs/timeline.yml:{line + 1}: entry '2025-05-21-dpc-statement': source 1 needs an https "
            "address ('url: https://…')") in result.stderr


def test_entry_without_any_source_is_refused(project_copy, tmp_path):
    text = (project_copy / "docs/timeline.yml").read_text(encoding="utf-8")
    start = text.index("  sources:\n    - title: Data Protection Commission")
    end = text.index("\n\n", start)
    line = broken(project_copy, text[start:end + 1], "")
    result = build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "entry '2025-05-21-dpc-statement': has no source; add 'sources:'" in result.stderr
    assert re.search(r"docs/timeline\.yml:\d+: entry '2025-05-21-dpc-statement': has no source", result.stderr)


def test_adding_an_entry_is_adding_one_entry(project_copy, tmp_path):
    with (project_copy / "docs/timeline.yml").open("a", encoding="utf-8") as data:
        data.write("""
- id: 2025-06-01-test-entry
  date: 2025-06-01
  title: {de: Testeintrag, en: Test entry}
  text: {de: Ein Test., en: A test.}
  sources:
    - title: Example
      url: https://example.org/
      lang: en
""")
    out = tmp_path / "out"
    result = build(project_copy, out)
    assert result.returncode == 0, result.stderr
    for lang in FEEDS:
        assert "#2025-06-01-test-entry</id>" in (out / FEEDS[lang]).read_text(encoding="utf-8")
        assert 'id="2025-06-01-test-entry"' in (out / TIMELINE[lang]).read_text(encoding="utf-8")
