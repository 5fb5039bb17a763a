"""The build checks what it relies on in Material and the i18n plugin
(hooks/sitegen/assumptions.py): each assumption holds for the pinned versions,
and a faked broken one stops the build with what changed and where to fix it."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

import material
from jinja2 import Environment

from conftest import ROOT, build

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen import assumptions  # noqa: E402

MATERIAL = Path(material.__file__).parent / "templates"
BASE = (MATERIAL / "base.html").read_text(encoding="utf-8")
OURS = (ROOT / "overrides" / "main.html").read_text(encoding="utf-8")
WORKER = next((MATERIAL / "assets" / "javascripts" / "workers").glob("search.*.min.js"))


def test_the_pinned_versions_hold_every_assumption(site):
    env = Environment()
    assert assumptions.block_problems(BASE, OURS, env) == []
    assert assumptions.worker_problems(WORKER.read_text(encoding="utf-8"), WORKER.name) == []
    assert assumptions.page_problems((site / "index.html").read_text(encoding="utf-8")) == []


def test_a_renamed_block_is_named_with_our_line():
    problems = assumptions.block_problems(BASE.replace("{% block announce %}", "{% block announcement %}"),
                                          OURS, Environment())
    line = next(i for i, text in enumerate(OURS.splitlines(), start=1) if "{% block announce %}" in text)
    assert len(problems) == 1 and problems[0].startswith(f"overrides/main.html:{line}: block 'announce'"), problems
    assert "Fix:" in problems[0]


def test_a_missing_i18n_attribute_is_named():
    fake = SimpleNamespace(current_language="de", default_language="de", build_languages=["de"],
                           i18n_files_per_language={}, config=None)  # no `building`
    problems = assumptions.i18n_problems(fake)
    assert len(problems) == 1 and "'building'" in problems[0] and "Fix:" in problems[0]


def test_changed_worker_messages_are_named():
    changed = WORKER.read_text(encoding="utf-8").replace("{type:3,data:", "{kind:3,data:")
    problems = assumptions.worker_problems(changed, WORKER.name)
    assert len(problems) == 1 and "result (3)" in problems[0] and "search_on_demand.js" in problems[0]


def test_a_page_without_config_script_is_named():
    problems = assumptions.page_problems('<html><script id="__settings" type="application/json">{}</script>')
    assert len(problems) == 1 and "CONFIG_SCRIPT" in problems[0]


def test_a_broken_assumption_stops_the_build(project_copy, tmp_path):
    """Material's block renamed in a copy of the theme: the build stops with our line and no traceback."""
    # The copy's overrides/ come first in the theme's search path: a base.html there stands for
    # a Material release that renamed the block.
    (project_copy / "overrides" / "base.html").write_text(
        BASE.replace("{% block announce %}", "{% block announcement %}"), encoding="utf-8")
    result = build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    assert "overrides/main.html:" in result.stderr and "block 'announce'" in result.stderr, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
