"""The theme adapter: everything that knows Material for MkDocs 9 is here and in overrides/.

overrides/ (the theme's `custom_dir`) replaces named blocks of Material's
base.html and a few partials, and carries the site's stylesheet and scripts
(overrides/assets/, copied into the site as the theme's own files). This
module gives those templates what they need and checks, at every build, what
they rely on:

- Material's JavaScript bundle (assets/javascripts/bundle.<hash>.min.js) is not
  loaded with the page: overrides/main.html's `scripts` block writes
  theme-on-demand.js with the bundle's address, which loads it on the reader's
  first interaction (a key, a click on a control, the search). Measured by
  `make bench`: 35 KB gzip of every page load (pages 30–36 KB instead of 62–70).
- Material's search worker starts with the bundle and would fetch the whole
  index (37 KB gzip) on that first interaction. The `config` block points the
  theme at search-on-demand.js, a worker that answers "ready" at once, fetches
  the full index only on the first query and runs Material's worker with it;
  search_index.json is a stub that says where both are (`write_index`).
- The blocks overrides/main.html replaces must exist in Material's base.html,
  with the same keys in the `config` block's JSON (`problems`, at on_env).
- Every id the templates write (`reserved_ids`) is refused in page content.

Material 9 reaches its end of life on 5 May 2027; a move to its successor
replaces this module and overrides/ (README, "When Material reaches end of life").
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import re
from pathlib import Path

from jinja2 import nodes

from .core.search import stub

MATERIAL = Path(__import__("material").__file__).parent / "templates"
ASSETS = Path("assets", "javascripts")
WORKERS = ASSETS / "workers"
LOADER = ASSETS / "theme-on-demand.js"
SEARCH_SHIM = WORKERS / "search-on-demand.js"
OFFLINE_SHIM = ASSETS / "offline-worker.js"
FULL_INDEX = "search_index.full.json"
ID = re.compile(r'\bid="([A-Za-z_][A-Za-z0-9_-]*)"')
CONFIG_KEYS = re.compile(r'"([a-z][a-z.]*)"\s*:')
# Material's search worker (9.x) answers setup (0) with ready (1) and a query (2) with a
# result (3): the numbers search-on-demand.js speaks.
WORKER_MESSAGES = (
    (re.compile(r"case 0:[^}]{0,200}?\{type:1\}"), "a setup message (0) answered with ready (1)"),
    (re.compile(r"case 2:.{0,120}?\{type:3,data:"), "a query message (2) answered with a result (3)"),
)


def version() -> str:
    return importlib.metadata.version("mkdocs-material")


def _one(pattern: str) -> str:
    found = sorted(MATERIAL.glob(pattern))
    if len(found) != 1:
        raise LookupError(f"Material {version()} has {len(found)} files {pattern} (expected one); "
                          "hooks/sitegen/theme.py needs adapting to this release.")
    return found[0].relative_to(MATERIAL).as_posix()


def bundle() -> str:
    """Material's JavaScript bundle, relative to the site's root."""
    return _one("assets/javascripts/bundle.*.min.js")


def worker() -> str:
    """Material's search worker, relative to the site's root."""
    return _one("assets/javascripts/workers/search.*.min.js")


def stemmers() -> set[str]:
    """Languages Material's search can stem: it ships lunr.<lang>.min.js for them."""
    return {"en"} | {p.name.split(".")[1] for p in (MATERIAL / "assets/javascripts/lunr/min").glob("lunr.*.min.js")}


def context(offline: bool) -> dict:
    """What overrides/main.html needs from the theme: `theme_files` in the template context."""
    return {"bundle": bundle(), "worker": worker() if offline else SEARCH_SHIM.as_posix(),
            "offline_shim": OFFLINE_SHIM.as_posix() if offline else None}


# --- What the templates rely on, checked at every build -----------------------------


def _block(env, source: str, name: str):
    return next((b for b in env.parse(source).find_all(nodes.Block) if b.name == name), None)


def _config_keys(source: str) -> set[str]:
    match = re.search(r"\{%-?\s*block config\s*-?%\}(.*?)\{%-?\s*endblock", source, re.S)
    return set(CONFIG_KEYS.findall(match.group(1))) if match else set()


