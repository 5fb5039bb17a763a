"""The plugin's own options (MkDocs' typed configuration, as Material's plugins declare theirs).

hooks/sitegen_hooks.py sets them from the environment, the one place that
reads it: `SITE_TODAY=YYYY-MM-DD` builds the site as on that day (tests,
previews), `OFFLINE_PREVIEW=1` builds the copy that opens from the file
system (`make preview-offline`). What the site says (authority, deadlines,
texts) is not here: that is mkdocs.yml's data, checked by core/schema.py.
"""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class PluginConfig(base.Config):
    # The day the build takes as today (YYYY-MM-DD); None: today in Europe/Berlin.
    today = c.Optional(c.Type(str))
    # A build that opens from file:// (links name files, the search index is a script).
    offline = c.Type(bool, default=False)
