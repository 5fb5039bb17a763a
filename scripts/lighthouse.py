#!/usr/bin/env python3
"""Audit the built site with Lighthouse CI and fail on what does not depend on the machine's speed.

  lighthouse.py [--site-dir site] [--budgets budgets.yml] [--out reports/lighthouse]
                [--page ADDRESS ...] [--jobs 2]

Lighthouse CI (`lhci` from @lhci/cli, package-lock.json) does the work: it
runs Lighthouse (mobile settings) on each page once and checks the audits
against the assertions in budgets.yml (`lighthouse.assertions`, lhci's own
format; budgets.yml says which audits gate and why each is stable). This
script adds only what lhci lacks:

- the server: SITE_DIR served on 127.0.0.1 (a free port) the way GitHub Pages
  serves it – under the site's sub-path, gzip-compressed (scripts/serve_site.py);
- the page list: `lighthouse.pages` in budgets.yml (each page type once: `404` is the page
  for a missing address), in every language;
- pages audited two at a time (--jobs), each batch its own `lhci collect`;
- a gated audit that Lighthouse could not run fails (lhci would count it as passed);
- render-blocking: Lighthouse 12.2's render-blocking-resources audit crashes on
  Chromium 156 (its trace engine, "frame_sequence"), so the built HTML of each
  audited page is checked instead: every script file deferred, no stylesheet
  from another host;
- a table of the scores, LCP, TBT and CLS, printed as information: the
  performance score and the timings depend on how busy the machine is and do
  not fail this check (`make bench` tracks them).

Reports: --out/<page>.json and .html (ignored by git). Exits 1 naming the page
and the audit of every failure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from link_node import node_path  # noqa: E402
from serve_site import SiteServer  # noqa: E402

LHCI = ROOT / "node_modules" / "@lhci" / "cli" / "src" / "cli.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# Debian's Chromium in a container: no sandbox, no GPU, nothing that phones home.
CHROME_FLAGS = ("--no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")
SETTINGS = {"onlyCategories": list(CATEGORIES), "disableFullPageScreenshot": True, "chromeFlags": CHROME_FLAGS}


def load_budgets(path: Path) -> dict:
    config = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("lighthouse")
    if not isinstance(config, dict):
        raise SystemExit(f"{path}: no 'lighthouse:' block; see the comments in budgets.yml.")
    assertions = config.get("assertions")
    if not isinstance(assertions, dict) or not assertions:
        raise SystemExit(f"{path}: lighthouse.assertions must map audit ids to lhci assertions, "
                         "e.g. `dom-size: [error, {maxNumericValue: 800}]`; see the comments in budgets.yml.")
    for audit, rule in assertions.items():
        if not (isinstance(rule, list) and len(rule) == 2 and rule[0] in ("error", "warn")
                and isinstance(rule[1], dict) and rule[1]):
            raise SystemExit(f"{path}: lighthouse.assertions.{audit} is {rule!r}; write "
                             "[error, {minScore: 1}] (or maxLength / maxNumericValue).")
    return config


def site_prefix(site_dir: Path) -> str:
    """The sub-path the site was built for, read from the built sitemap."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.is_file():
        raise SystemExit(f"{sitemap} is missing: build the site first (make build).")
    paths = [urlparse(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8"))]
    return min(paths, key=len) if paths else "/"  # the home page's address


def languages(site_dir: Path, docs: Path) -> list[str]:
    """Language suffixes of the sources; the default language is the one at the site root."""
    langs = sorted({p.name.split(".")[-2] for p in docs.rglob("index.*.md")})
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<html[^>]*\blang="([^"]+)"', html)
    default = match.group(1) if match else langs[0]
    return [default] + [lang for lang in langs if lang != default]


def page_list(patterns: list[str], docs: Path, langs: list[str]) -> list[tuple[str, str]]:
    """(name, address relative to the site root) of each page to audit, in every language."""
    sources: list[str] = []
    for pattern in patterns:
        if pattern == "404":  # the page for a missing address: a template, not a page in docs/
            sources.append("404")
            continue
        found = sorted({str(p.relative_to(docs)).rsplit(".", 2)[0]
                        for p in docs.glob(f"{pattern}.{langs[0]}.md")})
        if not found:
            raise SystemExit(f"budgets.yml: lighthouse.pages entry {pattern!r} matches no "
                             f"docs/{pattern}.{langs[0]}.md; fix the entry or the file name.")
        sources += [s for s in found if s not in sources]
    pages = []
    for lang in langs:
        folder = "" if lang == langs[0] else f"{lang}/"
        for source in sources:
            path = re.sub(r"(^|/)index$", "", source)
            address = folder + ("404.html" if source == "404" else path + "/" if path else "")
            pages.append((f"{lang}-{source.replace('/', '-')}", address))
    return pages


