"""What `make check` prints (scripts/check_steps.py), with fake steps, in milliseconds.

A fake `make` (a shell script) stands in for each step, so every rule of the
output is tested on its own: MkDocs' INFO lines are hidden unless VERBOSE=1,
make's noise never shows, steps run with --silent, every step runs even after
one failed, site steps only after a good build, and the closing summary lists
each problem once, file first, and explains make's `Error 1` line.
tests/test_editor_mistakes.py shows the same on real mistakes through `make check`.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import check_steps  # noqa: E402

# Each fake step prints what the real ones print; its exit status is in the name.
FAKE_MAKE = r"""#!/bin/sh
echo "ARGS $*" >> "$LOG"
for step in "$@"; do :; done
case "$step" in
  content) echo "docs/faq.de.md:3: a TODO marker is left; replace it with the real text."; exit 1;;
  translations) echo "Translations complete: de, en."; exit 0;;
  build)
    echo "INFO    -  Cleaning site directory"
    echo "INFO    -  csp: nothing to hash"
    echo "ERROR   -  docs/faq.de.md:3: a TODO marker is left; replace it with the real text."
    echo "WARNING -  docs/index.de.md:9: Doc file 'index.de.md' contains a link 'x.md', but the target is not found."
    echo "  Fix: did you mean 'faq.md'?"
    echo "Aborted with 2 warnings in strict mode!"
    echo "make[1]: *** [Makefile:80: build] Error 1"
    exit "${BUILD_STATUS:-1}";;
  page-weight) echo "site/faq/index.html: over the budget. Fix: ask a maintainer."; exit 1;;
  broken) echo "something went wrong"; echo "really wrong"; exit 2;;
  *) echo "$step ok"; exit 0;;
esac
"""


@pytest.fixture
def fake_make(tmp_path, monkeypatch):
    script = tmp_path / "make"
    script.write_text(FAKE_MAKE, encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("LOG", str(tmp_path / "log"))
    monkeypatch.delenv("VERBOSE", raising=False)
    return script


def run(fake_make, capsys, *args: str) -> tuple[int, str, str, str]:
    code = check_steps.main(["--make", str(fake_make), *args])
    out, err = capsys.readouterr()
    log = (fake_make.parent / "log").read_text(encoding="utf-8")
    return code, out, err, log


def test_info_lines_and_makes_noise_are_hidden(fake_make, capsys):
    code, out, err, log = run(fake_make, capsys, "--source", "translations")
    assert code == 1
    assert "INFO" not in out and "Cleaning site directory" not in out
    assert "make[1]" not in out + err and "Aborted with" not in out + err
    assert "ERROR   -  docs/faq.de.md:3: a TODO marker" in out
    # Every step runs as `make --no-print-directory --silent STEP`.
    assert all("--no-print-directory --silent" in line for line in log.splitlines()), log


def test_verbose_shows_the_info_lines(fake_make, capsys, monkeypatch):
    monkeypatch.setenv("VERBOSE", "1")
    _, out, _, _ = run(fake_make, capsys)
    assert "INFO    -  Cleaning site directory" in out and "csp: nothing to hash" in out


def test_every_step_runs_and_the_summary_lists_each_problem_once(fake_make, capsys):
    code, out, err, log = run(fake_make, capsys, "--source", "content translations", "--site", "page-weight")
    assert code == 1
    steps = [line.split()[-1] for line in log.splitlines()]
    assert steps == ["content", "translations", "build"], "site steps run only after a good build"
    summary = err[err.index("make check failed"):].splitlines()
    assert summary[0] == "make check failed: content, build. 2 problems to fix:"
    # The same TODO from two steps is listed once; a message's own "Fix:" line is joined to it.
    assert summary[1:3] == [
        "  - docs/faq.de.md:3: a TODO marker is left; replace it with the real text.",
        "  - docs/index.de.md:9: Doc file 'index.de.md' contains a link 'x.md', but the target is not found. "
        "Fix: did you mean 'faq.md'?"]
    assert summary[3] == ("(make adds a line 'make: *** [Makefile:…: check] Error 1' below: it only repeats "
                          "that the check failed.)")
    assert "all checks passed" not in out


def test_site_steps_run_after_a_good_build(fake_make, capsys, monkeypatch):
    monkeypatch.setenv("BUILD_STATUS", "0")
    code, _, err, log = run(fake_make, capsys, "--site", "links-internal page-weight")
    assert [line.split()[-1] for line in log.splitlines()] == ["build", "links-internal", "page-weight"]
    assert code == 1 and "site/faq/index.html: over the budget. Fix: ask a maintainer." in err


def test_a_step_without_file_lines_is_named_with_its_last_words(fake_make, capsys, monkeypatch):
    monkeypatch.setenv("BUILD_STATUS", "0")
    code, _, err, _ = run(fake_make, capsys, "--source", "broken")
    assert code == 1 and "  - broken: something went wrong / really wrong" in err


def test_all_passed(fake_make, capsys, monkeypatch):
    monkeypatch.setenv("BUILD_STATUS", "0")
    code, out, err, _ = run(fake_make, capsys, "--source", "translations", "--site", "links-internal")
    assert code == 0 and out.rstrip().endswith("make check: all checks passed.") and err == ""
