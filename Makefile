# Two commands to remember: `make serve` and `make test`. Everything they need is installed on first use.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
# pyenv reads .python-version; elsewhere the newest python3.1x on PATH is taken.
PYTHON ?= $(shell for p in python3.13 python3.12 python3; do v=$$(command -v $$p) && $$v -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && echo $$v && break; done)
PYTEST_ARGS ?=
# Test workers (pytest-xdist): each file's tests run on one worker, so module fixtures and the session's site
# build happen once per worker. PYTEST_WORKERS=0 runs everything in one process (pdb, -x stops at once).
PYTEST_WORKERS ?= 2

.PHONY: help serve build test check lint bench clean

help:
	@echo "make serve   build every language and serve it on http://127.0.0.1:8000 (rebuilds on changes)"
	@echo "make test    the whole test suite, browser tests included"
	@echo "make build   build the site into site/"
	@echo "make check   fast checks of articles, rubrics and translations (no browser)"
	@echo "make lint    ruff and mypy (Python), ESLint and tsc (JavaScript)"
	@echo "make bench   speed figures against their baselines and budgets (benchmarks/report.md, ~10 min)"

# --- bootstrap: each step reruns only when its inputs change ---------------------------------------------
$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.12 or newer is needed (python3.12 / python3.13 on PATH)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20+ with npm is needed (Debian: apt-get install nodejs npm)."; exit 1; }
	npm ci --no-audit --no-fund
	@touch $@

.PHONY: bootstrap browser
# Our own modules' bytecode, as pip compiles the installed packages': where PYTHONDONTWRITEBYTECODE is set,
# every build process (kb and each language's worker) would compile them again. Only changed files are.
bootstrap: $(VENV)/.installed node_modules/.package-lock.json
	@$(BIN)/python -m compileall -q build_tools breakthrough_scoring

# Debian's Chromium: installed when missing and running as root; otherwise say what to install.
browser:
	@if ! command -v chromium >/dev/null; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; \
	  else \
	    echo "Browser tests need Chromium: sudo apt-get install chromium"; \
	    if [ "$$CI" = true ]; then exit 1; fi; \
	  fi; \
	fi

# --- the commands ------------------------------------------------------------------------------------------
serve: bootstrap
	$(BIN)/kb serve

build: bootstrap
	$(BIN)/kb build $(if $(SITE_URL),--site-url $(SITE_URL))

check: bootstrap
	$(BIN)/kb check

lint: bootstrap
	$(BIN)/ruff check build_tools breakthrough_scoring benchmarks tests
	$(BIN)/ruff format --check build_tools breakthrough_scoring benchmarks tests
	$(BIN)/mypy
	node_modules/.bin/eslint build_tools tests/node eslint.config.js
	node_modules/.bin/tsc --project tsconfig.json

test: bootstrap browser
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# BENCH_ARGS: e.g. "--skip lighthouse --repeats 7" (python -m benchmarks.bench --help)
bench: bootstrap browser
	$(BIN)/python -m benchmarks.bench $(BENCH_ARGS)

clean:
	rm -rf site build .pytest_cache .mypy_cache .ruff_cache .hypothesis
