"""MkDocs' warnings about links, as messages an editor can act on.

MkDocs says "Doc file 'faq.de.md' contains a link 'guides/x.md', but the
target is not found among documentation files." An editor also needs the
line, what to write instead and the page or section they probably meant:

    docs/faq.de.md:48: Doc file 'faq.de.md' contains a link … Fix: did you mean
    'guides/index.md'? A link is relative to this file's folder (docs/), e.g.
    'guides/facebook.md#steps'; leave out the language ending (.de).

The warning itself (and the failing strict build) stays MkDocs'.
"""

from __future__ import annotations

import difflib
import html
import posixpath
import re

WARNING = re.compile(
    r"^Doc file '(?P<file>[^']+)' contains an? (?P<kind>absolute |unrecognized relative )?link "
    r"'(?P<link>[^']+)'")
ANCHOR_IDS = re.compile(r"\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}")
LANG_SUFFIX = re.compile(r"\.[a-z]{2}(?:_[A-Z]{2})?\.md$")


def neutral(path: str) -> str:
    return LANG_SUFFIX.sub(".md", path)


def line_of(text: str, link: str) -> int | None:
    """The line of the link `link` in `text`: as a Markdown link's target first, then
    anywhere; never a longer link that starts with it ('guides/x' is not 'guides/x.md')."""
    end = r"(?![\w./#-])"
    match = (re.search(rf"\]\(<?{re.escape(link)}{end}", text)
             or re.search(rf"(?<![\w./-]){re.escape(link)}{end}", text))
    return text.count("\n", 0, match.start()) + 1 if match else None


def example(src: str, pages: list[str]) -> str:
    """A real link written from `src`'s folder: another page, relative to it."""
    here = posixpath.dirname(src)
    target = next((p for p in sorted(pages) if neutral(p) != neutral(src) and "/" in p), None) or \
        next((p for p in sorted(pages) if neutral(p) != neutral(src)), "index.md")
    return posixpath.relpath(neutral(target), here or ".")


def nearest_page(src: str, link: str, pages: list[str]) -> str | None:
    """The page `link` (written in `src`) most probably meant, relative to `src`'s folder."""
    here = posixpath.dirname(src)
    wanted = posixpath.normpath(posixpath.join(here, link.split("#", 1)[0]))
    names = sorted({neutral(p) for p in pages})
    base = posixpath.basename(neutral(wanted))
    # The same file name in another folder first (a link written from the wrong folder),
    # else the most similar path.
    close = [name for name in names if posixpath.basename(name) == base][:1] or \
        difflib.get_close_matches(neutral(wanted), names, n=1, cutoff=0.4)
    return posixpath.relpath(close[0], here or ".") if close else None


def nearest_anchor(anchor: str, target_text: str) -> str | None:
    ids = ANCHOR_IDS.findall(target_text)
    close = difflib.get_close_matches(anchor, ids, n=1, cutoff=0.4)
    return close[0] if close else None


SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:")


def left_to_the_sanitiser(text: str) -> bool:
    """True for MkDocs' warning about a link that is an address with a scheme once its
    character references and spaces are undone ('java&#9;script:…'): the sanitiser
    refuses it with its own message, so this one would only repeat it, wrongly (it
    is not a relative link)."""
    match = WARNING.match(text)
    if not match or not (match.group("kind") or "").startswith("unrecognized"):
        return False
    decoded = re.sub(r"[\x00-\x20]", "", html.unescape(match.group("link"))).lower()
    return bool(SCHEME.match(decoded))


def message(text: str, texts: dict[str, str], docs_name: str = "docs") -> str | None:
    """The editor's message for MkDocs' warning `text`, or None when it is not about a link.
    `texts`: every page's Markdown by its path in docs/."""
    match = WARNING.match(text)
    if not match or text.startswith(f"{docs_name}/"):
        return None
    src, link, kind = match.group("file"), match.group("link"), match.group("kind") or ""
    source = texts.get(src, "")
    line = line_of(source, link)
    where = f"{docs_name}/{src}" + (f":{line}" if line else "")
    folder = posixpath.dirname(src)
    rule = (f"A link is relative to this file's folder ({docs_name}/{folder + '/' if folder else ''}), e.g. "
            f"'{example(src, list(texts))}'; leave out the language ending (.de, .en).")
    if "anchor" in text:
        anchor = link.split("#", 1)[1] if "#" in link else ""
        target = re.search(r"the doc '([^']+)'", text)
        guess = nearest_anchor(anchor, texts.get(target.group(1), "")) if target else None
        fix = (f"did you mean '#{guess}'? " if guess else "") + \
            "Correct the part after '#', or the heading's id {#…} in the other page."
    elif kind.startswith("absolute"):
        fix = ("link relative to this file, not with '/…': an address starting with / breaks when the site "
               f"lives under a sub-path. {rule}")
    else:
        guess = nearest_page(src, link, list(texts))
        fix = (f"did you mean '{guess}'? " if guess else "") + rule
    return f"{where}: {text} Fix: {fix}"
