"""The schemas of everything an editor or adopter writes (hooks/sitegen/core/schema.py),
in-process: mkdocs.yml's data (SITE: `extra`, every language block's `extra.ui`, the
texts every page shows), budgets.yml, and every page's front matter (PAGE, GUIDE).

The cases are GENERATED from the schemas (`schema.EXTRA`, `schema.UI`, `schema.PAGE`,
`schema.GUIDE` and their sub-schemas), so a field added to a schema later is tested
without anyone writing a test for it:

- every text field refuses `<`, `>`, `"` and `&`, typed or written as a YAML escape
  ("\\u003c"), as a security problem with the file, the line and the fix;
- every address field refuses `javascript:`, quotes, spaces and control characters;
- every field refuses a value of the wrong kind (a German date gets its ISO form);
- every required field, removed, is named with the line of its block and the fix.

Every case breaks many fields of one file at once: the schema promises to report every
problem in one run, and one run per case keeps this file fast. Only two cases build: a
problem stops the build before anything is written, with no traceback.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass

import pytest
import yaml
from mkdocs.utils import yaml_load
from mkdocs.utils.meta import YAML_RE, get_data

from conftest import ROOT, build

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen.core import schema  # noqa: E402
from sitegen.core.rules import MARKUP_NAMES  # noqa: E402

CONFIG_TEXT = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
RAW = yaml_load(CONFIG_TEXT)
LINES = schema.line_map(CONFIG_TEXT)
LANGUAGES, NAMES, DEFAULT = schema.site_languages(RAW)
I18N = next(i for i, entry in enumerate(RAW["plugins"]) if isinstance(entry, dict) and "i18n" in entry)
BLOCKS = RAW["plugins"][I18N]["i18n"]["languages"]
POSITION = {block["locale"]: index for index, block in enumerate(BLOCKS) if block.get("build", True)}
OTHER = [lang for lang in LANGUAGES if lang != DEFAULT]
HOSTS = tuple(RAW["extra"]["forms"]["hosts"])
OPERATOR = RAW["extra"]["forms"]["operator"]
CHARS = tuple(MARKUP_NAMES)  # < > " &


class _Loader(yaml.CSafeLoader):
    """mkdocs.yml as MkDocs reads it, in a few milliseconds (libyaml): !ENV takes its
    default, Python tags (the slugify function) are not needed by the schema."""


_Loader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1]
                        if isinstance(node, yaml.SequenceNode) else None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def load(text: str) -> dict:
    return yaml.load(text, Loader=_Loader)


def test_the_fast_loader_reads_what_mkdocs_reads():
    fast = load(CONFIG_TEXT)
    for key in ("extra", "nav", "site_name", "site_description", "copyright"):
        assert fast[key] == RAW[key], key
    assert fast["plugins"][I18N] == RAW["plugins"][I18N]


def check_site(text: str) -> list[schema.Problem]:
    return schema.check_site(text, load(text))


def ui_path(lang: str) -> tuple:
    return ("plugins", I18N, "i18n", "languages", POSITION[lang], "extra", "ui")


def ui_shown(lang: str) -> tuple:
    return ("plugins", "i18n", "languages", f"lang={lang}", "extra", "ui")


# --- Editing mkdocs.yml as an editor would -------------------------------------------


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip())


def block_end(lines: list[str], start: int) -> int:
    """The index after the entry starting at `start` and the lines indented below it."""
    inner = indent_of(lines[start]) + (2 if lines[start].lstrip().startswith("- ") else 0)
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or indent_of(lines[end]) > inner):
        end += 1
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1  # keep the blank lines before the next entry
    return end


@dataclass
class Edit:
    """Replace (or insert, when `insert_after` is set) one key or list item with `yaml`."""
    path: tuple
    yaml: str | None          # None: remove the entry
    insert_after: int | None = None
    indent: int = 0


def apply(text: str, edits: list[Edit], lines_map: dict | None = None) -> tuple[str, dict[tuple, int]]:
    """`text` with every edit made, and the line each edited entry is on afterwards
    (counted here, not with the schema's line_map)."""
    lines_map = lines_map if lines_map is not None else schema.line_map(text)
    lines = text.splitlines(keepends=True)
    placed = []  # (original start index, lines added by the edit, path)
    for edit in sorted(edits, key=lambda e: -(e.insert_after if e.insert_after is not None
                                               else lines_map[e.path] - 1)):
        if edit.insert_after is not None:
            new = [" " * edit.indent + f"{edit.path[-1]}: {edit.yaml}\n"]
            at = edit.insert_after + 1
            lines[at:at] = new
            placed.append((at - 0.5, 1, edit.path))  # before an entry that starts at `at`
            continue
        start = lines_map[edit.path] - 1
        end = block_end(lines, start)
        first = lines[start]
        indent, dash = indent_of(first), first.lstrip().startswith("- ")
        key = edit.path[-1]
        if edit.yaml is None:
            new = [" " * indent + "-\n"] if dash and not isinstance(key, int) else []
        elif isinstance(key, int):
            new = [" " * indent + f"- {edit.yaml}\n"]
        elif dash:
            new = [" " * indent + f"- {key}: {edit.yaml}\n"]
        else:
            new = [" " * indent + f"{key}: {edit.yaml}\n"]
        lines[start:end] = new
        placed.append((start, len(new) - (end - start), edit.path))
    final = {}
    for start, _, path in placed:
        shift = sum(added for other, added, _ in placed if other < start)
        final[path] = round(start + 0.5 if start % 1 else start) + shift + 1
    return "".join(lines), final


# --- The fields of the site's data, from the schemas ---------------------------------


@dataclass
class Field:
    path: tuple           # key path in mkdocs.yml
    shown: tuple          # as messages print it
    option: schema.Option
    value: object         # None: not in mkdocs.yml (an optional key left out)
    parent_line: int

    @property
    def name(self) -> str:
        return schema.dotted(self.shown)

    def __repr__(self) -> str:
        return self.name


def fields(schema_: schema.Schema, data: dict, path: tuple, shown: tuple):
    """Every leaf field of `schema_` over `data` (each list entry, each language)."""
    for key, option in schema_.keys.items():
        value = data.get(key) if isinstance(data, dict) else None
        here, full = (*path, key), (*shown, key)
        if isinstance(option, schema.Blocks):
            for index, item in enumerate(value or []):
                yield from fields(option.schema, item, (*here, index), (*full, index))
        elif isinstance(option, schema.PerLanguage):
            for lang, block in (value or {}).items():
                yield from fields(option.schema, block or {}, (*here, lang), (*full, lang))
        elif isinstance(option, schema.Block):
            if value is not None:
                yield from fields(option.schema, value, here, full)
        elif not isinstance(option, schema.Raw):
            yield Field(here, full, option, value, LINES.get(path, 0))


def site_fields() -> list[Field]:
    found = list(fields(schema.EXTRA, RAW["extra"], ("extra",), ("extra",)))
    for lang in LANGUAGES:
        ui = BLOCKS[POSITION[lang]]["extra"]["ui"]
        found += fields(schema.UI, ui, ui_path(lang), ui_shown(lang))
    return found


SITE_FIELDS = site_fields()


def edit_for(field: Field, yaml_text: str, into_language: bool = True) -> Edit:
    """Set `field` to `yaml_text`; a per-language text gets it in its last language."""
    if field.value is None:
        siblings = [line for path, line in LINES.items() if path[:-1] == field.path[:-1]]
        child_indent = indent_of(CONFIG_TEXT.splitlines()[min(siblings) - 1]) if siblings else 2
        dash = CONFIG_TEXT.splitlines()[field.parent_line - 1].lstrip().startswith("- ")
        return Edit(field.path, yaml_text, insert_after=field.parent_line - 1,
                    indent=child_indent if not dash else indent_of(CONFIG_TEXT.splitlines()[field.parent_line - 1]) + 2)
    if into_language and isinstance(field.value, dict) and isinstance(field.option, schema.Text):
        return Edit((*field.path, list(field.value)[-1]), yaml_text)
    return Edit(field.path, yaml_text)


def scalar(text: str, escaped_char: str | None = None) -> str:
    """`text` as a double-quoted YAML scalar; `escaped_char` written as \\uXXXX."""
    body = text.replace("\\", "\\\\").replace('"', '\\"')
    if escaped_char:
        body = text.replace(escaped_char, f"\\u{ord(escaped_char):04x}")
    return f'"{body}"'


def markup_value(option: schema.Option, char: str, escaped: bool) -> str:
    text = f"Ein Text {char} mit Zeichen"
    if getattr(option, "length", None):
        text = (text + " und noch mehr Worte, damit er lang genug ist")[:option.length[1]]
    value = scalar(text, char if escaped else None)
    if isinstance(option, schema.Strs):
        return f"[{value}]"
    if isinstance(option, schema.Words):
        return f"{{de: {value}}}"
    return value


def is_text(option) -> bool:
    return isinstance(option, (schema.Str, schema.Strs, schema.Words))


def problem_of(problems: list[schema.Problem], name: str) -> list[schema.Problem]:
    """The problems about the field printed as `name`."""
    return [p for p in problems if p.message.startswith(f"{name} ") or p.message.startswith(f"{name}:")]


def test_the_schemas_have_fields_of_every_kind():
    """The generated cases below cover every option type the site's data uses."""
    kinds = {type(field.option).__name__ for field in SITE_FIELDS}
    assert {"Str", "Text", "Url", "Date", "Number", "Bool", "Choice", "Strs", "Words"} <= kinds, kinds
    assert len([f for f in SITE_FIELDS if is_text(f.option)]) > 100


def test_the_project_passes():
    assert schema.check_site(CONFIG_TEXT, RAW) == []
    assert schema.check_budgets((ROOT / "budgets.yml").read_text(encoding="utf-8")) == []
    for path in sorted((ROOT / "docs").rglob("*.md")):
        src = path.relative_to(ROOT / "docs").as_posix()
        if not src.startswith("search/"):
            assert front_matter_problems(src, path.read_text(encoding="utf-8")) == [], src


# --- SITE: markup in a text ----------------------------------------------------------


@dataclass
class Text:
    """A text outside the schema's blocks that every page shows (site_name, menu titles…)."""
    path: tuple
    name: str
    value: str


def plain_texts() -> list[Text]:
    found = [Text((key,), key, RAW[key]) for key in ("site_name", "site_description", "copyright", "repo_name")
             if RAW.get(key)]
    for lang in LANGUAGES:
        block, base = BLOCKS[POSITION[lang]], ("plugins", I18N, "i18n", "languages", POSITION[lang])
        shown = f"plugins.i18n.languages[{lang}]"
        found += [Text((*base, key), f"{shown}.{key}", block[key])
                  for key in (*schema.LANGUAGE_TEXTS, "copyright", "name") if block.get(key)]
        found += [Text((*base, "nav_translations", key), f"{shown}.nav_translations.{key}", value)
                  for key, value in (block.get("nav_translations") or {}).items()]
    return found


PLAIN_TEXTS = plain_texts()


@pytest.mark.parametrize("escaped", [False, True], ids=["typed", "yaml-escape"])
@pytest.mark.parametrize("char", CHARS)
def test_every_text_of_the_site_refuses_markup(char, escaped):
    targets = [field for field in SITE_FIELDS if is_text(field.option)]
    edits = [edit_for(field, markup_value(field.option, char, escaped)) for field in targets]
    edits += [Edit(text.path, scalar(f"{text.value} {char} x", char if escaped else None)) for text in PLAIN_TEXTS]
    text, placed = apply(CONFIG_TEXT, edits, LINES)
    problems = check_site(text)
    wrong = []
    for field, edit in zip(targets, edits):
        # A per-language text is reported at its key, the lines above its language's.
        line = placed[edit.path] - (LINES[edit.path] - LINES[field.path] if edit.insert_after is None else 0)
        wrong += expect_security(problems, field.name, line, MARKUP_NAMES[char], "correct the value")
    for item in PLAIN_TEXTS:
        wrong += expect_security(problems, item.name, placed[item.path], MARKUP_NAMES[char], "correct the text")
    assert not wrong, "\n".join(wrong)
    assert len(problems) == len(targets) + len(PLAIN_TEXTS), "\n".join(map(str, problems))


def expect_security(problems, name: str, line: int, *fragments: str) -> list[str]:
    mine = problem_of(problems, name)
    if len(mine) != 1:
        return [f"{name}: expected one problem, got {[str(p) for p in mine]}"]
    found = mine[0]
    wrong = []
    if found.where != f"mkdocs.yml:{line}":
        wrong.append(f"{name}: reported at {found.where}, expected mkdocs.yml:{line}")
    if not found.security:
        wrong.append(f"{name}: not a security problem: {found}")
    for fragment in fragments:
        if fragment not in str(found):
            wrong.append(f"{name}: {fragment!r} not in {found}")
    if "Traceback" in str(found) or not found.fix:
        wrong.append(f"{name}: no fix: {found}")
    return wrong


def test_a_menu_title_with_markup_is_refused():
    title = next(iter(RAW["nav"][0]))
    line = LINES[("nav", 0, title)]
    text = CONFIG_TEXT.replace(f"  - {title}:", f"  - {json.dumps(title + ' <b>')}:", 1)
    problems = check_site(text)
    assert len(problems) == 1 and problems[0].security, problems
    assert problems[0].where == f"mkdocs.yml:{line}" and "(a menu title)" in problems[0].message
    assert "'<'" in problems[0].message


# --- SITE: addresses ------------------------------------------------------------------

BAD_URLS = {
    "javascript": ('"javascript:alert(1)"', "is not a plain https: address"),
    "plain http": ('"http://example.org/"', "is not a plain https: address"),
    "data": ('"data:text/html,x"', "is not a plain https: address"),
    "quote": ('"https://example.org/a\\" onclick=\\"x"', "contains '\"'"),
    "single quote": ("\"https://example.org/a' onclick='x\"", "contains \"'\""),
    "space": ('"https://example.org/a b"', "contains U+0020"),
    "tab": ('"https://example.org/a\\tb"', "contains U+0009"),
    "control character": ('"https://example.org/a\\x07"', "contains U+0007"),
    "next line (U+0085)": ('"https://example.org/a\\x85"', "contains U+0085"),
    "angle bracket": ('"https://example.org/<script>"', "contains '<'"),
    "backslash": ('"https://example.org\\\\@evil.example"', "contains '\\\\'"),
    "no host": ('"https:///path"', "is not a plain https: address"),
}


@pytest.mark.parametrize("case", BAD_URLS)
def test_every_address_of_the_site_refuses_unsafe_values(case):
    value, fragment = BAD_URLS[case]
    targets = [field for field in SITE_FIELDS if isinstance(field.option, schema.Url)]
    assert targets, "the schema has no address fields any more"
    edits = [edit_for(field, value) for field in targets]
    text, placed = apply(CONFIG_TEXT, edits, LINES)
    problems = check_site(text)
    wrong = []
    for field in targets:
        wrong += expect_security(problems, field.name, placed[field.path], fragment, "correct the value")
    assert not wrong, "\n".join(wrong)


def test_site_url_and_repo_url_are_checked_before_anything_is_built(tmp_path):
    """The addresses MkDocs itself reads (site_url, repo_url) come from the environment
    here; an unsafe one stops the build with both named at once and no traceback."""
    result = build(ROOT, tmp_path / "site", SITE_URL='https://example.org/a" onclick="x/',
                   REPO_URL="https://github.com/x/y z")
    assert result.returncode != 0
    assert "ERROR   -  mkdocs.yml: site_url 'https://example.org/a\" onclick=\"x/' contains" in result.stderr, \
        result.stderr
    assert "ERROR   -  mkdocs.yml: repo_url 'https://github.com/x/y z' contains U+0020" in result.stderr
    assert "write a plain https:// address" in result.stderr and "nothing was built" in result.stderr
    assert "Traceback" not in result.stderr and not (tmp_path / "site" / "index.html").exists()


# --- SITE: a value of the wrong kind ----------------------------------------------------

WRONG_KIND = {  # option type -> (YAML value, part of the message)
    "Str": ("[a, b]", "must be a text"),
    "Text": ("[a, b]", "must be a text"),
    "Strs": ('"just one text"', "must be a list of texts"),
    "Words": ('"just one text"', "must be 'key: text' lines"),
    "Date": ("03.12.2026", "'03.12.2026' is not a date as YYYY-MM-DD; write it as 2026-12-03 (YYYY-MM-DD)"),
    "Number": ("lots", "'lots' must be a"),
    "Bool": ("ja", "'ja' must be true or false"),
    "Choice": ("maybe", "'maybe' must be"),
    "Url": ("http://example.org", "is not a plain https: address"),
}


def test_every_field_of_the_site_refuses_a_value_of_the_wrong_kind():
    edits, expected = [], []
    for field in SITE_FIELDS:
        value, fragment = WRONG_KIND[type(field.option).__name__]
        edits.append(edit_for(field, value, into_language=False))
        expected.append((field, fragment))
    text, placed = apply(CONFIG_TEXT, edits, LINES)
    problems = check_site(text)
    wrong = []
    for (field, fragment), edit in zip(expected, edits):
        mine = problem_of(problems, field.name)
        if len(mine) != 1 or fragment not in mine[0].message or mine[0].where != f"mkdocs.yml:{placed[edit.path]}":
            wrong.append(f"{field.name} ({type(field.option).__name__}): expected {fragment!r} at line "
                         f"{placed[edit.path]}, got {[str(p) for p in mine]}")
        elif mine[0].security is not isinstance(field.option, schema.Url):
            wrong.append(f"{field.name}: security={mine[0].security}")
    assert not wrong, "\n".join(wrong)


def test_a_whole_number_refuses_a_fraction():
    line = LINES[("extra", "review_after_days")]
    text, _ = apply(CONFIG_TEXT, [Edit(("extra", "review_after_days"), "half a year")], LINES)
    assert [str(p) for p in check_site(text)] == [
        f"mkdocs.yml:{line}: extra.review_after_days 'half a year' must be a whole number of at least 1 "
        "(without quotes). Fix: correct the value of 'review_after_days:'."]
    text, _ = apply(CONFIG_TEXT, [Edit(("extra", "review_after_days"), "1.5")], LINES)
    assert "must be a whole number" in str(check_site(text))


@pytest.mark.parametrize("path", [f.path for f in SITE_FIELDS if isinstance(f.option, schema.Date)],
                         ids=lambda path: schema.dotted(path))
def test_a_german_date_gets_its_iso_form(path):
    """A date written as editors write it in letters gets the form to write instead."""
    text, placed = apply(CONFIG_TEXT, [Edit(path, "03.12.2026")], LINES)
    (problem,) = check_site(text)
    assert problem.where == f"mkdocs.yml:{placed[path]}" and not problem.security
    assert "write it as 2026-12-03 (YYYY-MM-DD)" in str(problem)
    text, _ = apply(CONFIG_TEXT, [Edit(path, "31.02.2026")], LINES)  # no such day: the general form
    assert "write it as YYYY-MM-DD, e.g." in str(check_site(text))


# --- SITE: missing fields -----------------------------------------------------------------


def required_cases() -> list[tuple[tuple, str, str | None]]:
    """(key path in mkdocs.yml, path as messages print it, language or None) of every
    required key the site's data has, from the schemas."""
    found = []

    def walk(schema_: schema.Schema, data, path, shown, lang):
        for key, option in schema_.keys.items():
            if key not in (data or {}):
                continue
            if not option.optional:
                found.append(((*path, key), schema.dotted((*shown, key)), lang))
            value = data[key]
            if isinstance(option, schema.Blocks):
                index = len(value) - 1  # the last entry: its first key shares the line with '- '
                walk(option.schema, value[index], (*path, key, index), (*shown, key, index), lang)
            elif isinstance(option, schema.PerLanguage):
                for code, block in value.items():
                    walk(option.schema, block, (*path, key, code), (*shown, key, code), lang)
            elif isinstance(option, schema.Block):
                walk(option.schema, value, (*path, key), (*shown, key), lang)

    walk(schema.EXTRA, RAW["extra"], ("extra",), ("extra",), None)
    for lang in LANGUAGES:
        walk(schema.UI, BLOCKS[POSITION[lang]]["extra"]["ui"], ui_path(lang), ui_shown(lang), lang)
    for lang in OTHER:
        base, shown = ("plugins", I18N, "i18n", "languages", POSITION[lang]), f"plugins.i18n.languages[{lang}]"
        found += [((*ui_path(lang), key), f"{shown}.extra.ui.{key}", lang) for key in schema.REQUIRED_IN_OTHER_LANGUAGES]
        found += [((*base, key), f"{shown}.{key}", lang) for key in schema.LANGUAGE_TEXTS]
    return found


REQUIRED = required_cases()


@pytest.mark.parametrize("path, shown, lang", REQUIRED, ids=[shown for _, shown, _ in REQUIRED])
def test_each_required_key_removed_is_named(path, shown, lang):
    text, _ = apply(CONFIG_TEXT, [Edit(path, None)], LINES)
    problems = check_site(text)
    mine = [p for p in problems if p.message.startswith(f"{shown} is missing")]
    assert len(mine) == 1 and len(problems) == 1, problems
    problem = mine[0]
    parent_line = LINES[path[:-1]]
    # A list entry's first key removed: the entry's '-' line is its line.
    assert problem.where in {f"mkdocs.yml:{parent_line}", f"mkdocs.yml:{parent_line + 1}"}, problem
    assert problem.fix.startswith(f"add '{path[-1]}:") and not problem.security, problem
    if lang:
        assert f"for {NAMES[lang]} ({lang})" in problem.message, problem
    if lang and path[:-1] == ui_path(lang) and path[-1] not in schema.REQUIRED_IN_OTHER_LANGUAGES:
        # Inside a language block the fix quotes another language's text.
        assert "(as in another language: '" in problem.fix, problem


def test_a_language_block_without_ui_texts_is_named():
    lang = OTHER[0]
    path = ("plugins", I18N, "i18n", "languages", POSITION[lang], "extra")
    text, _ = apply(CONFIG_TEXT, [Edit(path, None)], LINES)
    problems = [str(p) for p in check_site(text)]
    assert (f"mkdocs.yml:{LINES[path[:-1]]}: plugins.i18n.languages[{lang}].extra.ui is missing for "
            f"{NAMES[lang]} ({lang}). Fix: add 'extra:' and 'ui:' to the {lang} language block") in problems[0]


@pytest.mark.parametrize("field", [f for f in SITE_FIELDS if isinstance(f.value, dict) and isinstance(f.option, schema.Text)],
                         ids=repr)
def test_a_text_missing_in_one_language_names_that_language(field):
    lang = list(field.value)[-1]
    text, _ = apply(CONFIG_TEXT, [Edit((*field.path, lang), None)], LINES)
    (problem,) = check_site(text)
    assert str(problem) == (f"mkdocs.yml:{LINES[field.path]}: {field.name} has no text for {NAMES[lang]} ({lang}). "
                            f"Fix: add '{lang}: …' below '{field.path[-1]}:'.")


def test_a_text_in_a_language_the_site_does_not_build_is_named():
    field = next(f for f in SITE_FIELDS if isinstance(f.value, dict) and isinstance(f.option, schema.Text))
    text, _ = apply(CONFIG_TEXT, [Edit((*field.path, "fr"), '"Texte"', insert_after=LINES[field.path] - 1,
                                       indent=indent_of(CONFIG_TEXT.splitlines()[LINES[field.path]]))], LINES)
    (problem,) = check_site(text)
    assert f"{field.name}.fr: 'fr' is not a language the site builds ({', '.join(LANGUAGES)})" in problem.message


def test_an_unknown_key_gets_did_you_mean():
    lang = OTHER[0]
    path = (*ui_path(lang), "form_button")
    line = LINES[path]
    lines = CONFIG_TEXT.splitlines(keepends=True)
    lines[line - 1] = lines[line - 1].replace("form_button:", "form_buton:", 1)
    problems = check_site("".join(lines))
    hint = [p for p in problems if "unknown key 'form_buton'" in p.message]
    assert hint and hint[0].where == f"mkdocs.yml:{line}", problems
    assert hint[0].message.startswith(f"plugins.i18n.languages[{lang}].extra.ui.form_buton")
    assert "did you mean 'form_button'?" in hint[0].fix
    # ... and the key it was meant to be is missing, in the same run.
    assert any(p.message.startswith(f"plugins.i18n.languages[{lang}].extra.ui.form_button is missing") for p in problems)


def test_every_problem_at_once():
    edits = [Edit(("extra", "review_after_days"), None), Edit(("extra", "authority", "email"), None),
             Edit((*ui_path(OTHER[0]), "form_button"), None)]
    text, _ = apply(CONFIG_TEXT, edits, LINES)
    problems = check_site(text)
    assert [p.message.split(" ")[0] for p in problems] == [
        "extra.authority.email", "extra.review_after_days", f"plugins.i18n.languages[{OTHER[0]}].extra.ui.form_button"]


def test_the_lines_are_the_files_lines():
    """The line numbers come from the file as written (not counted from the data)."""
    numbered = CONFIG_TEXT.splitlines()
    line = next(n for n, text in enumerate(numbered, 1) if text.startswith("  review_after_days:"))
    assert LINES[("extra", "review_after_days")] == line
    ui = next(n for n, text in enumerate(numbered, 1) if text.strip() == "ui:" and n > next(
        m for m, t in enumerate(numbered, 1) if t.strip() == f"- locale: {OTHER[0]}"))
    assert LINES[ui_path(OTHER[0])] == ui


# --- budgets.yml --------------------------------------------------------------------------

BUDGETS = (ROOT / "budgets.yml").read_text(encoding="utf-8")


def test_budgets_are_checked():
    text, replaced = re.subn(r"(?m)^(\s*max_kb:) *\S+", r"\1 lots", BUDGETS)
    assert replaced == 1, "budgets.yml has no 'max_kb:' line to break"
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "max_kb: lots" in row)
    (problem,) = schema.check_budgets(text)
    assert str(problem).startswith(f"budgets.yml:{line}: page_weight.max_kb 'lots' must be a number")
    (problem,) = schema.check_budgets(BUDGETS.replace("page_weight:", "page_weight: [", 1))
    assert problem.where.startswith("budgets.yml:") and "not valid YAML" in problem.message
    problems = schema.check_budgets("lighthouse: {}\n")
    assert [p.message for p in problems] == ["page_weight is missing."]


