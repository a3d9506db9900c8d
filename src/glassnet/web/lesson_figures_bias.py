"""The networks with a bias: the infographic's 3-2-1 pass/fail network and TinySpark's neuron.

Drawn whole, the biases as square nodes whose input is always 1; the links show the
weights, then (step by step) their gradients, their update, and after training the
trained weights. Every number comes from the lesson.
"""

from typing import Any

import numpy as np

from glassnet.lessons.core import Lesson
from glassnet.web.figure_specs import (
    STYLES,
    Json,
    axis,
    chart,
    dense_links,
    layer,
    line,
    link,
    network,
    node,
    number,
    numbered,
    step,
)

HIDDEN = ("h1", "h2")


def _weights(values: dict[str, Any], prefix: str, rows: int, columns: int) -> np.ndarray:
    """W^k from a step's values named like W¹_ij (i: sending node, j: receiving node)."""
    return np.array(
        [
            [float(values[f"{prefix}{i}{j}"]) for i in range(1, columns + 1)]
            for j in range(1, rows + 1)
        ]
    )


def _by_link(w1: np.ndarray, w2: np.ndarray, b1: Any, b2: float) -> dict[str, float]:
    """The eleven numbers of the 3-2-1 network by link id."""
    values = {f"w1-{i + 1}{j + 1}": float(w1[j, i]) for j in range(2) for i in range(w1.shape[1])}
    values |= {f"w2-{j + 1}1": float(w2[0, j]) for j in range(2)}
    values |= {f"b1-h{j + 1}": float(b1[j]) for j in range(2)}
    return values | {"b2-y": float(b2)}


def _ends(link_id: str) -> tuple[str, str]:
    kind, code = link_id.split("-")
    if kind == "w1":
        return f"x{code[0]}", f"h{code[1]}"
    if kind == "w2":
        return f"h{code[0]}", "y"
    return ("b1", code) if kind == "b1" else ("b2", "y")


def students(lesson: Lesson) -> list[Json]:
    data, forward, gradient = lesson.data, lesson.step("forward"), lesson.step("gradient")
    features = list(data["features"])
    inputs = [f"x{i}" for i in range(1, len(features) + 1)]
    x = lesson.step("data").array("student 1, scaled X")
    w1, w2 = _weights(forward.values, "W¹_", 2, 3), _weights(forward.values, "W²_", 1, 2)
    start = _by_link(w1, w2, np.zeros(2), 0.0)  # the infographic starts its biases at 0
    slopes = _by_link(
        _weights(gradient.values, "∂E/∂W¹_", 2, 3),
        _weights(gradient.values, "∂E/∂W²_", 1, 2),
        gradient.array("∂E/∂b (hidden)"),
        gradient.number("∂E/∂b (output)"),
    )
    (trained_w1, trained_w2), (trained_b1, trained_b2) = data["weights"], data["biases"]
    trained = _by_link(trained_w1, trained_w2, trained_b1, trained_b2[0])
    rule = lesson.step("update")
    new_w2 = rule.array("W² after one engine SGD step")
    h, y_hat = forward.array("H = σ(W¹X + b)"), forward.number("ŷ = σ(W²H + b)")
    after = data["student 1 after training"]
    drawing = network(
        "students-network",
        "The infographic's 3-2-1 network, student 1",
        [
            layer(
                "grades X",
                [
                    *(node(n, f, number(v)) for n, f, v in zip(inputs, features, x, strict=True)),
                    node("b1", "bias", "1", bias=True),
                ],
            ),
            layer(
                "hidden H",
                [
                    *(node(n, n.upper(), f"H {number(v)}") for n, v in zip(HIDDEN, h, strict=True)),
                    node("b2", "bias", "1", bias=True),
                ],
            ),
            layer(
                "output ŷ",
                [node("y", "pass?", f"ŷ {number(y_hat)}", f"y {forward['y (passed?)']}")],
            ),
        ],
        [link(key, *_ends(key), value, number(value)) for key, value in start.items()],
        {
            "data": step(writes=inputs),
            "forward": step([*inputs, "b1", "b2", *start], [*HIDDEN, "y"]),
            "loss": step(
                ["y"],
                ["y"],
                {
                    "y": [
                        f"ŷ {number(y_hat)}",
                        f"E {number(lesson.step('loss').number('E for student 1 alone'))}",
                    ]
                },
            ),
            "gradient": step(["y"], list(start), {k: f"∂ {number(v)}" for k, v in slopes.items()}),
            "update": step(
                ["w2-11", "w2-21"],
                ["w2-11", "w2-21", "b2-y"],
                {
                    "w2-11": f"{number(w2[0, 0])} → {number(new_w2[0])}",
                    "w2-21": f"{number(w2[0, 1])} → {number(new_w2[1])}",
                    "b2-y": f"0 → {number(rule.number('b² after the step'))}",
                },
            ),
            "training": step(
                list(start),
                [*HIDDEN, "y"],
                {
                    **{k: number(v) for k, v in trained.items()},
                    **{
                        n: [f"H {number(v)}"]
                        for n, v in zip(HIDDEN, after["H = σ(W¹X + b)"], strict=True)
                    },
                    "y": [f"ŷ {number(after['ŷ = σ(W²H + b)'])}"],
                },
            ),
        },
        "Square nodes: the biases, whose input is always 1. Links: the weights (at the "
        "gradient step, ∂E/∂w; after training, the trained weights).",
    )
    epochs = np.arange(1, len(data["train loss"]) + 1)
    losses = chart(
        "students-loss",
        "Binary cross-entropy while training",
        axis("epoch", 1.0, float(epochs[-1])),
        axis("E(W)", 0.0, float(max(max(data["train loss"]), max(data["test loss"]))) * 1.1),
        [
            line("train", "training students", epochs, data["train loss"], 0),
            line("test", "test students", epochs, data["test loss"], 1, dash=True),
        ],
        {"training": step(writes=["train", "test"])},
        f"Test accuracy after training: {number(data['test accuracy'])}.",
    )
    return [drawing, losses]


