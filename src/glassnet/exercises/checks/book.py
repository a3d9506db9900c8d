"""Checks of exercise 6: the book's scaling, targets and class, then its real training run."""

import numpy as np
from hypothesis import strategies as st

from glassnet._types import Array
from glassnet.data.preprocessing import one_hot
from glassnet.exercises.answers import book as answers
from glassnet.exercises.checks.book_class import ClassPart
from glassnet.exercises.checks.book_training import TrainingPart
from glassnet.exercises.core import Case, Exercise
from glassnet.exercises.parts import FunctionPart

# Pixels of the first MNIST training image (a 5), from its sixth row: ink from 3 to 255.
MNIST_ROW = np.array([0, 3, 18, 18, 18, 126, 136, 175, 26, 166, 255, 247, 127, 0], dtype=np.float64)


def _scale_case(label: str, pixels: Array, max_value: float) -> Case:
    scaled = answers.scale_inputs(pixels, max_value)
    mistakes = (
        ("integer-division", pixels // max_value * 0.99 + 0.01),
        ("unscaled-inputs", pixels),
        ("unscaled-inputs", pixels / max_value),
        ("unscaled-inputs", pixels / max_value * 0.99),
    )
    return Case(label, (pixels, max_value), scaled, mistakes)


def _scale_worked() -> list[Case]:
    return [
        _scale_case("pixels 0, 127.5 and 255", np.array([0.0, 127.5, 255.0]), 255.0),
        _scale_case("a row of MNIST's first image", MNIST_ROW, 255.0),
        _scale_case(
            "the bundled 8x8 digits' pixels 0, 8 and 16 (max_value 16)",
            np.array([0.0, 8.0, 16.0]),
            16.0,
        ),
    ]


@st.composite
def _scale_generated(draw: st.DrawFn) -> Case:
    pixels = draw(st.lists(st.integers(0, 255), min_size=1, max_size=20))
    return _scale_case("generated pixels", np.array(pixels, dtype=np.float64), 255.0)


def _targets_case(label: str, digit: int, nodes: int) -> Case:
    targets = answers.make_targets(digit, nodes)
    return Case(
        label,
        (digit, nodes),
        targets,
        (("saturating-targets", one_hot([digit], nodes, off=0.0, on=1.0)[0]),),
    )


def _targets_worked() -> list[Case]:
    return [_targets_case("the deck's label 5, ten output nodes", 5, 10)]


@st.composite
def _targets_generated(draw: st.DrawFn) -> Case:
    nodes = draw(st.integers(2, 12))
    return _targets_case("a generated label", draw(st.integers(0, nodes - 1)), nodes)


EXERCISE = Exercise(
    number=6,
    name="book",
    title="the book's neuralNetwork class, trained on MNIST",
    lesson="mnist",
    answers=answers,
    parts=(
        FunctionPart(answers.scale_inputs, _scale_worked, _scale_generated),
        FunctionPart(answers.make_targets, _targets_worked, _targets_generated),
        ClassPart(),
        TrainingPart(),
    ),
    time_limit=1200.0,
    memory_limit=2048,
)
