"""hreflang alternates and the sitemap: every page names its language versions
with absolute addresses plus x-default, the sitemap says the same, the
English home page has a proper title, and Material's script does not turn
the links into requests for missing sitemaps."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, SITE_URL, page_lang, sitemap_urls

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


class Head(HTMLParser):
    """The <link> and <title> elements of a page's head."""

    def __init__(self, html: str):
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.title = ""
        self._in_title = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "link":
            self.links.append({k: v or "" for k, v in attrs})
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data

    def hreflang(self) -> dict[str, str]:
        return {link["hreflang"]: link.get("href", "") for link in self.links
                if link.get("rel") == "alternate" and "hreflang" in link}

    def canonical(self) -> str | None:
        return next((link["href"] for link in self.links if link.get("rel") == "canonical"), None)


def sitemap(site: Path) -> dict[str, dict[str, str]]:
    """<loc> -> {hreflang: href} from sitemap.xml."""
    tree = ET.parse(site / "sitemap.xml")
    return {url.findtext("s:loc", namespaces=NS): {
        link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        for url in tree.getroot().findall("s:url", NS)}


def page_file(site: Path, url: str) -> Path:
    return site / url / "index.html"


def alternate_problems(url: str, head: Head, entries: dict[str, dict[str, str]]) -> list[str]:
    """Everything wrong with one page's hreflang links, measured against the sitemap."""
    where = f"{url or '/'}"
    links, canonical = head.hreflang(), head.canonical()
    problems = []
    if canonical != SITE_URL + url:
        problems.append(f"{where}: canonical is {canonical!r}, expected {SITE_URL + url!r}")
    for lang, href in links.items():
        if not href.startswith(SITE_URL):
            problems.append(f"{where}: hreflang {lang} has the address {href!r}; it must be absolute, "
                            f"under {SITE_URL} (the i18n plugin builds it from site_url)")
    if not links:
        return problems + [f"{where}: no hreflang links"]
    if "x-default" not in links:
        problems.append(f"{where}: no x-default hreflang link")
    elif links["x-default"] != links.get("de"):
        problems.append(f"{where}: x-default is {links['x-default']!r}, not the German page {links.get('de')!r}")
    if links.get(page_lang(url)) != canonical:
        problems.append(f"{where}: its own hreflang ({page_lang(url)}) is {links.get(page_lang(url))!r}, "
                        f"not its canonical address {canonical!r}")
    if entries.get(canonical) != links:
        problems.append(f"{where}: the sitemap lists {entries.get(canonical)!r} for it, the page {links!r}")
    return problems


@pytest.fixture(scope="module")
def entries(site):
    return sitemap(site)


def test_the_sitemap_lists_every_page_of_both_languages(site, entries):
    built = sorted(str(p.parent.relative_to(site)) for p in site.rglob("index.html"))
    expected = {SITE_URL + ("" if u == "." else u + "/") for u in built}
    assert set(entries) == expected
    assert any(loc.startswith(SITE_URL + "en/") for loc in entries)


def one_language_urls() -> set[str]:
    """Pages with a German file and no English one (e.g. Leichte Sprache)."""
    urls = set()
    for source in (ROOT / "docs").rglob("*.de.md"):
        if not source.with_name(source.name.replace(".de.md", ".en.md")).exists():
            path = str(source.relative_to(ROOT / "docs"))[: -len(".de.md")]
            path = path.removesuffix("index").removesuffix("/")
            urls.add(path + "/" if path else "")
    return urls


def test_every_page_has_absolute_alternates_with_x_default_matching_the_sitemap(site, entries):
    problems = []
    for url in sitemap_urls(site):
        if url in one_language_urls():
            continue
        head = Head(page_file(site, url).read_text(encoding="utf-8"))
        problems += alternate_problems(url, head, entries)
    assert not problems, "\n".join(problems)


def test_alternates_are_reciprocal(site, entries):
    for loc, links in entries.items():
        for href in links.values():
            assert entries.get(href) == links, f"{loc} names {href}, which does not name the same set back"


def test_a_page_in_one_language_only_has_no_alternates(site, entries):
    if not one_language_urls():
        pytest.skip("no page in one language only")
    for url in one_language_urls():
        assert Head(page_file(site, url).read_text(encoding="utf-8")).hreflang() == {}, url
        assert entries[SITE_URL + url] == {}, url


def test_no_page_carries_a_relative_hreflang_link(site):
    for html in site.rglob("*.html"):
        for link in Head(html.read_text(encoding="utf-8")).links:
            if "hreflang" in link:
                assert link["href"].startswith("https://"), f"{html.relative_to(site)}: {link}"


def site_names() -> dict[str, tuple[str, str]]:
    """(site_name, title_suffix) per language from mkdocs.yml."""
    from mkdocs.utils import yaml_load
    raw = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    blocks = next(p["i18n"] for p in raw["plugins"] if isinstance(p, dict) and "i18n" in p)["languages"]
    return {b["locale"]: (b.get("site_name") or raw["site_name"], b["extra"]["ui"]["title_suffix"]) for b in blocks}


def test_every_home_page_is_titled_like_a_home_page_and_every_other_page_names_the_site(site):
    """'<site name> – <publisher>' on each language's home page; '<page> – <site name> –
    <publisher>' on every other page."""
    names = site_names()
    for url in sitemap_urls(site):
        name, suffix = names[page_lang(url)]
        title = Head(page_file(site, url).read_text(encoding="utf-8")).title
        if url in ("", "en/"):
            assert title == f"{name} – {suffix}", url
        else:
            assert title.endswith(f" – {name} – {suffix}") and title[:-len(f" – {name} – {suffix}")].strip(), (url, title)


# --- The check fails on bad alternates ---------------------------------------

BAD_HEAD = """<html><head><title>x</title>
<link rel="canonical" href="https://example.github.io/meta-ai-objection/en/faq/">
<link rel="alternate" href="../../faq/" hreflang="de">
<link rel="alternate" href="./" hreflang="en">
</head></html>"""


def test_the_alternates_check_reports_relative_links_and_a_missing_x_default():
    problems = "\n".join(alternate_problems("en/faq/", Head(BAD_HEAD), {}))
    assert "en/faq/: hreflang de has the address '../../faq/'; it must be absolute" in problems
    assert "en/faq/: no x-default hreflang link" in problems
    assert "en/faq/: its own hreflang (en) is './'" in problems
    assert "en/faq/: the sitemap lists None for it" in problems
