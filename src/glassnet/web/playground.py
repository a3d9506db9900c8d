"""A network learning 2-D points, one epoch at a time, with pictures of every neuron.

``Playground`` trains an ``mlp`` described by a ``PlaygroundConfig`` with
``glassnet.train``, one epoch per ``step``, and describes its state in a ``snapshot``:
train and test loss per epoch, and each neuron's output over a grid of the plane (the
last layer's maps are the decision boundary).
"""

import base64
import contextlib
from typing import Any

import numpy as np

from glassnet._types import Array
from glassnet.data.preprocessing import one_hot
from glassnet.engine.losses import get_loss
from glassnet.engine.metrics import accuracy
from glassnet.engine.network import mlp
from glassnet.engine.optimizers import SGD, Adam, Optimizer
from glassnet.engine.training import TrainingDivergedError, train
from glassnet.web.datasets2d import Points, generate, split
from glassnet.web.inside import activations, quantise
from glassnet.web.settings import PlaygroundConfig

GRID = 80  # the decision boundary's resolution; neuron maps use every other point
EXTENT = 1.25  # the grid covers [-EXTENT, EXTENT]² of the network's input plane
HISTORY_POINTS = 300  # at most this many (epoch, loss) points go to the page


class Playground:
    """A network, its data and its history; not thread-safe (``sessions`` adds the lock)."""

    def __init__(self, config: PlaygroundConfig, uploaded: Points | None = None) -> None:
        if config.dataset == "csv" and uploaded is None:
            raise ValueError("the csv dataset needs the points of an uploaded CSV file")
        data_rng = np.random.default_rng(config.seed)
        points = uploaded or generate(config.dataset, config.points, config.noise, data_rng)
        self.config = config
        self.train_points, self.test_points = split(points, config.train_percent / 100, data_rng)
        self.n_classes = points.n_classes
        softmax = config.loss == "cross-entropy"
        n_outputs = 1 if self.n_classes == 2 and not softmax else self.n_classes
        self.output = "softmax" if softmax else "sigmoid"
        self.sizes = [2, *config.hidden, n_outputs]
        self.loss = get_loss(config.loss)
        self.targets = self._targets(self.train_points.y)
        self.test_targets = self._targets(self.test_points.y)
        axis = np.linspace(-EXTENT, EXTENT, GRID)
        # Row 0 of a map is the top of the picture: the largest x2.
        self.grid = np.column_stack([np.tile(axis, GRID), np.repeat(axis[::-1], GRID)])
        self.reset()

    def _targets(self, labels: np.ndarray) -> Array:
        targets = one_hot(labels, self.n_classes, off=0.0, on=1.0)
        return targets[:, 1:] if self.sizes[-1] == 1 else targets

    def reset(self) -> None:
        """Back to epoch 0 with the same initial weights (the seed decides them)."""
        config = self.config
        self.model = mlp(
            self.sizes, activation=config.activation, output=self.output, rng=config.seed + 1
        )
        self.optimizer: Optimizer = (
            Adam(config.learning_rate, weight_decay=config.weight_decay)
            if config.optimizer == "adam"
            else SGD(config.learning_rate, weight_decay=config.weight_decay)
        )
        self.shuffle_rng = np.random.default_rng(config.seed + 2)
        self.epoch = 0
        self.history: list[tuple[int, float, float]] = [(0, *self._losses())]

    def step(self, epochs: int = 1) -> None:
        """Train ``epochs`` more epochs, stopping for good if the weights blow up."""
        for _ in range(epochs):
            if self.diverged:
                return
            with np.errstate(all="ignore"):  # a blow-up is reported as ``diverged``
                self._epoch()

    def _epoch(self) -> None:
        # A diverging run stops; the losses recorded below are not finite: ``diverged``.
        with contextlib.suppress(TrainingDivergedError):
            train(
                self.model,
                self.train_points.X,
                self.targets,
                loss=self.loss,
                optimizer=self.optimizer,
                batch_size=self.config.batch_size,
                rng=self.shuffle_rng,
            )
        self.epoch += 1
        self.history.append((self.epoch, *self._losses()))

    @property
    def diverged(self) -> bool:
        """True once the loss is NaN or infinite: too large a learning rate, usually."""
        return not np.all(np.isfinite(self.history[-1][1:]))

    def _losses(self) -> tuple[float, float]:
        outputs = [self.model.forward(self.train_points.X), self.model.forward(self.test_points.X)]
        if not all(np.all(np.isfinite(o)) for o in outputs):
            return (float("nan"), float("nan"))
        return (
            float(self.loss.value(outputs[0], self.targets)),
            float(self.loss.value(outputs[1], self.test_targets)),
        )

    def snapshot(self) -> dict[str, Any]:
        """The state the page draws: epoch, losses, accuracies, neuron maps and weights."""
        with np.errstate(all="ignore"):
            return self._snapshot()

    def _snapshot(self) -> dict[str, Any]:
        layers = [np.nan_to_num(values) for values in activations(self.model, self.grid)]
        fine = GRID // 2
        maps = []
        for index, values in enumerate(layers):
            last = index == len(layers) - 1
            side = GRID if last else fine
            pictures = values.reshape(GRID, GRID, -1)[:: GRID // side, :: GRID // side]
            maps.append([_map(pictures[:, :, node]) for node in range(values.shape[1])])
        stride = max(1, -(-len(self.history) // HISTORY_POINTS))
        history = self.history[::stride]
        if history[-1] != self.history[-1]:
            history.append(self.history[-1])
        return {
            "epoch": self.epoch,
            "train_loss": _finite(self.history[-1][1]),
            "test_loss": _finite(self.history[-1][2]),
            "diverged": self.diverged,
            "train_accuracy": self._accuracy(self.train_points),
            "test_accuracy": self._accuracy(self.test_points),
            "history": [[e, _finite(a), _finite(b)] for e, a, b in history],
            "maps": maps,
            "weights": [
                np.round(np.nan_to_num(dense.weight.value), 4).tolist()
                for dense in self.model.dense_layers
            ],
        }

    def _accuracy(self, points: Points) -> float:
        return accuracy(self.model.predict_labels(points.X), points.y)

    def describe(self) -> dict[str, Any]:
        """What does not change while training: settings, sizes and the points."""
        return {
            "config": self.config.to_dict(),
            "sizes": self.sizes,
            "output": self.output,
            "class_names": self.train_points.class_names,
            "bounds": list(self.train_points.bounds),
            "extent": EXTENT,
            "train": _points(self.train_points),
            "test": _points(self.test_points),
        }


def _finite(value: float) -> float | None:
    """JSON has no NaN: a diverged loss travels as null."""
    return round(value, 5) if np.isfinite(value) else None


def _map(values: Array) -> dict[str, Any]:
    low, high = float(values.min()), float(values.max())
    data = base64.b64encode(quantise(values, low, high)).decode("ascii")
    return {"low": round(low, 5), "high": round(high, 5), "data": data}


def _points(points: Points) -> list[list[float]]:
    return [
        [round(float(x), 4), round(float(y), 4), int(c)]
        for (x, y), c in zip(points.X, points.y, strict=True)
    ]
