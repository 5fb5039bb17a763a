"""What the build relies on in Material and the i18n plugin, checked while it builds.

Several features use internals that no release note promises to keep: the
i18n plugin's attributes (`building` and `current_language` say which language
is being built), the names of Material's template blocks that
overrides/main.html replaces, the `<script id="__config">` element whose
JSON search_on_demand.py, not_found.py and offline.py rewrite, and the
messages of Material's search worker that search_on_demand.js speaks. After
an upgrade that changes one of them the site would still build – with a
search that silently finds nothing, or a block that silently does not show.
So each is checked here, and the build stops with what changed and where to
fix it. tests/test_assumptions.py fakes each broken assumption.
"""

from __future__ import annotations

import importlib.metadata
import logging
import re
from pathlib import Path

from jinja2 import nodes
from mkdocs.exceptions import PluginError

from .common import CONFIG_SCRIPT, i18n_plugin, outermost

log = logging.getLogger("mkdocs.hooks.assumptions")

# The i18n plugin's attributes the features read (common.py, alternates.py,
# not_found.py, one_language.py, search_per_language.py).
I18N_ATTRIBUTES = ("building", "current_language", "default_language", "build_languages",
                   "i18n_files_per_language", "config")
# Material's search worker (9.x): `switch(t.type){case 0: … {type:1} … case 2: … {type:3, …`:
# 0 setup, 1 ready, 2 query, 3 result – the numbers in search_on_demand.js.
WORKER_MESSAGES = (
    (re.compile(r"case 0:[^}]{0,200}?\{type:1\}"), "a setup message (0) answered with ready (1)"),
    (re.compile(r"case 2:.{0,120}?\{type:3,data:"), "a query message (2) answered with a result (3)"),
)


def version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def i18n_problems(i18n) -> list[str]:
    missing = [name for name in I18N_ATTRIBUTES if not hasattr(i18n, name)]
    if not missing:
        return []
    return [f"mkdocs-static-i18n {version('mkdocs-static-i18n')} has no attribute "
            f"{', '.join(repr(name) for name in missing)} any more; hooks/sitegen/common.py and the "
            "features that ask which language is being built rely on it. Fix: find what replaced it in "
            "the plugin's changelog and update hooks/sitegen/common.py, or pin the last release that has "
            "it in requirements.in (make lock)."]


def block_problems(base_source: str, ours_source: str, env, ours_name: str = "overrides/main.html") -> list[str]:
    """Blocks `ours_source` replaces that Material's base.html does not have."""
    theirs = {block.name for block in env.parse(base_source).find_all(nodes.Block)}
    found = []
    for block in env.parse(ours_source).find_all(nodes.Block):
        if block.name not in theirs:
            found.append(f"{ours_name}:{block.lineno}: block '{block.name}' is not in Material's base.html "
                         f"(mkdocs-material {version('mkdocs-material')}); its content would silently not "
                         "show. Fix: find the block's new name in material/templates/base.html and use it here.")
    if 'id="__config"' not in base_source:
        found.append(f"Material's base.html (mkdocs-material {version('mkdocs-material')}) no longer writes "
                     "<script id=\"__config\">; search on demand, the 404 pages and the offline preview "
                     "rewrite it. Fix: update CONFIG_SCRIPT in hooks/sitegen/common.py and its users.")
    return found


def page_problems(html: str) -> list[str]:
    """A rendered page without the `__config` element the features rewrite."""
    if CONFIG_SCRIPT.search(html):
        return []
    return [f"a page built with mkdocs-material {version('mkdocs-material')} has no "
            "<script id=\"__config\" type=\"application/json\"> as hooks/sitegen/common.py CONFIG_SCRIPT "
            "expects; search on demand and the 404 pages would silently break. Fix: update CONFIG_SCRIPT "
            "to Material's markup."]


def worker_problems(source: str, name: str) -> list[str]:
    missing = [what for pattern, what in WORKER_MESSAGES if not pattern.search(source)]
    if not missing:
        return []
    return [f"Material's search worker {name} (mkdocs-material {version('mkdocs-material')}) does not show "
            f"{' or '.join(missing)}; hooks/sitegen/search_on_demand.js speaks those messages, so the search "
            "would silently find nothing. Fix: read the worker's message handling and update SETUP, READY, "
            "QUERY and RESULT in search_on_demand.js (and WORKER_MESSAGES here)."]


def _stop(problems: list[str]) -> None:
    if problems:
        raise PluginError("An assumption about the theme or a plugin no longer holds:\n" + "\n".join(problems))


def on_config(config):
    i18n = i18n_plugin(config)
    if i18n is not None and outermost(config):
        _stop(i18n_problems(i18n))
    return config


def on_env(env, config, files):
    ours = Path(config.theme.custom_dir or "", "main.html") if config.theme.custom_dir else None
    if ours is None or not ours.is_file():
        return env
    base_source = env.loader.get_source(env, "base.html")[0]
    shown = Path(config.theme.custom_dir).name + "/main.html"
    _stop(block_problems(base_source, ours.read_text(encoding="utf-8"), env, shown))
    return env


_checked_page: set[str] = set()


def on_pre_build(config):
    _checked_page.discard(config.site_dir)


def on_post_page(output, page, config):
    # One page per build is enough: every page comes from the same base.html.
    if config.site_dir not in _checked_page:
        _checked_page.add(config.site_dir)
        _stop([f"docs/{page.file.src_uri}: {problem}" for problem in page_problems(output)])
    return output
