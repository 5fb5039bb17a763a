"""JSON-LD (hooks/sitegen/core/structured_data.py) and link-preview tags:
well-formed, the schema.org types with the properties they need, the FAQ's
answers exactly as readers see them on every page marked `faq: true`, in the
page's language; a review (lastReviewed, reviewedBy) claimed only for a guide
whose form was checked, never for one from reports (checked_from: reports), on
the graph in-process and on the built site; share images that previewers accept."""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from mkdocs.utils import yaml_load
from mkdocs.utils.meta import get_data

from conftest import ROOT, SITE_URL

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen.core import structured_data  # noqa: E402

# Per schema.org type: (required, allowed) properties.
# Required: Google Search Central's documented required properties where Google
# documents the type (FAQPage: mainEntity; Question: name, acceptedAnswer;
# Answer: text – developers.google.com/search/docs/appearance/structured-data/faqpage).
# schema.org itself marks nothing as required; for the other types the required
# set is what this site promises (Google lists name/url/address/telephone/email as
# recommended for Organization). Allowed: properties schema.org defines for the
# type or its parents (Thing > CreativeWork > WebPage > FAQPage; Thing >
# Organization > GovernmentOrganization; Thing > Intangible > StructuredValue >
# ContactPoint > PostalAddress), so a typo cannot pass.
THING = {"@type", "@id", "name", "url", "description", "alternateName"}
CREATIVE_WORK = THING | {"inLanguage", "isPartOf", "publisher", "dateModified", "text", "mainEntity"}
WEB_PAGE = CREATIVE_WORK | {"lastReviewed", "reviewedBy", "significantLink", "isBasedOn"}
SCHEMA = {
    "GovernmentOrganization": ({"name", "url", "address", "email", "telephone"},
                               THING | {"address", "email", "telephone", "faxNumber"}),
    "PostalAddress": ({"streetAddress", "postalCode", "addressLocality", "addressCountry"},
                      {"@type", "streetAddress", "postalCode", "addressLocality", "addressCountry"}),
    "WebSite": ({"@id", "name", "url", "inLanguage", "publisher"}, CREATIVE_WORK),
    "WebPage": ({"@id", "name", "url", "inLanguage", "publisher", "isPartOf"}, WEB_PAGE),
    "FAQPage": ({"@id", "name", "url", "inLanguage", "publisher", "mainEntity"}, WEB_PAGE),
    "Question": ({"name", "acceptedAnswer"}, THING | {"acceptedAnswer", "suggestedAnswer", "answerCount"}),
    "Answer": ({"text"}, CREATIVE_WORK),
}
LANGS = {"de": "", "en": "en/"}
RAW = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
AUTHORITY = RAW["extra"]["authority"]


def front_matter(path: Path) -> dict:
    return get_data(path.read_text(encoding="utf-8"))[1]


def built_page(site: Path, source: Path) -> Path:
    """The built page of docs/<source> (faq.en.md -> en/faq/index.html)."""
    relative = source.relative_to(ROOT / "docs").as_posix()
    name, lang = relative.rsplit(".", 2)[:2]
    folder = name.removesuffix("index").rstrip("/")
    return site / LANGS[lang] / folder / "index.html"


# Pages whose front matter says `faq: true`, in every language.
FAQ_SOURCES = sorted(p for p in (ROOT / "docs").rglob("*.md") if front_matter(p).get("faq") is True)
GUIDE_SOURCES = sorted(p for p in (ROOT / "docs/guides").glob("*.*.md") if front_matter(p).get("form_url"))


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if "search" not in p.parts)


def json_ld(html: str) -> list[dict]:
    return [json.loads(block) for block in
            re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]


def nodes(value):
    """Every object with an @type, depth first."""
    if isinstance(value, dict):
        if "@type" in value:
            yield value
        for child in value.values():
            yield from nodes(child)
    elif isinstance(value, list):
        for child in value:
            yield from nodes(child)


