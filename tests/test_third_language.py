"""A third language is a configuration block plus files.

A scratch copy of the project gets what a translator adds for French: a `fr`
block in the i18n plugin's languages (its name, site name and `extra.ui`
texts), a `fr:` text next to every `en:` text in the per-language data
(`extra.authority`, `extra.deadlines`, docs/timeline.yml), and two translated
pages (home and contact); every other page is missing. Built strictly, the
copy must offer French in the language switcher, show each missing page in
German under /fr/ with a visible "not yet translated" notice in French, give
French readers a search over the French pages only (and a French 404 page),
and `scripts/translations.py check` must list exactly the missing files.
Nothing of French ships: the copy lives in a temporary folder.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import ROOT, SITE_URL, SiteServer, build, copy_project

sys.path.insert(0, str(ROOT / "scripts"))
from search_index_sizes import index_sizes, load_index  # noqa: E402
from translations import load_config  # noqa: E402

PREFIX = urlsplit(SITE_URL).path
FRENCH_UI = {
    "locale": "fr_FR",
    "untranslated": "Cette page n'est pas encore traduite en français. Voici l'original allemand.",
    "not_found_title": "Page introuvable",
    "not_found_text": "Il n'y a pas de page à cette adresse. Elle a peut-être été déplacée.",
    "not_found_home": "Aller à la page d'accueil",
    "not_found_search": "Rechercher sur le site",
}
# Translated pages: English file to start from, its first heading, the French one.
TRANSLATED = {
    "index": ("# Objecting to AI training at Meta",
              "# S'opposer à l'entraînement de l'IA de Meta\n\nBienvenue : ce site explique comment "
              "vous opposer à l'utilisation de vos données."),
    "contact": ("# Contact\n", "# Coordonnées\n\nÉcrivez-nous.\n"),
}


def with_french_texts(lines: list[str]) -> list[str]:
    """After every `en:` entry (with its continuation lines), the same as `fr:`,
    as a translator would add them (here with the English text)."""
    out, i = [], 0
    while i < len(lines):
        match = re.match(r"^(\s*)en:(.*)$", lines[i])
        if not match:
            out.append(lines[i])
            i += 1
            continue
        end = i + 1
        while end < len(lines) and lines[end].strip() and \
                len(lines[end]) - len(lines[end].lstrip()) > len(match.group(1)):
            end += 1
        block = lines[i:end]
        out += block + [f"{match.group(1)}fr:{match.group(2)}\n"] + block[1:]
        i = end
    return out


def add_french(project: Path, leave_out: tuple[str, ...] = ()) -> None:
    config = project / "mkdocs.yml"
    i18n = next(p["i18n"] for p in load_config(project)["plugins"] if isinstance(p, dict) and "i18n" in p)
    english = next(lang for lang in i18n["languages"] if lang["locale"] == "en")
    block = [{"locale": "fr", "name": "Français", "build": True,
              "site_name": "S'opposer à l'entraînement de l'IA de Meta",
              "site_description": "Comment vous opposer à l'utilisation de vos données par l'IA de Meta.",
              "extra": {"ui": {key: text for key, text in {**english["extra"]["ui"], **FRENCH_UI}.items()
                               if key not in leave_out}}}]
    text = yaml.safe_dump(block, allow_unicode=True, sort_keys=False, width=1000)
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    # The language block goes at the end of plugins → i18n → languages.
    start = next(i for i, line in enumerate(lines) if line.strip() == "languages:")
    end = next(i for i in range(start + 1, len(lines))
               if lines[i].strip() and len(lines[i]) - len(lines[i].lstrip()) < 8)
    lines[end:end] = [" " * 8 + line + "\n" for line in text.splitlines()]
    # Per-language data in extra: (before plugins:).
    extra = next(i for i, line in enumerate(lines) if line.startswith("extra:"))
    plugins = next(i for i, line in enumerate(lines) if line.startswith("plugins:"))
    lines[extra:plugins] = with_french_texts(lines[extra:plugins])
    config.write_text("".join(lines), encoding="utf-8")
    timeline = project / "docs" / "timeline.yml"
    if timeline.exists():
        timeline.write_text("".join(with_french_texts(
            timeline.read_text(encoding="utf-8").splitlines(keepends=True))), encoding="utf-8")
    for page, (english_heading, french_heading) in TRANSLATED.items():
        source = (project / "docs" / f"{page}.en.md").read_text(encoding="utf-8")
        assert english_heading in source, f"docs/{page}.en.md changed; update TRANSLATED"
        (project / "docs" / f"{page}.fr.md").write_text(source.replace(english_heading, french_heading, 1),
                                                        encoding="utf-8")


def german_pages(project: Path) -> dict[str, Path]:
    """Address relative to a language root -> German file, for pages every language gets."""
    pages = {}
    for source in sorted((project / "docs").rglob("*.de.md")):
        text = source.read_text(encoding="utf-8")
        if re.search(r"^translations:\s*none\s*$", text, re.M):
            continue  # German-only page (Leichte Sprache)
        path = str(source.relative_to(project / "docs"))[: -len(".de.md")]
        path = path.removesuffix("index").removesuffix("/")
        pages[path + "/" if path else ""] = source
    return pages


@pytest.fixture(scope="module")
def french(tmp_path_factory) -> tuple[Path, Path]:
    """(project copy with French, its strictly built site)."""
    project = copy_project(tmp_path_factory.mktemp("third-language") / "project")
    add_french(project)
    site = project.parent / "site"
    result = build(project, site)
    assert result.returncode == 0, f"the copy with French does not build:\n{result.stderr[-3000:]}"
    return project, site


def read(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def switcher(html: str) -> dict[str, str]:
    """The language switcher's links: language -> address."""
    return {lang: href for href, lang in
            re.findall(r'<a href="([^"]*)" hreflang="([^"]*)" class="md-select__link">', html)}


