"""The page in Leichte Sprache (docs/leichte-sprache.de.md): written by the
rules of easy-to-read German as far as a program can tell, German only (no
copy under /en/), linked from every page – "Leichte Sprache" on German pages,
"Easy-to-read German" on English ones – and accepted by the translation check."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest

from conftest import ROOT, SITE_URL

PAGE = ROOT / "docs" / "leichte-sprache.de.md"
MAX_WORDS = 12
# Abbreviations readers of Leichte Sprache stumble over: write the words out.
ABBREVIATIONS = re.compile(r"\b(?:[A-ZÄÖÜ]{2,}\b|[zudos]\.\s?[A-Za-z]\.|"
                           r"(?:bzw|usw|ca|evtl|ggf|Nr|Art|Abs|etc|inkl|vgl|bspw|Tel)\.)")
# Passive voice (and the future tense, which looks the same): say who does what.
PASSIVE = re.compile(r"\b(?:wird|werden|wurde|wurden|worden|würde|würden)\b", re.I)
# A second statement hanging off the first: a subordinate or relative clause.
CLAUSE = re.compile(r"[,;]\s*(?:dass|weil|obwohl|wenn|damit|sodass|nachdem|bevor|während|falls|ob|"
                    r"der|die|das|dem|den|deren|dessen|welche[rsmn]?)\b|;")
# Compound nouns readers must see in parts. Long nouns without a hyphen are
# suspect too; the words below are long but not compounds.
COMPOUNDS = ("Datenschutz", "Widerspruchsformular", "Internetseite", "Computerprogramm",
             "Bestätigungsmail", "Kontenübersicht", "Widerspruchsrecht", "Aufsichtsbehörde")
NOT_COMPOUNDS = {"Informationsfreiheit"}  # only inside the authority's official name
LONG_NOUN = 13
# Hard words the page may only use with an explanation ("X ist …", "… heißt: X").
EXPLAIN = ("Künstliche Intelligenz", "Training", "Formular", "Daten", "Konto", "Öffentlich", "Widersprechen")


def prose(markdown: str) -> list[tuple[int, str]]:
    """(line, text) of the page's prose: front matter, tokens and link targets left out."""
    lines = markdown.splitlines()
    start = lines.index("---", 1) + 1 if lines and lines[0] == "---" else 0
    out = []
    for number, line in enumerate(lines[start:], start=start + 1):
        line = re.sub(r"\{\{[^}]*\}\}", "", line)                 # {{ authority.… }}
        line = re.sub(r"\]\([^)]*\)", "]", line).replace("[", "").replace("]", "")
        line = re.sub(r"\{#[^}]*\}", "", line)                     # heading ids
        line = re.sub(r"^\s*(#+|[-*]|\d+\.)\s+", "", line).replace("*", "")
        if line.strip():
            out.append((number, line.strip()))
    return out


def sentences(markdown: str) -> list[tuple[int, str]]:
    found = []
    for number, line in prose(markdown):
        for part in re.split(r"(?<=[.!?])\s+", line):
            if part.strip():
                found.append((number, part.strip()))
    return found


def problems(markdown: str, where: str = "docs/leichte-sprache.de.md") -> list[str]:
    """Every rule the text breaks, as 'file:line: what; fix'."""
    found = []
    for number, line in prose(markdown):  # whole lines: "z. B." is not a sentence end
        for match in ABBREVIATIONS.finditer(line):
            found.append(f"{where}:{number}: abbreviation {match.group(0)!r}; write the words out.")
    for number, sentence in sentences(markdown):
        at = f"{where}:{number}"
        words = sentence.split()
        if len(words) > MAX_WORDS:
            found.append(f"{at}: {len(words)} words in one sentence (at most {MAX_WORDS}); "
                         f"split it: {sentence!r}")
        for match in PASSIVE.finditer(sentence):
            found.append(f"{at}: {match.group(0)!r} – passive or future; say who does what "
                         "(\"Meta nutzt …\").")
        if CLAUSE.search(sentence):
            found.append(f"{at}: two statements in one sentence; make two sentences: {sentence!r}")
        # A capital at the start (or after a colon) may be a verb: only the list counts there.
        starts = {part.split()[0] for part in re.split(r":\s+", sentence) if part.split()}
        for word in re.findall(r"\b[A-ZÄÖÜ][\wäöüß]+\b", sentence):
            long_noun = len(word) >= LONG_NOUN and word not in NOT_COMPOUNDS and word not in starts
            if word in COMPOUNDS or long_noun:
                found.append(f"{at}: {word!r} – write compound nouns with hyphens "
                             "(Daten-Schutz, Widerspruchs-Formular).")
    text = " ".join(line for _, line in prose(markdown))
    for word in EXPLAIN:
        if re.search(rf"\b{word}\b", text, re.I):
            explained = re.search(rf"\b{word}\w* (?:ist|sind|heißt)\b|heißt: {word}|nennen es: {word}", text, re.I)
            if not explained:
                found.append(f"{where}: {word!r} is used but not explained; add a sentence "
                             f"like \"{word} ist …\" or \"Das heißt: {word}.\"")
    return found


