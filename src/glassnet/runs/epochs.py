"""One epoch at a time: what ``runs.run`` loops over.

``run`` calls ``train`` (or the book's ``NeuralNetwork.fit``) for one epoch at a time, so
that the learning rate can follow a schedule and the training images can be freshly
augmented between epochs. The optimizer's state and the shuffling generator carry over
from call to call, so with neither the numbers are exactly those of one call for all
epochs (tested).
"""

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from glassnet._types import Array
from glassnet.book import NeuralNetwork
from glassnet.data.dataset import Dataset
from glassnet.engine.losses import get_loss
from glassnet.engine.network import Sequential
from glassnet.engine.optimizers import Optimizer
from glassnet.engine.training import Callback, EpochRecord, train

if TYPE_CHECKING:
    from glassnet.runs.config import TrainConfig


class AtEpoch(Callback):
    """Passes one-epoch calls of ``train``/``fit`` on to a callback as epoch ``epoch``."""

    def __init__(self, inner: Callback, epoch: int) -> None:
        self.inner, self.epoch = inner, epoch

    def on_epoch_start(self, epoch: int, n_batches: int) -> None:
        self.inner.on_epoch_start(self.epoch, n_batches)

    def on_batch_end(self, epoch: int, batch: int, loss: float, accuracy: float) -> None:
        self.inner.on_batch_end(self.epoch, batch, loss, accuracy)

    def on_epoch_end(self, record: EpochRecord) -> None:
        self.inner.on_epoch_end(replace(record, epoch=self.epoch))


EpochTrainer = Callable[[npt.NDArray[np.generic], float, Sequence[Callback]], EpochRecord]


def book_epoch(network: NeuralNetwork, dataset: Dataset, targets: Array) -> EpochTrainer:
    """One epoch of the book's own training loop (on its fastest kernel), at a given rate.

    Inputs stay raw (uint8 pixels, or float32 ones with noise); ``fit`` scales them a
    chunk at a time.
    """

    def epoch(
        inputs: npt.NDArray[np.generic], rate: float, callbacks: Sequence[Callback]
    ) -> EpochRecord:
        network.lr = rate
        history = network.fit(
            inputs,
            targets,
            epochs=1,
            validation=(dataset.X_test, dataset.y_test),
            callbacks=callbacks,
            transform=dataset.preprocessing,
        )
        return history.records[0]

    return epoch


def gradient_epoch(
    model: Sequential,
    optimizer: Optimizer,
    config: "TrainConfig",
    dataset: Dataset,
    targets: Array,
    rng: np.random.Generator,
) -> EpochTrainer:
    """One epoch of ``glassnet.train`` (same optimizer state and shuffling stream throughout)."""
    loss = get_loss(config.loss)

    def epoch(
        inputs: npt.NDArray[np.generic], rate: float, callbacks: Sequence[Callback]
    ) -> EpochRecord:
        optimizer.learning_rate = rate
        history = train(
            model,
            inputs,
            targets,
            loss=loss,
            optimizer=optimizer,
            epochs=1,
            batch_size=config.batch_size,
            rng=rng,
            shuffle=config.shuffle,
            validation=(dataset.X_test, dataset.y_test),
            transform=dataset.preprocessing,
            callbacks=callbacks,
        )
        return history.records[0]

    return epoch