# --- Front matter (PAGE and GUIDE) ------------------------------------------------------------


def front_matter_problems(src_uri: str, text: str) -> list[schema.Problem]:
    """What the build reports for a page's text (read as hooks/sitegen/plugin.py reads it)."""
    body, data = get_data(text)
    match = YAML_RE.match(text)
    start = text.count("\n", 0, match.end()) + 1 if match else 1
    return schema.check_front_matter(src_uri, match.group(1) if match else None, data, body, HOSTS, OPERATOR, start)


GUIDE_TEXT = (ROOT / "docs/guides/facebook.de.md").read_text(encoding="utf-8")
GUIDE_META = get_data(GUIDE_TEXT)[1]
PAGE_META = {"description": "Antworten auf häufige Fragen zum Widerspruch gegen Metas KI-Training.", "faq": True}
BODY = "# Facebook: Widerspruch einlegen\n\nText.\n"


def front_matter(meta: dict, values: dict[tuple, str | None] = {}, extra: list[str] = ()) -> tuple[str, dict]:
    """A page's text: `meta`'s keys, those in `values` written as the YAML given there
    (None: left out), and the `extra` lines; with the line of every key path."""
    out, lines = ["---"], {}

    def value_of(path, value):
        return values[path] if path in values else json.dumps(value, ensure_ascii=False, default=str)

    for key, value in meta.items():
        if (key,) in values and values[(key,)] is None:
            continue
        if isinstance(value, list) and value and isinstance(value[0], dict) and (key,) not in values:
            lines[(key,)] = len(out) + 1
            out.append(f"{key}:")
            for index, item in enumerate(value):
                first = True
                for sub, subvalue in item.items():
                    path = (key, index, sub)
                    if path in values and values[path] is None:
                        continue
                    lines[path] = len(out) + 1
                    out.append(f"  {'- ' if first else '  '}{sub}: {value_of(path, subvalue)}")
                    first = False
            continue
        lines[(key,)] = len(out) + 1
        out.append(f"{key}: {value_of((key,), value)}")
    for line in extra:
        lines[(line.split(":")[0],)] = len(out) + 1
        out.append(line)
    out.append("---")
    return "\n".join(out) + "\n" + BODY, lines


