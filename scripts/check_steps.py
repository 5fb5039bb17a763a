#!/usr/bin/env python3
"""Run `make check`'s steps and end with the problems, once each.

  check_steps.py --source "content translations lint-workflows" --site "links-internal page-weight"

Runs every source step (`make STEP`), then the strict build, then – if the
build succeeded – every site step, each to the end even when one fails, so
an editor sees all problems at once. Each step's output is shown as it runs,
without make's own noise (the commands it runs, `make[1]: *** … Error 1`),
MkDocs' INFO lines and its closing "Aborted with …" line; VERBOSE=1 shows
the INFO lines too. At the end, if anything failed, the problems are
repeated in a short list – one line per problem, the file and line first –
so nobody has to scroll back through the passing steps' output.

Node.js, which the workflow lint needs, comes with `make setup` (the pinned
Node.js 24 in .venv/bin), so every step runs on every machine.

Exit 0 when every step passed, 1 otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys

NOISE = re.compile(r"^(make(\[\d+\])?: \*\*\* |Aborted with |make(\[\d+\])?: (Entering|Leaving) directory)")
INFO = re.compile(r"^INFO\s+-\s+")
LEVEL = re.compile(r"^(ERROR|WARNING)\s+-\s+")
# A problem names a file of the project first: "docs/faq.de.md:12: …", "mkdocs.yml:40: …".
PROBLEM = re.compile(r"^(docs/|site/|overrides/|hooks/|scripts/|\.github/|mkdocs\.yml|budgets\.yml|"
                     r"package\.json|requirements[\w-]*\.txt)[^\s:]*(:\d+)?( \([^)]*\))?:\s")


def run_step(step: str, make: list[str], notes: list[str] | None = None) -> tuple[bool, list[str]]:
    """Run `make STEP`, print its output without noise; (passed, problem lines).
    Reminders and notices (a "Reminder:"/"Notice:" line and the indented lines
    after it) are added to `notes` to be repeated at the end."""
    notes = [] if notes is None else notes
    in_note = in_problem = False
    process = subprocess.Popen([*make, step], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, bufsize=1)
    problems, tail = [], []
    assert process.stdout is not None
    for raw in process.stdout:
        line = raw.rstrip("\n")
        if NOISE.match(line) or (INFO.match(line) and not os.environ.get("VERBOSE")):
            continue
        print(line, flush=True)
        if line.startswith(("Reminder:", "Notice:")):
            notes.append(line)
            in_note = True
            continue
        if in_note and line.startswith((" ", "\t")):
            notes[-1] += "\n" + line
            continue
        in_note = False
        message = LEVEL.sub("", line).strip()
        if PROBLEM.match(message):
            problems.append(message)
            in_problem = True
        elif in_problem and message and (line[:1].isspace() or message.startswith("Fix:")):
            problems[-1] += " " + message  # the problem's own continuation lines
        else:
            in_problem = False
            if message:
                tail.append(message)
    passed = process.wait() == 0
    if not passed and not problems:
        problems = [f"{step}: " + " / ".join(tail[-3:]) if tail else f"{step} failed"]
    return passed, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default="", help="steps that read docs/ and the repository")
    parser.add_argument("--site", default="", help="steps that read the built site/")
    parser.add_argument("--build", default="build", help="the step that builds site/")
    parser.add_argument("--make", default=os.environ.get("MAKE", "make"))
    args = parser.parse_args(argv)
    make = [args.make, "--no-print-directory", "--silent"]

    failed: list[str] = []
    problems: list[str] = []
    notes: list[str] = []

    def step(name: str) -> bool:
        passed, found = run_step(name, make, notes)
        if not passed:
            failed.append(name)
            problems.extend(p for p in found if p not in problems)
        return passed

    for name in args.source.split():
        step(name)
    if step(args.build):
        for name in args.site.split():
            step(name)

    if notes:
        print("\n" + "\n".join(notes))
    if not failed:
        print("make check: all checks passed.")
        return 0
    print(f"\nmake check failed: {', '.join(failed)}. "
          f"{len(problems)} problem{'s' if len(problems) != 1 else ''} to fix:", file=sys.stderr)
    for problem in problems:
        print(f"  - {problem}", file=sys.stderr)
    print("(make adds a line 'make: *** [Makefile:…: check] Error 1' below: it only repeats that the check "
          "failed.)", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
