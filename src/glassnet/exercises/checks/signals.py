"""Checks of exercise 2: the deck's sums 1.05 and 0.6, then generated nodes."""

import numpy as np
from hypothesis import strategies as st

from glassnet._types import Array
from glassnet.exercises.answers import signals as answers
from glassnet.exercises.checks._strategies import numbers, vectors
from glassnet.exercises.core import Case, Exercise
from glassnet.exercises.parts import FunctionPart


def _sigmoid_case(label: str, x: float) -> Case:
    y = answers.sigmoid(x)
    return Case(label, (x,), y, (("sigmoid-sign", 1.0 - y),))  # σ(−x) = 1 − σ(x)


def _sigmoid_worked() -> list[Case]:
    return [
        _sigmoid_case("the deck's small network, x = 0.6 (y = 1/(1 + 0.5488))", 0.6),
        _sigmoid_case("the first node's combined input, x = 1.05", 1.05),
        _sigmoid_case("x = 0, halfway", 0.0),
    ]


@st.composite
def _sigmoid_generated(draw: st.DrawFn) -> Case:
    return _sigmoid_case("a generated sum", draw(numbers(-30.0, 30.0)))


def _node_case(label: str, inputs: Array, weights: Array) -> Case:
    y = answers.node_output(inputs, weights)
    mistakes = (("no-sigmoid", float(inputs @ weights)), ("sigmoid-sign", 1.0 - y))
    return Case(label, (inputs, weights), y, mistakes)


def _node_worked() -> list[Case]:
    inputs = np.array([1.0, 0.5])
    return [
        _node_case(
            "the deck's first node (inputs 1.0, 0.5; links 0.9, 0.3)", inputs, np.array([0.9, 0.3])
        ),
        _node_case(
            "the deck's small network (inputs 1.0, 0.5; links 0.2, 0.8)",
            inputs,
            np.array([0.2, 0.8]),
        ),
    ]


@st.composite
def _node_generated(draw: st.DrawFn) -> Case:
    size = draw(st.integers(1, 6))
    inputs, weights = draw(vectors(size, 0.0, 1.0)), draw(vectors(size, -2.0, 2.0))
    return _node_case("a generated node", inputs, weights)


EXERCISE = Exercise(
    number=2,
    name="signals",
    title="the sigmoid and one node's signal",
    lesson="signals",
    answers=answers,
    parts=(
        FunctionPart(answers.sigmoid, _sigmoid_worked, _sigmoid_generated),
        FunctionPart(answers.node_output, _node_worked, _node_generated),
    ),
)
