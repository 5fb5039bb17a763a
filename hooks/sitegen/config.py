"""The plugin's own options (MkDocs' typed configuration, as Material's plugins declare theirs).

They come from the environment, read here and nowhere else, when each build
starts (MkDocs keeps one plugin object for every build of a process):
`SITE_TODAY=YYYY-MM-DD` builds the site as on that day (tests, previews),
`OFFLINE_PREVIEW=1` builds the copy that opens from the file system
(`make preview-offline`). What the site says (authority, deadlines,
texts) is not here: that is mkdocs.yml's data, checked by core/schema.py.
"""

from __future__ import annotations

import os

from mkdocs.config import base
from mkdocs.config import config_options as c


class PluginConfig(base.Config):
    # The day the build takes as today (YYYY-MM-DD); None: today in Europe/Berlin.
    today = c.Optional(c.Type(str))
    # A build that opens from file:// (links name files, the search index is a script).
    offline = c.Type(bool, default=False)


def from_environment() -> dict:
    return {"today": os.environ.get("SITE_TODAY") or None, "offline": os.environ.get("OFFLINE_PREVIEW") == "1"}
