"""The site as the deploy workflow builds it works under a project-pages sub-path.

GitHub Pages serves a project site under /<repository>/. This test builds the
site exactly as .github/workflows/deploy.yml does — its "Site and repository
address" step run with the base_url that configure-pages reports for
https://example.github.io/meta-ai-objection, then its `make build` step — in a
scratch copy, serves it under /meta-ai-objection/ on 127.0.0.1 like Pages
(gzip, 404.html with status 404), and drives Chromium through it:

- every page in the sitemap loads with status 200, and every request it makes
  (styles, scripts, images, the search index) stays under the sub-path and
  succeeds;
- every link and asset address in every page stays under the sub-path (or
  under the production address for canonical links), and every internal link
  target exists;
- the language switcher goes to the same page in the other language;
- search finds pages and its results lead to pages under the sub-path;
- a missing address shows the styled 404 page with status 404.
"""

from __future__ import annotations

import os
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
import yaml
from playwright.sync_api import Error as PlaywrightError

from conftest import ARTIFACTS, ROOT, SITE_URL, SiteServer, copy_project, sitemap_urls

pytestmark = pytest.mark.browser

# What configure-pages reports as base_url for a project site (no trailing slash).
PAGES_BASE_URL = SITE_URL.rstrip("/")
PREFIX = urlsplit(SITE_URL).path  # /meta-ai-objection/
WORKFLOW = ROOT / ".github" / "workflows" / "deploy.yml"


def deploy_steps() -> tuple[dict, dict]:
    """The deploy workflow's address step and build step."""
    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]
    address = next(s for s in steps if "SITE_URL=" in s.get("run", ""))
    build = next(s for s in steps if s.get("id") == "build")
    return address, build


def run_address_step(step: dict, workdir: Path, base_url: str) -> dict[str, str]:
    """Run the workflow's address step as the runner would; return what it exports."""
    expressions = {
        "${{ steps.pages.outputs.base_url }}": base_url,
        "${{ github.server_url }}/${{ github.repository }}": "https://github.com/example/meta-ai-objection",
    }
    env = {name: expressions[value] for name, value in step["env"].items()}
    github_env = workdir / "github_env"
    github_env.write_text("")
    result = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=workdir, capture_output=True, text=True,
                            env={**os.environ, **env, "GITHUB_ENV": str(github_env)})
    assert result.returncode == 0, result.stderr
    return dict(line.split("=", 1) for line in github_env.read_text().splitlines() if "=" in line)