def test_the_switcher_offers_the_new_language_on_every_page(french):
    project, site = french
    for page in german_pages(project):
        for root in ("", "en/", "fr/"):
            links = switcher(read(site, root + page))
            assert set(links) == {"de", "en", "fr"}, f"{root + page}: the switcher offers {sorted(links)}"
    assert switcher(read(site, "faq/"))["fr"] == "../fr/faq/"


def test_missing_pages_fall_back_to_german_with_a_notice_in_french(french):
    project, site = french
    missing = [page for page in german_pages(project) if page.rstrip("/") not in
               {"" if p == "index" else p for p in TRANSLATED}]
    assert len(missing) > 5
    for page in missing:
        html, german = read(site, "fr/" + page), read(site, page)
        assert '<html lang="fr"' in html
        notice = re.search(r'<div class="admonition info untranslated" role="note">(.*?)</div>', html, re.S)
        assert notice and "Cette page n&#x27;est pas encore traduite en français" in notice.group(1), page
        assert '<div lang="de">' in html, f"fr/{page}: the German text is not marked lang=de"
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", german, re.S).group(1)
        assert heading in html, f"fr/{page}: not the German page ({heading!r})"
        assert f'<link rel="canonical" href="{SITE_URL}{page}">' in html, f"fr/{page}: canonical"
        assert 'hreflang="fr" href=' not in html, f"fr/{page}: a fallback is nobody's alternate"


def test_translated_pages_are_french_without_a_notice(french):
    _, site = french
    for url, heading in (("fr/", "S&#39;opposer à l&#39;entraînement de l&#39;IA de Meta"), ("fr/contact/", "Coordonnées")):
        html = read(site, url)
        assert "untranslated" not in html, url
        assert heading in html or heading.replace("&#39;", "'") in html, url
        assert f'<link rel="alternate" hreflang="fr" href="{SITE_URL}{url}">' in html, url


def test_its_search_index_holds_only_its_own_pages(french):
    project, site = french
    data = load_index(site, "fr/")
    assert data["config"]["lang"] == ["fr"]
    assert {doc["location"].split("#")[0] for doc in data["docs"]} == {"", "contact/"}
    sizes = {entry["lang"]: entry for entry in index_sizes(site, root=project)}
    assert set(sizes) == {"de", "en", "fr"} and sizes["fr"]["raw"] < sizes["en"]["raw"] / 3


