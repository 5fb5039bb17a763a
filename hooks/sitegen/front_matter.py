"""Check every page's front matter before it is built.

Every page needs a `description`. Guides (pages under guides/ other than the
overview) also declare their service, the form's address, the date their
facts were last checked and their sources; templates render the form button,
the "last checked" line, the sources and the home page's chooser from these.
A mistake is logged as an error with the file, the line where there is one,
the field and what is expected, and fails the strict build. validate.py runs
these checks over docs/ before the build, with the configuration's checks.
"""

from __future__ import annotations

import datetime
import logging
import re
from urllib.parse import urlparse

import yaml

log = logging.getLogger("mkdocs.hooks.front_matter")

GUIDE_FIELDS = {
    "service": "a short lower-case name such as facebook",
    "title": "the service's name as shown in the chooser",
    "summary": "one line for the chooser on the home page",
    "order": "the position in the chooser, a whole number",
    "form_url": "the https address of the objection form",
    "last_checked": "the date the steps were last checked, as YYYY-MM-DD",
    "sources": "a list of sources, each with title: and url:",
}
DESCRIPTION_LENGTH = (30, 170)
# A character an address printed into an attribute may not contain: a quote
# could end the attribute and add an event handler, whitespace and control
# characters hide a javascript: scheme from simple checks.
UNSAFE_URL_CHAR = re.compile(r"[\x00-\x20\x7f-\x9f\"'<>`\\]")
FRONT_MATTER = re.compile(r"\A---\s*\n(.*?\n)---\s*(\n|\Z)", re.S)


def read_front_matter(text: str) -> dict:
    """The front matter as a dict; {} when it is missing or not valid YAML
    (`problems` reports those with file and line)."""
    match = FRONT_MATTER.match(text)
    try:
        meta = yaml.safe_load(match.group(1)) if match else {}
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def is_form_host(url, hosts) -> bool:
    """True for an https address on one of `hosts` (mkdocs.yml extra.forms.hosts) or their subdomains."""
    host = urlparse(str(url)).hostname or ""
    return https_url(url) and any(host == h or host.endswith("." + h) for h in hosts)


TITLE = re.compile(r"^#[ \t]+\S")
FENCE = re.compile(r"^\s*(```|~~~)")


def has_title(body: str) -> bool:
    """True when the Markdown `body` has a `# title` line outside fenced code."""
    in_fence = False
    for line in body.splitlines():
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and TITLE.match(line):
            return True
    return False


def is_guide(src_uri: str) -> bool:
    return src_uri.startswith("guides/") and not src_uri.split("/")[-1].startswith("index.")


def https_url(value) -> bool:
    text = str(value)
    if UNSAFE_URL_CHAR.search(text):
        return False
    parsed = urlparse(text)
    return parsed.scheme == "https" and bool(parsed.hostname)


def unsafe_url(value) -> str | None:
    """The first character of `value` an address may not contain, shown readably."""
    match = UNSAFE_URL_CHAR.search(str(value))
    return None if match is None else (repr(match.group(0)) if match.group(0).isprintable() and
                                       match.group(0) != " " else f"U+{ord(match.group(0)):04X}")


def problems(src_uri: str, raw: str, hosts=(), operator=None) -> list[str]:
    """All front-matter mistakes of one page, as messages for editors; `hosts` are
    the hosts a guide's form may be on, `operator` who runs them (extra.forms)."""
    where = f"docs/{src_uri}"
    match = FRONT_MATTER.match(raw)
    if not match:
        return [f"{where}:1: no front matter; start the file with a '---' line, "
                "a 'description: …' line and another '---' line."]
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = f":{mark.line + 2}" if mark else ""
        reason = getattr(err, "problem", None) or str(err)
        return [f"{where}{line}: the front matter is not valid YAML ({reason}); "
                "check quotes and colons (a value containing ': ' needs quotes) and indentation."]
    if not isinstance(meta, dict):
        return [f"{where}:2: the front matter must be 'name: value' lines."]

    def line_of(key: str) -> str:
        found = re.search(rf"^{re.escape(key)}\s*:", match.group(1), re.M)
        return f":{match.group(1).count(chr(10), 0, found.start()) + 2}" if found else ""

    found: list[str] = []
    description = meta.get("description")
    low, high = DESCRIPTION_LENGTH
    if not isinstance(description, str) or not low <= len(description.strip()) <= high:
        found.append(f"{where}{line_of('description')}: description must be one sentence of "
                     f"{low} to {high} characters (search engines and link previews show it).")
    if "faq" in meta and not isinstance(meta["faq"], bool):
        found.append(f"{where}{line_of('faq')}: faq must be true (the page's '###' headings are questions, "
                     f"the text under each its answer; search engines get them as an FAQ) or false; "
                     f"write 'faq: true' without quotes, or remove the line.")
    if not is_guide(src_uri):
        return found

    body_start = raw.count("\n", 0, match.end(1)) + 2  # the line after the closing ---
    if not has_title(raw[match.end():]):
        found.append(f"{where}:{body_start}: the guide has no title; start its text with a line "
                     "'# …' (e.g. '# Facebook: how to object'). The form button goes right after it.")

    for key, expected in GUIDE_FIELDS.items():
        if meta.get(key) in (None, "", []):
            found.append(f"{where}: field '{key}' is missing; expected {expected}.")
    form_url = meta.get("form_url")
    if form_url and (bad := unsafe_url(form_url)):
        found.append(f"{where}{line_of('form_url')}: form_url contains {bad}; an address may not contain "
                     "quotes, spaces, angle brackets, backslashes or control characters. Copy the "
                     "address from the browser's address bar (https://…, spaces as %20).")
    elif form_url and not is_form_host(form_url, hosts):
        owner = f"{operator}'s hosts" if operator else "the hosts"
        found.append(f"{where}{line_of('form_url')}: form_url \"{form_url}\" must be an https "
                     f"address on one of {owner} ({', '.join(hosts) or 'none listed'}; mkdocs.yml "
                     "extra.forms.hosts).")
    checked = meta.get("last_checked")
    if checked and not isinstance(checked, datetime.date):
        try:
            datetime.date.fromisoformat(str(checked))
        except ValueError:
            found.append(f"{where}{line_of('last_checked')}: last_checked \"{checked}\" is not "
                         "an ISO date (YYYY-MM-DD), e.g. 2025-05-26.")
    if "order" in meta and not isinstance(meta["order"], int):
        found.append(f"{where}{line_of('order')}: order \"{meta['order']}\" must be a whole number.")
    sources = meta.get("sources")
    if sources and not isinstance(sources, list):
        found.append(f"{where}{line_of('sources')}: sources must be a list of '- title: …' / 'url: …' entries.")
    for number, source in enumerate(sources if isinstance(sources, list) else [], start=1):
        if isinstance(source, dict) and (bad := unsafe_url(source.get("url", ""))):
            found.append(f"{where}{line_of('sources')}: source {number}'s url contains {bad}; an address "
                         "may not contain quotes, spaces, angle brackets, backslashes or control "
                         "characters. Copy it from the browser's address bar.")
        elif not isinstance(source, dict) or not source.get("title") or not https_url(source.get("url")):
            found.append(f"{where}{line_of('sources')}: source {number} needs a title: and an "
                         "https url: (\"https://…\").")
    return found

