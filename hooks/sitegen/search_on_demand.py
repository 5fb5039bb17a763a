"""Load the search when the reader searches, not on every page.

Material starts its search worker on every page load and fetches the whole
search index for it, whether or not the reader ever searches: about 30 KB
(gzip) of a page's ~100 KB, on a phone, for every reader (measured with
scripts/page_weight.py, which `make check` runs against budgets.yml).

After the build (every language done), this hook, for each
`search/search_index.json` in the site:

- moves the index to `search/search_index.full.json`, and writes in its place
  a stub: the same `config` (languages, separator) and no entries, plus where
  the full index and Material's worker are;
- writes hooks/sitegen/search_on_demand.js next to Material's worker and points every
  page's `__config.search` at it. That worker says "ready" at once, and on the
  first query (Material sends one when the search field gets the focus)
  fetches the full index and runs Material's own worker with it.

Material's search UI and its results are unchanged; the first search waits
for the index (one request) instead of every page load paying for it. The
worker also adapts each query to how readers type (stems, "Art. 21"; see the
top of search_on_demand.js), as hooks/sitegen/search_words.py adapts the index. tests/test_search_on_demand.py proves both in Chromium.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from pathlib import Path

from mkdocs.plugins import event_priority

from mkdocs.exceptions import PluginError

from .assumptions import worker_problems
from .common import CONFIG_SCRIPT, outermost

log = logging.getLogger("mkdocs.hooks.search_on_demand")

SHIM = Path(__file__).with_suffix(".js")
SHIM_NAME = "search-on-demand.js"
WORKERS = Path("assets", "javascripts", "workers")
WORKER = re.compile(r"search\.[0-9a-f]{8}\.min\.js")
FULL_NAME = "search_index.full.json"


def full_index(index: Path) -> Path:
    """Where the full index of the stub `index` (…/search/search_index.json) is."""
    return index.with_name(FULL_NAME)


def _point_pages_at_shim(site: Path) -> int:
    changed = 0
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        match = CONFIG_SCRIPT.search(text)
        if not match or not WORKER.search(match.group(2)):
            continue
        body = WORKER.sub(SHIM_NAME, match.group(2))
        html.write_text(text[: match.start(2)] + body + text[match.end(2):], encoding="utf-8")
        changed += 1
    return changed


# After the i18n plugin (-100) and hooks/sitegen/search_per_language.py (-110) have
# written every language's index.
@event_priority(-120)
def on_post_build(config):
    if not outermost(config):
        return
    site = Path(config.site_dir)
    workers = site / WORKERS
    material_worker = next(iter(sorted(workers.glob("search.*.min.js"))), None) if workers.is_dir() else None
    indexes = sorted(site.rglob("search/search_index.json"))
    if material_worker is None or not indexes:
        return  # no search in this build
    # The shim speaks Material's worker messages: stop if Material changed them.
    problems = worker_problems(material_worker.read_text(encoding="utf-8"), material_worker.name)
    if problems:
        raise PluginError("\n".join(problems))
    shutil.copyfile(SHIM, workers / SHIM_NAME)
    for index in indexes:
        data = json.loads(index.read_text(encoding="utf-8"))
        if "on_demand" in data.get("config", {}):
            continue  # already a stub (a re-run on the same folder)
        full = full_index(index)
        index.replace(full)
        stub_config = dict(data.get("config", {}))
        stub_config["on_demand"] = {
            # Both relative to the worker, which is where they are resolved.
            "index": Path(os.path.relpath(full, workers)).as_posix(),
            "worker": material_worker.name,
        }
        index.write_text(json.dumps({"config": stub_config, "docs": []}, separators=(",", ":")),
                         encoding="utf-8")
    pages = _point_pages_at_shim(site)
    log.info(f"search: loaded on first use on {pages} pages ({len(indexes)} indexes)")
