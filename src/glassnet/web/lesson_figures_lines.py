"""The charts of the line lessons: the bugs' and the irises' dividing line, and descent.

Each function takes a finished ``Lesson`` and returns its figures (see ``figure_specs``);
the numbers come from the lesson's steps and ``lesson.data``, never computed again here.
"""

from typing import Any

import numpy as np

from glassnet.lessons.core import Lesson
from glassnet.web.figure_specs import Json, axis, chart, heat, line, number, points, ray, step

LADYBIRD, CATERPILLAR, TARGET, START, PLAIN, MODERATED = 0, 1, 7, 7, 3, 0
BLUE, ORANGE, GREEN, VERMILLION, GREY = 0, 3, 2, 1, 7


def bugs(lesson: Lesson) -> list[Json]:
    """The two bugs, their targets, and the line after each update with and without L."""
    data = lesson.data
    (lady_w, lady_l, _), (cat_w, cat_l, _) = data["bugs"]
    targets = data["targets"]
    plain, moderated = data["slopes without moderation"], data["slopes with moderation"]
    top = max(4.0, lady_l + 1, cat_l + 1, *(t for _, t in targets))
    right = max(4.0, lady_w + 1, cat_w + 1)
    names = ("start", "after the ladybird", "after the caterpillar")
    target = [
        {
            **points(f"target-{bug}", "target", xy, TARGET, "cross", [f"t {number(xy[1])}"]),
            "place": "left",
        }
        for bug, xy in (("ladybird", targets[0]), ("caterpillar", targets[1]))
    ]
    target[1]["legend"] = False  # one "target" in the key is enough
    series = [
        points("ladybird", "ladybird", [lady_w, lady_l], LADYBIRD, "circle", ["ladybird"]),
        points(
            "caterpillar", "caterpillar", [cat_w, cat_l], CATERPILLAR, "square", ["caterpillar"]
        ),
        *target,
        ray("start", f"start: A = {number(plain[0])}", plain[0], START, dash=True),
        *(
            ray(
                f"{kind}-{k}",
                f"{names[k]}, {how}: A = {number(slopes[k])}",
                slopes[k],
                style,
                dash=k == 1,
            )
            for kind, how, slopes, style in (
                ("plain", "no L", plain, PLAIN),
                ("moderated", "L", moderated, MODERATED),
            )
            for k in (1, 2)
        ),
    ]
    steps = {
        "data": step(writes=["ladybird", "caterpillar"], show=[]),
        "start": step(["ladybird"], ["start"], show=["start"]),
        "ladybird": step(
            ["start", "ladybird", "target-ladybird"], ["plain-1"], show=["start", "plain-1"]
        ),
        "caterpillar": step(
            ["plain-1", "caterpillar", "target-caterpillar"],
            ["plain-2"],
            show=["plain-1", "plain-2"],
        ),
        "moderated-ladybird": step(
            ["start", "ladybird", "target-ladybird"], ["moderated-1"], show=["start", "moderated-1"]
        ),
        "moderated-caterpillar": step(
            ["moderated-1", "caterpillar", "target-caterpillar"],
            ["moderated-2"],
            show=["moderated-1", "moderated-2"],
        ),
        "result": step(["ladybird", "caterpillar"], ["moderated-2"], show=["moderated-2"]),
    }
    return [
        chart(
            "bugs",
            "The dividing line y = A·x",
            axis("width", 0.0, right),
            axis("length", 0.0, top),
            series,
            steps,
            "Circle: the ladybird; square: the caterpillar; crosses: where the line should pass.",
            initial=["start", "plain-2", "moderated-2"],
        )
    ]