def test_the_sitemap_lists_only_its_translations(french):
    _, site = french
    locs = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    assert sorted(loc for loc in locs if loc.startswith(SITE_URL + "fr/")) == [
        SITE_URL + "fr/", SITE_URL + "fr/contact/"]


def test_the_translation_check_lists_exactly_the_missing_files(french):
    project, _ = french
    script = [sys.executable, str(project / "scripts" / "translations.py")]
    missing = {str(path.relative_to(project)) for page, path in german_pages(project).items()
               if page.rstrip("/") not in {"" if p == "index" else p for p in TRANSLATED}}
    check = subprocess.run(script + ["check"], capture_output=True, text=True, cwd=project)
    assert check.returncode == 1
    assert check.stdout.splitlines() == sorted(
        f"{m[:-len('.de.md')]}.fr.md: missing; translate {m} into this file." for m in missing), check.stdout
    listed = subprocess.run(script + ["missing", "fr"], capture_output=True, text=True, cwd=project)
    assert listed.stdout.splitlines() == [f"fr: {m}" for m in sorted(missing)]


def test_a_language_without_the_notice_text_fails_the_build(project_copy, tmp_path):
    add_french(project_copy, leave_out=("untranslated",))
    result = build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    # The schema (hooks/sitegen/config.py) names it before anything is built.
    text = (project_copy / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    block = next(n for n, line in enumerate(text, 1) if line.strip() == "- locale: fr")
    ui = next(n for n, line in enumerate(text, 1) if n > block and line.strip() == "ui:")
    assert (f"mkdocs.yml:{ui}: plugins.i18n.languages[fr].extra.ui.untranslated is missing for Français (fr). "
            "Fix: add 'untranslated: …' below 'ui:' in the fr language block") in result.stderr, result.stderr[-2000:]


def test_nothing_of_the_test_language_ships(site):
    assert "locale: fr" not in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert not list((ROOT / "docs").rglob("*.fr.md"))
    assert not (site / "fr").exists()


# --- In the browser -------------------------------------------------------------

@pytest.fixture(scope="module")
def french_server(french):
    with SiteServer(french[1], prefix=PREFIX) as running:
        yield running


@pytest.mark.browser
def test_french_search_finds_only_french_pages_and_loads_only_the_french_index(context, french_server):
    page = context.new_page()
    indexes: list[str] = []
    page.on("request", lambda r: "/search/search_index." in r.url and indexes.append(r.url))
    for url in ("fr/", "fr/faq/"):  # a translated page and a German fallback under /fr/
        indexes.clear()
        page.goto(french_server.url + url)
        field = page.locator("input[data-md-component=search-query]")
        field.click()
        field.press("Control+a")
        field.press("Backspace")
        field.press_sequentially("Meta")
        page.wait_for_selector(".md-search-result__link")
        found = {urlsplit(href).path[len(PREFIX):] for href in
                 page.eval_on_selector_all(".md-search-result__link", "ls => ls.map(a => a.href)")}
        assert found and found <= {"fr/", "fr/contact/"}, f"{url}: search found {sorted(found)}"
        own = french_server.url + "fr/search/search_index."
        assert indexes and all(address.startswith(own) for address in indexes), indexes
    page.close()


@pytest.mark.browser
def test_the_notice_is_visible_and_a_missing_french_address_gets_the_french_404(context, french_server):
    page = context.new_page()
    page.goto(french_server.url + "fr/faq/")
    notice = page.locator(".untranslated")
    assert notice.is_visible() and FRENCH_UI["untranslated"] in notice.inner_text()
    response = page.goto(french_server.url + "fr/foire-aux-questions/")
    page.wait_for_load_state("networkidle")
    assert response.status == 404
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.locator("article h1").inner_text() == FRENCH_UI["not_found_title"]
    assert page.url == french_server.url + "fr/foire-aux-questions/"
    page.close()
