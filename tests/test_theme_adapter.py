"""The theme adapter (hooks/sitegen/theme.py) checks at every build what it relies on
in Material, and hooks/sitegen/i18n.py what it relies on in mkdocs-static-i18n: each
assumption holds for the pinned versions; a faked broken one (a renamed block, a
config block with other keys, a changed search worker, a second bundle, a missing
i18n attribute) is named with the file, the line where there is one and the fix; in
a scratch copy it stops the build with our message and no traceback. Also: the ids
the templates reserve, the final page's theme configuration, the search index on
demand."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from jinja2 import DictLoader, Environment

from conftest import ROOT, build

sys.path.insert(0, str(ROOT / "hooks"))
from sitegen import i18n, theme  # noqa: E402

OURS = ROOT / "overrides" / "main.html"
OURS_TEXT = OURS.read_text(encoding="utf-8")
BASE = (theme.MATERIAL / "base.html").read_text(encoding="utf-8")
WORKER = theme.MATERIAL / theme.worker()
BUNDLE = theme.MATERIAL / theme.bundle()


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def our_copy(tmp_path: Path, old: str, new: str) -> Path:
    assert old in OURS_TEXT, f"overrides/main.html has no {old!r} any more"
    path = tmp_path / "main.html"
    path.write_text(OURS_TEXT.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_pinned_versions_hold_every_assumption(site):
    assert theme.problems(Environment(), OURS) == []
    from mkdocs.config import load_config
    assert i18n.problems(load_config(str(ROOT / "mkdocs.yml"))) == []
    for page in (site / "index.html", site / "en" / "faq" / "index.html", site / "404.html"):
        assert theme.page_problems(page.read_text(encoding="utf-8"), offline=False) == [], page


def test_a_renamed_block_is_named_with_our_line(tmp_path):
    """Material renamed a block (or we misspelt one): its content would silently not show."""
    ours = our_copy(tmp_path, "{% block announce %}", "{% block announcement %}")
    problems = theme.problems(Environment(), ours)
    line = line_of(OURS_TEXT, "{% block announce %}")
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"overrides/main.html:{line}: block 'announcement' is not in Material's "
                                  f"base.html (mkdocs-material {theme.version()})")
    assert "Fix: find the block's new name in material/templates/base.html" in problems[0]


def test_a_config_block_with_other_keys_is_named(tmp_path):
    ours = our_copy(tmp_path, '"version": _.version or none', '"version": _.version or none,\n      "extra": 1')
    (problem,) = theme.problems(Environment(), ours)
    assert problem.startswith("overrides/main.html: the config block's keys differ from Material's base.html")
    assert "only Material's: -, only ours: ['extra']" in problem and "Fix: copy Material's config block" in problem
    ours = our_copy(tmp_path, '"tags": _.tags or none,\n', "")
    (problem,) = theme.problems(Environment(), ours)
    assert "only Material's: ['tags'], only ours: -" in problem


def fake_material(tmp_path: Path, worker_text: str | None = None, bundles: int = 1) -> Path:
    """A copy of Material's templates folder with what theme.py reads: base.html, the
    bundle(s) and the search worker (`worker_text` instead of the real one)."""
    root = tmp_path / "material"
    (root / "assets" / "javascripts" / "workers").mkdir(parents=True)
    shutil.copy(theme.MATERIAL / "base.html", root / "base.html")
    for number in range(bundles):
        (root / "assets" / "javascripts" / f"bundle.{number:08x}.min.js").write_text("", encoding="utf-8")
    (root / "assets" / "javascripts" / "workers" / WORKER.name).write_text(
        worker_text if worker_text is not None else WORKER.read_text(encoding="utf-8"), encoding="utf-8")
    return root


def test_the_fake_theme_holds_every_assumption(tmp_path, monkeypatch):
    monkeypatch.setattr(theme, "MATERIAL", fake_material(tmp_path))
    assert theme.problems(Environment(), OURS) == []


@pytest.mark.parametrize("old, new, what", [
    ("{type:3,data:", "{kind:3,data:", "a query message (2) answered with a result (3)"),
    ("{type:1}", "{kind:1}", "a setup message (0) answered with ready (1)"),
])
def test_changed_worker_messages_are_named(tmp_path, monkeypatch, old, new, what):
    text = WORKER.read_text(encoding="utf-8")
    assert old in text
    monkeypatch.setattr(theme, "MATERIAL", fake_material(tmp_path, text.replace(old, new)))
    (problem,) = theme.problems(Environment(), OURS)
    assert f"does not show {what}" in problem and "search-on-demand.js" in problem and "Fix:" in problem


def test_a_second_bundle_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(theme, "MATERIAL", fake_material(tmp_path, bundles=2))
    (problem,) = theme.problems(Environment(), OURS)
    assert problem == (f"Material {theme.version()} has 2 files assets/javascripts/bundle.*.min.js (expected one); "
                       "hooks/sitegen/theme.py needs adapting to this release.")


def test_a_missing_i18n_attribute_is_named():
    fake = SimpleNamespace(current_language="de", default_language="de", build_languages=["de"],
                           i18n_files_per_language={}, config=None)  # no `building`
    (problem,) = i18n.problems(SimpleNamespace(plugins={"i18n": fake}))
    assert "has no attribute 'building' any more" in problem and "hooks/sitegen/i18n.py" in problem
    assert "Fix:" in problem
    assert i18n.problems(SimpleNamespace(plugins={})) == [], "a site without the i18n plugin"


# --- The final page's theme configuration --------------------------------------------------


def page(search: str, bundle: bool = True) -> str:
    config = json.dumps({"base": ".", "search": search})
    loader = f'<script src="x.js" data-bundle="{theme.bundle()}" defer></script>' if bundle else ""
    return f'<html><script id="__config" type="application/json">{config}</script>{loader}</html>'


def test_page_problems_name_a_page_the_theme_would_not_start_on():
    (problem,) = theme.page_problems('<html><script id="__settings" type="application/json">{}</script>', False)
    assert problem.startswith('the page has no <script id="__config">') and "Fix:" in problem
    (problem,) = theme.page_problems(page("assets/javascripts/workers/search.x.min.js"), False)
    assert problem.startswith("the page's search worker is 'assets/javascripts/workers/search.x.min.js', not "
                              f"'{theme.SEARCH_SHIM.as_posix()}'")
    (problem,) = theme.page_problems(page(theme.SEARCH_SHIM.as_posix(), bundle=False), False)
    assert "does not load Material's bundle through theme-on-demand.js" in problem
    assert theme.page_problems(page("../" + theme.SEARCH_SHIM.as_posix()), False) == []
    assert theme.page_problems(page(theme.worker()), True) == [], "offline: Material's own worker"
    assert theme.page_problems(page(theme.SEARCH_SHIM.as_posix()), True)


def test_the_templates_get_the_files_of_this_theme_release():
    assert theme.context(False) == {"bundle": theme.bundle(), "worker": theme.SEARCH_SHIM.as_posix(),
                                    "offline_shim": None}
    assert theme.context(True) == {"bundle": theme.bundle(), "worker": theme.worker(),
                                   "offline_shim": theme.OFFLINE_SHIM.as_posix()}
    assert BUNDLE.is_file() and WORKER.is_file()
    for shim in (theme.LOADER, theme.SEARCH_SHIM, theme.OFFLINE_SHIM):
        assert (ROOT / "overrides" / shim).is_file(), shim
    assert {"de", "en"} <= theme.stemmers()


# --- Ids the templates write ------------------------------------------------------------------


def test_reserved_ids_are_every_literal_id_of_the_templates():
    env = Environment(loader=DictLoader({
        "a.html": '<div id="my-box"><h2 id="__mine">{{ x }}</h2><p id="{{ dynamic }}"></p></div>',
        "b.html": "<p id='single'>no</p>", "c.txt": '<p id="not-a-template">'}))
    assert theme.reserved_ids(env) == frozenset({"my-box", "__mine"})


def test_the_real_templates_reserve_their_ids():
    from mkdocs.config import load_config
    ids = theme.reserved_ids(load_config(str(ROOT / "mkdocs.yml")).theme.get_env())
    assert {"__config", "__search", "__drawer", "site-data", "not-found-data", "guide-form-heading"} <= ids


# --- The search index on demand -----------------------------------------------------------------


def test_write_index_writes_the_full_index_and_a_stub(tmp_path):
    index = {"config": {"lang": ["en"], "fields": {}}, "docs": [{"location": "", "title": "Home"}]}
    theme.write_index(str(tmp_path), "en/", index, offline=False)
    folder = tmp_path / "en" / "search"
    assert json.loads((folder / theme.FULL_INDEX).read_text(encoding="utf-8")) == index
    stub = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == [] and stub["config"]["on_demand"] == {
        "index": "../../../en/search/search_index.full.json", "worker": WORKER.name}
    offline = tmp_path / "offline"
    theme.write_index(str(offline), "", index, offline=True)
    assert json.loads((offline / "search" / "search_index.json").read_text(encoding="utf-8")) == index
    assert (offline / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index = {")
    assert not (offline / "search" / theme.FULL_INDEX).exists()


# --- A broken assumption stops the build --------------------------------------------------------


def test_a_broken_assumption_stops_the_build(project_copy, tmp_path):
    """A block Material no longer has: the build stops with our line and no traceback."""
    main = project_copy / "overrides" / "main.html"
    main.write_text(OURS_TEXT.replace("{% block announce %}", "{% block announcement %}", 1), encoding="utf-8")
    result = build(project_copy, tmp_path / "site")
    assert result.returncode != 0
    line = line_of(OURS_TEXT, "{% block announce %}")
    assert (f"An assumption about the theme no longer holds:\noverrides/main.html:{line}: block 'announcement' "
            "is not in Material's base.html") in result.stderr, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert not list((tmp_path / "site").rglob("*.html")), "no page was written"
