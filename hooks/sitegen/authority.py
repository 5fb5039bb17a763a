"""Fill `{{ authority.… }}` and `{{ hosting.… }}` tokens in Markdown from
`extra.authority` and `extra.hosting` in mkdocs.yml.

The authority's name, address and contacts, and the host named in the privacy
notice, are data kept in one place. Pages write `{{ authority.email }}` or
`{{ hosting.company }}` instead of the value itself, so another authority
reuses the site by editing those blocks. A value given per language
(`name: {de: …, en: …}`) renders in the language being built. An unknown token
fails the build with the file, the line and the tokens that exist.
"""

from __future__ import annotations

import re

from mkdocs.exceptions import PluginError

from .common import language

# `{{ authority.… }}` only (group 1: the key); hooks/sitegen/feed.py uses it.
TOKEN = re.compile(r"\{\{\s*authority((?:\.[a-z_]+)+)\s*\}\}")
# Pages fill tokens from these blocks of `extra` (token name = block name).
BLOCKS = ("authority", "hosting")
TOKENS = re.compile(r"\{\{\s*(" + "|".join(BLOCKS) + r")((?:\.[a-z_]+)+)\s*\}\}")


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
    lang = language(config)
    values = {block: _flatten(config.extra.get(block) or {}, lang) for block in BLOCKS}

    def replace(match: re.Match) -> str:
        block, key = match.group(1), match.group(2)
        if key not in values[block]:
            source = page.file.content_string
            line = source.count("\n", 0, max(source.find(match.group(0)), 0)) + 1
            known = ", ".join(f"{block}{k}" for k in sorted(values[block])) or "(none)"
            raise PluginError(
                f"docs/{page.file.src_uri}:{line}: unknown token "
                f"'{match.group(0)}'. Use one of: {known} "
                f"(defined under extra.{block} in mkdocs.yml)."
            )
        return values[block][key]

    return TOKENS.sub(replace, markdown)
