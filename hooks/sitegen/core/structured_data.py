"""JSON-LD (schema.org) for every page, derived from what the page shows.

- The publisher: the authority from `extra.authority` as GovernmentOrganization.
- Question-and-answer pages (front matter `faq: true`): an FAQPage whose
  questions are the page's `###` headings and whose answers are the text under
  each, read from the rendered HTML, so search engines get what readers see.
- Guides: a WebPage with the form as its significant link. Only a guide whose
  form was really checked (no `checked_from: reports`) says when and by whom
  it was reviewed (lastReviewed, reviewedBy); a guide built from others'
  reports names them (isBasedOn) and claims no review.
- Every other page: a WebPage published by the authority.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

SKIP = frozenset({"script", "style", "template"})
VOID = frozenset({"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})
BLOCKS = frozenset({"p", "li", "dd", "dt", "div", "br", "tr", "td", "th", "pre", "blockquote",
          "h1", "h2", "h3", "h4", "h5", "h6", "details", "summary", "table", "ul", "ol"})


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


def publisher(authority: dict, site_url: str, lang: str, default: str) -> dict:
    a = authority
    return {
        "@type": "GovernmentOrganization",
        "@id": site_url + "#publisher",
        "name": _value(a["name"], lang, default),
        "alternateName": _value(a["short"], lang, default),
        "url": a["website"],
        "email": a["email"],
        "telephone": a.get("phone_intl") or a["phone"],
        "address": {
            "@type": "PostalAddress",
            "streetAddress": _value(a["street"], lang, default),
            "postalCode": str(a["postcode"]),
            "addressLocality": _value(a["city"], default, default),
            "addressCountry": a.get("country", "DE"),
        },
    }


def graph(*, authority: dict, site_url: str, site_name: str, site_description: str, lang: str, default: str,
          home: str, url: str, title: str, meta: dict, content: str) -> tuple[dict, list[str]]:
    """(the JSON-LD graph, problems) for one page; `home` is its language's home address."""
    pub = publisher(authority, site_url, lang, default)
    problems = []
    node = {
        "@type": "WebPage",
        "@id": url + "#page",
        "url": url,
        "name": title,
        "description": meta.get("description") or site_description,
        "inLanguage": lang,
        "isPartOf": {"@id": home + "#website"},
        "publisher": {"@id": pub["@id"]},
    }
    if meta.get("faq") is True:
        node["@type"] = "FAQPage"
        node["mainEntity"] = []
        for question, answer in Questions(content).pairs():
            if not question or not answer:
                problems.append(f"the question {question!r} has no answer text under it. Fix: write the answer "
                                "below the ### heading.")
                continue
            node["mainEntity"].append({"@type": "Question", "name": question,
                                       "acceptedAnswer": {"@type": "Answer", "text": answer}})
    if meta.get("form_url"):
        node["significantLink"] = meta["form_url"]
        if meta.get("checked_from") == "reports":
            node["isBasedOn"] = [source["url"] for source in meta.get("sources") or [] if source.get("url")]
        elif meta.get("last_checked"):
            checked = str(meta["last_checked"])
            node.update(lastReviewed=checked, dateModified=checked, reviewedBy={"@id": pub["@id"]})
    website = {"@type": "WebSite", "@id": home + "#website", "url": home,
               "name": site_name, "inLanguage": lang, "publisher": {"@id": pub["@id"]}}
    return {"@context": "https://schema.org", "@graph": [pub, website, node]}, problems


def script_text(data: dict) -> str:
    """JSON for a <script type="application/ld+json">: "</" would end the element early."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
