"""The allowlist sanitiser (hooks/sitegen/core/sanitise.py), in-process: what Markdown,
the extensions in mkdocs.yml and the site's own tokens write passes unchanged;
active content in any spelling is found, with a message that says what to do; an
element may not take an id the templates or scripts rely on. The addresses
templates print into attributes follow one rule (core/rules.py url_problem).
(That a finding stops the build with the file and line: tests/test_editor_mistakes.py.)"""

from __future__ import annotations

import datetime
import sys

import markdown
import pytest
from mkdocs.utils import yaml_load

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen import theme  # noqa: E402
from sitegen.core import deadline, pages, rules, sanitise, timeline  # noqa: E402

# (what an editor might write, a part of the message it must get)
ACTIVE = {
    "entity-encoded tab in javascript:": ('<a href="java&#9;script:alert(1)">x</a>', "only https://"),
    "hex tab": ('<a href="jav&#x09;ascript:alert(1)">x</a>', "only https://"),
    "newline in the scheme": ('<a href="java\nscript:alert(1)">x</a>', "only https://"),
    "encoded letter": ('<a href="&#x6A;avascript:alert(1)">x</a>', "only https://"),
    "named colon entity": ('<a href="javascript&colon;alert(1)">x</a>', "only https://"),
    "upper case and leading space": ('<a href=" JaVaScRiPt:alert(1)">x</a>', "only https://"),
    "vbscript:": ('<a href="vbscript:msgbox(1)">x</a>', "only https://"),
    "data: page": ('<a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">x</a>', "only https://"),
    "plain http": ('<a href="http://example.org/">x</a>', "only https://"),
    "javascript: image": ('<img src="javascript:alert(1)" alt="x">', "only https://"),
    "SVG animate href": ('<svg><a><animate attributeName="href" values="javascript:alert(1)"/>'
                         '<text>x</text></a></svg>', "<animate> is not allowed"),
    "SVG set": ('<svg><set attributeName="onmouseover" to="alert(1)"/></svg>', "<set> is not allowed"),
    "SVG animate alone": ('<animate attributeName="href" values="javascript:alert(1)">', "<animate> is not allowed"),
    "SVG script": ('<svg><script>alert(1)</script></svg>', "<svg> is not allowed"),
    "MathML link": ('<math><mi xlink:href="javascript:alert(1)">x</mi></math>', "<math> is not allowed"),
    "meta refresh": ('<meta http-equiv="refresh" content="0;url=https://example.org">', "<meta> is not allowed"),
    "base address": ('<base href="https://example.org/">', "<base> is not allowed"),
    "script": ("<script>alert(1)</script>", "<script> is not allowed"),
    "module script": ('<script type="module">alert(1)</script>', "<script> is not allowed"),
    "iframe srcdoc": ('<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>', "<iframe> is not allowed"),
    "object": ('<object data="x.swf"></object>', "<object> is not allowed"),
    "embed": ('<embed src="x.swf">', "<embed> is not allowed"),
    "form": ('<form action="https://example.org"><button>Go</button></form>', "<form> is not allowed"),
    "style element": ("<style>body{display:none}</style>", "<style> is not allowed"),
    "stylesheet link": ('<link rel="stylesheet" href="https://example.org/x.css">', "<link> is not allowed"),
    "event handler": ('<p onclick="alert(1)">x</p>', "event handlers are not allowed"),
    "event handler on an image": ('<img src="x.png" alt="x" onerror="alert(1)">', "event handlers are not allowed"),
    "toggle handler": ('<details open ontoggle="alert(1)"><summary>x</summary></details>',
                       "event handlers are not allowed"),
    "autofocus handler": ('<input type="radio" autofocus onfocus="alert(1)">', "event handlers are not allowed"),
    "text input": ('<input type="text" name="q">', "the attribute type is not allowed"),
    "style attribute": ('<p style="position:fixed;inset:0">x</p>', "style attributes are not allowed"),
    "new window": ('<a href="https://example.org" target="_blank">x</a>', "the attribute target is not allowed"),
    "Material component": ('<div data-md-component="search">x</div>', "the attribute data-md-component"),
    "srcset": ('<img src="x.png" alt="x" srcset="javascript:alert(1) 1x">', "the attribute srcset"),
    # Attributes the site's own tokens use, on an element they are not allowed on.
    "hidden on a div": ('<div hidden>x</div>', "the attribute hidden is not allowed"),
    "hidden on a section": ('<section hidden>x</section>', "the attribute hidden is not allowed"),
    "a state outside the known words": ('<strong data-state="javascript:alert(1)">x</strong>', "data-state"),
    "a deadline status on a div": ('<div data-deadline-status>x</div>', "data-deadline-status"),
    "a role other than note": ('<div role="button">x</div>', "the attribute role"),
    "a feed link of another type": ('<a href="feed.xml" type="text/html">x</a>', "the attribute type"),
    "an input that is not a radio": ('<input type="checkbox" checked>', "the attribute type"),
}


