"""One training step, as the textbook writes it, and the batches it is fed.

``GradientStep`` is the body of the training loop: signals forward, the error at the
outputs, errors backward, every weight moved against its gradient. ``glassnet.kernels``
has faster steps with the same interface and the same maths (tested against this one);
``glassnet.kernels.plan_training`` chooses once per run which step and which batch source
``glassnet.train`` uses, and says why.
"""

from collections.abc import Callable
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from glassnet._types import Array, IntArray
from glassnet.data.preprocessing import network_inputs
from glassnet.engine.losses import Loss
from glassnet.engine.metrics import labels_from_outputs
from glassnet.engine.network import Sequential
from glassnet.engine.optimizers import Optimizer


class Step(Protocol):
    """Trains on one batch: its inputs ``x`` are the training samples ``rows``.

    Returns the batch's loss summed over its samples and its number of correct
    predictions, both for the weights before the update.
    """

    def __call__(self, x: Array, rows: IntArray) -> tuple[float, int]: ...


class BatchSource(Protocol):
    """The network inputs of the training samples ``rows`` (raw data transformed)."""

    def __call__(self, rows: IntArray) -> Array: ...


class GradientStep:
    """One step of gradient descent on a batch: forward, loss, backward, update.

    ``targets`` and ``labels`` are the whole training set's; each step reads its rows.
    """

    def __init__(
        self,
        model: Sequential,
        loss: Loss,
        optimizer: Optimizer,
        targets: Array,
        labels: npt.NDArray[np.int64],
    ) -> None:
        self.model, self.loss, self.optimizer = model, loss, optimizer
        self.targets, self.labels = targets, labels
        self.parameters = model.parameters()

    def __call__(self, x: Array, rows: IntArray) -> tuple[float, int]:
        target = self.targets[rows]
        predicted = self.model.forward(x)  # signals forward, layer by layer
        batch_loss = self.loss.value(predicted, target) * len(rows)  # the loss averages
        correct = int(np.sum(labels_from_outputs(predicted) == self.labels[rows]))
        self.model.backward_loss(self.loss, predicted, target)  # errors back: each ∂E/∂w
        self.optimizer.step(self.parameters)  # w ← w − α·∂E/∂w
        return batch_loss, correct


class PlainBatches:
    """Rows of the training inputs, through ``transform`` (if any), in the model's dtype."""

    def __init__(
        self,
        inputs: npt.NDArray[np.generic],
        transform: Callable[..., Array] | None,
        dtype: Any,
    ) -> None:
        self.inputs, self.transform, self.dtype = inputs, transform, dtype

    def __call__(self, rows: IntArray) -> Array:
        return network_inputs(self.inputs[rows], self.transform, self.dtype)
