"""Remove the rules of Material's stylesheet that no page of this site uses.

Material ships one stylesheet (assets/stylesheets/main.<hash>.min.css, 22.6 KB
gzip) for every component it has; this site uses a fraction of them. After the
build (every language done) this hook runs PurgeCSS (npm, pinned in
package-lock.json, `make node-deps`) through hooks/sitegen/purge_css.mjs on it:

- content: every built HTML page, plus the theme's JavaScript (its bundle and
  search worker) and the site's own scripts, so a class a script names is kept;
- safelist: hooks/sitegen/purge_css.yml, the classes and attributes Material's
  JavaScript adds while the reader uses the page (search results, open menu,
  tabs, copy buttons, tooltips, focus, announcement, back-to-top).

The purged stylesheet gets a new content-hashed name (main.<hash>.min.css, as
Material names it) and every page's reference is changed to it, so a browser
never combines an old cached stylesheet with new pages. Material's source map
no longer matches and is removed. Our own docs/assets/site.css is not touched.

The build log says what was kept and removed (bytes raw and gzip, rules);
PURGE_CSS_REJECTED=FILE also writes the removed selectors there; PURGE_CSS=0
leaves the stylesheet whole (to compare, e.g. reference screenshots).
tests/test_visual.py compares screenshots of every page type and state with
reference images, so a rule removed wrongly shows up as a failing test.

Node.js is found as $NODE (the Makefile may set it) or `node` on PATH.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from .common import outermost

log = logging.getLogger("mkdocs.hooks.purge_css")

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "purge_css.mjs"
SAFELIST = HERE / "purge_css.yml"
PURGECSS = HERE.parents[1] / "node_modules" / "purgecss" / "package.json"
STYLESHEETS = Path("assets", "stylesheets")
THEME_CSS = re.compile(r"main\.[0-9a-f]{8}\.min\.css")
JAVASCRIPTS = Path("assets", "javascripts")


def node_binary() -> str:
    """$NODE if set (the Makefile's pinned Node), else `node` on PATH."""
    node = os.environ.get("NODE") or shutil.which("node")
    if not node:
        raise PluginError("hooks/sitegen/purge_css.py needs Node.js to run PurgeCSS: install it "
                          "(see README, Node.js) or set NODE=/path/to/node, then run `make build` again.")
    return node


def load_safelist(path: Path = SAFELIST) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark else ""
        reason = getattr(error, "problem", None) or error
        raise PluginError(f"{path}{where}: cannot read the PurgeCSS safelist ({reason}); fix the YAML "
                          "(lists of class names under standard/greedy/dynamicAttributes).") from None
    if not isinstance(data, dict):
        raise PluginError(f"{path}: expected the keys standard, greedy, dynamicAttributes with lists of names.")
    for key, value in data.items():
        if key not in {"standard", "deep", "greedy", "dynamicAttributes"}:
            raise PluginError(f"{path}: unknown key {key!r}; use standard, deep, greedy or dynamicAttributes.")
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise PluginError(f"{path}: {key} must be a list of names (or \"/regular expression/\").")
    return data


def content_files(site: Path) -> list[str]:
    pages = sorted(site.rglob("*.html"))
    scripts = sorted(p for p in (site / JAVASCRIPTS).rglob("*.js") if "lunr" not in p.parts)
    own = sorted((site / "assets").glob("*.js"))
    return [str(p) for p in pages + scripts + own]


def purge(css: Path, content: list[str], safelist: dict) -> dict:
    if not PURGECSS.is_file():
        raise PluginError("PurgeCSS is missing (node_modules/purgecss): run `make node-deps` "
                          "(npm ci from package-lock.json), then build again.")
    job = {"css": str(css), "content": content,
           "safelist": {k: v for k, v in safelist.items() if k != "dynamicAttributes"},
           "dynamicAttributes": safelist.get("dynamicAttributes", [])}
    result = subprocess.run([node_binary(), str(SCRIPT)], input=json.dumps(job), capture_output=True,
                            text=True, cwd=HERE.parents[1])
    if result.returncode != 0:
        raise PluginError(f"PurgeCSS failed on {css.name}: {result.stderr.strip()[-2000:]}")
    return json.loads(result.stdout)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, 6, mtime=0))


@event_priority(-150)  # after the other post-build hooks have written their pages
def on_post_build(config):
    if not outermost(config):
        return  # the i18n plugin's inner build of one language; the outer one has every page
    if os.environ.get("PURGE_CSS") == "0":
        log.info("purge_css: PURGE_CSS=0, Material's stylesheet left whole")
        return
    site = Path(config["site_dir"])
    folder = site / STYLESHEETS
    sheets = sorted(p for p in folder.glob("main.*.min.css") if THEME_CSS.fullmatch(p.name)) if folder.is_dir() else []
    if len(sheets) != 1:
        raise PluginError(f"hooks/sitegen/purge_css.py: expected one Material stylesheet main.<hash>.min.css in "
                          f"{folder}, found {[p.name for p in sheets]}; is the theme still Material?")
    old = sheets[0]
    answer = purge(old, content_files(site), load_safelist())
    before, after = old.read_bytes(), answer["css"].encode("utf-8")
    name = f"main.{hashlib.sha256(after).hexdigest()[:8]}.min.css"
    old_ref = f"{STYLESHEETS.as_posix()}/{old.name}"
    new_ref = f"{STYLESHEETS.as_posix()}/{name}"
    pages = 0
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if old_ref in text:
            page.write_text(text.replace(old_ref, new_ref), encoding="utf-8")
            pages += 1
    old.unlink()
    (folder / f"{old.name}.map").unlink(missing_ok=True)
    (folder / name).write_bytes(after)
    log.info("purge_css: %s -> %s on %d pages: kept %d of %d rules; %d -> %d bytes (gzip %d -> %d)",
             old.name, name, pages, answer["rules_after"], answer["rules_before"],
             len(before), len(after), gz(before), gz(after))
    if os.environ.get("PURGE_CSS_REJECTED"):
        out = Path(os.environ["PURGE_CSS_REJECTED"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text("\n".join(answer["rejected"]) + "\n", encoding="utf-8")
