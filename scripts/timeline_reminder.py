#!/usr/bin/env python3
"""After a change to the timeline, name the texts that summarise it.

  timeline_reminder.py [--base REF]      (make timeline-reminder; part of make check)

The timeline page and its feeds are written from docs/timeline.yml, but a
few texts sum the timeline up in prose: the timeline page's description,
its open points, the FAQ's answer on what happened since. A new entry can
make them out of date. Which texts these are is data:
`extra.timeline_summaries` in mkdocs.yml ("page.md" = the page's
description, "page.md#id" = its section with that heading id).

When docs/timeline.yml differs from REF (default: the last commit, i.e.
uncommitted edits), prints each of those texts, per language, with file and
line, as a reminder; it does not fail for that. It fails (exit 1, with the
line in mkdocs.yml) when the list names a page or heading id that does not
exist, so the list cannot silently go stale. Without git it cannot tell
whether the timeline changed and says nothing.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from translations import load_config, languages  # noqa: E402

TIMELINE = "docs/timeline.yml"


def timeline_changed(root: Path, base: str | None) -> bool:
    """True when docs/timeline.yml differs from `base` (default HEAD), uncommitted edits included.
    False outside a git checkout (a copy of the project, a downloaded archive): nothing
    to compare with, so no reminder."""
    inside = subprocess.run(["git", "-C", str(root), "rev-parse", "--verify", "-q", base or "HEAD"],
                            capture_output=True, text=True)
    if inside.returncode != 0:
        return False
    result = subprocess.run(["git", "-C", str(root), "diff", "--quiet", base or "HEAD", "--", TIMELINE],
                            capture_output=True, text=True)
    return result.returncode == 1


def config_line(root: Path, text: str) -> int:
    lines = (root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    return next((n for n, line in enumerate(lines, start=1) if text in line), 0)


def summaries(root: Path = ROOT) -> tuple[list[str], list[str]]:
    """(texts with file and line per language, problems with the list)."""
    config = load_config(root)
    default, langs = languages(config)
    listed = ((config.get("extra") or {}).get("timeline_summaries")) or []
    found, problems = [], []
    for entry in listed:
        page, _, anchor = str(entry).partition("#")
        stem = page[: -len(".md")] if page.endswith(".md") else page
        for lang in langs:
            file = root / "docs" / f"{stem}.{lang}.md"
            name = file.relative_to(root).as_posix()
            if not file.is_file():
                problems.append(f"mkdocs.yml:{config_line(root, str(entry))}: timeline_summaries lists "
                                f"{entry}, but {name} does not exist; correct the list.")
                continue
            lines = file.read_text(encoding="utf-8").splitlines()
            if anchor:
                pattern = re.compile(r"^#+\s+(.*?)\s*\{[^}]*#" + re.escape(anchor) + r"[\s}]")
                hit = next(((n, m.group(1)) for n, line in enumerate(lines, start=1)
                            if (m := pattern.match(line))), None)
                what = f"section „{hit[1]}“" if hit and lang == "de" else (f"section \"{hit[1]}\"" if hit else "")
            else:
                hit = next(((n, "description") for n, line in enumerate(lines, start=1)
                            if line.startswith("description:")), None)
                what = "description (front matter)"
            if hit is None:
                problems.append(f"mkdocs.yml:{config_line(root, str(entry))}: timeline_summaries lists "
                                f"{entry}, but {name} has no " + (f"heading {{#{anchor}}}" if anchor
                                                                  else "description:") + "; correct the list.")
                continue
            found.append(f"{name}:{hit[0]}: {what}")
    return found, problems


def reminder(found: list[str]) -> str:
    return ("Reminder: docs/timeline.yml has changed. These texts summarise the timeline; check that "
            "they still hold (in every language):\n" + "\n".join(f"  {line}" for line in found))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", help="git ref to compare docs/timeline.yml with (default: the last commit)")
    args = parser.parse_args(argv)
    found, problems = summaries(ROOT)
    for problem in problems:
        print(problem)
    if problems:
        return 1
    if timeline_changed(ROOT, args.base) and found:
        print(reminder(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