def check_lhci() -> None:
    if not LHCI.is_file():
        raise SystemExit(f"{LHCI.relative_to(ROOT)} is missing: run `make node-deps`.")


def collect(urls: list[str], runs: int, work: Path, jobs: int = 2) -> list[dict]:
    """Lighthouse results (LHR dicts) of `runs` runs of every URL: `lhci collect`
    in `jobs` processes, each in its own folder (lhci writes to ./.lighthouseci)."""
    check_lhci()
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not Path(chrome).exists():
        raise SystemExit(f"{chrome} is missing: run `make browser-deps` (or set CHROME_PATH).")
    batches = [urls[i::jobs] for i in range(jobs) if urls[i::jobs]]
    procs = []
    for i, batch in enumerate(batches):
        folder = work / f"collect-{i}"
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        rc = folder / "lighthouserc.json"
        rc.write_text(json.dumps({"ci": {"collect": {
            "url": batch, "numberOfRuns": runs, "chromePath": chrome, "settings": SETTINGS}}}), encoding="utf-8")
        procs.append((folder, subprocess.Popen([node_path(), str(LHCI), "collect", f"--config={rc}"], cwd=folder,
                                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)))
    results = []
    for folder, proc in procs:
        output = proc.communicate()[0]
        if proc.returncode != 0:
            raise SystemExit(f"lhci collect failed (exit {proc.returncode}):\n{output[-4000:]}")
        results += [json.loads(f.read_text(encoding="utf-8"))
                    for f in sorted((folder / ".lighthouseci").glob("lhr-*.json"))]
    return results


# The page for a missing address asks search engines not to index it (noindex), so
# Lighthouse's SEO category, whose "is-crawlable" audit wants the opposite, is not
# gated there; every other gated audit is.
NOT_FOUND = re.compile(r"/404\.html$")


def for_page(url: str, assertions: dict) -> dict:
    """The gated audits of the page at `url`."""
    if NOT_FOUND.search(url):
        return {key: rule for key, rule in assertions.items() if key != "categories:seo"}
    return assertions


def lhci_assert(lhrs: list[dict], assertions: dict, work: Path) -> tuple[int, str]:
    """`lhci assert` on the results: (exit code, its report naming URL and audit)."""
    folder = work / "assert"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / ".lighthouseci").mkdir(parents=True)
    for i, lhr in enumerate(lhrs):
        (folder / ".lighthouseci" / f"lhr-{i + 1}.json").write_text(json.dumps(lhr), encoding="utf-8")
    rc = folder / "lighthouserc.json"
    matrix = [{"matchingUrlPattern": r"^(?!.*/404\.html$).*", "assertions": assertions},
              {"matchingUrlPattern": r".*/404\.html$", "assertions": for_page("/404.html", assertions)}]
    rc.write_text(json.dumps({"ci": {"assert": {"assertMatrix": matrix}}}), encoding="utf-8")
    proc = subprocess.run([node_path(), str(LHCI), "assert", f"--config={rc}"], cwd=folder,
                          capture_output=True, text=True)
    return proc.returncode, re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr).strip()


def audits_that_did_not_run(lhr: dict, assertions: dict) -> list[str]:
    """Gated audits Lighthouse could not run on a page (lhci counts them as passed)."""
    problems = []
    for audit_id in assertions:
        if audit_id.startswith("categories:"):
            category = lhr["categories"].get(audit_id.split(":", 1)[1])
            if not category or category.get("score") is None:
                problems.append(f"{audit_id}: no score")
            continue
        audit = lhr["audits"].get(audit_id)
        if audit is None:
            problems.append(f"{audit_id}: not in this Lighthouse version (fix budgets.yml)")
        elif audit.get("scoreDisplayMode") == "error":
            problems.append(f"{audit_id}: Lighthouse could not run it: {audit.get('errorMessage', '')[:200]}")
    return problems


def category_failures(lhr: dict, assertions: dict) -> list[str]:
    """For each gated category below its minimum: the audits that cost the points,
    with up to three elements or URLs each (lhci names only the category)."""
    lines = []
    for key, (_, rule) in assertions.items():
        if not key.startswith("categories:") or "minScore" not in rule:
            continue
        category = lhr["categories"].get(key.split(":", 1)[1]) or {}
        if category.get("score") is None or category["score"] >= rule["minScore"]:
            continue
        for ref in category["auditRefs"]:
            audit = lhr["audits"][ref["id"]]
            if audit.get("score") is None or audit["score"] >= 1:
                continue
            if not (ref.get("weight") or audit.get("scoreDisplayMode") == "binary"):
                continue
            items = (audit.get("details") or {}).get("items") or []
            where = [item.get("node", {}).get("snippet") or item.get("url") or item.get("description")
                     or item.get("source", {}).get("url") or "" for item in items[:3]]
            lines.append(f"{category['id']}: {audit['id']} – {audit['title']}"
                         + "".join(f"\n        {w}" for w in where if w))
    return lines


