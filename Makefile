# ML system design guide: every target installs what it needs on first use.
# A fresh machine needs only Python 3.11+, make and git.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-stamp
SITE_DIR := .cache/site
PORT ?= 8000
PAGE ?=

# Deterministic numerics and a quiet MkDocs 1.x.
export OMP_NUM_THREADS := 1
export OPENBLAS_NUM_THREADS := 1
export MKL_NUM_THREADS := 1
export PYTHONHASHSEED := 0
export NO_MKDOCS_2_WARNING := 1
export JUPYTER_PLATFORM_DIRS := 1

TIMED := $(PY) scripts/timed.py

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	@touch $@

.PHONY: install
install: $(STAMP) ## Create .venv from the lock file (done automatically by every target)

.PHONY: serve
serve: $(STAMP) ## Serve the site with live reload on http://127.0.0.1:$(PORT)
	$(BIN)/mkdocs serve --livereload -a 127.0.0.1:$(PORT)

.PHONY: build
build: $(STAMP) ## Strict build of the site into site/
	$(TIMED) "strict build" -- $(BIN)/mkdocs build --strict --clean -d site

.PHONY: test
test: $(STAMP) ## Run every gate: lint, validation, strict builds, snippets, unit and browser tests
	@rm -f .cache/phases.tsv
	$(TIMED) "lint (ruff check)" -- $(BIN)/ruff check snippets scripts tests docs/labs
	$(TIMED) "format (ruff format --check)" -- $(BIN)/ruff format --check snippets scripts tests docs/labs
	$(TIMED) "strict build (mkdocs)" -- $(BIN)/mkdocs build --strict --clean -d $(SITE_DIR)
	$(TIMED) "pytest" -- env MLSD_SITE_DIR=$(SITE_DIR) $(BIN)/pytest -n 2 --dist loadgroup -q
	@$(PY) scripts/timed.py --summary

.PHONY: validate
validate: $(STAMP) ## Check every page (or PAGES="docs/a.md docs/b.md"): front matter, sections, includes, safe HTML
	$(PY) scripts/validate_content.py $(PAGES)

.PHONY: check
check: $(STAMP) ## One page: make check PAGE=docs/x.md (its snippets, outputs and a strict build)
	@test -n "$(PAGE)" || { echo "usage: make check PAGE=docs/path/page.md" >&2; exit 2; }
	@test -f "$(PAGE)" || { echo "$(PAGE): no such page" >&2; exit 2; }
	$(TIMED) "validate" -- $(PY) scripts/validate_content.py "$(PAGE)"
	$(TIMED) "strict build" -- $(BIN)/mkdocs build --strict --clean -d $(SITE_DIR)
	$(TIMED) "page tests" -- env MLSD_SITE_DIR=$(SITE_DIR) $(BIN)/pytest -q -n 2 --page "$(PAGE)" \
		tests/test_snippets.py tests/test_snippet_refs.py tests/test_concepts.py

.PHONY: outputs
outputs: $(STAMP) ## Regenerate every generated output (snippet outputs, figures, diagrams)
	$(PY) scripts/make_outputs.py
	$(MAKE) --no-print-directory diagrams

.PHONY: diagrams
diagrams: $(STAMP) node_modules/.stamp ## Pre-render Mermaid diagrams to SVG (needs Chromium)
	$(PY) scripts/render_diagrams.py

node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

.PHONY: vendor
vendor: $(STAMP) node_modules/.stamp ## Copy KaTeX from npm into docs/assets/vendor (after a version bump)
	$(PY) scripts/vendor_assets.py

.PHONY: bench
bench: $(STAMP) node_modules/.stamp ## Build times, test phases, page weight and Lighthouse; writes benchmarks/results.md
	$(PY) scripts/bench.py

.PHONY: lint
lint: $(STAMP) ## Lint and format-check the Python code
	$(BIN)/ruff check snippets scripts tests docs/labs
	$(BIN)/ruff format --check snippets scripts tests docs/labs

.PHONY: format
format: $(STAMP) ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix snippets scripts tests docs/labs
	$(BIN)/ruff format snippets scripts tests docs/labs

.PHONY: lock
lock: $(STAMP) ## Re-resolve requirements.lock from pyproject.toml
	$(BIN)/pip-compile -q --allow-unsafe --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
		-o requirements.lock pyproject.toml

.PHONY: clean
clean: ## Remove build output and caches (keeps .venv)
	rm -rf site .cache .pytest_cache .ruff_cache
