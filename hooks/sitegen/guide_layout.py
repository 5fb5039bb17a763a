"""Where a guide's form goes: right after its title, found on the parsed page.

A guide's template (overrides/main.html) shows the title, then the form
button, the stale notice, the rest of the guide and its sources. This finds
the end of the page's first <h1> element with an HTML parser, after every
other feature has made the page's content, and hands the template the two
parts (`page.guide_parts`: the title up to and including </h1>, the rest).
A guide without a `# title` line is refused before the build (front_matter.py);
if one gets here anyway, its form goes first instead of after the whole text.
"""

from __future__ import annotations

import logging
from html.parser import HTMLParser

from mkdocs.plugins import event_priority

from .front_matter import has_title, is_guide

log = logging.getLogger("mkdocs.hooks.guide_layout")


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


def split_after_title(html: str) -> tuple[str, str] | None:
    """(the title up to and including </h1>, the rest), or None without an <h1>."""
    end = _FirstHeading(html).end
    return None if end is None else (html[:end], html[end:])


@event_priority(-150)  # after every feature that adds to the content (sanitise: -100)
def on_page_content(html, page, config, files):
    if not (is_guide(page.file.src_uri) and page.meta.get("form_url")):
        return html
    parts = split_after_title(html)
    if parts is None:
        # A missing '# title' line is reported with its line before the build (front_matter.py).
        if has_title(page.markdown or ""):
            log.error(f"docs/{page.file.src_uri}: the guide's '# title' line made no <h1>; the form "
                      "button is shown first. Fix: write the title as a plain line '# …' after the front matter.")
        parts = ("", html)
    page.guide_parts = parts
    return html