def render_blocking(html: str) -> list[str]:
    """Script files that block rendering and stylesheets from another host, in one page's HTML."""
    found = []
    for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html):
        if not re.search(r"\s(defer|async)\b|type=\"?module", tag):
            found.append(f"{tag} (add defer)")
    for tag in re.findall(r"<link\b[^>]*\brel=\"?stylesheet[^>]*>", html):
        if re.search(r"href=\"?(https?:)?//", tag):
            found.append(f"{tag} (a stylesheet from another host)")
    return found


def page_address(url: str, base: str) -> str:
    return url[len(base):] if url.startswith(base) else url


def table(lhrs: list[dict], base: str) -> str:
    rows = [f"{'page':30} {'perf':>4} {'a11y':>4} {'b-p':>4} {'seo':>4} {'LCP s':>6} {'TBT ms':>6} {'CLS':>5}"]
    for lhr in lhrs:
        if lhr.get("runtimeError"):
            rows.append(f"{page_address(lhr['requestedUrl'], base) or '/':30} error: {lhr['runtimeError']['message']}")
            continue
        scores = " ".join(f"{round(100 * (lhr['categories'][c]['score'] or 0)):>4}" for c in CATEGORIES)
        a = lhr["audits"]
        rows.append(f"{page_address(lhr['requestedUrl'], base) or '/':30} {scores}"
                    f" {a['largest-contentful-paint']['numericValue'] / 1000:6.2f}"
                    f" {a['total-blocking-time']['numericValue']:6.0f} {a['cumulative-layout-shift']['numericValue']:5.3f}")
    return "\n".join(rows)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def run(site_dir: Path, budgets_file: Path, out_dir: Path, docs: Path,
        only: list[str] | None = None, jobs: int = 2) -> int:
    config = load_budgets(budgets_file)
    pages = page_list(config.get("pages") or ["index"], docs, languages(site_dir, docs))
    if only:
        pages = [p for p in pages if p[1] in only or p[0] in only]
        if not pages:
            raise SystemExit(f"--page {only}: no such page in lighthouse.pages of {budgets_file}.")
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with SiteServer(site_dir, prefix=site_prefix(site_dir)) as server, \
            tempfile.TemporaryDirectory(prefix="lhci-") as tmp:
        lhrs = collect([server.url + address for _, address in pages], 1, Path(tmp), jobs)
        names = {server.url + address: name for name, address in pages}
        lhrs.sort(key=lambda lhr: list(names).index(lhr["requestedUrl"]))
        code, report = lhci_assert(lhrs, config["assertions"], Path(tmp))
        base = server.url
    seconds = time.monotonic() - started
    for lhr in lhrs:
        (out_dir / f"{names[lhr['requestedUrl']]}.json").write_text(json.dumps(lhr), encoding="utf-8")
    print(table(lhrs, base))
    print(f"\n{len(lhrs)} pages audited once each in {seconds:.0f} s ({jobs} at a time); reports in "
          f"{os.path.relpath(out_dir)}/. Performance, LCP and TBT are information: they depend on the "
          "machine's load (`make bench` tracks them).")
    problems = []
    for lhr in lhrs:
        address = page_address(lhr["requestedUrl"], base) or "/"
        if lhr.get("runtimeError"):
            problems.append(f"{address}: Lighthouse could not audit it: {lhr['runtimeError']['message']}")
            continue
        gated = for_page(lhr["requestedUrl"], config["assertions"])
        problems += [f"{address}: {p}" for p in audits_that_did_not_run(lhr, gated)]
        problems += [f"{address}: {p}" for p in category_failures(lhr, gated)]
    for _, address in pages:
        html = (site_dir / address if address.endswith(".html") else site_dir / address / "index.html").read_text(
            encoding="utf-8")
        problems += [f"{address or '/'}: render-blocking: {p}" for p in render_blocking(html)]
    if code != 0:
        problems.append("lhci assert (budgets.yml, lighthouse.assertions; URLs on " + base + "):\n"
                        + report.replace(base, "/"))
    if problems:
        print("\nLighthouse gate failed:\n" + "\n".join(problems), file=sys.stderr)
        return 1
    print("Every gated audit passes on every audited page (budgets.yml, lighthouse.assertions).")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--budgets", type=Path, default=ROOT / "budgets.yml")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "lighthouse")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="sources, for the page list")
    parser.add_argument("--page", action="append",
                        help="audit only this address (e.g. en/faq/) or name (e.g. en-faq); repeatable")
    parser.add_argument("--jobs", type=int, default=2, help="pages audited at a time (default 2)")
    args = parser.parse_args()
    return run(args.site_dir, args.budgets, args.out, args.docs, args.page, max(1, args.jobs))


if __name__ == "__main__":
    sys.exit(main())
