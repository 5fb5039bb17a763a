"""Readers' words in the search index: the parts of compounds, and synonyms.

Material's search (lunr) finds a word by its beginning only: "gericht" does not
find "Oberlandesgericht", "formular" does not find "Widerspruchsformular".
Readers search with parts of compounds all the time, and with their own words
("Kinder" where the text says "unter 18").

After hooks/sitegen/search_per_language.py has written a language's index (priority
-110), this hook adds two fields to that language's index entries that lunr
indexes but the results never show (Material's results show `title` and
`text` only):

- `title_words`: the inner parts of the compounds in the entry's heading, and
  the readers' words an editor keeps in docs/search/synonyms.<lang>.yml for
  this page or section. Indexed with the boost of `title`.
- `text_words`: the inner parts of the compounds in the entry's text.
  Indexed with the boost of `text`.

So a part ranks like the word it is part of. "Inner part" means what the
search cannot already find: a compound is findable by its beginning, so
"Widerspruchsformulare" adds "formulare" (which "formular" finds), not its beginning, and
"Oberlandesgericht" adds "landesgericht" and "gericht". The parts are the
compound's own letters from each boundary on, so inflection and linking
letters stay as the text has them.

Which library splits a language's compounds, and where its synonyms are, is
data in mkdocs.yml (`extra.search_words`, per language); a language without
a splitter gets synonyms only. SPLITTERS below lists the splitters;
scripts/compare_splitters.py measures them on the site's own words.

A synonyms file that names a page or section that does not exist stops the
(strict) build with the file and line: `make check` fails on it.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable

import yaml
from mkdocs.plugins import event_priority

from .common import is_fallback, lang_prefix, language

log = logging.getLogger("mkdocs.hooks.search_words")

MIN_LENGTH = 8      # shorter words are rarely compounds worth splitting
MIN_PART = 4        # a part shorter than this finds too much
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"[^\W\d_]+")
FIELDS = {"title_words": "title", "text_words": "text"}  # hidden field: boost taken from


# --- Splitters: name -> function(word) -> parts, or [] for "not a compound" --

def _german_nouns() -> Callable[[str], list[str]]:
    """german-nouns: ~100,000 nouns from the German Wiktionary and their forms;
    parse_compound() matches known nouns from the end of the word."""
    from german_nouns.lookup import Nouns

    nouns = Nouns()

    def split(word: str) -> list[str]:
        if not word[:1].isupper():
            return []  # a list of nouns: German nouns are capitalised
        parts = nouns.parse_compound(word)
        return parts if len(parts) > 1 else []

    return split


def _compound_split() -> Callable[[str], list[str]]:
    """compound-split (CharSplit): character n-gram probabilities learnt from
    German text; maximal_split() splits nouns (capitalised words) only."""
    from compound_split import doc_split

    def split(word: str) -> list[str]:
        parts = doc_split.maximal_split(word)
        return parts if len(parts) > 1 else []

    return split


SPLITTERS: dict[str, Callable[[], Callable[[str], list[str]]]] = {
    "german-nouns": _german_nouns,
    "compound-split": _compound_split,
}


@lru_cache(maxsize=None)
def splitter(name: str) -> Callable[[str], list[str]]:
    return SPLITTERS[name]()


def _find(word: str, part: str, start: int) -> int:
    """Where `part` (a surface form or a lemma: "Konto" in "kontenübersicht")
    begins in `word` at or after `start`; -1 when it is not there."""
    part = part.lower()
    for cut in range(0, min(3, len(part) - MIN_PART) + 1):  # allow up to 3 letters of inflection
        at = word.find(part[: len(part) - cut], start)
        if at >= 0:
            return at
    return -1


def boundaries(word: str, parts: list[str]) -> list[int]:
    """Positions in `word` (lower case) where its parts 2..n begin."""
    found, cursor = [], 0
    for index, part in enumerate(parts):
        if index == 0:
            cursor = max(len(part) - 3, 1) if len(part) > MIN_PART else 1
            continue
        at = _find(word, part, cursor)
        if at < 0:
            continue
        if at - (found[-1] if found else 0) >= MIN_PART and len(word) - at >= MIN_PART:
            found.append(at)  # every piece at least MIN_PART letters long
        cursor = at + 1
    return found


def plausible(word: str, parts: list[str]) -> bool:
    """Whether `parts` spell `word` from its first letter to its last, one after
    the other (give or take a few letters of inflection or linking "s"):
    libraries also return nouns they found somewhere inside a word
    ("Beschwerde" -> "Esch", "Werd"), which are no parts of it."""
    low, at = word.lower(), 0
    for part in parts:
        if len(part) < 3:
            return False
        found = _find(low, part, max(at - 3, 0))
        if found < 0 or found > at + 3 or (at == 0 and found != 0):
            return False
        at = found + len(part)
    return at >= len(low) - 3


def split_deep(split: Callable[[str], list[str]], word: str, depth: int = 2) -> list[str]:
    """Split `word`, then its parts again (libraries split into two or a few)."""
    parts = split(word) if len(word) >= MIN_LENGTH - 2 else []
    if not parts or depth == 0 or not plausible(word, parts):
        return [word]
    out: list[str] = []
    for part in parts:
        out.extend(split_deep(split, part, depth - 1))
    return out


def inner_parts(word: str, split: Callable[[str], list[str]]) -> list[str]:
    """What the search cannot find yet: the word from each inner boundary on."""
    low = word.lower()
    return [low[at:] for at in boundaries(low, split_deep(split, word))]


def _words(value: str) -> set[str]:
    return {w for w in WORD.findall(html.unescape(TAG.sub(" ", value or ""))) if len(w) >= MIN_LENGTH}


# --- Synonyms: editors' data -------------------------------------------------

class SynonymError(Exception):
    pass


def load_synonyms(path: Path, shown: str) -> list[tuple[int, list[str], str]]:
    """[(line of `find`, words, target)] from a synonyms file; SynonymError (file:line, fix) on bad data.

    The file is a list of entries, each with `words` (a list of words readers use)
    and `find` (a page and optional section, as a Markdown link: faq.md#deadline)."""
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise SynonymError(f"{shown}:{line}: not valid YAML ({getattr(error, 'problem', error)}). "
                           "Compare with the entries above it.") from None
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        raise SynonymError(f"{shown}:{root.start_mark.line + 1}: expected a list of entries "
                           "(each starting with '- words: [...]').")
    entries = []
    for node in root.value:
        line = node.start_mark.line + 1
        value = yaml.safe_load(yaml.serialize(node))
        if not isinstance(value, dict) or set(value) != {"words", "find"}:
            raise SynonymError(f"{shown}:{line}: each entry needs exactly 'words' (a list) and 'find' "
                               "(a page, e.g. faq.md#deadline).")
        words, target = value["words"], value["find"]
        if isinstance(words, str):
            words = [words]
        if not isinstance(words, list) or not words or not all(isinstance(w, (str, int)) and str(w).strip()
                                                                for w in words):
            raise SynonymError(f"{shown}:{line}: 'words' must be a list of words, e.g. [Kinder, Jugendliche].")
        if not isinstance(target, str) or not target.strip():
            raise SynonymError(f"{shown}:{line}: 'find' must name a page, e.g. faq.md#deadline.")
        # A wrong target is reported on the line of `find:`.
        line = next((value.start_mark.line + 1 for key, value in node.value
                     if isinstance(key, yaml.ScalarNode) and key.value == "find"), line)
        entries.append((line, [str(w).strip() for w in words], target.strip()))
    return entries


# --- The hook ----------------------------------------------------------------

class _Page:
    def __init__(self, url: str, anchors: set[str], translated: bool):
        self.url, self.anchors, self.translated = url, anchors, translated


_pages: dict[str, dict[str, _Page]] = {}  # per language: source path without language ("faq.md") -> page


def _settings(config, lang: str) -> dict:
    return (config.extra.get("search_words") or {}).get(lang) or {}


def on_pre_build(config):
    _pages[language(config)] = {}


def _anchors(items) -> set[str]:
    found = set()
    for item in items:
        found.add(item.id)
        found |= _anchors(item.children)
    return found


def on_page_context(context, page, config, nav):
    lang = language(config)
    neutral = re.sub(r"\.[a-z]{2}(?:_[A-Z]{2})?\.md$", ".md", page.file.src_uri)
    translated = not is_fallback(page.file, lang)  # else shown in the default language
    _pages.setdefault(lang, {})[neutral] = _Page(page.url, _anchors(page.toc), translated)
    return context


def _resolve(target: str, pages: dict[str, _Page], prefix: str) -> tuple[str | None, str]:
    """(index location of `target`, or None; what is wrong with it, or "")."""
    path, _, anchor = target.partition("#")
    page = pages.get(path.lstrip("/"))
    if page is None:
        return None, "page"
    if anchor and anchor not in page.anchors:
        return None, "section (#anchor)"
    if not page.translated:
        return None, ""  # not translated yet: this language's search does not hold it
    url = page.url[len(prefix):] if page.url.startswith(prefix) else page.url
    return (f"{url}#{anchor}" if anchor else url), ""


# After hooks/sitegen/search_per_language.py (-110), before hooks/sitegen/search_on_demand.py (-120).
@event_priority(-115)
def on_post_build(config):
    lang, prefix = language(config), lang_prefix(config)
    index = Path(config.site_dir, prefix, "search", "search_index.json")
    if not index.is_file():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    if "on_demand" in data.get("config", {}):
        return  # already a stub
    settings = _settings(config, lang)
    docs = data["docs"]
    by_location = {doc["location"]: doc for doc in docs}
    extra: dict[str, dict[str, set[str]]] = {doc["location"]: {f: set() for f in FIELDS} for doc in docs}

    name = settings.get("splitter")
    if name:
        if name not in SPLITTERS:
            log.warning(f"mkdocs.yml: extra.search_words.{lang}.splitter is '{name}'; "
                        f"use one of {', '.join(sorted(SPLITTERS))} (hooks/sitegen/search_words.py), or none.")
        else:
            split = splitter(name)
            for doc in docs:
                for field, source in FIELDS.items():
                    for word in _words(doc.get(source, "")):
                        extra[doc["location"]][field].update(inner_parts(word, split))

    synonyms = settings.get("synonyms")
    if synonyms:
        path = Path(config.docs_dir, synonyms)
        shown = os.path.relpath(path, Path(config.config_file_path or ".").resolve().parent)
        if not path.is_file():
            log.warning(f"mkdocs.yml: extra.search_words.{lang}.synonyms names {shown}, which does not exist.")
        else:
            try:
                entries = load_synonyms(path, shown)
            except SynonymError as error:
                log.warning(str(error))
                entries = []
            for line, words, target in entries:
                location, wrong = _resolve(target, _pages.get(lang, {}), prefix)
                if location is None and not wrong:
                    log.info(f"{shown}:{line}: {target} is not translated into '{lang}' yet; skipped.")
                    continue
                if location is None or location not in by_location:
                    log.warning(f"{shown}:{line}: 'find: {target}' names no {wrong or 'entry'} of the site in "
                                f"'{lang}'. Use a page's file name as in a Markdown link (faq.md) and an "
                                "anchor that exists (faq.md#deadline).")
                    continue
                extra[location]["title_words"].update(w.lower() for w in words)

    added = 0
    for doc in docs:
        for field in FIELDS:
            words = extra[doc["location"]][field]
            if words:
                doc[field] = " ".join(sorted(words))
                added += len(words)
    fields = data["config"].setdefault("fields", {})
    for field, source in FIELDS.items():
        fields[field] = dict(fields.get(source, {"boost": 1.0}))
    index.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    log.info(f"search: {added} readers' words (compound parts, synonyms) for '{lang}'")
