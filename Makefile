# Two commands on a fresh machine: `make demo` (the main job, offline) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Real datasets for the tests that need them: ../shared/data when present, unless already set.
GLASSNET_DATA ?= $(if $(wildcard ../shared/data/mnist),$(abspath ../shared/data),)
export GLASSNET_DATA

# MkDocs 1.6 prints a banner about its successor on every run; the site needs none of it.
export NO_MKDOCS_2_WARNING := 1

.PHONY: demo test lint clean docs docs-serve docs-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

demo: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/glassnet train

lint: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]' --group docs
	$(BIN)/ruff check src tests examples benchmarks docs/hooks
	$(BIN)/ruff format --check src tests examples benchmarks docs/hooks
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -n auto

# The documentation site, into site/ (open site/index.html; it works offline). --strict:
# a broken link, a missing page or an undocumented public name fails the build.
docs: $(VENV)/.docs-installed
	$(BIN)/mkdocs build --strict

docs-serve: $(VENV)/.docs-installed
	$(BIN)/mkdocs serve

# The docs group, installed again only when pyproject.toml changes.
$(VENV)/.docs-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e . --group docs
	touch $@

# The built site in Chromium, from disk: home page and search, a lesson, an API page.
docs-test: docs
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/pytest -p no:randomly -n 0 tests/test_docs_site.py

clean:
	rm -rf $(VENV) build dist site src/*.egg-info .mypy_cache .ruff_cache .pytest_cache .hypothesis
