"""Guides are described by front matter: the templates render the form
button, the last-checked date and the sources from it, and the menu, the home
page's chooser and the guides overview list every guide by themselves."""

from __future__ import annotations

import re

from conftest import build


def html(site, path):
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_last_checked_in_the_readers_language(site):
    assert re.search(r'<time datetime="2025-05-26">26\. Mai 2025</time>', html(site, "guides/facebook"))
    assert re.search(r'<time datetime="2025-05-26">26 May 2025</time>', html(site, "en/guides/facebook"))


def test_form_button_names_metas_host_and_login(site):
    from html import unescape  # the templates escape every text (Meta&#39;s)
    page = unescape(html(site, "en/guides/instagram"))
    assert "Open Meta's form" in page and "help.instagram.com" in page
    assert "Log in to Instagram first." in page
    # Threads is reached through the Instagram account; no login sentence without an account.
    assert "Log in to Instagram first." in html(site, "en/guides/threads")
    assert "Log in to" not in html(site, "en/guides/no-account").split("guide-form__note")[1][:200]


def test_sources_listed(site):
    page = html(site, "guides/facebook")
    sources = page.split('class="guide-checked"')[1]
    assert sources.count("<li><a href=\"https://") >= 1


def test_new_guide_is_two_files_and_nothing_else(project_copy, tmp_path):
    guides = project_copy / "docs/guides"
    for lang, title in (("de", "Messenger (Test)"), ("en", "Messenger (test)")):
        text = (guides / f"instagram.{lang}.md").read_text(encoding="utf-8")
        text = text.replace("service: instagram", "service: messenger").replace("order: 2", "order: 9")
        text = re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M)
        (guides / f"messenger.{lang}.md").write_text(text, encoding="utf-8")
    out = tmp_path / "site"
    result = build(project_copy, out)
    assert result.returncode == 0, result.stderr[-2000:]
    for home, title in (("", "Messenger (Test)"), ("en/", "Messenger (test)")):
        chooser = html(out, home).split('class="chooser"')[1].split("</nav>")[0]
        assert 'href="guides/messenger/"' in chooser and title in chooser
        # last in the chooser: order 9
        assert chooser.rindex("guides/messenger/") > chooser.rindex("guides/no-account/")
        overview = html(out, home + "guides")
        assert 'href="messenger/"' in overview.split('class="chooser"')[1]
        # and in the menu
        assert 'href="../guides/messenger/" class="md-nav__link"' in html(out, home + "faq")


def test_the_form_follows_the_title(site):
    """hooks/sitegen/guide_layout.py places the form after the page's first </h1>."""
    html = (site / "en" / "guides" / "facebook" / "index.html").read_text(encoding="utf-8")
    title_end, form = html.index("</h1>"), html.index('class="guide-form"')
    assert title_end < form < html.index('id="fastest-way"')


def test_a_guide_without_title_is_refused(project_copy):
    import sys
    from conftest import make_check
    path = project_copy / "docs/guides/threads.en.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("# Threads: how to object\n", "", 1), encoding="utf-8")
    front_matter_end = text.split("\n").index("---", 1) + 2
    result = make_check(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert (f"docs/guides/threads.en.md:{front_matter_end}: the guide has no title; start its text with a line "
            "'# …'") in output, output[-3000:]


def test_every_language_home_is_a_home_page(site):
    """On /en/ the link preview names the site once and is a website, as on the German home page."""
    for home, name in (("index.html", "Widerspruch gegen KI-Training bei Meta"),
                       ("en/index.html", "Objecting to AI training at Meta")):
        html = (site / home).read_text(encoding="utf-8")
        assert f'<meta property="og:title" content="{name}">' in html, home
        assert '<meta property="og:type" content="website">' in html, home
        assert f'<title>{name}</title>' in html, home
