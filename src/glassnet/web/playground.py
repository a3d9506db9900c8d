"""A network learning 2-D points, a slice of an epoch at a time.

``Playground`` trains an ``mlp`` described by a ``PlaygroundConfig`` with
``glassnet.train``. An epoch is one permutation of the training points (drawn as
``train`` draws it); ``advance`` trains the next few batches of it, so a worker can stop
between slices of a long epoch, and whole epochs (``step``) give exactly what
``train(..., epochs=1, rng=...)`` gives. ``glassnet.web.pictures`` turns the state into
what the page draws.
"""

import numpy as np

from glassnet._types import Array
from glassnet.data.preprocessing import one_hot
from glassnet.engine.losses import get_loss
from glassnet.engine.network import mlp
from glassnet.engine.optimizers import SGD, Adam, Optimizer
from glassnet.engine.training import TrainingDivergedError, train
from glassnet.web.datasets2d import Points, generate, split
from glassnet.web.features import feature_matrix
from glassnet.web.regularization import L1
from glassnet.web.settings import PlaygroundConfig

MAX_EDIT = 100.0  # a weight or bias typed in by hand: any number up to this size


class Playground:
    """A network, its data and its history; not thread-safe (``sessions`` adds the lock)."""

    def __init__(self, config: PlaygroundConfig, uploaded: Points | None = None) -> None:
        if config.dataset == "csv" and uploaded is None:
            raise ValueError("the csv dataset needs the points of an uploaded CSV file")
        data_rng = np.random.default_rng(config.seed)
        points = uploaded or generate(config.dataset, config.points, config.noise, data_rng)
        self.config = config
        self.train_points, self.test_points = split(points, config.train_percent / 100, data_rng)
        self.regression = points.values is not None
        self.n_classes = points.n_classes
        softmax = config.loss == "cross-entropy"
        if self.regression:
            self.output, n_outputs = "identity", 1
        else:
            self.output = "softmax" if softmax else "sigmoid"
            n_outputs = 1 if self.n_classes == 2 and not softmax else self.n_classes
        self.sizes = [len(config.features), *config.hidden, n_outputs]
        self.loss = get_loss(config.loss)
        self.inputs = feature_matrix(self.train_points.X, config.features)
        self.test_inputs = feature_matrix(self.test_points.X, config.features)
        self.targets = self._targets(self.train_points)
        self.test_targets = self._targets(self.test_points)
        self.reset()

    def _targets(self, points: Points) -> Array:
        if points.values is not None:
            return points.values[:, None]
        targets = one_hot(points.y, self.n_classes, off=0.0, on=1.0)
        return targets[:, 1:] if self.sizes[-1] == 1 else targets

    def reset(self) -> None:
        """Back to epoch 0 with the same initial weights (the seed decides them)."""
        config = self.config
        self.model = mlp(
            self.sizes, activation=config.activation, output=self.output, rng=config.seed + 1
        )
        decay = config.weight_decay if config.regularization == "l2" else 0.0
        optimizer: Optimizer = (
            Adam(config.learning_rate, weight_decay=decay)
            if config.optimizer == "adam"
            else SGD(config.learning_rate, weight_decay=decay)
        )
        if config.regularization == "l1":
            optimizer = L1(optimizer, config.weight_decay)
        self.optimizer = optimizer
        self.shuffle_rng = np.random.default_rng(config.seed + 2)
        self.epoch = 0
        self._order: np.ndarray | None = None  # this epoch's permutation, while one is under way
        self._done = 0  # training points of this epoch already used
        self._blown = False  # the library refused to go on (it raises when a run diverges)
        self.history: list[tuple[int, float, float]] = [(0, *self._losses())]

    @property
    def mid_epoch(self) -> bool:
        """True while an epoch is under way (``advance`` stopped inside it)."""
        return self._done > 0

    @property
    def batches_per_epoch(self) -> int:
        return -(-len(self.inputs) // self.config.batch_size)

    def advance(self, batches: int) -> int:
        """Train up to ``batches`` more batches of the current epoch; returns how many ran.

        The epoch's last batch records the train and test loss in ``history``.
        """
        if self.diverged:
            return 0
        if self._order is None:
            self._order = self.shuffle_rng.permutation(len(self.inputs))
        size = self.config.batch_size
        chunk = self._order[self._done : self._done + max(1, batches) * size]
        with np.errstate(all="ignore"):  # a blow-up is reported as ``diverged``
            try:
                train(
                    self.model,
                    self.inputs[chunk],
                    self.targets[chunk],
                    loss=self.loss,
                    optimizer=self.optimizer,
                    batch_size=size,
                    shuffle=False,
                )
            except TrainingDivergedError:
                self._blown = True
        self._done += len(chunk)
        if self._done >= len(self._order) or self._blown:
            self._order, self._done = None, 0
            self.epoch += 1
            self.history.append((self.epoch, *self._losses()))
        return -(-len(chunk) // size)

    def step(self, epochs: int = 1) -> None:
        """Train ``epochs`` more whole epochs (the rest of the current one counts as one)."""
        for _ in range(epochs):
            epoch = self.epoch
            while self.epoch == epoch and not self.diverged:
                self.advance(self.batches_per_epoch)

    @property
    def diverged(self) -> bool:
        """True once the loss is NaN or infinite: too large a learning rate, usually."""
        return self._blown or not np.all(np.isfinite(self.history[-1][1:]))

    def _losses(self) -> tuple[float, float]:
        with np.errstate(all="ignore"):
            outputs = [self.model.forward(self.inputs), self.model.forward(self.test_inputs)]
            if not all(np.all(np.isfinite(o)) for o in outputs):
                return (float("nan"), float("nan"))
            return (
                float(self.loss.value(outputs[0], self.targets)),
                float(self.loss.value(outputs[1], self.test_targets)),
            )

    def set_parameter(self, layer: int, node: int, source: int | None, value: float) -> None:
        """Set a weight (from ``source`` into ``node`` of dense ``layer``) or, without ``source``, a bias."""
        dense = self.model.dense_layers
        if not 0 <= layer < len(dense):
            raise ValueError(f"layer must be 0 to {len(dense) - 1}, got {layer}")
        weight = dense[layer].weight.value
        if not 0 <= node < weight.shape[0]:
            raise ValueError(f"node must be 0 to {weight.shape[0] - 1}, got {node}")
        if source is not None and not 0 <= source < weight.shape[1]:
            raise ValueError(f"source must be 0 to {weight.shape[1] - 1}, got {source}")
        if not (np.isfinite(value) and abs(value) <= MAX_EDIT):
            raise ValueError(f"value must be a number from {-MAX_EDIT:g} to {MAX_EDIT:g}")
        bias = dense[layer].bias
        if source is None and bias is None:
            raise ValueError("this network has no biases")
        if source is None and bias is not None:
            bias.value[node] = value
        else:
            weight[node, source] = value
        self.history[-1] = (self.epoch, *self._losses())  # the loss of the edited network
