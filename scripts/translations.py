#!/usr/bin/env python3
"""Language chores for the bilingual docs, one named command each.

  check     Every page exists in every language, with the same explicit
            anchors, the same numbered steps and (guides) the same facts.
            Exit 1 with one line per problem: file, line, what to do.
  missing   List the pages a language lacks (default: every non-default one).
  build     Build one language only into site-<lang>/, for a quick preview.
  drift     Translation freshness from git history: every page whose files
            in two languages were last changed in different commits, with
            both dates (`make freshness`). With --base REF: the page files
            this branch changed in one language but not in the other (a pull
            request's check); --github prints them as workflow warnings.
            A commit whose message contains "[skip translation]" (a typo fix,
            or a translation catching up) does not count as a change. Always
            exits 0 (it reports); 2 when git cannot answer.

The languages come from the i18n plugin's block in mkdocs.yml; German (the
default language) is the source every other language is compared with.
A page whose front matter says `translations: none` is for one language's
readers only (the Leichte Sprache page) and needs no translation.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

# Front-matter fields that must be identical in every language of a guide.
SHARED_GUIDE_FIELDS = ("service", "form_url", "last_checked", "order")

ANCHOR = re.compile(r"\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$")
STEP = re.compile(r"^\s*\d+\.\s+\S")
HEADING = re.compile(r"^#{2,6}\s")
FENCE = re.compile(r"^\s*(```|~~~)")


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without resolving its !ENV and !!python tags."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_AnyTagLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/", lambda loader, suffix, node: None
)


def load_config(root: Path = ROOT) -> dict:
    return yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)


def languages(config: dict) -> tuple[str, list[str]]:
    """(default language, all languages) from the i18n plugin's configuration."""
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            langs = plugin["i18n"]["languages"]
            default = next(lang["locale"] for lang in langs if lang.get("default"))
            built = [lang["locale"] for lang in langs if lang.get("build", True)]
            return default, built
    raise SystemExit("mkdocs.yml: no i18n plugin configured under plugins:")


@dataclass
class Page:
    """What the checks compare between two language versions of a page."""

    path: Path
    meta: dict = field(default_factory=dict)
    anchors: dict[str, int] = field(default_factory=dict)  # anchor -> line
    steps: list[int] = field(default_factory=list)  # lines of numbered steps
    headings: list[tuple[int, str | None]] = field(default_factory=list)  # (line, id or None), ## down
    titles: dict[str, str] = field(default_factory=dict)  # anchor -> its heading's text
    meta_error: str | None = None

    @classmethod
    def read(cls, path: Path) -> "Page":
        page = cls(path)
        lines = path.read_text(encoding="utf-8").splitlines()
        start = 0
        if lines and lines[0].strip() == "---":
            end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
            if end is not None:
                try:
                    meta = yaml.safe_load("\n".join(lines[1:end])) or {}
                except yaml.YAMLError as err:
                    meta, page.meta_error = {}, str(err)
                if isinstance(meta, dict):
                    page.meta = meta
                else:
                    page.meta_error = "not 'name: value' lines"
                start = end + 1
        in_fence = False
        for number, line in enumerate(lines[start:], start=start + 1):
            if FENCE.match(line):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            match = ANCHOR.search(line) if line.lstrip().startswith("#") else None
            if HEADING.match(line):
                page.headings.append((number, match.group(1) if match else None))
                if match:
                    page.titles[match.group(1)] = ANCHOR.sub("", line).lstrip("#").strip()
            if match:
                page.anchors.setdefault(match.group(1), number)
            elif STEP.match(line):
                page.steps.append(number)
        return page


