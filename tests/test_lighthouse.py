"""Lighthouse budgets (scripts/lighthouse.py, run by `make lighthouse`, part of
`make test`): which pages are audited, how a score below budget is reported,
and, in Chromium, that a real defect on a page fails the audit.

The audit of every page runs in `make lighthouse`, not here, so that the
slowest check runs once per `make test`.

Noise margin: none on the score. Every budget, performance included, is 100
(budgets.yml). Lighthouse computes performance on a simulated slow-4G phone
from a real load of the page on the test machine; on a shared 2-core machine
the main-thread time of Material's script varies with the other jobs, and
with it Total Blocking Time (we measured 97-100 on a busy machine, 100 on
every page on a quiet one). Two things absorb that, neither lowers the bar:
the CPU slowdown is calibrated to the machine's measured speed before each
page (scripts/lighthouse.mjs, after Lighthouse's docs/throttling.md), and a
page below its performance budget is audited again, up to
`performance_runs` (3) runs, the median counting (Lighthouse's advice for
variable results). A page that stays below 100 fails, and its report in
reports/lighthouse/ names the metric.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import lighthouse  # noqa: E402

SCRIPT = ROOT / "scripts" / "lighthouse.py"


def test_budgets_are_100_in_every_category():
    config = lighthouse.load_budgets(ROOT / "budgets.yml")
    assert config["categories"] == {c: 100 for c in lighthouse.CATEGORIES}
    assert config["performance_runs"] % 2 == 1


def test_home_faq_and_every_guide_are_audited_in_every_language():
    config = lighthouse.load_budgets(ROOT / "budgets.yml")
    docs = ROOT / "docs"
    pages = dict(lighthouse.page_list(config["pages"], docs, ["de", "en"]))
    addresses = set(pages.values())
    guides = sorted(p.name.split(".")[0] for p in (docs / "guides").glob("*.de.md")
                    if not p.name.startswith("index."))
    assert guides, "no guides found"
    for folder in ("", "en/"):
        assert {folder, folder + "faq/"} <= addresses
        assert {f"{folder}guides/{g}/" for g in guides} <= addresses, sorted(addresses)
    assert len(addresses) >= 12


def test_a_page_pattern_that_matches_nothing_is_refused(tmp_path):
    with pytest.raises(SystemExit, match="matches no docs/nothing-here.de.md"):
        lighthouse.page_list(["nothing-here"], ROOT / "docs", ["de", "en"])


def test_an_even_or_silly_number_of_performance_runs_is_refused(tmp_path):
    bad = tmp_path / "budgets.yml"
    categories = "".join(f"    {c}: 100\n" for c in lighthouse.CATEGORIES)
    for runs in ("2", "0", "many"):
        bad.write_text(f"lighthouse:\n  categories:\n{categories}  performance_runs: {runs}\n", encoding="utf-8")
        with pytest.raises(SystemExit, match="performance_runs"):
            lighthouse.load_budgets(bad)


def test_a_bad_budget_is_refused(tmp_path):
    bad = tmp_path / "budgets.yml"
    bad.write_text("lighthouse:\n  categories:\n    performance: 100\n    speed: 90\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="must list exactly"):
        lighthouse.load_budgets(bad)


def test_a_score_below_budget_names_page_category_score_and_audits():
    result = {
        "name": "en-faq", "address": "en/faq/", "report": "reports/lighthouse/en-faq.html",
        "scores": {"performance": 0.97, "accessibility": 1, "best-practices": 1, "seo": 1},
        "failing": {"performance": [{"id": "total-blocking-time", "title": "Total Blocking Time",
                                     "displayValue": "250 ms", "items": []}]},
    }
    problems = lighthouse.evaluate([result], {c: 100 for c in lighthouse.CATEGORIES})
    assert problems == [
        "en/faq/: performance 97 < budget 100 (report: reports/lighthouse/en-faq.html)\n"
        "    - total-blocking-time: Total Blocking Time (250 ms)"
    ]


def test_pages_paint_before_scripts_run_and_lay_out_once(site):
    """What keeps performance at 100 on a phone (overrides/main.html): every
    script file is deferred, so the page is laid out and painted before
    Material's script runs; the "js" class is set in the head, so controls
    that exist only with JavaScript do not shift the page when it arrives."""
    for page in ("index.html", "faq/index.html", "en/guides/facebook/index.html", "404.html"):
        html = (site / page).read_text(encoding="utf-8")
        scripts = re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html)
        assert scripts and all(" defer" in tag for tag in scripts), f"{page}: {scripts}"
        head = html.split("</head>", 1)[0]
        assert 'replace(/\\bno-js\\b/,"js")' in head, f"{page}: no early js class in the head"


@pytest.mark.browser
def test_a_defect_on_a_page_fails_the_audit(site, tmp_path):
    """An image without a text alternative, a script error and 400 ms of
    main-thread work on the FAQ page: Lighthouse in Chromium finds all three,
    audits the slow page again before it blames performance, and the check
    fails, naming them."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "faq" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</article>", '<img src="../assets/logo.svg" width="40" height="40">'
                                 "<script>undefinedFunction()</script>"
                                 "<script>for (const t = Date.now(); Date.now() - t < 400;) {}</script>"
                                 "</article>", 1), encoding="utf-8")
    result = subprocess.run([sys.executable, str(SCRIPT), "--site-dir", str(copy), "--out", str(tmp_path / "reports"),
                             "--page", "faq/"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "faq/: accessibility" in result.stderr and "image-alt" in result.stderr, result.stderr
    assert "faq/: best-practices" in result.stderr and "errors-in-console" in result.stderr, result.stderr
    assert "faq/: performance" in result.stderr and "total-blocking-time" in result.stderr, result.stderr
    assert (tmp_path / "reports" / "de-faq.html").is_file()
    summary = json.loads((tmp_path / "reports" / "summary.json").read_text(encoding="utf-8"))
    assert len(summary[0]["performanceRuns"]) >= 2, summary[0]["performanceRuns"]
