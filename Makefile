# Two commands on a fresh machine: `make demo` (the main job, offline) and `make test`.
# `make test-oldest`: the suite with the oldest dependency versions pyproject.toml allows.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Real datasets for the tests that need them: ../shared/data when present, unless already set.
GLASSNET_DATA ?= $(if $(wildcard ../shared/data/mnist),$(abspath ../shared/data),)
export GLASSNET_DATA

# MkDocs 1.6 prints a banner about its successor on every run; the site needs none of it.
export NO_MKDOCS_2_WARNING := 1

.PHONY: demo test test-oldest lint package-check fuzz clean docs docs-serve docs-test

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

demo: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[fast]'  # numba: the README's timings
	$(BIN)/glassnet train

# The development tools are pyproject.toml's dependency groups (PEP 735), which pip
# installs from 25.1 on; the suite also needs every extra.
lint: $(BIN)/python
	$(BIN)/python -m pip install --quiet 'pip>=25.1'
	$(BIN)/python -m pip install --quiet -e '.[web,dask,export,fast]' --group dev --group docs
	$(BIN)/ruff check src tests examples benchmarks tools docs/hooks
	$(BIN)/ruff format --check src tests examples benchmarks tools docs/hooks
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -n auto

# The suite with the oldest versions pyproject.toml allows, in a venv of its own.
test-oldest:
	bash .ci/test-oldest

# sdist and wheel, twine check, and the wheel's commands run from a fresh venv elsewhere.
package-check: $(BIN)/python
	$(BIN)/python -m pip install --quiet 'pip>=25.1'
	$(BIN)/python -m pip install --quiet --group package
	bash .ci/package-check

# 10,000 mutated inputs for each reader of outside data, each reader in a child process
# limited to 1 GB of address space; prints the counts (docs/robustness.md). Minutes.
fuzz: lint
	$(BIN)/python tools/fuzz.py --count 10000

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
	$(BIN)/pytest -p no:randomly -n 0 tests/test_docs_site.py

clean:
	rm -rf $(VENV) .venv-oldest build dist site src/*.egg-info .mypy_cache .ruff_cache .pytest_cache .hypothesis
