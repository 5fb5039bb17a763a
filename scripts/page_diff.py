#!/usr/bin/env python3
"""What readers will see: the text a change makes different, page by page.

  page_diff.py --base REF [--format text|markdown] [--output FILE]
  make page-diff BASE=origin/main

Builds the site twice into temporary folders – once as it was at the git
commit REF (`git archive`, nothing in the working tree is touched) and once
from the working tree as it is now, uncommitted edits included – and
compares what a reader sees on each page: headings, paragraphs, list items,
table cells, the form button's address. Menus, footer, search and the
page's machinery are left out. For each page whose text changed it prints
the changed passages before and after, German and English side by side,
removed words marked [-like this-] and added ones {+like this+} (in
Markdown: struck through and underlined).

It flags, above the pages:
- a page changed in one language only (the other may need the same edit);
- a changed form address (form_url), last_checked date or deadline
  (extra.deadlines in mkdocs.yml);
- a page added or removed.

--format markdown writes Markdown for a GitHub job summary (the pull-request
workflow appends it to $GITHUB_STEP_SUMMARY); text is for a terminal.
Both builds are lenient (not --strict), so a draft with problems still
shows its text; `make check` is what refuses problems. Exit 0 when it could
compare (changed or not), 2 when REF is unknown or a build failed.

The HTML is read with Python's own html.parser: the pages are MkDocs output
(well-formed, one <article> per page), and the standard library needs
nothing installed or pinned.
"""

from __future__ import annotations

import argparse
import difflib
import html
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import textwrap
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import zip_longest
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from mkdocs.utils.meta import get_data  # noqa: E402
from translations import load_config, languages  # noqa: E402

# Same address and repository in both builds, so only the content differs.
BUILD_ENV = {"SITE_URL": "https://example.org/site/", "REPO_URL": "https://github.com/example/site",
             "NO_MKDOCS_2_WARNING": "1"}
BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "th", "dt", "dd",
          "figcaption", "caption", "summary", "pre"}
KIND = {"h1": "title", "h2": "heading", "h3": "heading", "h4": "heading", "h5": "heading",
        "h6": "heading", "p": "paragraph", "li": "list item", "td": "table cell",
        "th": "table heading", "dt": "term", "dd": "definition", "figcaption": "caption",
        "caption": "caption", "summary": "summary", "pre": "code", "button": "form button"}
SKIP = {"script", "style", "svg", "template", "noscript"}
EDIT_LINK = re.compile(r"/edit/[^\"']*?/(docs/[^\"'#?]+\.md)")
LANG_NAME = {"de": "Deutsch", "en": "English"}
CONTEXT_WORDS = 10  # unchanged words kept on each side of a change


