"""The one hook file mkdocs.yml lists: the events of the sitegen package.

Everything is in hooks/sitegen/ (see its __init__.py for the layout and why
hooks, not an installed plugin); the order of the features is
sitegen/plugin.py's FEATURES.
"""

from sitegen.plugin import events

globals().update(events())