def rel(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def translation_pairs(docs: Path, default: str, other: str):
    """Yield (source page path, translated page path or None) per page."""
    for source in sorted(docs.rglob(f"*.{default}.md")):
        target = source.with_name(source.name[: -len(f".{default}.md")] + f".{other}.md")
        yield source, target if target.exists() else None


def _show(value) -> str:
    """A front-matter value as the editor wrote it (dates as YYYY-MM-DD)."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def compare(source: Page, target: Page) -> list[str]:
    """Every way `target` diverges from `source`, as editor-readable lines."""
    problems = []
    src, dst = rel(source.path), rel(target.path)
    missing = {a: line for a, line in source.anchors.items() if a not in target.anchors}
    extra = {a: line for a, line in target.anchors.items() if a not in source.anchors}
    if len(source.headings) == len(target.headings):
        # Same headings, so the one at the same place is the same heading: one
        # message per heading, with both files' lines.
        for (src_line, src_id), (dst_line, dst_id) in zip(source.headings, target.headings):
            if src_id in missing and dst_id in extra:
                problems.append(
                    f"{dst}:{dst_line}: the heading id #{dst_id} differs from #{src_id} of the same "
                    f"heading in {src}:{src_line}; use {{#{src_id}}} in both languages "
                    "(links from other pages point to it)."
                )
                del missing[src_id], extra[dst_id]
            elif src_id in missing and dst_id is None:
                del missing[src_id]  # scripts/check_content.py: heading without an id, with a suggestion
            elif dst_id in extra and src_id is None:
                del extra[dst_id]
    for anchor, line in missing.items():
        problems.append(_missing_section(source, target, anchor, line))
    for anchor, line in extra.items():
        problems.append(
            f"{dst}:{line}: anchor #{anchor} does not exist in {src}; "
            "use the same heading ids in both languages."
        )
    if len(source.steps) != len(target.steps):
        problems.append(
            f"{dst}: {len(target.steps)} numbered steps, but {src} has "
            f"{len(source.steps)}; both languages need the same steps."
        )
    # Broken front matter is reported with file and line by the build
    # (hooks/sitegen/core/schema.py); comparing it here would only add noise.
    if source.meta_error or target.meta_error:
        return problems
    if source.meta.get("form_url") or target.meta.get("form_url"):
        for key in SHARED_GUIDE_FIELDS:
            if source.meta.get(key) != target.meta.get(key):
                problems.append(
                    f"{dst}: front matter '{key}' is \"{_show(target.meta.get(key))}\", but {src} "
                    f"has \"{_show(source.meta.get(key))}\"; both languages must say the same."
                )
        src_urls = [s.get("url") for s in source.meta.get("sources") or [] if isinstance(s, dict)]
        dst_urls = [s.get("url") for s in target.meta.get("sources") or [] if isinstance(s, dict)]
        if src_urls != dst_urls:
            differ = [u for u in src_urls if u not in dst_urls] + [u for u in dst_urls if u not in src_urls]
            problems.append(
                f"{dst}: its sources differ from {src}'s"
                + (f" ({', '.join(map(str, differ))})" if differ else " (order)")
                + "; list the same source addresses in the same order."
            )
    return problems


def _missing_section(source: Page, target: Page, anchor: str, line: int) -> str:
    """A section of `source` that `target` lacks: which one, and where its translation goes."""
    src, dst = rel(source.path), rel(target.path)
    order = [a for _, a in source.headings if a]
    before = [a for a in order[: order.index(anchor)] if a in target.anchors] if anchor in order else []
    after = [a for a in order[order.index(anchor) + 1:] if a in target.anchors] if anchor in order else []
    if before:
        at, where = target.anchors[before[-1]], f"after the section #{before[-1]} (its heading is at line " \
            f"{target.anchors[before[-1]]})"
    elif after:
        at, where = target.anchors[after[0]], f"before the section #{after[0]} (line {target.anchors[after[0]]})"
    else:
        at, where = 1, "at its place"
    title = source.titles.get(anchor)
    shown = f"the section „{title}“" if title else f"the anchor #{anchor}"
    return (f"{dst}:{at}: {shown} ({src}:{line}, #{anchor}) has no counterpart here; translate it into {dst} "
            f"{where} and end its heading with {{#{anchor}}} (or, if the heading is there, give it that id).")


def check(docs: Path, default: str, others: list[str]) -> list[str]:
    problems = []
    for other in others:
        for source_path, target_path in translation_pairs(docs, default, other):
            if target_path is None:
                if Page.read(source_path).meta.get("translations") == "none":
                    continue  # for this language's readers only, e.g. Leichte Sprache
                expected = rel(source_path)[: -len(f".{default}.md")] + f".{other}.md"
                problems.append(
                    f"{expected}: missing; translate {rel(source_path)} into this file."
                )
                continue
            problems += compare(Page.read(source_path), Page.read(target_path))
        for orphan in sorted(docs.rglob(f"*.{other}.md")):
            source = orphan.with_name(orphan.name[: -len(f".{other}.md")] + f".{default}.md")
            if not source.exists():
                problems.append(
                    f"{rel(orphan)}: has no {default} original {rel(source)}; "
                    "add it or remove this file."
                )
    return problems


# --- drift: translation freshness from git history ---------------------------

SKIP_MARK = "[skip translation]"


@dataclass
class Change:
    """The newest commit that changed a file (ignoring SKIP_MARK commits)."""

    sha: str
    when: int  # commit time, seconds since the epoch
    date: str  # YYYY-MM-DD

    def describe(self) -> str:
        return "not committed yet" if self.sha == "" else f"{self.date} ({self.sha})"


def git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise GitError(f"git {' '.join(args)}: {result.stderr.strip() or 'failed'}")
    return result.stdout


class GitError(Exception):
    pass


def git_changes(root: Path, docs: Path, revisions: list[str]) -> tuple[dict[Path, Change], set[Path]]:
    """(newest counted change per file, every file any commit touched) under `docs`."""
    top = Path(git(root, "rev-parse", "--show-toplevel").strip())
    log = git(root, "log", "--format=%x1e%h%x1f%ct%x1f%cs%x1f%B%x1f", "--name-only",
              *revisions, "--", str(docs))
    newest: dict[Path, Change] = {}
    touched: set[Path] = set()
    for record in log.split("\x1e")[1:]:
        sha, when, date, message, names = record.split("\x1f", 4)
        for name in filter(None, (line.strip() for line in names.splitlines())):
            path = (top / name).resolve()
            touched.add(path)
            if SKIP_MARK not in message and path not in newest:
                newest[path] = Change(sha, int(when), date)
    return newest, touched


def uncommitted(root: Path, docs: Path) -> set[Path]:
    top = Path(git(root, "rev-parse", "--show-toplevel").strip())
    entries = git(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", str(docs))
    return {(top / entry[3:]).resolve() for entry in entries.split("\0") if len(entry) > 3}


def language_files(docs: Path, default: str, others: list[str]):
    """Per translated page: {language: file} for every language that has it."""
    for source, _ in translation_pairs(docs, default, others[0] if others else default):
        stem = source.name[: -len(f".{default}.md")]
        files = {lang: source.with_name(f"{stem}.{lang}.md") for lang in [default, *others]}
        files = {lang: path.resolve() for lang, path in files.items() if path.exists()}
        if len(files) > 1:
            yield files


def drift_report(root: Path, docs: Path, default: str, others: list[str]) -> list[str]:
    """Pages whose language versions were last changed in different commits."""
    newest, _ = git_changes(root, docs, [])
    for path in uncommitted(root, docs):
        newest[path] = Change("", 2**62, "")
    lines = []
    for files in language_files(docs, default, others):
        changes = {lang: newest.get(path) for lang, path in files.items()}
        known = {lang: change for lang, change in changes.items() if change is not None}
        if not known:
            continue
        lead = max(known, key=lambda lang: known[lang].when)
        for lang, path in files.items():
            change = changes[lang]
            if lang == lead or (change is not None and change.sha == known[lead].sha):
                continue
            lines.append(
                f"{_rel(root, path)}: may be out of date: {_rel(root, files[lead])} changed "
                f"{known[lead].describe()}, this file {change.describe() if change else 'never committed'}. "
                f"Bring the {lang} text up to date, or, if it already says the same, ignore this "
                f"(commits marked \"{SKIP_MARK}\" are not counted).")
    return lines


def drift_branch(root: Path, docs: Path, default: str, others: list[str], base: str) -> list[tuple[Path, str]]:
    """(file, message) for page files changed since `base` in one language only."""
    merge_base = git(root, "merge-base", base, "HEAD").strip()
    counted, touched = git_changes(root, docs, [f"{merge_base}..HEAD"])
    top = Path(git(root, "rev-parse", "--show-toplevel").strip())
    status = {}
    for line in git(root, "diff", "--name-status", "--no-renames", merge_base, "HEAD", "--", str(docs)).splitlines():
        code, name = line.split("\t", 1)
        status[(top / name).resolve()] = code
    found = []
    for files in language_files(docs, default, others):
        for lang, path in files.items():
            if status.get(path) != "M" or path not in counted:
                continue  # unchanged, new (translations check), or only marked commits
            for other, counterpart in files.items():
                if other != lang and counterpart not in touched:
                    found.append((path, f"{_rel(root, path)} changed in this branch, "
                                        f"{_rel(root, counterpart)} did not. Update the {other} text too, "
                                        f"or add \"{SKIP_MARK}\" to the commit message if the change "
                                        "needs no translation (a typo, a link)."))
    return found


def _rel(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


def _annotation(path: str, message: str) -> str:
    """A GitHub Actions warning that shows on the file in the pull request."""
    escape = {"%": "%25", "\r": "%0D", "\n": "%0A"}
    prop = {**escape, ":": "%3A", ",": "%2C"}
    return (f"::warning file={''.join(prop.get(c, c) for c in path)},title=Translation not updated::"
            + "".join(escape.get(c, c) for c in message))


def drift(root: Path, docs: Path, default: str, others: list[str], base: str | None, github: bool) -> int:
    try:
        if base is None:
            if git(root, "rev-parse", "--is-shallow-repository").strip() == "true":
                print("note: shallow clone; dates come from the commits present "
                      "(fetch the full history for exact ones).", file=sys.stderr)
            lines = drift_report(root, docs, default, others)
            for line in lines:
                print(line)
            if not lines:
                print("Every translation was last changed together with its original.")
            return 0
        git(root, "rev-parse", "--verify", "--quiet", f"{base}^{{commit}}")
        for path, message in drift_branch(root, docs, default, others, base):
            print(_annotation(_rel(root, path), message) if github else f"{_rel(root, path)}: {message}")
        return 0
    except GitError as error:
        hint = (f" Is '{base}' fetched? In a workflow, check out with fetch-depth: 0."
                if base else " Run it in a git checkout.")
        print(f"translations.py drift: {error}.{hint}", file=sys.stderr)
        return 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this repository)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="compare every translation with its German original")
    miss = sub.add_parser("missing", help="list untranslated pages")
    miss.add_argument("lang", nargs="?", help="one language (default: all but the default)")
    build = sub.add_parser("build", help="build one language into site-<lang>/")
    build.add_argument("lang")
    drift_cmd = sub.add_parser("drift", help="translations changed apart from their original (git history)")
    drift_cmd.add_argument("--base", help="report page files this branch changed in one language only, "
                                          "compared with this ref (e.g. origin/main)")
    drift_cmd.add_argument("--github", action="store_true",
                           help="print GitHub Actions ::warning lines (with --base)")
    args = parser.parse_args(argv)

    config = load_config(args.root)
    default, langs = languages(config)
    docs = args.root / config.get("docs_dir", "docs")
    others = [lang for lang in langs if lang != default]

    if args.command == "check":
        problems = check(docs, default, others)
        for line in problems:
            print(line)
        if problems:
            print(f"\n{len(problems)} translation problem(s).", file=sys.stderr)
            return 1
        print(f"Translations complete: {', '.join(langs)}.")
        return 0
    if args.command == "missing":
        for lang in [args.lang] if args.lang else others:
            for source, target in translation_pairs(docs, default, lang):
                if target is None and Page.read(source).meta.get("translations") != "none":
                    print(f"{lang}: {rel(source)}")
        return 0
    if args.command == "drift":
        return drift(args.root, docs, default, others, args.base, args.github)
    if args.command == "build":
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", f"site-{args.lang}"]
        env = {**os.environ, "I18N_BUILD_ONLY": args.lang}  # read by mkdocs.yml
        return subprocess.call(command, cwd=args.root, env=env)
    return 2


if __name__ == "__main__":
    sys.exit(main())
