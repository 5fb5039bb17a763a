"""Every page's rendered content passes an allowlist sanitiser unchanged.

Pull requests can come from anyone, so a page's content is untrusted. After
Markdown and every token have made a page's HTML (timeline, guide chooser,
deadline list and the untranslated notice included), the shell runs `findings`
on it: nh3 (the Python binding of ammonia, a maintained Rust sanitiser that
parses with html5ever, as browsers do) with an allowlist of exactly the
elements, attributes and address schemes that Markdown, the extensions in
mkdocs.yml and our tokens write. If the sanitiser would change anything, the
build stops with the file, the line and what to do. We never publish the
sanitised version: an editor must see and fix the mistake.

Why a sanitiser and not patterns: a browser reads `java&#9;script:`, SVG
`<animate attributeName=href values=javascript:…>` or `<meta http-equiv=refresh>`
as active content; patterns miss such spellings, an allowlist refuses
everything it does not know.

Ids: an element in a page may not take an id that a template or script
relies on (`reserved`: every literal id the theme's and our templates write,
found by theme.py at build time, and any id beginning with `__`), or it would
replace that element for the page's scripts (the theme's configuration,
our `site-data`) without anyone seeing it.
"""

from __future__ import annotations

import difflib
import re
from html.parser import HTMLParser
from types import MappingProxyType

import nh3

# Elements Markdown and the configured extensions write (and our hooks:
# deadline list, timeline, chooser, untranslated notice).
TAGS = frozenset({
    # Markdown core
    "p", "a", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr", "br", "img",
    "h1", "h2", "h3", "h4", "h5", "h6",
    # abbr, def_list, tables
    "abbr", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td",
    # admonition, md_in_html (block elements an editor may wrap Markdown in), details
    "div", "span", "nav", "section", "aside", "details", "summary",
    # pymdownx.tabbed (alternate style): radio inputs and their labels
    "input", "label",
    # core/deadline.py, core/timeline.py; inline text elements Markdown passes through
    "time", "small", "sub", "sup", "kbd", "mark", "del", "ins", "s", "b", "i", "u", "q", "cite",
})
COMMON = frozenset({"id", "class", "title", "lang", "dir"})
ATTRIBUTES = MappingProxyType({
    "*": COMMON,
    "a": frozenset({"href", "hreflang", "type"}),
    "img": frozenset({"src", "alt", "width", "height", "loading"}),
    "abbr": frozenset(),
    "ol": frozenset({"start"}),
    "th": frozenset({"colspan", "rowspan"}),
    "td": frozenset({"colspan", "rowspan"}),
    "time": frozenset({"datetime"}),
    "details": frozenset({"open"}),
    "input": frozenset({"checked", "name", "type"}),  # type: radio only (attribute_filter)
    "label": frozenset({"for"}),
    "nav": frozenset({"aria-label"}),
    "div": frozenset({"role", "aria-label", "data-tabs"}),
    "p": frozenset({"data-deadline-still", "hidden"}),
    "strong": frozenset({"data-deadline-status", "data-last-day", "data-state", "data-deadline-announce"}),
    # The home page's first screen ({{ now }}, core/deadline.py).
    "section": frozenset({"aria-labelledby"}),
})
# Relative addresses (pages and files of this site) and these schemes only.
URL_SCHEMES = frozenset({"https", "mailto", "tel"})
# Attributes whose value is one of a few words.
VALUES = MappingProxyType({
    ("input", "type"): frozenset({"radio"}),
    ("a", "type"): frozenset({"application/atom+xml"}),
    ("div", "role"): frozenset({"note"}),
    ("strong", "data-state"): frozenset({"ahead", "ahead_one", "today", "past"}),  # core/deadline.py status()
})
VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"})


def _filter(tag: str, attribute: str, value: str):
    allowed = VALUES.get((tag, attribute))
    return value if allowed is None or value in allowed else None


def clean(html: str) -> str:
    return nh3.clean(html, tags=set(TAGS), attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES),
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


# What pymdownx.tabbed writes itself: its radio inputs' ids.
TABBED_ID = re.compile(r"^__tabbed_\d+_\d+$")


def id_findings(events: list[tuple], reserved: frozenset[str]) -> list[tuple[str, list[str]]]:
    """Elements that take an id the templates or scripts rely on."""
    found = []
    for event in events:
        if event[0] != "start":
            continue
        tag, attrs = event[1], dict(event[2])
        value = attrs.get("id")
        if value is None or (tag == "input" and TABBED_ID.match(value)):
            continue
        if value in reserved or value.startswith("__"):
            found.append((f"the id \"{value}\" is used by the site's templates or scripts; an element of a page "
                          "with it would replace theirs. Choose another id (e.g. {#my-section} on a heading)",
                          [f"#{value}", f'id="{value}"', value]))
    return found


def reserved_id_findings(html: str, reserved: frozenset[str]) -> list[tuple[str, list[str]]]:
    return id_findings(_events(html).events, reserved)


def findings(html: str, reserved: frozenset[str] = frozenset()) -> list[tuple[str, list[str]]]:
    """What the sanitiser would change and which reserved ids the content takes, as
    (message, text to look for in the Markdown source) pairs; [] when it passes."""
    before = _events(html)
    found = id_findings(before.events, reserved)
    after = _events(clean(html)).events
    if before.events == after:
        return found  # the usual case: nothing more to report, no diff needed
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
                                  "Security Policy blocks them); use a class the site's stylesheet has (overrides/assets/stylesheets/site.css)",
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


