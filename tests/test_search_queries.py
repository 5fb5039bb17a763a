"""The project's own search queries (tests/search_queries.yml), typed into the
search of the built site in Chromium as a reader types them.

- At least 95 % of each language's queries find a right page or section among
  the first five results (Material groups results by page; the page and the
  sections it shows for it count).
- Queries for which the site has nothing show Material's "no results" text.
- A German search for the second part of a compound finds the compound
  ("gericht" -> "Oberlandesgericht"), and shows the page's own text only.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import Tab

pytestmark = pytest.mark.browser

QUERIES = Path(__file__).with_name("search_queries.yml")
LANG_ROOT = {"de": "", "en": "en/"}
PASS_RATE = 0.95
TOP = 5


def load_queries() -> dict:
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))


def results(tab: Tab, lang: str, query: str, again: bool = False) -> tuple[list[list[str]], str, list[str]]:
    """Search `query` on the language's home page the way a reader does; return
    the result groups (each: the page's and its sections' addresses relative to
    the language's root, e.g. "faq/#hoax-posts"), the text above the results,
    and each group's text as shown. `again`: the home page is open from the
    search before, and the reader types a new query into the same field."""
    field = tab.page.locator("input.md-search__input")
    if again:
        # Empty what the search before showed, so the wait below sees only
        # this query's answer (Material replaces both on every answer).
        tab.page.evaluate("""() => {
            document.querySelector('.md-search-result__meta').textContent = '';
            document.querySelector('.md-search-result__list').replaceChildren(); }""")
    else:
        tab.open(LANG_ROOT[lang])
        field.click()
    # The whole query at once, then a key that changes nothing: Material searches
    # on keyup, so it searches this query only, not each half-typed beginning.
    field.fill(query)
    field.press("End")
    # Read the results in the same step that sees them complete (the count
    # above them, and at least the first five rendered), so a re-render of the
    # list cannot be caught half-way.
    state = tab.page.wait_for_function(
        """top => {
             const none = JSON.parse(document.getElementById('__config').textContent)
               .translations['search.result.none'];
             const meta = document.querySelector('.md-search-result__meta').innerText.trim();
             if (meta === none) return {meta, groups: [], texts: []};
             const count = parseInt((meta.match(/\\d+/) || [])[0], 10);
             const items = [...document.querySelectorAll('.md-search-result__item')];
             if (!count || items.length < Math.min(count, top)) return null;
             return {meta, texts: items.map(li => li.innerText), groups: items.map(li =>
               [...li.querySelectorAll('a.md-search-result__link')].map(a => a.href))};
           }""", arg=TOP, timeout=20_000).json_value()
    assert not tab.foreign, f"searching {query!r} requested other hosts: {tab.foreign}"
    assert not tab.console_errors, f"searching {query!r} logged errors: {tab.console_errors}"
    root = urlsplit(tab.server.url).path + LANG_ROOT[lang]
    groups, meta = state["groups"], state["meta"]
    found = []
    for links in groups:
        group = []
        for href in links:
            parts = urlsplit(href)
            assert parts.path.startswith(root), f"the result {href} for {query!r} is not in '{lang}'"
            group.append(parts.path[len(root):] + (f"#{parts.fragment}" if parts.fragment else ""))
        found.append(group)
    return found, meta, state["texts"]


def matches(found: str, expected: str) -> bool:
    """A page ("faq/") matches the page and its sections; a section only itself."""
    return found == expected or ("#" not in expected and found.split("#", 1)[0] == expected)


def top_hit(groups: list[list[str]], expect: list[str]) -> bool:
    return any(matches(link, want) for group in groups[:TOP] for link in group for want in expect)


def distinct(queries: list[str]) -> list[str]:
    """The same query twice in a row would not be searched again (Material
    searches when the text changes): the query set names each query once."""
    seen = [q for i, q in enumerate(queries) if q in queries[:i]]
    assert not seen, f"{QUERIES.name}: these queries stand twice in one list: {seen}"
    return queries


def pass_rate(tab: Tab, lang: str, entries: list[dict]) -> tuple[float, list[str]]:
    misses = []
    distinct([entry["q"] for entry in entries])
    for number, entry in enumerate(entries):
        groups, _, _ = results(tab, lang, entry["q"], again=number > 0)
        if not top_hit(groups, entry["expect"]):
            shown = [group[0] for group in groups[:TOP]]
            misses.append(f"{entry['q']!r}: expected one of {entry['expect']}, first {TOP} results: {shown}")
    return 1 - len(misses) / len(entries), misses


@pytest.mark.parametrize("lang", LANG_ROOT)
def test_the_query_set_finds_a_right_answer_in_the_top_five(tab, lang):
    entries = load_queries()[lang]["found"]
    assert len(entries) >= 30, f"{QUERIES.name}: '{lang}' has {len(entries)} queries; keep at least 30"
    with tab.evidence("search-queries", lang):
        rate, misses = pass_rate(tab, lang, entries)
        print(f"search queries '{lang}': {rate:.1%} of {len(entries)} find a right answer in the top {TOP}")
        assert rate >= PASS_RATE, (f"only {rate:.1%} of the '{lang}' queries in {QUERIES.name} find a right "
                                   f"answer in the top {TOP} (need {PASS_RATE:.0%}):\n" + "\n".join(misses))


@pytest.mark.parametrize("lang", LANG_ROOT)
def test_queries_without_an_answer_say_no_results(tab, lang):
    queries = load_queries()[lang]["nothing"]
    assert len(queries) >= 10, f"{QUERIES.name}: '{lang}' has {len(queries)} queries without an answer; keep 10"
    with tab.evidence("search-nothing", lang):
        noisy = []
        for number, query in enumerate(distinct(queries)):
            groups, meta, _ = results(tab, lang, query, again=number > 0)
            none = tab.page.evaluate(
                "JSON.parse(document.getElementById('__config').textContent).translations['search.result.none']")
            if groups or meta != none:
                noisy.append(f"{query!r} shows {[group[0] for group in groups[:TOP]]} ({meta!r})")
        assert not noisy, f"'{lang}': searches that should find nothing show results:\n" + "\n".join(noisy)


def test_the_pass_rate_check_can_fail(tab):
    """A query set whose expectations are wrong fails the check."""
    wrong = [{"q": "Kettenbrief", "expect": ["imprint/"]}, {"q": "whatsapp", "expect": ["privacy/#nothing"]}]
    rate, misses = pass_rate(tab, "de", wrong)
    assert rate == 0 and len(misses) == 2 and "'Kettenbrief': expected one of ['imprint/']" in misses[0]


def test_a_part_of_a_compound_finds_the_compound_and_shows_only_the_text(tab):
    # "landesgericht" stands on the site only inside "Oberlandesgericht".
    groups, _, texts = results(tab, "de", "landesgericht")
    assert groups, "searching 'landesgericht' finds nothing"
    assert any("Oberlandesgericht" in text for text in texts[:TOP]), (
        f"searching 'landesgericht' does not show 'Oberlandesgericht' in the first {TOP} results: "
        f"{groups[:TOP]}; texts: {[t[:300] for t in texts[:TOP]]}")
    # The parts are in hidden fields of the index: the results show the page's own words.
    assert not any("landesgericht " in text.lower().replace("oberlandesgericht", "") for text in texts), texts
    # "gericht" also stands alone on the site now ("Gericht in Amsterdam", "Gerichte"), and those
    # rank first; the compound's entries are still among the results.
    groups, _, _ = results(tab, "de", "gericht")
    found = [link for group in groups for link in group]
    assert "timeline/#2025-05-23-olg-koeln" in found, f"'gericht' does not find the OLG Köln entry: {groups}"


@pytest.mark.parametrize("lang, query", [("de", "Art. 21"), ("de", "Artikel 21"), ("en", "art. 21"), ("en", "article 21")])
def test_an_article_number_finds_the_article_not_dates(tab, lang, query):
    groups, _, texts = results(tab, lang, query)
    assert groups, f"searching {query!r} finds nothing"
    dated = [link for group in groups[:TOP] for link in group if link.startswith("timeline/")]
    assert not dated, f"searching {query!r} lists timeline entries (dates with 21) in the top {TOP}: {dated}"
    assert all("Art. 21" in text for text in texts[:TOP]), f"not every one of the top {TOP} cites Art. 21: {groups[:TOP]}"


@pytest.mark.parametrize("lang, query, first", [
    # German: the Leichte Sprache page has its own WhatsApp heading, a heading match too.
    ("de", "WhatsApp", ("faq/#whatsapp", "leichte-sprache/#whatsapp")), ("en", "WhatsApp", "faq/#whatsapp"),
    ("de", "Behörde", "background/#lead-authority"), ("en", "authority", "background/#lead-authority"),
    ("de", "Threads", "guides/threads/"), ("en", "Instagram", "guides/instagram/"),
])
def test_question_headings_and_guide_titles_come_first(tab, lang, query, first):
    groups, _, _ = results(tab, lang, query)
    firsts = first if isinstance(first, tuple) else (first,)
    assert groups and any(groups[0][0] == f.split("#")[0] and f in groups[0] for f in firsts), (
        f"searching {query!r} should show {' or '.join(firsts)} first; it shows {groups[:2]}")
