"""Every editing mistake in the corpus is refused by `make check` with a message
that names the file, the line where there is one, and the fix.

Each mistake breaks a scratch copy of the real project in one small way, as an
editor in GitHub's web editor might. Independent mistakes share one copy and
one `make check` run, grouped by the stage that reports them (the schema stops
the build before anything; front matter is checked before the build; the
timeline is read before the build; content is checked per language before a
page is written; link warnings fail the strict build; the page weight needs a
built site). `make check` reports every problem at once, so one run proves
each mistake's own message: where its step prints it and in the closing
summary. The message texts themselves are tested in-process on the functions
that write them (tests/test_schema.py, test_sanitise.py, test_timeline.py,
test_link_messages.py, test_pages.py). 8 `make check` runs instead of 55.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build, copy_project, make_check


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"corpus is stale: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def scaffold(project: Path) -> None:
    subprocess.run([sys.executable, str(project / "scripts/new_guide.py"), "messenger"],
                   check=True, capture_output=True)


def git_repo(project: Path) -> None:
    shutil.copy2(ROOT / ".gitignore", project / ".gitignore")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
        subprocess.run(["git", "-C", str(project), "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
                       check=True, capture_output=True)


# group -> {mistake: (how to break the copy, what the output must contain)}; "{line:TEXT}" after
# a file name becomes the line of TEXT in that file of the broken copy. The first needle of
# each mistake must also be in the closing summary.
GROUPS: dict[str, dict[str, tuple]] = {
    # mkdocs.yml: the schema stops the build before anything is built.
    "schema": {
        "unknown compound splitter": (
            lambda p: edit(p / "mkdocs.yml", "splitter: german-nouns", "splitter: german-noun"),
            ["mkdocs.yml:{line:splitter: german-noun}: extra.search_words.de.splitter 'german-noun' must be "
             "'german-nouns' or 'compound-split'.", "Fix: correct the value of 'splitter:'."]),
        "straight quote in a template text": (
            lambda p: edit(p / "mkdocs.yml", "announce_link: How to object", 'announce_link: How to "object"'),
            ["mkdocs.yml:{line:announce_link: How to \"object\"}: plugins.i18n.languages[en].extra.ui.announce_link "
             "contains a straight double quote", "Write „…“ or “…”"]),
        "markup in a menu title": (
            lambda p: edit(p / "mkdocs.yml", "Kontakt: Contact", "Kontakt: <b>Contact</b>"),
            ["mkdocs.yml:{line:<b>Contact</b>}:", "(a menu title) contains '<'"]),
        "a text missing for a language": (
            lambda p: edit(p / "mkdocs.yml", "              form_heading: Straight to the form\n", ""),
            ["plugins.i18n.languages[en].extra.ui.form_heading is missing for English (en).",
             "Fix: add 'form_heading:' below 'ui:' in the en language block"]),
        "a stale summary list": (
            lambda p: edit(p / "mkdocs.yml", "    - background.md#since-then", "    - background.md#since-2025"),
            ["mkdocs.yml:{line:background.md#since-2025}: timeline_summaries lists background.md#since-2025"]),
    },
    # Front matter: every problem listed before the build; a security problem stops it.
    "front matter": {
        "description with a script in YAML escapes": (
            lambda p: edit(p / "docs/guides/no-account.de.md", "\ndescription: ",
                           '\ndescription: "Widerspruch\\u0022\\u003e\\u003cscript\\u003ewindow.location.replace(1)'
                           '\\u003c/script\\u003e"\nx_description: '),
            ["docs/guides/no-account.de.md:{line:Widerspruch\\u0022}: description contains a straight double quote",
             "Fix: correct the value of 'description:'."]),
        "author with markup": (
            lambda p: edit(p / "docs/contact.en.md", "\ndescription:", '\nauthor: "<img src=x onerror=alert(1)>"\n'
                           "description:"),
            ["docs/contact.en.md:{line:author:}: author: unknown key 'author'.", "Fix: remove it; the keys here are"]),
        "template and location keys": (
            lambda p: edit(p / "docs/imprint.en.md", "\ndescription:",
                           "\ntemplate: redirect.html\nlocation: https://evil.example/\ndescription:"),
            ["docs/imprint.en.md:{line:template:}: template: unknown key 'template'.",
             "docs/imprint.en.md:{line:location:}: location: unknown key 'location'."]),
        "quote in form_url opening an attribute": (
            lambda p: edit(p / "docs/guides/facebook.de.md",
                           "form_url: https://www.facebook.com/help/contact/712876720715583",
                           "form_url: 'https://www.facebook.com/help/contact/712876720715583\" onmouseover=\"alert(1)'"),
            ["docs/guides/facebook.de.md:{line:form_url}: form_url", "contains '\"'", "address bar"]),
        "tab in form_url": (
            lambda p: edit(p / "docs/guides/instagram.en.md",
                           "form_url: https://help.instagram.com/contact/767264225370182",
                           'form_url: "https://help.instagram.com/contact/767264225370182\\tonclick=alert(1)"'),
            ["docs/guides/instagram.en.md:{line:form_url}: form_url", "contains U+0009"]),
        "quote in a source's url": (
            lambda p: edit(p / "docs/guides/facebook.en.md", "    url: https://www.verbraucherzentrale.de/",
                           "    url: 'https://www.verbraucherzentrale.de/\"><img src=x onerror=alert(1)>'\n    x: "),
            ["docs/guides/facebook.en.md:{line:url: 'https://www.verbraucherzentrale.de/}: sources[1].url",
             "contains '\"'"]),
        "form address on a non-Meta host": (
            lambda p: edit(p / "docs/guides/threads.de.md", "form_url: https://help.instagram.com",
                           "form_url: https://instagram-help.example.com"),
            ["docs/guides/threads.de.md:{line:form_url}: form_url", "is not on one of Meta's hosts"]),
        "form address on a look-alike host": (
            lambda p: edit(p / "docs/guides/threads.en.md", "form_url: https://help.instagram.com",
                           "form_url: https://help.evilinstagram.com"),
            ["docs/guides/threads.en.md:{line:form_url}: form_url", "is not on one of Meta's hosts"]),
        "markup in a guide's summary": (
            lambda p: edit(p / "docs/guides/no-account.en.md", "summary: ", "summary: <img src=x onerror=alert(1)> "),
            ["docs/guides/no-account.en.md:{line:summary:}: summary contains '<'"]),
        "front matter YAML error": (
            lambda p: edit(p / "docs/guides/instagram.de.md", "order: 2", "order: 2\nsummary2: Achtung: neu"),
            ["docs/guides/instagram.de.md:{line:Achtung: neu}: the front matter is not valid YAML", "quotes"]),
        "missing description": (
            lambda p: edit(p / "docs/timeline.en.md", "description:", "summary:"),
            ["docs/timeline.en.md:", "description is missing", "Fix: add 'description:'"]),
        "guide order that is not a number": (
            lambda p: edit(p / "docs/guides/no-account.de.md", "order: 4", "order: vier"),
            ["docs/guides/no-account.de.md:{line:order: vier}: order 'vier' must be a whole number"]),
        "a German date": (
            lambda p: edit(p / "docs/guides/facebook.en.md", "last_checked: 2025-05-26", "last_checked: 26.05.2025"),
            ["docs/guides/facebook.en.md:{line:26.05.2025}: last_checked '26.05.2025' is not a date as YYYY-MM-DD; "
             "write it as 2025-05-26"]),
        "last_checked left as TODO by the scaffold": (
            scaffold,
            ["docs/guides/messenger.de.md:{line:last_checked:}: last_checked",
             "docs/guides/messenger.en.md:{line:last_checked:}: last_checked"]),
        "TODO left by the scaffold": (
            lambda p: None,  # the scaffold above
            ["docs/guides/messenger.de.md:2", "TODO marker", "replace it"]),
        "last-checked date differs between languages": (
            lambda p: edit(p / "docs/guides/threads.en.md", "last_checked: 2025-05-26", "last_checked: 2025-05-27"),
            ["docs/guides/threads.en.md: front matter 'last_checked' is \"2025-05-27\"",
             "docs/guides/threads.de.md has \"2025-05-26\""]),
    },
    # docs/timeline.yml: read before the build; every mistake listed, then the build stops.
    "timeline": {
        "a German date": (
            lambda p: edit(p / "docs/timeline.yml", "  date: 2024-06-06\n", "  date: 06.06.2024\n"),
            ["docs/timeline.yml:{line:date: 06.06.2024}: entry '2024-06-06-noyb-complaints': the date '06.06.2024' "
             "is not written as YYYY-MM-DD. Fix: write it as 2024-06-06"]),
        "an entry newer than timeline_as_of": (
            lambda p: append(p / "docs/timeline.yml", "\n- id: 2026-12-03-test-event\n  date: 2026-12-03\n"
                             "  title: {de: Test, en: Test}\n  text: {de: Test., en: Test.}\n"
                             "  sources:\n    - title: Quelle\n      url: https://example.org/\n"),
            ["docs/timeline.yml:{line:date: 2026-12-03}: entry '2026-12-03-test-event': it is dated after "
             "extra.timeline_as_of", "Fix: set 'timeline_as_of:"]),
        "a source without https": (
            lambda p: edit(p / "docs/timeline.yml", "url: https://noyb.eu/", "url: http://noyb.eu/"),
            ["docs/timeline.yml:", "source 1's address 'http://noyb.eu/", "Fix: write 'url: https://…'."]),
    },
    # Content in German pages: the sanitiser and the reserved ids stop the build before
    # any German page is written (the English pages are built after them).
    "content de": {
        "script in Markdown": (
            lambda p: append(p / "docs/privacy.de.md", "\n<script>alert(1)</script>\n"),
            ["docs/privacy.de.md:{line:<script>}: <script> is not allowed", "remove it"]),
        "event handler on the next line": (
            lambda p: append(p / "docs/contact.de.md", '\n<a href="#"\nonmouseover="steal()">x</a>\n'),
            ["docs/contact.de.md:{line:onmouseover}: <a onmouseover=…>", "remove the attribute"]),
        "javascript: link": (
            lambda p: append(p / "docs/index.de.md", "\n[Formular](javascript:alert(1))\n"),
            ["docs/index.de.md:{line:javascript:}: <a href=\"javascript:alert(1)\">", "only https://"]),
        "javascript: split by an entity-encoded tab": (
            lambda p: append(p / "docs/faq.de.md", "\n[Formular](java&#9;script:alert(1))\n"),
            ["docs/faq.de.md:{line:java&#9;script}: <a href=\"javascript:alert(1)\">", "only https://"]),
        "form in Markdown": (
            lambda p: append(p / "docs/imprint.de.md", '\n<form action="https://example.org"><input></form>\n'),
            ["docs/imprint.de.md:{line:<form}: <form> is not allowed", "remove it"]),
        "script in the timeline data": (
            lambda p: edit(p / "docs/timeline.yml", "Die Datenschutzorganisation noyb reicht",
                           "<script>alert(1)</script> Die Datenschutzorganisation noyb reicht"),
            ["docs/timeline.de.md (from docs/timeline.yml:", "<script> is not allowed", "remove it"]),
        "meta refresh redirect": (
            lambda p: append(p / "docs/accessibility.de.md",
                             '\n<meta http-equiv="refresh" content="0;url=https://example.org">\n'),
            ["docs/accessibility.de.md:{line:http-equiv}: <meta> is not allowed", "remove it"]),
        "style attribute through attr_list": (
            lambda p: append(p / "docs/background.de.md", '\nAchtung\n{: style="position:fixed;inset:0" }\n'),
            ["docs/background.de.md:{line:style=}: <p style=…>", "site.css"]),
        "the page data's id": (
            lambda p: append(p / "docs/press-release.de.md", "\n## Daten {#site-data}\n\nText.\n"),
            ["docs/press-release.de.md:{line:#site-data}: the id \"site-data\" is used by the site's templates",
             "Choose another id"]),
        "the theme configuration's id": (
            lambda p: append(p / "docs/guides/index.de.md", '\n<span id="__config" hidden>{}</span>\n'),
            ["docs/guides/index.de.md:{line:__config}: the id \"__config\" is used by the site's templates"]),
    },
    "content en": {
        "plain http link": (
            lambda p: append(p / "docs/guides/index.en.md", "\n[Authority](http://www.datenschutz-hamburg.de)\n"),
            ["docs/guides/index.en.md:{line:http://}: <a href=\"http://www.datenschutz-hamburg.de\">",
             "link to the https:// address"]),
        "script after a fake code fence": (
            lambda p: append(p / "docs/privacy.en.md", "\nText\n    ```\n\n<script>alert(1)</script>\n"),
            ["docs/privacy.en.md:{line:<script>}: <script> is not allowed"]),
        "onclick attribute": (
            lambda p: append(p / "docs/contact.en.md", '\n<a href="#" onclick="steal()">Click</a>\n'),
            ["docs/contact.en.md:{line:onclick}: <a onclick=…>", "remove the attribute"]),
        "entity-encoded javascript: link": (
            lambda p: append(p / "docs/faq.en.md", "\n[x](javascript&#58;alert(1))\n"),
            ["docs/faq.en.md:{line:javascript&#58;}: <a href=\"javascript:alert(1)\">", "only https://"]),
        "javascript: in a raw link with a hex-encoded tab": (
            lambda p: append(p / "docs/timeline.en.md", '\n<a href="jav&#x09;ascript:alert(1)">Call</a>\n'),
            ["docs/timeline.en.md:{line:jav&#x09;ascript}: <a href=\"javascript:alert(1)\">"]),
        "SVG animation setting a javascript: address": (
            lambda p: append(p / "docs/imprint.en.md",
                             '\n<svg><a><animate attributeName="href" values="javascript:alert(1)"/>'
                             '<text y="20">Click</text></a></svg>\n'),
            ["docs/imprint.en.md:{line:<svg>}: <svg> is not allowed",
             "docs/imprint.en.md:{line:<svg>}: <animate> is not allowed"]),
        "SVG set element": (
            lambda p: append(p / "docs/accessibility.en.md",
                             '\n<svg><set attributeName="onmouseover" to="alert(1)"/></svg>\n'),
            ["docs/accessibility.en.md:{line:<svg>}: <svg> is not allowed", "<set> is not allowed"]),
        "event handler through attr_list": (
            lambda p: append(p / "docs/background.en.md", '\nNote\n{: onclick="steal()" }\n'),
            ["docs/background.en.md:{line:onclick}: <p onclick=…>", "remove the attribute"]),
        "an id beginning with two underscores": (
            lambda p: append(p / "docs/press-release.en.md", '\n<span id="__drawer">x</span>\n'),
            ["docs/press-release.en.md:{line:__drawer}: the id \"__drawer\" is used by the site's templates"]),
    },
    # Ordinary mistakes: the strict build fails on its warnings, the source checks on theirs.
    "build warnings and source checks": {
        "broken relative link": (
            lambda p: append(p / "docs/faq.de.md", "\nSiehe [Anleitungen](guides/anleitungen.md).\n"),
            ["docs/faq.de.md:{line:guides/anleitungen.md}: Doc file 'faq.de.md' contains a link "
             "'guides/anleitungen.md'", "Fix: did you mean 'guides/index.md'?",
             "A link is relative to this file's folder (docs/)"]),
        "broken link from a guide": (
            lambda p: append(p / "docs/guides/facebook.de.md", "\nSiehe [FAQ](faq.md).\n"),
            ["docs/guides/facebook.de.md:{line:(faq.md)}: Doc file 'guides/facebook.de.md' contains a link 'faq.md'",
             "Fix: did you mean '../faq.md'?", "(docs/guides/)"]),
        "broken anchor": (
            lambda p: append(p / "docs/background.en.md", "\nSee [the deadline](faq.md#deadlin).\n"),
            ["docs/background.en.md:{line:#deadlin}: Doc file 'background.en.md' contains a link 'faq.md#deadlin'",
             "Fix: did you mean '#deadline'?"]),
        "root-absolute link": (
            lambda p: append(p / "docs/accessibility.en.md", "\nSee the [FAQ](/en/faq/).\n"),
            ["docs/accessibility.en.md:{line:(/en/faq/)}:", "absolute link", "sub-path"]),
        "unknown authority token": (
            lambda p: append(p / "docs/contact.de.md", "\nTelefon: {{ authority.telefon }}\n"),
            ["docs/contact.de.md:{line:authority.telefon}: unknown token '{{ authority.telefon }}'",
             "authority.phone"]),
        "misspelt token with capitals": (
            lambda p: append(p / "docs/imprint.en.md", "\nCall {{ authority.Phone }}.\n"),
            ["docs/imprint.en.md:{line:authority.Phone}: unknown token '{{ authority.Phone }}'"]),
        "unknown hosting token": (
            lambda p: append(p / "docs/privacy.en.md", "\nHost: {{ hosting.adress }}\n"),
            ["docs/privacy.en.md:{line:hosting.adress}: unknown token", "hosting.operator",
             "extra.hosting in mkdocs.yml"]),
        "synonym for a section that does not exist": (
            lambda p: append(p / "docs/search/synonyms.de.yml", "- words: [Kinderfotos]\n  find: faq.md#kinderfotos\n"),
            ["docs/search/synonyms.de.yml:{line:faq.md#kinderfotos}: 'find: faq.md#kinderfotos' names no section"]),
        "synonym entry without words": (
            lambda p: append(p / "docs/search/synonyms.en.yml", "- find: faq.md#deadline\n"),
            ["docs/search/synonyms.en.yml:{line:- find: faq.md#deadline}:", "needs exactly 'words'"]),
        "missing translation of a page": (
            lambda p: (p / "docs/contact.en.md").unlink(),
            ["docs/contact.en.md: missing", "translate docs/contact.de.md"]),
        "missing translation of a section": (
            lambda p: edit(p / "docs/faq.en.md", "{#whatsapp}", "{#whats-app}"),
            ["docs/faq.en.md:{line:{#whats-app}}: the heading id #whats-app differs from #whatsapp",
             "use {#whatsapp} in both languages"]),
        "heading without an id": (
            lambda p: edit(p / "docs/press-release.de.md", "## Wie geht es weiter? {#what-happens-next}",
                           "## Wie geht es weiter?"),
            ["docs/press-release.de.md:{line:## Wie geht es weiter?}: the heading \"Wie geht es weiter?\" "
             "has no fixed id", "end the line with {#what-happens-next}"]),
        "image without alt text": (
            lambda p: append(p / "docs/guides/index.en.md", "\n![](../assets/logo.svg)\n"),
            ["docs/guides/index.en.md:{line:![](}:", "without alt text", "describe the image"]),
        "step count differs between languages": (
            lambda p: edit(p / "docs/guides/threads.en.md", "\n1. ", "\n1. Open the app.\n1. "),
            ["docs/guides/threads.en.md:", "numbered steps, but docs/guides/threads.de.md has", "same steps"]),
    },
    # Needs a built site: only the budget.
    "page weight": {
        "page over the weight budget": (
            lambda p: edit(p / "budgets.yml", "max_kb: 55", "max_kb: 20"),
            ["docs/faq.de.md (faq/index.html): the page is", "over the budget", "Fix: ask a maintainer"]),
    },
}
CASES = [(group, mistake) for group, mistakes in GROUPS.items() for mistake in mistakes]


def expected(project: Path, needle: str) -> str:
    """Fill in {line:text} with the line number of `text` in the file named before it."""
    if "{line:" not in needle:
        return needle
    head, rest = needle.split("{line:", 1)
    text, tail = rest.split("}:", 1) if "}:" in rest else rest.rsplit("}", 1)
    file = re.split(r"\s", head)[-1].rstrip(":") or head.rstrip(":")
    sep = ":" if "}:" in rest else ""
    return f"{head}{line_of(project / file, text)}{sep}{tail}"


@pytest.fixture(scope="session")
def checked(once):
    """checked(group) -> (copy, result): the group's mistakes in one copy, checked by one
    `make check`, once per test run (the worker that needs it first runs it)."""

    def make(folder: Path, group: str):
        project = copy_project(folder / "project")
        if group == "build warnings and source checks":
            git_repo(project)  # the timeline reminder compares with git
            append(project / "docs/timeline.yml", "\n# a new entry would go here\n")
        for breaks, _ in GROUPS[group].values():
            breaks(project)
        return project, make_check(project)

    return lambda group: once(f"mistakes {group}", lambda folder: make(folder, group))


@pytest.mark.parametrize("group, mistake", CASES, ids=[f"{g}: {m}" for g, m in CASES])
def test_make_check_refuses(group, mistake, checked):
    project, result = checked(group)
    output = result.stdout + result.stderr
    needles = [expected(project, n) for n in GROUPS[group][mistake][1]]
    assert result.returncode != 0, f"make check accepted: {group}\n{output[-3000:]}"
    assert "Traceback" not in output, f"{group}: a crash instead of a message\n{output[-3000:]}"
    for needle in needles:
        assert needle in output, f"{mistake}: message lacks {needle!r}\n{output[-4000:]}"
    summary = output[output.rindex("make check failed"):]
    assert needles[0] in summary, f"{mistake}: not in the closing summary\n{summary}"


@pytest.mark.parametrize("group", GROUPS)
def test_the_output_is_quiet_and_ends_with_the_summary(group, checked):
    """No make or MkDocs noise, no INFO lines; the summary lists each problem once and
    explains make's own closing line."""
    _, result = checked(group)
    output = result.stdout + result.stderr
    for noise in ("make[1]: ***", "make[2]: ***", "Aborted with", "INFO    -", "Entering directory"):
        assert noise not in output, f"{group}: {noise!r} in the output\n{output[-3000:]}"
    problems = summary_of(output)
    assert problems and len(problems) == len(set(problems)), problems
    lines = output.rstrip().splitlines()
    assert lines[-1].startswith("make: *** ") and "it only repeats that the check failed" in lines[-2], lines[-3:]


