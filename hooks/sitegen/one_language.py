"""Pages for one language's readers only: front matter `translations: none`.

The page in Leichte Sprache (docs/leichte-sprache.de.md) exists in German
only. Left alone, the i18n plugin (fallback_to_default) would also publish it
under /en/ as a German text marked lang="en". This hook keeps such a page out
of the other languages' builds and their sitemap entries; its language
switcher then leads to the other language's home page. The footer links the
page from every page in every language (overrides/partials/copyright.html).
scripts/translations.py does not ask for a translation of it.
"""

from __future__ import annotations

import yaml
from mkdocs.plugins import event_priority

from .front_matter import FRONT_MATTER
from .common import language


def one_language(file) -> bool:
    match = FRONT_MATTER.match(file.content_string)
    try:
        meta = yaml.safe_load(match.group(1)) if match else None
    except yaml.YAMLError:
        return False  # hooks/sitegen/front_matter.py reports the mistake
    return isinstance(meta, dict) and meta.get("translations") == "none"


@event_priority(-200)  # after the i18n plugin (-100) has chosen this language's files
def on_files(files, config):
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return files
    lang = language(config)
    for file in list(files.documentation_pages()):
        if not getattr(file, "locale", None) or not one_language(file):
            continue
        if file.locale != lang:
            # A copy in another language's folder: not built, not in the sitemap.
            files.remove(file)
            pages = i18n.i18n_files_per_language.get(lang, [])
            i18n.i18n_files_per_language[lang] = [f for f in pages if f is not file]
        else:
            # No counterpart: the switcher keeps its default link (the other home page).
            file.alternates = {file.locale: file}
    return files