class Passages(HTMLParser):
    """The reader-visible passages inside a page's <article>, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.passages: list[tuple[str, str]] = []
        self.source = ""
        self.depth = 0  # inside <article> when > 0
        self.skip = 0
        self.stack: list[tuple[str, list[str]]] = []

    def _emit(self, tag: str, parts: list[str]) -> None:
        text = " ".join("".join(parts).split())
        if text:
            self.passages.append((KIND.get(tag, tag), text))
        parts.clear()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.depth += 1
            return
        if not self.depth:
            return
        classes = (attrs.get("class") or "").split()
        if tag == "a" and "md-content__button" in classes:
            match = EDIT_LINK.search(attrs.get("href") or "")
            self.source = match.group(1) if match else self.source
        if self.skip or tag in SKIP or (tag == "a" and ({"headerlink", "md-content__button"} & set(classes))):
            if tag not in {"br", "img", "input", "hr"}:
                self.skip += 1
            return
        if tag == "a" and "md-button" in classes:
            self.passages.append(("form button", f"→ {attrs.get('href', '')}"))
        if tag in BLOCKS:
            if self.stack:
                self._emit(*self.stack[-1])  # text before a nested block is a passage of its own
            self.stack.append((tag, []))
        elif tag == "img" and attrs.get("alt") and self.stack:
            self.stack[-1][1].append(f" [{attrs['alt']}] ")
        elif tag == "br" and self.stack:
            self.stack[-1][1].append(" ")

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1
            return
        if not self.depth:
            return
        if self.skip:
            self.skip -= 1
            return
        if tag in BLOCKS and self.stack and self.stack[-1][0] == tag:
            self._emit(*self.stack.pop())

    def handle_data(self, data):
        if self.depth and not self.skip and self.stack:
            self.stack[-1][1].append(data)


@dataclass
class Page:
    url: str  # language-neutral key, e.g. "faq/"
    lang: str
    source: str
    passages: list[tuple[str, str]] = field(default_factory=list)


def read_site(site: Path, default: str, others: list[str]) -> dict[tuple[str, str], Page]:
    """(page key, language) -> Page for every content page of a built site."""
    pages = {}
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        if rel.endswith("404.html") or rel.startswith(("assets/", "search/")):
            continue
        lang, key = default, rel
        for other in others:
            if rel.startswith(f"{other}/"):
                lang, key = other, rel[len(other) + 1:]
        key = key[: -len("index.html")] if key.endswith("index.html") else key
        parser = Passages()
        parser.feed(path.read_text(encoding="utf-8"))
        if parser.passages:
            pages[(key or "/", lang)] = Page(key or "/", lang, parser.source, parser.passages)
    return pages


# --- Facts that are flagged: form address, last_checked, deadlines -----------

def facts(tree: Path) -> dict[str, str]:
    """Named facts of a source tree, e.g. 'docs/guides/facebook.de.md form_url' -> value."""
    found = {}
    docs = tree / "docs"
    for path in sorted(docs.rglob("*.md")):
        meta = get_data(path.read_text(encoding="utf-8"))[1]
        for key in ("form_url", "last_checked"):
            if meta.get(key) is not None:
                value = meta[key]
                found[f"{path.relative_to(tree).as_posix()}: {key}"] = (
                    value.isoformat() if hasattr(value, "isoformat") else str(value))
    try:
        config = load_config(tree)
    except (OSError, yaml.YAMLError):
        config = {}
    deadlines = ((config or {}).get("extra") or {}).get("deadlines") or []
    for number, deadline in enumerate(deadlines if isinstance(deadlines, list) else [], start=1):
        if isinstance(deadline, dict):
            rule = deadline.get("rule") or {}
            name = rule.get("en") if isinstance(rule, dict) else None
            value = deadline.get("last_day")
            found[f"mkdocs.yml: deadline {number}" + (f" ({name})" if name else "")] = (
                value.isoformat() if hasattr(value, "isoformat") else str(value))
    return found


# --- Word-level differences -----------------------------------------------------

def word_diff(before: str, after: str, style: str) -> tuple[str, str]:
    """Both passages with the changed words marked and long unchanged runs shortened."""
    a, b = before.split(), after.split()
    old, new = [], []
    mark = {"text": ("[-{}-]", "{{+{}+}}"), "markdown": ("<del>{}</del>", "<ins>{}</ins>")}[style]
    esc = html.escape if style == "markdown" else (lambda s: s)
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    last = len(opcodes) - 1
    for index, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            words = a[i1:i2]
            keep_head = CONTEXT_WORDS if index > 0 else 0  # words right after the change before
            keep_tail = CONTEXT_WORDS if index < last else 0  # words right before the next change
            if last > 0 and len(words) > keep_head + keep_tail + 1:
                words = words[:keep_head] + ["…"] + (words[-keep_tail:] if keep_tail else [])
            chunk = esc(" ".join(words))
            old.append(chunk)
            new.append(chunk)
            continue
        if i2 > i1:
            old.append(mark[0].format(esc(" ".join(a[i1:i2]))))
        if j2 > j1:
            new.append(mark[1].format(esc(" ".join(b[j1:j2]))))
    return " ".join(old), " ".join(new)


@dataclass
class Change:
    kind: str
    before: str | None
    after: str | None


def changes(before: list[tuple[str, str]], after: list[tuple[str, str]]) -> list[Change]:
    """The passages that differ, paired where a passage was edited in place."""
    a = [f"{kind}\0{text}" for kind, text in before]
    b = [f"{kind}\0{text}" for kind, text in after]
    found = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        for old, new in zip_longest(before[i1:i2], after[j1:j2]):
            kind = (new or old)[0]
            found.append(Change(kind, old[1] if old else None, new[1] if new else None))
    return found


# --- Builds -----------------------------------------------------------------------

class DiffError(Exception):
    pass


def export(ref: str, into: Path, repo: Path) -> None:
    """The files of commit `ref` into `into` (git archive; the working tree is untouched)."""
    result = subprocess.run(["git", "-C", str(repo), "archive", "--format=tar", ref],
                            capture_output=True)
    if result.returncode != 0:
        raise DiffError(f"git cannot read '{ref}': {result.stderr.decode(errors='replace').strip()}. "
                        "Give a branch, tag or commit, e.g. BASE=origin/main (fetch it first).")
    with tarfile.open(fileobj=io.BytesIO(result.stdout)) as archive:
        def safe(member, path):
            try:
                return tarfile.data_filter(member, path)
            except tarfile.FilterError:
                return None  # e.g. a committed link pointing outside the tree: not site content
        archive.extractall(into, filter=safe)


def build(tree: Path, site: Path, label: str) -> None:
    """A lenient build of `tree` into `site`; raises DiffError with the build's own errors."""
    env = {**os.environ, **BUILD_ENV}
    env.pop("I18N_BUILD_ONLY", None)
    # Not strict: a draft with problems still has text to compare (make check refuses problems).
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--no-strict",
                             "--site-dir", str(site)], cwd=tree, env=env, capture_output=True, text=True)
    if result.returncode != 0 or not (site / "index.html").is_file():
        errors = [line for line in result.stderr.splitlines() if "ERROR" in line or "Error" in line]
        raise DiffError(f"the site {label} does not build:\n" + "\n".join((errors or result.stderr.splitlines())[-15:]))


