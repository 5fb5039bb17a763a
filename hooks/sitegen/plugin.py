"""The build's events: every feature module's handlers, in one place and one order.

FEATURES lists the feature modules in the order their handlers run (the order
the loose hook files had in mkdocs.yml). MkDocs runs the handlers of an event
by priority (`@event_priority`), then in the order they were registered; for
each event and priority this module registers one handler that calls the
features' handlers of that priority in FEATURES order, passing each one's
result to the next, exactly as MkDocs does between plugins. So every handler
runs where it ran as its own hook file, before and after the same handlers of
Material and the i18n plugin.

A new feature: write `sitegen/<feature>.py` with `on_<event>` functions
(MkDocs' plugin events, `@event_priority` where the order matters), import
it here and put it into FEATURES where it must run; data it reads goes into
config.py's schema.
"""

from __future__ import annotations

from collections import defaultdict

from mkdocs.plugins import EVENTS, CombinedEvent

from . import (alternates, authority, compact_html, csp, deadline, feed, front_matter, guides, messages,
               not_found, offline, one_language, purge_css, safe_html, sanitise, search_on_demand,
               search_per_language, search_words, stale, structured_data, template_cache,
               template_filters, theme_markup, timeline, untranslated, validate, guide_layout,
               assumptions, home_pages, theme_js_on_demand)

FEATURES = (
    validate,            # the schema (config.py) and every page's front matter, before the build
    assumptions,         # what we rely on in Material and the i18n plugin still holds
    front_matter,
    messages,
    safe_html,
    sanitise,            # content passes an allowlist sanitiser (nh3) unchanged, or the build fails
    authority,
    template_filters,
    guides,
    search_per_language,
    search_words,        # parts of compounds and readers' words in the search index
    alternates,
    not_found,
    untranslated,
    deadline,
    stale,
    timeline,
    feed,
    structured_data,
    one_language,
    guide_layout,        # a guide's title and the rest, for the form button after the title
    home_pages,          # every language's home page is a home page (titles, og:type, JSON-LD)
    template_cache,      # build speed only: compiled templates reused across languages and builds
    search_on_demand,    # Material's search index and worker load on the reader's first search
    theme_js_on_demand,  # Material's JavaScript bundle loads on the reader's first interaction
    compact_html,        # pages without the templates' indentation
    theme_markup,        # valid HTML where no partial reaches Material's markup
    csp,                 # Content Security Policy and referrer policy in every page
    purge_css,           # Material's stylesheet without the rules no page uses
    offline,             # only with OFFLINE_PREVIEW=1 (make preview-offline)
)


def _is_event(name: str) -> bool:
    return name.startswith("on_") and name[3:] in EVENTS


def _chain(event: str, priority: int, handlers: list):
    """One handler that runs `handlers` in order as MkDocs would run them one after another."""
    def run(*args, **kwargs):
        if not args:  # events without an item (on_pre_build, on_post_build, …)
            for handler in handlers:
                handler(**kwargs)
            return None
        item = args[0]
        for handler in handlers:
            result = handler(item, **kwargs)
            if result is not None:
                item = result
        return item

    run.__name__ = run.__qualname__ = f"_{event}_{priority}"
    run.mkdocs_priority = priority
    run.handlers = handlers  # for tests and debugging
    return run


def events(features=FEATURES) -> dict[str, CombinedEvent]:
    """`{"on_page_content": CombinedEvent(…), …}` for the hook module to export."""
    found: dict[str, dict[int, list]] = defaultdict(dict)
    for module in features:
        for name in dir(module):
            if _is_event(name):
                handler = getattr(module, name)
                found[name].setdefault(getattr(handler, "mkdocs_priority", 0), []).append(handler)
    return {name: CombinedEvent(*(_chain(name, priority, handlers)
                                  for priority, handlers in sorted(by_priority.items(), reverse=True)))
            for name, by_priority in found.items()}
