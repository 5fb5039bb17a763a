"""`make serve` reloads the open page when an editor saves a file (issue 23).

MkDocs' dev server adds an inline script to every page it serves; the published
pages' policy (script-src 'self') would block it. The pages `make serve` builds carry
SERVE_POLICY, which lets it run; the published build never does (tests/test_csp.py
compares every built page with POLICY). This test runs `make serve` in a scratch copy
on a free port of 127.0.0.1, opens the FAQ, changes its Markdown and sees the change
on the open page, with no policy violation, and stops the server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ROOT, copy_project

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen.core import csp  # noqa: E402
from test_browser_pages import RECORD_VIOLATIONS  # noqa: E402

pytestmark = pytest.mark.browser

MARK = "Diese Zeile kam während der Vorschau dazu."


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_served(url: str, server: subprocess.Popen, log, limit: float = 180) -> None:
    """Until the dev server answers; its own output if it stopped. The limit only ends a
    hung run: a first build takes seconds."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if server.poll() is not None:
            log.seek(0)
            pytest.fail(f"make serve stopped ({server.returncode}):\n{log.read()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    log.seek(0)
    pytest.fail(f"make serve did not answer {url} within {limit:.0f} s:\n{log.read()[-3000:]}")


@pytest.fixture
def serving(tmp_path):
    """(project copy, address) of `make serve` running in a scratch copy; stopped afterwards."""
    project = copy_project(tmp_path / "project")
    address = f"127.0.0.1:{free_port()}"
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    server = subprocess.Popen(
        ["make", "--no-print-directory", "-C", str(project), "serve", f"SERVE_ADDR={address}",
         f"VENV={ROOT / '.venv'}"],
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True, text=True)
    try:
        wait_until_served(f"http://{address}/faq/", server, log)
        yield project, f"http://{address}/", log
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def test_saving_a_file_reloads_the_open_page(browser, serving):
    project, url, log = serving
    context = browser.new_context()
    context.add_init_script(RECORD_VIOLATIONS)
    context.route(lambda address: not address.startswith(url), lambda route: route.abort())
    try:
        page = context.new_page()
        page.goto(url + "faq/")
        policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
        assert policy == csp.SERVE_POLICY, policy
        assert page.get_by_text(MARK).count() == 0
        # The reload script runs on load; under the published policy it would be blocked here.
        assert page.evaluate("() => window.__violations") == [], "the dev server's reload script was blocked"
        source = project / "docs" / "faq.de.md"
        # The dev server rebuilds and tells the open page, which reloads itself.
        with page.expect_navigation(timeout=120000):
            source.write_text(source.read_text(encoding="utf-8") + f"\n{MARK}\n", encoding="utf-8")
        page.get_by_text(MARK).wait_for(timeout=30000)
        assert page.evaluate("() => window.__violations") == []
        log.seek(0)
        errors = [line for line in log.read().splitlines() if line.startswith("ERROR")]
        assert errors == [], "make serve reported problems on a clean copy:\n" + "\n".join(errors)
    finally:
        context.close()
