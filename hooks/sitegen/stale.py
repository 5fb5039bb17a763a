"""The stale notice on a guide whose facts are older than the review period.

A guide's front matter says when its steps and form were last checked
(`last_checked`); `extra.review_after_days` in mkdocs.yml says how long that
stays good. When the check is older, the guide shows a notice near its top:
when it was last checked, that the platform may have changed menus and forms since,
and what to do if a step does not match (the direct form link, the search in
the platform's menus, the authority's contact page; texts extra.ui.stale_*). overrides/partials/guide-stale.html
writes it from `stale` below.

Like the deadline status (hooks/sitegen/deadline.py) it is true on the day it is read:
the build decides with its "today" (SITE_TODAY sets another day) and writes
the notice with that date, hidden when the guide is still fresh; in the
reader's browser assets/deadline.js does the same sum with the reader's date
and shows or hides it. Without JavaScript the build's dated statement stands.
Nobody moves `last_checked` without really checking the form again.
"""

from __future__ import annotations

import datetime

from babel.dates import format_date

from .deadline import review_after_days, today
from .template_filters import babel_locale


def stale_context(last_checked, day: datetime.date, days_allowed: int, ui: dict, locale: str,
                  from_reports: bool = False) -> dict | None:
    """What the notice needs, or None when `last_checked` is not a date (reported elsewhere).

    `from_reports`: the guide's facts come only from third-party reports
    (front matter `checked_from: reports`), so the notice must not say that
    anyone checked the form; it says when the reports were last compared."""
    if not isinstance(last_checked, datetime.date):
        try:
            last_checked = datetime.date.fromisoformat(str(last_checked))
        except ValueError:
            return None
    age = (day - last_checked).days
    checked_label = format_date(last_checked, "long", locale=locale)
    template = ui["stale_checked_reports" if from_reports else "stale_checked"]
    return {
        "stale": age > days_allowed,
        "last_checked": last_checked.isoformat(),
        "checked_label": checked_label,
        "age": age,
        "template": template,
        "checked_text": template.replace("{date}", checked_label).replace("{days}", str(age)),
        "today": day.isoformat(),
        "as_of": ui["deadline_as_of"].replace("{date}", format_date(day, "long", locale=locale)),
    }


def on_page_context(ctx, page, config, nav):
    meta = page.meta or {}
    if meta.get("form_url") and meta.get("last_checked"):
        ctx["stale"] = stale_context(meta["last_checked"], today(),
                                     review_after_days(config), config.extra["ui"], babel_locale(config),
                                     from_reports=meta.get("checked_from") == "reports")
    return ctx
