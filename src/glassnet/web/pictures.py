"""What the Train tab draws, from a ``Playground``: neuron maps, points, losses, weights.

Maps are each neuron's output over a grid of the plane, sent as base64 bytes with their
own low and high (``glassnet.web.inside.quantise``); the page colours them on the scale
of the layer's activation, so zero stays white. The last layer's maps are the decision
boundary (or, for regression, the predicted value).
"""

import base64
from typing import Any

import numpy as np

from glassnet._types import Array
from glassnet.engine.metrics import accuracy
from glassnet.web.datasets2d import Points
from glassnet.web.features import FEATURES, feature_matrix, labels
from glassnet.web.inside import activations, quantise
from glassnet.web.playground import Playground

GRID = 80  # the decision boundary's resolution; neuron maps use every other point
EXTENT = 1.25  # the grid covers [-EXTENT, EXTENT]² of the plane
HISTORY_POINTS = 300  # at most this many (epoch, loss) points go to the page
_AXIS = np.linspace(-EXTENT, EXTENT, GRID)
# Row 0 of a map is the top of the picture: the largest x2.
PLANE = np.column_stack([np.tile(_AXIS, GRID), np.repeat(_AXIS[::-1], GRID)])
PLANE.setflags(write=False)


def snapshot(playground: Playground) -> dict[str, Any]:
    """The state the page draws: epoch, losses, accuracies, neuron maps, weights and biases."""
    with np.errstate(all="ignore"):
        return _snapshot(playground)


def _snapshot(playground: Playground) -> dict[str, Any]:
    grid = feature_matrix(PLANE, playground.config.features)
    layers = [np.nan_to_num(values) for values in activations(playground.model, grid)]
    maps = [
        [_map(values[:, node], last=index == len(layers) - 1) for node in range(values.shape[1])]
        for index, values in enumerate(layers)
    ]
    full = playground.history
    stride = max(1, -(-len(full) // HISTORY_POINTS))
    history = full[::stride]
    if history[-1] != full[-1]:
        history.append(full[-1])
    dense = playground.model.dense_layers
    return {
        "epoch": playground.epoch,
        "train_loss": _finite(full[-1][1]),
        "test_loss": _finite(full[-1][2]),
        "diverged": playground.diverged,
        "train_accuracy": _accuracy(playground, playground.inputs, playground.train_points),
        "test_accuracy": _accuracy(playground, playground.test_inputs, playground.test_points),
        "history": [[e, _finite(a), _finite(b)] for e, a, b in history],
        "maps": maps,
        "weights": [_rounded(layer.weight.value) for layer in dense],
        "biases": [_rounded(layer.bias.value) if layer.bias else None for layer in dense],
    }


def describe(playground: Playground) -> dict[str, Any]:
    """What does not change while training: settings, sizes, input pictures and the points."""
    train_points = playground.train_points
    inputs = feature_matrix(_coarse(), list(FEATURES))
    return {
        "config": playground.config.to_dict(),
        "sizes": playground.sizes,
        "output": playground.output,
        "regression": playground.regression,
        "class_names": train_points.class_names,
        "bounds": list(train_points.bounds),
        "extent": EXTENT,
        "features": {
            name: {"label": label, **_map(inputs[:, index], last=False, coarse=False)}
            for index, (name, label) in enumerate(labels().items())
        },
        "train": _points(train_points),
        "test": _points(playground.test_points),
    }


def _coarse() -> Array:
    """Every other point of the plane's grid in both directions (the neuron maps' grid)."""
    return PLANE.reshape(GRID, GRID, 2)[::2, ::2].reshape(-1, 2)


def _map(values: Array, *, last: bool, coarse: bool = True) -> dict[str, Any]:
    """A neuron's values as bytes: the full grid for outputs, every other point for the rest."""
    if coarse and not last:
        values = values.reshape(GRID, GRID)[::2, ::2]
    low, high = float(values.min()), float(values.max())
    data = base64.b64encode(quantise(values, low, high)).decode("ascii")
    return {"low": round(low, 5), "high": round(high, 5), "data": data}


def _accuracy(playground: Playground, inputs: Array, points: Points) -> float | None:
    if playground.regression or playground.diverged:
        return None
    return accuracy(playground.model.predict_labels(inputs), points.y)


def _finite(value: float) -> float | None:
    """JSON has no NaN: a diverged loss travels as null."""
    return round(value, 5) if np.isfinite(value) else None


def _rounded(values: Array) -> list[Any]:
    rounded: list[Any] = np.round(np.nan_to_num(values), 4).tolist()
    return rounded


def _points(points: Points) -> list[list[float]]:
    """[x, y, class] per point, or [x, y, value] for regression."""
    if points.values is not None:
        thirds: list[float] = [round(float(value), 4) for value in points.values]
    else:
        thirds = [int(label) for label in points.y]
    return [
        [round(float(x), 4), round(float(y), 4), third]
        for (x, y), third in zip(points.X, thirds, strict=True)
    ]
