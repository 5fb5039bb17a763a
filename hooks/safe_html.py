"""Refuse active content and unfilled tokens in every rendered page.

`scripts/check_content.py` reads the Markdown line by line and names the
line; this hook is the safety net behind it. It parses the HTML each page
renders to (so text from docs/timeline.yml, multi-line tags and entity
tricks such as `javascript&#58;` are covered) and fails the build on
<script>, <iframe>, <object>, <embed>, <form>, an on…= attribute, a
javascript:/vbscript:/data: address, or a `{{ … }}` token that no hook
filled in. Code blocks are text, so they are not checked.
"""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

log = logging.getLogger("mkdocs.hooks.safe_html")

FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "form", "frame", "frameset", "base"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}
BAD_SCHEME = re.compile(r"^\s*(javascript|vbscript|data):", re.I)
TOKEN = re.compile(r"\{\{.*?\}\}")


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)  # attribute values arrive unescaped
        self.problems: list[str] = []
        self.in_code = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("code", "pre"):
            self.in_code += 1
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> is not allowed; remove it")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>: event handlers are not allowed; remove the attribute")
            elif name in URL_ATTRIBUTES and value and BAD_SCHEME.match(value):
                scheme = BAD_SCHEME.match(value).group(1).lower()
                self.problems.append(f"<{tag} {name}=\"{scheme}:…\">: {scheme}: addresses are not allowed; "
                                     "link to an https:// address or a page of this site")

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
