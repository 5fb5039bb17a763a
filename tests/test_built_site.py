"""The built site: every page in both languages, lang attributes, a language
switcher that leads to the counterpart, meta descriptions, and nothing loaded
from another host."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import yaml

from conftest import ROOT, SITE_URL

LANGS = {"de": "", "en": "en/"}  # language -> folder in the built site
PAGES = sorted(
    str(p.relative_to(ROOT / "docs"))[: -len(".de.md")]
    for p in (ROOT / "docs").rglob("*.de.md")
    # German-only pages (`translations: none`, Leichte Sprache): tests/test_leichte_sprache.py
    if "\ntranslations: none\n" not in p.read_text(encoding="utf-8")
)


def page_url(page: str, lang: str) -> str:
    """Address of a page relative to the site root, as MkDocs writes it."""
    path = "" if page == "index" else page.removesuffix("/index").removesuffix("index") + "/"
    return LANGS[lang] + path.lstrip("/")


class Elements(HTMLParser):
    """Collects tags with their attributes; enough for these assertions."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def find(self, tag: str, **attrs: str):
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]


def read(site: Path, url: str) -> Elements:
    return Elements((site / url / "index.html").read_text(encoding="utf-8"))


def resolve(site: Path, from_url: str, href: str) -> Path:
    """The file a link leads to, with root-absolute links read under SITE_URL."""
    absolute = urljoin(urljoin(SITE_URL, from_url), href)
    prefix = urlparse(SITE_URL).path
    path = urlparse(absolute).path
    assert path.startswith(prefix), f"{from_url}: link {href!r} leaves the site's path {prefix}"
    target = site / path[len(prefix):]
    return target / "index.html" if path.endswith("/") else target


def test_there_are_pages():
    assert {"index", "faq", "guides/facebook", "guides/no-account", "contact"} <= set(PAGES)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_page_exists_with_language_and_description(site, page, lang):
    doc = read(site, page_url(page, lang))
    (html,) = doc.find("html")
    assert html["lang"] == lang, f"{page_url(page, lang)}: <html lang={html['lang']!r}>"
    descriptions = doc.find("meta", name="description")
    assert descriptions and len(descriptions[0]["content"]) > 30, (
        f"{page}.{lang}.md: add a 'description:' line to the front matter"
    )


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("page", PAGES)
def test_switcher_leads_to_counterpart(site, page, lang):
    url = page_url(page, lang)
    links = {a["hreflang"]: a["href"] for a in read(site, url).find("a", **{"class": "md-select__link"})}
    assert set(links) == set(LANGS), f"{url}: switcher offers {sorted(links)}"
    for other in LANGS:
        target = resolve(site, url, links[other])
        assert target == site / page_url(page, other) / "index.html", (
            f"{url}: switcher link for {other!r} ({links[other]}) leads to {target}"
        )


def test_no_reference_to_another_host(site):
    """No script, stylesheet, font, image or frame is loaded from elsewhere."""
    offenders = []
    for html_file in site.rglob("*.html"):
        for tag, attrs in Elements(html_file.read_text(encoding="utf-8")).tags:
            ref = attrs.get("src") or (attrs.get("href") if tag == "link" else None)
            if tag == "link" and attrs.get("rel") in {"alternate", "canonical"}:
                continue  # addresses of this site's own pages, not loaded
            if ref and urlparse(ref).scheme in {"http", "https"} or (ref or "").startswith("//"):
                offenders.append(f"{html_file.relative_to(site)}: <{tag}> loads {ref}")
    for css in site.rglob("*.css"):
        for match in EXTERNAL_CSS.finditer(css.read_text(encoding="utf-8")):
            offenders.append(f"{css.relative_to(site)}: {match.group(0)}…")
    assert not offenders, "\n".join(offenders)


# url(https://…), url("//…"), @import "https://…" – anything a stylesheet would fetch elsewhere.
EXTERNAL_CSS = re.compile(r"""(?:url\(\s*|@import\s+)["']?(?:https?:)?//""", re.I)


@pytest.mark.parametrize("css", ['a{background:url("https://x.example/a.png")}', "b{background:url('//cdn.example/b')}",
                                 '@import "https://fonts.example/f.css";', "c{background:url(http://x.example/c)}"])
def test_external_css_reference_is_found(css):
    assert EXTERNAL_CSS.search(css)


def test_own_css_references_are_not_flagged():
    assert not EXTERNAL_CSS.search('a{background:url("../images/x.svg")} @import "print.css";')


HOSTS = tuple(yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["extra"]["forms"]["hosts"])


def test_guides_show_the_form_button(site):
    guides = [p for p in PAGES if p.startswith("guides/") and not p.endswith("index")]
    assert guides
    for guide in guides:
        for lang in LANGS:
            buttons = [a for t, a in read(site, page_url(guide, lang)).tags
                       if t == "a" and "guide-form__button" in a.get("class", "").split()]
            assert len(buttons) == 1, f"{guide}.{lang}.md: no form button; set form_url in the front matter"
            host = urlparse(buttons[0]["href"]).hostname
            assert any(host == h or host.endswith("." + h) for h in HOSTS), host
