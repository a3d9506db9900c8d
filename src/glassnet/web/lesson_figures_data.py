"""The figures of the lessons on big data sets: mnist and gestures.

Big networks are drawn as the deck draws them, a few nodes per layer with "…" between.
"""

from typing import cast

import numpy as np

from glassnet.lessons.core import Lesson
from glassnet.web.figure_specs import (
    STYLES,
    Json,
    axis,
    chart,
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
