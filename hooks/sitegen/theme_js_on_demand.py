"""Material's JavaScript bundle on the reader's first interaction, not on load.

Material's bundle (assets/javascripts/bundle.*.min.js, 35 KB gzip) was half
of what every page weighed (scripts/page_weight.py). This site reads, opens
its phone menu (a checkbox), switches content tabs (radio buttons,
assets/tabs.js) and prints without it; what needs it is the search, the
keyboard shortcuts, back-to-top, the table of contents following the scroll
position and the address following it (navigation.tracking).

After the build this hook replaces, in every page, Material's

    <script src="…/bundle.<hash>.min.js" defer></script>

with hooks/theme_js_on_demand.js (copied to assets/javascripts/) carrying the
bundle's address in `data-bundle`. That script loads the bundle on the first
keydown, click on a control or search focus, and does what the reader asked
for until the bundle has started (see the top of the .js file). README, "Page
weight", says what waits for the bundle. A page whose bundle address names no
file in the site fails the build with the page and the address.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from .common import outermost

log = logging.getLogger("mkdocs.hooks.theme_js_on_demand")

LOADER = Path(__file__).with_suffix(".js")
LOADER_PATH = Path("assets", "javascripts", "theme-on-demand.js")
BUNDLE_TAG = re.compile(
    r'<script src="(?P<src>[^"]*?)assets/javascripts/(?P<bundle>bundle\.[0-9a-f]+\.min\.js)"(?P<rest>[^>]*)></script>')

# What Material's templates must still write for this hook to work (checked on
# every build: a theme upgrade that changes it stops the build, instead of
# shipping pages that load the bundle at once or not at all).
UPGRADED = ("theme_js_on_demand: {page} has no <script src=\"…assets/javascripts/bundle.<hash>.min.js\"…> "
            "in the shape this hook replaces; Material's templates have changed (an upgrade?). "
            "Fix: adapt BUNDLE_TAG in hooks/sitegen/theme_js_on_demand.py to Material's new tag and run "
            "tests/test_theme_js_on_demand.py, or pin mkdocs-material back (requirements.in, make lock).")


def rewrite(html: str) -> tuple[str, str | None]:
    """The page with the loader instead of Material's bundle tag, and the bundle's
    address as written in the page (None: no bundle tag, nothing changed)."""
    match = BUNDLE_TAG.search(html)
    if not match:
        return html, None
    prefix, bundle, rest = match.group("src"), match.group("bundle"), match.group("rest")
    if "defer" not in rest:
        rest += " defer"
    tag = (f'<script src="{prefix}{LOADER_PATH.as_posix()}" '
           f'data-bundle="{prefix}assets/javascripts/{bundle}"{rest}></script>')
    return html[: match.start()] + tag + html[match.end():], prefix + "assets/javascripts/" + bundle


# After search_on_demand.py (-120), before offline.py (-130) and
# purge_css.py (-150), which read the final pages.
@event_priority(-125)
def on_post_build(config):
    if not outermost(config):
        return
    site = Path(config.site_dir)
    changed = 0
    pages = sorted(site.rglob("*.html"))
    for html in pages:
        text = html.read_text(encoding="utf-8")
        new, address = rewrite(text)
        rel = html.relative_to(site).as_posix()
        if address is None:
            if re.search(r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js", text):
                raise PluginError(UPGRADED.format(page=rel))
            continue
        if address.startswith("/"):
            target = site / address.lstrip("/")
            # a root-absolute address (404 pages) may carry the deployment's sub-path
            if not target.is_file():
                target = next((site / Path(*Path(address).parts[i:]) for i in range(2, len(Path(address).parts))
                               if (site / Path(*Path(address).parts[i:])).is_file()), target)
        else:
            target = site / Path(urljoin(rel, address))
        if not target.is_file():
            raise PluginError(f"theme_js_on_demand: {rel} names Material's bundle {address}, "
                              f"but there is no such file in {site}; is mkdocs-material installed as pinned?")
        html.write_text(new, encoding="utf-8")
        changed += 1
    if pages and not changed:
        raise PluginError(UPGRADED.format(page="no page"))
    if changed:
        (site / LOADER_PATH).parent.mkdir(parents=True, exist_ok=True)
        # Without the explanation at its top (for maintainers, not for readers' phones).
        text = LOADER.read_text(encoding="utf-8")
        body = text.split("*/", 1)[1].lstrip() if text.startswith("/*") else text
        (site / LOADER_PATH).write_text("/* hooks/sitegen/theme_js_on_demand.js */\n" + body, encoding="utf-8")
    log.info(f"theme_js_on_demand: Material's bundle loads on first interaction on {changed} pages")
