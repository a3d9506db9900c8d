"""The network drawings of the deck's small examples: signals, matrix, backprop, update.

As the deck draws them: nodes with their values, links with their weights; each step of
the lesson marks what it reads and what it writes. Numbers come from the lesson only.
"""

import numpy as np

from glassnet.lessons.core import Lesson
from glassnet.web.figure_specs import (
    Json,
    axis,
    chart,
    dense_links,
    layer,
    line,
    network,
    node,
    number,
    points,
    step,
)

WAITING = "…"  # a value a later step works out


def _ids(prefix: str, count: int) -> list[str]:
    return [f"{prefix}{i}" for i in range(1, count + 1)]


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
    sources, targets = _ids("i", len(inputs)), _ids("o", len(outputs))
    return network(
        figure_id,
        title,
        [
            layer(
                "inputs I",
                [
                    node(s, f"input {k}", number(v))
                    for k, (s, v) in enumerate(zip(sources, inputs, strict=True), 1)
                ],
            ),
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
        _ids("i", 3),
        _ids("h", 3),
        _ids("o", 3),
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
            layer(
                "input",
                [
                    node(n, f"input {k}", number(v))
                    for k, (n, v) in enumerate(zip(ids_in, inputs, strict=True), 1)
                ],
            ),
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
    )
    return [small, seeded, three]


def backprop(lesson: Lesson) -> list[Json]:
    """The errors split by proportion (left) and as Wᵀ·e (right), side by side."""
    w_ih, w_ho = lesson.data["layers"]
    share_ih, share_ho = lesson.data["shares"]
    figures = []
    for key, title in (
        ("errors split", "Split in proportion to the weights"),
        ("errors simplified", "Simplified: e = Wᵀ·e"),
    ):
        inputs, hidden, outputs = lesson.data[key]
        split = key == "errors split"
        names = [_ids("i", 2), _ids("h", 2), _ids("o", 2)]
        layers = [
            layer(
                title_,
                [
                    node(n, f"{title_} {k}", f"e {number(e)}")
                    for k, (n, e) in enumerate(zip(ids, errors, strict=True), 1)
                ],
            )
            for title_, ids, errors in zip(
                ("input", "hidden", "output"), names, (inputs, hidden, outputs), strict=True
            )
        ]
        carried = (
            (
                [
                    [f"w {number(w)}: {number(s)}" for w, s in zip(wr, sr, strict=True)]
                    for wr, sr in zip(w_ih, share_ih, strict=True)
                ],
                [
                    [f"w {number(w)}: {number(s)}" for w, s in zip(wr, sr, strict=True)]
                    for wr, sr in zip(w_ho, share_ho, strict=True)
                ],
            )
            if split
            else (None, None)
        )
        links = [
            *dense_links("ih", names[0], names[1], w_ih, carried[0]),
            *dense_links("ho", names[1], names[2], w_ho, carried[1]),
        ]
        ih, ho = [one["id"] for one in links[:4]], [one["id"] for one in links[4:]]
        blank = {n: [f"e {WAITING}"] for n in names[0] + names[1]}
        steps = (
            {
                "split": step([*names[2], *ho], ho, blank),
                "hidden": step(ho, names[1], {n: [f"e {WAITING}"] for n in names[0]}),
                "input": step([*names[1], *ih], names[0]),
                "compare": step(names[0] + names[1]),
            }
            if split
            else {
                "matrix": step([*names[2], *ho, *ih], names[0] + names[1]),
                "compare": step(names[0] + names[1]),
            }
        )
        caption = (
            "Links: the weight, and the part of the error it carries back."
            if split
            else "Links: the weight; each node's error is Wᵀ·e, no division."
        )
        figures.append(
            network(
                f"backprop-{'split' if split else 'simple'}", title, layers, links, steps, caption
            )
        )
    return figures


def update(lesson: Lesson) -> list[Json]:
    data = lesson.data
    weight, new_weight = data["weight"], data["new weight"]
    one = lesson.step("one-weight")
    slope = data["slope"]
    hidden, outputs = _ids("h", 2), _ids("o", 2)
    moved = [
        [f"{number(a)} → {number(b)}" for a, b in zip(ra, rb, strict=True)]
        for ra, rb in zip(weight, new_weight, strict=True)
    ]
    drawing = network(
        "update-network",
        "One update of the hidden → output links",
        [
            layer(
                "hidden",
                [
                    node(n, f"hidden {k}", f"o {number(v)}")
                    for k, (n, v) in enumerate(zip(hidden, data["outputs"], strict=True), 1)
                ],
            ),
            layer(
                "output",
                [
                    node(n, f"output {k}", f"e {number(v)}")
                    for k, (n, v) in enumerate(zip(outputs, data["errors"], strict=True), 1)
                ],
            ),
        ],
        dense_links("w", hidden, outputs, weight, moved),
        {
            "one-weight": step(
                ["h1", "h2", "w11", "w21", "o1"],
                ["w11"],
                {
                    "w11": f"dE/dw {number(slope)}",
                    "w21": number(weight[0, 1]),
                    "w12": number(weight[1, 0]),
                    "w22": number(weight[1, 1]),
                },
            ),
            "new-weight": step(
                ["w11"],
                ["w11"],
                {
                    "w11": moved[0][0],
                    "w21": number(weight[0, 1]),
                    "w12": number(weight[1, 0]),
                    "w22": number(weight[1, 1]),
                },
            ),
            "matrix": step(["h1", "h2", "o1", "o2"], ["w11", "w21", "w12", "w22"]),
            "gradcheck": step(["w11", "w21", "w12", "w22"]),
        },
        "Links: old weight → new weight after one step (α = "
        + number(data["learning rate"])
        + ").",
    )
    (w, error), (_, tangent) = data["error curve"], data["tangent"]
    here = (float(weight[0, 0]), 0.5 * float(data["errors"][0]) ** 2)
    error_chart = chart(
        "update-slope",
        "The error's slope for w1,1",
        axis("w1,1", float(w[0]), float(w[-1])),
        axis("error E", 0.0, float(max(np.max(error), here[1])) * 1.15 or 1.0),
        [
            line("error", "E = ½(t − o)² as w1,1 varies", w, error, 0),
            line(
                "tangent",
                f"slope at w1,1 = {number(here[0])}: {number(slope)}",
                w,
                tangent,
                3,
                dash=True,
            ),
            points("here", "w1,1 now", here, 7, "circle", [f"E {number(here[1])}"]),
        ],
        {"one-weight": step(["here"], ["tangent"]), "new-weight": step(["tangent"], ["here"])},
        f"The slope dE/dw is {number(one.number(next(n for n in one.values if n.startswith('dE/dw'))))}: "
        + (
            "negative, so w − α·dE/dw moves w up, downhill."
            if slope <= 0
            else "positive, so w − α·dE/dw moves w down, downhill."
        ),
    )
    return [drawing, error_chart]
