"""The allowlist sanitiser (hooks/sitegen/sanitise.py): what Markdown and the
extensions in mkdocs.yml write passes unchanged; active content in any
spelling is found, with a message that says what to do. (The corpus in
test_editor_mistakes.py proves the same through `make check` with file and
line; these variants are many, so they call the hook directly.)"""

from __future__ import annotations

import re

import sys

import markdown
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen import front_matter  # noqa: E402
from sitegen import sanitise  # noqa: E402

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
}


@pytest.mark.parametrize("case", ACTIVE)
def test_active_content_is_found(case):
    html, message = ACTIVE[case]
    found = sanitise.findings(f"<p>Text</p>\n{html}\n<p>More</p>")
    assert found, f"{case}: the sanitiser would publish {html!r} unchanged"
    assert any(message in text for text, _ in found), f"{case}: {found}"


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


def test_what_markdown_and_the_extensions_write_passes_unchanged():
    from mkdocs.config import load_config
    config = load_config(str(ROOT / "mkdocs.yml"))
    html = markdown.markdown(MARKDOWN, extensions=config.markdown_extensions,
                             extension_configs=config.mdx_configs)
    assert 'class="tabbed-set' in html and "<abbr" in html and "<details" in html  # the sample covers them
    assert sanitise.findings(html) == []


def test_the_deadline_list_and_untranslated_notice_pass():
    html = ('<div class="admonition info untranslated" role="note"><p class="admonition-title">x</p></div>'
            '<div lang="de"><div class="deadlines"><p class="deadlines__as-of" data-deadline-as-of>'
            '<time datetime="2026-12-01">1. Dezember 2026</time></p><dl class="deadlines__list"><dt>x</dt>'
            '<dd><p><strong class="deadline-status" data-deadline-status data-last-day="2025-05-26" '
            'data-state="past">vorbei</strong></p></dd></dl>'
            '<p class="deadlines__still" data-deadline-still hidden><strong>x</strong></p></div>'
            '<p class="timeline-feed"><a href="feed.xml" type="application/atom+xml">Feed</a></p></div>')
    assert sanitise.findings(html) == []


def test_a_state_outside_the_known_words_is_found():
    found = sanitise.findings('<strong data-state="javascript:alert(1)">x</strong>')
    assert found and "data-state" in found[0][0]


def test_the_line_is_found_outside_code_fences_first():
    source = "```\n<svg>\n```\n\nText\n\n<svg><animate></animate></svg>\n"
    assert sanitise.source_line(source, ["<svg"]) == 7


# --- Addresses that templates print into attributes --------------------------

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
])
def test_unsafe_characters_in_an_address_are_refused(url):
    assert front_matter.unsafe_url(url)
    assert not front_matter.https_url(url)
    assert sanitise.url_problem(url)


def test_a_plain_address_is_accepted():
    url = "https://www.facebook.com/help/contact/712876720715583?ref=a%20b#x"
    assert front_matter.unsafe_url(url) is None and front_matter.is_form_host(url, ("facebook.com", "instagram.com"))
    assert sanitise.url_problem(url) is None


def test_configuration_addresses_are_checked(caplog):
    class Config(dict):
        extra = {"authority": {"website": 'https://example.org/" onclick="x'}, "hosting": {}}
    config = Config(site_url="javascript:alert(1)//", repo_url="https://github.com/x/y")
    sanitise.on_config(config)
    text = caplog.text
    # With the line of the key when mkdocs.yml is at hand (hooks/sitegen/common.py config_line).
    assert re.search(r"mkdocs\.yml(:\d+)?: site_url", text) and "is not an https:// address" in text
    assert re.search(r"mkdocs\.yml(:\d+)?: extra\.authority\.website", text) and "contains a quote" in text
    assert "repo_url" not in text
