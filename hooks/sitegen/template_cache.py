"""Compile the theme's templates once, not for every language of every build.

The i18n plugin builds every language with a fresh Jinja environment, and each
one parses and compiles Material's ~35 templates again. Profiled with cProfile
(see `make bench`), that was about a quarter of the CPU time of this site's
build, and more with more languages. This gives every environment Jinja's
bytecode cache: compiled templates are kept in the project's own
.cache/jinja/ (next to mkdocs.yml, ignored by git; never a temporary folder
shared with other projects or users) and reused while a template's source is
unchanged. Jinja compares a checksum of the source (and
the Python version) before it reuses code, so an edited template in overrides/
is compiled afresh. The built pages are byte for byte the same.

If that folder cannot be used, the cache lives in memory for the one build.
"""

from __future__ import annotations

import logging

from jinja2.bccache import Bucket, BytecodeCache, FileSystemBytecodeCache

from .common import config_path

log = logging.getLogger("mkdocs.hooks.template_cache")


class _InMemory(BytecodeCache):
    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_caches: dict[str, BytecodeCache] = {}


def cache_for(config) -> BytecodeCache:
    """The project's bytecode cache: <folder of mkdocs.yml>/.cache/jinja/."""
    folder = config_path(config).resolve().parent / ".cache" / "jinja"
    key = str(folder)
    if key not in _caches:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            _caches[key] = FileSystemBytecodeCache(str(folder), pattern="%s.cache")
        except OSError as err:  # a read-only checkout
            log.debug(f"template cache in memory only: {err}")
            _caches[key] = _InMemory()
    return _caches[key]


def on_env(env, config, files):
    env.bytecode_cache = cache_for(config)
    return env
