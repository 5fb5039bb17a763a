"""The timeline from docs/timeline.yml: checked, then written into the page.

One file holds every update, both languages per entry. A page containing the
line `{{ timeline }}` gets the entries in date order, grouped by year
(`## 2024 {#y2024}`), each as a `###` heading whose id is the entry's id, its
text and its sources. The Atom feeds (hooks/sitegen/feed.py) read the same entries.

An entry without a date, without an https source or without a text in every
language fails the build with the file, the line and the fix.
"""

from __future__ import annotations

import datetime
import logging
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import yaml
from babel.dates import format_date
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from .common import built_languages, lang_prefix, language

log = logging.getLogger("mkdocs.hooks.timeline")

DATA = "timeline.yml"  # inside docs_dir
TOKEN = re.compile(r"^\{\{\s*timeline\s*\}\}\s*$", re.M)
AS_OF_TOKEN = re.compile(r"^\{\{\s*timeline_as_of\s*\}\}\s*$", re.M)
ID = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9-]+$")
# The words the page adds (Quelle/Source, "englisch"/"in German", the feed link)
# are `extra.ui` texts per language in mkdocs.yml: source, sources, in_language, feed.


@dataclass
class Entry:
    id: str
    date: datetime.date
    until: datetime.date | None
    title: dict
    text: dict
    sources: list[dict]
    line: int

    def date_label(self, lang: str, locale: str | None = None) -> str:
        """"26. Juni 2024" / "26 June 2024"; `locale` is the language's extra.ui.locale."""
        locale = locale or lang
        end = format_date(self.until or self.date, format="long", locale=locale)
        if not self.until:
            return end
        if (self.date.year, self.date.month) == (self.until.year, self.until.month):
            return f"{self.date.day}.–{end}" if lang == "de" else f"{self.date.day}–{end}"
        return f"{format_date(self.date, format='long', locale=locale)} – {end}"


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        return None


def load(docs_dir: str | Path, languages: list[str]) -> list[Entry]:
    """The entries in date order; raises PluginError listing every mistake."""
    path = Path(docs_dir) / DATA
    where = f"docs/{DATA}"
    if not path.exists():
        raise PluginError(f"{where}: missing; the timeline page and the feeds are written from it.")
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise PluginError(f"{where}{line}: not valid YAML ({getattr(err, 'problem', err)}); "
                          "check the indentation and quote values that contain ': '.") from None
    if not isinstance(data, list) or root is None:
        raise PluginError(f"{where}:1: must be a list of entries, each starting with '- id: …'.")

    problems, entries, seen = [], [], {}
    for number, (item, node) in enumerate(zip(data, root.value), start=1):
        line = node.start_mark.line + 1

        def at(key: str) -> int:
            for key_node, value_node in getattr(node, "value", []):
                if getattr(key_node, "value", None) == key:
                    return value_node.start_mark.line + 1
            return line

        if not isinstance(item, dict):
            problems.append(f"{where}:{line}: entry {number} must be 'key: value' lines (id:, date:, title:, text:, sources:).")
            continue
        name = item.get("id") or f"number {number}"
        what = f"{where}:{{}}: entry '{name}'"
        if not ID.match(str(item.get("id", ""))):
            problems.append(what.format(at("id")) + ": id must be the date and a few lower-case words "
                            "joined by hyphens, e.g. 'id: 2025-05-27-training-starts'.")
        elif item["id"] in seen:
            problems.append(what.format(at("id")) + f": the id is already used at line {seen[item['id']]}; "
                            "give each entry its own id.")
        else:
            seen[item["id"]] = line
        date = _as_date(item.get("date"))
        if "date" not in item:
            problems.append(what.format(line) + ": has no date; add 'date: YYYY-MM-DD' (the day it happened).")
        elif date is None:
            problems.append(what.format(at("date")) + f": date '{item['date']}' is not a date; "
                            "write it as YYYY-MM-DD, e.g. 'date: 2025-05-27'.")
        until = _as_date(item["until"]) if "until" in item else None
        if "until" in item and (until is None or (date and until <= date)):
            problems.append(what.format(at("until")) + ": until must be a later date than date, as YYYY-MM-DD.")
        for field in ("title", "text"):
            value = item.get(field)
            missing = [lang for lang in languages if not isinstance(value, dict) or not value.get(lang)]
            if missing:
                problems.append(what.format(at(field)) + f": {field} needs a text for "
                                f"{', '.join(missing)} ('{field}:' then '  de: …' and '  en: …').")
        sources = item.get("sources")
        if not isinstance(sources, list) or not sources:
            problems.append(what.format(at("sources") if "sources" in item else line) +
                            ": has no source; add 'sources:' with '- title: …' and 'url: https://…'.")
            sources = []
        for index, source in enumerate(sources, start=1):
            url = source.get("url") if isinstance(source, dict) else None
            parsed = urlparse(str(url or ""))
            if parsed.scheme != "https" or not parsed.hostname:
                problems.append(what.format(at("sources")) + f": source {index} needs an https address "
                                f"('url: https://…'), not {url!r}.")
            elif not source.get("title"):
                problems.append(what.format(at("sources")) + f": source {index} needs a title: "
                                "(the publication's name).")
        if date and ID.match(str(item.get("id", ""))) and not problems:
            entries.append(Entry(item["id"], date, until, item["title"], item["text"], sources, line))
    if problems:
        raise PluginError("The timeline has mistakes:\n" + "\n".join(problems))
    return sorted(entries, key=lambda e: e.date)


