# Paper Catalogue. `make run` serves the sample catalogue; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Local runs only: DEBUG on, plain HTTP. Deployments set these through the environment.
LOCAL_ENV := DEBUG=1 SECURE_SSL_REDIRECT=0 SECURE_HSTS_SECONDS=0

.PHONY: run serve setup test lint bench bench-quick eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps make a second run skip installing when the requirements have not changed.
$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

# extract() compiled with mypyc (papers/extraction/build.py), remade when a module changes.
EXTRACTION_BUILD := papers/extraction/.mypyc/manifest.json
$(EXTRACTION_BUILD): $(wildcard papers/extraction/*.py) | $(VENV)/.installed-run
	$(BIN)/python -m papers.extraction.build

setup: $(VENV)/.installed-run
	@# Without a C compiler the catalogue still works, with plain-Python extraction.
	$(BIN)/python -m papers.extraction.build || true
	$(LOCAL_ENV) $(BIN)/python manage.py migrate --no-input --verbosity 0
	$(LOCAL_ENV) $(BIN)/python manage.py ingest data/sample

run: setup serve

serve:
	$(LOCAL_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(LOCAL_ENV) $(BIN)/python manage.py makemigrations --check --dry-run --verbosity 0

test: $(VENV)/.installed-dev $(EXTRACTION_BUILD) lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

eval: $(VENV)/.installed-dev $(EXTRACTION_BUILD)
	$(BIN)/python bench/eval_extraction.py

bench: $(VENV)/.installed-dev $(EXTRACTION_BUILD)
	$(BIN)/python bench/run.py

bench-quick: $(VENV)/.installed-dev $(EXTRACTION_BUILD)
	$(BIN)/python bench/run.py --quick

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache papers/extraction/.mypyc
