#!/usr/bin/env python3
"""Refuse Markdown that could harm readers or that is not finished.

  check_content.py [DOCS_DIR]     (default: docs/)

Pull requests can come from anyone, so the pages may not contain active
content: <script>, <iframe>, <object>, <embed>, inline event handlers
(onclick= …), javascript: or data: addresses, or links to plain http://
addresses. Every image needs alt text. TODO markers (left by
`make new-guide`) must be replaced before a page can be published.
Fenced code blocks are shown as text, not run, so they are not checked for
active content. Prints one line per problem (file:line: what and how to
fix) and exits 1 if there is any.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# (pattern, what is wrong and what to do); checked outside fenced code blocks.
RULES = [
    (re.compile(r"<\s*(script|iframe|object|embed)\b", re.I),
     "<{0}> is not allowed in pages; remove it (pages may only contain text, links and images)."),
    (re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
     "an inline event handler (on…=) is not allowed; remove the attribute."),
    (re.compile(r"\{[^}]*\son[a-z]+\s*=[^}]*\}", re.I),
     "an event handler attribute (on…=) is not allowed; remove it."),
    (re.compile(r"(?:\]\(|\]:|href\s*=\s*[\"']?|src\s*=\s*[\"']?|<)\s*(javascript|vbscript|data):", re.I),
     "a {0}: address is not allowed; link to an https:// address or a page of this site."),
    (re.compile(r"(?:\]\(|\]:|href\s*=\s*[\"']?|src\s*=\s*[\"']?|<)\s*(http)://", re.I),
     "a plain http:// link; use the https:// address."),
    (re.compile(r"!\[\s*\]\("),
     "an image without alt text; describe the image between the brackets: ![what it shows](…)."),
    (re.compile(r"<img\b(?![^>]*\balt\s*=\s*[\"'][^\"']+)[^>]*>", re.I),
     "an image without alt text; add alt=\"what it shows\"."),
]
TODO = re.compile(r"\bTODO\b")
FENCE = re.compile(r"^\s*(```|~~~)")


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
    return problems


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