def neuron(lesson: Lesson) -> list[Json]:
    data, first = lesson.data, lesson.step("feedforward")
    inputs, weights = first.array("inputs"), first.array("weights")
    deltas, updated = lesson.step("deltas"), lesson.step("update")
    new, output = data["new weights"], data["first output"]
    drawing = network(
        "neuron-network",
        "TinySpark's neuron, f(x) = x",
        [
            layer(
                "inputs",
                [*numbered("in", "input", inputs), node("bias", "bias", "1", bias=True)],
            ),
            layer(
                "neuron",
                [
                    node(
                        "n",
                        "neuron",
                        f"Σ {number(output)}",
                        f"error {number(lesson.step('error').number('error'))}",
                    )
                ],
            ),
        ],
        [
            *dense_links("w", ["in1", "in2"], ["n"], weights[np.newaxis, :]),
            link("wb", "bias", "n", None, "bias (step 6)"),
        ],
        {
            "feedforward": step(
                ["in1", "in2", "w11", "w21"],
                ["n"],
                {"n": [f"Σ {number(output)}", f"output {number(output)}"]},
            ),
            "error": step(["n"], ["n"]),
            "deltas": step(
                ["n", "in1", "in2"],
                ["w11", "w21"],
                {f"w{k}1": f"δ {number(deltas.number(f'δ weight{k}'))}" for k in (1, 2)},
            ),
            "update": step(
                ["w11", "w21"],
                ["w11", "w21", "n"],
                {
                    **{
                        f"w{k}1": f"{number(weights[k - 1])} → {number(new[k - 1])}" for k in (1, 2)
                    },
                    "n": [
                        f"output {number(updated.number('new output'))}",
                        f"error {number(updated.number('new error'))}",
                    ],
                },
            ),
            "bias": step(["bias"], ["wb"], {"wb": "bias, input 1"}),
        },
    )
    return [drawing, _error_chart(data), _loss_chart(data)]


def _error_chart(data: dict[str, Any]) -> Json:
    errors, bias_errors = data["errors"], data["bias errors"]
    top = max(1e-9, *(abs(e) for e in (*errors, *bias_errors)))
    return chart(
        "neuron-errors",
        "The error after each epoch (one example)",
        axis("epoch", 0.0, float(max(len(errors), len(bias_errors)) - 1) or 1.0),
        axis("error", -top * 1.1, top * 1.1),
        [
            line("no-bias", "without a bias", np.arange(len(errors)), errors, 0),
            line(
                "with-bias", "with a bias", np.arange(len(bias_errors)), bias_errors, 1, dash=True
            ),
        ],
        {"epochs": step(writes=["no-bias"]), "bias": step(["no-bias"], ["with-bias"])},
    )


def _loss_chart(data: dict[str, Any]) -> Json:
    curves = data["curves"]
    last = len(curves) - 1
    return chart(
        "neuron-losses",
        "Loss over the four examples while training",
        axis("epoch", 0.0, float(len(next(iter(curves.values()))) - 1)),
        axis("½ mean error²", 0.0, float(max(max(c) for c in curves.values())) * 1.1),
        [
            line(
                f"curve-{k}",
                name,
                np.arange(len(values)),
                values,
                STYLES[k % len(STYLES)],
                dash=k % 2 == 1,
            )
            for k, (name, values) in enumerate(curves.items())
        ],
        {
            "averaged": step(writes=["curve-0"]),
            "learning-rate": step(writes=[f"curve-{k}" for k in range(1, last)]),
            "mini-batches": step(["curve-1"], [f"curve-{last}"]),
        },
    )
