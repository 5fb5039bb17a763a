"""The timeline from docs/timeline.yml: checked, written into its page, and as an Atom feed.

One file holds every update, both languages per entry. A page with the line
`{{ timeline }}` gets the entries in date order, grouped by year
(`## 2024 {#y2024}`), each a `###` heading whose id is the entry's id, its text
and its sources; `{{ timeline_as_of }}` on its own line becomes the date an
editor last looked for news (`extra.timeline_as_of`). The Atom feed of each
language (feed.xml, en/feed.xml) carries the same entries.

`load` reports every mistake at once with the line and the fix: an entry
without a date or an https source, a text missing in a language, a date
written another way (03.12.2026: "write it as 2026-12-03"), an entry newer
than `timeline_as_of` (the page would say "as of 1 December" above a
3 December entry).
"""

from __future__ import annotations

import datetime
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import markdown as md
import yaml
from babel.dates import format_date

from .rules import as_date, date_fix, url_problem

FILE = "docs/timeline.yml"
TOKEN = re.compile(r"^\{\{\s*timeline\s*\}\}\s*$", re.M)
AS_OF_TOKEN = re.compile(r"^\{\{\s*timeline_as_of\s*\}\}\s*$", re.M)
ID = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9-]+$")
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
HREF = re.compile(r'href="([^"]+)"')


