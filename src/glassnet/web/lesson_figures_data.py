"""The figures of the lessons that train: mnist, students, neuron and gestures.

Big networks are drawn as the deck draws them, a few nodes per layer with "…" between;
the infographic's 3-2-1 network and TinySpark's neuron are drawn whole, biases included.
"""

from typing import Any, cast

import numpy as np

from glassnet.lessons.core import Lesson
from glassnet.web.figure_specs import (
    Json,
    axis,
    chart,
    dense_links,
    image,
    images,
    layer,
    line,
    link,
    network,
    node,
    number,
    step,
)

STYLES = (0, 1, 2, 3, 4, 5, 7)


def _schematic(prefix: str, title: str, size: int) -> list[Json]:
    """First node, an ellipsis, last node: how the deck draws a layer of hundreds."""
    if size <= 3:
        return [node(f"{prefix}{k}", f"{title} {k}", str(k)) for k in range(1, size + 1)]
    return [
        node(f"{prefix}1", f"{title} 1", "1"),
        node(f"{prefix}-more", f"{size - 2} more", "…"),
        node(f"{prefix}{size}", f"{title} {size}", f"{size:,}"),
    ]


def _all_links(prefix: str, sources: list[Json], targets: list[Json]) -> list[Json]:
    return [
        link(f"{prefix}-{s['id']}-{t['id']}", s["id"], t["id"], None, "")
        for s in sources
        for t in targets
    ]


def mnist(lesson: Lesson) -> list[Json]:
    data = lesson.data
    n_inputs = int(lesson.step("data").number("pixels per image"))
    hidden = int(str(lesson.step("init")["network"]).split("-")[1])
    table = lesson.step("outputs")["output layer"]
    outputs = np.asarray(table.values)  # type: ignore[union-attr]
    first = str(data["examples"][0])
    inputs, hiddens = _schematic("x", "input", n_inputs), _schematic("h", "hidden", hidden)
    labels = [node(f"y{d}", f"output {d}", number(outputs[d, 0])) for d in range(10)]
    drawing = network(
        "mnist-network",
        f"The book's network, {n_inputs}-{hidden}-10",
        [
            layer("inputs", inputs),
            layer("hidden", hiddens),
            layer(f'outputs for the "{first}"', labels),
        ],
        [*_all_links("ih", inputs, hiddens), *_all_links("ho", hiddens, labels)],
        {
            "data": step(writes=[n["id"] for n in inputs]),
            "inputs": step(writes=[n["id"] for n in inputs]),
            "targets": step(
                writes=[n["id"] for n in labels],
                labels={f"y{d}": f"target {'0.99' if d == 5 else '0.01'}" for d in range(10)},
            ),
            "init": step(
                writes=[
                    f"{kind}-{s['id']}-{t['id']}"
                    for kind, a, b in (("ih", inputs, hiddens), ("ho", hiddens, labels))
                    for s in a
                    for t in b
                ]
            ),
            "training": step(reads=[n["id"] for n in inputs], writes=[n["id"] for n in hiddens]),
            "outputs": step(reads=[n["id"] for n in inputs], writes=[n["id"] for n in labels]),
        },
        "Links drawn between the first and last nodes only; every input links to every hidden node.",
        wide=True,
    )
    low, high = 0.0, float(lesson.step("data").array("pixel values")[1])
    pictures = images(
        "mnist-examples",
        "The test images of the deck's table",
        [
            image(f"image {index}: a {digit}, labelled {label}", picture, low, high)
            for digit, index, picture, label in zip(
                data["examples"],
                data["test image numbers"],
                data["images"],
                lesson.step("outputs").array("labels given").astype(int),
                strict=True,
            )
        ],
    )
    return [drawing, pictures]


def _student_weights(values: dict[str, Any], prefix: str, rows: int, columns: int) -> np.ndarray:
    """W^k from the step's values named like W¹_ij (i: sending node, j: receiving node)."""
    return np.array(
        [
            [float(values[f"{prefix}{i}{j}"]) for i in range(1, columns + 1)]
            for j in range(1, rows + 1)
        ]
    )


