"""A guide on paper: it shows its steps (every content tab), the form's address
written out and the last-checked date, and no navigation, header or search.
(The phone layout: tests/test_browser_pages.py.)"""

from __future__ import annotations

import pytest

from conftest import SiteServer, Tab, sitemap_urls

pytestmark = pytest.mark.browser

PRINT_JS = r"""
() => {
  // checkVisibility: also false inside a closed <details> (content-visibility: hidden).
  const shown = el => !!el && el.checkVisibility({visibilityProperty: true, opacityProperty: true});
  const content = document.querySelector(".md-content article") || document.querySelector(".md-content");
  const lists = [...content.querySelectorAll("ol")];
  const labels = [...content.querySelectorAll(".tabbed-labels > label")];
  const url = document.querySelector(".guide-form__url");
  const time = document.querySelector(".guide-checked time[datetime]");
  const hidden = ["header.md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search",
                  ".md-tabs", ".md-footer", ".md-banner", ".md-top", ".md-content__button", ".headerlink"];
  return {
    steps: lists.length, hiddenSteps: lists.filter(ol => !shown(ol)).map(ol => ol.innerText.trim().slice(0, 50)),
    hiddenLabels: labels.filter(l => !shown(l)).map(l => l.innerText.trim()),
    hiddenDetails: [...content.querySelectorAll("details > :not(summary)")].filter(e => !shown(e))
                     .map(e => e.textContent.trim().slice(0, 50)),
    url: shown(url) ? url.innerText.trim() : null,
    button: document.querySelector(".guide-form__button")?.href || null,
    checked: shown(time) ? time.innerText.trim() : null,
    printed: hidden.filter(s => [...document.querySelectorAll(s)].some(shown)),
  };
}
"""


def print_problems(tab: Tab, url: str) -> list[str]:
    tab.page.emulate_media(media="print")
    found = tab.page.evaluate(PRINT_JS)
    problems = []
    if not found["steps"]:
        problems.append(f"{url}: printed, the guide has no numbered steps (<ol>)")
    problems += [f"{url}: printed, these steps are missing: {text!r}" for text in found["hiddenSteps"]]
    problems += [f"{url}: printed, the content tab {label!r} is missing" for label in found["hiddenLabels"]]
    problems += [f"{url}: printed, this folded text is missing: {text!r}" for text in found["hiddenDetails"]]
    if not found["url"]:
        problems.append(f"{url}: printed, the form's address is not written out (.guide-form__url)")
    elif found["button"] and found["url"] != found["button"]:
        problems.append(f"{url}: printed address {found['url']!r} differs from the button's {found['button']!r}")
    if not found["checked"]:
        problems.append(f"{url}: printed, the last-checked date (.guide-checked time) is missing")
    problems += [f"{url}: printed, {selector} still shows (hide it in @media print in docs/assets/site.css)"
                 for selector in found["printed"]]
    return problems


def test_a_printed_guide_shows_steps_form_address_and_date_only(tab, site, subtests):
    guides = [u for u in sitemap_urls(site) if "guide-form__button" in (site / u / "index.html").read_text("utf-8")]
    assert len(guides) >= 8, f"expected the guides of both languages, found {guides}"
    for url in guides:
        with subtests.test(msg=url), tab.evidence("print", url):
            tab.page.emulate_media(media="screen")
            tab.open(url)
            problems = print_problems(tab, url)
            assert not problems, "\n".join(problems)


# --- The check fails on a guide that prints wrong ----------------------------

BAD_GUIDE = """<!doctype html><html lang="de"><head><title>Bad</title>
<style>@media print { .steps { display: none; } }</style></head><body>
<header class="md-header">Kopf</header>
<div class="md-content"><article class="md-typeset"><h1>Bad</h1>
<ol class="steps"><li>Step one</li></ol>
<a class="guide-form__button" href="https://example.org/form">Zum Formular</a>
</article></div></body></html>"""


def test_the_print_check_names_page_and_problem(context, tmp_path):
    (tmp_path / "index.html").write_text(BAD_GUIDE, encoding="utf-8")
    with SiteServer(tmp_path, prefix="/meta-ai-objection/") as bad:
        tab = Tab(context, bad)
        tab.open("")
        report = "\n".join(print_problems(tab, "bad/"))
    assert "bad/: printed, these steps are missing: 'Step one'" in report
    assert "bad/: printed, the form's address is not written out" in report
    assert "bad/: printed, the last-checked date (.guide-checked time) is missing" in report
    assert "bad/: printed, header.md-header still shows" in report
