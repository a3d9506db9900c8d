# Two commands on a fresh machine: `make demo` (the main job, offline) and `make test`.
# `make test-oldest`: the suite with the oldest dependency versions pyproject.toml allows.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Real datasets for the tests that need them: ../shared/data when present, unless already set.
GLASSNET_DATA ?= $(if $(wildcard ../shared/data/mnist),$(abspath ../shared/data),)
export GLASSNET_DATA

.PHONY: demo test test-oldest lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

demo: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[fast]'  # numba: the README's timings
	$(BIN)/glassnet train

lint: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/ruff check src tests examples benchmarks
	$(BIN)/ruff format --check src tests examples benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -n auto

test-oldest:
	bash .ci/test-oldest

clean:
	rm -rf $(VENV) .venv-oldest build dist src/*.egg-info .mypy_cache .ruff_cache .pytest_cache .hypothesis