@pytest.mark.parametrize("case", ACTIVE)
def test_active_content_is_found(case):
    html, message = ACTIVE[case]
    found = sanitise.findings(f"<p>Text</p>\n{html}\n<p>More</p>")
    assert found, f"{case}: the sanitiser would publish {html!r} unchanged"
    assert any(message in text for text, _ in found), f"{case}: {found}"
    assert all(needles for _, needles in found), "every finding says what to look for in the Markdown"


MARKDOWN = """\
# Title {#title}

Text with *emphasis*, **strong**, `code`, a [link](https://www.facebook.com/help/),
a [page](../faq.md#anchor), [mail](mailto:mailbox@datenschutz.hamburg.de),
[phone](tel:+494042854-4040) and an ![image](../assets/logo.svg "Logo").
The HTML specification is maintained by the W3C.

*[HTML]: Hyper Text Markup Language

!!! note "Hinweis"
    An admonition.

??? info "More"
    Details.

=== "App"

    1. Step one.
    2. Step two.

=== "Browser"

    1. Step one.

Term
:   Definition.

| A | B |
|---|---|
| 1 | 2 |

Paragraph with classes
{: .timeline-sources #sources }

<div class="chooser" markdown>

- [**Facebook** <span>Summary</span>](guides/facebook.md)

</div>

```text
<script>alert("code is shown, not run")</script>
```

A -> B, (c) 2025, 1/2, +/-.

---
"""


@pytest.fixture(scope="module")
def config():
    from mkdocs.config import load_config
    return load_config(str(ROOT / "mkdocs.yml"))


def render(markdown_text: str, config) -> str:
    return markdown.markdown(markdown_text, extensions=config.markdown_extensions,
                             extension_configs=config.mdx_configs)


def test_what_markdown_and_the_extensions_write_passes_unchanged(config):
    html = render(MARKDOWN, config)
    assert 'class="tabbed-set' in html and "<abbr" in html and "<details" in html  # the sample covers them
    assert sanitise.findings(html) == []


RAW = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
UI = {block["locale"]: block["extra"]["ui"] for block in next(
    p["i18n"] for p in RAW["plugins"] if isinstance(p, dict) and "i18n" in p)["languages"]}


@pytest.mark.parametrize("day", ["2024-06-20", "2025-05-26", "2026-12-04"])
@pytest.mark.parametrize("lang", UI)
def test_what_the_sites_tokens_write_passes_unchanged(config, lang, day):
    """The first screen, the deadline list, the guide chooser, the timeline and the
    untranslated notice, made by the core functions from the real data."""
    ui, extra = UI[lang], RAW["extra"]
    entries = timeline.load((ROOT / "docs/timeline.yml").read_text(encoding="utf-8"), list(UI),
                            extra.get("timeline_as_of"))
    newest = max(entries, key=lambda e: e.last)
    ctx = deadline.context(extra["deadlines"], ui, lang, ui["locale"], datetime.date.fromisoformat(day),
                           extra["review_after_days"], (newest.last, newest.title[lang]), extra.get("timeline_as_of"))
    guides = [({"title": "Facebook", "summary": "Über das Formular."}, "guides/facebook.md"),
              ({"title": "Ohne Konto", "summary": "Daten von Dritten."}, "guides/no-account.md")]
    markdown_text = "\n\n".join([
        "# Start", deadline.now_box(ctx, ui, "timeline/"), deadline.section(ctx, ui),
        pages.chooser(guides, "index.md"),
        timeline.as_of_html(timeline.as_of_label(extra.get("timeline_as_of"), ui)),
        timeline.render(entries, lang, ui, "feed.xml")])
    html = render(markdown_text, config)
    assert 'data-deadline-status' in html and 'class="chooser"' in html and "timeline-feed" in html
    assert sanitise.findings(pages.untranslated_notice(html, "Not translated yet.", "de")) == []


# --- Ids the templates and scripts rely on ------------------------------------------------


@pytest.fixture(scope="module")
def reserved(config):
    """Every literal id of the theme's and our templates (hooks/sitegen/theme.py)."""
    return theme.reserved_ids(config.theme.get_env())


def test_the_templates_ids_are_reserved(reserved):
    for wanted in ("__config", "__search", "__drawer", "site-data", "not-found-data", "guide-form-heading",
                   "stale-heading"):
        assert wanted in reserved, wanted
    # No template writes the old island any more: an editor may use the id.
    assert "deadline-data" not in reserved


