#!/usr/bin/env python3
"""Create a new step-by-step guide in both languages.

  new_guide.py SERVICE        e.g.  new_guide.py messenger
  make new-guide SERVICE=messenger

Writes docs/guides/SERVICE.de.md and docs/guides/SERVICE.en.md with the
front matter filled in as far as it can be, and the sections every guide
has. Every TODO marks text you must write; `make check` refuses the pages
until no TODO is left. The home page and the guides overview list the new
guide by themselves.
"""

from __future__ import annotations

import datetime
import re
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
from front_matter import read_front_matter  # noqa: E402
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
        meta = read_front_matter(path.read_text(encoding="utf-8"))
        if isinstance(meta.get("order"), int):
            orders.append(meta["order"])
    return max(orders, default=0) + 1


def page(lang: str, service: str, name: str, order: int) -> str:
    front = (
        "---\n"
        "description: TODO one sentence (30 to 170 characters) that says what this guide helps with\n"
        f"service: {service}\n"
        f"title: {name}\n"
        "summary: TODO one line for the chooser on the home page\n"
        f"order: {order}\n"
        "form_url: TODO https address of Meta's objection form (on facebook.com or instagram.com)\n"
        f"last_checked: {datetime.date.today().isoformat()}\n"
        "sources:\n"
        "  - title: TODO title of the source you checked the steps against\n"
        "    url: TODO https address of that source\n"
        "---\n\n"
    )
    body = f"# {TITLE[lang].format(name=name)}\n\nTODO {'ein Satz: für wen diese Anleitung ist' if lang == 'de' else 'one sentence: who this guide is for'}.\n"
    for heading, anchor in SECTIONS[lang]:
        body += f"\n## {heading} {{#{anchor}}}\n\n"
        body += "1. TODO\n2. TODO\n" if anchor == "steps" else "TODO\n"
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
        "  3. Run `make serve` to look at the guide, then `make check`.\n"
        "  The home page and the guides overview list the new guide automatically."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
