"""The schema of everything an editor or adopter writes, checked once, before anything is built.

Two schemas, one walker:

- SITE: mkdocs.yml's data (`extra.*`, the top-level texts and the menu's
  titles, each language block of the i18n plugin with its `extra.ui` texts,
  `site_name`, `site_description`, `copyright` and `nav_translations`) and
  budgets.yml;
- PAGE and GUIDE: every page's front matter (a guide is a page under guides/
  other than the overview).

Every problem is reported at once, each with the file, the line, the key's
path, the language it is missing for and the fix; an unknown key gets a "did
you mean …" hint. A text given per language (`{de: …, en: …}`) must have every
built language.

Every text a template prints must be plain text: `<`, `>`, `"` and `&` are
refused after YAML has decoded the value (rules.markup_problem), and every
address must be a plain https address (rules.url_problem). Such problems, an
unknown front-matter key (Material acts on keys such as `template:` and
prints others such as `author:` unescaped) and a form address on another host
are security problems: they stop every build, the preview included. The rest
(a missing field, a description too long, a date written otherwise) fail the
strict build and leave a draft viewable.

Tests derive their cases from these schemas (tests/test_schema.py), so a
field added here is tested without anyone writing a test for it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, ClassVar

import yaml

from .rules import UNSAFE_URL_CHAR, as_date, date_fix, markup_problem, on_hosts, url_problem

# --- Option types --------------------------------------------------------------
# Frozen: a schema is a constant (tests/test_architecture.py: no state at module level).


@dataclass(frozen=True)
class Option:
    """One key's rule. `check` returns why a value is wrong (to follow the key's
    path in a message) and whether that is a security problem, or None."""

    optional: bool = False
    help: str = ""
    example: ClassVar[str] = "…"

    def check(self, value) -> tuple[str, bool] | None:
        return None


@dataclass(frozen=True)
class Str(Option):
    """A plain text: no markup, not empty; `length` (min, max) if given."""

    length: tuple[int, int] | None = None

    def check(self, value):
        if isinstance(value, bool) or not isinstance(value, (str, int, float)) or not str(value).strip():
            return "must be a text", False
        if problem := markup_problem(value):
            return problem, True
        if self.length and not self.length[0] <= len(str(value).strip()) <= self.length[1]:
            return (f"must be {self.length[0]} to {self.length[1]} characters long (it has "
                    f"{len(str(value).strip())})"), False
        return None


@dataclass(frozen=True)
class Text(Str):
    """A plain text, the same in every language, or one per language ({de: …, en: …})."""

    def check(self, value):
        if isinstance(value, dict):
            if not value:
                return "must be a text, or one text per language ('de: …' and 'en: …' below it)", False
            for text in value.values():
                if problem := super().check(text):
                    return problem
            return None
        return super().check(value)


@dataclass(frozen=True)
class Url(Option):
    example: ClassVar[str] = "https://…"

    def check(self, value):
        problem = url_problem(value)
        if not problem:
            return None
        # A quote, a control character or another scheme (javascript:, data:) could do harm
        # where the address is printed; a word such as TODO cannot (a draft stays viewable).
        text = str(value)
        harmful = bool(UNSAFE_URL_CHAR.search(text)) or ":" in text.split("/", 1)[0]
        return f"{value!r} {problem}", harmful


@dataclass(frozen=True)
class Date(Option):
    example: ClassVar[str] = "YYYY-MM-DD"

    def check(self, value):
        return None if as_date(value) else (f"{value!r} is not a date as YYYY-MM-DD; {date_fix(value)}", False)


@dataclass(frozen=True)
class Number(Option):
    example: ClassVar[str] = "a number"
    minimum: float = 0
    whole: bool = False

    def check(self, value):
        kinds = (int,) if self.whole else (int, float)
        if isinstance(value, bool) or not isinstance(value, kinds) or value < self.minimum:
            kind = "a whole number" if self.whole else "a number"
            return f"{value!r} must be {kind} of at least {self.minimum} (without quotes)", False
        return None


@dataclass(frozen=True)
class Bool(Option):
    example: ClassVar[str] = "true"

    def check(self, value):
        return None if isinstance(value, bool) else (f"{value!r} must be true or false (without quotes)", False)


@dataclass(frozen=True)
class Choice(Option):
    values: tuple = ()

    @property
    def example(self) -> str:  # type: ignore[override]
        return str(self.values[0])

    def check(self, value):
        if value in self.values:
            return None
        return f"{value!r} must be {' or '.join(repr(v) for v in self.values)}", False


@dataclass(frozen=True)
class Strs(Option):
    """A non-empty list of plain texts."""

    example: ClassVar[str] = "(a list of '- …' lines)"

    def check(self, value):
        if not isinstance(value, list) or not value:
            return "must be a list of texts, each on a line starting with '- '", False
        for number, item in enumerate(value, start=1):
            if problem := Str().check(item):
                return f"entry {number} {problem[0]}", problem[1]
        return None


@dataclass(frozen=True)
class Words(Option):
    """A mapping of short keys to plain texts (e.g. a language's name per language)."""

    example: ClassVar[str] = "(a block of 'key: text' lines)"

    def check(self, value):
        if not isinstance(value, dict) or not value:
            return "must be 'key: text' lines indented below it", False
        for key, text in value.items():
            for part in (key, text):
                if problem := Str().check(part):
                    return f"'{key}' {problem[0]}", problem[1]
        return None


@dataclass(frozen=True)
class Raw(Option):
    """Anything (read by a script that checks it itself)."""


@dataclass(frozen=True)
class Schema:
    name: str
    keys: MappingProxyType

    def __init__(self, name: str, keys: dict):
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "keys", MappingProxyType(dict(keys)))