@pytest.mark.parametrize("html, value", [
    ('<h2 id="__config">x</h2>', "__config"),
    ('<p id="__anything">x</p>', "__anything"),
    ('<div id="__tabbed_1_1">x</div>', "__tabbed_1_1"),  # the tab inputs' form, on another element
    ('<h2 id="site-data">x</h2>', "site-data"),
    ('<span id="not-found-data">x</span>', "not-found-data"),
    ('<h3 id="guide-form-heading">x</h3>', "guide-form-heading"),
    ('<p id="stale-heading">x</p>', "stale-heading"),
])
def test_a_reserved_id_is_found(reserved, html, value):
    found = sanitise.findings(f"<p>Text</p>\n{html}", reserved)
    assert len(found) == 1, found
    message, needles = found[0]
    assert f'the id "{value}" is used by the site\'s templates or scripts' in message
    assert "Choose another id (e.g. {#my-section} on a heading)" in message
    assert f"#{value}" in needles  # the Markdown spelling `{#…}` is looked for first
    assert sanitise.reserved_id_findings(html, reserved) == found


@pytest.mark.parametrize("html", [
    '<input id="__tabbed_1_1" name="__tabbed_1" type="radio" checked>',  # pymdownx.tabbed's own
    '<input id="__tabbed_12_3" name="__tabbed_12" type="radio">',
    '<h2 id="deadline-data">x</h2>',  # no template writes it
    '<h2 id="my-section">x</h2>',
    '<h2 id="site_data">x</h2>',
])
def test_ids_nobody_relies_on_are_allowed(reserved, html):
    assert sanitise.findings(html, reserved) == []


def test_the_line_is_found_outside_code_fences_first():
    source = "```\n<svg>\n```\n\nText\n\n<svg><animate></animate></svg>\n"
    assert sanitise.source_line(source, ["<svg"]) == 7
    assert sanitise.source_line("```\n<svg>\n```\n", ["<svg"]) == 2  # a fence Markdown did not take
    assert sanitise.source_line("Text\n", ["<svg"]) is None


def test_hidden_is_allowed_on_a_paragraph_only():
    assert sanitise.findings('<p class="deadlines__still" data-deadline-still hidden><strong>x</strong></p>') == []
    assert sanitise.findings("<div hidden>x</div>")


# --- Addresses that templates print into attributes ------------------------------------------

@pytest.mark.parametrize("url", [
    'https://www.facebook.com/x" onmouseover="alert(1)',
    "https://www.facebook.com/x' onmouseover='alert(1)",
    "https://www.facebook.com/x\tonclick=alert(1)",
    "https://www.facebook.com/x onclick=alert(1)",
    "https://www.facebook.com/x\x00",
    "https://www.facebook.com/x\x85",
    "https://www.facebook.com/x><script>alert(1)</script>",
    "https://www.facebook.com/x`",
    "https://www.facebook.com\\@evil.example",
    "javascript:alert(1)//https://www.facebook.com",
    "http://www.facebook.com/",
    "//www.facebook.com/",
])
def test_unsafe_addresses_are_refused(url):
    problem = rules.url_problem(url)
    assert problem and ("contains" in problem or "is not a plain https: address" in problem), problem
    assert not rules.is_https(url) and not rules.on_hosts(url, ("facebook.com",))


def test_a_plain_address_is_accepted():
    url = "https://www.facebook.com/help/contact/712876720715583?ref=a%20b#x"
    assert rules.url_problem(url) is None and rules.on_hosts(url, ("facebook.com", "instagram.com"))
    assert not rules.on_hosts("https://facebook.com.evil.example/", ("facebook.com",))
    assert not rules.on_hosts("https://notfacebook.com/", ("facebook.com",))
    assert rules.url_problem("mailto:x@example.org", ("https", "mailto")) is None
    assert "is not a plain https: or mailto: address" in rules.url_problem("tel:1", ("https", "mailto"))


def test_an_invisible_character_is_named_by_its_code():
    assert "contains U+0009" in rules.url_problem("https://x.example/\t")
    assert "contains '\"'" in rules.url_problem('https://x.example/"')


@pytest.mark.parametrize("text, name", [("a < b", "'<'"), ("a > b", "'>'"), ('a "b"', "a straight double quote"),
                                        ("A & B", "'&'")])
def test_markup_in_a_text_is_named(text, name):
    problem = rules.markup_problem(text)
    assert problem.startswith(f"contains {name}") and "texts may not hold markup" in problem
    assert rules.markup_problem("„Anführungszeichen“ und ’Apostroph’ – fine") is None
