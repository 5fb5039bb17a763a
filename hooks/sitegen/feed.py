"""An Atom feed per language from docs/timeline.yml: feed.xml and en/feed.xml.

Journalists and other authorities follow the timeline in a feed reader. Each
entry links to its heading on the timeline page and carries the text and the
sources. The feed's `updated` is the newest entry's date, so rebuilding
without a new entry changes nothing. Every page's head links the feed of its
language (overrides/partials/feed-link.html).
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import markdown as md
from mkdocs.plugins import event_priority

from .authority import TOKEN as AUTHORITY_TOKEN, _flatten
from .common import built_languages, lang_prefix, language
from .timeline import TOKEN, Entry, as_of_label, load, source_title

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HREF = re.compile(r'href="([^"]+)"')

_timeline_page: dict = {}


@event_priority(100)  # before hooks/sitegen/timeline.py replaces the token
def on_page_markdown(markdown, page, config, files):
    if TOKEN.search(markdown):
        _timeline_page[language(config)] = page
    return markdown


def _absolute(html: str, base: str, page_dir: str) -> str:
    """Links to other pages (`press-release.md#x`) as absolute addresses."""
    def fix(match: re.Match) -> str:
        href = match.group(1)
        if urlsplit(href).scheme or href.startswith(("#", "//")):
            return match.group(0)
        path, _, anchor = href.partition("#")
        path = posixpath.normpath(posixpath.join(page_dir, path))
        path = "" if path in ("index.md", ".") else re.sub(r"(/?index)?\.md$", "/", path)
        return f'href="{base}{path}{"#" + anchor if anchor else ""}"'
    return HREF.sub(fix, html)


def _text(entry: Entry, lang: str, ui: dict, tokens: dict, base: str, page_dir: str) -> str:
    text = AUTHORITY_TOKEN.sub(lambda m: tokens.get(m.group(1), m.group(0)), str(entry.text[lang]))
    html = _absolute(md.markdown(" ".join(text.split())), base, page_dir)
    links = "; ".join(f'<a href="{s["url"]}">{source_title(s, lang)}</a>' for s in entry.sources)
    label = ui["source"] if len(entry.sources) == 1 else ui["sources"]
    return f"{html}\n<p>{label}: {links}</p>"


def build_feed(entries: list[Entry], lang: str, config, page) -> ET.ElementTree:
    ui, site_url = config.extra["ui"], config.site_url
    base = site_url + lang_prefix(config)
    feed_url, page_url = base + "feed.xml", site_url + page.url
    page_dir = posixpath.dirname(page.file.src_uri)
    tokens = _flatten(config.extra.get("authority", {}), lang)
    authority = config.extra["authority"]

    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: lang})

    def add(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    def stamp(day) -> str:
        return f"{day.isoformat()}T00:00:00Z"

    add(feed, "id", feed_url)
    add(feed, "title", f"{page.title} – {config.site_name}")
    # The "as of" date (extra.timeline_as_of): when the timeline was last checked.
    stand = as_of_label(config)
    add(feed, "subtitle", " ".join(config.site_description.split()) + (f" {stand}." if stand else ""))
    add(feed, "updated", stamp(max(e.until or e.date for e in entries)))
    add(feed, "link", rel="self", type="application/atom+xml", href=feed_url)
    add(feed, "link", rel="alternate", type="text/html", hreflang=lang, href=page_url)
    author = add(feed, "author")
    add(author, "name", tokens[".name"])
    add(author, "uri", authority["website"])
    if config.copyright:
        add(feed, "rights", " ".join(config.copyright.split()))
    for entry in sorted(entries, key=lambda e: e.date, reverse=True):
        item = add(feed, "entry")
        add(item, "id", f"{page_url}#{entry.id}")
        add(item, "title", f"{entry.date_label(lang, config.extra['ui'].get('locale'))}: {entry.title[lang]}")
        add(item, "published", stamp(entry.date))
        add(item, "updated", stamp(entry.until or entry.date))
        add(item, "link", rel="alternate", type="text/html", href=f"{page_url}#{entry.id}")
        add(item, "content", _text(entry, lang, ui, tokens, site_url + lang_prefix(config), page_dir),
            type="html")
    ET.indent(feed)
    return ET.ElementTree(feed)


def on_post_build(config):
    lang = language(config)
    page = _timeline_page.get(lang)
    if page is None:
        return  # no page shows the timeline in this language: nothing to follow
    entries = load(config.docs_dir, built_languages(config))
    target = Path(config.site_dir) / lang_prefix(config) / "feed.xml"
    target.parent.mkdir(parents=True, exist_ok=True)
    build_feed(entries, lang, config, page).write(target, encoding="utf-8", xml_declaration=True)