def students(lesson: Lesson) -> list[Json]:
    data, forward, gradient = lesson.data, lesson.step("forward"), lesson.step("gradient")
    features = list(data["features"])
    x = lesson.step("data").array("student 1, scaled X")
    w1, w2 = (
        _student_weights(forward.values, "W¹_", 2, 3),
        _student_weights(forward.values, "W²_", 1, 2),
    )
    g1, g2 = (
        _student_weights(gradient.values, "∂E/∂W¹_", 2, 3),
        _student_weights(gradient.values, "∂E/∂W²_", 1, 2),
    )
    hidden_bias_grad, output_bias_grad = (
        gradient.array("∂E/∂b (hidden)"),
        gradient.number("∂E/∂b (output)"),
    )
    inputs = [f"x{i}" for i in range(1, len(features) + 1)]

    def layers(h: Any, y_hat: float, extra: str = "") -> list[Json]:
        return [
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
                    node("h1", "H1", f"H {number(h[0])}"),
                    node("h2", "H2", f"H {number(h[1])}"),
                    node("b2", "bias", "1", bias=True),
                ],
            ),
            layer(
                "output ŷ", [node("y", "pass?", f"ŷ {number(y_hat)}", *([extra] if extra else []))]
            ),
        ]

    def links(
        first: np.ndarray, second: np.ndarray, biases: tuple[Any, Any], labels: Any = None
    ) -> list[Json]:
        hidden_bias, output_bias = biases
        l1, l2, lb = (None, None, None) if labels is None else labels
        return [
            *dense_links("w1-", inputs, ["h1", "h2"], first, l1),
            *dense_links("w2-", ["h1", "h2"], ["y"], second, l2),
            *(
                link(
                    f"b1-h{j}",
                    "b1",
                    f"h{j}",
                    float(hidden_bias[j - 1]),
                    number(hidden_bias[j - 1]) if lb is None else lb[j - 1],
                )
                for j in (1, 2)
            ),
            link(
                "b2-y", "b2", "y", float(output_bias), number(output_bias) if lb is None else lb[2]
            ),
        ]

    h = forward.array("H = σ(W¹X + b)")
    y_hat = forward.number("ŷ = σ(W²H + b)")
    after = data["student 1 after training"]
    trained_w1, trained_w2 = data["weights"]
    trained_b1, trained_b2 = data["biases"]
    all_links = [one["id"] for one in links(w1, w2, (np.zeros(2), 0.0))]
    grad_labels = links(
        g1,
        g2,
        (hidden_bias_grad, output_bias_grad),
        (
            [[f"∂ {number(v)}" for v in row] for row in g1],
            [[f"∂ {number(v)}" for v in row] for row in g2],
            [f"∂ {number(v)}" for v in (*hidden_bias_grad, output_bias_grad)],
        ),
    )
    rule = lesson.step("update")
    new_w2 = rule.array("W² after one engine SGD step")
    trained_links = links(trained_w1, trained_w2, (trained_b1, trained_b2[0]))
    trained_nodes = {
        "h1": [f"H {number(after['H = σ(W¹X + b)'][0])}"],
        "h2": [f"H {number(after['H = σ(W¹X + b)'][1])}"],
        "y": [f"ŷ {number(after['ŷ = σ(W²H + b)'])}"],
    }
    drawing = network(
        "students-network",
        "The infographic's 3-2-1 network, student 1",
        layers(h, y_hat, f"y {forward['y (passed?)']}"),
        links(w1, w2, (np.zeros(2), 0.0)),
        {
            "data": step(writes=inputs),
            "forward": step([*inputs, "b1", "b2", *all_links], ["h1", "h2", "y"]),
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
            "gradient": step(["y"], all_links, {one["id"]: one["label"] for one in grad_labels}),
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
                all_links,
                ["h1", "h2", "y"],
                {**{one["id"]: one["label"] for one in trained_links}, **trained_nodes},
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
    inputs, weights = first["inputs"], first["weights"]
    error = lesson.step("error").number("error")
    deltas = lesson.step("deltas")
    new = data["new weights"]
    nodes_in = [node(f"in{i}", f"input{i}", number(v)) for i, v in enumerate(inputs, 1)]  # type: ignore[arg-type]
    output = data["first output"]
    neuron_lines = [f"Σ {number(output)}", f"error {number(error)}"]
    drawing = network(
        "neuron-network",
        "TinySpark's neuron, f(x) = x",
        [
            layer("inputs", [*nodes_in, node("bias", "bias", "1", bias=True)]),
            layer("neuron", [node("n", "neuron", *neuron_lines)]),
        ],
        [
            *dense_links("w", ["in1", "in2"], ["n"], np.array([weights])),
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
                {
                    "w11": f"δ {number(deltas.number('δ weight1'))}",
                    "w21": f"δ {number(deltas.number('δ weight2'))}",
                },
            ),
            "update": step(
                ["w11", "w21"],
                ["w11", "w21", "n"],
                {
                    "w11": f"{number(weights[0])} → {number(new[0])}",  # type: ignore[index]
                    "w21": f"{number(weights[1])} → {number(new[1])}",  # type: ignore[index]
                    "n": [
                        f"output {number(data['new output'])}",
                        f"error {number(lesson.step('update').number('new error'))}",
                    ],
                },
            ),
            "bias": step(["bias"], ["wb"], {"wb": "bias, input 1"}),
        },
    )
    errors, bias_errors = data["errors"], data["bias errors"]
    longest = max(len(errors), len(bias_errors))
    top = max(1e-9, *(abs(e) for e in (*errors, *bias_errors)))
    error_chart = chart(
        "neuron-errors",
        "The error after each epoch (one example)",
        axis("epoch", 0.0, float(longest - 1) or 1.0),
        axis("error", -top * 1.1, top * 1.1),
        [
            line("no-bias", "without a bias", np.arange(len(errors)), errors, 0),
            line(
                "with-bias", "with a bias", np.arange(len(bias_errors)), bias_errors, 1, dash=True
            ),
        ],
        {"epochs": step(writes=["no-bias"]), "bias": step(["no-bias"], ["with-bias"])},
    )
    curves = data["curves"]
    names = list(curves)
    loss_chart = chart(
        "neuron-losses",
        "Loss over the four examples while training",
        axis("epoch", 0.0, float(len(curves[names[0]]) - 1)),
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
            "learning-rate": step(writes=[f"curve-{k}" for k in range(1, len(names) - 1)]),
            "mini-batches": step(["curve-1"], [f"curve-{len(names) - 1}"]),
        },
    )
    return [drawing, error_chart, loss_chart]