def page_fields(schema_: schema.Schema, meta: dict) -> list[tuple[tuple, str, schema.Option]]:
    """(key path, printed path, option) of every leaf of `schema_` (a list's first entry)."""
    found = []
    for key, option in schema_.keys.items():
        if isinstance(option, schema.Blocks):
            for sub, suboption in option.schema.keys.items():
                found.append(((key, 0, sub), schema.dotted((key, 0, sub)), suboption))
        else:
            found.append(((key,), key, option))
    return found


KINDS = {"page": (schema.PAGE, PAGE_META, "faq.de.md"), "guide": (schema.GUIDE, GUIDE_META, "guides/facebook.de.md")}


@pytest.mark.parametrize("escaped", [False, True], ids=["typed", "yaml-escape"])
@pytest.mark.parametrize("char", CHARS)
@pytest.mark.parametrize("kind", KINDS)
def test_every_text_of_the_front_matter_refuses_markup(kind, char, escaped):
    schema_, meta, src = KINDS[kind]
    targets = [(path, name, option) for path, name, option in page_fields(schema_, meta) if is_text(option)]
    values = {path: markup_value(option, char, escaped) for path, _, option in targets}
    full = {**meta, **{path[0]: "x" for path in values if len(path) == 1}}  # every text key present
    text, lines = front_matter(full, values)
    problems = front_matter_problems(src, text)
    wrong = []
    for path, name, _ in targets:
        mine = problem_of(problems, name)
        if len(mine) != 1 or mine[0].where != f"docs/{src}:{lines[path]}" or not mine[0].security \
                or MARKUP_NAMES[char] not in mine[0].message or "correct the value" not in mine[0].fix:
            wrong.append(f"{name}: expected a security problem at docs/{src}:{lines[path]}, got {[str(p) for p in mine]}")
    assert not wrong, "\n".join(wrong)
    assert len(problems) == len(targets), problems