def schema_problems(data: dict) -> list[str]:
    found = []
    if data.get("@context") != "https://schema.org":
        found.append("@context must be https://schema.org")
    ids = {node["@id"] for node in nodes(data) if "@id" in node and len(node) > 1}
    for node in nodes(data):
        kind = node["@type"]
        if kind not in SCHEMA:
            found.append(f"unexpected @type {kind}")
            continue
        required, allowed = SCHEMA[kind]
        for key in sorted(required - node.keys()):
            found.append(f"{kind} lacks required property {key}")
        for key in sorted(node.keys() - allowed):
            found.append(f"{kind} has {key}, which schema.org does not define for it")
        for key, value in node.items():
            if isinstance(value, dict) and set(value) == {"@id"} and value["@id"] not in ids:
                found.append(f"{kind}.{key} points to {value['@id']}, which is not in the graph")
            if isinstance(value, str) and not value.strip():
                found.append(f"{kind}.{key} is empty")
    return found


def test_schema_check_finds_mistakes():
    """The check above fails on bad input (a check that cannot fail is a defect)."""
    bad = {"@context": "http://schema.org", "@graph": [
        {"@type": "FAQPage", "@id": "x", "name": "n", "url": "u", "inLanguage": "de",
         "publisher": {"@id": "#nobody"}, "isPartOf": {"@id": "x"}, "datePublishd": "2025",
         "mainEntity": [{"@type": "Question", "name": "Q?", "acceptedAnswer": {"@type": "Answer"}}]},
        {"@type": "Recipe", "name": "soup"},
    ]}
    found = schema_problems(bad)
    assert "@context must be https://schema.org" in found
    assert "Answer lacks required property text" in found
    assert "FAQPage has datePublishd, which schema.org does not define for it" in found
    assert "FAQPage.publisher points to #nobody, which is not in the graph" in found
    assert "unexpected @type Recipe" in found


def test_every_page_has_valid_json_ld(site):
    checked = 0
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        blocks = json_ld(html)
        assert len(blocks) == 1, f"{page.relative_to(site)}: one JSON-LD block expected"
        problems = schema_problems(blocks[0])
        assert not problems, f"{page.relative_to(site)}: " + "; ".join(problems)
        lang = re.search(r'<html lang="(\w+)"', html).group(1)
        page_node = blocks[0]["@graph"][-1]
        assert page_node["inLanguage"] == lang
        assert page_node["url"] == re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
        checked += 1
    assert checked > 20


@pytest.mark.parametrize("lang", LANGS)
def test_publisher_is_the_authority_in_the_page_language(site, lang):
    html = (site / LANGS[lang] / "index.html").read_text(encoding="utf-8")
    graph = json_ld(html)[0]["@graph"]
    publisher = next(n for n in graph if n["@type"] == "GovernmentOrganization")
    name = AUTHORITY["name"]
    assert publisher["name"] == (name[lang] if isinstance(name, dict) else name)
    assert publisher["url"] == AUTHORITY["website"] and publisher["email"] == AUTHORITY["email"]
    assert all(n.get("publisher", {"@id": publisher["@id"]}) == {"@id": publisher["@id"]} for n in graph[1:])


def visible_text(html: str) -> str:
    """The article's text as a reader sees it (headings' '#' permalinks left out)."""
    article = re.search(r"<article[^>]*>(.*)</article>", html, re.S).group(1)
    article = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", article)
    article = re.sub(r"<(script|style)\b.*?</\1>", "", article, flags=re.S)
    article = re.sub(r"<(/?)(p|li|h[1-6]|div|ul|ol|dl|dd|dt|br|tr|td|th|pre|details|summary|table)\b",
                     r" <\1\2", article)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", article)).split())


