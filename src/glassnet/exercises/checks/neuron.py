"""Checks of exercise 8: TinySpark's neuron (0.75, 0.35, 0.035, 0.28, 0.265, 0.62), the
lesson's four examples for averaged deltas and mini-batches, then generated ones."""

from typing import Any

import numpy as np
from hypothesis import strategies as st

from glassnet._types import Array
from glassnet.exercises.answers import neuron as answers
from glassnet.exercises.checks._strategies import matrices, numbers, sizes, vectors
from glassnet.exercises.core import Case, Exercise
from glassnet.exercises.parts import FunctionPart

INPUTS = np.array([0.1, 0.8])
WEIGHTS = np.array([0.3, 0.9])
EXPECTED = 0.4
PAGE = "the page's neuron (inputs 0.1, 0.8; weights 0.3, 0.9; bias 0; expected 0.4)"
# The lesson's examples: expected = 0.4·input1 + 0.3·input2 + 0.12; the first is the page's.
EXAMPLES = np.array([[0.1, 0.8], [0.5, 0.2], [0.9, 0.4], [0.3, 0.3]])
EXAMPLES_EXPECTED = EXAMPLES @ np.array([0.4, 0.3]) + 0.12
NEW_VALUES = ("the new weights", "the new bias")


def _feedforward_case(label: str, inputs: Array, weights: Array, bias: float) -> Case:
    output = answers.feedforward(inputs, weights, bias)
    return Case(label, (inputs, weights, bias), output, (("no-bias", float(inputs @ weights)),))


@st.composite
def _feedforward_generated(draw: st.DrawFn) -> Case:
    size = draw(sizes)
    inputs, weights = draw(vectors(size, -1.0, 1.0)), draw(vectors(size, -2.0, 2.0))
    return _feedforward_case("a generated neuron", inputs, weights, draw(numbers(-1.0, 1.0)))


def _deltas_case(label: str, inputs: Array, weights: Array, bias: float, expected: float) -> Case:
    weight_deltas, bias_delta = answers.deltas(inputs, weights, bias, expected)
    weight_deltas = np.asarray(weight_deltas)
    mistakes = (
        ("error-sign", (-weight_deltas, -bias_delta)),
        ("bias-never-learns", (weight_deltas, 0.0)),
    )
    expected_deltas = (weight_deltas, bias_delta)
    names = ("δ of the weights", "δ of the bias")
    return Case(label, (inputs, weights, bias, expected), expected_deltas, mistakes, names=names)


@st.composite
def _deltas_generated(draw: st.DrawFn) -> Case:
    size = draw(sizes)
    inputs, weights = draw(vectors(size, -1.0, 1.0)), draw(vectors(size, -2.0, 2.0))
    bias, expected = draw(numbers(-1.0, 1.0)), draw(numbers(-1.0, 1.0))
    return _deltas_case("a generated example", inputs, weights, bias, expected)


def _batch_case(
    label: str, inputs: Array, expected: Array, weights: Array, bias: float, rate: float
) -> Case:
    def update(step: float, rows: Array = inputs, targets: Array = expected) -> tuple[Array, float]:
        new_weights, new_bias = answers.train_batch(rows, targets, weights, bias, step)
        return np.asarray(new_weights), new_bias

    new_weights, new_bias = update(rate)
    weight_step, bias_step = weights - new_weights, bias - new_bias  # learning rate · δ
    mistakes: list[tuple[str, Any]] = [
        ("summed-not-averaged", update(rate * len(inputs))),
        ("update-sign", (weights + weight_step, bias + bias_step)),
        ("tinyspark-rate-slip", (weight_step, bias_step)),
        ("rate-twice", update(rate * rate)),
        ("no-learning-rate", update(1.0)),
        ("bias-never-learns", (new_weights, bias)),
    ]
    if len(weights) == 2:
        slip = new_weights.copy()
        slip[1] = weights[1] - weight_step[0]
        mistakes.append(("tinyspark-weight-slip", (slip, new_bias)))
    args = (inputs, expected, weights, bias, rate)
    return Case(label, args, (new_weights, new_bias), mistakes, names=NEW_VALUES)


def _batch_worked() -> list[Case]:
    return [
        _batch_case(
            f"{PAGE}, learning rate 1", INPUTS[np.newaxis], np.array([EXPECTED]), WEIGHTS, 0.0, 1.0
        ),
        _batch_case(
            "the lesson's four examples, learning rate 0.1",
            EXAMPLES,
            EXAMPLES_EXPECTED,
            WEIGHTS,
            0.0,
            0.1,
        ),
    ]


@st.composite
def _examples(draw: st.DrawFn, most: int) -> tuple[Array, Array, Array, float, float]:
    n_examples, size = draw(st.integers(1, most)), draw(sizes)
    inputs = draw(matrices(n_examples, size, -1.0, 1.0))
    expected, weights = draw(vectors(n_examples, -1.0, 1.0)), draw(vectors(size, -2.0, 2.0))
    return inputs, expected, weights, draw(numbers(-1.0, 1.0)), draw(numbers(0.05, 0.9))


@st.composite
def _batch_generated(draw: st.DrawFn) -> Case:
    return _batch_case("a generated batch", *draw(_examples(5)))


def _epoch_case(
    label: str,
    inputs: Array,
    expected: Array,
    weights: Array,
    bias: float,
    rate: float,
    batch_size: int,
) -> Case:
    def epoch(size: int, count: int = len(inputs)) -> tuple[Array, float]:
        new_weights, new_bias = answers.train_epoch(
            inputs[:count], expected[:count], weights, bias, rate, size
        )
        return np.asarray(new_weights), new_bias

    mistakes: list[tuple[str, Any]] = [
        ("one-update-per-epoch", epoch(len(inputs))),
        ("ignored-batch-size", epoch(1)),
    ]
    whole = len(inputs) - len(inputs) % batch_size
    if 0 < whole < len(inputs):
        mistakes.append(("dropped-last-batch", epoch(batch_size, whole)))
    args = (inputs, expected, weights, bias, rate, batch_size)
    return Case(label, args, epoch(batch_size), mistakes, names=NEW_VALUES)


def _epoch_worked() -> list[Case]:
    label = "the lesson's four examples in batches of 3, learning rate 0.1"
    return [_epoch_case(label, EXAMPLES, EXAMPLES_EXPECTED, WEIGHTS, 0.0, 0.1, 3)]


@st.composite
def _epoch_generated(draw: st.DrawFn) -> Case:
    inputs, expected, weights, bias, rate = draw(_examples(7))
    batch_size = draw(st.integers(1, 4))
    return _epoch_case("generated examples", inputs, expected, weights, bias, rate, batch_size)


EXERCISE = Exercise(
    number=8,
    name="neuron",
    title="TinySpark's neuron with bias, averaged deltas and mini-batches",
    lesson="neuron",
    answers=answers,
    parts=(
        FunctionPart(
            answers.feedforward,
            lambda: [
                _feedforward_case(PAGE, INPUTS, WEIGHTS, 0.0),
                _feedforward_case("the same with bias 0.12", INPUTS, WEIGHTS, 0.12),
            ],
            _feedforward_generated,
        ),
        FunctionPart(
            answers.deltas,
            lambda: [_deltas_case(PAGE, INPUTS, WEIGHTS, 0.0, EXPECTED)],
            _deltas_generated,
        ),
        FunctionPart(answers.train_batch, _batch_worked, _batch_generated),
        FunctionPart(answers.train_epoch, _epoch_worked, _epoch_generated),
    ),
)
