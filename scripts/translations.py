#!/usr/bin/env python3
"""Language chores for the bilingual docs, one named command each.

  check     Every page exists in every language, with the same explicit
            anchors, the same numbered steps and (guides) the same facts.
            Exit 1 with one line per problem: file, line, what to do.
  missing   List the pages a language lacks (default: every non-default one).
  build     Build one language only into site-<lang>/, for a quick preview.

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
                    page.meta = yaml.safe_load("\n".join(lines[1:end])) or {}
                except yaml.YAMLError as err:
                    page.meta_error = str(err)
                start = end + 1
        in_fence = False
        for number, line in enumerate(lines[start:], start=start + 1):
            if FENCE.match(line):
                in_fence = not in_fence
                continue
            if in_fence:
                continue
            if line.lstrip().startswith("#") and (match := ANCHOR.search(line)):
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
    for anchor, line in source.anchors.items():
        if anchor not in target.anchors:
            problems.append(
                f"{dst}: anchor #{anchor} is missing (it is at {src}:{line}); "
                f"give the matching heading the id {{#{anchor}}}."
            )
    for anchor, line in target.anchors.items():
        if anchor not in source.anchors:
            problems.append(
                f"{dst}:{line}: anchor #{anchor} does not exist in {src}; "
                "use the same heading ids in both languages."
            )
    if len(source.steps) != len(target.steps):
        problems.append(
            f"{dst}: {len(target.steps)} numbered steps, but {src} has "
            f"{len(source.steps)}; both languages need the same steps."
        )
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help="project folder (default: this repository)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="compare every translation with its German original")
    miss = sub.add_parser("missing", help="list untranslated pages")
    miss.add_argument("lang", nargs="?", help="one language (default: all but the default)")
    build = sub.add_parser("build", help="build one language into site-<lang>/")
    build.add_argument("lang")
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
                if target is None:
                    print(f"{lang}: {rel(source)}")
        return 0
    if args.command == "build":
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", f"site-{args.lang}"]
        env = {**os.environ, "I18N_BUILD_ONLY": args.lang}  # read by mkdocs.yml
        return subprocess.call(command, cwd=args.root, env=env)
    return 2


if __name__ == "__main__":
    sys.exit(main())
