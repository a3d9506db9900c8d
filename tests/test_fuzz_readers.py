"""Fuzzing every reader of outside data with mutated copies of small valid inputs.

IDX files (plain and .gz), model files, checkpoints (through ``--resume``), the students
and gestures CSV files, images for ``predict``, the playground's CSV upload, every JSON
body of the web API, a sweep folder's JSON files and a run record (tests/fuzz_readers.py). Each mutated input must load, or be
refused with the project's one-line error naming the file (the web API: a 4xx answer
with a JSON reason). ``make fuzz`` runs 10,000 of each under a memory limit.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz_readers import READERS


@pytest.fixture(scope="module", params=list(READERS))
def reader(request, tmp_path_factory):
    made = READERS[request.param](tmp_path_factory.mktemp(request.param))
    yield made
    made.close()


def test_the_valid_inputs_load(reader):
    reader.valid()


@settings(max_examples=250)
@given(rng=st.randoms(use_true_random=False))
def test_mutated_inputs_load_or_are_refused_naming_the_file(reader, rng):
    outcome = reader.attempt(rng)
    assert outcome.kind in ("loaded", "refused"), f"{reader.name}: {outcome.detail}"
