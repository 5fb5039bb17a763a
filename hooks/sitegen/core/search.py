"""One search index per language, with readers' words, and the stub that loads it on the first search.

The i18n plugin writes a single index with the pages of every language; here
each language gets its own (`search/search_index.json`, `en/search/…`) with
lunr's stemmer for that language, without the pages shown untranslated.

Readers' words: lunr finds a word by its beginning only ("gericht" does not
find "Oberlandesgericht"). Two fields that lunr indexes and the results never
show are added to each entry: `title_words` (the inner parts of the compounds
in its heading, and the editors' synonyms for the page or section, from
docs/search/synonyms.<lang>.yml) and `text_words` (the inner parts of the
compounds in its text). "Inner part" means what the search cannot already
find: "Oberlandesgericht" adds "landesgericht" and "gericht". Which library
splits a language's compounds is data (`extra.search_words`); SPLITTERS lists
them, scripts/compare_splitters.py measures them on the site's own words.

On demand (theme.py): the full index is written as search_index.full.json and
search_index.json becomes a stub of a few hundred bytes that says where the
full index and the theme's worker are (`stub`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Callable

import yaml

MIN_LENGTH = 8      # shorter words are rarely compounds worth splitting
MIN_PART = 4        # a part shorter than this finds too much
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"[^\W\d_]+")
FIELDS = MappingProxyType({"title_words": "title", "text_words": "text"})  # hidden field: boost taken from


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


SPLITTERS: MappingProxyType = MappingProxyType({
    "german-nouns": _german_nouns,
    "compound-split": _compound_split,
})


# Loading a splitter reads ~100,000 words; the loaded splitter is never changed, so
# every build of one process shares it (the only cache at module level).
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


def load_synonyms(text: str, shown: str) -> list[tuple[int, list[str], str]]:
    """[(line of `find`, words, target)] from a synonyms file; SynonymError (file:line, fix) on bad data.

    The file is a list of entries, each with `words` (a list of words readers use)
    and `find` (a page and optional section, as a Markdown link: faq.md#deadline)."""
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



# --- The pages a synonym may name --------------------------------------------


@dataclass(frozen=True)
class PageInfo:
    url: str
    anchors: frozenset
    translated: bool


def _resolve(target: str, pages: dict[str, PageInfo], prefix: str) -> tuple[str | None, str]:
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




# --- The index of one language ------------------------------------------------


def language_index(entries: list[dict], lang: str, prefix: str, other_prefixes: tuple[str, ...],
                   untranslated: set[str], search_config: dict, stemmers: set[str]) -> dict:
    """The index of `lang` from every language's entries: its own pages only (under
    `prefix`, "" for the default language), without pages shown untranslated, with
    locations relative to the language's root and lunr's stemmer for it."""
    docs = []
    for entry in entries:
        location = entry["location"]
        if (location.startswith(other_prefixes) if not prefix else not location.startswith(prefix)):
            continue  # another language's page
        if location.split("#", 1)[0] in untranslated:
            continue  # shown in the default language: found by that language's search
        docs.append({**entry, "location": location[len(prefix):]})
    config = {"lang": [lang if lang in stemmers else "en"],
              **{key: search_config[key] for key in ("separator", "pipeline", "fields")}}
    return {"config": config, "docs": docs}


def add_words(index: dict, split: Callable[[str], list[str]] | None,
              synonyms: list[tuple[int, list[str], str]], pages: dict[str, PageInfo], prefix: str,
              shown: str = "") -> tuple[int, list[str]]:
    """Add the readers' words to `index` in place: (how many, problems with file:line and fix)."""
    docs = index["docs"]
    by_location = {doc["location"]: doc for doc in docs}
    extra: dict[str, dict[str, set[str]]] = {doc["location"]: {f: set() for f in FIELDS} for doc in docs}
    if split is not None:
        for doc in docs:
            for field, source in FIELDS.items():
                for word in _words(doc.get(source, "")):
                    extra[doc["location"]][field].update(inner_parts(word, split))
    problems = []
    for line, words, target in synonyms:
        location, wrong = _resolve(target, pages, prefix)
        if location is None and not wrong:
            continue  # not translated into this language yet
        if location is None or location not in by_location:
            problems.append(f"{shown}:{line}: 'find: {target}' names no {wrong or 'entry'} of the site. Fix: use a "
                            "page's file name as in a Markdown link (faq.md) and an anchor that exists "
                            "(faq.md#deadline).")
            continue
        extra[location]["title_words"].update(w.lower() for w in words)
    added = 0
    for doc in docs:
        for field in FIELDS:
            words = extra[doc["location"]][field]
            if words:
                doc[field] = " ".join(sorted(words))
                added += len(words)
    fields = index["config"].setdefault("fields", {})
    for field, source in FIELDS.items():
        fields[field] = dict(fields.get(source, {"boost": 1.0}))
    return added, problems


def stub(index: dict, full: str, worker: str) -> dict:
    """The stub the theme's search loads with a page: the index's settings, no entries,
    and where the full index and the theme's worker are (relative to the worker)."""
    return {"config": {**index["config"], "on_demand": {"index": full, "worker": worker}}, "docs": []}
