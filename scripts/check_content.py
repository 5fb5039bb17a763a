#!/usr/bin/env python3
"""Refuse Markdown that could harm readers or that is not finished.

  check_content.py [DOCS_DIR]     (default: docs/)

Active content (<script>, event handlers, javascript: addresses) and links
to plain http:// addresses are refused by the build's allowlist sanitiser
(hooks/sitegen/core/sanitise.py), so they are not matched here: one message
per mistake. Every image needs alt text. TODO markers (left by
`make new-guide`) must be replaced before a page can be published. Every
heading from `##` down carries a fixed id (`## Title {#title}`), the same in
every language: without one, each language gets its own automatic anchor
and links between them break; the message suggests the id the other
language's heading at the same place has, or one made from the text.
Fenced code blocks are shown as text, so they are not checked. Prints one line per problem (file:line: what and how to
fix) and exits 1 if there is any.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (pattern, what is wrong and what to do); checked outside fenced code blocks.
# Active content (scripts, frames, event handlers, javascript:/data: addresses)
# and plain http:// links are not matched here: the build's allowlist sanitiser refuses it with the
# file and line (hooks/sitegen/core/sanitise.py), one message per mistake.
RULES = [
    (re.compile(r"!\[\s*\]\("),
     "an image without alt text; describe the image between the brackets: ![what it shows](…)."),
    (re.compile(r"<img\b(?![^>]*\balt\s*=\s*[\"'][^\"']+)[^>]*>", re.I),
     "an image without alt text; add alt=\"what it shows\"."),
]
TODO = re.compile(r"\bTODO\b")
FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{2,6})\s+(.*?)\s*#*\s*$")
HEADING_ID = re.compile(r"\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$")
FRONT = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.S)


def slug(text: str) -> str:
    """An id made from a heading's text: lower case, ASCII, hyphens."""
    text = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text or "section"


def headings(text: str) -> list[tuple[int, str, str | None]]:
    """(line, text, id or None) of every heading from ## down, outside code blocks."""
    found = []
    in_fence = False
    front = FRONT.match(text)
    skip_until = text.count("\n", 0, front.end()) if front else 0
    for number, line in enumerate(text.splitlines(), start=1):
        if number <= skip_until:
            continue
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else HEADING.match(line)
        if match:
            anchor = HEADING_ID.search(line)
            found.append((number, match.group(2), anchor.group(1) if anchor else None))
    return found


def counterparts(path: Path) -> list[Path]:
    """The same page in the other languages (page.de.md <-> page.en.md …)."""
    parts = path.name.split(".")
    if len(parts) < 3:
        return []
    stem = ".".join(parts[:-2])
    return sorted(p for p in path.parent.glob(f"{stem}.*.md") if p != path)


def heading_problems(path: Path, name) -> list[str]:
    problems = []
    own = headings(path.read_text(encoding="utf-8"))
    others = [headings(p.read_text(encoding="utf-8")) for p in counterparts(path)]
    for position, (number, text, anchor) in enumerate(own):
        if anchor:
            continue
        suggestion = next((other[position][2] for other in others
                           if position < len(other) and other[position][2]), None)
        suggestion = suggestion or slug(HEADING_ID.sub("", text))
        problems.append(f"{name}:{number}: the heading \"{text}\" has no fixed id; end the line with "
                        f"{{#{suggestion}}} and give the heading in the other language the same id "
                        "(links point to it; without one each language gets a different anchor).")
    return problems


def check_file(path: Path, root: Path = ROOT) -> list[str]:
    try:
        name = path.relative_to(root)
    except ValueError:
        name = path
    problems = []
    in_fence = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if TODO.search(line):
            problems.append(f"{name}:{number}: a TODO marker is left; replace it with the real text.")
        if FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        for pattern, message in RULES:
            match = pattern.search(line)
            if match:
                problems.append(f"{name}:{number}: " + message.format(*(match.groups() or ("",))))
    return problems + heading_problems(path, name)


def main(argv: list[str]) -> int:
    if argv and argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    docs = Path(argv[0]) if argv else ROOT / "docs"
    root = docs.resolve().parent
    problems = [p for path in sorted(docs.rglob("*.md")) for p in check_file(path.resolve(), root)]
    for line in problems:
        print(line)
    if problems:
        print(f"\n{len(problems)} content problem(s).", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
