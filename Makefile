# Two commands on a fresh machine: `make run` (app on the seeded embedded store) and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/danvan.duckdb
PORT ?= 8501

.PHONY: run test lint bench plotly system-deps clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

## Start the dashboard; the store is created and seeded on first run.
run: $(VENV)/.runtime
	$(BIN)/python -m danvan init --db $(DB)
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true

## Install everything the tests need (Debian chromium, LibreOffice Impress and poppler when missing; the test
## OpenID Connect provider from npm) and run them all.
test: system-deps $(VENV)/.dev tests/oidc/node_modules tools/plotly/node_modules
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q

## The OpenID Connect provider the sign-in browser tests start on localhost (pinned by its package-lock.json).
tests/oidc/node_modules: tests/oidc/package.json tests/oidc/package-lock.json
	npm ci --prefix tests/oidc --no-audit --no-fund
	touch $@

## The charts' plotly.js (static/plotly/, committed): `make plotly` rebuilds it from tools/plotly (pinned by its
## package-lock.json); a test checks that the committed file is what this build makes.
tools/plotly/node_modules: tools/plotly/package.json tools/plotly/package-lock.json
	npm ci --prefix tools/plotly --no-audit --no-fund
	touch $@

plotly: tools/plotly/node_modules
	npm run --prefix tools/plotly build

system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium fonts-dejavu-core"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-impress"; \
	fc-list 2>/dev/null | grep -q "Liberation Sans" || missing="$$missing fonts-liberation2"; \
	command -v pdftoppm >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  if [ -n "$$CI" ] || [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else echo "Cần cài:$$missing (sudo apt-get install$$missing)" >&2; exit 1; fi; \
	fi

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/lint-imports

## Benchmarks print ratios against raw DuckDB measured in the same run.
bench: $(VENV)/.dev
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) data/danvan.duckdb data/cache
