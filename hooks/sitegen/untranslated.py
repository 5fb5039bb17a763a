"""A visible notice on pages not yet translated.

With `fallback_to_default`, the i18n plugin publishes a page that has no file
in a language under that language's folder with the default language's text.
The i18n plugin tells which file a page comes from (`page.file.locale`); when
it is not the language being built, this hook puts the language's
`extra.ui.untranslated` text above the page, in the reader's language, and
marks the German text as German (`lang`) for screen readers. A language
whose pages fall back without that text fails the build.
"""

from __future__ import annotations

import html
import logging

from .common import is_fallback, language, language_block_line

log = logging.getLogger("mkdocs.hooks.untranslated")


def on_page_content(content, page, config, files):
    lang = language(config)
    if not is_fallback(page.file, lang):
        return content
    source = page.file.locale
    notice = (config.extra.get("ui") or {}).get("untranslated")
    if not notice:
        log.error(f"{language_block_line(config, lang)}: the language '{lang}' shows docs/{page.file.src_uri} untranslated "
                  f"but has no extra.ui.untranslated text; add one to its block (the 'en' block "
                  f"shows it), or translate the page into docs/{page.file.src_uri.replace(f'.{source}.', f'.{lang}.')}.")
        return content
    return (f'<div class="admonition info untranslated" role="note"><p class="admonition-title">'
            f'{html.escape(notice)}</p></div>\n<div lang="{source}">\n{content}\n</div>')
