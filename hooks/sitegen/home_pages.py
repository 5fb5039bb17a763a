"""Every language's home page is a home page, in every template.

MkDocs' `page.is_homepage` is true on the default language's home page only;
on /en/ the link preview read "Site – Site" with og:type article. This puts
`is_home` (common.is_home) into every page's context; overrides/main.html
and partials/social.html use it, structured_data.py the same function.
"""

from __future__ import annotations

from .common import is_home


def on_page_context(context, page, config, nav):
    context["is_home"] = is_home(page, nav)
    return context
