"""Dependabot keeps the pinned stack patched: pip, npm and the actions, weekly,
grouped, and never MkDocs 2 (incompatible with Material and the i18n plugin)."""

from __future__ import annotations

import yaml

from conftest import ROOT

CONFIG = ROOT / ".github" / "dependabot.yml"


def updates() -> dict[str, dict]:
    data = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert data["version"] == 2
    return {entry["package-ecosystem"]: entry for entry in data["updates"]}


def test_pip_npm_and_actions_weekly_and_grouped():
    entries = updates()
    assert set(entries) == {"pip", "npm", "github-actions"}
    for name, entry in entries.items():
        assert entry["directory"] == "/", name
        assert entry["schedule"]["interval"] == "weekly", name
        groups = entry.get("groups") or {}
        assert any("*" in group.get("patterns", []) for group in groups.values()), (
            f"{CONFIG}: {name} updates are not grouped into one pull request")


def test_mkdocs_2_stays_excluded():
    ignored = updates()["pip"].get("ignore", [])
    assert {"dependency-name": "mkdocs", "versions": [">=2"]} in ignored
    # The requirement files agree: MkDocs is pinned to a 1.x release.
    requirements = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert "mkdocs==1." in requirements


def test_every_ecosystem_has_something_to_update():
    assert (ROOT / "requirements.txt").exists() and (ROOT / "package-lock.json").exists()
    assert list((ROOT / ".github" / "workflows").glob("*.yml"))
