#!/usr/bin/env python3
"""Check what a first-time reader downloads for each page against the budget.

  page_weight.py [SITE_DIR] [--budgets budgets.yml] [--top N] [--json FILE]

For every HTML page of the built site, the bytes of everything the page makes
the browser fetch on load, gzip-compressed the way GitHub Pages serves them
(text, JavaScript, JSON, SVG; other images as they are), with an empty cache:

- the HTML, its stylesheets, scripts, icons and images, and the fonts and
  images the stylesheets point to;
- what the theme's search does on every page load, not only when the reader
  opens the search: Material starts its search worker at once and fetches the
  search index (search/search_index.json next to the page's `base`) for it;
  its worker imports the lunr stemmers for the index's languages. With
  workers/search-on-demand.js (overrides/assets/) that index is a stub and the worker a small one,
  and the full index, Material's worker and the stemmers wait for the first
  search (printed separately, not counted: a reader who does not search does
  not download them);
- Material's JavaScript bundle, unless the page loads it on the reader's first
  interaction (overrides/main.html: theme-on-demand.js with the bundle's
  address in `data-bundle` instead of the bundle's own tag). Then the bundle and what it starts (the
  search worker and the search index stub above) are printed separately as
  what the first interaction loads, not counted: a reader who only reads and
  scrolls does not download them;
- Material's language-selector helper: for each <link rel="alternate"> it
  fetches "sitemap.xml" next to that address (a missing one costs the 404
  page), unless the page loads the bundle on demand: theme-on-demand.js hides
  the links while Material starts.

Anything that would be fetched from another host is reported as an error (it
cannot be measured and the site promises not to do it). A page over
`page_weight.max_kb` in budgets.yml (1 KB = 1000 bytes) fails the check with
the page, its bytes, the budget and its biggest downloads. No browser needed;
tests/test_page_weight.py compares this model with what Chromium really loads.
"""

from __future__ import annotations

import argparse
import gzip
import json
import mimetypes
import re
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from serve_site import COMPRESSIBLE  # noqa: E402  (what the local server, like GitHub Pages, gzips)

GZIP_LEVEL = 6  # the level the local server uses; GitHub Pages' own level is not published
# Material's "edit this page" link names the page's Markdown file.
EDIT_LINK = re.compile(r'<a href="[^"]*?/(docs/[^"#?]+\.md)"[^>]*class="md-content__button')
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")


