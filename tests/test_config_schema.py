"""The one schema (hooks/sitegen/config.py): every required key of mkdocs.yml,
removed in turn, gives one message with the file, a line, the key's full path,
the language it is missing for and the fix; an unknown key gets "did you mean";
every problem is reported at once; `make build` stops before building, with no
traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.utils import yaml_load

from conftest import ROOT, mkdocs_env

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen import config as schema  # noqa: E402

CONFIG = ROOT / "mkdocs.yml"
TEXT = CONFIG.read_text(encoding="utf-8")
LINES = schema.line_map(TEXT)
RAW = yaml_load(TEXT)
NAMES = {"de": "Deutsch", "en": "English"}


def i18n_index() -> int:
    return next(i for i, entry in enumerate(RAW["plugins"]) if isinstance(entry, dict) and "i18n" in entry)


def language_position(lang: str) -> int:
    blocks = RAW["plugins"][i18n_index()]["i18n"]["languages"]
    return next(i for i, block in enumerate(blocks) if block["locale"] == lang)


def required(cls) -> list[str]:
    return [name for name, option in cls._schema if not schema._is_optional(option)]


def cases() -> list[tuple[tuple, str, str | None]]:
    """(key path in mkdocs.yml, path as the message prints it, language or None)."""
    found = []
    for key in required(schema.Extra):
        found.append((("extra", key), f"extra.{key}", None))
    for key in required(schema.Authority):
        found.append((("extra", "authority", key), f"extra.authority.{key}", None))
    for key in required(schema.Hosting):
        found.append((("extra", "hosting", key), f"extra.hosting.{key}", None))
    for key in required(schema.Forms):
        found.append((("extra", "forms", key), f"extra.forms.{key}", None))
    for key in required(schema.Deadline):
        found.append((("extra", "deadlines", 1, key), f"extra.deadlines[2].{key}", None))
    for lang in ("de", "en"):
        position = language_position(lang)
        for key in required(schema.UI):
            found.append((("plugins", i18n_index(), "i18n", "languages", position, "extra", "ui", key),
                          f"plugins.i18n.languages[{lang}].extra.ui.{key}", lang))
    position = language_position("en")
    for key in ("untranslated", "site_name", "site_description"):
        path = ("plugins", i18n_index(), "i18n", "languages", position) + (("extra", "ui") if key == "untranslated" else ())
        shown = f"plugins.i18n.languages[en].{'extra.ui.' if key == 'untranslated' else ''}{key}"
        found.append(((*path, key), shown, "en"))
    return found


def remove(text: str, path: tuple) -> str:
    """`text` without the key at `path` and the lines indented below it."""
    lines = text.splitlines(keepends=True)
    start = LINES[path] - 1
    indent = len(lines[start]) - len(lines[start].lstrip())
    keep = []
    if lines[start].lstrip().startswith("- "):  # the first key of a list item: keep the item's dash
        keep, indent = [" " * indent + "-\n"], indent + 2
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
        end += 1
    return "".join(lines[:start] + keep + lines[end:])


def check(tmp_path: Path, text: str) -> list[str]:
    config = tmp_path / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return schema.check_config(config, yaml_load(text), ROOT / "budgets.yml")


def test_the_project_passes():
    assert schema.check_config(CONFIG, RAW, ROOT / "budgets.yml") == []


@pytest.mark.parametrize("path, shown, lang", cases(), ids=lambda value: value if isinstance(value, str) else None)
def test_each_required_key_removed_is_named(tmp_path, path, shown, lang):
    problems = check(tmp_path, remove(TEXT, path))
    mine = [p for p in problems if f"{shown} is missing" in p]
    assert len(mine) == 1, problems
    message = mine[0]
    parent_line = LINES[path[:-1]]
    # A list item's first key removed: its line is the item's remaining first line.
    allowed = {parent_line, parent_line + 1} if isinstance(path[-2], int) else {parent_line}
    assert any(message.startswith(f"mkdocs.yml:{line}: ") for line in allowed), message
    assert "Fix: add '" + path[-1] + ":" in message, message
    if lang:
        assert f"for {NAMES[lang]} ({lang})" in message, message
    assert "Traceback" not in message


def test_a_text_missing_in_one_language_names_that_language(tmp_path):
    text = TEXT.replace("      en: The Hamburg Commissioner for Data Protection and Freedom of Information\n", "", 1)
    assert text != TEXT
    problems = check(tmp_path, text)
    assert any(p.startswith(f"mkdocs.yml:{LINES[('extra', 'authority', 'name')]}: extra.authority.name has no "
                            "text for English (en).") for p in problems), problems


def test_an_unknown_key_gets_did_you_mean(tmp_path):
    line = LINES[("plugins", i18n_index(), "i18n", "languages", language_position("en"), "extra", "ui", "form_button")]
    problems = check(tmp_path, TEXT.replace("              form_button: Open", "              form_buton: Open", 1))
    hint = [p for p in problems if "unknown key 'form_buton'" in p]
    assert hint and hint[0].startswith(f"mkdocs.yml:{line}: plugins.i18n.languages[en].extra.ui.form_buton")
    assert "did you mean 'form_button'?" in hint[0], hint


def test_every_problem_at_once(tmp_path):
    text = remove(remove(TEXT, ("extra", "review_after_days")), ("extra", "authority", "email"))  # later line first
    text = text.replace("              form_button: Open Meta's form\n", "", 1)
    problems = check(tmp_path, text)
    assert len(problems) == 3, problems
    assert [p.split(": ", 2)[1].split(" ")[0] for p in problems] == [
        "extra.authority.email", "extra.review_after_days", "plugins.i18n.languages[en].extra.ui.form_button"]


def test_a_wrong_value_is_named(tmp_path):
    problems = check(tmp_path, TEXT.replace("    website: https://www.datenschutz-hamburg.de",
                                            "    website: http://www.datenschutz-hamburg.de", 1))
    assert len(problems) == 1 and "extra.authority.website" in problems[0] and "https://" in problems[0], problems


def test_budgets_are_checked(tmp_path):
    budgets = tmp_path / "budgets.yml"
    text, replaced = re.subn(r"(?m)^(\s*max_kb:) *\S+", r"\1 lots", (ROOT / "budgets.yml").read_text(encoding="utf-8"))
    assert replaced == 1, "budgets.yml has no 'max_kb:' line to break"
    budgets.write_text(text, encoding="utf-8")
    problems = schema.check_config(CONFIG, RAW, budgets)
    assert len(problems) == 1 and problems[0].startswith("budgets.yml:") and "page_weight.max_kb" in problems[0]


def test_make_build_refuses_a_missing_english_form_button(project_copy):
    """The issue's case: before, the English guides showed an unlabelled button and the build passed."""
    config = project_copy / "mkdocs.yml"
    line = LINES[("plugins", i18n_index(), "i18n", "languages", language_position("en"), "extra", "ui")]
    config.write_text(TEXT.replace("              form_button: Open Meta's form\n", "", 1), encoding="utf-8")
    result = subprocess.run(["make", "--no-print-directory", "-C", str(project_copy), "build", f"VENV={ROOT / '.venv'}"],
                            env=mkdocs_env(), capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert (f"ERROR   -  mkdocs.yml:{line}: plugins.i18n.languages[en].extra.ui.form_button is missing for "
            "English (en). Fix: add 'form_button:' below 'ui:' in the en language block") in output, output
    assert "Traceback" not in output and "nothing was built" in output
    assert not (project_copy / "site" / "en").exists()
