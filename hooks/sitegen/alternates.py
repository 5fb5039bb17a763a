"""hreflang alternates: absolute addresses plus x-default, the same in every
page's head and in sitemap.xml.

The i18n plugin writes relative hreflang links (search engines and
Lighthouse's SEO audit reject them) and lists a page shown in the default
language because it is not translated yet as if it were a translation. Here
every page gets, for each language that really has it, an absolute address
built from `site_url`, and `x-default` pointing at the default language's
version (the site's root language, German). A page that is only a fallback
copy of the default language gets no hreflang links and a canonical link to
its original; the sitemap leaves it out.

Templates: `hreflang_links` (a list of (hreflang, address)) in the page
context, rendered by overrides/main.html; `sitemap_entries` in the context
of sitemap.xml, rendered by overrides/sitemap.xml.
"""

from __future__ import annotations

from urllib.parse import urljoin

from .common import is_fallback, language


def _absolute(config, file) -> str:
    return urljoin(config.site_url, file.url)


def is_translated(file, lang: str) -> bool:
    """Whether `file`, built for `lang`, is really in that language."""
    return not is_fallback(file, lang)


def hreflang_links(file, config) -> list[tuple[str, str]]:
    """(hreflang, absolute address) of every real language version of `file`."""
    i18n = config.plugins.get("i18n")
    if not config.site_url or i18n is None:
        return []
    alternates = getattr(file, "alternates", {})
    links = [(lang, _absolute(config, alternates[lang])) for lang in i18n.build_languages
             if lang in alternates and is_translated(alternates[lang], lang)]
    default = dict(links).get(i18n.default_language)
    # A page in one language only has no alternates to announce.
    return links + [("x-default", default)] if default and len(links) > 1 else []


def on_page_context(context, page, config, nav):
    lang = language(config)
    if is_translated(page.file, lang):
        context["hreflang_links"] = hreflang_links(page.file, config)
    else:
        # German text under /en/…: the original is the page to index.
        original = page.file.alternates.get(page.file.locale) if hasattr(page.file, "alternates") else None
        if original is not None and config.site_url:
            page.canonical_url = _absolute(config, original)
        context["hreflang_links"] = []
    return context


def on_template_context(context, template_name, config):
    if template_name != "sitemap.xml":
        return context
    i18n = config.plugins.get("i18n")
    # The i18n plugin keeps every language's files, built so far, per language;
    # the last language's build writes the sitemap that stays.
    per_language = i18n.i18n_files_per_language.items() if i18n else []
    context["sitemap_entries"] = [
        {"loc": _absolute(config, file), "alternates": hreflang_links(file, config)}
        for lang, files in per_language for file in files
        if file.page is not None and is_translated(file, lang) and config.site_url
    ]
    return context