@pytest.mark.parametrize("source", FAQ_SOURCES, ids=lambda p: p.name)
def test_faq_answers_match_the_visible_text(site, source):
    name = source.name
    html = built_page(site, source).read_text(encoding="utf-8")
    faq = next(n for n in json_ld(html)[0]["@graph"] if n["@type"] == "FAQPage")
    article = re.search(r"<article[^>]*>(.*)</article>", html, re.S).group(1)
    headings = [" ".join(unescape(re.sub(r"<[^>]+>", "", re.sub(r'<a class="headerlink".*?</a>', "", h))).split())
                for h in re.findall(r"<h3[^>]*>(.*?)</h3>", article, re.S)]
    questions = [q["name"] for q in faq["mainEntity"]]
    assert questions == headings, "every ### question, in order"
    text, cursor = visible_text(html), 0
    for question in faq["mainEntity"]:
        at = text.index(question["name"], cursor) + len(question["name"])
        answer = question["acceptedAnswer"]["text"]
        assert len(answer) > 20
        assert text[at:].lstrip().startswith(answer), (
            f"{name}: the answer to {question['name']!r} differs from the page:\n"
            f"page: {text[at:at + 120]!r}\nJSON-LD: {answer[:120]!r}")
        cursor = at


def test_faq_is_in_each_language(site):
    assert FAQ_SOURCES, "no page says 'faq: true' any more"
    for source in FAQ_SOURCES:
        if not source.name.endswith(".de.md"):
            continue
        questions = {}
        for lang in LANGS:
            page = built_page(site, source.with_name(source.name.replace(".de.md", f".{lang}.md")))
            graph = json_ld(page.read_text(encoding="utf-8"))[0]["@graph"]
            questions[lang] = {q["name"] for q in next(n for n in graph if n["@type"] == "FAQPage")["mainEntity"]}
        assert all(questions.values()) and not questions["de"] & questions["en"], source.name


@pytest.mark.parametrize("source", GUIDE_SOURCES, ids=lambda p: p.name)
def test_only_a_guide_whose_form_was_checked_says_it_was_reviewed(site, source):
    """lastReviewed/reviewedBy claim that the authority checked the form: never for a guide
    that rests on others' reports (`checked_from: reports`), which names them instead."""
    meta = front_matter(source)
    node = json_ld(built_page(site, source).read_text(encoding="utf-8"))[0]["@graph"][-1]
    assert node["@type"] == "WebPage" and node["significantLink"] == meta["form_url"]
    if meta.get("checked_from") == "reports":
        assert not {"lastReviewed", "reviewedBy", "dateModified"} & node.keys(), node
        assert node["isBasedOn"] == [s["url"] for s in meta["sources"]]
    else:
        assert node["lastReviewed"] == node["dateModified"] == str(meta["last_checked"])
        assert node["reviewedBy"] == node["publisher"] and "isBasedOn" not in node


GUIDE_META = {"description": "x" * 40, "form_url": "https://www.facebook.com/help/contact/1",
              "last_checked": "2025-05-26", "sources": [{"title": "A", "url": "https://a.example/"},
                                                         {"title": "B", "url": "https://b.example/"}]}


def graph(meta: dict, content: str = "") -> tuple[dict, list[str]]:
    return structured_data.graph(
        authority=AUTHORITY, site_url=SITE_URL, site_name="Site", site_description="About the site", lang="en",
        default="de", home=SITE_URL + "en/", url=SITE_URL + "en/guides/x/", title="X", meta=meta, content=content)


def test_the_graph_claims_a_review_only_for_a_checked_form():
    node = graph(GUIDE_META)[0]["@graph"][-1]
    assert node["lastReviewed"] == node["dateModified"] == "2025-05-26"
    assert node["reviewedBy"] == {"@id": SITE_URL + "#publisher"} and "isBasedOn" not in node
    node = graph({**GUIDE_META, "checked_from": "reports"})[0]["@graph"][-1]
    assert not {"lastReviewed", "reviewedBy", "dateModified"} & node.keys()
    assert node["isBasedOn"] == ["https://a.example/", "https://b.example/"]
    assert node["significantLink"] == GUIDE_META["form_url"]
    for data in (graph(GUIDE_META)[0], graph({**GUIDE_META, "checked_from": "reports"})[0]):
        assert schema_problems(data) == []


