"""The FAQ spread over two pages (faq/ and background/, each within the page
budget) keeps every address faq/#… that existed before, without JavaScript:
a moved question leaves a link with the same id on faq/ that leads to its new
place. Every FAQ heading has an explicit {#id}."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import ROOT

# Every anchor faq.*.md had before the split (1 December 2026).
OLD_FAQ_ANCHORS = """what-can-users-do how-to-object email-address deadline why-object-early notification
confirmation no-account threads what-does-meta-want what-data what-for legal-basis right-to-object
what-happens-next lead-authority since-then open-questions pitfalls no-reason-needed linked-accounts
whatsapp facebook-pages posts-by-others hoax-posts late-objection can-meta-refuse already-objected""".split()
FAQ = {"de": "faq/index.html", "en": "en/faq/index.html"}
BACKGROUND = {"de": "background/index.html", "en": "en/background/index.html"}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_old_faq_address_still_leads_somewhere(site, lang):
    faq = (site / FAQ[lang]).read_text(encoding="utf-8")
    background = (site / BACKGROUND[lang]).read_text(encoding="utf-8")
    for anchor in OLD_FAQ_ANCHORS:
        tag = re.search(rf'<(\w+)[^>]*\sid="{anchor}"[^>]*>', faq)
        assert tag, f"{FAQ[lang]}: #{anchor} is gone; keep a heading or a link with id=\"{anchor}\""
        if tag.group(1) == "a":  # a moved question: the link goes to its new place
            assert f'href="../background/#{anchor}"' in tag.group(0), tag.group(0)
            assert f'id="{anchor}"' in background, f"{BACKGROUND[lang]}: #{anchor} missing"


@pytest.mark.parametrize("name", ["faq", "background"])
def test_every_faq_heading_has_an_explicit_id(name):
    for path in sorted((ROOT / "docs").glob(f"{name}.*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if re.match(r"#{2,6} ", line):
                assert re.search(r"\{#[a-z0-9-]+\}\s*$", line), f"{path.name}:{number}: heading without {{#id}}"


def test_late_objection_is_near_the_top():
    for path in sorted((ROOT / "docs").glob("faq.*.md")):
        questions = [l for l in path.read_text(encoding="utf-8").splitlines() if l.startswith("### ")]
        assert "{#late-objection}" in questions[0], f"{path.name}: 'Is it still worth objecting?' comes first"
