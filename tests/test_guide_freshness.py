"""`make freshness` lists the guides whose last-checked date is too old, oldest first."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

SCRIPT = [sys.executable, str(ROOT / "scripts/guide_freshness.py")]


def run(*args: str) -> str:
    result = subprocess.run(SCRIPT + list(args), capture_output=True, text=True)
    assert result.returncode == 0, "a report, not a failure"
    return result.stdout


def test_lists_every_guide_when_all_are_old():
    out = run("--today", "2030-01-01")
    assert "docs/guides/facebook.de.md: last checked" in out
    assert "docs/guides/no-account.en.md" in out
    assert "update last_checked" in out


def test_lists_nothing_right_after_the_check():
    assert "Every guide was checked" in run("--today", "2025-06-01")


def test_oldest_first(project_copy):
    guide = project_copy / "docs/guides/instagram.de.md"
    guide.write_text(guide.read_text().replace("last_checked: 2025-05-26", "last_checked: 2024-06-01"))
    out = subprocess.run([sys.executable, str(project_copy / "scripts/guide_freshness.py"),
                          "--today", "2030-01-01"], capture_output=True, text=True).stdout
    lines = [line for line in out.splitlines() if ": last checked" in line]
    assert "instagram.de.md" in lines[0], out
