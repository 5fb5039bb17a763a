#!/usr/bin/env python3
"""Audit the built site with Lighthouse and fail below the budgets.

  lighthouse.py [--site-dir site] [--budgets budgets.yml] [--out reports/lighthouse]
                [--page PATH ...]

Serves SITE_DIR on 127.0.0.1 (a free port) the way GitHub Pages does – under
the sub-path of the site's address, gzip-compressed, 404.html for a missing
page – and runs Lighthouse 12 (node_modules, from package-lock.json, on the pinned
Node.js 24 of .venv/bin) with its
mobile settings in one headless Chromium (/usr/bin/chromium, or CHROME_PATH),
page after page: the pages listed under `lighthouse.pages` in budgets.yml, in
every language. The HTML reports go to --out (ignored by git). Exits 1 when a
category of a page scores below its budget, naming the page, the category,
the score and the audits that cost the points.
"""

from __future__ import annotations

import argparse
import json
import os
import re
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

NODE_SCRIPT = Path(__file__).resolve().parent / "lighthouse.mjs"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def load_budgets(path: Path) -> dict:
    config = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("lighthouse")
    if not isinstance(config, dict):
        raise SystemExit(f"{path}: no 'lighthouse:' block; see the comments in budgets.yml.")
    categories = config.get("categories") or {}
    unknown = set(categories) - set(CATEGORIES)
    missing = set(CATEGORIES) - set(categories)
    if unknown or missing:
        raise SystemExit(f"{path}: lighthouse.categories must list exactly {', '.join(CATEGORIES)} "
                         f"(unknown: {sorted(unknown)}, missing: {sorted(missing)}).")
    for name, value in categories.items():
        if not isinstance(value, (int, float)) or not 0 <= value <= 100:
            raise SystemExit(f"{path}: lighthouse.categories.{name} is {value!r}; "
                             "give a score from 0 to 100.")
    runs = config.setdefault("performance_runs", 1)
    if not isinstance(runs, int) or not 1 <= runs <= 9 or runs % 2 == 0:
        raise SystemExit(f"{path}: lighthouse.performance_runs is {runs!r}; give an odd number "
                         "from 1 to 9 (the median run counts).")
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
            address = folder + (path + "/" if path else "")
            pages.append((f"{lang}-{source.replace('/', '-')}", address))
    return pages


def evaluate(results: list[dict], budgets: dict[str, float]) -> list[str]:
    """One message per page and category below its budget, with the audits that cost points."""
    problems = []
    for page in results:
        if page.get("error"):
            problems.append(f"{page['address'] or '/'}: Lighthouse could not audit it: {page['error']}")
            continue
        for category, minimum in budgets.items():
            score = round(100 * (page["scores"].get(category) or 0))
            if score >= minimum:
                continue
            lines = [f"{page['address'] or '/'}: {category} {score} < budget {minimum} "
                     f"(report: {page['report']})"]
            for audit in page["failing"].get(category, []):
                value = f" ({audit['displayValue']})" if audit["displayValue"] else ""
                lines.append(f"    - {audit['id']}: {audit['title']}{value}")
                lines += [f"        {item}" for item in audit["items"]]
            problems.append("\n".join(lines))
    return problems


def table(results: list[dict]) -> str:
    head = f"{'page':34} {'perf':>4} {'a11y':>4} {'b-p':>4} {'seo':>4} {'FCP s':>6} {'LCP s':>6} {'TBT ms':>6} {'CLS':>5}"
    rows = [head]
    for page in results:
        if page.get("error"):
            rows.append(f"{page['name']:34} error: {page['error']}")
            continue
        s, m = page["scores"], page["metrics"]
        runs = page.get("performanceRuns") or []
        repeated = ("  performance runs: " + ", ".join(str(round(100 * r)) for r in runs)
                    + " (median counts)") if len(runs) > 1 else ""
        rows.append(f"{page['name']:34} " + " ".join(f"{round(100 * (s[c] or 0)):>4}" for c in CATEGORIES)
                    + f" {m['first-contentful-paint'] / 1000:6.2f} {m['largest-contentful-paint'] / 1000:6.2f}"
                    f" {m['total-blocking-time']:6.0f} {m['cumulative-layout-shift']:5.3f}{repeated}")
    return "\n".join(rows)


def run(site_dir: Path, budgets_file: Path, out_dir: Path, docs: Path,
        only: list[str] | None = None) -> tuple[list[dict], list[str], float]:
    config = load_budgets(budgets_file)
    pages = page_list(config.get("pages") or ["index"], docs, languages(site_dir, docs))
    if only:
        pages = [p for p in pages if p[1] in only or p[0] in only]
    node_script = NODE_SCRIPT
    if not (ROOT / "node_modules" / "lighthouse").is_dir():
        raise SystemExit("node_modules/lighthouse is missing: run `make node-deps`.")
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not Path(chrome).exists():
        raise SystemExit(f"{chrome} is missing: run `make browser-deps` (or set CHROME_PATH).")
    started = time.monotonic()
    with SiteServer(site_dir, prefix=site_prefix(site_dir)) as server, \
            tempfile.NamedTemporaryFile("w", suffix=".json") as job:
        json.dump({"pages": [{"name": name, "address": address, "url": server.url + address}
                             for name, address in pages],
                   "out_dir": str(out_dir), "chrome_path": chrome,
                   "performance_runs": config["performance_runs"],
                   "performance_budget": config["categories"]["performance"]}, job)
        job.flush()
        proc = subprocess.run([node_path(), str(node_script), job.name], cwd=ROOT,
                              capture_output=True, text=True, env={**os.environ, "CHROME_PATH": chrome})
    if proc.returncode != 0:
        raise SystemExit(f"Lighthouse failed (exit {proc.returncode}):\n{proc.stderr[-4000:]}")
    results = json.loads(proc.stdout)["pages"]
    problems = evaluate(results, config["categories"])
    return results, problems, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    parser.add_argument("--budgets", type=Path, default=ROOT / "budgets.yml")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "lighthouse")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs", help="sources, for the page list")
    parser.add_argument("--page", action="append",
                        help="audit only this address (e.g. en/faq/) or name (e.g. en-faq); repeatable")
    args = parser.parse_args()
    results, problems, seconds = run(args.site_dir, args.budgets, args.out, args.docs, args.page)
    print(table(results))
    (args.out / "summary.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(f"\n{len(results)} pages audited in {seconds:.0f} s (one Chromium); "
          f"reports in {os.path.relpath(args.out)}/")
    if problems:
        print("\nBelow budget (budgets.yml, lighthouse.categories):\n" + "\n".join(problems), file=sys.stderr)
        return 1
    print("Every category of every audited page is within budget.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
