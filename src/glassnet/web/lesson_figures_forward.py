"""The forward passes of the deck, drawn: signals through two nodes, and matrix.

As the deck draws them: nodes with their values, links with their weights; each step of
the lesson marks what it reads and what it writes. Numbers come from the lesson only.
"""

import numpy as np

from glassnet.lessons.core import Lesson
from glassnet.web.figure_specs import (
    WAITING,
    Json,
    axis,
    chart,
    dense_links,
    ids,
    layer,
    line,
    network,
    node,
    number,
    numbered,
    points,
    step,
)


def signals(lesson: Lesson) -> list[Json]:
    combined, small = lesson.step("combined"), lesson.step("small-network")
    inputs = combined.array("inputs")
    (x1, y1), (x2, y2) = lesson.data["points"]
    first = [f"x {number(x1)}", f"y {number(y1)}"]
    second = [f"x {number(x2)}", f"y {number(y2)}"]
    drawing = network(
        "signals-network",
        "Signals through two nodes",
        [
            layer(
                "first layer",
                [node(f"in{i}", f"node {i}", number(v)) for i, v in enumerate(inputs, 1)],
            ),
            layer(
                "next layer", [node("a", "first node", *first), node("b", "second node", *second)]
            ),
        ],
        dense_links(
            "w",
            ["in1", "in2"],
            ["a", "b"],
            np.array([combined["link weights"], small["link weights"]]),
        ),
        {
            "combined": step(
                ["in1", "in2", "w11", "w21"],
                ["a"],
                {"a": [first[0], "y " + WAITING], "b": [WAITING]},
            ),
            "sigmoid": step(["a"], ["a"], {"b": [WAITING]}),
            "small-network": step(["in1", "in2", "w12", "w22"], ["b"]),
        },
        "Node values: x, the combined input; y, the output after the sigmoid.",
    )
    curve_x, curve_y = lesson.data["curve"]
    sigmoid = chart(
        "signals-sigmoid",
        "The sigmoid y = 1/(1 + e^−x)",
        axis("combined input x", -8.0, 8.0),
        axis("output y", 0.0, 1.0),
        [
            line("sigmoid", "sigmoid", curve_x, curve_y, 0),
            points(
                "first", "first node", (x1, y1), 3, "circle", [f"x {number(x1)}, y {number(y1)}"]
            ),
            points(
                "second", "second node", (x2, y2), 1, "square", [f"x {number(x2)}, y {number(y2)}"]
            ),
        ],
        {"sigmoid": step(["sigmoid"], ["first"]), "small-network": step(["sigmoid"], ["second"])},
    )
    return [drawing, sigmoid]


def _forward(
    figure_id: str,
    title: str,
    inputs: np.ndarray,
    weight: np.ndarray,
    sums: np.ndarray,
    outputs: np.ndarray,
    reads_writes: str,
) -> Json:
    """A two-layer drawing: inputs, links W, and nodes showing X and O."""
    sources, targets = ids("i", len(inputs)), ids("o", len(outputs))
    return network(
        figure_id,
        title,
        [
            layer("inputs I", numbered("i", "input", inputs)),
            layer(
                "outputs",
                [
                    node(t, f"node {k}", f"X {number(x)}", f"O {number(o)}")
                    for k, (t, x, o) in enumerate(zip(targets, sums, outputs, strict=True), 1)
                ],
            ),
        ],
        dense_links("w", sources, targets, weight),
        {
            reads_writes: step(
                [
                    *sources,
                    *(
                        f"w{i}{j}"
                        for j in range(1, len(targets) + 1)
                        for i in range(1, len(sources) + 1)
                    ),
                ],
                targets,
            )
        },
    )


def matrix(lesson: Lesson) -> list[Json]:
    first, random = lesson.step("2x2"), lesson.step("2x2-random")
    hidden, output = lesson.step("hidden"), lesson.step("output")
    small = _forward(
        "matrix-2x2",
        "The 2x2 example: X = W·I, O = sigmoid(X)",
        first.array("I"),
        first.array("W"),
        first.array("X = W·I"),
        first.array("O = sigmoid(X)"),
        "2x2",
    )
    seeded = _forward(
        "matrix-random",
        f"The same with random weights (seed {random['seed']})",
        first.array("I"),
        random.array("W"),
        random.array("X = W·I"),
        random.array("O = sigmoid(X)"),
        "2x2-random",
    )
    inputs, ids_in, ids_hidden, ids_out = (
        hidden.array("I"),
        ids("i", 3),
        ids("h", 3),
        ids("o", 3),
    )
    hidden_lines = [
        [f"X {number(x)}", f"O {number(o)}"]
        for x, o in zip(hidden.array("X_hidden"), hidden.array("O_hidden"), strict=True)
    ]
    output_lines = [
        [f"X {number(x)}", f"O {number(o)}"]
        for x, o in zip(output.array("X_output"), output.array("O_output"), strict=True)
    ]
    ih = [f"ih{i}{j}" for j in (1, 2, 3) for i in (1, 2, 3)]
    ho = [f"ho{i}{j}" for j in (1, 2, 3) for i in (1, 2, 3)]
    three = network(
        "matrix-three",
        "Three layers",
        [
            layer("input", numbered("i", "input", inputs)),
            layer(
                "hidden",
                [
                    node(n, f"hidden {k}", *lines)
                    for k, (n, lines) in enumerate(zip(ids_hidden, hidden_lines, strict=True), 1)
                ],
            ),
            layer(
                "output",
                [
                    node(n, f"output {k}", *lines)
                    for k, (n, lines) in enumerate(zip(ids_out, output_lines, strict=True), 1)
                ],
            ),
        ],
        [
            *dense_links("ih", ids_in, ids_hidden, hidden.array("W_input_hidden")),
            *dense_links("ho", ids_hidden, ids_out, output.array("W_hidden_output")),
        ],
        {
            "hidden": step([*ids_in, *ih], ids_hidden, {n: [WAITING] for n in ids_out}),
            "output": step([*ids_hidden, *ho], ids_out),
        },
        "Links: W_input_hidden, then W_hidden_output; nodes: the sum X and the output O.",
        wide=True,
    )
    return [small, seeded, three]