def summary_of(output: str) -> list[str]:
    """The problems listed at the end of a failed `make check`."""
    tail = output[output.rindex("make check failed"):].splitlines()[1:]
    return [line[4:] for line in tail if line.startswith("  - ")]


def test_security_problems_stop_the_build_even_without_strict(checked, tmp_path):
    """A draft with a TODO is viewable in `make serve`; markup in front matter or content is not."""
    for group in ("front matter", "content de"):
        project, _ = checked(group)
        result = build(project, tmp_path / group.replace(" ", "-"), strict=False)
        assert result.returncode == 1, f"{group}: a non-strict build went through\n{result.stderr[-2000:]}"
        assert "not even a preview" in result.stderr, result.stderr[-2000:]


def test_a_content_security_problem_is_named_once(checked):
    """The sanitiser names a javascript: address (written with a character reference too);
    MkDocs' 'unrecognized relative link' does not repeat it."""
    for group in ("content de", "content en"):
        _, result = checked(group)
        problems = summary_of(result.stdout + result.stderr)
        assert not [p for p in problems if "unrecognized relative link" in p], problems


def test_a_timeline_change_lists_the_texts_that_summarise_it(checked):
    project, result = checked("build warnings and source checks")
    output = result.stdout + result.stderr
    tail = output[output.rindex("Reminder: docs/timeline.yml has changed"):]
    for file, needle in (("docs/timeline.de.md", "description:"), ("docs/timeline.en.md", "description:"),
                         ("docs/timeline.de.md", "{#open}"), ("docs/timeline.en.md", "{#open}")):
        assert f"{file}:{line_of(project / file, needle)}:" in tail, tail


