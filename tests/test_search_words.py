"""Readers' words in the search index (hooks/sitegen/search_words.py): compounds
findable by their parts, editors' synonyms, in fields the results never show.
(Typed into the browser: tests/test_search_queries.py.)"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from test_i18n_search import index

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen import search_words  # noqa: E402

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
        for line, words, target in search_words.load_synonyms(path, path.name):
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
def test_a_bad_synonyms_file_is_named_with_its_line(tmp_path, text, line, message):
    path = tmp_path / "synonyms.de.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(search_words.SynonymError, match=rf"^synonyms\.de\.yml:{line}: .*{message}"):
        search_words.load_synonyms(path, "synonyms.de.yml")


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
