# Everyday commands. `make help` lists them. Every target builds or refreshes
# .venv from requirements.lock and node_modules from package-lock.json first, so
# `make serve` and `make test` are the whole set-up on a machine with Python 3.11,
# Node 20 (with npm) and make.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# The stamp is newer than the lock file and pyproject.toml once .venv matches them.
STAMP := $(VENV)/.installed
# KaTeX and ts-fsrs come from npm and are served by the site itself (no CDN).
VENDOR := docs/assets/vendor/.copied
SETUP := $(STAMP) $(VENDOR)
export NO_MKDOCS_2_WARNING := 1
export MPLBACKEND := Agg
# Reproducible builds: dates that MkDocs and the RSS feed stamp come from the last commit.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)

.DEFAULT_GOAL := help
.PHONY: help serve build build-fresh test lock clean

help: ## List the targets, one line each
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11 or run make PYTHON=/path/to/python3.11" >&2; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

node_modules/.package-lock.json: package-lock.json package.json
	@command -v npm >/dev/null || { echo "error: npm not found; install Node.js 20 with npm" >&2; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(VENDOR): node_modules/.package-lock.json Makefile
	rm -rf docs/assets/vendor/katex && mkdir -p docs/assets/vendor/katex/fonts
	cp node_modules/katex/dist/katex.min.js node_modules/katex/dist/katex.min.css node_modules/katex/dist/contrib/auto-render.min.js docs/assets/vendor/katex/
	cp node_modules/katex/dist/fonts/*.woff2 docs/assets/vendor/katex/fonts/
	rm -rf docs/assets/vendor/ts-fsrs && mkdir -p docs/assets/vendor/ts-fsrs
	cp node_modules/ts-fsrs/dist/index.umd.js node_modules/ts-fsrs/dist/index.umd.js.map docs/assets/vendor/ts-fsrs/
	@touch $@

serve: $(SETUP) ## Live preview on http://127.0.0.1:8000, reloading on edits to docs/ and snippets/
	$(BIN)/mkdocs serve

build: $(SETUP) ## Strict build of the site into site/ (fails on any broken block, link or notebook)
	$(BIN)/mkdocs build --strict

test: $(SETUP) ## Every test: snippets, every executable block in docs/, the built site, error paths, workflows
	$(BIN)/pytest

lock: $(STAMP) ## Re-resolve requirements.lock from pyproject.toml (run after changing dependencies)
	$(BIN)/pip-compile --quiet --extra test --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links --strip-extras -o requirements.lock pyproject.toml

clean: ## Remove the built site and caches (keeps .venv)
	rm -rf site .cache .pytest_cache .hypothesis