@dataclass(frozen=True)
class Block(Option):
    example: ClassVar[str] = "(a block of 'key: value' lines)"
    schema: Schema | None = None


@dataclass(frozen=True)
class Blocks(Block):
    example: ClassVar[str] = "(a list of '- …' entries)"


@dataclass(frozen=True)
class PerLanguage(Block):
    """{language: block with its own schema}."""


# --- The schemas -----------------------------------------------------------------

PRESS = Schema("press", {"name": Str(), "phone": Str(), "email": Str()})
AUTHORITY = Schema("authority", {
    "name": Text(), "short": Text(), "head": Text(), "street": Text(), "postcode": Str(), "city": Text(),
    "country": Str(optional=True), "phone": Str(), "phone_intl": Str(optional=True), "fax": Str(optional=True),
    "email": Str(), "website": Url(), "press": Block(schema=PRESS, optional=True),
    "as_of": Text(optional=True, help="the day the head and the press contact were last confirmed"),
})
HOSTING = Schema("hosting", {
    "name": Text(), "company": Text(), "operator": Text(), "country": Text(), "privacy": Url(),
    "logs": Url(optional=True),
})
DEADLINE = Schema("deadline", {
    "last_day": Date(help="the last day an objection had full effect"), "rule": Text(), "meaning": Text(),
})
SEARCH_WORDS = Schema("search_words", {"splitter": Choice(values=("german-nouns", "compound-split"), optional=True),
                                       "synonyms": Str(optional=True)})
FORMS = Schema("forms", {"hosts": Strs(help="the hosts an objection form may be on"), "operator": Text()})
EXTRA = Schema("extra", {
    "generator": Bool(optional=True),
    "authority": Block(schema=AUTHORITY),
    "forms": Block(schema=FORMS),
    "review_after_days": Number(minimum=1, whole=True),
    "timeline_as_of": Date(optional=True, help="the day an editor last looked for new events"),
    "deadlines": Blocks(schema=DEADLINE),
    "timeline_summaries": Strs(optional=True),
    "search_words": PerLanguage(schema=SEARCH_WORDS, optional=True),
    "hosting": Block(schema=HOSTING),
})