class Tags(HTMLParser):
    """The tags of a page that make the browser fetch something."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.fetches: list[tuple[str, str]] = []  # (kind, address)
        self.alternates: list[str] = []
        self.search_form = False
        self.source_widget = False
        self._config: list[str] | None = None
        self.bundle_on_demand: str | None = None  # the bundle's address (theme-on-demand.js's data-bundle)
        self.config: dict = {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        rel = set(a.get("rel", "").lower().split())
        if tag == "link" and a.get("href"):
            if "stylesheet" in rel:
                self.fetches.append(("css", a["href"]))
            elif rel & {"icon", "shortcut", "apple-touch-icon"}:
                self.fetches.append(("icon", a["href"]))
            elif rel & {"preload", "modulepreload", "manifest", "prefetch"}:
                self.fetches.append(("preload", a["href"]))
            elif rel & {"preconnect", "dns-prefetch"}:
                self.fetches.append(("connect", a["href"]))
            if "alternate" in rel:
                self.alternates.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.fetches.append(("js", a["src"]))
            if a.get("data-bundle"):
                self.bundle_on_demand = a["data-bundle"]
        elif tag == "script" and a.get("id") == "__config":
            self._config = []
        elif tag in {"img", "iframe", "embed", "audio", "video", "source", "track"} and a.get("src"):
            if a.get("loading") != "lazy":  # lazy images below the fold wait for scrolling
                self.fetches.append(("img" if tag == "img" else tag, a["src"]))
        elif tag == "object" and a.get("data"):
            self.fetches.append(("object", a["data"]))
        elif tag == "form" and a.get("name") == "search":
            self.search_form = True
        if a.get("data-md-component") == "source":
            self.source_widget = True

    def handle_data(self, data):
        if self._config is not None:
            self._config.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._config is not None:
            try:
                self.config = json.loads("".join(self._config))
            except json.JSONDecodeError:
                self.config = {}
            self._config = None


@dataclass
class Download:
    url: str          # address on the site (or another host)
    kind: str
    bytes: int
    note: str = ""


@dataclass
class Page:
    path: str         # file, relative to the site folder
    url: str
    downloads: list[Download] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    first_search: list[str] = field(default_factory=list)  # fetched when the reader first searches
    first_interaction: list[Download] = field(default_factory=list)  # fetched on the first key/click
    source: str = ""  # the Markdown file the page is made from (docs/faq.de.md), from its edit link

    @property
    def total(self) -> int:
        return sum(d.bytes for d in self.downloads)


class Site:
    """A built site addressed as it is deployed: origin + sub-path from its sitemap."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        sitemap = root / "sitemap.xml"
        locs = re.findall(r"<loc>([^<]+)</loc>", sitemap.read_text(encoding="utf-8")) if sitemap.is_file() else []
        self.base = min(locs, key=len) if locs else "https://site.invalid/"
        parts = urlsplit(self.base)
        self.origin, self.prefix = f"{parts.scheme}://{parts.netloc}", parts.path

    def url_of(self, file: Path) -> str:
        rel = file.relative_to(self.root).as_posix()
        return urljoin(self.base, rel[: -len("index.html")] if rel.endswith("index.html") else rel)

    def file_of(self, url: str) -> Path | None:
        """The file an address on this site serves (None: another host)."""
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin or not parts.path.startswith(self.prefix):
            return None
        path = unquote(parts.path[len(self.prefix):])
        target = self.root / path
        if target.is_dir() or path.endswith("/") or path == "":
            target = target / "index.html"
        return target

    def short(self, url: str) -> str:
        return url[len(self.base):] if url.startswith(self.base) else url

    @lru_cache(maxsize=None)
    def weight(self, file: Path) -> int:
        data = file.read_bytes()
        ctype = mimetypes.guess_type(file.name)[0] or ""
        return len(gzip.compress(data, GZIP_LEVEL, mtime=0)) if ctype.startswith(COMPRESSIBLE) else len(data)

    @lru_cache(maxsize=None)
    def css_refs(self, file: Path) -> tuple[str, ...]:
        text = file.read_text(encoding="utf-8", errors="replace")
        return tuple(ref for _q, ref in CSS_URL.findall(text) if not ref.startswith(("data:", "#")))


def stemmers(langs: list[str]) -> list[str]:
    """The lunr files Material's worker imports for these languages (its own rule)."""
    extra = []
    for lang in langs:
        if lang == "ja":
            extra.append("tinyseg.js")
        elif lang in {"hi", "th"}:
            extra.append("wordcut.js")
        if lang != "en":
            extra.append(f"min/lunr.{lang}.min.js")
    if len(langs) > 1:
        extra.append("min/lunr.multi.min.js")
    return ["min/lunr.stemmer.support.min.js", *extra] if extra else []


