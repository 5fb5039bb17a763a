"""The build code's shape: a core without MkDocs, one theme adapter, no state between builds.

- hooks/sitegen/core/ imports neither MkDocs, nor Material, nor the i18n plugin,
  nor anything outside the core (so it is tested in-process and survives a move
  to another site generator);
- only hooks/sitegen/theme.py (and overrides/) knows Material: no other module
  names it; only hooks/sitegen/i18n.py reads the i18n plugin;
- no module of hooks/ keeps mutable state at module level (a dict, list, set or
  an object): every build starts from the plugin object's own state, so two
  builds in one process (the tests build in-process) cannot leak into each other;
- the one module-level cache, search.splitter(), holds loaded word lists that are
  never changed (named here, with its reason).
"""

from __future__ import annotations

import ast
import importlib
import logging
import re
import sys
import types
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "hooks" / "sitegen"
sys.path.insert(0, str(ROOT / "hooks"))

CORE = sorted((PACKAGE / "core").glob("*.py"))
MODULES = sorted(PACKAGE.rglob("*.py"))
# The only module-level cache: loading a compound splitter reads ~100,000 words; what it
# returns is a function over data nobody changes, so sharing it between builds is safe.
ALLOWED_CACHES = {"sitegen.core.search": {"splitter"}}
FRAMEWORKS = re.compile(r"^(mkdocs|material|mkdocs_static_i18n|jinja2)\b")


def imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, ("." * node.level) + (node.module or "")))
    return found


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.name)
def test_the_core_imports_no_framework_and_nothing_outside_itself(path):
    bad = [f"{path.relative_to(ROOT)}:{line}: imports {name}" for line, name in imports(path)
           if FRAMEWORKS.match(name) or name.startswith("..") or name.startswith("sitegen")]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", [p for p in MODULES if p.name not in ("theme.py",)], ids=lambda p: p.name)
def test_only_the_theme_adapter_knows_material(path):
    text = path.read_text(encoding="utf-8")
    bad = [f"{path.relative_to(ROOT)}:{line}: imports {name}" for line, name in imports(path)
           if name.startswith("material")]
    bad += [f"{path.relative_to(ROOT)}: names Material's files ({m.group(0)})"
            for m in re.finditer(r"bundle\.[0-9a-f]|workers/search\.|__config|md-[a-z]+__", text)]
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("path", [p for p in MODULES if p.name not in ("i18n.py",)], ids=lambda p: p.name)
def test_only_the_i18n_adapter_reads_the_i18n_plugin(path):
    text = path.read_text(encoding="utf-8")
    bad = [f"{path.relative_to(ROOT)}: reads the i18n plugin ({m.group(0)})"
           for m in re.finditer(r'plugins(\.get)?\(?\[?"i18n"|i18n_files_per_language|current_language', text)]
    assert not bad, "\n".join(bad)


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT / "hooks").with_suffix("").parts)


def assigned_names(path: Path) -> list[str]:
    """Names a module assigns at its top level (not what it imports)."""
    names = []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else []
        for target in targets:
            names += [n.id for n in ast.walk(target) if isinstance(n, ast.Name)]
    return names


def immutable(value) -> bool:
    if isinstance(value, (str, bytes, int, float, bool, type(None), re.Pattern, Path, type, types.FunctionType,
                          logging.Logger)):
        return True
    if isinstance(value, (tuple, frozenset)):
        return all(immutable(item) for item in value)
    if isinstance(value, types.MappingProxyType):
        return all(immutable(k) and immutable(v) for k, v in value.items())
    params = getattr(type(value), "__dataclass_params__", None)
    return bool(params and params.frozen)


def mutable_state(module, names: list[str], allowed=frozenset()) -> list[str]:
    return [f"{module.__name__}.{name}: {type(getattr(module, name)).__name__}" for name in names
            if name not in allowed and hasattr(module, name) and not immutable(getattr(module, name))]


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_keeps_mutable_state(path):
    name = module_name(path).removesuffix(".__init__")
    module = importlib.import_module(name)
    bad = mutable_state(module, assigned_names(path), ALLOWED_CACHES.get(name, frozenset()))
    assert not bad, ("Mutable state at module level (move it onto the plugin object, or make it a tuple, "
                     "frozenset, MappingProxyType or frozen dataclass):\n" + "\n".join(bad))


def test_the_check_finds_module_state(tmp_path):
    """The test above fails on a module that keeps a dict, a set, a list or an object."""
    source = tmp_path / "fake.py"
    source.write_text("import re\nA = {}\nB = [1]\nC = frozenset({1})\nD = (set(),)\nE = object()\n"
                      "F = re.compile('x')\n", encoding="utf-8")
    fake = types.ModuleType("fake")
    exec(compile(source.read_text(), str(source), "exec"), fake.__dict__)
    assert mutable_state(fake, assigned_names(source)) == ["fake.A: dict", "fake.B: list", "fake.D: tuple",
                                                          "fake.E: object"]


def test_every_event_is_a_method_of_the_one_plugin_object():
    """The hook file exports exactly the plugin object's on_* methods, and nothing else
    in the package defines an event."""
    from mkdocs.plugins import EVENTS
    from sitegen.plugin import SitegenPlugin

    events = {name for name in dir(SitegenPlugin) if name.startswith("on_")}
    assert {"on_config", "on_page_markdown", "on_page_content", "on_page_context", "on_post_page",
            "on_post_build"} <= events
    loose = [f"{path.relative_to(ROOT)}:{node.lineno}: def {node.name}" for path in MODULES
             if path.name != "plugin.py"
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.FunctionDef) and node.name.startswith("on_") and node.name[3:] in EVENTS]
    assert not loose, "\n".join(loose)