# --- Report -------------------------------------------------------------------------

@dataclass
class Report:
    base: str
    langs: list[str]
    flags: list[str] = field(default_factory=list)
    pages: list[tuple[str, str, dict[str, list[Change]]]] = field(default_factory=list)  # key, sources, per lang


def compare(base_tree: Path, head_tree: Path, base_site: Path, head_site: Path, base: str) -> Report:
    config = load_config(head_tree)
    default, langs = languages(config)
    others = [lang for lang in langs if lang != default]
    old, new = read_site(base_site, default, others), read_site(head_site, default, others)
    report = Report(base, langs)

    old_facts, new_facts = facts(base_tree), facts(head_tree)
    for name in sorted(set(old_facts) | set(new_facts)):
        before, after = old_facts.get(name), new_facts.get(name)
        if before != after and before is not None and after is not None:
            what = "Form address" if name.endswith("form_url") else (
                "Deadline" if "deadline" in name else "Last checked date")
            report.flags.append(f"{what} changed: {name}: {before} → {after}")

    timeline = "docs/timeline.yml"
    if _read(base_tree / timeline) != _read(head_tree / timeline):
        from timeline_reminder import summaries
        found, _problems = summaries(head_tree)
        report.flags.append("Timeline changed (docs/timeline.yml): check that the texts summarising it still hold: "
                            + "; ".join(found))

    keys = sorted({key for key, _ in old} | {key for key, _ in new}, key=lambda k: (k != "/", k))
    for key in keys:
        sources, per_lang = [], {}
        for lang in langs:
            o, n = old.get((key, lang)), new.get((key, lang))
            page = n or o
            if page and page.source and page.source not in sources:
                sources.append(page.source)
            if o is None and n is not None:
                report.flags.append(f"New page: {where(key, lang, default)} ({n.source or 'generated'})")
                per_lang[lang] = [Change(kind, None, text) for kind, text in n.passages[:3]]
            elif n is None and o is not None:
                report.flags.append(f"Page removed: {where(key, lang, default)} ({o.source or 'generated'})")
                per_lang[lang] = []
            elif o and n:
                found = changes(o.passages, n.passages)
                if found:
                    per_lang[lang] = found
        if not per_lang:
            continue
        present = [lang for lang in langs if (key, lang) in new and (key, lang) in old]
        changed = [lang for lang in present if per_lang.get(lang)]
        own_language = {new[(key, lang)].source for lang in present}
        if len(present) > 1 and 0 < len(changed) < len(present) and len(own_language) == len(present):
            unchanged = [lang for lang in present if lang not in changed]
            report.flags.append(
                f"Changed in one language only: {key} ({', '.join(LANG_NAME.get(l, l) for l in changed)} "
                f"changed, {', '.join(LANG_NAME.get(l, l) for l in unchanged)} not); "
                "does the other language need the same edit?")
        report.pages.append((key, ", ".join(sources), per_lang))
    return report


def _read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


def where(key: str, lang: str, default: str) -> str:
    return ("" if lang == default else f"{lang}/") + ("" if key == "/" else key) or "/"


