"""Small helpers every feature module shares, written once.

- `language(config)`: the language being built, read one way everywhere;
- `lang_prefix(config)`: its folder in the site ("" or "en/");
- `is_fallback(file, lang)`: a page shown in `lang` with another language's
  text (the i18n plugin's fallback_to_default);
- `outermost(config)`: the default language's own build, not one of the
  other languages the i18n plugin builds from inside it;
- `CONFIG_SCRIPT`: Material's `<script id="__config">` in a page;
- `config_line(...)`: `mkdocs.yml:<line>` of a key, for messages.
"""

from __future__ import annotations

import re
from pathlib import Path

# Material's base.html writes the page's settings as JSON into this element.
CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def i18n_plugin(config):
    return config.plugins.get("i18n")


def outermost(config) -> bool:
    """False while the i18n plugin builds another language from inside the default one's build."""
    i18n = i18n_plugin(config)
    return not (i18n is not None and getattr(i18n, "building", False))


def language(config) -> str:
    """The language being built. config.theme names the last language built
    once the default language's post-build step has built the others, so the
    i18n plugin's own state is asked first."""
    i18n = i18n_plugin(config)
    if i18n is None:
        return config.theme["language"]
    return i18n.current_language if not outermost(config) else i18n.default_language


def default_language(config) -> str:
    i18n = i18n_plugin(config)
    return i18n.default_language if i18n is not None else config.theme["language"]


def lang_prefix(config, lang: str | None = None) -> str:
    """Folder of the language being built (or `lang`): "" for the default language, else "en/"."""
    lang = lang or language(config)
    return "" if lang == default_language(config) else f"{lang}/"


def built_languages(config) -> list[str]:
    """Every language the i18n plugin builds (or the theme's language alone)."""
    i18n = i18n_plugin(config)
    if i18n is not None:
        return [lang.locale for lang in i18n.config.languages if lang.build]
    return [config.theme["language"]]


def is_fallback(file, lang: str) -> bool:
    """True when `file`, built for `lang`, shows another language's text (not translated yet)."""
    return getattr(file, "locale", lang) != lang


def config_path(config) -> Path:
    return Path(getattr(config, "config_file_path", None) or "mkdocs.yml")


def config_line(config, needle: str | re.Pattern, start: int = 0) -> str:
    """'mkdocs.yml:N' for the first line at or after line `start` that contains
    `needle` (a string, or a pattern matched against the whole line); 'mkdocs.yml'
    when there is none."""
    path = config_path(config)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, TypeError):
        return path.name
    for number, line in enumerate(lines[start:], start=start + 1):
        if (needle.match(line) if isinstance(needle, re.Pattern) else needle in line):
            return f"{path.name}:{number}"
    return path.name


def language_block_line(config, lang: str) -> str:
    """`mkdocs.yml:<line>` of the language's block in the i18n plugin's `languages:`."""
    return config_line(config, re.compile(rf"\s*-\s*locale:\s*['\"]?{re.escape(lang)}['\"]?\s*$"))


def is_home(page, nav) -> bool:
    """True on every language's home page. MkDocs calls only the default
    language's home page the home page (page.is_homepage); the i18n plugin's
    nav names each language's own (nav.homepage)."""
    if page is None:
        return False
    if page.is_homepage:
        return True
    homepage = getattr(nav, "homepage", None)
    return homepage is not None and page.url == homepage.url
