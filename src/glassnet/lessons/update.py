"""Lesson 7: one weight update by the deck's formula, then for the whole layer, then checked."""

import numpy as np

from glassnet.engine.activations import Sigmoid
from glassnet.engine.gradcheck import gradcheck
from glassnet.engine.losses import SquaredError
from glassnet.engine.network import Sequential
from glassnet.engine.optimizers import SGD
from glassnet.lessons.core import Lesson, LessonInfo, dense_with, given, saturation_notes
from glassnet.lessons.inputs import Input, Inputs, link_names

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

INPUTS = Inputs(
    Input(
        "hidden_outputs",
        "hidden outputs o",
        HIDDEN_OUTPUTS,
        0.0,
        1.0,
        step=0.05,
        names=("o1 (hidden 1)", "o2 (hidden 2)"),
        help="outputs of sigmoid nodes, so between 0 and 1",
    ),
    Input(
        "output_errors",
        "output errors t − o",
        OUTPUT_ERRORS,
        -1.0,
        1.0,
        step=0.05,
        names=("e1 (output 1)", "e2 (output 2)"),
        help="a target and a sigmoid output both lie in 0…1, so their difference in −1…1",
    ),
    Input("weights", "weights W (hidden → output)", WEIGHTS, -10.0, 10.0, names=link_names(2, 2)),
    Input("learning_rate", "learning rate α", LEARNING_RATE, 0.0, 10.0, step=0.05, open_low=True),
)


def _minus(error: float) -> str:
    """−e as the deck writes it: −0.8, or −(−0.3) for a negative error."""
    return f"−{given(error)}" if error >= 0 else f"−({given(error).replace('-', '−')})"


def run(
    *,
    hidden_outputs: tuple[float, float] = HIDDEN_OUTPUTS,
    output_errors: tuple[float, float] = OUTPUT_ERRORS,
    weights: tuple[tuple[float, float], ...] = WEIGHTS,
    learning_rate: float = LEARNING_RATE,
) -> Lesson:
    """The deck's weight update; every keyword is an input of its example (``INPUTS``)."""
    hidden = INPUTS["hidden_outputs"].check(hidden_outputs)
    given_errors = INPUTS["output_errors"].check(output_errors)
    weight = INPUTS["weights"].check(weights)
    rate = INPUTS["learning_rate"].check(learning_rate)
    lesson = Lesson(INFO)
    outputs = hidden[np.newaxis, :]  # one sample as a row: the layer's input O_j
    errors = given_errors[np.newaxis, :]
    o1, o2, e1 = float(hidden[0]), float(hidden[1]), float(given_errors[0])
    w11, w21 = float(weight[0, 0]), float(weight[0, 1])
    total = float(weight[0] @ outputs[0])
    s = 1.0 / (1.0 + np.exp(-total))
    slope = -e1 * s * (1.0 - s) * o1
    lesson.add(
        "one-weight",
        "The slope of the error for w1,1",
        "dE/dw_jk = −(t_k − o_k) · sigmoid(Σ_j w_jk·o_j) · (1 − sigmoid(Σ_j w_jk·o_j)) · o_j,\n"
        f"here for w1,1 = {given(w11)} (hidden 1, output {given(o1)}) with w2,1 = {given(w21)} "
        f"(hidden 2, output {given(o2)})\ninto output node 1, whose error t − o is {given(e1)}.",
        {
            f"Σ w·o = {given(w11)}·{given(o1)} + {given(w21)}·{given(o2)}": total,
            "sigmoid(Σ w·o)": s,
            "1 − sigmoid": 1.0 - s,
            f"dE/dw1,1 = {_minus(e1)} · S · (1 − S) · {given(o1)}": slope,
        },
        note="the deck's derivation keeps the 2 of d(t − o)²/do; the book drops it (the "
        "learning rate absorbs it), as does glassnet's SquaredError, ½Σ(t − o)²",
    )
    new_weight = w11 - rate * slope
    lesson.add(
        "new-weight",
        "The new weight",
        f"new w = old w − α · dE/dw, with learning rate α = {given(rate)}.",
        {"α": rate, "Δw1,1 = −α · dE/dw": -rate * slope, "new w1,1": new_weight},
    )
    # The whole layer at once, through the engine: a target t = o + e gives error e.
    layer, sigmoid = dense_with(weight), Sigmoid()
    model = Sequential([layer, sigmoid])
    final = model.forward(outputs)
    targets = final + errors
    model.backward_loss(SquaredError(), final, targets)
    error_terms = errors * final * (1.0 - final)  # E_k · S_k(1 − S_k), one per output node
    formula = rate * error_terms.T @ outputs  # ΔW = α · (E·S(1−S)) · Oᵀ
    engine_step = -rate * layer.weight.grad
    SGD(rate).step(model.parameters())
    others = (float(weight[1, 0]), float(weight[1, 1]), float(given_errors[1]))
    lesson.add(
        "matrix",
        "The matrix version for the whole layer",
        "ΔW = α · [E_k·S_k(1 − S_k)] · Oᵀ: a column of output terms times the row of\n"
        f"hidden outputs. The other links (w1,2 = {given(others[0])}, w2,2 = "
        f"{given(others[1])}) and the second error ({given(others[2])})\n"
        + (
            "are the backpropagation example's."
            if others == (WEIGHTS[1][0], WEIGHTS[1][1], OUTPUT_ERRORS[1])
            else "complete the layer."
        ),
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
    lesson.notes += saturation_notes(weight @ hidden, ["output node 1", "output node 2"])
    # E = ½(t − o)² for output 1 as w1,1 alone varies (its target t = S + e1 stays put).
    w = np.linspace(w11 - 6.0, w11 + 6.0, 121)
    curve = 0.5 * (s + e1 - 1.0 / (1.0 + np.exp(-(w * o1 + w21 * o2)))) ** 2
    lesson.data = {
        "weight": weight,
        "new weight": layer.weight.value.copy(),
        "outputs": outputs[0],
        "errors": given_errors,
        "slope": slope,
        "learning rate": rate,
        "error curve": (w, curve),
        "tangent": (w, 0.5 * e1**2 + slope * (w - w11)),  # the slope's line at w1,1
    }
    return lesson