def measure(site: Site, html_file: Path) -> Page:
    page = Page(html_file.relative_to(site.root).as_posix(), site.url_of(html_file))
    html = html_file.read_text(encoding="utf-8")
    source = EDIT_LINK.search(html)
    page.source = source.group(1) if source else ""
    tags = Tags(html)
    seen: set[str] = set()

    def fetch(url: str, kind: str, note: str = "") -> Path | None:
        url = url.split("#")[0]
        if url in seen or url.startswith("data:"):
            return None
        seen.add(url)
        file = site.file_of(url)
        if file is None:
            page.downloads.append(Download(url, kind, 0, "another host"))
            return None
        if not file.is_file():
            missing = site.root / "404.html"
            page.downloads.append(Download(url, kind, site.weight(missing) if missing.is_file() else 0,
                                           "404: served the 404 page"))
            return None
        page.downloads.append(Download(url, kind, site.weight(file), note))
        return file

    on_load = page.downloads

    def later(url: str, kind: str, note: str = "") -> Path | None:
        """What Material's bundle, loaded on the first interaction, fetches."""
        page.downloads = page.first_interaction
        try:
            return fetch(url, kind, note)
        finally:
            page.downloads = on_load

    fetch(page.url, "html")
    for kind, ref in tags.fetches:
        file = fetch(urljoin(page.url, ref), kind)
        if kind == "css" and file is not None:
            css_url = urljoin(page.url, ref)
            for inner in site.css_refs(file):
                fetch(urljoin(css_url, inner), "css-url", f"from {site.short(css_url)}")

    # theme-on-demand.js: Material's bundle waits for the first interaction.
    start = later if tags.bundle_on_demand else fetch
    when = "the first interaction" if tags.bundle_on_demand else "page load"
    if tags.bundle_on_demand:
        later(urljoin(page.url, tags.bundle_on_demand), "js", "Material's bundle")

    # Material: the search worker starts on load and loads the index and the stemmers.
    if tags.search_form and tags.config.get("search"):
        worker = urljoin(page.url, tags.config["search"])
        start(worker, "search", f"search worker, started on {when}")
        base = urljoin(page.url, tags.config.get("base", ".").rstrip("/") + "/")
        index_url = urljoin(base, "search/search_index.json")
        index_file = start(index_url, "search", f"search index, fetched on {when}")
        langs: list[str] = []
        if index_file is not None:
            try:
                langs = json.loads(index_file.read_text(encoding="utf-8")).get("config", {}).get("lang", [])
            except (json.JSONDecodeError, AttributeError):
                page.errors.append(f"{site.short(index_url)}: not a JSON search index")
        on_demand = {}
        if index_file is not None and not page.errors:
            try:
                on_demand = json.loads(index_file.read_text(encoding="utf-8")).get("config", {}).get("on_demand") or {}
            except (json.JSONDecodeError, AttributeError):
                on_demand = {}
        if on_demand:
            # workers/search-on-demand.js: the page loads a stub; the full index,
            # Material's worker and the stemmers wait for the reader's first search.
            full_url = urljoin(worker, on_demand.get("index", ""))
            page.first_search = [full_url, urljoin(worker, on_demand.get("worker", ""))]
            full_file = site.file_of(full_url)
            try:
                full_langs = json.loads(full_file.read_text(encoding="utf-8"))["config"]["lang"]
            except (OSError, AttributeError, KeyError, TypeError, json.JSONDecodeError):
                full_langs = []
            page.first_search += [urljoin(worker, "../lunr/" + name) for name in stemmers(full_langs)]
            langs = []
        lunr = urljoin(worker, "../lunr/")
        for name in stemmers(langs):
            start(urljoin(lunr, name), "search", "stemmer, imported by the worker")

    # Material's language selector helper: a sitemap next to every alternate address.
    # theme-on-demand.js hides them whenever it starts Material.
    for href in [] if tags.bundle_on_demand else tags.alternates:
        fetch(urljoin(urljoin(page.url, href), "sitemap.xml"), "sitemap",
              "Material fetches it for <link rel=alternate>")

    # Material's repository widget asks GitHub's API for stars and forks.
    if tags.source_widget:
        repo = re.search(r'<a href="https://github\.com/([^/"]+/[^/"]+)"[^>]*class="md-source"',
                         html_file.read_text(encoding="utf-8"))
        if repo:
            fetch(f"https://api.github.com/repos/{repo.group(1)}", "js", "Material's repository facts")
    return page


