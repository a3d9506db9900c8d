"""Lesson 5: sending errors back over the links, split by weight and as Wᵀ·e."""

import textwrap

import numpy as np

from glassnet.lessons.core import Lesson, LessonInfo, dense_with, format_number, given
from glassnet.lessons.inputs import Input, Inputs, link_names

INFO = LessonInfo(
    name="backprop",
    document="Rashid deck",
    section="Splitting the error … Backpropagating Errors To More Layers; Review II",
    summary="output errors split over the links in proportion to the weights, and as Wᵀ·e",
)

OUTPUT_ERRORS = (0.8, 0.5)
# Rows are the receiving node: row k holds the links into node k, [w1k, w2k].
W_HIDDEN_OUTPUT = ((2.0, 3.0), (1.0, 4.0))  # w11 = 2, w21 = 3 into output 1; w12 = 1, w22 = 4
W_INPUT_HIDDEN = ((3.0, 2.0), (1.0, 7.0))  # w11 = 3, w21 = 2 into hidden 1; w12 = 1, w22 = 7

_POSITIVE = "the split divides by the sum of a node's weights, so here they stay positive"
INPUTS = Inputs(
    Input(
        "output_errors",
        "output errors",
        OUTPUT_ERRORS,
        0.0,
        10.0,
        open_low=True,
        names=("e1", "e2"),
        help="the lesson compares shares of the total error, so here the errors stay positive",
    ),
    Input(
        "w_hidden_output",
        "W_hidden_output",
        W_HIDDEN_OUTPUT,
        0.01,
        10.0,
        names=link_names(2, 2),
        help=_POSITIVE,
    ),
    Input(
        "w_input_hidden",
        "W_input_hidden",
        W_INPUT_HIDDEN,
        0.01,
        10.0,
        names=link_names(2, 2),
        help=_POSITIVE,
    ),
)


def split_errors(weight: np.ndarray, errors: np.ndarray) -> np.ndarray:
    """Each link's share of its receiving node's error: e_k · w_jk / Σ_j w_jk."""
    shares: np.ndarray = weight / weight.sum(axis=1, keepdims=True) * errors[:, np.newaxis]
    return shares


def backpropagate(weight: np.ndarray, errors: np.ndarray, *, normalised: bool) -> np.ndarray:
    """The errors of the sending nodes, through the engine's ``Dense.propagate`` (eᵀ·W).

    Normalised: each receiving node's incoming weights are first scaled to sum to 1, so
    recombining the split errors is the same matrix product with those fractions.
    """
    fractions = weight / weight.sum(axis=1, keepdims=True) if normalised else weight
    sent: np.ndarray = dense_with(fractions).propagate(errors[np.newaxis, :])[0]
    return sent


def _sums_text(sums: np.ndarray, whose: str) -> str:
    if sums[0] == sums[1]:
        return f"{whose} both sum to {format_number(sums[0])}"
    return f"{whose} sum to {format_number(sums[0])} and {format_number(sums[1])}"


def _compare_text(w_ho: np.ndarray, w_ih: np.ndarray, totals: tuple[float, ...]) -> str:
    """What the simplification keeps and drops, for these weights (the deck's: 5, 5; 5, 8)."""
    out_sums, hidden_sums = w_ho.sum(axis=1), w_ih.sum(axis=1)
    if out_sums[0] == out_sums[1]:
        first = (
            f"Both output nodes' weights sum to {format_number(out_sums[0])}, so Wᵀ·e is "
            f"exactly {format_number(out_sums[0])} × the split hidden errors"
        )
    else:
        whose = "The output nodes' weights"
        first = (
            f"{_sums_text(out_sums, whose)}, so Wᵀ·e already weighs the two output errors "
            "differently from the split"
        )
    further = "keep" if hidden_sums[0] == hidden_sums[1] else "shift"
    text = (
        f"Kept: each link's share stays proportional to its weight. {first}; "
        f"{_sums_text(hidden_sums, 'into the hidden nodes they')}, so one layer further the "
        f"shares {further}. Dropped: the division by those sums, so errors grow with the "
        f"weights (total {' → '.join(format_number(t) for t in totals)}); the learning rate "
        "absorbs the scale. The book's train() uses this form."
    )
    return textwrap.fill(text, width=82)


