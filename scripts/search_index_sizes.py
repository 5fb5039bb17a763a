#!/usr/bin/env python3
"""Size of each language's search index in a built site, raw and gzip.

  search_index_sizes.py [SITE_DIR] [--json]

Also the growth from the readers' words (hooks/sitegen/core/search.py: compound
parts and synonyms in hidden fields): each index with and without them.

Each language's pages load only their own index (hooks/sitegen/core/search.py):
search/search_index.json for the default language, <lang>/search/search_index.json
for the others (or, when the index loads on the first search, the stub there
and the entries in search_index.full.json next to it: both are reported). gzip at level 6, as the local server (scripts/serve_site.py)
compresses; GitHub Pages compresses too. `make bench` calls index_sizes().
Exit 1 when a language's index is missing or grew by more than 25 %.
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

    With hooks/sitegen/theme.py, search/search_index.json is a stub every
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


HIDDEN = ("title_words", "text_words")  # hooks/sitegen/core/search.py
MAX_GROWTH = 0.25  # issue 15: the readers' words may grow an index by at most 25 %


def without_readers_words(data: dict) -> bytes:
    """The index as hooks/sitegen/core/search.py wrote it, before the readers' words."""
    config = dict(data.get("config", {}))
    config["fields"] = {k: v for k, v in config.get("fields", {}).items() if k not in HIDDEN}
    docs = [{k: v for k, v in doc.items() if k not in HIDDEN} for doc in data.get("docs", [])]
    return json.dumps({"config": config, "docs": docs}, separators=(",", ":")).encode("utf-8")


def readers_words_growth(site: Path, root: Path = ROOT) -> list[dict]:
    """Per built language: {lang, before_raw, before_gzip, raw, gzip, growth_raw, growth_gzip}."""
    rows = []
    for entry in index_sizes(site, root):
        if entry["raw"] is None:
            continue
        data = (site / entry["path"]).read_bytes()
        before = without_readers_words(json.loads(data))
        row = {"lang": entry["lang"], "before_raw": len(before), "before_gzip": len(gzip.compress(before, 6)),
               "raw": entry["raw"], "gzip": entry["gzip"]}
        row["growth_raw"] = row["raw"] / row["before_raw"] - 1
        row["growth_gzip"] = row["gzip"] / row["before_gzip"] - 1
        rows.append(row)
    return rows


def growth_lines(rows: list[dict]) -> list[str]:
    return [f"{r['lang']}: readers' words grow the index from {r['before_raw']:,} to {r['raw']:,} bytes "
            f"({r['growth_raw']:+.1%}), gzip {r['before_gzip']:,} to {r['gzip']:,} ({r['growth_gzip']:+.1%}); "
            f"limit {MAX_GROWTH:+.0%}" for r in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", nargs="?", type=Path, default=ROOT / "site", help="built site (default: site/)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    sizes = index_sizes(args.site)
    growth = readers_words_growth(args.site) if not [e for e in sizes if e["raw"] is None] else []
    if args.json:
        by_lang = {row["lang"]: row for row in growth}
        print(json.dumps([{**entry, "readers_words": by_lang.get(entry["lang"])} for entry in sizes], indent=2))
    else:
        for entry in sizes:
            if entry["raw"] is None:
                print(f"{entry['lang']}: {entry['path']} is missing")
            else:
                stub = (f"; every page loads a stub of {entry['stub_raw']:,} bytes, "
                        f"{entry['stub_gzip']:,} gzip" if "stub_raw" in entry else "")
                print(f"{entry['lang']}: {entry['path']}: {entry['raw']:,} bytes, "
                      f"{entry['gzip']:,} gzip, {entry['entries']} entries{stub}")
        print("\n".join(growth_lines(growth)))
    too_big = [r["lang"] for r in growth if max(r["growth_raw"], r["growth_gzip"]) > MAX_GROWTH]
    if too_big:
        print(f"The readers' words grow the index of {', '.join(too_big)} by more than {MAX_GROWTH:.0%}: "
              "fewer synonyms, or a splitter that splits less (hooks/sitegen/core/search.py).", file=sys.stderr)
    missing = [entry["path"] for entry in sizes if entry["raw"] is None]
    if missing:
        print(f"Missing: {', '.join(missing)}; build the site first (make build).", file=sys.stderr)
    return 1 if missing or too_big else 0


if __name__ == "__main__":
    sys.exit(main())
