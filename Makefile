# Two commands on a fresh machine: `make demo` (the main job, offline) and `make test`.
# `make test-oldest`: the suite with the oldest dependency versions pyproject.toml allows.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Real datasets for the tests that need them: ../shared/data when present, unless already set.
GLASSNET_DATA ?= $(if $(wildcard ../shared/data/mnist),$(abspath ../shared/data),)
export GLASSNET_DATA

.PHONY: demo test test-oldest lint package-check fuzz clean

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
	$(BIN)/python -m pip install --quiet -e '.[web,dask,export,fast]' --group dev
	$(BIN)/ruff check src tests examples benchmarks tools
	$(BIN)/ruff format --check src tests examples benchmarks tools
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

clean:
	rm -rf $(VENV) .venv-oldest build dist src/*.egg-info .mypy_cache .ruff_cache .pytest_cache .hypothesis
