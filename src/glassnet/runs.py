"""A training run described by data: ``TrainConfig`` → model, ``History``, test accuracy.

The CLI, sweeps and reports all go through ``run``, so one config always trains the same
network the same way. ``PRESETS["book"]`` is the network of *Make Your Own Neural
Network*: 784-200-10 sigmoid, no biases, N(0, n_in^-0.5) weights, squared error,
per-sample updates in the data's order, learning rate 0.1, 5 epochs, trained with the
book's own error backpropagation (``glassnet.book``, on its fastest kernel).
``PRESETS["fast"]`` is the recommended fast configuration for MNIST.

``run`` trains one epoch at a time so that a learning-rate schedule and fresh random
augmentation can change between epochs; without them the result is the same as one
call of ``train`` (or ``NeuralNetwork.fit``) for all epochs.
"""

import dataclasses
import hashlib
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from glassnet.activations import ACTIVATIONS
from glassnet.augment import random_transform, rotated_copies
from glassnet.book import NeuralNetwork
from glassnet.checkpoints import Checkpoint, CheckpointWriter
from glassnet.data.datasets import Dataset
from glassnet.data.preprocessing import one_hot
from glassnet.epochs import AtEpoch, book_epoch, gradient_epoch
from glassnet.init import INITIALIZERS
from glassnet.io import ModelFile, as_model_file
from glassnet.losses import LOSSES
from glassnet.metrics import accuracy
from glassnet.network import Sequential, mlp
from glassnet.optimizers import SGD, Adam, Optimizer
from glassnet.training import Callback, History, predict_labels

Backprop = Literal["gradient", "book"]
DTYPES = ("auto", "float32", "float64")
Schedule = Literal["constant", "cosine", "linear"]
SCHEDULES = ("constant", "cosine", "linear")


