"""Small pure pieces of a page: tokens in Markdown, the guide chooser, a guide's
title, the untranslated notice, compact HTML.

Tokens: pages write `{{ authority.email }}` or `{{ hosting.company }}` instead
of the value (the blocks `extra.authority` and `extra.hosting` in mkdocs.yml),
so another authority reuses the pages by editing those blocks; a value given
per language renders in the page's language. `{{ guides }}` becomes the list of
guides (their `title` and `summary`, in their `order`). A token left unfilled
in a rendered page (a misspelt `{{ authority.Phone }}`) is reported; code
blocks are text and not checked.

A guide's form goes right after its title: `split_after_title` finds the end
of the first <h1> with an HTML parser, on the page as rendered.

Compact HTML: the theme's templates indent their output generously; a run of
spaces and line breaks between tags becomes one line break (text inside
<pre>, <textarea>, <script> and <style> stays as it is): about 1 KB gzip less
per page, which keeps the FAQ's HTML within a phone's first round trip.
"""

from __future__ import annotations

import html
import posixpath
import re
from html.parser import HTMLParser

# --- Tokens in Markdown -----------------------------------------------------------

BLOCKS = ("authority", "hosting")
TOKENS = re.compile(r"\{\{\s*(" + "|".join(BLOCKS) + r")((?:\.[A-Za-z_]+)+)\s*\}\}")
GUIDES_TOKEN = re.compile(r"^\{\{\s*guides\s*\}\}\s*$", re.M)
NOW_TOKEN = re.compile(r"^\{\{\s*now\s*\}\}\s*$", re.M)
DEADLINES_TOKEN = re.compile(r"^\{\{\s*deadlines\s*\}\}\s*$", re.M)


def flatten(data: dict, lang: str, prefix: str = "") -> dict[str, str]:
    """Dotted keys (`.press.email`) to values, picking the language's text."""
    out: dict[str, str] = {}
    for key, value in data.items():
        path = f"{prefix}.{key}"
        if isinstance(value, dict) and lang in value:
            out[path] = str(value[lang])
        elif isinstance(value, dict):
            out.update(flatten(value, lang, path))
        else:
            out[path] = str(value)
    return out


def fill_tokens(markdown: str, blocks: dict[str, dict], lang: str, where: str = "",
                source: str | None = None) -> tuple[str, list[str]]:
    """(`markdown` with its `{{ authority.… }}`/`{{ hosting.… }}` tokens filled, problems).
    `source`: the file as written, for the line of an unknown token (the Markdown may
    have lost its front matter and grown by other tokens)."""
    values = {block: flatten(blocks.get(block) or {}, lang) for block in BLOCKS}
    problems = []
    seen: dict[str, int] = {}  # how often each unknown token came before, for its n-th place in `source`

    def replace(match: re.Match) -> str:
        block, key = match.group(1), match.group(2)
        if key in values[block]:
            return values[block][key]
        token = match.group(0)
        nth = seen[token] = seen.get(token, -1) + 1
        places = [m.start() for m in re.finditer(re.escape(token), source)] if source else []
        text, at = (source, places[nth]) if nth < len(places) else (markdown, match.start())
        line = text.count("\n", 0, at) + 1
        known = ", ".join(f"{block}{k}" for k in sorted(values[block])) or "(none)"
        problems.append(f"{where}:{line}: unknown token '{match.group(0)}'. Fix: use one of {known} "
                        f"(defined under extra.{block} in mkdocs.yml).")
        return match.group(0)

    return TOKENS.sub(replace, markdown), problems


ANY_TOKEN = re.compile(r"\{\{.*?\}\}")


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.in_code = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("code", "pre"):
            self.in_code += 1

    def handle_endtag(self, tag):
        if tag in ("code", "pre") and self.in_code:
            self.in_code -= 1

    def handle_data(self, data):
        if not self.in_code and (match := ANY_TOKEN.search(data)):
            self.problems.append(f"'{match.group(0)}' was not filled in; check its spelling "
                                 "(tokens: {{ authority.… }}, {{ hosting.… }}, {{ guides }}, {{ deadlines }})")


def unfilled_tokens(html: str) -> list[str]:
    scanner = _Scanner()
    scanner.feed(html)
    return scanner.problems



# --- The guides -------------------------------------------------------------------


def neutral(src_uri: str) -> str:
    """facebook.en.md -> facebook.md: the page whatever its language."""
    return re.sub(r"\.[a-z]{2}(?:_[A-Z]{2})?\.md$", ".md", src_uri)


def order_of(meta: dict) -> int:
    """A guide's `order`; a missing or malformed one (reported by the schema) sorts last."""
    order = meta.get("order")
    return order if isinstance(order, int) and not isinstance(order, bool) else 99


def chooser(guides: list[tuple[dict, str]], page_src: str) -> str:
    """The list of guides for `{{ guides }}` on the page `page_src`: (meta, guides/x.md) each."""
    here = posixpath.dirname(page_src)
    items = [f"- [**{meta['title']}** <span>{meta.get('summary', '')}</span>]"
             f"({posixpath.relpath(path, here or '.')})" for meta, path in guides]
    return '<nav class="chooser" markdown>\n\n' + "\n".join(items) + "\n\n</nav>"


class _FirstHeading(HTMLParser):
    """The offset just after the first </h1>, or None."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self._starts = [0]
        for line in html.splitlines(keepends=True):
            self._starts.append(self._starts[-1] + len(line))
        self.depth, self.end = 0, None
        self._html = html
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "h1" and self.end is None:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "h1" and self.depth and self.end is None:
            self.depth -= 1
            if not self.depth:
                line, column = self.getpos()
                start = self._starts[line - 1] + column
                self.end = self._html.index(">", start) + 1


def split_after_title(html_text: str) -> tuple[str, str] | None:
    """(the title up to and including </h1>, the rest), or None without an <h1>."""
    end = _FirstHeading(html_text).end
    return None if end is None else (html_text[:end], html_text[end:])


def untranslated_notice(content: str, notice: str, source_lang: str) -> str:
    """A page shown in another language's text: the notice in the reader's language above it."""
    return (f'<div class="admonition info untranslated" role="note"><p class="admonition-title">'
            f'{html.escape(notice)}</p></div>\n<div lang="{source_lang}">\n{content}\n</div>')


# A block whose whitespace matters (kept whole), or a whitespace run with a line break.
_TOKEN = re.compile(
    r"(<(pre|textarea|script|style)\b.*?</\2\s*>)|[ \t\r\f\v]*\n\s*",
    re.S | re.I,
)


def compact(html: str) -> str:
    return _TOKEN.sub(lambda m: m.group(1) or "\n", html)


