"""The Lighthouse gate (scripts/lighthouse.py with Lighthouse CI, run by `make
lighthouse`, part of `make test`): which pages are audited, that only audits
which do not depend on the machine's speed gate (budgets.yml says why each
is stable), and, in Chromium, that real defects fail the gate naming page and
audit while a slow page does not.

The audit of every page runs in `make lighthouse`, not here, so that the
slowest check runs once per `make test`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import lighthouse  # noqa: E402

SCRIPT = ROOT / "scripts" / "lighthouse.py"
TIMING = ("categories:performance", "total-blocking-time", "largest-contentful-paint",
          "first-contentful-paint", "speed-index", "interactive", "max-potential-fid", "bootup-time",
          "mainthread-work-breakdown", "server-response-time")


def test_only_deterministic_audits_gate():
    assertions = lighthouse.load_budgets(ROOT / "budgets.yml")["assertions"]
    for category in ("accessibility", "best-practices", "seo"):
        assert assertions[f"categories:{category}"] == ["error", {"minScore": 1}]
    assert not set(assertions) & set(TIMING), "a timing metric gates: it moves with the machine's load"
    for audit in ("cumulative-layout-shift", "uses-text-compression", "uses-responsive-images",
                  "image-size-responsive", "unused-javascript", "dom-size"):
        assert assertions[audit][0] == "error", audit
    assert assertions["cumulative-layout-shift"][1] == {"maxNumericValue": 0}


def test_each_page_type_is_audited_in_every_language():
    """Home, FAQ, one guide and the 404 page: the gated audits are properties of a page's
    type (template, scripts, stylesheets), so one page of each is enough (8, not 14)."""
    config = lighthouse.load_budgets(ROOT / "budgets.yml")
    docs = ROOT / "docs"
    pages = lighthouse.page_list(config["pages"], docs, ["de", "en"])
    assert sorted(address for _, address in pages) == sorted(
        f"{folder}{page}" for folder in ("", "en/") for page in ("", "faq/", "guides/facebook/", "404.html"))
    assert len({name for name, _ in pages}) == 8
    # `guides/*` still means every guide.
    every = dict(lighthouse.page_list(["guides/*"], docs, ["de"]))
    guides = sorted(p.name.split(".")[0] for p in (docs / "guides").glob("*.de.md"))
    assert sorted(every.values()) == sorted(f"guides/{g}/" if g != "index" else "guides/" for g in guides)


def test_a_page_pattern_that_matches_nothing_is_refused():
    with pytest.raises(SystemExit, match="matches no docs/nothing-here.de.md"):
        lighthouse.page_list(["nothing-here"], ROOT / "docs", ["de", "en"])


@pytest.mark.parametrize("rule", ["[error]", "error", "[error, {}]", "[fail, {minScore: 1}]"])
def test_a_bad_assertion_is_refused(tmp_path, rule):
    bad = tmp_path / "budgets.yml"
    bad.write_text(f"lighthouse:\n  assertions:\n    dom-size: {rule}\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"lighthouse.assertions.dom-size is .*write \[error"):
        lighthouse.load_budgets(bad)


def test_no_assertions_is_refused(tmp_path):
    bad = tmp_path / "budgets.yml"
    bad.write_text("lighthouse:\n  pages: [index]\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="lighthouse.assertions must map"):
        lighthouse.load_budgets(bad)


def test_a_gated_audit_that_did_not_run_fails():
    """lhci counts an audit that ended in an error as passed (no items); the gate does not."""
    lhr = {"categories": {"seo": {"score": 1}},
           "audits": {"dom-size": {"scoreDisplayMode": "numeric", "numericValue": 300},
                      "uses-text-compression": {"scoreDisplayMode": "error", "errorMessage": "boom"}}}
    assertions = {"categories:seo": [], "dom-size": [], "uses-text-compression": [], "no-such-audit": []}
    assert lighthouse.audits_that_did_not_run(lhr, assertions) == [
        "uses-text-compression: Lighthouse could not run it: boom",
        "no-such-audit: not in this Lighthouse version (fix budgets.yml)",
    ]


def test_render_blocking_scripts_and_foreign_stylesheets_are_found():
    html = ('<head><script src="a.js"></script><script defer src="b.js"></script>'
            '<script src="c.js" async></script><script type="module" src="d.js"></script>'
            '<link rel="stylesheet" href="../site.css"><link rel="stylesheet" href="https://cdn.example.net/x.css">')
    found = lighthouse.render_blocking(html)
    assert len(found) == 2, found
    assert 'src="a.js"' in found[0] and "add defer" in found[0]
    assert "cdn.example.net" in found[1] and "another host" in found[1]


def test_pages_paint_before_scripts_run_and_lay_out_once(site):
    """What keeps performance at 100 on a phone (overrides/main.html): every
    script file is deferred, so the page is laid out and painted before
    Material's script runs, and no page has an inline script. Until Material's
    script runs, <html> keeps its "no-js" class; site.css lays the page out as
    Material does with its script under `@media (scripting: enabled)`, so
    controls that exist only with JavaScript do not shift the page when it
    arrives (Lighthouse gates CLS 0)."""
    for page in ("index.html", "faq/index.html", "en/guides/facebook/index.html", "404.html"):
        html = (site / page).read_text(encoding="utf-8")
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert scripts and not lighthouse.render_blocking(html), f"{page}: {lighthouse.render_blocking(html)}"
        inline = [tag for tag in scripts if "src=" not in tag and "application/" not in tag]
        assert not inline, f"{page}: inline scripts {inline}"
    css = (site / "assets" / "stylesheets" / "site.css").read_text(encoding="utf-8")
    assert "@media (scripting: enabled)" in css and ".no-js .md-search" in css


@pytest.mark.browser
def test_defects_fail_the_gate_and_a_slow_page_does_not(site, tmp_path):
    """On the German FAQ: an image without a text alternative, a script error,
    a script that blocks rendering and a layout shift after load. On the
    English FAQ only 400 ms of main-thread work, which costs performance
    points but is no defect. One audit of each page (Lighthouse CI)."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    # Scripts as files of the site: the pages' Content Security Policy would block
    # inline ones (hooks/sitegen/core/csp.py), which is itself a console error.
    scripts = {
        "blocking.js": "// blocks rendering\n",
        "error.js": "undefinedFunction();\n",
        # once the page has painted (an event, not a delay), a block pushes it down
        "shift.js": ("new PerformanceObserver((list, observer) => {"
                     "if (!list.getEntriesByName('first-contentful-paint').length) return;"
                     "observer.disconnect(); requestAnimationFrame(() => {"
                     "const d = document.createElement('div'); d.style.height = '300px';"
                     "document.querySelector('article').prepend(d); });"
                     "}).observe({type: 'paint', buffered: true});\n"),
        "slow.js": "for (const t = Date.now(); Date.now() - t < 400;) {}\n",
    }
    for name, text in scripts.items():
        (copy / "assets" / name).write_text(text, encoding="utf-8")
    page = copy / "faq" / "index.html"
    html = page.read_text(encoding="utf-8")
    html = html.replace("</head>", '<script src="../assets/blocking.js"></script></head>', 1)
    html = html.replace("</article>", '<img src="../assets/logo.svg" width="40" height="40">'
                        '<script src="../assets/error.js"></script><script src="../assets/shift.js"></script>'
                        "</article>", 1)
    page.write_text(html, encoding="utf-8")
    slow = copy / "en" / "faq" / "index.html"
    slow.write_text(slow.read_text(encoding="utf-8").replace(
        "</article>", '<script src="../../assets/slow.js"></script></article>', 1), encoding="utf-8")
    result = subprocess.run([sys.executable, str(SCRIPT), "--site-dir", str(copy), "--out", str(tmp_path / "reports"),
                             "--page", "faq/", "--page", "en/faq/"], capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stdout + result.stderr
    failures = result.stderr
    assert "faq/: render-blocking:" in failures and "blocking.js" in failures, failures
    assert "faq/: accessibility: image-alt" in failures, failures
    assert "faq/: best-practices: errors-in-console" in failures, failures
    assert re.search(r"for /faq/ :.*?cumulative-layout-shift failure", failures, re.S), failures
    assert "/en/faq/" not in failures, f"the slow page failed the gate:\n{failures}"
    assert "total-blocking-time" not in failures and "categories.performance" not in failures, failures
    # The slow page's timings are printed, as information.
    row = next(line for line in result.stdout.splitlines() if line.startswith("en/faq/ "))
    assert len(row.split()) == 8, row
    assert (tmp_path / "reports" / "de-faq.json").is_file()


def test_the_404_page_is_gated_on_everything_but_seo():
    """It is noindex on purpose, so Lighthouse's SEO category (is-crawlable) cannot pass there;
    every other gated audit applies to it, and SEO applies to every other page."""
    assertions = lighthouse.load_budgets(ROOT / "budgets.yml")["assertions"]
    assert "categories:seo" in assertions
    for url in ("http://127.0.0.1:1/site/404.html", "http://127.0.0.1:1/site/en/404.html"):
        assert lighthouse.for_page(url, assertions) == {k: v for k, v in assertions.items() if k != "categories:seo"}
    for url in ("http://127.0.0.1:1/site/", "http://127.0.0.1:1/site/en/faq/", "http://127.0.0.1:1/site/404.html/x/"):
        assert lighthouse.for_page(url, assertions) == assertions
