"""Lesson 3: following signals through a node: weighted sum, then the sigmoid."""

import numpy as np

from glassnet.engine.activations import Sigmoid
from glassnet.lessons.core import (
    Lesson,
    LessonInfo,
    dense_with,
    format_number,
    given,
    saturation_notes,
)
from glassnet.lessons.inputs import Input, Inputs

INFO = LessonInfo(
    name="signals",
    document="Rashid deck",
    section="Following Signals Through A Neural Network … Small Network",
    summary="a node sums its weighted inputs and squashes the sum with the sigmoid",
)

SIGNALS = (1.0, 0.5)  # the outputs of the first layer's two nodes
FIRST_WEIGHTS = (0.9, 0.3)  # the links into the first node of the next layer
SECOND_WEIGHTS = (0.2, 0.8)  # the links into the second node

_OUTPUTS_ADVICE = "outputs of sigmoid nodes lie between 0 and 1"
INPUTS = Inputs(
    Input(
        "signals",
        "outputs of the first layer",
        SIGNALS,
        -10.0,
        10.0,
        names=("output of node 1", "output of node 2"),
        advice=(0.0, 1.0),
        advice_text=_OUTPUTS_ADVICE,
    ),
    Input(
        "first_weights",
        "links into the first node",
        FIRST_WEIGHTS,
        -10.0,
        10.0,
        names=("link from node 1 to the first node", "link from node 2 to the first node"),
    ),
    Input(
        "second_weights",
        "links into the second node",
        SECOND_WEIGHTS,
        -10.0,
        10.0,
        names=("link from node 1 to the second node", "link from node 2 to the second node"),
    ),
)


def run(
    *,
    signals: tuple[float, float] = SIGNALS,
    first_weights: tuple[float, float] = FIRST_WEIGHTS,
    second_weights: tuple[float, float] = SECOND_WEIGHTS,
) -> Lesson:
    """The deck's node; every keyword is an input of its worked example (``INPUTS``)."""
    given_signals = INPUTS["signals"].check(signals)
    first_links = INPUTS["first_weights"].check(first_weights)
    second_links = INPUTS["second_weights"].check(second_weights)
    lesson = Lesson(INFO)
    inputs = given_signals[np.newaxis, :]
    first = dense_with(first_links[np.newaxis, :])
    combined = float(first.forward(inputs)[0, 0])
    lesson.add(
        "combined",
        "The combined moderated input",
        "x = (output from first node · link weight) + (output from second node · link weight)",
        {
            "inputs": tuple(float(v) for v in given_signals),
            "link weights": tuple(float(v) for v in first_links),
            "products": inputs[0] * first.weight.value[0],
            "x": combined,
        },
    )
    sigmoid = Sigmoid()
    lesson.add(
        "sigmoid",
        "The sigmoid: a smooth threshold",
        "y = 1/(1 + e^−x): tiny sums give almost nothing, large ones almost 1, and the\n"
        "step between is smooth, so small weight changes make small output changes.",
        {
            "y at x = −4, 0, 4": sigmoid.forward(np.array([-4.0, 0.0, 4.0])),
            f"y at x = {format_number(combined)}": float(sigmoid.forward(np.array(combined))),
        },
    )
    second = dense_with(second_links[np.newaxis, :])
    x = float(second.forward(inputs)[0, 0])
    y = float(Sigmoid().forward(np.array([[x]]))[0, 0])
    lesson.add(
        "small-network",
        "The small network's second node",
        f"The same inputs over the links {given(second_links[0])} and "
        f"{given(second_links[1])}, then the sigmoid.",
        {
            "link weights": tuple(float(v) for v in second_links),
            "products": inputs[0] * second.weight.value[0],
            "x": x,
            "e^−x": float(np.exp(-x)),
            "1 + e^−x": 1.0 + float(np.exp(-x)),
            "y = 1/(1 + e^−x)": y,
        },
    )
    lesson.notes += saturation_notes([combined, x], ["the first node", "the second node"])
    curve_x = np.linspace(-8.0, 8.0, 161)
    lesson.data = {
        "points": [(combined, float(sigmoid.forward(np.array(combined)))), (x, y)],
        "curve": (curve_x, Sigmoid().forward(curve_x)),
    }
    return lesson
