"""Errors sent back and a weight updated, drawn: backprop (both ways) and update.

The error split by proportion and as Wᵀ·e side by side; the update on the link it
changes. Numbers come from the lesson only.
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
    points,
    step,
)


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
        names = [ids("i", 2), ids("h", 2), ids("o", 2)]
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
    hidden, outputs = ids("h", 2), ids("o", 2)
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
