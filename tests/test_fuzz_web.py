"""Fuzzing the web API's readers: the playground's CSV upload and every JSON body.

Mutated bodies (tests/fuzz_readers.py) must be answered 2xx, or 4xx with a JSON reason,
never a 500; ``make fuzz`` runs 10,000 of each.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz_readers import READERS


@pytest.fixture(scope="module", params=["playground-csv", "api"])
def reader(request, tmp_path_factory):
    made = READERS[request.param](tmp_path_factory.mktemp(request.param))
    yield made
    made.close()


def test_the_valid_bodies_are_answered(reader):
    reader.valid()


@settings(max_examples=200)
@given(rng=st.randoms(use_true_random=False))
def test_mutated_bodies_are_answered_or_refused_with_a_reason(reader, rng):
    outcome = reader.attempt(rng)
    assert outcome.kind in ("loaded", "refused"), outcome.detail
