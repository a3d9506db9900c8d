"""Fuzzing the file readers: the CSV tables (students, gestures) and images for predict.

Mutated copies of small valid files (tests/fuzz_readers.py) must load or be refused
with the project's one-line error naming the file; ``make fuzz`` runs 10,000 of each.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz_readers import READERS


@pytest.fixture(scope="module", params=["students", "gestures", "images"])
def reader(request, tmp_path_factory):
    made = READERS[request.param](tmp_path_factory.mktemp(request.param))
    yield made
    made.close()


def test_the_valid_files_load(reader):
    reader.valid()


@settings(max_examples=200)
@given(rng=st.randoms(use_true_random=False))
def test_mutated_files_load_or_are_refused_naming_the_file(reader, rng):
    outcome = reader.attempt(rng)
    assert outcome.kind in ("loaded", "refused"), outcome.detail
