"""Checks of exercise 5: the deck's w1,1 = 2.0 slope and 2x2 update, then generated layers."""

from typing import Any

import numpy as np
from hypothesis import strategies as st
from scipy.special import expit

from glassnet._types import Array
from glassnet.exercises.answers import update as answers
from glassnet.exercises.checks._strategies import matrices, numbers, sizes, vectors
from glassnet.exercises.core import Case, Exercise
from glassnet.exercises.parts import FunctionPart

WEIGHTS = np.array([[2.0, 3.0], [1.0, 4.0]])
HIDDEN_OUTPUTS = np.array([0.4, 0.5])
OUTPUT_ERRORS = np.array([0.8, 0.5])


def _slope_case(label: str, error: float, weights: Array, inputs: Array) -> Case:
    slope = np.asarray(answers.error_slope(error, weights, inputs))
    total = float(weights @ inputs)
    s = float(expit(total))
    again = float(expit(s))
    mistakes = (
        ("no-slope", -error * inputs),
        ("kept-factor-2", 2.0 * slope),
        ("slope-sign", -slope),
        ("sigmoid-twice", -error * again * (1.0 - again) * inputs),
        ("slope-of-sum", -error * total * (1.0 - total) * inputs),
        ("output-for-error", -s * s * (1.0 - s) * inputs),
    )
    return Case(label, (error, weights, inputs), slope, mistakes)


def _slope_worked() -> list[Case]:
    label = "the deck's w1,1 = 2.0, w2,1 = 3.0, outputs 0.4 and 0.5, error 0.8"
    return [_slope_case(label, 0.8, WEIGHTS[0], HIDDEN_OUTPUTS)]


@st.composite
def _slope_generated(draw: st.DrawFn) -> Case:
    size = draw(sizes)
    error, weights = draw(numbers(-1.0, 1.0)), draw(vectors(size, -2.0, 2.0))
    return _slope_case("a generated node", error, weights, draw(vectors(size, 0.0, 1.0)))


def _change_case(label: str, weights: Array, inputs: Array, errors: Array, rate: float) -> Case:
    change = np.asarray(answers.weight_change(weights, inputs, errors, rate))
    combined = weights @ inputs
    s = expit(combined)
    again = expit(s)

    def change_with(terms: Array) -> Array:
        return rate * np.outer(terms, inputs)

    mistakes: list[tuple[str, Any]] = [
        ("no-slope", change_with(errors)),
        ("output-for-error", change_with(s * s * (1.0 - s))),
        ("outer-product-reversed", change.T),
        ("update-sign", -change),
        ("rate-twice", rate * change),
        ("no-learning-rate", change / rate),
        ("returned-new-value", weights + change),
        ("sigmoid-twice", change_with(errors * again * (1.0 - again))),
        ("slope-of-sum", change_with(errors * combined * (1.0 - combined))),
    ]
    if weights.shape[0] == weights.shape[1]:
        mistakes.append(
            ("transposed-weights", answers.weight_change(weights.T, inputs, errors, rate))
        )
    return Case(label, (weights, inputs, errors, rate), change, mistakes)


def _change_worked() -> list[Case]:
    label = "the deck's layer (W = [[2, 3], [1, 4]], O = (0.4, 0.5), E = (0.8, 0.5), α = 0.1)"
    return [_change_case(label, WEIGHTS, HIDDEN_OUTPUTS, OUTPUT_ERRORS, 0.1)]


@st.composite
def _change_generated(draw: st.DrawFn) -> Case:
    n_inputs, n_nodes = draw(sizes), draw(sizes)
    weights = draw(matrices(n_nodes, n_inputs, -2.0, 2.0))
    inputs, errors = draw(vectors(n_inputs, 0.01, 1.0)), draw(vectors(n_nodes, -1.0, 1.0))
    return _change_case("a generated layer", weights, inputs, errors, draw(numbers(0.05, 0.9)))


EXERCISE = Exercise(
    number=5,
    name="update",
    title="the slope dE/dw and ΔW = α·E·S(1−S)·Oᵀ",
    lesson="update",
    answers=answers,
    parts=(
        FunctionPart(answers.error_slope, _slope_worked, _slope_generated),
        FunctionPart(answers.weight_change, _change_worked, _change_generated),
    ),
)