@pytest.mark.parametrize("case", BAD_URLS)
def test_every_address_of_a_guide_refuses_unsafe_values(case):
    value, fragment = BAD_URLS[case]
    targets = [(path, name) for path, name, option in page_fields(schema.GUIDE, GUIDE_META)
               if isinstance(option, schema.Url)]
    text, lines = front_matter(GUIDE_META, {path: value for path, _ in targets})
    problems = front_matter_problems("guides/facebook.de.md", text)
    for path, name in targets:
        mine = problem_of(problems, name)
        assert len(mine) == 1 and mine[0].security and fragment in mine[0].message, (name, problems)
        assert mine[0].where == f"docs/guides/facebook.de.md:{lines[path]}"


def test_a_form_on_another_host_is_a_security_problem():
    text, lines = front_matter(GUIDE_META, {("form_url",): '"https://evil.example/facebook.com/form"'})
    (problem,) = front_matter_problems("guides/facebook.de.md", text)
    assert problem.security and problem.where == f"docs/guides/facebook.de.md:{lines[('form_url',)]}"
    assert f"is not on one of {OPERATOR}'s hosts ({', '.join(HOSTS)})" in problem.message
    assert "add its host to mkdocs.yml extra.forms.hosts" in problem.fix
    # A subdomain of a listed host is that host's.
    text, _ = front_matter(GUIDE_META, {("form_url",): f'"https://help.{HOSTS[0]}/contact/1"'})
    assert front_matter_problems("guides/facebook.de.md", text) == []


