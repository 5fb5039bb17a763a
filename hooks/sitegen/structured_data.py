"""JSON-LD (schema.org) for every page, derived from what the page shows.

- The publisher: the authority from `extra.authority` as GovernmentOrganization.
- Question-and-answer pages (front matter `faq: true`; here faq and
  background): an FAQPage whose questions are the page's `###` headings and
  whose answers are the text under each, read from the rendered HTML, so
  search engines get exactly what readers see, in the page's language.
- Guides (front matter with form_url): a WebPage with lastReviewed and
  dateModified from `last_checked`, reviewed by the authority.
- Every other page: a WebPage published by the authority.

overrides/partials/structured-data.html writes it into the head. A question
without an answer text fails the strict build with the file and the heading.
"""

from __future__ import annotations

import json
import logging
from html.parser import HTMLParser

from .common import is_home, language

log = logging.getLogger("mkdocs.hooks.structured_data")

SKIP = {"script", "style", "template"}
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
BLOCKS = {"p", "li", "dd", "dt", "div", "br", "tr", "td", "th", "pre", "blockquote",
          "h1", "h2", "h3", "h4", "h5", "h6", "details", "summary", "table", "ul", "ol"}


class Questions(HTMLParser):
    """[(question, answer)] from the `###` headings and the text up to the next heading."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.items: list[list[str]] = []
        self._current: list[str] | None = None  # [question, answer] being read
        self._heading: str | None = None  # "h1"/"h2"/"h3" while inside one
        self._skip = 0  # depth inside script/style or a heading's permalink
        self._text: list[str] = []
        self.feed(html)
        self._flush()

    def _flush(self):
        if self._current is not None and self._heading is None:
            self._current[1] += "".join(self._text)
        self._text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._skip and tag in VOID:
            return  # no end tag follows
        if self._skip or tag in SKIP or "headerlink" in (attrs.get("class") or "").split():
            self._skip += 1
            return
        if tag in ("h1", "h2", "h3"):
            self._flush()
            self._heading = tag
            # A ### heading starts a question; a # or ## heading ends the answer before it.
            self._current = ["", ""] if tag == "h3" else None
            if self._current is not None:
                self.items.append(self._current)
        elif tag in BLOCKS:
            self._text.append(" ")

    def handle_endtag(self, tag):
        if self._skip:
            self._skip -= 1
            return
        if tag == self._heading:
            if self._current is not None:
                self._current[0] = "".join(self._text)
            self._heading, self._text = None, []
        elif tag in BLOCKS:
            self._text.append(" ")

    def handle_startendtag(self, tag, attrs):
        if not self._skip and tag in BLOCKS:
            self._text.append(" ")

    def handle_data(self, data):
        if not self._skip:
            self._text.append(data)

    def pairs(self) -> list[tuple[str, str]]:
        return [(" ".join(q.split()), " ".join(a.split())) for q, a in self.items]


def _value(value, lang: str, default: str):
    """A per-language value ({de: …, en: …}) in `lang`, or the value itself."""
    if isinstance(value, dict):
        return value.get(lang) or value.get(default) or next(iter(value.values()))
    return value


def publisher(config, lang: str, default: str) -> dict:
    a = config.extra["authority"]
    return {
        "@type": "GovernmentOrganization",
        "@id": config.site_url + "#publisher",
        "name": _value(a["name"], lang, default),
        "alternateName": a["short"],
        "url": a["website"],
        "email": a["email"],
        "telephone": a.get("phone_intl") or a["phone"],
        "address": {
            "@type": "PostalAddress",
            "streetAddress": a["street"],
            "postalCode": str(a["postcode"]),
            "addressLocality": _value(a["city"], default, default),
            "addressCountry": a.get("country", "DE"),
        },
    }


def graph(page, config, home_page: bool = False) -> dict:
    lang = language(config)
    i18n = config.plugins.get("i18n")
    default = i18n.default_language if i18n else lang
    home = config.site_url + ("" if lang == default else f"{lang}/")
    pub = publisher(config, lang, default)
    meta = page.meta or {}
    node = {
        "@type": "WebPage",
        "@id": page.canonical_url + "#page",
        "url": page.canonical_url,
        "name": config.site_name if home_page else page.title,
        "description": meta.get("description") or config.site_description,
        "inLanguage": lang,
        "isPartOf": {"@id": home + "#website"},
        "publisher": {"@id": pub["@id"]},
    }
    if meta.get("faq") is True:  # front_matter.py refuses any other value
        node["@type"] = "FAQPage"
        node["mainEntity"] = []
        for question, answer in Questions(page.content).pairs():
            if not question or not answer:
                log.error(f"docs/{page.file.src_uri}: the question {question!r} has no answer text "
                          "under it; write the answer below the ### heading.")
                continue
            node["mainEntity"].append({
                "@type": "Question",
                "name": question,
                "acceptedAnswer": {"@type": "Answer", "text": answer},
            })
    if meta.get("form_url") and meta.get("last_checked"):
        checked = str(meta["last_checked"])
        node.update(lastReviewed=checked, dateModified=checked, reviewedBy={"@id": pub["@id"]},
                    significantLink=meta["form_url"])
    website = {"@type": "WebSite", "@id": home + "#website", "url": home,
               "name": config.site_name, "inLanguage": lang, "publisher": {"@id": pub["@id"]}}
    return {"@context": "https://schema.org", "@graph": [pub, website, node]}


def on_page_context(context, page, config, nav):
    if page.canonical_url:
        text = json.dumps(graph(page, config, is_home(page, nav)), ensure_ascii=False, separators=(",", ":"))
        # Inside <script>, "</" would end the element early.
        context["structured_data"] = text.replace("</", "<\\/")
    return context
