"""`make page-diff`: on a scratch repository with one known change of each
kind, the report names exactly those changes, and nothing else."""

from __future__ import annotations

import re

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT, copy_project

sys.path.insert(0, str(ROOT / "scripts"))
import page_diff  # noqa: E402

# The scratch repository and its report are built once, on one worker.
pytestmark = pytest.mark.xdist_group("page-diff")


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.org",
                    *args], check=True, capture_output=True)


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"stale test: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def changed_repo(tmp_path_factory):
    repo = copy_project(tmp_path_factory.mktemp("page-diff") / "repo")
    shutil.copy2(ROOT / ".gitignore", repo / ".gitignore")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    docs = repo / "docs"
    # 1. A sentence in one language only.
    replace(docs / "contact.en.md", "## ", "We answer in German or English.\n\n## ")
    # 2. A form address (both languages, as the check demands).
    for lang in ("de", "en"):
        replace(docs / f"guides/facebook.{lang}.md", "form_url: https://www.facebook.com/",
                "form_url: https://www.facebook.com/privacy/new-form/?")
    # 3. A date: last_checked of a guide (both languages).
    for lang in ("de", "en"):
        replace(docs / f"guides/instagram.{lang}.md", "last_checked: 2025-05-26", "last_checked: 2025-06-30")
    # 4. A new page in both languages.
    (docs / "news.de.md").write_text("---\ndescription: Neuigkeiten zum Widerspruch gegen das KI-Training von Meta.\n---\n\n"
                                     "# Neuigkeiten\n\nEin neuer Absatz.\n", encoding="utf-8")
    (docs / "news.en.md").write_text("---\ndescription: News about objecting to AI training at Meta, in brief.\n---\n\n"
                                     "# News\n\nA new paragraph.\n", encoding="utf-8")
    return repo


@pytest.fixture(scope="module")
def report(changed_repo):
    return page_diff.page_diff("main", changed_repo)


def test_reports_exactly_the_changed_pages(report):
    assert sorted(key for key, _, _ in report.pages) == ["contact/", "guides/facebook/",
                                                        "guides/instagram/", "news/"]


def test_flags_exactly_the_known_changes(report):
    flags = report.flags
    expected = [
        "Form address changed: docs/guides/facebook.de.md: form_url: https://www.facebook.com/",
        "Form address changed: docs/guides/facebook.en.md: form_url: https://www.facebook.com/",
        "Last checked date changed: docs/guides/instagram.de.md: last_checked: 2025-05-26 → 2025-06-30",
        "Last checked date changed: docs/guides/instagram.en.md: last_checked: 2025-05-26 → 2025-06-30",
        "New page: news/ (docs/news.de.md)",
        "New page: en/news/ (docs/news.en.md)",
        "Changed in one language only: contact/ (English changed, Deutsch not)",
    ]
    for needle in expected:
        assert sum(flag.startswith(needle) for flag in flags) == 1, f"{needle!r} not in {flags}"
    assert len(flags) == len(expected), flags


def test_shows_before_and_after_per_language(report):
    pages = {key: per_lang for key, _, per_lang in report.pages}
    contact = pages["contact/"]
    assert "de" not in contact
    assert [c.after for c in contact["en"]] == ["We answer in German or English."]
    facebook = pages["guides/facebook/"]
    for lang in ("de", "en"):
        buttons = [c for c in facebook[lang] if c.kind == "form button"]
        assert buttons and "new-form" in buttons[0].after and "new-form" not in buttons[0].before
    instagram = pages["guides/instagram/"]
    assert any("30. Juni 2025" in (c.after or "") for c in instagram["de"])
    assert any("30 June 2025" in (c.after or "") for c in instagram["en"])


def test_markdown_and_text_show_the_change_and_no_navigation(report, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # the text output wraps at the terminal's width
    for render, marks in ((page_diff.render_markdown, ["| Deutsch | English |",
                                                       "<ins>We answer in German or English.</ins>", "> [!WARNING]"]),
                          (page_diff.render_text, ["Deutsch", "{+We answer in German or English.+}",
                                                   "! New page: news/"])):
        text = render(report)
        for mark in marks:
            assert mark in text, f"{render.__name__}: {mark!r} missing\n{text}"
        # No navigation or footer text in the report.
        for noise in ("Impressum", "Barrierefreiheit", "Legal notice"):
            assert noise not in text


def test_the_command_line_writes_the_chosen_format(report, monkeypatch, tmp_path, capsys):
    """--format and --output (the job summary) on the report above, without building again."""
    monkeypatch.setattr(page_diff, "page_diff", lambda base, repo: report)
    monkeypatch.setenv("COLUMNS", "200")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    assert page_diff.main(["--base", "main", "--format", "markdown", "--output", str(summary)]) == 0
    assert summary.read_text(encoding="utf-8") == "earlier step\n" + page_diff.render_markdown(report)
    assert page_diff.main(["--base", "main"]) == 0
    assert capsys.readouterr().out == page_diff.render_text(report)


def test_unknown_base_is_a_message_not_a_traceback(changed_repo):
    result = subprocess.run([sys.executable, str(ROOT / "scripts/page_diff.py"), "--base", "no-such-ref",
                             "--repo", str(changed_repo)], capture_output=True, text=True)
    assert result.returncode == 2
    assert "no-such-ref" in result.stderr and "Traceback" not in result.stderr


def test_a_changed_deadline_is_a_fact_that_is_flagged(tmp_path):
    base = copy_project(tmp_path / "base")
    head = copy_project(tmp_path / "head")
    replace(head / "mkdocs.yml", "last_day: 2025-05-26", "last_day: 2025-05-27")
    old, new = page_diff.facts(base), page_diff.facts(head)
    changed = {name: (old[name], new[name]) for name in old if old[name] != new.get(name)}
    assert changed == {"mkdocs.yml: deadline 2 (Objections by 26 May 2025)": ("2025-05-26", "2025-05-27")}


def test_timeline_change_names_the_summarising_texts(tmp_path):
    sys.path.insert(0, str(ROOT / "scripts"))
    from timeline_reminder import summaries
    found, problems = summaries(ROOT)
    assert not problems
    # Each entry of extra.timeline_summaries, in every language, in the list's order.
    entries = [e for e in re.findall(r"^    - (\S+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split(
        "timeline_summaries:", 1)[1].split("\n  #", 1)[0], re.M)]
    assert entries, "no timeline_summaries in mkdocs.yml"
    expected = [f"docs/{entry.split('#')[0].removesuffix('.md')}.{lang}.md" for entry in entries for lang in ("de", "en")]
    assert [line.split(":")[0] for line in found] == expected


def test_no_timeline_reminder_outside_a_git_checkout(tmp_path):
    """A copy without git has nothing to compare with: no reminder, no git error."""
    from timeline_reminder import timeline_changed
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    assert timeline_changed(tmp_path, None) is False
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "base")
    assert timeline_changed(tmp_path, None) is False
    (tmp_path / "docs/timeline.yml").write_text("# changed\n", encoding="utf-8")
    assert timeline_changed(tmp_path, None) is True


def test_the_text_output_explains_its_marks():
    """An editor reading `make page-diff` in a terminal learns what [-…-] and {+…+} mean."""
    text = page_diff.render_text(page_diff.Report(base="HEAD~1", langs=["de", "en"], flags=["a flag"]))
    assert "Marks: [-removed words-] and {+added words+}" in text.splitlines()[1]