class TimelineError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("The timeline has mistakes:\n" + "\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Entry:
    id: str
    date: datetime.date
    until: datetime.date | None
    title: dict
    text: dict
    sources: tuple
    line: int

    @property
    def last(self) -> datetime.date:
        return self.until or self.date

    def date_label(self, lang: str, locale: str) -> str:
        """"26. Juni 2024" / "26 June 2024"; a span as "22.–23. Mai 2025"."""
        end = format_date(self.last, format="long", locale=locale)
        if not self.until:
            return end
        if (self.date.year, self.date.month) == (self.until.year, self.until.month):
            return f"{self.date.day}.–{end}" if lang == "de" else f"{self.date.day}–{end}"
        return f"{format_date(self.date, format='long', locale=locale)} – {end}"


def load(text: str, languages: list[str], as_of=None) -> list[Entry]:
    """The entries in date order; raises TimelineError listing every mistake."""
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        raise TimelineError([f"{FILE}{f':{mark.line + 1}' if mark else ''}: not valid YAML "
                             f"({getattr(err, 'problem', err)}). Fix: check the indentation and put quotes "
                             "around a value that contains ': '."]) from None
    if not isinstance(data, list) or root is None:
        raise TimelineError([f"{FILE}:1: must be a list of entries. Fix: start each entry with '- id: …'."])

    problems, entries, seen = [], [], {}
    for number, (item, node) in enumerate(zip(data, root.value), start=1):
        line = node.start_mark.line + 1

        def at(key: str) -> int:
            for key_node, value_node in getattr(node, "value", []):
                if getattr(key_node, "value", None) == key:
                    return value_node.start_mark.line + 1
            return line

        if not isinstance(item, dict):
            problems.append(f"{FILE}:{line}: entry {number} must be 'key: value' lines. Fix: write id:, date:, "
                            "title:, text: and sources: below '- '.")
            continue
        name = item.get("id") or f"number {number}"
        what = f"{FILE}:{{}}: entry '{name}'"
        before = len(problems)
        if not ID.match(str(item.get("id", ""))):
            problems.append(what.format(at("id")) + ": the id must be the date and a few lower-case words "
                            "joined by hyphens. Fix: e.g. 'id: 2025-05-27-training-starts'.")
        elif item["id"] in seen:
            problems.append(what.format(at("id")) + f": the id is already used at line {seen[item['id']]}. "
                            "Fix: give each entry its own id.")
        else:
            seen[item["id"]] = line
        date = as_date(item.get("date"))
        if "date" not in item:
            problems.append(what.format(line) + ": has no date. Fix: add 'date: YYYY-MM-DD' (the day it happened).")
        elif date is None:
            problems.append(what.format(at("date")) + f": the date '{item['date']}' is not written as "
                            f"YYYY-MM-DD. Fix: {date_fix(item['date'], '2025-05-27')}.")
        until = as_date(item["until"]) if "until" in item else None
        if "until" in item and (until is None or (date and until <= date)):
            problems.append(what.format(at("until")) + ": until must be a later day than date. Fix: "
                            f"{date_fix(item['until'], '2025-05-28')}, or remove 'until:'.")
        if as_of and date and (until or date) > as_of:
            problems.append(what.format(at("date")) + f": it is dated after extra.timeline_as_of ({as_of}), "
                            "so the page would give an older 'as of' date than its newest entry. Fix: set "
                            f"'timeline_as_of: {datetime.date.today().isoformat()}' in mkdocs.yml (the day you "
                            "last looked for news), or correct the entry's date.")
        for field in ("title", "text"):
            value = item.get(field)
            missing = [lang for lang in languages if not isinstance(value, dict) or not value.get(lang)]
            if missing:
                problems.append(what.format(at(field)) + f": {field} has no text for {', '.join(missing)}. "
                                f"Fix: write '{field}:', then '  de: …' and '  en: …' below it.")
        sources = item.get("sources")
        if not isinstance(sources, list) or not sources:
            problems.append(what.format(at("sources") if "sources" in item else line) +
                            ": has no source. Fix: add 'sources:' with '- title: …' and 'url: https://…'.")
            sources = []
        for index, source in enumerate(sources, start=1):
            url = source.get("url") if isinstance(source, dict) else None
            if url is None or url_problem(url):
                problems.append(what.format(at("sources")) + f": source {index}'s address {url!r} "
                                f"{url_problem(url) if url else 'is missing'}. Fix: write 'url: https://…'.")
            elif not source.get("title"):
                problems.append(what.format(at("sources")) + f": source {index} has no title. "
                                "Fix: add 'title:' (the publication's name).")
        if len(problems) == before:
            entries.append(Entry(item["id"], date, until, item["title"], item["text"], tuple(sources), line))
    if problems:
        raise TimelineError(problems)
    return sorted(entries, key=lambda e: e.date)


def source_title(source: dict, lang: str) -> str:
    title = source["title"]
    return str(title.get(lang) or next(iter(title.values()))) if isinstance(title, dict) else str(title)


def as_of_label(as_of, ui: dict) -> str | None:
    """"Stand: 1. Dezember 2026" in the language of `ui`, or None."""
    day = as_date(as_of) if as_of else None
    return ui["timeline_as_of"].replace("{date}", format_date(day, "long", locale=ui["locale"])) if day else None


def render(entries: list[Entry], lang: str, ui: dict, feed_href: str) -> str:
    """The timeline as Markdown for the page in `lang`, ending with the feed link."""
    out, year = [], None
    for entry in entries:
        if entry.date.year != year:
            year = entry.date.year
            out.append(f"## {year} {{#y{year}}}\n")
        out.append(f"### {entry.date_label(lang, ui['locale'])}: {entry.title[lang]} {{#{entry.id}}}\n")
        out.append(f"{' '.join(str(entry.text[lang]).split())}\n")
        links = []
        for source in entry.sources:
            other = source.get("lang", lang)
            note = f" ({ui['in_language'].get(other, other)})" if other != lang else ""
            links.append(f"[{source_title(source, lang)}]({source['url']}){note}")
        label = ui["source"] if len(links) == 1 else ui["sources"]
        out.append(f'{label}: {"; ".join(links)}\n{{: .timeline-sources }}\n')
    out.append(f'<p class="timeline-feed"><a href="{feed_href}" type="application/atom+xml">'
               f'{ui["feed"]}</a></p>\n')
    return "\n".join(out)


def as_of_html(label: str | None) -> str:
    return f'<p class="timeline-as-of"><strong>{label}</strong></p>\n' if label else ""


# --- The feed -----------------------------------------------------------------------


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


@dataclass(frozen=True)
class Feed:
    """What a language's feed says about itself."""
    lang: str
    base: str           # the language's root address (https://…/ or https://…/en/)
    page_url: str       # the timeline page's address
    page_dir: str       # its folder in docs/ (for relative links in entries)
    title: str
    subtitle: str
    author: str
    author_uri: str
    rights: str


def feed_xml(entries: list[Entry], feed: Feed, ui: dict, fill=lambda text: text) -> bytes:
    """The Atom feed; `fill` replaces tokens ({{ authority.… }}) in an entry's text."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: feed.lang})

    def add(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    def stamp(day) -> str:
        return f"{day.isoformat()}T00:00:00Z"

    add(root, "id", feed.base + "feed.xml")
    add(root, "title", feed.title)
    add(root, "subtitle", feed.subtitle)
    add(root, "updated", stamp(max(e.last for e in entries)))
    add(root, "link", rel="self", type="application/atom+xml", href=feed.base + "feed.xml")
    add(root, "link", rel="alternate", type="text/html", hreflang=feed.lang, href=feed.page_url)
    author = add(root, "author")
    add(author, "name", feed.author)
    add(author, "uri", feed.author_uri)
    if feed.rights:
        add(root, "rights", feed.rights)
    for entry in sorted(entries, key=lambda e: e.date, reverse=True):
        item = add(root, "entry")
        add(item, "id", f"{feed.page_url}#{entry.id}")
        add(item, "title", f"{entry.date_label(feed.lang, ui['locale'])}: {entry.title[feed.lang]}")
        add(item, "published", stamp(entry.date))
        add(item, "updated", stamp(entry.last))
        add(item, "link", rel="alternate", type="text/html", href=f"{feed.page_url}#{entry.id}")
        text = fill(" ".join(str(entry.text[feed.lang]).split()))
        links = "; ".join(f'<a href="{s["url"]}">{source_title(s, feed.lang)}</a>' for s in entry.sources)
        label = ui["source"] if len(entry.sources) == 1 else ui["sources"]
        body = f"{_absolute(md.markdown(text), feed.base, feed.page_dir)}\n<p>{label}: {links}</p>"
        add(item, "content", body, type="html")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
