"""The Content Security Policy and the referrer policy (hooks/sitegen/core/csp.py):
one constant policy that runs no inline script, carried by every built page of the
published site and of the offline preview right after <meta charset>; the pages
hold no executable inline script and no inline style; the last check of a final
page (`page_problems`) names everything the policy must not have to stop.
(That a browser enforces it: tests/test_browser_security.py and tests/test_browser_pages.py.)"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen.core import csp  # noqa: E402


def directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_the_policy_is_strict():
    policy = directives(csp.POLICY)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"], "no hashes, no inline script at all"
    assert policy["style-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["connect-src"] == ["'self'"] and policy["worker-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'none'"]
    for directive, values in policy.items():
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "https:", "http:"} & set(values), directive
    assert csp.REFERRER == "no-referrer"


def test_the_serve_policy_differs_only_by_unsafe_inline_scripts():
    serve = directives(csp.SERVE_POLICY)
    assert serve["script-src"] == ["'self'", "'unsafe-inline'"]
    assert {k: v for k, v in serve.items() if k != "script-src"} == \
        {k: v for k, v in directives(csp.POLICY).items() if k != "script-src"}


class Head(HTMLParser):
    """The <meta> elements in the order of the page, and every <script> and style."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.metas: list[dict] = []
        self.scripts: list[tuple[dict, str]] = []
        self.styles: list[str] = []
        self._script: dict | None = None
        self._body: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        values = {k: v or "" for k, v in attrs}
        if tag == "meta":
            self.metas.append(values)
        if tag == "script":
            self._script, self._body = values, []
        if tag == "style" or "style" in values:
            self.styles.append(tag)

    def handle_data(self, data):
        if self._script is not None:
            self._body.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._body)))
            self._script = None


def page_report(path: Path, root: Path) -> list[str]:
    where = path.relative_to(root).as_posix()
    html = path.read_text(encoding="utf-8")
    head = Head(html)
    problems = []
    policies = [m.get("content") for m in head.metas if m.get("http-equiv", "").lower() == "content-security-policy"]
    if policies != [csp.POLICY]:
        problems.append(f"{where}: carries the policies {policies}, expected exactly POLICY")
    if [m.get("charset") for m in head.metas[:1]] != ["utf-8"] or head.metas[1:2] != [
            {"http-equiv": "Content-Security-Policy", "content": csp.POLICY}]:
        problems.append(f"{where}: the policy is not the first element after <meta charset> (a policy <meta> covers "
                        "only what follows it)")
    if [m.get("content") for m in head.metas if m.get("name") == "referrer"] != [csp.REFERRER]:
        problems.append(f"{where}: no referrer policy {csp.REFERRER}")
    if csp.policy_of(html) != csp.POLICY:
        problems.append(f"{where}: csp.policy_of reads {csp.policy_of(html)!r}")
    for attrs, body in head.scripts:
        if "src" not in attrs and attrs.get("type", "").lower() not in csp.DATA_TYPES:
            problems.append(f"{where}: an executable inline script: {body[:80]!r}")
        if "src" in attrs and body.strip():
            problems.append(f"{where}: a script with src and a body")
    if head.styles:
        problems.append(f"{where}: inline styles ({', '.join(sorted(set(head.styles)))}); style-src 'self' "
                        "holds only without them")
    problems += [f"{where}:{line}: {message}" for line, message in csp.page_problems(html)]
    return problems


@pytest.mark.parametrize("variant", ["published", "offline"])
def test_every_built_page_carries_exactly_the_policy_and_runs_no_inline_script(built, variant):
    root = built() if variant == "published" else built(OFFLINE_PREVIEW="1")
    pages = sorted(root.rglob("*.html"))
    assert len(pages) > 20 and (root / "404.html") in pages and (root / "en" / "404.html") in pages
    problems = [problem for page in pages for problem in page_report(page, root)]
    assert not problems, "\n".join(problems)


