"""A Content Security Policy and a referrer policy in every page, and a last
check of the final page.

GitHub Pages cannot send headers, so both policies are <meta> elements,
written right after <meta charset> (a CSP <meta> only covers what follows it).

The policy (Mozilla Observatory's and GOV.UK's criteria):

- default-src 'self': nothing from another host.
- script-src 'self' + one SHA-256 hash per inline script, computed here from
  the final page. No 'unsafe-inline', no 'unsafe-eval': an injected inline
  script or on…= handler does not run. Only scripts that come from the
  project's templates (overrides/ and the theme's templates) get a hash;
  each is matched to the template file and line it comes from (the build
  lists them as "csp: inline script <template>:<line>: <hash>" lines). A script in a
  page's content, or one no template explains, fails the build with the
  file and line and never gets a hash.
- style-src 'self': the site's and Material's stylesheets. No 'unsafe-inline':
  the built pages carry no <style> element and no style="…" attribute, and
  Material sets styles from its script through the CSSOM (element.style…),
  which a policy does not restrict (browser test: zero violations).
- img-src 'self' data: (Material's icons in its stylesheet are data: SVGs).
- connect-src 'self', worker-src 'self': the search worker and its index.
- object-src 'none'; base-uri 'none'; form-action 'none' (the search form is
  handled by script and never submitted).
- frame-ancestors cannot be set in a <meta>; GitHub Pages sends none.

Referrer policy: `no-referrer`. A reader who follows a link to an objection form
does not tell the form's host which guide page they came from; links within the site
need no referrer either.

Links to another host get rel="noopener" (none opens a new window today;
if one ever does, the opened page cannot reach back to ours).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.csp")

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],  # + the hashes of the page's inline scripts
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
}
REFERRER = "no-referrer"
# Inline scripts the browser does not run (data): no hash, no origin needed.
DATA_TYPES = {"application/json", "application/ld+json"}
JS_TYPES = {"", "text/javascript", "module", "application/javascript"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"}
FORBIDDEN_TAGS = {"iframe", "object", "embed", "frame", "frameset", "base", "applet"}
JINJA = re.compile(r"(\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\})", re.S)
SCRIPT_IN_TEMPLATE = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


# What a template's {{ … }} may print inside a script: a JSON string (`| tojson`)
# or, between quotes in the template, text without quotes, backslashes, "<" or
# line breaks. {% … %} may print nothing: a script whose text depends on
# template logic has no fixed shape, so it gets no origin (put data in a
# <script type="application/json"> and keep the script itself static).
_VALUE_QUOTED = r'[^"\'\\<\n]*'
_VALUE_BARE = r'(?:"(?:[^"\\<\n]|\\.)*"|[\w.\-]*)'


def _pattern(body: str) -> re.Pattern:
    """A template's script body as a pattern that its output must match."""
    parts, last = [], 0
    for match in JINJA.finditer(body):
        parts.append(_literal(body[last:match.start()]))
        tag = match.group(1)
        if tag.startswith("{{"):
            quoted = body[match.start() - 1:match.start()] in "\"'" and match.start() > 0
            parts.append(r"\s*" + (_VALUE_QUOTED if quoted else _VALUE_BARE) + r"\s*")
        else:
            parts.append(r"\s*")
        last = match.end()
    parts.append(_literal(body[last:]))
    return re.compile(r"\s*" + "".join(parts) + r"\s*", re.S)


def _literal(text: str) -> str:
    """Template text as a pattern; whitespace may differ (compact_html, {%- %})."""
    return r"\s*".join(re.escape(word) for word in re.split(r"\s+", text))


class Templates:
    """Every executable inline <script> in the theme's template folders
    (overrides/ first, then Material's), with the file and line it is on."""

    def __init__(self, dirs: list[str], root: Path):
        self.scripts: list[tuple[str, re.Pattern]] = []
        seen: set[str] = set()
        for folder in dirs:
            base = Path(folder)
            for path in sorted(base.rglob("*.html")):
                relative = path.relative_to(base).as_posix()
                if relative in seen:
                    continue  # overridden by overrides/
                seen.add(relative)
                text = path.read_text(encoding="utf-8")
                for match in SCRIPT_IN_TEMPLATE.finditer(text):
                    if "src=" in match.group("attrs") or _type(match.group("attrs")) not in JS_TYPES:
                        continue
                    line = text.count("\n", 0, match.start()) + 1
                    shown = _shown(path, base, root)
                    self.scripts.append((f"{shown}:{line}", _pattern(match.group("body"))))

    def origin(self, body: str) -> str | None:
        return next((where for where, pattern in self.scripts if pattern.fullmatch(body)), None)


def _shown(path: Path, base: Path, root: Path) -> str:
    """overrides/… for the project's templates, material/templates/… for the theme's."""
    parts = path.resolve().parts
    if "site-packages" in parts:
        return "/".join(parts[parts.index("site-packages") + 1:])
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _type(attrs: str) -> str:
    match = re.search(r"""\btype\s*=\s*["']?([^"'\s>]+)""", attrs, re.I)
    return match.group(1).lower() if match else ""


