"""The Content Security Policy and referrer policy in the built pages
(hooks/sitegen/csp.py): every page has both, first in its head; the script hashes
are exactly those of the page's inline scripts, each from a template in
overrides/ or Material's templates; a script from content, or one no
template explains, gets no hash and fails the build."""

from __future__ import annotations

import re
import sys
from types import SimpleNamespace

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen import csp  # noqa: E402

CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')
INLINE = re.compile(r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)


def pages(site):
    return sorted(site.rglob("*.html"))


def directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_every_page_has_the_policies_first_in_its_head(site):
    for path in pages(site):
        html = path.read_text(encoding="utf-8")
        head = html.split("<head>", 1)[1]
        assert head.lstrip().startswith('<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy"'), path
        assert '<meta name="referrer" content="no-referrer">' in head.split("<script", 1)[0], path
        assert len(CSP_META.findall(html)) == 1, path


def test_the_policy_is_strict(site):
    for path in pages(site):
        policy = directives(CSP_META.search(path.read_text(encoding="utf-8")).group(1))
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"][0] == "'self'"
        assert all(v.startswith("'sha256-") for v in policy["script-src"][1:]), path
        for directive, values in policy.items():
            assert "'unsafe-inline'" not in values and "'unsafe-eval'" not in values, (path, directive)
        assert policy["style-src"] == ["'self'"]
        assert policy["img-src"] == ["'self'", "data:"]
        assert policy["connect-src"] == ["'self'"] and policy["worker-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
        assert policy["form-action"] == ["'none'"]


def test_the_hashes_are_exactly_the_pages_inline_scripts(site):
    for path in pages(site):
        html = path.read_text(encoding="utf-8")
        hashes = set(directives(CSP_META.search(html).group(1))["script-src"][1:])
        scripts = {csp.sha256(m.group("body")) for m in INLINE.finditer(html)
                   if csp._type(m.group("attrs")) not in csp.DATA_TYPES}
        assert scripts and hashes == scripts, path


def test_the_pages_carry_no_style_attribute_or_element(site):
    """style-src 'self' holds only while the markup has no inline styles."""
    for path in pages(site):
        html = path.read_text(encoding="utf-8")
        assert not re.search(r"<style\b|\sstyle=", html), path


def test_external_links_get_noopener(site):
    html = (site / "guides" / "facebook" / "index.html").read_text(encoding="utf-8")
    form = re.search(r'<a [^>]*guide-form__button[^>]*>', html).group(0)
    assert 'rel="noopener"' in form
    for tag in re.findall(r"<a\s[^>]*>", html):
        href = re.search(r'href="([^"]*)"', tag)
        if href and href.group(1).startswith("https://") and "example.github.io" not in href.group(1):
            assert "noopener" in tag, tag


def test_add_noopener_keeps_other_rel_values_and_internal_links():
    html = ('<a href="https://meta.example/x" rel="nofollow">a</a><a href="../faq/">b</a>'
            '<a href="https://example.github.io/x/">c</a><a href="https://x.example" rel="noopener">d</a>')
    out = csp.add_noopener(html, "example.github.io")
    assert '<a href="https://meta.example/x" rel="nofollow noopener">' in out
    assert '<a href="https://x.example" rel="noopener">' in out
    assert '<a href="../faq/">' in out and '<a href="https://example.github.io/x/">' in out
    assert out.count("noopener") == 2


# --- Where the inline scripts come from --------------------------------------

def registry():
    from mkdocs.config import load_config
    config = load_config(str(ROOT / "mkdocs.yml"))
    return config, csp.templates(config)


def page(content: str, source: str = "", uri: str = "privacy.en.md"):
    return SimpleNamespace(content=content, file=SimpleNamespace(src_uri=uri, content_string=source))


def test_every_inline_script_of_the_site_has_a_template_origin(site):
    _, templates = registry()
    origins = set()
    for path in pages(site):
        for match in INLINE.finditer(path.read_text(encoding="utf-8")):
            if csp._type(match.group("attrs")) in csp.DATA_TYPES:
                continue
            origin = templates.origin(match.group("body"))
            assert origin, f"{path}: no template origin for {match.group('body')[:80]!r}"
            assert origin.startswith(("overrides/", "material/templates/")), origin
            origins.add(origin.split(":")[0])
    # The project's own and Material's start-up script at least.
    assert "overrides/main.html" in origins and "material/templates/partials/javascripts/base.html" in origins


def test_a_script_from_content_gets_no_hash_and_names_file_and_line():
    config, _ = registry()
    source = "---\ndescription: x\n---\n\n# Privacy\n\n<script>steal()</script>\n"
    output = '<html><head><meta charset="utf-8"></head><body><script>steal()</script></body></html>'
    errors, hashes = csp.check(output, page("<script>steal()</script>", source), config)
    assert hashes == []
    assert any(e.startswith("docs/privacy.en.md:7: an inline <script> in the page's content") and "Remove it" in e
               for e in errors), errors


def test_a_script_no_template_writes_gets_no_hash():
    config, _ = registry()
    output = '<html><head><meta charset="utf-8"></head><body><script>fetch("/x")</script></body></html>'
    errors, hashes = csp.check(output, page(""), config)
    assert hashes == [] and "no template in overrides/ or the theme writes" in errors[0]


def test_a_value_breaking_out_of_a_template_string_has_no_origin():
    """keyboard-labels.html prints a text with | tojson; text that ends the
    JSON string and adds code does not match the template any more."""
    _, templates = registry()
    good = ('[["__drawer", "Menü öffnen"],\n ["__search", "Suche öffnen"]].forEach(function (pair) {')
    body = (ROOT / "overrides/partials/keyboard-labels.html").read_text(encoding="utf-8")
    script = body.split("<script>", 1)[1].split("</script>", 1)[0]
    rest = script.split("].forEach(function (pair) {", 1)[1]
    assert templates.origin(good + rest)
    evil = '[["__drawer", "x"]]);alert(1);([["y"],\n ["__search", "Suche"]].forEach(function (pair) {'
    assert templates.origin(evil + rest) is None


def test_event_handlers_and_redirects_in_the_final_page_are_refused():
    config, _ = registry()
    output = ('<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=https://x">'
              '</head><body><a href="https://www.facebook.com/x" onmouseover="alert(1)">x</a>'
              '<a href="java&#9;script:alert(1)">y</a><iframe src="https://x"></iframe></body></html>')
    errors, _ = csp.check(output, page(""), config)
    text = "\n".join(errors)
    assert "<meta http-equiv=\"refresh\">" in text
    assert "<a onmouseover=…>: an event handler" in text
    assert "a javascript: address" in text
    assert "<iframe> is not allowed" in text
    assert all(e.startswith("docs/privacy.en.md (built page line 1)") for e in errors)


def test_the_build_lists_each_inline_script_with_its_origin():
    from mkdocs.config import load_config
    config = load_config(str(ROOT / "mkdocs.yml"))
    csp.found_scripts.clear()
    script = ('document.documentElement.className=document.documentElement.className'
              '.replace(/\\bno-js\\b/,"js")')
    csp.check(f'<html><head><meta charset="utf-8"><script>{script}</script></head></html>', page(""), config)
    assert csp.listing() == [f"overrides/main.html:{line_of_js_class()}: {csp.sha256(script)} (1 page(s))"]


def line_of_js_class() -> int:
    lines = (ROOT / "overrides/main.html").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if "no-js" in line and "<script>" in line)


@pytest.mark.parametrize("name", ["sanitise", "csp", "theme_markup"])
def test_the_hooks_are_registered(name):
    from sitegen.plugin import FEATURES
    assert "  - hooks/sitegen_hooks.py\n" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"sitegen.{name}" in [module.__name__ for module in FEATURES]
