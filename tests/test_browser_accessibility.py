"""Accessibility in a real browser, on every page of both languages: axe-core
(pinned in package-lock.json) finds no violation of the WCAG 2.0, 2.1 and 2.2
A and AA rules, <html lang> is the page's language, and the language switcher
leads to the counterpart page, which exists and is in the other language."""

from __future__ import annotations

import json
import re

import pytest

from conftest import AXE, SiteServer, Tab, axe_problems, page_lang, sitemap_urls

pytestmark = pytest.mark.browser

OTHER = {"de": "en", "en": "de"}


def counterpart(url: str, pages: set[str]) -> str:
    """The same page in the other language (guides/facebook/ <-> en/guides/facebook/);
    for a page that exists in one language only (e.g. Leichte Sprache), the
    other language's home page."""
    other = url[len("en/"):] if url.startswith("en/") else "en/" + url
    return other if other in pages else ("" if url.startswith("en/") else "en/")


def language_problems(tab: Tab, url: str, lang: str, expected_counterpart: str) -> list[str]:
    """<html lang> and the switcher of the page open in `tab`."""
    page = tab.page
    problems = []
    found = page.evaluate("document.documentElement.lang")
    if found != lang:
        problems.append(f'{url}: <html lang="{found}">, expected "{lang}" (theme.language / the i18n locale)')
    links = page.eval_on_selector_all(
        "a.md-select__link[hreflang]", "links => links.map(a => [a.hreflang, a.href])")
    switch = dict(links)
    base = tab.server.url
    if switch.get(lang) != base + url:
        problems.append(f"{url}: the switcher's {lang} entry leads to {switch.get(lang)}, not to the page itself")
    other = OTHER[lang]
    target = switch.get(other)
    if target is None:
        return problems + [f"{url}: the language switcher has no {other} entry"]
    if target != base + expected_counterpart:
        problems.append(f"{url}: the switcher's {other} entry leads to {target}, "
                        f"expected the counterpart {base + expected_counterpart}")
    response = page.request.get(target)
    if response.status != 200:
        return problems + [f"{url}: the switcher's {other} entry {target} answers {response.status}"]
    target_lang = re.search(r'<html lang="([^"]*)"', response.text())
    if not target_lang or target_lang.group(1) != other:
        problems.append(f"{url}: the counterpart {target} is not marked lang=\"{other}\"")
    return problems


def test_every_page_passes_axe_and_has_the_right_language_and_counterpart(tab, site, subtests):
    pages = sitemap_urls(site)
    for url in pages:
        with subtests.test(msg=url), tab.evidence("accessibility", url) as reports:
            tab.open(url)
            reports["axe"] = results = tab.axe()
            problems = axe_problems(url, results)
            problems += language_problems(tab, url, page_lang(url), counterpart(url, set(pages)))
            assert not problems, "\n".join(problems)


def test_axe_runs_the_wcag_a_and_aa_rules(tab):
    """The pinned axe-core is the one loaded, and the tag filter selects rules."""
    tab.open("")
    tab.axe()
    version, rules = tab.page.evaluate(
        "tags => [axe.version, axe.getRules(tags).length]", ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    assert version == "4.14.1", f"axe-core {version} loaded from {AXE}; package-lock.json pins 4.14.1"
    assert rules >= 50, f"only {rules} axe rules selected by the WCAG tags"


# --- The checks fail on a page that gets these things wrong -----------------

BAD_PAGE = """<!doctype html><html lang="fr"><head><title>Bad</title></head><body>
<main><h1>Bad</h1>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" class="photo">
<p style="color:#aaa;background:#fff">Grey on white</p>
<a class="md-select__link" hreflang="de" href="./">Deutsch</a>
<a class="md-select__link" hreflang="en" href="missing/">English</a>
</main></body></html>"""


def test_the_checks_name_page_rule_and_element(context, tmp_path):
    (tmp_path / "index.html").write_text(BAD_PAGE, encoding="utf-8")
    with SiteServer(tmp_path, prefix="/meta-ai-objection/") as bad:
        tab = Tab(context, bad)
        tab.open("")
        report = "\n".join(axe_problems("bad/", tab.axe()) + language_problems(tab, "", "de", "en/"))
    assert "bad/: axe rule image-alt (critical) on img: Fix any of the following" in report
    assert "bad/: axe rule color-contrast (serious) on p: " in report
    assert "html-lang-valid" not in report  # "fr" is valid, just wrong:
    assert ': <html lang="fr">, expected "de"' in report
    assert f"the switcher's en entry leads to {bad.url}missing/, expected the counterpart {bad.url}en/" in report
    assert f"the switcher's en entry {bad.url}missing/ answers 404" in report


def test_a_failure_leaves_a_screenshot_and_the_axe_report(context, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(BAD_PAGE, encoding="utf-8")
    with SiteServer(site, prefix="/meta-ai-objection/") as bad:
        tab = Tab(context, bad)
        tab.artifacts = tmp_path / "reports"
        with pytest.raises(AssertionError) as failure:
            with tab.evidence("accessibility", "en/guides/") as reports:
                tab.open("")
                reports["axe"] = results = tab.axe()
                problems = axe_problems("en/guides/", results)
                assert not problems, "\n".join(problems)
    folder = tmp_path / "reports" / "accessibility"
    assert (folder / "en-guides.png").stat().st_size > 1000
    report = json.loads((folder / "en-guides.json").read_text(encoding="utf-8"))
    assert report["page"] == "en/guides/"
    assert {rule["id"] for rule in report["axe"]["violations"]} >= {"image-alt", "color-contrast"}
    assert "en/guides/: axe rule image-alt (critical) on img" in str(failure.value)
    assert f"Screenshot and report: {folder / 'en-guides'}.png / .json" in "\n".join(failure.value.__notes__)
