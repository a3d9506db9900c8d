"""Checks of exercise 10: the deck's three-layer weights run backwards, then generated ones."""

from typing import Any

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from scipy.special import expit, logit

from glassnet._types import Array
from glassnet.exercises.answers import backquery as answers
from glassnet.exercises.checks._strategies import book_networks
from glassnet.exercises.checks.matrix import W_HIDDEN_OUTPUT, W_INPUT_HIDDEN
from glassnet.exercises.core import Case, Exercise
from glassnet.exercises.parts import FunctionPart


def _rescaled(signal: Array) -> Array:
    shifted = signal - np.min(signal)
    return shifted / np.max(shifted) * 0.98 + 0.01


def backquery_with(wih: Array, who: Array, targets: Array, mistake: str | None = None) -> Array:
    """The book's backquery, or what it gives with ``mistake`` made."""
    inverse = expit if mistake == "sigmoid-for-logit" else logit
    rescale = (lambda signal: signal) if mistake == "no-rescale" else _rescaled
    first, second = (who, wih) if mistake == "transposed-weights" else (who.T, wih.T)
    with np.errstate(all="ignore"):  # without rescaling, the logit meets values outside (0, 1)
        hidden = rescale(first @ inverse(targets))
        result: Array = rescale(second @ inverse(hidden))
    return result


def _case(label: str, wih: Array, who: Array, targets: Array) -> Case:
    expected = np.asarray(answers.backquery(wih, who, targets))
    square = wih.shape[0] == wih.shape[1] == who.shape[0]
    keys = ("no-rescale", "sigmoid-for-logit", *(("transposed-weights",) if square else ()))
    mistakes: list[tuple[str, Any]] = [
        (key, backquery_with(wih, who, targets, key)) for key in keys
    ]
    return Case(label, (wih, who, targets), expected, mistakes)


@st.composite
def _generated(draw: st.DrawFn) -> Case:
    wih, who, targets = draw(book_networks(smallest=2))
    # The rescaling divides by each layer's spread of signals: none at all has no answer.
    hidden = who.T @ logit(targets)
    assume(np.ptp(hidden) > 0.05 and np.ptp(wih.T @ logit(_rescaled(hidden))) > 0.05)
    return _case("a generated network", wih, who, targets)


EXERCISE = Exercise(
    number=10,
    name="backquery",
    title="the book's backquery",
    lesson="mnist",
    answers=answers,
    parts=(
        FunctionPart(
            answers.backquery,
            lambda: [
                _case(
                    "the deck's three-layer weights, targets 0.01, 0.99, 0.01",
                    W_INPUT_HIDDEN,
                    W_HIDDEN_OUTPUT,
                    np.array([0.01, 0.99, 0.01]),
                )
            ],
            _generated,
        ),
    ),
)
