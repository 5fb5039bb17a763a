"""A 404 page per language under GitHub Pages' single 404.html: a mistyped
/en/ address gets the English page, every other one the German page, each
with a link to its home page and to its search; it works under the
sub-path, and without JavaScript the page says in both languages where to go.
(A language without its 404 texts: tests/test_schema.py, the generated required
keys. In Chromium: the browser tests.)"""

from __future__ import annotations

import json
import re
import sys
from html import unescape
from urllib.parse import urlsplit

from conftest import ROOT, SITE_URL

sys.path.insert(0, str(ROOT / "scripts"))
from translations import load_config  # noqa: E402

PREFIX = urlsplit(SITE_URL).path  # /meta-ai-objection/
HOME = {"de": PREFIX, "en": PREFIX + "en/"}


def ui_texts() -> dict[str, dict]:
    """extra.ui per language from mkdocs.yml."""
    plugin = next(p["i18n"] for p in load_config()["plugins"] if isinstance(p, dict) and "i18n" in p)
    return {lang["locale"]: lang["extra"]["ui"] for lang in plugin["languages"]}


UI = ui_texts()


def test_each_language_has_its_page_and_the_root_one_is_german(site):
    for lang, path in (("de", site / "404.html"), ("en", site / "en" / "404.html")):
        html = path.read_text(encoding="utf-8")
        assert f'<html lang="{lang}"' in html, f"{path.name}: not in {lang}"
        assert f"<h1>{UI[lang]['not_found_title']}</h1>" in html
        assert '<meta name="robots" content="noindex">' in html
        assert f'href="{HOME[lang]}"' in html and f'href="{HOME[lang]}?q="' in html
        assert "hreflang=\"de\" href=" not in html, f"{path.name}: a 404 page has no alternates"


def test_the_root_page_tells_both_languages_where_to_go_without_javascript(site):
    html = (site / "404.html").read_text(encoding="utf-8")
    english = re.search(r'<p class="not-found__other" lang="en">(.*?)</p>', html, re.S)
    assert english, "404.html: no English line"
    assert UI["en"]["not_found_title"] in english.group(1)
    assert f'<a href="{HOME["en"]}" hreflang="en">{UI["en"]["not_found_home"]}</a>' in english.group(1)


def test_every_address_in_the_404_pages_works_at_any_depth(site):
    for path in (site / "404.html", site / "en" / "404.html"):
        html = path.read_text(encoding="utf-8")
        for address in re.findall(r'(?:href|src)="([^"#]+)"', html):
            assert address.startswith((PREFIX, "https://", "http://", "mailto:", "tel:", "data:")), (
                f"{path.relative_to(site)}: the address {address!r} is relative; "
                "served for a missing page at any depth, it would not resolve")


def test_the_page_tells_its_script_where_each_language_lives(site):
    """not-found.js sends a reader whose address starts with /en/ on to /en/404.html."""
    for lang, path in (("de", site / "404.html"), ("en", site / "en" / "404.html")):
        html = path.read_text(encoding="utf-8")
        data = json.loads(re.search(r'<script type="application/json" id="not-found-data">(.*?)</script>',
                                    html, re.S).group(1))
        assert data == {"default": lang == "de", "home": HOME[lang],
                        "others": {"en": [HOME["en"], HOME["en"] + "404.html"]}}
        assert re.search(r'<script src="[^"]*not-found\.js" defer></script>', html), path.name


def test_the_title_names_the_page_the_site_and_the_publisher(site):
    for lang, path in (("de", site / "404.html"), ("en", site / "en" / "404.html")):
        html = unescape(path.read_text(encoding="utf-8"))
        assert f"<title>{UI[lang]['not_found_title']} – " in html
        assert html.count("<title>") == 1 and f" – {UI[lang]['title_suffix']}</title>" in html
