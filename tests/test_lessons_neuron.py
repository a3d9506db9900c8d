"""TinySpark's neuron: the page's numbers, and its code run as written."""

import math

import numpy as np
import pytest

from glassnet.lessons import neuron
from tests.lesson_helpers import printed


def _page_code():
    """training_example.py from the page, as written (without its prints)."""
    input1, input2, expected_output = 0.1, 0.8, 0.4
    weight1, weight2 = 0.3, 0.9

    def activation(x):
        return x

    output = activation(input1 * weight1 + input2 * weight2)
    error = output - expected_output
    before = (output, error)
    d_weight1 = 1 * input1 * error
    d_weight2 = 1 * input2 * error
    weight1 = weight1 - d_weight1
    weight2 = weight2 - d_weight2
    output = activation(input1 * weight1 + input2 * weight2)
    error = output - expected_output
    return before, (d_weight1, d_weight2), (weight1, weight2), (output, error)


@pytest.fixture(scope="module")
def lesson():
    return neuron.run(seed=0)


def test_the_worked_example(lesson):
    forward = lesson.step("feedforward")
    printed(forward["Σ = 0.1·0.3 + 0.8·0.9"], "0.75")
    printed(forward["output = f(Σ)"], "0.75")
    printed(lesson.step("error")["error"], "0.35")
    deltas = lesson.step("deltas")
    printed(deltas["δ weight1"], "0.035")
    printed(deltas["δ weight2"], "0.28")
    step = lesson.step("update")
    printed(step["new weights"], "0.265", "0.62")
    printed(step["new output"], "0.5225")
    printed(step["new error"], "0.1225")
    assert "δ weight1" in step.note and "δ weight2" in step.note  # the page's slip


def test_matches_the_pages_code(lesson):
    before, deltas, weights, after = _page_code()
    assert lesson.step("feedforward").number("output = f(Σ)") == pytest.approx(before[0])
    assert lesson.step("error").number("error") == pytest.approx(before[1])
    assert lesson.step("deltas").number("δ weight1") == pytest.approx(deltas[0])
    assert lesson.step("deltas").number("δ weight2") == pytest.approx(deltas[1])
    np.testing.assert_allclose(lesson.step("update").array("new weights"), weights)
    assert lesson.step("update").number("new output") == pytest.approx(after[0])
    assert lesson.step("update").number("new error") == pytest.approx(after[1])


def test_epochs_until_the_error_is_near_zero(lesson):
    # Each update multiplies the error by 1 − |x|²: 0.35 without a bias, −0.65 with one.
    expected = math.ceil(math.log(1e-4 / 0.35) / math.log(0.35))
    assert lesson.step("epochs")["epochs"] == expected == 8
    assert abs(lesson.step("epochs").number("final error")) < 1e-4
    with_bias = math.ceil(math.log(1e-4 / 0.35) / math.log(0.65))
    assert lesson.step("bias")["epochs"] == with_bias == 19
    errors = np.array(lesson.data["bias errors"])
    assert np.all(np.sign(errors[1:]) != np.sign(errors[:-1]))  # it overshoots every time
    np.testing.assert_allclose(errors[1:] / errors[:-1], -0.65)


def test_averaged_deltas_are_the_batch_mean(lesson):
    step = lesson.step("averaged")
    per_example = step.array("deltas per example (weight1, weight2)")
    printed(per_example[0], "0.035", "0.28")  # the page's example is the first row
    np.testing.assert_allclose(step.array("averaged deltas"), per_example.mean(axis=0))
    np.testing.assert_allclose(step.array("engine gradient (batch of 4)"), per_example.mean(axis=0))
    assert step.number("loss after 200 epochs") < 1e-5


def test_learning_rates_and_mini_batches(lesson):
    rates = lesson.step("learning-rate")
    losses = [rates.number(f"rate {r}: loss after 200 epochs") for r in ("0.1", "0.05", "0.01")]
    assert losses[0] < losses[1] < losses[2]  # smaller steps, slower
    assert "weight − learning rate · δ" in rates.note
    batches = lesson.step("mini-batches")
    assert batches.number("batches of 2, rate 0.1: loss after 200 epochs") < batches.number(
        "full batch, rate 0.1: loss after 200 epochs"
    )
    for curve in lesson.data["curves"].values():
        assert len(curve) == 201 and curve[-1] < curve[0]


def test_bad_tolerance():
    with pytest.raises(ValueError, match="tolerance"):
        neuron.run(tolerance=0.0)
