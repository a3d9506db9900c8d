"""Checks of exercise 4: the deck's errors 0.8 and 0.5 sent back two layers, then generated."""

from collections.abc import Callable
from typing import Any

import numpy as np
from hypothesis import strategies as st

from glassnet._types import Array
from glassnet.exercises.answers import backprop as answers
from glassnet.exercises.checks._strategies import matrices, sizes, vectors
from glassnet.exercises.core import Case, Exercise
from glassnet.exercises.parts import FunctionPart

OUTPUT_ERRORS = np.array([0.8, 0.5])
W_HIDDEN_OUTPUT = np.array([[2.0, 3.0], [1.0, 4.0]])
W_INPUT_HIDDEN = np.array([[3.0, 2.0], [1.0, 7.0]])


def _split_case(label: str, weights: Array, errors: Array) -> Case:
    hidden = np.asarray(answers.split_errors(weights, errors))
    mistakes: list[tuple[str, Any]] = [
        # Each hidden node's links divided by their own sum (those leaving it) instead.
        ("split-wrong-sum", errors @ (weights / weights.sum(axis=0, keepdims=True))),
    ]
    if weights.shape == (2, 2):
        (w11, w21), (w12, w22) = weights
        slip = hidden.copy()
        slip[0] = errors[0] * w11 / (w11 + w21) + errors[1] * w12 / (w22 + w22)
        mistakes.append(("deck-split-slip", slip))
    if weights.shape[0] == weights.shape[1]:
        mistakes.append(("transposed-weights", answers.split_errors(weights.T, errors)))
    return Case(label, (weights, errors), hidden, mistakes)


def _matrix_case(label: str, weights: Array, errors: Array) -> Case:
    hidden = answers.hidden_errors(weights, errors)
    mistakes = (
        [("transposed-weights", weights @ errors)] if weights.shape[0] == weights.shape[1] else []
    )
    return Case(label, (weights, errors), hidden, mistakes)


def _worked(
    case: Callable[[str, Array, Array], Case], function: Callable[..., Any]
) -> Callable[[], list[Case]]:
    def cases() -> list[Case]:
        hidden = np.asarray(function(W_HIDDEN_OUTPUT, OUTPUT_ERRORS))
        return [
            case(
                "the deck's output errors 0.8, 0.5 over w11 = 2, w21 = 3, w12 = 1, w22 = 4",
                W_HIDDEN_OUTPUT,
                OUTPUT_ERRORS,
            ),
            case(
                "one layer further back (w11 = 3, w21 = 2, w12 = 1, w22 = 7)",
                W_INPUT_HIDDEN,
                hidden,
            ),
        ]

    return cases


def _generated(case: Callable[[str, Array, Array], Case]) -> Callable[[], st.SearchStrategy[Case]]:
    @st.composite
    def cases(draw: st.DrawFn) -> Case:
        n_hidden, n_outputs = draw(sizes), draw(sizes)
        weights = draw(matrices(n_outputs, n_hidden, 0.1, 5.0))  # positive: shares of a whole
        return case("a generated layer", weights, draw(vectors(n_outputs, -1.0, 1.0)))

    return cases


EXERCISE = Exercise(
    number=4,
    name="backprop",
    title="splitting errors back: by proportion, and as Wᵀ·e",
    lesson="backprop",
    answers=answers,
    parts=(
        FunctionPart(
            answers.split_errors,
            _worked(_split_case, answers.split_errors),
            _generated(_split_case),
        ),
        FunctionPart(
            answers.hidden_errors,
            _worked(_matrix_case, answers.hidden_errors),
            _generated(_matrix_case),
        ),
    ),
)