@dataclass(frozen=True)
class TrainConfig:
    """Everything that decides a training run, with glassnet's defaults."""

    hidden: tuple[int, ...] = (100,)
    activation: str = "sigmoid"
    output: str | None = (
        None  # None: the loss's natural output (sigmoid, or softmax for cross-entropy)
    )
    loss: str = "squared-error"
    optimizer: str = "sgd"
    learning_rate: float = 0.3
    momentum: float = 0.0
    weight_decay: float = 0.0
    epochs: int = 20
    batch_size: int = 1
    init: str = "book"
    bias: bool = True
    targets: tuple[float, float] | None = None  # None: 0.01/0.99 for squared error, else 0/1
    shuffle: bool = True
    seed: int = 0
    backprop: Backprop = "gradient"
    dtype: str = "auto"  # auto: float32 for mini-batches, float64 per sample (the book's)
    # Augmentation (image datasets): the book's rotated copies, once, before training ...
    rotations: float = 0.0  # degrees; 0: none, 10: each image plus copies at +10 and -10
    # ... and fresh random changes to every training image in every epoch.
    random_rotation: float = 0.0  # up to ± this many degrees
    random_shift: int = 0  # up to ± this many pixels, along each axis
    noise: float = 0.0  # Gaussian, standard deviation as a fraction of the pixel range
    schedule: Schedule = "constant"  # learning rate per epoch: constant, cosine or linear decay

    def __post_init__(self) -> None:
        if not self.hidden or any(n < 1 for n in self.hidden):
            raise ValueError(f"hidden layer sizes must be whole numbers >= 1, got {self.hidden}")
        if self.loss not in LOSSES:
            raise ValueError(f"unknown loss {self.loss!r}; choose one of: {', '.join(LOSSES)}")
        if self.optimizer not in ("sgd", "adam"):
            raise ValueError(f"unknown optimizer {self.optimizer!r}; choose one of: sgd, adam")
        for name in ("epochs", "batch_size"):
            if getattr(self, name) < 1:
                raise ValueError(
                    f"{name.replace('_', ' ')} must be >= 1, got {getattr(self, name)}"
                )
        if not np.isfinite(self.learning_rate) or self.learning_rate <= 0:
            raise ValueError(f"learning rate must be > 0, got {self.learning_rate}")
        if not 0.0 <= self.momentum < 1.0:
            raise ValueError(f"momentum must be in [0, 1), got {self.momentum}")
        if not self.weight_decay >= 0.0:
            raise ValueError(f"weight decay must be >= 0, got {self.weight_decay}")
        if self.seed < 0:
            raise ValueError(f"seed must be >= 0, got {self.seed}")
        if self.schedule not in SCHEDULES:
            raise ValueError(
                f"unknown schedule {self.schedule!r}; choose one of: {', '.join(SCHEDULES)}"
            )
        for name in ("rotations", "random_rotation"):
            if not 0.0 <= getattr(self, name) <= 180.0:
                raise ValueError(
                    f"{name.replace('_', ' ')} must be between 0 and 180 degrees, got {getattr(self, name)}"
                )
        if self.random_shift < 0:
            raise ValueError(f"random shift must be >= 0 pixels, got {self.random_shift}")
        if not 0.0 <= self.noise <= 1.0:
            raise ValueError(
                f"noise must be between 0 and 1 (of the pixel range), got {self.noise}"
            )
        for kind, name, known in (
            ("activation", self.activation, ACTIVATIONS),
            ("activation", self.output_activation, ACTIVATIONS),
            ("initialiser", self.init, INITIALIZERS),
        ):
            if name not in known:
                raise ValueError(f"unknown {kind} {name!r}; choose one of: {', '.join(known)}")
        if self.targets is not None and not (
            np.all(np.isfinite(self.targets)) and self.targets[0] < self.targets[1]
        ):
            raise ValueError(f"targets must be two finite numbers LOW < HIGH, got {self.targets}")
        if self.dtype not in DTYPES:
            raise ValueError(f"unknown dtype {self.dtype!r}; choose one of: {', '.join(DTYPES)}")
        if self.backprop == "book":
            if self.dtype == "float32":
                raise ValueError("the book's backpropagation computes in float64, as the book does")
            book_shape = (len(self.hidden), self.activation, self.output_activation, self.loss)
            if book_shape != (1, "sigmoid", "sigmoid", "squared-error") or self.optimizer != "sgd":
                raise ValueError(
                    "the book's backpropagation needs one sigmoid hidden layer, a sigmoid output, "
                    "squared error and plain SGD"
                )
            if (
                self.batch_size != 1
                or self.bias
                or self.shuffle
                or self.momentum
                or self.weight_decay
            ):
                raise ValueError(
                    "the book's backpropagation updates per sample, in order, without biases"
                )

    @property
    def output_activation(self) -> str:
        if self.output is not None:
            return self.output
        return "softmax" if self.loss == "cross-entropy" else "sigmoid"

    @property
    def float_type(self) -> str:
        """The dtype training computes in: ``dtype``, or for ``auto`` float32 when batches
        have more than one sample (twice the matrix throughput) and float64 otherwise."""
        if self.dtype != "auto":
            return self.dtype
        return "float32" if self.batch_size > 1 and self.backprop == "gradient" else "float64"

    @property
    def target_range(self) -> tuple[float, float]:
        if self.targets is not None:
            return self.targets
        return (0.01, 0.99) if self.loss == "squared-error" else (0.0, 1.0)

    @property
    def augments_each_epoch(self) -> bool:
        return bool(self.random_rotation or self.random_shift or self.noise)

    @property
    def augments(self) -> bool:
        return bool(self.rotations) or self.augments_each_epoch

    def learning_rate_at(self, epoch: int) -> float:
        """The learning rate of ``epoch`` (from 1): the schedule decays it towards 0.

        cosine: lr·½(1 + cos(π·(epoch−1)/epochs)); linear: lr·(1 − (epoch−1)/epochs).
        The first epoch always uses the full rate.
        """
        progress = (epoch - 1) / self.epochs
        if self.schedule == "cosine":
            return self.learning_rate * 0.5 * (1.0 + float(np.cos(np.pi * progress)))
        if self.schedule == "linear":
            return self.learning_rate * (1.0 - progress)
        return self.learning_rate

    def replace(self, **changes: Any) -> "TrainConfig":
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> "TrainConfig":
        """The config that ``to_dict`` described (as stored in model files and checkpoints)."""
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown training settings: {', '.join(unknown)}")
        changes = dict(values)
        for name in ("hidden", "targets"):
            if isinstance(changes.get(name), list):
                changes[name] = tuple(changes[name])
        try:
            return cls(**changes)
        except TypeError as error:
            raise ValueError(f"invalid training settings: {error}") from None

    def to_dict(self) -> dict[str, Any]:
        values = dataclasses.asdict(self)
        values["hidden"] = list(self.hidden)
        values["output"] = self.output_activation
        values["targets"] = list(self.target_range)
        values["dtype"] = self.float_type
        return values