# The texts templates and features write, in every language block's `extra.ui`.
UI_TEXTS = tuple((
    "form_button form_login form_host form_heading form_checked form_checked_reports menu_button "
    "search_button last_checked last_checked_reports sources checked_note contact imprint privacy "
    "accessibility legal_nav deadline_open deadline_ahead deadline_ahead_one deadline_today deadline_past "
    "deadline_still announce_past announce_link now_heading now_as_of now_next now_newest now_timeline "
    "stale_heading stale_checked stale_checked_reports stale_intro stale_form stale_form_link stale_search "
    "stale_contact source timeline_as_of feed share_image_alt easy_read not_found_title not_found_text "
    "not_found_home not_found_search title_suffix"
).split())
UI = Schema("ui", {
    "locale": Str(help="a Babel/Intl locale such as de_DE"),
    **{key: Str() for key in UI_TEXTS},
    "now_points": Strs(),
    "in_language": Words(),
    # Required in every language but the default one (pages fall back to it).
    "untranslated": Str(optional=True),
})
REQUIRED_IN_OTHER_LANGUAGES = ("untranslated",)
LANGUAGE_TEXTS = ("site_name", "site_description")  # required in every language block but the default one

PAGE = Schema("page", {
    "description": Str(length=(30, 170), help="one sentence for search engines and link previews"),
    "title": Str(optional=True, help="the page's title in the browser tab, if not its '# heading'"),
    "faq": Bool(optional=True, help="true: the '###' headings are questions, answered below them"),
    "translations": Choice(values=("none",), optional=True, help="'none': the page exists in its own language only"),
})
SOURCE = Schema("source", {"title": Str(), "url": Url()})
GUIDE = Schema("guide", {
    **PAGE.keys,
    "service": Str(help="a short lower-case name such as facebook"),
    "title": Str(help="the service's name as shown in the chooser"),
    "summary": Str(help="one line for the chooser on the home page"),
    "order": Number(whole=True, help="the position in the chooser"),
    "form_url": Url(help="the https address of the objection form"),
    "last_checked": Date(help="the day the form and the steps were last checked"),
    "checked_from": Choice(values=("reports",), optional=True,
                           help="'reports': the facts come only from others' reports, not an own check"),
    "sources": Blocks(schema=SOURCE, help="each with title: and url:"),
    "login_required": Bool(optional=True),
    "login_service": Str(optional=True),
})


def is_guide(src_uri: str) -> bool:
    return src_uri.startswith("guides/") and not src_uri.split("/")[-1].startswith("index.")


# --- Lines and problems ----------------------------------------------------------


def line_map(text: str, offset: int = 0) -> dict[tuple, int]:
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
                lines[here] = key.start_mark.line + 1 + offset
                walk(value, here)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                lines[(*path, index)] = item.start_mark.line + 1 + offset
                walk(item, (*path, index))

    if root is not None:
        walk(root, ())
    return lines


@dataclass
class Problem:
    where: str
    message: str
    fix: str
    security: bool = False

    def __str__(self) -> str:
        return f"{self.where}: {self.message} Fix: {self.fix}"


@dataclass
class Problems:
    """Every problem found; `lines` maps key paths to lines for the file being checked."""
    file: str
    lines: dict[tuple, int] = field(default_factory=dict)
    items: list[Problem] = field(default_factory=list)

    def line(self, path: tuple) -> int | None:
        probe = path
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return None

    def add(self, path: tuple, message: str, fix: str, security: bool = False) -> None:
        line = self.line(path)
        self.items.append(Problem(f"{self.file}:{line}" if line else self.file, message, fix, security))


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


def _short(value) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 50 else text[:47] + "…"


@dataclass
class Context:
    languages: list[str]
    names: dict[str, str]
    label: str = ""          # "English (en)" inside a language block
    lang: str = ""           # "en" inside a language block
    example: dict | None = None  # another language's block, for "as in another language: …"


