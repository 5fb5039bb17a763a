"""Check the whole configuration against config.py's schema before anything is built.

Runs first of all on_config handlers (priority 1000), once per build (not
again for each language the i18n plugin builds). Every problem in mkdocs.yml
and budgets.yml is logged as its own error line (file:line: key path, what is
wrong, Fix: …) and the build stops with no traceback; every page's front
matter is checked in the same pass, its problems logged as errors (the strict
build fails on them, `make serve` still shows a draft).
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import yaml_load

from . import front_matter
from .common import config_path, outermost
from .config import check_config, form_hosts

log = logging.getLogger("mkdocs.hooks.validate")


def config_problems(config) -> list[str]:
    path = config_path(config)
    with open(path, encoding="utf-8") as handle:
        raw = yaml_load(handle)
    return check_config(path, raw, path.parent / "budgets.yml")


def front_matter_problems(config) -> list[str]:
    docs = Path(config.docs_dir)
    hosts, operator = form_hosts(config), (config.extra.get("forms") or {}).get("operator")
    found = []
    for page in sorted(docs.rglob("*.md")):
        src_uri = page.relative_to(docs).as_posix()
        if src_uri.startswith("search/"):
            continue  # excluded from the site (exclude_docs)
        found += front_matter.problems(src_uri, page.read_text(encoding="utf-8"), hosts, operator)
    return found


@event_priority(1000)  # before every other on_config handler reads the configuration
def on_config(config):
    if not outermost(config):
        return config
    problems = config_problems(config)
    for message in problems:
        log.error(message)
    if problems:
        raise PluginError(f"The site's configuration has {len(problems)} problem(s), listed above; "
                          "nothing was built. Fix them and build again.")
    # Logged errors count as failures of the strict build (strict: true).
    for message in front_matter_problems(config):
        log.error(message)
    return config
