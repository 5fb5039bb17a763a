"""A build that works when opened from the file system (`make preview-offline`).

Only when the environment says OFFLINE_PREVIEW=1; a normal build is untouched.
Reviewers unzip the pull request's artifact and double-click index.html, so
the pages are read from file://…, where a browser

- shows a folder listing for a link to a folder (…/faq/): links must name
  the file, so `use_directory_urls` is switched off (faq.html);
- cannot fetch() anything: Material then loads the search index as a script
  (search/search_index.js, `var __index = …`) relative to the page's base,
  which hooks/sitegen/search_per_language.py sets per language, so each language's
  folder gets its own search_index.js with its full index, and the pages use
  Material's own search worker instead of hooks/sitegen/search_on_demand.py's loader
  (which fetches the index);
- refuses `new Worker(file://…)`: hooks/sitegen/offline_worker.js runs Material's
  worker in a hidden same-origin frame instead (Material's worker supports
  this: it checks for `IFrameWorker` in its parent);
- cannot follow an absolute link into the site (https://…/meta-ai-objection/en/):
  such links (the i18n plugin's language switcher on the home pages) become
  relative to the page.

Material's own `offline` plugin does the first two for the default language
only and loads its frame shim from unpkg.com, another host, which this site
never asks a reader's browser to contact; hence this hook.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mkdocs.plugins import event_priority

from .common import CONFIG_SCRIPT, outermost

log = logging.getLogger("mkdocs.hooks.offline")

SHIM = Path(__file__).with_name("offline_worker.js")
SHIM_PATH = Path("assets", "javascripts", "offline-worker.js")
WORKERS = Path("assets", "javascripts", "workers")
ON_DEMAND = "search-on-demand.js"
HREF = re.compile(r'(href=")([^"]*)(")')


def enabled() -> bool:
    return os.environ.get("OFFLINE_PREVIEW") == "1"


def on_config(config):
    if enabled():
        config.use_directory_urls = False
    return config


def _as_file(path: str, bases: list[Path], page: Path) -> str | None:
    """The file `path` means, tried against each base folder, relative to `page`; None if none."""
    if "index.html" in path and not path.endswith("index.html"):
        path = path.replace("index.html", "", 1)  # a template's home-page URL + "contact/"
    stripped = path.rstrip("/")
    candidates = [path, f"{stripped}/index.html" if stripped not in ("", ".") else "index.html",
                  f"{stripped}.html", path.removesuffix("/index.html") + ".html"]
    for base in bases:
        for candidate in candidates:
            target = Path(os.path.normpath(base / candidate))  # base may not exist (page.stem)
            if target.is_file():
                return os.path.relpath(target, page.parent).replace(os.sep, "/")
    return None


def _relative(href: str, page: Path, site: Path, site_url: str) -> str:
    """A link inside the site as a path relative to `page` that names a file (file:// has
    no index pages); links elsewhere and links that already work are left alone."""
    parts = urlsplit(href)
    if href.startswith("#") or not href or parts.scheme in ("mailto", "tel", "javascript", "data"):
        return href
    if site_url and href.startswith(site_url):
        path, bases = unquote(urlsplit(href[len(site_url):]).path), [site]
    elif parts.scheme or parts.netloc:
        return href  # another host
    elif href.startswith("/"):
        prefix = urlsplit(site_url).path or "/"
        if not parts.path.startswith(prefix):
            return href
        path, bases = unquote(parts.path[len(prefix):]), [site]
    else:
        if Path(os.path.normpath(page.parent / unquote(parts.path))).is_file():
            return href
        # Templates written for directory URLs: the page was its own folder.
        path, bases = unquote(parts.path), [page.parent, page.parent / page.stem]
    found = _as_file(path, bases, page)
    if found is None:
        return href
    return found + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


@event_priority(-130)  # after hooks/sitegen/search_on_demand.py (-120): every language's index is written
def on_post_build(config):
    if not enabled() or not outermost(config):
        return
    site = Path(config.site_dir)
    workers = site / WORKERS
    material_worker = next(iter(sorted(workers.glob("search.*.min.js"))), None) if workers.is_dir() else None
    for index in sorted(site.rglob("search/search_index.json")):
        full = index.with_name("search_index.full.json")
        data = (full if full.is_file() else index).read_text(encoding="utf-8")
        index.with_name("search_index.js").write_text(f"var __index = {data}", encoding="utf-8")
    shim = site / SHIM_PATH
    shim.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SHIM, shim)
    site_url = config.site_url or ""
    pages = 0
    for html_file in site.rglob("*.html"):
        if html_file.name == "404.html":
            continue  # never shown from the file system
        text = html_file.read_text(encoding="utf-8")
        match = CONFIG_SCRIPT.search(text)
        if not match:
            continue
        body = match.group(2)
        if material_worker is not None:
            body = body.replace(ON_DEMAND, material_worker.name)
        text = text[: match.start(2)] + body + text[match.end(2):]
        # Before Material's bundle, which starts the search worker.
        src = os.path.relpath(shim, html_file.parent).replace(os.sep, "/")
        text = text.replace("</head>", f'<script src="{src}"></script></head>', 1)
        text = HREF.sub(lambda m: m.group(1) + _relative(m.group(2), html_file, site, site_url) + m.group(3),
                        text)
        html_file.write_text(text, encoding="utf-8")
        pages += 1
    log.info(f"offline: {pages} pages readable from file:// (search index as script, worker in a frame)")
