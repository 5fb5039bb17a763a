"""MkDocs' warnings about links as messages an editor can act on (hooks/sitegen/core/links.py):
the file and the line of the link, a fix written relative to the file's own folder
(docs/ for docs/faq.de.md, docs/guides/ for a guide: never '../' from docs/), the page
or section the editor probably meant. In-process with MkDocs' own wording; one scratch
build proves that the strict build prints them and still fails."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build, copy_project

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen.core import links  # noqa: E402

TEXTS = {
    "index.de.md": "# Start\n\n[Anleitungen](guides/index.md)\n",
    "index.en.md": "# Home\n",
    "faq.de.md": "---\ndescription: x\n---\n\n# Fragen\n\n### Frist {#deadline}\n\nText.\n\n"
                 "Siehe [Facebook](guides/facebook.md) und [Anleitung](guides/facebok.md).\n"
                 "Mehr: [Behörde](background.md#lead-authorty), [Start](/index.md), [x](guides/facebook).\n",
    "faq.en.md": "# Questions\n\n### Deadline {#deadline}\n",
    "background.de.md": "# Hintergrund\n\n## Federführende Behörde {#lead-authority}\n\n## Seitdem {#since-then}\n",
    "guides/index.de.md": "# Anleitungen\n",
    "guides/facebook.de.md": "# Facebook\n\nSiehe [FAQ](../fqa.md) und [Frist](../faq.md#dedline).\n",
    "guides/instagram.de.md": "# Instagram\n",
}


def mkdocs_warning(src: str, link: str, kind: str = "link", target_doc: str = "", anchor: str = "") -> str:
    """The warning as MkDocs 1.6 words it (mkdocs/structure/pages.py)."""
    if kind == "absolute":
        return f"Doc file '{src}' contains an absolute link '{link}', it was left as is."
    if kind == "unrecognized":
        return f"Doc file '{src}' contains an unrecognized relative link '{link}', it was left as is."
    if kind == "anchor":
        return (f"Doc file '{src}' contains a link '{link}', but the doc '{target_doc}' does not contain an "
                f"anchor '#{anchor}'.")
    return f"Doc file '{src}' contains a link '{link}', but the target is not found among documentation files."


def line(src: str, link: str) -> int:
    return next(n for n, text in enumerate(TEXTS[src].splitlines(), 1) if f"]({link})" in text)


def test_a_missing_page_from_docs_is_fixed_relative_to_docs():
    warning = mkdocs_warning("faq.de.md", "guides/facebok.md")
    message = links.message(warning, TEXTS)
    assert message.startswith(f"docs/faq.de.md:{line('faq.de.md', 'guides/facebok.md')}: {warning} Fix: ")
    assert "did you mean 'guides/facebook.md'?" in message
    assert "A link is relative to this file's folder (docs/), e.g. 'guides/" in message
    assert "'../" not in message, "from docs/ no link goes up a folder"
    assert "leave out the language ending (.de, .en)" in message


def test_a_missing_page_from_a_guide_is_fixed_relative_to_its_folder():
    warning = mkdocs_warning("guides/facebook.de.md", "../fqa.md")
    message = links.message(warning, TEXTS)
    assert message.startswith(f"docs/guides/facebook.de.md:3: {warning} Fix: did you mean '../faq.md'? ")
    assert "A link is relative to this file's folder (docs/guides/), e.g. '" in message
    example = re.search(r"e\.g\. '([^']+)'", message).group(1)
    assert not example.startswith("guides/"), "relative to docs/guides/, not to docs/"
    assert (Path("docs/guides") / example).as_posix().split("/")[0] == "docs"


def test_the_same_name_in_another_folder_is_suggested():
    message = links.message(mkdocs_warning("guides/facebook.de.md", "background.md"),
                            {**TEXTS, "guides/facebook.de.md": "[x](background.md)\n"})
    assert "did you mean '../background.md'?" in message


@pytest.mark.parametrize("src, link, target, anchor, meant", [
    ("faq.de.md", "background.md#lead-authorty", "background.de.md", "lead-authorty", "lead-authority"),
    ("guides/facebook.de.md", "../faq.md#dedline", "faq.de.md", "dedline", "deadline"),
])
def test_a_missing_anchor_gets_the_nearest_one(src, link, target, anchor, meant):
    warning = mkdocs_warning(src, link, "anchor", target, anchor)
    message = links.message(warning, TEXTS)
    assert message == (f"docs/{src}:{line(src, link)}: {warning} Fix: did you mean '#{meant}'? Correct the part "
                       "after '#', or the heading's id {#…} in the other page.")


def test_an_anchor_with_nothing_near_gets_the_rule_only():
    warning = mkdocs_warning("faq.de.md", "background.md#xyz", "anchor", "background.de.md", "xyz")
    assert links.message(warning, TEXTS).endswith("Fix: Correct the part after '#', or the heading's id {#…} "
                                                  "in the other page.")


def test_an_absolute_link_gets_the_relative_rule():
    warning = mkdocs_warning("faq.de.md", "/index.md", "absolute")
    message = links.message(warning, TEXTS)
    assert message.startswith(f"docs/faq.de.md:{line('faq.de.md', '/index.md')}: ")
    assert "link relative to this file, not with '/…'" in message and "sub-path" in message


def test_an_unrecognized_link_is_found_on_its_own_line():
    """'guides/facebook' is not the start of 'guides/facebook.md' two lines above."""
    warning = mkdocs_warning("faq.de.md", "guides/facebook", "unrecognized")
    message = links.message(warning, TEXTS)
    assert message.startswith(f"docs/faq.de.md:{line('faq.de.md', 'guides/facebook')}: ")
    assert line("faq.de.md", "guides/facebook") != line("faq.de.md", "guides/facebook.md")
    assert "did you mean 'guides/facebook.md'?" in message


@pytest.mark.parametrize("link", ["java&#9;script:alert(1)", "javascript&#58;alert(1)", " JavaScript:x",
                                  "vbscript:x", "data&colon;text/html,x"])
def test_an_address_with_a_scheme_is_left_to_the_sanitiser(link):
    """The sanitiser refuses such an address with its own message; MkDocs' 'unrecognized
    relative link' would repeat it as a wrong second one."""
    warning = f"Doc file 'faq.de.md' contains an unrecognized relative link '{link}', it was left as is."
    assert links.left_to_the_sanitiser(warning)


