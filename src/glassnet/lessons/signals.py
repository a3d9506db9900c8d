"""Lesson 3: following signals through a node: weighted sum, then the sigmoid."""

import numpy as np

from glassnet.engine.activations import Sigmoid
from glassnet.lessons.core import Lesson, LessonInfo, dense_with

INFO = LessonInfo(
    name="signals",
    document="Rashid deck",
    section="Following Signals Through A Neural Network … Small Network",
    summary="a node sums its weighted inputs and squashes the sum with the sigmoid",
)

INPUTS = (1.0, 0.5)  # the outputs of the first layer's two nodes


def run() -> Lesson:
    lesson = Lesson(INFO)
    inputs = np.array([INPUTS])
    first = dense_with([[0.9, 0.3]])  # the links into the first node of the next layer
    combined = float(first.forward(inputs)[0, 0])
    lesson.add(
        "combined",
        "The combined moderated input",
        "x = (output from first node · link weight) + (output from second node · link weight)",
        {
            "inputs": INPUTS,
            "link weights": (0.9, 0.3),
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
            "y at x = 1.05": float(sigmoid.forward(np.array(combined))),
        },
    )
    second = dense_with([[0.2, 0.8]])  # the links into the second node
    x = float(second.forward(inputs)[0, 0])
    y = float(Sigmoid().forward(np.array([[x]]))[0, 0])
    lesson.add(
        "small-network",
        "The small network's second node",
        "The same inputs over the links 0.2 and 0.8, then the sigmoid.",
        {
            "link weights": (0.2, 0.8),
            "products": inputs[0] * second.weight.value[0],
            "x": x,
            "e^−x": float(np.exp(-x)),
            "1 + e^−x": 1.0 + float(np.exp(-x)),
            "y = 1/(1 + e^−x)": y,
        },
    )
    lesson.data = {"points": [(combined, float(sigmoid.forward(np.array(combined)))), (x, y)]}
    return lesson
