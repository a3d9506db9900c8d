"""Checks of the book's ``neuralNetwork`` class: its weights, query and train.

The checker sets ``wih`` and ``who`` itself (the deck's three-layer weights first), so
the numbers do not depend on the random start; then it compares ``query`` and the
weights after one ``train`` with the book's own class, ``glassnet.book``. ``book_step``
computes what one train step gives with a mistake made, to name it.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from hypothesis import strategies as st
from scipy.special import expit

from glassnet._types import Array
from glassnet.exercises.answers import book as answers
from glassnet.exercises.checks._strategies import book_networks, numbers, vectors
from glassnet.exercises.checks.matrix import (
    INPUTS_3,
    W_HIDDEN_OUTPUT,
    W_INPUT_HIDDEN,
    network_mistakes,
)
from glassnet.exercises.core import Case, Failure, PartResult
from glassnet.exercises.judge import Judge, LearnerError
from glassnet.exercises.parts import run_cases

TARGETS_3 = np.array([0.01, 0.99, 0.01])
LEARNING_RATE = 0.3  # the book's first choice
STEP_MISTAKES = (
    "no-slope",
    "output-for-error",
    "transposed-weights",
    "outer-product-reversed",
    "update-sign",
    "rate-twice",
    "updated-weights-used",
    "exact-gradient",
)
LAYER_MISTAKES = (
    "no-slope",
    "outer-product-reversed",
    "update-sign",
    "rate-twice",
)  # one layer or both


def book_step(
    wih: Array,
    who: Array,
    inputs: Array,
    targets: Array,
    rate: float,
    mistake: str | None = None,
    layers: tuple[str, ...] = ("output", "hidden"),
) -> tuple[Array, Array]:
    """The weights after one train() of the book, or with ``mistake`` made (in ``layers``)."""
    x, t = inputs[:, np.newaxis], targets[:, np.newaxis]
    hidden = expit(wih @ x)
    final = expit(who @ hidden)
    errors = final if mistake == "output-for-error" else t - final
    back = who if mistake == "transposed-weights" else who.T
    sent = errors * final * (1.0 - final) if mistake == "exact-gradient" else errors
    hidden_errors = back @ sent

    def change(layer: str, layer_errors: Array, outputs: Array, layer_inputs: Array) -> Array:
        made = mistake if layer in layers else None
        terms = layer_errors if made == "no-slope" else layer_errors * outputs * (1.0 - outputs)
        if made == "outer-product-reversed":
            product = layer_inputs @ terms.T
        else:
            product = terms @ layer_inputs.T
        step: Array = rate * product * (rate if made == "rate-twice" else 1.0)
        return -step if made == "update-sign" else step

    new_who = who + change("output", errors, final, hidden)
    if mistake == "updated-weights-used":
        hidden_errors = new_who.T @ errors
    return wih + change("hidden", hidden_errors, hidden, x), new_who


def _query_with(network: type) -> Callable[..., Any]:
    def query(wih: Array, who: Array, inputs_list: Array) -> Any:
        net = network(wih.shape[1], wih.shape[0], who.shape[0], LEARNING_RATE)
        net.wih, net.who = wih.copy(), who.copy()
        return net.query(inputs_list)

    return query


def _train_with(network: type) -> Callable[..., Any]:
    def train(
        wih: Array, who: Array, inputs_list: Array, targets_list: Array, learningrate: float
    ) -> Any:
        net = network(wih.shape[1], wih.shape[0], who.shape[0], learningrate)
        net.wih, net.who = wih.copy(), who.copy()  # copies: train may change them in place
        net.train(inputs_list, targets_list)
        return np.array(net.wih, dtype=np.float64), np.array(net.who, dtype=np.float64)

    return train


def _query_case(label: str, wih: Array, who: Array, inputs: Array) -> Case:
    expected = np.asarray(_query_with(answers.neuralNetwork)(wih, who, inputs))
    return Case(label, (wih, who, inputs), expected, network_mistakes(wih, who, inputs))


def _train_case(
    label: str, wih: Array, who: Array, inputs: Array, targets: Array, rate: float
) -> Case:
    expected = _train_with(answers.neuralNetwork)(wih, who, inputs, targets, rate)
    square = wih.shape[0] == wih.shape[1] == who.shape[0]
    mistakes = [
        (key, book_step(wih, who, inputs, targets, rate, key, layers))
        for key in STEP_MISTAKES
        if square or key not in ("transposed-weights", "outer-product-reversed")
        for layers in (("output", "hidden"), ("output",), ("hidden",))
        if len(layers) == 2 or key in LAYER_MISTAKES
    ]
    names = ("wih after train", "who after train")
    return Case(label, (wih, who, inputs, targets, rate), expected, mistakes, names=names)


@st.composite
def _networks(draw: st.DrawFn) -> tuple[Array, Array, Array, Array, float]:
    wih, who, targets = draw(book_networks())
    inputs = draw(vectors(wih.shape[1], 0.01, 1.0))
    return wih, who, inputs, targets, draw(numbers(0.05, 0.5))


@st.composite
def _generated_queries(draw: st.DrawFn) -> Case:
    wih, who, inputs, _, _ = draw(_networks())
    return _query_case("a generated network", wih, who, inputs)


@st.composite
def _generated_training(draw: st.DrawFn) -> Case:
    return _train_case("a generated network and example", *draw(_networks()))


@dataclass(frozen=True)
class ClassPart:
    """The book's class: a fresh instance's weights, then query, then one train step."""

    name: str = "neuralNetwork"
    requires: tuple[str, ...] = ()
    examples: int = 15

    def run(self, objects: Mapping[str, Any], judge: Judge) -> PartResult:
        network = objects[self.name]
        failure = _check_new_weights(network, judge)
        if failure is not None:
            return PartResult(self.name, "failed", 0, failure)
        checks = 1
        for method, function, worked, generated in _method_checks(network):
            name = f"{self.name}.{method}"
            passed, failure = run_cases(judge, name, function, worked, generated, self.examples)
            checks += passed
            if failure is not None:
                return PartResult(self.name, "failed", checks, failure)
        return PartResult(self.name, "passed", checks)


def _method_checks(
    network: type,
) -> list[tuple[str, Callable[..., Any], list[Case], st.SearchStrategy[Case]]]:
    """query, then train: each a function of the weights, its worked case, generated ones."""
    deck = "the deck's three-layer example (inputs 0.9, 0.1, 0.8)"
    query = _query_case(deck, W_INPUT_HIDDEN, W_HIDDEN_OUTPUT, INPUTS_3)
    train = _train_case(
        f"{deck}, targets 0.01, 0.99, 0.01, lr 0.3",
        W_INPUT_HIDDEN,
        W_HIDDEN_OUTPUT,
        INPUTS_3,
        TARGETS_3,
        LEARNING_RATE,
    )
    return [
        ("query", _query_with(network), [query], _generated_queries()),
        ("train", _train_with(network), [train], _generated_training()),
    ]


def _check_new_weights(network: type, judge: Judge) -> Failure | None:
    """A new network keeps random, small weights of both signs in wih and who."""
    made = "neuralNetwork(30, 20, 10, 0.3)"

    def failed(problem: str, **more: Any) -> Failure:
        return Failure(f"creating {made}", "", problem, **more)

    try:
        net = judge.attempt(made, lambda: network(30, 20, 10, 0.3))
    except LearnerError as error:
        return failed(str(error))
    arrays = {}
    for name, shape in (("wih", (20, 30)), ("who", (10, 20))):
        value = getattr(net, name, None)
        if value is None:
            return failed(
                f"it has no self.{name}: the book keeps the link weights in self.wih and self.who"
            )
        array = np.asarray(value, dtype=np.float64)
        if array.shape != shape:
            mistake = "transposed-weights" if array.shape == shape[::-1] else None
            return failed(
                f"self.{name} has shape {array.shape}",
                expected=f"shape {shape}",
                got=f"shape {array.shape}",
                mistake=mistake,
            )
        arrays[name] = array
    for name, array in arrays.items():
        if np.all(array == array.flat[0]):
            return failed(
                f"every weight in self.{name} is {array.flat[0]:g}", mistake="equal-weights"
            )
        if np.all(array >= 0):
            return failed(f"every weight in self.{name} is positive", mistake="positive-weights")
    return None
