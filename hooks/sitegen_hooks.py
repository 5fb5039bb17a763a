"""The one hook file mkdocs.yml lists: the sitegen plugin object and its events.

MkDocs loads this file once per process and keeps it for every build, so
the plugin object starts each build afresh itself (plugin.py, on_config) and
reads its options then (sitegen/config.py). Why a hook file and not a plugin
installed with pip: README, "Build logic".
"""

from sitegen.plugin import SitegenPlugin

plugin = SitegenPlugin()
globals().update(plugin.events())