@pytest.fixture(scope="session")
def unbroken(once) -> tuple[Path, subprocess.CompletedProcess]:
    def make(folder: Path):
        project = copy_project(folder / "project")
        git_repo(project)
        return project, make_check(project)

    return once("mistakes none", make)


def test_unbroken_site_passes_quietly(unbroken):
    _, result = unbroken
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert output.rstrip().endswith("make check: all checks passed.")
    assert "INFO" not in output and "Reminder: docs/timeline.yml" not in output


@pytest.fixture(scope="session")
def one_message_each(once) -> tuple[Path, list[str]]:
    """Two heading-id mistakes that several checks could report (headings no link points to)."""
    def make(folder: Path):
        project = copy_project(folder / "project")
        edit(project / "docs/faq.en.md", "{#notification}", "{#message-from-meta}")
        edit(project / "docs/faq.en.md", " {#meta-ai-chats}", "")
        result = make_check(project)
        return project, summary_of(result.stdout + result.stderr)

    return once("mistakes heading ids", make)


def test_a_renamed_heading_id_is_one_message_with_both_lines(one_message_each):
    project, problems = one_message_each
    mine = [p for p in problems if "message-from-meta" in p]
    assert len(mine) == 1, problems
    en = line_of(project / "docs/faq.en.md", "{#message-from-meta}")
    de = line_of(project / "docs/faq.de.md", "{#notification}")
    assert f"docs/faq.en.md:{en}:" in mine[0] and f"docs/faq.de.md:{de}" in mine[0], mine


