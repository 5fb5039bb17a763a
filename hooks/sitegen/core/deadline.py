"""Deadlines, the home page's first screen and the guides' stale notice: true on the day they are read.

Data: `extra.deadlines` (each with the last day an objection had full effect,
its rule and its meaning per language), `extra.timeline_as_of`,
`extra.review_after_days`, a guide's `last_checked`; texts: `extra.ui`.

No date this module prints is the day of the build or the reader's day: the
status of a deadline still ahead says its last day ("Letzter Tag: …"), a past
one that it has passed, the first screen gives the date of its information
(`timeline_as_of`), the stale notice the date of the last check. The days left
("Noch 5 Tage") are counted in the reader's browser only
(overrides/assets/javascripts/deadline.js, from the page's `site-data`).

Whether a deadline has passed, or a guide is older than the review period,
is decided at build time for "today" (`SITE_TODAY` sets another day) and again
in the reader's browser with the reader's date, so a site built before a
deadline is right after it.
"""

from __future__ import annotations

import datetime
import html
import json

from babel.dates import format_date
from babel.lists import format_list

from .rules import as_date

ZONE = "Europe/Berlin"
# The texts overrides/assets/javascripts/deadline.js writes.
JS_TEXTS = ("deadline_ahead", "deadline_ahead_one", "deadline_today", "deadline_past", "announce_past",
            "menu_button", "search_button")


def today(value: str | None = None) -> datetime.date:
    """`value` (YYYY-MM-DD, already checked), else today in Europe/Berlin."""
    if value:
        return datetime.date.fromisoformat(value)
    from zoneinfo import ZoneInfo
    return datetime.datetime.now(ZoneInfo(ZONE)).date()


def status(last_day: datetime.date, day: datetime.date) -> tuple[str, int]:
    """('ahead'|'ahead_one'|'today'|'past', days left) – the same sum as deadline.js."""
    days = (last_day - day).days
    if days > 1:
        return "ahead", days
    if days == 1:
        return "ahead_one", 1
    return ("today", 0) if days == 0 else ("past", days)


def long_date(day, locale: str) -> str:
    return format_date(as_date(day), "long", locale=locale)


def context(deadlines: list[dict], ui: dict, lang: str, locale: str, day: datetime.date,
            review_after_days: int, newest=None, as_of=None) -> dict:
    """Everything the page section, the first screen, the bar and deadline.js need.
    `newest`: (date, title) of the newest timeline entry; `as_of`: timeline_as_of."""
    items = []
    for item in sorted(deadlines, key=lambda d: as_date(d["last_day"])):
        last_day = as_date(item["last_day"])
        state, days = status(last_day, day)
        text = (ui["deadline_past"] if state == "past"
                else ui["deadline_open"].replace("{date}", long_date(last_day, locale)))
        items.append({"last_day": last_day.isoformat(), "rule": _in(item["rule"], lang),
                      "meaning": _in(item["meaning"], lang), "state": state, "text": text})
    years = sorted({item["last_day"][:4] for item in items})
    announce_past = ui["announce_past"].replace("{years}", format_list(years, locale=locale))
    upcoming = next((item for item in items if item["state"] != "past"), None)
    data = {"locale": locale.replace("_", "-"), "zone": ZONE,
            "deadlines": [{"last_day": i["last_day"], "rule": i["rule"]} for i in items],
            "review_after_days": review_after_days,
            "ui": {**{key: ui[key] for key in JS_TEXTS}, "announce_past": announce_past}}
    return {
        "items": items,
        "any_past": any(item["state"] == "past" for item in items),
        "announce": f"{upcoming['rule']}: {upcoming['text']}" if upcoming else announce_past,
        "newest": (long_date(newest[0], locale), newest[1]) if newest else None,
        "as_of": ui["now_as_of"].replace("{date}", long_date(as_of, locale)) if as_of else None,
        # In a <script type="application/json">: "</" must not end the element.
        "json": json.dumps(data, ensure_ascii=False).replace("</", "<\\/"),
    }


def _in(value, lang: str) -> str:
    return str(value[lang]) if isinstance(value, dict) else str(value)


def now_box(ctx: dict, ui: dict, timeline_href: str) -> str:
    """The HTML for `{{ now }}`: the home page's first screen for today's reader."""
    e = html.escape
    points = "\n".join(f"<li>{e(point)}</li>" for point in ui["now_points"])
    as_of = f'<p class="now__as-of">{e(ctx["as_of"])}</p>\n' if ctx["as_of"] else ""
    newest = ""
    if ctx["newest"]:
        date, title = ctx["newest"]
        text = e(ui["now_newest"]).replace("{date}", e(date)).replace("{title}", e(title))
        link = f'<a href="{e(timeline_href)}">{e(ui["now_timeline"])}</a>'
        newest = f'<p class="now__newest">{text.replace("{timeline}", link)}</p>\n'
    return (
        f'<section class="now" aria-labelledby="now">\n'
        f'<h2 id="now">{e(ui["now_heading"])}</h2>\n{as_of}'
        f'<p class="now__status"><strong data-deadline-announce>{e(ctx["announce"])}</strong></p>\n'
        f'<ul class="now__points">\n{points}\n</ul>\n'
        f'<p class="now__next"><a class="md-button md-button--primary" href="#choose-service">'
        f'{e(ui["now_next"])}</a></p>\n{newest}</section>'
    )


def section(ctx: dict, ui: dict) -> str:
    """The HTML for `{{ deadlines }}`: every deadline, its status, what still holds."""
    e = html.escape
    rows = "\n".join(
        f'<dt>{e(item["rule"])}</dt>\n<dd><p>{e(item["meaning"])}</p>\n'
        f'<p><strong class="deadline-status" data-deadline-status data-last-day="{item["last_day"]}" '
        f'data-state="{item["state"]}">{e(item["text"])}</strong></p></dd>'
        for item in ctx["items"]
    )
    hidden = "" if ctx["any_past"] else " hidden"
    return (
        f'<div class="deadlines">\n<dl class="deadlines__list">\n{rows}\n</dl>\n'
        f'<p class="deadlines__still" data-deadline-still{hidden}><strong>{e(ui["deadline_still"])}</strong></p>\n'
        f"</div>"
    )


def stale(last_checked, day: datetime.date, days_allowed: int, ui: dict, locale: str,
          from_reports: bool = False) -> dict | None:
    """What a guide's stale notice and the line under its form button need, or None
    when `last_checked` is not a date (the schema reports that).

    `from_reports`: the guide's facts come only from third-party reports (front
    matter `checked_from: reports`), so nothing may say that anyone checked the
    form; the texts say when the reports were last compared."""
    checked = as_date(last_checked)
    if checked is None:
        return None
    label = long_date(checked, locale)
    suffix = "_reports" if from_reports else ""
    return {
        "stale": (day - checked).days > days_allowed,
        "last_checked": checked.isoformat(),
        "checked_text": ui[f"stale_checked{suffix}"].replace("{date}", label),
        "form_checked": ui[f"form_checked{suffix}"].replace("{date}", label),
        "checked_label": ui[f"last_checked{suffix}"],
        "checked_date": label,
    }
