# Two commands on a fresh machine: `make demo` (the main job, offline) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Real datasets for the tests that need them: ../shared/data when present, unless already set.
GLASSNET_DATA ?= $(if $(wildcard ../shared/data/mnist),$(abspath ../shared/data),)
export GLASSNET_DATA

.PHONY: demo test lint fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

demo: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/glassnet train

lint: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/ruff check src tests examples benchmarks tools
	$(BIN)/ruff format --check src tests examples benchmarks tools
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -n auto

# 10,000 mutated inputs for each reader of outside data, each reader in a child process
# limited to 1 GB of address space; prints the counts (docs/robustness.md). Minutes.
fuzz: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python tools/fuzz.py --count 10000

clean:
	rm -rf $(VENV) build dist src/*.egg-info .mypy_cache .ruff_cache .pytest_cache .hypothesis