def walk(schema: Schema, data: Any, path: tuple, shown: tuple, problems: Problems, ctx: Context,
         unknown_is_security: bool = False) -> None:
    """Check `data` at `path` (its key path in the file) against `schema`; `shown` is
    the path as printed (a language block by its code)."""
    name = dotted(shown) or "the front matter"
    if not isinstance(data, dict):
        problems.add(path, f"{name} must be 'key: value' lines.",
                     f"indent its keys below '{shown[-1] if shown else 'it'}:'.")
        return
    for key in data:
        if key not in schema.keys:
            close = difflib.get_close_matches(str(key), schema.keys, n=1, cutoff=0.6)
            fix = (f"did you mean '{close[0]}'? Rename it, or remove it." if close else
                   f"remove it; the keys here are: {', '.join(schema.keys)}.")
            problems.add((*path, key), f"{dotted((*shown, key))}: unknown key '{key}'.", fix,
                         security=unknown_is_security)
    for key, option in schema.keys.items():
        where, full = (*path, key), (*shown, key)
        value = data.get(key)
        if value is None or value == "" or value == []:
            if option.optional:
                continue
            sample = (ctx.example or {}).get(key)
            below = (f"to entry {shown[-1] + 1} of '{shown[-2]}:'" if shown and isinstance(shown[-1], int)
                     else f"below '{shown[-1]}:'" if shown else "to the front matter")
            hint = (f" (as in another language: '{key}: {_short(sample)}')" if sample is not None
                    else f" ({option.help})" if option.help else f" ('{key}: {option.example}')")
            for_whom = f" for {ctx.label}" if ctx.label else ""
            if ctx.lang:
                below += f" in the {ctx.lang} language block"
            problems.add(where, f"{dotted(full)} is missing{for_whom}.", f"add '{key}:' {below}{hint}.")
            continue
        if isinstance(option, Block):
            _walk_block(option, value, where, full, problems, ctx, unknown_is_security)
            continue
        if (found := option.check(value)) is not None:
            message, security = found
            problems.add(where, f"{dotted(full)} {message}.", f"correct the value of '{key}:'.", security)
            continue
        if isinstance(option, Text) and isinstance(value, dict):
            for lang in ctx.languages:
                if not str(value.get(lang) or "").strip():
                    problems.add(where, f"{dotted(full)} has no text for {ctx.names.get(lang, lang)} ({lang}).",
                                 f"add '{lang}: …' below '{key}:'.")
            for lang in value:
                if lang not in ctx.languages:
                    problems.add((*where, lang), f"{dotted((*full, lang))}: '{lang}' is not a language the site "
                                 f"builds ({', '.join(ctx.languages)}).",
                                 "use one of those codes, or add the language to the i18n plugin's languages.")


def _walk_block(option: Block, value, where, full, problems, ctx, unknown_is_security) -> None:
    if isinstance(option, Blocks):
        if not isinstance(value, list) or not value:
            problems.add(where, f"{dotted(full)} must be a list of entries, each starting with '- '.",
                         f"write each entry below '{full[-1]}:' as '- …' lines.")
            return
        for index, item in enumerate(value):
            walk(option.schema, item, (*where, index), (*full, index), problems, ctx, unknown_is_security)
    elif isinstance(option, PerLanguage):
        if not isinstance(value, dict):
            problems.add(where, f"{dotted(full)} must be one block per language.", "write 'de:' and 'en:' below it.")
            return
        for lang, block in value.items():
            if lang not in ctx.languages:
                problems.add((*where, lang), f"{dotted((*full, lang))}: '{lang}' is not a language the site "
                             f"builds ({', '.join(ctx.languages)}).", "use one of those codes.")
            walk(option.schema, block or {}, (*where, lang), (*full, lang), problems, ctx, unknown_is_security)
    else:
        walk(option.schema, value, where, full, problems, ctx, unknown_is_security)


# --- mkdocs.yml and budgets.yml ----------------------------------------------------