@pytest.mark.parametrize("warning", [
    "Doc file 'faq.de.md' contains an unrecognized relative link 'guides/', it was left as is.",
    "Doc file 'faq.de.md' contains a link 'guides/x.md', but the target is not found among documentation files.",
    "Doc file 'faq.de.md' contains an absolute link '/en/faq/', it was left as is."])
def test_other_link_warnings_stay(warning):
    assert not links.left_to_the_sanitiser(warning)


def test_other_warnings_are_left_alone():
    assert links.message("Doc file 'faq.de.md' contains a link to 'x.md' which is excluded from the built site.",
                         TEXTS) is None
    assert links.message("Something else entirely.", TEXTS) is None
    done = links.message(mkdocs_warning("faq.de.md", "guides/facebok.md"), TEXTS)
    assert links.message(done, TEXTS) is None, "a message already rewritten stays as it is"


def test_a_link_not_in_the_text_has_no_line():
    message = links.message(mkdocs_warning("faq.de.md", "nowhere.md"), TEXTS)
    assert message.startswith("docs/faq.de.md: ")


def test_nearest_page_and_anchor():
    pages = list(TEXTS)
    assert links.nearest_page("faq.de.md", "guides/instagramm.md", pages) == "guides/instagram.md"
    assert links.nearest_page("guides/facebook.de.md", "../backgrund.md", pages) == "../background.md"
    assert links.nearest_page("guides/facebook.de.md", "instagam.md", pages) == "instagram.md"
    assert links.nearest_anchor("since-the", TEXTS["background.de.md"]) == "since-then"
    assert links.nearest_anchor("zzz", TEXTS["background.de.md"]) is None


def test_the_strict_build_prints_the_messages_and_fails(tmp_path):
    project = copy_project(tmp_path / "project")
    faq = project / "docs" / "faq.de.md"
    text = faq.read_text(encoding="utf-8")
    faq.write_text(text + "\n\nSiehe [die Anleitung](guides/facebok.md).\n", encoding="utf-8")
    guide = project / "docs" / "guides" / "facebook.en.md"
    guide_text = guide.read_text(encoding="utf-8")
    guide.write_text(guide_text + "\n\nSee [the FAQ](../faq.md#deadlin).\n", encoding="utf-8")
    result = build(project, tmp_path / "site")
    assert result.returncode != 0
    faq_line = text.count("\n") + 3
    assert (f"WARNING -  docs/faq.de.md:{faq_line}: Doc file 'faq.de.md' contains a link 'guides/facebok.md', but "
            "the target is not found among documentation files. Fix: did you mean 'guides/facebook.md'? A link is "
            "relative to this file's folder (docs/)") in result.stderr, result.stderr[-3000:]
    assert (f"WARNING -  docs/guides/facebook.en.md:{guide_text.count(chr(10)) + 3}: Doc file 'guides/facebook.en.md' "
            "contains a link '../faq.md#deadlin', but the doc 'faq.en.md' does not contain an anchor '#deadlin'. "
            "Fix: did you mean '#deadline'?") in result.stderr
    # (The i18n plugin builds English inside the German build: MkDocs' count covers the last language only.)
    assert re.search(r"Aborted with \d+ warnings in strict mode!", result.stderr) and "Traceback" not in result.stderr