class _Page(HTMLParser):
    """Inline scripts and everything else in a final page a policy must not have to stop."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[int, str, str]] = []  # (line, type, body)
        self.problems: list[tuple[int, str]] = []
        self._script: tuple[int, str] | None = None
        self._body: list[str] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        values = dict(attrs)
        if tag == "script" and "src" not in values:
            self._script = (line, (values.get("type") or "").lower())
            self._body = []
        if tag in FORBIDDEN_TAGS:
            self.problems.append((line, f"<{tag}> is not allowed; remove it"))
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.problems.append((line, "<meta http-equiv=\"refresh\"> (a redirect) is not allowed; remove it"))
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append((line, f"<{tag} {name}=…>: an event handler; remove the attribute "
                                            "(a template: add a listener in a script instead)"))
            elif name in URL_ATTRIBUTES and value:
                scheme = re.sub(r"[\x00-\x20]", "", value).split(":", 1)[0].lower()
                if ":" in value and scheme in ("javascript", "vbscript", "data"):
                    self.problems.append((line, f"<{tag} {name}=\"{scheme}:…\">: a {scheme}: address; "
                                                "use an https:// address or a page of this site"))

    def handle_endtag(self, tag):
        if tag == "script" and self._script:
            self.scripts.append((*self._script, "".join(self._body)))
            self._script = None

    def handle_data(self, data):
        if self._script:
            self._body.append(data)


_templates: dict = {}


def templates(config) -> Templates:
    key = tuple(config.theme.dirs)
    if key not in _templates:
        _templates[key] = Templates(list(key), Path(config.config_file_path).resolve().parent)
    return _templates[key]


def content_line(page, body: str) -> str:
    """Where a script from the page's content is in its Markdown source."""
    where = f"docs/{page.file.src_uri}" if page and page.file else "a page"
    source = page.file.content_string if page and page.file else ""
    first = next((line.strip() for line in body.splitlines() if line.strip()), body.strip())[:40]
    for number, line in enumerate(source.splitlines(), start=1):
        if first and first in line or "<script" in line.lower():
            return f"{where}:{number}"
    return where


def policy(hashes: list[str]) -> str:
    directives = {**POLICY, "script-src": POLICY["script-src"] + hashes}
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def external(href: str, site_host: str) -> bool:
    parts = urlsplit(href)
    return parts.scheme in ("http", "https") and (parts.hostname or "") != site_host


def add_noopener(html: str, site_host: str) -> str:
    def fix(match: re.Match) -> str:
        tag = match.group(0)
        href = re.search(r'\shref="([^"]*)"', tag)
        if not href or not external(href.group(1), site_host):
            return tag
        rel = re.search(r'\srel="([^"]*)"', tag)
        if rel:
            if "noopener" in rel.group(1).split():
                return tag
            return tag[:rel.start(1)] + (rel.group(1) + " noopener").strip() + tag[rel.end(1):]
        return tag[:-1].rstrip() + ' rel="noopener">'
    return re.sub(r"<a\s[^>]*>", fix, html)


# Inline scripts found in this build: (origin, hash) -> pages (`listing()`).
found_scripts: dict[tuple[str, str], int] = {}


def check(output: str, page, config) -> tuple[list[str], list[str]]:
    """(errors, hashes) for a final page."""
    parser = _Page()
    parser.feed(output)
    parser.close()
    where = f"docs/{page.file.src_uri}" if page and page.file else "a page"
    errors = [f"{where} (built page line {line}): {message}" for line, message in parser.problems]
    hashes: list[str] = []
    # The scripts of the page's content (parsed: a code block that shows a
    # script's text is text, not a script).
    in_content = _Page()
    in_content.feed((page.content or "") if page else "")
    in_content.close()
    content_scripts = {body.strip() for _, _, body in in_content.scripts}
    registry = templates(config)
    for line, kind, body in parser.scripts:
        if kind in DATA_TYPES:
            continue
        if kind not in JS_TYPES:
            errors.append(f"{where} (built page line {line}): <script type=\"{kind}\"> is not allowed; remove it")
            continue
        if body.strip() in content_scripts:
            errors.append(f"{content_line(page, body)}: an inline <script> in the page's content; it gets no "
                          "Content Security Policy hash and would be blocked. Remove it (pages may only "
                          "contain text, links and images)")
            continue
        origin = registry.origin(body)
        if origin is None:
            errors.append(f"{where} (built page line {line}): an inline <script> that no template in "
                          f"overrides/ or the theme writes ({body.strip()[:60]!r}); it gets no hash. Move "
                          "it into a template under overrides/ or a file in docs/assets/")
            continue
        digest = sha256(body)
        found_scripts[(origin, digest)] = found_scripts.get((origin, digest), 0) + 1
        if digest not in hashes:
            hashes.append(digest)
    return errors, hashes


def listing() -> list[str]:
    return [f"{origin}: {digest} ({pages} page(s))" for (origin, digest), pages in sorted(found_scripts.items())]


def on_pre_build(config):
    found_scripts.clear()


def secure(output: str, page, config) -> str:
    errors, hashes = check(output, page, config)
    for error in dict.fromkeys(errors):
        log.error(error + ".")
    head = (f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes)}">\n'
            f'<meta name="referrer" content="{REFERRER}">\n')
    output, count = re.subn(r"(<meta charset=[^>]*>\n?)", lambda m: m.group(1) + head, output, count=1)
    if not count:
        log.error(f"{page.file.src_uri if page and page.file else 'a page'}: no <meta charset> in the page; "
                  "the Content Security Policy could not be written (Material's base.html changed?)")
    return add_noopener(output, urlsplit(config.site_url or "").hostname or "")


# Last of all on_post_page hooks (after compact_html), so the hashes are of the final text.
@event_priority(-100)
def on_post_page(output, page, config):
    return secure(output, page, config)


# The 404 pages are templates, not pages; before hooks/sitegen/not_found.py moves
# the other languages' copies (it changes only their JSON config).
@event_priority(100)
def on_post_template(output, template_name, config):
    return secure(output, None, config) if template_name == "404.html" else output


def on_post_build(config):
    for line in listing():
        log.info(f"csp: inline script {line}")
    log.info(f"csp: {len(found_scripts)} hashes of {len({o for o, _ in found_scripts})} inline "
             "scripts from templates")