BUDGETS = Schema("budgets", {"page_weight": Block(schema=Schema("page_weight", {"max_kb": Number(minimum=1)})),
                             "lighthouse": Raw(optional=True)})


def _i18n(raw: dict) -> tuple[int | None, dict]:
    for index, entry in enumerate(raw.get("plugins") or []):
        if isinstance(entry, dict) and "i18n" in entry:
            return index, entry["i18n"] or {}
    return None, {}


def site_languages(raw: dict) -> tuple[list[str], dict[str, str], str]:
    """(languages built, their names, the default language) of mkdocs.yml's data."""
    _, i18n = _i18n(raw)
    blocks = [b for b in (i18n.get("languages") or []) if isinstance(b, dict)]
    languages = [str(b.get("locale")) for b in blocks if b.get("build", True)] or \
        [str(((raw.get("theme") or {}).get("language")) or "en")]
    names = {str(b.get("locale")): str(b.get("name") or b.get("locale")) for b in blocks}
    default = next((str(b.get("locale")) for b in blocks if b.get("default")), languages[0])
    return languages, names, default


def _nav_titles(nav, path: tuple):
    """(key path, title) of every titled entry of a nav list."""
    for index, item in enumerate(nav or []):
        if isinstance(item, dict):
            for title, value in item.items():
                yield (*path, index, title), title
                if isinstance(value, list):
                    yield from _nav_titles(value, (*path, index, title))


def _plain_texts(problems: Problems, items, what: str, shown: tuple = ()) -> None:
    """`shown`: how messages print the part of the path before each item's last key
    (a language block by its code); the item's own path by default."""
    for path, value in items:
        if value is not None and (problem := markup_problem(value)):
            name = dotted((*shown, *path[-1 - (path[-2] == "nav_translations"):]) if shown else path)
            problems.add(path, f"{name} ({what}) {problem}.", "correct the text.", security=True)


def check_site(config_text: str, raw: dict, file: str = "mkdocs.yml") -> list[Problem]:
    """Every problem of mkdocs.yml (`raw`: its data as MkDocs loaded it, tags resolved)."""
    problems = Problems(file, line_map(config_text))
    languages, names, default = site_languages(raw)
    ctx = Context(languages, names)
    walk(EXTRA, raw.get("extra") or {}, ("extra",), ("extra",), problems, ctx)
    _plain_texts(problems, [((key,), raw.get(key)) for key in ("site_name", "site_description", "copyright",
                                                               "repo_name", "site_author")], "shown on every page")
    _plain_texts(problems, _nav_titles(raw.get("nav"), ("nav",)), "a menu title")

    index, i18n = _i18n(raw)
    uis = {str(b.get("locale")): ((b.get("extra") or {}).get("ui") or {})
           for b in (i18n.get("languages") or []) if isinstance(b, dict)}
    for position, block in enumerate(i18n.get("languages") or []):
        if not isinstance(block, dict) or not block.get("build", True):
            continue
        lang = str(block.get("locale"))
        path = ("plugins", index, "i18n", "languages", position)
        shown = ("plugins", "i18n", "languages", f"lang={lang}")
        label = f"{names.get(lang, lang)} ({lang})"
        other = next((uis[code] for code in [default, *uis] if code != lang and uis.get(code)), {})
        here = Context(languages, names, label=label, example=other, lang=lang)
        ui = (block.get("extra") or {}).get("ui")
        if not isinstance(ui, dict):
            problems.add((*path, "extra", "ui"), f"{dotted((*shown, 'extra', 'ui'))} is missing for {label}.",
                         f"add 'extra:' and 'ui:' to the {lang} language block with every text "
                         f"(copy the {default} block's and translate them).")
            continue
        walk(UI, ui, (*path, "extra", "ui"), (*shown, "extra", "ui"), problems, here)
        _plain_texts(problems, [((*path, key), block.get(key)) for key in (*LANGUAGE_TEXTS, "copyright", "name")],
                     f"the {lang} block's text", shown)
        _plain_texts(problems, [((*path, "nav_translations", key), text) for key, text in
                                (block.get("nav_translations") or {}).items()], "a menu title", shown)
        if lang != default:
            for key in REQUIRED_IN_OTHER_LANGUAGES:
                if not ui.get(key):
                    problems.add((*path, "extra", "ui", key), f"{dotted((*shown, 'extra', 'ui', key))} is missing "
                                 f"for {label}.", f"add '{key}: …' below 'ui:' in the {lang} language block (the "
                                 f"text above a page shown in {names.get(default, default)} because it has no "
                                 "translation yet).")
            for key in LANGUAGE_TEXTS:
                if not block.get(key):
                    problems.add((*path, key), f"{dotted((*shown, key))} is missing for {label}.",
                                 f"add '{key}: …' to the {lang} language block (in that language).")
    return problems.items


