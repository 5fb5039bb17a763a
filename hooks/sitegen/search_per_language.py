"""One search index per language, and each language's pages load only their own.

The i18n plugin writes a single `search/search_index.json` with the pages of
every language, so a reader on a German page gets English results and every
reader downloads every language. This hook, after each language is built,
writes that language's index to its own folder (`search/search_index.json`
for German, `en/search/search_index.json` for English) with lunr's stemmer for
that language, and leaves out pages that are shown in the default language
because they are not translated yet.

Material's search loads `search/search_index.json` relative to `base` in the
page's `__config`, and resolves result links against the same `base`. On the
pages of a non-default language the hook sets that base to the language's
root (`en/`), so they load `en/search/search_index.json` and its links, which
are relative to `en/`, land on English pages. Material's search UI is
unchanged.

scripts/search_index_sizes.py reports each index's size (`make bench`).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

from .common import is_fallback, language

log = logging.getLogger("mkdocs.hooks.search_per_language")

_untranslated: dict[str, set[str]] = {}  # per language: URLs of pages shown in the default language


def _i18n(config):
    return config.plugins["i18n"]


def _search(config):
    return config.plugins.get("material/search") or config.plugins.get("search")


def _lunr_languages() -> set[str]:
    """Languages Material's search can stem: it ships lunr.<lang>.min.js for them."""
    import material

    folder = Path(material.__file__).parent / "templates/assets/javascripts/lunr/min"
    return {"en"} | {p.name.split(".")[1] for p in folder.glob("lunr.*.min.js")}


def on_pre_build(config):
    _untranslated[language(config)] = set()  # each language's build starts afresh


def on_page_context(context, page, config, nav):
    lang = language(config)
    i18n = _i18n(config)
    if is_fallback(page.file, lang):
        _untranslated.setdefault(lang, set()).add(page.url)
    if lang != i18n.default_language:
        # Material's search reads base + "search/search_index.json".
        context["base_url"] = get_relative_url(f"{lang}/", page.url)
    return context


# After the i18n plugin (-100), which builds the other languages from inside the
# default language's on_post_build and then rewrites search/search_index.json
# with every language in it.
@event_priority(-110)
def on_post_build(config):
    i18n = _i18n(config)
    default = i18n.default_language
    # The other languages are built while the i18n plugin is `building`; the
    # default language's build ends after them (config.theme then names the last).
    lang = language(config)
    search = _search(config)
    if search is None or not search.config.enabled:
        return
    others = tuple(f"{other}/" for other in i18n.build_languages if other != default)
    prefix = "" if lang == default else f"{lang}/"

    docs = []
    for entry in search.search_index.entries:
        location = entry["location"]
        if (location.startswith(others) if not prefix else not location.startswith(prefix)):
            continue  # another language's page
        if location.split("#", 1)[0] in _untranslated.get(lang, ()):
            continue  # shown in the default language: found by that language's search
        docs.append({**entry, "location": location[len(prefix):]})

    stemmers = _lunr_languages()
    if lang not in stemmers:
        log.info(f"search: lunr has no stemmer for '{lang}'; its index uses English rules.")
    index_config = {key: search.config[key] for key in ("separator", "pipeline", "fields")}
    index_config = {"lang": [lang if lang in stemmers else "en"], **index_config}
    path = Path(config.site_dir, prefix, "search", "search_index.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps({"config": index_config, "docs": docs}, separators=(",", ":"), default=str)
    path.write_text(data, encoding="utf-8")
    log.info(f"search: {len(docs)} entries for '{lang}' in {os.path.relpath(path, config.site_dir)}")