def run(
    *,
    output_errors: tuple[float, float] = OUTPUT_ERRORS,
    w_hidden_output: tuple[tuple[float, float], ...] = W_HIDDEN_OUTPUT,
    w_input_hidden: tuple[tuple[float, float], ...] = W_INPUT_HIDDEN,
) -> Lesson:
    """The deck's errors sent back; every keyword is an input of its example (``INPUTS``)."""
    errors = INPUTS["output_errors"].check(output_errors)
    w_ho = INPUTS["w_hidden_output"].check(w_hidden_output)
    w_ih = INPUTS["w_input_hidden"].check(w_input_hidden)
    lesson = Lesson(INFO)
    split = split_errors(w_ho, errors)
    lesson.add(
        "split",
        "Splitting each output error over its links",
        "Links with bigger weights contributed more, so they get more of the error:\n"
        "link j→k carries e_k · w_jk / (w_1k + w_2k).",
        {
            "e_output": errors,
            "W_hidden_output (rows: into output 1, 2)": w_ho,
            "split of e1 over w11, w21": split[0],
            "split of e2 over w12, w22": split[1],
        },
    )
    hidden = backpropagate(w_ho, errors, normalised=True)
    lesson.add(
        "hidden",
        "Recombining: the hidden nodes' errors",
        "A hidden node's error is the sum of the split errors on the links leaving it:\n"
        "e_hidden,1 = e1·w11/(w11 + w21) + e2·w12/(w12 + w22).",
        {"e_hidden": hidden},
        note="the deck writes the second fraction as w12/(w22 + w22); it is w12/(w12 + w22)",
    )
    inputs = backpropagate(w_ih, hidden, normalised=True)
    lesson.add(
        "input",
        "One more layer back",
        "The hidden errors split the same way over the input→hidden links\n"
        f"(w11 = {given(w_ih[0, 0])}, w21 = {given(w_ih[0, 1])} into hidden 1; "
        f"w12 = {given(w_ih[1, 0])}, w22 = {given(w_ih[1, 1])} into hidden 2).",
        {"W_input_hidden": w_ih, "e_input": inputs},
    )
    hidden_simple = backpropagate(w_ho, errors, normalised=False)
    inputs_simple = backpropagate(w_ih, hidden_simple, normalised=False)
    lesson.add(
        "matrix",
        "The simplified matrix form: e_hidden = Wᵀ·e",
        "Skipping the normalisation makes backpropagation one matrix product per layer\n"
        "(the book's hidden_errors = numpy.dot(self.who.T, output_errors)).",
        {
            "e_hidden = W_hidden_outputᵀ·e": hidden_simple,
            "e_input = W_input_hiddenᵀ·e": inputs_simple,
        },
    )
    lesson.add(
        "compare",
        "What the simplification keeps and what it drops",
        _compare_text(w_ho, w_ih, (errors.sum(), hidden_simple.sum(), inputs_simple.sum())),
        {
            "hidden: simplified / split": hidden_simple / hidden,
            "input: simplified / split": inputs_simple / inputs,
            "share of input 1, split": inputs[0] / inputs.sum(),
            "share of input 1, simplified": inputs_simple[0] / inputs_simple.sum(),
            "total error, split": (errors.sum(), hidden.sum(), inputs.sum()),
            "total error, simplified": (errors.sum(), hidden_simple.sum(), inputs_simple.sum()),
        },
    )
    lesson.data = {
        "layers": [w_ih, w_ho],
        "errors split": [inputs, hidden, errors],
        "errors simplified": [inputs_simple, hidden_simple, errors],
        "shares": [split_errors(w_ih, hidden), split],  # each link's part of its node's error
    }
    return lesson