PRESETS: dict[str, TrainConfig] = {
    "book": TrainConfig(
        hidden=(200,),
        activation="sigmoid",
        loss="squared-error",
        optimizer="sgd",
        learning_rate=0.1,
        epochs=5,
        batch_size=1,
        init="book",
        bias=False,
        shuffle=False,
        backprop="book",
    ),
    # Recommended for speed on MNIST: >= 0.97 test accuracy in about 2 s of training on a
    # 2-core machine (benchmarks/run.py measures it). float32 mini-batches, ReLU, softmax.
    "fast": TrainConfig(
        hidden=(128,),
        activation="relu",
        loss="cross-entropy",
        optimizer="sgd",
        learning_rate=0.1,
        momentum=0.9,
        epochs=4,
        batch_size=128,
        init="he",
        bias=True,
        shuffle=True,
    ),
}
BOOK_SIZES = (784, 200, 10)


@dataclass
class RunResult:
    """A trained model with its history and final test accuracy."""

    config: TrainConfig
    dataset: str
    model: Sequential
    history: History
    test_accuracy: float
    seconds: float
    book_network: NeuralNetwork | None = field(default=None, repr=False)

    def model_file(self, dataset: Dataset) -> ModelFile:
        """The trained network with the dataset's preprocessing and classes, ready to save."""
        training = {
            "dataset": self.dataset,
            "config": self.config.to_dict(),
            "history": self.history.to_dicts(),
            "test_accuracy": self.test_accuracy,
        }
        return ModelFile(
            self.model,
            dataset.preprocessing,
            dataset.class_names,
            dataset.image_shape,
            training=training,
        )

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON record: dataset, config, per-epoch history, final accuracy, seconds."""
        epochs = [
            {
                "epoch": r.epoch,
                "loss": r.loss,
                "train_accuracy": r.train_accuracy,
                "test_accuracy": r.validation_accuracy,
                "seconds": r.seconds,
            }
            for r in self.history.records
        ]
        return {
            "dataset": self.dataset,
            "config": self.config.to_dict(),
            "epochs": epochs,
            "test_accuracy": self.test_accuracy,
            "seconds": self.seconds,
        }


def make_optimizer(config: TrainConfig) -> Optimizer:
    if config.optimizer == "adam":
        return Adam(config.learning_rate, weight_decay=config.weight_decay)
    return SGD(config.learning_rate, momentum=config.momentum, weight_decay=config.weight_decay)


def check_fits(config: TrainConfig, dataset: Dataset, preset: str | None = None) -> None:
    """Refuse a preset whose fixed input/output sizes don't match the data."""
    if preset == "book" and (dataset.n_features, dataset.n_classes) != (
        BOOK_SIZES[0],
        BOOK_SIZES[2],
    ):
        raise ValueError(
            f"the book preset is a {BOOK_SIZES[0]}-{BOOK_SIZES[1]}-{BOOK_SIZES[2]} network, but "
            f"{dataset.name} has {dataset.n_features} inputs and {dataset.n_classes} classes"
        )


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
    resume: "Checkpoint | None" = None,
) -> RunResult:
    """Train a network described by ``config`` on ``dataset`` and test it.

    ``checkpoint_dir`` gets a checkpoint after every epoch; ``resume`` (a checkpoint of a
    run with this config and dataset) continues after its last epoch, giving bit for bit
    the model of an uninterrupted run. Raw inputs (uint8 pixels) stay raw: the dataset's
    preprocessing is applied a batch or chunk at a time, never to the whole dataset.
    """
    check_augmentation(config, dataset)
    low, high = config.target_range
    dtype = np.dtype(config.float_type)
    X_train, y_train = dataset.X_train, dataset.y_train
    if config.rotations:
        X_train, y_train = rotated_copies(X_train, y_train, dataset.image_shape, config.rotations)
    # Two classes with binary cross-entropy: one output node, "probability of class 1".
    binary = config.loss == "binary-cross-entropy" and dataset.n_classes == 2
    n_outputs = 1 if binary else dataset.n_classes
    targets = one_hot(y_train, dataset.n_classes, off=low, on=high, dtype=dtype)
    if binary:
        targets = targets[:, 1:]
    continues = checkpoint_dir is not None or resume is not None
    description = run_description(config, dataset) if continues else {}
    if resume is not None:
        resume.check_continues(description)
    initial_epoch = resume.epoch if resume is not None else 0
    rng = np.random.default_rng(config.seed)  # one stream: initial weights, then shuffling
    max_value = float(getattr(dataset.preprocessing, "max_value", 255.0))
    started = time.perf_counter()
    book_network = None
    if config.backprop == "book":
        book_network = NeuralNetwork(
            dataset.n_features, config.hidden[0], n_outputs, config.learning_rate, rng=rng
        )
        callbacks = _continuing(
            book_network,
            book_network.optimizer,
            rng,
            dataset,
            callbacks,
            checkpoint_dir,
            resume,
            description,
        )
        model = book_network.network
        trainer = book_epoch(book_network, dataset, targets)
    else:
        model = mlp(
            [dataset.n_features, *config.hidden, n_outputs],
            activation=config.activation,
            output=config.output_activation,
            bias=config.bias,
            init=config.init,
            rng=rng,
            dtype=dtype,
        )
        optimizer = make_optimizer(config)
        callbacks = _continuing(
            model, optimizer, rng, dataset, callbacks, checkpoint_dir, resume, description
        )
        trainer = gradient_epoch(model, optimizer, config, dataset, targets, rng)
    history = History()
    for epoch in range(initial_epoch + 1, config.epochs + 1):
        inputs = X_train
        if config.augments_each_epoch:
            # A generator per epoch (from the seed and the epoch number): the same images
            # whether the run goes straight through or resumes from a checkpoint.
            inputs = random_transform(
                X_train,
                dataset.image_shape,
                np.random.default_rng([config.seed, 1, epoch]),
                rotation=config.random_rotation,
                shift=config.random_shift,
                noise=config.noise,
                max_value=max_value,
            )
        adapted = [AtEpoch(callback, epoch) for callback in callbacks]
        record = trainer(inputs, config.learning_rate_at(epoch), adapted)
        history.records.append(dataclasses.replace(record, epoch=epoch))
    if resume is not None:
        history.records[:0] = resume.history.records
    seconds = time.perf_counter() - started
    predicted = predict_labels(model, dataset.X_test, dataset.preprocessing)
    return RunResult(
        config,
        dataset.name,
        model,
        history,
        accuracy(predicted, dataset.y_test),
        seconds,
        book_network,
    )


