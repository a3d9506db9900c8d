"""Checks of exercise 7: a made-up first student (the infographic has no numbers), then
generated ones; the update is judged against numerical gradients of E(W)."""

from typing import Any

import numpy as np
from hypothesis import strategies as st
from scipy.special import expit

from glassnet._types import Array
from glassnet.engine.activations import Sigmoid
from glassnet.engine.gradcheck import numerical_gradient
from glassnet.engine.losses import BinaryCrossEntropy
from glassnet.exercises.answers import students as answers
from glassnet.exercises.checks._strategies import matrices, numbers, vectors
from glassnet.exercises.core import Case, Exercise
from glassnet.exercises.parts import FunctionPart
from glassnet.lessons.core import dense_with

GRADES = np.array([0.65, 0.80, 0.70])  # class assignments, written tests, oral tests
W1 = np.array([[0.2, 0.5, 0.1], [0.4, -0.3, 0.6]])
B1 = np.array([0.1, -0.1])
W2 = np.array([0.7, -0.2])
B2 = 0.05
FIRST = "the first student (grades 0.65, 0.80, 0.70)"


def _forward_case(label: str, w1: Array, b1: Array, w2: Array, b2: float, grades: Array) -> Case:
    expected = answers.forward_pass(w1, b1, w2, b2, grades)
    no_bias = answers.forward_pass(w1, np.zeros_like(b1), w2, 0.0, grades)
    sums = w1 @ grades + b1
    mistakes = (
        ("no-bias", no_bias),
        ("no-sigmoid", (sums, float(expit(w2 @ sums + b2)))),
    )
    return Case(label, (w1, b1, w2, b2, grades), expected, mistakes, names=("H", "ŷ"))


@st.composite
def _forward_generated(draw: st.DrawFn) -> Case:
    w1, b1 = draw(matrices(2, 3, -2.0, 2.0)), draw(vectors(2, -1.0, 1.0))
    w2, b2 = draw(vectors(2, -2.0, 2.0)), draw(numbers(-1.0, 1.0))
    return _forward_case(
        "a generated student and network", w1, b1, w2, b2, draw(vectors(3, 0.0, 1.0))
    )


def _entropy_case(label: str, predictions: Array, targets: Array) -> Case:
    error = answers.binary_cross_entropy(predictions, targets)
    mistakes = (
        ("log10", error / np.log(10.0)),
        ("cross-entropy-sign", -error),
        ("cross-entropy-one-term", -float(np.mean(targets * np.log(predictions)))),
        ("summed-not-averaged", error * len(predictions)),
    )
    return Case(label, (predictions, targets), error, mistakes)


@st.composite
def _entropy_generated(draw: st.DrawFn) -> Case:
    m = draw(st.integers(1, 8))
    predictions = draw(vectors(m, 0.01, 0.99))
    targets = np.array(draw(st.lists(st.sampled_from([0.0, 1.0]), min_size=m, max_size=m)))
    return _entropy_case("generated students", predictions, targets)


def _loss_gradient(
    weights: Array, bias: float, hidden: Array, target: float
) -> tuple[Array, float]:
    """∂E/∂w and ∂E/∂b of E = BCE(σ(w·H + b), y), by central differences."""
    node = dense_with(np.array([weights]), [bias])
    x, y = np.array([hidden]), np.array([[target]])

    def error() -> float:
        return BinaryCrossEntropy().value(Sigmoid().forward(node.forward(x)), y)

    weight, bias_parameter = node.parameters()
    return numerical_gradient(error, weight.value)[0], float(
        numerical_gradient(error, bias_parameter.value)[0]
    )


def _update_case(
    label: str, weights: Array, bias: float, hidden: Array, target: float, rate: float
) -> Case:
    prediction = float(expit(weights @ hidden + bias))
    gradient, bias_gradient = _loss_gradient(weights, bias, hidden, target)
    expected = (weights - rate * gradient, bias - rate * bias_gradient)  # downhill, numerically

    def update(step: float) -> tuple[Array, float]:
        new_weights, new_bias = answers.output_update(
            weights, bias, hidden, prediction, target, step
        )
        return np.asarray(new_weights), new_bias

    new_weights, new_bias = update(rate)
    mistakes: list[tuple[str, Any]] = [
        ("update-sign", (2 * weights - new_weights, 2 * bias - new_bias)),
        ("bias-never-learns", (new_weights, bias)),
        ("extra-slope", update(rate * prediction * (1.0 - prediction))),
        ("no-learning-rate", update(1.0)),
        ("rate-twice", update(rate * rate)),
    ]
    args = (weights, bias, hidden, prediction, target, rate)
    return Case(label, args, expected, mistakes, names=("the new weights", "the new bias"))


def _update_worked() -> list[Case]:
    hidden, _ = answers.forward_pass(W1, B1, W2, B2, GRADES)
    return [
        _update_case(f"{FIRST}, who passed (y = 1), α = 0.5", W2, B2, np.asarray(hidden), 1.0, 0.5)
    ]


@st.composite
def _update_generated(draw: st.DrawFn) -> Case:
    size = draw(st.integers(1, 4))
    weights, bias = draw(vectors(size, -2.0, 2.0)), draw(numbers(-1.0, 1.0))
    hidden, target = draw(vectors(size, 0.0, 1.0)), draw(st.sampled_from([0.0, 1.0]))
    return _update_case(
        "a generated student", weights, bias, hidden, target, draw(numbers(0.05, 2.0))
    )


EXERCISE = Exercise(
    number=7,
    name="students",
    title="the infographic's 3-2-1 network with bias: forward, cross-entropy, update",
    lesson="students",
    answers=answers,
    parts=(
        FunctionPart(
            answers.forward_pass,
            lambda: [_forward_case(FIRST, W1, B1, W2, B2, GRADES)],
            _forward_generated,
        ),
        FunctionPart(
            answers.binary_cross_entropy,
            lambda: [
                _entropy_case(
                    "three students: ŷ = 0.8, 0.3, 0.6; y = 1, 0, 1",
                    np.array([0.8, 0.3, 0.6]),
                    np.array([1.0, 0.0, 1.0]),
                )
            ],
            _entropy_generated,
        ),
        FunctionPart(answers.output_update, _update_worked, _update_generated),
    ),
)