def source_title(source: dict, lang: str) -> str:
    title = source["title"]
    return str(title.get(lang) or next(iter(title.values()))) if isinstance(title, dict) else str(title)


def as_of(config) -> datetime.date | None:
    """`extra.timeline_as_of`: the day an editor last looked for new events."""
    value = config.extra.get("timeline_as_of")
    if value is None:
        return None
    day = _as_date(value)
    if day is None:
        raise PluginError(f"mkdocs.yml: extra.timeline_as_of {value!r} must be a date as YYYY-MM-DD "
                          "(the day the timeline was last checked for new events).")
    return day


def as_of_label(config) -> str | None:
    """"Stand: 1. Dezember 2026" in the language being built, or None."""
    day = as_of(config)
    if day is None:
        return None
    ui = config.extra["ui"]
    return ui["timeline_as_of"].replace("{date}", format_date(day, "long", locale=ui.get("locale") or "en"))


def render(entries: list[Entry], lang: str, ui: dict, feed_href: str, stand: str | None = None) -> str:
    """The timeline as Markdown for the page in `lang`, ending with the feed link."""
    out, year = [], None
    if stand:
        out.append(f'<p class="timeline-as-of"><strong>{stand}</strong></p>\n')
    for entry in entries:
        if entry.date.year != year:
            year = entry.date.year
            out.append(f"## {year} {{#y{year}}}\n")
        out.append(f"### {entry.date_label(lang, ui.get('locale'))}: {entry.title[lang]} {{#{entry.id}}}\n")
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


_cache: dict = {}


def on_pre_build(config):
    # Checked once per language build, so a mistake stops the build early.
    _cache["entries"] = load(config.docs_dir, built_languages(config))


@event_priority(50)  # before hooks/sitegen/authority.py fills {{ authority.… }} in the entries
def on_page_markdown(markdown, page, config, files):
    if not TOKEN.search(markdown):
        return markdown
    entries = _cache.get("entries") or load(config.docs_dir, built_languages(config))
    lang = language(config)
    # The feed of this language sits at its root (feed.xml, en/feed.xml).
    feed_href = posixpath.relpath(lang_prefix(config) + "feed.xml", page.url or ".")
    # `{{ timeline_as_of }}` on its own line: the "as of" date there (else above the entries).
    stand = as_of_label(config)
    if AS_OF_TOKEN.search(markdown):
        markdown = AS_OF_TOKEN.sub(lambda _: f'<p class="timeline-as-of"><strong>{stand}</strong></p>\n'
                                   if stand else "", markdown)
        stand = None
    return TOKEN.sub(lambda _: render(entries, lang, config.extra["ui"], feed_href, stand), markdown)
