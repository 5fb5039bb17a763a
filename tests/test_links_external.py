"""The external link check, `make links-external`, without the internet.

A server on 127.0.0.1 answers like the hosts the site links to: 200, 404, a
301 to a page that exists and one to a page that does not, no answer in time,
429, a 503 that recovers and one that does not. A small built site links to
each of them from two pages. The check must report exactly the broken ones,
with the pages that contain them, leave the rest alone, keep to its per-host
rate limit, and never request an allowlisted address or the site's own.
The weekly workflow that runs it is checked at the end.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, mkdocs_env

SCRIPT = ROOT / "scripts" / "check_links.py"
WORKFLOW = ROOT / ".github" / "workflows" / "links.yml"
TIMEOUT = 1          # seconds lychee waits for an answer in these tests
SLOW = 4             # seconds the slow address takes (longer than TIMEOUT)
INTERVAL = 0.2       # seconds between two requests to one host (--host-interval)


class FixtureHost(BaseHTTPRequestHandler):
    """Answers by path; records every request with its arrival time."""

    log: list[tuple[float, str]]
    lock: threading.Lock
    stop: threading.Event

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        path = self.path.split("?")[0]
        with self.lock:
            self.log.append((time.monotonic(), path))
            seen = sum(1 for _, p in self.log if p == path)
        if path in ("/ok", "/moved-target"):
            self.answer(200)
        elif path == "/moved-ok":
            self.answer(301, Location="/moved-target")
        elif path == "/moved-gone":
            self.answer(301, Location="/gone")
        elif path == "/slow":
            self.stop.wait(SLOW)
            self.answer(200)
        elif path == "/busy":
            self.answer(429, **{"Retry-After": "1"})
        elif path == "/recovers":
            self.answer(503 if seen == 1 else 200)
        elif path == "/down":
            self.answer(503)
        else:  # /gone and anything else
            self.answer(404)

    def answer(self, status: int, **headers: str):
        body = f"<!doctype html><title>{status}</title><p>{status}</p>".encode()
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the checker gave up waiting (the timeout case)
            pass


@pytest.fixture
def host():
    handler = type("Handler", (FixtureHost,), {"log": [], "lock": threading.Lock(), "stop": threading.Event()})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", handler
    handler.stop.set()
    httpd.shutdown()
    httpd.server_close()


def page(lang: str, canonical: str, links: list[str]) -> str:
    anchors = "\n".join(f'<p><a href="{href}">{href}</a></p>' for href in links)
    return (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            f'<link rel="canonical" href="{canonical}"><title>t</title></head>\n'
            f"<body>\n{anchors}\n</body></html>\n")


def fixture_site(root: Path, base: str) -> Path:
    """Two language versions of one page linking to the fixture host, plus a home page."""
    site = root / "fixture-site"
    own = f"{base}/site/"  # the fixture site's own address: never requested
    links_de = [f"{base}/ok", f"{base}/gone", f"{base}/moved-ok", f"{base}/moved-gone", f"{base}/busy",
                f"{base}/recovers", f"{base}/down", f"{base}/refuses-robots/form", f"{own}en/linktest/",
                "mailto:someone@example.org", "tel:+4940000000", "../en/linktest/"]
    links_en = [f"{base}/ok", f"{base}/gone", f"{base}/slow", f"{own}linktest/"]
    for path, lang, links in (("index.html", "de", []), ("linktest/index.html", "de", links_de),
                              ("en/linktest/index.html", "en", links_en)):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(page(lang, own + path.removesuffix("index.html"), links), encoding="utf-8")
    return site


def with_allowlisted_fixture(project: Path) -> None:
    """The project's lychee.toml plus one allowlist entry for the fixture host."""
    config = (ROOT / "lychee.toml").read_text(encoding="utf-8")
    assert "exclude = [\n" in config, "lychee.toml: the allowlist must be written `exclude = [` on its own line"
    config = config.replace("exclude = [\n", "exclude = [\n  # test: the fixture host's refusing path\n"
                            "  '^http://127\\.0\\.0\\.1:\\d+/refuses-robots/',\n", 1)
    (project / "lychee.toml").write_text(config, encoding="utf-8")