def iris(lesson: Lesson) -> list[Json]:
    """The flowers with the line moving update by update, and the share right per epoch."""
    data = lesson.data
    length, width, species = data["length"], data["width"], data["species"]
    names = data["species names"]
    rates = data["learning rates"]
    frames = {
        f"rate-{rate:g}": {
            "label": f"L = {rate:g}",
            "slopes": [float(s) for s in data["slopes"][rate]],
            "texts": [number(s) for s in data["slopes"][rate]],
            "per_epoch": len(length),
        }
        for rate in rates
    }
    flowers = chart(
        "iris-line",
        "Setosa above the line, versicolor below",
        axis("sepal length (scaled)", 0.0, float(np.max(length)) * 1.1),
        axis("sepal width (scaled)", 0.0, float(np.max(width)) * 1.15),
        [
            points(
                names[0], names[0], np.column_stack([length, width])[species == 0], BLUE, "circle"
            ),
            points(
                names[1],
                names[1],
                np.column_stack([length, width])[species == 1],
                ORANGE,
                "triangle",
            ),
            ray(
                "line", "the dividing line", float(data["slopes"][data["animated rate"]][-1]), GREY
            ),
        ],
        {key: step(["setosa", "versicolor"], ["line"]) for key in frames},
        "The line after every update: play it, or drag the slider. Circles: setosa; triangles: versicolor.",
        frames=frames,
        frame_series="line",
        frame_default=f"rate-{data['animated rate']:g}",
    )
    epochs = np.arange(data["epochs"] + 1)
    shares = [
        line(
            f"rate-{rate:g}",
            f"L = {rate:g}",
            epochs,
            data[f"right {rate:g}"],
            style,
            dash=style % 2 == 1,
        )
        for rate, style in zip(rates, (BLUE, VERMILLION, GREEN, ORANGE), strict=True)
    ]
    best = lesson.step("setup").number("best any slope can do")
    shares.append(
        line(
            "best",
            f"best any line can do: {number(best)}",
            [0, epochs[-1]],
            [best, best],
            GREY,
            dash=True,
        )
    )
    share_chart = chart(
        "iris-right",
        "Share of flowers on the right side, after each epoch",
        axis("epoch", 0.0, float(epochs[-1])),
        axis("share right", 0.0, 1.0),
        shares,
        {f"rate-{rate:g}": step(writes=[f"rate-{rate:g}"]) for rate in rates},
    )
    return [flowers, share_chart]


def descent(lesson: Lesson) -> list[Json]:
    """The curve and the surface with every run's path; the learner's own run on top."""
    curve_data, surface_data = lesson.data["curve"], lesson.data["surface"]
    curve_series = [
        line("f", "f(x) = x⁴ − 3x² + x", curve_data["axis"], curve_data["heights"], GREY)
    ]
    curve_series += _paths(curve_data, one_dimension=True)
    heights = surface_data["heights"]
    low = float(np.min(heights))
    surface_series = [heat("heights", "f(x, y)", heights, low, 3.0)]
    surface_series += _paths(surface_data, one_dimension=False)
    surface_steps = {"surface": step(["starts"], ["ends"])}
    mine = lesson.data.get("your start")
    if mine is not None:
        path = mine["path"]
        style = GREEN if mine["in lowest"] else VERMILLION
        yours = line("yours", "your run", path[:, 0], path[:, 1], style, kind="path")
        surface_series.append({**yours, "animate": True, "dash": not mine["in lowest"]})
        surface_series.append(
            points("your-start", "your start", path[0], 5, "diamond", ["your start"])
        )
        surface_steps["your-start"] = step(["your-start"], ["yours"])
    top = min(8.0, float(np.max(curve_data["heights"])) + 0.5)
    key = [
        {
            "type": "line",
            "label": "runs ending in the lowest valley",
            "style": GREEN,
            "dash": False,
        },
        {
            "type": "line",
            "label": "runs stuck in another valley",
            "style": VERMILLION,
            "dash": True,
        },
    ]
    return [
        chart(
            "descent-curve",
            "One parameter: f(x) = x⁴ − 3x² + x",
            axis("x", -2.0, 2.0),
            axis("f(x)", float(np.min(curve_data["heights"])) - 0.5, top),
            curve_series,
            {"curve": step(["starts"], ["ends"])},
            "Circles mark the random starts, squares where each run ended.",
            key=key,
        ),
        chart(
            "descent-surface",
            "Two parameters: four valleys",
            axis("x", -2.0, 2.0),
            axis("y", -2.0, 2.0),
            surface_series,
            surface_steps,
            "Click (or tap) the surface to start your own run there. Dark: low; light: high "
            "(heights above 3 shown as 3). Star: the lowest valley.",
            click={"x": "start.1", "y": "start.2"},
            key=key,
        ),
    ]


def _paths(data: dict[str, Any], *, one_dimension: bool) -> list[Json]:
    """Each run's path (solid into the lowest valley, dashed elsewhere), starts and the star."""
    series: list[Json] = []
    starts, ends = [], []
    for number_, (path, good) in enumerate(zip(data["paths"], data["in lowest"], strict=True), 1):
        xs = path[:, 0]
        ys = data["path heights"][number_ - 1] if one_dimension else path[:, 1]
        run = line(
            f"run-{number_}",
            f"run {number_}",
            xs,
            ys,
            GREEN if good else VERMILLION,
            dash=not good,
            kind="path",
        )
        series.append({**run, "legend": False})  # the key below names the two kinds once
        starts.append((xs[0], ys[0]))
        ends.append((xs[-1], ys[-1]))
    lowest = np.atleast_1d(data["lowest"])
    best = data["lowest height"] if one_dimension else None
    star = (lowest[0], best) if one_dimension else (lowest[0], lowest[1])
    series.append(points("starts", "random starts", starts, GREY, "circle"))
    series.append(points("ends", "ends", ends, GREY, "square"))
    series.append(points("lowest", "the lowest valley", star, ORANGE, "star"))
    return series
