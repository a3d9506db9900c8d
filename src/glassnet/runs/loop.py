"""``run``: train the network a ``TrainConfig`` describes, one epoch at a time, and test it.

One ``fit`` call per epoch, so that a learning-rate schedule and fresh random
augmentation can change between epochs. The optimizer's state and the shuffling
generator carry over from call to call, so without them the numbers are exactly those
of one call for all epochs (tested). The network is a ``Trainable``: ``glassnet.train``'s
``Trainer`` or the book's ``NeuralNetwork``, used the same way.
"""

import dataclasses
import os
import time
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from glassnet.data.augment import random_transform, rotated_copies
from glassnet.data.dataset import Dataset
from glassnet.engine.metrics import accuracy
from glassnet.engine.training import (
    Callback,
    EpochRecord,
    History,
    TrainingDivergedError,
    predict_labels,
)
from glassnet.files.checkpoints import Checkpoint
from glassnet.runs.checkpointing import continuing, run_description
from glassnet.runs.config import TrainConfig
from glassnet.runs.memory import check_memory
from glassnet.runs.networks import build_network, training_targets
from glassnet.runs.result import RunResult


def check_augmentation(config: TrainConfig, dataset: Dataset) -> None:
    """Refuse image augmentation on data that are not images."""
    if config.augments and dataset.image_shape is None:
        raise ValueError(
            f"augmentation (rotations, random rotation/shift, noise) needs images; "
            f"{dataset.name} has none"
        )


def run(
    config: TrainConfig,
    dataset: Dataset,
    callbacks: Sequence[Callback] = (),
    *,
    checkpoint_dir: str | os.PathLike[str] | None = None,
    resume: Checkpoint | None = None,
) -> RunResult:
    """Train a network described by ``config`` on ``dataset`` and test it.

    ``checkpoint_dir`` gets a checkpoint after every epoch; ``resume`` (a checkpoint of a
    run with this config and dataset) continues after its last epoch, giving bit for bit
    the model of an uninterrupted run. Raw inputs (uint8 pixels) stay raw: the dataset's
    preprocessing is applied a batch or chunk at a time, never to the whole dataset.
    """
    check_augmentation(config, dataset)
    check_memory(config, dataset)  # before any array is made: one line, not a MemoryError
    X_train, y_train = dataset.X_train, dataset.y_train
    if config.rotations:
        X_train, y_train = rotated_copies(X_train, y_train, dataset.image_shape, config.rotations)
    targets = training_targets(config, dataset, y_train)
    continues = checkpoint_dir is not None or resume is not None
    description = run_description(config, dataset) if continues else {}
    if resume is not None:
        resume.check_continues(description)
    initial_epoch = resume.epoch if resume is not None else 0
    rng = np.random.default_rng(config.seed)  # one stream: initial weights, then shuffling
    started = time.perf_counter()
    trainable = build_network(config, dataset.n_features, targets.shape[1], rng)
    callbacks = continuing(trainable, rng, dataset, callbacks, checkpoint_dir, resume, description)
    history = History()
    for epoch in range(initial_epoch + 1, config.epochs + 1):
        trainable.optimizer.learning_rate = config.learning_rate_at(epoch)
        try:
            one_epoch = trainable.fit(
                _epoch_inputs(config, dataset, X_train, epoch),
                targets,
                validation=(dataset.X_test, dataset.y_test),
                callbacks=[AtEpoch(callback, epoch) for callback in callbacks],
                transform=dataset.preprocessing,
            )
        except TrainingDivergedError as error:
            done = resume.history.records if resume is not None else []
            raise error.renumbered(epoch, History([*done, *history.records])) from None
        history.records.append(dataclasses.replace(one_epoch.records[0], epoch=epoch))
    if resume is not None:
        history.records[:0] = resume.history.records
    seconds = time.perf_counter() - started
    predicted = predict_labels(trainable.network, dataset.X_test, dataset.preprocessing)
    return RunResult(
        config, dataset.name, trainable, history, accuracy(predicted, dataset.y_test), seconds
    )


class AtEpoch(Callback):
    """Passes a one-epoch ``fit``'s events on to a callback as those of epoch ``epoch``."""

    def __init__(self, inner: Callback, epoch: int) -> None:
        self.inner, self.epoch = inner, epoch

    def on_epoch_start(self, epoch: int, n_batches: int) -> None:
        self.inner.on_epoch_start(self.epoch, n_batches)

    def on_batch_end(self, epoch: int, batch: int, loss: float, accuracy: float) -> None:
        self.inner.on_batch_end(self.epoch, batch, loss, accuracy)

    def on_epoch_end(self, record: EpochRecord) -> None:
        self.inner.on_epoch_end(dataclasses.replace(record, epoch=self.epoch))


def _epoch_inputs(
    config: TrainConfig, dataset: Dataset, X_train: npt.NDArray[np.generic], epoch: int
) -> npt.NDArray[np.generic]:
    """The training images of ``epoch``: freshly changed when the config augments each epoch."""
    if not config.augments_each_epoch:
        return X_train
    # A generator per epoch (from the seed and the epoch number): the same images whether
    # the run goes straight through or resumes from a checkpoint.
    return random_transform(
        X_train,
        dataset.image_shape,
        np.random.default_rng([config.seed, 1, epoch]),
        rotation=config.random_rotation,
        shift=config.random_shift,
        noise=config.noise,
        max_value=float(getattr(dataset.preprocessing, "max_value", 255.0)),
    )