def make_links_external(project: Path, site: Path, report: Path) -> subprocess.CompletedProcess:
    flags = (f"--timeout {TIMEOUT} --max-retries 1 --retry-wait 1 --host-interval {int(INTERVAL * 1000)}ms "
             f"--no-cache --markdown {report}")
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(project), "links-external",
         f"VENV={ROOT / '.venv'}", f"LINKS_SITE={site}", f"LINKS_FLAGS={flags}"],
        env=mkdocs_env(), capture_output=True, text=True, timeout=180)


def lines_of(output: str, label: str) -> dict[str, str]:
    """{address: rest of line} for the lines starting with `label`."""
    found = {}
    for line in output.splitlines():
        if line.startswith(label + " "):
            url, _, rest = line[len(label):].strip().partition(" — ")
            found[url] = rest
    return found


def test_reports_exactly_the_broken_links(project_copy, tmp_path, host):
    base, handler = host
    site = fixture_site(tmp_path, base)
    with_allowlisted_fixture(project_copy)
    report = tmp_path / "report.md"

    result = make_links_external(project_copy, site, report)
    output = result.stdout + result.stderr

    assert result.returncode != 0, f"a broken link must fail the check\n{output}"
    assert "Traceback" not in output, output
    broken = lines_of(result.stdout, "BROKEN")
    assert set(broken) == {f"{base}/gone", f"{base}/moved-gone", f"{base}/down"}, output
    # Each line names what went wrong and every page that contains the link.
    assert broken[f"{base}/gone"].startswith("404 Not Found"), output
    assert broken[f"{base}/gone"].endswith("on en/linktest/index.html, linktest/index.html"), output
    assert "redirected: 301" in broken[f"{base}/moved-gone"], output
    assert broken[f"{base}/moved-gone"].endswith("on linktest/index.html"), output
    assert "503" in broken[f"{base}/down"] and "second look" in broken[f"{base}/down"], output

    # 429 and the timeout: listed for a person to look at, not counted as broken.
    unverified = lines_of(result.stdout, "UNVERIFIED")
    assert set(unverified) == {f"{base}/busy", f"{base}/slow"}, output
    assert "429" in unverified[f"{base}/busy"] and "not counted as broken" in unverified[f"{base}/busy"]
    assert "timeout" in unverified[f"{base}/slow"] and unverified[f"{base}/slow"].endswith("on en/linktest/index.html")

    # The allowlisted address is listed, never requested; the site's own address is not external.
    assert set(lines_of(result.stdout, "NOT CHECKED")) == {f"{base}/refuses-robots/form"}, output
    requested = [path for _, path in handler.log]
    assert not [p for p in requested if p.startswith(("/refuses-robots", "/site/"))], requested

    # The good ones are nowhere in the report.
    for good in ("/ok", "/moved-ok", "/recovers"):
        assert not re.search(re.escape(base + good) + r"\s", output), f"{good} reported:\n{output}"
    assert "links-external: 3 broken, 2 could not be verified, 3 OK, 1 not checked" in output, output

    # Retries: 429 and the 503 that recovers were asked again.
    assert requested.count("/busy") == 2 and requested.count("/recovers") == 2, requested

    # Per-host rate limit: the requests to the one host are spread out in time.
    times = sorted(t for t, _ in handler.log)
    assert times[-1] - times[0] >= (len(times) - 1) * INTERVAL * 0.5, (
        f"{len(times)} requests to one host within {times[-1] - times[0]:.2f} s: no rate limit")

    # The Markdown report for the weekly issue.
    body = report.read_text(encoding="utf-8")
    assert "### Broken links (3)" in body and f"<{base}/gone>" in body, body
    assert "### Could not verify" in body and "### Not checked automatically" in body, body


