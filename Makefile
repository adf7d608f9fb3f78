# Bina: `make run` serves the demo city, `make test` runs every test. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
export BINA_TEST_POSTGRES_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/test
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install run test lint format check-lock bench seed migrate clean \
	web-install web client check-client lint-web test-web test-browser

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# Installs exactly the versions in uv.lock (the committed lock file), nothing else.
$(VENV)/.installed: $(BIN)/uv pyproject.toml uv.lock
	$(BIN)/uv sync --frozen --inexact --quiet
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/bina db upgrade

seed: migrate
	$(BIN)/bina seed --demo

run: migrate web
	$(BIN)/bina seed --demo
	$(BIN)/bina serve --host 127.0.0.1 --port 8000

lint: install lint-web
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-lock: $(BIN)/uv
	$(BIN)/uv lock --check

# One pytest worker per core (pytest-xdist); each makes its own SQLite and PostgreSQL database.
test: install check-lock lint
	$(BIN)/pytest -n auto
	$(MAKE) test-web test-browser

# ---- The SPA (frontend/): Node 20 + npm from the PATH, exact versions from package-lock.json.
WEB := frontend
NPM := npm --prefix $(WEB) --no-audit --no-fund
WEB_SOURCES := $(shell find $(WEB)/src $(WEB)/public -type f 2>/dev/null) \
	$(WEB)/index.html $(WEB)/vite.config.ts $(WEB)/tsconfig.json
# Playwright drives Debian's Chromium; it must never download a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1
CHROMIUM := /usr/bin/chromium

$(WEB)/node_modules/.installed: $(WEB)/package.json $(WEB)/package-lock.json
	$(NPM) ci --loglevel=error
	touch $@

web-install: $(WEB)/node_modules/.installed

# The production build that `bina serve` serves at / (skipped while nothing changed).
$(WEB)/dist/index.html: $(WEB)/node_modules/.installed $(WEB_SOURCES)
	$(NPM) run build
	touch $@

web: $(WEB)/dist/index.html

# The TypeScript client is generated from the app's own OpenAPI document (no server needed).
OPENAPI_EXPORT := $(BIN)/python $(WEB)/scripts/export_openapi.py

client: install web-install
	$(OPENAPI_EXPORT) > $(WEB)/openapi.json
	$(NPM) run client

# Fails when the API changed and `make client` was not run (or the generated file was edited).
check-client: install web-install
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(OPENAPI_EXPORT) > "$$tmp/openapi.json" && \
	(cd $(WEB) && npx openapi-typescript "$$tmp/openapi.json" --default-non-nullable false --enum-values \
		-o "$$tmp/schema.ts") && \
	if ! cmp -s "$$tmp/openapi.json" $(WEB)/openapi.json || \
	   ! cmp -s "$$tmp/schema.ts" $(WEB)/src/lib/api/schema.ts; then \
		echo "The generated API client is stale: run 'make client' and commit the result." >&2; \
		exit 1; \
	fi

lint-web: check-client
	$(NPM) run lint

test-web: web-install
	$(NPM) test

$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

# Real Chromium against the real API: the test setup starts uvicorn on a free port, small seed.
test-browser: install web $(CHROMIUM)
	$(NPM) run e2e

# Benchmarks load the server from a second process with wrk (Debian package); each script also
# runs alone (see README, Benchmarks).
bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python bench/api.py
	$(BIN)/python bench/sync.py
	$(BIN)/python bench/stats.py
	$(BIN)/python bench/sessions.py
	$(BIN)/python bench/webhooks.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache $(WEB)/node_modules $(WEB)/dist \
		$(WEB)/test-results
