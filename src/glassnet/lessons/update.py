"""Lesson 7: one weight update by the deck's formula, then for the whole layer, then checked."""

import numpy as np

from glassnet.engine.activations import Sigmoid
from glassnet.engine.gradcheck import gradcheck
from glassnet.engine.losses import SquaredError
from glassnet.engine.network import Sequential
from glassnet.engine.optimizers import SGD
from glassnet.lessons.core import Lesson, LessonInfo, dense_with

INFO = LessonInfo(
    name="update",
    document="Rashid deck",
    section="Gradients in Neural Networks … Matrix Version",
    summary="the slope dE/dw and the new weight for w1,1 = 2.0, then ΔW = α·E·S(1−S)·Oᵀ",
)

HIDDEN_OUTPUTS = (0.4, 0.5)
OUTPUT_ERRORS = (0.8, 0.5)
# Rows are the receiving output node: [w1,1, w2,1] into output 1, [w1,2, w2,2] into output 2.
WEIGHTS = ((2.0, 3.0), (1.0, 4.0))
LEARNING_RATE = 0.1


def run() -> Lesson:
    lesson = Lesson(INFO)
    outputs = np.array([HIDDEN_OUTPUTS])  # one sample as a row: the layer's input O_j
    errors = np.array([OUTPUT_ERRORS])
    weight = np.array(WEIGHTS)
    total = float(weight[0] @ outputs[0])
    s = 1.0 / (1.0 + np.exp(-total))
    slope = -OUTPUT_ERRORS[0] * s * (1.0 - s) * HIDDEN_OUTPUTS[0]
    lesson.add(
        "one-weight",
        "The slope of the error for w1,1",
        "dE/dw_jk = −(t_k − o_k) · sigmoid(Σ_j w_jk·o_j) · (1 − sigmoid(Σ_j w_jk·o_j)) · o_j,\n"
        "here for w1,1 = 2.0 (hidden 1, output 0.4) with w2,1 = 3.0 (hidden 2, output 0.5)\n"
        "into output node 1, whose error t − o is 0.8.",
        {
            "Σ w·o = 2.0·0.4 + 3.0·0.5": total,
            "sigmoid(Σ w·o)": s,
            "1 − sigmoid": 1.0 - s,
            "dE/dw1,1 = −0.8 · S · (1 − S) · 0.4": slope,
        },
        note="the deck's derivation keeps the 2 of d(t − o)²/do; the book drops it (the "
        "learning rate absorbs it), as does glassnet's SquaredError, ½Σ(t − o)²",
    )
    new_weight = WEIGHTS[0][0] - LEARNING_RATE * slope
    lesson.add(
        "new-weight",
        "The new weight",
        "new w = old w − α · dE/dw, with learning rate α = 0.1.",
        {"α": LEARNING_RATE, "Δw1,1 = −α · dE/dw": -LEARNING_RATE * slope, "new w1,1": new_weight},
    )
    # The whole layer at once, through the engine: a target t = o + e gives error e.
    layer, sigmoid = dense_with(weight), Sigmoid()
    model = Sequential([layer, sigmoid])
    final = model.forward(outputs)
    targets = final + errors
    model.backward_loss(SquaredError(), final, targets)
    error_terms = errors * final * (1.0 - final)  # E_k · S_k(1 − S_k), one per output node
    formula = LEARNING_RATE * error_terms.T @ outputs  # ΔW = α · (E·S(1−S)) · Oᵀ
    engine_step = -LEARNING_RATE * layer.weight.grad
    SGD(LEARNING_RATE).step(model.parameters())
    lesson.add(
        "matrix",
        "The matrix version for the whole layer",
        "ΔW = α · [E_k·S_k(1 − S_k)] · Oᵀ: a column of output terms times the row of\n"
        "hidden outputs. The other links (w1,2 = 1.0, w2,2 = 4.0) and the second error (0.5)\n"
        "are the backpropagation example's.",
        {
            "S = sigmoid(W·O)": final[0],
            "E·S(1 − S)": error_terms[0],
            "ΔW by the formula": formula,
            "ΔW by the engine (−α · Dense's gradient)": engine_step,
            "new W after one engine SGD step": layer.weight.value.copy(),
        },
        note="the deck's last line writes sigmoid(O_k); S_k = O_k = sigmoid(Σ_j w_jk·o_j) is "
        "meant (the sigmoid is applied once)",
    )
    model = Sequential([dense_with(weight), Sigmoid()])
    check = gradcheck(model, SquaredError(), outputs, targets)
    lesson.add(
        "gradcheck",
        "Checked against numerical gradients",
        "gradcheck nudges each weight by ±1e-6 and measures the change in ½Σ(t − o)²;\n"
        "the formula's slopes agree to about 1e-10.",
        {"relative error (weights)": check["layer0.weight"]},
    )
    lesson.data = {"weight": weight, "new weight": layer.weight.value.copy(), "outputs": outputs[0]}
    return lesson
