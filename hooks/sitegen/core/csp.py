"""The Content Security Policy and referrer policy of every page, and a last check of each final page.

GitHub Pages cannot send headers, so both policies are <meta> elements, which
overrides/main.html writes right after <meta charset> (a CSP <meta> covers only
what follows it). The policy is one constant, the same on every page:

- default-src 'self': nothing from another host.
- script-src 'self' and nothing else: no inline script runs, whatever a page
  contains. The site writes none: its scripts are files, its data are
  <script type="application/json"> islands, which browsers never run.
- style-src 'self': no <style> element, no style="…" attribute in any page;
  Material sets styles from its script through the CSSOM, which a policy does
  not restrict.
- img-src 'self' data: (Material's icons are data: SVGs in its stylesheet).
- connect-src, worker-src 'self': the search worker and its index.
- object-src 'none'; base-uri 'none'; form-action 'none' (the search form is
  handled by script and never submitted).
- frame-ancestors, HSTS and reporting need headers; a host that can send
  headers may add them (README, "Publish").

`make serve` alone (SERVE_POLICY) also lets inline scripts run: MkDocs' dev
server adds an inline live-reload script to every page it serves, with a new
number each time, so no hash could name it. The published build never carries
that policy (tests/test_csp.py compares every built page with POLICY).

Referrer policy `no-referrer`: following a link to an objection form does not
tell the form's host which guide page the reader came from.

`page_problems` reads a final page as a browser would and names everything the
policy must not have to stop: an executable inline script, an event handler,
a javascript:/vbscript:/data: address, a frame, an object, a <base>, a
meta refresh.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("manifest-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'none'"),
    ("form-action", "'none'"),
)
POLICY = "; ".join(f"{name} {value}" for name, value in DIRECTIVES)
SERVE_POLICY = POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
REFERRER = "no-referrer"

# Inline scripts browsers do not run (data).
DATA_TYPES = frozenset({"application/json", "application/ld+json"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcdoc"})
FORBIDDEN_TAGS = frozenset({"iframe", "object", "embed", "frame", "frameset", "base", "applet"})


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[int, str]] = []

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        values = dict(attrs)
        if tag == "script" and "src" not in values and (values.get("type") or "").lower() not in DATA_TYPES:
            self.problems.append((line, "an inline <script>; the policy runs none. Move the code into a "
                                        "file under overrides/assets/javascripts/ and its data into a "
                                        "<script type=\"application/json\"> element"))
        if tag in FORBIDDEN_TAGS:
            self.problems.append((line, f"<{tag}> is not allowed; remove it"))
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            self.problems.append((line, "<meta http-equiv=\"refresh\"> (a redirect) is not allowed; remove it"))
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append((line, f"<{tag} {name}=…>: an event handler; remove the attribute "
                                            "(a template: add a listener in a script file instead)"))
            elif name in URL_ATTRIBUTES and value:
                scheme = re.sub(r"[\x00-\x20]", "", value).split(":", 1)[0].lower()
                if ":" in value and scheme in ("javascript", "vbscript", "data"):
                    self.problems.append((line, f"<{tag} {name}=\"{scheme}:…\">: a {scheme}: address; "
                                                "use an https:// address or a page of this site"))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def page_problems(html: str) -> list[tuple[int, str]]:
    """(line in the built page, what is wrong and what to do) for a final page."""
    parser = _Page()
    parser.feed(html)
    parser.close()
    return parser.problems


POLICY_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def policy_of(html: str) -> str | None:
    """The policy a built page carries, or None (the template escapes it: &#39;self&#39;)."""
    match = POLICY_META.search(html)
    return unescape(match.group(1)) if match else None
