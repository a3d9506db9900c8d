"""Lesson 4: the forward pass as matrices, X = W·I and O = sigmoid(X), layer by layer."""

import numpy as np

from glassnet.engine.activations import Sigmoid
from glassnet.engine.layers import Dense
from glassnet.lessons.core import Lesson, LessonInfo, dense_with, given, saturation_notes
from glassnet.lessons.inputs import Input, Inputs, link_names

INFO = LessonInfo(
    name="matrix",
    document="Rashid deck",
    section="Matrix Multiplication; A Three Layer Example",
    summary="the 2x2 exercise and the three-layer example as X = W·I, O = sigmoid(X)",
)

# w_{i,j} links input node i to hidden node j; a weight matrix's row j holds the links
# into node j, so W = [[w11, w21], [w12, w22]].
W_2X2 = ((0.9, 0.3), (0.2, 0.8))
INPUTS_2X2 = (1.0, 0.5)
INPUTS_3 = (0.9, 0.1, 0.8)
W_INPUT_HIDDEN = ((0.9, 0.3, 0.4), (0.2, 0.8, 0.2), (0.1, 0.5, 0.6))
W_HIDDEN_OUTPUT = ((0.3, 0.7, 0.5), (0.6, 0.5, 0.2), (0.8, 0.1, 0.9))

_INPUT_ADVICE = (
    "the deck scales inputs to 0.01–0.99 (or −1 to +1): larger ones saturate the sigmoid"
)


def _signals(name: str, label: str, default: tuple[float, ...]) -> Input:
    return Input(
        name,
        label,
        default,
        -10.0,
        10.0,
        names=tuple(f"input {i}" for i in range(1, len(default) + 1)),
        advice=(-1.0, 1.0),
        advice_text=_INPUT_ADVICE,
    )


def _weights(name: str, label: str, default: tuple[tuple[float, ...], ...]) -> Input:
    return Input(name, label, default, -10.0, 10.0, names=link_names(len(default), len(default[0])))


INPUTS = Inputs(
    _signals("inputs_2x2", "the 2x2 example's inputs", INPUTS_2X2),
    _weights("weights_2x2", "the 2x2 example's weights W", W_2X2),
    Input("seed", "seed of the random weights", 0, 0, 99_999, step=1, whole=True),
    _signals("inputs_3", "the three-layer example's inputs", INPUTS_3),
    _weights("w_input_hidden", "W_input_hidden", W_INPUT_HIDDEN),
    _weights("w_hidden_output", "W_hidden_output", W_HIDDEN_OUTPUT),
)


def _layer(layer: Dense, inputs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """X = W·I through the engine's layer (a row of inputs), then O = sigmoid(X)."""
    combined = layer.forward(inputs[np.newaxis, :])
    return combined[0], Sigmoid().forward(combined)[0]


def run(
    seed: int = 0,
    *,
    inputs_2x2: tuple[float, ...] = INPUTS_2X2,
    weights_2x2: tuple[tuple[float, ...], ...] = W_2X2,
    inputs_3: tuple[float, ...] = INPUTS_3,
    w_input_hidden: tuple[tuple[float, ...], ...] = W_INPUT_HIDDEN,
    w_hidden_output: tuple[tuple[float, ...], ...] = W_HIDDEN_OUTPUT,
) -> Lesson:
    """The deck's forward passes; every keyword is an input of its examples (``INPUTS``)."""
    seed = INPUTS["seed"].check(seed)
    inputs = INPUTS["inputs_2x2"].check(inputs_2x2)
    weights = INPUTS["weights_2x2"].check(weights_2x2)
    inputs_3_checked = INPUTS["inputs_3"].check(inputs_3)
    w_ih = INPUTS["w_input_hidden"].check(w_input_hidden)
    w_ho = INPUTS["w_hidden_output"].check(w_hidden_output)
    lesson = Lesson(INFO)
    combined, outputs = _layer(dense_with(weights), inputs)
    named = ", ".join(f"w{i},{j} = {given(weights[j - 1, i - 1])}" for i in (1, 2) for j in (1, 2))
    lesson.add(
        "2x2",
        "The 2x2 example",
        f"{named} (wi,j links input i to node j),\n"
        "so W = [[w1,1, w2,1], [w1,2, w2,2]]: each row holds the links into one node.",
        {"I": inputs, "W": weights, "X = W·I": combined, "O = sigmoid(X)": outputs},
    )
    random_layer = Dense(2, 2, bias=False, init="book", rng=np.random.default_rng(seed))
    random_combined, random_outputs = _layer(random_layer, inputs)
    lesson.add(
        "2x2-random",
        "The same with random weights",
        "numpy's normal distribution, with the book's spread 1/√(links into a node)\n"
        "= 1/√2, drawn from a seeded generator.",
        {
            "seed": seed,
            "W": random_layer.weight.value.copy(),
            "X = W·I": random_combined,
            "O = sigmoid(X)": random_outputs,
        },
    )
    hidden_layer, output_layer = dense_with(w_ih), dense_with(w_ho)
    hidden_combined, hidden_outputs = _layer(hidden_layer, inputs_3_checked)
    lesson.add(
        "hidden",
        "Three layers: input to hidden",
        "Three inputs, three hidden nodes; X_hidden = W_input_hidden · I.",
        {
            "I": inputs_3_checked,
            "W_input_hidden": w_ih,
            "X_hidden": hidden_combined,
            "O_hidden": hidden_outputs,
        },
    )
    output_combined, final_outputs = _layer(output_layer, hidden_outputs)
    book_example = (
        np.array_equal(inputs_3_checked, INPUTS_3)
        and np.array_equal(w_ih, W_INPUT_HIDDEN)
        and np.array_equal(w_ho, W_HIDDEN_OUTPUT)
    )
    lesson.add(
        "output",
        "Three layers: hidden to output",
        "The hidden outputs are the next layer's inputs: X_output = W_hidden_output · O_hidden.",
        {
            "W_hidden_output": w_ho,
            "X_output": output_combined,
            "O_output": final_outputs,
        },
        note="worked by hand with O_hidden rounded to 0.761, 0.603, 0.650, X_output comes "
        "out 0.975, 0.888, 1.254, as the book prints; full precision differs in the 3rd decimal"
        if book_example
        else "",
    )
    lesson.notes += saturation_notes(combined, [f"the 2x2 example's node {j}" for j in (1, 2)])
    lesson.notes += saturation_notes(hidden_combined, [f"hidden node {j}" for j in (1, 2, 3)])
    lesson.notes += saturation_notes(output_combined, [f"output node {k}" for k in (1, 2, 3)])
    lesson.data = {
        "layers": [w_ih, w_ho],
        "nodes": [inputs_3_checked, hidden_outputs, final_outputs],
        "sums": [None, hidden_combined, output_combined],
    }
    return lesson
