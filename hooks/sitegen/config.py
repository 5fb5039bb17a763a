"""The schema of everything an editor or adopter configures, checked once, before any page is built.

What it covers (mkdocs.yml unless named):

- `extra.authority`, `extra.hosting`, `extra.deadlines`, `extra.review_after_days`,
  `extra.timeline_as_of`, `extra.timeline_summaries`, `extra.search_words`,
  `extra.forms` (the hosts an objection form may be on, the services' names);
- each language block of the i18n plugin (`plugins: i18n: languages:`): its
  `extra.ui` texts, and for a language other than the default its `site_name`
  and `site_description`;
- budgets.yml: the page weight budget and the pages Lighthouse audits;
- every page's front matter under docs/ (front_matter.py's rules: description;
  for guides service, title, form_url on an allowed host, last_checked, …).

The classes below are MkDocs' own configuration classes (`base.Config` with
`config_options`), as Material declares its plugins' options; `check()` walks
them itself instead of calling `Config.validate()` so that every problem is
reported at once, each with the file, the line, the key's full path, the
language it is missing for and the fix (MkDocs' own validation stops at a
sub-config's first error and names no line). An unknown key gets a
"did you mean …" hint (difflib). A text given per language (`{de: …, en: …}`)
must have every built language.

Problems in mkdocs.yml and budgets.yml stop the build before anything is
built (PluginError, no traceback); front-matter problems are logged as
errors (the strict build fails; `make serve` still shows a draft).
"""

from __future__ import annotations

import datetime
import difflib
import re
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

# --- Option types the schema needs beyond MkDocs' own ----------------------


class Text(c.BaseConfigOption):
    """A text, the same in every language, or one per language ({de: …, en: …});
    `check()` requires every built language of a per-language text."""

    per_language = True

    def run_validation(self, value):
        if isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value).strip():
            return value
        if isinstance(value, dict) and value and all(isinstance(v, (str, int, float)) and str(v).strip()
                                                     for v in value.values()):
            return value
        raise ValidationError("must be a text, or one text per language ('de: …' and 'en: …' below it)")


