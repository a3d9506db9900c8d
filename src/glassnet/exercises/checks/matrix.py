"""Checks of exercise 3: the deck's 2x2 and three-layer examples, then generated layers."""

from typing import Any

import numpy as np
from hypothesis import strategies as st
from scipy.special import expit

from glassnet._types import Array
from glassnet.exercises.answers import matrix as answers
from glassnet.exercises.checks._strategies import matrices, sizes, vectors
from glassnet.exercises.core import Case, Exercise
from glassnet.exercises.parts import FunctionPart

W_2X2 = np.array([[0.9, 0.3], [0.2, 0.8]])
INPUTS_2X2 = np.array([1.0, 0.5])
INPUTS_3 = np.array([0.9, 0.1, 0.8])
W_INPUT_HIDDEN = np.array([[0.9, 0.3, 0.4], [0.2, 0.8, 0.2], [0.1, 0.5, 0.6]])
W_HIDDEN_OUTPUT = np.array([[0.3, 0.7, 0.5], [0.6, 0.5, 0.2], [0.8, 0.1, 0.9]])


def _layer_case(label: str, weights: Array, inputs: Array) -> Case:
    outputs = np.asarray(answers.layer_outputs(weights, inputs))
    mistakes: list[tuple[str, Any]] = [
        ("no-sigmoid", weights @ inputs),
        ("sigmoid-sign", 1.0 - outputs),
    ]
    if weights.shape[0] == weights.shape[1]:
        mistakes.append(("transposed-weights", answers.layer_outputs(weights.T, inputs)))
    return Case(label, (weights, inputs), outputs, mistakes)


def _layer_worked() -> list[Case]:
    return [
        _layer_case("the deck's 2x2 example (inputs 1.0 and 0.5)", W_2X2, INPUTS_2X2),
        _layer_case("the three-layer example's first layer", W_INPUT_HIDDEN, INPUTS_3),
    ]


@st.composite
def _layer_generated(draw: st.DrawFn) -> Case:
    n_inputs, n_nodes = draw(sizes), draw(sizes)
    weights = draw(matrices(n_nodes, n_inputs, -2.0, 2.0))
    return _layer_case("a generated layer", weights, draw(vectors(n_inputs, 0.01, 1.0)))


def network_mistakes(first: Array, second: Array, inputs: Array) -> list[tuple[str, Any]]:
    """What two sigmoid layers give with a mistake made (also the book's query)."""
    mistakes: list[tuple[str, Any]] = [
        ("no-sigmoid", expit(second @ (first @ inputs))),  # none on the hidden layer
        ("no-sigmoid", second @ expit(first @ inputs)),  # none on the output layer
        ("no-sigmoid", second @ first @ inputs),
    ]
    if first.shape[0] == first.shape[1] and second.shape[0] == second.shape[1]:
        mistakes.append(("transposed-weights", answers.network_outputs(first.T, second.T, inputs)))
    return mistakes


def _network_case(label: str, first: Array, second: Array, inputs: Array) -> Case:
    outputs = answers.network_outputs(first, second, inputs)
    return Case(label, (first, second, inputs), outputs, network_mistakes(first, second, inputs))


def _network_worked() -> list[Case]:
    label = "the deck's three-layer example (inputs 0.9, 0.1, 0.8)"
    return [_network_case(label, W_INPUT_HIDDEN, W_HIDDEN_OUTPUT, INPUTS_3)]


@st.composite
def _network_generated(draw: st.DrawFn) -> Case:
    n_inputs, n_hidden, n_outputs = draw(sizes), draw(sizes), draw(sizes)
    first = draw(matrices(n_hidden, n_inputs, -2.0, 2.0))
    second = draw(matrices(n_outputs, n_hidden, -2.0, 2.0))
    inputs = draw(vectors(n_inputs, 0.01, 1.0))
    return _network_case("a generated network", first, second, inputs)


EXERCISE = Exercise(
    number=3,
    name="matrix",
    title="the matrix forward pass X = W·I",
    lesson="matrix",
    answers=answers,
    parts=(
        FunctionPart(answers.layer_outputs, _layer_worked, _layer_generated),
        FunctionPart(answers.network_outputs, _network_worked, _network_generated),
    ),
)
