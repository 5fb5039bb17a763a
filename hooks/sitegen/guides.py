"""List the guides from their front matter: in the nav and in the chooser.

The nav section that holds `guides/index.md` gets every guide, in the
guides' `order`. A page that contains the line `{{ guides }}` gets, in its
place, a list of links to every guide in the language being built, each with
its `title` and `summary`. Adding a guide is adding its two Markdown files;
the menu, the home page and the guides overview follow.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from .front_matter import is_guide, read_front_matter

TOKEN = re.compile(r"^\{\{\s*guides\s*\}\}\s*$", re.M)


def guide_metadata(files) -> list[tuple[dict, str]]:
    """(front matter, source path without language suffix) per guide, in order."""
    guides = []
    for file in files.documentation_pages():
        if not is_guide(file.src_uri):
            continue
        meta = read_front_matter(file.content_string)
        if meta.get("title"):
            # facebook.en.md -> facebook.md: the i18n plugin links the reader's language.
            guides.append((meta, file.src_uri.split(".", 1)[0] + ".md"))
    return sorted(guides, key=lambda g: (_position(g[0]), g[1]))


def _position(meta: dict) -> int:
    """The guide's `order`; a missing or malformed one (reported by the
    front_matter hook) sorts last instead of crashing the build."""
    order = meta.get("order")
    return order if isinstance(order, int) else 99


def _order(path: Path) -> tuple:
    return (_position(read_front_matter(path.read_text(encoding="utf-8"))), path.name)


def on_config(config):
    docs = Path(config.docs_dir)
    # One entry per guide (facebook.de.md and facebook.en.md -> guides/facebook.md).
    first_file = {}
    for path in sorted(docs.glob("guides/*.md"), key=_order):
        if is_guide(f"guides/{path.name}"):
            first_file.setdefault(f"guides/{path.name.split('.')[0]}.md", path)
    for section in config.nav or []:
        if not isinstance(section, dict):
            continue
        (title, entries), = section.items()
        if isinstance(entries, list) and "guides/index.md" in entries:
            section[title] = ["guides/index.md", *first_file]
    return config


def on_page_markdown(markdown, page, config, files):
    if not TOKEN.search(markdown):
        return markdown
    here = posixpath.dirname(page.file.src_uri)
    items = [
        f"- [**{meta['title']}** <span>{meta.get('summary', '')}</span>]"
        f"({posixpath.relpath(path, here or '.')})"
        for meta, path in guide_metadata(files)
    ]
    chooser = '<nav class="chooser" markdown>\n\n' + "\n".join(items) + "\n\n</nav>"
    return TOKEN.sub(lambda _: chooser, markdown)
