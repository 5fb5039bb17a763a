"""Readers' words in the search index (hooks/sitegen/core/search.py): compounds
findable by their parts, editors' synonyms, in fields the results never show; one
index per language without the other language's pages, and the stub that loads it
on the first search. In-process on the core functions; the built indexes where they
are the subject. (Typed into the browser: tests/test_search_queries.py.)"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from test_i18n_search import index

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen.core import search as search_words  # noqa: E402

CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
SETTINGS = CONFIG["extra"]["search_words"]


def entry(site: Path, lang: str, location: str) -> dict:
    return next(doc for doc in index(site, lang)["docs"] if doc["location"] == location)


def test_the_hidden_fields_rank_like_title_and_text(site):
    for lang in ("de", "en"):
        fields = index(site, lang)["config"]["fields"]
        assert fields["title_words"] == fields["title"] and fields["text_words"] == fields["text"], fields


def test_a_compound_is_indexed_with_its_inner_parts(site):
    docs = [doc for doc in index(site, "de")["docs"] if "Oberlandesgericht" in doc["text"]]
    assert docs, "no German entry mentions 'Oberlandesgericht' any more: pick another compound"
    for doc in docs:
        words = doc.get("text_words", "").split()
        assert "gericht" in words and "landesgericht" in words, (doc["location"], words)
        assert "gericht" not in doc["text"].lower().replace("oberlandesgericht", ""), "the text itself is unchanged"


def test_only_inner_parts_are_added():
    split = search_words.splitter(SETTINGS["de"]["splitter"])
    assert search_words.inner_parts("Oberlandesgericht", split) == ["landesgericht", "gericht"]
    assert "formulare" in search_words.inner_parts("Widerspruchsformulare", split)
    assert search_words.inner_parts("Datenschutzaufsichtsbehörde", split)[-1] == "behörde"
    assert search_words.inner_parts("Beschwerde", split) == []  # the library's "Esch" + "Werd" spell no word


def test_every_synonym_is_in_its_entry(site):
    for lang, settings in SETTINGS.items():
        path = ROOT / "docs" / settings["synonyms"]
        for line, words, target in search_words.load_synonyms(path.read_text(encoding="utf-8"), path.name):
            page, _, anchor = target.partition("#")
            # faq.md -> faq/, guides/no-account.md -> guides/no-account/ (the built address)
            location = page.removesuffix(".md") + "/" + (f"#{anchor}" if anchor else "")
            hidden = entry(site, lang, location).get("title_words", "").split()
            for word in words:
                assert set(word.lower().split()) <= set(hidden), f"{path.name}:{line}: {word!r} is not in {location}"


def test_the_synonym_files_are_not_pages(site):
    assert not list(site.rglob("synonyms.*")), "docs/search/ must stay in mkdocs.yml exclude_docs"


@pytest.mark.parametrize("text, line, message", [
    ("- words: [Kinder]\n  find: faq.md#what-data\n- words: [Fake]\n", 3, "needs exactly 'words'"),
    ("- words: []\n  find: faq.md\n", 1, "'words' must be a list"),
    ("- words: [Fake]\n  find: ''\n", 1, "'find' must name a page"),
    ("words: [Fake]\n", 1, "expected a list of entries"),
    ("- words: [Fake\n  find: faq.md\n", 2, "not valid YAML"),
])
def test_a_bad_synonyms_file_is_named_with_its_line(text, line, message):
    with pytest.raises(search_words.SynonymError, match=rf"^docs/search/synonyms\.de\.yml:{line}: .*{message}"):
        search_words.load_synonyms(text, "docs/search/synonyms.de.yml")


def test_a_synonyms_file_is_read_with_the_line_of_each_find():
    text = "# readers' words\n- words: [Kinder, Jugendliche]\n  find: faq.md#children\n- words: Frist\n  find: faq.md\n"
    assert search_words.load_synonyms(text, "s.yml") == [(3, ["Kinder", "Jugendliche"], "faq.md#children"),
                                                         (5, ["Frist"], "faq.md")]
    assert search_words.load_synonyms("", "s.yml") == []


PAGES = {"faq.md": search_words.PageInfo("faq/", frozenset({"deadline", "children"}), True),
         "guides/x.md": search_words.PageInfo("guides/x/", frozenset(), False),
         "contact.md": search_words.PageInfo("en/contact/", frozenset(), True)}


def small_index() -> dict:
    return {"config": {"lang": ["de"], "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
            "docs": [{"location": "faq/", "title": "Fragen", "text": "Das Oberlandesgericht entschied."},
                     {"location": "faq/#deadline", "title": "Frist", "text": "Bis zum Mai."},
                     {"location": "contact/", "title": "Kontakt", "text": "Schreiben Sie uns."}]}


def test_add_words_puts_parts_and_synonyms_in_hidden_fields():
    index = small_index()
    split = search_words.splitter(SETTINGS["de"]["splitter"])
    synonyms = [(2, ["Kinder", "Fristende"], "faq.md#deadline"), (4, ["Kontaktformular"], "contact.md")]
    added, problems = search_words.add_words(index, split, synonyms, PAGES, "en/", "docs/search/synonyms.en.yml")
    docs = {doc["location"]: doc for doc in index["docs"]}
    assert problems == []
    assert "landesgericht" in docs["faq/"]["text_words"].split() and "gericht" in docs["faq/"]["text_words"].split()
    assert docs["faq/#deadline"]["title_words"] == "fristende kinder"
    assert docs["contact/"]["title_words"] == "kontaktformular", "a page under the language's prefix"
    assert docs["faq/"]["text"] == "Das Oberlandesgericht entschied.", "the text itself is unchanged"
    assert index["config"]["fields"]["title_words"] == {"boost": 1000.0}
    assert index["config"]["fields"]["text_words"] == {"boost": 1.0}
    assert added == sum(len(doc.get(f, "").split()) for doc in docs.values() for f in search_words.FIELDS)


@pytest.mark.parametrize("target, wrong", [("faq.md#nowhere", "section (#anchor)"), ("fqa.md", "page"),
                                           ("faq.md#children", "entry")])
def test_a_synonym_for_a_page_or_section_that_is_not_there_is_named(target, wrong):
    _, problems = search_words.add_words(small_index(), None, [(7, ["x"], target)], PAGES, "", "docs/s.yml")
    assert problems == [f"docs/s.yml:7: 'find: {target}' names no {wrong} of the site. Fix: use a page's file "
                        "name as in a Markdown link (faq.md) and an anchor that exists (faq.md#deadline)."]


def test_a_synonym_for_a_page_not_translated_yet_is_left_out():
    index = small_index()
    assert search_words.add_words(index, None, [(1, ["x"], "guides/x.md")], PAGES, "") == (0, [])


def test_each_language_index_holds_its_own_pages_with_its_stemmer():
    entries = [{"location": "", "title": "Start"}, {"location": "faq/#a", "title": "F"},
               {"location": "en/", "title": "Home"}, {"location": "en/faq/", "title": "Q"},
               {"location": "en/imprint/", "title": "Impressum"}]
    config = {"separator": "[\\s]+", "pipeline": ["stemmer"], "fields": {"title": {"boost": 1000.0}}, "lang": ["x"]}
    de = search_words.language_index(entries, "de", "", ("en/",), set(), config, {"de", "en"})
    en = search_words.language_index(entries, "en", "en/", ("en/",), {"en/imprint/"}, config, {"de", "en"})
    assert [d["location"] for d in de["docs"]] == ["", "faq/#a"] and de["config"]["lang"] == ["de"]
    assert [d["location"] for d in en["docs"]] == ["", "faq/"], "the untranslated copy is left out"
    assert search_words.language_index(entries, "xx", "", ("en/",), set(), config, {"de"})["config"]["lang"] == ["en"]
    assert set(de["config"]) == {"lang", "separator", "pipeline", "fields"}


def test_the_stub_says_where_the_index_and_the_worker_are():
    stub = search_words.stub(small_index(), "../../search/search_index.full.json", "search.1234.min.js")
    assert stub["docs"] == [] and stub["config"]["lang"] == ["de"]
    assert stub["config"]["on_demand"] == {"index": "../../search/search_index.full.json",
                                           "worker": "search.1234.min.js"}


def test_the_readers_words_grow_each_index_by_at_most_a_quarter(site):
    from search_index_sizes import MAX_GROWTH, readers_words_growth
    rows = readers_words_growth(site)
    assert {row["lang"] for row in rows} == set(SETTINGS)
    for row in rows:
        assert 0 < row["growth_gzip"] <= MAX_GROWTH and 0 < row["growth_raw"] <= MAX_GROWTH, row


def test_the_growth_check_can_fail(tmp_path, capsys):
    import json

    from search_index_sizes import main
    fields = {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "title_words": {"boost": 1000.0}}
    for folder in ("", "en/"):
        doc = {"location": "", "title": "Start", "text": "Ein kurzer Text.", "title_words": "viele " * 50}
        path = tmp_path / folder / "search" / "search_index.json"
        path.parent.mkdir(parents=True)
        path.write_text(json.dumps({"config": {"fields": fields}, "docs": [doc]}), encoding="utf-8")
    assert main([str(tmp_path)]) == 1
    assert "grow the index of de, en by more than 25%" in capsys.readouterr().err