class HttpsURL(c.BaseConfigOption):
    UNSAFE = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>`\\]")

    def run_validation(self, value):
        text = str(value)
        if self.UNSAFE.search(text) or not re.match(r"^https://[^/?#]+", text):
            raise ValidationError(f"{value!r} must be a plain https:// address (no quotes, spaces or "
                                  "angle brackets)")
        return value


class Date(c.BaseConfigOption):
    def run_validation(self, value):
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            raise ValidationError(f"{value!r} must be a date as YYYY-MM-DD, e.g. 2025-05-26") from None


class Number(c.BaseConfigOption):
    def __init__(self, minimum: float = 0, whole: bool = False):
        super().__init__()
        self.minimum, self.whole = minimum, whole

    def run_validation(self, value):
        kinds = (int,) if self.whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or value < self.minimum:
            kind = "a whole number" if self.whole else "a number"
            raise ValidationError(f"{value!r} must be {kind} of at least {self.minimum}")
        return value


class _WithSchema(c.BaseConfigOption):
    """An option whose value has a schema of its own, which `check()` walks into."""

    def __init__(self, schema: type[base.Config]):
        super().__init__()
        self.schema = schema


class Nested(_WithSchema):
    """A mapping with its own schema (`check()` walks into it)."""

    def run_validation(self, value):
        if not isinstance(value, dict):
            raise ValidationError("must be 'key: value' lines indented below it")
        return value


class ListOf(_WithSchema):
    """A non-empty list of mappings with their own schema."""

    def run_validation(self, value):
        if not isinstance(value, list) or not value:
            raise ValidationError("must be a list of entries, each starting with '- '")
        return value


class PerLanguage(_WithSchema):
    """{language: mapping with its own schema}; `check()` walks each."""

    def run_validation(self, value):
        if not isinstance(value, dict):
            raise ValidationError("must be one block per language ('de:' and 'en:' below it)")
        return value


def _optional(option):
    return c.Optional(option)


# --- The schema ------------------------------------------------------------


class Press(base.Config):
    name = c.Type(str)
    phone = c.Type(str)
    email = c.Type(str)


class Authority(base.Config):
    name = Text()
    short = Text()
    head = Text()
    street = Text()
    postcode = c.Type(str)
    city = Text()
    country = _optional(c.Type(str))
    phone = c.Type(str)
    phone_intl = _optional(c.Type(str))
    fax = _optional(c.Type(str))
    email = c.Type(str)
    website = HttpsURL()
    press = _optional(Nested(Press))
    as_of = _optional(Text())


class Hosting(base.Config):
    name = Text()
    company = Text()
    operator = Text()
    country = Text()
    privacy = HttpsURL()
    logs = _optional(HttpsURL())


class Deadline(base.Config):
    last_day = Date()
    rule = Text()
    meaning = Text()


class SearchWords(base.Config):
    splitter = _optional(c.Type(str))
    synonyms = _optional(c.Type(str))


class Forms(base.Config):
    # The hosts an objection form may be on (a guide's form_url must be on one of
    # them or a subdomain); the organisation that runs them, as readers know it.
    hosts = c.ListOfItems(c.Type(str))
    operator = Text()


class Extra(base.Config):
    generator = _optional(c.Type(bool))
    authority = Nested(Authority)
    forms = Nested(Forms)
    review_after_days = Number(minimum=1, whole=True)
    timeline_as_of = _optional(Date())
    deadlines = ListOf(Deadline)
    timeline_summaries = _optional(c.ListOfItems(c.Type(str)))
    search_words = _optional(PerLanguage(SearchWords))
    hosting = Nested(Hosting)


class UI(base.Config):
    """The texts templates and features write, in every language block's `extra.ui`."""
    locale = c.Type(str)
    form_button = c.Type(str)
    form_login = c.Type(str)
    form_host = c.Type(str)
    form_heading = c.Type(str)
    menu_button = c.Type(str)
    search_button = c.Type(str)
    last_checked = c.Type(str)
    last_checked_reports = c.Type(str)
    sources = c.Type(str)
    checked_note = c.Type(str)
    contact = c.Type(str)
    imprint = c.Type(str)
    privacy = c.Type(str)
    accessibility = c.Type(str)
    legal_nav = c.Type(str)
    deadline_as_of = c.Type(str)
    deadline_ahead = c.Type(str)
    deadline_ahead_one = c.Type(str)
    deadline_today = c.Type(str)
    deadline_past = c.Type(str)
    deadline_still = c.Type(str)
    announce_past = c.Type(str)
    announce_link = c.Type(str)
    now_heading = c.Type(str)
    now_points = c.ListOfItems(c.Type(str))
    now_next = c.Type(str)
    now_newest = c.Type(str)
    now_timeline = c.Type(str)
    stale_heading = c.Type(str)
    stale_checked = c.Type(str)
    stale_checked_reports = c.Type(str)
    stale_intro = c.Type(str)
    stale_form = c.Type(str)
    stale_form_link = c.Type(str)
    stale_search = c.Type(str)
    stale_contact = c.Type(str)
    source = c.Type(str)
    timeline_as_of = c.Type(str)
    in_language = c.Type(dict)
    feed = c.Type(str)
    share_image_alt = c.Type(str)
    easy_read = c.Type(str)
    not_found_title = c.Type(str)
    not_found_text = c.Type(str)
    not_found_home = c.Type(str)
    not_found_search = c.Type(str)
    # Required in every language but the default one (pages fall back to it).
    untranslated = _optional(c.Type(str))


# Keys of a language block (beyond the i18n plugin's own) this site needs.
LANGUAGE_KEYS_NOT_DEFAULT = ("site_name", "site_description")
REQUIRED_IN_OTHER_LANGUAGES = ("untranslated",)


class PageWeight(base.Config):
    max_kb = Number(minimum=1)


class Budgets(base.Config):
    page_weight = Nested(PageWeight)
    lighthouse = _optional(c.Type(dict))


# --- Lines ------------------------------------------------------------------


def line_map(text: str) -> dict[tuple, int]:
    """{key path: line} for every key and list item of a YAML text (tags are not resolved)."""
    lines: dict[tuple, int] = {}
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return lines

    def walk(node, path):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                here = (*path, key.value)
                lines[here] = key.start_mark.line + 1
                walk(value, here)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[(*path, index)] = item.start_mark.line + 1
                walk(item, (*path, index))

    if root is not None:
        walk(root, ())
    return lines


class Problems:
    """Every problem found, with file and line; `lines` maps key paths to lines per file."""

    def __init__(self):
        self.items: list[str] = []
        self.lines: dict[str, dict[tuple, int]] = {}

    def add(self, file: str, path: tuple, message: str, fix: str, parent: tuple | None = None):
        lines = self.lines.get(file, {})
        line = lines.get(path) or (lines.get(parent) if parent is not None else None)
        probe = path
        while line is None and probe:
            probe = probe[:-1]
            line = lines.get(probe)
        where = f"{file}:{line}" if line else file
        self.items.append(f"{where}: {message} Fix: {fix}")


def dotted(shown: tuple) -> str:
    """('extra', 'deadlines', 0, 'rule') -> 'extra.deadlines[1].rule': list entries counted
    from 1, as an editor counts them; a language block by its code ([en])."""
    out = ""
    for part in shown:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        elif str(part).startswith("lang="):
            out += f"[{str(part)[5:]}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _is_optional(option) -> bool:
    return isinstance(option, c.Optional) or getattr(option, "default", None) is not None


def _inner(option):
    return option.option if isinstance(option, c.Optional) else option


def _example(option) -> str:
    option = _inner(option)
    if isinstance(option, (Nested, PerLanguage)):
        return "(a block of 'key: value' lines)"
    if isinstance(option, ListOf):
        return "(a list of '- …' entries)"
    if isinstance(option, Date):
        return "YYYY-MM-DD"
    if isinstance(option, HttpsURL):
        return "https://…"
    if isinstance(option, Number):
        return "a number"
    return "…"


def walk(schema: type[base.Config], data: Any, file: str, path: tuple, shown: tuple, problems: Problems,
         languages: list[str], language_names: dict[str, str], example: dict | None = None) -> None:
    """Check `data` at `path` (key path in the file) against `schema`; `shown` is the
    path as printed (language blocks by their code)."""
    if not isinstance(data, dict):
        problems.add(file, path, f"{dotted(shown)} must be 'key: value' lines indented below it.",
                     f"indent its keys below '{shown[-1] if shown else 'it'}:'.")
        return
    options = dict(schema._schema)
    for key in data:
        if key not in options:
            close = difflib.get_close_matches(str(key), options, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else f"the keys here are: {', '.join(options)}."
            problems.add(file, (*path, key), f"{dotted((*shown, key))}: unknown key '{key}'.",
                         hint[0].upper() + hint[1:] if not close else f"{hint} Rename it, or remove it.")
    for key, option in options.items():
        full, where = (*shown, key), (*path, key)
        if key not in data or data[key] is None:
            if _is_optional(option):
                continue
            sample = (example or {}).get(key)
            shown_sample = f" (as in another language: '{key}: {_short(sample)}')" if sample is not None else \
                f" ('{key}: {_example(option)}')"
            below = (f"to entry {shown[-1] + 1} of '{shown[-2]}:'" if shown and isinstance(shown[-1], int)
                     else f"below '{shown[-1]}:'" if shown else "at the top")
            problems.add(file, where, f"{dotted(full)} is missing.", f"add '{key}:' {below}{shown_sample}.",
                         parent=path)
            continue
        value = data[key]
        inner = _inner(option)
        try:
            inner.validate(value)
        except ValidationError as error:
            problems.add(file, where, f"{dotted(full)} {error}.", f"correct the value of '{key}:'.")
            continue
        if isinstance(inner, Text) and isinstance(value, dict):
            for lang in languages:
                if not str(value.get(lang) or "").strip():
                    problems.add(file, where, f"{dotted(full)} has no text for {language_names.get(lang, lang)} "
                                 f"({lang}).", f"add '{lang}: …' below '{key}:'.")
            for lang in value:
                if lang not in languages:
                    problems.add(file, (*where, lang), f"{dotted((*full, lang))}: '{lang}' is not a language "
                                 f"the site builds ({', '.join(languages)}).",
                                 "use one of those codes, or add the language to the i18n plugin's languages.")
        elif isinstance(inner, Nested):
            walk(inner.schema, value, file, where, full, problems, languages, language_names)
        elif isinstance(inner, ListOf):
            for index, item in enumerate(value):
                walk(inner.schema, item, file, (*where, index), (*full, index), problems, languages, language_names)
        elif isinstance(inner, PerLanguage):
            for lang, block in value.items():
                if lang not in languages:
                    problems.add(file, (*where, lang), f"{dotted((*full, lang))}: '{lang}' is not a language the "
                                 f"site builds ({', '.join(languages)}).", "use one of those codes.")
                walk(inner.schema, block or {}, file, (*where, lang), (*full, lang), problems, languages,
                     language_names)


def _short(value) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 50 else text[:47] + "…"


# --- The whole check -----------------------------------------------------------


def _i18n_position(raw: dict) -> tuple[int | None, dict]:
    for index, entry in enumerate(raw.get("plugins") or []):
        if isinstance(entry, dict) and "i18n" in entry:
            return index, entry["i18n"] or {}
    return None, {}


def check_config(config_file: Path, raw: dict, budgets_file: Path | None = None) -> list[str]:
    """Every problem of mkdocs.yml (`raw`, as MkDocs loaded it) and budgets.yml."""
    problems = Problems()
    name = config_file.name
    problems.lines[name] = line_map(config_file.read_text(encoding="utf-8"))
    index, i18n = _i18n_position(raw)
    blocks = [b for b in (i18n.get("languages") or []) if isinstance(b, dict)]
    languages = [str(b.get("locale")) for b in blocks if b.get("build", True)] or \
        [str(((raw.get("theme") or {}).get("language")) or "en")]
    names = {str(b.get("locale")): str(b.get("name") or b.get("locale")) for b in blocks}
    default = next((str(b.get("locale")) for b in blocks if b.get("default")), languages[0])

    walk(Extra, raw.get("extra") or {}, name, ("extra",), ("extra",), problems, languages, names)

    # The language blocks: every text in every language; the default language's texts
    # are the example in a message about another language.
    uis = {str(b.get("locale")): ((b.get("extra") or {}).get("ui") or {}) for b in blocks}
    for position, block in enumerate(i18n.get("languages") or []):
        if not isinstance(block, dict) or not block.get("build", True):
            continue
        lang = str(block.get("locale"))
        path = ("plugins", index, "i18n", "languages", position)
        shown = ("plugins", "i18n", "languages", f"lang={lang}")
        label = f"{names.get(lang, lang)} ({lang})"
        extra = block.get("extra") or {}
        ui = extra.get("ui")
        other = next((uis[code] for code in [default, *uis] if code != lang and uis.get(code)), {})
        before = len(problems.items)
        if not isinstance(ui, dict):
            problems.add(name, (*path, "extra", "ui"), f"{dotted((*shown, 'extra', 'ui'))} is missing for {label}.",
                         f"add 'extra:' and 'ui:' to the {lang} language block with every text "
                         f"(copy the {default} block's and translate them).", parent=path)
            continue
        walk(UI, ui, name, (*path, "extra", "ui"), (*shown, "extra", "ui"), problems, languages, names, other)
        if lang != default:
            for key in REQUIRED_IN_OTHER_LANGUAGES:
                if not ui.get(key):
                    problems.add(name, (*path, "extra", "ui", key), f"{dotted((*shown, 'extra', 'ui', key))} "
                                 "is missing.", f"add '{key}: …' below 'ui:' (the text above a page shown in "
                                 f"{names.get(default, default)} because it has no translation yet).",
                                 parent=(*path, "extra", "ui"))
            for key in LANGUAGE_KEYS_NOT_DEFAULT:
                if not block.get(key):
                    problems.add(name, (*path, key), f"{dotted((*shown, key))} is missing.",
                                 f"add '{key}: …' to the {lang} language block (in that language).", parent=path)
        # Say which language a message is about, where the path alone does not.
        problems.items[before:] = [item.replace(" is missing.", f" is missing for {label}.")
                                   .replace("below 'ui:'", f"below 'ui:' in the {lang} language block")
                                   for item in problems.items[before:]]

    if budgets_file is not None and budgets_file.is_file():
        text = budgets_file.read_text(encoding="utf-8")
        problems.lines[budgets_file.name] = line_map(text)
        try:
            budgets = yaml.safe_load(text) or {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            problems.items.append(f"{budgets_file.name}{f':{mark.line + 1}' if mark else ''}: not valid YAML. "
                                  "Fix: check the indentation and quotes.")
        else:
            walk(Budgets, budgets, budgets_file.name, (), (), problems, languages, names)
    return problems.items


def form_hosts(config) -> tuple[str, ...]:
    """The hosts an objection form may be on (extra.forms.hosts)."""
    forms = config.extra.get("forms") or {}
    return tuple(str(host) for host in forms.get("hosts") or ())
