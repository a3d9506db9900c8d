"""Lesson 4: the forward pass as matrices, X = W·I and O = sigmoid(X), layer by layer."""

import numpy as np

from glassnet.engine.activations import Sigmoid
from glassnet.engine.layers import Dense
from glassnet.lessons.core import Lesson, LessonInfo, dense_with

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


def _layer(layer: Dense, inputs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """X = W·I through the engine's layer (a row of inputs), then O = sigmoid(X)."""
    combined = layer.forward(inputs[np.newaxis, :])
    return combined[0], Sigmoid().forward(combined)[0]


def run(seed: int = 0) -> Lesson:
    lesson = Lesson(INFO)
    inputs = np.array(INPUTS_2X2)
    combined, outputs = _layer(dense_with(W_2X2), inputs)
    lesson.add(
        "2x2",
        "The 2x2 example",
        "w1,1 = 0.9, w1,2 = 0.2, w2,1 = 0.3, w2,2 = 0.8 (wi,j links input i to node j),\n"
        "so W = [[w1,1, w2,1], [w1,2, w2,2]]: each row holds the links into one node.",
        {"I": inputs, "W": np.array(W_2X2), "X = W·I": combined, "O = sigmoid(X)": outputs},
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
    hidden_layer, output_layer = dense_with(W_INPUT_HIDDEN), dense_with(W_HIDDEN_OUTPUT)
    inputs_3 = np.array(INPUTS_3)
    hidden_combined, hidden_outputs = _layer(hidden_layer, inputs_3)
    lesson.add(
        "hidden",
        "Three layers: input to hidden",
        "Three inputs, three hidden nodes; X_hidden = W_input_hidden · I.",
        {
            "I": inputs_3,
            "W_input_hidden": np.array(W_INPUT_HIDDEN),
            "X_hidden": hidden_combined,
            "O_hidden": hidden_outputs,
        },
    )
    output_combined, final_outputs = _layer(output_layer, hidden_outputs)
    lesson.add(
        "output",
        "Three layers: hidden to output",
        "The hidden outputs are the next layer's inputs: X_output = W_hidden_output · O_hidden.",
        {
            "W_hidden_output": np.array(W_HIDDEN_OUTPUT),
            "X_output": output_combined,
            "O_output": final_outputs,
        },
        note="worked by hand with O_hidden rounded to 0.761, 0.603, 0.650, X_output comes "
        "out 0.975, 0.888, 1.254, as the book prints; full precision differs in the 3rd decimal",
    )
    lesson.data = {
        "layers": [np.array(W_INPUT_HIDDEN), np.array(W_HIDDEN_OUTPUT)],
        "nodes": [inputs_3, hidden_outputs, final_outputs],
        "sums": [None, hidden_combined, output_combined],
    }
    return lesson
