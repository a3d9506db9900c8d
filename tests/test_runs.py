"""TrainConfig's float type and presets, and what ``run`` builds from them."""

import numpy as np
import pytest

from glassnet.data import load_dataset
from glassnet.runs import PRESETS, TrainConfig, run


def test_float_type_follows_the_batch_size():
    assert TrainConfig().float_type == "float64"  # per sample, as the book
    assert TrainConfig(batch_size=32).float_type == "float32"
    assert TrainConfig(batch_size=32, dtype="float64").float_type == "float64"
    assert TrainConfig(dtype="float32").float_type == "float32"
    assert PRESETS["book"].float_type == "float64"
    assert PRESETS["fast"].float_type == "float32"
    assert TrainConfig(batch_size=32).to_dict()["dtype"] == "float32"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"dtype": "float16"}, "unknown dtype 'float16'; choose one of: auto, float32, float64"),
        ({"dtype": "float32"}, "the book's backpropagation computes in float64"),
    ],
)
def test_bad_float_types_are_named(changes, message):
    with pytest.raises(ValueError, match=message):
        PRESETS["book"].replace(**changes)


@pytest.mark.parametrize(("batch_size", "dtype"), [(1, np.float64), (16, np.float32)])
def test_run_trains_in_the_configured_dtype(batch_size, dtype):
    config = TrainConfig(hidden=(12,), epochs=1, batch_size=batch_size)
    result = run(config, load_dataset("digits"))
    assert all(p.value.dtype == dtype for p in result.model.parameters())
    assert 0.0 <= result.test_accuracy <= 1.0
    assert result.to_dict()["config"]["dtype"] == np.dtype(dtype).name


def test_fast_preset_learns_digits():
    """Tuned for MNIST's 60,000 samples (tests/test_cli.py); on 1,347 digits it still learns."""
    result = run(PRESETS["fast"], load_dataset("digits"))
    assert (
        result.test_accuracy >= 0.9
    )  # margin: lowest 0.9311 over seeds 0-9, 1/2 BLAS threads and GLASSNET_KERNEL=numpy
    assert len(result.history.records) == PRESETS["fast"].epochs
