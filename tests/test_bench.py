"""`make bench` builds sites of its own (scripts/bench.py): generated sites in
many languages with and without the project's plugin, and the real docs/ as
plain Material. Each of them still builds, so a move of a file the bench
copies or a new required setting cannot break `make bench` unnoticed (it is
not part of `make test`: it takes about 18 minutes and measures timings)."""

from __future__ import annotations

import pytest

from conftest import ROOT  # noqa: F401  (puts scripts/ on the path)

import bench  # noqa: E402


@pytest.mark.parametrize("hooks", [True, False], ids=["with the plugin", "plain Material"])
def test_a_generated_site_builds(tmp_path, hooks):
    config = bench.generate(tmp_path, langs=2, pages=3, hooks=hooks)
    seconds, _cpu = bench.build_once(config, tmp_path / "site")
    assert seconds > 0
    assert bench.html_pages(tmp_path / "site") >= 2 * 3, "a generated page in a language is missing"


def test_the_plain_build_of_the_real_docs_builds(tmp_path):
    config = bench.plain_config(tmp_path / "plain")
    bench.build_once(config, tmp_path / "site", strict=False)
    assert (tmp_path / "site" / "index.html").is_file() and (tmp_path / "site" / "en" / "index.html").is_file()
