#!/usr/bin/env python3
"""Check a built site for what only this project's build steps give it, whoever built it.

  check_built_site.py [SITE_DIR] [--config mkdocs.yml]     (default: site/)

A site generator that skips the project's build steps still writes pages: a
Zensical build of this repository, for example, runs no MkDocs hooks and no
i18n plugin, silently (README, "When Material reaches end of life"). This
check reads only the built files and mkdocs.yml, never the build code's state,
so it tells such a build from a real one. Every page must have:

- the Content Security Policy `<meta>` with the project's one policy
  (hooks/sitegen/core/csp.py POLICY) and the referrer policy;
- the build's stamp, `<meta name="generator" content="sitegen: …">`, which the
  templates write only on pages whose content passed the sanitiser;
- no executable inline script, event handler or javascript: address;
- no `{{ … }}` or `{% … %}` token left in its text (outside code);
- `<html lang>` of its language, by its folder.

And every language built in mkdocs.yml's i18n plugin has its home page and its
own search index. One line per problem: the file, what is wrong, and that the
build skipped a step. Exit 1 on any problem, 2 when SITE_DIR does not exist.
`make check` runs it after the build.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
from sitegen.core.csp import POLICY, REFERRER, page_problems, policy_of  # noqa: E402
from sitegen.core.pages import unfilled_tokens  # noqa: E402

STAMP = re.compile(r'<meta name="generator" content="sitegen: [^"]*">')
LANG = re.compile(r"<html[^>]*\blang=\"([^\"]+)\"")
TEMPLATE_TAG = re.compile(r"\{%.*?%\}")
FIX = "the build skipped the project's own steps (hooks/sitegen); build with `make build`"


class _Tolerant(yaml.SafeLoader):
    """Reads mkdocs.yml with its tags (!ENV, !!python/…) as plain values."""


_Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)


def languages(config: Path) -> tuple[str, list[str]]:
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_Tolerant) or {}
    for entry in data.get("plugins") or []:
        if isinstance(entry, dict) and "i18n" in entry:
            blocks = [b for b in (entry["i18n"] or {}).get("languages") or [] if b.get("build", True)]
            default = next((b["locale"] for b in blocks if b.get("default")), blocks[0]["locale"])
            return default, [b["locale"] for b in blocks]
    lang = ((data.get("theme") or {}).get("language")) or "en"
    return lang, [lang]


def page_language(relative: Path, default: str, others: list[str]) -> str:
    first = relative.parts[0] if len(relative.parts) > 1 else ""
    return first if first in others else default


def check(site: Path, config: Path) -> list[str]:
    default, built = languages(config)
    others = [lang for lang in built if lang != default]
    problems = []
    pages = sorted(site.rglob("*.html"))
    if not pages:
        return [f"{site}: no HTML pages; {FIX}."]
    for path in pages:
        relative = path.relative_to(site)
        shown = f"{site.name}/{relative.as_posix()}"
        text = path.read_text(encoding="utf-8", errors="replace")
        policy = policy_of(text)
        if policy is None:
            problems.append(f"{shown}: no Content Security Policy <meta>; {FIX}.")
        elif policy.replace("&#39;", "'") != POLICY:
            problems.append(f"{shown}: its Content Security Policy is not the project's ({policy[:60]}…); {FIX}.")
        if f'<meta name="referrer" content="{REFERRER}">' not in text:
            problems.append(f"{shown}: no referrer policy '{REFERRER}'; {FIX}.")
        if not STAMP.search(text):
            problems.append(f"{shown}: no sitegen stamp (<meta name=\"generator\" content=\"sitegen: …\">), so "
                            f"its content did not pass the sanitiser; {FIX}.")
        for line, message in page_problems(text):
            problems.append(f"{shown}:{line}: {message}.")
        body = text.split("<body", 1)[-1]
        for token in dict.fromkeys(unfilled_tokens(body)):
            problems.append(f"{shown}: {token.split(';')[0]}; {FIX}.")
        if TEMPLATE_TAG.search(re.sub(r"<(code|pre|script)\b.*?</\1>", "", body, flags=re.S)):
            problems.append(f"{shown}: a '{{% … %}}' template tag was not processed; {FIX}.")
        expected = page_language(relative, default, others)
        found = LANG.search(text)
        if found is None or found.group(1) != expected:
            problems.append(f"{shown}: <html lang=\"{found.group(1) if found else ''}\"> on a page of the "
                            f"'{expected}' folder; {FIX} (the i18n plugin builds each language in its folder).")
    for lang in built:
        folder = site if lang == default else site / lang
        if not (folder / "index.html").is_file():
            problems.append(f"{site.name}/{'' if lang == default else lang + '/'}index.html: the '{lang}' home page "
                            f"is missing; {FIX}.")
        if not (folder / "search" / "search_index.json").is_file():
            problems.append(f"{site.name}/{'' if lang == default else lang + '/'}search/search_index.json: the "
                            f"'{lang}' search index is missing; {FIX}.")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site", nargs="?", default=str(ROOT / "site"))
    parser.add_argument("--config", default=str(ROOT / "mkdocs.yml"))
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not site.is_dir():
        print(f"check_built_site: {site} does not exist; run `make build` first.", file=sys.stderr)
        return 2
    problems = check(site, Path(args.config))
    for problem in problems:
        print(problem)
    pages = len(list(site.rglob("*.html")))
    if problems:
        print(f"check_built_site: {len(problems)} problem(s) in {pages} page(s): the build skipped the project's "
              "own steps.", file=sys.stderr)
        return 1
    print(f"check_built_site: {pages} pages carry the policy, the sanitiser's stamp and their language; no token "
          "left unfilled.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
