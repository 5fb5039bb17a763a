"""Every editing mistake in the corpus is refused by `make check` with a
message that names the file, the line where there is one, and the fix.

Each case breaks a scratch copy of the real project in one small way, as an
editor in GitHub's web editor might, and runs the same command CI runs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import make_check


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
        ["docs/faq.en.md: anchor #email-address is missing", "docs/faq.de.md:",
         "docs/faq.en.md:{line:{#e-mail}}: anchor #e-mail does not exist"],
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
    "last-checked date differs between languages": (
        lambda p: edit(p / "docs/guides/facebook.en.md", "last_checked: 2025-05-26", "last_checked: 2025-05-27"),
        ["docs/guides/facebook.en.md: front matter 'last_checked' is \"2025-05-27\"",
         "docs/guides/facebook.de.md has \"2025-05-26\""],
    ),
    # --- Active content the pattern checks missed (issue 14): the allowlist
    # sanitiser (hooks/sanitise.py) and the address checks refuse each.
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


def test_unbroken_site_passes(project_copy):
    result = make_check(project_copy)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
