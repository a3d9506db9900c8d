"""Lesson 5: sending errors back over the links, split by weight and as Wᵀ·e."""

import numpy as np

from glassnet.lessons.core import Lesson, LessonInfo, dense_with

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


def run() -> Lesson:
    lesson = Lesson(INFO)
    errors = np.array(OUTPUT_ERRORS)
    w_ho, w_ih = np.array(W_HIDDEN_OUTPUT), np.array(W_INPUT_HIDDEN)
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
        "(w11 = 3.0, w21 = 2.0 into hidden 1; w12 = 1.0, w22 = 7.0 into hidden 2).",
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
        "Kept: each link's share stays proportional to its weight. Both output nodes'\n"
        "weights sum to 5, so Wᵀ·e is exactly 5 × the split hidden errors; into the hidden\n"
        "nodes they sum to 5 and 8, so one layer further the shares shift. Dropped: the\n"
        "division by those sums, so errors grow with the weights (total 1.3 → 6.5 → 45.7);\n"
        "the learning rate absorbs the scale. The book's train() uses this form.",
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
    }
    return lesson
