"""What the build asks mkdocs-static-i18n: the one module that knows its internals.

The i18n plugin builds the default language, then, from inside that build's
on_post_build, every other language by calling MkDocs' build() again, so each
of the site's events runs once per language. `outermost()` tells the default
language's own build from those inner ones; `language()` which language is
being built. It also tells which page is a fallback copy (a page shown in a
language it has no translation for) and each page's language versions.

The attributes read here are checked at the start of every build
(`problems`): after an upgrade that renames one, the build stops and says so.
"""

from __future__ import annotations

import importlib.metadata

ATTRIBUTES = ("building", "current_language", "default_language", "build_languages",
              "i18n_files_per_language", "config")


def plugin(config):
    return config.plugins.get("i18n")


def problems(config) -> list[str]:
    i18n = plugin(config)
    missing = [name for name in ATTRIBUTES if i18n is not None and not hasattr(i18n, name)]
    if not missing:
        return []
    version = importlib.metadata.version("mkdocs-static-i18n")
    return [f"mkdocs-static-i18n {version} has no attribute {', '.join(repr(n) for n in missing)} any more; "
            "hooks/sitegen/i18n.py relies on it. Fix: find what replaced it in the plugin's changelog and "
            "update hooks/sitegen/i18n.py, or pin the last release that has it in requirements.in (make lock)."]


def outermost(config) -> bool:
    """False while the i18n plugin builds another language from inside the default one's build."""
    i18n = plugin(config)
    return not (i18n is not None and getattr(i18n, "building", False))


def default_language(config) -> str:
    i18n = plugin(config)
    return i18n.default_language if i18n is not None else config.theme["language"]


def language(config) -> str:
    """The language being built (config.theme names the last language built once the
    default language's post-build step has built the others)."""
    i18n = plugin(config)
    if i18n is None:
        return config.theme["language"]
    return i18n.current_language if not outermost(config) else i18n.default_language


def prefix(config, lang: str | None = None) -> str:
    """The language's folder in the site: "" for the default language, else "en/"."""
    lang = lang or language(config)
    return "" if lang == default_language(config) else f"{lang}/"


def built_languages(config) -> list[str]:
    i18n = plugin(config)
    if i18n is not None:
        return [lang.locale for lang in i18n.config.languages if lang.build]
    return [config.theme["language"]]


def language_blocks(config) -> list:
    """The i18n plugin's language blocks that are built, the default language first."""
    i18n = plugin(config)
    return sorted((lang for lang in i18n.config.languages if lang.build), key=lambda lang: not lang.default)


def is_fallback(file, lang: str) -> bool:
    """True when `file`, built for `lang`, shows another language's text (not translated yet)."""
    return getattr(file, "locale", lang) != lang


def file_language(file) -> str | None:
    return getattr(file, "locale", None)


def alternates(file) -> dict:
    """{language: file} of every language version of `file`."""
    return getattr(file, "alternates", {}) or {}


def set_alternates(file, alternates: dict) -> None:
    file.alternates = alternates


def files_per_language(config) -> dict:
    """{language: its pages} of every language built so far (the sitemap is written by the last)."""
    i18n = plugin(config)
    return dict(i18n.i18n_files_per_language) if i18n is not None else {}


def forget_file(config, lang: str, file) -> None:
    """Leave `file` out of `lang`'s pages (and so out of the sitemap)."""
    i18n = plugin(config)
    pages = i18n.i18n_files_per_language.get(lang, [])
    i18n.i18n_files_per_language[lang] = [f for f in pages if f is not file]