def test_the_graph_reads_questions_and_answers_from_the_page():
    content = ('<h1>FAQ</h1><p>Intro</p><h3 id="a">Why?<a class="headerlink" href="#a">#</a></h3>'
               "<p>Because <em>of</em> this.</p><ul><li>One</li><li>Two</li></ul>"
               '<h3 id="b">And then?</h3><h2>Other</h2><p>Not an answer.</p>')
    data, problems = graph({"faq": True, "description": "x"}, content)
    node = data["@graph"][-1]
    assert node["@type"] == "FAQPage"
    assert [(q["name"], q["acceptedAnswer"]["text"]) for q in node["mainEntity"]] == [
        ("Why?", "Because of this. One Two")]
    assert problems == ["the question 'And then?' has no answer text under it. Fix: write the answer below the "
                        "### heading."]
    assert graph({"faq": "yes", "description": "x"}, content)[0]["@graph"][-1]["@type"] == "WebPage"


def test_the_json_cannot_end_its_script_element():
    text = structured_data.script_text({"name": "</script><script>alert(1)</script>"})
    assert "</" not in text and json.loads(text) == {"name": "</script><script>alert(1)</script>"}


def meta_tags(html: str) -> dict[str, str]:
    found = {}
    for attrs in re.findall(r"<meta ([^>]+)>", html):
        key = re.search(r'(?:property|name)="([^"]+)"', attrs)
        value = re.search(r'content="([^"]*)"', attrs)
        if key and value:
            found.setdefault(key.group(1), unescape(value.group(1)))
    return found


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    return struct.unpack(">II", data[16:24])


def test_every_page_has_link_preview_tags(site):
    for page in pages(site):
        html = page.read_text(encoding="utf-8")
        tags = meta_tags(html)
        lang = re.search(r'<html lang="(\w+)"', html).group(1)
        where = page.relative_to(site)
        for key in ("og:title", "og:description", "og:url", "og:image", "og:image:alt", "og:site_name",
                    "twitter:card", "twitter:title", "twitter:description", "twitter:image"):
            assert tags.get(key, "").strip(), f"{where}: <meta {key}> missing"
        assert tags["og:locale"] == {"de": "de_DE", "en": "en_GB"}[lang]
        assert tags["og:description"] == tags["description"]
        assert tags["twitter:card"] == "summary_large_image"
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
        assert tags["og:url"] == canonical
        assert tags["og:image"] == tags["twitter:image"] == f"{SITE_URL}assets/share-{lang}.png"
        image = site / tags["og:image"][len(SITE_URL):]
        assert image.exists(), f"{where}: og:image {tags['og:image']} is not in the site"


@pytest.mark.parametrize("lang", LANGS)
def test_share_images_are_small_pngs(site, lang):
    image = site / "assets" / f"share-{lang}.png"
    assert png_size(image) == (1200, 630), "Open Graph's recommended size"
    assert image.stat().st_size < 100_000, f"{image.name}: {image.stat().st_size} bytes; keep it under 100 kB"


def share_check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(project / "scripts/share_images.py"), "--check",
                           "--root", str(project)], capture_output=True, text=True)


def test_share_images_show_the_current_names():
    result = share_check(ROOT)
    assert result.returncode == 0, result.stdout


def test_share_image_check_notices_a_renamed_site(project_copy):
    config = project_copy / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("site_name: Objecting to AI training at Meta",
                                   "site_name: Object to Meta's AI training", 1), encoding="utf-8")
    result = share_check(project_copy)
    assert result.returncode == 1
    assert ("docs/assets/share-en.png: shows other texts than mkdocs.yml (\"Object to Meta's AI training\"); "
            "run `python scripts/share_images.py`") in result.stdout
    assert "share-de.png" not in result.stdout


def test_only_pages_marked_faq_are_faq_pages(site):
    """`faq: true` in the front matter, not the file's name, makes a page an FAQPage."""
    marked = {built_page(site, p) for p in FAQ_SOURCES}
    for page in pages(site):
        types = {n["@type"] for n in json_ld(page.read_text(encoding="utf-8"))[0]["@graph"]}
        assert ("FAQPage" in types) == (page in marked), (page.relative_to(site), types)