def test_the_report_finds_a_page_that_breaks_the_policy(tmp_path):
    """The check above can fail: another policy, a late policy, an inline script, a style."""
    page = tmp_path / "x.html"
    page.write_text('<html><head><meta charset="utf-8"><meta name="referrer" content="origin">'
                    '<meta http-equiv="Content-Security-Policy" content="script-src &#39;self&#39; &#39;unsafe-inline&#39;">'
                    '</head><body><script>alert(1)</script><p style="color:red">x</p>'
                    '<script type="application/json">{"a": 1}</script></body></html>', encoding="utf-8")
    problems = "\n".join(page_report(page, tmp_path))
    assert "x.html: carries the policies [\"script-src 'self' 'unsafe-inline'\"]" in problems
    assert "not the first element after <meta charset>" in problems
    assert "x.html: no referrer policy no-referrer" in problems
    assert "an executable inline script: 'alert(1)'" in problems
    assert "inline styles (p)" in problems
    assert problems.count("executable inline script") == 1, "a JSON island is data, not a script"


# --- The last check of every final page ---------------------------------------------------

FINAL = {  # what a template or the content could put into a page -> part of the message
    "inline script": ("<script>alert(1)</script>", "an inline <script>; the policy runs none"),
    "inline module": ('<script type="module">alert(1)</script>', "an inline <script>"),
    "text/javascript": ('<script type="text/javascript">x()</script>', "an inline <script>"),
    "event handler": ('<a href="https://x.example" onmouseover="alert(1)">x</a>', "<a onmouseover=…>: an event handler"),
    "handler on body": ('<body onload="x()">', "<body onload=…>: an event handler"),
    "javascript: link": ('<a href="javascript:alert(1)">y</a>', '<a href="javascript:…">: a javascript: address'),
    "spelt javascript:": ('<a href="java&#9;script:alert(1)">y</a>', "a javascript: address"),
    "upper case": ('<a href=" JAVASCRIPT:alert(1)">y</a>', "a javascript: address"),
    "vbscript:": ('<a href="vbscript:x">y</a>', "a vbscript: address"),
    "data: frame source": ('<img src="data:text/html,x">', "a data: address"),
    "form action": ('<form action="javascript:x()"></form>', "a javascript: address"),
    "iframe": ('<iframe src="https://x.example"></iframe>', "<iframe> is not allowed"),
    "object": ('<object data="x.swf"></object>', "<object> is not allowed"),
    "embed": ('<embed src="x.swf">', "<embed> is not allowed"),
    "base": ('<base href="https://x.example/">', "<base> is not allowed"),
    "frame": ('<frameset><frame src="x"></frameset>', "<frame> is not allowed"),
    "meta refresh": ('<meta http-equiv="Refresh" content="0;url=https://x.example">', '<meta http-equiv="refresh">'),
}


@pytest.mark.parametrize("case", FINAL)
def test_page_problems_names_each_kind_of_active_content(case):
    html, message = FINAL[case]
    page = f'<html><head><meta charset="utf-8">\n</head>\n<body>\n{html}\n</body></html>'
    problems = csp.page_problems(page)
    assert problems, f"{case}: not found"
    assert any(message in text and line == 4 for line, text in problems), problems
    assert all(text.split(";")[-1].strip() or "remove" in text for _, text in problems), "each says what to do"


@pytest.mark.parametrize("html", [
    '<script src="assets/javascripts/site.js" defer></script>',
    '<script type="application/json" id="site-data">{"a": "<\\/script>"}</script>',
    '<script type="application/ld+json">{"@context": "https://schema.org"}</script>',
    '<a href="https://x.example/javascript:y">x</a>',  # the word in a path is no scheme
    '<img src="data-protection.png" alt="x">',
    '<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;">',
])
def test_page_problems_leaves_what_the_site_writes(html):
    assert csp.page_problems(html) == []


def test_policy_of_reads_the_policy_as_a_browser_does():
    assert csp.policy_of('<meta http-equiv="Content-Security-Policy" content="a &#39;self&#39;">') == "a 'self'"
    assert csp.policy_of("<p>no policy</p>") is None
