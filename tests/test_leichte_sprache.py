"""The page in Leichte Sprache (docs/leichte-sprache.de.md): written by the
rules of easy-to-read German as far as a program can tell (short sentences, no
abbreviations, no passive, no subordinate clauses, hyphenated compounds, hard
and foreign words explained, no genitive, no italics, negations avoided or
bold), German only (no
copy under /en/), linked from every page – "Leichte Sprache" on German pages,
"Easy-to-read German" on English ones – and accepted by the translation check."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin

import pytest
from mkdocs.utils.meta import get_data

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
EXPLAIN = ("Künstliche Intelligenz", "Training", "Formular", "Daten", "Konto", "Öffentlich", "Widersprechen",
           "verbunden", "anmelden")
# Foreign (mostly English) words: the same, also inside a compound ("Internet-Browser").
FOREIGN = ("Meta AI", "Chat", "Browser", "Link", "App", "Account", "Login", "online", "Post", "Posting",
           "Feed", "Update", "Cookie", "Tablet", "Smartphone")
# Product names written in capitals: not abbreviations, but still explained (FOREIGN).
NAMES = ("Meta AI",)
# The genitive: "des", "eines", "Ihres" …, a name with "s" before a noun ("Metas Formular"),
# or a noun followed by "der"/"des" ("ein Gesetz der Europäischen Union"). Write "von": "von der …".
GENITIVE_WORD = re.compile(r"\b(?:des|eines|meines|deines|seines|ihres|Ihres|unseres)\b")
GENITIVE_AFTER_NOUN = re.compile(r"(?<![:.!?] )(?<!^)\b(?!(?:Sie|Ihnen|Meta|Dann|Oder|Und|Aber)\b)"
                                 r"([A-ZÄÖÜ][a-zäöüß]+) (der|des) (?=[A-ZÄÖÜa-zäöüß])")
GENITIVE_NAME = re.compile(r"\b(Metas|Facebooks|Instagrams)\b")
# Italics mark emphasis badly for these readers; bold (**…**) is easier to see.
ITALICS = re.compile(r"(?<![*\w])\*(?=[^*\s])([^*\n]+?)(?<=[^*\s])\*(?![*\w])|(?<![_\w])_(?=\S)([^_\n]+?)(?<=\S)_(?![_\w])")
# Negations are easy to miss: say it positively. Where one is needed, make it bold (**nicht**).
NEGATION = re.compile(r"\b(?:nicht|nichts|nie|niemals|kein|keine|keinen|keinem|keiner|keines|weder)\b", re.I)


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


def raw_lines(markdown: str) -> list[tuple[int, str]]:
    """(line, text) after the front matter, with tokens and link targets left out but
    the emphasis marks (*, **, _) kept."""
    lines = markdown.splitlines()
    start = lines.index("---", 1) + 1 if lines and lines[0] == "---" else 0
    out = []
    for number, line in enumerate(lines[start:], start=start + 1):
        line = re.sub(r"\{\{[^}]*\}\}", "", line)
        line = re.sub(r"\]\([^)]*\)", "]", line)
        line = re.sub(r"^\s*(?:[-*]|\d+\.)\s+", "", line)  # a list's "* " is no emphasis
        out.append((number, line))
    return out


def explained(word: str, text: str) -> bool:
    """The text says what the word means: "X ist …", "Ein X ist …", "… heißt: X", "Wir nennen es: X"."""
    return bool(re.search(rf"\b{word}[\w-]* (?:ist|sind|heißt|heißen)\b|heißt: {word}|heißen: {word}|"
                          rf"nennen es: {word}", text, re.I))


def problems(markdown: str, where: str = "docs/leichte-sprache.de.md") -> list[str]:
    """Every rule the text breaks, as 'file:line: what; fix'."""
    found = []
    for number, line in raw_lines(markdown):
        for match in ITALICS.finditer(line):
            word = match.group(1) or match.group(2)
            found.append(f"{where}:{number}: italics {match.group(0)!r}; italics are hard to see. "
                         f"Use bold for emphasis: **{word}**.")
        for match in NEGATION.finditer(re.sub(r"\*\*[^*]+\*\*", "", line)):
            found.append(f"{where}:{number}: negation {match.group(0)!r}; say it positively "
                         f"(\"Das hilft nicht.\" -> \"Nutzen Sie das Formular.\"), or if the negation is "
                         f"needed, make it bold: **{match.group(0)}**.")
    for number, line in prose(markdown):  # whole lines: "z. B." is not a sentence end
        for name in NAMES:
            line = line.replace(name, "")
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
        if sentence.count(":") > 1:
            found.append(f"{at}: two colons in one sentence; make two sentences: {sentence!r}")
        for match in (*GENITIVE_WORD.finditer(sentence), *GENITIVE_NAME.finditer(sentence),
                      *GENITIVE_AFTER_NOUN.finditer(sentence)):
            found.append(f"{at}: genitive {match.group(0).strip()!r}; say it with \"von\" "
                         "(\"ein Gesetz von der Europäischen Union\", \"das Formular von Meta\").")
        # A capital at the start (or after a colon) may be a verb: only the list counts there.
        starts = {part.split()[0] for part in re.split(r":\s+", sentence) if part.split()}
        for word in re.findall(r"\b[A-ZÄÖÜ][\wäöüß]+\b", sentence):
            long_noun = len(word) >= LONG_NOUN and word not in NOT_COMPOUNDS and word not in starts
            if word in COMPOUNDS or long_noun:
                found.append(f"{at}: {word!r} – write compound nouns with hyphens "
                             "(Daten-Schutz, Widerspruchs-Formular).")
    lines = prose(markdown)
    text = " ".join(line for _, line in lines)
    for kind, words in (("", EXPLAIN), ("foreign word ", FOREIGN)):
        for word in words:
            # EXPLAIN words count as whole words; a foreign word also inside a compound.
            pattern = rf"\b{word}\b" if not kind else rf"(?<![\wäöüß]){word}(?:s|e|en|n)?(?![a-zäöüß])"
            first = next((number for number, line in lines if re.search(pattern, line, re.I if not kind else 0)),
                         None)
            if first is not None and not explained(word, text):
                found.append(f"{where}:{first}: {kind}{word!r} is used but not explained; add a sentence "
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
    ("Meta nutzt Daten.", ":4: 'Daten' is used but not explained"),
    # Genitive: say it with "von".
    ("Das Recht steht in einem Gesetz der Europäischen Union.", ":4: genitive 'Gesetz der'"),
    ("Das ist das Formular des Amtes.", ":4: genitive 'des'"),
    ("Öffnen Sie Metas Formular.", ":4: genitive 'Metas'"),
    # Foreign words need an explanation, also inside a compound.
    ("Meta hat einen Chat-Roboter.", ":4: foreign word 'Chat' is used but not explained"),
    ("Öffnen Sie den Internet-Browser.", ":4: foreign word 'Browser' is used but not explained"),
    ("Schreiben Sie an Meta AI.", ":4: foreign word 'Meta AI' is used but not explained"),
    # Italics: use bold.
    ("Klicken Sie auf *Senden*.", ":4: italics '*Senden*'"),
    ("Klicken Sie auf _Senden_.", ":4: italics '_Senden_'"),
    # Negations: say it positively, or make the negation bold.
    ("Das hilft nicht.", ":4: negation 'nicht'"),
    ("Sie brauchen keinen Grund.", ":4: negation 'keinen'"),
    ("Widersprechen heißt: Sie sagen zu Meta: Ich will das.", ":4: two colons in one sentence"),
])
def test_rules_catch_mistakes(bad, expected):
    """Each rule fails on a sentence that breaks it, naming the file and line."""
    found = problems(f"---\ndescription: x\n---\n{bad}\n", where="docs/x.de.md")
    assert any(expected in line for line in found), found


@pytest.mark.parametrize("good", [
    "Sie brauchen **keinen** Grund.",                       # a needed negation, made bold
    "- Beiträge",                                           # a list, not italics
    "Klicken Sie auf **Senden**.",                          # bold emphasis
    "Ein Chat-Roboter ist ein Computer-Programm.",          # the foreign word explained
    "Das Recht steht in einem Gesetz von der Europäischen Union.",
    "Schreiben Sie der Firma.",                             # 'der' after a verb: dative, not genitive
    "Meta sagt: Der Chat-Roboter heißt: Meta AI.",           # a name in capitals is no abbreviation
])
def test_rules_accept_what_the_rules_ask_for(good):
    found = problems(f"---\ndescription: x\n---\n{good}\n", where="docs/x.de.md")
    found = [line for line in found if "two colons" not in line and "is used but not explained" not in line]
    assert not found, found


def test_page_covers_what_who_and_how():
    text = PAGE.read_text(encoding="utf-8")
    for anchor in ("what-is-happening", "who-is-affected", "how-to-object"):
        assert f"{{#{anchor}}}" in text
    forms = {get_data(path.read_text(encoding="utf-8"))[1].get("form_url")
             for path in (ROOT / "docs/guides").glob("*.de.md")} - {None}
    assert forms
    for form in sorted(forms):
        assert form in text, f"the page links every form the guides link ({form})"
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
