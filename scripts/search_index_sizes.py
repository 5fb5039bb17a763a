#!/usr/bin/env python3
"""Size of each language's search index in a built site, raw and gzip.

  search_index_sizes.py [SITE_DIR] [--json]

Each language's pages load only their own index (hooks/search_per_language.py):
search/search_index.json for the default language, <lang>/search/search_index.json
for the others. gzip at level 6, as the local server (scripts/serve_site.py)
compresses; GitHub Pages compresses too. `make bench` calls index_sizes().
Exit 1 when a language's index is missing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from translations import languages, load_config  # noqa: E402


def index_sizes(site: Path, root: Path = ROOT) -> list[dict]:
    """[{lang, path, raw, gzip, entries}] per built language; raw/gzip None when missing."""
    default, langs = languages(load_config(root))
    sizes = []
    for lang in langs:
        path = Path(site, "" if lang == default else lang, "search", "search_index.json")
        entry = {"lang": lang, "path": path.relative_to(site).as_posix(), "raw": None, "gzip": None,
                 "entries": None}
        if path.is_file():
            data = path.read_bytes()
            entry.update(raw=len(data), gzip=len(gzip.compress(data, 6)),
                         entries=len(json.loads(data).get("docs", [])))
        sizes.append(entry)
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "site", help="built site (default: site/)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    sizes = index_sizes(args.site)
    if args.json:
        print(json.dumps(sizes, indent=2))
    else:
        for entry in sizes:
            if entry["raw"] is None:
                print(f"{entry['lang']}: {entry['path']} is missing")
            else:
                print(f"{entry['lang']}: {entry['path']}: {entry['raw']:,} bytes, "
                      f"{entry['gzip']:,} gzip, {entry['entries']} entries")
    missing = [entry["path"] for entry in sizes if entry["raw"] is None]
    if missing:
        print(f"Missing: {', '.join(missing)}; build the site first (make build).", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