def test_a_heading_without_id_is_one_message(one_message_each):
    _, problems = one_message_each
    mine = [p for p in problems if "{#meta-ai-chats}" in p]
    assert len(mine) == 1, problems
    assert len(problems) == 2, problems


def test_a_section_missing_in_one_language_says_where_it_belongs(tmp_path):
    """scripts/translations.py: the missing section's heading, its place and the id to use."""
    project = copy_project(tmp_path / "project")
    text = (project / "docs/faq.en.md").read_text(encoding="utf-8")
    start = text.rindex("\n### ", 0, text.index("{#whatsapp}"))
    end = text.index("\n##", text.index("{#whatsapp}"))
    (project / "docs/faq.en.md").write_text(text[:start] + text[end:], encoding="utf-8")
    result = subprocess.run([sys.executable, str(project / "scripts/translations.py"), "check"],
                            cwd=project, capture_output=True, text=True)
    de = line_of(project / "docs/faq.de.md", "{#whatsapp}")
    message = next(line for line in result.stdout.splitlines() if "#whatsapp" in line)
    assert re.match(rf"docs/faq\.en\.md:\d+: the section „Kann ich bei WhatsApp widersprechen\?“ "
                    rf"\(docs/faq\.de\.md:{de}, #whatsapp\) has no counterpart here; translate it into "
                    r"docs/faq\.en\.md after the section #\S+ \(its heading is at line \d+\) and end its heading "
                    r"with \{#whatsapp\}", message), message


