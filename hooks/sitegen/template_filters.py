"""Jinja filters the templates need: dates in the reader's language.

`{{ page.meta.last_checked | long_date }}` renders 2025-05-26 as
"26. Mai 2025" on German pages and "26 May 2025" on English ones, using
Babel's locale data (installed with Material's search).
"""

from __future__ import annotations

import datetime

from babel.dates import format_date

from .common import language



def babel_locale(config) -> str:
    """The language's `extra.ui.locale` (en_GB: day-month-year), else its code."""
    return config.extra.get("ui", {}).get("locale") or language(config)


def on_env(env, config, files):
    lang = language(config)

    def long_date(value) -> str:
        # A missing or malformed date is reported by the front_matter hook
        # with file and line; the template must not crash before that shows.
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                return value
        if not isinstance(value, datetime.date):
            return ""
        return format_date(value, format="long", locale=babel_locale(config))

    env.filters["long_date"] = long_date
    return env