def build_as_deployed(project: Path, base_url: str) -> Path:
    """Copy the project to `project` and build it with the deploy workflow's own
    steps for a Pages site whose base_url is `base_url`; return its site/."""
    copy_project(project)
    address, build = deploy_steps()
    exported = run_address_step(address, project, base_url)
    assert exported["SITE_URL"] == base_url.rstrip("/") + "/", "the workflow must add a trailing slash to base_url"
    assert build["run"].strip() == "make build", "update this test: the workflow builds differently"
    env = {**os.environ, **exported, "VENV": str(ROOT / ".venv"), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(["bash", "-e", "-c", build["run"]], cwd=project, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    return project / "site"


@pytest.fixture(scope="module")
def deployed(tmp_path_factory) -> Path:
    """site/ of a scratch copy, built by the deploy workflow's own steps."""
    return build_as_deployed(tmp_path_factory.mktemp("deploy") / "project", PAGES_BASE_URL)


@pytest.fixture(scope="module")
def pages(deployed):
    """The deployed build served under /meta-ai-objection/ on 127.0.0.1."""
    with SiteServer(deployed, prefix=PREFIX) as running:
        yield running


class Recorder:
    """A page that records every request and every failed response, and keeps
    a screenshot in reports/browser/subpath/ when a check fails."""

    def __init__(self, context, server):
        self.server = server
        self.page = context.new_page()
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("response", lambda response: response.status >= 400 and self.failed.append(
            f"{response.status} {response.url}"))

    def open(self, path: str, status: int = 200):
        self.requests.clear()
        self.failed.clear()
        response = self.page.goto(self.server.url + path, wait_until="networkidle")
        assert response is not None and response.status == status, (
            f"{self.server.url + path}: status {response and response.status}, expected {status}")
        return response

    def outside(self) -> list[str]:
        """Requests that left the sub-path (or the machine)."""
        return [url for url in self.requests
                if urlsplit(url).scheme not in ("data", "blob", "about") and not url.startswith(self.server.url)]

    def screenshot(self, name: str) -> Path:
        folder = ARTIFACTS / "subpath"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name.strip('/').replace('/', '-') or 'home'}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def recorder(context, pages):
    # Nothing may leave 127.0.0.1: requests to other hosts are recorded, then aborted.
    context.route(lambda url: urlsplit(url).hostname not in (None, "127.0.0.1"), lambda route: route.abort())
    tab = Recorder(context, pages)
    yield tab
    tab.page.close()


ADDRESSES = """() => [
  ...Array.from(document.querySelectorAll('a[href]'), e => ['a', e.getAttribute('href'), e.href]),
  ...Array.from(document.querySelectorAll('link[href]'), e => ['link ' + e.rel, e.getAttribute('href'), e.href]),
  ...Array.from(document.querySelectorAll('[src]'), e => [e.tagName.toLowerCase(), e.getAttribute('src'), e.src]),
]"""


def scan(recorder: Recorder, paths: list[str], screenshot: bool = True) -> tuple[list[str], dict[str, str]]:
    """Open each page; return the problems (stops at the first page with any)
    and the internal link targets found (target -> a page linking to it)."""
    problems: list[str] = []
    targets: dict[str, str] = {}
    for path in paths:
        recorder.open(path)
        page_url = recorder.server.url + path
        problems += [f"{page_url}: request outside {PREFIX}: {url}" for url in recorder.outside()]
        problems += [f"{page_url}: failed request: {failure}" for failure in recorder.failed]
        for kind, raw, resolved in recorder.page.evaluate(ADDRESSES):
            parts = urlsplit(resolved)
            if parts.scheme not in ("http", "https"):
                continue  # mailto:, tel:, data:
            if parts.hostname == "127.0.0.1":
                if not resolved.startswith(recorder.server.url):
                    problems.append(f"{page_url}: {kind} {raw!r} leaves {PREFIX} ({resolved})")
                else:
                    targets.setdefault(urldefrag(resolved).url, page_url)
            elif parts.hostname == urlsplit(SITE_URL).hostname and not resolved.startswith(SITE_URL):
                problems.append(f"{page_url}: {kind} {raw!r} points outside the site's address {SITE_URL}")
        if problems:
            if screenshot:
                problems.append(f"screenshot: {recorder.screenshot(path)}")
            break
    return problems, targets


def test_every_page_loads_and_everything_stays_under_the_subpath(deployed, recorder):
    paths = sitemap_urls(deployed)
    assert len(paths) >= 20, f"the sitemap lists only {len(paths)} pages"
    problems, targets = scan(recorder, paths)
    for target, source in sorted(targets.items()):
        try:
            with urllib.request.urlopen(target, timeout=10) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            problems.append(f"{source}: link to {target} answers {status}")
    assert not problems, "\n".join(problems)
    assert len(targets) >= len(paths), "too few internal links found: is the page markup there?"


def test_the_scan_catches_a_build_for_the_wrong_address(tmp_path, context):
    """A site built for the domain root but served under /meta-ai-objection/
    (the mistake a hard-coded or missing site_url makes) must fail the scan."""
    wrong = build_as_deployed(tmp_path / "project", "https://example.github.io")
    context.route(lambda url: urlsplit(url).hostname not in (None, "127.0.0.1"), lambda route: route.abort())
    with SiteServer(wrong, prefix=PREFIX) as server:
        tab = Recorder(context, server)
        problems, _ = scan(tab, ["", "en/", "guides/facebook/"], screenshot=False)
    print("\n".join(problems))
    assert any(f"leaves {PREFIX}" in problem or "request outside" in problem for problem in problems), problems


@pytest.mark.parametrize("start, choose, lands, lang", [
    ("", "en", "en/", "en"),
    ("en/", "de", "", "de"),
    ("guides/facebook/", "en", "en/guides/facebook/", "en"),
    ("en/faq/", "de", "faq/", "de"),
])
def test_language_switcher_keeps_the_page_and_the_subpath(recorder, start, choose, lands, lang):
    recorder.open(start)
    page = recorder.page
    try:
        page.hover(".md-header .md-select")
        page.click(f".md-header a.md-select__link[hreflang='{choose}']")
        page.wait_for_load_state("load")
        assert page.url == recorder.server.url + lands, f"switcher on /{start} went to {page.url}"
        assert page.evaluate("document.documentElement.lang") == lang
        assert not recorder.outside() and not recorder.failed, (recorder.outside(), recorder.failed)
    except (AssertionError, PlaywrightError) as error:
        error.add_note(f"screenshot: {recorder.screenshot('switcher-' + (start or 'home'))}")
        raise


@pytest.mark.parametrize("start, term, lang_prefix", [("", "Widerspruch", ""), ("en/", "objection", "en/")])
def test_search_finds_pages_under_the_subpath(recorder, start, term, lang_prefix):
    recorder.open(start)
    page = recorder.page
    try:
        search = page.locator("input.md-search__input")
        if not search.is_visible():
            page.click("label.md-search__icon[for='__search']")
        search.click()
        page.keyboard.type(term)  # Material searches on key presses, not on a value set by script
        results = page.locator(".md-search-result__item > a.md-search-result__link")
        results.first.wait_for(state="visible", timeout=10_000)
        hrefs = results.evaluate_all("links => links.map(a => a.href)")
        assert hrefs, f"no search results for {term!r}"
        outside = [href for href in hrefs if not href.startswith(recorder.server.url + lang_prefix)]
        assert not outside, f"search results outside {PREFIX}{lang_prefix}: {outside}"
        index = [url for url in recorder.requests if "search_index.json" in url]
        assert index and all(url.startswith(recorder.server.url) for url in index), index
        first = hrefs[0]
        results.first.click()
        page.wait_for_load_state("load")
        assert page.url.startswith(urldefrag(first).url), f"clicking {first} went to {page.url}"
        assert not recorder.outside() and not recorder.failed, (recorder.outside(), recorder.failed)
    except (AssertionError, PlaywrightError) as error:
        error.add_note(f"screenshot: {recorder.screenshot('search-' + (start or 'home'))}")
        raise


def not_found_heading(site: Path, lang: str) -> str:
    """The heading of the built 404 page of `lang` (the i18n hooks may write one per language)."""
    import re
    page = site / ("404.html" if lang == "de" or not (site / lang / "404.html").exists() else f"{lang}/404.html")
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.S)
    assert match, f"{page} has no <h1>"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