def test_passes_when_every_link_answers(tmp_path, host):
    base, handler = host
    site = tmp_path / "site"
    (site / "en").mkdir(parents=True)
    (site / "index.html").write_text(page("de", f"{base}/site/", [f"{base}/ok", f"{base}/moved-ok"]))
    (site / "en" / "index.html").write_text(page("en", f"{base}/site/en/", [f"{base}/ok"]))
    result = subprocess.run([sys.executable, str(SCRIPT), "external", str(site), "--no-cache",
                             "--host-interval", "10ms", "--timeout", str(TIMEOUT)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "links-external: 0 broken, 0 could not be verified, 2 OK" in result.stdout, result.stdout


# --- lychee.toml ------------------------------------------------------------------

def test_every_allowlist_entry_says_why():
    """Each allowlist pattern has its own comment right above it."""
    lines = (ROOT / "lychee.toml").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("exclude = ["))
    end = next(i for i in range(start, len(lines)) if lines[i].strip() == "]")
    entries = [i for i in range(start + 1, end) if lines[i].strip().startswith("'")]
    assert entries, "lychee.toml: the allowlist is empty; then remove this test's expectation"
    for i in entries:
        assert lines[i - 1].strip().startswith("#"), (
            f"lychee.toml:{i + 1}: allowlist entry {lines[i].strip()} has no comment saying why")


def test_settings_lychee_reads():
    import tomllib
    config = tomllib.loads((ROOT / "lychee.toml").read_text(encoding="utf-8"))
    assert config["max_retries"] >= 1 and config["cache"] is True
    assert config["host_concurrency"] <= 4 and config["host_request_interval"]
    # lychee itself accepts the file (it refuses unknown keys).
    lychee = Path(sys.executable).parent / "lychee"
    result = subprocess.run([str(lychee), "--config", str(ROOT / "lychee.toml"), "--dump", "-"],
                            input="", capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


# --- the weekly workflow ----------------------------------------------------------

def test_weekly_workflow():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert set(triggers) == {"schedule", "workflow_dispatch"}, (
        f"{WORKFLOW.name}: runs on {sorted(triggers)}; pull requests must not wait for other hosts")
    assert triggers["schedule"] and re.fullmatch(r"\S+ \S+ \* \* [0-6]", triggers["schedule"][0]["cron"])
    assert workflow["permissions"] == {}, "no permission by default; each job asks for its own"
    jobs = workflow["jobs"]
    writers = [name for name, job in jobs.items() if "issues" in job.get("permissions", {})]
    assert writers == ["report"], f"only the job that writes the issue may write issues: {writers}"
    assert jobs["report"]["permissions"] == {"issues": "write"}
    check = jobs["check"]
    # contents: check out; pages: configure-pages reads the site's address (as in deploy.yml).
    assert check["permissions"] == {"contents": "read", "pages": "read"}
    assert any("make links-external" in step.get("run", "") for step in check["steps"])
    assert not any("actions/checkout" in step.get("uses", "") for step in jobs["report"]["steps"]), (
        "the job with write access runs no code from the repository")
    text = WORKFLOW.read_text(encoding="utf-8")
    for uses in re.findall(r"uses:\s*(\S+.*)", text):
        assert re.match(r"[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d", uses), f"not pinned to a commit SHA: {uses}"


def test_pull_requests_run_only_the_offline_check():
    """No other workflow runs the external check; `make check` runs the internal one."""
    for other in sorted((ROOT / ".github" / "workflows").glob("*.y*ml")):
        if other != WORKFLOW:
            assert "links-external" not in other.read_text(encoding="utf-8"), (
                f"{other.relative_to(ROOT)} runs the external link check: only links.yml may (weekly)")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^SITE_CHECKS :=.*\blinks-internal\b", makefile, re.M), "make check must run links-internal"
    assert not re.search(r"^SITE_CHECKS :=.*\blinks-external\b", makefile, re.M)
