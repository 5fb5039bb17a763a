"""Valid HTML where Material's base.html cannot be changed by a partial.

Material writes its two header toggles (drawer, search) as
`<input … type="checkbox" … autocomplete="off">` directly in base.html,
outside any block an override could replace. The Nu Html Checker refuses
`autocomplete` on a checkbox (58 errors on 29 pages). This hook drops that
one attribute from those two inputs in every built page. (Material added it
so Firefox does not restore an open menu on reload; Firefox's back/forward
cache restores the whole page anyway, and a reload shows the page closed in
every other browser.) Everything else Material writes that the checker
refuses is fixed in overrides/partials/ (nav-item.html, toc.html).
"""

from __future__ import annotations

import re

from mkdocs.plugins import event_priority

TOGGLE = re.compile(r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" id="__(?:drawer|search)")'
                    r' autocomplete="off">')


def fix(html: str) -> str:
    return TOGGLE.sub(r"\1>", html)


def on_post_page(output, page, config):
    return fix(output)


@event_priority(100)  # before hooks/sitegen/not_found.py writes the other languages' copies
def on_post_template(output, template_name, config):
    return fix(output) if template_name == "404.html" else output