@pytest.mark.parametrize("missing, lang", [
    ("gibt-es-nicht/", "de"), ("guides/gibt-es-nicht/tiefer/", "de"), ("assets/missing.css", "de"),
    ("en/guides/nope/deeper/", "en"),
])
def test_a_missing_address_shows_the_404_page(deployed, recorder, missing, lang):
    recorder.open(missing, status=404)
    page = recorder.page
    try:
        heading = not_found_heading(deployed, lang)
        page.wait_for_function(
            "text => Array.from(document.querySelectorAll('h1'), h => h.textContent.trim()).includes(text)",
            arg=heading, timeout=10_000)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.lang") == lang
        # The 404 page is served at any depth: its styles and scripts must still load.
        assert not recorder.outside(), recorder.outside()
        assert [f for f in recorder.failed if not f.endswith(missing)] == [], recorder.failed
        loaded = page.evaluate("Array.from(document.styleSheets, s => s.href).filter(Boolean)")
        assert any("assets/stylesheets/main" in href for href in loaded), loaded
        assert all(href.startswith(recorder.server.url) for href in loaded), loaded
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        home = page.locator(".md-header a.md-logo").get_attribute("href")
        assert urllib.parse.urljoin(page.url, home) in (recorder.server.url, recorder.server.url + "en/")
    except (AssertionError, PlaywrightError) as error:
        error.add_note(f"screenshot: {recorder.screenshot('404-' + missing)}")
        raise
