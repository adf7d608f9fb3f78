# Bina: `make run` serves the demo city, `make test` runs every test. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
export BINA_TEST_POSTGRES_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/test
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: install run test lint format check-lock bench seed migrate clean

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

run: migrate
	$(BIN)/bina seed --demo
	$(BIN)/bina serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-lock: $(BIN)/uv
	$(BIN)/uv lock --check

test: install check-lock lint
	$(BIN)/pytest

# Benchmarks load the server from a second process with wrk (Debian package).
bench: install
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python bench/api.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
