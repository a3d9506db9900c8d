"""Lesson 2: the deck's R exercise in Python, a dividing line between two kinds of iris."""

import numpy as np
import numpy.typing as npt

from glassnet.engine.linear import LinearClassifier, targets_beside
from glassnet.lessons.core import Lesson, LessonInfo, given
from glassnet.lessons.inputs import Input, Inputs

INFO = LessonInfo(
    name="iris",
    document="Rashid deck",
    section="Exercise in R: Iris data",
    summary="the linear classifier on setosa vs versicolor, with several learning rates",
)

LEARNING_RATES = (0.01, 0.1, 0.5, 1.0)
ANIMATED_RATE = 0.01  # slow enough that the animation shows the line travelling
MARGIN = 0.1  # as for the bugs: aim 0.1 beside each flower, towards the other species
EPOCHS = 10

INPUTS = Inputs(
    Input("seed", "seed", 0, 0, 99_999, step=1, whole=True, help="picks the start and orders"),
    Input("epochs", "epochs", EPOCHS, 1, 100, step=1, whole=True),
    Input(
        "margin",
        "target margin",
        MARGIN,
        0.0,
        1.0,
        step=0.05,
        help="how far beside each flower the line should pass, towards the other species",
    ),
)


def r_scale(values: npt.ArrayLike) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """R's ``scale(x, center = FALSE)``: each column divided by sqrt(Σx² / (n − 1))."""
    array = np.asarray(values, dtype=np.float64)
    root_mean_square = np.sqrt(np.sum(array * array, axis=0) / (len(array) - 1))
    return array / root_mean_square, root_mean_square


def _train(
    x: npt.NDArray[np.float64],
    targets: npt.NDArray[np.float64],
    above: npt.NDArray[np.bool_],
    heights: npt.NDArray[np.float64],
    start: float,
    learning_rate: float,
    orders: list[npt.NDArray[np.intp]],
) -> tuple[list[float], list[float]]:
    """Slopes after every update, and the share classified right after every epoch."""
    classifier = LinearClassifier(start, learning_rate)
    slopes = [start]
    right = [float(np.mean(classifier.is_above(x, heights) == above))]
    for order in orders:
        for index in order:
            slopes.append(classifier.update(x[index], targets[index]).slope)
        right.append(float(np.mean(classifier.is_above(x, heights) == above)))
    return slopes, right


def run(seed: int = 0, epochs: int = EPOCHS, *, margin: float = MARGIN) -> Lesson:
    """The deck's R exercise; ``seed``, ``epochs`` and ``margin`` are its inputs (``INPUTS``)."""
    from sklearn.datasets import load_iris

    seed = INPUTS["seed"].check(seed)
    epochs = INPUTS["epochs"].check(epochs)
    margin = INPUTS["margin"].check(margin)
    bunch = load_iris()
    two = bunch.target < 2  # setosa (0) and versicolor (1), as the deck's filter()
    scaled, factors = r_scale(bunch.data[two])
    species = bunch.target[two]
    lesson = Lesson(INFO)
    lesson.add(
        "data",
        "Setosa and versicolor, scaled like R's scale(center = FALSE)",
        "100 flowers, 4 measurements each; every column is divided by its root mean\n"
        "square sqrt(Σx²/(n − 1)), so the values sit around 1.",
        {
            "flowers (setosa, versicolor)": (int(np.sum(species == 0)), int(np.sum(species == 1))),
            "scale: sepal length, sepal width, petal length, petal width": factors,
            "first flower, scaled": scaled[0],
        },
    )
    length, width = scaled[:, 0], scaled[:, 1]
    above = species == 0  # setosa: short, wide sepals, so above a line through the origin
    targets = targets_beside(width, above, margin)
    rng = np.random.default_rng(seed)
    start = float(rng.uniform(0.0, 3.0))
    orders = [rng.permutation(len(length)) for _ in range(epochs)]
    slopes_at = np.linspace(0.0, 3.0, 3001)
    best = max(float(np.mean((width > a * length) == above)) for a in slopes_at)
    lesson.add(
        "setup",
        "A line through the origin on sepal length (x) and width (y)",
        f"Setosa should lie above the line, versicolor below; each flower's target is its\n"
        f"width moved {given(margin)} towards the other species. The slope starts at random; each\n"
        "epoch visits the flowers in a new random order, the same order for every rate.",
        {"seed": seed, "initial slope A": start, "best any slope can do": best},
    )
    history: dict[float, list[float]] = {}
    for learning_rate in LEARNING_RATES:
        slopes, right = _train(length, targets, above, width, start, learning_rate, orders)
        history[learning_rate] = slopes
        lesson.add(
            f"rate-{learning_rate:g}",
            f"Learning rate L = {learning_rate:g}",
            "Share of flowers on the right side of the line, before training and after\n"
            "each epoch.",
            {"share right per epoch": np.array(right), "final slope A": slopes[-1]},
        )
        lesson.data[f"right {learning_rate:g}"] = right
    lesson.add(
        "summary",
        "What the learning rate does",
        "A small rate moves the line slowly but settles; L = 1 fits each flower in turn,\n"
        "so the line jumps to wherever the last flower of the epoch wants it.",
    )
    lesson.data.update(
        {
            "length": length,
            "width": width,
            "species": species,
            "species names": [str(name) for name in bunch.target_names[:2]],
            "learning rates": LEARNING_RATES,
            "slopes": history,
            "animated rate": ANIMATED_RATE,
            "epochs": epochs,
        }
    )
    return lesson
