#!/usr/bin/env python3
"""Create a new step-by-step guide in both languages.

  new_guide.py SERVICE        e.g.  new_guide.py messenger
  make new-guide SERVICE=messenger

Writes docs/guides/SERVICE.de.md and docs/guides/SERVICE.en.md with the
front matter filled in as far as it can be, and the sections every guide
has, with placeholders in each file's language. Every TODO marks text you
must write; `make check` refuses the pages until no TODO is left – also
`last_checked`, which stays TODO until someone has checked the steps against
the objection form (a guide nobody has checked must not say "checked today").
The hosts a form address may use come from mkdocs.yml (extra.forms.hosts), the
list the check uses. `make serve` shows the draft (its problems as warnings in the
terminal). The home page and the guides overview list the new guide by
themselves.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
import yaml  # noqa: E402
from mkdocs.utils.meta import get_data  # noqa: E402
GUIDES = ROOT / "docs" / "guides"

SECTIONS = {
    "de": [("Der schnellste Weg", "fastest-way"), ("Schritt für Schritt", "steps"),
           ("Was das Formular fragt", "form-fields"), ("Nach dem Absenden", "after-sending")],
    "en": [("The fastest way", "fastest-way"), ("Step by step", "steps"),
           ("What the form asks", "form-fields"), ("After sending", "after-sending")],
}
TITLE = {"de": "{name}: Widerspruch einlegen", "en": "{name}: how to object"}


def next_order() -> int:
    orders = []
    for path in GUIDES.glob("*.de.md"):
        meta = get_data(path.read_text(encoding="utf-8"))[1]
        if isinstance(meta.get("order"), int):
            orders.append(meta["order"])
    return max(orders, default=0) + 1


# Placeholders in each file's language. Fields that must be the same in both
# languages (form_url, last_checked, the sources' addresses) get the same
# value, TODO, with the explanation as a comment in the file's language.
HINTS = {
    "de": {
        "description": "TODO ein Satz mit 30 bis 170 Zeichen, der sagt, wobei diese Anleitung hilft",
        "summary": "TODO eine Zeile für die Auswahl auf der Startseite",
        "form_url": "https-Adresse des Widerspruchsformulars von {operator}, auf {hosts}",
        "last_checked": "Datum, an dem Sie die Schritte am Formular von {operator} geprüft haben, JJJJ-MM-TT "
                        "(z. B. 2025-05-26); erst nach der Prüfung eintragen",
        "source_title": "TODO Titel der Quelle, mit der Sie die Schritte geprüft haben",
        "source_url": "https-Adresse dieser Quelle",
        "intro": "TODO ein Satz: für wen diese Anleitung ist.",
        "step": "TODO ein Schritt, eine Handlung",
        "text": "TODO Text dieses Abschnitts.",
    },
    "en": {
        "description": "TODO one sentence (30 to 170 characters) that says what this guide helps with",
        "summary": "TODO one line for the chooser on the home page",
        "form_url": "https address of {operator}'s objection form, on {hosts}",
        "last_checked": "the date you checked the steps against {operator}'s form, YYYY-MM-DD "
                        "(e.g. 2025-05-26); fill in only after checking",
        "source_title": "TODO title of the source you checked the steps against",
        "source_url": "https address of that source",
        "intro": "TODO one sentence: who this guide is for.",
        "step": "TODO one step, one action",
        "text": "TODO text of this section.",
    },
}


def forms() -> dict:
    """mkdocs.yml's extra.forms: the hosts a form may be on, and who runs them."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return (config.get("extra") or {}).get("forms") or {}


def form_hosts() -> list[str]:
    return list(forms().get("hosts") or [])


def hosts(lang: str) -> str:
    names = form_hosts() or ["?"]
    joiner = " oder " if lang == "de" else " or "
    return ", ".join(names[:-1]) + joiner + names[-1] + (" (oder einer Subdomain)" if lang == "de"
                                                          else " (or a subdomain)")


def page(lang: str, service: str, name: str, order: int) -> str:
    hint = HINTS[lang]
    operator = forms().get("operator") or "?"
    front = (
        "---\n"
        f"description: {hint['description']}\n"
        f"service: {service}\n"
        f"title: {name}\n"
        f"summary: {hint['summary']}\n"
        f"order: {order}\n"
        f"form_url: TODO  # {hint['form_url'].format(hosts=hosts(lang), operator=operator)}\n"
        f"last_checked: TODO  # {hint['last_checked'].format(operator=operator)}\n"
        "sources:\n"
        f"  - title: {hint['source_title']}\n"
        f"    url: TODO  # {hint['source_url']}\n"
        "---\n\n"
    )
    body = f"# {TITLE[lang].format(name=name)}\n\n{hint['intro']}\n"
    for heading, anchor in SECTIONS[lang]:
        body += f"\n## {heading} {{#{anchor}}}\n\n"
        body += f"1. {hint['step']}\n2. {hint['step']}\n" if anchor == "steps" else f"{hint['text']}\n"
    return front + body


def main(argv: list[str]) -> int:
    if len(argv) != 1 or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0 if argv and argv[0] in {"-h", "--help"} else 2
    service = argv[0].strip().lower()
    if not re.fullmatch(r"[a-z][a-z0-9-]*", service):
        print(f"SERVICE '{argv[0]}' must be lower-case letters, digits and hyphens, e.g. messenger.")
        return 2
    targets = {lang: GUIDES / f"{service}.{lang}.md" for lang in SECTIONS}
    existing = [str(t.relative_to(ROOT)) for t in targets.values() if t.exists()]
    if existing:
        print(f"{', '.join(existing)} already exists; edit it instead.")
        return 1
    name = service.replace("-", " ").title()
    order = next_order()
    for lang, target in targets.items():
        target.write_text(page(lang, service, name, order), encoding="utf-8")
        print(f"created {target.relative_to(ROOT)}")
    print(
        "\nNext:\n"
        "  1. Open both files and replace every TODO (German first, then English).\n"
        "  2. Keep the same headings ({#…} ids) and the same number of steps in both.\n"
        "  3. Run `make serve` to look at the draft (its problems are listed in the terminal as\n"
        "     warnings; stop the preview with Ctrl+C), then `make check`.\n"
        "  4. last_checked stays TODO until you have checked the steps against the form.\n"
        "  The home page and the guides overview list the new guide automatically."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