@pytest.mark.parametrize("kind", KINDS)
def test_every_front_matter_field_refuses_a_value_of_the_wrong_kind(kind):
    schema_, meta, src = KINDS[kind]
    targets = page_fields(schema_, meta)
    values = {path: WRONG_KIND[type(option).__name__][0] for path, _, option in targets}
    full = {**meta, **{path[0]: "x" for path in values if len(path) == 1}}
    text, lines = front_matter(full, values)
    problems = front_matter_problems(src, text)
    wrong = []
    for path, name, option in targets:
        fragment = WRONG_KIND[type(option).__name__][1]
        mine = problem_of(problems, name)
        if len(mine) != 1 or fragment not in mine[0].message or mine[0].where != f"docs/{src}:{lines[path]}":
            wrong.append(f"{name}: expected {fragment!r} at line {lines[path]}, got {[str(p) for p in mine]}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("kind", KINDS)
def test_each_required_front_matter_key_removed_is_named(kind):
    schema_, meta, src = KINDS[kind]
    required = [((key,), key, option) for key, option in schema_.keys.items() if not option.optional]
    required += [((key, 0, sub), schema.dotted((key, 0, sub)), suboption)
                 for key, option in schema_.keys.items() if isinstance(option, schema.Blocks) and not option.optional
                 for sub, suboption in option.schema.keys.items() if not suboption.optional]
    assert required
    for path, name, option in required:
        text, lines = front_matter(meta, {path: None})
        problems = front_matter_problems(src, text)
        messages = [str(p) for p in problems if p.message.startswith(f"{name} is missing.")]
        assert len(messages) == 1 and len(problems) == 1, (name, problems)
        if len(path) == 1:
            hint = f" ({option.help})" if option.help else f" ('{path[0]}: {option.example}')"
            assert messages[0] == f"docs/{src}: {name} is missing. Fix: add '{path[0]}:' to the front matter{hint}."
        else:  # inside a list entry: the entry's line and which entry
            entry = min(line for key, line in lines.items() if key[:2] == path[:2])
            assert messages[0].startswith(f"docs/{src}:{entry}: "), messages
            assert f"Fix: add '{path[-1]}:' to entry {path[1] + 1} of '{path[0]}:'" in messages[0]


def test_a_description_of_the_wrong_length_is_named():
    text, lines = front_matter(PAGE_META, {("description",): '"Zu kurz."'})
    (problem,) = front_matter_problems("faq.de.md", text)
    assert str(problem) == ("docs/faq.de.md:2: description must be 30 to 170 characters long (it has 8). "
                            "Fix: correct the value of 'description:'.")


UNKNOWN = ["template", "location", "author", "hide", "icon", "status", "subtitle"]


@pytest.mark.parametrize("key", UNKNOWN)
@pytest.mark.parametrize("kind", KINDS)
def test_an_unknown_front_matter_key_is_a_security_problem(kind, key):
    """Material acts on keys such as `template:` and prints others such as `author:`
    unescaped: a key the schema does not know stops the build."""
    schema_, meta, src = KINDS[kind]
    text, lines = front_matter(meta, extra=[f"{key}: main.html"])
    (problem,) = front_matter_problems(src, text)
    assert problem.security and problem.where == f"docs/{src}:{lines[(key,)]}"
    assert problem.message == f"{key}: unknown key '{key}'."
    assert "remove it" in problem.fix


@pytest.mark.parametrize("typo, meant", [("descripton", "description"), ("last_check", "last_checked"),
                                         ("form-url", "form_url"), ("sumary", "summary")])
def test_a_misspelt_front_matter_key_gets_did_you_mean(typo, meant):
    text, lines = front_matter(GUIDE_META, {(meant,): None}, extra=[f"{typo}: {json.dumps(str(GUIDE_META[meant]))}"])
    problems = front_matter_problems("guides/facebook.de.md", text)
    unknown = [p for p in problems if f"unknown key '{typo}'" in p.message]
    assert len(unknown) == 1 and unknown[0].security, problems
    assert unknown[0].where == f"docs/guides/facebook.de.md:{lines[(typo,)]}"
    assert unknown[0].fix == f"did you mean '{meant}'? Rename it, or remove it."


def test_key_value_lines_without_dashes_are_named():
    """MkDocs also reads 'key: value' lines at the top without '---' (MultiMarkdown)."""
    text = f"description: {PAGE_META['description']}\n\n# Fragen\n"
    (problem,) = front_matter_problems("faq.de.md", text)
    assert str(problem) == ("docs/faq.de.md:1: the page starts with 'key: value' lines that are not between "
                            "'---' lines. Fix: put the front matter between two '---' lines.")


def test_a_page_without_front_matter_is_named():
    (problem,) = front_matter_problems("faq.de.md", "# Fragen\n\nText.\n")
    assert problem.where == "docs/faq.de.md:1" and "no front matter" in problem.message
    assert "'description: …'" in problem.fix


@pytest.mark.parametrize("yaml_lines, line, reason", [
    (["description: eine: Beschreibung mit Doppelpunkt"], 2, "mapping values are not allowed here"),
    # An unclosed quote: YAML finds the end of the block first (the closing '---').
    ([f"description: {PAGE_META['description']}", "title: 'offen"], 4, "found unexpected end of stream"),
    ([f"description: {PAGE_META['description']}", "  faq: true"], 3, "mapping values are not allowed here"),
])
def test_invalid_yaml_is_named_with_its_line(yaml_lines, line, reason):
    text = "---\n" + "\n".join(yaml_lines) + "\n---\n\n# Fragen\n"
    (problem,) = front_matter_problems("faq.de.md", text)
    assert problem.where == f"docs/faq.de.md:{line}", problem
    assert problem.message == f"the front matter is not valid YAML ({reason}).", problem
    assert "check quotes and colons" in problem.fix and "Traceback" not in str(problem)


def test_front_matter_that_is_not_key_value_lines_is_named():
    (problem,) = front_matter_problems("faq.de.md", "---\n- eine Liste\n---\n\n# Fragen\n")
    assert str(problem) == ("docs/faq.de.md:2: the front matter must be 'name: value' lines. "
                            "Fix: write one 'name: value' per line.")


@pytest.mark.parametrize("german, iso", [("03.12.2026", "2026-12-03"), ("3.6.2025", "2025-06-03"),
                                         ("26. 05. 2025", "2025-05-26")])
def test_a_german_last_checked_gets_its_iso_form(german, iso):
    text, lines = front_matter(GUIDE_META, {("last_checked",): german})
    (problem,) = front_matter_problems("guides/facebook.de.md", text)
    assert problem.where == f"docs/guides/facebook.de.md:{lines[('last_checked',)]}" and not problem.security
    assert f"write it as {iso} (YYYY-MM-DD)" in problem.message


def test_a_guide_without_title_is_named_with_the_line_its_text_starts():
    head, body = GUIDE_TEXT.split("\n---\n", 1)
    text = head + "\n---\n" + re.sub(r"(?m)^# .*\n", "", body, count=1)
    assert text != GUIDE_TEXT
    start = text.split("\n").index("---", 1) + 2
    (problem,) = front_matter_problems("guides/facebook.de.md", text)
    assert str(problem).startswith(f"docs/guides/facebook.de.md:{start}: the guide has no title. Fix: start its "
                                   "text with a line '# …'")
    # A '# line' inside a code block is no title.
    fenced = text.replace("\n---\n", "\n---\n```\n# not a title\n```\n", 1)
    assert "has no title" in str(front_matter_problems("guides/facebook.de.md", fenced))


def test_a_guide_is_a_page_under_guides_other_than_the_overview():
    assert schema.is_guide("guides/facebook.de.md") and schema.is_guide("guides/x.md")
    assert not schema.is_guide("guides/index.de.md") and not schema.is_guide("faq.de.md")


# --- A problem stops the build -----------------------------------------------------------------


def test_the_build_refuses_a_missing_text_before_building_anything(project_copy, tmp_path):
    """The issue's case: before, the English guides showed an unlabelled button and the build passed."""
    lang = OTHER[0]
    path = (*ui_path(lang), "form_button")
    text, _ = apply(CONFIG_TEXT, [Edit(path, None)], LINES)
    (project_copy / "mkdocs.yml").write_text(text, encoding="utf-8")
    result = build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert (f"ERROR   -  mkdocs.yml:{LINES[ui_path(lang)]}: plugins.i18n.languages[{lang}].extra.ui.form_button is "
            f"missing for {NAMES[lang]} ({lang}). Fix: add 'form_button:' below 'ui:'") in result.stderr, result.stderr
    assert "nothing was built" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site" / lang).exists() and not (tmp_path / "site" / "index.html").exists()
