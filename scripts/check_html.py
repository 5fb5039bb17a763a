#!/usr/bin/env python3
"""Check every built page with the W3C's Nu Html Checker: 0 errors.

  check_html.py [SITE_DIR]      (default: site/)

Runs vnu.jar from the npm package vnu-jar (pinned in package-lock.json,
installed by `make node-deps`) with the Java runtime on the PATH (Java 17+;
Debian: apt-get install default-jre-headless). Prints one line per error:
the built file, line and column, the checker's message and where to fix it,
and exits 1 if there is any. Warnings are not counted.

The markup comes from Markdown (docs/), the templates in overrides/, or
Material's templates. Three errors come from Material 9's own templates and are
not the site's to fix (MATERIAL_ERRORS: each with the template and why a browser
is not affected); they are counted and named, not failed on. Fixing them here
meant copying and editing two of Material's partials and rewriting every
built page, which drifts with every Material release; they are reported to
Material instead. Anything else fails, with the page, line and where to fix it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
FIX = ("fix it in docs/ if the page's text has it, else in overrides/ "
       "(a block of overrides/main.html or a partial replacing Material's)")
# (message, text around it, Material's template, why no reader is affected)
MATERIAL_ERRORS = (
    ("Attribute “autocomplete” is only allowed when the input type is", 'class="md-toggle" data-md-toggle=',
     "material/templates/base.html (the menu and search toggles)",
     "browsers ignore autocomplete on a checkbox; Material sets it so Firefox does not restore an open menu"),
    ("Bad value “” for attribute “tabindex” on element “label”", 'class="md-nav__link',
     "material/templates/partials/nav-item.html (a menu section's label)",
     "an empty tabindex is ignored, as if it were not there: the label is not a Tab stop"),
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
     'class="md-nav__title" for="__toc"', "material/templates/partials/toc.html (the table of contents' title)",
     "on a page without its own menu entry the label has no control; clicking it does nothing"),
)


def from_material(message: dict) -> str | None:
    """The template of a known error of Material's own markup, or None."""
    extract = " ".join(message.get("extract", "").split())
    for text, around, template, _ in MATERIAL_ERRORS:
        if message.get("message", "").startswith(text) and around in extract:
            return template
    return None


def run_vnu(files: list[Path]) -> list[dict]:
    """The checker's error messages for `files` (dicts with url, lastLine, message)."""
    java = shutil.which("java")
    if java is None:
        raise SystemExit("check_html: no Java runtime on the PATH; install one "
                         "(Debian: sudo apt-get install default-jre-headless) and run again.")
    if not VNU.exists():
        raise SystemExit(f"check_html: {VNU.relative_to(ROOT)} is missing; run `make node-deps`.")
    result = subprocess.run([java, "-jar", str(VNU), "--errors-only", "--no-langdetect", "--format", "json",
                             "--exit-zero-always", *map(str, files)], capture_output=True, text=True)
    try:
        return [m for m in json.loads(result.stderr or result.stdout)["messages"] if m.get("type") == "error"]
    except (json.JSONDecodeError, KeyError):
        raise SystemExit(f"check_html: the checker did not answer with a report:\n{result.stderr[-2000:]}")


def problems(site: Path) -> tuple[int, list[str], dict[str, int]]:
    files = sorted(site.rglob("*.html"))
    lines, known = [], {}
    for message in run_vnu(files):
        if (template := from_material(message)) is not None:
            known[template] = known.get(template, 0) + 1
            continue
        url = message.get("url", "")
        path = Path(url.removeprefix("file:")) if url.startswith("file:") else Path(url)
        try:
            shown = path.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            shown = path
        where = f"{shown}:{message.get('lastLine', message.get('firstLine', '?'))}:{message.get('lastColumn', '?')}"
        extract = " ".join(message.get("extract", "").split())[:100]
        lines.append(f"{where}: {message['message']} [{extract}]; {FIX}.")
    return len(files), lines, known


def main(argv: list[str]) -> int:
    if argv and argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0
    site = Path(argv[0]) if argv else ROOT / "site"
    if not site.is_dir():
        print(f"check_html: {site} does not exist; run `make build` first.", file=sys.stderr)
        return 2
    count, found, known = problems(site)
    for template, number in sorted(known.items()):
        print(f"Nu Html Checker: {number} known error(s) from {template} (check_html.py MATERIAL_ERRORS).")
    for line in found:
        print(line)
    if found:
        print(f"\nNu Html Checker: {len(found)} error(s) in {count} page(s).", file=sys.stderr)
        return 1
    print(f"Nu Html Checker: 0 errors in {count} pages.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
