"""scripts/check_built_site.py: a built site that skipped the project's steps is told apart.

The check reads only built files and mkdocs.yml, so it holds whatever built
them (issue 25: a Zensical build of this repository silently runs no hook).
The real build passes; each thing a generator without our steps leaves out
fails with the file and what happened.
"""

from __future__ import annotations

import re
import shutil
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import check_built_site  # noqa: E402


def test_the_real_build_passes(site):
    assert check_built_site.check(site, ROOT / "mkdocs.yml") == []


def test_a_build_without_the_projects_steps_fails_on_each_of_them(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    faq = copy / "faq" / "index.html"
    text = faq.read_text(encoding="utf-8")
    text = check_built_site.STAMP.sub("", text)                          # no sanitiser stamp
    text = text.replace('<meta name="referrer" content="no-referrer">', "")
    text = text.replace("script-src &#39;self&#39;;", "script-src &#39;self&#39; &#39;unsafe-inline&#39;;")
    text = text.replace("</article>", "<p>{{ authority.email }} {% if x %}</p><script>alert(1)</script></article>")
    faq.write_text(text, encoding="utf-8")
    english = copy / "en" / "faq" / "index.html"
    english.write_text(english.read_text(encoding="utf-8").replace('<html lang="en"', '<html lang="de"'),
                       encoding="utf-8")
    timeline = copy / "timeline" / "index.html"
    timeline.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "",
                               timeline.read_text(encoding="utf-8")), encoding="utf-8")
    (copy / "en" / "index.html").unlink()
    (copy / "en" / "search" / "search_index.json").unlink()

    problems = check_built_site.check(copy, ROOT / "mkdocs.yml")
    expected = {
        "site/faq/index.html: no sitegen stamp": 1,
        "site/faq/index.html: no referrer policy": 1,
        "site/faq/index.html: its Content Security Policy is not the project's": 1,
        "'{{ authority.email }}' was not filled in": 1,
        "a '{% … %}' template tag was not processed": 1,
        "an inline <script>": 1,
        'site/en/faq/index.html: <html lang="de"> on a page of the \'en\' folder': 1,
        "site/timeline/index.html: no Content Security Policy <meta>": 1,
        "site/en/index.html: the 'en' home page is missing": 1,
        "site/en/search/search_index.json: the 'en' search index is missing": 1,
    }
    for needle, count in expected.items():
        found = [p for p in problems if needle in p]
        assert len(found) == count, f"{needle!r}: {found}\nall problems:\n" + "\n".join(problems)
    assert all("build with `make build`" in p or "<script>" in p for p in problems)


def test_the_command_line_exits_1_and_names_the_problems(site, tmp_path, capsys):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / "index.html").write_text("<html><body><p>{{ now }}</p></body></html>", encoding="utf-8")
    assert check_built_site.main([str(copy), "--config", str(ROOT / "mkdocs.yml")]) == 1
    out = capsys.readouterr()
    assert "site/index.html: no Content Security Policy <meta>" in out.out
    assert "the build skipped the project's own steps" in out.err
    assert check_built_site.main([str(tmp_path / "missing")]) == 2
