"""Deadline status from `extra.deadlines` in mkdocs.yml, true on the day it is read.

Each deadline names the last day an objection had full effect. For "today"
this hook works out whether each one is ahead (with the days left), today or
past, in the language being built, and writes:

- in a page, in place of the line `{{ deadlines }}`: every deadline with what
  it meant and its status, the date of that status ("Stand: …"), and, once a
  deadline is past, what still holds (the home page's section #deadline);
- in a page, in place of the line `{{ now }}`: the home page's first screen,
  "what applies now" – the same status sentence as the bar, what an objection
  does today, the one next step, and the date of the newest timeline entry;
- for the templates, `deadline_status`: the announcement bar's text and the
  data assets/deadline.js needs (overrides/partials/deadline-announce.html),
  including the texts of the guides' stale notice (hooks/sitegen/stale.py).

The browser redoes the sum with the reader's date (assets/deadline.js), so a
site built before a deadline is right after it; without JavaScript the
build-time text shows with its date. Texts are `extra.ui.deadline_*`,
`announce_*` and `now_*` per language; `{years}` in `announce_past` becomes the
deadlines' years ("2024 und 2025"), so a new deadline changes the text too.

"Today" is the date in Europe/Berlin when the site is built; the environment
variable SITE_TODAY=YYYY-MM-DD sets another day (tests, previews).
"""

from __future__ import annotations

import datetime
import html
import json
import os
import posixpath
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date
from babel.lists import format_list
from mkdocs.exceptions import PluginError

from .common import built_languages, config_line, lang_prefix, language
from .template_filters import babel_locale

TOKEN = re.compile(r"^\{\{\s*deadlines\s*\}\}\s*$", re.M)
NOW_TOKEN = re.compile(r"^\{\{\s*now\s*\}\}\s*$", re.M)
ZONE = "Europe/Berlin"
# The texts (extra.ui.deadline_*, announce_*, now_*, stale_*) are required in every
# language by the schema (config.py UI), checked before the build.
# The texts assets/deadline.js writes.
JS_KEYS = ("deadline_as_of", "deadline_ahead", "deadline_ahead_one", "deadline_today",
           "deadline_past", "announce_past", "stale_checked")


def today() -> datetime.date:
    value = os.environ.get("SITE_TODAY")
    if not value:
        return datetime.datetime.now(ZoneInfo(ZONE)).date()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise PluginError(f"SITE_TODAY={value!r} is not a date; set it as YYYY-MM-DD "
                          "(e.g. SITE_TODAY=2025-05-26) or unset it to use today.") from None



def deadlines(config, langs: list[str]) -> list[dict]:
    """`extra.deadlines`, checked: a list of last_day, rule and meaning per language."""
    items = config.extra.get("deadlines")
    where = config_line(config, "deadlines:")
    if not isinstance(items, list) or not items:
        raise PluginError(f"{where}: extra.deadlines is missing; list each deadline with "
                          "'- last_day: YYYY-MM-DD', 'rule:' and 'meaning:' (de: and en: each).")
    start = int(where.split(":")[1]) if ":" in where else 0
    problems = []
    for number, item in enumerate(items, start=1):
        item = item if isinstance(item, dict) else {}
        day = item.get("last_day")
        at = config_line(config, f"last_day: {day}", start) if day else where
        if not isinstance(day, datetime.date):
            try:
                item["last_day"] = datetime.date.fromisoformat(str(day))
            except ValueError:
                problems.append(f"{at}: deadline {number}: last_day {day!r} must be a date "
                                "as YYYY-MM-DD (the last day an objection had full effect).")
        for field in ("rule", "meaning"):
            value = item.get(field)
            missing = [lang for lang in langs if not isinstance(value, dict) or not value.get(lang)]
            if missing:
                problems.append(f"{at}: deadline {number}: '{field}' needs a text for "
                                f"{', '.join(missing)} ('{field}:' then '  de: …' and '  en: …').")
    if problems:
        raise PluginError("The deadlines in mkdocs.yml have mistakes:\n" + "\n".join(problems))
    return sorted(items, key=lambda item: item["last_day"])


def status(last_day: datetime.date, day: datetime.date) -> tuple[str, int]:
    """('ahead'|'ahead_one'|'today'|'past', days left) – the same sum as deadline.js."""
    days = (last_day - day).days
    if days > 1:
        return "ahead", days
    if days == 1:
        return "ahead_one", 1
    return ("today", 0) if days == 0 else ("past", days)


