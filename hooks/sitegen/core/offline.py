"""A build that opens from the file system (`make preview-offline`): its links.

Reviewers unzip a pull request's preview and double-click index.html, so the
pages are read from file://…, where a browser shows a folder listing for a link
to a folder and cannot follow an absolute link into the site. The build is
made with `use_directory_urls: false` (faq.html), and after it every link
inside the site becomes a path relative to its page that names a file
(`relative_href`). The theme adapter (../theme.py) does the rest: the search
index as a script, the theme's own search worker in a frame.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

HREF = re.compile(r'(href=")([^"]*)(")')


def _as_file(path: str, bases: list[Path], page: Path) -> str | None:
    """The file `path` means, tried against each base folder, relative to `page`; None if none."""
    if "index.html" in path and not path.endswith("index.html"):
        path = path.replace("index.html", "", 1)  # a template's home-page URL + "contact/"
    stripped = path.rstrip("/")
    candidates = [path, f"{stripped}/index.html" if stripped not in ("", ".") else "index.html",
                  f"{stripped}.html", path.removesuffix("/index.html") + ".html"]
    for base in bases:
        for candidate in candidates:
            target = Path(os.path.normpath(base / candidate))  # base may not exist (page.stem)
            if target.is_file():
                return os.path.relpath(target, page.parent).replace(os.sep, "/")
    return None


def relative_href(href: str, page: Path, site: Path, site_url: str) -> str:
    """A link inside the site as a path relative to `page` that names a file (file:// has
    no index pages); links elsewhere and links that already work are left alone."""
    parts = urlsplit(href)
    if href.startswith("#") or not href or parts.scheme in ("mailto", "tel", "javascript", "data"):
        return href
    if site_url and href.startswith(site_url):
        path, bases = unquote(urlsplit(href[len(site_url):]).path), [site]
    elif parts.scheme or parts.netloc:
        return href  # another host
    elif href.startswith("/"):
        prefix = urlsplit(site_url).path or "/"
        if not parts.path.startswith(prefix):
            return href
        path, bases = unquote(parts.path[len(prefix):]), [site]
    else:
        if Path(os.path.normpath(page.parent / unquote(parts.path))).is_file():
            return href
        # Templates written for directory URLs: the page was its own folder.
        path, bases = unquote(parts.path), [page.parent, page.parent / page.stem]
    found = _as_file(path, bases, page)
    if found is None:
        return href
    return found + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def rewrite(text: str, page: Path, site: Path, site_url: str) -> str:
    """Every href of the page `text` (the file `page` in `site`) as a file:// reader needs it."""
    return HREF.sub(lambda m: m.group(1) + relative_href(m.group(2), page, site, site_url) + m.group(3), text)
