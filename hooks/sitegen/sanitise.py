"""Every page's rendered content passes an allowlist sanitiser unchanged.

Pull requests can come from anyone, so a page's content is untrusted. After
Markdown and every other hook have made a page's HTML (timeline data, the
guide chooser, deadline list and the untranslated notice included), this
hook runs nh3 (the Python binding of ammonia, a maintained Rust HTML
sanitiser that parses with html5ever, Servo's HTML5 parser) on it with an
allowlist of exactly the elements, attributes and address schemes that Markdown, its extensions
configured in mkdocs.yml (abbr, admonition, attr_list, def_list, md_in_html,
tables, toc, pymdownx.details/superfences/tabbed/smartsymbols) and our hooks
produce. If the sanitiser would change anything (an element, an attribute, an
address), the build fails with the file, the line and what to do. We do not
publish the sanitised version: an editor must see and fix the mistake.

Why a sanitiser and not patterns: a browser reads `java&#9;script:`, SVG
`<animate attributeName=href values=javascript:…>` or
`<meta http-equiv=refresh>` as active content; patterns miss such spellings,
an allowlist refuses everything it does not know. ammonia parses like a
browser (html5ever) and checks each address after decoding entities and
dropping tabs and line breaks, as browsers do. Measured: the pattern checks
this replaces let three of the bypass classes in issue 14 through; nh3 finds
all 34 variants in tests/test_sanitise.py, at about 3 ms of CPU per page.

Values that templates print from front matter or mkdocs.yml are escaped in
the templates (`| e`) and addresses are checked here (`on_config`) and in
hooks/sitegen/front_matter.py; hooks/sitegen/csp.py checks the final page.
"""

from __future__ import annotations

import difflib
import logging
import re
from html.parser import HTMLParser
from pathlib import Path

import nh3
from mkdocs.plugins import event_priority

from .common import config_line

log = logging.getLogger("mkdocs.hooks.sanitise")

# Elements Markdown and the configured extensions write (and our hooks:
# deadline list, timeline, chooser, untranslated notice).
TAGS = {
    # Markdown core
    "p", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr", "br", "img",
    "h1", "h2", "h3", "h4", "h5", "h6",
    # abbr, def_list, tables
    "abbr", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td",
    # admonition, md_in_html (block elements an editor may wrap Markdown in), details
    "div", "span", "nav", "section", "aside", "details", "summary",
    # pymdownx.tabbed (alternate style): radio inputs and their labels
    "input", "label",
    # hooks/sitegen/deadline.py, hooks/sitegen/timeline.py; inline text elements Markdown passes through
    "time", "small", "sub", "sup", "kbd", "mark", "del", "ins", "s", "b", "i", "u", "q", "cite",
}
COMMON = {"id", "class", "title", "lang", "dir", "hidden"}
ATTRIBUTES = {
    "*": COMMON,
    "a": {"href", "hreflang", "type"},
    "img": {"src", "alt", "width", "height", "loading"},
    "abbr": set(),
    "ol": {"start"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "time": {"datetime"},
    "details": {"open"},
    "input": {"checked", "name", "type"},  # type: radio only (attribute_filter)
    "label": {"for"},
    "nav": {"aria-label"},
    "div": {"role", "aria-label", "data-tabs"},
    "p": {"data-deadline-as-of", "data-deadline-still"},
    "strong": {"data-deadline-status", "data-last-day", "data-state", "data-deadline-announce"},
    # The home page's first screen ({{ now }}, hooks/sitegen/deadline.py).
    "section": {"aria-labelledby"},
    "span": {"data-deadline-bar-as-of"},
}
# Relative addresses (pages and files of this site) and these schemes only.
URL_SCHEMES = {"https", "mailto", "tel"}
# Attributes whose value is one of a few words.
VALUES = {
    ("input", "type"): {"radio"},
    ("a", "type"): {"application/atom+xml"},
    ("div", "role"): {"note"},
    ("strong", "data-state"): {"ahead", "ahead_one", "today", "past"},  # hooks/sitegen/deadline.py status()
}
VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


def _filter(tag: str, attribute: str, value: str):
    allowed = VALUES.get((tag, attribute))
    return value if allowed is None or value in allowed else None


def clean(html: str) -> str:
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     attribute_filter=_filter, link_rel=None, strip_comments=False)


