"""The rules every check shares, each written once.

- `url_problem`: an address a template prints into an attribute must be a
  plain https address (or one of the schemes the caller allows): no quote,
  space, angle bracket, backslash or control character, which could end the
  attribute or hide a `javascript:` scheme from simple checks.
- `markup_problem`: a text that templates print must not hold markup: `<`,
  `>`, `"` or `&` after YAML has decoded it (`"\\u003c"` is a `<`).
- `as_date` / `date_fix`: a date as YYYY-MM-DD, and the fix for one written
  another way (03.12.2026 -> 2026-12-03).
"""

from __future__ import annotations

import datetime
import re
from types import MappingProxyType
from urllib.parse import urlsplit

UNSAFE_URL_CHAR = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>`\\]")
MARKUP = re.compile(r'[<>"&]')
MARKUP_NAMES = MappingProxyType({"<": "'<'", ">": "'>'", '"': "a straight double quote (\")", "&": "'&'"})
GERMAN_DATE = re.compile(r"^\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})\s*$")


def shown_char(char: str) -> str:
    """A character as an editor can find it: 'x', or U+0009 for one they cannot see."""
    return repr(char) if char.isprintable() and char != " " else f"U+{ord(char):04X}"


def url_problem(value, schemes: tuple[str, ...] = ("https",)) -> str | None:
    """Why `value` may not be printed as an address, or None when it may."""
    text = str(value)
    bad = UNSAFE_URL_CHAR.search(text)
    if bad:
        return (f"contains {shown_char(bad.group(0))}; an address may not contain quotes, spaces, angle "
                "brackets, backslashes or control characters (copy it from the browser's address bar; "
                "spaces are %20)")
    parts = urlsplit(text)
    if parts.scheme not in schemes or (parts.scheme in ("https", "http") and not parts.hostname):
        wanted = " or ".join(f"{s}:" for s in schemes)
        return f"is not a plain {wanted} address (write it as https://…)"
    return None


def is_https(value) -> bool:
    return url_problem(value) is None


def on_hosts(url, hosts) -> bool:
    """True for an https address on one of `hosts` or their subdomains."""
    host = urlsplit(str(url)).hostname or ""
    return is_https(url) and any(host == h or host.endswith("." + h) for h in hosts)


def markup_problem(value) -> str | None:
    """Why `value` (a decoded text) may not be printed as plain text, or None."""
    found = MARKUP.search(str(value))
    if not found:
        return None
    return (f"contains {MARKUP_NAMES[found.group(0)]}; texts may not hold markup. Write „…“ or “…” "
            "instead of straight quotes, 'und'/'and' instead of '&', and no angle brackets")


def as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def date_fix(value, example: str = "2025-05-26") -> str:
    """How to write `value` as a date: its ISO form when it is a German date."""
    match = GERMAN_DATE.match(str(value))
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return f"write it as {datetime.date(year, month, day).isoformat()} (YYYY-MM-DD)"
        except ValueError:
            pass
    return f"write it as YYYY-MM-DD, e.g. {example}"