def pages_of(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html") if p.is_file())


def load_budget(path: Path) -> int:
    config = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("page_weight") or {}
    value = config.get("max_kb")
    if not isinstance(value, (int, float)) or value <= 0:
        raise SystemExit(f"{path}: page_weight.max_kb must be a number of KB (1000 bytes), e.g. 80.")
    return int(value * 1000)


def kb(n: int) -> str:
    return f"{n / 1000:.1f} KB"


def breakdown(site: Site, page: Page, top: int = 6) -> list[str]:
    biggest = sorted(page.downloads, key=lambda d: -d.bytes)[:top]
    return [f"    {kb(d.bytes):>9}  {d.kind:8} {site.short(d.url)}" + (f"  ({d.note})" if d.note else "")
            for d in biggest]


def report(site: Site, pages: list[Page], budget: int, top: int) -> tuple[str, list[str]]:
    heaviest = sorted(pages, key=lambda p: -p.total)
    lines = [f"Page weight, gzip, empty cache (budget {kb(budget)} per page, budgets.yml):",
             f"{'bytes':>9} {'requests':>8}  page"]
    lines += [f"{kb(p.total):>9} {len(p.downloads):>8}  {p.path}" for p in heaviest[:top]]
    lightest = heaviest[-1]
    lines.append(f"{len(pages)} pages; lightest {kb(lightest.total)} ({lightest.path}). "
                 f"Heaviest page's downloads:")
    lines += breakdown(site, heaviest[0], top=20)
    if heaviest[0].first_interaction:
        first = heaviest[0].first_interaction
        lines.append(f"  The first interaction (a key, a click on a control, the search) on that page then loads "
                     f"{kb(sum(d.bytes for d in first))} more ({', '.join(site.short(d.url) for d in first)}; "
                     "overrides/assets/javascripts/theme-on-demand.js).")
    later = [site.file_of(url) for url in heaviest[0].first_search]
    if later and all(f is not None and f.is_file() for f in later):
        lines.append(f"  The first search on that page then loads {kb(sum(site.weight(f) for f in later))} more "
                     "(full search index, Material's search worker, stemmers; overrides/assets/javascripts/workers/search-on-demand.js).")
    problems = []
    for page in heaviest:
        if page.total > budget:
            biggest = ", ".join(f"{site.short(d.url) or '(the page)'} {kb(d.bytes)}"
                                for d in sorted(page.downloads, key=lambda d: -d.bytes)[:4])
            where = f"{page.source} ({page.path})" if page.source else page.path
            problems.append(f"{where}: the page is {kb(page.total)} to download, over the budget of "
                            f"{kb(budget)} for phones (budgets.yml) by {kb(page.total - budget)}; "
                            f"biggest: {biggest}. Fix: ask a maintainer (say which page); shortening "
                            "or splitting a long page helps, everything else is the maintainers' part.")
    # Requests to other hosts and 404s, grouped: one line per cause, with an example.
    causes: dict[str, tuple[list[str], str]] = {}
    for page in pages:
        for d in page.downloads:
            if d.note == "another host":
                key = "loads from another host (cannot be measured, and the site promises to load nothing from elsewhere)"
            elif d.note.startswith("404") and d.kind == "sitemap":
                key = ("Material's script fetches sitemap.xml next to each <link rel=\"alternate\"> address "
                       "(it expects a language's root there); it does not exist, so the reader gets the "
                       "404 page and the console logs an error. Point alternate links at language roots "
                       "or leave them out of the <head>")
            elif d.note.startswith("404"):
                key = f"loads {site.short(d.url)}, which does not exist (404)"
            else:
                continue
            causes.setdefault(key, ([], site.short(d.url)))[0].append(page.path)
    for key, (where, example) in causes.items():
        where = sorted(set(where))
        more = f" and {len(where) - 1} more pages" if len(where) > 1 else ""
        problems.append(f"{where[0]}{more}: {key} (e.g. {example or '(the page)'})")
    problems += sorted({message for page in pages for message in page.errors})
    return "\n".join(lines), problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site_dir", nargs="?", type=Path, default=ROOT / "site")
    parser.add_argument("--budgets", type=Path, default=ROOT / "budgets.yml")
    parser.add_argument("--top", type=int, default=5, help="how many of the heaviest pages to print")
    parser.add_argument("--json", type=Path, help="also write every page's downloads to this file")
    args = parser.parse_args()
    if not (args.site_dir / "index.html").is_file():
        print(f"{args.site_dir}/index.html is missing: build the site first (make build).", file=sys.stderr)
        return 2
    budget = load_budget(args.budgets)
    site = Site(args.site_dir)
    pages = [measure(site, f) for f in pages_of(site.root)]
    text, problems = report(site, pages, budget, args.top)
    print(text)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(
            [{"page": p.path, "bytes": p.total, "requests": len(p.downloads),
              "downloads": [d.__dict__ for d in p.downloads],
              "first_interaction": [d.__dict__ for d in p.first_interaction]} for p in pages], indent=1),
            encoding="utf-8")
    if problems:
        print("\nPage weight check failed:\n" + "\n".join(problems), file=sys.stderr)
        return 1
    print(f"Every page is within {kb(budget)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
