# Everyday commands. `make help` lists them. Every target builds or refreshes
# .venv from requirements.lock and node_modules from package-lock.json first, so
# `make serve` and `make test` are the whole set-up on a machine with Python 3.11,
# Node 20 (with npm) and make.

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# The stamp is newer than the lock file and pyproject.toml once .venv matches them.
STAMP := $(VENV)/.installed
# KaTeX and ts-fsrs come from npm; notesite serves them from the site itself (no CDN).
SETUP := $(STAMP) node_modules/.package-lock.json
export NO_MKDOCS_2_WARNING := 1
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
	# Dev packages (Lighthouse, for `make bench-site`) only where they are asked for.
	npm ci --omit=dev --no-audit --no-fund --loglevel=error
	@touch $@

serve: $(SETUP) ## Live preview on http://127.0.0.1:8000, reloading on edits; problems show on the pages
	NOTESITE_STRICT=false $(BIN)/mkdocs serve

build: $(SETUP) ## Strict build into site/; re-runs only blocks whose inputs changed (.cache/)
	$(BIN)/mkdocs build --strict

build-fresh: $(SETUP) ## Strict build into site/ that runs every block, ignoring the cache (what CI deploys)
	NOTESITE_FRESH=1 $(BIN)/mkdocs build --strict

test: $(SETUP) ## Every test: lint and format check, snippets, every executable block in docs/, the built site, error paths, workflows
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@# The browser tests' Chromium: found on this machine, or installed (notesite/browser.py).
	chromium="$$($(BIN)/python -m notesite.browser)" && CHROMIUM="$$chromium" $(BIN)/pytest

lock: $(STAMP) ## Re-resolve requirements.lock from pyproject.toml (run after changing dependencies)
	$(BIN)/pip-compile --quiet --extra test --generate-hashes --allow-unsafe --no-emit-index-url --no-emit-find-links --strip-extras -o requirements.lock pyproject.toml

clean: ## Remove the built site and caches (keeps .venv)
	rm -rf site .cache .pytest_cache .hypothesis

# Scaffolding. Checked when make reads this file, so a missing argument stops before
# anything runs or is written (not even .venv). The recipes read TOPIC and TITLE from the
# environment (make exports command-line variables), so quotes in a title pass through.
.PHONY: note post
ifneq ($(filter note,$(MAKECMDGOALS)),)
ifeq ($(strip $(TOPIC)),)
$(error usage: make note TOPIC=<topic> TITLE="<title>" (TOPIC is missing: a folder under docs/notes/, e.g. calculus))
endif
ifeq ($(strip $(TITLE)),)
$(error usage: make note TOPIC=<topic> TITLE="<title>" (TITLE is missing))
endif
endif
ifneq ($(filter post,$(MAKECMDGOALS)),)
ifeq ($(strip $(TITLE)),)
$(error usage: make post TITLE="<title>" (TITLE is missing))
endif
endif

note: $(STAMP) ## New note, snippet, test stub and nav entry: make note TOPIC=calculus TITLE="Taylor series" [REQUIRES=notes/calculus/derivatives-and-gradients.md,...]
	$(BIN)/python -m notesite.scaffold note --topic "$$TOPIC" --title "$$TITLE" --requires "$$REQUIRES"

post: $(STAMP) ## New dated draft post: make post TITLE="What I got wrong about p-values"
	$(BIN)/python -m notesite.scaffold post --title "$$TITLE"

.PHONY: new-site
new-site: $(STAMP) ## A notes site of your own: make new-site DIR=../my-notes NAME="My notes" AUTHOR="Me" REPO=https://github.com/me/my-notes
	$(BIN)/python -m notesite.scaffold site --dir "$(DIR)" --name "$(NAME)" --author "$(AUTHOR)" --repo "$(REPO)" $(if $(TOPICS),--topics "$(TOPICS)")

.PHONY: bench-site
bench-site: build ## Page weight, requests and Lighthouse scores of four pages of site/ (benchmarks/site.py)
	test -x node_modules/.bin/lighthouse || npm ci --include=dev --no-audit --no-fund --loglevel=error
	$(BIN)/python benchmarks/site.py --site site

.PHONY: bench-build
bench-build: $(SETUP) ## Build times of a 200-note synthetic site: floor, cold, warm, prose and snippet edits
	$(BIN)/python benchmarks/build.py
