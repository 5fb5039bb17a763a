"""The one hook file mkdocs.yml lists: the sitegen plugin object and its events.

MkDocs loads this file for every build (a fresh module each time it reads
mkdocs.yml), so every build gets a fresh plugin object. This is the one place
that reads the environment for the plugin's options (sitegen/config.py):
SITE_TODAY=YYYY-MM-DD builds as on that day, OFFLINE_PREVIEW=1 the copy
that opens from the file system. Why a hook file and not a plugin installed
with pip: README, "Build logic".
"""

import os

from sitegen.plugin import SitegenPlugin

plugin = SitegenPlugin()
plugin.load_config({"today": os.environ.get("SITE_TODAY") or None,
                    "offline": os.environ.get("OFFLINE_PREVIEW") == "1"})
globals().update(plugin.events())