def problems(env, ours_path: Path) -> list[str]:
    """Blocks overrides/main.html replaces that Material's base.html lacks, and a
    `config` block whose keys differ from Material's."""
    material = (MATERIAL / "base.html").read_text(encoding="utf-8")
    ours = ours_path.read_text(encoding="utf-8")
    theirs = {block.name for block in env.parse(material).find_all(nodes.Block)}
    found = []
    for block in env.parse(ours).find_all(nodes.Block):
        if block.name not in theirs:
            found.append(f"overrides/main.html:{block.lineno}: block '{block.name}' is not in Material's base.html "
                         f"(mkdocs-material {version()}); its content would silently not show. Fix: find the "
                         "block's new name in material/templates/base.html and use it here.")
    theirs_keys, our_keys = (_config_keys(source) for source in (material, ours))
    if theirs_keys != our_keys:
        found.append(f"overrides/main.html: the config block's keys differ from Material's base.html "
                     f"(mkdocs-material {version()}): only Material's: {sorted(theirs_keys - our_keys) or '-'}, "
                     f"only ours: {sorted(our_keys - theirs_keys) or '-'}. Fix: copy "
                     "Material's config block into overrides/main.html again and point 'search' at the worker "
                     "from theme_files.")
    for path in (bundle, worker):
        try:
            path()
        except LookupError as error:
            found.append(str(error))
    try:
        source = (MATERIAL / worker()).read_text(encoding="utf-8")
    except (LookupError, OSError):
        source = ""
    missing = [what for pattern, what in WORKER_MESSAGES if not pattern.search(source)]
    if source and missing:
        found.append(f"Material's search worker (mkdocs-material {version()}) does not show "
                     f"{' or '.join(missing)}; overrides/assets/javascripts/workers/search-on-demand.js speaks "
                     "those messages, so the search would find nothing. Fix: read the worker's message handling "
                     "and update SETUP, READY, QUERY and RESULT in search-on-demand.js and WORKER_MESSAGES here.")
    return found


def page_problems(html: str, offline: bool) -> list[str]:
    """A built page whose theme configuration does not point where the adapter expects."""
    match = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    if match is None:
        return [f"the page has no <script id=\"__config\"> (mkdocs-material {version()}); the theme's scripts "
                "would not start. Fix: compare overrides/main.html's config block with Material's base.html."]
    search = json.loads(match.group(1)).get("search", "")
    expected = worker() if offline else SEARCH_SHIM.as_posix()
    if not search.endswith(expected):
        return [f"the page's search worker is {search!r}, not {expected!r}. Fix: the config block in "
                "overrides/main.html must print theme_files.worker."]
    if 'data-bundle="' not in html:
        return ["the page does not load Material's bundle through theme-on-demand.js. Fix: the scripts block "
                "in overrides/main.html must write it with data-bundle."]
    return []


def reserved_ids(env) -> frozenset[str]:
    """Every literal id the theme's and our templates write: a page's content may not take one."""
    found = set()
    for name in env.list_templates(extensions=("html",)):
        try:
            source = env.loader.get_source(env, name)[0]
        except Exception:  # noqa: BLE001 - a template that cannot be read writes no ids
            continue
        found.update(ID.findall(source))
    return frozenset(found)


# --- The search index on demand ------------------------------------------------------


def write_index(site_dir: str, lang_prefix: str, index: dict, offline: bool) -> None:
    """Write a language's search index once: the full index and, in its place, the
    stub the theme loads with a page (offline: the index as a script, as Material's
    search reads it from file://)."""
    folder = Path(site_dir, lang_prefix, "search")
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(index, separators=(",", ":"), default=str)
    if offline:
        (folder / "search_index.json").write_text(text, encoding="utf-8")
        (folder / "search_index.js").write_text(f"var __index = {text}", encoding="utf-8")
        return
    (folder / FULL_INDEX).write_text(text, encoding="utf-8")
    workers = Path(site_dir, WORKERS)
    full = Path(os.path.relpath(folder / FULL_INDEX, workers)).as_posix()
    data = stub(index, full, Path(worker()).name)
    (folder / "search_index.json").write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