def context(config) -> dict:
    """Everything the page section, the announcement bar and deadline.js need."""
    lang = language(config)
    ui = config.extra.get("ui", {})
    day, locale = today(), babel_locale(config)
    items = []
    for item in deadlines(config, built_languages(config)):
        state, days = status(item["last_day"], day)
        text = ui[f"deadline_{state}"].replace("{days}", str(days))
        items.append({"last_day": item["last_day"].isoformat(), "rule": item["rule"][lang],
                      "meaning": item["meaning"][lang], "state": state, "text": text})
    years = sorted({item["last_day"][:4] for item in items})
    texts = {key: ui[key] for key in JS_KEYS}
    texts["announce_past"] = texts["announce_past"].replace("{years}", format_list(years, locale=locale))
    upcoming = next((item for item in items if item["state"] != "past"), None)
    announce = f"{upcoming['rule']}: {upcoming['text']}" if upcoming else texts["announce_past"]
    data = {"locale": locale.replace("_", "-"), "zone": ZONE,
            "deadlines": [{"last_day": i["last_day"], "rule": i["rule"]} for i in items],
            "review_after_days": review_after_days(config),
            "ui": texts}
    from .timeline import load  # the newest verified fact is the newest timeline entry
    newest = max((entry.until or entry.date for entry in load(config.docs_dir, built_languages(config))),
                 default=None)
    return {
        "today": day.isoformat(),
        "day": day,
        "newest": format_date(newest, "long", locale=locale) if newest else None,
        "as_of": ui["deadline_as_of"].replace("{date}", format_date(day, "long", locale=locale)),
        "items": items,
        "any_past": any(item["state"] == "past" for item in items),
        "announce": announce,
        # In a <script type="application/json">: "</" must not end the element.
        "json": json.dumps(data, ensure_ascii=False).replace("</", "<\\/"),
    }


def review_after_days(config) -> int:
    """`extra.review_after_days`: a guide older than this shows the stale notice."""
    value = config.extra.get("review_after_days")
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PluginError(f"{config_line(config, 'review_after_days')}: extra.review_after_days "
                          f"must be a whole number of days, e.g. 'review_after_days: 180', not {value!r}.")
    return value


def now_box(ctx: dict, ui: dict, timeline_href: str) -> str:
    """The HTML for `{{ now }}`: the home page's first screen for today's reader."""
    e = html.escape
    points = "\n".join(f"<li>{e(point)}</li>" for point in ui["now_points"])
    newest = ""
    if ctx["newest"]:
        label, _, rest = ui["now_newest"].partition("{timeline}")
        newest = (f'<p class="now__newest">{e(label)}<a href="{timeline_href}">{e(ui["now_timeline"])}</a>'
                  f'{e(rest).replace("{date}", e(ctx["newest"]))}</p>')
    return (
        f'<section class="now" aria-labelledby="now">\n'
        f'<h2 id="now">{e(ui["now_heading"])}</h2>\n'
        f'<p class="now__status"><strong data-deadline-announce>{e(ctx["announce"])}</strong>'
        f' <span class="deadline-announce__as-of" data-deadline-bar-as-of>({e(ctx["as_of"])})</span></p>\n'
        f'<ul class="now__points">\n{points}\n</ul>\n'
        f'<p class="now__next"><a class="md-button md-button--primary" href="#choose-service">'
        f'{e(ui["now_next"])}</a></p>\n{newest}\n</section>'
    )


def section(ctx: dict, ui: dict) -> str:
    """The HTML for `{{ deadlines }}`: list, status per deadline, what still holds."""
    e = html.escape
    rows = "\n".join(
        f'<dt>{e(item["rule"])}</dt>\n<dd><p>{e(item["meaning"])}</p>\n'
        f'<p><strong class="deadline-status" data-deadline-status data-last-day="{item["last_day"]}" '
        f'data-state="{item["state"]}">{e(item["text"])}</strong></p></dd>'
        for item in ctx["items"]
    )
    hidden = "" if ctx["any_past"] else " hidden"
    return (
        f'<div class="deadlines">\n<p class="deadlines__as-of" data-deadline-as-of>'
        f'<time datetime="{ctx["today"]}">{e(ctx["as_of"])}</time></p>\n'
        f'<dl class="deadlines__list">\n{rows}\n</dl>\n'
        f'<p class="deadlines__still" data-deadline-still{hidden}><strong>{e(ui["deadline_still"])}</strong></p>\n'
        f"</div>"
    )


_built: dict = {}


def on_pre_build(config):
    # Once per language build: checks the configuration and fixes "today".
    _built["context"] = context(config)


def on_page_markdown(markdown, page, config, files):
    if NOW_TOKEN.search(markdown):
        # The timeline page of this language, relative to this page (raw HTML: MkDocs
        # does not rewrite its links).
        href = posixpath.relpath(lang_prefix(config) + "timeline/", page.url or ".") + "/"
        box = now_box(_built["context"], config.extra["ui"], href)
        markdown = NOW_TOKEN.sub(lambda _: box, markdown)
    if not TOKEN.search(markdown):
        return markdown
    block = section(_built["context"], config.extra["ui"])
    return TOKEN.sub(lambda _: block, markdown)


def on_page_context(ctx, page, config, nav):
    ctx["deadline_status"] = _built["context"]
    return ctx
