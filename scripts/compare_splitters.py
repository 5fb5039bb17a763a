#!/usr/bin/env python3
"""Compare German compound splitters on this site's own words.

  compare_splitters.py [--gold FILE] [--show]

For each splitter in hooks/sitegen/core/search.py (SPLITTERS) that is installed, split
every word of scripts/decompound_gold.de.tsv (German words from the site,
labelled by hand) exactly as the build does (hooks/sitegen/core/search.py:
inner_parts) and compare the boundaries it finds with the labelled ones:

  precision  found boundaries that are right / all found
  recall     right boundaries found / all labelled
  words      words split exactly as labelled (compounds and non-compounds)
  false      non-compounds that were split
  load, per word  CPU seconds to load the library, CPU microseconds per word
                  (CPU time, so a busy machine changes them little)

Only the splitter named in mkdocs.yml is in requirements.txt; install the
others into a scratch environment to compare them (pip install compound-split).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = Path(__file__).with_name("decompound_gold.de.tsv")


def _hook():
    sys.path.insert(0, str(ROOT / "hooks"))
    from sitegen.core import search
    return search


def read_gold(path: Path) -> list[tuple[str, list[list[str]]]]:
    gold = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            word, parts = line.split("\t")
        except ValueError:
            sys.exit(f"{path}:{number}: expected 'word<TAB>parts', got {line!r}")
        options = [] if parts.strip() == "-" else [alt.split() for alt in parts.split("|")]
        gold.append((word, options))
    return gold


def gold_boundaries(word: str, options: list[list[str]]) -> list[set[int]]:
    result = []
    for parts in options:
        at, cuts = 0, set()
        for part in parts[:-1]:
            at += len(part)
            # the word's own letters: a linking "s"/"es"/"n" belongs to the part before
            low = word.lower()
            nxt = parts[parts.index(part) + 1]
            while not low.startswith(nxt, at) and at < len(low):
                at += 1
            cuts.add(at)
        result.append(cuts)
    return result or [set()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=GOLD, help=f"labelled words (default: {GOLD.name})")
    parser.add_argument("--show", action="store_true", help="list every word a splitter gets wrong")
    args = parser.parse_args(argv)
    hook = _hook()
    gold = read_gold(args.gold)
    compounds = sum(1 for _, options in gold if options)
    print(f"{len(gold)} words ({compounds} compounds, {len(gold) - compounds} not compounds) from {args.gold.name}")
    print(f"{'splitter':16} {'precision':>9} {'recall':>7} {'words':>9} {'false':>6} {'load s':>7} {'µs/word':>8}")
    for name, factory in hook.SPLITTERS.items():
        start = time.process_time()
        try:
            split = factory()
        except ImportError:
            print(f"{name:16} not installed")
            continue
        load = time.process_time() - start
        found = right = labelled = exact = false = 0
        wrong = []
        start = time.process_time()
        for word, options in gold:
            low = word.lower()
            cuts = set(hook.boundaries(low, hook.split_deep(split, word)))
            best = max(gold_boundaries(word, options), key=lambda g: (len(g & cuts), -len(g ^ cuts)))
            found += len(cuts)
            right += len(cuts & best)
            labelled += len(best)
            exact += cuts == best
            false += bool(cuts) and not options
            if cuts != best:
                wrong.append(f"{word}: " + "|".join(low[a:b] for a, b in zip([0, *sorted(cuts)], [*sorted(cuts), None])))
        per_word = (time.process_time() - start) / len(gold) * 1e6
        precision = right / found if found else 0.0
        recall = right / labelled if labelled else 0.0
        print(f"{name:16} {precision:9.1%} {recall:7.1%} {exact:4}/{len(gold):<4} {false:6} {load:7.2f} {per_word:8.0f}")
        if args.show:
            for line in wrong:
                print(f"    {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
