"""Fill `{{ authority.… }}` tokens in Markdown from `extra.authority` in mkdocs.yml.

The authority's name, address and contacts are data kept in one place. Pages
write `{{ authority.email }}` instead of the address itself, so another
authority reuses the site by editing that block. A value given per language
(`name: {de: …, en: …}`) renders in the language being built. An unknown token
fails the build with the file, the line and the tokens that exist.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

TOKEN = re.compile(r"\{\{\s*authority((?:\.[a-z_]+)+)\s*\}\}")


def _flatten(data: dict, lang: str, prefix: str = "") -> dict[str, str]:
    """Map dotted keys (`press.email`) to values, picking the language's text."""
    out: dict[str, str] = {}
    for key, value in data.items():
        path = f"{prefix}.{key}"
        if isinstance(value, dict) and lang in value:
            out[path] = str(value[lang])
        elif isinstance(value, dict):
            out.update(_flatten(value, lang, path))
        else:
            out[path] = str(value)
    return out


def on_page_markdown(markdown, page, config, files):
    lang = config.theme["language"]
    values = _flatten(config.extra.get("authority", {}), lang)

    def replace(match: re.Match) -> str:
        key = match.group(1)
        if key not in values:
            source = page.file.content_string
            line = source.count("\n", 0, max(source.find(match.group(0)), 0)) + 1
            known = ", ".join(f"authority{k}" for k in sorted(values))
            raise PluginError(
                f"docs/{page.file.src_uri}:{line}: unknown token "
                f"'{match.group(0)}'. Use one of: {known} "
                "(defined under extra.authority in mkdocs.yml)."
            )
        return values[key]

    return TOKEN.sub(replace, markdown)