class _Events(HTMLParser):
    """A page as comparable events: start tags with their decoded attributes,
    end tags and text. Spelling (quotes, entities, `<br>` vs `<br />`) drops out."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []
        self.raw: list[tuple[int, str]] = []  # (line in the HTML, raw tag text) per event

    def _add(self, event, raw=""):
        if event[0] == "text" and self.events and self.events[-1][0] == "text":
            self.events[-1] = ("text", self.events[-1][1] + event[1])
            return
        self.events.append(event)
        self.raw.append((self.getpos()[0], raw))

    def handle_starttag(self, tag, attrs):
        self._add(("start", tag, tuple(sorted((k, v or "") for k, v in attrs))), self.get_starttag_text() or "")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag not in VOID:
            self._add(("end", tag))

    def handle_data(self, data):
        self._add(("text", data))

    def handle_comment(self, data):
        self._add(("comment", data))


def _events(html: str) -> _Events:
    parser = _Events()
    parser.feed(html)
    parser.close()
    # Whitespace between tags is not content (the sanitiser may move it).
    keep = [i for i, e in enumerate(parser.events) if not (e[0] == "text" and not e[1].strip())]
    parser.events = [parser.events[i] for i in keep]
    parser.raw = [parser.raw[i] for i in keep]
    return parser


def _raw_value(raw_tag: str, name: str) -> str | None:
    match = re.search(rf"\s{re.escape(name)}\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", raw_tag, re.I)
    return match.group(1).strip("\"'") if match else None


def findings(html: str) -> list[tuple[str, list[str]]]:
    """What the sanitiser would change, as (message, text to look for in the
    Markdown source) pairs; [] when the content passes unchanged."""
    before = _events(html)
    after = _events(clean(html)).events
    if before.events == after:
        return []  # the usual case: nothing to report, no diff needed
    found = []
    matcher = difflib.SequenceMatcher(None, before.events, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        cleaned = {e for e in after[j1:j2] if e[0] == "start"}
        for index in range(i1, i2):
            event, (_, raw) = before.events[index], before.raw[index]
            if event[0] != "start":
                continue
            tag, attrs = event[1], dict(event[2])
            if tag not in TAGS:
                found.append((f"<{tag}> is not allowed in pages; remove it (pages may contain text, "
                              "links, images, lists, tables and the Markdown extensions in mkdocs.yml)",
                              [f"<{tag}"]))
                continue
            twin = next((e for e in cleaned if e[1] == tag), None)
            kept = dict(twin[2]) if twin else {}
            for name, value in attrs.items():
                if kept.get(name) == value:
                    continue
                raw_value = _raw_value(raw, name) or value
                if name.startswith("on"):
                    found.append((f"<{tag} {name}=…>: event handlers are not allowed; remove the attribute",
                                  [name]))
                elif name in ("href", "src"):
                    shown = re.sub(r"[\x00-\x20]", "", value)[:40]
                    found.append((f"<{tag} {name}=\"{shown}\">: only https://, mailto: and tel: addresses "
                                  "and pages of this site are allowed; link to the https:// address",
                                  [raw_value, value, value.strip()[:12]]))
                elif name == "style":
                    found.append((f"<{tag} style=…>: style attributes are not allowed (the Content "
                                  "Security Policy blocks them); use a class from docs/assets/site.css",
                                  ["style"]))
                else:
                    found.append((f"<{tag} {name}=\"{value[:40]}\">: the attribute {name} is not allowed "
                                  f"here; remove it", [f"{name}=", name]))
    return found


def source_line(text: str, needles: list[str]) -> int | None:
    """The first line of `text` that contains a needle: outside fenced code
    first, then anywhere (a fence Markdown did not take as one)."""
    lines = text.splitlines()
    for skip_fences in (True, False):
        for needle in needles:
            if not needle:
                continue
            in_fence = False
            for number, line in enumerate(lines, start=1):
                if skip_fences and re.match(r"^\s*(```|~~~)", line):
                    in_fence = not in_fence
                    continue
                if not in_fence and needle.lower() in line.lower():
                    return number
    return None


def _where(page, config, needles: list[str]) -> str:
    """docs/<file>:<line>, or the data file/other page the text came from."""
    docs = Path(config.docs_dir)
    own = f"docs/{page.file.src_uri}"
    line = source_line(page.file.content_string, needles)
    if line:
        return f"{own}:{line}"
    for other in sorted([*docs.rglob("*.md"), *docs.rglob("*.yml")]):
        try:
            line = source_line(other.read_text(encoding="utf-8"), needles)
        except (OSError, UnicodeDecodeError):
            continue
        if line:
            return f"{own} (from docs/{other.relative_to(docs).as_posix()}:{line})"
    return own


# After every hook that adds to the content (untranslated, deadline, timeline).
@event_priority(-100)
def on_page_content(html, page, config, files):
    for message, needles in dict.fromkeys((m, tuple(n)) for m, n in findings(html)):
        log.error(f"{_where(page, config, list(needles))}: {message}.")
    return html


# Addresses from mkdocs.yml that templates print into attributes.
CONFIG_URLS = ("site_url", "repo_url")
EXTRA_URLS = (("authority", "website"), ("hosting", "privacy"))
UNSAFE_URL = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>`\\]")


def url_problem(value) -> str | None:
    """Why `value` may not be printed as an address, or None."""
    text = str(value)
    if UNSAFE_URL.search(text):
        return "contains a quote, space, angle bracket, backslash or control character"
    if not re.match(r"^https://[^/?#]+", text):
        return "is not an https:// address"
    return None


def on_config(config):
    for key in CONFIG_URLS:
        value = config.get(key)
        if value and (problem := url_problem(value)):
            log.error(f"{config_line(config, f'{key}:')}: {key} {value!r} {problem}; write a plain https:// address.")
    for section, key in EXTRA_URLS:
        value = (config.extra.get(section) or {}).get(key)
        if value and (problem := url_problem(value)):
            log.error(f"{config_line(config, f'  {key}:')}: extra.{section}.{key} {value!r} {problem}; "
                      "write a plain https:// address.")
    return config
