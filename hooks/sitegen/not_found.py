"""A 404 page per language, under the one 404.html GitHub Pages serves.

GitHub Pages answers every missing address of the site with the 404.html at
its root. The i18n plugin builds that page once per language, each build
overwriting the last, so every reader got the language built last. Here the
default language's 404 page stays at /404.html and each other language's goes
to /<lang>/404.html (noindex). A few lines of script in overrides/404.html
decide by the requested address: a reader whose mistyped address starts with
/<lang>/ is sent on to that language's page, which puts the mistyped address
back into the address bar. Without JavaScript the root page says in every
language where to go. Its search uses the language's own index.

Texts: `extra.ui.not_found_*` in each language block of mkdocs.yml (context
`not_found` for the template). A language without them fails the build.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from urllib.parse import urlsplit

from .common import CONFIG_SCRIPT, language

log = logging.getLogger("mkdocs.hooks.not_found")

# The texts extra.ui.not_found_* are required in every language by the schema (config.py UI).



def languages(config) -> list[dict]:
    """Each built language's 404 texts and addresses, the default language first."""
    i18n = config.plugins["i18n"]
    root = urlsplit(config.site_url or "/").path.rstrip("/")
    found = []
    for language in sorted(i18n.config.languages, key=lambda lang: not lang.default):
        if not language.build:
            continue
        ui = (language.extra or {}).get("ui") or {}
        home = root + language.link
        found.append({"lang": language.locale, "name": language.name, "ui": ui,
                      "home": home, "page": f"{home}404.html", "default": language.default})
    return found


def on_template_context(context, template_name, config):
    if template_name == "404.html":
        context["not_found"] = {"lang": language(config), "languages": languages(config)}
    return context


def on_post_template(output, template_name, config):
    if template_name != "404.html":
        return output
    lang = language(config)
    here = next((entry for entry in languages(config) if entry["lang"] == lang), None)
    if here is None or here["default"]:
        return output  # /404.html
    output = _search_from(output, here["home"])
    target = Path(config.site_dir, lang, "404.html")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(output, encoding="utf-8")
    log.info(f"not_found: the '{lang}' 404 page is {lang}/404.html; /404.html stays in the default language")
    return ""  # nothing for /404.html: the default language's page stays there


def _search_from(output: str, home: str) -> str:
    """Point Material's search (base + "search/search_index.json") at the language's index."""
    match = CONFIG_SCRIPT.search(output)
    if match is None:
        log.error("hooks/sitegen/not_found.py: no <script id=\"__config\"> in the 404 page; "
                  "Material's base.html changed, update this hook.")
        return output
    data = json.loads(match.group(2))
    data["base"] = home
    text = json.dumps(data, sort_keys=True)
    for char, escaped in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("'", "\\u0027")):
        text = text.replace(char, escaped)
    return output[:match.start(2)] + text + output[match.end(2):]