def gestures(lesson: Lesson) -> list[Json]:
    data = lesson.data
    channels = cast(list[str], lesson.step("recordings")["channels"])
    figures = []
    for name, recording in zip(data["gestures"], data["examples scaled"], strict=True):
        time_ms = np.arange(len(recording)) / 119.0 * 1000.0
        figures.append(
            chart(
                f"gestures-{name}",
                f"The first {name}, scaled to 0–1",
                axis("time (ms)", 0.0, float(time_ms[-1])),
                axis("scaled reading", 0.0, 1.0),
                [
                    line(
                        channel,
                        channel,
                        time_ms,
                        recording[:, k],
                        STYLES[k % len(STYLES)],
                        dash=k >= 3,
                    )
                    for k, channel in enumerate(channels)
                ],
                {"recordings": step(writes=channels), "scaling": step(writes=channels)},
                "Solid: the accelerometer (aX, aY, aZ); dashed: the gyroscope (gX, gY, gZ).",
            )
        )
    folds = data["fold losses"]
    longest = max(len(losses) for losses in folds)
    figures.append(
        chart(
            "gestures-folds",
            "Training loss of each fold's network",
            axis("epoch", 1.0, float(longest)),
            axis("binary cross-entropy", 0.0, float(max(max(losses) for losses in folds)) * 1.1),
            [
                line(
                    f"fold-{k}",
                    f"fold {k}: held-out accuracy {number(score)}",
                    np.arange(1, len(losses) + 1),
                    losses,
                    STYLES[(k - 1) % len(STYLES)],
                    dash=k % 2 == 0,
                )
                for k, (losses, score) in enumerate(
                    zip(folds, data["fold accuracy"], strict=True), 1
                )
            ],
            {"cross-validation": step(writes=[f"fold-{k}" for k in range(1, len(folds) + 1)])},
        )
    )
    return figures
