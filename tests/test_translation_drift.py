"""Translation freshness from git history (`scripts/translations.py drift`,
run by `make freshness` and, with --base, by the pull-request workflow).

Each test builds a small git repository with commits at fixed dates and runs
the real script on it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

SCRIPT = ROOT / "scripts" / "translations.py"
CONFIG = """\
site_name: Test
plugins:
  - i18n:
      docs_structure: suffix
      languages:
        - locale: de
          name: Deutsch
          default: true
        - locale: en
          name: English
"""


class Repo:
    def __init__(self, path: Path):
        self.path = path
        path.mkdir()
        (path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
        (path / "docs").mkdir()
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.name", "Test")
        self.git("config", "user.email", "test@example.org")
        self.git("config", "commit.gpgsign", "false")

    def git(self, *args: str, date: str = "2025-01-01") -> str:
        env = {**os.environ, "GIT_AUTHOR_DATE": f"{date}T12:00:00+00:00",
               "GIT_COMMITTER_DATE": f"{date}T12:00:00+00:00"}
        return subprocess.run(["git", "-C", str(self.path), *args], env=env, check=True,
                              capture_output=True, text=True).stdout

    def write(self, **files: str) -> None:
        for name, text in files.items():
            (self.path / "docs" / name.replace("__", ".")).write_text(text + "\n", encoding="utf-8")

    def commit(self, message: str, date: str, **files: str) -> None:
        self.write(**files)
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, date=date)

    def drift(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(SCRIPT), "--root", str(self.path), "drift", *args],
                              capture_output=True, text=True)


@pytest.fixture
def repo(tmp_path) -> Repo:
    made = Repo(tmp_path / "repo")
    made.commit("Pages in both languages", "2025-01-10",
                faq__de__md="Frage", faq__en__md="Question",
                contact__de__md="Kontakt", contact__en__md="Contact")
    return made


def test_pages_changed_together_are_not_reported(repo):
    result = repo.drift()
    assert result.returncode == 0, result.stderr
    assert "docs/" not in result.stdout
    assert "last changed together" in result.stdout


def test_an_original_changed_after_its_translation_is_reported_with_both_dates(repo):
    first = repo.git("log", "-1", "--format=%h").strip()
    repo.commit("Neue Antwort", "2025-03-02", faq__de__md="Frage und neue Antwort")
    second = repo.git("log", "-1", "--format=%h").strip()
    result = repo.drift()
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines == [line for line in lines if line.startswith("docs/faq.en.md: may be out of date")], lines
    assert len(lines) == 1
    assert f"docs/faq.de.md changed 2025-03-02 ({second})" in lines[0]
    assert f"this file 2025-01-10 ({first})" in lines[0]
    assert "contact" not in result.stdout


def test_the_other_way_round_too(repo):
    repo.commit("Fix the English address", "2025-04-01", contact__en__md="Contact, new address")
    result = repo.drift()
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["docs/contact.de.md"]
    assert "docs/contact.en.md changed 2025-04-01" in result.stdout


def test_commits_marked_skip_translation_do_not_count(repo):
    repo.commit("Tippfehler [skip translation]", "2025-03-02", faq__de__md="Frage.")
    assert "docs/" not in repo.drift().stdout


def test_uncommitted_edits_count_as_the_newest(repo):
    repo.write(faq__en__md="Question, edited")
    result = repo.drift()
    assert "docs/faq.de.md: may be out of date: docs/faq.en.md changed not committed yet" in result.stdout


def test_a_branch_that_changes_one_language_gets_a_workflow_warning_on_that_file(repo):
    repo.git("checkout", "-q", "-b", "topic")
    repo.commit("Neue Antwort", "2025-03-02", faq__de__md="Frage und neue Antwort")
    repo.commit("Both", "2025-03-03", contact__de__md="Kontakt neu", contact__en__md="Contact new")
    repo.commit("Neue Seite", "2025-03-04", new__de__md="Neu")  # new: the translations check's job
    result = repo.drift("--base", "main", "--github")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "::warning file=docs/faq.de.md,title=Translation not updated::docs/faq.de.md changed in this "
        "branch, docs/faq.en.md did not. Update the en text too, or add \"[skip translation]\" to the "
        "commit message if the change needs no translation (a typo, a link)."
    ]
    plain = repo.drift("--base", "main")
    assert plain.stdout.startswith("docs/faq.de.md: docs/faq.de.md changed in this branch")


def test_a_branch_whose_one_language_change_is_marked_gets_no_warning(repo):
    repo.git("checkout", "-q", "-b", "topic")
    repo.commit("Typo [skip translation]", "2025-03-02", faq__en__md="Question.")
    assert repo.drift("--base", "main", "--github").stdout == ""


def test_an_unknown_base_fails_with_a_hint(repo):
    result = repo.drift("--base", "origin/nowhere", "--github")
    assert result.returncode == 2
    assert "origin/nowhere" in result.stderr and "fetch-depth: 0" in result.stderr


def test_the_project_itself_can_be_checked():
    result = subprocess.run([sys.executable, str(SCRIPT), "drift"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
