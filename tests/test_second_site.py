"""A second guidance site from content and configuration alone.

In a scratch copy of the repository, docs/ is replaced by a small fictional
site (tests/sites/example-social/docs: "Example Social", two services, its own
authority, one deadline, German and English) and the data keys of mkdocs.yml
by tests/sites/example-social/mkdocs.site.yml. Then `make check` runs there as
an editor runs it: strict build, internal links (offline), translations,
content rules, page weight. It must pass, and no file outside docs/ and
mkdocs.yml may differ from the repository's. README, "Start a new guidance
site", lists the same steps.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import yaml

from conftest import ROOT, copy_project, make_check

EXAMPLE = ROOT / "tests" / "sites" / "example-social"
# The example has no docs/assets/: the stylesheet, scripts and icons come with the theme (overrides/).


def block_end(lines: list[str], start: int, indent: int) -> int:
    """The index after the block that starts at `start` (a key at `indent`), without
    the comments and blank lines that introduce what follows it."""
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or
                                len(lines[end]) - len(lines[end].lstrip()) > indent or
                                (lines[end].lstrip().startswith("#") and not lines[end][:indent + 1].strip())):
        end += 1
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def dump(key: str, value, indent: int) -> list[str]:
    text = yaml.safe_dump({key: value}, allow_unicode=True, sort_keys=False, width=100)
    return [" " * indent + line + "\n" for line in text.splitlines()]


def merge(config_text: str, overrides: dict) -> str:
    """mkdocs.yml with each top-level key of `overrides` replaced (`languages`:
    the i18n plugin's list of languages); comments elsewhere stay."""
    lines = config_text.splitlines(keepends=True)
    for key, value in overrides.items():
        if key == "languages":
            start = next(i for i, line in enumerate(lines) if line.strip() == "languages:" and line.startswith("      "))
            indent = 6
        else:
            start = next((i for i, line in enumerate(lines) if line.startswith(f"{key}:")), None)
            indent = 0
            if start is None:  # a key mkdocs.yml does not have yet
                lines += ["\n", *dump(key, value, 0)]
                continue
        end = block_end(lines, start, indent)
        lines[start:end] = dump(key, value, indent)
    return "".join(lines)


def fingerprints(folder: Path) -> dict[str, str]:
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts and "node_modules" not in path.parts
            and ".cache" not in path.parts}


def make_second_site(copy: Path) -> None:
    """The steps of README, "Start a new guidance site"."""
    shutil.rmtree(copy / "docs")
    shutil.copytree(EXAMPLE / "docs", copy / "docs")
    overrides = yaml.safe_load((EXAMPLE / "mkdocs.site.yml").read_text(encoding="utf-8"))
    config = copy / "mkdocs.yml"
    config.write_text(merge(config.read_text(encoding="utf-8"), overrides), encoding="utf-8")


def test_the_merge_replaces_only_the_data():
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    overrides = yaml.safe_load((EXAMPLE / "mkdocs.site.yml").read_text(encoding="utf-8"))
    merged = merge(text, overrides)
    for kept in ("markdown_extensions:", "hooks:\n  - hooks/sitegen_hooks.py", "theme:\n  name: material",
                 "build_only_locale: !ENV [I18N_BUILD_ONLY, null]", "site_url: !ENV"):
        assert kept in merged, kept
    assert "Hamburg" not in merged.split("markdown_extensions:")[0].split("plugins:")[1]
    assert "Example Social" in merged


def test_a_second_site_passes_make_check(tmp_path):
    copy = copy_project(tmp_path / "example-social")
    before = fingerprints(copy)
    make_second_site(copy)

    result = make_check(copy)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "make check: all checks passed." in output

    changed = {path for path, digest in fingerprints(copy).items() if before.get(path) != digest}
    changed |= {path for path in before if not (copy / path).exists()}
    outside = sorted(path for path in changed if path != "mkdocs.yml" and not path.startswith(("docs/", "site/")))
    assert outside == [], f"files outside docs/ and mkdocs.yml changed: {outside}"
    assert "mkdocs.yml" in changed

    site = copy / "site"
    german = (site / "guides" / "photos" / "index.html").read_text(encoding="utf-8")
    english = (site / "en" / "guides" / "chat" / "index.html").read_text(encoding="utf-8")
    assert "Zum Formular von Example Social" in german and "https://privacy.example.com/objection/photos" in german
    assert "Open Example Social&#39;s form" in english or "Open Example Social's form" in english
    # docs/ holds content only: the generator's stylesheet, scripts and icons come with the theme.
    assert not (copy / "docs" / "assets").exists()
    assert not [p for p in (copy / "docs").rglob("*") if p.suffix in (".css", ".js", ".svg")]
    for asset in ("assets/stylesheets/site.css", "assets/javascripts/site.js", "assets/favicon.svg"):
        assert (site / asset).is_file(), asset
    assert "og:image" not in german, "no preview image without one in docs/assets/"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Die Landesbeauftragte für Datenschutz Musterland" in home and "Meta" not in home
