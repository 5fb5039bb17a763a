"""The internal link check, `make links-internal` inside `make check`.

Every href and src of the built site that points inside it leads to a file,
every #fragment to an id on the target page, and no root-absolute link leaves
the site's sub-path (/meta-ai-objection/, like a GitHub project page): links
in Markdown, and the ones templates write (language switcher, canonical,
sitemap entries with their hreflang alternates, footer, 404 page, scripts).

The real site passes; each kind of broken link, put into a copy of the built
site, fails; and a broken template in a copy of the project makes `make check`
fail with file, line, link, why and fix.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SITE_URL, make_check

SCRIPT = ROOT / "scripts" / "check_links.py"
PREFIX = "/meta-ai-objection/"
assert SITE_URL.endswith(PREFIX), "these tests expect the project-pages address of conftest.SITE_URL"


def check(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), "internal", str(site)],
                          capture_output=True, text=True, timeout=60)


def test_the_built_site_passes(site):
    result = check(site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"all under {PREFIX}" in result.stdout, result.stdout
    links = int(re.search(r"(\d+) links", result.stdout).group(1))
    assert links > 1000, f"only {links} links checked: the check does not see the whole site"


def first_href(pattern: str):
    """Replace the first match of `pattern` (its group 1 is the address) with `new`."""
    def edit(text: str, new: str) -> str:
        match = re.search(pattern, text)
        assert match, f"the built page has nothing matching {pattern}: update this test"
        return text[:match.start(1)] + new + text[match.end(1):]
    return edit


# kind: (file in the built site, edit, new address, words the message must contain)
BREAKS = {
    "switcher to a missing page": (
        "en/faq/index.html", first_href(r'<a href="([^"]*)"[^>]*class="md-select__link"'),
        "../../faq-old/", ["nothing at", "faq-old", "no such page"]),
    "home switcher at the domain root (the i18n plugin's known problem)": (
        "index.html", first_href(r'<a href="([^"]*)"[^>]*class="md-select__link"'),
        "/en/", ["outside the site's sub-path /meta-ai-objection/", "relative to the page"]),
    "canonical address of a missing page": (
        "faq/index.html", first_href(r'<link rel="canonical" href="([^"]*)"'),
        SITE_URL + "fragen/", ["nothing at", "fragen"]),
    "sitemap entry": (
        "sitemap.xml", first_href(r"<loc>([^<]*)</loc>"),
        SITE_URL + "no-such-page/", ["sitemap.xml:", "no-such-page"]),
    "hreflang alternate in the sitemap": (
        "sitemap.xml", first_href(r'hreflang="en" href="([^"]*)"'),
        SITE_URL + "en/missing/", ["sitemap.xml:", "en/missing"]),
    "404 page link": (
        "404.html", first_href(r'<a href="([^"]*contact/)"'),
        PREFIX + "kontakt/", ["404.html:", "kontakt"]),
    "404 page link leaving the sub-path": (
        "404.html", first_href(r'<a href="([^"]*contact/)"'),
        "/contact/", ["404.html:", "outside the site's sub-path"]),
    "missing fragment on another page": (
        "faq/index.html", first_href(r'<a href="(\.\./[^"#]*/)"'),
        "../contact/#no-such-heading", ['has no element with id="no-such-heading"', "{#no-such-heading}"]),
    "missing fragment on the same page": (
        "en/timeline/index.html", first_href(r'<a href="(#[^"]+)"'),
        "#no-such-heading", ['has no element with id="no-such-heading"']),
    "script": (
        "contact/index.html", first_href(r'<script src="([^"]*theme-on-demand[^"]*)"'),
        "../assets/javascripts/gone.js", ["nothing at", "gone.js", "no such file"]),
    "image": (
        "en/index.html", first_href(r'<img src="([^"]*)"'),
        "../assets/missing.svg", ["missing.svg", "no such file"]),
    "stylesheet": (
        "guides/facebook/index.html", first_href(r'<link rel="stylesheet" href="([^"]*)"'),
        "../../assets/gone.css", ["gone.css"]),
}


@pytest.mark.parametrize("kind", BREAKS)
def test_each_kind_of_broken_link_fails(kind, site, tmp_path):
    file, edit, new, words = BREAKS[kind]
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    target = copy / file
    target.write_text(edit(target.read_text(encoding="utf-8"), new), encoding="utf-8")

    result = check(copy)
    output = result.stdout + result.stderr
    assert result.returncode == 1, f"{kind}: not reported\n{output}"
    assert f'{copy}/{file}:' in output and f'"{new}"' in output, f"{kind}: file, line or link missing\n{output}"
    assert "why:" in output and "fix:" in output, output
    for word in words:
        assert word in output, f"{kind}: message lacks {word!r}\n{output}"
    assert "links-internal: " in output and "broken link" in output, output


# --- make check on a broken template ---------------------------------------------

FOOTER = Path("overrides/partials/copyright.html")

TEMPLATE_BREAKS = {
    "link to a missing page": (
        """<a href="{{ 'contacts/' | url }}">Kontakt</a>""",
        ['broken link "contacts/"', "no such page"]),
    "link to a missing fragment": (
        """<a href="{{ 'contact/' | url }}#postanschrift">Post</a>""",
        ['has no element with id="postanschrift"']),
    "root-absolute link that escapes the sub-path": (
        """<a href="/contact/">Kontakt</a>""",
        ['broken link "/contact/"', "outside the site's sub-path /meta-ai-objection/", "| url"]),
}


def test_make_check_refuses_broken_template_links(project_copy):
    """Three footer links an editor of the templates might write; one `make check` run."""
    footer = project_copy / FOOTER
    text = footer.read_text(encoding="utf-8").rstrip("\n") + "\n"
    lines = {}
    for mistake, (link, _) in TEMPLATE_BREAKS.items():
        text += f"<p>{link}</p>\n"
        lines[mistake] = len(text.splitlines())
    footer.write_text(text, encoding="utf-8")

    result = make_check(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"make check accepted broken footer links\n{output[-3000:]}"
    assert "Traceback" not in output, output[-3000:]
    assert "make check failed:" in output and "links-internal" in output, output[-3000:]
    reports = re.split(r"\n(?=site/)", output[output.index("site/"):])
    for mistake, (link, words) in TEMPLATE_BREAKS.items():
        report = next((r for r in reports if all(word in r for word in words)), None)
        assert report, f"{mistake}: no message with {words}\n{output[-4000:]}"
        assert re.match(r"site/[\w/-]*index\.html:\d+: broken link", report), report
        assert "also on" in report, f"{mistake}: the footer is on every page, the message must say so\n{report}"
        assert f"written in: overrides/partials/copyright.html:{lines[mistake]}" in report, report
        assert "why:" in report and "fix:" in report, report


def test_help():
    result = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "internal" in result.stdout and "external" in result.stdout
