"""Checks of exercise 9, judged against numerical gradients (``glassnet.numerical_gradient``).

The right answers here are central differences of the engine's own forward pass and loss
values, not its backward formulas: a learner's backward pass agrees with them to about
1e-9 when it is right, whatever order it computes things in.
"""

from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import strategies as st

from glassnet._types import Array
from glassnet.engine.gradcheck import numerical_gradient
from glassnet.engine.losses import BinaryCrossEntropy, Loss, SquaredError
from glassnet.exercises.answers import gradients as answers
from glassnet.exercises.checks._strategies import matrices, sizes
from glassnet.exercises.core import Case, Exercise
from glassnet.exercises.parts import FunctionPart
from glassnet.lessons.core import dense_with

WEIGHTS = np.array([[2.0, 3.0], [1.0, 4.0]])  # the deck's update example
TOLERANCE = 1e-6


def _dense_case(label: str, weight: Array, inputs: Array, grad_output: Array) -> Case:
    """The gradients of L = Σ grad_output ⊙ (x·Wᵀ + b), whose ∂L/∂y is grad_output."""
    layer = dense_with(weight.copy(), np.zeros(len(weight)))
    x = inputs.copy()

    def total() -> float:
        return float(np.sum(grad_output * layer.forward(x)))

    weight_parameter, bias_parameter = layer.parameters()
    expected = (
        numerical_gradient(total, weight_parameter.value),
        numerical_gradient(total, bias_parameter.value),
        numerical_gradient(total, x),
    )
    exact = answers.dense_backward(weight, inputs, grad_output)
    mistakes: list[tuple[str, Any]] = [
        ("outer-product-reversed", (inputs.T @ grad_output, exact[1], exact[2])),
        ("bias-gradient-averaged", (exact[0], np.mean(grad_output, axis=0), exact[2])),
    ]
    if weight.shape[0] == weight.shape[1]:
        mistakes.append(("transposed-weights", (exact[0], exact[1], grad_output @ weight.T)))
    names = ("∂L/∂W", "∂L/∂b", "∂L/∂x")
    return Case(label, (weight, inputs, grad_output), expected, mistakes, TOLERANCE, names)


def _dense_worked() -> list[Case]:
    return [
        _dense_case(
            "the deck's layer W = [[2, 3], [1, 4]], one sample O = (0.4, 0.5), grad_output (0.8, 0.5)",
            WEIGHTS,
            np.array([[0.4, 0.5]]),
            np.array([[0.8, 0.5]]),
        ),
        _dense_case(
            "the same layer, a batch of two samples",
            WEIGHTS,
            np.array([[0.4, 0.5], [0.9, 0.1]]),
            np.array([[0.8, 0.5], [-0.3, 0.2]]),
        ),
    ]


@st.composite
def _dense_generated(draw: st.DrawFn) -> Case:
    n_samples, n_inputs, n_nodes = draw(st.integers(1, 4)), draw(sizes), draw(sizes)
    weight = draw(matrices(n_nodes, n_inputs, -2.0, 2.0))
    inputs = draw(matrices(n_samples, n_inputs, -1.0, 1.0))
    return _dense_case(
        "a generated layer and batch", weight, inputs, draw(matrices(n_samples, n_nodes, -1.0, 1.0))
    )


def _loss_case(loss: Loss, function: Callable[..., Any]) -> Callable[[str, Array, Array], Case]:
    def case(label: str, predicted: Array, target: Array) -> Case:
        outputs = predicted.copy()
        expected = numerical_gradient(lambda: loss.value(outputs, target), outputs)
        exact = np.asarray(function(predicted, target))
        m = len(predicted)
        mistakes: list[tuple[str, Any]] = [
            ("summed-not-averaged", exact * m),
            ("slope-sign", -exact),
            ("kept-factor-2", 2.0 * exact),
        ]
        if isinstance(loss, BinaryCrossEntropy):
            mistakes.append(("fused-delta", (predicted - target) / m))
        return Case(label, (predicted, target), expected, mistakes, TOLERANCE)

    return case


_squared_case = _loss_case(SquaredError(), answers.squared_error_gradient)
_entropy_case = _loss_case(BinaryCrossEntropy(), answers.binary_cross_entropy_gradient)


def _loss_generated(
    case: Callable[[str, Array, Array], Case], binary: bool
) -> Callable[[], st.SearchStrategy[Case]]:
    @st.composite
    def cases(draw: st.DrawFn) -> Case:
        n_samples, n_outputs = draw(st.integers(1, 4)), draw(st.integers(1, 3))
        predicted = draw(matrices(n_samples, n_outputs, 0.05, 0.95))
        if binary:
            target = draw(matrices(n_samples, n_outputs, 0.0, 1.0)).round()
        else:
            target = draw(matrices(n_samples, n_outputs, 0.0, 1.0))
        return case("generated outputs and targets", predicted, target)

    return cases


EXERCISE = Exercise(
    number=9,
    name="gradients",
    title="a Dense layer's and a loss's backward, judged by numerical gradients",
    lesson="update",
    answers=answers,
    parts=(
        FunctionPart(answers.dense_backward, _dense_worked, _dense_generated),
        FunctionPart(
            answers.squared_error_gradient,
            lambda: [
                _squared_case(
                    "TinySpark's neuron: output 0.75, expected 0.4",
                    np.array([[0.75]]),
                    np.array([[0.4]]),
                ),
                _squared_case(
                    "the deck's outputs 0.4, 0.5 for targets 0.01, 0.99; and 0.9, 0.2",
                    np.array([[0.4, 0.5], [0.9, 0.2]]),
                    np.array([[0.01, 0.99], [0.99, 0.01]]),
                ),
            ],
            _loss_generated(_squared_case, binary=False),
        ),
        FunctionPart(
            answers.binary_cross_entropy_gradient,
            lambda: [
                _entropy_case(
                    "two students: ŷ = 0.8 (passed), 0.3 (failed)",
                    np.array([[0.8], [0.3]]),
                    np.array([[1.0], [0.0]]),
                )
            ],
            _loss_generated(_entropy_case, binary=True),
        ),
    ),
)