def render_text(report: Report) -> str:
    width = max(60, min(shutil.get_terminal_size((160, 20)).columns, 200))
    column = (width - 3) // 2
    out = [f"What readers will see: {base_line(report)}",
           "Marks: [-removed words-] and {+added words+}; … stands for unchanged words left out.", ""]
    if not report.pages and not report.flags:
        return out[0] + "\nNo reader-visible text changed.\n"
    for flag in report.flags:
        out.append(f"! {flag}")
    for key, sources, per_lang in report.pages:
        out += ["", f"== {key}  ({sources})"]
        cells = {lang: text_cells(per_lang.get(lang)) for lang in report.langs}
        left, right = (report.langs + [None])[:2]
        out.append(f"{LANG_NAME.get(left, left):<{column}} | {LANG_NAME.get(right, right or '')}")
        out.append("-" * column + "-+-" + "-" * column)
        for lcell, rcell in zip_longest(cells[left], cells.get(right, []) if right else [], fillvalue=""):
            lw = textwrap.wrap(lcell, column, subsequent_indent="    ", break_long_words=False, break_on_hyphens=False) or [""]
            rw = textwrap.wrap(rcell, column, subsequent_indent="    ", break_long_words=False, break_on_hyphens=False) or [""]
            for a, b in zip_longest(lw, rw, fillvalue=""):
                out.append(f"{a:<{column}} | {b}".rstrip())
    return "\n".join(out) + "\n"


def text_cells(found: list[Change] | None) -> list[str]:
    if found is None:
        return ["(unchanged)"]
    if not found:
        return ["(page removed)"]
    cells = []
    for change in found:
        if change.before is None:
            cells.append(f"{change.kind}, added: {{+{change.after}+}}")
        elif change.after is None:
            cells.append(f"{change.kind}, removed: [-{change.before}-]")
        else:
            before, after = word_diff(change.before, change.after, "text")
            cells += [f"{change.kind}, before: {before}", f"{change.kind}, after:  {after}"]
    return cells


def render_markdown(report: Report) -> str:
    out = [f"### What readers will see: {base_line(report)}", ""]
    if not report.pages and not report.flags:
        return "\n".join(out + ["No reader-visible text changed.", ""])
    if report.flags:
        out += [f"> [!WARNING]"] + [f"> - {html.escape(flag)}" for flag in report.flags] + [""]
    for key, sources, per_lang in report.pages:
        out += [f"#### `{key}` ({html.escape(sources)})", "",
                "| " + " | ".join(LANG_NAME.get(lang, lang) for lang in report.langs) + " |",
                "|" + "---|" * len(report.langs)]
        columns = [md_cells(per_lang.get(lang)) for lang in report.langs]
        for row in zip_longest(*columns, fillvalue=""):
            out.append("| " + " | ".join(cell.replace("|", "&#124;") for cell in row) + " |")
        out.append("")
    out.append("<sub>Removed words <del>struck through</del>, added words <ins>underlined</ins>; "
               "menus and footer left out. `make page-diff BASE=…` shows the same on your computer.</sub>")
    return "\n".join(out) + "\n"


def md_cells(found: list[Change] | None) -> list[str]:
    if found is None:
        return ["*(unchanged)*"]
    if not found:
        return ["*(page removed)*"]
    cells = []
    for change in found:
        if change.before is None:
            cells.append(f"*{change.kind}, added:* <ins>{html.escape(change.after)}</ins>")
        elif change.after is None:
            cells.append(f"*{change.kind}, removed:* <del>{html.escape(change.before)}</del>")
        else:
            before, after = word_diff(change.before, change.after, "markdown")
            cells.append(f"*{change.kind}:*<br>before: {before}<br>after: {after}")
    return cells


def base_line(report: Report) -> str:
    pages = len(report.pages)
    return f"{pages} page{'s' if pages != 1 else ''} changed (compared with {report.base})"


def page_diff(base: str, repo: Path) -> Report:
    """Build `base` and the working tree of `repo` in temporary folders and compare them."""
    with tempfile.TemporaryDirectory(prefix="page-diff-") as tmp:
        tmp = Path(tmp)
        base_tree = tmp / "base"
        base_tree.mkdir()
        export(base, base_tree, repo)
        short = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", base],
                               capture_output=True, text=True).stdout.strip()
        build(base_tree, tmp / "site-base", f"at {base}")
        build(repo, tmp / "site-head", "in the working tree")
        label = f"{base} ({short})" if short and not short.startswith(base) and not base.startswith(short) else base
        return compare(base_tree, repo, tmp / "site-base", tmp / "site-head", label)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", required=True, help="git ref to compare with, e.g. origin/main or HEAD~1")
    parser.add_argument("--format", choices=("text", "markdown"), default="text")
    parser.add_argument("--output", type=Path, help="append the report to this file (e.g. $GITHUB_STEP_SUMMARY)")
    parser.add_argument("--repo", type=Path, default=ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        report = page_diff(args.base, args.repo.resolve())
        text = render_markdown(report) if args.format == "markdown" else render_text(report)
    except DiffError as err:
        print(f"page-diff: {err}", file=sys.stderr)
        return 2
    if args.output:
        with args.output.open("a", encoding="utf-8") as out:
            out.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
