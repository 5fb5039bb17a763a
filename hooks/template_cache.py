"""Compile the theme's templates once, not for every language of every build.

The i18n plugin builds every language with a fresh Jinja environment, and each
one parses and compiles Material's ~35 templates again. Profiled with cProfile
(see `make bench`), that was about a quarter of the CPU time of this site's
build, and more with more languages. This gives every environment Jinja's
bytecode cache: compiled templates are kept in Jinja's per-user folder in the
system's temporary directory (created by Jinja, mode 0700) and reused while a
template's source is unchanged. Jinja compares a checksum of the source (and
the Python version) before it reuses code, so an edited template in overrides/
is compiled afresh. The built pages are byte for byte the same.

If that folder cannot be used, the cache lives in memory for the one build.
"""

from __future__ import annotations

import logging

from jinja2.bccache import Bucket, BytecodeCache, FileSystemBytecodeCache

log = logging.getLogger("mkdocs.hooks.template_cache")


class _InMemory(BytecodeCache):
    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


try:
    _CACHE: BytecodeCache = FileSystemBytecodeCache(pattern="mkdocs-%s.cache")
except (OSError, RuntimeError) as err:  # no safe temporary folder
    log.debug(f"template cache in memory only: {err}")
    _CACHE = _InMemory()


def on_env(env, config, files):
    env.bytecode_cache = _CACHE
    return env
