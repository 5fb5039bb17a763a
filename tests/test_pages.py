"""Small pure pieces of a page (hooks/sitegen/core/pages.py), in-process: tokens
filled from mkdocs.yml's data in the page's language, an unknown token named with
its line and the tokens there are, a token left unfilled outside code, the guide
chooser in the guides' order, the place after a guide's title, the untranslated
notice, compact HTML. The built pages are checked where the build is the subject."""

from __future__ import annotations

import re
import sys

import pytest
from mkdocs.utils import yaml_load

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen.core import pages  # noqa: E402

EXTRA = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["extra"]


# --- Tokens ------------------------------------------------------------------------------


def test_tokens_are_filled_in_the_pages_language():
    text = "Schreiben Sie an {{ authority.email }} ({{authority.name}}), {{ authority.press.email }}.\n"
    for lang in ("de", "en"):
        filled, problems = pages.fill_tokens(text, EXTRA, lang, "docs/contact.md")
        name = EXTRA["authority"]["name"]
        assert problems == []
        assert EXTRA["authority"]["email"] in filled and EXTRA["authority"]["press"]["email"] in filled
        assert (name[lang] if isinstance(name, dict) else name) in filled and "{{" not in filled


def test_every_value_of_the_data_blocks_is_a_token():
    for block in pages.BLOCKS:
        for key, value in pages.flatten(EXTRA[block], "en").items():
            filled, problems = pages.fill_tokens(f"x {{{{ {block}{key} }}}} y", EXTRA, "en")
            assert problems == [] and filled == f"x {value} y"


def test_an_unknown_token_is_named_with_its_line_and_the_tokens_there_are():
    text = "# Kontakt\n\nText.\n\nTelefon: {{ authority.phon }}\n"
    filled, problems = pages.fill_tokens(text, EXTRA, "de", "docs/contact.de.md")
    assert filled == text, "an unknown token stays as written"
    assert len(problems) == 1
    problem = problems[0]
    assert problem.startswith("docs/contact.de.md:5: unknown token '{{ authority.phon }}'. Fix: use one of ")
    assert "authority.phone" in problem and "(defined under extra.authority in mkdocs.yml)" in problem
    _, problems = pages.fill_tokens("{{ hosting.nme }}\n{{ hosting.name }}\n{{ authority.x }}", EXTRA, "de", "d.md")
    assert [p.split(": ")[0] for p in problems] == ["d.md:1", "d.md:3"]
    assert "hosting.name" in problems[0] and "extra.hosting" in problems[0]
    # The same unknown token twice: each with its own line of the file as written (front matter included).
    source = "---\ntitle: T\n---\n{{ authority.x }}\n\n{{ authority.x }}\n"
    _, problems = pages.fill_tokens(source.split("---\n", 2)[2], EXTRA, "de", "d.md", source)
    assert [p.split(": ")[0] for p in problems] == ["d.md:4", "d.md:6"]
    # A misspelling with capitals is named with its line too.
    left, problems = pages.fill_tokens("x\n{{ authority.Phone }}", EXTRA, "de", "d.md")
    assert left == "x\n{{ authority.Phone }}" and problems[0].startswith("d.md:2: unknown token '{{ authority.Phone }}'")


@pytest.mark.parametrize("html, found", [
    ("<p>Telefon: {{ authority.Phone }}</p>", "{{ authority.Phone }}"),
    ("<p>{{guides}}</p>", "{{guides}}"),
    ("<li>Text {{ deadlines }} mehr</li>", "{{ deadlines }}"),
])
def test_a_token_left_unfilled_is_reported(html, found):
    (problem,) = pages.unfilled_tokens(html)
    assert problem.startswith(f"'{found}' was not filled in; check its spelling")


def test_tokens_in_code_are_text():
    assert pages.unfilled_tokens("<pre><code>{{ authority.email }}</code></pre><p>Use <code>{{ x }}</code>.</p>") == []
    assert pages.unfilled_tokens("<p>{ single } and }} and {{</p>") == []


# --- The guides --------------------------------------------------------------------------

GUIDES = [({"title": "Facebook", "summary": "Formular", "order": 1}, "guides/facebook.md"),
          ({"title": "Ohne Konto", "summary": "Dritte", "order": 4}, "guides/no-account.md"),
          ({"title": "Instagram", "summary": "App", "order": 2}, "guides/instagram.md")]


