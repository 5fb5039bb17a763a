#!/usr/bin/env python3
"""Report the guides whose facts have not been checked for a while.

  guide_freshness.py [--today YYYY-MM-DD] [--days N]

Lists every guide whose `last_checked` date is older than N days (default:
`extra.review_after_days` in mkdocs.yml), oldest first, with its age. It is a
report for editors, not a failure: the pages show their date honestly.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path


sys.path.insert(0, str(Path(__file__).resolve().parent))
from translations import ROOT, load_config  # noqa: E402

sys.path.insert(0, str(ROOT / "hooks"))
from mkdocs.utils.meta import get_data  # noqa: E402
from sitegen.core.schema import is_guide  # noqa: E402


def stale_guides(docs: Path, today: datetime.date, days: int) -> list[tuple[datetime.date, Path]]:
    found = []
    for path in sorted(docs.rglob("*.md")):
        if not is_guide(str(path.relative_to(docs))):
            continue
        checked = get_data(path.read_text(encoding="utf-8"))[1].get("last_checked")
        if isinstance(checked, str):
            try:
                checked = datetime.date.fromisoformat(checked)
            except ValueError:
                continue  # `make check` reports the malformed date
        if isinstance(checked, datetime.date) and (today - checked).days > days:
            found.append((checked, path))
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--today", type=datetime.date.fromisoformat, default=datetime.date.today())
    parser.add_argument("--days", type=int, help="age limit in days (default from mkdocs.yml)")
    args = parser.parse_args(argv)
    config = load_config()
    days = args.days or int(config.get("extra", {}).get("review_after_days", 180))
    stale = stale_guides(ROOT / config.get("docs_dir", "docs"), args.today, days)
    if not stale:
        print(f"Every guide was checked within the last {days} days.")
        return 0
    print(f"Guides last checked more than {days} days ago (oldest first):")
    for checked, path in stale:
        print(f"  {path.relative_to(ROOT)}: last checked {checked.isoformat()}, "
              f"{(args.today - checked).days} days ago; check the steps against the form and the "
              "sources, then update last_checked.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
