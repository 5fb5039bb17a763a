"""hooks/sitegen/compact_html.py: the templates' indentation goes, whitespace that
matters stays."""

from __future__ import annotations

import re
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen.compact_html import compact  # noqa: E402


def test_indentation_between_tags_becomes_one_line_break():
    assert compact("<ul>\n    <li>a</li>\n\n      <li>b</li>\n</ul>") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"


def test_words_stay_apart():
    assert compact("<p>Widerspruch\n        einlegen</p>") == "<p>Widerspruch\neinlegen</p>"
    assert compact("<a>x</a>   <a>y</a>") == "<a>x</a>   <a>y</a>"  # no line break: untouched


def test_pre_textarea_script_and_style_are_left_alone():
    kept = ("<pre><code>line 1\n    indented\n\n  more</code></pre>",
            "<textarea>\n  a\n    b</textarea>",
            '<script>let s = `a\n    b`;</script>',
            '<script type="application/ld+json">{\n  "a": 1\n}</script>',
            "<style>\n  p { margin: 0 }\n</style>")
    for block in kept:
        assert compact(f"<div>\n  {block}\n  </div>") == f"<div>\n{block}\n</div>"


def test_built_pages_carry_no_template_indentation(site):
    html = (site / "faq" / "index.html").read_text(encoding="utf-8")
    outside = re.sub(r"<(pre|textarea|script|style)\b.*?</\1>", "", html, flags=re.S)
    assert not re.search(r"\n[ \t]+<", outside), "indented tags left in faq/index.html"