def run_description(config: TrainConfig, dataset: Dataset) -> dict[str, Any]:
    """What a checkpoint records about its run: dataset (name and fingerprint) and config."""
    digest = hashlib.sha256()
    for array in (dataset.X_train, dataset.y_train):
        digest.update(np.ascontiguousarray(array).tobytes())
    return {
        "dataset": dataset.name,
        "training_data_sha256": digest.hexdigest(),
        "config": config.to_dict(),
    }


def _continuing(
    model: Sequential | NeuralNetwork,
    optimizer: Optimizer,
    rng: np.random.Generator,
    dataset: Dataset,
    callbacks: Sequence[Callback],
    checkpoint_dir: str | os.PathLike[str] | None,
    resume: "Checkpoint | None",
    description: dict[str, Any],
) -> list[Callback]:
    """Restore a checkpoint's state into the new run; add a checkpoint writer if asked."""
    network = model.network if isinstance(model, NeuralNetwork) else model
    if resume is not None:
        resume.restore(network, optimizer, rng)
    if checkpoint_dir is None:
        return list(callbacks)
    model_file = as_model_file(
        model,
        preprocessing=dataset.preprocessing,
        class_names=dataset.class_names,
        image_shape=dataset.image_shape,
    )
    previous = resume.history if resume is not None else None
    writer = CheckpointWriter(
        checkpoint_dir, model_file, optimizer, rng, history=previous, run=description
    )
    return [*callbacks, writer]
