#!/usr/bin/env python3
"""Size of each language's search index in a built site, raw and gzip.

  search_index_sizes.py [SITE_DIR] [--json]

Each language's pages load only their own index (hooks/search_per_language.py):
search/search_index.json for the default language, <lang>/search/search_index.json
for the others (or, when the index loads on the first search, the stub there
and the entries in search_index.full.json next to it: both are reported). gzip at level 6, as the local server (scripts/serve_site.py)
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


def index_file(site: Path, folder: str) -> Path:
    """The file holding a language's entries (`folder`: "" or "en/").

    With hooks/search_on_demand.py, search/search_index.json is a stub every
    page loads and the entries are in search_index.full.json, fetched on the
    first search."""
    stub = Path(site, folder, "search", "search_index.json")
    full = stub.with_name("search_index.full.json")
    return full if full.is_file() else stub


def load_index(site: Path, folder: str) -> dict:
    return json.loads(index_file(site, folder).read_text(encoding="utf-8"))


def index_sizes(site: Path, root: Path = ROOT) -> list[dict]:
    """Per built language: {lang, path, raw, gzip, entries} of its index (None when
    missing) and, when the index loads on demand, stub_raw/stub_gzip of the stub
    every page of that language loads."""
    default, langs = languages(load_config(root))
    sizes = []
    for lang in langs:
        folder = "" if lang == default else f"{lang}/"
        path = index_file(site, folder)
        entry = {"lang": lang, "path": path.relative_to(site).as_posix(), "raw": None, "gzip": None,
                 "entries": None}
        if path.is_file():
            data = path.read_bytes()
            entry.update(raw=len(data), gzip=len(gzip.compress(data, 6)),
                         entries=len(json.loads(data).get("docs", [])))
        stub = Path(site, folder, "search", "search_index.json")
        if stub != path and stub.is_file():
            data = stub.read_bytes()
            entry.update(stub_raw=len(data), stub_gzip=len(gzip.compress(data, 6)))
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
                stub = (f"; every page loads a stub of {entry['stub_raw']:,} bytes, "
                        f"{entry['stub_gzip']:,} gzip" if "stub_raw" in entry else "")
                print(f"{entry['lang']}: {entry['path']}: {entry['raw']:,} bytes, "
                      f"{entry['gzip']:,} gzip, {entry['entries']} entries{stub}")
    missing = [entry["path"] for entry in sizes if entry["raw"] is None]
    if missing:
        print(f"Missing: {', '.join(missing)}; build the site first (make build).", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