def check_budgets(text: str, file: str = "budgets.yml") -> list[Problem]:
    problems = Problems(file, line_map(text))
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        return [Problem(f"{file}{f':{mark.line + 1}' if mark else ''}", "not valid YAML.",
                        "check the indentation and quotes.")]
    walk(BUDGETS, data, (), (), problems, Context([], {}))
    return problems.items


# --- Front matter ---------------------------------------------------------------------


def check_front_matter(src_uri: str, block: str | None, meta: dict, body: str, hosts=(), operator=None,
                       body_start: int = 1) -> list[Problem]:
    """Every front-matter problem of one page. `block` is the YAML between the page's
    `---` lines as MkDocs found it (None: none), `meta` what MkDocs read from it,
    `body` the Markdown after it, which starts on line `body_start`."""
    file = f"docs/{src_uri}"
    if block is None:
        if meta:  # MkDocs also reads "key: value" lines at the top without '---' (MultiMarkdown)
            return [Problem(f"{file}:1", "the page starts with 'key: value' lines that are not between "
                            "'---' lines.", "put the front matter between two '---' lines.")]
        return [Problem(f"{file}:1", "the page has no front matter.",
                        "start the file with a '---' line, a 'description: …' line and another '---' line.")]
    if not meta:
        try:
            loaded = yaml.safe_load(block)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            reason = getattr(error, "problem", None) or str(error)
            return [Problem(f"{file}:{mark.line + 2}" if mark else file, f"the front matter is not valid YAML "
                            f"({reason}).", "check quotes and colons (a value containing ': ' needs quotes) "
                            "and the indentation.")]
        if not isinstance(loaded, dict):
            return [Problem(f"{file}:2", "the front matter must be 'name: value' lines.",
                            "write one 'name: value' per line.")]
    problems = Problems(file, line_map(block, offset=1))
    guide = is_guide(src_uri)
    walk(GUIDE if guide else PAGE, meta, (), (), problems, Context([], {}), unknown_is_security=True)
    if guide:
        form_url = meta.get("form_url")
        if form_url and url_problem(form_url) is None and not on_hosts(form_url, hosts):
            owner = f"{operator}'s hosts" if operator else "the hosts"
            problems.add(("form_url",), f"form_url {form_url!r} is not on one of {owner} "
                         f"({', '.join(hosts) or 'none listed'}).",
                         "copy the form's address from the browser, or add its host to mkdocs.yml "
                         "extra.forms.hosts if the operator really uses it.", security=True)
        if not has_title(body):
            problems.items.append(Problem(f"{file}:{body_start}", "the guide has no title.",
                                          "start its text with a line '# …' (e.g. '# Facebook: how to object'); "
                                          "the form button goes right after it."))
    return problems.items


def has_title(body: str) -> bool:
    """True when the Markdown `body` has a `# title` line outside fenced code."""
    in_fence = False
    for line in body.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        elif not in_fence and line.startswith("#") and line[1:2] in (" ", "\t") and line[2:].strip():
            return True
    return False