def test_new_guide_drafts_in_each_language_with_hosts_from_the_check(tmp_path):
    project = copy_project(tmp_path / "project")
    scaffold(project)
    import yaml
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    form_hosts = config["extra"]["forms"]["hosts"]
    german = (project / "docs/guides/messenger.de.md").read_text(encoding="utf-8")
    english = (project / "docs/guides/messenger.en.md").read_text(encoding="utf-8")
    for word in ("one sentence", "title of the source", "address of", "chooser"):
        assert word not in german, f"English placeholder {word!r} in the German file"
    assert "ein Satz" in german and "Titel der Quelle" in german
    for text in (german, english):
        form_line = next(line for line in text.splitlines() if line.startswith("form_url:"))
        assert form_hosts and all(host in form_line for host in form_hosts), form_line
        checked = next(line for line in text.splitlines() if line.startswith("last_checked:"))
        assert checked.startswith("last_checked: TODO") and not re.search(r"\d{4}-\d{2}-\d{2}", checked.split("#")[0])


def test_a_draft_guide_can_be_previewed(tmp_path):
    """`make serve` is not strict: the draft builds, its problems are named with file and line."""
    project = copy_project(tmp_path / "project")
    scaffold(project)
    dry = subprocess.run(["make", "-n", "-C", str(project), "serve", f"VENV={ROOT / '.venv'}"],
                         capture_output=True, text=True)
    serve = next(line for line in dry.stdout.splitlines() if " serve " in line)
    assert "--no-strict" in serve, serve
    result = build(project, tmp_path / "s", strict=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "s/guides/messenger/index.html").is_file()
    line = line_of(project / "docs/guides/messenger.de.md", "last_checked:")
    assert f"docs/guides/messenger.de.md:{line}: last_checked" in result.stderr, result.stderr[-2000:]