def test_the_chooser_lists_the_guides_as_given_with_links_from_the_page():
    home = pages.chooser(GUIDES, "index.md")
    assert home.startswith('<nav class="chooser" markdown>') and home.endswith("</nav>")
    assert [m for m in re.findall(r"\]\(([^)]+)\)", home)] == ["guides/facebook.md", "guides/no-account.md",
                                                                 "guides/instagram.md"]
    assert "[**Ohne Konto** <span>Dritte</span>](guides/no-account.md)" in home
    overview = pages.chooser(GUIDES, "guides/index.md")
    assert re.findall(r"\]\(([^)]+)\)", overview) == ["facebook.md", "no-account.md", "instagram.md"]


def test_guides_sort_by_their_order_and_a_missing_order_last():
    guides = sorted(GUIDES + [({"title": "X", "order": "2"}, "guides/x.md"), ({"title": "Y"}, "guides/y.md")],
                    key=lambda g: (pages.order_of(g[0]), g[1]))
    assert [path for _, path in guides] == ["guides/facebook.md", "guides/instagram.md", "guides/no-account.md",
                                            "guides/x.md", "guides/y.md"]
    assert pages.order_of({"order": True}) == 99


def test_neutral_drops_the_language_ending():
    assert pages.neutral("guides/facebook.en.md") == "guides/facebook.md"
    assert pages.neutral("faq.de_AT.md") == "faq.md" and pages.neutral("faq.md") == "faq.md"


@pytest.mark.parametrize("html, title, rest", [
    ('<h1 id="t">Facebook<a class="headerlink" href="#t">#</a></h1>\n<p>Text</p>',
     '<h1 id="t">Facebook<a class="headerlink" href="#t">#</a></h1>', "\n<p>Text</p>"),
    ("<p>Intro</p>\n<h1>A <em>b</em>\n c</h1><h2>x</h2><h1>Second</h1>", "<p>Intro</p>\n<h1>A <em>b</em>\n c</h1>",
     "<h2>x</h2><h1>Second</h1>"),
    ("<h1\n  class='x'>T</h1 >rest", "<h1\n  class='x'>T</h1 >", "rest"),
])
def test_split_after_title_cuts_right_after_the_first_h1(html, title, rest):
    assert pages.split_after_title(html) == (title, rest)


def test_split_after_title_without_a_title():
    assert pages.split_after_title("<h2>No title</h2><p>x</p>") is None


def test_the_untranslated_notice_is_in_the_readers_language_above_the_original():
    html = pages.untranslated_notice("<p>Deutscher Text</p>", 'Not translated <yet> & "so"', "de")
    assert html.startswith('<div class="admonition info untranslated" role="note"><p class="admonition-title">'
                           "Not translated &lt;yet&gt; &amp; &quot;so&quot;</p></div>")
    assert html.endswith('<div lang="de">\n<p>Deutscher Text</p>\n</div>')


# --- Compact HTML --------------------------------------------------------------------------


def test_indentation_between_tags_becomes_one_line_break():
    assert pages.compact("<ul>\n    <li>a</li>\n\n      <li>b</li>\n</ul>") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"


def test_words_stay_apart():
    assert pages.compact("<p>Widerspruch\n        einlegen</p>") == "<p>Widerspruch\neinlegen</p>"
    assert pages.compact("<a>x</a>   <a>y</a>") == "<a>x</a>   <a>y</a>"  # no line break: untouched


def test_pre_textarea_script_and_style_are_left_alone():
    kept = ("<pre><code>line 1\n    indented\n\n  more</code></pre>",
            "<textarea>\n  a\n    b</textarea>",
            '<script>let s = `a\n    b`;</script>',
            '<script type="application/ld+json">{\n  "a": 1\n}</script>',
            "<style>\n  p { margin: 0 }\n</style>",
            "<PRE>\n  upper case\n</PRE>")
    for block in kept:
        assert pages.compact(f"<div>\n  {block}\n  </div>") == f"<div>\n{block}\n</div>"


def test_built_pages_carry_no_template_indentation(site):
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        outside = re.sub(r"<(pre|textarea|script|style)\b.*?</\1>", "", html, flags=re.S)
        assert not re.search(r"\n[ \t]+<", outside), f"indented tags left in {path.relative_to(site)}"


def test_built_pages_have_no_unfilled_token(site):
    for path in sorted(site.rglob("*.html")):
        assert pages.unfilled_tokens(path.read_text(encoding="utf-8")) == [], path.relative_to(site)
