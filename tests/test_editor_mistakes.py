"""Every editing mistake in the corpus is refused by `make check` with a
message that names the file, the line where there is one, and the fix.

Each case breaks a scratch copy of the real project in one small way, as an
editor in GitHub's web editor might, and runs the same command CI runs.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, make_check, mkdocs_env


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


# name: (how to break the copy, what the message must contain; {line:…} is
# replaced by the line of that text in the broken file)
MISTAKES = {
    "broken relative link": (
        lambda p: append(p / "docs/faq.de.md", "\nSiehe [Formular](guides/formular.md).\n"),
        ["docs/faq.de.md:{line:guides/formular.md}", "guides/formular.md", "Fix:"],
    ),
    "broken anchor": (
        lambda p: append(p / "docs/faq.en.md", "\nSee [steps](guides/facebook.md#step-by-step).\n"),
        ["docs/faq.en.md:{line:#step-by-step}", "#step-by-step", "Fix:"],
    ),
    "missing translation": (
        lambda p: (p / "docs/contact.en.md").unlink(),
        ["docs/contact.en.md: missing", "translate docs/contact.de.md"],
    ),
    "anchor in one language only": (
        lambda p: edit(p / "docs/faq.en.md", "{#email-address}", "{#e-mail}"),
        ["docs/faq.en.md:{line:{#e-mail}}: the heading id #e-mail differs from #email-address",
         "docs/faq.de.md:{line:{#email-address}}", "use {#email-address} in both languages"],
    ),
    "heading without an id": (
        lambda p: edit(p / "docs/background.de.md", "### Was ist seitdem passiert? {#since-then}",
                       "### Was ist seitdem passiert?"),
        ["docs/background.de.md:{line:### Was ist seitdem passiert?}: the heading \"Was ist seitdem passiert?\" has no fixed id",
         "end the line with {#since-then}"],
    ),
    "new heading without an id": (
        lambda p: append(p / "docs/contact.de.md", "\n## Neuer Abschnitt für Presseanfragen\n\nText.\n"),
        ["docs/contact.de.md:{line:## Neuer Abschnitt}", "{#neuer-abschnitt-fuer-presseanfragen}"],
    ),
    "page over the weight budget": (
        lambda p: edit(p / "budgets.yml", "max_kb: 55", "max_kb: 20"),
        ["docs/faq.de.md (faq/index.html): the page is", "over the budget", "Fix: ask a maintainer"],
    ),
    "last_checked left as TODO by the scaffold": (
        scaffold,
        ["docs/guides/messenger.de.md:{line:last_checked:}", "docs/guides/messenger.en.md:{line:last_checked:}",
         "last_checked \"TODO\" is not an ISO date"],
    ),
    "front matter YAML error": (
        lambda p: edit(p / "docs/guides/facebook.de.md", "order: 1", "order: 1\nsummary: Achtung: neu"),
        ["docs/guides/facebook.de.md:{line:Achtung: neu}", "not valid YAML", "quotes"],
    ),
    "missing last-checked date": (
        lambda p: edit(p / "docs/guides/instagram.en.md", "last_checked:", "checked:"),
        ["docs/guides/instagram.en.md", "'last_checked' is missing", "YYYY-MM-DD"],
    ),
    "malformed last-checked date": (
        lambda p: edit(p / "docs/guides/facebook.en.md", "last_checked: 2025-05-26", "last_checked: 26.05.2025"),
        ["docs/guides/facebook.en.md:{line:26.05.2025}", "not an ISO date (YYYY-MM-DD)"],
    ),
    "form address on a non-Meta host": (
        lambda p: edit(p / "docs/guides/threads.de.md", "form_url: https://help.instagram.com",
                       "form_url: https://instagram-help.example.com"),
        ["docs/guides/threads.de.md:{line:form_url}", "one of Meta's hosts"],
    ),
    "form address on a look-alike host": (
        lambda p: edit(p / "docs/guides/facebook.en.md", "form_url: https://www.facebook.com",
                       "form_url: https://www.evilfacebook.com"),
        ["docs/guides/facebook.en.md:{line:form_url}", "one of Meta's hosts"],
    ),
    "root-absolute link": (
        lambda p: append(p / "docs/contact.en.md", "\nSee the [FAQ](/en/faq/).\n"),
        ["docs/contact.en.md:{line:(/en/faq/)}", "absolute link", "sub-path"],
    ),
    "guide order that is not a number": (
        lambda p: edit(p / "docs/guides/threads.de.md", "order: 3", "order: drei"),
        ["docs/guides/threads.de.md:{line:order: drei}", "must be a whole number"],
    ),
    "script in Markdown": (
        lambda p: append(p / "docs/privacy.de.md", "\n<script>alert(1)</script>\n"),
        ["docs/privacy.de.md:{line:<script>}", "<script> is not allowed", "remove it"],
    ),
    "script after a fake code fence": (
        lambda p: append(p / "docs/privacy.en.md", "\nText\n    ```\n\n<script>alert(1)</script>\n"),
        ["docs/privacy.en.md:{line:<script>}: <script> is not allowed"],
    ),
    "event handler on the next line": (
        lambda p: append(p / "docs/contact.de.md", '\n<a href="#"\nonmouseover="steal()">x</a>\n'),
        ["docs/contact.de.md:{line:onmouseover}: <a onmouseover=…>", "remove the attribute"],
    ),
    "entity-encoded javascript: link": (
        lambda p: append(p / "docs/faq.en.md", "\n[x](javascript&#58;alert(1))\n"),
        ["docs/faq.en.md:{line:javascript&#58;}: <a href=\"javascript:alert(1)\">", "only https://",
         "link to the https:// address"],
    ),
    "form in Markdown": (
        lambda p: append(p / "docs/imprint.de.md", '\n<form action="https://example.org"><input></form>\n'),
        ["docs/imprint.de.md:{line:<form}: <form> is not allowed", "remove it"],
    ),
    "script in the timeline data": (
        lambda p: edit(p / "docs/timeline.yml", "Die Datenschutzorganisation noyb reicht",
                       "<script>alert(1)</script> Die Datenschutzorganisation noyb reicht"),
        ["docs/timeline.de.md (from docs/timeline.yml:", "<script> is not allowed", "remove it"],
    ),
    "misspelt token": (
        lambda p: append(p / "docs/contact.en.md", "\nCall {{ authority.Phone }}.\n"),
        ["docs/contact.en.md: '{{ authority.Phone }}' was not filled in", "check its spelling"],
    ),
    "onclick attribute": (
        lambda p: append(p / "docs/contact.en.md", '\n<a href="#" onclick="steal()">Click</a>\n'),
        ["docs/contact.en.md:{line:onclick}", "event handler", "remove"],
    ),
    "javascript: link": (
        lambda p: append(p / "docs/index.de.md", "\n[Formular](javascript:alert(1))\n"),
        ["docs/index.de.md:{line:javascript:}", "javascript: address is not allowed"],
    ),
    "plain http link": (
        lambda p: append(p / "docs/imprint.en.md", "\n[Authority](http://www.datenschutz-hamburg.de)\n"),
        ["docs/imprint.en.md:{line:http://}", "use the https:// address"],
    ),
    "image without alt text": (
        lambda p: append(p / "docs/guides/index.de.md", "\n![](../assets/logo.svg)\n"),
        ["docs/guides/index.de.md:{line:![](}", "without alt text", "describe the image"],
    ),
    "TODO left by the scaffold": (
        scaffold,
        ["docs/guides/messenger.de.md:2", "TODO marker", "replace it"],
    ),
    "step count differs between languages": (
        lambda p: edit(p / "docs/guides/facebook.en.md", "\n1. ", "\n1. Open the app.\n1. ", ),
        ["docs/guides/facebook.en.md:", "numbered steps, but docs/guides/facebook.de.md has",
         "same steps"],
    ),
    "unknown authority token": (
        lambda p: append(p / "docs/contact.de.md", "\nTelefon: {{ authority.telefon }}\n"),
        ["docs/contact.de.md:{line:authority.telefon}", "unknown token", "authority.phone"],
    ),
    "unknown hosting token": (
        lambda p: append(p / "docs/privacy.en.md", "\nHost: {{ hosting.adress }}\n"),
        ["docs/privacy.en.md:{line:hosting.adress}", "unknown token", "hosting.operator",
         "extra.hosting in mkdocs.yml"],
    ),
    "last-checked date differs between languages": (
        lambda p: edit(p / "docs/guides/facebook.en.md", "last_checked: 2025-05-26", "last_checked: 2025-05-27"),
        ["docs/guides/facebook.en.md: front matter 'last_checked' is \"2025-05-27\"",
         "docs/guides/facebook.de.md has \"2025-05-26\""],
    ),
    # --- Active content the pattern checks missed (issue 14): the allowlist
    # sanitiser (hooks/sitegen/sanitise.py) and the address checks refuse each.
    "quote in form_url opening an attribute": (
        lambda p: edit(p / "docs/guides/facebook.de.md", "form_url: https://www.facebook.com/help/contact/712876720715583",
                       "form_url: 'https://www.facebook.com/help/contact/712876720715583\" onmouseover=\"alert(1)'"),
        ["docs/guides/facebook.de.md:{line:form_url}", "form_url contains '\"'", "quotes, spaces",
         "address bar"],
    ),
    "tab in form_url": (
        lambda p: edit(p / "docs/guides/instagram.en.md", "form_url: https://help.instagram.com/contact/767264225370182",
                       'form_url: "https://help.instagram.com/contact/767264225370182\tonclick=alert(1)"'),
        ["docs/guides/instagram.en.md:{line:form_url}", "form_url contains U+0009"],
    ),
    "quote in a source's url": (
        lambda p: edit(p / "docs/guides/facebook.en.md", "    url: https://www.verbraucherzentrale.de/",
                       "    url: 'https://www.verbraucherzentrale.de/\"><img src=x onerror=alert(1)>'\n    x: "),
        ["docs/guides/facebook.en.md:{line:sources:}", "source 1's url contains '\"'"],
    ),
    "javascript: split by an entity-encoded tab": (
        lambda p: append(p / "docs/faq.de.md", "\n[Formular](java&#9;script:alert(1))\n"),
        ["docs/faq.de.md:{line:java&#9;script}", "<a href=\"javascript:alert(1)\">", "only https://"],
    ),
    "javascript: in a raw link with a hex-encoded tab": (
        lambda p: append(p / "docs/contact.en.md", '\n<a href="jav&#x09;ascript:alert(1)">Call</a>\n'),
        ["docs/contact.en.md:{line:jav&#x09;ascript}", "<a href=\"javascript:alert(1)\">"],
    ),
    "SVG animation setting a javascript: address": (
        lambda p: append(p / "docs/imprint.en.md",
                         '\n<svg><a><animate attributeName="href" values="javascript:alert(1)"/>'
                         '<text y="20">Click</text></a></svg>\n'),
        ["docs/imprint.en.md:{line:<svg>}: <svg> is not allowed",
         "docs/imprint.en.md:{line:<svg>}: <animate> is not allowed"],
    ),
    "SVG set element": (
        lambda p: append(p / "docs/privacy.en.md", '\n<svg><set attributeName="onmouseover" to="alert(1)"/></svg>\n'),
        ["docs/privacy.en.md:{line:<svg>}: <svg> is not allowed", "<set> is not allowed"],
    ),
    "meta refresh redirect": (
        lambda p: append(p / "docs/accessibility.de.md",
                         '\n<meta http-equiv="refresh" content="0;url=https://example.org">\n'),
        ["docs/accessibility.de.md:{line:http-equiv}: <meta> is not allowed", "remove it"],
    ),
    "style attribute through attr_list": (
        lambda p: append(p / "docs/contact.de.md", '\nAchtung\n{: style="position:fixed;inset:0" }\n'),
        ["docs/contact.de.md:{line:style=}: <p style=…>", "site.css"],
    ),
    "event handler through attr_list": (
        lambda p: append(p / "docs/faq.en.md", '\nNote\n{: onclick="steal()" }\n'),
        ["docs/faq.en.md:{line:onclick}: <p onclick=…>", "remove the attribute"],
    ),
    "script in a guide's summary": (
        lambda p: edit(p / "docs/guides/threads.en.md", "summary: ", "summary: <img src=x onerror=alert(1)> "),
        ["docs/index.en.md (from docs/guides/threads.en.md:", "<img onerror=…>", "remove the attribute"],
    ),
    "missing description": (
        lambda p: edit(p / "docs/timeline.en.md", "description:", "summary:"),
        ["docs/timeline.en.md", "description must be one sentence"],
    ),
    # Readers' words for the search (docs/search/synonyms.<lang>.yml, hooks/sitegen/search_words.py).
    "synonym for a section that does not exist": (
        lambda p: append(p / "docs/search/synonyms.de.yml", "- words: [Kinderfotos]\n  find: faq.md#kinderfotos\n"),
        ["docs/search/synonyms.de.yml:{line:faq.md#kinderfotos}", "names no section", "an anchor that exists"],
    ),
    "synonym for a page that does not exist": (
        lambda p: append(p / "docs/search/synonyms.en.yml", "- words: [messenger]\n  find: guides/messenger.md\n"),
        ["docs/search/synonyms.en.yml:{line:guides/messenger.md}", "names no page"],
    ),
    "synonym entry without words": (
        lambda p: append(p / "docs/search/synonyms.de.yml", "- find: faq.md#deadline\n"),
        ["docs/search/synonyms.de.yml:{line:- find: faq.md#deadline}", "needs exactly 'words'"],
    ),
    "unknown compound splitter": (
        lambda p: edit(p / "mkdocs.yml", "splitter: german-nouns", "splitter: german-noun"),
        ["extra.search_words.de.splitter is 'german-noun'", "german-nouns"],
    ),
}


def expected(project: Path, needle: str) -> str:
    """Fill in {line:text} with the line number of `text` in the file named before it."""
    if "{line:" not in needle:
        return needle
    head, rest = needle.split("{line:", 1)
    text, tail = rest.rsplit("}", 1)
    file = head.rstrip(":")
    return f"{head}{line_of(project / file, text)}{tail}"


@pytest.mark.parametrize("mistake", MISTAKES)
def test_make_check_refuses(mistake, project_copy):
    breaks, messages = MISTAKES[mistake]
    breaks(project_copy)
    result = make_check(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"make check accepted: {mistake}\n{output[-3000:]}"
    assert "Traceback" not in output, f"{mistake}: a crash instead of a message\n{output[-3000:]}"
    for needle in messages:
        assert expected(project_copy, needle) in output, (
            f"{mistake}: message lacks {expected(project_copy, needle)!r}\n{output[-3000:]}"
        )
    # No make or MkDocs noise, and the problem is repeated in the closing summary.
    for noise in ("make[1]: ***", "make[2]: ***", "Aborted with"):
        assert noise not in output, f"{mistake}: {noise!r} in the output\n{output[-3000:]}"
    summary = output[output.rindex("make check failed"):]
    assert expected(project_copy, messages[0]) in summary, f"{mistake}: not in the summary\n{summary}"


def test_unbroken_site_passes(project_copy):
    result = make_check(project_copy)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]


# --- Rough edges a trial found (issue 18) ------------------------------------

def summary_of(output: str) -> list[str]:
    """The problems listed at the end of a failed `make check`."""
    tail = output[output.rindex("make check failed"):].splitlines()[1:]
    return [line[4:] for line in tail if line.startswith("  - ")]


def test_one_message_per_mistake_with_both_lines(project_copy):
    edit(project_copy / "docs/faq.en.md", "{#genuine-form}", "{#real-form}")
    result = make_check(project_copy)
    problems = summary_of(result.stdout + result.stderr)
    assert len(problems) == 1, problems
    en, de = line_of(project_copy / "docs/faq.en.md", "{#real-form}"), line_of(project_copy / "docs/faq.de.md", "{#genuine-form}")
    assert f"docs/faq.en.md:{en}:" in problems[0] and f"docs/faq.de.md:{de}" in problems[0], problems


def test_a_heading_without_id_is_one_message(project_copy):
    edit(project_copy / "docs/faq.en.md", "{#genuine-form}", "")
    result = make_check(project_copy)
    problems = summary_of(result.stdout + result.stderr)
    assert len(problems) == 1 and "{#genuine-form}" in problems[0], problems


def test_new_guide_drafts_in_each_language_with_hosts_from_the_check(project_copy):
    scaffold(project_copy)
    import yaml
    config = yaml.load((project_copy / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    form_hosts = config["extra"]["forms"]["hosts"]
    german = (project_copy / "docs/guides/messenger.de.md").read_text(encoding="utf-8")
    english = (project_copy / "docs/guides/messenger.en.md").read_text(encoding="utf-8")
    for word in ("one sentence", "title of the source", "address of", "chooser"):
        assert word not in german, f"English placeholder {word!r} in the German file"
    assert "ein Satz" in german and "Titel der Quelle" in german
    for text in (german, english):
        form_line = next(line for line in text.splitlines() if line.startswith("form_url:"))
        assert form_hosts and all(host in form_line for host in form_hosts), form_line
        checked = next(line for line in text.splitlines() if line.startswith("last_checked:"))
        assert checked.startswith("last_checked: TODO") and not re.search(r"\d{4}-\d{2}-\d{2}", checked.split("#")[0])


def test_a_draft_guide_can_be_previewed(project_copy, tmp_path):
    """`make serve` is not strict: the draft builds, its problems are named with file and line."""
    scaffold(project_copy)
    dry = subprocess.run(["make", "-n", "-C", str(project_copy), "serve", f"VENV={ROOT / '.venv'}"],
                         capture_output=True, text=True)
    serve = next(line for line in dry.stdout.splitlines() if " serve " in line)
    assert "--no-strict" in serve, serve
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--no-strict", "--site-dir", str(tmp_path / "s")],
                            cwd=project_copy, env=mkdocs_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "s/guides/messenger/index.html").is_file()
    assert "docs/guides/messenger.de.md:8: last_checked" in result.stderr


def _git_repo(project: Path) -> None:
    shutil.copy2(ROOT / ".gitignore", project / ".gitignore")
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
        subprocess.run(["git", "-C", str(project), "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
                       check=True, capture_output=True)


def test_a_timeline_change_lists_the_texts_that_summarise_it(project_copy):
    _git_repo(project_copy)
    append(project_copy / "docs/timeline.yml", "\n# a new entry would go here\n")
    result = make_check(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    tail = output[output.rindex("Reminder: docs/timeline.yml has changed"):]
    for file, needle in (("docs/timeline.de.md", "description:"), ("docs/timeline.en.md", "description:"),
                         ("docs/timeline.de.md", "{#open}"), ("docs/timeline.en.md", "{#open}"),
                         ("docs/background.de.md", "{#since-then}"), ("docs/background.en.md", "{#since-then}")):
        assert f"{file}:{line_of(project_copy / file, needle)}:" in tail, tail


def test_no_reminder_without_a_timeline_change(project_copy):
    _git_repo(project_copy)
    result = make_check(project_copy)
    assert "Reminder: docs/timeline.yml" not in result.stdout + result.stderr


def test_a_stale_summary_list_fails_with_the_config_line(project_copy):
    edit(project_copy / "mkdocs.yml", "    - background.md#since-then", "    - background.md#since-2025")
    result = make_check(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    line = line_of(project_copy / "mkdocs.yml", "background.md#since-2025")
    assert f"mkdocs.yml:{line}: timeline_summaries lists background.md#since-2025" in summary_of(output)[0], output[-2000:]
