"""Refuse unfilled tokens in every rendered page.

A `{{ … }}` token that no hook filled in (a misspelt `{{ authority.Phone }}`)
fails the build. Code blocks are text, so they are not checked. Active
content (scripts, event handlers, javascript: addresses, SVG animation,
<meta> refresh …) is refused by the allowlist sanitiser in hooks/sitegen/sanitise.py.
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

log = logging.getLogger("mkdocs.hooks.safe_html")

TOKEN = re.compile(r"\{\{.*?\}\}")


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
        if not self.in_code and (match := TOKEN.search(data)):
            self.problems.append(f"'{match.group(0)}' was not filled in; check its spelling "
                                 "(tokens: {{ authority.… }}, {{ hosting.… }}, {{ guides }}, {{ deadlines }})")


def problems(html: str) -> list[str]:
    scanner = _Scanner()
    scanner.feed(html)
    return scanner.problems


def on_page_content(html, page, config, files):
    for problem in dict.fromkeys(problems(html)):
        log.error(f"docs/{page.file.src_uri}: {problem}.")
    return html
