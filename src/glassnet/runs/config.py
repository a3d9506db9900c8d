"""``TrainConfig``: everything that decides a training run, checked when it is made.

Model files and checkpoints store a config as ``to_dict``; ``from_dict`` reads it back.
"""

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from glassnet._checks import is_number
from glassnet.engine.activations import ACTIVATIONS
from glassnet.engine.init import INITIALIZERS
from glassnet.engine.losses import LOSSES

Backprop = Literal["gradient", "book"]
"""How errors are sent back: ``"gradient"`` (the exact gradient) or ``"book"`` (the book's rule)."""
DTYPES = ("auto", "float32", "float64")
"""The training dtypes a config accepts; ``"auto"`` is float32 for mini-batches, float64 otherwise."""
Schedule = Literal["constant", "cosine", "linear"]
"""How the learning rate changes over the epochs."""
SCHEDULES = ("constant", "cosine", "linear")
"""The learning-rate schedules a config accepts."""


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
            raise ValueError(f"unknown training settings: {', '.join(unknown):.200}")
        # __post_init__ then checks the ranges
        return cls(**{name: cls.stored_setting(name, value) for name, value in values.items()})

    @classmethod
    def stored_setting(cls, name: str, value: Any) -> Any:
        """One setting as read back from JSON, with its field's type (a list becomes a
        tuple), or a ValueError naming it; its range is checked when a config is made."""
        if name not in {f.name for f in dataclasses.fields(cls)}:
            raise ValueError(f"unknown training setting: {name:.60}")
        if name in ("hidden", "targets") and isinstance(value, list):
            value = tuple(value)
        # A whole number where a float belongs is kept as it is (it is part of the run's
        # key); ``is_number`` refuses one past int64, which NumPy could not take.
        if not _has_type(name, getattr(cls, name), value):
            raise ValueError(f"invalid training setting {name}: {value!r:.60}")
        return value

    def to_dict(self) -> dict[str, Any]:
        values = dataclasses.asdict(self)
        values["hidden"] = list(self.hidden)
        values["output"] = self.output_activation
        values["targets"] = list(self.target_range)
        values["dtype"] = self.float_type
        return values


def _has_type(name: str, default: Any, value: Any) -> bool:
    """Whether a stored setting (read from JSON) has the type its field holds."""
    if name == "output":
        return value is None or isinstance(value, str)
    if name == "targets":
        return value is None or (
            isinstance(value, tuple) and len(value) == 2 and all(is_number(v) for v in value)
        )
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int):
        return type(value) is int
    if isinstance(default, float):
        return is_number(value)
    if isinstance(default, tuple):  # hidden
        return isinstance(value, tuple) and all(type(v) is int for v in value)
    return isinstance(value, type(default))
