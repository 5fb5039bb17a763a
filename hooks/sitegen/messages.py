"""Make the build's messages useful to editors.

MkDocs says "Doc file 'faq.de.md' contains a link 'guides/x.md', but …".
Editors also need the line and what to do, so this adds both:
"docs/faq.de.md:12: … Fix: correct the link, or the heading id {#…} it
points to." The warning itself (and the failing strict build) is MkDocs'.
It also silences the i18n plugin's dump of every per-language setting,
which buries the messages that matter.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

LINK_WARNING = re.compile(
    r"^Doc file '(?P<file>[^']+)' contains an? (?:absolute |unrecognized relative )?link '(?P<link>[^']+)'")


class _AddLine(logging.Filter):
    def __init__(self, docs_dir: str):
        super().__init__()
        self.docs_dir = Path(docs_dir)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        match = LINK_WARNING.match(message)
        if match and not message.startswith("docs/"):
            name, link = match.group("file"), match.group("link")
            line = self._line_of(name, link)
            where = f"{self.docs_dir.name}/{name}" + (f":{line}" if line else "")
            if "anchor" in message:
                fix = "correct the heading id {#…} or the part after '#'"
            elif "absolute link" in message:
                fix = ("link relative to this file, e.g. ../faq.md, not /…: "
                       "an address starting with / breaks when the site lives under a sub-path")
            else:
                fix = "correct the link; it is relative to this file, e.g. ../faq.md#no-reason-needed"
            record.msg, record.args = f"{where}: {message} Fix: {fix}.", ()
        return True

    def _line_of(self, name: str, link: str) -> int | None:
        try:
            text = (self.docs_dir / name).read_text(encoding="utf-8")
        except OSError:
            return None
        position = text.find(f"]({link}")
        position = position if position != -1 else text.find(link)
        return text.count("\n", 0, position) + 1 if position != -1 else None


_filter: _AddLine | None = None


def on_config(config):
    global _filter
    logger = logging.getLogger("mkdocs.structure.pages")
    if _filter is not None:
        logger.removeFilter(_filter)
    _filter = _AddLine(config.docs_dir)
    logger.addFilter(_filter)
    logging.getLogger("mkdocs.plugins.mkdocs_static_i18n.reconfigure").setLevel(logging.WARNING)
    return config