def test_page_follows_the_rules_of_leichte_sprache():
    found = problems(PAGE.read_text(encoding="utf-8"))
    assert not found, "\n".join(found)


@pytest.mark.parametrize("bad, expected", [
    ("Meta nutzt die Beiträge von Facebook und Instagram und auch die Fotos von allen Menschen im Netz.",
     ":4: 17 words in one sentence"),
    ("Die KI lernt.", ":4: abbreviation 'KI'"),
    ("Lesen Sie z. B. die Anleitung.", ":4: abbreviation 'z. B.'"),
    ("Ihre Daten werden genutzt.", ":4: 'werden' – passive"),
    ("Sie widersprechen, weil Sie das nicht wollen.", ":4: two statements in one sentence"),
    ("Das steht im Datenschutz.", ":4: 'Datenschutz' – write compound nouns with hyphens"),
    ("Öffnen Sie das Widerspruchsformular.", ":4: 'Widerspruchsformular'"),
    ("Meta nutzt Daten.", "'Daten' is used but not explained"),
])
def test_rules_catch_mistakes(bad, expected):
    """Each rule fails on a sentence that breaks it, naming the file and line."""
    found = problems(f"---\ndescription: x\n---\n{bad}\n", where="docs/x.de.md")
    assert any(expected in line for line in found), found


def test_page_covers_what_who_and_how():
    text = PAGE.read_text(encoding="utf-8")
    for anchor in ("what-is-happening", "who-is-affected", "how-to-object"):
        assert f"{{#{anchor}}}" in text
    for form in ("https://www.facebook.com/help/contact/712876720715583",
                 "https://help.instagram.com/contact/767264225370182",
                 "https://www.facebook.com/help/contact/510058597920541"):
        assert form in text, "the page links Meta's forms (addresses as in the fact sheet)"
    assert "translations: none" in text


def test_page_is_german_only(site):
    html = (site / "leichte-sprache" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in html
    assert not (site / "en" / "leichte-sprache").exists(), "no German text under /en/ marked lang=en"
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert f"{SITE_URL}leichte-sprache/" in sitemap and f"{SITE_URL}en/leichte-sprache/" not in sitemap
    switch = dict(re.findall(r'<a href="([^"]+)" hreflang="(\w+)" class="md-select__link"', html))
    english = next(href for href, lang in switch.items() if lang == "en")
    assert urljoin(f"{SITE_URL}leichte-sprache/", english) == f"{SITE_URL}en/", "English leads to the English home"


def test_every_page_links_to_it(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        lang = re.search(r'<html lang="(\w+)"', html).group(1)
        links = re.findall(r'<a href="([^"]*)" hreflang="de">(Leichte Sprache|Easy-to-read German)</a>', html)
        where = page.relative_to(site)
        assert links, f"{where}: no link to the Leichte Sprache page"
        href, label = links[0]
        assert label == {"de": "Leichte Sprache", "en": "Easy-to-read German"}[lang], f"{where}: {label}"
        folder = page.relative_to(site).parent.as_posix()
        assert urljoin(SITE_URL if folder == "." else f"{SITE_URL}{folder}/", href) == f"{SITE_URL}leichte-sprache/"


def translations_check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(project / "scripts/translations.py"), "--root", str(project),
                           "check"], capture_output=True, text=True)


def test_translation_check_accepts_a_german_only_page():
    assert translations_check(ROOT).returncode == 0


def test_translation_check_still_asks_for_other_translations(project_copy):
    page = project_copy / "docs" / "leichte-sprache.de.md"
    page.write_text(page.read_text(encoding="utf-8").replace("translations: none\n", ""), encoding="utf-8")
    result = translations_check(project_copy)
    assert result.returncode == 1
    assert "docs/leichte-sprache.en.md: missing; translate docs/leichte-sprache.de.md" in result.stdout
