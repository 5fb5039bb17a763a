"""The topic is data: the hosts of the objection forms and the name of their
operator (mkdocs.yml extra.forms) appear in mkdocs.yml and docs/ only, never in
the build logic, the templates or the scripts. Another guidance site changes
mkdocs.yml and docs/, not code."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from conftest import ROOT

# Code and templates; data files the scripts read (word lists) are not code.
CODE = [ROOT / "hooks", ROOT / "overrides", ROOT / "scripts"]
SUFFIXES = {".py", ".js", ".mjs", ".html", ".xml", ".sh", ".yml", ".css"}
FORMS = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["extra"]["forms"]


def code_files() -> list[Path]:
    return sorted(path for folder in CODE for path in folder.rglob("*")
                  if path.is_file() and path.suffix in SUFFIXES and "__pycache__" not in path.parts)


def findings(pattern: re.Pattern) -> list[str]:
    found = []
    for path in code_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def host_pattern(hosts) -> re.Pattern:
    return re.compile(r"(?<![\w.-])(?:[\w-]+\.)*(?:" + "|".join(re.escape(h) for h in hosts) + r")\b", re.I)


def test_there_are_hosts_to_look_for():
    assert FORMS["hosts"] and len(code_files()) > 30


def test_no_code_file_names_a_form_host():
    found = findings(host_pattern(FORMS["hosts"]))
    assert not found, ("Hosts of the objection forms belong in mkdocs.yml (extra.forms.hosts) or docs/, "
                       "not in code:\n" + "\n".join(found))


def test_no_code_file_names_the_forms_operator():
    found = findings(re.compile(rf"\b{re.escape(FORMS['operator'])}(?:'s|s)?\b"))
    assert not found, (f"Wording that names {FORMS['operator']} belongs in mkdocs.yml (extra.ui, extra.forms) "
                       "or docs/, not in code:\n" + "\n".join(found))


def test_the_check_finds_a_host(tmp_path):
    """The grep above can fail: a host in a line of code is found, with file and line."""
    sample = tmp_path / "x.py"
    sample.write_text(f'HOSTS = ("www.{FORMS["hosts"][0]}",)\n', encoding="utf-8")
    pattern = host_pattern(FORMS["hosts"])
    assert pattern.search(sample.read_text(encoding="utf-8"))
    assert not pattern.search("https://example.org/not" + FORMS["hosts"][0].replace(".", "-"))
